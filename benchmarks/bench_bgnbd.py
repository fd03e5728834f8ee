"""Time crmlab's BG/NBD fit on a 2,000-customer summary, next to lifetimes' when it is installed.

The summary is the first 2,000 customers of Fader & Hardie's CDNOW sample
(``tests/data/lifecycle/cdnow_summary.csv``). Each fit runs once to warm up, then
``--repeat`` times; the fastest run counts, as with timeit. Target: well under a second.

lifetimes is not a dependency of crmlab. To compare, run the script with an interpreter that
has it, for example a throw-away environment:

    python3 -m venv /tmp/lifetimes-env && /tmp/lifetimes-env/bin/pip install lifetimes
    PYTHONPATH=. /tmp/lifetimes-env/bin/python benchmarks/bench_bgnbd.py

Prints a table and exits with 1 when crmlab's fit takes a second or more.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmlab.lifecycle import fit_bgnbd  # noqa: E402

TARGET_SECONDS = 1.0


def fastest(fit, repeat: int) -> tuple[float, object]:
    result = fit()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    data = pd.read_csv(ROOT / "tests" / "data" / "lifecycle" / "cdnow_summary.csv")
    data = data.head(args.customers)
    x, tx, T = data["x"], data["t_x"], data["T"]

    rows = []
    seconds, fit = fastest(lambda: fit_bgnbd(x, tx, T), args.repeat)
    rows.append(("crmlab.lifecycle.fit_bgnbd", seconds, fit.params.to_numpy()))
    try:
        import lifetimes
        from lifetimes import BetaGeoFitter
    except ImportError:
        lifetimes = None
    if lifetimes is not None:
        seconds, other = fastest(lambda: BetaGeoFitter().fit(x, tx, T), args.repeat)
        rows.append((f"lifetimes {lifetimes.__version__} BetaGeoFitter", seconds,
                     other.params_[["r", "alpha", "a", "b"]].to_numpy()))

    print(f"BG/NBD fit on {len(data):,} customers (CDNOW sample), fastest of {args.repeat} runs")
    print(f"{'implementation':<40} {'seconds':>8}   r       alpha   a       b")
    for name, sec, params in rows:
        print(f"{name:<40} {sec:8.4f}   " + "  ".join(f"{p:6.4f}" for p in params))
    if lifetimes is None:
        print("lifetimes is not installed here; see this script's docstring to compare.")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"{platform.machine()}, {platform.system()}")
    ok = rows[0][1] < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS:g} s: {'met' if ok else 'missed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
