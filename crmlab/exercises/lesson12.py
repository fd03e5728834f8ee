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


def _fast_accepted_effect(world) -> float:
    fit = satisfaction.recovery_effects(satisfaction.complaint_panel(world),
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
    hint_en="panel = satisfaction.complaint_panel(world); take year 2024 and the mean of "
            "(complaints > 0).",
    hint_zh="用 satisfaction.complaint_panel(world)，取 2024 年的行，计算 complaints > 0 的比例。"))

register(Exercise(
    id="12.2",
    question="Open complaints. Take the tickets of type 'complaint' and severity 'high'. "
             "With Kaplan-Meier (duration days_to_resolve, event resolved: open tickets are "
             "censored), what share of them is still open 30 days after it was opened? "
             "Answer S(30), a share between 0 and 1.",
    solution=_high_complaints_open_after_30_days, kind="number",
    tables=("tickets",),
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
    hint_en="In the panel keep year == 2024 and survey_satisfaction <= 4, then the mean of "
            "(complaints == 0).",
    hint_zh="在 complaint_panel 中保留 2024 年且 survey_satisfaction <= 4 的行，"
            "计算 complaints == 0 的比例。"))

register(Exercise(
    id="12.4",
    question="Service recovery. With satisfaction.recovery_effects on "
             "satisfaction.complaint_panel(world), outcome next_survey_satisfaction and "
             "control survey_satisfaction, what is the estimated difference in next year's "
             "survey satisfaction (1-7 points) between customers whose complaints were all "
             "accepted and resolved within 7 days on average and customers without complaints?",
    solution=_fast_accepted_effect, kind="number", tolerance=1e-4,
    tables=("customers", "relationships", "tickets", "survey"),
    hint_en="fit.params.loc['fast_accepted', 'estimate'].",
    hint_zh="读取 fit.params 中 fast_accepted 的 estimate。"))

register(Exercise(
    id="12.5",
    question="Early warning. Build kam.warning_signals(world, 2024) and "
             "kam.warning_outcomes(world, 2024) and evaluate the lists with a budget of k = 5 "
             "accounts per manager. What is the recall of the combined list for churn "
             "(the share of the accounts that churned in 2025 that the list named)?",
    solution=_combined_recall, kind="number", tolerance=1e-6,
    tables=None,
    hint_en="kam.evaluate_early_warning(signals, outcomes, k=5); the row with list "
            "'combined' and event 'churn'.",
    hint_zh="用 kam.evaluate_early_warning(signals, outcomes, k=5)，取 list 为 combined、"
            "event 为 churn 的 recall。"))
