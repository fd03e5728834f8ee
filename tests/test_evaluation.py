"""crmlab.satisfaction's evaluation methods of Chinese satisfaction theses: the Kano model,
fuzzy comprehensive evaluation (模糊综合评价) and grey relational analysis (灰色关联分析)."""
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from hypothesis import given
from hypothesis import strategies as st

from crmlab import plots
from crmlab import satisfaction as sat
from crmlab.identify import ahp_weights, entropy_weights


def answers_from_counts(counts: dict) -> pd.Series:
    """A column of Kano categories holding each letter as often as ``counts`` says."""
    return pd.Series([c for c, n in counts.items() for _ in range(n)], dtype=object)


# --- Kano model ---------------------------------------------------------------------------

def test_kano_evaluation_table_is_the_standard_one():
    """The evaluation table of Berger et al. (1993), "Kano's methods for understanding
    customer-defined quality", CQM Journal 2(4) (functional answers in rows,
    dysfunctional in columns), as the R package stp25kano prints it (W. Peter, README
    "Kano Analyse", 2024, "Evaluations Tabelle"): three A, one O, three M, nine I, seven R and
    two Q cells."""
    expected = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]
    assert ["".join(row) for row in sat.KANO_TABLE.to_numpy()] == expected
    letters = pd.Series(sat.KANO_TABLE.to_numpy().ravel()).value_counts().to_dict()
    assert letters == {"A": 3, "O": 1, "M": 3, "I": 9, "R": 7, "Q": 2}
    assert list(sat.KANO_TABLE.index) == ["like", "must-be", "neutral", "live-with", "dislike"]
    assert sat.KANO_CATEGORIES.loc["A", "chinese"] == "魅力属性"
    assert sat.KANO_CATEGORIES.loc["M", "chinese"] == "必备属性"


# Published tally: stp25kano README (W. Peter 2024, "Kano Analyse", the table after
# "Evaluations Tabelle"): 296 answers per attribute; max Category, CS plus, CS minus.
STP25KANO = {
    "Service app": (dict(M=95, O=123, A=45, I=33, R=0, Q=0), "O", 0.568, -0.736),
    "Excellent service": (dict(M=101, O=54, A=54, I=81, R=3, Q=3), "M", 0.372, -0.534),
    "Hotline": (dict(M=15, O=24, A=121, I=124, R=6, Q=6), "I", 0.511, -0.137),
    "Loan machine": (dict(M=65, O=87, A=93, I=51, R=0, Q=0), "A", 0.608, -0.514),
    "Ready-to-use return": (dict(M=9, O=18, A=83, I=177, R=6, Q=3), "I", 0.352, -0.094),
}


def test_kano_table_reproduces_a_published_tally():
    """stp25kano (R; W. Peter 2024), README "Kano Analyse": five attributes of a maker of
    cleaning equipment, 296 answers each (the README says the answers are simulated), with
    the counts, the modal category ("max Category") and Berger et al.'s CS+ / CS- printed
    to three decimals. We reproduce every count, category and coefficient to 5e-4."""
    categories = pd.DataFrame({name: answers_from_counts(c) for name, (c, *_) in STP25KANO.items()})
    table = sat.kano_table(categories)
    for name, (counts, category, better, worse) in STP25KANO.items():
        for letter, n in counts.items():
            assert table.loc[name, letter] == n
        assert table.loc[name, "n"] == 296
        assert table.loc[name, "category"] == category
        assert table.loc[name, "better"] == pytest.approx(better, abs=5e-4)
        assert table.loc[name, "worse"] == pytest.approx(worse, abs=5e-4)
    assert table.loc["Service app", "share_O"] == pytest.approx(123 / 296)


def test_kano_classify_reads_codes_english_and_chinese_alike():
    data = pd.DataFrame({
        "功能_交货": [1, "like", "喜欢", 2, "Must be", "理所当然", 5, 3, None],
        "反向_交货": [5, "dislike", "不喜欢", 5, " dislike ", "不喜欢", 1, 3, 5],
    }, index=[f"客户{i}" for i in range(9)])
    out = sat.kano_classify(data, {"交货期": ("功能_交货", "反向_交货")})
    assert list(out.index) == list(data.index)
    assert out["交货期"].tolist()[:8] == ["O", "O", "O", "M", "M", "M", "R", "I"]
    assert pd.isna(out["交货期"].iloc[8])  # an unanswered question leaves the pair unclassified
    assert list(out["交货期"].cat.categories) == ["A", "O", "M", "I", "R", "Q"]


def test_kano_every_cell_of_the_evaluation_table():
    functional, dysfunctional = np.meshgrid(range(1, 6), range(1, 6), indexing="ij")
    data = pd.DataFrame({"f": functional.ravel(), "d": dysfunctional.ravel()})
    out = sat.kano_classify(data, {"x": ("f", "d")})["x"].astype(str).to_numpy().reshape(5, 5)
    np.testing.assert_array_equal(out, sat.KANO_TABLE.to_numpy())


def test_kano_table_hand_computed_and_missing_answers_not_counted():
    data = pd.DataFrame({"f": [1, 1, 2, 1, 3, None], "d": [5, 3, 5, 4, 3, 5]})
    table = sat.kano_table(sat.kano_classify(data, {"服务": ("f", "d")}))
    row = table.loc["服务"]
    assert (row["A"], row["O"], row["M"], row["I"], row["n"]) == (2, 1, 1, 1, 5)
    assert row["better"] == pytest.approx(3 / 5)
    assert row["worse"] == pytest.approx(-2 / 5)
    assert row["category"] == "A" and not row["tied"]
    assert sum(row[f"share_{c}"] for c in "AOMIRQ") == pytest.approx(1)


@pytest.mark.parametrize("counts, category", [
    (dict(A=3, O=3, M=3, I=3), "M"),   # M > O > A > I
    (dict(A=4, O=4, M=1, I=4), "O"),
    (dict(A=4, O=1, M=1, I=4), "A"),
    (dict(A=0, O=0, M=0, I=2, R=2), "I"),
])
def test_kano_table_tie_rule(counts, category):
    table = sat.kano_table(pd.DataFrame({"x": answers_from_counts(counts)}))
    assert table.loc["x", "category"] == category
    assert bool(table.loc["x", "tied"])


def test_kano_table_better_worse_missing_without_a_o_m_i():
    table = sat.kano_table(pd.DataFrame({"x": ["R", "Q", "R"]}))
    assert table.loc["x", "category"] == "R"
    assert np.isnan(table.loc["x", "better"]) and np.isnan(table.loc["x", "worse"])


@given(st.lists(st.integers(0, 50), min_size=6, max_size=6).filter(lambda c: sum(c) > 0))
def test_kano_coefficients_stay_in_range(counts):
    table = sat.kano_table(pd.DataFrame({"x": answers_from_counts(dict(zip("AOMIRQ", counts)))}))
    row = table.loc["x"]
    assert sum(row[f"share_{c}"] for c in "AOMIRQ") == pytest.approx(1)
    if sum(counts[:4]) > 0:
        assert 0 <= row["better"] <= 1
        assert -1 <= row["worse"] <= 0
    assert row[row["category"]] == max(counts)


@pytest.mark.parametrize("pairs, error, match", [
    ({"x": ("f", "missing")}, ValueError, r"kano_classify: column 'missing' not in data"),
    ({"x": ("f",)}, ValueError, r"pairs\['x'\] must be \(functional column"),
    ([("f", "d")], TypeError, "pairs must be a non-empty dict"),
    ({}, TypeError, "pairs must be a non-empty dict"),
])
def test_kano_classify_rejects_bad_pairs(pairs, error, match):
    data = pd.DataFrame({"f": [1, 2], "d": [5, 5]})
    with pytest.raises(error, match=match):
        sat.kano_classify(data, pairs)


@pytest.mark.parametrize("bad", [6, 0, 2.5, "love it", "很喜欢", True])
def test_kano_classify_rejects_answers_that_are_not_kano_answers(bad):
    data = pd.DataFrame({"f": [1, bad], "d": [5, 5]}, dtype=object)
    with pytest.raises(ValueError, match=r"kano_classify: column 'f' has answers that are not "
                                         r"Kano answers.*codes 1-5"):
        sat.kano_classify(data, {"x": ("f", "d")})


def test_kano_table_rejects_bad_input():
    with pytest.raises(TypeError, match="kano_table: categories must be a pandas DataFrame"):
        sat.kano_table(["A", "O"])
    with pytest.raises(ValueError, match=r"kano_table: column 'x' has \['Z'\], not Kano"):
        sat.kano_table(pd.DataFrame({"x": ["A", "Z"]}))
    with pytest.raises(ValueError, match="no respondent answered both questions of 'x'"):
        sat.kano_table(pd.DataFrame({"x": [None, None]}))


# --- fuzzy comprehensive evaluation ------------------------------------------------------

# The clothing example (服装评判) of Chinese fuzzy-mathematics textbooks: criteria 花色,
# 式样, 耐穿程度, 价格; grades 很欢迎, 较欢迎, 不太欢迎, 不欢迎.
CLOTHING_R = pd.DataFrame([[0.2, 0.5, 0.2, 0.1], [0.7, 0.2, 0.1, 0.0],
                           [0.0, 0.4, 0.5, 0.1], [0.2, 0.3, 0.5, 0.0]],
                          index=["花色", "式样", "耐穿程度", "价格"],
                          columns=["很欢迎", "较欢迎", "不太欢迎", "不欢迎"])


@pytest.mark.parametrize("weights, expected, verdict", [
    ([0.1, 0.2, 0.3, 0.4], [0.2, 0.3, 0.4, 0.1], "不太欢迎"),
    ([0.4, 0.35, 0.15, 0.1], [0.35, 0.4, 0.2, 0.1], "较欢迎"),
])
def test_fuzzy_evaluation_reproduces_the_textbook_clothing_example(weights, expected, verdict):
    """The clothing evaluation (服装评判) with the main-factor-decides operator M(∧,∨)
    (主因素决定型), for two classes of customers, A1 = (0.1, 0.2, 0.3, 0.4) and
    A2 = (0.4, 0.35, 0.15, 0.1): the published results are B1 = (0.2, 0.3, 0.4, 0.1),
    "不太欢迎", and B2 = (0.35, 0.4, 0.2, 0.1), "比较欢迎". Source: the textbook example
    "Example 8.4" (fuzzy_zhpj, model 1) as reproduced with its MATLAB output at
    e-com-net.com/article/1276296104417181696.htm (we could not consult the printed
    textbook itself, so its author and page are not given). We match exactly (1e-12)."""
    res = sat.fuzzy_evaluation(CLOTHING_R, weights, operator="M(∧,∨)")
    np.testing.assert_allclose(res.raw.to_numpy(), expected, atol=1e-12)
    assert res.verdict == verdict
    assert res.vector.sum() == pytest.approx(1)
    np.testing.assert_allclose(res.vector, np.array(expected) / sum(expected))


def test_fuzzy_evaluation_four_operators_by_hand():
    R = pd.DataFrame([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], index=["u1", "u2"],
                     columns=["好", "中", "差"])
    w = {"u1": 0.7, "u2": 0.3}
    expected = {
        "M(∧,∨)": [0.5, 0.3, 0.3],               # max_i min(a_i, r_ij)
        "M(·,∨)": [0.35, 0.21, 0.14],            # max_i a_i r_ij
        "M(∧,⊕)": [0.6, 0.6, 0.5],               # min(1, sum_i min(a_i, r_ij))
        "M(·,⊕)": [0.38, 0.39, 0.23],            # sum_i a_i r_ij
    }
    for operator, raw in expected.items():
        res = sat.fuzzy_evaluation(R, w, operator=operator, normalize=False)
        np.testing.assert_allclose(res.raw, raw, atol=1e-12, err_msg=operator)
        np.testing.assert_allclose(res.vector, raw, atol=1e-12)
    # the bounded sum caps at one
    big = pd.DataFrame([[1.0, 0.0], [1.0, 0.0]], index=["a", "b"], columns=["好", "差"])
    assert sat.fuzzy_evaluation(big, [0.6, 0.4], operator="min-sum", normalize=False).raw.iloc[0] == 1
    assert sat.fuzzy_evaluation(R, w, operator="weighted-average").operator == "M(·,⊕)"


def test_fuzzy_evaluation_weighted_score_and_summary():
    """Five criteria of a new garment with weights (0.1, 0.1, 0.15, 0.3, 0.35) and the
    weighted-average operator (the SPSSAU / lecture-note variant of the clothing example);
    hand-computed B = (0.205, 0.32, 0.39, 0.085), verdict 一般."""
    R = pd.DataFrame([[0.2, 0.5, 0.3, 0.0], [0.1, 0.3, 0.5, 0.1], [0.0, 0.1, 0.6, 0.3],
                      [0.0, 0.4, 0.5, 0.1], [0.5, 0.3, 0.2, 0.0]],
                     index=["花色", "样式", "价格", "耐用度", "舒适度"],
                     columns=["很欢迎", "欢迎", "一般", "不欢迎"])
    res = sat.fuzzy_evaluation(R, [0.1, 0.1, 0.15, 0.3, 0.35],
                               grade_values={"很欢迎": 100, "欢迎": 80, "一般": 60, "不欢迎": 40})
    np.testing.assert_allclose(res.vector, [0.205, 0.32, 0.39, 0.085], atol=1e-12)
    assert res.verdict == "一般"
    assert res.score == pytest.approx(0.205 * 100 + 0.32 * 80 + 0.39 * 60 + 0.085 * 40)
    summary = res.summary()
    assert list(summary.columns) == ["很欢迎", "欢迎", "一般", "不欢迎", "verdict", "score", "operator"]
    assert summary.loc[0, "verdict"] == "一般"
    with pytest.raises(AttributeError):
        res.verdict = "很欢迎"  # frozen


def test_fuzzy_evaluation_numeric_grades_are_their_own_values():
    R = pd.DataFrame([[0.5, 0.5, 0.0]], index=["质量"], columns=[5, 4, 3])
    assert sat.fuzzy_evaluation(R, [1.0]).score == pytest.approx(4.5)
    assert np.isnan(sat.fuzzy_evaluation(R.set_axis(["a", "b", "c"], axis=1), [1.0]).score)


def test_membership_matrix_from_answers_with_chinese_names():
    survey = pd.DataFrame({"产品质量": [5, 5, 4, 3, 1], "售后服务": [4, 4, None, 2, 2]})
    R = sat.membership_matrix(survey, ["产品质量", "售后服务"],
                              {5: "很满意", 4: "满意", 3: "一般", 2: "不满意", 1: "很不满意"})
    np.testing.assert_allclose(R.loc["产品质量"], [0.4, 0.2, 0.2, 0.0, 0.2])
    np.testing.assert_allclose(R.loc["售后服务"], [0.0, 0.5, 0.0, 0.5, 0.0])
    assert R.attrs["n"] == {"产品质量": 5, "售后服务": 4}
    np.testing.assert_allclose(R.sum(axis=1), 1)


def test_fuzzy_evaluation_takes_weights_from_ahp_and_entropy():
    survey = pd.DataFrame({"质量": [5, 4, 4, 3, 5], "交货": [3, 4, 2, 3, 4], "价格": [2, 3, 3, 4, 1]})
    R = sat.membership_matrix(survey, ["质量", "交货", "价格"], [5, 4, 3, 2, 1])
    ahp = ahp_weights({("质量", "交货"): 3, ("质量", "价格"): 5, ("交货", "价格"): 2})
    res = sat.fuzzy_evaluation(R, ahp)
    np.testing.assert_allclose(res.weights, ahp.weights.to_numpy())
    np.testing.assert_allclose(res.raw, ahp.weights.to_numpy() @ R.to_numpy())
    entropy = entropy_weights(survey, ["质量", "交货", "价格"], "benefit")
    res = sat.fuzzy_evaluation(R, entropy)
    np.testing.assert_allclose(res.raw, entropy.to_numpy() @ R.to_numpy())


def test_fuzzy_evaluation_two_level_evaluates_sub_criteria_first():
    grades = ["好", "中", "差"]
    product = pd.DataFrame([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]], index=["质量", "价格"], columns=grades)
    service = pd.DataFrame([[0.4, 0.4, 0.2], [0.1, 0.6, 0.3], [0.3, 0.3, 0.4]],
                           index=["响应速度", "技术支持", "投诉处理"], columns=grades)
    sub = {"产品": {"质量": 0.7, "价格": 0.3}, "服务": [0.5, 0.3, 0.2]}
    res = sat.fuzzy_evaluation_two_level({"产品": product, "服务": service},
                                         {"产品": 0.6, "服务": 0.4}, sub)
    b_product = np.array([0.7, 0.3]) @ product.to_numpy()
    b_service = np.array([0.5, 0.3, 0.2]) @ service.to_numpy()
    np.testing.assert_allclose(res.levels["产品"].vector, b_product / b_product.sum())
    np.testing.assert_allclose(res.membership.loc["服务"], b_service / b_service.sum())
    top = 0.6 * b_product / b_product.sum() + 0.4 * b_service / b_service.sum()
    np.testing.assert_allclose(res.vector, top / top.sum())
    assert res.verdict == "好"  # top = (0.404, 0.392, 0.204) before normalising


@given(st.lists(st.lists(st.integers(0, 20), min_size=4, max_size=4).filter(lambda r: sum(r) > 0),
                min_size=1, max_size=5),
       st.sampled_from(list(sat.FUZZY_OPERATORS.index)), st.data())
def test_fuzzy_memberships_sum_to_one(counts, operator, data):
    R = pd.DataFrame([np.array(r) / sum(r) for r in counts], index=[f"c{i}" for i in range(len(counts))],
                     columns=["优", "良", "中", "差"])
    np.testing.assert_allclose(R.sum(axis=1), 1)
    raw_w = data.draw(st.lists(st.integers(1, 10), min_size=len(counts), max_size=len(counts)))
    w = np.array(raw_w) / sum(raw_w)
    res = sat.fuzzy_evaluation(R, w, operator=operator)
    assert res.vector.sum() == pytest.approx(1)
    assert ((res.vector >= 0) & (res.vector <= 1)).all()
    assert ((res.raw >= 0) & (res.raw <= 1 + 1e-12)).all()
    assert res.verdict == res.vector.idxmax()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(weights=[0.5, 0.6]), ValueError, r"fuzzy_evaluation: weights must sum to 1; they sum to 1\.1"),
    (dict(weights=[0.5, 0.3, 0.2]), ValueError, "weights has 3 values for 2 criteria"),
    (dict(weights={"产品": 0.5, "价格": 0.5}), ValueError, r"weights are given for \['产品', '价格'\]"),
    (dict(weights=[1.5, -0.5]), ValueError, "weights must be non-negative"),
    (dict(weights="equal"), TypeError, "weights must be a Series, dict, list or AHPResult"),
    (dict(weights=[0.5, 0.5], operator="max-min"), ValueError, "operator must be one of"),
    (dict(weights=[0.5, 0.5], grade_values=[1, 2, 3]), ValueError, "one number per grade"),
    (dict(weights=[0.5, 0.5], grade_values={"好": 1}), ValueError, r"no value for grades \['差'\]"),
])
def test_fuzzy_evaluation_rejects_bad_arguments(kwargs, error, match):
    R = pd.DataFrame([[0.5, 0.5], [0.2, 0.8]], index=["产品", "服务"], columns=["好", "差"])
    with pytest.raises(error, match=match):
        sat.fuzzy_evaluation(R, **kwargs)


def test_fuzzy_evaluation_rejects_bad_membership():
    with pytest.raises(ValueError, match=r"membership degrees must be numbers in \[0, 1\]"):
        sat.fuzzy_evaluation(pd.DataFrame([[1.2, -0.2]], index=["a"], columns=["好", "差"]), [1.0])
    with pytest.raises(ValueError, match="at least two grade columns"):
        sat.fuzzy_evaluation(pd.DataFrame([[1.0]], index=["a"], columns=["好"]), [1.0])
    with pytest.raises(TypeError, match="membership must be a pandas DataFrame"):
        sat.fuzzy_evaluation([[0.5, 0.5]], [1.0])
    with pytest.raises(ValueError, match="all zero and cannot be normalised"):
        sat.fuzzy_evaluation(pd.DataFrame([[0.0, 0.0]], index=["a"], columns=["好", "差"]), [1.0])


def test_membership_matrix_and_two_level_reject_bad_input():
    survey = pd.DataFrame({"质量": [5, 6, 4], "交货": [None, None, None]})
    with pytest.raises(ValueError, match=r"membership_matrix: column '质量' has answers 6 that "
                                         r"are not grades \[5, 4, 3\]"):
        sat.membership_matrix(survey, ["质量"], [5, 4, 3])
    with pytest.raises(ValueError, match="column '交货' has no answers"):
        sat.membership_matrix(survey, ["交货"], [5, 4, 3])
    with pytest.raises(ValueError, match=r"column '服务' not in data"):
        sat.membership_matrix(survey, ["服务"], [5, 4, 3])
    with pytest.raises(TypeError, match="grades must be a list of answer values or a dict"):
        sat.membership_matrix(survey, ["质量"], 5)
    block = pd.DataFrame([[0.5, 0.5]], index=["x"], columns=["好", "差"])
    with pytest.raises(ValueError, match="sub_weights must be a dict with the same criteria"):
        sat.fuzzy_evaluation_two_level({"a": block}, [1.0], {"b": [1.0]})
    other = block.set_axis(["差", "好"], axis=1)
    with pytest.raises(ValueError, match=r"memberships\['b'\] has grades \['差', '好'\]"):
        sat.fuzzy_evaluation_two_level({"a": block, "b": other}, [0.5, 0.5],
                                       {"a": [1.0], "b": [1.0]})


# --- grey relational analysis -----------------------------------------------------------

def test_grey_relational_factors_reproduces_a_published_example():
    """Mean-normalised grey relational analysis (均值化, ρ = 0.5) of the teaching example
    with the parent sequence X0 = (55, 65, 75, 100) and the child sequences
    X1 = (24, 38, 40, 50), X2 = (10, 22, 18, 20): the published degrees are
    0.76966578 and 0.60058464 (printed output of the notebook 灰色关联分析 in the
    GitHub repository DvdBr3o/mcm, a mathematical-modelling course; the same data and
    steps in SPIRAL-EDWIN/MCM-ICM-2601000, skills/grey-relation/examples/code1.py).
    We match to 1e-8."""
    data = pd.DataFrame({"X0": [55, 65, 75, 100], "X1": [24, 38, 40, 50], "X2": [10, 22, 18, 20]})
    res = sat.grey_relational_factors(data, "X0", ["X1", "X2"], normalization="mean")
    np.testing.assert_allclose(res.degrees, [0.76966578, 0.60058464], atol=1e-8)
    assert res.ranks.tolist() == [1, 2]
    np.testing.assert_allclose(res.normalized["X0"], [0.74576271, 0.88135593, 1.01694915, 1.3559322])


def test_grey_relational_factors_mean_normalisation_matches_a_published_table():
    """The GDP example of Chinese modelling courses (某地区国内生产总值 2000-2005, in million
    yuan, against 第一/第二/第三产业): the published mean-normalised table (均值化, four
    decimals) in the write-up "灰色模型" at m.douchai.cn/document/379879252.html, section
    二.2. We reproduce all 24 values to 5e-5. (The relational degrees are cut off in the
    copy we could read, so they are not asserted: ours are 0.5084, 0.6243, 0.7573.)"""
    data = pd.DataFrame({"GDP": [1988, 2061, 2335, 2750, 3356, 3806],
                         "第一产业": [386, 408, 422, 482, 511, 561],
                         "第二产业": [839, 846, 960, 1258, 1577, 1893],
                         "第三产业": [763, 808, 953, 1010, 1268, 1352]}, index=range(2000, 2006))
    published = [[0.7320, 0.8361, 0.6828, 0.7439], [0.7588, 0.8838, 0.6885, 0.7878],
                 [0.8597, 0.9141, 0.7812, 0.9292], [1.0125, 1.0440, 1.0237, 0.9847],
                 [1.2356, 1.1069, 1.2833, 1.2363], [1.4013, 1.2152, 1.5405, 1.3182]]
    res = sat.grey_relational_factors(data, "GDP", ["第一产业", "第二产业", "第三产业"],
                                      normalization="mean")
    np.testing.assert_allclose(res.normalized.to_numpy(), published, atol=5e-5)
    assert res.ranks.to_dict() == {"第一产业": 3, "第二产业": 2, "第三产业": 1}


def test_grey_relational_factors_initial_value_by_hand():
    data = pd.DataFrame({"满意度": [10, 12, 15, 16], "拜访次数": [5, 6, 8, 8], "折扣": [3, 3, 2, 4]})
    res = sat.grey_relational_factors(data, "满意度", ["拜访次数", "折扣"])
    # x0 = (1, 1.2, 1.5, 1.6), x1 = (1, 1.2, 1.6, 1.6), x2 = (1, 1, 2/3, 4/3)
    delta = np.array([[0, 0], [0, 0.2], [0.1, 1.5 - 2 / 3], [0, 1.6 - 4 / 3]])
    xi = 0.5 * delta.max() / (delta + 0.5 * delta.max())
    np.testing.assert_allclose(res.coefficients, xi)
    np.testing.assert_allclose(res.degrees, xi.mean(axis=0))
    assert res.summary().index.tolist() == ["拜访次数", "折扣"]


def test_grey_relational_ideal_reference_benefit_and_cost_by_hand():
    suppliers = pd.DataFrame({"质量": [90, 80, 70], "价格": [10, 8, 9], "交期": [5, 3, 4]},
                             index=["甲", "乙", "丙"])
    direction = {"质量": "benefit", "价格": "cost", "交期": "cost"}
    res = sat.grey_relational(suppliers, ["质量", "价格", "交期"], direction)
    N = np.array([[1, 0, 0], [0.5, 1, 1], [0, 0.5, 0.5]])
    xi = 0.5 / (np.abs(1 - N) + 0.5)
    np.testing.assert_allclose(res.coefficients, xi)
    np.testing.assert_allclose(res.degrees, xi.mean(axis=1))
    assert res.ranks.to_dict() == {"甲": 2, "乙": 1, "丙": 3}
    weighted = sat.grey_relational(suppliers, ["质量", "价格", "交期"], direction,
                                   weights={"质量": 0.5, "价格": 0.3, "交期": 0.2})
    np.testing.assert_allclose(weighted.degrees, xi @ [0.5, 0.3, 0.2])
    assert list(res.summary().index) == ["乙", "甲", "丙"]


def test_grey_relational_mean_and_initial_use_min_of_cost_as_ideal():
    data = pd.DataFrame({"q": [2.0, 4.0, 3.0], "c": [6.0, 3.0, 4.0]})
    res = sat.grey_relational(data, ["q", "c"], {"q": "benefit", "c": "cost"}, normalization="mean")
    np.testing.assert_allclose(res.reference, [4 / 3, 3 / 13 * 3])
    res = sat.grey_relational(data, ["q", "c"], {"q": "benefit", "c": "cost"}, normalization="initial")
    np.testing.assert_allclose(res.reference, [2.0, 0.5])
    assert res.ranks.iloc[1] == 1


def test_grey_relational_given_reference():
    data = pd.DataFrame({"q": [2.0, 4.0, 3.0], "c": [6.0, 3.0, 4.0]})
    res = sat.grey_relational(data, ["q", "c"], {"q": "benefit", "c": "cost"},
                              reference={"q": 3.0, "c": 4.0})
    np.testing.assert_allclose(res.reference, [0.5, 2 / 3])
    assert res.coefficients.iloc[2].tolist() == [1.0, 1.0]  # the reference row itself
    assert res.ranks.iloc[2] == 1


@given(st.lists(st.lists(st.integers(1, 100), min_size=3, max_size=3), min_size=2, max_size=8),
       st.sampled_from(["minmax", "mean", "initial"]),
       st.floats(0.05, 1.0))
def test_grey_relational_coefficients_in_unit_interval(rows, normalization, rho):
    data = pd.DataFrame(rows, columns=["a", "b", "c"], dtype=float)
    if normalization == "minmax" and (data.nunique() < 2).any():
        return
    try:
        res = sat.grey_relational(data, ["a", "b", "c"], {"a": "benefit", "b": "cost", "c": "benefit"},
                                  normalization=normalization, rho=rho)
    except ValueError as exc:  # every row equal to the reference
        assert "every sequence equals the reference" in str(exc)
        return
    xi = res.coefficients.to_numpy()
    assert ((xi > 0) & (xi <= 1 + 1e-12)).all()
    assert ((res.degrees > 0) & (res.degrees <= 1 + 1e-12)).all()
    assert sorted(res.ranks) == sorted(res.degrees.rank(ascending=False, method="min").astype(int))


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(criteria=["质量", "服务"]), ValueError, r"grey_relational: column '服务' not in data"),
    (dict(criteria=["质量"], direction="better"), ValueError, r"direction\['质量'\] must be one of"),
    (dict(criteria=["质量", "价格"], direction={"质量": "benefit"}), ValueError,
     "a dict giving one of them for every criterion"),
    (dict(criteria=["质量"], rho=0), ValueError, r"rho must be in \(0, 1\]"),
    (dict(criteria=["质量"], rho=1.5), ValueError, r"rho must be in \[0, 1\]"),
    (dict(criteria=["质量"], normalization="zscore"), ValueError, "normalization must be one of"),
    (dict(criteria=["名称"]), TypeError, "column '名称' must be numeric"),
    (dict(criteria=["缺失"]), ValueError, r"columns \['缺失'\] have missing values"),
    (dict(criteria=["常数"]), ValueError, "take the same value everywhere"),
    (dict(criteria=["质量", "价格"], direction="benefit", weights=[0.7, 0.7]), ValueError,
     "weights must be non-negative and sum to 1"),
    (dict(criteria=["质量", "价格"], direction="benefit", reference={"质量": 1}), ValueError,
     "reference must give a value for every criterion"),
    (dict(criteria=["零"], normalization="initial"), ValueError, "divides by the first value"),
])
def test_grey_relational_rejects_bad_arguments(kwargs, error, match):
    data = pd.DataFrame({"质量": [90, 80, 70], "价格": [10, 8, 9], "名称": ["甲", "乙", "丙"],
                         "缺失": [1.0, None, 2.0], "常数": [1, 1, 1], "零": [0, 1, 2]})
    kwargs.setdefault("direction", "benefit")
    with pytest.raises(error, match=match):
        sat.grey_relational(data, **kwargs)


def test_grey_relational_rejects_identical_rows_and_bad_factors():
    data = pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, 2.0]})
    with pytest.raises(ValueError, match="every sequence equals the reference"):
        sat.grey_relational(data, ["a", "b"], normalization="mean")
    with pytest.raises(ValueError, match="need at least two rows"):
        sat.grey_relational(data.iloc[:1], ["a", "b"], normalization="mean")
    with pytest.raises(ValueError, match="grey_relational_factors: factors must be a non-empty "
                                         "list of columns other than the reference 'a'"):
        sat.grey_relational_factors(data, "a", ["a"])
    with pytest.raises(TypeError, match="grey_relational_factors: data must be a pandas DataFrame"):
        sat.grey_relational_factors(data.to_numpy(), "a", ["b"])


# --- Better-Worse plot --------------------------------------------------------------------

def kano_example_table():
    categories = pd.DataFrame({name: answers_from_counts(c) for name, (c, *_) in STP25KANO.items()})
    return sat.kano_table(categories)


def test_kano_plot_draws_better_against_absolute_worse():
    table = kano_example_table()
    fig, ax = plt.subplots()
    out = plots.kano_plot(table, ax=ax)
    assert out is ax
    np.testing.assert_allclose(ax.collections[0].get_offsets(),
                               np.column_stack([-table["worse"], table["better"]]))
    texts = [t.get_text() for t in ax.texts]
    for quadrant in ("attractive (A)", "one-dimensional (O)", "must-be (M)", "indifferent (I)"):
        assert quadrant in texts
    assert set(table.index) <= set(texts)
    assert "Worse" in ax.get_xlabel() and "Better" in ax.get_ylabel()
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (0, 1)


def test_kano_plot_moves_labels_of_close_attributes_apart():
    table = pd.DataFrame({"better": [0.60, 0.61, 0.605, 0.2], "worse": [-0.40, -0.41, -0.405, -0.8]},
                         index=["on-time delivery", "technical support", "payment terms",
                                "packaging"])
    fig, ax = plt.subplots()
    plots.kano_plot(table, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text() in set(table.index)]
    boxes = [Text.get_window_extent(t, renderer) for t in labels]  # the text, not its arrow
    assert len(boxes) == 4
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())


def test_kano_plot_mean_centre_and_current_axes():
    table = kano_example_table()
    ax = plots.kano_plot(table, centre="mean")
    assert ax is plt.gca()
    assert ax.lines[0].get_xdata()[0] == pytest.approx((-table["worse"]).mean())
    assert ax.lines[1].get_ydata()[0] == pytest.approx(table["better"].mean())


@pytest.mark.parametrize("table, kwargs, match", [
    (pd.DataFrame({"better": [0.5]}), {}, r"kano_plot: column 'worse' not in table"),
    (pd.DataFrame({"better": [1.5], "worse": [-0.2]}), {}, r"better must be in \[0, 1\]"),
    (pd.DataFrame({"better": [np.nan], "worse": [np.nan]}), {}, "must be finite numbers"),
    (pd.DataFrame({"better": [0.5], "worse": [-0.2]}), {"centre": "median"}, "centre must be"),
    (pd.DataFrame({"better": [0.5], "worse": [-0.2]}), {"language": "de"}, "language must be one of"),
    (pd.DataFrame({"better": [], "worse": []}), {}, "no attributes to plot"),
])
def test_kano_plot_rejects_bad_tables(table, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.kano_plot(table, **kwargs)
