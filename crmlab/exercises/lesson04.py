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
    idea_en="Per customer: how many days since its last order, how many different orders, "
            "and how much revenue in total.",
    idea_zh="对每位客户计算：距最后一次订单的天数、不同订单的个数、收入总额。",
    hint_en="Group world.orders by customer_id: recency is the number of days from the "
            "latest date to 2025-12-31, frequency the nunique of order_id, monetary the sum"
            " of net_revenue; segment.rfm with the reference date does it too.",
    hint_zh="按 customer_id 对 world.orders 分组：recency "
            "为最后订单日期到 2025-12-31 的天数，frequency 为 "
            "order_id 的不同值个数，monetary 为 net_revenue 之"
            "和；也可用 segment.rfm 并给出参照日期。"))

register(Exercise(
    id="04.2",
    question="Activity-based cost-to-serve. What did it cost, in CNY, to serve all customers "
             "in calendar year 2024? Multiply each cost driver of world.activities (visits, "
             "orders, deliveries, rush_orders, support_hours, returns) in the rows with year "
             "2024 by its rate in world.truth['params']['activities']['cost_rates_cny'], and "
             "sum over drivers and customers.",
    solution=_cost_to_serve_2024, kind="number", tables=("activities",),
    idea_en="Each activity has a rate: multiply the counts of one year by their rates and "
            "add up over activities and customers.",
    idea_zh="每项作业都有费率：把一年的作业次数乘以费率，再对所有作业与客户加总。",
    hint_en="Keep the 2024 rows of world.activities and segment.cost_to_serve with the cost"
            " rates from the world's truth (params, activities, cost_rates_cny); add up its"
            " cost_to_serve column.",
    hint_zh="取 world.activities 中 2024 年的行，用 "
            "segment.cost_to_serve 与 world.truth 中的作业"
            "费率（params、activities、cost_rates_cny）计算，再"
            "对 cost_to_serve 列求和。"))

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
    idea_en="A customer can be large and still lose money once serving it is costed: find "
            "the largest fifth by revenue and keep those with a loss.",
    idea_zh="一位客户可能规模很大，但计入服务成本后却亏损：找出按收入排名前五分之一的客户，保"
            "留其中亏损的客户。",
    hint_en="segment.customer_profitability with the 'abc' method gives net_revenue and "
            "profit per customer; rank by net_revenue, largest first, keep the ranks up to "
            "a fifth of the customers, then the negative profits.",
    hint_zh="用 segment.customer_profitability（'abc' 方"
            "法）得到每位客户的 net_revenue 与 profit；按 "
            "net_revenue 从大到小排名，保留排名不超过客户数五分之一的客户，再找出"
            "利润为负者。"))

register(Exercise(
    id="04.4",
    question="On the whale curve. Sort the customers' ABC profit of exercise 04.3 from most to "
             "least profitable. What share of total profit do the most profitable 10% of "
             "customers make (the first k customers, k = 0.1 x the number of customers rounded "
             "up)? Answer as a share (for example 0.6 for 60%).",
    solution=_top_tenth_share, kind="number", tables=("orders", "activities"),
    idea_en="Line the customers up from most to least profitable and add up the profit of "
            "the first tenth; divide by the total profit, which the loss-makers pull down.",
    idea_zh="把客户从最赚钱到最不赚钱排列，把前十分之一的利润加总，再除以总利润（亏损客户会拉"
            "低总利润）。",
    hint_en="Sort the profit column of segment.customer_profitability descending, take the "
            "first tenth of the customers rounded up, and divide their sum by the total; "
            "segment.whale_curve and its share_at method give it too.",
    hint_zh="把 segment.customer_profitability 的 "
            "profit 列降序排列，取前十分之一（向上取整）的客户，其利润之和除以总利润；"
            "也可用 segment.whale_curve 及其 share_at 方法。"))

register(Exercise(
    id="04.5",
    question="From VBC to ABC, with the shrimp-feed case's three tiers. Rank customers by "
             "profit, most profitable first, into gold (top 20% of customers), iron (next "
             "30%) and lead (last 50%), twice: once with "
             "profit under volume-based costing (the total activity cost spread in proportion "
             "to net revenue) and once under activity-based costing. How many customers are "
             "in a different tier under ABC than under VBC?",
    solution=_tier_moves, kind="number", tables=("orders", "activities"),
    idea_en="Cost the customers twice, spreading the activity cost by revenue and charging "
            "it by activity, tier them both times, and count the customers whose tier "
            "changes.",
    idea_zh="用两种方法计算客户成本（按收入分摊作业成本、按作业计费），两次分层，数一数层级改"
            "变的客户。",
    hint_en="segment.compare_costing with the tiers gold 0.2, iron 0.3 and lead 0.5 flags "
            "the customers that moved; count them. Or build both pyramids with "
            "segment.customer_pyramid and compare the tiers.",
    hint_zh="用 segment.compare_costing，分层为金 0.2、铁 0.3"
            "、铅 0.5，它会标出层级变化的客户，数一数即可；也可用 "
            "segment.customer_pyramid 分别建两座金字塔再比较。"))

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
