"""The Kano survey case: kano_classify and kano_table recover every attribute's true category.

The case's answers are drawn from the cells of the Kano evaluation table (Kano et al. 1984;
Berger et al. 1993) that give each respondent's perceived category, so the modal category is
the true one and the Better / Worse coefficients take the values its perception table implies.
"""
import numpy as np
import pandas as pd
import pytest

from crmlab.datasets import _io, build_case, load_case, make_kano_survey
from crmlab.datasets._kano import KANO_PARAMS
from crmlab.satisfaction import KANO_TABLE, kano_classify, kano_table

SEEDS = (None, 7, 31)  # None: the shipped files (seed 2026)


def pairs(case):
    return {a: (f"functional_{a}", f"dysfunctional_{a}") for a in case.kano_attributes["attribute"]}


def table_of(case):
    return kano_table(kano_classify(case.kano_answers, pairs(case)))


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed {s or 2026}")
def case(request):
    return load_case("kano_survey", seed=request.param)


def test_modal_category_is_the_true_one(case):
    table = table_of(case)
    truth = pd.Series(case.truth["categories"])
    assert (table["category"] == truth.reindex(table.index)).all(), table["category"]
    assert not table["tied"].any()


def test_better_and_worse_as_the_truth_implies(case):
    """Attractive: Better high, Worse small; one-dimensional: both large; must-be: Worse large,
    Better small; indifferent: both small (0.5 in absolute value divides large from small)."""
    table = table_of(case)
    expected = {"A": (True, False), "O": (True, True), "M": (False, True), "I": (False, False)}
    for attribute, category in case.truth["categories"].items():
        better, worse = table.loc[attribute, ["better", "worse"]]
        assert 0 <= better <= 1 and -1 <= worse <= 0
        assert (better > 0.5, -worse > 0.5) == expected[category], (attribute, better, worse)


def test_the_segment_that_takes_support_for_granted(case):
    large = case.kano_answers["size"] == "large"
    table = kano_table(kano_classify(case.kano_answers[large], pairs(case)))
    assert table.loc["technical_support", "category"] == \
        KANO_PARAMS["segment_categories"]["large"]["technical_support"]


def test_answers_follow_the_perceived_category(case):
    """Every answer of an attentive respondent lies in a Kano-table cell of its perceived
    category, so classification returns exactly the truth's perceived letters."""
    truth = case.truth["respondents"]
    attentive = ~np.array(truth["careless"])
    categories = kano_classify(case.kano_answers, pairs(case))
    for attribute, letters in truth["perceived"].items():
        got = categories[attribute].astype(object)[attentive]
        answered = got.notna()
        assert (got[answered] == np.array(letters, dtype=object)[attentive][answered]).all()
    share_missing = categories.isna().to_numpy().mean()
    assert 0 < share_missing < 0.05


def test_perception_shares_are_recovered_on_a_large_sample():
    """On 40,000 respondents the shares of each category per must-be / attractive / indifferent
    attribute match the perception table (scaled for careless answers) within 4 SE."""
    case = make_kano_survey(40_000, seed=3)
    table = table_of(case)
    careless = KANO_PARAMS["careless_share"]
    cells = KANO_TABLE.stack().value_counts() / 25
    for attribute, category in case.truth["categories"].items():
        if attribute == "technical_support":
            continue  # mixed by the large accounts' segment
        for letter in "AOMI":
            p = (1 - careless) * KANO_PARAMS["perception"][category][letter] + careless * cells[letter]
            n = table.loc[attribute, "n"]
            assert abs(table.loc[attribute, f"share_{letter}"] - p) < 4 * np.sqrt(p * (1 - p) / n)


def test_same_seed_same_bytes(tmp_path):
    build_case("kano_survey", tmp_path / "a", seed=7)
    build_case("kano_survey", tmp_path / "b", seed=7)
    for name in ("kano_answers.csv", "kano_attributes.csv", "truth.json"):
        assert (tmp_path / "a" / "kano_survey" / name).read_bytes() == \
            (tmp_path / "b" / "kano_survey" / name).read_bytes()
    assert (tmp_path / "a" / "kano_survey" / "kano_answers.csv").read_bytes() != \
        (_io.data_dir() / "kano_survey" / "kano_answers.csv").read_bytes()


def test_bad_input():
    with pytest.raises(ValueError, match="make_kano_survey: n_respondents must be between 20"):
        make_kano_survey(5)
    with pytest.raises(TypeError, match="make_kano_survey: n_respondents must be an integer"):
        make_kano_survey(2.5)
