"""Lesson 13 (contracts and discrete occasions) exercises, registered in :mod:`crmlab.teach`
on import.

Exercises 13.1 and 13.2 read the maintenance-contract case, 13.3 and 13.4 the world's
orders. The grader hands every exercise of a lesson the data of its setup cell (the
world); the contract exercises then read the case of the same seed, which the lesson's
setup cell loads beside the world, so each answer holds on every student's seed.

Examples
--------
>>> from crmlab import teach
>>> teach.get("13.1").kind
'number'
"""
from __future__ import annotations

import pandas as pd

from crmlab import lifecycle
from crmlab.teach import Exercise, register

__all__: list[str] = []

#: The lesson's calibration end, observation end and the day customers count as won.
CALIBRATION_END, OBSERVATION_END, WON_SINCE = "2023-12-31", "2025-12-31", "2019-01-01"


def _contract_case(data):
    """The maintenance-contract case itself, or the one of the world's seed."""
    if isinstance(getattr(data, "contracts", None), pd.DataFrame):
        return data
    from crmlab.datasets import load_case

    if getattr(data, "seed", None) is None:
        raise ValueError("lesson 13: the contract exercises need the maintenance-contract "
                         "case or a generated world (with a seed); got a world without one")
    return load_case("maintenance_contracts", seed=data.seed)


def _new_orders(world) -> pd.DataFrame:
    won = world.customers.loc[world.customers["customer_since"] >= WON_SINCE, "customer_id"]
    return world.orders[world.orders["customer_id"].isin(won)]


def _basic_mean_churn(data) -> float:
    contracts = _contract_case(data).contracts
    basic = contracts[contracts["service_level"] == "basic"]
    fit = lifecycle.fit_sbg(lifetimes=basic["years_under_contract"], churned=basic["churned"])
    return float(fit.mean_churn)


def _old_cohorts_residual_value(data) -> float:
    contracts = _contract_case(data).contracts
    fit = lifecycle.fit_sbg(lifecycle.contract_survivors(contracts))
    old = contracts[~contracts["churned"] & (contracts["signed_year"] <= 2020)]
    return float(fit.clv(old["annual_value"], renewals=old["renewals"], discount=0.12).sum())


def _expected_buyers_next_year(world) -> float:
    years = lifecycle.rfm_summary(_new_orders(world), asof=OBSERVATION_END, freq="Y")
    occasions = years[years["T"] >= 1]
    fit = lifecycle.fit_bgbb(occasions["frequency"], occasions["recency"], occasions["T"])
    return float(fit.conditional_expected_purchases(1, occasions["frequency"],
                                                    occasions["recency"],
                                                    occasions["T"]).sum())


def _monthly_holdout_forecast(world) -> float:
    months = lifecycle.rfm_summary(_new_orders(world), asof=CALIBRATION_END, freq="M")
    months = months[months["T"] > 0]
    fit = lifecycle.fit_pareto_nbd(months["frequency"], months["recency"], months["T"],
                                   time_unit="month")
    return float(fit.conditional_expected_purchases(24, months["frequency"], months["recency"],
                                                    months["T"]).sum())


register(Exercise(
    id="13.1",
    question="Service level and churn. Fit the shifted beta-geometric model to the basic "
             "maintenance contracts only (service_level 'basic'), from each contract's "
             "years_under_contract and churned. What is the mean churn probability at a "
             "renewal, alpha / (alpha + beta)? Answer a share between 0 and 1.",
    solution=_basic_mean_churn, kind="number", tolerance=1e-4, tables=("contracts",),
    idea_en="Keep the basic contracts, fit the renewal model to how long each stayed and "
            "whether it left, and read the average chance of leaving at a renewal.",
    idea_zh="只保留基础服务合同，用每份合同的在约年数和是否流失拟合续约模型，读出每次续约时的平均流失概率。",
    hint_en="lifecycle.fit_sbg given each basic contract's lifetime and whether it churned "
            "(one row per contract), then its mean_churn.",
    hint_zh="用 lifecycle.fit_sbg，传入每份基础合同的在约年数与是否流失（每份合同一行），再读取 mean_churn。"))

register(Exercise(
    id="13.2",
    question="Residual value of the old cohorts. Fit the sBG model to the survivor table of "
             "all cohorts (lifecycle.contract_survivors of the contracts table). For the "
             "contracts signed in 2020 or earlier that are still under contract, what is "
             "their total residual value: each contract's annual_value times its discounted "
             "expected residual lifetime (DERL) given its renewals made, at a 12 % yearly "
             "discount rate? Answer in CNY.",
    solution=_old_cohorts_residual_value, kind="number", tolerance=1e-4,
    tables=("contracts",),
    idea_en="A contract's remaining value is its yearly value times the discounted number of "
            "years it is still expected to stay, which grows with the renewals it has made; "
            "add this up over the old contracts still running.",
    idea_zh="一份合同的剩余价值等于其年价值乘以预期还会续约的贴现年数（已续约次数越多越长）；"
            "把仍在约的老合同逐一加总。",
    hint_en="Fit lifecycle.fit_sbg on lifecycle.contract_survivors; keep the contracts not "
            "churned and signed in 2020 or before; the fit's clv with each one's renewals and "
            "a discount rate of 0.12, summed.",
    hint_zh="对 lifecycle.contract_survivors 的结果用 lifecycle.fit_sbg 拟合；保留未流失且 "
            "2020 年或更早签订的合同；用拟合结果的 clv（各自的续约次数，贴现率 0.12）求和。"))

register(Exercise(
    id="13.3",
    question="Buyers next year. Take the orders of the customers won since 2019 "
             "(customer_since on or after 2019-01-01) and read each calendar year as a "
             "purchase occasion: lifecycle.rfm_summary with freq='Y' as of 2025-12-31, "
             "keeping the customers with T >= 1. Fit the BG/BB model. How many of these "
             "customers are expected to order in 2026 (the sum over customers of the "
             "expected purchases at the next occasion)?",
    solution=_expected_buyers_next_year, kind="number", tolerance=1e-4,
    tables=("customers", "orders"),
    idea_en="At one occasion a customer buys at most once, so her expected purchases at the "
            "next occasion are her chance of buying then; adding these chances over customers "
            "gives the number expected to buy.",
    idea_zh="每次购买机会客户至多购买一次，所以下一次机会的期望购买次数就是她届时购买的概率；"
            "对所有客户求和即为预计下单的客户数。",
    hint_en="lifecycle.fit_bgbb on frequency, recency and T of the yearly summary; then its "
            "conditional_expected_purchases one occasion ahead, summed.",
    hint_zh="用年度汇总的 frequency、recency、T 拟合 lifecycle.fit_bgbb；再用其 "
            "conditional_expected_purchases 预测下一次机会并求和。"))

register(Exercise(
    id="13.4",
    question="Time units. Refit the Pareto/NBD model of the lesson in months instead of "
             "weeks: lifecycle.rfm_summary of the orders of the customers won since 2019 "
             "with freq='M' as of 2023-12-31, keeping the customers with T > 0. How many "
             "months with orders does the model predict for these customers over the "
             "24-month hold-out 2024-2025, in total?",
    solution=_monthly_holdout_forecast, kind="number", tolerance=1e-3,
    tables=("customers", "orders"),
    idea_en="Count time in months everywhere: in the summary, in the fit and in the length "
            "of the hold-out; then add up each customer's expected purchases over it.",
    idea_zh="全部以月为单位：汇总、拟合和保留期长度都用月；再把每位客户在保留期内的期望购买次数加总。",
    hint_en="lifecycle.fit_pareto_nbd with months as its time unit; its "
            "conditional_expected_purchases for a horizon of 24, summed.",
    hint_zh="用 lifecycle.fit_pareto_nbd，时间单位取月；其 conditional_expected_purchases "
            "取 24 个月并求和。"))
