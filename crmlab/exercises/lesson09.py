"""Lesson 09 (case: the small-firm CRM adoption survey) exercises.

The reference solutions read the case's ``respondents`` table, so they hold for
the shipped case and for ``load_case("sme_survey", seed=...)``.
"""
from __future__ import annotations

from crmlab.survey import crosstab_test, implied_sample_sizes, share_table
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _special_service_low_small(case) -> float:
    small = case.respondents[case.respondents["size"].astype(str) == "small"]
    table = share_table(small, ["gives_special_service"])
    return float(table["ci_low"].iloc[0])


def _adoption_p_value(case) -> float:
    return crosstab_test(case.respondents, "size", "adopted_crm").p_value


ROUTES = ("route_outside_company", "route_trained_own_staff", "route_hired_specialists")


def _smallest_adopter_base(case) -> int:
    adopters = case.respondents[case.respondents["adopted_crm"]]
    percents = [round(100 * float(adopters[c].astype(bool).mean()), 1) for c in ROUTES]
    return int(implied_sample_sizes(percents)[0])


def _medium_adopted_or_planning(case) -> float:
    r = case.respondents
    medium = r[r["size"].astype(str) == "medium"]
    planning = medium["plans_within_two_years"].fillna(False).astype(bool)
    return float((medium["adopted_crm"].astype(bool) | planning).mean())


register(Exercise(
    id="09.1",
    question="What is the lower end of the 95% Wilson confidence interval for the share of "
             "small firms (size 'small') that give customers special service (column "
             "gives_special_service of case.respondents)? Answer as a proportion between 0 "
             "and 1.",
    solution=_special_service_low_small, kind="number", tolerance=1e-4,
    tables=("respondents",),
    idea_en="Keep one size class; its base is smaller than the whole sample, so the interval "
            "around the share is wider. Read its lower end.",
    idea_zh="只保留一个规模类别；其样本量小于全样本，所以比例的区间更宽。读取区间的下限。",
    hint_en="survey.share_table on the small firms' rows for the question gives_special_service; "
            "read its ci_low column.",
    hint_zh="对小型企业的行调用 survey.share_table，问题为 gives_special_service；读取 ci_low 列。"))

register(Exercise(
    id="09.2",
    question="Does adoption itself depend on firm size? Over all respondents, answer the "
             "p-value of Pearson's chi-square test of size against adopted_crm (no continuity "
             "correction).",
    solution=_adoption_p_value, kind="number", tolerance=1e-4, tables=("respondents",),
    idea_en="Cross-tabulate firm size against adoption, compare the observed counts with the "
            "counts independence would give, and read the p-value of the chi-square statistic.",
    idea_zh="把企业规模与是否采用做交叉表，比较观察频数与独立时的期望频数，读取卡方统计量的 p 值。",
    hint_en="survey.crosstab_test on case.respondents with size as rows and adopted_crm as "
            "columns; read its p_value.",
    hint_zh="对 case.respondents 调用 survey.crosstab_test，行为 size、列为 adopted_crm；"
            "读取 p_value。"))

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
    question="Within two years, how many medium-sized firms may use CRM? Of all medium-sized "
             "firms (size 'medium', adopters and non-adopters), what share has adopted CRM or, "
             "not having adopted it, plans to within one to two years? Answer as a proportion "
             "between 0 and 1.",
    solution=_medium_adopted_or_planning, kind="number", tolerance=1e-6,
    tables=("respondents",),
    idea_en="Change the base: take every medium-sized firm, and count those that already use "
            "CRM together with those that plan to adopt it.",
    idea_zh="换一个基数：取全部中型企业，把已采用的与计划采用的企业一起计数。",
    hint_en="Keep the rows whose size is 'medium'; a firm counts when adopted_crm is True or "
            "plans_within_two_years is True (missing for adopters: treat it as False).",
    hint_zh="保留 size 为 'medium' 的行；adopted_crm 为 True 或 plans_within_two_years 为 True 的"
            "企业计入（已采用企业的该题缺失，按 False 处理）。"))
