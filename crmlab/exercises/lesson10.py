"""Lesson 10 (your own data: CDNOW, the ECSI questionnaire, a B2B export) exercises.

10.1 reads the order book of the archive passed (the CDNOW archive in the lesson);
10.2 reads the shipped ECSI questionnaire (``datasets/ecsi_mobi``), the same for every
student; 10.3 and 10.4 read the world's order book, which the lesson's export copies
row for row, so they hold for every student's world.
"""
from __future__ import annotations

import pandas as pd

from crmlab.datasets import data_dir
from crmlab.identify import abc_classes, pareto_table
from crmlab.lifecycle import rfm_summary
from crmlab.satisfaction import cronbach_alpha
from crmlab.teach import Exercise, register

__all__: list[str] = []

def _no_repeat_share(world) -> float:
    # the calibration period: the order book's first 272 days (1997-01-01 to 1997-09-30
    # in CDNOW, Fader, Hardie & Lee 2005), so the exercise holds on any archive
    end = world.orders["date"].min() + pd.Timedelta(days=272)
    summary = rfm_summary(world.orders, end, freq="D")
    return float((summary["frequency"] == 0).mean())


def _loyalty_alpha(world) -> float:
    mobi = pd.read_csv(data_dir() / "ecsi_mobi" / "ecsi_mobi.csv", index_col=0)
    return cronbach_alpha(mobi[["CUSL1", "CUSL2", "CUSL3"]], scale=(1, 10)).alpha


def _top_fifth_share(world) -> float:
    table = pareto_table(world.orders, "net_revenue")
    return float(table.loc[table["customer_share"] <= 0.2, "share"].sum())


def _class_a_count(world) -> int:
    return int((abc_classes(world.orders, "net_revenue") == "A").sum())


register(Exercise(
    id="10.1",
    question="In the CDNOW archive, what share of the customers made no repeat purchase "
             "(frequency 0) in the 39-week calibration period ending 1997-09-30 (the first 272 "
             "days of the order book)? Answer as a proportion between 0 and 1.",
    solution=_no_repeat_share, kind="number", tolerance=1e-6, tables=("orders",),
    hint_en="lifecycle.rfm_summary(cdnow.orders, '1997-09-30', freq='D'), then the mean of "
            "frequency == 0.",
    hint_zh="用 lifecycle.rfm_summary(cdnow.orders, '1997-09-30', freq='D')，再求 "
            "frequency == 0 的比例。"))

register(Exercise(
    id="10.2",
    question="What is Cronbach's alpha of the three loyalty items CUSL1-CUSL3 of the ECSI "
             "questionnaire (scale 1-10)?",
    solution=_loyalty_alpha, kind="number", tolerance=1e-6, tables=(),
    hint_en="satisfaction.cronbach_alpha(mobi[['CUSL1', 'CUSL2', 'CUSL3']], scale=(1, 10)).alpha",
    hint_zh="对忠诚度的三个题项用 satisfaction.cronbach_alpha(mobi[['CUSL1', 'CUSL2', 'CUSL3']], "
            "scale=(1, 10))，读 .alpha。"))

register(Exercise(
    id="10.3",
    question="In the B2B archive read back from the export (the refused rows left out), what "
             "share of all net revenue do the top 20 % of customers bring? Answer as a "
             "proportion between 0 and 1.",
    solution=_top_fifth_share, kind="number", tolerance=1e-6, tables=("orders",),
    hint_en="identify.pareto_table(own.orders, 'net_revenue'); add up share where "
            "customer_share <= 0.2.",
    hint_zh="identify.pareto_table(own.orders, 'net_revenue')，把 customer_share <= 0.2 的 "
            "share 加总。"))

register(Exercise(
    id="10.4",
    question="How many customers of the B2B archive read back from the export are in ABC "
             "class A (the default cut-offs: 80 % and 95 % of revenue)?",
    solution=_class_a_count, kind="number", tables=("orders",),
    hint_en="(identify.abc_classes(own.orders, 'net_revenue') == 'A').sum()",
    hint_zh="数一数 identify.abc_classes(own.orders, 'net_revenue') 中等于 'A' 的客户。"))
