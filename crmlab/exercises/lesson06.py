"""Lesson 06 (key-account management) exercises, registered in :mod:`crmlab.teach` on import."""
from __future__ import annotations

from crmlab import kam
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _retention_2025(world) -> float:
    return float(kam.kam_kpis(world, by=None, period=2025).loc["all", "retention_rate"])


def _seed_key_accounts_kept(world) -> float:
    flags = {year: kam.key_accounts(world, period=year)["seed_key_account"]
             for year in (2024, 2025)}
    first = flags[2024][flags[2024]].index
    if not len(first):
        return 0.0
    return float(flags[2025].reindex(first, fill_value=False).astype(bool).mean())


def _top_manager_2024(world) -> str:
    return str(kam.kam_kpis(world, period=2024)["sales"].idxmax())


def _captured_top_decile_2025(world) -> float:
    return float(kam.fit_payment_warning(world, split="2025-01-01").gains["captured"].iloc[0])


register(Exercise(
    id="06.1",
    question="What was the company's customer retention rate (客户保持率) in 2025: the share of "
             "the customers that bought in 2024 that bought again in 2025? Answer as a "
             "proportion between 0 and 1.",
    solution=_retention_2025, kind="number", tolerance=1e-9,
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    idea_en="Take last year's buyers and count the share of them that bought again this year.",
    idea_zh="取上一年的购买客户，数一数其中今年再次购买的比例。",
    hint_en="kam.kam_kpis for the whole company (no grouping) and the period 2025 has a "
            "retention_rate column.",
    hint_zh="对全公司（不分组）调用 kam.kam_kpis，period 设为 2025，读取 retention_rate 列。"))

register(Exercise(
    id="06.2",
    question="Are key accounts stable? Take the customers that were key accounts in 2024 by "
             "the seeds' definition (buys often, in volume, at a good margin, and is loyal), "
             "with the default thresholds of kam.key_accounts. What share of them is a key "
             "account by the same definition again in 2025? Answer a proportion between 0 "
             "and 1.",
    solution=_seed_key_accounts_kept, kind="number",
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    idea_en="Apply the same four conditions to two consecutive years and, among the key "
            "accounts of the first year, count the share that meets all four again in the "
            "second.",
    idea_zh="对相邻两年应用同样的四个条件；在第一年的大客户中，数一数第二年仍满足四个条件的比例。",
    hint_en="kam.key_accounts once with period 2024 and once with 2025; its seed_key_account "
            "column flags the key accounts, indexed by customer. A 2024 key account that did "
            "not buy in 2025 is not a key account then.",
    hint_zh="分别以 period 为 2024 与 2025 调用 kam.key_accounts；其 seed_key_account 列"
            "（以客户为索引）标出大客户。2025 年没有购买的 2024 年大客户不算大客户。"))

register(Exercise(
    id="06.3",
    question="Which account manager had the highest sales (net revenue) in 2024? Answer with "
             "the manager's code, for example 'AM001'.",
    solution=_top_manager_2024, kind="text",
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    idea_en="Add up each account manager's net revenue in the year and pick the largest.",
    idea_zh="把每位客户经理当年的净收入加总，选出最大的一位。",
    hint_en="kam.kam_kpis for the period 2024 (grouped by account manager by default); "
            "idxmax of its sales column.",
    hint_zh="用 kam.kam_kpis（period 为 2024，默认按客户经理分组），对 sales 列用 idxmax。"))

register(Exercise(
    id="06.4",
    question="Fit the receivables early warning on the quarters before 2025 "
             "(kam.fit_payment_warning with split '2025-01-01'), so that the hold-out is 2025 "
             "alone. What share of all late payers in the hold-out does the riskiest tenth of "
             "customer-quarters contain? Answer as a proportion between 0 and 1.",
    solution=_captured_top_decile_2025, kind="number", tolerance=1e-6,
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    idea_en="Train on the earlier quarters, rank the hold-out quarters by predicted risk, and "
            "ask what share of the real late payers the top tenth holds.",
    idea_zh="用较早的季度训练，按预测风险对留出季度排序，看风险最高的十分之一包含了多少实际逾期者。",
    hint_en="kam.fit_payment_warning with split '2025-01-01'; the first row (decile 1) of its "
            "gains table, column captured.",
    hint_zh="用 kam.fit_payment_warning，split 为 '2025-01-01'；看 gains 表第一行（第 1 个十分位）的 "
            "captured 列。"))
