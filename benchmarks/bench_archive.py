"""The customer archive at scale: crmlab against the same aggregation in DuckDB SQL.

Times ``crmlab.identify.customer_archive`` on two 100,000-customer worlds joined
into one (seeds 1 and 2, their keys prefixed so they do not collide: about 11
million order lines, 4.6 million invoices) against the same archive written as
one SQL query in DuckDB on the same DataFrames, and checks that the two agree on every
column. Target (issue 10): crmlab within 3 × DuckDB's time. DuckDB is a
benchmark-only dependency (``pip install -e ".[bench]"``).

    python benchmarks/bench_archive.py [--customers 100000] [--asof 2023-12-31] [--repeat 3]
"""
import argparse
import sys
import time

import numpy as np
import pandas as pd

from bench_world import machine, save_section

TARGET = 3.0
SQL = """
WITH c AS (
  SELECT * FROM customers WHERE customer_since <= TIMESTAMP '{asof}'
),
buying AS (
  SELECT customer_id, count(*) AS contacts,
         sum(CASE WHEN role = 'decision_maker' THEN 1 ELSE 0 END) AS decision_makers,
         sum(CASE WHEN stance = 'supporter' THEN 1 ELSE 0 END) AS supporters,
         sum(CASE WHEN stance = 'neutral' THEN 1 ELSE 0 END) AS neutrals,
         sum(CASE WHEN stance = 'opponent' THEN 1 ELSE 0 END) AS opponents,
         sum(CASE WHEN role = 'decision_maker' AND stance = 'supporter' THEN 1 ELSE 0 END)
           AS decision_makers_supporting,
         sum(CASE WHEN role = 'decision_maker' AND stance = 'opponent' THEN 1 ELSE 0 END)
           AS decision_makers_opposing
  FROM contacts GROUP BY customer_id
),
lines AS (
  SELECT customer_id, order_id, date, net_revenue, gross_profit, financial_cost,
         quantity * list_price AS list_value,
         quantity * list_price - net_revenue + financial_cost AS marketing_cost
  FROM orders WHERE date <= TIMESTAMP '{asof}'
),
trade AS (
  SELECT customer_id,
         sum(CASE WHEN date > TIMESTAMP '{year_ago}' THEN net_revenue ELSE 0 END) AS revenue_12m,
         sum(CASE WHEN date > TIMESTAMP '{year_ago}' THEN gross_profit ELSE 0 END) AS gross_profit_12m,
         sum(CASE WHEN date > TIMESTAMP '{year_ago}' THEN marketing_cost ELSE 0 END) AS marketing_cost_12m,
         sum(CASE WHEN date > TIMESTAMP '{two_years_ago}' AND date <= TIMESTAMP '{year_ago}'
                  THEN net_revenue ELSE 0 END) AS revenue_prior_12m,
         max(date) AS last_order, min(date) AS first_order, count(DISTINCT order_id) AS orders,
         sum(net_revenue) AS revenue, sum(list_value) AS list_value,
         sum(gross_profit) AS gross_profit, sum(financial_cost) AS financial_cost
  FROM lines GROUP BY customer_id
),
due AS (
  SELECT customer_id, amount,
         CASE WHEN paid_date <= TIMESTAMP '{asof}' THEN paid_date END AS settled,
         due_date
  FROM invoices WHERE due_date <= TIMESTAMP '{asof}'
),
receivables AS (
  SELECT customer_id, count(*) AS invoices_due,
         avg(CASE WHEN greatest(date_diff('day', due_date, coalesce(settled, TIMESTAMP '{asof}')), 0) > 0
                  THEN 1.0 ELSE 0.0 END) AS late_share,
         avg(greatest(date_diff('day', due_date, coalesce(settled, TIMESTAMP '{asof}')), 0)) AS mean_days_late,
         sum(CASE WHEN settled IS NULL THEN amount ELSE 0 END) AS overdue_amount
  FROM due GROUP BY customer_id
),
opened AS (
  SELECT customer_id,
         sum(CASE WHEN type = 'complaint' THEN 1 ELSE 0 END) AS complaints,
         sum(CASE WHEN type = 'service_request' THEN 1 ELSE 0 END) AS service_requests
  FROM tickets WHERE date <= TIMESTAMP '{asof}' GROUP BY customer_id
),
answered AS (
  SELECT * FROM survey WHERE year <= {survey_year}
),
latest AS (
  SELECT a.customer_id, a.year, avg(satis_1) AS s1, avg(satis_2) AS s2, avg(satis_3) AS s3
  FROM answered a
  JOIN (SELECT customer_id, max(year) AS year FROM answered GROUP BY customer_id) m
    USING (customer_id, year)
  GROUP BY a.customer_id, a.year
)
SELECT c.customer_id,
       date_diff('day', c.customer_since, TIMESTAMP '{asof}') / 365.25 AS tenure_years,
       coalesce(b.contacts, 0) AS contacts, coalesce(b.decision_makers, 0) AS decision_makers,
       coalesce(b.supporters, 0) AS supporters, coalesce(b.neutrals, 0) AS neutrals,
       coalesce(b.opponents, 0) AS opponents,
       coalesce(b.decision_makers_supporting, 0) AS decision_makers_supporting,
       coalesce(b.decision_makers_opposing, 0) AS decision_makers_opposing,
       coalesce(t.revenue_12m, 0) AS revenue_12m, coalesce(t.gross_profit_12m, 0) AS gross_profit_12m,
       coalesce(t.marketing_cost_12m, 0) AS marketing_cost_12m,
       coalesce(t.revenue_prior_12m, 0) AS revenue_prior_12m,
       CASE WHEN t.revenue_prior_12m > 0 THEN t.revenue_12m / t.revenue_prior_12m - 1 END
         AS revenue_growth,
       coalesce(r.invoices_due, 0) AS invoices_due, r.late_share, r.mean_days_late,
       coalesce(r.overdue_amount, 0) AS overdue_amount,
       t.last_order, date_diff('day', t.last_order, TIMESTAMP '{asof}') AS days_since_last_order,
       t.first_order, coalesce(t.orders, 0) AS orders, coalesce(t.revenue, 0) AS revenue,
       coalesce(t.list_value, 0) AS list_value,
       coalesce(t.list_value, 0) - coalesce(t.revenue, 0) AS discounts,
       coalesce(t.gross_profit, 0) AS gross_profit,
       CASE WHEN t.revenue > 0 THEN t.gross_profit / t.revenue END AS gross_margin,
       coalesce(t.financial_cost, 0) AS financial_cost,
       coalesce(t.list_value, 0) - coalesce(t.revenue, 0) + coalesce(t.financial_cost, 0)
         AS marketing_cost,
       coalesce(o.complaints, 0) AS complaints, coalesce(o.service_requests, 0) AS service_requests,
       (coalesce(l.s1, 0) + coalesce(l.s2, 0) + coalesce(l.s3, 0))
         / nullif((l.s1 IS NOT NULL)::INT + (l.s2 IS NOT NULL)::INT + (l.s3 IS NOT NULL)::INT, 0)
         AS satisfaction,
       l.year AS satisfaction_year
FROM c
LEFT JOIN buying b USING (customer_id)
LEFT JOIN trade t USING (customer_id)
LEFT JOIN receivables r USING (customer_id)
LEFT JOIN opened o USING (customer_id)
LEFT JOIN latest l USING (customer_id)
ORDER BY c.customer_id
"""


KEYS = ("customer_id", "order_id", "invoice_id", "ticket_id", "contact_id", "response_id")


def joined_world(n_customers: int):
    """Two worlds (seeds 1 and 2) as one, every key prefixed with A or B."""
    from crmlab.datasets import World, make_world

    worlds = {prefix: make_world(n_customers, seed=seed) for seed, prefix in ((1, "A"), (2, "B"))}
    tables = {}
    for name in worlds["A"].tables():
        parts = []
        for prefix, world in worlds.items():
            frame = getattr(world, name)
            parts.append(frame.assign(**{k: prefix + frame[k] for k in KEYS if k in frame}))
        tables[name] = pd.concat(parts, ignore_index=True)
    return World(**tables, truth=worlds["A"].truth, seed=None)


def best_of(repeat, func):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> list[str]:
    """Columns on which the two archives differ (numbers to 1e-9 relative, dates exactly)."""
    differ = []
    for column in theirs.columns:
        a, b = ours[column], theirs[column]
        if pd.api.types.is_datetime64_any_dtype(a):
            same = a.astype("datetime64[s]").equals(pd.to_datetime(b).astype("datetime64[s]"))
        else:
            x, y = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
            same = np.allclose(x, y, rtol=1e-9, atol=1e-6, equal_nan=True)
        if not same:
            differ.append(column)
    return differ


def main(argv=None) -> int:
    try:
        import duckdb
    except ImportError:
        print("duckdb is not installed: pip install -e '.[bench]'")
        return 1
    from crmlab.identify import customer_archive

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--asof", default="2023-12-31")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    world = joined_world(args.customers)
    asof = pd.Timestamp(args.asof)
    print(f"{len(world.orders):,} order lines, {len(world.invoices):,} invoices", flush=True)
    ours_s, ours = best_of(args.repeat, lambda: customer_archive(world, asof=asof))
    con = duckdb.connect()
    for name, frame in world.tables().items():
        con.register(name, frame)
    # the survey of year y is fielded in November: answered by asof when Nov 30 <= asof
    survey_year = asof.year if asof >= pd.Timestamp(year=asof.year, month=11, day=30) else asof.year - 1
    query = SQL.format(asof=asof.date(), year_ago=(asof - pd.DateOffset(years=1)).date(),
                       two_years_ago=(asof - pd.DateOffset(years=2)).date(), survey_year=survey_year)
    theirs_s, theirs = best_of(args.repeat, lambda: con.execute(query).df())
    theirs = theirs.set_index("customer_id")
    differ = compare(ours.loc[theirs.index], theirs) if ours.index.equals(
        pd.Index(theirs.index, name="customer_id")) else ["index"]
    ratio = ours_s / theirs_s
    met = ratio <= TARGET and not differ
    rows = ["| aggregation | order lines | crmlab (s) | DuckDB (s) | ratio | target | results agree | met |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
            f"| `identify.customer_archive` | {len(world.orders):,} | {ours_s:.2f} | {theirs_s:.2f} | "
            f"{ratio:.1f} | <= {TARGET:g} | {'yes' if not differ else 'no: ' + ', '.join(differ)} | "
            f"{'yes' if met else '**no**'} |"]
    body = (f"The customer archive as of {asof.date()} on two {args.customers:,}-customer worlds "
            f"joined into one, "
            f"fastest of {args.repeat} runs; DuckDB {duckdb.__version__} runs the same archive as "
            f"one SQL query on the same DataFrames; {len(theirs.columns)} columns compared "
            "(numbers to 1e-9 relative).\n\n" + "\n".join(rows) + "\n\n" + machine())
    save_section("customer archive", body)
    print("\n".join(rows))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
