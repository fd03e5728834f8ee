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

    index = satisfaction_index(world.survey, "perceived_service", "expected_service", tolerance=0.15)
    answered = index["satisfaction_class"].dropna()
    return float((answered == "dissatisfied").mean())


def _alpha_satisfaction_2019(world) -> float:
    from crmlab.satisfaction import cronbach_alpha

    survey = world.survey[world.survey["year"] == 2019]
    return cronbach_alpha(survey[list(CONSTRUCTS["satisfaction"])], missing="listwise").alpha


def _service_gap_users(world) -> float:
    from crmlab.satisfaction import gap_scores

    users = world.survey[world.survey["role"].astype(str) == "user"]
    return float(gap_scores(users, "perceived_service", "expected_service").loc["service", "gap"])


def _service_weight_2024(world) -> float:
    from crmlab.satisfaction import driver_analysis

    survey = world.survey[world.survey["year"] == 2024]
    survey = survey.assign(satisfaction=survey[list(CONSTRUCTS["satisfaction"])]
                           .mean(axis=1, skipna=False))
    drivers = [f"perceived_{a}" for a in ATTRIBUTES]
    table = driver_analysis(survey, "satisfaction", drivers).table
    return float(table.loc["perceived_service", "importance"])


def _next_wallet_unexplained(world) -> float:
    import statsmodels.formula.api as smf

    from crmlab.satisfaction import satisfaction_to_behaviour

    joined = satisfaction_to_behaviour(world)
    fit = smf.ols("share_of_wallet_next ~ satisfaction + share_of_wallet", joined).fit()
    return float(1 - fit.rsquared)


def _marker_complaint_path(world) -> float:
    from crmlab.satisfaction import acsi_model, fit_path_model

    blocks, paths = acsi_model()
    items = [i for block in blocks.values() for i in block] + list(MARKER_ITEMS)
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    res = fit_path_model(firms, blocks, paths, bootstrap=0, marker=list(MARKER_ITEMS))
    return float(res.params["satisfaction -> complaint"])


register(Exercise(
    id="02.1",
    question="The ratio index with a wider band. For every respondent of world.survey compute "
             "perceived_service / expected_service and class it with a tolerance of 0.15: "
             "above 1.15 'highly satisfied', below 0.85 'dissatisfied', otherwise 'satisfied' "
             "(so 6 against 7 now counts as satisfied). Leave out respondents who did not "
             "answer both questions. What share of the remaining respondents is "
             "'dissatisfied' with service? Answer a share between 0 and 1.",
    solution=_service_dissatisfied_share, kind="number", tables=("survey",),
    idea_en="Divide perceived by expected service for each respondent, widen the band around "
            "1 that counts as satisfied, and count the share that falls below the band.",
    idea_zh="对每位受访者用感知服务除以期望服务，放宽 1 附近算作满意的区间，"
            "再数一数低于该区间的比例。",
    hint_en="satisfaction.satisfaction_index on perceived_service and expected_service with "
            "tolerance 0.15; drop the rows whose satisfaction_class is missing and take the "
            "share of 'dissatisfied'.",
    hint_zh="用 satisfaction.satisfaction_index 计算 perceived_service 与 expected_service，"
            "tolerance 设为 0.15；去掉类别缺失的行，求“dissatisfied”所占比例。"))

register(Exercise(
    id="02.2",
    question="Reliability in the first wave. What is Cronbach's alpha (raw, not standardized) "
             "of the three satisfaction items satis_1, satis_2 and satis_3, among the "
             "respondents of world.survey with year 2019 who answered all three (listwise "
             "deletion)?",
    solution=_alpha_satisfaction_2019, kind="number", tables=("survey",),
    idea_en="Keep one survey year and the respondents with all three answers; alpha compares "
            "the items' own variances with the variance of their total.",
    idea_zh="只保留一年、三题都作答的受访者；α 把各题方差之和与总分方差相比较。",
    hint_en="Filter world.survey on the year, then call satisfaction.cronbach_alpha on the "
            "three satis columns with missing set to 'listwise' and read its alpha; or use "
            "k/(k-1) times one minus the sum of item variances over the variance of the total.",
    hint_zh="按年份筛选 world.survey，对三个 satis 列调用 satisfaction.cronbach_alpha"
            "（missing 设为 'listwise'），读取 alpha；或用 k/(k−1) 乘以 1 减去各题方差之和与总分方差之比。"))

register(Exercise(
    id="02.3",
    question="The SERVQUAL gap of the users. Among the respondents of world.survey whose role "
             "is 'user' and who answered both perceived_service and expected_service, what is "
             "the mean of perceived_service minus expected_service, in scale points?",
    solution=_service_gap_users, kind="number", tables=("survey",),
    idea_en="Keep one role of the buying center, subtract expectation from perception for "
            "each respondent who answered both, and average.",
    idea_zh="只保留采购中心中的一种角色，对两题都作答的受访者计算 感知 − 期望，再求平均。",
    hint_en="Filter world.survey on the role column, then satisfaction.gap_scores on "
            "perceived_service and expected_service and read the gap of service; a negative "
            "gap means performance falls short of expectation.",
    hint_zh="按 role 列筛选 world.survey，再用 satisfaction.gap_scores 计算 perceived_service "
            "与 expected_service，读取 service 的 gap；负值表示绩效低于期望。"))

register(Exercise(
    id="02.4",
    question="Derived importance in one survey wave. Keep the respondents of "
             "world.survey with year 2024. Score each one's satisfaction as the mean of "
             "satis_1, satis_2 and satis_3 (missing if any of them is missing), and explain it "
             "by perceived_product, perceived_service, perceived_personnel and perceived_image "
             "(respondents with all five values). What relative weight (Johnson 2000; the "
             "part of R² attributed to the driver) does perceived_service get? Answer a "
             "number between 0 and 1.",
    solution=_service_weight_2024, kind="number", tables=("survey",),
    idea_en="Same analysis as the lesson's, but on one year's respondents only: the relative "
            "weights split the R² of the regression among the four drivers.",
    idea_zh="与课程中的分析相同，只是只用一年的受访者：相对权重把回归的 R² 分摊给四个驱动因素。",
    hint_en="satisfaction.driver_analysis on the 2024 rows; its table has an importance "
            "column, one row per driver.",
    hint_zh="对 2024 年的行使用 satisfaction.driver_analysis；其 table 的 importance 列"
            "每个驱动因素一行。"))

register(Exercise(
    id="02.5",
    question="Does satisfaction add to past behaviour? Take satisfaction_to_behaviour(world): "
             "one row per surveyed customer and year. Regress share_of_wallet_next (our share "
             "the year after the survey) on the satisfaction score and this year's "
             "share_of_wallet by ordinary least squares, on the rows with all three values. "
             "What share of the variance of share_of_wallet_next is left unexplained, 1 − R², "
             "as a number between 0 and 1?",
    solution=_next_wallet_unexplained, kind="number",
    tables=("survey", "orders", "relationships", "value_audit"),
    idea_en="Explain next year's share of wallet by two predictors at once, satisfaction and "
            "this year's share, and report the part of the variance the regression leaves "
            "over.",
    idea_zh="用两个自变量（满意度与本年的客户占有率）同时解释下一年的客户占有率，"
            "报告回归未解释的方差比例。",
    hint_en="Fit an OLS regression with statsmodels' formula interface on the joined table, "
            "with both predictors on the right-hand side; one minus its rsquared is the "
            "answer.",
    hint_zh="用 statsmodels 的公式接口对该表做 OLS 回归，右边放两个自变量；"
            "1 减去其 rsquared 即为答案。"))

register(Exercise(
    id="02.6",
    question="Correct the path model for the halo only. Average each customer's respondents "
             "per year over the model's items and the three marker items (marker_1-3), fit the "
             "ACSI model of acsi_model() with plain (not consistent) PLS and the marker "
             "correction, without bootstrap. What is the satisfaction -> complaint path?",
    solution=_marker_complaint_path, kind="number", tolerance=1e-3, tables=("survey",),
    idea_en="Apply only one of the two corrections of the lesson, the one that removes the "
            "common-method variance measured by the marker items, and read the path from "
            "satisfaction to complaint.",
    idea_zh="只做课程两种校正中的一种：用标记变量去除共同方法方差，再读取满意到抱怨的路径。",
    hint_en="satisfaction.fit_path_model on the firm averages with the ACSI blocks and paths, "
            "no bootstrap, the three marker items as marker and consistent left off; read the "
            "satisfaction -> complaint entry of its params.",
    hint_zh="对企业平均值调用 satisfaction.fit_path_model，使用 ACSI 的 blocks 与 paths，"
            "不做 bootstrap，marker 为三个标记题项，不开启 consistent；读取 params 中 "
            "satisfaction -> complaint 一项。"))
