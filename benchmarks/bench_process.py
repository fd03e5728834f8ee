"""PROCESS model 4 with 5,000 bootstrap resamples on 500 respondents: crmlab against pyprocessmacro.

The data: 500 respondents drawn with seed 2026 from X ~ N(0, 1), M = 0.5 X + e,
Y = 0.4 M + 0.2 X + e (simple mediation). ``crmlab.satisfaction.process`` and
pyprocessmacro's ``Process(model=4)`` (Quentin André's port of Hayes' PROCESS) each fit it
with 5,000 resamples. pyprocessmacro needs old numpy and pandas, so it runs in an
interpreter of its own, made for example by

    python3 -m venv /tmp/pyprocessmacro-env
    /tmp/pyprocessmacro-env/bin/pip install pyprocessmacro==1.0.12 "numpy<1.24" "pandas<2" \\
        "scipy<1.11" "matplotlib<3.8" seaborn
    python benchmarks/bench_process.py --pyprocessmacro-python /tmp/pyprocessmacro-env/bin/python

(or set PYPROCESSMACRO_PYTHON). Each fit runs once to warm up, then ``--repeat`` times;
the fastest counts. Targets (issue 16): the same point estimates (direct and indirect
effect within 1e-8) and crmlab's time at most 0.5 x pyprocessmacro's. Without the other
interpreter the script only times crmlab and leaves results.md alone; otherwise it writes
its section of results.md and exits with 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TIME_RATIO_TARGET = 0.5
ESTIMATE_TOLERANCE = 1e-8
N, BOOT, SEED = 500, 5000, 2026


def simulated(n: int = N, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = 0.5 * x + rng.normal(size=n)
    y = 0.4 * m + 0.2 * x + rng.normal(size=n)
    return pd.DataFrame({"x": x, "m": m, "y": y})


def fastest(fit, repeat: int):
    result = fit()  # warm-up: imports, caches
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit()
        best = min(best, time.perf_counter() - start)
    return best, result


def time_crmlab(data, repeat):
    from crmlab.satisfaction import process
    seconds, res = fastest(lambda: process(data, "x", "y", "m", boot=BOOT, seed=1), repeat)
    ind = res.indirect.iloc[0]
    direct = res.effects.set_index("effect").loc["direct", "estimate"]
    return dict(seconds=seconds, direct=float(direct),
                indirect=float(ind["estimate"]), ci=[float(ind["ci_low"]), float(ind["ci_high"])])


def time_pyprocessmacro(data, repeat):
    import contextlib
    import io

    from pyprocessmacro import Process

    def fit():
        with contextlib.redirect_stdout(io.StringIO()):
            return Process(data=data, model=4, x="x", y="y", m=["m"], boot=BOOT, seed=1,
                           suppr_init=True)
    seconds, p = fastest(fit, repeat)
    direct = p.direct_model.coeff_summary()
    indirect = p.indirect_model.coeff_summary()
    return dict(seconds=seconds, direct=float(direct["Effect"].iloc[0]),
                indirect=float(indirect["Effect"].iloc[0]),
                ci=[float(indirect["BootLLCI"].iloc[0]), float(indirect["BootULCI"].iloc[0])])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pyprocessmacro-python", default=os.environ.get("PYPROCESSMACRO_PYTHON"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = simulated()
    if args.child:
        print(json.dumps(time_pyprocessmacro(data, args.repeat)))
        return 0
    ours = time_crmlab(data, args.repeat)
    print(f"crmlab: {ours['seconds']:.3f} s, direct {ours['direct']:.6f}, indirect "
          f"{ours['indirect']:.6f} [{ours['ci'][0]:.4f}, {ours['ci'][1]:.4f}]")
    if not args.pyprocessmacro_python:
        print("no pyprocessmacro interpreter given: crmlab timed only, results.md unchanged")
        return 0
    done = subprocess.run([args.pyprocessmacro_python, __file__, "--child", "--repeat",
                           str(args.repeat)], capture_output=True, text=True, check=True)
    other = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"pyprocessmacro: {other['seconds']:.3f} s, direct {other['direct']:.6f}, indirect "
          f"{other['indirect']:.6f} [{other['ci'][0]:.4f}, {other['ci'][1]:.4f}]")
    ratio = ours["seconds"] / other["seconds"]
    diff = max(abs(ours["direct"] - other["direct"]), abs(ours["indirect"] - other["indirect"]))
    met_time, met_est = ratio <= TIME_RATIO_TARGET, diff <= ESTIMATE_TOLERANCE
    print(f"ratio {ratio:.3f} (target <= {TIME_RATIO_TARGET}), largest estimate difference "
          f"{diff:.1e} (target <= {ESTIMATE_TOLERANCE:g})")
    from bench_world import machine, save_section
    rows = ["| implementation | seconds | direct effect | indirect effect | 95% bootstrap CI |",
            "| --- | ---: | ---: | ---: | --- |",
            f"| crmlab | {ours['seconds']:.3f} | {ours['direct']:.6f} | {ours['indirect']:.6f} | "
            f"[{ours['ci'][0]:.4f}, {ours['ci'][1]:.4f}] |",
            f"| pyprocessmacro 1.0.12 | {other['seconds']:.3f} | {other['direct']:.6f} | "
            f"{other['indirect']:.6f} | [{other['ci'][0]:.4f}, {other['ci'][1]:.4f}] |"]
    save_section("PROCESS model 4 (mediation)",
                 f"{N} respondents, {BOOT} resamples, fastest of {args.repeat} runs (the "
                 f"intervals differ by resampling: each tool draws its own). Time ratio crmlab / "
                 f"pyprocessmacro = {ratio:.3f} (target <= {TIME_RATIO_TARGET}, "
                 f"{'met' if met_time else '**missed**'}); largest difference of the point "
                 f"estimates {diff:.1e} ({'met' if met_est else '**missed**'}).\n\n"
                 + "\n".join(rows) + f"\n\n{machine()}")
    return 0 if met_time and met_est else 1


if __name__ == "__main__":
    sys.exit(main())
