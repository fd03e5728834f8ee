"""The PLS path model with 500 bootstrap resamples on the ECSI mobi data (250 respondents).

Times ``crmlab.satisfaction.fit_path_model`` on the ECSI mobile-phone data that the
tests use as their published reference (``tests/data/satisfaction/ecsi_mobi.csv``,
10-point scale), with the ECSI model's seven constructs and twelve paths and 500
bootstrap resamples. Target (issue 10): under 5 seconds.

    python benchmarks/bench_pls.py [--repeat 3] [--bootstrap 500]
"""
import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from bench_world import machine, save_section

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "satisfaction" / "ecsi_mobi.csv"
BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)],
          "Expectation": [f"CUEX{i}" for i in range(1, 4)],
          "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
          "Satisfaction": [f"CUSA{i}" for i in range(1, 4)], "Complaints": ["CUSCO"],
          "Loyalty": [f"CUSL{i}" for i in range(1, 4)]}
PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
         ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
         ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
         ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
TARGET = 5.0


def main(argv=None) -> int:
    from crmlab.satisfaction import fit_path_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bootstrap", type=int, default=500)
    args = parser.parse_args(argv)
    data = pd.read_csv(DATA, index_col=0)
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        fit_path_model(data, BLOCKS, PATHS, bootstrap=args.bootstrap, seed=1, scale=(1, 10))
        best = min(best, time.perf_counter() - start)
    met = best < TARGET
    rows = ["| model | respondents | resamples | seconds | target | met |",
            "| --- | ---: | ---: | ---: | --- | --- |",
            f"| ECSI (7 constructs, 12 paths), path weighting | {len(data)} | {args.bootstrap} | "
            f"{best:.2f} | < {TARGET:g} s | {'yes' if met else '**no**'} |"]
    save_section("PLS path model", f"Fastest of {args.repeat} runs.\n\n" + "\n".join(rows)
                 + "\n\n" + machine())
    print("\n".join(rows))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
