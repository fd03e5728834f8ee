"""Import time of crmlab and of each lesson module against pandas.

Each import runs in a fresh interpreter (``python -X importtime`` is not used:
the figure is the wall time of ``python -c "import X"`` minus that of
``python -c "pass"``), repeated, and the fastest run counts. Target (issue 10):
``import crmlab`` and each topic module within 1.5 × ``import pandas``, because
statsmodels, scikit-learn, scipy, seaborn and matplotlib are imported inside the
functions that need them.

    python benchmarks/bench_import.py [--repeat 7]
"""
import argparse
import subprocess
import sys
import time

from bench_world import machine, save_section

MODULES = ("crmlab", "crmlab.datasets", "crmlab.identify", "crmlab.satisfaction", "crmlab.value",
           "crmlab.segment", "crmlab.lifecycle", "crmlab.kam", "crmlab.survey", "crmlab.teach")
TARGET = 1.5


def import_seconds(statement: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    floor = import_seconds("pass", args.repeat)
    pandas = max(import_seconds("import pandas", args.repeat) - floor, 1e-3)
    rows = ["| import | seconds | × pandas | target | met |", "| --- | ---: | ---: | --- | --- |",
            f"| pandas | {pandas:.3f} | 1.00 | | |"]
    all_met = True
    for module in MODULES:
        seconds = max(import_seconds(f"import {module}", args.repeat) - floor, 0.0)
        ratio = seconds / pandas
        met = ratio <= TARGET
        all_met &= met
        rows.append(f"| {module} | {seconds:.3f} | {ratio:.2f} | <= {TARGET} | "
                    f"{'yes' if met else '**no**'} |")
        print(f"{module:22s} {seconds:6.3f} s  {ratio:5.2f} x pandas", flush=True)
    body = ("Wall time of a fresh `python -c \"import X\"`, less an empty interpreter's start, "
            f"fastest of {args.repeat} runs.\n\n" + "\n".join(rows) + "\n\n" + machine())
    save_section("import", body)
    print("\n".join(rows))
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
