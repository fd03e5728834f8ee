"""Lesson 02 (satisfaction) exercises, registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on
every student's seed.

Examples
--------
>>> from crmlab import teach
>>> teach.get("02.2").kind
'number'
"""
from __future__ import annotations

import numpy as np

from crmlab.datasets._schema import ATTRIBUTES, CONSTRUCTS, MARKER_ITEMS
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _service_dissatisfied_share(world) -> float:
    from crmlab.satisfaction import satisfaction_index

    index = satisfaction_index(world.survey, "perceived_service", "expected_service", tolerance=0.05)
    answered = index["satisfaction_class"].dropna()
    return float((answered == "dissatisfied").mean())


def _alpha_satisfaction(world) -> float:
    from crmlab.satisfaction import cronbach_alpha

    return cronbach_alpha(world.survey[list(CONSTRUCTS["satisfaction"])], missing="listwise").alpha


def _service_gap(world) -> float:
    from crmlab.satisfaction import gap_scores

    return float(gap_scores(world.survey, "perceived_service", "expected_service").loc["service", "gap"])


def _service_weight_2025(world) -> float:
    from crmlab.satisfaction import driver_analysis

    survey = world.survey[world.survey["year"] == 2025]
    survey = survey.assign(satisfaction=survey[list(CONSTRUCTS["satisfaction"])]
                           .mean(axis=1, skipna=False))
    drivers = [f"perceived_{a}" for a in ATTRIBUTES]
    table = driver_analysis(survey, "satisfaction", drivers).table
    return float(table.loc["perceived_service", "importance"])


def _wallet_unexplained(world) -> float:
    from crmlab.satisfaction import satisfaction_to_behaviour

    joined = satisfaction_to_behaviour(world)
    r = np.corrcoef(joined["satisfaction"], joined["share_of_wallet"])[0, 1]
    return float(1 - r**2)


def _corrected_complaint_path(world) -> float:
    from crmlab.satisfaction import acsi_model, fit_path_model

    blocks, paths = acsi_model()
    items = [i for block in blocks.values() for i in block] + list(MARKER_ITEMS)
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    res = fit_path_model(firms, blocks, paths, bootstrap=0, consistent=True,
                         marker=list(MARKER_ITEMS))
    return float(res.params["satisfaction -> complaint"])


register(Exercise(
    id="02.1",
    question="The ratio index. For every respondent of world.survey compute "
             "perceived_service / expected_service and class it with a tolerance of 0.05: "
             "above 1.05 'highly satisfied', below 0.95 'dissatisfied', otherwise 'satisfied'. "
             "Leave out respondents who did not answer both questions. What share of the "
             "remaining respondents is 'dissatisfied' with service? Answer a share between 0 "
             "and 1.",
    solution=_service_dissatisfied_share, kind="number", tables=("survey",),
    hint_en="satisfaction_index(world.survey, 'perceived_service', 'expected_service'), then "
            "the mean of satisfaction_class == 'dissatisfied' over the rows whose class is not "
            "missing.",
    hint_zh="用 satisfaction_index 计算服务的满意比值与类别，去掉类别缺失的行，"
            "再求“dissatisfied”所占比例（0 到 1 之间）。"))

register(Exercise(
    id="02.2",
    question="Reliability. What is Cronbach's alpha (raw, not standardized) of the three "
             "satisfaction items satis_1, satis_2 and satis_3 of world.survey, using only the "
             "respondents who answered all three (listwise deletion)?",
    solution=_alpha_satisfaction, kind="number", tables=("survey",),
    hint_en="alpha = k/(k-1) * (1 - sum of item variances / variance of the total), on the rows "
            "without a missing answer; or cronbach_alpha(items).alpha.",
    hint_zh="先删去有缺失答案的受访者，再用 α = k/(k−1)·(1 − 各题方差之和 / 总分方差)；"
            "或 cronbach_alpha(items).alpha。"))

register(Exercise(
    id="02.3",
    question="The SERVQUAL gap. For the respondents of world.survey who answered both "
             "perceived_service and expected_service, what is the mean of perceived_service "
             "minus expected_service, in scale points?",
    solution=_service_gap, kind="number", tables=("survey",),
    hint_en="(survey['perceived_service'] - survey['expected_service']).mean() skips the "
            "missing pairs; a negative gap means performance falls short of expectation.",
    hint_zh="计算 perceived_service − expected_service 的均值（缺失自动跳过）；"
            "负值表示绩效低于期望。"))

register(Exercise(
    id="02.4",
    question="Derived importance in the latest survey wave. Keep the respondents of "
             "world.survey with year 2025. Score each one's satisfaction as the mean of "
             "satis_1, satis_2 and satis_3 (missing if any of them is missing), and explain it "
             "by perceived_product, perceived_service, perceived_personnel and perceived_image "
             "(respondents with all five values). What relative weight (Johnson 2000; the "
             "part of R² attributed to the driver) does perceived_service get? Answer a "
             "number between 0 and 1.",
    solution=_service_weight_2025, kind="number", tables=("survey",),
    idea_en="Same analysis as the lesson's, but on one year's respondents only: the relative "
            "weights split the R² of the regression among the four drivers.",
    idea_zh="与课程中的分析相同，只是只用一年的受访者：相对权重把回归的 R² 分摊给四个驱动因素。",
    hint_en="satisfaction.driver_analysis on the 2025 rows; its table has an importance "
            "column, one row per driver.",
    hint_zh="对 2025 年的行使用 satisfaction.driver_analysis；其 table 的 importance 列"
            "每个驱动因素一行。"))

register(Exercise(
    id="02.5",
    question="Satisfaction is not loyalty. Take satisfaction_to_behaviour(world): one row per "
             "surveyed customer and year. Regress share_of_wallet (our share in the survey "
             "year) on the satisfaction score with a straight line. What share of the variance "
             "of share_of_wallet does satisfaction leave unexplained, 1 − R², as a number "
             "between 0 and 1?",
    solution=_wallet_unexplained, kind="number", tables=("survey", "orders", "relationships",
                                                         "value_audit"),
    hint_en="With one predictor R² is the squared correlation: 1 - "
            "joined['satisfaction'].corr(joined['share_of_wallet'])**2.",
    hint_zh="只有一个自变量时 R² 等于相关系数的平方：1 − r²，"
            "r 为 satisfaction 与 share_of_wallet 的相关系数。"))

register(Exercise(
    id="02.6",
    question="Correct the path model. Average each customer's respondents per year over the "
             "model's items and the three marker items (marker_1-3), fit the ACSI model of "
             "acsi_model() with consistent PLS and the marker correction, without bootstrap. "
             "What is the satisfaction -> complaint path?",
    solution=_corrected_complaint_path, kind="number", tolerance=1e-3, tables=("survey",),
    hint_en="fit_path_model(firms, blocks, paths, bootstrap=0, consistent=True, "
            "marker=['marker_1', 'marker_2', 'marker_3']).params['satisfaction -> complaint'].",
    hint_zh="fit_path_model(firms, blocks, paths, bootstrap=0, consistent=True, "
            "marker=['marker_1', 'marker_2', 'marker_3'])，再取 params['satisfaction -> "
            "complaint']。"))
