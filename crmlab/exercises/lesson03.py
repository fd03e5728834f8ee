"""Lesson 03 (customer delivered value) exercises, registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on
every student's seed. "Kotler's delivered value" in the questions weighs every part
1 except the price index, weighed 0.1 (:data:`crmlab.value.AUDIT_SCALE`); "the
choice model" is the conditional logit of ``chosen`` on the eight parts with one
choice set per customer and year (:func:`crmlab.value.fit_choice` with its defaults).

Examples
--------
>>> from crmlab import teach
>>> teach.get("03.3").kind
'number'
"""
from __future__ import annotations

import weakref

import numpy as np

from crmlab import value
from crmlab.teach import Exercise, register

__all__: list[str] = []

_AUDIT = ("value_audit",)
_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _model(world) -> value.ChoiceModel:
    """The choice model of a world, fitted once per world (four exercises need it)."""
    try:
        return _MODELS[world]
    except KeyError:
        model = _MODELS[world] = value.fit_choice(world.value_audit)
        return model
    except TypeError:  # a world-like object that cannot be weakly referenced: no cache
        return value.fit_choice(world.value_audit)


def _kotler(world, price_weight: float = 0.1):
    return value.delivered_value(world.value_audit,
                                 weights={**value.AUDIT_SCALE, "monetary_cost": price_weight})


def _our_delivered_value_2025(world) -> float:
    dv = _kotler(world)
    return float(dv.loc[(dv["supplier"] == "ours") & (dv["year"] == 2025),
                        "delivered_value"].mean())


def _kotler_hit_rate_price_doubled(world) -> float:
    dv = _kotler(world, price_weight=0.2)
    best = dv.groupby(["customer_id", "year"])["delivered_value"].idxmax()
    return float(dv.loc[best, "chosen"].mean())


def _wtp_service_recent(world) -> float:
    audit = world.value_audit
    return float(value.fit_choice(audit[audit["year"] >= 2023]).wtp.loc["service_value", "wtp"])


def _share_after_price_cut(world) -> float:
    sim = value.simulate_shares(_model(world), world.value_audit, {"monetary_cost": -10.0})
    return float(sim.loc[sim["supplier"] == "ours", "scenario"].mean())


def _price_to_service_cost_2024(world) -> float:
    audit = world.value_audit
    levers = value.compare_levers(_model(world), audit[audit["year"] == 2024],
                                  value.service_economics(world),
                                  value.service_response(world))
    return float(levers.loc["cut price", "lever_cost"] / levers.loc["raise service", "lever_cost"])


def _hours_for_half_a_point(world) -> float:
    return float(np.exp(0.5 / value.service_response(world).slope))


def _delivered_value_share_correlation(world) -> float:
    dv = _kotler(world)
    ours = dv[dv["supplier"] == "ours"]
    return float(np.corrcoef(ours["delivered_value"], ours["share_of_wallet"])[0, 1])


register(Exercise(
    id="03.1",
    question="What was our mean customer delivered value in the latest audit, 2025? Compute "
             "Kotler's delivered value (total value minus total cost) for every row of "
             "world.value_audit, weighing the four value parts and the time, energy and "
             "physical costs 1 and the price index monetary_cost 0.1, and answer the mean over "
             "the rows whose supplier is 'ours' and year is 2025.",
    solution=_our_delivered_value_2025, kind="number", tables=_AUDIT,
    idea_en="Add up the four value parts, subtract the four cost parts with the price scaled "
            "down to the others' range, and average our rows of one year.",
    idea_zh="把四项价值相加，减去四项成本（价格缩放到与其他项相同的量级），"
            "再对我们某一年的行求平均。",
    hint_en="value.delivered_value with the weights value.AUDIT_SCALE; keep the rows of "
            "supplier 'ours' in 2025 and average their delivered_value.",
    hint_zh="用 value.delivered_value，权重为 value.AUDIT_SCALE；保留 supplier 为 'ours' "
            "且年份为 2025 的行，对 delivered_value 求平均。"))

register(Exercise(
    id="03.2",
    question="How much does Kotler's rule depend on the price weight? Compute the delivered "
             "value as in exercise 03.1 but with the price index monetary_cost weighed 0.2 "
             "instead of 0.1 (every other part 1), all years. Find in each surveyed "
             "customer-year (customer_id, year) the supplier with the highest delivered value, "
             "and answer the share of customer-years in which that supplier is the chosen one "
             "(chosen True), as a number between 0 and 1.",
    solution=_kotler_hit_rate_price_doubled, kind="number", tables=_AUDIT,
    idea_en="Count price twice as heavily, find the best offer in each customer-year, and "
            "check how often the customer really chose it.",
    idea_zh="让价格的权重加倍，找出每个顾客-年份中让渡价值最高的供应商，"
            "再看顾客实际选择它的比例。",
    hint_en="value.delivered_value with AUDIT_SCALE's price weight changed to 0.2; per "
            "customer and year, idxmax of delivered_value picks the best row; average the "
            "chosen flag of those rows.",
    hint_zh="用 value.delivered_value，把 AUDIT_SCALE 中价格的权重改为 0.2；按顾客与年份分组，"
            "用 idxmax 找出让渡价值最高的行，再对这些行的 chosen 求平均。"))

register(Exercise(
    id="03.3",
    question="Has the value of service changed lately? Fit the choice model (a conditional "
             "logit of chosen on the eight value and cost parts, one choice set per customer "
             "and year) on the rows of world.value_audit with year 2023 or later only. What is "
             "the willingness to pay for one more point of service value, in price-index "
             "points (minus the service_value coefficient divided by the monetary_cost "
             "coefficient)?",
    solution=_wtp_service_recent, kind="number", tolerance=1e-3, tables=_AUDIT,
    idea_en="Estimate the choice weights on the recent audits only, then divide the weight "
            "of service by the weight of price (with the sign turned) to express service in "
            "price points.",
    idea_zh="只用近几年的审计数据估计选择权重，再用服务的权重除以价格的权重（取相反数），"
            "把服务换算成价格指数点。",
    hint_en="value.fit_choice on the audit rows from 2023 on; its wtp table has a row "
            "service_value and a column wtp. The answer is positive.",
    hint_zh="对 2023 年及以后的审计行调用 value.fit_choice；其 wtp 表中 service_value 一行的 "
            "wtp 列即为答案，答案为正。"))

register(Exercise(
    id="03.4",
    question="What if we cut our price by 10 index points? With the choice model fitted on "
             "the whole audit, lower monetary_cost by 10 on every row of supplier 'ours' and "
             "answer our mean predicted choice probability over all surveyed customer-years "
             "after the cut, as a number between 0 and 1.",
    solution=_share_after_price_cut, kind="number", tolerance=1e-3, tables=_AUDIT,
    idea_en="Change our price in the data, let the fitted model recompute every supplier's "
            "probability in each choice set, and average ours.",
    idea_zh="在数据中改变我们的价格，让已估计的模型重新计算每个选择集中各供应商的概率，"
            "再对我们的概率求平均。",
    hint_en="value.simulate_shares with the fitted model, the audit and a change of minus 10 "
            "to monetary_cost; average the scenario column over our rows. Ten points, not "
            "10 %.",
    hint_zh="用 value.simulate_shares，传入模型、审计数据和 monetary_cost 减 10 的改变；"
            "对我们的行的 scenario 列求平均。是 10 个指数点，不是 10%。"))

register(Exercise(
    id="03.5",
    question="Price or service, one year earlier? Fit the choice model on the whole audit, "
             "then compare the levers on the audit of 2024 only (rows of world.value_audit "
             "with year 2024), with value.compare_levers, value.service_economics(world) and "
             "the estimated value.service_response(world). How many times the cost of raising "
             "service value by one point is the cost of the price cut that wins the same share "
             "(lever_cost of 'cut price' divided by lever_cost of 'raise service')?",
    solution=_price_to_service_cost_2024, kind="number", tolerance=1e-3,
    tables=("value_audit", "orders", "activities", "customers", "relationships"),
    idea_en="For the customers of one audit year, cost the price cut that customers value "
            "like one point of service and cost the extra service hours, then divide the "
            "first by the second.",
    idea_zh="对某一审计年份的顾客，分别计算与一分服务价值等值的降价成本和增加服务工时的成本，"
            "再用前者除以后者。",
    hint_en="value.compare_levers with the model, the 2024 audit rows, "
            "value.service_economics and value.service_response; divide the lever_cost of "
            "'cut price' by that of 'raise service'.",
    hint_zh="用 value.compare_levers，传入模型、2024 年的审计行、value.service_economics 与 "
            "value.service_response；用 'cut price' 的 lever_cost 除以 'raise service' 的。"))

register(Exercise(
    id="03.7",
    question="What does half a point of service value take? From value.service_response(world), "
             "by what factor must a customer's proactive service hours be multiplied to raise "
             "its rating of our service value by half a point (for example 2.0 for double)?",
    solution=_hours_for_half_a_point, kind="number", tolerance=1e-3,
    tables=("value_audit", "activities", "customers", "relationships"),
    idea_en="The rating rises with the logarithm of the hours, so a fixed rise of the rating "
            "needs a fixed proportion more hours: undo the logarithm.",
    idea_zh="评分随工时的对数上升，所以评分固定地提高需要工时按固定比例增加：把对数还原即可。",
    hint_en="The slope b of value.service_response is rating points per unit of log hours; "
            "half a point needs log hours to rise by 0.5 / b, so the factor is the exponential "
            "of 0.5 / b (numpy's exp).",
    hint_zh="value.service_response 的斜率 b 是对数工时每增加 1 单位带来的评分点数；"
            "提高半分需要对数工时增加 0.5 / b，倍数为 0.5 / b 的指数（numpy 的 exp）。"))

register(Exercise(
    id="03.6",
    question="Does Kotler's delivered value alone predict share of wallet? For the rows of "
             "supplier 'ours' in world.value_audit, answer the Pearson correlation between our "
             "delivered value of exercise 03.1 (price weighed 0.1, all years) and the stated "
             "share_of_wallet.",
    solution=_delivered_value_share_correlation, kind="number", tolerance=1e-3, tables=_AUDIT,
    idea_en="Compare the simple rule with the fitted model: correlate our delivered value, "
            "row by row, with the share of its purchases the customer gives us.",
    idea_zh="把简单规则与估计的模型相比：逐行计算我们的让渡价值与顾客给我们的采购份额之间的相关系数。",
    hint_en="value.delivered_value with value.AUDIT_SCALE, keep supplier 'ours', and take "
            "the Pearson correlation of delivered_value and share_of_wallet (numpy's corrcoef "
            "or pandas' corr).",
    hint_zh="用 value.delivered_value 与 value.AUDIT_SCALE，保留 supplier 为 'ours' 的行，"
            "计算 delivered_value 与 share_of_wallet 的 Pearson 相关系数（numpy 的 corrcoef "
            "或 pandas 的 corr）。"))
