"""A researcher with nothing but an orders table (customer, date, amount).

Issue 15's promise: from ``World.from_tables(orders=...)`` alone, under the firm's own
(Chinese) column names, the archive, Pareto and ABC, RFM segments, cohorts, lifecycle
stage rules, grades and CLV all run. Nothing else is supplied: no customers table, no
order ids, no quantities, no truth.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import identify, lifecycle, segment
from crmlab.datasets import World, load_world

ASOF = "2025-12-31"


@pytest.fixture(scope="module")
def shipped():
    return load_world()


@pytest.fixture(scope="module")
def own(shipped):
    export = shipped.orders[["customer_id", "date", "net_revenue"]].rename(
        columns={"customer_id": "客户编号", "date": "订单日期", "net_revenue": "金额"})
    export = export.assign(订单日期=export["订单日期"].dt.strftime("%Y-%m-%d"))
    world = World.from_tables(orders=export, columns={"orders": {
        "客户编号": "customer_id", "订单日期": "date", "金额": "net_revenue"}})
    assert world.tables().keys() == {"orders"} and world.truth is None
    return world


def test_the_archive(own, shipped):
    archive = identify.customer_archive(own, ASOF)
    full = identify.customer_archive(shipped, ASOF)
    assert len(archive) == (own.orders["date"] <= ASOF).groupby(own.orders["customer_id"]).any().sum()
    # what the order book gives is the same as in the full archive
    assert {"revenue_12m", "revenue_growth", "days_since_last_order", "orders",
            "tenure_years"} <= set(archive.columns)
    pd.testing.assert_series_equal(archive["revenue_12m"], full.loc[archive.index, "revenue_12m"],
                                   check_dtype=False)


def test_pareto_and_abc(own):
    revenue = own.orders.groupby("customer_id")["net_revenue"].sum().to_frame()
    table = identify.pareto_table(revenue, "net_revenue")
    assert table["net_revenue"].sum() == pytest.approx(own.orders["net_revenue"].sum())
    classes = identify.abc_classes(revenue, "net_revenue")
    assert set(classes.astype(str)) == {"A", "B", "C"} and len(classes) == len(revenue)
    top = table.index[0]
    assert classes[top] == "A"


def test_rfm_segments(own):
    table = segment.rfm(own.orders, ASOF)
    # without order ids, frequency counts order days
    days = own.orders.groupby("customer_id")["date"].nunique()
    pd.testing.assert_series_equal(table["frequency"], days.rename("frequency"),
                                   check_dtype=False)
    scores = segment.rfm_scores(table)
    segments = segment.rfm_segments(scores)
    assert len(segments) == scores.shape[0] == own.orders["customer_id"].nunique()


def test_cohorts_and_stage_rules(own):
    cohorts = lifecycle.cohort_retention(own.orders)
    assert cohorts.sizes.sum() == own.orders["customer_id"].nunique()
    assert (cohorts.rates.fillna(0) <= 1).all().all()
    stages = lifecycle.lifecycle_stage(own.orders)
    assert set(stages["stage"].dropna().astype(str)) <= set(lifecycle.STAGES)


def test_grades(own):
    archive = identify.customer_archive(own, ASOF)
    numeric = ["revenue_12m", "orders"]
    scores = identify.score_customers(archive, {numeric[0]: (0.6, "benefit"),
                                                numeric[1]: (0.4, "benefit")})
    grades = identify.grade(scores["score"])
    assert set(grades.astype(str)) <= set(identify.GRADES)
    # grades year by year migrate
    years = []
    for year in (2023, 2024, 2025):
        a = identify.customer_archive(own, f"{year}-12-31")
        s = identify.score_customers(a, {numeric[0]: (1.0, "benefit")})["score"]
        years.append(pd.DataFrame({"customer_id": s.index, "year": year,
                                   "grade": identify.grade(s).astype(str).to_numpy()}))
    migration = lifecycle.grade_migration(pd.concat(years, ignore_index=True))
    assert np.allclose(migration.matrix.sum(axis=1), 1)


def test_clv(own):
    summary = lifecycle.rfm_summary(own.orders, ASOF)
    bgnbd = lifecycle.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary["frequency"] > 0
    gg = lifecycle.fit_gamma_gamma(summary.loc[repeat, "frequency"],
                                   summary.loc[repeat, "monetary"])
    assert bgnbd.params.notna().all().all() and gg.params.notna().all().all()
    clv = lifecycle.clv_retention(margin=1000.0, retention=0.8, discount=0.1)
    assert clv > 0
