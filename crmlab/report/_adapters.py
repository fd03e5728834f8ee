"""Each crmlab result as its standard thesis table: header, body, captions and notes.

An adapter returns a :class:`_Spec` of formatted text; :mod:`._table` lays it out in
Word, Excel, LaTeX or HTML. Headers and notes come in English and Chinese.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._format import format_number, format_p, stars

#: Column names of crmlab's own tables, in English and Chinese, and whether the statistic
#: is bounded by 1 (printed without its leading zero in the APA style).
HEADERS = {
    "item": ("Item", "题项", False), "mean": ("M", "均值", False), "sd": ("SD", "标准差", False),
    "item_total_r": ("Corrected item-total r", "修正的项目总计相关性", True),
    "alpha_if_deleted": ("α if item deleted", "删除该项后的α", True),
    "alpha": ("Cronbach's α", "Cronbach's α", True), "rho_a": ("ρA", "ρA", False),
    "composite_reliability": ("CR", "组合信度CR", True), "ave": ("AVE", "AVE", True),
    "items": ("Items", "题项数", False), "beta": ("β", "β", False),
    "p_value": ("p", "p", True), "vif": ("VIF", "VIF", False),
    "importance": ("Relative weight", "相对权重", True), "share": ("Share of R²", "占R²比例", True),
    "rank": ("Rank", "排序", False), "communality": ("Communality", "共同度", True),
    "hazard_ratio": ("HR", "风险比HR", False), "coef": ("B", "系数", False),
    "estimate": ("Estimate", "估计值", False), "se": ("SE", "标准误", False),
}
P_NAMES = {"p", "p_value", "pvalue", "p-value", "p值", "sig", "sig."}


@dataclass
class _Spec:
    header: list
    rows: list
    caption: str | None = None
    caption_zh: str | None = None
    notes: list = field(default_factory=list)   # (en, zh) pairs
    starred: bool = False
    align: str | None = None


class _Fmt:
    """The formatting choices of one table."""

    def __init__(self, decimals, style, language):
        self.decimals, self.style, self.language = decimals, style, language

    def num(self, x, bounded=False, decimals=None):
        return format_number(x, self.decimals if decimals is None else decimals,
                             bounded=bounded, style=self.style)

    def p(self, x):
        return format_p(x, min(self.decimals, 3) if self.decimals >= 2 else 2, style=self.style)

    def coef(self, x, p):
        return self.num(x) + (stars(p) if p is not None and np.isfinite(p) else "")

    def ci(self, low, high, bounded=False):
        return f"[{self.num(low, bounded)}, {self.num(high, bounded)}]"

    def t(self, en, zh):
        return zh if self.language == "zh" else en


def _integer_like(series: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(series) and not pd.api.types.is_bool_dtype(series)


def frame_spec(data: pd.DataFrame, fmt: _Fmt, *, bounded=(), p_columns=None, stars_on=None):
    """Any DataFrame: numbers to ``decimals``, p columns as p, known crmlab names translated."""
    frame = data
    show_index = not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None
    if show_index:
        frame = frame.reset_index()
    p_cols = [c for c in frame.columns if str(c).lower() in P_NAMES
              and pd.api.types.is_numeric_dtype(frame[c])
              and not pd.api.types.is_bool_dtype(frame[c])] if p_columns is None \
        else list(p_columns)
    header, columns = [], []
    for c in frame.columns:
        known = HEADERS.get(str(c))
        header.append(known[0 if fmt.language == "en" else 1] if known else str(c))
        column = frame[c]
        is_bounded = c in bounded or (known is not None and known[2] and c not in p_cols)
        if c in p_cols:
            cells = [fmt.p(x) for x in column]
        elif pd.api.types.is_bool_dtype(column):
            cells = [fmt.t("yes", "是") if x else fmt.t("no", "否") for x in column]
        elif _integer_like(column):
            cells = [str(int(x)).replace("-", "−") for x in column]
        elif pd.api.types.is_numeric_dtype(column):
            values = column.to_numpy(dtype=float, na_value=np.nan)
            ok = is_bounded and np.nanmax(np.abs(values), initial=0) <= 1
            cells = [fmt.num(x, ok) for x in values]
        else:
            cells = ["" if x is None or (isinstance(x, float) and np.isnan(x)) else str(x)
                     for x in column]
        columns.append(cells)
    starred = False
    if stars_on is not None:
        if len(p_cols) != 1:
            raise ValueError(f"table: stars_on needs exactly one p-value column; got {p_cols}")
        j = list(frame.columns).index(stars_on)
        columns[j] = [cell + stars(p) for cell, p in zip(columns[j], frame[p_cols[0]])]
        starred = True
    rows = [list(r) for r in zip(*columns)] if columns else []
    return _Spec(header, rows, starred=starred)


# --------------------------------------------------------------------------------------------
# satisfaction
# --------------------------------------------------------------------------------------------
def alpha_spec(res, fmt: _Fmt, items=None):
    ci = f"{100 * res.confidence:g}%"
    note = ((f"n = {res.n_respondents}; {ci} CI by Feldt (1965).",
             f"n = {res.n_respondents}；{ci}置信区间采用 Feldt (1965) 方法。"))
    if items is None:
        header = [fmt.t("Items", "题项数"), "Cronbach's α", fmt.t("Standardized α", "标准化α"),
                  fmt.t(f"{ci} CI", f"{ci}置信区间")]
        rows = [[str(res.n_items), fmt.num(res.alpha, True), fmt.num(res.standardized, True),
                 fmt.ci(res.ci_low, res.ci_high, True)]]
        return _Spec(header, rows, "Reliability of the scale", "量表信度", [note])
    header = [fmt.t("Item", "题项"), fmt.t("Corrected item-total r", "修正的项目总计相关性"),
              fmt.t("α if item deleted", "删除该项后的α")]
    rows = [[str(name), fmt.num(row["item_total_r"], True), fmt.num(row["alpha_if_deleted"], True)]
            for name, row in items.iterrows()]
    total = (f"Cronbach's α = {fmt.num(res.alpha, True)} ({res.n_items} items)",
             f"Cronbach's α = {fmt.num(res.alpha, True)}（{res.n_items}个题项）")
    return _Spec(header, rows, "Item statistics and reliability", "题项统计与信度分析",
                 [(f"{total[0]}; {note[0]}", f"{total[1]}；{note[1]}")])


def alpha_mapping_spec(results: Mapping, fmt: _Fmt):
    header = [fmt.t("Construct", "变量"), fmt.t("Items", "题项数"), "Cronbach's α",
              fmt.t("95% CI", "95%置信区间"), "n"]
    rows = [[str(name), str(r.n_items), fmt.num(r.alpha, True),
             fmt.ci(r.ci_low, r.ci_high, True), str(r.n_respondents)]
            for name, r in results.items()]
    return _Spec(header, rows, "Reliability of the scales", "各量表信度",
                 [("CI by Feldt (1965).", "置信区间采用 Feldt (1965) 方法。")])


def kmo_spec(res, fmt: _Fmt):
    header = [fmt.t("Test", "检验"), fmt.t("Statistic", "统计量"), fmt.t("Value", "值")]
    rows = [[fmt.t("Kaiser-Meyer-Olkin", "KMO取样适切性量数"), "KMO", fmt.num(res.kmo, True)],
            [fmt.t("Bartlett's test of sphericity", "Bartlett球形度检验"), "χ²",
             fmt.num(res.chi2, decimals=2)],
            ["", "df", str(res.df)], ["", "p", fmt.p(res.p_value)]]
    return _Spec(header, rows, "KMO and Bartlett's test", "KMO和Bartlett检验",
                 [(f"n = {res.n}; {len(res.msa)} items.", f"n = {res.n}；{len(res.msa)}个题项。")])


def efa_spec(res, fmt: _Fmt):
    L = res.loadings
    header = [fmt.t("Item", "题项"), *L.columns, fmt.t("Communality", "共同度")]
    rows = [[str(item), *(fmt.num(x) for x in L.loc[item]), fmt.num(res.communalities[item], True)]
            for item in L.index]
    v = res.variance
    rows.append([fmt.t("Sum of squared loadings", "特征值（旋转后）"),
                 *(fmt.num(x) for x in v["ss_loadings"]), ""])
    rows.append([fmt.t("% of variance", "方差解释率(%)"),
                 *(format_number(100 * x, 2) for x in v["proportion"]), ""])
    rows.append([fmt.t("Cumulative %", "累计方差解释率(%)"),
                 *(format_number(100 * x, 2) for x in v["cumulative"]), ""])
    rotation = res.rotation or "none"
    return _Spec(header, rows, "Exploratory factor analysis: loadings", "探索性因子分析：因子载荷",
                 [(f"Maximum likelihood, rotation {rotation}; n = {res.n}.",
                   f"极大似然法提取，{rotation}旋转；n = {res.n}。")])


def path_spec(res, fmt: _Fmt, part="paths"):
    if part == "reliability":
        r = res.reliability
        header = [fmt.t("Construct", "潜变量"), fmt.t("Items", "题项数"), "Cronbach's α", "ρA",
                  "CR", "AVE"]
        rows = [[str(c), str(int(row["items"])), fmt.num(row["alpha"], True),
                 fmt.num(row["rho_a"]), fmt.num(row["composite_reliability"], True),
                 fmt.num(row["ave"], True)] for c, row in r.iterrows()]
        return _Spec(header, rows, "Reliability and convergent validity", "信度与收敛效度",
                     [("α of the standardized items; CR = composite reliability; AVE = average "
                       "variance extracted (Fornell & Larcker 1981).",
                       "α为标准化题项的α；CR为组合信度；AVE为平均方差抽取量 (Fornell & Larcker 1981)。")])
    if part == "fornell_larcker":
        fl = res.fornell_larcker.drop(columns="passes")
        header = [fmt.t("Construct", "潜变量"), *map(str, fl.columns)]
        rows = [[str(c), *(fmt.num(x, True) if k <= i else "" for k, x in enumerate(row))]
                for i, (c, row) in enumerate(fl.iterrows())]
        return _Spec(header, rows, "Discriminant validity (Fornell-Larcker criterion)",
                     "区分效度（Fornell-Larcker准则）",
                     [("Diagonal: square root of AVE; below it: correlations between constructs.",
                       "对角线为AVE的平方根，其下为潜变量间相关系数。")])
    p = res.paths
    label = [f"{s} → {t}" for s, t in zip(p["source"], p["target"])]
    if "se" not in p:
        header = [fmt.t("Path", "路径"), "β"]
        rows = [[lab, fmt.num(b)] for lab, b in zip(label, p["estimate"])]
        notes = [("Without bootstrap: no standard errors or p-values.",
                  "未做Bootstrap：无标准误和p值。")]
        starred = False
    else:
        summary = res.summary()
        t, pv = summary["t"], summary["p"]
        level = f"{100 * res.confidence:g}%"
        header = [fmt.t("Path", "路径"), "β", "SE", "t", "p", fmt.t(f"{level} CI", f"{level}置信区间")]
        rows = [[lab, fmt.coef(b, pp), fmt.num(se), fmt.num(tt, decimals=2), fmt.p(pp),
                 fmt.ci(lo, hi)] for lab, b, se, tt, pp, lo, hi in
                zip(label, p["estimate"], p["se"], t, pv, p["ci_low"], p["ci_high"])]
        notes = [(f"PLS path model, {res.bootstrap} bootstrap resamples; t = β / SE, two-sided "
                  f"p from Student's t (n − 1 df); percentile CI. n = {res.n}.",
                  f"PLS路径模型，Bootstrap抽样{res.bootstrap}次；t = β / SE，双侧p值（t分布，n − 1自由度），"
                  f"百分位置信区间。n = {res.n}。")]
        starred = True
    r2 = fmt.t("; ", "；").join(f"{k} {fmt.num(v, True)}" for k, v in res.r2.items())
    notes.append((f"R²: {r2}.", f"R²：{r2}。"))
    return _Spec(header, rows, "Structural model: path coefficients", "结构模型路径系数检验",
                 notes, starred)


def driver_spec(res, fmt: _Fmt):
    t = res.table
    header = [fmt.t("Driver", "驱动因素"), "β", fmt.t("95% CI", "95%置信区间"), "p", "VIF",
              fmt.t("Relative weight", "相对权重"), fmt.t("Rank", "排序")]
    rows = [[str(d), fmt.coef(r["beta"], r["p_value"]), fmt.ci(r["ci_low"], r["ci_high"]),
             fmt.p(r["p_value"]), fmt.num(r["vif"], decimals=2), fmt.num(r["importance"], True),
             str(int(r["rank"]))] for d, r in t.iterrows()]
    method = {"relative_weights": "Johnson (2000) relative weights",
              "lmg": "LMG / Shapley decomposition (Lindeman et al. 1980)"}[res.importance]
    method_zh = {"relative_weights": "Johnson (2000) 相对权重法",
                 "lmg": "LMG/Shapley 分解 (Lindeman et al. 1980)"}[res.importance]
    return _Spec(header, rows, f"Drivers of {res.outcome}", f"{res.outcome}的驱动因素",
                 [(f"Outcome {res.outcome}; standardized OLS; R² = {fmt.num(res.r2, True)}, "
                   f"adjusted R² = {fmt.num(res.adj_r2, True)}, n = {res.n}; {method}.",
                   f"因变量为{res.outcome}；标准化OLS回归；R² = {fmt.num(res.r2, True)}，"
                   f"调整R² = {fmt.num(res.adj_r2, True)}，n = {res.n}；{method_zh}。")], True)


def _coefficient_rows(names, coef, se, pvalues, fmt, stat="z"):
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.asarray(coef, float) / np.asarray(se, float)
    return [[str(n), fmt.coef(b, p), fmt.num(s), fmt.num(zz, decimals=2), fmt.p(p)]
            for n, b, s, zz, p in zip(names, coef, se, z, pvalues)]


def ordinal_spec(res, fmt: _Fmt):
    slopes = list(res.params.index[: len(res.params) - (len(res.classes) - 1)])
    m = res.model
    rows = _coefficient_rows(slopes, res.params[slopes], m.bse[slopes], m.pvalues[slopes], fmt)
    header = [fmt.t("Variable", "变量"), "B", "SE", "z", "p"]
    probit = getattr(m.model.distr, "name", "") == "norm"
    title = ("Ordered probit model", "有序Probit回归结果") if probit else \
        ("Ordered logit model", "有序Logit回归结果")
    return _Spec(header, rows, *title,
                 [(f"{len(res.classes)} ordered classes; McFadden pseudo R² = "
                   f"{fmt.num(m.prsquared, True)}; n = {res.n}.",
                   f"因变量共{len(res.classes)}个有序类别；McFadden伪R² = "
                   f"{fmt.num(m.prsquared, True)}；n = {res.n}。")], True)


# --------------------------------------------------------------------------------------------
# value and lifecycle
# --------------------------------------------------------------------------------------------
def choice_spec(res, fmt: _Fmt):
    s = res.summary()
    rows = _coefficient_rows(s.index, s["coef"], s["std_err"], s["p_value"], fmt)
    header = [fmt.t("Attribute", "属性"), "B", "SE", "z", "p"]
    return _Spec(header, rows, "Conditional logit model of supplier choice", "供应商选择的条件Logit模型",
                 [(f"McFadden pseudo R² = {fmt.num(res.pseudo_r2, True)}; hit rate "
                   f"{fmt.num(res.hit_rate, True)}; {res.n_sets} choice sets, {res.n_rows} "
                   f"alternatives.",
                   f"McFadden伪R² = {fmt.num(res.pseudo_r2, True)}；命中率 "
                   f"{fmt.num(res.hit_rate, True)}；选择集{res.n_sets}个，备选项{res.n_rows}个。")],
                 True)


def hazard_spec(res, fmt: _Fmt):
    s = res.summary()
    header = [fmt.t("Covariate", "协变量"), "B", "SE", "HR", fmt.t("95% CI of HR", "HR的95%置信区间"),
              "p"]
    rows = [[str(k), fmt.coef(r["coef"], r["p_value"]), fmt.num(r["se"]),
             fmt.num(r["hazard_ratio"]), fmt.ci(r["lower"], r["upper"]), fmt.p(r["p_value"])]
            for k, r in s.iterrows()]
    return _Spec(header, rows, "Cox proportional-hazards model of churn", "客户流失的Cox比例风险模型",
                 [(f"HR = hazard ratio exp(B); {res.n_obs} observations, {res.n_events} churns.",
                   f"HR为风险比exp(B)；观测{res.n_obs}个，流失事件{res.n_events}个。")], True)


def btyd_spec(res, fmt: _Fmt):
    name = type(res).__name__
    header = [fmt.t("Parameter", "参数"), fmt.t("Estimate", "估计值"), "SE"]
    rows = [[str(k), fmt.num(v) if res.identified[k] else fmt.t("not identified", "不可识别"),
             fmt.num(res.se[k])] for k, v in res.params.items()]
    title = {"BGNBD": ("BG/NBD model of repeat buying", "BG/NBD重复购买模型"),
             "GammaGamma": ("Gamma-Gamma model of spend", "Gamma-Gamma消费金额模型")}[name]
    return _Spec(header, rows, *title,
                 [(f"Maximum likelihood (Fader, Hardie & Lee 2005); log-likelihood "
                   f"{fmt.num(res.loglik, decimals=2)}; n = {res.n} customers.",
                   f"极大似然估计 (Fader, Hardie & Lee 2005)；对数似然 {fmt.num(res.loglik, decimals=2)}；"
                   f"n = {res.n}位客户。")])


# --------------------------------------------------------------------------------------------
# lifetime value for contracts and discrete occasions: sBG, Pareto/NBD, BG/BB
# --------------------------------------------------------------------------------------------
#: Title (en, zh) and source of the contract and discrete-occasion CLV models' tables.
CLV_MODEL_TITLES = {
    "ShiftedBetaGeometric": ("Shifted beta-geometric (sBG) model of contract renewals",
                             "合同续约的移位贝塔几何(sBG)模型", "Fader & Hardie 2007"),
    "ParetoNBD": ("Pareto/NBD model of repeat buying", "Pareto/NBD重复购买模型",
                  "Schmittlein, Morrison & Colombo 1987"),
    "BGBB": ("BG/BB model of repeat buying at discrete occasions", "离散购买机会的BG/BB重复购买模型",
             "Fader, Hardie & Shang 2010"),
}


def clv_model_means(res) -> list:
    """The identified means each model's table and interpretation report:
    (label en, label zh, value)."""
    p = res.params
    name = type(res).__name__
    if name == "ShiftedBetaGeometric":
        return [("mean churn at a renewal, α/(α+β)", "续约时平均流失概率 α/(α+β)",
                 p["alpha"] / (p["alpha"] + p["beta"]))]
    if name == "ParetoNBD":
        unit = res.time_unit
        return [(f"mean purchase rate per {unit}, r/α", f"每{_UNIT_ZH[unit]}平均购买率 r/α",
                 p["r"] / p["alpha"]),
                (f"mean dropout rate per {unit}, s/β", f"每{_UNIT_ZH[unit]}平均流失率 s/β",
                 p["s"] / p["beta"])]
    return [("mean purchase probability per occasion, α/(α+β)", "每次机会平均购买概率 α/(α+β)",
             p["alpha"] / (p["alpha"] + p["beta"])),
            ("mean dropout probability per occasion, γ/(γ+δ)", "每次机会平均流失概率 γ/(γ+δ)",
             p["gamma"] / (p["gamma"] + p["delta"]))]


_UNIT_ZH = {"day": "日", "week": "周", "month": "月", "quarter": "季度", "year": "年"}


def clv_model_spec(res, fmt: _Fmt):
    name = type(res).__name__
    title, title_zh, source = CLV_MODEL_TITLES[name]
    header = [fmt.t("Parameter", "参数"), fmt.t("Estimate", "估计值"), "SE"]
    rows = [[str(k), fmt.num(v) if res.identified[k] else fmt.t("not identified", "不可识别"),
             fmt.num(res.se[k]) if res.identified[k] else ""] for k, v in res.params.items()]
    probability = name != "ParetoNBD"  # rates per time unit are not bounded by 1
    rows += [[fmt.t(en, zh), fmt.num(value, probability), ""]
             for en, zh, value in clv_model_means(res)]
    if name == "ParetoNBD":
        unit_en, unit_zh = f"time unit: {res.time_unit}", f"时间单位：{_UNIT_ZH[res.time_unit]}"
    else:
        per = _mle_significant(res.periods_per_year)
        what, what_zh = (("contract period", "个合同期") if name == "ShiftedBetaGeometric"
                         else ("occasion", "次购买机会"))
        unit_en = f"{per} {what}{'' if res.periods_per_year == 1 else 's'} a year"
        unit_zh = f"每年{per}{what_zh}"
    notes = [(f"Maximum likelihood ({source}); log-likelihood {fmt.num(res.loglik, decimals=2)}; "
              f"n = {res.n} customers; {unit_en}.",
              f"极大似然估计 ({source})；对数似然 {fmt.num(res.loglik, decimals=2)}；"
              f"n = {res.n}位客户；{unit_zh}。")]
    if res.notes:
        notes.append(("Not identified: " + "; ".join(res.notes) + ".",
                      "不可识别：" + "；".join(res.notes) + "。"))
    return _Spec(header, rows, title, title_zh, notes)


def _mle_significant(value):
    from .._mle import significant
    return significant(value)


# --------------------------------------------------------------------------------------------
# mediation and moderated mediation (crmlab.satisfaction.process)
# --------------------------------------------------------------------------------------------
def process_spec(res, fmt: _Fmt):
    """Effects of a PROCESS model: direct (and total) effect with t-based CI, (conditional)
    indirect effects and indices of moderated mediation with bootstrap SE and CI."""
    level = f"{100 * res.conf:g}%"
    header = [fmt.t("Effect", "效应"), fmt.t("Path", "路径"), fmt.t("Estimate", "效应值"),
              fmt.t("SE", "标准误"), fmt.t(f"{level} CI", f"{level}置信区间")]
    kind = {"direct": ("Direct effect", "直接效应"), "total": ("Total effect", "总效应"),
            "indirect": ("Indirect effect", "间接效应"),
            "index of moderated mediation": ("Index of moderated mediation", "有调节的中介指数")}
    rows = []
    for _, r in res.summary().iterrows():
        if r["effect"] in ("direct", "total"):
            path = f"{res.x} → {res.y}"
        elif r["mediator"] == "total":
            path = f"{res.x} → {' / '.join(res.m)} → {res.y}"
        else:
            path = f"{res.x} → {r['mediator']} → {res.y}"
        if not pd.isna(r["w"]):
            path += f" ({res.w} = {fmt.num(r['w'])})"
        p = r["p_value"] if np.isfinite(r["p_value"]) else None
        rows.append([fmt.t(*kind[r["effect"]]), path, fmt.coef(r["estimate"], p), fmt.num(r["se"]),
                     fmt.ci(r["ci_low"], r["ci_high"])])
    r2 = fmt.t("; ", "；").join(f"{o} {fmt.num(v, True)}"
                              for o, v in zip(res.model_summary["outcome"], res.model_summary["r2"]))
    se = {"ols": ("classical", "OLS"), "hc3": ("HC3", "HC3稳健")}[res.se_type]
    notes = [(f"PROCESS model {res.model} (Hayes 2022); direct and total effects: OLS with "
              f"{se[0]} standard errors and t-based CI; indirect effects and indices: "
              f"{res.boot} bootstrap resamples, percentile CI. n = {res.n}.",
              f"PROCESS模型{res.model} (Hayes 2022)；直接效应和总效应为OLS估计（{se[1]}标准误，"
              f"t分布置信区间）；间接效应及指数为Bootstrap抽样{res.boot}次的百分位置信区间。"
              f"n = {res.n}。"),
             (f"R²: {r2}.", f"R²：{r2}。")]
    if res.covariates:
        notes.append((f"Covariates in every equation: {', '.join(res.covariates)}.",
                      f"各方程的控制变量：{'、'.join(res.covariates)}。"))
    title = ("Mediation effects (bootstrap test)", "中介效应检验（Bootstrap法）") if res.model == 4 \
        else ("Moderated mediation (bootstrap test)", "有调节的中介效应检验（Bootstrap法）")
    return _Spec(header, rows, *title, notes, True)


# --------------------------------------------------------------------------------------------
# covariance-based SEM, measurement quality, common-method bias
# --------------------------------------------------------------------------------------------
def sem_spec(res, fmt: _Fmt, part="fit"):
    f = res.fit_indices
    n_note = (f"Maximum likelihood; n = {res.n}.", f"极大似然估计；n = {res.n}。")
    if part == "fit":
        header = [fmt.t("Index", "拟合指标"), fmt.t("Value", "值"), fmt.t("Criterion", "标准")]
        rows = [["χ²", fmt.num(f["chi2"], decimals=2), ""], ["df", str(int(f["df"])), ""],
                ["p", fmt.p(f["p"]), ""],
                ["χ²/df", fmt.num(f["chi2_df"], decimals=2), "< 3"],
                ["CFI", fmt.num(f["cfi"], True), "≥ .95" if fmt.style == "apa" else "≥ 0.95"],
                ["TLI", fmt.num(f["tli"], True), "≥ .95" if fmt.style == "apa" else "≥ 0.95"],
                ["RMSEA", fmt.num(f["rmsea"], True), "≤ .06" if fmt.style == "apa" else "≤ 0.06"],
                [fmt.t("RMSEA 90% CI", "RMSEA 90%置信区间"),
                 fmt.ci(f["rmsea_low"], f["rmsea_high"], True), ""],
                ["SRMR", fmt.num(f["srmr"], True), "≤ .08" if fmt.style == "apa" else "≤ 0.08"],
                ["GFI", fmt.num(f["gfi"], True), "≥ .90" if fmt.style == "apa" else "≥ 0.90"],
                ["AGFI", fmt.num(f["agfi"], True), "≥ .90" if fmt.style == "apa" else "≥ 0.90"],
                ["AIC", fmt.num(f["aic"], decimals=2), ""], ["BIC", fmt.num(f["bic"], decimals=2), ""]]
        return _Spec(header, rows, "Model fit", "模型拟合指标",
                     [n_note, ("Criteria: CFI, TLI, RMSEA and SRMR after Hu & Bentler (1999); "
                               "χ²/df after Kline (2016); GFI and AGFI after Jöreskog & Sörbom "
                               "(1984).",
                               "标准：CFI、TLI、RMSEA、SRMR 依 Hu & Bentler (1999)；χ²/df 依 "
                               "Kline (2016)；GFI、AGFI 依 Jöreskog & Sörbom (1984)。")])
    p = res.params
    if part == "loadings":
        p = p[p["op"] == "=~"]
        header = [fmt.t("Construct", "潜变量"), fmt.t("Item", "题项"), fmt.t("Estimate", "非标准化载荷"),
                  "SE", "z", "p", fmt.t("Std. loading", "标准化载荷")]
        rows = [[r.lhs, r.rhs, fmt.num(r.est), fmt.num(r.se) if r.free else "—",
                 fmt.num(r.z, decimals=2) if r.free else "—", fmt.p(r.p) if r.free else "—",
                 fmt.num(r.std_all, True)] for r in p.itertuples()]
        return _Spec(header, rows, "Confirmatory factor analysis: loadings",
                     "验证性因子分析：因子载荷",
                     [n_note, ("—: fixed to 1 to set the construct's scale.",
                               "—：固定为1以设定潜变量尺度。")])
    p = p[p["op"] == "~"]
    header = [fmt.t("Path", "路径"), "B", "SE", "z", "p", "β"]
    rows = [[f"{r.rhs} → {r.lhs}", fmt.coef(r.est, r.p), fmt.num(r.se), fmt.num(r.z, decimals=2),
             fmt.p(r.p), fmt.num(r.std_all)] for r in p.itertuples()]
    r2 = fmt.t("; ", "；").join(f"{k} {fmt.num(v, True)}" for k, v in res.r2.items()
                               if k in set(p["lhs"]))
    return _Spec(header, rows, "Structural model: path coefficients (CB-SEM)",
                 "结构模型路径系数（协方差结构方程模型）",
                 [n_note, ("B unstandardized, β standardized (std.all).",
                           "B为非标准化系数，β为标准化系数。"), (f"R²: {r2}.", f"R²：{r2}。")], True)


def quality_spec(res, fmt: _Fmt, part="reliability"):
    if part == "reliability":
        r = res.reliability
        header = [fmt.t("Construct", "潜变量"), fmt.t("Items", "题项数"), "CR", "AVE"]
        rows = [[str(c), str(int(row["items"])), fmt.num(row["composite_reliability"], True),
                 fmt.num(row["ave"], True)] for c, row in r.iterrows()]
        return _Spec(header, rows, "Reliability and convergent validity", "信度与收敛效度",
                     [(f"{res.method}; CR ≥ 0.70 (Hair et al. 2017), AVE ≥ 0.50 (Fornell & "
                       f"Larcker 1981).",
                       f"{res.method}；CR ≥ 0.70 (Hair et al. 2017)，AVE ≥ 0.50 (Fornell & "
                       f"Larcker 1981)。")])
    if part == "fornell_larcker":
        fl = res.fornell_larcker.drop(columns="passes")
        header = [fmt.t("Construct", "潜变量"), *map(str, fl.columns)]
        rows = [[str(c), *(fmt.num(x, True) if k <= i else "" for k, x in enumerate(row))]
                for i, (c, row) in enumerate(fl.iterrows())]
        return _Spec(header, rows, "Discriminant validity (Fornell-Larcker criterion)",
                     "区分效度（Fornell-Larcker准则）",
                     [("Diagonal: square root of AVE; below it: correlations between constructs.",
                       "对角线为AVE的平方根，其下为潜变量间相关系数。")])
    h = res.htmt
    header = [fmt.t("Construct", "潜变量"), *map(str, h.columns)]
    rows = [[str(c), *(fmt.num(x) if k < i and np.isfinite(x) else "" for k, x in enumerate(row))]
            for i, (c, row) in enumerate(h.iterrows())]
    return _Spec(header, rows, "Discriminant validity (HTMT)", "区分效度（HTMT）",
                 [("Heterotrait-monotrait ratio; below 0.85 (0.90 for close constructs): "
                   "discriminant validity (Henseler, Ringle & Sarstedt 2015).",
                   "异质-单质比率；低于0.85（概念相近时0.90）表示区分效度良好 "
                   "(Henseler, Ringle & Sarstedt 2015)。")])


def harman_spec(res, fmt: _Fmt):
    ev = res.eigenvalues
    share = ev / ev.sum()
    k = max(res.n_factors, 1)
    header = [fmt.t("Factor", "因子"), fmt.t("Eigenvalue", "特征值"),
              fmt.t("% of variance", "方差解释率(%)"), fmt.t("Cumulative %", "累计(%)")]
    rows = [[str(i + 1), fmt.num(ev.iloc[i]), format_number(100 * share.iloc[i], 2),
             format_number(100 * share.iloc[: i + 1].sum(), 2)] for i in range(k)]
    return _Spec(header, rows, "Harman's single-factor test", "Harman单因子检验",
                 [(f"Unrotated principal components of {len(ev)} items; n = {res.n}. Common-method "
                   f"bias is suspected when the first factor explains 50% or more (Podsakoff et "
                   f"al. 2003).",
                   f"{len(ev)}个题项未旋转的主成分；n = {res.n}。第一个因子解释50%及以上方差时，"
                   f"怀疑存在共同方法偏差 (Podsakoff et al. 2003)。")])


# --------------------------------------------------------------------------------------------
# evaluation methods of Chinese satisfaction theses: Kano, fuzzy, grey
# --------------------------------------------------------------------------------------------
#: The Kano categories as a thesis table names them: letter, English, Chinese (Kano et al.
#: 1984; the Chinese terms of the 魅力/期望/必备 tradition).
KANO_NAMES = {"A": ("attractive", "魅力型"), "O": ("one-dimensional", "期望型"),
              "M": ("must-be", "必备型"), "I": ("indifferent", "无差异型"),
              "R": ("reverse", "反向型"), "Q": ("questionable", "可疑")}
KANO_COLUMNS = ("A", "O", "M", "I", "R", "Q", "n", "share_A", "share_O", "share_M", "share_I",
                "share_R", "share_Q", "category", "tied", "better", "worse")


def is_kano_table(data) -> bool:
    """A frame made by :func:`crmlab.satisfaction.kano_table`, its columns intact."""
    return (isinstance(data, pd.DataFrame) and data.attrs.get("crmlab") == "kano_table"
            and all(c in data.columns for c in KANO_COLUMNS))


def kano_ranked(row) -> list:
    """The categories of one attribute by share, largest first (ties in the tie order)."""
    order = ("M", "O", "A", "I", "R", "Q")
    return sorted(order, key=lambda c: (-row[f"share_{c}"], order.index(c)))


def kano_weak(row, cut) -> bool:
    first, second = kano_ranked(row)[:2]
    return not row["tied"] and row[f"share_{first}"] - row[f"share_{second}"] < cut


def kano_spec(data: pd.DataFrame, fmt: _Fmt):
    from ._interpret import THRESHOLDS
    cut = THRESHOLDS["kano_strength"]["value"]
    letters = ("A", "O", "M", "I", "R", "Q")
    header = [fmt.t("Attribute", "属性"),
              *(fmt.t(f"{KANO_NAMES[c][0].capitalize()} {c}", f"{KANO_NAMES[c][1]}{c}")
                for c in letters), "n", fmt.t("Category", "类别"), "Better", "Worse"]
    rows, marks = [], set()
    for attribute, r in data.iterrows():
        cells = [f"{int(r[c])} ({format_number(100 * r[f'share_{c}'], 1)}%)" for c in letters]
        c = r["category"]
        label = fmt.t(f"{c} {KANO_NAMES[c][0]}", f"{KANO_NAMES[c][1]}{c}")
        if r["tied"]:
            label += "†"
            marks.add("†")
        elif kano_weak(r, cut):
            label += "‡"
            marks.add("‡")
        rows.append([str(attribute), *cells, str(int(r["n"])), label,
                     fmt.num(r["better"], True), fmt.num(r["worse"], True)])
    notes = [("Counts (share of n). Category: the modal one (Kano et al. 1984; Berger et al. "
              "1993). Better = (A + O)/(A + O + M + I), Worse = −(O + M)/(A + O + M + I) "
              "(Berger et al. 1993).",
              "频数（占n的比例）。类别取频数最多者 (Kano et al. 1984; Berger et al. 1993)。"
              "Better = (A + O)/(A + O + M + I)，Worse = −(O + M)/(A + O + M + I) "
              "(Berger et al. 1993)。")]
    if "†" in marks:
        notes.append(("† Tied counts, broken by M > O > A > I (Matzler et al. 1996).",
                      "† 频数并列，按 M > O > A > I 取类别 (Matzler et al. 1996)。"))
    if "‡" in marks:
        pts = format_number(100 * cut, 0)
        notes.append((f"‡ Weak category: the two largest shares differ by less than {pts} "
                      f"percentage points (category strength, Lee & Newcomb 1997).",
                      f"‡ 类别强度不足：最大的两个比例相差不足{pts}个百分点 (Lee & Newcomb 1997)。"))
    return _Spec(header, rows, "Kano classification of the attributes", "KANO属性分类", notes)


def check_fuzzy(res, func):
    """An evaluation vector that can be read: finite, non-negative, not all zero."""
    v = res.vector.to_numpy(dtype=float)
    if not np.isfinite(v).all() or (v < 0).any() or v.sum() <= 0:
        raise ValueError(f"{func}: result's evaluation vector must be non-negative with a "
                         f"positive sum; got {v.tolist()}")


def fuzzy_effectiveness(vector) -> float:
    """The effectiveness α = (nβ − 1) / (2γ(n − 1)) of the maximum-membership verdict, with β
    the largest and γ the second largest share of the evaluation vector (inf when γ = 0)."""
    b = np.sort(np.asarray(vector, dtype=float) / float(np.sum(vector)))[::-1]
    n, beta, gamma = len(b), b[0], b[1]
    if gamma == 0:
        return float("inf")
    return round(float((n * beta - 1) / (2 * gamma * (n - 1))), 12)  # 0.5 stays 0.5


def fuzzy_spec(res, fmt: _Fmt):
    from ..satisfaction import FUZZY_OPERATORS
    check_fuzzy(res, "table")
    grades = [str(g) for g in res.vector.index]
    two = bool(res.levels)
    header = [fmt.t("Criterion", "评价指标"), fmt.t("Weight", "权重"), *grades]
    rows = [[str(c), fmt.num(res.weights[c], True), *(fmt.num(x, True) for x in r)]
            for c, r in res.membership.iterrows()]
    rows.append([fmt.t("Evaluation vector B", "综合评价向量B"), "",
                 *(fmt.num(x, True) for x in res.vector)])
    top = float(res.vector.max())
    alpha = fuzzy_effectiveness(res.vector)
    a = "∞" if not np.isfinite(alpha) else fmt.num(alpha, decimals=2)
    op_zh = FUZZY_OPERATORS.at[res.operator, "chinese"]
    score = "" if not np.isfinite(res.score) else fmt.t(f"; weighted score {fmt.num(res.score, decimals=2)}",
                                                        f"；加权得分 {fmt.num(res.score, decimals=2)}")
    rows_note = (("Rows: each criterion's evaluation vector from its sub-criteria. ",
                  "各行为各指标由其子指标得到的评价向量。") if two else
                 ("Rows: membership degrees of each criterion. ", "各行为各指标的隶属度。"))
    notes = [(f"{rows_note[0]}Operator {res.operator}; by maximum membership the verdict is "
              f"{res.verdict} ({fmt.num(top, True)}), effectiveness α = {a} (Liu et al. 1999)"
              f"{score}.",
              f"{rows_note[1]}合成算子 {res.operator}（{op_zh}）；按最大隶属度原则，评价结果为"
              f"“{res.verdict}”（隶属度 {fmt.num(top, True)}），有效度 α = {a} (刘开第等 1999)"
              f"{score}。")]
    title = (("Two-level fuzzy comprehensive evaluation", "二级模糊综合评价") if two else
             ("Fuzzy comprehensive evaluation", "模糊综合评价"))
    return _Spec(header, rows, *title, notes)


def grey_is_factors(res) -> bool:
    """True for :func:`grey_relational_factors` (the compared sequences are columns)."""
    return list(res.coefficients.columns) == list(res.degrees.index)


def grey_spec(res, fmt: _Fmt):
    from ..satisfaction import GREY_NORMALIZATIONS
    factors = grey_is_factors(res)
    who = fmt.t("Factor", "影响因素") if factors else fmt.t("Object", "评价对象")
    header = [who, fmt.t("Grey relational degree", "灰色关联度"), fmt.t("Rank", "排序")]
    order = res.ranks.sort_values(kind="stable").index
    rows = [[str(k), fmt.num(res.degrees[k], True), str(int(res.ranks[k]))] for k in order]
    norm_zh = GREY_NORMALIZATIONS.at[res.normalization, "chinese"]
    ref = (f"reference sequence {res.reference.name}", f"参考数列为{res.reference.name}") \
        if factors else ("degree: weighted mean of the coefficients over the criteria",
                         "关联度为各指标关联系数的加权平均")
    rho = f"{res.rho:g}"
    notes = [(f"Deng (1982); {ref[0]}; normalization {res.normalization}; distinguishing "
              f"coefficient ρ = {rho}.",
              f"邓聚龙 (1982)；{ref[1]}；无量纲化方法：{norm_zh}；分辨系数 ρ = {rho}。")]
    return _Spec(header, rows, "Grey relational analysis", "灰色关联分析", notes)
