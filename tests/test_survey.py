"""Survey-report reproduction: Wilson shares, implied sample sizes, cross-tab tests."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.datasets import load_case
from crmlab.survey import crosstab_test, implied_sample_sizes, share_table


def answers(k, n):
    return pd.DataFrame({"yes": [True] * k + [False] * (n - k)})


@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_intervals_match_newcombe_1998(k, n, low, high):
    """Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score, no correction)."""
    row = share_table(answers(k, n), ["yes"]).iloc[0]
    assert row["count"] == k and row["base"] == n
    assert round(row["ci_low"], 4) == low and round(row["ci_high"], 4) == high


def test_categorical_question_gives_one_row_per_answer_and_missing_is_not_asked():
    df = pd.DataFrame({"practice": pd.Categorical(["a", "a", "b", None, "a"], categories=["a", "b", "c"]),
                       "plans": pd.array([True, None, False, True, None], dtype="boolean")})
    table = share_table(df, ["practice", "plans"], reported={"practice=a": 0.7, "plans": 0.9})
    assert table.loc[("practice", "a"), "share"] == 0.75
    assert table.loc[("practice", "c"), "count"] == 0
    assert table.loc[("practice", "b"), "base"] == 4
    assert table.loc[("plans", ""), "base"] == 3
    assert table.loc[("plans", ""), "share"] == pytest.approx(2 / 3)
    assert bool(table.loc[("practice", "a"), "inside_ci"])
    assert pd.isna(table.loc[("practice", "b"), "inside_ci"])
    shares = table.loc["practice", "share"]
    assert shares.sum() == pytest.approx(1.0)


def test_wider_interval_at_higher_confidence():
    t90 = share_table(answers(30, 100), ["yes"], confidence=0.90).iloc[0]
    t99 = share_table(answers(30, 100), ["yes"], confidence=0.99).iloc[0]
    assert t99["ci_low"] < t90["ci_low"] < 0.3 < t90["ci_high"] < t99["ci_high"]


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(columns=["nope"]), ValueError, r"column 'nope' not in data"),
    (dict(columns=[]), ValueError, "at least one question"),
    (dict(columns=["empty"]), ValueError, "'empty' has no answers"),
    (dict(columns=["yes"], reported={"yes=True": 0.5}), ValueError, "are not rows of the table"),
    (dict(columns=["yes"], reported={"yes": 1.5}), ValueError, r"reported\['yes'\]"),
    (dict(columns=["yes"], reported=[0.5]), TypeError, "reported must be a dict"),
    (dict(columns=["yes"], confidence=1.2), ValueError, "confidence"),
])
def test_share_table_rejects_bad_input(kwargs, error, match):
    df = answers(3, 5).assign(empty=np.nan)
    with pytest.raises(error, match=match):
        share_table(df, **kwargs)


def test_implied_sample_sizes_by_hand():
    # 50.0 % and 33.3 % together need n divisible by 6 (3/6 and 2/6)
    assert implied_sample_sizes([50.0, 33.3], n_max=12).tolist() == [6, 12]
    assert implied_sample_sizes([100.0], decimals=0, n_max=3).tolist() == [1, 2, 3]
    assert 7 not in implied_sample_sizes([14.3, 28.6, 42.8], n_max=7).tolist()  # 3/7 is 42.9


def test_implied_sample_size_of_the_sme_survey():
    """The four shares over all firms allow 391 at the smallest; the route shares 281."""
    assert implied_sample_sizes([78.3, 10.2, 11.3, 65.5])[0] == 391
    assert implied_sample_sizes([89.7, 7.8, 3.2])[0] == 281
    assert 110 in implied_sample_sizes([44.5])


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 400), data=st.data())
def test_the_true_sample_size_is_always_implied(n, data):
    ks = data.draw(st.lists(st.integers(0, n), min_size=1, max_size=4))
    printed = [round(100 * k / n, 1) for k in ks]
    assert n in implied_sample_sizes(printed, n_max=400)


@pytest.mark.parametrize("kwargs, match", [
    (dict(percentages=[101.0]), "between 0 and 100"),
    (dict(percentages=[]), "between 0 and 100"),
    (dict(percentages=[50.0], decimals=7), "decimals"),
    (dict(percentages=[50.0], n_max=0), "n_max"),
])
def test_implied_sample_sizes_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        implied_sample_sizes(**kwargs)


def test_crosstab_matches_agresti_party_identification():
    """Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 2.5:
    party identification by gender, Pearson X^2 = 30.1 on 2 df."""
    counts = {("female", "democrat"): 762, ("female", "independent"): 327,
              ("female", "republican"): 468, ("male", "democrat"): 484,
              ("male", "independent"): 239, ("male", "republican"): 477}
    rows = [(g, p) for (g, p), c in counts.items() for _ in range(c)]
    result = crosstab_test(pd.DataFrame(rows, columns=["gender", "party"]), "gender", "party")
    assert round(result.chi2, 1) == 30.1 and result.dof == 2
    assert result.p_value < 1e-6
    assert result.table.loc["female", "democrat"] == 762
    np.testing.assert_allclose(result.row_shares.sum(axis=1), 1)
    assert result.cramers_v == pytest.approx(np.sqrt(result.chi2 / 2757))
    assert result.summary()["n"].item() == 2757


def test_crosstab_on_the_sme_survey_leaves_out_those_not_asked():
    r = load_case("sme_survey").respondents
    result = crosstab_test(r, "size", "plans_within_two_years")
    assert result.table.to_numpy().sum() == (~r["adopted_crm"]).sum()
    assert result.min_expected > 5


@pytest.mark.parametrize("row, column, match", [
    ("a", "a", "must be different questions"),
    ("a", "const", "at least two answers"),
    ("a", "zzz", "column 'zzz' not in data"),
])
def test_crosstab_rejects_bad_input(row, column, match):
    df = pd.DataFrame({"a": [1, 2, 1, 2], "const": ["x"] * 4})
    with pytest.raises(ValueError, match=match):
        crosstab_test(df, row, column)
