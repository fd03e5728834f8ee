"""What a result says, in English and Chinese: the figure, the threshold with its source,
the verdict."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._format import STYLES, check_option, format_number, format_p

__all__ = ["THRESHOLDS", "interpret"]

#: Every threshold a verdict rests on, with its source. ``rule`` says which side passes;
#: ``levels`` grade a value (best first). Read it as data: a verdict never comes without
#: the figure it judges and the source of its threshold.
THRESHOLDS = {
    "alpha": dict(statistic="Cronbach's α", rule=">=", value=0.70, source="Nunnally (1978)",
                  reference="Nunnally, J. C. (1978). Psychometric theory (2nd ed.). McGraw-Hill."),
    "item_total_r": dict(statistic="corrected item-total r", rule=">=", value=0.30,
                         source="Nunnally & Bernstein (1994)",
                         reference="Nunnally, J. C., & Bernstein, I. H. (1994). Psychometric "
                                   "theory (3rd ed.). McGraw-Hill."),
    "kmo": dict(statistic="KMO", rule=">=", value=0.60, source="Kaiser (1974)",
                levels=((0.9, "marvelous", "极佳"), (0.8, "meritorious", "良好"),
                        (0.7, "middling", "中等"), (0.6, "mediocre", "一般"),
                        (0.5, "miserable", "勉强"), (0.0, "unacceptable", "不可接受")),
                reference="Kaiser, H. F. (1974). An index of factorial simplicity. "
                          "Psychometrika, 39, 31-36."),
    "bartlett": dict(statistic="Bartlett's p", rule="<", value=0.05, source="Bartlett (1950)",
                     reference="Bartlett, M. S. (1950). Tests of significance in factor "
                               "analysis. British Journal of Psychology, 3, 77-85."),
    "efa_variance": dict(statistic="cumulative variance explained", rule=">=", value=0.60,
                         source="Hair et al. (2010)",
                         reference="Hair, J. F., Black, W. C., Babin, B. J., & Anderson, R. E. "
                                   "(2010). Multivariate data analysis (7th ed.). Pearson."),
    "efa_loading": dict(statistic="factor loading", rule=">=", value=0.50,
                        source="Hair et al. (2010)", reference="as efa_variance"),
    "composite_reliability": dict(statistic="CR", rule=">=", value=0.70,
                                  source="Fornell & Larcker (1981); Hair et al. (2017)",
                                  reference="Fornell, C., & Larcker, D. F. (1981). Journal of "
                                            "Marketing Research, 18(1), 39-50. Hair, J. F., "
                                            "Hult, G. T. M., Ringle, C. M., & Sarstedt, M. "
                                            "(2017). A primer on PLS-SEM (2nd ed.). Sage."),
    "ave": dict(statistic="AVE", rule=">=", value=0.50, source="Fornell & Larcker (1981)",
                reference="as composite_reliability"),
    "r2_pls": dict(statistic="R²", rule=">=", value=0.25, source="Hair, Ringle & Sarstedt (2011)",
                   levels=((0.75, "substantial", "较强"), (0.50, "moderate", "中等"),
                           (0.25, "weak", "较弱"), (0.0, "very weak", "很弱")),
                   reference="Hair, J. F., Ringle, C. M., & Sarstedt, M. (2011). PLS-SEM: "
                             "Indeed a silver bullet. J. Marketing Theory & Practice, 19(2), "
                             "139-152."),
    "significance": dict(statistic="p", rule="<", value=0.05, source="Fisher (1925)",
                         reference="Fisher, R. A. (1925). Statistical methods for research "
                                   "workers. Oliver & Boyd."),
    "vif": dict(statistic="VIF", rule="<", value=5.0, source="Hair et al. (2017)",
                loose=10.0, loose_source="Hair et al. (2010)",
                reference="as composite_reliability; the older, looser rule is VIF < 10 "
                          "(Hair et al. 2010)"),
    "fornell_larcker": dict(statistic="√AVE against the construct correlations", rule=">",
                            value=0.0, source="Fornell & Larcker (1981)",
                            reference="as composite_reliability: √AVE of each construct "
                                      "exceeds its correlations with the others"),
    "pseudo_r2": dict(statistic="McFadden's pseudo R²", rule=">=", value=0.20,
                      source="McFadden (1979)",
                      reference="McFadden, D. (1979). Quantitative methods for analysing travel "
                                "behaviour of individuals. In Hensher & Stopher (Eds.), "
                                "Behavioural travel modelling (pp. 279-318). Croom Helm: "
                                "0.2 to 0.4 is an excellent fit."),
    "ph_test": dict(statistic="proportional-hazards test p", rule=">=", value=0.05,
                    source="Grambsch & Therneau (1994)",
                    reference="Grambsch, P. M., & Therneau, T. M. (1994). Proportional hazards "
                              "tests and diagnostics based on weighted residuals. Biometrika, "
                              "81, 515-526."),
    "bootstrap_ci": dict(statistic="distance of the bootstrap CI of an indirect effect from 0 "
                              "(the CI excludes 0)", rule=">", value=0.0,
                         source="Preacher & Hayes (2008)",
                         reference="Preacher, K. J., & Hayes, A. F. (2008). Asymptotic and "
                                   "resampling strategies for assessing and comparing indirect "
                                   "effects in multiple mediator models. Behavior Research "
                                   "Methods, 40, 879-891."),
    "moderated_mediation": dict(statistic="distance of the bootstrap CI of the index of moderated "
                                          "mediation from 0", rule=">", value=0.0,
                                source="Hayes (2015)",
                                reference="Hayes, A. F. (2015). An index and test of linear "
                                          "moderated mediation. Multivariate Behavioral Research, "
                                          "50, 1-22."),
    "cfi": dict(statistic="CFI", rule=">=", value=0.95, source="Hu & Bentler (1999)",
                reference="Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in "
                          "covariance structure analysis. Structural Equation Modeling, 6(1), "
                          "1-55."),
    "tli": dict(statistic="TLI", rule=">=", value=0.95, source="Hu & Bentler (1999)",
                reference="as cfi"),
    "rmsea": dict(statistic="RMSEA", rule="<=", value=0.06, source="Hu & Bentler (1999)",
                  reference="as cfi"),
    "srmr": dict(statistic="SRMR", rule="<=", value=0.08, source="Hu & Bentler (1999)",
                 reference="as cfi"),
    "chi2_df": dict(statistic="χ²/df", rule="<", value=3.0, source="Kline (2016)",
                    reference="Kline, R. B. (2016). Principles and practice of structural "
                              "equation modeling (4th ed.). Guilford."),
    "htmt": dict(statistic="HTMT", rule="<", value=0.85, loose=0.90,
                 source="Henseler, Ringle & Sarstedt (2015)",
                 reference="Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). A new criterion "
                           "for assessing discriminant validity in variance-based structural "
                           "equation modeling. JAMS, 43(1), 115-135."),
    "harman": dict(statistic="variance share of the first unrotated factor", rule="<",
                   value=0.50, source="Podsakoff et al. (2003)",
                   reference="Podsakoff, P. M., MacKenzie, S. B., Lee, J.-Y., & Podsakoff, N. P. "
                             "(2003). Common method biases in behavioral research. Journal of "
                             "Applied Psychology, 88(5), 879-903."),
    "kano_strength": dict(statistic="category strength: the difference between the two "
                                    "largest category shares of a Kano attribute",
                          rule=">=", value=0.06, source="Lee & Newcomb (1997)",
                          reference="Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano "
                                    "methodology to meet customer requirements: NASA's "
                                    "microgravity science program. Quality Management Journal, "
                                    "4(3), 95-106."),
    "fuzzy_effectiveness": dict(statistic="effectiveness α = (nβ − 1)/(2γ(n − 1)) of the "
                                          "maximum-membership verdict (β, γ: the largest and "
                                          "second largest normalised membership, n grades)",
                                rule=">=", value=0.5, source="Liu et al. (1999)",
                                source_zh="刘开第等 (1999)",
                                levels=((1.0, "fully effective", "完全有效"),
                                        (0.5, "fairly effective", "比较有效"),
                                        (0.0, "of low effectiveness", "低效")),
                                reference="刘开第, 吴和琴, 庞彦军, 等 (Liu Kaidi et al.) (1999). "
                                          "不确定性信息数学处理及应用. 科学出版社: α ≥ 1 fully "
                                          "effective, 0.5 ≤ α < 1 fairly effective, 0 < α < 0.5 "
                                          "of low effectiveness, α = 0 ineffective."),
}


class _Say:
    def __init__(self, language, style):
        self.zh = language == "zh"
        self.style = style

    def b(self, x, d=2):  # a statistic bounded by 1
        return format_number(x, d, bounded=True, style=self.style)

    def n(self, x, d=2):
        return format_number(x, d, style=self.style)

    def p(self, x):
        text = format_p(x, 3, style=self.style)
        if self.zh:
            return "p" + text.replace(" ", "") if text.startswith("<") else f"p={text}"
        return f"p {text}" if text.startswith("<") else f"p = {text}"

    def __call__(self, en, zh):
        return zh if self.zh else en


def _level(value, levels, zh):
    return next((z if zh else e) for cut, e, z in levels if value >= cut)


def _alpha(res, s: _Say, name=None):
    T = THRESHOLDS["alpha"]
    a, cut = s.b(res.alpha), s.b(T["value"])
    ok = res.alpha >= T["value"]
    if s.zh:
        who = f"{name}的" if name else ""
        return (f"{who}Cronbach's α 为 {a}，{'高于' if ok else '低于'} Nunnally (1978) 建议的 "
                f"{cut}，" + ("量表信度良好。" if ok else "量表信度不足，建议检查各题项的修正项目"
                                                  "总计相关性。"))
    who = f" of {name}" if name else ""
    return (f"Cronbach's α{who} = {a}, {'above' if ok else 'below'} Nunnally's (1978) threshold "
            f"of {cut}: " + ("the scale is reliable." if ok else
                              "the scale is not reliable enough; check the items' corrected "
                              "item-total correlations."))


def _kmo(res, s: _Say):
    T, B = THRESHOLDS["kmo"], THRESHOLDS["bartlett"]
    grade = _level(res.kmo, T["levels"], s.zh)
    ok = res.kmo >= T["value"] and res.p_value < B["value"]
    chi = f"χ²({res.df}) = {s.n(res.chi2)}, {s.p(res.p_value)}"
    if s.zh:
        return (f"KMO 值为 {s.b(res.kmo)}，按 Kaiser (1974) 的标准属于“{grade}”（通常要求不低于 "
                f"{s.b(T['value'])}）；Bartlett 球形度检验 {chi}（Bartlett (1950)：p<0.05 为显著）。"
                + ("数据适合做因子分析。" if ok else "数据不适合做因子分析。"))
    return (f"KMO = {s.b(res.kmo)}, which Kaiser (1974) calls {grade} (the usual minimum is "
            f"{s.b(T['value'])}); Bartlett's test of sphericity gives {chi} (Bartlett 1950: "
            f"significant below .05): " + ("the items are suitable for factor analysis." if ok
                                            else "the items are not suitable for factor "
                                                 "analysis."))


def _efa(res, s: _Say):
    V, L = THRESHOLDS["efa_variance"], THRESHOLDS["efa_loading"]
    share = float(res.variance["cumulative"].iloc[-1])
    top = res.loadings.abs().max(axis=1)
    weak = list(top.index[top < L["value"]])
    k, pct = res.loadings.shape[1], format_number(100 * share, 1)
    ok = share >= V["value"] and not weak
    if s.zh:
        return (f"{k} 个因子累计解释 {pct}% 的方差，{'达到' if share >= V['value'] else '未达到'} "
                f"Hair et al. (2010) 建议的 60%；{len(top) - len(weak)}/{len(top)} 个题项在其因子上的"
                f"载荷不低于 {s.n(L['value'])}（Hair et al. 2010）"
                + (f"，{'、'.join(map(str, weak))} 低于该值" if weak else "")
                + ("。因子结构清晰。" if ok else "。因子结构有待改进。"))
    side = "above" if share >= V["value"] else "below"
    return (f"The {k} factors explain {pct}% of the variance, {side} "
            f"the 60% Hair et al. (2010) ask of social-science data; {len(top) - len(weak)} of "
            f"{len(top)} items load at least {s.n(L['value'])} on a factor (Hair et al. 2010)"
            + (f", not {', '.join(map(str, weak))}" if weak else "")
            + (": the factor structure is clean." if ok else ": the factor structure needs work."))


def _path(res, s: _Say):
    C, A, R = THRESHOLDS["composite_reliability"], THRESHOLDS["ave"], THRESHOLDS["r2_pls"]
    rel = res.reliability
    bad = [c for c, r in rel.iterrows() if r["composite_reliability"] < C["value"]
           or r["ave"] < A["value"]]
    cr = f"{s.b(rel['composite_reliability'].min())}–{s.b(rel['composite_reliability'].max())}"
    av = f"{s.b(rel['ave'].min())}–{s.b(rel['ave'].max())}"
    r2 = [(k, v, _level(v, R["levels"], s.zh)) for k, v in res.r2.items()]
    fl = res.fornell_larcker
    off = fl.drop(columns="passes").to_numpy(dtype=float, copy=True)
    root = np.diag(off).copy()
    np.fill_diagonal(off, 0.0)
    worst = float(np.min(root - np.abs(off).max(axis=1)))  # smallest margin of √AVE over r
    unmet = [str(c) for c, ok in fl["passes"].items() if not ok]
    if s.zh:
        out = (f"组合信度 CR 为 {cr}（Fornell & Larcker (1981)、Hair et al. (2017) 建议不低于 "
               f"{s.b(C['value'])}），AVE 为 {av}（Fornell & Larcker (1981) 建议不低于 "
               f"{s.b(A['value'])}）：" + (f"{'、'.join(bad)} 未达标。" if bad else
                                          "各潜变量信度与收敛效度良好。"))
    else:
        out = (f"Composite reliability ranges {cr} (threshold {s.b(C['value'])}, Fornell & "
               f"Larcker 1981; Hair et al. 2017) and AVE {av} (threshold {s.b(A['value'])}, "
               f"Fornell & Larcker 1981): " + (f"{', '.join(bad)} fall short." if bad else
                                               "every construct is reliable and convergently "
                                               "valid."))
    out += s(f" Discriminant validity (Fornell & Larcker 1981: √AVE above every correlation "
             f"with another construct) " + (f"fails for {', '.join(unmet)}" if unmet else "holds")
             + f"; the smallest margin is {s.n(worst)}.",
             f"区分效度（Fornell & Larcker 1981：√AVE 大于与其他潜变量的相关系数）"
             + (f"在 {'、'.join(unmet)} 上不满足" if unmet else "满足")
             + f"，最小差值为 {s.n(worst)}。")
    if "se" in res.paths:
        p = res.summary()["p"].to_numpy()
        sig = int((p < THRESHOLDS["significance"]["value"]).sum())
        weak = [f"{a} → {b}" for a, b, pp in zip(res.paths["source"], res.paths["target"], p)
                if pp >= THRESHOLDS["significance"]["value"]]
        out += s(f" {sig} of {len(p)} paths are significant at p < .05 ({res.bootstrap} bootstrap "
                 f"resamples; Hair et al. 2017)" + (f"; not {', '.join(weak)}." if weak else "."),
                 f"{len(p)} 条路径中 {sig} 条在 p<0.05 水平显著（Bootstrap {res.bootstrap} 次；"
                 f"Hair et al. 2017）" + (f"，{'、'.join(weak)} 不显著。" if weak else "。"))
    else:
        out += s(" Without bootstrap resamples the paths' significance is not tested.",
                 "未做 Bootstrap 抽样，路径显著性未检验。")
    parts = [s(f"{k} {s.b(v)} ({g})", f"{k} {s.b(v)}（{g}）") for k, v, g in r2]
    out += s(f" R² by Hair, Ringle & Sarstedt (2011) (.75 substantial, .50 moderate, .25 weak): "
             f"{'; '.join(parts)}.",
             f"按 Hair, Ringle & Sarstedt (2011) 的标准（0.75 较强、0.50 中等、0.25 较弱），R² 为："
             f"{'；'.join(parts)}。")
    return out


def _sem(res, s: _Say):
    from ..satisfaction import measurement_quality

    f = res.fit_indices
    checks = [("cfi", f["cfi"], f["cfi"] >= 0.95), ("tli", f["tli"], f["tli"] >= 0.95),
              ("rmsea", f["rmsea"], f["rmsea"] <= 0.06), ("srmr", f["srmr"], f["srmr"] <= 0.08)]
    miss = [THRESHOLDS[k]["statistic"] for k, _, ok in checks if not ok]
    chi = f"χ²({int(f['df'])}) = {s.n(f['chi2'])}, {s.p(f['p'])}"
    ci = f"[{s.b(f['rmsea_low'], 3)}, {s.b(f['rmsea_high'], 3)}]"
    if s.zh:
        out = (f"模型拟合：{chi}，χ²/df = {s.n(f['chi2_df'])}（Kline (2016)：小于 3），"
               f"CFI = {s.b(f['cfi'], 3)}，TLI = {s.b(f['tli'], 3)}（Hu & Bentler (1999)：不低于 "
               f"0.95），RMSEA = {s.b(f['rmsea'], 3)}，90% 置信区间 {ci}（不高于 0.06），"
               f"SRMR = {s.b(f['srmr'], 3)}（不高于 0.08）：" +
               (f"{'、'.join(miss)} 未达标，模型拟合欠佳。" if miss else "模型拟合良好。"))
    else:
        out = (f"Model fit: {chi}, χ²/df = {s.n(f['chi2_df'])} (Kline 2016: below 3), "
               f"CFI = {s.b(f['cfi'], 3)}, TLI = {s.b(f['tli'], 3)} (Hu & Bentler 1999: at "
               f"least .95), RMSEA = {s.b(f['rmsea'], 3)}, 90% CI {ci} (at most .06), "
               f"SRMR = {s.b(f['srmr'], 3)} (at most .08): " +
               (f"{', '.join(miss)} miss the cut-off; the model fits poorly."
                if miss else "the model fits well."))
    out += ("" if s.zh else " ") + _quality(measurement_quality(res), s)
    paths = res.params[res.params["op"] == "~"]
    if len(paths):
        cut = THRESHOLDS["significance"]["value"]
        weak = [f"{a} → {b}" for a, b, p in zip(paths["rhs"], paths["lhs"], paths["p"])
                if not p < cut]
        sig = len(paths) - len(weak)
        out += s(f" {sig} of {len(paths)} paths are significant at p < .05 (Fisher 1925)"
                 + (f"; not {', '.join(weak)}." if weak else "."),
                 f"{len(paths)} 条路径中 {sig} 条在 p<0.05 水平显著（Fisher 1925）"
                 + (f"，{'、'.join(weak)} 不显著。" if weak else "。"))
    return out


def _quality(res, s: _Say):
    C, A = THRESHOLDS["composite_reliability"], THRESHOLDS["ave"]
    rel = res.reliability
    bad = [str(c) for c, r in rel.iterrows() if r["composite_reliability"] < C["value"]
           or r["ave"] < A["value"]]
    cr = f"{s.b(rel['composite_reliability'].min())}–{s.b(rel['composite_reliability'].max())}"
    av = f"{s.b(rel['ave'].min())}–{s.b(rel['ave'].max())}"
    unmet = [str(c) for c, ok in res.fornell_larcker["passes"].items() if not ok]
    h = res.htmt.to_numpy(dtype=float)
    top = float(np.nanmax(h)) if np.isfinite(h).any() else np.nan
    if s.zh:
        out = (f"组合信度 CR 为 {cr}（Hair et al. (2017) 建议不低于 0.70），AVE 为 {av}"
               f"（Fornell & Larcker (1981) 建议不低于 0.50）：" +
               (f"{'、'.join(bad)} 未达标。" if bad else "各潜变量信度与收敛效度良好。") +
               "区分效度：Fornell-Larcker 准则（√AVE 大于与其他潜变量的相关系数）" +
               (f"在 {'、'.join(unmet)} 上不满足" if unmet else "满足"))
        if np.isfinite(top):
            out += (f"；HTMT 最大为 {s.b(top)}（Henseler, Ringle & Sarstedt (2015)：低于 0.85，"
                    f"概念相近时 0.90）" + ("，满足。" if top < 0.85 else "，不满足。"))
        else:
            out += "。"
        return out
    out = (f"Composite reliability ranges {cr} (Hair et al. 2017: at least .70) and AVE {av} "
           f"(Fornell & Larcker 1981: at least .50): " +
           (f"{', '.join(bad)} fall short." if bad else
            "every construct is reliable and convergently valid.") +
           " Discriminant validity by Fornell & Larcker (1981) (√AVE above every correlation "
           "with another construct) " + (f"fails for {', '.join(unmet)}" if unmet else "holds"))
    if np.isfinite(top):
        out += (f"; the largest HTMT is {s.b(top)} (Henseler, Ringle & Sarstedt 2015: below .85, "
                f".90 for close constructs): " + ("it holds." if top < 0.85 else
                                                   "it is in doubt." if top < 0.90 else
                                                   "it fails."))
    else:
        out += "."
    return out


def _harman(res, s: _Say):
    share = format_number(100 * res.first_share, 1)
    if s.zh:
        return (f"Harman 单因子检验：未旋转的第一个因子解释了 {share}% 的方差，"
                f"{'低于' if res.passes else '不低于'} Podsakoff et al. (2003) 的 50% 临界值，"
                + ("不存在严重的共同方法偏差（该检验较不敏感，仅为初步证据）。" if res.passes
                   else "可能存在共同方法偏差。"))
    return (f"Harman's single-factor test: the first unrotated factor explains {share}% of the "
            f"variance, {'below' if res.passes else 'not below'} the 50% threshold (Podsakoff et "
            f"al. 2003): " + ("no serious common-method bias (the test is insensitive, so this is "
                              "weak evidence)." if res.passes
                              else "common-method bias is likely."))


def _significant_terms(names, pvalues, s: _Say):
    cut = THRESHOLDS["significance"]["value"]
    sig = [str(n) for n, p in zip(names, pvalues) if p < cut]
    return s(f"{len(sig)} of {len(pvalues)} are significant at p < .05 (Fisher 1925)"
             + (f": {', '.join(sig)}" if sig else ""),
             f"共 {len(pvalues)} 个，其中 {len(sig)} 个在 p<0.05 水平显著（Fisher 1925）"
             + (f"：{'、'.join(sig)}" if sig else ""))


def _driver(res, s: _Say):
    t, V = res.table, THRESHOLDS["vif"]
    top = t["importance"].idxmax()
    high = [d for d, v in t["vif"].items() if v >= V["value"]]
    vmax = s.n(t["vif"].max())
    loose = t["vif"].max() >= V["loose"]
    share = format_number(100 * t.loc[top, "share"], 0)
    if s.zh:
        return (f"R² 为 {s.b(res.r2)}（n={res.n}）；驱动因素"
                f"{_significant_terms(t.index, t['p_value'], s)}。相对权重最大的是 {top}"
                f"（{s.b(t.loc[top, 'importance'])}，占 R² 的 {share}%；Johnson 2000）。最大 VIF 为 "
                f"{vmax}，" + (f"{'、'.join(high)} 超过 Hair et al. (2017) 建议的 5"
                              + ("，也超过 Hair et al. (2010) 的 10" if loose else "")
                              + "，存在多重共线性。"
                              if high else "低于 Hair et al. (2017) 建议的 5，不存在严重的多重共线性。"))
    return (f"R² = {s.b(res.r2)} (n = {res.n}); of the drivers, "
            f"{_significant_terms(t.index, t['p_value'], s)}. The largest relative weight is "
            f"{top}'s ({s.b(t.loc[top, 'importance'])}, {share}% of R²; Johnson 2000). The "
            f"largest VIF is {vmax}, " + (f"at or above the 5 of Hair et al. (2017)"
                                          + (" and the older 10 of Hair et al. (2010)"
                                             if loose else "")
                                          + f" for {', '.join(high)}: their betas are unstable."
                                          if high else "below the 5 of Hair et al. (2017): "
                                                       "collinearity is no concern."))


def _pseudo(r2, s: _Say):
    T = THRESHOLDS["pseudo_r2"]
    ok = r2 >= T["value"]
    return s(f"McFadden's pseudo R² = {s.b(r2)}, {'at or above' if ok else 'below'} the .20 from "
             f"which McFadden (1979) calls a fit excellent (.20 to .40)",
             f"McFadden 伪 R² 为 {s.b(r2)}，{'达到' if ok else '低于'} McFadden (1979) 所说拟合优秀"
             f"的 0.20（0.20 至 0.40 为优秀）"), ok


def _choice(res, s: _Say):
    text, ok = _pseudo(res.pseudo_r2, s)
    sm = res.summary()
    return text + s(f"; of the attributes, {_significant_terms(sm.index, sm['p_value'], s)}"
                    + (": the model fits well." if ok else ": the model fits weakly."),
                    f"；各属性{_significant_terms(sm.index, sm['p_value'], s)}"
                    + ("，模型拟合良好。" if ok else "，模型拟合较弱。"))


def _ordinal(res, s: _Say):
    slopes = list(res.params.index[: len(res.params) - (len(res.classes) - 1)])
    text, ok = _pseudo(res.model.prsquared, s)
    return text + s(f"; of the predictors, "
                    f"{_significant_terms(slopes, res.model.pvalues[slopes], s)}"
                    + (": the model fits well." if ok else ": the model fits weakly."),
                    f"；自变量{_significant_terms(slopes, res.model.pvalues[slopes], s)}"
                    + ("，模型拟合良好。" if ok else "，模型拟合较弱。"))


def _hazard(res, s: _Say):
    cut = THRESHOLDS["significance"]["value"]
    parts = []
    for term, r in res.hazard_ratios.iterrows():
        sig = r["p_value"] < cut
        parts.append(s(f"{term}: HR = {s.n(r['hazard_ratio'])} ({s.p(r['p_value'])}, "
                       f"{'significant' if sig else 'not significant'} at .05, Fisher 1925)",
                       f"{term} 的风险比 HR 为 {s.n(r['hazard_ratio'])}（{s.p(r['p_value'])}，"
                       f"{'在 0.05 水平显著' if sig else '在 0.05 水平不显著'}，Fisher 1925）"))
    ph = res.ph_test["p_value"].dropna()
    broken = [t for t, p in ph.items() if p < THRESHOLDS["ph_test"]["value"]]
    low = s.p(ph.min()) if len(ph) else "—"
    if s.zh:
        return ("；".join(parts) + "。比例风险检验（Grambsch & Therneau 1994，p≥0.05 为满足）："
                + (f"{'、'.join(broken)} 违反比例风险假定（最小 {low}）。" if broken
                   else f"各协变量均满足（最小 {low}）。"))
    return ("; ".join(parts) + ". The proportional-hazards check (Grambsch & Therneau 1994, "
            "holds at p ≥ .05) " + (f"fails for {', '.join(broken)} (smallest {low})." if broken
                                     else f"holds for every term (smallest {low})."))


# --- lifetime value for contracts and discrete occasions: sBG, Pareto/NBD, BG/BB -------------
def _unidentified(res, s: _Say):
    if not res.notes:
        return ""
    return s(" Not every parameter is identified (" + "; ".join(res.notes) + "): report the "
             "means, not the parameters.",
             "部分参数不可识别（" + "；".join(res.notes) + "），应报告均值而非参数本身。")


def _sbg(res, s: _Say):
    from ._adapters import clv_model_means
    churn = clv_model_means(res)[0][2]
    r1, r5 = res.retention(1), res.retention(5)
    life = res.discounted_expected_lifetime(discount=0.1)
    per = "year" if res.periods_per_year == 1 else "contract period"
    per_zh = "年" if res.periods_per_year == 1 else "个合同期"
    text = s(f"In the sBG model (Fader & Hardie 2007) a customer leaves at a renewal with mean "
             f"probability {s.b(churn)}. Retention rises with tenure, from {s.b(r1)} at the "
             f"first renewal to {s.b(r5)} at the fifth, because the customers most likely to "
             f"leave go first: one average retention rate undervalues long-standing customers. "
             f"At a 10% yearly discount rate a new customer is expected to pay for "
             f"{s.n(life)} discounted {per}s, so a contract is worth {s.n(life)} times its "
             f"yearly margin.",
             f"sBG模型（Fader & Hardie 2007）估计客户在每次续约时的平均流失概率为 {s.b(churn)}。"
             f"留存率随合同年限上升，从第1次续约的 {s.b(r1)} 升至第5次的 {s.b(r5)}，"
             f"因为最易流失的客户先离开：只用一个平均留存率会低估老客户的价值。"
             f"按10%的年贴现率，新客户的贴现期望合同期为 {s.n(life)} {per_zh}，"
             f"即一份合同的价值约为每期利润的 {s.n(life)} 倍。")
    return text + _unidentified(res, s)


def _pnbd(res, s: _Say):
    from ._adapters import _UNIT_ZH, clv_model_means
    (_, _, rate), (_, _, dropout) = clv_model_means(res)
    unit, unit_zh = res.time_unit, _UNIT_ZH[res.time_unit]
    year = res.expected_purchases(res.periods_per_year)
    text = s(f"In the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) an active "
             f"customer buys {s.n(rate, 3)} times per {unit} on average and drops out at a mean "
             f"rate of {s.n(dropout, 3)} per {unit}; a new customer is expected to make "
             f"{s.n(year)} repeat purchases in her first year.",
             f"Pareto/NBD模型（Schmittlein, Morrison & Colombo 1987）估计活跃客户平均每{unit_zh}"
             f"购买 {s.n(rate, 3)} 次，平均每{unit_zh}流失率为 {s.n(dropout, 3)}；"
             f"新客户第一年预计重复购买 {s.n(year)} 次。")
    return text + _unidentified(res, s)


def _bgbb(res, s: _Say):
    from ._adapters import clv_model_means
    (_, _, buy), (_, _, drop) = clv_model_means(res)
    five = res.expected_purchases(5)
    text = s(f"In the BG/BB model (Fader, Hardie & Shang 2010) an active customer buys at an "
             f"occasion with mean probability {s.b(buy)} and drops out after it with mean "
             f"probability {s.b(drop)}; a new customer is expected to buy at {s.n(five)} of "
             f"the next five occasions.",
             f"BG/BB模型（Fader, Hardie & Shang 2010）估计活跃客户在每次购买机会的平均购买概率为 "
             f"{s.b(buy)}，之后的平均流失概率为 {s.b(drop)}；新客户预计在今后5次机会中购买 "
             f"{s.n(five)} 次。")
    return text + _unidentified(res, s)


def _process(res, s: _Say):
    """Each indirect effect and its bootstrap CI (Preacher & Hayes 2008), the mediation type
    from the direct effect (Zhao, Lynch & Chen 2010), the index of moderated mediation
    (Hayes 2015) and the conditional indirect effects."""
    cut = THRESHOLDS["significance"]["value"]
    level = f"{100 * res.conf:g}"
    direct = res.effects.set_index("effect").loc["direct"]
    d_sig = direct["p_value"] < cut
    parts = []

    def ci(r):
        return f"[{s.n(r['ci_low'])}, {s.n(r['ci_high'])}]"

    def excludes(r):
        return r["ci_low"] > 0 or r["ci_high"] < 0

    if res.model == 4:
        for _, r in res.indirect.iterrows():
            via = " + ".join(res.m) if r["mediator"] == "total" else r["mediator"]
            ok = excludes(r)
            if s.zh:
                parts.append(f"{res.x}经{via}对{res.y}的{'总' if r['mediator'] == 'total' else ''}"
                             f"间接效应为 {s.n(r['estimate'])}，{level}% Bootstrap置信区间 {ci(r)}"
                             f"{'不包含' if ok else '包含'} 0 (Preacher & Hayes 2008)，"
                             + ("中介效应成立。" if ok else "中介效应不成立。"))
            else:
                parts.append(f"The {'total ' if r['mediator'] == 'total' else ''}indirect effect "
                             f"of {res.x} on {res.y} via {via} = {s.n(r['estimate'])}, {level} % "
                             f"bootstrap CI {ci(r)} {'excludes' if ok else 'includes'} 0 "
                             f"(Preacher & Hayes 2008): mediation "
                             f"{'supported' if ok else 'not supported'}.")
        key = res.indirect.iloc[-1]
        if excludes(key):
            if s.zh:
                parts.append(f"直接效应为 {s.n(direct['estimate'])}（{s.p(direct['p_value'])}），"
                             + ("为部分中介 (Zhao, Lynch & Chen 2010)。" if d_sig
                                else "不显著，为完全中介（仅间接效应）(Zhao, Lynch & Chen 2010)。"))
            else:
                parts.append(f"The direct effect = {s.n(direct['estimate'])}, {s.p(direct['p_value'])}: "
                             + ("partial (complementary or competitive) mediation" if d_sig
                                else "indirect-only (full) mediation")
                             + " (Zhao, Lynch & Chen 2010).")
        return ("" if s.zh else " ").join(parts)
    stage = "X → M" if res.model == 7 else "M → Y"
    for _, r in res.index_of_moderated_mediation.iterrows():
        ok = excludes(r)
        cond = res.indirect[res.indirect["mediator"] == r["mediator"]]
        listing = ("；" if s.zh else "; ").join(
            f"{res.w} = {s.n(c['w'])}: {s.n(c['estimate'])} {ci(c)}" for _, c in cond.iterrows())
        if s.zh:
            parts.append(f"{res.w}调节{stage}路径（模型{res.model}）：经{r['mediator']}的有调节的中介"
                         f"指数为 {s.n(r['estimate'])}，{level}% Bootstrap置信区间 {ci(r)}"
                         f"{'不包含' if ok else '包含'} 0 (Hayes 2015)，"
                         f"{'有调节的中介效应成立' if ok else '有调节的中介效应不成立'}。"
                         f"条件间接效应：{listing}。")
        else:
            parts.append(f"{res.w} moderates the {stage} path (model {res.model}): the index of "
                         f"moderated mediation via {r['mediator']} = {s.n(r['estimate'])}, "
                         f"{level} % bootstrap CI {ci(r)} {'excludes' if ok else 'includes'} 0 "
                         f"(Hayes 2015): moderated mediation "
                         f"{'supported' if ok else 'not supported'}. Conditional indirect "
                         f"effects: {listing}.")
    return ("" if s.zh else " ").join(parts)


# --- evaluation methods of Chinese satisfaction theses: Kano, fuzzy, grey -----------------
def _pct(x):
    return format_number(100 * x, 1)


def _kano(table, s: _Say):
    """Each attribute's modal category (Kano et al. 1984; Berger et al. 1993) with Better and
    Worse, ties (Matzler et al. 1996) and weak categories (Lee & Newcomb 1997)."""
    from ._adapters import KANO_NAMES, kano_ranked, kano_weak
    T = THRESHOLDS["kano_strength"]
    cut, pts = T["value"], format_number(100 * T["value"], 0)
    parts, weak, ties, margins = [], [], [], []
    for attribute, r in table.iterrows():
        c = r["category"]
        name = s(f"{KANO_NAMES[c][0]} {c}", f"{KANO_NAMES[c][1]}{c}")
        parts.append(s(f"{attribute} {name} ({_pct(r[f'share_{c}'])}% of {int(r['n'])}; Better "
                       f"{s.b(r['better'])}, Worse {s.b(r['worse'])})",
                       f"{attribute}为{name}（占{int(r['n'])}人的{_pct(r[f'share_{c}'])}%；Better "
                       f"{s.b(r['better'])}，Worse {s.b(r['worse'])}）"))
        first, second = kano_ranked(r)[:2]
        if r["tied"]:
            same = [k for k in kano_ranked(r) if r[f"share_{k}"] == r[f"share_{c}"]]
            ties.append(s(f"{attribute} ({' and '.join(same)} {_pct(r[f'share_{c}'])}% each)",
                          f"{attribute}（{'与'.join(same)}均为{_pct(r[f'share_{c}'])}%）"))
            continue
        gap = r[f"share_{first}"] - r[f"share_{second}"]
        margins.append((gap, str(attribute)))
        if kano_weak(r, cut):
            weak.append(s(f"{attribute} ({first} {_pct(r[f'share_{first}'])}% against {second} "
                          f"{_pct(r[f'share_{second}'])}%)",
                          f"{attribute}（{first} {_pct(r[f'share_{first}'])}%，{second} "
                          f"{_pct(r[f'share_{second}'])}%）"))
    if s.zh:
        out = ("按频数最多的类别归类（Kano et al. 1984；Berger et al. 1993），Better 系数为提供该属性"
               "带来的满意度提升（0 至 1），Worse 系数为缺少该属性带来的不满（−1 至 0；Berger et al. "
               "1993）：" + "；".join(parts) + "。")
        out += (f"类别强度（Lee & Newcomb 1997：最大的两个比例至少相差 {pts} 个百分点）：")
        if weak:
            out += f"{'、'.join(weak)}的差距不足，类别较弱，应视为两类的混合。"
        elif margins:
            gap, who = min(margins)
            out += f"各属性均满足，最小差距为 {format_number(100 * gap, 1)} 个百分点（{who}）。"
        else:
            out += "无可判断的属性。"
        if ties:
            out += f"频数并列：{'；'.join(ties)}，按 M > O > A > I 取类别（Matzler et al. 1996）。"
        return out
    out = ("Kano categories by the modal count (Kano et al. 1984; Berger et al. 1993), with "
           "Better, the satisfaction gained by offering the attribute (0 to 1), and Worse, the "
           "dissatisfaction when it is missing (−1 to 0; Berger et al. 1993): "
           + "; ".join(parts) + ".")
    out += (f" Category strength (Lee & Newcomb 1997: the two largest shares at least {pts} "
            f"percentage points apart) ")
    if weak:
        out += f"is too small for {'; '.join(weak)}: read these as a mix of both categories."
    elif margins:
        gap, who = min(margins)
        out += (f"holds for every attribute; the smallest margin is "
                f"{format_number(100 * gap, 1)} points ({who}).")
    else:
        out += "cannot be judged."
    if ties:
        out += (f" Tied: {'; '.join(ties)}; classified by M > O > A > I (Matzler et al. 1996).")
    return out


def _fuzzy(res, s: _Say):
    """The maximum-membership verdict, its effectiveness (Liu et al. 1999) and the score."""
    from ._adapters import check_fuzzy, fuzzy_effectiveness
    check_fuzzy(res, "interpret")
    T = THRESHOLDS["fuzzy_effectiveness"]
    b = res.vector / res.vector.sum()
    order = b.sort_values(ascending=False, kind="stable")
    second = order.index[1]
    alpha = fuzzy_effectiveness(res.vector)
    a = "∞" if not np.isfinite(alpha) else s.n(alpha)
    if alpha <= 1e-12:
        grade = s("ineffective", "失效")
    else:
        grade = _level(alpha, T["levels"], s.zh)
    ok = alpha >= T["value"]
    top = s.b(b[res.verdict], 3)
    if s.zh:
        out = (f"按最大隶属度原则，评价结果为“{res.verdict}”，隶属度 {top}，次大为“{second}” "
               f"{s.b(order.iloc[1], 3)}（合成算子 {res.operator}）；最大隶属度原则的有效度 "
               f"α = (nβ−1)/(2γ(n−1)) = {a}，按刘开第等 (1999) 的标准（α ≥ 1 完全有效，0.5 ≤ α < 1 "
               f"比较有效，α < 0.5 低效）属于“{grade}”，"
               + ("评价结论可靠。" if ok else "评价结论不够可靠，宜以加权得分为准。"))
        if np.isfinite(res.score):
            out += f"加权得分为 {s.n(res.score)}。"
        if res.levels:
            out += "各指标：" + "；".join(
                f"{k} 为“{r.verdict}”（{s.b(r.vector[r.verdict] / r.vector.sum(), 3)}）"
                for k, r in res.levels.items()) + "。"
        return out
    out = (f"By the maximum-membership principle the verdict is {res.verdict}, membership {top} "
           f"against {s.b(order.iloc[1], 3)} for {second} (operator {res.operator}). The "
           f"effectiveness of the principle, α = (nβ − 1)/(2γ(n − 1)) = {a}, is {grade} "
           f"(Liu et al. 1999: at least 1 fully effective, 0.5 to 1 fairly effective, below 0.5 "
           f"of low effectiveness): " + ("the verdict holds." if ok else
                                          "the verdict is weak; report the weighted score "
                                          "instead."))
    if np.isfinite(res.score):
        out += f" The weighted score is {s.n(res.score)}."
    if res.levels:
        out += " By criterion: " + "; ".join(
            f"{k} {r.verdict} ({s.b(r.vector[r.verdict] / r.vector.sum(), 3)})"
            for k, r in res.levels.items()) + "."
    return out


def _grey(res, s: _Say):
    """The ranking by grey relational degree (Deng 1982, 1989) with ρ."""
    from ._adapters import grey_is_factors
    order = res.ranks.sort_values(kind="stable").index
    listing = [f"{k} {s.b(res.degrees[k], 3)}（{int(res.ranks[k])}）" if s.zh else
               f"{k} {s.b(res.degrees[k], 3)} ({int(res.ranks[k])})" for k in order]
    best = [str(k) for k in order if res.ranks[k] == 1]
    factors = grey_is_factors(res)
    rho = f"{res.rho:g}"
    if s.zh:
        from ..satisfaction import GREY_NORMALIZATIONS
        norm = GREY_NORMALIZATIONS.at[res.normalization, "chinese"]
        head = (f"灰色关联度（邓聚龙 1982；分辨系数 ρ = {rho}，无量纲化：{norm}）及排序："
                + "，".join(listing) + "。")
        lead = (f"与{res.reference.name}关联最紧密的因素是{'、'.join(best)}" if factors else
                f"最接近参考数列的评价对象是{'、'.join(best)}")
        return (head + lead + "；关联度只有相对意义，应看排序而非大小（邓聚龙 1989）。")
    head = (f"Grey relational degrees (Deng 1982; distinguishing coefficient ρ = {rho}, "
            f"normalization {res.normalization}), with ranks: " + ", ".join(listing) + ".")
    lead = (f" The factor moving most closely with {res.reference.name} is "
            f"{' and '.join(best)}" if factors else
            f" Closest to the reference sequence: {' and '.join(best)}")
    return (head + lead + "; a degree means something only beside the others, so read the "
            "ranking, not the level (Deng 1989).")


def _kind(result):
    from ..lifecycle import BGBB, ChurnHazard, ParetoNBD, ShiftedBetaGeometric
    from ..satisfaction import AlphaResult, DriverResult, EFAResult, KMOResult, OrdinalResult
    from ..satisfaction import PathModelResult, ProcessResult
    from ..satisfaction import FuzzyResult, GreyResult
    from ..satisfaction import HarmanResult, MeasurementQuality, SEMResult
    from ..value import ChoiceModel
    return ((FuzzyResult, _fuzzy), (GreyResult, _grey), (SEMResult, _sem), (MeasurementQuality, _quality), (HarmanResult, _harman),
            (AlphaResult, _alpha), (KMOResult, _kmo), (EFAResult, _efa),
            (PathModelResult, _path), (DriverResult, _driver), (ChoiceModel, _choice),
            (OrdinalResult, _ordinal), (ChurnHazard, _hazard), (ShiftedBetaGeometric, _sbg),
            (ParetoNBD, _pnbd), (BGBB, _bgbb), (ProcessResult, _process))


SUPPORTED = ("AlphaResult", "KMOResult", "EFAResult", "PathModelResult", "DriverResult",
             "ChoiceModel", "OrdinalResult", "ChurnHazard", "ShiftedBetaGeometric", "ParetoNBD",
             "BGBB", "ProcessResult", "SEMResult", "MeasurementQuality", "HarmanResult",
             "FuzzyResult", "GreyResult", "a kano_table", "a dict of AlphaResult")


def interpret(result, language: str = "en", *, style: str | None = None) -> str:
    """A paragraph that reads a result: each figure, its threshold with the source, the verdict.

    Parameters
    ----------
    result : AlphaResult, KMOResult, EFAResult, PathModelResult, DriverResult, ChoiceModel, \
OrdinalResult, ChurnHazard, ShiftedBetaGeometric, ParetoNBD, BGBB, ProcessResult, SEMResult, \
MeasurementQuality, HarmanResult, FuzzyResult, GreyResult, the DataFrame of \
:func:`~crmlab.satisfaction.kano_table` or dict of str to AlphaResult
        A fitted crmlab result (a dict gives one sentence per named scale). A Kano table is
        recognised by its marker ``attrs["crmlab"] == "kano_table"``, set by ``kano_table``.
    language : {"en", "zh"}, default="en"
    style : {"apa", "plain"}, optional
        How numbers are written (:data:`STYLES`); by default ``"apa"`` in English (α = .87,
        p < .001) and ``"plain"`` in Chinese (α 为 0.87, p<0.001).

    Returns
    -------
    str
        The paragraph. Every verdict names its number and the source of its threshold
        (:data:`THRESHOLDS`).

    Raises
    ------
    TypeError
        For anything that is not one of the results above.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.satisfaction import cronbach_alpha
    >>> items = pd.DataFrame({"q1": [1, 3, 5, 5, 2, 3, 1, 5], "q2": [1, 4, 4, 3, 1, 3, 3, 3],
    ...                       "q3": [3, 2, 5, 3, 2, 2, 2, 3], "q4": [1, 4, 5, 4, 2, 2, 2, 3]})
    >>> res = cronbach_alpha(items, scale=(1, 5))
    >>> interpret(res)
    "Cronbach's α = .86, above Nunnally's (1978) threshold of .70: the scale is reliable."
    >>> interpret(res, "zh")
    "Cronbach's α 为 0.86，高于 Nunnally (1978) 建议的 0.70，量表信度良好。"
    """
    func = "interpret"
    check_option(language, ("en", "zh"), func, "language")
    if style is None:
        style = "apa" if language == "en" else "plain"
    check_option(style, tuple(STYLES), func, "style")
    say = _Say(language, style)
    from ..satisfaction import AlphaResult
    from ._adapters import KANO_COLUMNS, is_kano_table
    if isinstance(result, pd.DataFrame) and result.attrs.get("crmlab") == "kano_table":
        if not is_kano_table(result):
            missing = [c for c in KANO_COLUMNS if c not in result.columns]
            raise ValueError(f"{func}: result is a kano_table without its columns {missing}; "
                             f"pass the whole table kano_table returns")
        if len(result) == 0:
            raise ValueError(f"{func}: result is a kano_table without attributes (no rows)")
        return _kano(result, say)
    if isinstance(result, Mapping) and result and \
            all(isinstance(r, AlphaResult) for r in result.values()):
        return ("" if say.zh else " ").join(_alpha(r, say, str(k)) for k, r in result.items())
    for cls, reader in _kind(result):
        if isinstance(result, cls):
            return reader(result, say)
    raise TypeError(f"{func}: result must be one of {', '.join(SUPPORTED)}; got "
                    f"{type(result).__name__}")
