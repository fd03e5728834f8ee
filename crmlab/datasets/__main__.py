"""Command line: ``python -m crmlab.datasets build [--out DIR] [--seed N] [--n-customers N]``."""
import argparse
import sys

from ._io import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, build, data_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmlab.datasets",
                                     description="Rebuild the shipped industrial world.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the CSV files, truth.json and crm_archive.sqlite")
    b.add_argument("--out", default=None, help=f"output folder (default: {data_dir()})")
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    b.add_argument("--n-customers", type=int, default=DEFAULT_N_CUSTOMERS)
    args = parser.parse_args(argv)
    world = build(args.out, seed=args.seed, n_customers=args.n_customers)
    print(world)
    return 0


if __name__ == "__main__":
    sys.exit(main())
