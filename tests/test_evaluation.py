"""crmlab.satisfaction's evaluation methods of Chinese satisfaction theses: the Kano model,
fuzzy comprehensive evaluation (模糊综合评价) and grey relational analysis (灰色关联分析)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import satisfaction as sat


def answers_from_counts(counts: dict) -> pd.Series:
    """A column of Kano categories holding each letter as often as ``counts`` says."""
    return pd.Series([c for c, n in counts.items() for _ in range(n)], dtype=object)


# --- Kano model ---------------------------------------------------------------------------

def test_kano_evaluation_table_is_the_standard_one():
    """The evaluation table of Berger et al. (1993), "Kano's methods for understanding
    customer-defined quality", CQM Journal 2(4), p. 4 (functional answers in rows,
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
