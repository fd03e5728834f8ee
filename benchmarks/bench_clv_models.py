"""Time crmlab's sBG, Pareto/NBD and BG/BB fits on the published data and on large samples.

* sBG: the two cohorts of Fader & Hardie (2007) (survivor counts), and 100,000 customers'
  (lifetime, churned) drawn from Beta(0.7, 2.5) churn over 10 renewals;
* Pareto/NBD: Fader & Hardie's CDNOW sample (2,357 customers,
  ``tests/data/lifecycle/cdnow_summary.csv``) and 20,000 customers drawn with its estimates
  over 39 weeks (continuous times: nothing can be pooled);
* BG/BB: the donation table of Fader, Hardie & Shang (2010) (22 rows, 11,104 donors),
  and 200,000 customers over 10 occasions, as one row per customer and as the grouped
  (x, t_x, count) table.

crmlab only: no other implementation is compared (lifetimes would need an interpreter of
its own, as ``bench_bgnbd.py`` shows). Each fit runs once to warm up, then ``--repeat``
times; the fastest run counts, as with timeit. Prints a table; writes nothing.

    .venv/bin/python benchmarks/bench_clv_models.py
"""
from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab import lifecycle as lc

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "lifecycle"


def best_of(fit, repeat):
    fit()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return min(times), result


def cases(rng):
    high = [1000, 869, 743, 653, 593, 551, 517, 491]
    regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    theta = rng.beta(0.7, 2.5, 100_000)
    life = rng.geometric(theta)
    yield "sBG, two published cohorts", 2000, lambda: lc.fit_sbg({"high": high,
                                                                  "regular": regular})
    yield ("sBG, 100,000 customers", 100_000,
           lambda: lc.fit_sbg(lifetimes=np.minimum(life, 10), churned=life <= 10))

    cdnow = pd.read_csv(DATA / "cdnow_summary.csv")
    yield ("Pareto/NBD, CDNOW", len(cdnow),
           lambda: lc.fit_pareto_nbd(cdnow["x"], cdnow["t_x"], cdnow["T"]))
    n = 20_000
    lam, mu = rng.gamma(0.553, 1 / 10.58, n), rng.gamma(0.606, 1 / 11.67, n)
    until = np.minimum(rng.exponential(1 / mu), 39.0)
    x = rng.poisson(lam * until).astype(float)
    tx = np.where(x > 0, until * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    yield ("Pareto/NBD, 20,000 simulated", n,
           lambda: lc.fit_pareto_nbd(x, tx, np.full(n, 39.0)))

    donations = pd.read_csv(DATA / "donations.csv")
    yield ("BG/BB, donation table", int(donations["count"].sum()),
           lambda: lc.fit_bgbb(donations["x"], donations["t_x"], donations["n"],
                               donations["count"]))
    n, k = 200_000, 10
    p, th = rng.beta(1.204, 0.75, n), rng.beta(0.657, 2.783, n)
    alive_for = np.minimum(rng.geometric(th) - 1, k)
    buys = (rng.random((n, k)) < p[:, None]) & (np.arange(1, k + 1) <= alive_for[:, None])
    bx = buys.sum(axis=1)
    btx = np.where(bx > 0, k - np.argmax(buys[:, ::-1], axis=1), 0)
    grouped = pd.DataFrame({"x": bx, "t_x": btx}).value_counts().rename("n").reset_index()
    yield "BG/BB, 200,000 one row each", n, lambda: lc.fit_bgbb(bx, btx, k)
    yield ("BG/BB, 200,000 grouped", n,
           lambda: lc.fit_bgbb(grouped["x"], grouped["t_x"], k, grouped["n"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for name, customers, fit in cases(rng):
            seconds, result = best_of(fit, args.repeat)
            rows.append({"fit": name, "customers": customers, "seconds": round(seconds, 3),
                         "converged": result.converged, "result": repr(result)})
    table = pd.DataFrame(rows)
    with pd.option_context("display.max_colwidth", 120, "display.width", 200):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
