"""Lesson 05 (customer lifecycle) exercises, registered in :mod:`crmlab.teach` on import.

Each reference solution is a function of the world, so the same exercise holds on every
student's seed.

Examples
--------
>>> from crmlab import teach
>>> teach.get("05.4").kind
'number'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import lifecycle
from crmlab.teach import Exercise, register

__all__: list[str] = []


def _churn_rate_2023_initial(world) -> float:
    rel = world.relationships
    rows = rel[(rel["year"] == 2023) & (rel["stage"].astype(str) == "initial")]
    return float(rows["churned"].mean()) if len(rows) else 0.0


def _clv_2024(world) -> float:
    orders = world.orders[world.orders["date"].dt.year == 2024]
    margin = orders["gross_profit"].sum() / orders["customer_id"].nunique()
    rel = world.relationships
    retention = 1 - rel.loc[rel["year"] == 2024, "churned"].mean()
    return lifecycle.clv_retention(float(margin), float(retention), 0.08)


def _cohort_2021_every_year(world) -> float:
    new = world.customers.loc[world.customers["customer_since"] >= "2019-01-01", "customer_id"]
    orders = world.orders[world.orders["customer_id"].isin(new)]
    years = orders.groupby("customer_id")["date"].agg(lambda d: set(d.dt.year))
    cohort = years[years.map(min) == 2021]
    return (float(cohort.map(lambda ys: {2022, 2023, 2024, 2025} <= ys).mean()) if len(cohort)
            else 0.0)


def _strategic_partner_hazard_ratio(world) -> float:
    episodes = lifecycle.churn_episodes(world)
    fit = lifecycle.fit_churn_hazard(
        episodes, duration="exit", event="churned", entry="entry",
        covariates=["satisfaction", "complaint", "competitor_offer", "stage", "segment"])
    return float(fit.hazard_ratios.loc["segment[strategic_partner]", "hazard_ratio"])


def _revenue_grades(orders: pd.DataFrame) -> pd.DataFrame:
    """A, B, C per customer and year: the top 20 % of the year's buyers by net revenue, the
    next 30 %, the rest."""
    revenue = (orders.assign(year=orders["date"].dt.year)
               .groupby(["year", "customer_id"])["net_revenue"].sum().reset_index())
    share = (revenue.groupby("year")["net_revenue"].rank(ascending=False, method="first")
             / revenue.groupby("year")["net_revenue"].transform("size"))
    revenue["grade"] = np.where(share <= 0.2, "A", np.where(share <= 0.5, "B", "C"))
    return revenue


def _a_kept_2025(world) -> float:
    grades = _revenue_grades(world.orders)
    wide = grades.pivot(index="customer_id", columns="year", values="grade")
    if 2024 not in wide.columns or 2025 not in wide.columns:
        return 0.0
    a = wide[wide[2024] == "A"]
    return float((a[2025] == "A").mean()) if len(a) else 0.0


register(Exercise(
    id="05.1",
    question="What was the churn rate of new relationships in 2023? Take the rows of "
             "world.relationships with year 2023 and true stage 'initial' (one per customer in "
             "its first stage that year) and answer the share of them whose churned flag is "
             "True, as a share between 0 and 1.",
    solution=_churn_rate_2023_initial, kind="number", tables=("relationships",),
    idea_en="Keep one year and one stage of the relationship record, then take the share of "
            "those relationships that ended.",
    idea_zh="只保留关系记录中某一年、某一阶段的行，再计算其中关系终止的比例。",
    hint_en="Filter world.relationships on the columns year and stage; the mean of the "
            "boolean column churned is the share (lifecycle.churn_rate grouped by stage "
            "gives it too).",
    hint_zh="按 year 与 stage 两列筛选 world.relationships；布尔列 churned 的均值即为比例"
            "（lifecycle.churn_rate 按 stage 分组也可得到）。"))

register(Exercise(
    id="05.2",
    question="Customer lifetime value by the retention formula m*r/(1+i-r). Take m = the "
             "total gross_profit of the order lines of world.orders dated in 2024 divided by "
             "the number of distinct customers with order lines in 2024 (CNY per customer); "
             "r = 1 - the 2024 churn rate (share of the 2024 rows of world.relationships with "
             "churned True); i = 0.08. Answer the CLV in CNY.",
    solution=_clv_2024, kind="number", tables=("orders", "relationships"),
    idea_en="Three inputs: the yearly margin per customer from the order book, the share of "
            "customers kept from the relationship record, and the discount rate; then the "
            "formula of an infinite series of kept margins.",
    idea_zh="三个输入：订单中每位客户的年毛利、关系记录中客户保留的比例、折现率；"
            "再代入保留毛利无穷序列的公式。",
    hint_en="Sum gross_profit of the 2024 order lines and divide by the number of distinct "
            "customers with 2024 lines; r is one minus the mean of churned over the 2024 rows "
            "of world.relationships; then lifecycle.clv_retention with the margin, r and 0.08.",
    hint_zh="2024 年订单行的毛利总额除以 2024 年有订单的不同客户数；r 为 1 减去 "
            "world.relationships 中 2024 年各行 churned 的均值；再用 lifecycle.clv_retention，"
            "传入毛利、r 与 0.08。"))

register(Exercise(
    id="05.3",
    question="Unbroken retention. Keep the order lines of customers won on or after "
             "2019-01-01 (customer_since in world.customers). A customer's cohort is the "
             "calendar year of its first order. Of the 2021 cohort, what share ordered in "
             "every one of the years 2022, 2023, 2024 and 2025 (no year skipped)? Answer a "
             "share between 0 and 1.",
    solution=_cohort_2021_every_year, kind="number", tables=("orders", "customers"),
    idea_en="The cohort table counts a customer back after a skipped year; here a customer "
            "counts only if it bought in each of the three years. Collect each customer's "
            "order years first.",
    idea_zh="同期群表把中断一年后回来的客户也算作保留；这里只有三年每年都购买的客户才算。"
            "先整理每个客户有订单的年份。",
    hint_en="Group the filtered orders by customer_id and collect the years of date; the "
            "cohort is the minimum year; test whether 2022 to 2025 are all among them.",
    hint_zh="按 customer_id 分组，收集订单日期的年份；最早年份即同期群；检查 2022 至 "
            "2025 年是否都在其中。"))

register(Exercise(
    id="05.4",
    question="Fit a Cox model of churn on lifecycle.churn_episodes(world) with duration "
             "'exit', event 'churned', entry 'entry' and the covariates satisfaction, "
             "complaint, competitor_offer, stage and segment (stage and segment as dummies), "
             "Efron ties, with the default reference levels (the first level of each: stage "
             "'initial', segment 'price_driven'). What is the hazard ratio of a strategic "
             "partner against a price-driven customer (exp of the coefficient of "
             "segment[strategic_partner])?",
    solution=_strategic_partner_hazard_ratio, kind="number", tolerance=1e-3,
    tables=("customers", "relationships", "survey", "tickets"),
    idea_en="A dummy's hazard ratio compares its level with the reference level; change the "
            "reference and the segment ratios change, while the other covariates' do not.",
    idea_zh="虚拟变量的风险比是该水平相对参照水平的比；参照水平一变，细分的风险比随之改变，"
            "其他协变量的风险比不变。",
    hint_en="lifecycle.fit_churn_hazard without the reference argument; read its hazard_ratios "
            "table.",
    hint_zh="不带 reference 参数调用 lifecycle.fit_churn_hazard，读取其 hazard_ratios 表。"))

register(Exercise(
    id="05.5",
    question="Grade migration. Grade every customer in every calendar year by its total "
             "net_revenue in world.orders that year, among that year's buyers: rank them from "
             "the largest (rank 1), divide the rank by the number of buyers that year, and "
             "grade A when this is <= 0.2, B when <= 0.5, else C. Of the customers graded A "
             "in 2024, what share is graded A again in 2025? A customer with no orders in "
             "2025 is not A. Answer a share between 0 and 1.",
    solution=_a_kept_2025, kind="number", tables=("orders",),
    idea_en="Grade each year's buyers by their rank in that year, follow the customers graded "
            "A in one year into the next, and count how many are A again; a customer who "
            "stops buying is no longer A.",
    idea_zh="按每年购买客户当年的排名分级，跟踪某一年为 A 的客户到下一年，数一数仍为 A 的比例；"
            "停止购买的客户不再是 A。",
    hint_en="Pivot the grades to one column per year; among the rows graded A in 2024, take "
            "the share whose 2025 grade is A as well. The lesson's matrix pools all years, so "
            "it is not the answer.",
    hint_zh="把等级表按年份展开成列；在 2024 年为 A 的客户中，计算 2025 年仍为 A 的比例。"
            "课程中的转移矩阵合并了所有年份，不能直接作为答案。"))
