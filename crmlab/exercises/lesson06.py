"""Lesson 06 (key-account management) exercises, registered in :mod:`crmlab.teach` on import."""
from __future__ import annotations

from crmlab import kam
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _retention_2024(world) -> float:
    return float(kam.kam_kpis(world, by=None, period=2024).loc["all", "retention_rate"])


def _seed_key_accounts_2025(world) -> int:
    return int(kam.key_accounts(world, period=2025)["seed_key_account"].sum())


def _top_manager_2024(world) -> str:
    return str(kam.kam_kpis(world, period=2024)["sales"].idxmax())


def _captured_top_decile(world) -> float:
    return float(kam.fit_payment_warning(world, split="2024-01-01").gains["captured"].iloc[0])


register(Exercise(
    id="06.1",
    question="What was the company's customer retention rate (客户保持率) in 2024: the share of "
             "the customers that bought in 2023 that bought again in 2024? Answer as a "
             "proportion between 0 and 1.",
    solution=_retention_2024, kind="number", tolerance=1e-9,
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    hint_en="kam.kam_kpis(world, by=None, period=2024) has a retention_rate column.",
    hint_zh="kam.kam_kpis(world, by=None, period=2024) 的 retention_rate 列。"))

register(Exercise(
    id="06.2",
    question="How many customers were key accounts in 2025 by the seeds' definition (buys "
             "often, in volume, at a good margin, and is loyal), with the default thresholds of "
             "kam.key_accounts? Answer with a whole number.",
    solution=_seed_key_accounts_2025, kind="number",
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    idea_en="Apply the same four conditions as the lesson, but to the buyers of the "
            "following year, and count the customers that meet all four.",
    idea_zh="对下一年的购买客户应用课程中的同样四个条件，数一数同时满足四个条件的客户。",
    hint_en="kam.key_accounts with period set to the year; its seed_key_account column flags "
            "the key accounts.",
    hint_zh="kam.key_accounts（period 设为该年）；其 seed_key_account 列标出大客户。"))

register(Exercise(
    id="06.3",
    question="Which account manager had the highest sales (net revenue) in 2024? Answer with "
             "the manager's code, for example 'AM001'.",
    solution=_top_manager_2024, kind="text",
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    hint_en="kam.kam_kpis(world, period=2024)['sales'].idxmax()",
    hint_zh="用 kam.kam_kpis(world, period=2024)['sales'].idxmax() 找出销售额最高的客户经理。"))

register(Exercise(
    id="06.4",
    question="Fit the receivables early warning on the quarters before 2024 "
             "(kam.fit_payment_warning(world, split='2024-01-01')). What share of all late "
             "payers in the hold-out does the riskiest tenth of customer-quarters contain? "
             "Answer as a proportion between 0 and 1.",
    solution=_captured_top_decile, kind="number", tolerance=1e-6,
    tables=("customers", "orders", "invoices", "survey", "value_audit"),
    hint_en="The gains table's first row, column captured.",
    hint_zh="看 gains 表第一行的 captured 列。"))
