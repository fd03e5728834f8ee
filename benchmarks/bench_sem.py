"""The Holzinger-Swineford three-factor CFA: crmlab's ML estimator against semopy.

Fits lavaan's tutorial model (visual =~ x1-x3, textual =~ x4-x6, speed =~ x7-x9) on the 301
children of ``tests/data/satisfaction/holzinger_swineford1939.csv`` with
``crmlab.satisfaction.fit_cfa`` and with semopy's ``Model.fit`` (its default objective,
Wishart ML, whose minimum is the same as lavaan's ML) and compares χ² (semopy's
``calc_stats``) and time. Each fit (model parsing included) runs once to warm up, then
``--repeat`` times; the fastest run counts, as with timeit.

semopy is not a dependency of crmlab, and its ``utils.cor`` fails on numpy 2.4, so it runs in
an interpreter of its own: ``--semopy-python`` (or SEMOPY_PYTHON), or else the script makes a
throw-away virtual environment in the temporary folder (``crmlab-bench-semopy``, reused on
the next run) with ``pip install semopy "numpy<2.3"``. Targets (issue 16): the same χ² to
1e-3 and crmlab no slower (time ratio crmlab / semopy at most 1). Without semopy (no network
for the first install) the script only times crmlab and leaves results.md alone; otherwise
it writes its section of results.md and exits with 1 when a target is missed.

    python benchmarks/bench_sem.py [--repeat 20] [--semopy-python PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "satisfaction" / "holzinger_swineford1939.csv"
MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
CHI2_TOLERANCE = 1e-3
TIME_RATIO_TARGET = 1.0


def fastest(fit, repeat: int):
    result = fit()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return result, min(times)


def time_crmlab(repeat: int) -> dict:
    import pandas as pd
    from crmlab.satisfaction import fit_cfa

    data = pd.read_csv(DATA)
    res, seconds = fastest(lambda: fit_cfa(data, MODEL), repeat)
    return {"chi2": float(res.fit_indices["chi2"]), "seconds": seconds}


def time_semopy(repeat: int) -> dict:
    import pandas as pd
    import semopy

    data = pd.read_csv(DATA)

    def fit():
        model = semopy.Model(MODEL)
        model.fit(data)
        return model

    model, seconds = fastest(fit, repeat)
    chi2 = float(semopy.calc_stats(model).loc["Value", "chi2"])
    return {"chi2": chi2, "seconds": seconds, "version": semopy.__version__}


def semopy_python(given: str | None) -> str | None:
    if given:
        return given
    env = Path(tempfile.gettempdir()) / "crmlab-bench-semopy"
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"installing semopy into a throw-away environment {env} ...", flush=True)
        venv.create(env, with_pip=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", "semopy",
                               "numpy<2.3"], capture_output=True, text=True)
        if done.returncode:
            print(f"semopy could not be installed:\n{done.stderr[-2000:]}")
            return None
    return str(python)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--semopy-python", default=os.environ.get("SEMOPY_PYTHON"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(time_semopy(args.repeat)))
        return 0
    ours = time_crmlab(args.repeat)
    python = semopy_python(args.semopy_python)
    if python is None:
        print(f"crmlab: chi2 {ours['chi2']:.6f}, {ours['seconds'] * 1000:.1f} ms; no semopy, "
              f"results.md left alone.")
        return 0
    done = subprocess.run([python, __file__, "--child", "--repeat", str(args.repeat)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=""))
    if done.returncode:
        print(f"semopy failed:\n{done.stderr[-2000:]}")
        return 1
    other = json.loads(done.stdout.strip().splitlines()[-1])
    ratio = ours["seconds"] / other["seconds"]
    diff = abs(ours["chi2"] - other["chi2"])
    met = diff <= CHI2_TOLERANCE and ratio <= TIME_RATIO_TARGET
    rows = ["| model | tool | χ² | ms | time ratio crmlab / semopy | |Δχ²| | met |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- |",
            f"| Holzinger-Swineford CFA (n = 301, 9 items, 3 factors) | crmlab | "
            f"{ours['chi2']:.4f} | {ours['seconds'] * 1000:.1f} | {ratio:.2f} (≤ "
            f"{TIME_RATIO_TARGET:g}) | {diff:.1e} (≤ {CHI2_TOLERANCE:g}) | "
            f"{'yes' if met else '**no**'} |",
            f"| | semopy {other['version']} | {other['chi2']:.4f} | "
            f"{other['seconds'] * 1000:.1f} | | | |"]
    from bench_world import machine, save_section

    save_section("CFA: crmlab against semopy",
                 f"Fastest of {args.repeat} runs after a warm-up, model parsing included; "
                 f"semopy in its own environment (numpy < 2.3). lavaan's published χ² is "
                 f"85.306.\n\n" + "\n".join(rows) + "\n\n" + machine())
    print("\n".join(rows))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
