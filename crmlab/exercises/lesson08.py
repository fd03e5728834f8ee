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


def _top_tenth_share(case) -> float:
    table = pareto_table(case.monthly, "kwh", by="account_id")
    return float(table.loc[table["customer_share"] <= 0.1, "share"].sum())


def _planted(case) -> pd.Series:
    accounts = case.truth["accounts"]
    return pd.Series(accounts["type"], index=accounts["account_id"])


def _ari(case, *, scale: bool, k: int = 4) -> float:
    from sklearn.metrics import adjusted_rand_score

    features = consumption_features(case.monthly)
    result = cluster(features, list(CONSUMPTION_FEATURES), k=k, k_range=None, scale=scale,
                     seed=0)
    return float(adjusted_rand_score(_planted(case)[features.index], result.labels))


def _flagged_first_holdout(case) -> int:
    rule = arrears_warning(case.monthly, "2024-01-01", lag=2, alarm_rate=0.05)
    return len(rule.warning_list())


register(Exercise(
    id="08.1",
    question="What share of all electricity (kwh summed over every month of case.monthly) did "
             "the largest 10% of accounts use? Answer as a proportion between 0 and 1.",
    solution=_top_tenth_share, kind="number", tolerance=1e-6, tables=_TABLES,
    idea_en="Rank the accounts by their total consumption and add up the share of the top "
            "tenth.",
    idea_zh="按总用电量对账户排序，把前十分之一账户的份额加总。",
    hint_en="identify.pareto_table on case.monthly with kwh as the value and account_id as "
            "the key; add up the share of the rows whose customer_share is at most 0.1.",
    hint_zh="对 case.monthly 调用 identify.pareto_table（值为 kwh，键为 account_id），"
            "把 customer_share 不超过 0.1 的各行 share 相加。"))

register(Exercise(
    id="08.2",
    question="One cluster too few. Cluster the accounts with k-means into k=4 clusters "
             "(segment.cluster, seed=0, standardised, no search over k) on the four features "
             "level, growth, volatility and on_time_share of "
             "segment.consumption_features(case.monthly). What is the adjusted Rand index of "
             "the clusters against the planted types in case.truth['accounts'], over all "
             "accounts?",
    solution=lambda case: _ari(case, scale=True), kind="number", tolerance=1e-6,
    tables=_TABLES,
    idea_en="Cluster the same standardised features into one group fewer than there are "
            "planted types, and compare the two partitions pair by pair, corrected for chance.",
    idea_zh="用同样的标准化特征聚成比真实类型少一类的簇，再逐对比较两个划分（经机会校正）。",
    hint_en="segment.cluster on the consumption features with k 4, k_range None and seed 0; "
            "then sklearn's adjusted_rand_score of its labels against the planted types, "
            "aligned on account_id.",
    hint_zh="对用电特征调用 segment.cluster（k 为 4，k_range 为 None，seed 为 0）；再按 "
            "account_id 对齐真实类型，用 sklearn 的 adjusted_rand_score 比较其 labels。"))

register(Exercise(
    id="08.3",
    question="Set the arrears early-warning rule with kam.arrears_warning on the months before "
             "2024-01-01 (default window, horizon and late_days), with a reporting lag of two "
             "months and an alarm budget of 5 % of the account-quarters. How many accounts "
             "does it flag at the first hold-out origin, 2024-01-01?",
    solution=_flagged_first_holdout, kind="number", tables=_TABLES,
    idea_en="Set the alarm threshold on the earlier months so that only a small budget of "
            "account-quarters is flagged, then count the accounts above it at the first "
            "origin of the hold-out.",
    idea_zh="用较早的月份设定报警阈值，使只有少量账户-季度被标记；再数一数留出期第一个起点"
            "超过阈值的账户。",
    hint_en="kam.arrears_warning on case.monthly with the split '2024-01-01', a lag of 2 and "
            "an alarm rate of 0.05; count the rows of its warning_list.",
    hint_zh="对 case.monthly 调用 kam.arrears_warning（分割点 '2024-01-01'，lag 为 2，"
            "alarm_rate 为 0.05），数一数 warning_list 的行数。"))

register(Exercise(
    id="08.4",
    question="Repeat exercise 08.2 (k=4) without standardising the features (scale=False). "
             "What is the adjusted Rand index against the planted types now?",
    solution=lambda case: _ari(case, scale=False), kind="number", tolerance=1e-6,
    tables=_TABLES,
    idea_en="Without standardising, the feature with the largest spread decides the distances "
            "almost alone; cluster again and compare with the planted types.",
    idea_zh="不做标准化时，方差最大的特征几乎单独决定距离；重新聚类，再与真实类型比较。",
    hint_en="The same segment.cluster call as in 08.2 with scale set to False: the feature "
            "with the largest spread (level, in log kWh) then decides the clusters almost "
            "alone.",
    hint_zh="与 08.2 相同的 segment.cluster 调用，但 scale 设为 False：此时方差最大的特征"
            "（对数用电量 level）几乎单独决定聚类。"))
