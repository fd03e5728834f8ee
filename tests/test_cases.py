"""Case-study generators: reproducibility, shipped files, integrity and recovery of their truth."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import datasets
from crmlab.datasets import (_cases, _io, build_case, list_cases, load_case, make_power_accounts,
                             make_shrimp_farms, make_sme_survey)

SHIPPED = _io.data_dir()


@pytest.fixture(scope="module")
def shrimp():
    return make_shrimp_farms()


@pytest.fixture(scope="module")
def power():
    return make_power_accounts()


@pytest.mark.parametrize("name", list_cases())
def test_rebuild_equals_shipped_files_byte_for_byte(name, tmp_path):
    build_case(name, tmp_path)
    for table in _cases.CASES[name]["tables"]:
        assert (tmp_path / name / f"{table}.csv").read_bytes() == \
            (SHIPPED / name / f"{table}.csv").read_bytes(), table
    assert (tmp_path / name / "truth.json").read_bytes() == (SHIPPED / name / "truth.json").read_bytes()


@pytest.mark.parametrize("name", list_cases())
def test_loaded_case_equals_generated_case(name):
    shipped, made = load_case(name), _cases.CASES[name]["make"]()
    assert list(shipped.tables) == list(made.tables)
    for table in made.tables:
        pd.testing.assert_frame_equal(shipped.tables[table], made.tables[table], obj=table)
    assert shipped.seed == made.seed == 2026


@pytest.mark.parametrize("name", list_cases())
def test_data_card_lists_every_column(name):
    card = (SHIPPED / name / "README.md").read_text(encoding="utf-8")
    generated = card.split(_io.CARD_START)[1].split(_io.CARD_END)[0].strip()
    assert generated == _io.card_columns(load_case(name), _cases.CASES[name]["tables"]).strip()


@pytest.mark.parametrize("make", [make_shrimp_farms, make_power_accounts, make_sme_survey])
def test_seeded_and_different_across_seeds(make):
    a, b, c = make(seed=5), make(seed=5), make(seed=6)
    for table in a.tables:
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])
    assert any(not a.tables[t].equals(c.tables[t]) for t in a.tables)


def test_case_gives_tables_as_attributes(shrimp):
    assert shrimp.farms is shrimp.tables["farms"]
    assert "farms=300" in repr(shrimp)
    with pytest.raises(AttributeError, match="has no table 'orders'"):
        shrimp.orders


# -- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: make_shrimp_farms(0), "n_farms must be between 1 and 50000; got 0"),
    (lambda: make_shrimp_farms(n_years=0), "n_years"),
    (lambda: make_shrimp_farms(start_year=1800), "start_year"),
    (lambda: make_power_accounts(0), "n_accounts"),
    (lambda: make_power_accounts(months=6), "months must be between 12 and 120"),
    (lambda: make_power_accounts(start="January"), "start must be a month"),
    (lambda: make_sme_survey(5), "n_firms must be between 10"),
    (lambda: load_case("shrimp"), r"no case study named 'shrimp'; valid names: \['shrimp_feed'"),
    (lambda: load_case("sme_survey", seed=-2), "seed must be None or a non-negative integer"),
    (lambda: datasets.describe("farms", case="power_accounts"), "has no table 'farms'"),
    (lambda: datasets.describe("farms", case="nope"), "no case study named 'nope'"),
])
def test_bad_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types_are_rejected():
    with pytest.raises(TypeError, match="n_farms must be an integer"):
        make_shrimp_farms(2.5)
    with pytest.raises(TypeError, match="seed"):
        make_power_accounts(seed="x")


# -- integrity ----------------------------------------------------------------------------------

def check_keys(case):
    schema = _cases.CASES[case.name]["tables"]
    for table, spec in schema.items():
        frame = case.tables[table]
        assert list(frame.columns) == [c.name for c in spec["columns"]]
        assert not frame.duplicated(list(spec["key"])).any(), table
        for column, parent in spec.get("parents", {}).items():
            assert frame[column].isin(case.tables[parent][column]).all(), (table, column)


def check_shrimp(case, start_year=2020, n_years=5):
    check_keys(case)
    pur, cyc, sv = case.purchases, case.cycles, case.services
    assert pur["date"].dt.year.between(start_year, start_year + n_years - 1).all()
    assert (pur[["quantity", "list_price", "net_revenue", "cost_of_goods"]] > 0).all().all()
    np.testing.assert_allclose(pur["gross_profit"], pur["net_revenue"] - pur["cost_of_goods"],
                               atol=0.011)
    np.testing.assert_allclose(pur["net_revenue"],
                               pur["quantity"] * pur["list_price"] * (1 - pur["discount"]), atol=0.006)
    keys = ["farm_id", "cycle_id"]
    assert set(map(tuple, cyc[keys].to_numpy())) == set(map(tuple, sv[keys].to_numpy())) == \
        set(map(tuple, pur[keys].drop_duplicates().to_numpy()))
    feed = pur[pur["product"] == "feed"].set_index(keys)["quantity"]
    np.testing.assert_allclose(feed.sort_index(), cyc.set_index(keys)["feed_tonnes"].sort_index())
    assert (sv["bad_debt"][cyc["success"].to_numpy()] == 0).all()
    assert (sv[["technician_visits", "water_tests", "deliveries", "delivery_km", "bad_debt"]] >= 0).all().all()
    scores = case.survey.drop(columns=["farm_id", "year"]).to_numpy()
    assert np.isin(scores, [1, 2, 3, 4, 5]).all()
    first = cyc.groupby("farm_id")["cycle_id"].first()
    assert (case.farms.set_index("farm_id")["first_cycle"] == first.reindex(case.farms["farm_id"])).all()


def test_shrimp_integrity(shrimp):
    check_shrimp(shrimp)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 30), years=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_shrimp_integrity_any_size(n, years, seed):
    case = make_shrimp_farms(n, n_years=years, seed=seed)
    assert len(case.farms) == n
    check_shrimp(case, n_years=years)


def test_power_integrity(power):
    check_keys(power)
    m = power.monthly
    assert (m.groupby("account_id").size() == 36).all()
    assert (m["kwh"] > 0).all()
    np.testing.assert_allclose(m["bill"], m["kwh"] * 0.65, atol=0.006)
    assert ((m["days_late"] == 0) == m["paid_on_time"]).all()
    assert m["month"].min() == pd.Timestamp("2022-01-01") and m["month"].max() == pd.Timestamp("2024-12-01")


def test_sme_integrity():
    r = make_sme_survey().respondents
    check_keys(make_sme_survey())
    routes = r[[c for c in r.columns if c.startswith("route_")]]
    assert routes[r["adopted_crm"]].notna().all().all()
    assert routes[~r["adopted_crm"]].isna().all().all()
    assert routes[r["adopted_crm"]].any(axis=1).all(), "every adopter used a route"
    assert r.loc[r["adopted_crm"], "plans_within_two_years"].isna().all()
    assert r.loc[~r["adopted_crm"], "plans_within_two_years"].notna().all()


# -- recovery of the truth --------------------------------------------------------------------------

def farm_profit(case):
    rates = case.truth["params"]["cost_rates_cny"]
    sv = case.services
    cost = (sv["technician_visits"] * rates["technician_visits"] + sv["water_tests"] * rates["water_tests"]
            + sv["deliveries"] * rates["deliveries"] + sv["delivery_km"] * rates["delivery_km"]
            + sv["bad_debt"]).groupby(sv["farm_id"]).sum()
    farm = case.purchases.groupby("farm_id")[["net_revenue", "gross_profit", "financial_cost"]].sum()
    farm["abc"] = farm["gross_profit"] - farm["financial_cost"] - cost
    overhead = cost.sum() + farm["financial_cost"].sum()
    farm["vbc"] = farm["gross_profit"] - overhead * farm["net_revenue"] / farm["net_revenue"].sum()
    return farm.join(pd.DataFrame(case.truth["farms"]).set_index("farm_id"))


def test_shrimp_story_holds(shrimp):
    farm = farm_profit(shrimp)
    assert (farm["abc"] < 0).mean() > (farm["vbc"] < 0).mean()
    by_solution = farm.groupby("solution")[["net_revenue", "abc"]].mean()
    assert (by_solution.loc["full_solution"] > 1.3 * by_solution.loc["feed_only"]).all()
    trial = farm[farm["trial_buyer"]]
    assert (trial["cycles_bought"] == 1).all() and len(trial) > 0
    revenue = farm["net_revenue"].sort_values(ascending=False)
    assert 0.55 <= revenue.head(len(revenue) // 5).sum() / revenue.sum() <= 0.80


def test_shrimp_success_rates_recovered():
    """Cycle success by mode and solution matches the truth within 4 binomial standard errors."""
    case = make_shrimp_farms(3000, seed=11)
    p = case.truth["params"]
    cyc = case.cycles.merge(case.farms[["farm_id", "farming_mode"]]).merge(
        pd.DataFrame(case.truth["farms"])[["farm_id", "solution"]])
    rates = cyc.groupby(["farming_mode", "solution"], observed=True)["success"].agg(["mean", "size"])
    for (mode, solution), row in rates.iterrows():
        true = min(0.97, p["success_probability"][mode]
                   + p["full_solution_success_lift"] * (solution == "full_solution"))
        se = np.sqrt(true * (1 - true) / row["size"])
        assert abs(row["mean"] - true) < 4 * se, (mode, solution)


def test_power_types_recovered_by_clustering(power):
    """k-means on four engineered features finds the planted key-account types.

    Features per account (segment.consumption_features): log level, yearly growth,
    month-to-month volatility after removing the season, and the on-time share.
    Against the planted labels, the adjusted Rand index is above 0.8 (random labels
    give about 0).
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    from crmlab.segment import consumption_features

    features = consumption_features(power.monthly)[["level", "growth", "volatility",
                                                     "on_time_share"]]
    labels = KMeans(5, n_init=20, random_state=0).fit_predict(StandardScaler().fit_transform(features))
    truth = pd.Series(power.truth["accounts"]["type"], index=power.truth["accounts"]["account_id"])
    assert adjusted_rand_score(truth[features.index], labels) > 0.8
    kwh = power.monthly.groupby("account_id")["kwh"].sum().sort_values(ascending=False)
    assert 0.75 <= kwh.head(len(kwh) // 5).sum() / kwh.sum() <= 0.90


def test_sme_population_shares_are_the_reported_ones():
    """On a large sample every share is within 4 standard errors of the reported value."""
    r = make_sme_survey(40_000, seed=3).respondents
    p = _cases.SME_PARAMS
    adopters, others = r[r["adopted_crm"]], r[~r["adopted_crm"]]
    checks = [(r["main_practice"].eq(k).mean(), v, len(r)) for k, v in p["main_practice"].items()]
    checks += [(r["gives_special_service"].mean(), p["gives_special_service"], len(r))]
    checks += [(adopters[f"route_{k}"].astype(bool).mean(), v, len(adopters))
               for k, v in p["route_among_adopters"].items()]
    checks += [(others["plans_within_two_years"].astype(bool).mean(),
                p["plans_within_two_years_among_non_adopters"], len(others))]
    for observed, reported, n in checks:
        assert abs(observed - reported) < 4 * np.sqrt(reported * (1 - reported) / n), (observed, reported)
    plans = others.groupby("size", observed=True)["plans_within_two_years"].apply(lambda s: s.astype(bool).mean())
    assert plans.is_monotonic_increasing
