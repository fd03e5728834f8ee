"""Lesson 00 (welcome) exercises, registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on
every student's seed. Questions state the table, columns, period and unit so that
a student can reach the exact answer.

Examples
--------
>>> from crmlab import teach
>>> teach.get("00.2").kind
'number'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab.teach import Exercise, register

__all__: list[str] = []


def _revenue_by_customer(world) -> pd.Series:
    """Total net revenue per customer over the whole order book, customers with revenue > 0."""
    revenue = world.orders.groupby("customer_id")["net_revenue"].sum()
    return revenue[revenue > 0].sort_values(ascending=False)


# --- Lesson 00: welcome: the company, its archive, a first Pareto look ---------------------

def _net_revenue_2024(world) -> float:
    orders = world.orders
    return float(orders.loc[orders["date"].dt.year == 2024, "net_revenue"].sum())


def _pareto_share(world) -> float:
    revenue = _revenue_by_customer(world)
    cumulative = (revenue.cumsum() / revenue.sum()).to_numpy()
    # Smallest k whose cumulative share reaches 0.80 (guard against rounding just below).
    k = int(np.searchsorted(cumulative, 0.80 - 1e-12, side="left")) + 1
    return k / len(revenue)


def _top_industry_by_profit_per_customer_2025(world) -> str:
    orders = world.orders.loc[world.orders["date"].dt.year == 2025, ["customer_id", "gross_profit"]]
    lines = orders.merge(world.customers[["customer_id", "industry"]], on="customer_id",
                         how="left")
    by_industry = lines.groupby("industry", observed=True).agg(
        profit=("gross_profit", "sum"), customers=("customer_id", "nunique"))
    return str((by_industry["profit"] / by_industry["customers"]).idxmax())


def _top5_customers(world) -> set:
    return set(_revenue_by_customer(world).index[:5])


def _net_revenue_by_year(world) -> pd.Series:
    orders = world.orders
    revenue = orders.groupby(orders["date"].dt.year)["net_revenue"].sum()
    revenue.index = revenue.index.astype("int64").rename("year")
    return revenue.rename("net_revenue")


register(Exercise(
    id="00.1",
    question="What was the total net revenue of the company in calendar year 2024, in CNY "
             "(yuan)? Sum the column net_revenue of world.orders over all order lines whose "
             "date falls between 1 January and 31 December 2024.",
    solution=_net_revenue_2024, kind="number", tables=("orders",),
    idea_en="Keep the order lines of one calendar year and add up what customers paid, in "
            "yuan.",
    idea_zh="只保留一个日历年的订单行，把客户实付金额加总，单位为元。",
    hint_en="Filter world.orders on the year of its date column, then sum net_revenue. The "
            "answer is in yuan, not 万元.",
    hint_zh="按 date 列的年份筛选 world.orders，再对 "
            "net_revenue 求和。单位是元，不是万元。"))

register(Exercise(
    id="00.2",
    question="A first Pareto look. Sum net_revenue of world.orders per customer_id over the "
             "whole order book (all years) and keep the customers whose total is above 0. "
             "Sort them by total net revenue, largest first, and find the smallest number k "
             "of customers whose cumulative net revenue reaches at least 80% of the total. "
             "Answer k divided by the number of customers kept, as a share between 0 and 1 "
             "(not a percentage).",
    solution=_pareto_share, kind="number", tables=("orders",),
    idea_en="Total each customer's revenue, line the customers up from largest to smallest,"
            " and count how many it takes to reach four fifths of the total; divide by the "
            "number of customers.",
    idea_zh="汇总每位客户的收入，从大到小排列，数一数累计达到总额五分之四需要多少位客户，再除"
            "以客户总数。",
    hint_en="groupby on customer_id with a sum of net_revenue, sort_values descending, then"
            " cumsum divided by the total; count the customers up to and including the "
            "first at or above 0.80, and divide by the number of customers.",
    hint_zh="按 customer_id 汇总 net_revenue，降序排列，计算累计占比"
            "（cumsum 除以总和）；数到第一个累计占比达到 0.80 的客户（含该客户）"
            "，再除以客户总数。"))

register(Exercise(
    id="00.3",
    question="Which industry earned the most gross profit per customer in calendar year "
             "2025? Attach each order line of world.orders dated in 2025 to its customer's "
             "industry (world.customers, joined on customer_id); per industry, divide the sum "
             "of gross_profit by the number of distinct customers with 2025 order lines. "
             "Answer with the industry's name as a text, spelled as in the data (for example "
             "'machinery').",
    solution=_top_industry_by_profit_per_customer_2025, kind="text",
    tables=("orders", "customers"),
    idea_en="Keep the 2025 order lines, attach each line to its customer's industry, and per "
            "industry divide the total gross profit by the number of different customers.",
    idea_zh="只保留 2025 年的订单行，为每行补上客户所属行业；按行业用毛利总额除以不同客户的个数。",
    hint_en="Join with merge on customer_id, then groupby on industry with a sum and an "
            "nunique, and idxmax of the ratio.",
    hint_zh="用 merge 按 customer_id 合并，再按 industry 分组求 sum 与 nunique，"
            "对两者之比用 idxmax。"))

register(Exercise(
    id="00.4",
    question="Which five customers brought the most net revenue over the whole order book "
             "(sum of net_revenue of world.orders per customer_id, all years)? Answer with "
             "their five customer_id values as a set or list (order does not matter).",
    solution=_top5_customers, kind="set", tables=("orders",),
    idea_en="Total each customer's revenue over all years and take the five largest.",
    idea_zh="汇总每位客户各年的收入，取最大的五位。",
    hint_en="groupby on customer_id with a sum of net_revenue, then nlargest with 5; the "
            "ids are its index.",
    hint_zh="按 customer_id 汇总 net_revenue，用 nlargest "
            "取前五名，再取其 index。"))

register(Exercise(
    id="00.5",
    question="How did the company's net revenue develop? Answer with a pandas Series of "
             "total net_revenue of world.orders per calendar year of the order date, in CNY "
             "(yuan), indexed by the year as an integer (for example 2019), one entry for "
             "every year that has orders.",
    solution=_net_revenue_by_year, kind="series", tables=("orders",),
    idea_en="Group the order lines by the calendar year of their date and add up the "
            "revenue of each year.",
    idea_zh="按订单日期的日历年份对订单行分组，把每年的收入加总。",
    hint_en="groupby on the year of the date column (its dt accessor) and sum net_revenue; "
            "make the index an integer year.",
    hint_zh="按 date 列的年份（dt 访问器）分组并对 net_revenue 求和；索"
            "引为整数年份。"))
