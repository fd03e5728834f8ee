"""Lesson 01 (customer identification) exercises, registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on
every student's seed.

Examples
--------
>>> from crmlab import teach
>>> teach.get("01.4").kind
'set'
"""
from __future__ import annotations

import warnings

from crmlab import identify
from crmlab.teach import Exercise, register

__all__: list[str] = []

ASOF = "2023-12-31"
CURRENT_VALUE = {"gross_profit_12m": (0.5, "benefit"), "revenue_12m": (0.3, "benefit"),
                 "marketing_cost_12m": (0.2, "cost")}
ENTROPY_DIRECTION = {"gross_profit_12m": "benefit", "revenue_12m": "benefit",
                     "marketing_cost_12m": "cost", "tenure_years": "benefit"}
JUDGMENTS = {("gross_profit", "sales_volume"): 3, ("gross_profit", "marketing_cost"): 5,
             ("sales_volume", "marketing_cost"): 3}


def _marketing_cost_2023(world) -> float:
    lines = world.orders.loc[world.orders["date"].dt.year == 2023]
    discounts = (lines["quantity"] * lines["list_price"] - lines["net_revenue"]).sum()
    return float(discounts + lines["financial_cost"].sum())


def _ahp_mean_score(world) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = identify.ahp_weights(JUDGMENTS).weights
    criteria = {"gross_profit_12m": (float(weights["gross_profit"]), "benefit"),
                "revenue_12m": (float(weights["sales_volume"]), "benefit"),
                "marketing_cost_12m": (float(weights["marketing_cost"]), "cost")}
    archive = identify.customer_archive(world, asof=ASOF)
    return float(identify.score_customers(archive, criteria)["score"].mean())


def _entropy_weight_of_tenure(world) -> float:
    archive = identify.customer_archive(world, asof=ASOF)
    weights = identify.entropy_weights(archive, list(ENTROPY_DIRECTION), ENTROPY_DIRECTION)
    return float(weights["tenure_years"])


def _key_accounts(world) -> set:
    archive = identify.customer_archive(world, asof=ASOF)
    grades = identify.grade(identify.score_customers(archive, CURRENT_VALUE))
    return set(grades.index[grades == "A"])


def _profit_captured_by_top_revenue(world) -> float:
    archive = identify.customer_archive(world, asof=ASOF)
    profit = identify.customer_profit(world, years=[2024, 2025])["profit"]
    quality = identify.selection_quality(archive["revenue_12m"], profit, top=0.1)
    return float(quality["captured"].iloc[0])


register(Exercise(
    id="01.1",
    question="Marketing cost as the industrial-CRM thesis defines it is discounts plus "
             "financial cost. What was the company's total marketing cost in calendar year "
             "2023, in CNY (yuan)? Over the order lines of world.orders dated in 2023, add "
             "the discounts (quantity × list_price − net_revenue) and the financial_cost.",
    solution=_marketing_cost_2023, kind="number", tables=("orders",),
    hint_en="Keep the lines with orders['date'].dt.year == 2023; the discount given on a line "
            "is quantity * list_price - net_revenue (the list value minus what was paid); add "
            "the sum of financial_cost.",
    hint_zh="筛选 2023 年的订单行；每行的折扣额 = quantity * list_price - net_revenue"
            "（标价金额减去实收金额），再加上 financial_cost 的合计。"))

register(Exercise(
    id="01.2",
    question="An expert compares three criteria on Saaty's 1-9 scale: gross profit is 3 times "
             "as important as sales volume and 5 times as important as marketing cost; sales "
             "volume is 3 times as important as marketing cost. Derive the AHP weights of this "
             "judgment matrix (principal eigenvector; check that CR <= 0.10). On the archive "
             "as of 2023-12-31 (identify.customer_archive(world, asof='2023-12-31')), score "
             "every customer by the weighted sum with min-max scaling "
             "(identify.score_customers) of gross_profit_12m (the gross-profit weight, "
             "benefit), revenue_12m (the sales-volume weight, benefit) and marketing_cost_12m "
             "(the marketing-cost weight, cost). What is the mean score over all customers "
             "of the archive? Answer a number between 0 and 1.",
    solution=_ahp_mean_score, kind="number",
    idea_en="First turn the expert's judgments into weights; then put each archive column on "
            "a 0-1 scale (a cost column reversed), weight it, add up, and average over the "
            "customers: skewed money columns leave most customers near the bottom.",
    idea_zh="先把专家判断转化为权重；再把档案的每一列缩放到 0-1（成本型指标反向），"
            "加权求和，再对全部客户求平均：偏态的金额指标使多数客户靠近底部。",
    hint_en="identify.ahp_weights gives .weights and .cr; identify.score_customers takes a "
            "dict of column to (weight, direction) and returns a score column.",
    hint_zh="identify.ahp_weights 给出 .weights 与 .cr；identify.score_customers 接受"
            "“列 → (权重, 方向)”的字典，返回 score 列。"))

register(Exercise(
    id="01.3",
    question="Objective weights from the data. Build the archive as of 2023-12-31 "
             "(identify.customer_archive(world, asof='2023-12-31')) and compute entropy "
             "weights (identify.entropy_weights, min-max normalization) of gross_profit_12m "
             "(benefit), revenue_12m (benefit), marketing_cost_12m (cost) and tenure_years "
             "(benefit). What weight does tenure_years get, as a share between 0 and 1?",
    solution=_entropy_weight_of_tenure, kind="number", tolerance=1e-6,
    hint_en="entropy_weights(archive, criteria, direction) with direction a dict of the four "
            "columns to 'benefit' or 'cost'; the weights sum to 1. Skewed money columns get "
            "high weight: why?",
    hint_zh="entropy_weights(archive, criteria, direction)，direction 是四个列到 'benefit' "
            "或 'cost' 的字典；权重之和为 1。想一想为什么偏态的金额指标得到较大权重。"))

register(Exercise(
    id="01.4",
    question="The key-account list (大客户名单). On the archive as of 2023-12-31, score current "
             "value by a weighted sum (identify.score_customers, min-max scaling) of "
             "gross_profit_12m (weight 0.5, benefit), revenue_12m (0.3, benefit) and "
             "marketing_cost_12m (0.2, cost), and grade the scores with identify.grade "
             "(quantile scheme: the best 20 % are A). Which customers are graded A? Answer "
             "their customer_id values as a set or list.",
    solution=_key_accounts, kind="set",
    hint_en="grades = identify.grade(identify.score_customers(archive, criteria)); then "
            "grades.index[grades == 'A'].",
    hint_zh="先用 score_customers 计算得分，再用 grade 分级；A 级客户为 "
            "grades.index[grades == 'A']。"))

register(Exercise(
    id="01.5",
    question="The test a researcher rarely can do. Select the top 10 % of the customers in "
             "the archive as of 2023-12-31 by revenue_12m (round(0.1 × number of customers) "
             "customers, largest first). What share of the total profit after cost-to-serve "
             "that all these customers made in 2024-2025 (identify.customer_profit(world, "
             "years=[2024, 2025])['profit']) did the selected customers make? Answer a share "
             "(it can exceed 1 when the others lose money).",
    solution=_profit_captured_by_top_revenue, kind="number",
    idea_en="Rank the archive's customers by last year's revenue, keep the top tenth, and "
            "compare their later profit with the later profit of everyone in the archive.",
    idea_zh="按上一年的销售额给档案中的客户排序，取前十分之一，把他们之后的利润与档案中"
            "全部客户之后的利润相比。",
    hint_en="identify.selection_quality with top set to the tenth gives it in the column "
            "'captured' (section 10 of the lesson uses the top fifth).",
    hint_zh="identify.selection_quality（top 取十分之一）的 'captured' 列即是"
            "（课程第 10 节用的是前五分之一）。"))
