"""crmlab.value: delivered value, competitive position, the choice model and its what-ifs."""
import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab import value
from crmlab.datasets import load_world, make_world

PARTS = list(value.VALUE_PARTS + value.COST_PARTS)


@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.fixture(scope="module")
def model(world):
    return value.fit_choice(world.value_audit)


@pytest.fixture(scope="module")
def large():
    """A world five times the default (about 5,000 choice sets), same seed."""
    world = make_world(n_customers=3000, seed=2026)
    return world, value.fit_choice(world.value_audit)


def true_weights(world):
    return pd.Series(world.truth["params"]["choice"]["weights"])


def tiny_audit():
    """Two customers, three suppliers, two parts: small enough to compute by hand."""
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", "b"],
        "year": [2024] * 6,
        "supplier": ["ours", "x", "y"] * 2,
        "quality": [8.0, 9.0, 5.0, 6.0, 7.0, 7.0],
        "price": [50.0, 70.0, 40.0, 50.0, 60.0, 40.0],
        "chosen": [True, False, False, False, False, True],
    })


# --------------------------------------------------------------------------------------------
# delivered_value
# --------------------------------------------------------------------------------------------
def test_delivered_value_by_hand():
    dv = value.delivered_value(tiny_audit(), ["quality"], ["price"], weights={"price": 0.1})
    np.testing.assert_allclose(dv["total_value"], [8, 9, 5, 6, 7, 7])
    np.testing.assert_allclose(dv["total_cost"], [5, 7, 4, 5, 6, 4])
    np.testing.assert_allclose(dv["delivered_value"], [3, 2, 1, 1, 1, 3])
    np.testing.assert_allclose(dv["value_cost_ratio"], [1.6, 9 / 7, 1.25, 1.2, 7 / 6, 1.75])
    assert list(dv.columns[:6]) == list(tiny_audit().columns)  # the input's columns come first


def test_delivered_value_unweighted_sums_the_parts(world):
    va = world.value_audit
    dv = value.delivered_value(va)
    np.testing.assert_allclose(dv["total_value"], va[list(value.VALUE_PARTS)].sum(axis=1))
    np.testing.assert_allclose(dv["total_cost"], va[list(value.COST_PARTS)].sum(axis=1))
    assert dv.index.equals(va.index)


def test_audit_scale_puts_the_price_index_on_the_0_10_scale(world):
    dv = value.delivered_value(world.value_audit, weights=value.AUDIT_SCALE)
    ours = dv[dv["supplier"] == "ours"]
    assert 8 <= (ours["monetary_cost"] * 0.1).mean() <= 12
    # with the price index divided by 10, total value and total cost are of one size
    assert 0.8 <= ours["value_cost_ratio"].mean() <= 1.5


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(value_parts=["quality", "price"]), ValueError, r"\['price'\] are given both"),
    (dict(value_parts=["qualty"]), ValueError, r"column 'qualty' not in data; available"),
    (dict(weights={"speed": 1.0}), ValueError, r"weights name parts \['speed'\]"),
    (dict(weights={"price": -0.1}), ValueError, r"weights\['price'\] is negative"),
    (dict(weights=[1, 2]), TypeError, "weights must be None or a dict"),
    (dict(value_parts=[]), TypeError, "value_parts must be a column name or a list"),
])
def test_delivered_value_rejects_bad_arguments(kwargs, error, match):
    args = dict(value_parts=["quality"], cost_parts=["price"]) | kwargs
    with pytest.raises(error, match=match):
        value.delivered_value(tiny_audit(), **args)


def test_delivered_value_rejects_negative_costs_and_missing_values():
    audit = tiny_audit()
    audit.loc[2, "price"] = -1.0
    with pytest.raises(ValueError, match=r"cost parts \['price'\] have negative values"):
        value.delivered_value(audit, ["quality"], ["price"])
    audit.loc[2, "price"] = np.nan
    with pytest.raises(ValueError, match="'price' has 1 missing values"):
        value.delivered_value(audit, ["quality"], ["price"])
    audit.loc[2, "price"] = 0.0
    with pytest.raises(ValueError, match="total cost is zero in 1 rows"):
        value.delivered_value(audit, ["quality"], ["price"])
    with pytest.raises(TypeError, match="'supplier' must be numeric"):
        value.delivered_value(audit, ["supplier"], ["price"])
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        value.delivered_value(audit.to_dict(), ["quality"], ["price"])


# --------------------------------------------------------------------------------------------
# competitive_position
# --------------------------------------------------------------------------------------------
def test_competitive_position_by_hand():
    pos = value.competitive_position(tiny_audit(), value_parts=["quality"], cost_parts=["price"],
                                     weights={"price": 0.1})
    assert pos["customer_id"].tolist() == ["a", "b"]
    assert pos["best_competitor"].tolist() == ["x", "y"]
    np.testing.assert_allclose(pos["gap"], [1.0, -2.0])
    np.testing.assert_allclose(pos["gap_quality"], [-1.0, -1.0])
    np.testing.assert_allclose(pos["gap_price"], [2.0, -1.0])  # cheaper is in our favour
    assert pos["ahead"].tolist() == [True, False]
    assert pos["chosen"].tolist() == [True, False]
    assert pos["chosen_supplier"].tolist() == ["ours", "y"]


def test_competitive_position_gaps_add_up_and_ahead_predicts_choice(world):
    pos = value.competitive_position(world.value_audit, weights=value.AUDIT_SCALE)
    assert len(pos) == world.value_audit.groupby(["customer_id", "year"]).ngroups
    gaps = pos[[f"gap_{p}" for p in PARTS]].sum(axis=1)
    np.testing.assert_allclose(gaps, pos["gap"], atol=1e-9)
    assert (pos["chosen"] == (pos["chosen_supplier"] == "ours")).all()
    # Kotler's rule: ahead on delivered value makes being chosen far more likely
    assert pos.loc[pos["ahead"], "chosen"].mean() > 2 * pos.loc[~pos["ahead"], "chosen"].mean()


def test_competitive_position_of_a_competitor(world):
    pos = value.competitive_position(world.value_audit, "competitor_c", choice=None)
    assert "competitor_c" not in set(pos["best_competitor"])
    assert "chosen" not in pos.columns


def test_competitive_position_rejects_a_missing_supplier():
    with pytest.raises(ValueError, match=r"supplier 'us' not in column 'supplier'; suppliers"):
        value.competitive_position(tiny_audit(), "us", value_parts=["quality"],
                                   cost_parts=["price"])
    audit = tiny_audit().drop(index=3)  # customer b has no row for us
    with pytest.raises(ValueError, match=r"'ours' is missing from 1 choice sets \(for example "
                                         r"\('b', 2024\)\)"):
        value.competitive_position(audit, value_parts=["quality"], cost_parts=["price"])


def test_competitive_position_rejects_duplicates_and_single_supplier_sets():
    audit = tiny_audit()
    twice = pd.concat([audit, audit.iloc[[1]]])
    with pytest.raises(ValueError, match="a supplier appears twice in one choice set"):
        value.competitive_position(twice, value_parts=["quality"], cost_parts=["price"])
    alone = audit.drop(index=[4, 5])
    with pytest.raises(ValueError, match="1 choice sets have a single alternative"):
        value.competitive_position(alone, value_parts=["quality"], cost_parts=["price"])


# --------------------------------------------------------------------------------------------
# fit_choice: a reference identity, recovery of the world's truth, willingness to pay
# --------------------------------------------------------------------------------------------
def test_binary_conditional_logit_is_a_logit_on_differences():
    """With two alternatives, P(1) = 1 / (1 + exp(-beta'(x1 - x2))): the conditional logit
    equals a binary logit without intercept on the attribute differences (Train, Discrete
    Choice Methods with Simulation, 2009, section 3.1; Chamberlain 1980)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    n = 400
    x = rng.normal(size=(n, 2, 2))
    beta = np.array([1.0, -0.5])
    p1 = 1 / (1 + np.exp(-(x[:, 0] - x[:, 1]) @ beta))
    first = rng.random(n) < p1
    data = pd.DataFrame({"set": np.repeat(np.arange(n), 2), "a": x[:, :, 0].ravel(),
                         "b": x[:, :, 1].ravel(),
                         "chosen": np.c_[first, ~first].ravel()})
    res = value.fit_choice(data, "chosen", ["a", "b"], "set", price="b")
    logit = sm.Logit(first.astype(float), x[:, 0] - x[:, 1]).fit(disp=False)
    np.testing.assert_allclose(res.params, logit.params, rtol=1e-4)
    np.testing.assert_allclose(res.bse, logit.bse, rtol=1e-3)
    np.testing.assert_allclose(res.loglik, logit.llf, rtol=1e-6)
    assert res.loglik_null == pytest.approx(n * np.log(0.5))


def test_true_weights_inside_their_confidence_intervals_on_the_default_world(world, model):
    truth = true_weights(world)
    inside = (model.conf_int["lower"] <= truth) & (truth <= model.conf_int["upper"])
    assert inside.all(), pd.concat([truth, model.summary()], axis=1)
    assert (np.sign(model.params) == np.sign(truth)).all()
    # jointly too: Wald test of all eight weights at once
    d = (model.params - truth).to_numpy()
    assert stats.chi2.sf(d @ np.linalg.solve(model.cov.to_numpy(), d), len(d)) > 0.05


def test_true_weights_recovered_tighter_on_a_five_times_larger_world(world, model, large):
    """Standard errors shrink like 1/sqrt(n): five times the choice sets, about 0.45 times
    the standard error; the estimates stay within three of them of the truth."""
    big_world, big = large
    truth = true_weights(big_world)
    ratio = big.bse / model.bse
    expected = np.sqrt(model.n_sets / big.n_sets)
    assert ((0.8 * expected < ratio) & (ratio < 1.2 * expected)).all(), ratio
    z = (big.params - truth) / big.bse
    assert (z.abs() < 3).all(), z
    assert ((big.conf_int["lower"] <= truth) & (truth <= big.conf_int["upper"])).all()
    # in absolute terms: value parts and non-monetary costs within 0.06, price within 0.008
    err = (big.params - truth).abs()
    assert (err.drop("monetary_cost") < 0.06).all() and err["monetary_cost"] < 0.008, err


def test_willingness_to_pay_has_the_right_sign_unit_and_truth(world, model, large):
    wtp = model.wtp
    assert wtp.index.name == "monetary_cost per unit"
    assert (wtp.loc[list(value.VALUE_PARTS), "wtp"] > 0).all()
    assert (wtp.loc[["time_cost", "energy_cost", "physical_cost"], "wtp"] < 0).all()
    np.testing.assert_allclose(wtp["wtp"], -model.params.drop("monetary_cost")
                               / model.params["monetary_cost"])
    w = true_weights(world)
    true_wtp = -w.drop("monetary_cost") / w["monetary_cost"]  # service: 0.5 / 0.06 = 8.3 points
    assert ((wtp["lower"] <= true_wtp) & (true_wtp <= wtp["upper"])).all()
    big = large[1].wtp
    assert ((big["lower"] <= true_wtp) & (true_wtp <= big["upper"])).all()
    assert (big["se"] < wtp["se"]).all()
    # the unit follows the price column: in shares of the market price instead of index points
    audit = world.value_audit.assign(monetary_cost=world.value_audit["monetary_cost"] / 100)
    rescaled = value.fit_choice(audit)
    np.testing.assert_allclose(rescaled.wtp["wtp"], wtp["wtp"] / 100, rtol=1e-3)
    np.testing.assert_allclose(rescaled.hit_rate, model.hit_rate)


def test_wtp_standard_error_is_the_delta_method(model):
    b, cov = model.params, model.cov
    grad = np.array([-1 / b["monetary_cost"], b["service_value"] / b["monetary_cost"] ** 2])
    sub = cov.loc[["service_value", "monetary_cost"], ["service_value", "monetary_cost"]]
    assert model.wtp.loc["service_value", "se"] == pytest.approx(np.sqrt(grad @ sub @ grad))


def test_choice_model_result_is_frozen_and_summarises(model):
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.alpha = 0.1
    table = model.summary()
    assert list(table.columns) == ["coef", "std_err", "z", "p_value", "lower", "upper"]
    assert (table["p_value"].between(0, 1)).all()
    assert 0 < model.pseudo_r2 < 1
    assert model.hit_rate > 0.5  # better than the 25 % of guessing among four suppliers
    assert model.n_rows == 4 * model.n_sets


@pytest.mark.parametrize("change, match", [
    (lambda d: d.drop(index=d.index[d["chosen"]][:1]), "1 choice sets have no chosen alternative"),
    (lambda d: d.assign(chosen=d["chosen"] | (d["supplier"] == "ours")),
     "choice sets have more than one chosen alternative"),
    (lambda d: d.assign(physical_cost=4.0), r"\['physical_cost'\] are constant within every"),
    (lambda d: d.assign(time_cost=d.groupby(["customer_id", "year"])["time_cost"]
                        .transform("mean")), r"\['time_cost'\] are constant within every"),
    (lambda d: d.assign(energy_cost=np.where(d.index == 5, np.nan, d["energy_cost"])),
     "'energy_cost' has 1 missing values"),
    (lambda d: d.head(9), "1 choice sets have a single alternative"),
])
def test_fit_choice_rejects_bad_choice_data(world, change, match):
    with pytest.raises(ValueError, match=match):
        value.fit_choice(change(world.value_audit.head(400).copy()))


def test_fit_choice_rejects_bad_arguments(world):
    va = world.value_audit.head(400)
    with pytest.raises(ValueError, match="price must be one of"):
        value.fit_choice(va, price="cost")
    with pytest.raises(ValueError, match="column 'choice' not in data"):
        value.fit_choice(va, choice="choice")
    with pytest.raises(TypeError, match="'chosen' must be boolean"):
        value.fit_choice(va.assign(chosen=va["chosen"].map({True: "yes", False: "no"})))
    with pytest.raises(ValueError, match="alpha must be strictly between 0 and 1"):
        value.fit_choice(va, alpha=0)
    with pytest.raises(ValueError, match="data has no rows"):
        value.fit_choice(va.head(0))
    with pytest.raises(ValueError, match="4 choice sets cannot identify 8 coefficients"):
        value.fit_choice(va.head(16))


# --------------------------------------------------------------------------------------------
# predict and simulate_shares
# --------------------------------------------------------------------------------------------
def test_shares_sum_to_one_per_customer_and_follow_the_change(world, model):
    va = world.value_audit
    sim = value.simulate_shares(model, va, {"service_value": 1.0})
    sums = sim.groupby(["customer_id", "year"])[["baseline", "scenario"]].sum()
    np.testing.assert_allclose(sums, 1.0)
    pd.testing.assert_series_equal(sim["baseline"], model.predict(va), check_names=False)
    ours = sim["supplier"] == "ours"
    assert (sim.loc[ours, "change"] > 0).all() and (sim.loc[~ours, "change"] < 0).all()
    # at the maximum likelihood the score is zero: sum of (chosen - probability) x = 0
    residual = va["chosen"].to_numpy(float) - sim["baseline"].to_numpy()
    score = residual @ va[PARTS].to_numpy(float)
    np.testing.assert_allclose(score / va[PARTS].abs().sum().to_numpy(), 0, atol=1e-5)


def test_price_cut_relative_and_in_points(world, model):
    va = world.value_audit
    rel = value.simulate_shares(model, va, {"monetary_cost": -0.05}, relative=True)
    pts = value.simulate_shares(model, va, {"monetary_cost": -5.0})
    ours = va["supplier"] == "ours"
    assert (rel.loc[ours, "change"] > 0).all()
    # our price index is about 100, so 5 % and 5 points differ little
    assert rel.loc[ours, "scenario"].mean() == pytest.approx(pts.loc[ours, "scenario"].mean(),
                                                             abs=0.002)
    zero = value.simulate_shares(model, va, {"monetary_cost": 0.0})
    np.testing.assert_allclose(zero["scenario"], zero["baseline"])


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(2, 5), min_size=1, max_size=6),
       attr=st.sampled_from(PARTS), delta=st.floats(-3, 3), seed=st.integers(0, 2**16))
def test_property_shares_sum_to_one_and_move_with_the_coefficient(sizes, attr, delta, seed):
    model = _small_model()
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    data = pd.DataFrame(rng.uniform(3, 8, (n, len(PARTS))), columns=PARTS)
    data["monetary_cost"] = rng.uniform(85, 115, n)
    data["customer_id"] = np.repeat([f"c{i}" for i in range(len(sizes))], sizes)
    data["year"] = 2024
    data["supplier"] = np.concatenate([["ours"] + [f"s{j}" for j in range(1, k)] for k in sizes])
    sim = value.simulate_shares(model, data, {attr: delta})
    sums = sim.groupby("customer_id")[["baseline", "scenario"]].sum()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-12)
    assert sim[["baseline", "scenario"]].stack().between(0, 1).all()
    ours = sim.loc[sim["supplier"] == "ours", "change"]
    direction = np.sign(model.params[attr] * delta)
    assert (np.sign(ours.round(12)) == direction).all() or (ours.abs() < 1e-12).all()


_SMALL = {}


def _small_model():
    if "model" not in _SMALL:
        _SMALL["model"] = value.fit_choice(make_world(n_customers=200, seed=5).value_audit)
    return _SMALL["model"]


def test_simulate_shares_rejects_bad_changes(world, model):
    va = world.value_audit
    with pytest.raises(ValueError, match=r"change names \['speed'\], not attributes"):
        value.simulate_shares(model, va, {"speed": 1})
    with pytest.raises(ValueError, match="supplier 'us' not in column 'supplier'"):
        value.simulate_shares(model, va, {"service_value": 1}, supplier="us")
    with pytest.raises(ValueError, match="makes 'time_cost' negative for"):
        value.simulate_shares(model, va, {"time_cost": -5})
    with pytest.raises(TypeError, match="change must be a non-empty dict"):
        value.simulate_shares(model, va, {})
    with pytest.raises(TypeError, match="result must be a ChoiceModel"):
        value.simulate_shares(model.params, va, {"service_value": 1})


# --------------------------------------------------------------------------------------------
# share of wallet and the two levers
# --------------------------------------------------------------------------------------------
def test_share_of_wallet_equals_the_truth_where_surveyed(world):
    sow = value.share_of_wallet(world)
    assert len(sow) == (world.value_audit["supplier"] == "ours").sum()
    truth = world.truth_frame("customer_years").set_index(["customer_id", "year"])
    true_share = truth["share_of_wallet"].reindex(pd.MultiIndex.from_frame(sow[["customer_id",
                                                                               "year"]]))
    np.testing.assert_allclose(sow["share_of_wallet"], true_share.to_numpy(), atol=1e-9)
    # revenue from the order book, by calendar year
    one = sow[sow["revenue"] > 0].iloc[0]
    o = world.orders
    mine = o[(o["customer_id"] == one["customer_id"]) & (o["date"].dt.year == one["year"])]
    assert one["revenue"] == pytest.approx(mine["net_revenue"].sum())
    assert (sow["implied_wallet"].dropna() >= sow.loc[sow["implied_wallet"].notna(), "revenue"]
            - 1e-6).all()
    # main supplier holds the largest share on average
    assert sow.loc[sow["main_supplier"], "share_of_wallet"].mean() > 0.5
    with pytest.raises(TypeError, match="world must be a crmlab World"):
        value.share_of_wallet(world.value_audit)


def test_logit_probability_predicts_share_of_wallet(world, model):
    """The world draws share of wallet around the logit shares (expectation = probability)."""
    va = world.value_audit
    ours = va["supplier"] == "ours"
    p, share = model.predict(va)[ours], va.loc[ours, "share_of_wallet"]
    assert np.corrcoef(p, share)[0, 1] > 0.8
    assert abs(share.mean() - p.mean()) < 0.02


def test_service_economics_prices_the_service_activities(world):
    econ = value.service_economics(world)
    rates = world.truth["params"]["activities"]["cost_rates_cny"]
    assert len(econ) == len(world.activities)
    a = world.activities
    np.testing.assert_allclose(econ["service_cost"], a["visits"] * rates["visits"]
                               + a["support_hours"] * rates["support_hours"]
                               + a["proactive_hours"] * rates["proactive_hours"])
    total = world.orders["net_revenue"].sum()
    assert econ["revenue"].sum() == pytest.approx(total)


def test_compare_levers_by_hand(world, model):
    va = world.value_audit
    last = va[va["year"] == 2025]
    econ = value.service_economics(world)
    response = value.service_response(world)
    levers = value.compare_levers(model, last, econ, response)
    assert levers.index.tolist() == ["raise service", "cut price"]
    wtp = model.wtp.loc["service_value", "wtp"]
    assert levers.loc["cut price", "change"] == pytest.approx(-wtp)
    # the price cut worth one service point wins exactly the same share
    assert levers.loc["cut price", "share_after"] == pytest.approx(
        levers.loc["raise service", "share_after"])
    assert (levers["share_after"] > levers["share_before"]).all()
    # by hand: the service lever costs the extra proactive hours, the price cut its discount
    ours = last[last["supplier"] == "ours"]
    e = econ.set_index(["customer_id", "year"]).reindex(
        pd.MultiIndex.from_frame(ours[["customer_id", "year"]]))
    rate = world.truth["params"]["activities"]["cost_rates_cny"]["proactive_hours"]
    assert levers.loc["raise service", "lever_cost"] == pytest.approx(
        (e["proactive_hours"] * rate * (np.exp(1 / response.slope) - 1)).sum())
    sim = value.simulate_shares(model, last, {"monetary_cost": -wtp})
    sim = sim[sim["supplier"] == "ours"]
    f = sim["scenario"].to_numpy() / sim["baseline"].to_numpy()
    k = wtp / ours["monetary_cost"].to_numpy()
    assert levers.loc["cut price", "lever_cost"] == pytest.approx(
        (k * e["revenue"].to_numpy() * f).sum())
    # a fixed cost per point that is high enough makes the price cut the cheaper lever
    per_point = 2 * levers.loc["cut price", "lever_cost"] / len(ours)
    dear = value.compare_levers(model, last, econ, per_point)
    assert dear.loc["raise service", "lever_cost"] > dear.loc["cut price", "lever_cost"]


def test_compare_levers_rejects_bad_input(world, model):
    va = world.value_audit
    econ = value.service_economics(world)
    surveyed = va.loc[va["supplier"] == "ours", ["customer_id", "year"]].head(3)
    keep = ~econ.set_index(["customer_id", "year"]).index.isin(pd.MultiIndex.from_frame(surveyed))
    response = value.service_response(world)
    with pytest.raises(ValueError, match="economics has no row for 3 choice sets"):
        value.compare_levers(model, va, econ[keep], response)
    with pytest.raises(ValueError, match=r"column 'service_cost' not in economics"):
        value.compare_levers(model, va, econ.drop(columns="service_cost"), response)
    with pytest.raises(ValueError, match="needs column 'proactive_hours' in economics"):
        value.compare_levers(model, va, econ.drop(columns="proactive_hours"), response)
    with pytest.raises(ValueError, match="service must be one of"):
        value.compare_levers(model, va, econ, response, service="monetary_cost")
    with pytest.raises(ValueError, match="supplier 'us' not in column"):
        value.compare_levers(model, va, econ, response, supplier="us")
    with pytest.raises(ValueError, match="service_cost must be finite and not negative"):
        value.compare_levers(model, va, econ, -1.0)
    with pytest.raises(TypeError, match="service_cost must be a ServiceResponse"):
        value.compare_levers(model, va, econ, "cheap")
    with pytest.raises(ValueError, match="proactive_hours must be finite and not negative"):
        response.extra_cost([-1.0])


def test_service_response_recovers_the_true_slope(world):
    """The world's rating of our service value rises by ours_quality_loading x
    service_quality_per_log_proactive_hour points per unit of log proactive hours
    (1.214). The default world's 95% interval contains it; on a 3,000-customer world the
    estimate is within 0.1 and the interval shrinks as root n predicts."""
    small = value.service_response(world)
    assert small.true_slope == pytest.approx(1.2 * world.truth["scales"]
                                             ["service_quality_per_log_proactive_hour"])
    assert small.ci_low < small.true_slope < small.ci_high and small.n > 800
    big = value.service_response(make_world(n_customers=3000, seed=2))
    assert abs(big.slope - big.true_slope) < 0.1
    assert big.se < small.se * np.sqrt(small.n / big.n) * 1.3
    # the true response prices a point: hours x rate x (e^(1/b) - 1)
    truth = small.at_truth()
    assert truth.slope == small.true_slope and np.isnan(truth.se)
    assert truth.extra_cost([10.0]) == pytest.approx(10 * 450 * np.expm1(1 / truth.slope))
    assert truth.extra_cost([10.0], points=0) == pytest.approx(0)


def test_naive_service_regression_is_biased_by_partial_years(world):
    """Customers won or lost during the year get fewer hours for reasons unrelated to
    service; keeping them biases the slope down, which is why service_response drops them."""
    va = world.value_audit.query("supplier == 'ours'").merge(world.activities,
                                                              on=["customer_id", "year"])
    slope = np.polyfit(np.log(va["proactive_hours"]), va["service_value"], 1)[0]
    assert slope < value.service_response(world).ci_low


# --------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------
def test_value_map_draws_suppliers_at_their_means_and_the_fair_value_line(world):
    import matplotlib.pyplot as plt

    from crmlab import plots

    dv = value.delivered_value(world.value_audit, weights=value.AUDIT_SCALE)
    fig, ax = plt.subplots()
    assert plots.value_map(dv, ax=ax) is ax
    means = dv.groupby(dv["supplier"].astype(str), sort=False)[["total_cost", "total_value"]].mean()
    points = np.vstack([c.get_offsets() for c in ax.collections])
    np.testing.assert_allclose(points, means.to_numpy())
    assert [t.get_text() for t in ax.texts] == [n.replace("_", " ") for n in means.index]
    x, y = ax.lines[0].get_data()
    c_bar, v_bar = means["total_cost"].mean(), means["total_value"].mean()
    np.testing.assert_allclose(y - x, v_bar - c_bar)  # slope 1 through the market average
    ax = plots.value_map(dv, fair="ratio", highlight=None, ax=plt.figure().gca())
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y / x, v_bar / c_bar)
    with pytest.raises(ValueError, match="highlight 'us' is not a supplier"):
        plots.value_map(dv, highlight="us")
    with pytest.raises(ValueError, match="fair must be one of"):
        plots.value_map(dv, fair="sum")
    with pytest.raises(ValueError,
                       match=r"column \['total_value', 'total_cost'\] not in data; compute"):
        plots.value_map(world.value_audit)


def test_value_waterfall_goes_from_total_value_to_delivered_value(world):
    import matplotlib.pyplot as plt

    from crmlab import plots

    va = world.value_audit
    ax = plots.value_waterfall(va, weights=value.AUDIT_SCALE)
    assert ax is plt.gca()
    heights = [p.get_height() for p in ax.patches]
    bottoms = [p.get_y() for p in ax.patches]
    assert len(heights) == 10
    ours = value.delivered_value(va[va["supplier"] == "ours"], weights=value.AUDIT_SCALE)
    assert heights[4] == pytest.approx(ours["total_value"].mean())
    assert heights[9] == pytest.approx(ours["delivered_value"].mean())
    assert sum(heights[:4]) == pytest.approx(heights[4])
    assert heights[4] + sum(heights[5:9]) == pytest.approx(heights[9])
    assert bottoms[5] == pytest.approx(heights[4])  # the costs fall from the top of total value
    assert heights[5] == pytest.approx(-0.1 * va.loc[va["supplier"] == "ours",
                                                     "monetary_cost"].mean())
    with pytest.raises(ValueError, match="supplier 'us' not in column 'supplier'"):
        plots.value_waterfall(va, supplier="us")
