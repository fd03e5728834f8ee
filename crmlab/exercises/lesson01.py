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
    idea_en="Marketing cost has two parts on each order line: the discount (list value "
            "minus what was paid) and the financial cost of the payment terms; add both "
            "over one year.",
    idea_zh="每个订单行的营销成本有两部分：折扣（标价金额减去实收金额）与付款条件的资金成本；"
            "对一年的订单行把两者加总。",
    hint_en="Keep the 2023 lines of world.orders; the discount of a line is quantity times "
            "list_price minus net_revenue; add the sum of the discounts and the sum of "
            "financial_cost.",
    hint_zh="筛选 world.orders 中 2023 年的订单行；每行折扣额为 "
            "quantity 乘 list_price 减去 net_revenue；把折扣"
            "之和与 financial_cost 之和相加。"))

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
    idea_en="First turn the expert's judgments into weights; then put each archive column "
            "on a 0-1 scale (a cost column reversed), weight it, add up, and average over "
            "the customers: skewed money columns leave most customers near the bottom.",
    idea_zh="先把专家判断转化为权重；再把档案的每一列缩放到 0-1（成本型指标反向），加权求"
            "和，再对全部客户求平均：偏态的金额指标使多数客户靠近底部。",
    hint_en="identify.ahp_weights gives the weights and the consistency ratio cr; "
            "identify.score_customers takes a dict of column to a pair of weight and "
            "direction and returns a score column.",
    hint_zh="identify.ahp_weights 给出权重与一致性比率 cr；"
            "identify.score_customers 接受“列 → 权重与方向”的字"
            "典，返回 score 列。"))

register(Exercise(
    id="01.3",
    question="Objective weights from the data. Build the archive as of 2023-12-31 "
             "(identify.customer_archive(world, asof='2023-12-31')) and compute entropy "
             "weights (identify.entropy_weights, min-max normalization) of gross_profit_12m "
             "(benefit), revenue_12m (benefit), marketing_cost_12m (cost) and tenure_years "
             "(benefit). What weight does tenure_years get, as a share between 0 and 1?",
    solution=_entropy_weight_of_tenure, kind="number", tolerance=1e-6,
    idea_en="Entropy weights favour the columns whose values differ most between customers:"
            " normalise each column, measure how evenly it spreads, and turn the unevenness"
            " into weights that sum to one.",
    idea_zh="熵权法偏重各客户之间差异最大的指标：先标准化每列，衡量其分布的均匀程度，再把不均"
            "匀程度转化为和为 1 的权重。",
    hint_en="identify.entropy_weights on the archive with the four criteria and a direction"
            " for each ('benefit' or 'cost'); the weights sum to 1. Skewed money columns "
            "get high weight: why?",
    hint_zh="对档案调用 identify.entropy_weights，传入四个指标及各自"
            "方向（'benefit' 或 'cost'）；权重之和为 1。想一想为什么偏态的"
            "金额指标得到较大权重。"))

register(Exercise(
    id="01.4",
    question="The key-account list (大客户名单). On the archive as of 2023-12-31, score current "
             "value by a weighted sum (identify.score_customers, min-max scaling) of "
             "gross_profit_12m (weight 0.5, benefit), revenue_12m (0.3, benefit) and "
             "marketing_cost_12m (0.2, cost), and grade the scores with identify.grade "
             "(quantile scheme: the best 20 % are A). Which customers are graded A? Answer "
             "their customer_id values as a set or list.",
    solution=_key_accounts, kind="set",
    idea_en="Score each customer by the weighted sum of its scaled columns, then call the "
            "best fifth of the scores A.",
    idea_zh="按缩放后各列的加权和给每位客户打分，再把得分最高的五分之一定为 A 级。",
    hint_en="identify.score_customers on the archive with the three criteria, then "
            "identify.grade on its scores; keep the customer ids whose grade is A.",
    hint_zh="先用 identify.score_customers 计算得分，再用 "
            "identify.grade 分级；保留等级为 A 的客户编号。"))

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
    idea_zh="按上一年的销售额给档案中的客户排序，取前十分之一，把他们之后的利润与档案中全部客"
            "户之后的利润相比。",
    hint_en="identify.selection_quality with top set to the tenth gives it in the column "
            "captured (section 10 of the lesson uses the top fifth).",
    hint_zh="identify.selection_quality（top 取十分之一）的 "
            "captured 列即是答案（课程第 10 节用的是前五分之一）。"))
