"""Lesson 12 (complaints, service recovery and the early-warning list) exercises,
registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on every
student's seed.

Examples
--------
>>> from crmlab import teach
>>> teach.get("12.1").kind
'number'
"""
from __future__ import annotations

from crmlab import kam, lifecycle, satisfaction
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _complaint_share_2024(world) -> float:
    panel = satisfaction.complaint_panel(world)
    year = panel[panel["year"] == 2024]
    return float((year["complaints"] > 0).mean())


def _high_complaints_open_after_30_days(world) -> float:
    tk = world.tickets[(world.tickets["type"] == "complaint")
                       & (world.tickets["severity"] == "high")]
    curve = lifecycle.survival(tk, duration="days_to_resolve", event="resolved").table
    return float(curve.loc[curve["time"] <= 30, "survival"].iloc[-1])


def _silent_share_2024(world) -> float:
    panel = satisfaction.complaint_panel(world)
    low = panel[(panel["year"] == 2024) & (panel["survey_satisfaction"] <= 4)]
    return float((low["complaints"] == 0).mean()) if len(low) else 0.0


def _fast_accepted_effect_medium(world) -> float:
    panel = satisfaction.complaint_panel(world)
    fit = satisfaction.recovery_effects(panel[panel["size"].astype(str) == "medium"],
                                        "next_survey_satisfaction", control="survey_satisfaction")
    return float(fit.params.loc["fast_accepted", "estimate"])


def _combined_recall(world) -> float:
    ev = kam.evaluate_early_warning(kam.warning_signals(world, 2024),
                                    kam.warning_outcomes(world, 2024), k=5)
    row = ev[(ev["list"] == "combined") & (ev["event"] == "churn")]
    return float(row["recall"].iloc[0])


register(Exercise(
    id="12.1",
    question="Complaint rate. Of the customers active in 2024 (the rows of "
             "world.relationships with year 2024), what share opened at least one ticket of "
             "type 'complaint' dated in 2024? Answer a share between 0 and 1.",
    solution=_complaint_share_2024, kind="number",
    tables=("customers", "relationships", "tickets", "survey"),
    idea_en="Take the customers active in the year and count the share that complained at "
            "least once.",
    idea_zh="取当年的活跃客户，数一数至少投诉过一次的比例。",
    hint_en="satisfaction.complaint_panel gives one row per customer and year; keep 2024 and "
            "take the share of rows with more than zero complaints.",
    hint_zh="用 satisfaction.complaint_panel（每位客户每年一行），取 2024 年的行，"
            "计算投诉数大于零的比例。"))

register(Exercise(
    id="12.2",
    question="Open complaints. Take the tickets of type 'complaint' and severity 'high'. "
             "With Kaplan-Meier (duration days_to_resolve, event resolved: open tickets are "
             "censored), what share of them is still open 30 days after it was opened? "
             "Answer S(30), a share between 0 and 1.",
    solution=_high_complaints_open_after_30_days, kind="number",
    tables=("tickets",),
    idea_en="Tickets still open are censored, not resolved: estimate the curve of the share "
            "still open over time and read it at 30 days.",
    idea_zh="仍未解决的工单是删失数据而非已解决：估计“仍未解决比例”随时间的曲线，读取第 30 天的值。",
    hint_en="lifecycle.survival gives the Kaplan-Meier curve: read its table at the last "
            "time not after 30 days.",
    hint_zh="lifecycle.survival 给出 Kaplan-Meier 曲线：在其 table 中读取不超过 30 天的最后一个时点。"))

register(Exercise(
    id="12.3",
    question="Silent dissatisfaction. Among the customers surveyed in 2024 whose mean "
             "satisfaction score (the three satis items averaged over the year's "
             "respondents; survey_satisfaction in satisfaction.complaint_panel) is at most 4, "
             "what share opened no complaint ticket in 2024? Answer a share between 0 and 1.",
    solution=_silent_share_2024, kind="number",
    tables=("customers", "relationships", "tickets", "survey"),
    idea_en="Set the survey against the tickets: among the dissatisfied customers of the "
            "year, count the share that never complained.",
    idea_zh="把调查与工单对照：在当年不满意的客户中，数一数从未投诉的比例。",
    hint_en="In satisfaction.complaint_panel keep the 2024 rows with survey_satisfaction at "
            "most 4, then take the share with no complaints.",
    hint_zh="在 satisfaction.complaint_panel 中保留 2024 年且 survey_satisfaction 不超过 4 的行，"
            "计算没有投诉的比例。"))

register(Exercise(
    id="12.4",
    question="Service recovery among medium-sized customers. Keep the rows of "
             "satisfaction.complaint_panel(world) whose size is 'medium'. With "
             "satisfaction.recovery_effects on them, outcome next_survey_satisfaction and "
             "control survey_satisfaction, what is the estimated difference in next year's "
             "survey satisfaction (1-7 points) between customers whose complaints were all "
             "accepted and resolved within 7 days on average and customers without complaints?",
    solution=_fast_accepted_effect_medium, kind="number", tolerance=1e-4,
    tables=("customers", "relationships", "tickets", "survey"),
    idea_en="Repeat the lesson's controlled comparison on one size class: next year's survey "
            "satisfaction of the well-handled complainers against customers without "
            "complaints, holding this year's satisfaction fixed.",
    idea_zh="在一个规模类别上重复课程中的控制比较：在控制今年满意度的前提下，比较处理得好的投诉客户"
            "与未投诉客户明年的调查满意度。",
    hint_en="satisfaction.recovery_effects on the medium-sized panel rows; read the estimate "
            "of the row fast_accepted in its params.",
    hint_zh="对中型客户的面板行调用 satisfaction.recovery_effects；读取 params 中 "
            "fast_accepted 一行的 estimate。"))

register(Exercise(
    id="12.5",
    question="Early warning. Build kam.warning_signals(world, 2024) and "
             "kam.warning_outcomes(world, 2024) and evaluate the lists with a budget of k = 5 "
             "accounts per manager. What is the recall of the combined list for churn "
             "(the share of the accounts that churned in 2025 that the list named)?",
    solution=_combined_recall, kind="number", tolerance=1e-6,
    tables=None,
    idea_en="Give each manager a budget of accounts to call, take the accounts the combined "
            "list names, and ask what share of next year's churners it named.",
    idea_zh="给每位客户经理一个可联系账户的名额，取综合名单列出的账户，看它命中了下一年流失客户的多少比例。",
    hint_en="kam.evaluate_early_warning on the signals and outcomes of 2024 with a budget k of "
            "5; the recall in the row whose list is 'combined' and event 'churn'.",
    hint_zh="对 2024 年的 signals 与 outcomes 调用 kam.evaluate_early_warning（k 为 5），"
            "取 list 为 combined、event 为 churn 一行的 recall。"))
