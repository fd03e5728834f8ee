"""The shrimp-feed case (lesson 07): the acquisition rules and the analyses' recovery of the truth.

The case's truth plants trial buyers, the full solution, the leaving probabilities and
the cost rates; each test says which analysis of notebooks/07_case_shrimp_feed.ipynb
should recover which part, with a tolerance justified by the case's size.
"""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import identify, satisfaction, segment, teach
from crmlab.datasets import load_case, make_shrimp_farms
from crmlab.lifecycle import acquisition_counts, won_customers

ATTRIBUTES = ("feed_quality", "price", "technical_service", "delivery", "credit_terms", "brand")


@pytest.fixture(scope="module")
def case():
    return load_case("shrimp_feed")


def labels(case):
    return pd.DataFrame(case.truth["farms"]).set_index("farm_id")


def profit_table(case):
    rates = {**case.truth["params"]["cost_rates_cny"], "bad_debt": 1.0}
    cts = segment.cost_to_serve(case.services, rates, customer="farm_id", year=None)
    money = ["net_revenue", "gross_profit", "financial_cost"]
    table = case.purchases.groupby("farm_id")[money].sum()
    table["cost_abc"] = cts.set_index("farm_id")["cost_to_serve"]
    table["cost_vbc"] = table["cost_abc"].sum() * table["net_revenue"] / table["net_revenue"].sum()
    table["profit_abc"] = table["gross_profit"] - table["financial_cost"] - table["cost_abc"]
    table["profit_vbc"] = table["gross_profit"] - table["financial_cost"] - table["cost_vbc"]
    return table


def bought_full_solution(case):
    return case.purchases.groupby("farm_id")["product"].apply(lambda s: bool((s != "feed").any()))


# --------------------------------------------------------------------------------------------
# won_customers and acquisition_counts: hand-computed cases
# --------------------------------------------------------------------------------------------
PURCHASES = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "c", "c", "d"],
    "cycle_id": ["2021-1", "2021-1", "2022-1", "2021-2", "2020-1", "2021-1", "2022-2"],
    "date": pd.to_datetime(["2021-03-01", "2021-04-15", "2022-03-01", "2021-09-01",
                            "2020-03-01", "2021-03-02", "2022-09-01"]),
})


def test_won_customers_by_hand():
    table = won_customers(PURCHASES, start="2021-01-01")
    assert table.index.tolist() == ["a", "b", "c", "d"]
    assert table["cycles"].tolist() == [2, 1, 2, 1]  # two lines in one cycle count once
    assert table["new"].tolist() == [True, True, False, True]
    assert table["won_first_purchase"].tolist() == [True, True, False, True]
    assert table["won_repeat"].tolist() == [True, False, False, False]
    assert table.loc["a", "repeat_cycle"] == "2022-1"
    assert table.loc["a", "repeat_date"] == pd.Timestamp("2022-03-01")
    assert pd.isna(table.loc["b", "repeat_date"])


def test_without_start_every_buyer_is_new():
    table = won_customers(PURCHASES)
    assert table["new"].all()
    assert table["won_repeat"].tolist() == [True, False, True, False]


def test_cycles_are_ordered_by_date_not_by_name():
    purchases = pd.DataFrame({"customer_id": ["a", "a"], "cycle_id": ["z", "b"],
                              "date": pd.to_datetime(["2021-01-01", "2021-06-01"])})
    table = won_customers(purchases)
    assert table.loc["a", "first_cycle"] == "z" and table.loc["a", "repeat_cycle"] == "b"


def test_acquisition_counts_by_hand():
    counts = acquisition_counts(PURCHASES, start="2021-01-01")
    assert counts.index.tolist() == [2021, 2022]
    assert counts["first_purchase"].tolist() == [2, 1]  # a, b in 2021; d in 2022; c existing
    assert counts["repeat_purchase"].tolist() == [0, 1]  # a confirmed in 2022
    assert counts["one_cycle_only"].tolist() == [1, 1]
    assert counts["repeat_share"].tolist() == [0.5, 0.0]


def test_acquisition_counts_by_quarter():
    counts = acquisition_counts(PURCHASES, freq="QE")
    assert counts.index[0] == "2020Q1" and counts.index[-1] == "2022Q3"
    assert counts["first_purchase"].sum() == 4
    assert np.isnan(counts.loc["2020Q2", "repeat_share"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 7)), min_size=1, max_size=30))
def test_counts_add_up(rows):
    """Every first-time buyer is either won by the repeat rule or bought in one cycle only."""
    purchases = pd.DataFrame({"customer_id": [c for c, _ in rows],
                              "cycle_id": [f"k{k}" for _, k in rows],
                              "date": pd.Timestamp("2020-01-01")
                              + pd.to_timedelta([90 * k for _, k in rows], unit="D")})
    counts = acquisition_counts(purchases, freq="QE")
    table = won_customers(purchases)
    assert counts["first_purchase"].sum() == table["won_first_purchase"].sum() == \
        purchases["customer_id"].nunique()
    assert counts["first_purchase"].sum() - counts["repeat_purchase"].sum() == \
        counts["one_cycle_only"].sum()
    assert (table["won_repeat"] == (table["cycles"] >= 2)).all()


@pytest.mark.parametrize("call, error, match", [
    (lambda: won_customers([1, 2]), TypeError,
     "won_customers: purchases must be a pandas DataFrame"),
    (lambda: won_customers(PURCHASES, customer="farm_id"), ValueError,
     "won_customers: column 'farm_id' not in purchases"),
    (lambda: won_customers(PURCHASES.iloc[:0]), ValueError, "purchases is empty"),
    (lambda: won_customers(PURCHASES.assign(date="2021-01-01")), TypeError,
     "column 'date' must hold dates"),
    (lambda: won_customers(PURCHASES.assign(cycle_id=None)), ValueError,
     "column 'cycle_id' has missing values"),
    (lambda: won_customers(PURCHASES, start="not a date"), ValueError,
     "start must be a date"),
    (lambda: acquisition_counts(PURCHASES, freq="W"), ValueError, "freq must be one of"),
    (lambda: acquisition_counts(PURCHASES, start="2030-01-01"), ValueError,
     "start '2030-01-01' is after the last purchase"),
])
def test_bad_input_is_rejected(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------------
# Recovery of the case's truth (the notebook's verdicts)
# --------------------------------------------------------------------------------------------
def test_repeat_rule_drops_every_trial_buyer_and_keeps_no_trial(case):
    """C5: the trial buyers are among the farms the repeat rule drops, and none is kept."""
    truth = labels(case)
    won = won_customers(case.purchases, customer="farm_id").join(truth)
    assert (won["cycles"] == won["cycles_bought"]).all()
    assert not won.loc[won["trial_buyer"], "won_repeat"].any()
    dropped = won[~won["won_repeat"]]
    # every other dropped farm bought in one cycle only: lost after it or censored
    assert (dropped.loc[~dropped["trial_buyer"], "cycles"] == 1).all()
    # with 2020 buyers as the existing base, no pre-existing farm is counted as new
    window = won_customers(case.purchases, customer="farm_id", start="2021-01-01").join(truth)
    assert not window.loc[window["new"], "existing_at_start"].any()
    trials = window["new"] & window["trial_buyer"]
    assert trials.sum() > 0 and not window.loc[trials, "won_repeat"].any()


def test_trial_share_recovered_from_first_purchase_count():
    """The first-purchase count exceeds the repeat count by at least the planted trials (25 %)."""
    case = make_shrimp_farms(3000, seed=5)
    counts = acquisition_counts(case.purchases, customer="farm_id", start="2021-01-01")
    dropped = 1 - counts["repeat_purchase"].sum() / counts["first_purchase"].sum()
    # trials are 25 % of new farms; farms lost after one cycle or censored add to it
    assert 0.25 <= dropped <= 0.45


def test_abc_finds_the_loss_makers_vbc_hides_them(case):
    """C1: at the case's rates ABC profit is the true profit; VBC flags none of its loss-makers."""
    table = profit_table(case)
    loss = table["profit_abc"] < 0
    assert 0.08 <= loss.mean() <= 0.20  # data card: about 13 %
    assert (table["profit_vbc"] < 0).sum() == 0
    assert np.isclose(table["profit_abc"].sum(), table["profit_vbc"].sum())
    assert np.isclose(teach.solution("07.1", case), -table.loc[loss, "profit_abc"].sum())


def test_loss_makers_fail_more_and_carry_bad_debt(case):
    """C2: the loss-makers' cycles fail more often and their bad debt is heavier."""
    table = profit_table(case)
    loss = table["profit_abc"] < 0
    failure = 1 - case.cycles.groupby("farm_id")["success"].mean()
    bad_debt = case.services.groupby("farm_id")["bad_debt"].sum() / table["net_revenue"]
    assert failure[loss].mean() > failure[~loss].mean() + 0.3
    assert bad_debt[loss].mean() > 5 * bad_debt[~loss].mean()
    assert table.loc[loss, "net_revenue"].mean() < table.loc[~loss, "net_revenue"].mean()


def test_retention_per_cycle_recovered():
    """CLV's retention: after a farm's first cycle, the share buying again matches 1 - leave rate.

    With about 6,000 observable cycles in a 1,500-farm case the standard error is below
    0.01, so the estimate must be within 0.03 of the planted leaving probabilities.
    """
    case = make_shrimp_farms(1500, seed=3)
    p = case.truth["params"]
    farms = case.farms.set_index("farm_id")
    cyc = (case.cycles.join(farms["farming_mode"], on="farm_id")
           .sort_values(["farm_id", "start_date"]))
    cyc["again"] = cyc.groupby("farm_id")["start_date"].shift(-1).notna()
    last = (cyc[cyc["year"] == cyc["year"].max()]
            .groupby("farming_mode", observed=True)["cycle_id"].max())
    observable = cyc["cycle_id"] != cyc["farming_mode"].map(last).astype(str)
    later = cyc[observable & (cyc.groupby("farm_id").cumcount() > 0)]
    rate = later.groupby("success")["again"].mean()
    assert abs(rate[True] - (1 - p["leave_probability_after_success"])) < 0.03
    assert abs(rate[False] - (1 - p["leave_probability_after_failure"])) < 0.03


def test_full_solution_farms_are_worth_more():
    """C6: within every farming mode, non-trial full-solution farms earn more per cycle."""
    case = make_shrimp_farms(3000, seed=7)
    truth = labels(case)
    table = profit_table(case).join(truth).join(case.farms.set_index("farm_id")["farming_mode"])
    table = table[~table["trial_buyer"]]
    per_cycle = table["profit_abc"] / table["cycles_bought"]
    means = (per_cycle.groupby([table["farming_mode"], table["solution"]], observed=True)
             .mean().unstack())
    assert (means["full_solution"] > 1.2 * means["feed_only"]).all()


def test_full_solution_worth_more_in_the_shipped_case(case):
    table = profit_table(case).assign(full=bought_full_solution(case))
    means = table.groupby("full")["profit_abc"].mean()
    assert means[True] > 1.5 * means[False]  # data card: about twice


def test_ipa_recovers_the_planted_quadrants(case):
    """C4: stated importance puts every attribute in the quadrant of the planted means."""
    p = case.truth["params"]
    performance = [f"performance_{a}" for a in ATTRIBUTES]
    stated = satisfaction.ipa(case.survey, [f"importance_{a}" for a in ATTRIBUTES], performance)
    planted = satisfaction.ipa(pd.DataFrame([p["performance_mean"]]).add_prefix("performance_"),
                               p["importance_mean"], performance)
    assert (stated["quadrant"] == planted["quadrant"]).all()
    assert set(stated.index[stated["quadrant"] == "concentrate here"]) == {"price", "technical_service"}


def test_full_solution_farms_rate_technical_service_higher(case):
    """The planted lift of 0.6 points, within two standard errors (about 0.2)."""
    full = bought_full_solution(case)
    rated = case.survey.join(full.rename("full"), on="farm_id")
    means = rated.groupby("full")["performance_technical_service"].mean()
    lift = case.truth["params"]["full_solution_service_lift"]
    assert abs(means[True] - means[False] - lift) < 0.25


def test_gold_tier_holds_most_value_but_not_eighty_percent(case):
    """C3: the gold fifth holds most of the profit; the top fifth buys two thirds, not 80 %."""
    table = profit_table(case)
    pyramid = segment.customer_pyramid(table, "profit_abc", {"gold": 0.2, "iron": 0.3, "lead": 0.5},
                                       revenue="net_revenue", profit="profit_abc")
    assert pyramid.table.loc["gold", "share_profit"] > 0.5
    assert pyramid.table["customers"].tolist() == [60, 90, 150]
    top = identify.pareto_table(case.purchases, "net_revenue", by="farm_id")
    top_fifth = top.loc[top["customer_share"] <= 0.2, "share"].sum()
    assert 0.6 < top_fifth < 0.75  # data card: about two thirds
    assert np.isclose(top["share"].iloc[:60].sum(), top_fifth)
    assert 0.4 < teach.solution("07.2", case) < top_fifth + 0.1  # one year, that year's buyers


@pytest.mark.parametrize("seed", [1, 2])
def test_exercises_hold_for_other_seeds(seed):
    other = make_shrimp_farms(200, seed=seed)
    for k in range(1, 5):
        assert teach.check(f"07.{k}", teach.solution(f"07.{k}", other), world=other)
