"""Command line: ``python -m crmlab.datasets build [--only NAME] [--out DIR] [--seed N] [--n-customers N]``."""
import argparse
import sys

from ._cases import CASES
from ._io import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, build, build_case, data_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmlab.datasets",
                                     description="Rebuild the shipped industrial world.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the world (CSV, truth.json, crm_archive.sqlite) "
                                     "and the case studies")
    b.add_argument("--only", choices=["world", *CASES], default=None,
                   help="build only the world or one case study")
    b.add_argument("--out", default=None, help=f"output folder (default: {data_dir()})")
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    b.add_argument("--n-customers", type=int, default=DEFAULT_N_CUSTOMERS)
    args = parser.parse_args(argv)
    if args.only in (None, "world"):
        print(build(args.out, seed=args.seed, n_customers=args.n_customers))
    for name in CASES:
        if args.only in (None, name):
            print(build_case(name, args.out, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
