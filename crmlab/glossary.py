"""English / Chinese terms of the CRM chain, as Chinese CRM and key-account theses use them.

Each term has its Chinese name, a one-line English definition and the topic
(the stage of the CRM chain) where the lessons use it: ``identification``,
``satisfaction``, ``value``, ``segmentation``, ``lifecycle`` or ``general``.

Examples
--------
>>> from crmlab import glossary
>>> glossary.zh("key account")
'大客户'
>>> glossary.lookup("让渡")["term"].tolist()
['customer delivered value']
"""
from __future__ import annotations

import difflib

import pandas as pd

__all__ = ["TOPICS", "terms", "lookup", "zh"]

#: The glossary's topics, in the order of the CRM chain.
TOPICS = ("identification", "satisfaction", "value", "segmentation", "lifecycle", "general")

# (English term, Chinese term, topic, one-line definition)
_TERMS = [
    # --- general ---------------------------------------------------------------------------
    ("customer relationship management", "客户关系管理", "general",
     "Managing the whole relationship with each customer (acquire, keep, grow) so that "
     "customer value and firm profit rise together."),
    ("industrial marketing", "产业营销 / 工业品营销", "general",
     "Marketing of goods and services to firms and institutions that use them to make "
     "other products or run their operations (B2B)."),
    ("relationship marketing", "关系营销", "general",
     "Marketing aimed at long-term, mutually profitable relationships rather than single "
     "transactions."),
    ("organizational buying", "组织购买", "general",
     "Buying by firms: formal, multi-person, often specified by engineers and governed by "
     "contracts and procedures."),
    ("value proposition", "价值主张", "general",
     "The promise of the benefits a supplier delivers to a target customer, relative to "
     "the costs and to competitors."),
    ("cross-selling", "交叉销售", "general",
     "Selling an existing customer products from other categories than the ones it buys now."),
    ("up-selling", "向上销售", "general",
     "Selling an existing customer a higher-value version or a larger quantity of what it buys."),
    ("customer acquisition cost", "获客成本", "general",
     "Sales and marketing cost spent to win one new customer."),
    ("accounts receivable", "应收账款", "general",
     "Money customers owe for delivered goods and services that they have not yet paid."),
    ("payment terms", "账期", "general",
     "Days the customer may take to pay after the invoice (for example 30, 60, 90 days)."),
    ("days sales outstanding", "应收账款周转天数", "general",
     "Average number of days between invoicing and payment: receivables / revenue × days."),
    ("gross margin", "毛利率", "general",
     "Gross profit as a share of net revenue: (net revenue − cost of goods) / net revenue."),
    ("gross profit", "毛利", "general",
     "Net revenue minus the cost of the goods sold."),
    ("net revenue", "净销售收入", "general",
     "Revenue after discounts: quantity × list price × (1 − discount)."),
    ("data mining", "数据挖掘", "general",
     "Finding patterns in large data sets (for example a customer archive) with statistical "
     "and machine-learning methods."),
    # --- identification --------------------------------------------------------------------
    ("customer identification", "客户识别", "identification",
     "Finding, out of all customers and prospects, those worth a special relationship and "
     "resources."),
    ("key account", "大客户", "identification",
     "A customer of strategic importance to the supplier, served with dedicated people, "
     "terms and plans."),
    ("key account management", "大客户管理", "identification",
     "Organising selling, service and planning around the supplier's few most important "
     "customers."),
    ("customer archive", "客户档案", "identification",
     "The firm's structured record of each customer: firmographics, contacts, transactions, "
     "payments and service history."),
    ("buying center", "采购中心", "identification",
     "Everyone at the customer who takes part in a buying decision: deciders, influencers, "
     "users, buyers and gatekeepers."),
    ("decision maker", "决策者", "identification",
     "Buying-center member with the authority to choose the supplier."),
    ("influencer", "影响者", "identification",
     "Buying-center member, often an engineer, whose opinion shapes the specification and "
     "the choice."),
    ("gatekeeper", "信息控制者", "identification",
     "Buying-center member who controls the flow of information and access to the others."),
    ("Pareto principle", "二八法则", "identification",
     "The rule of thumb that about 20% of customers bring about 80% of revenue or profit."),
    ("ABC classification", "ABC分类法", "identification",
     "Ranking customers by a value measure and grading them A, B, C by cumulative share "
     "(for example the top 80%, the next 15%, the rest)."),
    ("evaluation index system", "评价指标体系", "identification",
     "A hierarchy of criteria and measurable indicators used to score and grade customers."),
    ("AHP", "层次分析法", "identification",
     "Analytic hierarchy process: criterion weights from pairwise comparison matrices "
     "(Saaty), via the principal eigenvector."),
    ("consistency ratio", "一致性比率", "identification",
     "AHP check of a pairwise comparison matrix: CR = CI / RI; judgements are acceptable "
     "when CR < 0.1."),
    ("entropy weight method", "熵权法", "identification",
     "Objective weights from the data: indicators whose values vary more across customers "
     "(lower entropy) get more weight."),
    ("TOPSIS", "逼近理想解排序法", "identification",
     "Ranking by relative closeness to the ideal and distance from the worst alternative "
     "(Hwang and Yoon)."),
    ("credit rating", "信用等级", "identification",
     "Grade of a customer's ability and willingness to pay on time (for example B to AAA)."),
    ("industry position", "行业地位", "identification",
     "A customer's standing in its own industry (minor player, major player, leader)."),
    ("receivables turnover", "应收账款周转率", "identification",
     "Sales divided by average open receivables: how many times a year receivables are collected."),
    ("sales forecast accuracy", "销售预测准确率", "identification",
     "One minus the absolute forecast error as a share of actual sales."),
    ("new customer acquisition rate", "新客户开发率", "identification",
     "Customers won in a period as a share of the customers at its start."),
    ("on-time delivery rate", "订单准时交付率", "identification",
     "Share of orders delivered on or before the promised date."),
    ("receivables early warning", "应收账款预警", "identification",
     "A model or rule that flags accounts likely to pay late before they do."),
    ("early-warning list", "预警名单", "identification",
     "One ranked list of accounts per account manager to call, combining warning signals "
     "under an alarm budget, each account with its reasons."),
    ("key account KPI", "大客户关键绩效指标", "identification",
     "A measure by which key accounts and their account managers are evaluated, such as "
     "sales, margin, retention or share of wallet."),
    ("power key accounts", "电力大客户", "identification",
     "Large industrial electricity users that a utility serves with dedicated managers."),
    ("electricity consumption", "用电量", "identification",
     "Energy an account uses in a period, in kWh."),
    ("arrears early warning", "欠费预警", "identification",
     "A rule or model that flags accounts likely to fall behind on bills before they do."),
    ("multi-dimensional clustering", "多维聚类", "segmentation",
     "Grouping customers on several features at once (volume, growth, volatility, payment) "
     "after putting them on a common scale."),
    ("capacity expansion", "增容", "identification",
     "Raising an electricity account's contracted capacity as its load grows."),
    ("peak-valley tariff", "峰谷电价", "value",
     "Electricity prices that differ by time of day, higher at peak and lower off-peak."),
    # --- satisfaction ----------------------------------------------------------------------
    ("customer satisfaction", "顾客满意", "satisfaction",
     "The customer's judgement that what it received meets or beats what it expected."),
    ("complaint ticket", "投诉", "satisfaction",
     "A complaint recorded in the ticket log, with its response time, resolution time and "
     "whether the customer accepted the resolution; voice instead of exit."),
    ("service recovery", "服务补救", "satisfaction",
     "What the supplier does after a failure or complaint to put it right and win the "
     "customer back."),
    ("service-recovery paradox", "服务补救悖论", "satisfaction",
     "The claim that a customer whose complaint was resolved well ends up more satisfied "
     "than one who never had a problem."),
    ("customer satisfaction index", "顾客满意度指数", "satisfaction",
     "A 0-100 score of satisfaction estimated from survey items within a model of its causes "
     "and effects (ACSI, CCSI)."),
    ("ACSI", "美国顾客满意度指数", "satisfaction",
     "American Customer Satisfaction Index: expectation, perceived quality and value drive "
     "satisfaction, which drives complaints and loyalty (Fornell et al., 1996)."),
    ("CCSI", "中国顾客满意度指数", "satisfaction",
     "China Customer Satisfaction Index, adapted from the ACSI with brand image as a driver."),
    ("customer expectation", "顾客期望", "satisfaction",
     "What the customer expects of the supplier's products and service before buying."),
    ("perceived quality", "感知质量", "satisfaction",
     "The customer's judgement of the quality of product, service and personnel it received."),
    ("perceived value", "感知价值", "satisfaction",
     "The customer's judgement of quality received relative to price paid."),
    ("complaint", "顾客抱怨", "satisfaction",
     "A customer's expressed dissatisfaction, formal or informal."),
    ("customer loyalty", "客户忠诚度", "satisfaction",
     "The customer's intention and behaviour to keep buying, recommend and resist competitors' "
     "offers."),
    ("service quality", "服务质量", "satisfaction",
     "How well the service delivered matches the customer's expectations."),
    ("SERVQUAL", "服务质量差距模型", "satisfaction",
     "Service quality measured as perceived minus expected performance on five dimensions "
     "(Parasuraman, Zeithaml and Berry, 1988)."),
    ("expectation disconfirmation", "期望不一致", "satisfaction",
     "The gap between perceived and expected performance; a positive gap raises satisfaction."),
    ("importance-performance analysis", "重要性-绩效分析", "satisfaction",
     "A two-by-two map of attributes by importance and performance that shows where to "
     "improve (Martilla and James, 1977)."),
    ("Likert scale", "李克特量表", "satisfaction",
     "A rating scale of agreement, for example 1 = strongly disagree to 7 = strongly agree."),
    ("Cronbach's alpha", "克朗巴哈系数", "satisfaction",
     "Internal-consistency reliability of a multi-item scale; 0.7 or more is usually accepted."),
    ("structural equation model", "结构方程模型", "satisfaction",
     "A model of latent constructs measured by items and linked by regression paths."),
    ("Net Promoter Score", "净推荐值", "satisfaction",
     "Share of promoters (9-10 of 10) minus share of detractors (0-6) on 'would you "
     "recommend us'."),
    ("PLS path model", "偏最小二乘路径模型", "satisfaction",
     "A structural equation model estimated from weighted composites of each construct's "
     "items (PLS-SEM), common for ACSI / ECSI models in theses."),
    ("consistent PLS", "一致性偏最小二乘 (PLSc)", "satisfaction",
     "PLS with the construct correlations divided by the roots of the blocks' reliabilities "
     "(rho_A), so paths between reflective constructs are not shrunk by measurement error."),
    ("common method bias", "共同方法偏差", "satisfaction",
     "Covariance between answers that comes from how they were asked (one respondent, one "
     "questionnaire, a halo), not from the constructs; it distorts path estimates."),
    ("marker variable", "标记变量", "satisfaction",
     "Items on a trait unrelated to the model, asked in the same format; their correlation "
     "with the model's items estimates common-method variance (Lindell & Whitney 2001)."),
    ("Kano model", "KANO模型", "satisfaction",
     "Classifies attributes from paired functional / dysfunctional questions as attractive, "
     "one-dimensional, must-be, indifferent or reverse (Kano et al. 1984)."),
    ("attractive quality", "魅力属性", "satisfaction",
     "A Kano category: delights when present, causes no dissatisfaction when absent."),
    ("must-be quality", "必备属性", "satisfaction",
     "A Kano category: taken for granted when present, causes strong dissatisfaction when "
     "absent."),
    ("Better-Worse coefficients", "Better-Worse系数", "satisfaction",
     "Better = (A+O)/(A+O+M+I) and Worse = -(O+M)/(A+O+M+I): how much an attribute raises "
     "satisfaction when present and dissatisfaction when absent (Berger et al. 1993)."),
    ("fuzzy comprehensive evaluation", "模糊综合评价", "satisfaction",
     "Combines criteria weights with each criterion's membership degrees in the grades "
     "(a membership matrix) into one membership vector over the grades."),
    ("maximum membership principle", "最大隶属度原则", "satisfaction",
     "The verdict of a fuzzy evaluation is the grade with the largest membership degree."),
    ("one-dimensional quality", "期望属性", "satisfaction",
     "A Kano category: satisfaction rises with performance and falls when it is missing."),
    ("indifferent quality", "无差异属性", "satisfaction",
     "A Kano category: neither pleases when present nor angers when absent."),
    ("functional question", "正向问题", "satisfaction",
     "The Kano question on how the customer feels if the attribute is present; the "
     "dysfunctional question (反向问题) asks about its absence."),
    ("membership degree", "隶属度", "satisfaction",
     "In fuzzy evaluation, the degree (0 to 1) to which an object belongs to a grade; from a "
     "survey, the share of answers at that grade."),
    ("confirmatory factor analysis", "验证性因子分析", "satisfaction",
     "A factor model in which each item loads only on its hypothesised construct, fitted by "
     "maximum likelihood and judged by fit indices (CFA)."),
    ("covariance-based SEM", "协方差结构方程模型", "satisfaction",
     "A structural equation model fitted by making the model-implied covariance matrix close "
     "to the sample's, usually by maximum likelihood (CB-SEM, as in AMOS or lavaan)."),
    ("fit index", "拟合指数", "satisfaction",
     "A number saying how well a CFA or SEM reproduces the data: chi-square/df, CFI, TLI, "
     "RMSEA, SRMR (Hu & Bentler 1999)."),
    ("composite reliability", "组合信度", "satisfaction",
     "Reliability of a construct from its standardized loadings: (sum of loadings)^2 over "
     "itself plus the summed error variances; 0.7 or more is accepted."),
    ("average variance extracted", "平均方差提取量", "satisfaction",
     "Mean squared standardized loading of a construct's items (AVE); 0.5 or more shows "
     "convergent validity (Fornell & Larcker 1981)."),
    ("convergent validity", "收敛效度", "satisfaction",
     "The items of a construct measure the same thing: high loadings, CR and AVE."),
    ("discriminant validity", "区分效度", "satisfaction",
     "Constructs are empirically distinct: the square root of AVE exceeds the correlations "
     "with other constructs (Fornell-Larcker) and HTMT stays below 0.85."),
    ("HTMT", "异质-单质比率", "satisfaction",
     "Heterotrait-monotrait ratio: mean correlation between two constructs' items over the "
     "geometric mean of the mean correlations within each (Henseler et al. 2015)."),
    ("KMO", "KMO检验", "satisfaction",
     "Kaiser-Meyer-Olkin measure of sampling adequacy for factor analysis; 0.6 or more is "
     "the usual minimum (Kaiser 1974)."),
    ("Harman's single-factor test", "Harman单因子检验", "satisfaction",
     "A test for common-method bias: suspected when one unrotated factor explains more than "
     "half of the items' variance (Podsakoff et al. 2003)."),
    ("mediation", "中介效应", "satisfaction",
     "An effect of X on Y that passes through a mediator M (X -> M -> Y), the indirect "
     "effect a*b, tested with a bootstrap interval (Hayes 2022)."),
    ("moderated mediation", "有调节的中介", "satisfaction",
     "An indirect effect whose size depends on a moderator W; tested by the index of "
     "moderated mediation (Hayes 2015)."),
    ("bootstrap confidence interval", "Bootstrap置信区间", "satisfaction",
     "An interval from the percentiles of an estimate recomputed on many resamples of the "
     "respondents drawn with replacement."),
    ("three-line table", "三线表", "general",
     "The table format of theses: a rule above the header, one below it, one below the body, "
     "no vertical rules."),
    ("grey relational analysis", "灰色关联分析", "satisfaction",
     "Ranks sequences by their relational degree with a reference sequence, from the "
     "coefficients (Δmin + ρΔmax) / (Δ + ρΔmax) (Deng 1982)."),
    # --- value -----------------------------------------------------------------------------
    ("customer delivered value", "客户让渡价值", "value",
     "Total customer value minus total customer cost (Kotler)."),
    ("total customer value", "顾客总价值", "value",
     "All benefits the customer expects from an offer: product, service, personnel and "
     "image value."),
    ("total customer cost", "顾客总成本", "value",
     "All costs the customer bears to obtain and use an offer: monetary, time, energy and "
     "physical cost."),
    ("product value", "产品价值", "value",
     "Value from the product's features, quality and performance."),
    ("service value", "服务价值", "value",
     "Value from delivery, installation, technical support and other services."),
    ("personnel value", "人员价值", "value",
     "Value from the competence and responsiveness of the supplier's people."),
    ("image value", "形象价值", "value",
     "Value from the supplier's reputation and brand."),
    ("monetary cost", "货币成本", "value",
     "The price the customer pays."),
    ("time cost", "时间成本", "value",
     "Time the customer spends searching, ordering and waiting."),
    ("energy cost", "精力成本", "value",
     "Mental effort the customer spends dealing with the supplier."),
    ("physical cost", "体力成本", "value",
     "Physical effort the customer spends: travel, handling, installation."),
    ("switching cost", "转移成本", "value",
     "What a customer loses or spends when it changes supplier: requalification, retooling, "
     "relationships."),
    ("share of wallet", "客户占有率", "value",
     "The share of a customer's purchases in a category that it buys from us."),
    ("customer share", "客户占有率", "value",
     "Another name for share of wallet: our share of a customer's purchases in a category."),
    # --- segmentation ----------------------------------------------------------------------
    ("customer segmentation", "客户细分", "segmentation",
     "Dividing customers into groups with similar needs, behaviour or value, to serve each "
     "group differently."),
    ("RFM", "RFM模型", "segmentation",
     "Scoring customers by recency, frequency and monetary value of their purchases."),
    ("cluster analysis", "聚类分析", "segmentation",
     "Grouping customers so that those in a group are more alike than those in different "
     "groups."),
    ("customer pyramid", "客户金字塔", "segmentation",
     "Customers in tiers by profitability (for example platinum, gold, iron, lead), few at "
     "the top."),
    ("customer profitability", "客户盈利能力", "segmentation",
     "Profit a customer brings: gross profit minus the cost to serve it."),
    ("cost-to-serve", "服务成本", "segmentation",
     "Costs of selling, ordering, delivering, supporting and financing a customer, beyond "
     "the goods."),
    ("activity-based costing", "作业成本法", "segmentation",
     "Assigning overhead to customers by the activities they use, counted by cost drivers "
     "(Kaplan and Cooper)."),
    ("volume-based costing", "传统成本法", "segmentation",
     "Traditional costing: overhead allocated in proportion to sales volume, hiding "
     "costly small customers."),
    ("cost driver", "成本动因", "segmentation",
     "The countable cause of an activity's cost, for example the number of visits or orders."),
    ("whale curve", "鲸鱼曲线", "segmentation",
     "Cumulative profit against customers ranked by profit: it rises above 100% and falls "
     "back (Kaplan and Cooper)."),
    ("confidence interval", "置信区间", "general",
     "A range computed from a sample that covers the true value in a stated share of samples "
     "(for example 95 %)."),
    ("Wilson interval", "威尔逊置信区间", "general",
     "A confidence interval for a proportion that keeps its coverage for small samples and "
     "shares near 0 or 1."),
    ("chi-square test of independence", "卡方独立性检验", "general",
     "A test of whether two categorical answers are associated, comparing observed with "
     "expected counts in a cross-table."),
    ("sample size", "样本量", "general",
     "The number of respondents or units a statistic is computed from."),
    ("repeat purchase", "复购", "lifecycle",
     "A customer buying again in a later period or cycle; some theses count a new customer "
     "as won only after it."),
    ("trial buyer", "试购客户", "lifecycle",
     "A customer that buys once, often a small lot, to try the product, and may not return."),
    ("proactive service", "主动服务 / 预防性服务", "value",
     "Service the supplier plans rather than answers: preventive maintenance, operator "
     "training, process audits; a lever for raising the customer's perceived service value."),
    ("full solution", "整体解决方案", "value",
     "Selling the product together with the complementary inputs and services the customer "
     "needs to succeed, rather than the product alone."),
    ("gold, iron and lead customers", "金/铁/铅客户", "segmentation",
     "Tiers of the customer pyramid by value: gold (most valuable), iron, lead (least)."),
    ("farming cycle", "养殖周期", "lifecycle",
     "One round of stocking, growing and harvesting in aquaculture; a farm buys feed per cycle."),
    # --- lifecycle -------------------------------------------------------------------------
    ("customer lifecycle", "客户生命周期", "lifecycle",
     "The stages a relationship passes through: initial, development, mature and decline."),
    ("initial stage", "考察期", "lifecycle",
     "First stage: the parties test each other with small, trial orders."),
    ("development stage", "形成期", "lifecycle",
     "Second stage: trust grows and volumes rise quickly."),
    ("mature stage", "稳定期", "lifecycle",
     "Third stage: high, stable volume and commitment on both sides."),
    ("decline stage", "退化期", "lifecycle",
     "Last stage: volume falls and the relationship may end."),
    ("retention rate", "客户保持率", "lifecycle",
     "Share of the customers at the start of a period who are still customers at its end."),
    ("churn rate", "流失率", "lifecycle",
     "Share of the customers at the start of a period who leave during it (1 − retention)."),
    ("customer lifetime value", "客户终身价值", "lifecycle",
     "Present value of the profits a customer will bring over the rest of the relationship."),
    ("win-back", "客户赢回", "lifecycle",
     "Regaining customers who have left or become inactive."),
    ("survival analysis", "生存分析", "lifecycle",
     "Statistics of time until an event (here churn), allowing for relationships still "
     "running."),
    ("hazard rate", "风险率", "lifecycle",
     "The instantaneous rate of churn among customers still active at a given time."),
    ("cohort analysis", "队列分析", "lifecycle",
     "Following groups of customers who started in the same period over time."),
    ("contractual setting", "契约型情境", "lifecycle",
     "A customer base under contracts: the firm sees when a customer leaves (does not renew)."),
    ("non-contractual setting", "非契约型情境", "lifecycle",
     "A customer base that buys when it likes and leaves unannounced: churn must be inferred."),
    ("renewal", "续约", "lifecycle",
     "A contract customer's decision, on a known date, to extend the contract for another period."),
    ("customer heterogeneity", "客户异质性", "lifecycle",
     "Differences between customers in their propensities to buy or leave; it makes observed "
     "retention rise with tenure as the churn-prone leave first."),
    ("shifted beta-geometric model", "移位贝塔几何模型", "lifecycle",
     "sBG: each contract customer leaves at a renewal with her own fixed probability, "
     "beta-distributed across customers (Fader & Hardie 2007)."),
    ("discounted expected residual lifetime", "贴现期望剩余生命期", "lifecycle",
     "DERL: the discounted number of further contract periods a customer with a given "
     "number of renewals is expected to pay for."),
    ("discount rate", "贴现率", "lifecycle",
     "The yearly rate at which future profits are turned into present value; state it with "
     "every lifetime value."),
    ("discrete purchase occasion", "离散购买机会", "lifecycle",
     "A fixed moment at which a customer can buy (a tender round, a farming cycle, a year)."),
    ("probability alive", "存活概率", "lifecycle",
     "P(alive): a model's probability that a customer has not left for good, given her "
     "purchase history."),
    ("Pareto/NBD model", "Pareto/NBD模型", "lifecycle",
     "Repeat buying at Poisson rates with dropout at any moment, both gamma-distributed "
     "across customers (Schmittlein, Morrison & Colombo 1987)."),
    ("BG/NBD model", "BG/NBD模型", "lifecycle",
     "Repeat buying at Poisson rates with dropout possible just after each purchase "
     "(Fader, Hardie & Lee 2005)."),
    ("BG/BB model", "BG/BB模型", "lifecycle",
     "Buying at discrete occasions with a beta-distributed purchase probability and "
     "dropout probability (Fader, Hardie & Shang 2010)."),
    ("calibration period", "校准期", "lifecycle",
     "The period a model is fitted on."),
    ("hold-out period", "保留期", "lifecycle",
     "A later period kept out of the fit, to compare the model's forecasts with what happened."),
]


def terms() -> pd.DataFrame:
    """Return the glossary.

    Returns
    -------
    pandas.DataFrame
        One row per term, columns ``term`` (English), ``chinese``, ``definition``
        (one line, English) and ``topic`` (one of ``TOPICS``), in the order of the
        CRM chain.

    Examples
    --------
    >>> from crmlab.glossary import terms
    >>> table = terms()
    >>> table.columns.tolist()
    ['term', 'chinese', 'definition', 'topic']
    >>> table.set_index("term").loc["churn rate", "chinese"]
    '流失率'
    """
    table = pd.DataFrame(_TERMS, columns=["term", "chinese", "topic", "definition"])
    table["topic"] = pd.Categorical(table["topic"], categories=list(TOPICS))
    return table[["term", "chinese", "definition", "topic"]]


def lookup(query: str) -> pd.DataFrame:
    """Find terms whose English or Chinese name contains ``query``.

    Parameters
    ----------
    query : str
        Text to look for; case-insensitive substring match on ``term`` and ``chinese``.

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`terms` (possibly none), renumbered from 0.

    Examples
    --------
    >>> from crmlab.glossary import lookup
    >>> lookup("loyal")[["term", "chinese"]].to_dict("records")
    [{'term': 'customer loyalty', 'chinese': '客户忠诚度'}]
    >>> lookup("客户细分")["term"].tolist()
    ['customer segmentation']
    """
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"lookup: query must be a non-empty string, such as 'churn' or "
                         f"'流失'; got {query!r}")
    table = terms()
    needle = query.strip().casefold()
    hit = (table["term"].str.casefold().str.contains(needle, regex=False)
           | table["chinese"].str.casefold().str.contains(needle, regex=False))
    return table[hit].reset_index(drop=True)


def zh(term: str) -> str:
    """Return the Chinese name of an English term.

    Parameters
    ----------
    term : str
        The English term exactly as in :func:`terms` (case-insensitive).

    Returns
    -------
    str
        The Chinese term.

    Raises
    ------
    ValueError
        If the term is unknown; the message suggests close matches.

    Examples
    --------
    >>> from crmlab.glossary import zh
    >>> zh("customer lifetime value")
    '客户终身价值'
    """
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"zh: term must be a non-empty English term, such as 'churn rate'; "
                         f"got {term!r}")
    table = terms()
    names = dict(zip(table["term"].str.casefold(), table["chinese"]))
    key = " ".join(term.split()).casefold()
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    english = dict(zip(table["term"].str.casefold(), table["term"]))
    if close:
        hint = "did you mean " + ", ".join(repr(english[c]) for c in close) + "?"
    else:
        hint = "use lookup() to search by part of a word, or terms() for the full list"
    raise ValueError(f"zh: unknown term {term!r}; {hint}")
