"""Key-account management: KPIs checked by hand, key-account rules, receivables early warning."""
import numpy as np
import pandas as pd
import pytest

from crmlab import kam
from crmlab.datasets import load_world, make_world


@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.fixture(scope="module")
def small():
    return make_world(80, seed=3)


def test_kpis_by_hand(small):
    """Every KPI of one account manager, recomputed line by line for 2024."""
    kpis = kam.kam_kpis(small, period=2024)
    manager = kpis.index[0]
    ids = set(small.customers.loc[small.customers["account_manager"] == manager, "customer_id"])
    o = small.orders[small.orders["customer_id"].isin(ids)]
    now = o[o["date"].dt.year == 2024]
    before = o[o["date"].dt.year == 2023]
    row = kpis.loc[manager]
    assert row["sales"] == pytest.approx(now["net_revenue"].sum())
    assert row["profit_margin"] == pytest.approx(now["gross_profit"].sum() / now["net_revenue"].sum())
    assert row["sales_growth"] == pytest.approx(now["net_revenue"].sum() / before["net_revenue"].sum() - 1)
    buyers_before = set(before["customer_id"])
    buyers_now = set(now["customer_id"])
    assert row["retention_rate"] == pytest.approx(len(buyers_before & buyers_now) / len(buyers_before))
    assert row["accounts"] == len(buyers_now)
    orders = now.drop_duplicates("order_id")
    assert row["on_time_rate"] == pytest.approx(orders["on_time"].mean())
    won = small.customers[small.customers["customer_id"].isin(ids)
                          & (small.customers["customer_since"].dt.year == 2024)]
    assert row["acquisition_rate"] == pytest.approx(len(won) / len(buyers_before))
    s_now = now.groupby("customer_id")["net_revenue"].sum()
    s_before = before.groupby("customer_id")["net_revenue"].sum()
    err = sum(abs(s_now.get(c, 0.0) - s_before[c]) for c in buyers_before)
    assert row["forecast_accuracy"] == pytest.approx(1 - err / sum(s_now.get(c, 0.0) for c in buyers_before))
    survey = small.survey[small.survey["customer_id"].isin(ids) & (small.survey["year"] == 2024)]
    assert row["satisfaction"] == pytest.approx(survey[["satis_1", "satis_2", "satis_3"]].mean(axis=1).mean())
    va = small.value_audit
    ours = va[(va["supplier"] == "ours") & va["customer_id"].isin(ids) & (va["year"] == 2024)]
    assert row["share_of_wallet"] == pytest.approx(ours["share_of_wallet"].mean())


def test_receivables_turnover_by_hand(small):
    inv = small.invoices
    kpis = kam.kam_kpis(small, by=None, period=2024)
    dates = [pd.Timestamp("2023-12-31")] + list(pd.date_range("2024-01-01", "2024-12-31", freq="ME"))
    balances = [inv.loc[(inv["invoice_date"] <= d) & (inv["paid_date"].isna() | (inv["paid_date"] > d)),
                        "amount"].sum() for d in dates]
    sales = small.orders.loc[small.orders["date"].dt.year == 2024, "net_revenue"].sum()
    assert kpis.loc["all", "receivables_turnover"] == pytest.approx(sales / np.mean(balances))


def test_groupings_add_up(world):
    by_manager = kam.kam_kpis(world, period=2023)
    company = kam.kam_kpis(world, by=None, period=2023)
    per_account = kam.kam_kpis(world, by="customer_id", period=2023)
    assert by_manager["sales"].sum() == pytest.approx(company.loc["all", "sales"])
    assert per_account["sales"].sum() == pytest.approx(company.loc["all", "sales"])
    assert by_manager["accounts"].sum() == company.loc["all", "accounts"]
    flag = pd.Series(world.customers["industry"].eq("energy").to_numpy(),
                     index=world.customers["customer_id"], name="energy")
    two = kam.kam_kpis(world, by=flag, period=2023)
    assert list(two.index) == [False, True] and two.index.name == "energy"
    assert two["sales"].sum() == pytest.approx(company.loc["all", "sales"])
    ranges = {"profit_margin": (0, 1), "retention_rate": (0, 1), "on_time_rate": (0, 1),
              "share_of_wallet": (0, 1), "satisfaction": (1, 7)}
    for column, (low, high) in ranges.items():
        assert by_manager[column].between(low, high).all(), column


def test_period_as_dates_equals_year(world):
    a = kam.kam_kpis(world, by=None, period=2022)
    b = kam.kam_kpis(world, by=None, period=("2022-01-01", "2022-12-31"))
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("kwargs, match", [
    (dict(by="region_code"), "by must be None, 'customer_id', a column"),
    (dict(period=1990), "outside the order book"),
    (dict(period="2024"), "period must be a year"),
    (dict(period=("2024-06-01", "2024-01-01")), "ends before it starts"),
    (dict(by=pd.Series({"C000001": "x"})), "by must give a group for every customer_id"),
])
def test_kpis_reject_bad_input(world, kwargs, match):
    with pytest.raises(ValueError, match=match):
        kam.kam_kpis(world, **kwargs)


def test_kpis_need_a_world():
    with pytest.raises(TypeError, match="world must be a crmlab World"):
        kam.kam_kpis(pd.DataFrame())


def test_key_account_rules(world):
    ka = kam.key_accounts(world, period=2024)
    rules = ka[["often", "volume", "good_margin", "loyal"]]
    assert (ka["seed_key_account"] == rules.all(axis=1)).all()
    assert (ka.loc[ka["often"], "orders"] >= ka.loc[~ka["often"], "orders"].max()).all()
    pareto = ka[ka["pareto_key_account"]]
    assert pareto["sales"].sum() / ka["sales"].sum() >= 0.8
    assert (pareto["sales"].sum() - pareto["sales"].min()) / ka["sales"].sum() < 0.8
    assert pareto["sales"].min() >= ka.loc[~ka["pareto_key_account"], "sales"].max()
    # the seed definition is stricter and favours margin and loyalty over size
    assert ka["seed_key_account"].sum() < ka["pareto_key_account"].sum()
    assert ka.loc[ka["seed_key_account"], "gross_margin"].median() > \
        ka.loc[ka["pareto_key_account"], "gross_margin"].median()


@pytest.mark.parametrize("kwargs, match", [
    (dict(quantile=1.5), "quantile"), (dict(loyal_years=-1), "loyal_years"),
    (dict(pareto_share=2), "pareto_share"),
])
def test_key_accounts_reject_bad_input(world, kwargs, match):
    with pytest.raises(ValueError, match=match):
        kam.key_accounts(world, **kwargs)


def test_payment_panel_uses_no_future_information(small):
    """Changing what happens after a quarter's start leaves that quarter's features unchanged."""
    panel = kam.payment_panel(small)
    q = panel["quarter"].drop_duplicates().sort_values().iloc[3]
    inv = small.invoices.copy()
    after = inv["paid_date"] >= q
    inv.loc[after, "days_late"] = inv.loc[after, "days_late"] + 500
    inv.loc[after, "paid_date"] = inv.loc[after, "paid_date"] + pd.Timedelta(days=500)
    changed = type(small)(**{**small.tables(), "invoices": inv}, truth=small.truth, seed=small.seed)
    features = list(kam.FEATURES)
    before = panel[panel["quarter"] == q].set_index("customer_id")[features]
    later = kam.payment_panel(changed)
    again = later[later["quarter"] == q].set_index("customer_id")[features]
    pd.testing.assert_frame_equal(before, again.loc[before.index])


def test_payment_warning_finds_late_payers(world):
    """Days late are driven by credit rating and firm health, so the warning ranks well.

    The world draws days late with mean 1.5 (AAA) to 45 days (B); an AUC above 0.85
    on the 2024-2025 hold-out quarters says the model recovers that ordering.
    """
    res = kam.fit_payment_warning(world, split="2024-01-01")
    assert res.auc > 0.85
    assert res.params["credit_score"] < 0
    assert res.gains["captured"].iloc[-1] == pytest.approx(1.0)
    assert res.gains["share_late"].iloc[0] > 3 * res.base_rate
    top = res.warning_list(top=5)
    assert len(top) == 5 and top["risk"].is_monotonic_decreasing
    assert set(res.scored["quarter"]) >= {pd.Timestamp("2024-01-01")}
    assert res.scored["quarter"].min() >= pd.Timestamp("2024-01-01")


def test_payment_warning_rejects_bad_input(world):
    with pytest.raises(ValueError, match="must leave quarters"):
        kam.fit_payment_warning(world, split="2030-01-01")
    with pytest.raises(ValueError, match="late_days must be a positive integer"):
        kam.payment_panel(world, late_days=0)
    res = kam.fit_payment_warning(world)
    with pytest.raises(ValueError, match="not a hold-out quarter"):
        res.warning_list("2019-01-01")
