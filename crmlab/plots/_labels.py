"""The words on the charts, in English and Chinese.

``LABELS`` holds each chart's titles, axis titles and legend entries as
``key: (English, Chinese)``, with ``{}`` fields filled per call. Names that come from
the data (columns, constructs, attributes, suppliers, tiers) go through :func:`term`:
this table first, then :mod:`crmlab.glossary`, else the name with spaces for
underscores.
"""
from __future__ import annotations

import functools

LABELS = {
    # shares and money
    "cumulative share": ("cumulative share", "累计占比"),
    "cumulative share of": ("cumulative share of {}", "{}累计占比"),
    # pareto_curve, pareto_chart
    "all customers equal": ("all customers equal", "所有客户贡献相同"),
    "top customers": ("top {} of customers: {}", "前{}的客户：{}"),
    "customers largest first share": ("cumulative share of customers (largest first)",
                                      "客户累计占比（从大到小）"),
    "k customers make": ("{} customers ({}) make {}", "{}个客户（{}）占{}"),
    "customers largest first": ("customers, largest first", "客户（从大到小）"),
    "per customer": ("{} per customer", "每个客户的{}"),
    # score_breakdown, grade_stability
    "score": ("score", "得分"),
    "score parts": ("part of the score (weight × scaled criterion)",
                    "得分构成（权重 × 标准化指标）"),
    "customer": ("customer", "客户"),
    "grade": ("grade {}", "{}级客户"),
    "rank under weights": ("rank under the given weights (1 = best)", "给定权重下的排名（1 = 最优）"),
    "grade kept": ("share of weightings that keep the grade", "等级不变的权重组合占比"),
    # ipa_plot, gap_plot, path_diagram
    "concentrate here": ("concentrate here", "重点改进区"),
    "keep up the good work": ("keep up the good work", "继续保持区"),
    "low priority": ("low priority", "低优先区"),
    "possible overkill": ("possible overkill", "过度投入区"),
    "performance": ("performance (mean rating)", "绩效（平均评分）"),
    "importance": ("importance", "重要性"),
    "gap": ("gap: perceived − expected (scale points)", "差距：感知 − 期望（量表分）"),
    "attribute": ("attribute", "属性"),
    # value_map, value_waterfall
    "perceived mean": ("perceived {} (mean per customer, scale points)",
                       "感知{}（每个客户的均值，量表分）"),
    "value map": ("customer value map", "顾客价值图"),
    "fair-value line": ("fair-value line ({})", "公平价值线（{}）"),
    "difference": ("difference", "差值"),
    "ratio": ("ratio", "比值"),
    "waterfall y": ("mean per customer (weighted scale points)", "每个客户的均值（加权量表分）"),
    "delivered value of": ("delivered value of {}: {}", "{}的客户让渡价值：{}"),
    # rfm_heatmap, segment_profile_plot, pyramid_plot, whale_curve_plot
    "customers": ("customers", "客户数"),
    "mean of": ("mean {}", "{}均值"),
    "frequency score": ("frequency score (5 = most orders)", "频度得分（5 = 订单最多）"),
    "recency score": ("recency score (5 = most recent)", "近度得分（5 = 最近购买）"),
    "rfm title": ("RFM grid: {}", "RFM网格：{}"),
    "profile colour": ("segment mean − overall mean (SD)", "细分均值 − 总体均值（标准差）"),
    "segment": ("segment", "细分"),
    "profile title": ("Segment profiles (standardised means)", "细分画像（标准化均值）"),
    "tier text": ("{}: {} of customers, {} of {}", "{}：客户占{}，{}占{}"),
    "pyramid title": ("Customer pyramid by {}", "客户金字塔（按{}）"),
    "band width": ("band width: share of customers in the tier", "带宽：该层客户占比"),
    "share of total profit": ("cumulative share of total profit", "总利润累计占比"),
    "all of profit": ("100% of total profit", "总利润的100%"),
    "whale peak": ("peak: top {} make {} of profit", "峰值：前{}的客户创造{}的利润"),
    "customers by profit": ("cumulative share of customers (most profitable first)",
                            "客户累计占比（利润从高到低）"),
    # lifecycle
    "cohort buying": ("share of the cohort buying", "队列中仍购买的占比"),
    "periods since first": ("periods since the first purchase", "首次购买后的期数"),
    "cohort": ("cohort (first purchase)", "队列（首次购买期）"),
    "cohort title": ("Cohort retention", "队列留存"),
    "tenure": ("tenure (years)", "合作年限（年）"),
    "still active": ("share of customers still active", "仍活跃的客户占比"),
    "km title": ("Kaplan-Meier survival", "Kaplan-Meier生存曲线"),
    "estimate interval": ("estimate, 95% interval", "估计值与95%区间"),
    "true hazard ratio": ("true hazard ratio", "真实风险比"),
    "hazard ratio axis": ("hazard ratio (log scale; > 1 shortens the relationship)",
                          "风险比（对数刻度；> 1 缩短合作关系）"),
    "hazard title": ("What drives churn", "流失的驱动因素"),
    "random calls": ("random calls", "随机拨打"),
    "called": ("share of customers called (riskiest first)", "拨打的客户占比（风险最高者优先）"),
    "churners reached": ("share of next year's churners reached", "覆盖的次年流失客户占比"),
    "gains title": ("Gains chart", "累积增益图"),
    "probability of moving": ("probability of moving", "转移概率"),
    "grade next": ("grade next period", "下期等级"),
    "grade this": ("grade this period", "本期等级"),
    "migration title": ("Grade migration", "等级迁移"),
    # lifetime-value model fits
    "observed": ("{} (observed)", "{}（观测值）"),
    "sbg fit": ("sBG fit and projection", "sBG模型拟合与预测"),
    "years": ("years", "年"),
    "periods of year": ("periods of 1/{} year", "1/{}年为一期"),
    "renewals since": ("renewals since the contract began ({})", "合同开始后的续约次数（{}）"),
    "under contract": ("share of the cohort still under contract", "仍在合同期内的队列占比"),
    "contract title": ("Contract retention (shifted beta-geometric)", "合同留存（移位贝塔几何模型）"),
    "actual": ("actual", "实际"),
    "model": ("model", "模型"),
    "the hold-out": ("the hold-out period", "保留期"),
    "calibration purchases": ("repeat purchases in the calibration period", "校准期内的重复购买次数"),
    "hold-out mean": ("mean purchases in the hold-out ({})", "保留期内的平均购买次数（{}）"),
    "calibration title": ("Conditional expectations: actual against model", "条件期望：实际与模型"),
    "p alive": ("P(alive)", "存活概率 P(alive)"),
    "expected next": ("expected purchases in the next {} {}", "未来{}{}的期望购买次数"),
    "observed for": (" (customers observed for {} {})", "（客户观察期{}{}）"),
    "recency axis": ("recency: time of the last purchase since the first ({})",
                     "近度：末次购买距首次购买的时间（{}）"),
    "frequency axis": ("frequency: repeat purchases", "频度：重复购买次数"),
    "probability alive": ("Probability alive", "存活概率"),
    "expected purchases": ("Expected purchases", "期望购买次数"),
    "calendar time": ("calendar time ({})", "日历时间（{}）"),
    "cumulative repeats": ("cumulative repeat purchases", "累计重复购买次数"),
    "repeats per step": ("repeat purchases per step", "每步的重复购买次数"),
    "tracking title": ("Tracking repeat purchases", "重复购买跟踪"),
}

# Names from the data that the glossary does not have (or has under a longer term).
_TERMS_ZH = {
    "net_revenue": "净销售收入", "revenue": "收入", "revenue_12m": "近12个月收入",
    "gross_profit": "毛利", "gross_profit_12m": "近12个月毛利", "profit": "利润",
    "monetary": "购买金额", "kwh": "用电量", "clv": "客户终身价值",
    "total_value": "顾客总价值", "total_cost": "顾客总成本", "total value": "顾客总价值",
    "delivered value": "客户让渡价值", "delivered_value": "客户让渡价值",
    "ours": "本公司", "competitor_a": "竞争对手A", "competitor_b": "竞争对手B",
    "competitor_c": "竞争对手C",
    "platinum": "铂金", "gold": "黄金", "iron": "铁", "lead": "铅", "lost": "流失",
    "product": "产品", "service": "服务", "personnel": "人员", "image": "形象",
    "product_quality": "产品质量", "personnel_quality": "人员质量", "image_quality": "形象",
    "expectation": "顾客期望", "quality": "感知质量", "value": "感知价值",
    "satisfaction": "顾客满意", "complaint": "顾客抱怨", "loyalty": "客户忠诚度",
    "discount": "折扣", "visits_per_year": "年拜访次数", "revenue_per_year": "年收入",
    "deliveries_per_order": "每单交付次数", "support_hours_per_year": "年技术支持小时",
    "share_raw_materials": "原材料占比", "share_equipment": "设备占比",
    "share_services": "服务占比", "share_consumables": "耗材占比",
    "logistic": "逻辑回归", "gradient_boosting": "梯度提升",
    "price_driven": "价格导向型", "service_intensive": "服务密集型",
    "strategic_partner": "战略伙伴型", "transactional": "交易型",
}
# English names of columns whose own name is terse.
_TERMS_EN = {"revenue_12m": "12-month revenue",
             "gross_profit_12m": "12-month gross profit", "kwh": "electricity use"}
# Column names the glossary knows under its own term.
_GLOSSARY_ALIASES = {"on_time_share": "on-time delivery rate"}


@functools.cache
def _glossary() -> dict:
    from ..glossary import terms

    table = terms()
    return dict(zip(table["term"].str.casefold(), table["chinese"]))


def tr(key: str, language: str, *fields) -> str:
    """The label ``key`` in ``language``, its ``{}`` fields filled with ``fields``."""
    en, zh = LABELS[key]
    return (zh if language == "zh" else en).format(*fields)


def term(name, language: str) -> str:
    """A name from the data as a label: underscores as spaces in English, the Chinese term
    (this module's table, then the glossary) in Chinese, else the English name."""
    name = str(name)
    english = _TERMS_EN.get(name, name.replace("_", " "))
    if language != "zh":
        return english
    if name in _TERMS_ZH:
        return _TERMS_ZH[name]
    key = _GLOSSARY_ALIASES.get(name, english).casefold()
    glossary = _glossary()
    for candidate in (key, "customer " + key):
        if candidate in glossary:
            return glossary[candidate].split(" / ")[0]
    return english


# Columns in CNY (datasets/README.md: all money is in CNY); other units by name.
_MONEY = {"monetary", "clv", "cost_of_goods", "amount", "overdue_amount", "marketing_cost",
          "marketing_cost_12m", "financial_cost", "list_value", "discounts", "list_price"}
_UNITS = {"kwh": ("kWh", "千瓦时")}


def is_money(name) -> bool:
    """Whether column ``name`` holds CNY (revenue, profit, monetary value, costs in CNY)."""
    name = str(name)
    return name in _MONEY or "revenue" in name or "profit" in name


def with_unit(label: str, unit: str | None, language: str) -> str:
    """``label (unit)``, with Chinese full-width brackets in Chinese; the label alone
    without a unit."""
    if not unit:
        return label
    return f"{label}（{unit}）" if language == "zh" else f"{label} ({unit})"


def unit_of(name, language: str) -> str | None:
    """Unit of a non-money column from its name, e.g. 'kWh', or None."""
    unit = _UNITS.get(str(name))
    return None if unit is None else unit[language == "zh"]
