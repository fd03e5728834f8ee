"""Lesson 08 (case: power key accounts, 电力大客户) exercises.

The reference solutions read the case's ``accounts`` and ``monthly`` tables (and,
for the clustering check, the planted types in ``case.truth``), so they hold for
the shipped case and for ``load_case("power_accounts", seed=...)``.
"""
from __future__ import annotations

import pandas as pd

from crmlab.identify import pareto_table
from crmlab.kam import arrears_warning
from crmlab.segment import CONSUMPTION_FEATURES, cluster, consumption_features
from crmlab.teach import Exercise, register

__all__: list[str] = []

_TABLES = ("accounts", "monthly")


def _top_fifth_share(case) -> float:
    table = pareto_table(case.monthly, "kwh", by="account_id")
    return float(table.loc[table["customer_share"] <= 0.2, "share"].sum())


def _planted(case) -> pd.Series:
    accounts = case.truth["accounts"]
    return pd.Series(accounts["type"], index=accounts["account_id"])


def _ari(case, *, scale: bool) -> float:
    from sklearn.metrics import adjusted_rand_score

    features = consumption_features(case.monthly)
    result = cluster(features, list(CONSUMPTION_FEATURES), k=5, k_range=None, scale=scale,
                     seed=0)
    return float(adjusted_rand_score(_planted(case)[features.index], result.labels))


def _flagged_first_holdout(case) -> int:
    rule = arrears_warning(case.monthly, "2024-01-01", lag=2, alarm_rate=0.05)
    return len(rule.warning_list())


register(Exercise(
    id="08.1",
    question="What share of all electricity (kwh summed over every month of case.monthly) did "
             "the largest 20% of accounts use? Answer as a proportion between 0 and 1.",
    solution=_top_fifth_share, kind="number", tolerance=1e-6, tables=_TABLES,
    hint_en="identify.pareto_table(case.monthly, 'kwh', by='account_id'), then sum 'share' "
            "over the rows with customer_share <= 0.2.",
    hint_zh="用 identify.pareto_table(case.monthly, 'kwh', by='account_id')，对 customer_share "
            "<= 0.2 的行把 share 相加。"))

register(Exercise(
    id="08.2",
    question="Cluster the accounts with k-means into k=5 clusters (segment.cluster, seed=0, "
             "standardised) on the four features level, growth, volatility and on_time_share of "
             "segment.consumption_features(case.monthly). What is the adjusted Rand index of "
             "the clusters against the planted types in case.truth['accounts']?",
    solution=lambda case: _ari(case, scale=True), kind="number", tolerance=1e-6,
    tables=_TABLES,
    hint_en="segment.cluster(features, list(segment.CONSUMPTION_FEATURES), k=5, k_range=None, "
            "seed=0).labels, then sklearn.metrics.adjusted_rand_score against the planted "
            "types aligned on account_id.",
    hint_zh="segment.cluster(features, list(segment.CONSUMPTION_FEATURES), k=5, k_range=None, "
            "seed=0).labels，再按 account_id 对齐真实类型，用 adjusted_rand_score 计算。"))

register(Exercise(
    id="08.3",
    question="Set the arrears early-warning rule with kam.arrears_warning on the months before "
             "2024-01-01 (default window, horizon and late_days), with a reporting lag of two "
             "months and an alarm budget of 5 % of the account-quarters. How many accounts "
             "does it flag at the first hold-out origin, 2024-01-01?",
    solution=_flagged_first_holdout, kind="number", tables=_TABLES,
    hint_en="len(kam.arrears_warning(case.monthly, '2024-01-01', lag=2, alarm_rate=0.05)"
            ".warning_list())",
    hint_zh="预警名单的长度：len(kam.arrears_warning(case.monthly, '2024-01-01', lag=2, "
            "alarm_rate=0.05).warning_list())。"))

register(Exercise(
    id="08.4",
    question="Repeat exercise 08.2 without standardising the features (scale=False). What is "
             "the adjusted Rand index against the planted types now?",
    solution=lambda case: _ari(case, scale=False), kind="number", tolerance=1e-6,
    tables=_TABLES,
    hint_en="The same call as in 08.2 with scale=False: the feature with the largest spread "
            "(level, in log kWh) then decides the clusters almost alone.",
    hint_zh="与 08.2 相同，但设 scale=False：此时方差最大的特征（对数用电量 level）几乎单独决定聚类。"))
