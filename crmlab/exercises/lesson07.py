"""Lesson 07 (case: the shrimp-feed company) exercises.

The reference solutions read the case's ``purchases``, ``services`` and ``survey``
tables and its cost rates (``case.truth["params"]["cost_rates_cny"]``), so they hold
for the shipped case and for ``load_case("shrimp_feed", seed=...)``.
"""
from __future__ import annotations

from crmlab.identify import pareto_table
from crmlab.lifecycle import acquisition_counts
from crmlab.satisfaction import ipa
from crmlab.segment import cost_to_serve
from crmlab.teach import Exercise, register

__all__: list[str] = []

ATTRIBUTES = ("feed_quality", "price", "technical_service", "delivery", "credit_terms", "brand")


def _abc_profit(case):
    rates = {**case.truth["params"]["cost_rates_cny"], "bad_debt": 1.0}
    cts = cost_to_serve(case.services, rates, customer="farm_id", year=None)
    money = case.purchases.groupby("farm_id")[["gross_profit", "financial_cost"]].sum()
    cost = cts.set_index("farm_id")["cost_to_serve"].reindex(money.index, fill_value=0.0)
    return money["gross_profit"] - money["financial_cost"] - cost


def _unprofitable_abc(case) -> int:
    return int((_abc_profit(case) < 0).sum())


def _top_fifth_share(case) -> float:
    table = pareto_table(case.purchases, "net_revenue", by="farm_id")
    return float(table.loc[table["customer_share"] <= 0.2, "share"].sum())


def _won_by_repeat(case) -> int:
    counts = acquisition_counts(case.purchases, customer="farm_id", start="2021-01-01")
    return int(counts["repeat_purchase"].sum())


def _concentrate_here(case) -> set:
    table = ipa(case.survey, [f"importance_{a}" for a in ATTRIBUTES],
                [f"performance_{a}" for a in ATTRIBUTES])
    return set(table.index[table["quadrant"] == "concentrate here"])


register(Exercise(
    id="07.1",
    question="How many farms lose money over 2020-2024 under activity-based costing? A farm's "
             "profit is its gross profit minus the financial cost of its credit (both summed "
             "from case.purchases) minus its cost-to-serve: technician visits, water tests, "
             "deliveries and delivery km from case.services at the case's rates "
             "(case.truth['params']['cost_rates_cny']) plus its bad debt. Answer with a "
             "whole number.",
    solution=_unprofitable_abc, kind="number", tables=("purchases", "services"),
    hint_en="segment.cost_to_serve(case.services, {**rates, 'bad_debt': 1.0}, "
            "customer='farm_id', year=None), then gross_profit - financial_cost - cost_to_serve "
            "per farm; count the negative ones.",
    hint_zh="用 segment.cost_to_serve(case.services, {**rates, 'bad_debt': 1.0}, "
            "customer='farm_id', year=None) 算作业成本，再按养殖户计算 毛利 − 资金成本 − 服务成本，"
            "数一数小于零的户数。"))

register(Exercise(
    id="07.2",
    question="What share of all net revenue (2020-2024) do the 20 % of farms with the largest "
             "net revenue buy? Answer as a proportion between 0 and 1.",
    solution=_top_fifth_share, kind="number", tolerance=1e-6, tables=("purchases",),
    hint_en="identify.pareto_table(case.purchases, 'net_revenue', by='farm_id'); sum the share "
            "of the rows with customer_share <= 0.2.",
    hint_zh="用 identify.pareto_table(case.purchases, 'net_revenue', by='farm_id')，"
            "把 customer_share <= 0.2 的各行 share 相加。"))

register(Exercise(
    id="07.3",
    question="Farms that bought in 2020 are the existing base. How many new customers did the "
             "company win in 2021-2024 under the source's rule that a farm counts only once it "
             "buys again in a new farming cycle? Answer with a whole number.",
    solution=_won_by_repeat, kind="number", tables=("purchases",),
    hint_en="lifecycle.acquisition_counts(case.purchases, customer='farm_id', "
            "start='2021-01-01') and sum its repeat_purchase column.",
    hint_zh="用 lifecycle.acquisition_counts(case.purchases, customer='farm_id', "
            "start='2021-01-01')，对 repeat_purchase 一列求和。"))

register(Exercise(
    id="07.4",
    question="In the importance-performance matrix of the farmers' survey (stated importance: "
             "the means of the importance_* columns; performance: the means of the "
             "performance_* columns; cross-hairs at the means of the six attributes), which "
             "attributes fall in the 'concentrate here' quadrant? Answer with a set of "
             "attribute names such as {'brand'}.",
    solution=_concentrate_here, kind="set", tables=("farms", "survey"),
    hint_en="satisfaction.ipa(case.survey, importance_columns, performance_columns) and keep the "
            "attributes whose quadrant is 'concentrate here'.",
    hint_zh="用 satisfaction.ipa(case.survey, 重要性各列, 绩效各列)，取象限为 "
            "'concentrate here'（重点改进区）的属性。"))
