"""Lesson 07 (case: the shrimp-feed company) exercises.

The reference solutions read the case's ``purchases``, ``services`` and ``survey``
tables and its cost rates (``case.truth["params"]["cost_rates_cny"]``), so they hold
for the shipped case and for ``load_case("shrimp_feed", seed=...)``.
"""
from __future__ import annotations

from crmlab.identify import pareto_table
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


def _loss_of_unprofitable(case) -> float:
    profit = _abc_profit(case)
    return float(-profit[profit < 0].sum())


def _top_fifth_share_2024(case) -> float:
    purchases = case.purchases[case.purchases["date"].dt.year == 2024]
    table = pareto_table(purchases, "net_revenue", by="farm_id")
    return float(table.loc[table["customer_share"] <= 0.2, "share"].sum())


def _base_kept_2024(case) -> float:
    years = case.purchases.groupby("farm_id")["date"].agg(lambda d: set(d.dt.year))
    base = years[years.map(lambda ys: 2020 in ys)]
    return float(base.map(lambda ys: 2024 in ys).mean()) if len(base) else 0.0


def _technical_service_gap_2024(case) -> float:
    survey = case.survey[case.survey["year"] == 2024]
    table = ipa(survey, [f"importance_{a}" for a in ATTRIBUTES],
                [f"performance_{a}" for a in ATTRIBUTES])
    return float(table.loc["technical_service", "importance"]
                 - table.loc["technical_service", "performance"])


register(Exercise(
    id="07.1",
    question="How much do the loss-making farms lose over 2020-2024 under activity-based "
             "costing, together? A farm's "
             "profit is its gross profit minus the financial cost of its credit (both summed "
             "from case.purchases) minus its cost-to-serve: technician visits, water tests, "
             "deliveries and delivery km from case.services at the case's rates "
             "(case.truth['params']['cost_rates_cny']) plus its bad debt. Sum the profits "
             "of the farms whose profit is negative and answer the loss as a positive number "
             "in CNY.",
    solution=_loss_of_unprofitable, kind="number", tables=("purchases", "services"),
    idea_en="Compute each farm's profit after its cost-to-serve, keep the farms below zero, "
            "and add up what they lose.",
    idea_zh="计算每个养殖户扣除服务成本后的利润，保留小于零的养殖户，把其亏损加总。",
    hint_en="segment.cost_to_serve on case.services per farm, with bad debt at a rate of 1; then "
            "gross profit minus financial cost minus cost-to-serve per farm.",
    hint_zh="用 segment.cost_to_serve 按养殖户计算 case.services 的服务成本（坏账费率为 1），"
            "再计算每户的 毛利 − 资金成本 − 服务成本。"))

register(Exercise(
    id="07.2",
    question="Concentration in one year. Of the net revenue of 2024 (lines of case.purchases "
             "dated in 2024), what share do the 20 % of that year's buying farms with the "
             "largest 2024 net revenue buy? Answer as a proportion between 0 and 1.",
    solution=_top_fifth_share_2024, kind="number", tolerance=1e-6, tables=("purchases",),
    idea_en="Keep one year's purchases, rank that year's farms by their revenue, and add up "
            "the revenue share of the top fifth.",
    idea_zh="只保留一年的购买记录，按当年收入对养殖户排序，把前五分之一的收入份额加总。",
    hint_en="identify.pareto_table on the 2024 purchases with net_revenue as the value and "
            "farm_id as the key; add up the share of the rows whose customer_share is at most "
            "0.2.",
    hint_zh="对 2024 年的购买记录调用 identify.pareto_table（值为 net_revenue，键为 farm_id），"
            "把 customer_share 不超过 0.2 的各行 share 相加。"))

register(Exercise(
    id="07.3",
    question="Farms that bought in 2020 are the existing base. What share of them still "
             "bought in 2024 (at least one line of case.purchases dated in 2024)? Answer as a "
             "proportion between 0 and 1.",
    solution=_base_kept_2024, kind="number", tables=("purchases",),
    idea_en="Find the farms with a purchase in the first year, then the share of them with a "
            "purchase in the last year.",
    idea_zh="找出第一年有购买的养殖户，再看其中最后一年仍有购买的比例。",
    hint_en="Group case.purchases by farm_id and collect the years of date; keep the farms "
            "whose years include 2020.",
    hint_zh="按 farm_id 对 case.purchases 分组，收集购买日期的年份；保留包含 2020 年的养殖户。"))

register(Exercise(
    id="07.4",
    question="In the 2024 wave of the farmers' survey (rows of case.survey with year 2024), "
             "how far does technical service's mean stated importance (importance_"
             "technical_service) exceed its mean performance (performance_technical_service), "
             "on the 1-5 scale? Answer importance minus performance.",
    solution=_technical_service_gap_2024, kind="number", tables=("farms", "survey"),
    idea_en="Keep one survey year, average the importance and the performance ratings of the "
            "attribute, and subtract: a large gap is what puts an attribute in 'concentrate "
            "here'.",
    idea_zh="只保留一年的调查，分别求该属性重要性与绩效评分的均值，再相减：差距大正是"
            "属性落入“重点改进区”的原因。",
    hint_en="satisfaction.ipa on the 2024 rows gives importance and performance per attribute.",
    hint_zh="对 2024 年的行使用 satisfaction.ipa，得到各属性的 importance 与 performance。"))
