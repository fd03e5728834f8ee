"""Lesson 04 (segmentation and customer profitability) exercises, registered on import.

Each reference solution is a function of the world, so the same exercise holds on
every student's seed. The ABC rates are the world's own
(``world.truth["params"]["activities"]["cost_rates_cny"]``).

Examples
--------
>>> from crmlab import teach
>>> teach.get("04.2").kind
'number'
"""
from __future__ import annotations

import pandas as pd

from crmlab import segment
from crmlab.teach import Exercise, register

__all__: list[str] = []

ASOF = "2025-12-31"


def _rfm_table(world) -> pd.DataFrame:
    return segment.rfm(world.orders, ASOF)


def _cost_to_serve_2024(world) -> float:
    rates = world.truth["params"]["activities"]["cost_rates_cny"]
    activities = world.activities[world.activities["year"] == 2024]
    if activities.empty:
        return 0.0
    return float(segment.cost_to_serve(activities, rates)["cost_to_serve"].sum())


def _unprofitable_top_customers(world) -> set:
    profit = segment.customer_profitability(world, "abc")
    top = profit["net_revenue"].rank(ascending=False, method="first") <= 0.2 * len(profit)
    return set(profit.index[top & (profit["profit"] < 0)])


def _top_tenth_share(world) -> float:
    profit = segment.customer_profitability(world, "abc")["profit"]
    return segment.whale_curve(profit).share_at(0.1)


THREE_TIERS = {"gold": 0.20, "iron": 0.30, "lead": 0.50}


def _tier_moves(world) -> int:
    return int(segment.compare_costing(world, THREE_TIERS)["moved"].sum())


def _costliest_segment_ratio(world) -> float:
    profit = segment.customer_profitability(world, "abc")
    truth = world.truth_frame("customers").set_index("customer_id")["segment"]
    sums = profit[["cost_to_serve", "net_revenue"]].groupby(truth.reindex(profit.index)).sum()
    return float((sums["cost_to_serve"] / sums["net_revenue"]).max())


register(Exercise(
    id="04.1",
    question="RFM by hand. Take world.orders as of 2025-12-31. For every customer_id with at "
             "least one order line, compute recency = days from the customer's last order "
             "date to 2025-12-31 (0 if it ordered that day), frequency = number of distinct "
             "order_id, and monetary = sum of net_revenue in CNY. Answer with a DataFrame "
             "indexed by customer_id with the columns recency, frequency and monetary.",
    solution=_rfm_table, kind="frame", tables=("orders",),
    hint_en="g = orders.groupby('customer_id'); recency = (pd.Timestamp('2025-12-31') - "
            "g['date'].max()).dt.days; frequency = g['order_id'].nunique(); monetary = "
            "g['net_revenue'].sum(); or crmlab.segment.rfm(orders, '2025-12-31').",
    hint_zh="按 customer_id 分组：recency 为 2025-12-31 减去最后订单日期的天数，frequency 为不同 "
            "order_id 的个数，monetary 为 net_revenue 之和；也可用 crmlab.segment.rfm。"))

register(Exercise(
    id="04.2",
    question="Activity-based cost-to-serve. What did it cost, in CNY, to serve all customers "
             "in calendar year 2024? Multiply each cost driver of world.activities (visits, "
             "orders, deliveries, rush_orders, support_hours, returns) in the rows with year "
             "2024 by its rate in world.truth['params']['activities']['cost_rates_cny'], and "
             "sum over drivers and customers.",
    solution=_cost_to_serve_2024, kind="number", tables=("activities",),
    hint_en="rates = world.truth['params']['activities']['cost_rates_cny']; a = "
            "activities[activities['year'] == 2024]; sum(a[k] * v for k, v in rates.items())"
            ".sum(), or crmlab.segment.cost_to_serve(a, rates).",
    hint_zh="取 year == 2024 的作业记录，每个成本动因乘以对应费率（cost_rates_cny），"
            "再对所有动因和客户求和；单位是元。"))

register(Exercise(
    id="04.3",
    question="Big but unprofitable. Compute each customer's profit over the whole order book "
             "under activity-based costing: gross_profit minus financial_cost (both summed "
             "from world.orders) minus the cost-to-serve of all its activities (world's rates). "
             "Take every customer that has activities or orders. Rank them by total net "
             "revenue, largest first; the top 20% are those with rank <= 0.2 x the number of "
             "customers. Which of these top-20% customers have negative profit? Answer with "
             "their customer_id values as a set (possibly empty).",
    solution=_unprofitable_top_customers, kind="set", tables=("orders", "activities"),
    hint_en="profit = crmlab.segment.customer_profitability(world, 'abc'); rank "
            "profit['net_revenue'] descending; keep rank <= 0.2 * len(profit) and "
            "profit['profit'] < 0.",
    hint_zh="用 customer_profitability(world, 'abc') 得到每个客户的利润；按净销售收入降序排名，"
            "取排名不超过客户数 20% 的客户，再找出其中利润为负的客户。"))

register(Exercise(
    id="04.4",
    question="On the whale curve. Sort the customers' ABC profit of exercise 04.3 from most to "
             "least profitable. What share of total profit do the most profitable 10% of "
             "customers make (the first k customers, k = 0.1 x the number of customers rounded "
             "up)? Answer as a share (for example 0.6 for 60%).",
    solution=_top_tenth_share, kind="number", tables=("orders", "activities"),
    hint_en="p = profit['profit'].sort_values(ascending=False); k = math.ceil(0.1 * len(p)); "
            "p.head(k).sum() / p.sum(), or crmlab.segment.whale_curve(profit['profit'])"
            ".share_at(0.1).",
    hint_zh="把利润从高到低排序，取前 10%（向上取整）的客户，其利润之和除以总利润；"
            "答案是比例（例如 0.6 表示 60%）。"))

register(Exercise(
    id="04.5",
    question="From VBC to ABC, with the shrimp-feed case's three tiers. Rank customers by "
             "profit, most profitable first, into gold (top 20% of customers), iron (next "
             "30%) and lead (last 50%), twice: once with "
             "profit under volume-based costing (the total activity cost spread in proportion "
             "to net revenue) and once under activity-based costing. How many customers are "
             "in a different tier under ABC than under VBC?",
    solution=_tier_moves, kind="number", tables=("orders", "activities"),
    hint_en="tiers = {'gold': 0.2, 'iron': 0.3, 'lead': 0.5}; crmlab.segment.compare_costing("
            "world, tiers)['moved'].sum(), or build both pyramids with "
            "customer_pyramid(profit, 'profit', tiers) and compare the tiers.",
    hint_zh="分别用传统成本法（按销售额分摊）和作业成本法计算利润，按金、铁、铅三层"
            "（20%、30%、50%）划分，数一数层级发生变化的客户；可用 compare_costing(world, tiers)。"))

register(Exercise(
    id="04.6",
    question="How much does it cost to serve a yuan of revenue in the most expensive hidden "
             "needs-based segment (world.truth_frame('customers')['segment'])? For each true "
             "segment, divide its customers' total ABC cost-to-serve by their total net "
             "revenue (whole order book, world's rates) and answer the highest of these "
             "ratios, in CNY of cost per CNY of revenue (for example 0.05).",
    solution=_costliest_segment_ratio, kind="number", tables=("orders", "activities"),
    idea_en="Add up cost-to-serve and revenue separately within each hidden segment, then "
            "divide the sums (a ratio of sums, not a mean of customers' ratios).",
    idea_zh="在每个隐藏细分内分别加总服务成本和净销售收入，再相除（是总和之比，"
            "不是客户比率的平均）。",
    hint_en="segment.customer_profitability with 'abc' gives cost_to_serve and net_revenue per "
            "customer; group them by the true segment from world.truth_frame.",
    hint_zh="segment.customer_profitability（'abc'）给出每个客户的 cost_to_serve 与 "
            "net_revenue；按 world.truth_frame 中的真实细分分组。"))
