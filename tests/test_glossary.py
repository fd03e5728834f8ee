"""crmlab.glossary: the English / Chinese terms."""
import pytest

from crmlab import glossary

# Terms and their Chinese names as Chinese CRM and key-account-management theses use them.
REQUIRED = {
    "customer identification": "客户识别",
    "customer segmentation": "客户细分",
    "customer delivered value": "客户让渡价值",
    "total customer value": "顾客总价值",
    "total customer cost": "顾客总成本",
    "customer satisfaction": "顾客满意",
    "customer satisfaction index": "顾客满意度指数",
    "customer loyalty": "客户忠诚度",
    "retention rate": "客户保持率",
    "share of wallet": "客户占有率",
    "customer share": "客户占有率",
    "churn rate": "流失率",
    "customer lifecycle": "客户生命周期",
    "initial stage": "考察期",
    "development stage": "形成期",
    "mature stage": "稳定期",
    "decline stage": "退化期",
    "key account": "大客户",
    "key account management": "大客户管理",
    "switching cost": "转移成本",
    "activity-based costing": "作业成本法",
    "volume-based costing": "传统成本法",
    "customer lifetime value": "客户终身价值",
    "customer profitability": "客户盈利能力",
    "customer archive": "客户档案",
    "buying center": "采购中心",
    "cost-to-serve": "服务成本",
    "customer pyramid": "客户金字塔",
    "Pareto principle": "二八法则",
    "ABC classification": "ABC分类法",
    "AHP": "层次分析法",
    "entropy weight method": "熵权法",
    "TOPSIS": "逼近理想解排序法",
    "importance-performance analysis": "重要性-绩效分析",
    "perceived quality": "感知质量",
    "perceived value": "感知价值",
    "customer expectation": "顾客期望",
    "complaint": "顾客抱怨",
    "Cronbach's alpha": "克朗巴哈系数",
    "structural equation model": "结构方程模型",
    "accounts receivable": "应收账款",
    "gross margin": "毛利率",
    "customer relationship management": "客户关系管理",
    "cross-selling": "交叉销售",
    "customer acquisition cost": "获客成本",
    "win-back": "客户赢回",
    "credit rating": "信用等级",
    "value proposition": "价值主张",
    "Kano model": "KANO模型",
    "fuzzy comprehensive evaluation": "模糊综合评价",
    "grey relational analysis": "灰色关联分析",
    "confirmatory factor analysis": "验证性因子分析",
    "average variance extracted": "平均方差提取量",
    "composite reliability": "组合信度",
    "mediation": "中介效应",
    "three-line table": "三线表",
}


def test_terms_table_shape():
    table = glossary.terms()
    assert list(table.columns) == ["term", "chinese", "definition", "topic"]
    assert len(table) >= len(REQUIRED) + 15
    assert set(table["topic"].astype(str)) <= set(glossary.TOPICS)
    assert set(table["topic"].astype(str)) == set(glossary.TOPICS)  # every topic is used


@pytest.mark.parametrize("term, chinese", sorted(REQUIRED.items()))
def test_required_terms_have_the_right_chinese(term, chinese):
    assert glossary.zh(term) == chinese


def test_required_rows_present():
    table = glossary.terms().set_index("term")
    for term, chinese in REQUIRED.items():
        assert table.loc[term, "chinese"] == chinese
    assert "RFM" in table.index
    assert "产业营销" in table.loc["industrial marketing", "chinese"]
    assert "工业品营销" in table.loc["industrial marketing", "chinese"]


def test_no_duplicate_english_terms():
    table = glossary.terms()
    assert not table["term"].str.casefold().duplicated().any()


def test_every_definition_and_name_is_filled():
    table = glossary.terms()
    for column in ("term", "chinese", "definition"):
        assert table[column].str.strip().str.len().gt(0).all(), column
    # a definition is one line
    assert not table["definition"].str.contains("\n").any()


def test_lookup_by_english_is_case_insensitive():
    hits = glossary.lookup("KEY ACCOUNT")
    assert {"key account", "key account management"} <= set(hits["term"])
    assert hits["term"].str.contains("key account").all()
    assert list(hits.index) == list(range(len(hits)))


def test_lookup_by_chinese():
    hits = glossary.lookup("流失")
    assert hits["term"].tolist() == ["churn rate"]
    assert glossary.lookup("工业品营销")["term"].tolist() == ["industrial marketing"]


def test_lookup_without_match_is_empty():
    hits = glossary.lookup("blockchain")
    assert hits.empty
    assert list(hits.columns) == ["term", "chinese", "definition", "topic"]


@pytest.mark.parametrize("query", ["", "   ", None, 3, ["churn"]])
def test_lookup_rejects_non_strings(query):
    with pytest.raises(ValueError, match="lookup: query must be a non-empty string"):
        glossary.lookup(query)


def test_zh_ignores_case_and_spaces():
    assert glossary.zh("  Key   Account ") == "大客户"


def test_zh_unknown_term_suggests_close_matches():
    with pytest.raises(ValueError, match=r"unknown term 'custmer loyalty'.*'customer loyalty'"):
        glossary.zh("custmer loyalty")


def test_zh_unknown_term_without_close_match_points_to_lookup():
    with pytest.raises(ValueError, match="lookup"):
        glossary.zh("xyzzy")


def test_zh_rejects_non_strings():
    with pytest.raises(ValueError, match="zh: term must be a non-empty English term"):
        glossary.zh(None)
