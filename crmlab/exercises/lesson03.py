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


def _kotler(world):
    return value.delivered_value(world.value_audit, weights=value.AUDIT_SCALE)


def _our_delivered_value(world) -> float:
    dv = _kotler(world)
    return float(dv.loc[dv["supplier"] == "ours", "delivered_value"].mean())


def _kotler_hit_rate(world) -> float:
    dv = _kotler(world)
    best = dv.groupby(["customer_id", "year"])["delivered_value"].idxmax()
    return float(dv.loc[best, "chosen"].mean())


def _wtp_service(world) -> float:
    return float(_model(world).wtp.loc["service_value", "wtp"])


def _share_after_price_cut(world) -> float:
    sim = value.simulate_shares(_model(world), world.value_audit, {"monetary_cost": -5.0})
    return float(sim.loc[sim["supplier"] == "ours", "scenario"].mean())


def _price_to_service_cost(world) -> float:
    audit = world.value_audit
    last = audit[audit["year"] == audit["year"].max()]
    levers = value.compare_levers(_model(world), last, value.service_economics(world),
                                  value.service_response(world))
    return float(levers.loc["cut price", "lever_cost"] / levers.loc["raise service", "lever_cost"])


def _hours_for_a_point(world) -> float:
    return float(np.exp(1 / value.service_response(world).slope))


def _probability_share_correlation(world) -> float:
    audit = world.value_audit
    ours = audit["supplier"] == "ours"
    p = _model(world).predict(audit)[ours]
    return float(np.corrcoef(p, audit.loc[ours, "share_of_wallet"])[0, 1])


register(Exercise(
    id="03.1",
    question="What is our mean customer delivered value in the value audit? Compute Kotler's "
             "delivered value (total value minus total cost) for every row of "
             "world.value_audit, weighing the four value parts and the time, energy and "
             "physical costs 1 and the price index monetary_cost 0.1, and answer the mean over "
             "the rows whose supplier is 'ours'.",
    solution=_our_delivered_value, kind="number", tables=_AUDIT,
    hint_en="value.delivered_value(world.value_audit, weights=value.AUDIT_SCALE), then the "
            "mean of 'delivered_value' where supplier == 'ours'.",
    hint_zh="用 value.delivered_value(world.value_audit, weights=value.AUDIT_SCALE) 计算，"
            "再对 supplier == 'ours' 的行求 'delivered_value' 的均值。"))

register(Exercise(
    id="03.2",
    question="How often does Kotler's rule hold? With the delivered value of exercise 03.1, "
             "find in each surveyed customer-year (customer_id, year) the supplier with the "
             "highest delivered value, and answer the share of customer-years in which that "
             "supplier is the chosen one (chosen == True), as a number between 0 and 1.",
    solution=_kotler_hit_rate, kind="number", tables=_AUDIT,
    hint_en="groupby(['customer_id', 'year'])['delivered_value'].idxmax() gives the row of "
            "the best supplier per customer-year; take the mean of 'chosen' on those rows.",
    hint_zh="对 ['customer_id', 'year'] 分组，用 idxmax() 找出让渡价值最高的行，"
            "再求这些行 'chosen' 的均值。"))

register(Exercise(
    id="03.3",
    question="Fit the choice model (a conditional logit of chosen on the eight value and cost "
             "parts of world.value_audit, one choice set per customer and year). What is the "
             "willingness to pay for one more point of service value, in price-index points "
             "(minus the service_value coefficient divided by the monetary_cost coefficient)?",
    solution=_wtp_service, kind="number", tolerance=1e-3, tables=_AUDIT,
    hint_en="model = value.fit_choice(world.value_audit); model.wtp.loc['service_value', "
            "'wtp']. The answer is positive: customers pay more for more service.",
    hint_zh="model = value.fit_choice(world.value_audit)；取 model.wtp.loc['service_value', "
            "'wtp']。答案为正：服务价值越高，顾客愿意多付。"))

register(Exercise(
    id="03.4",
    question="What if we cut our price by 5 index points? With the choice model of 03.3, "
             "lower monetary_cost by 5 on every row of supplier 'ours' and answer our mean "
             "predicted choice probability over all surveyed customer-years after the cut, "
             "as a number between 0 and 1.",
    solution=_share_after_price_cut, kind="number", tolerance=1e-3, tables=_AUDIT,
    hint_en="value.simulate_shares(model, world.value_audit, {'monetary_cost': -5}) and the "
            "mean of 'scenario' where supplier == 'ours'. Five points, not 5 %.",
    hint_zh="value.simulate_shares(model, world.value_audit, {'monetary_cost': -5})，再对 "
            "supplier == 'ours' 的行求 'scenario' 的均值。是降 5 个指数点，不是 5%。"))

register(Exercise(
    id="03.5",
    question="Price or service? Fit the choice model on the whole audit, then compare the "
             "levers on the audit of the last year only, with value.compare_levers, "
             "value.service_economics(world) and the estimated value.service_response(world). "
             "How many times the cost of raising service value by one point is the cost of "
             "the price cut that wins the same share (lever_cost of 'cut price' divided by "
             "lever_cost of 'raise service')?",
    solution=_price_to_service_cost, kind="number", tolerance=1e-3,
    tables=("value_audit", "orders", "activities", "customers", "relationships"),
    hint_en="last = audit[audit['year'] == audit['year'].max()]; levers = "
            "value.compare_levers(model, last, value.service_economics(world), "
            "value.service_response(world)); then divide the two 'lever_cost' entries.",
    hint_zh="取最后一年的审计数据 last，levers = value.compare_levers(model, last, "
            "value.service_economics(world), value.service_response(world))，再用两行的 "
            "'lever_cost' 相除。"))

register(Exercise(
    id="03.7",
    question="What does a point of service value take? From value.service_response(world), "
             "by what factor must a customer's proactive service hours be multiplied to raise "
             "its rating of our service value by one point (for example 2.0 for double)?",
    solution=_hours_for_a_point, kind="number", tolerance=1e-3,
    tables=("value_audit", "activities", "customers", "relationships"),
    hint_en="The slope b is rating points per unit of log hours, so one point needs "
            "log hours to rise by 1 / b: the factor is np.exp(1 / b).",
    hint_zh="斜率 b 是对数工时每增加 1 单位带来的评分点数，所以提高 1 分需要对数工时增加 "
            "1 / b，倍数为 np.exp(1 / b)。"))

register(Exercise(
    id="03.6",
    question="Does the choice model predict share of wallet? For the rows of supplier 'ours' "
             "in world.value_audit, answer the Pearson correlation between the choice "
             "model's predicted probability (model.predict) and the stated share_of_wallet.",
    solution=_probability_share_correlation, kind="number", tolerance=1e-3, tables=_AUDIT,
    hint_en="p = model.predict(audit); keep the rows with supplier == 'ours' and use "
            "np.corrcoef(p, share_of_wallet)[0, 1].",
    hint_zh="p = model.predict(audit)；只保留 supplier == 'ours' 的行，再计算 "
            "np.corrcoef(p, share_of_wallet)[0, 1]。"))
