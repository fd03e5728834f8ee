"""crmlab.satisfaction reliability: declared scales, reversed items, missing answers.

The published ECSI references and the world's recovery stay in ``test_satisfaction.py``;
this file checks what a researcher is told: each warning fires on the case it is for and
stays silent on clean data, and each refusal names the function, the column and the values.
"""
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import satisfaction as sat

RAW_FUNCS = [sat.cronbach_alpha, sat.item_total, sat.kmo_bartlett,
             lambda items, **kw: sat.efa(items, 1, **kw)]
RAW_NAMES = ["cronbach_alpha", "item_total", "kmo_bartlett", "efa"]

# Four items on a 5-point scale, q4 worded the other way round ("I would consider another
# supplier") and already reversed: the correctly coded data.
CODED = pd.DataFrame({"q1": [1, 3, 5, 5, 2, 3, 1, 5], "q2": [1, 4, 4, 3, 1, 3, 3, 3],
                      "q3": [3, 2, 5, 3, 2, 2, 2, 3], "q4": [1, 4, 5, 4, 2, 2, 2, 3]})
# As the questionnaire returns it: q4 still on its own direction.
RAW = CODED.assign(q4=6 - CODED["q4"])


def one_factor(n=300, k=5, seed=0, low=1, high=7, names=None):
    """Likert answers on one factor, rounded and clipped to [low, high]."""
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    mid, spread = (low + high) / 2, (high - low) / 4
    names = names or [f"q{i + 1}" for i in range(k)]
    return pd.DataFrame({c: np.clip(np.round(mid + spread * (f + rng.normal(0, .7, n))), low, high)
                         for c in names})


def quiet(func, *args, **kwargs):
    """Run func with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# A published reference
# --------------------------------------------------------------------------------------------
def test_cronbach_alpha_matches_pingouin_documented_example():
    """pingouin's documentation of ``pingouin.cronbach_alpha`` (data
    ``pingouin/datasets/cronbach_alpha.csv``, 15 respondents, items Q1-Q10 on a 1-7 scale,
    tested by pingouin against R's psych) gives alpha 0.591719 and the Feldt 95 % interval
    [0.195, 0.84]."""
    scores = [[3, 2, 4, 1, 4, 5, 1, 4, 3, 2], [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
              [7, 3, 5, 5, 6, 4, 3, 3, 6, 5], [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
              [6, 5, 6, 5, 4, 4, 4, 6, 7, 5], [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
              [4, 3, 5, 3, 5, 2, 1, 2, 4, 3], [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
              [6, 5, 5, 5, 1, 6, 5, 2, 3, 2], [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
              [4, 3, 5, 2, 5, 3, 2, 3, 4, 1], [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
              [5, 5, 6, 2, 3, 3, 2, 4, 4, 5], [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
              [4, 3, 5, 5, 3, 1, 3, 2, 3, 4]]
    items = pd.DataFrame(scores, columns=[f"Q{i}" for i in range(1, 11)])
    # Q5 and Q6 run against the other items, as R psych's alpha() also warns
    with pytest.warns(UserWarning, match=r"items \['Q6', 'Q5'\] correlate negatively with the "
                      r"rest of the scale \(corrected item-total r: 'Q6' -0.16, 'Q5' -0.11\)"):
        res = sat.cronbach_alpha(items, scale=(1, 7))
    assert res.alpha == pytest.approx(0.591719, abs=5e-7)
    assert (round(res.ci_low, 3), round(res.ci_high, 3)) == (0.195, 0.84)
    assert res.n_respondents == 15 and res.scale == (1, 7)


# --------------------------------------------------------------------------------------------
# The declared scale
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("func, name", list(zip(RAW_FUNCS, RAW_NAMES)))
def test_a_five_point_questionnaire_read_as_seven_point_warns(func, name):
    items = one_factor(low=1, high=5)
    with pytest.warns(UserWarning, match=rf"{name}: no answer reaches the top of the declared "
                      r"scale 1-7 \(answers span 1-5 in items \['q1', 'q2', 'q3', 'q4', 'q5'\]\);"
                      r".* scale=\(1, 5\)"):
        func(items)
    quiet(func, items, scale=(1, 5))
    quiet(func, one_factor())  # a 7-point questionnaire on its default scale


def test_an_unused_bottom_is_reported_too():
    items = one_factor(low=1, high=7).clip(lower=2)
    with pytest.warns(UserWarning, match=r"no answer reaches the bottom of the declared scale 1-7 "
                      r"\(answers span 2-7 .*declare it; if its scale is 1-7 and nobody chose that "
                      r"end, this warning can be ignored"):
        sat.cronbach_alpha(items)


@pytest.mark.parametrize("func, name", list(zip(RAW_FUNCS, RAW_NAMES)))
def test_answers_outside_the_declared_scale_are_refused_with_the_values(func, name):
    items = one_factor(low=1, high=5, names=["满意1", "满意2", "满意3"])
    items.loc[[3, 7], "满意2"] = [0, 6]
    with pytest.raises(ValueError, match=rf"{name}: answers outside the Likert scale 1-5 in "
                       r"columns \['满意2'\] \(values found: '满意2': 0, 6\)"):
        func(items, scale=(1, 5))


def test_scale_is_reported_in_every_result():
    items = one_factor(low=1, high=5)
    alpha = sat.cronbach_alpha(items, scale=(1, 5))
    assert alpha.scale == (1, 5) and alpha.summary()["scale"].item() == "1-5"
    assert "scale 1-5" in repr(alpha)
    table = sat.item_total(items, scale=(1, 5))
    assert table.attrs["scale"] == (1, 5)
    kmo = sat.kmo_bartlett(items, scale=(1, 5))
    assert kmo.scale == (1, 5) and "scale 1-5" in repr(kmo)
    assert kmo.summary()["scale"].item() == "1-5"
    fa = sat.efa(items, 1, scale=(1, 5))
    assert fa.scale == (1, 5) and "scale 1-5" in repr(fa)
    assert sat.cronbach_alpha(items, scale=None).scale is None


@pytest.mark.parametrize("scale, error, match", [
    ((5, 1), ValueError, r"cronbach_alpha: scale must be \(low, high\) with low < high"),
    ((3, 3), ValueError, "with low < high"),
    ("1-7", TypeError, r"scale must be a pair \(low, high\)"),
    ((1, 4, 7), TypeError, r"scale must be a pair"),
    ((1, np.nan), TypeError, "scale must be a finite number"),
])
def test_bad_scales_are_refused(scale, error, match):
    with pytest.raises(error, match=match):
        sat.cronbach_alpha(CODED, scale=scale)


# --------------------------------------------------------------------------------------------
# Reverse-worded items
# --------------------------------------------------------------------------------------------
def test_an_unreversed_item_warns_and_reverse_restores_alpha_exactly():
    coded = quiet(sat.cronbach_alpha, CODED, scale=(1, 5))
    with pytest.warns(UserWarning, match=r"cronbach_alpha: items \['q4'\] correlate negatively "
                      r"with the rest of the scale \(corrected item-total r: 'q4' -0.90\); a "
                      r"reverse-worded item not yet reversed\? If so, pass it in "
                      r"reverse=\[\.\.\.\] to score it 6 - x \(low \+ high - x on 1-5\)"):
        raw = sat.cronbach_alpha(RAW, scale=(1, 5))
    assert round(raw.alpha, 3) == -0.815 and round(coded.alpha, 3) == 0.857
    fixed = quiet(sat.cronbach_alpha, RAW, scale=(1, 5), reverse=["q4"])
    assert fixed.alpha == coded.alpha and fixed.standardized == coded.standardized
    assert (fixed.ci_low, fixed.ci_high) == (coded.ci_low, coded.ci_high)
    assert fixed.reversed == ("q4",) and coded.reversed == ()
    assert fixed.summary()["reversed"].item() == "q4" and "reversed ['q4']" in repr(fixed)


def test_item_total_warns_and_reverses_too():
    with pytest.warns(UserWarning, match=r"item_total: items \['q4'\] correlate negatively"):
        raw = sat.item_total(RAW, scale=(1, 5))
    assert raw.loc["q4", "item_total_r"] == pytest.approx(-0.8957, abs=1e-4)
    fixed = quiet(sat.item_total, RAW, scale=(1, 5), reverse="q4")
    coded = quiet(sat.item_total, CODED, scale=(1, 5))
    pd.testing.assert_frame_equal(fixed.drop(columns="reversed"), coded.drop(columns="reversed"))
    assert fixed["reversed"].tolist() == [False, False, False, True]
    assert fixed.attrs["reversed"] == ("q4",)
    # alpha if deleted is the alpha of the other items
    assert coded.loc["q1", "alpha_if_deleted"] == pytest.approx(
        sat.cronbach_alpha(CODED.drop(columns="q1"), scale=(1, 5)).alpha)


def test_reverse_scores_low_plus_high_minus_x_on_the_declared_scale():
    items = one_factor(low=1, high=7)
    flipped = items.assign(q2=8 - items["q2"])
    a = quiet(sat.cronbach_alpha, items)
    b = quiet(sat.cronbach_alpha, flipped, reverse="q2")
    assert a.alpha == pytest.approx(b.alpha, abs=1e-14)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(reverse=["q9"]), ValueError, r"cronbach_alpha: reverse names items \['q9'\] that are "
                                       r"not columns of items"),
    (dict(reverse=["q4"], scale=None), ValueError, r"reverse needs the questionnaire's scale"),
    (dict(reverse=["q4", "q4"]), ValueError, "reverse lists an item twice"),
    (dict(reverse=4), TypeError, "reverse must be an item name or a list"),
])
def test_bad_reverse_arguments_are_refused(kwargs, error, match):
    kwargs.setdefault("scale", (1, 5))
    with pytest.raises(error, match=match):
        sat.cronbach_alpha(RAW, **kwargs)


def test_clean_scales_raise_no_warning():
    items = one_factor(n=500, k=4)
    for func in RAW_FUNCS:
        quiet(func, items)
    quiet(sat.cronbach_alpha, CODED, scale=(1, 5))


# --------------------------------------------------------------------------------------------
# Missing answers: listwise counts, pairwise correlations
# --------------------------------------------------------------------------------------------
def with_blanks(n=150, k=18, rows=63, seed=1):
    """n respondents on k items; respondents 0..rows-1 leave exactly one item blank."""
    items = one_factor(n=n, k=k, seed=seed)
    for r in range(rows):
        items.iloc[r, r % k] = np.nan
    return items


@pytest.mark.parametrize("func, name", [(sat.kmo_bartlett, "kmo_bartlett"),
                                        (lambda x, **kw: sat.efa(x, 2, **kw), "efa"),
                                        (sat.cronbach_alpha, "cronbach_alpha"),
                                        (sat.item_total, "item_total")])
def test_listwise_deletion_counts_and_warns(func, name):
    items = with_blanks()
    with pytest.warns(UserWarning, match=rf"{name}: listwise deletion dropped 63 of 150 "
                      r"respondents \(42 %\) for a blank answer among the 18 items; n = 87"):
        res = func(items)
    if name == "item_total":
        assert res.attrs["n_excluded"] == 63
    elif name == "cronbach_alpha":
        assert res.n_respondents == 87 and res.n_excluded == 63
    else:
        assert res.n == 87 and res.n_excluded == 63 and "n=87 (63 excluded, listwise)" in repr(res)
    quiet(func, with_blanks(rows=15))  # 10 % dropped: below the warning


def test_kmo_summary_reports_the_dropped_respondents():
    items = with_blanks(rows=15)
    res = quiet(sat.kmo_bartlett, items)
    row = res.summary().iloc[0]
    assert (row["n"], row["n_excluded"], row["missing"]) == (135, 15, "listwise")
    assert row["meets_threshold"] == res.meets_threshold


def test_pairwise_correlation_by_hand():
    """a and b are answered together by respondents 0-3 only: a = 1, 2, 3, 4 and
    b = 2, 1, 4, 3 have deviations (-1.5, -0.5, 0.5, 1.5) and (-0.5, -1.5, 1.5, 0.5), cross
    products summing to 3 and squares summing to 5 each, so r = 3 / 5 = 0.6 on n = 4."""
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5, np.nan, 7, 6],
                          "b": [2, 1, 4, 3, np.nan, 5, np.nan, np.nan],
                          "c": [1, 3, 2, 4, 5, 6, 6, 7]})
    res = quiet(sat.kmo_bartlett, items, missing="pairwise")
    assert res.correlation.loc["a", "b"] == pytest.approx(0.6, abs=1e-12)
    ac = items[["a", "c"]].dropna()
    assert res.correlation.loc["a", "c"] == pytest.approx(np.corrcoef(ac["a"], ac["c"])[0, 1])
    # Bartlett's n is the smallest pairwise n (a-b: 4 respondents); nobody answered < 2 items
    assert res.n == 4 and res.n_excluded == 0 and res.missing == "pairwise"
    assert "n=4 (0 excluded, pairwise)" in repr(res)


def test_pairwise_keeps_respondents_listwise_would_drop():
    items = with_blanks()
    pairwise = quiet(sat.kmo_bartlett, items, missing="pairwise")
    counts = items.notna().astype(int)
    pair_n = counts.T @ counts
    assert pairwise.n == pair_n.where(~np.eye(18, dtype=bool)).min().min() == 142
    pd.testing.assert_frame_equal(pairwise.correlation, items.corr(), check_names=False)
    fa = quiet(sat.efa, items, 2, missing="pairwise")
    assert fa.n == 142 and fa.missing == "pairwise"
    np.testing.assert_allclose(fa.eigenvalues, np.linalg.eigvalsh(items.corr())[::-1])


def test_pairwise_efa_on_complete_data_is_the_listwise_fit():
    items = pd.concat([one_factor(n=400, k=3, seed=3, names=["a1", "a2", "a3"]),
                       one_factor(n=400, k=3, seed=4, names=["b1", "b2", "b3"])], axis=1)
    for rotation in ("varimax", "promax"):
        a = quiet(sat.efa, items, 2, rotation=rotation)
        b = quiet(sat.efa, items, 2, rotation=rotation, missing="pairwise")
        np.testing.assert_allclose(a.loadings, b.loadings, atol=1e-6)
    assert a.n == b.n == 400


def test_a_pairwise_matrix_that_is_not_positive_definite_is_refused():
    """Three groups of respondents each answered two of three items: a and b move together,
    b and c move together, but a and c move in opposite directions. No data set answered in
    full could give these correlations (Wothke 1993)."""
    up, down = [1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1]
    blank = [np.nan] * 7
    items = pd.DataFrame({"a": up + blank + up, "b": up + up + blank, "c": blank + up + down})
    with pytest.raises(ValueError, match=r"kmo_bartlett: the pairwise correlation matrix is not "
                       r"positive definite \(smallest eigenvalue -1\)"):
        sat.kmo_bartlett(items, missing="pairwise")
    with pytest.raises(ValueError, match="efa: the pairwise correlation matrix is not positive"):
        sat.efa(items, 1, missing="pairwise")


def test_pairs_never_answered_together_are_refused():
    items = pd.DataFrame({"a": [1, 2, 3, np.nan, np.nan, np.nan], "b": [np.nan, np.nan, np.nan,
                                                                         4, 5, 7],
                          "c": [1, 3, 2, 5, 4, 7]})
    with pytest.raises(ValueError, match="items 'a' and 'b' were answered together by 0 "
                                         "respondents"):
        sat.kmo_bartlett(items, missing="pairwise")
    with pytest.raises(ValueError, match=r"kmo_bartlett: missing must be one of \['listwise', "
                                         r"'pairwise'\]; got 'mean'"):
        sat.kmo_bartlett(items, missing="mean")


# --------------------------------------------------------------------------------------------
# Chinese item names, nullable answers, 5-point scales
# --------------------------------------------------------------------------------------------
def test_chinese_items_with_blanks_on_a_five_point_scale():
    names = ["满意度1", "满意度2", "满意度3", "再购意向"]
    items = one_factor(n=200, k=4, low=1, high=5, seed=4, names=names).astype("Int64")
    items.loc[[0, 1, 2], "满意度2"] = pd.NA
    items.loc[0, "再购意向"] = pd.NA
    res = quiet(sat.cronbach_alpha, items, scale=(1, 5))
    assert res.n_respondents == 197 and res.n_excluded == 3
    pairwise = quiet(sat.cronbach_alpha, items, scale=(1, 5), missing="pairwise")
    assert pairwise.n_respondents == 200 and pairwise.n_excluded == 0
    miscoded = items.assign(再购意向=6 - items["再购意向"])
    with pytest.warns(UserWarning, match=r"items \['再购意向'\] correlate negatively"):
        sat.cronbach_alpha(miscoded, scale=(1, 5))
    assert quiet(sat.cronbach_alpha, miscoded, scale=(1, 5), reverse=["再购意向"]).alpha == \
        res.alpha
    table = quiet(sat.item_total, miscoded, scale=(1, 5), reverse="再购意向")
    assert list(table.index) == list(items.columns) and table.attrs["n_excluded"] == 3
    kmo = quiet(sat.kmo_bartlett, items, scale=(1, 5), missing="pairwise")
    assert list(kmo.msa.index) == list(items.columns) and kmo.n == 197
    with pytest.warns(UserWarning, match=r"no answer reaches the top of the declared scale 1-7 "
                                         r"\(answers span 1-5 in items \['满意度1'"):
        sat.kmo_bartlett(items)


def test_a_copied_item_is_refused_by_kmo_and_efa():
    items = one_factor(n=200, k=3).assign(copy=lambda d: d["q1"])
    for func in (sat.kmo_bartlett, lambda x, **kw: sat.efa(x, 1, **kw)):
        for missing in ("listwise", "pairwise"):
            with pytest.raises(ValueError, match="correlation matrix is (singular|not positive)"):
                func(items, missing=missing)


@pytest.mark.parametrize("func", [sat.cronbach_alpha, sat.item_total, sat.kmo_bartlett,
                                  lambda x, **kw: sat.efa(x, 2, **kw)])
def test_warnings_point_at_the_callers_line(func):
    with pytest.warns(UserWarning) as caught:
        func(with_blanks().clip(upper=5))
    assert {w.filename for w in caught} == {__file__}


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(1, 5), (1, 7), (0, 10)]))
def test_reversing_every_item_leaves_alpha_unchanged(seed, scale):
    """Reversing all items negates every deviation: covariances, hence alpha, stay the same;
    reversing twice gives the answers back."""
    low, high = scale
    items = one_factor(n=60, k=4, seed=seed, low=low, high=high)
    if (items.std() == 0).any():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = sat.cronbach_alpha(items, scale=scale)
        flipped = sat.cronbach_alpha(items, scale=scale, reverse=list(items.columns))
        back = sat.cronbach_alpha(low + high - items, scale=scale, reverse=list(items.columns))
    assert flipped.alpha == pytest.approx(plain.alpha, abs=1e-12)
    assert back.alpha == plain.alpha
