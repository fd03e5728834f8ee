"""Lesson 11 (the empirical chapter of a satisfaction thesis) exercises, registered in
:mod:`crmlab.teach` on import.

Each reference solution is a function of the world (the Kano exercise reads the
``kano_survey`` case generated with the world's seed, which the lesson loads beside the
world), so the same exercise holds on every seed and is graded on the student's world.
Most exercises repeat a step of the lesson on the respondents of one survey year, so that
the lesson's full-sample figures do not give the answer away.

Examples
--------
>>> from crmlab import teach
>>> teach.get("11.1").kind
'number'
"""
from __future__ import annotations

import pandas as pd

from crmlab import identify, satisfaction
from crmlab.datasets import load_case
from crmlab.teach import Exercise, register

__all__: list[str] = []

YEAR = 2023
QUALITY = ("product_quality", "service_quality", "personnel_quality", "image")
CAUSES = ["expectation", *QUALITY]
#: The 1-7 answers as the grades of the fuzzy evaluation, best first.
GRADES = {7: "很满意", 6: "满意", 5: "较满意", 4: "一般", 3: "较不满意", 2: "不满意", 1: "很不满意"}


def _year(world) -> pd.DataFrame:
    return world.survey[world.survey["year"] == YEAR]


def _alpha_loyalty(world) -> float:
    blocks, _ = satisfaction.acsi_model()
    return float(satisfaction.cronbach_alpha(_year(world)[blocks["loyalty"]].dropna(),
                                             scale=None).alpha)


def _htmt_satisfaction_loyalty(world) -> float:
    blocks, _ = satisfaction.acsi_model()
    out = satisfaction.htmt(_year(world), {"satisfaction": blocks["satisfaction"],
                                           "loyalty": blocks["loyalty"]})
    return float(out.loc["loyalty", "satisfaction"])


def _harman_share(world) -> float:
    blocks, _ = satisfaction.acsi_model()
    items = [i for c in ("perceived_value", "satisfaction", "loyalty") for i in blocks[c]]
    return float(satisfaction.harman_test(_year(world)[items].dropna()).first_share)


def _indirect_effect(world) -> float:
    blocks, _ = satisfaction.acsi_model()
    survey = _year(world)
    scores = pd.DataFrame({c: survey[block].mean(axis=1) for c, block in blocks.items()}).dropna()
    z = (scores - scores.mean()) / scores.std()
    res = satisfaction.process(z, "perceived_value", "loyalty", "satisfaction", covariates=CAUSES,
                               boot=200, seed=0)
    return float(res.indirect["estimate"].iloc[0])


def _worse_support_large(world) -> float:
    if world.seed is None:
        raise ValueError("11.5: the Kano case is generated with the world's seed; this world "
                         "has none (a firm's own archive)")
    case = load_case("kano_survey", seed=world.seed)
    answers = case.kano_answers[case.kano_answers["size"] == "large"]
    pairs = {"technical_support": ("functional_technical_support",
                                   "dysfunctional_technical_support")}
    table = satisfaction.kano_table(satisfaction.kano_classify(answers, pairs))
    return float(table.loc["technical_support", "worse"])


def _fuzzy_score(world) -> float:
    blocks, _ = satisfaction.acsi_model()
    survey = _year(world)
    scores = pd.DataFrame({c: survey[blocks[c]].mean(axis=1) for c in QUALITY}).dropna()
    memberships = {c: satisfaction.membership_matrix(survey, blocks[c], GRADES) for c in QUALITY}
    weights = identify.entropy_weights(scores, list(QUALITY), "benefit")
    sub = {c: identify.entropy_weights(survey[blocks[c]].dropna(), list(blocks[c]), "benefit")
           for c in QUALITY}
    res = satisfaction.fuzzy_evaluation_two_level(memberships, weights, sub,
                                                  grade_values={v: k for k, v in GRADES.items()})
    return float(res.score)


register(Exercise(
    id="11.1",
    question="Reliability in one year. Among the survey respondents of 2023, what is Cronbach's "
             "alpha of the loyalty scale (items loyal_1, loyal_2, loyal_3; respondents with a "
             "missing answer left out, listwise)?",
    solution=_alpha_loyalty, kind="number", tables=("survey",),
    idea_en="Keep the answers of one survey year, then compute the internal consistency of "
            "the three loyalty items.",
    idea_zh="只保留一个调查年度的回答，再计算三个忠诚度题项的内部一致性。",
    hint_en="Filter world.survey on year 2023 and pass the three loyalty items to "
            "satisfaction.cronbach_alpha; read its alpha.",
    hint_zh="按 year 为 2023 筛选 world.survey，把三个忠诚度题项传给 satisfaction.cronbach_alpha，"
            "读取 alpha。"))

register(Exercise(
    id="11.2",
    question="Discriminant validity in one year. Among the survey respondents of 2023 (complete "
             "answers on the six items), what is the heterotrait-monotrait ratio (HTMT) between "
             "satisfaction (satis_1-3) and loyalty (loyal_1-3)?",
    solution=_htmt_satisfaction_loyalty, kind="number", tables=("survey",),
    idea_en="Divide the mean correlation between the items of the two scales by the geometric "
            "mean of the mean correlations within each scale.",
    idea_zh="用两个量表题项之间的平均相关，除以各量表内部平均相关的几何平均。",
    hint_en="satisfaction.htmt on the 2023 rows with two blocks, satisfaction and loyalty; "
            "the value sits in the loyalty row, satisfaction column.",
    hint_zh="对 2023 年的行调用 satisfaction.htmt，传入 satisfaction 与 loyalty 两个 block；"
            "结果在 loyalty 行、satisfaction 列。"))

register(Exercise(
    id="11.3",
    question="Harman's test in one year. Take the nine items of perceived value, satisfaction "
             "and loyalty (value_1-3, satis_1-3, loyal_1-3) of the 2023 respondents who answered "
             "all nine. What share of their total variance does the first unrotated factor "
             "explain? Answer a share between 0 and 1.",
    solution=_harman_share, kind="number", tables=("survey",),
    idea_en="The first unrotated factor's share is its eigenvalue of the item correlation "
            "matrix over the number of items.",
    idea_zh="第一个未旋转因子的方差解释率等于题项相关矩阵的最大特征值除以题项数。",
    hint_en="satisfaction.harman_test on the nine items of the 2023 rows with missing answers "
            "dropped; read first_share.",
    hint_zh="对 2023 年去掉缺失值后的九个题项调用 satisfaction.harman_test，读取 first_share。"))

register(Exercise(
    id="11.4",
    question="Mediation in one year. For the 2023 respondents, take each respondent's scale "
             "means of the nine constructs (the mean of the items they answered; respondents "
             "without a mean on some scale left out), standardize "
             "each over these respondents (mean 0, SD 1 with n - 1), and fit PROCESS model 4 "
             "with X = perceived value, M = satisfaction, Y = loyalty and the other causes of "
             "satisfaction (expectation and the four quality scales) as covariates, as in the "
             "lesson. What is the point estimate of the indirect effect a × b?",
    solution=_indirect_effect, kind="number", tolerance=1e-6, tables=("survey",),
    idea_en="The indirect effect is the product of the path from value to satisfaction and "
            "the path from satisfaction to loyalty controlling for value; the bootstrap only "
            "gives its interval.",
    idea_zh="间接效应等于价值到满意的路径系数，乘以控制价值后满意到忠诚的路径系数；"
            "Bootstrap 只给出它的置信区间。",
    hint_en="Build the z-scored scale means for 2023 and call satisfaction.process with model 4 "
            "and the five covariates; read the estimate in its indirect table.",
    hint_zh="为 2023 年构造标准化的量表均值，用 satisfaction.process 拟合模型 4 并加入五个控制变量，"
            "读取 indirect 表中的 estimate。"))

register(Exercise(
    id="11.5",
    question="Kano by segment. In the kano_survey case of your seed (the lesson's setup cell "
             "loads it beside your world), classify technical support for the respondents "
             "from large firms only (size 'large'). "
             "What is its Worse coefficient, -(O + M) / (A + O + M + I)? Answer a number "
             "between -1 and 0.",
    solution=_worse_support_large, kind="number", tables=(),
    idea_en="Classify every large-firm respondent's answer pair on technical support, count "
            "the categories, and divide the one-dimensional and must-be answers by all "
            "answers except reverse and questionable ones.",
    idea_zh="对大企业受访者的技术支持题对逐一分类、计数，再用期望属性与必备属性之和除以"
            "去掉反向和可疑结果后的总数。",
    hint_en="satisfaction.kano_classify on the large-firm rows with the technical support pair, "
            "then satisfaction.kano_table; read worse.",
    hint_zh="对大企业的行用 satisfaction.kano_classify 分类技术支持题对，再用 "
            "satisfaction.kano_table，读取 worse。"))

register(Exercise(
    id="11.6",
    question="Fuzzy evaluation in one year. Repeat the lesson's two-level fuzzy evaluation for "
             "the 2023 respondents only: membership matrices of the four quality scales' items "
             "over the seven answers, entropy weights (benefit, min-max) of the four scale means "
             "(respondents with a mean on all four) and of each scale's items (complete rows), "
             "operator M(·,⊕), grade values 7 to 1. What is the weighted score on the 1-7 scale?",
    solution=_fuzzy_score, kind="number", tolerance=1e-6, tables=("survey",),
    idea_en="Evaluate each quality scale from its items first, then combine the four "
            "evaluation vectors with the scales' weights and score the result with the grade "
            "values.",
    idea_zh="先由题项评价每个质量维度，再用各维度的权重合成四个评价向量，最后用等级分值计算得分。",
    hint_en="membership_matrix per scale, identify.entropy_weights at both levels, then "
            "satisfaction.fuzzy_evaluation_two_level with the grade values; read score.",
    hint_zh="每个维度用 membership_matrix，两级权重都用 identify.entropy_weights，再调用 "
            "satisfaction.fuzzy_evaluation_two_level 并给出等级分值，读取 score。"))
