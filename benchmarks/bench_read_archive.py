"""Reading and validating a firm's archive written as CSV, against plain pandas.read_csv.

Builds the 100,000-customer world (``make_world(n_customers=100_000, seed=2026)``),
writes it as a CSV folder (``crmlab.datasets.write_archive``), then times, each in a
fresh Python process and alternating, (A) ``crmlab.datasets.read_archive(folder)``,
which parses, coerces, checks every row and reports, and (B) ``pandas.read_csv`` of the
same files with no options. Targets (issue 15): A at most 2 x B in time, and A's peak
memory at most 3 x the size of the frames it returns (pandas' deep memory usage).

    python benchmarks/bench_read_archive.py [--customers 100000] [--repeat 3] [--no-save]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_world import machine, save_section

TIME_TARGET, MEMORY_TARGET = 2.0, 3.0
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import pandas as pd
folder, how = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
if how == "crmlab":
    from crmlab.datasets import read_archive
    world = read_archive(folder)
    frames = world.tables()
    refused = int(world.report.counts["refused"].sum())
else:
    frames = {p.stem: pd.read_csv(p) for p in sorted(folder.glob("*.csv"))}
    refused = 0
seconds = time.perf_counter() - start
size = sum(int(f.memory_usage(deep=True).sum()) for f in frames.values())
rows = {k: len(v) for k, v in frames.items()}
print(json.dumps({"seconds": seconds, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                  * 1024, "frames": size, "rows": rows, "refused": refused}))
"""


def run(folder: Path, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), how], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    from crmlab.datasets import make_world, write_archive

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        world = make_world(n_customers=args.customers, seed=2026)
        write_archive(world, folder, format="csv")
        order_lines = len(world.orders)
        del world
        runs = {"crmlab": [], "pandas": []}
        for _ in range(args.repeat):
            for how in runs:
                runs[how].append(run(folder, how))
    best = {how: min(r["seconds"] for r in rs) for how, rs in runs.items()}
    ours = runs["crmlab"][0]
    ratio = best["crmlab"] / best["pandas"]
    memory = max(r["peak"] for r in runs["crmlab"]) / ours["frames"]
    met = ratio <= TIME_TARGET and memory <= MEMORY_TARGET
    rows = ["| figure | crmlab.read_archive | pandas.read_csv | ratio | target | met |",
            "| --- | ---: | ---: | ---: | --- | --- |",
            f"| seconds (fastest of {args.repeat}) | {best['crmlab']:.2f} | {best['pandas']:.2f} | "
            f"{ratio:.2f} | <= {TIME_TARGET} | {'yes' if ratio <= TIME_TARGET else '**no**'} |",
            f"| peak memory / frames' size | {memory:.2f} | | | <= {MEMORY_TARGET} | "
            f"{'yes' if memory <= MEMORY_TARGET else '**no**'} |"]
    body = (f"The {args.customers:,}-customer world ({order_lines:,} order lines) written as CSV, "
            f"read in a fresh process: crmlab's `read_archive` (parse, coerce, check every row, "
            f"report; {ours['refused']} rows refused) against `pandas.read_csv` of the same files. "
            f"Frames: {ours['frames'] / 1e9:.2f} GB in memory.\n\n" + "\n".join(rows)
            + "\n\n" + machine())
    print("\n".join(rows))
    if not args.no_save:
        save_section("read_archive", body)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
