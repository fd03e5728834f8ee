"""Lesson 09 (case: the small-firm CRM adoption survey) exercises.

The reference solutions read the case's ``respondents`` table, so they hold for
the shipped case and for ``load_case("sme_survey", seed=...)``.
"""
from __future__ import annotations

from crmlab.survey import crosstab_test, implied_sample_sizes, share_table
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _special_service_low(case) -> float:
    table = share_table(case.respondents, ["gives_special_service"])
    return float(table["ci_low"].iloc[0])


def _plans_p_value(case) -> float:
    return crosstab_test(case.respondents, "size", "plans_within_two_years").p_value


ROUTES = ("route_outside_company", "route_trained_own_staff", "route_hired_specialists")


def _smallest_adopter_base(case) -> int:
    adopters = case.respondents[case.respondents["adopted_crm"]]
    percents = [round(100 * float(adopters[c].astype(bool).mean()), 1) for c in ROUTES]
    return int(implied_sample_sizes(percents)[0])


def _medium_plan_share(case) -> float:
    r = case.respondents
    asked = r[~r["adopted_crm"] & (r["size"] == "medium")]
    return float(asked["plans_within_two_years"].astype(bool).mean())


register(Exercise(
    id="09.1",
    question="What is the lower end of the 95% Wilson confidence interval for the share of "
             "firms that give customers special service (column gives_special_service of "
             "case.respondents, all respondents)? Answer as a proportion between 0 and 1.",
    solution=_special_service_low, kind="number", tolerance=1e-4, tables=("respondents",),
    hint_en="share_table(case.respondents, ['gives_special_service']) gives ci_low.",
    hint_zh="用 share_table(case.respondents, ['gives_special_service'])，读 ci_low 一列。"))

register(Exercise(
    id="09.2",
    question="Among the non-adopters (adopted_crm False), does the plan to adopt within two "
             "years depend on firm size? Answer with the p-value of Pearson's chi-square test "
             "of size against plans_within_two_years (no continuity correction).",
    solution=_plans_p_value, kind="number", tolerance=1e-4, tables=("respondents",),
    hint_en="crosstab_test(case.respondents, 'size', 'plans_within_two_years').p_value; "
            "adopters have no answer to that question and are left out.",
    hint_zh="crosstab_test(case.respondents, 'size', 'plans_within_two_years').p_value；"
            "已采用CRM的企业没有回答该题，会被自动排除。"))

register(Exercise(
    id="09.3",
    question="Report your own sample as the source did, then read it back. Among the "
             "adopters (adopted_crm True), compute the percentages of firms with "
             "route_outside_company, route_trained_own_staff and route_hired_specialists True, "
             "each rounded to one decimal (round half to even, as Python's round does). What is "
             "the smallest number of adopters for which all three one-decimal percentages are "
             "possible? Answer with a whole number.",
    solution=_smallest_adopter_base, kind="number", tables=("respondents",),
    idea_en="Three percentages printed to one decimal fit only some base sizes; the smallest "
            "is often far below the true base, which is why a report must print its base.",
    idea_zh="保留一位小数的三个百分比只与部分样本量相符；最小的那个往往远小于真实样本量，"
            "所以报告必须写明样本量。",
    hint_en="survey.implied_sample_sizes takes the list of percentages and lists the possible "
            "bases in increasing order.",
    hint_zh="survey.implied_sample_sizes 接受百分比列表，按从小到大列出可能的样本量。"))

register(Exercise(
    id="09.4",
    question="What share of the medium-sized non-adopters plans to adopt CRM within one to "
             "two years? Answer as a proportion between 0 and 1.",
    solution=_medium_plan_share, kind="number", tolerance=1e-6, tables=("respondents",),
    hint_en="Keep rows with adopted_crm False and size == 'medium', then take the mean of "
            "plans_within_two_years.",
    hint_zh="筛选 adopted_crm 为 False 且 size 为 'medium' 的企业，对 plans_within_two_years 求均值。"))
