"""Lesson 10 (your own data: CDNOW, the ECSI questionnaire, a B2B export) exercises.

10.1 reads the order book of the archive passed (the CDNOW archive in the lesson, the
student's world anywhere else); 10.2 reads the world's survey, which the lesson's 问卷星
export copies with one blank and one unreadable answer planted; 10.3 and 10.4 read the
world's order book, which the lesson's B2B export copies row for row. So every answer
depends on the student's world.
"""
from __future__ import annotations

import pandas as pd

from crmlab.identify import abc_classes, pareto_table
from crmlab.lifecycle import rfm_summary
from crmlab.satisfaction import cronbach_alpha
from crmlab.teach import Exercise, register

__all__: list[str] = []

def _no_repeat_share(world) -> float:
    # the calibration period: the order book's first 272 days (1997-01-01 to 1997-09-30
    # in CDNOW, Fader, Hardie & Lee 2005), so the exercise holds on any archive
    end = world.orders["date"].min() + pd.Timedelta(days=272)
    summary = rfm_summary(world.orders, end, freq="D")
    return float((summary["frequency"] == 0).mean())


def _export_alpha(world) -> float:
    # the lesson's export: satis_1-3, a blank at row 4 of item 2, an unreadable answer at
    # row 9 of item 1 (the reverse-worded item 3 is recoded back to satis_3)
    items = world.survey[["satis_1", "satis_2", "satis_3"]].reset_index(drop=True).copy()
    items.loc[4, "satis_2"] = items.loc[9, "satis_1"] = float("nan")
    return cronbach_alpha(items, scale=(1, 7)).alpha


def _top_fifth_share(world) -> float:
    table = pareto_table(world.orders, "net_revenue")
    return float(table.loc[table["customer_share"] <= 0.2, "share"].sum())


def _class_a_count(world) -> int:
    return int((abc_classes(world.orders, "net_revenue") == "A").sum())


register(Exercise(
    id="10.1",
    question="In the CDNOW archive, what share of the customers made no repeat purchase "
             "(frequency 0) in the 39-week calibration period ending 1997-09-30 (the first 272 "
             "days of the order book)? Answer as a proportion between 0 and 1.",
    solution=_no_repeat_share, kind="number", tolerance=1e-6, tables=("orders",),
    idea_en="Summarise each customer's purchases in the calibration period by its number of"
            " repeat purchases, and count the share with none.",
    idea_zh="按校准期内的重复购买次数汇总每位客户，数一数没有重复购买的比例。",
    hint_en="lifecycle.rfm_summary on the CDNOW orders with the end date 1997-09-30 and "
            "daily frequency; take the share of customers whose frequency is 0.",
    hint_zh="对 CDNOW 订单调用 lifecycle.rfm_summary（截止日 "
            "1997-09-30，按日计），求 frequency 为 0 的客户比例。"))

register(Exercise(
    id="10.2",
    question="What is Cronbach's alpha of the three 满意度 items read from the 问卷星 export "
             "(7-point scale, the reverse-worded item recoded, respondents with a missing "
             "answer left out)?",
    solution=_export_alpha, kind="number", tolerance=1e-6, tables=("survey",),
    idea_en="Alpha of the items as read, after the reverse-worded item is turned round; "
            "blank and unreadable answers stay missing.",
    idea_zh="对读入后的题项（反向题已转换）计算信度系数；空白和无法识别的回答保持缺失。",
    hint_en="Take the construct's columns that questionnaire.blocks lists from "
            "questionnaire.items and pass them to satisfaction.cronbach_alpha with the "
            "questionnaire's scale; read its alpha.",
    hint_zh="把 questionnaire.blocks 中该构念的题项从 "
            "questionnaire.items 取出，交给 "
            "satisfaction.cronbach_alpha（量表取问卷的 scale"
            "），读取 alpha。"))

register(Exercise(
    id="10.3",
    question="In the B2B archive read back from the export (the refused rows left out), what "
             "share of all net revenue do the top 20 % of customers bring? Answer as a "
             "proportion between 0 and 1.",
    solution=_top_fifth_share, kind="number", tolerance=1e-6, tables=("orders",),
    idea_en="Rank the customers of the archive by revenue and add up the revenue share of "
            "the top fifth.",
    idea_zh="按收入对档案中的客户排序，把前五分之一客户的收入份额加总。",
    hint_en="identify.pareto_table on the archive's orders with net_revenue as the value; "
            "add up the share of the rows whose customer_share is at most 0.2.",
    hint_zh="对档案订单调用 identify.pareto_table（值为 "
            "net_revenue），把 customer_share 不超过 0.2 的各"
            "行 share 相加。"))

register(Exercise(
    id="10.4",
    question="How many customers of the B2B archive read back from the export are in ABC "
             "class A (the default cut-offs: 80 % and 95 % of revenue)?",
    solution=_class_a_count, kind="number", tables=("orders",),
    idea_en="Class A is the smallest set of the largest customers that together reach four "
            "fifths of the revenue: count it.",
    idea_zh="A 类是累计收入达到五分之四的最少的大客户集合：数一数有多少位。",
    hint_en="identify.abc_classes on the archive's orders with net_revenue as the value; "
            "count the customers in class A.",
    hint_zh="对档案订单调用 identify.abc_classes（值为 "
            "net_revenue），数一数 A 类客户。"))
