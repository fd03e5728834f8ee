"""RFM on a large order book: crmlab against the same aggregation in DuckDB SQL.

Builds an order book of about 11 million lines (two 100,000-customer worlds,
seeds 1 and 2, their keys prefixed so they do not collide), then times
``crmlab.segment.rfm`` and the same aggregation written as SQL in DuckDB on the
same DataFrame, and checks the two agree exactly. Target (issue 10): crmlab
within 3 × DuckDB's time. DuckDB is a benchmark-only dependency
(``pip install -e ".[bench]"``).

    python benchmarks/bench_aggregation.py [--customers 100000] [--repeat 3]
"""
import argparse
import sys
import time

import numpy as np
import pandas as pd

from bench_world import machine, save_section

TARGET = 3.0
SQL = """
SELECT customer_id,
       date_diff('day', max(date), DATE '{asof}') AS recency,
       count(DISTINCT order_id) AS frequency,
       sum(net_revenue) AS monetary
FROM orders
GROUP BY customer_id
ORDER BY customer_id
"""


def order_book(n_customers: int) -> pd.DataFrame:
    from crmlab.datasets import make_world

    parts = []
    for seed, prefix in ((1, "A"), (2, "B")):
        orders = make_world(n_customers, seed=seed).orders
        orders = orders.assign(customer_id=prefix + orders["customer_id"],
                               order_id=prefix + orders["order_id"])
        parts.append(orders)
    return pd.concat(parts, ignore_index=True)


def best_of(repeat, func):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None) -> int:
    try:
        import duckdb
    except ImportError:
        print("duckdb is not installed: pip install -e '.[bench]'")
        return 1
    from crmlab.segment import rfm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    orders = order_book(args.customers)
    asof = "2025-12-31"
    print(f"{len(orders):,} order lines, {orders['customer_id'].nunique():,} customers", flush=True)
    ours, mine = best_of(args.repeat, lambda: rfm(orders, asof))
    con = duckdb.connect()
    con.register("orders", orders)
    theirs, sql = best_of(args.repeat, lambda: con.execute(SQL.format(asof=asof)).df())
    sql = sql.set_index("customer_id")
    agree = (mine.index.equals(pd.Index(sql.index, name=mine.index.name))
             and np.array_equal(mine["recency"].to_numpy(), sql["recency"].to_numpy())
             and np.array_equal(mine["frequency"].to_numpy(), sql["frequency"].to_numpy())
             and np.allclose(mine["monetary"].to_numpy(), sql["monetary"].to_numpy(),
                             rtol=1e-12, atol=1e-6))
    ratio = ours / theirs
    met = ratio <= TARGET and agree
    rows = ["| aggregation | order lines | crmlab (s) | DuckDB (s) | ratio | target | results agree | met |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
            f"| `segment.rfm` | {len(orders):,} | {ours:.2f} | {theirs:.2f} | {ratio:.1f} | "
            f"<= {TARGET:g} | {'yes' if agree else '**no**'} | {'yes' if met else '**no**'} |"]
    body = (f"RFM as of {asof} on two {args.customers:,}-customer worlds (seeds 1 and 2), "
            f"fastest of {args.repeat} runs; DuckDB {duckdb.__version__} runs the same "
            "aggregation in SQL on the same DataFrame. Monetary sums agree to 1e-12 relative "
            "(summation order differs).\n\n" + "\n".join(rows) + "\n\n" + machine())
    save_section("aggregation", body)
    print("\n".join(rows))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
