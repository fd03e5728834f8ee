"""The synthetic world: reproducibility, shipped files, integrity and recovery of its truth."""
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmlab import datasets
from crmlab.datasets import _io, _schema
from crmlab.datasets import make_world, load, load_world, list_datasets

SHIPPED = _io.data_dir()


@pytest.fixture(scope="module")
def world():
    return make_world()


@pytest.fixture(scope="module")
def shipped():
    return load_world()


def csv_bytes(frame):
    path_free = frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return path_free.encode()


# -- reproducibility and shipped files ------------------------------------------------

def test_rebuild_equals_shipped_files_byte_for_byte(tmp_path):
    datasets.build(tmp_path)
    for name in list_datasets():
        assert (tmp_path / f"{name}.csv").read_bytes() == (SHIPPED / f"{name}.csv").read_bytes(), name
    assert (tmp_path / "truth.json").read_bytes() == (SHIPPED / "truth.json").read_bytes()


def test_archive_matches_csv_row_for_row(shipped):
    for name in list_datasets():
        pd.testing.assert_frame_equal(_io.read_archive_table(name), getattr(shipped, name),
                                      obj=name)


def test_loaded_world_equals_generated_world(world, shipped):
    for name in list_datasets():
        pd.testing.assert_frame_equal(getattr(shipped, name), getattr(world, name), obj=name)
    assert shipped.truth == json.loads(json.dumps(world.truth))
    assert shipped.seed == world.seed == 2026


def test_same_seed_same_bytes_in_another_process():
    code = ("import hashlib; from crmlab.datasets import make_world; w = make_world(80, seed=5); "
            "print(hashlib.sha256(b''.join(t.to_csv(index=False, lineterminator='\\n', "
            "date_format='%Y-%m-%d').encode() for t in w.tables().values())).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""})
    w = make_world(80, seed=5)
    here = hashlib.sha256(b"".join(csv_bytes(t) for t in w.tables().values())).hexdigest()
    assert out.stdout.strip() == here


def test_different_seeds_differ():
    a, b = make_world(50, seed=1), make_world(50, seed=2)
    assert not a.orders["net_revenue"].equals(b.orders["net_revenue"])


def test_generator_seed_is_accepted_and_global_state_untouched():
    state = np.random.get_state()[1].copy()
    w1 = make_world(30, seed=np.random.default_rng(9))
    w2 = make_world(30, seed=np.random.default_rng(9))
    pd.testing.assert_frame_equal(w1.orders, w2.orders)
    assert w1.seed is None
    assert (np.random.get_state()[1] == state).all()


def test_load_applies_dtypes():
    orders = load("orders")
    assert orders["date"].dtype == "datetime64[s]"
    assert orders["category"].dtype == pd.CategoricalDtype(list(_schema.CATEGORIES))
    customers = load("customers")
    assert customers["credit_rating"].cat.ordered
    assert list(load("relationships")["stage"].cat.categories) == list(_schema.STAGES)
    assert load("relationships")["stage"].cat.ordered


def test_connect_is_read_only_and_has_keys():
    with datasets.connect() as con:
        assert con.execute("select count(*) from customers").fetchone()[0] == 600
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            con.execute("delete from customers")
        fks = con.execute("pragma foreign_key_list(orders)").fetchall()
        assert any(row[2] == "customers" for row in fks)
        pk = [row[1] for row in con.execute("pragma table_info(orders)") if row[5] > 0]
        assert pk == ["order_id", "line"]


def test_sql_query_on_archive_agrees_with_pandas(shipped):
    with datasets.connect() as con:
        sql = pd.read_sql_query("select customer_id, sum(net_revenue) as revenue from orders "
                                "group by customer_id order by customer_id", con)
    pandas_sum = shipped.orders.groupby("customer_id")["net_revenue"].sum()
    np.testing.assert_allclose(sql["revenue"].to_numpy(), pandas_sum.to_numpy(), rtol=1e-9)


def test_load_world_other_seed_is_generated_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMLAB_CACHE", str(tmp_path))
    first = load_world(seed=7, n_customers=60)
    assert len(list(tmp_path.glob("world-*-n60-seed7.pkl"))) == 1
    second = load_world(seed=7, n_customers=60)
    pd.testing.assert_frame_equal(first.orders, second.orders)
    pd.testing.assert_frame_equal(first.orders, make_world(60, seed=7).orders)


def test_data_card_lists_every_column(shipped):
    card = (SHIPPED / "README.md").read_text(encoding="utf-8")
    generated = card.split(_io.CARD_START)[1].split(_io.CARD_END)[0].strip()
    assert generated == _io.card_columns(shipped).strip()
    for name in list_datasets():
        for column in _schema.columns(name):
            assert f"| `{column}` |" in card, (name, column)


def test_describe_and_world_helpers(world):
    table = datasets.describe("invoices")
    assert list(table.columns) == ["column", "type", "unit", "meaning"]
    assert table["column"].tolist() == _schema.columns("invoices")
    assert "orders=" in repr(world)
    assert set(world.tables()) == set(list_datasets())
    assert len(world.truth_frame("customers")) == len(world.customers)
    with pytest.raises(ValueError, match="level must be"):
        world.truth_frame("orders")


# -- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    (dict(n_customers=0), "n_customers must be between 1 and 100000; got 0"),
    (dict(n_customers=100_001), "n_customers"),
    (dict(start="2020-01-01", end="2019-01-01"), "end must be after start"),
    (dict(start="2019-13-45"), "start must be a date"),
    (dict(end="soon"), "end must be a date"),
])
def test_make_world_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_world(**kwargs)


@pytest.mark.parametrize("kwargs, error", [
    (dict(n_customers=2.5), TypeError), (dict(n_customers=True), TypeError),
    (dict(seed="abc"), TypeError), (dict(seed=-3), ValueError),
])
def test_make_world_rejects_bad_types(kwargs, error):
    with pytest.raises(error, match="n_customers|seed"):
        make_world(**kwargs)


def test_loaders_reject_unknown_names():
    with pytest.raises(ValueError, match=r"no dataset named 'order'.*'orders'"):
        load("order")
    with pytest.raises(TypeError, match="must be a string"):
        load(pd.DataFrame())
    with pytest.raises(ValueError, match="seed must be None or a non-negative integer"):
        load_world(seed=-1)
    with pytest.raises(ValueError, match="no archive at"):
        datasets.connect("/nonexistent/archive.sqlite")


# -- integrity --------------------------------------------------------------------------------

def check_integrity(w, start="2019-01-01", end="2025-12-31"):
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    ids = set(w.customers["customer_id"])
    for name, frame in w.tables().items():
        key = list(_schema.TABLES[name]["key"])
        assert not frame.duplicated(key).any(), f"duplicate keys in {name}"
        if name != "customers":
            assert set(frame["customer_id"]) <= ids, f"orphan rows in {name}"
        assert list(frame.columns) == _schema.columns(name)
    o, inv, tk = w.orders, w.invoices, w.tickets
    for frame, col in ((o, "date"), (inv, "invoice_date"), (tk, "date")):
        assert frame[col].between(start, end).all(), col
    assert (inv["paid_date"].dropna() <= end).all()
    # money
    assert (o["net_revenue"] > 0).all() and (o["list_price"] > 0).all()
    assert (o["cost_of_goods"] >= 0).all() and (o["quantity"] >= 1).all()
    assert o["discount"].between(0, 0.15).all()
    np.testing.assert_allclose(o["gross_profit"], o["net_revenue"] - o["cost_of_goods"], atol=0.011)
    np.testing.assert_allclose(o["net_revenue"], o["quantity"] * o["list_price"] * (1 - o["discount"]),
                               atol=0.006)
    # one invoice per order, issued on or after the order, for its amount
    per_order = o.groupby("order_id").agg(date=("date", "first"), lines_total=("net_revenue", "sum"),
                                          customer=("customer_id", "first"))
    joined = inv.set_index("order_id").join(per_order, how="outer")
    assert joined["invoice_id"].notna().all() and joined["lines_total"].notna().all()
    assert (joined["invoice_date"] >= joined["date"]).all()
    assert (joined["customer_id"] == joined["customer"]).all()
    np.testing.assert_allclose(joined["amount"], joined["lines_total"], atol=0.011)
    assert ((inv["due_date"] - inv["invoice_date"]).dt.days.isin([30, 60, 90, 120])).all()
    paid = inv.dropna(subset=["paid_date"])
    assert ((paid["paid_date"] - paid["due_date"]).dt.days == paid["days_late"]).all()
    assert (paid["days_late"] >= 0).all()
    # nothing after churn, nothing before the relationship starts
    churn = w.relationships.dropna(subset=["churn_date"]).groupby("customer_id")["churn_date"].first()
    since = w.customers.set_index("customer_id")["customer_since"]
    for frame, col in ((o, "date"), (inv, "invoice_date"), (tk, "date")):
        if frame.empty:
            continue
        c = frame["customer_id"]
        assert (frame[col] >= c.map(since)).all(), col
        if churn.empty:
            continue
        limit = c.map(churn)
        assert (frame[col][limit.notna()] <= limit[limit.notna()]).all(), col
    rel = w.relationships
    assert (rel.groupby("customer_id")["churned"].sum() <= 1).all()
    last = rel.groupby("customer_id")["year"].max()
    churned = rel[rel["churned"]]
    assert (churned["year"].to_numpy() == last[churned["customer_id"]].to_numpy()).all()
    assert (rel["churned"] == (rel["churn_date"].dt.year == rel["year"])).all()
    # survey answers are 1-7 Likert or missing
    items = [i for items in _schema.CONSTRUCTS.values() for i in items]
    extra = [f"{p}_{a}" for p in ("importance", "expected", "perceived") for a in _schema.ATTRIBUTES]
    answers = w.survey[items + extra].to_numpy()
    present = answers[~np.isnan(answers)]
    assert np.isin(present, np.arange(1, 8)).all()
    contacts = w.contacts.set_index("contact_id")["customer_id"]
    assert (w.survey["contact_id"].map(contacts) == w.survey["customer_id"]).all()
    # activities agree with the order book
    o_year = o.assign(year=o["date"].dt.year).drop_duplicates("order_id")
    counts = o_year.groupby(["customer_id", "year"]).agg(orders=("order_id", "size"),
                                                           rush=("rush", "sum"))
    act = w.activities.set_index(["customer_id", "year"])
    assert set(counts.index) <= set(act.index)
    assert (act["orders"] == counts["orders"].reindex(act.index, fill_value=0)).all()
    assert (act["rush_orders"] == counts["rush"].reindex(act.index, fill_value=0)).all()
    assert (act["deliveries"] >= act["orders"]).all() and (act["support_hours"] >= 0).all()
    # value audit: four suppliers per customer-year, shares sum to one, one main supplier
    va = w.value_audit.groupby(["customer_id", "year"])
    assert (va.size() == 4).all()
    np.testing.assert_allclose(va["share_of_wallet"].sum(), 1, atol=5e-4)
    assert (va["chosen"].sum() == 1).all()
    assert set(w.value_audit.groupby(["customer_id", "year"]).groups) == \
        set(w.survey.groupby(["customer_id", "year"]).groups)


def test_default_world_integrity(world):
    check_integrity(world)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 40), seed=st.integers(0, 2**32 - 1),
       days=st.integers(40, 3000))
def test_integrity_holds_for_any_size_seed_and_window(n, seed, days):
    start = pd.Timestamp("2020-03-15")
    end = start + pd.Timedelta(days=days)
    w = make_world(n, start=start, end=end, seed=seed)
    assert len(w.customers) == n
    check_integrity(w, start, end)


# -- the story: magnitudes and recovery of truth ----------------------------------------------

def top_share(orders, share=0.2):
    revenue = orders.groupby("customer_id")["net_revenue"].sum().sort_values(ascending=False)
    k = int(np.ceil(share * len(revenue)))
    return revenue.iloc[:k].sum() / revenue.sum()


def test_pareto_share_of_top_fifth(world):
    assert 0.70 <= top_share(world.orders) <= 0.85


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pareto_share_holds_for_other_seeds(seed):
    assert 0.70 <= top_share(make_world(600, seed=seed).orders) <= 0.85


def test_gross_margin_by_category_in_stated_ranges(world):
    o = world.orders
    margin = o.groupby("category", observed=True).apply(
        lambda d: d["gross_profit"].sum() / d["net_revenue"].sum(), include_groups=False)
    ranges = {"raw_materials": (0.05, 0.15), "equipment": (0.25, 0.40), "assemblies": (0.20, 0.35),
              "components": (0.20, 0.35), "consumables": (0.25, 0.45), "services": (0.40, 0.60)}
    for category, (low, high) in ranges.items():
        assert low <= margin[category] <= high, category


def test_yearly_churn_in_industrial_range(world):
    rate = world.relationships.groupby("year")["churned"].mean()
    assert 0.05 <= rate.mean() <= 0.15


def test_order_volume_follows_true_lifecycle_stage(world):
    """Mean yearly revenue per full customer-year, by the true stage, is ordered as the truth says."""
    o = world.orders.assign(year=world.orders["date"].dt.year)
    revenue = o.groupby(["customer_id", "year"])["net_revenue"].sum()
    rel = world.relationships.set_index(["customer_id", "year"])
    full = rel[~rel["churned"]].join(revenue, how="left").fillna({"net_revenue": 0})
    since = world.customers.set_index("customer_id")["customer_since"].dt.year
    full = full[full.index.get_level_values("year") > since.reindex(
        full.index.get_level_values("customer_id")).to_numpy()]
    # ratio of a customer's revenue to its own mature level removes the spread in potential
    by_stage = full.groupby("stage", observed=True)["net_revenue"].mean()
    truth = world.truth["params"]["lifecycle"]["stage_volume"]
    assert by_stage["initial"] < by_stage["development"] < by_stage["mature"]
    assert by_stage["decline"] < by_stage["mature"]
    assert list(pd.Series(truth)[["initial", "development", "mature"]].sort_values().index) == \
        ["initial", "development", "mature"]


def test_churn_higher_with_competitor_offer_and_in_decline(world):
    rel = world.relationships
    assert rel.loc[rel["competitor_offer"], "churned"].mean() > \
        1.5 * rel.loc[~rel["competitor_offer"], "churned"].mean()
    by_stage = rel.groupby("stage", observed=True)["churned"].mean()
    assert by_stage["decline"] > by_stage["mature"]


def test_days_late_rise_as_credit_weakens(world):
    inv = world.invoices.merge(world.customers[["customer_id", "credit_rating"]])
    mean_late = inv.groupby("credit_rating", observed=True)["days_late"].mean()
    assert mean_late.is_monotonic_decreasing
    weak = inv[inv["credit_rating"] == "B"]["days_late"].dropna()
    strong = inv[inv["credit_rating"].isin(["A", "AA", "AAA"])]["days_late"].dropna()
    assert (strong <= 10).mean() > 0.85 and weak.median() >= 20


def test_choice_weights_recovered_by_conditional_logit(world):
    """A conditional logit on the value audit recovers the true choice weights.

    About 1,000 choice sets of four suppliers: each weight is within four standard
    errors of the truth, and the signs of all eight agree.
    """
    from statsmodels.discrete.conditional_models import ConditionalLogit

    va = world.value_audit
    parts = list(world.truth["params"]["choice"]["weights"])
    group = va["customer_id"] + "-" + va["year"].astype(str)
    res = ConditionalLogit(va["chosen"].astype(float), va[parts].astype(float),
                           groups=pd.factorize(group)[0]).fit(disp=False)
    truth = pd.Series(world.truth["params"]["choice"]["weights"])
    z = (res.params - truth) / res.bse
    assert (np.abs(z) < 4).all(), z
    assert (np.sign(res.params) == np.sign(truth)).all()


def test_survey_items_measure_their_true_latents(world):
    cy = world.truth_frame("customer_years").set_index(["customer_id", "year"])
    s = world.survey.join(cy, on=["customer_id", "year"])
    score = s[list(_schema.CONSTRUCTS["satisfaction"])].mean(axis=1)
    assert np.corrcoef(score.dropna(), s.loc[score.notna(), "satisfaction"])[0, 1] > 0.6
    loyal = s[list(_schema.CONSTRUCTS["loyalty"])].mean(axis=1)
    assert np.corrcoef(loyal.dropna(), s.loc[loyal.notna(), "loyalty"])[0, 1] > 0.6
    items = s[[i for v in _schema.CONSTRUCTS.values() for i in v]]
    assert 4.5 <= np.nanmean(items.to_numpy()) <= 5.5
    assert 0.02 <= items.isna().to_numpy().mean() <= 0.04


def test_some_high_revenue_customers_are_unprofitable_after_cost_to_serve(world):
    rates = world.truth["params"]["activities"]["cost_rates_cny"]
    cost = sum(world.activities[k] * v for k, v in rates.items())
    cts = cost.groupby(world.activities["customer_id"]).sum()
    o = world.orders.groupby("customer_id")[["net_revenue", "gross_profit", "financial_cost"]].sum()
    profit = o["gross_profit"] - o["financial_cost"] - cts.reindex(o.index, fill_value=0)
    top = o["net_revenue"].rank(ascending=False) <= 0.2 * len(o)
    assert (profit[top] < 0).sum() >= 1
    assert 0.05 <= (profit < 0).mean() <= 0.35


# --------------------------------------------------------------------------------------------
# Published data sets shipped for lesson 10 (real data; their cards give source and terms)
# --------------------------------------------------------------------------------------------
PUBLISHED = {"cdnow/orders.csv":
             "a61f34210a5159edef1e94d9b9d45bc4c056e99e4ef1363df5549e4360a54dd0",
             "ecsi_mobi/ecsi_mobi.csv":
             "3b570b477b75af1b0593d8538cd0566e89c01c5bef6a0857cfdb6264d7a96894",
             "ecsi_mobi/smartpls_paths.csv":
             "debec4786e0542d2479cb1fffaec198850b0cc7ff09df2f6f876bb6fc2888d9b"}
TESTS_DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name, sha", PUBLISHED.items())
def test_published_data_sets_are_shipped_unchanged_with_a_card(name, sha):
    path = SHIPPED / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    card = (path.parent / "README.md").read_text(encoding="utf-8")
    assert "## Source and terms" in card and sha in card
    assert f"`{name.split('/')[0]}/`" in (SHIPPED / "README.md").read_text(encoding="utf-8")


def test_ecsi_copy_is_the_tested_reference():
    for shipped_name, tested in (("ecsi_mobi.csv", "ecsi_mobi.csv"),
                                 ("smartpls_paths.csv", "smartpls_ecsi_paths.csv")):
        assert (SHIPPED / "ecsi_mobi" / shipped_name).read_bytes() == \
            (TESTS_DATA / "satisfaction" / tested).read_bytes()


def test_cdnow_export_gives_the_published_summary_and_bgnbd():
    """The export, read as a firm's archive, gives Hardie's 39-week summary customer for
    customer (Lifetimes' copy, tests/data/lifecycle) and the BG/NBD of Fader, Hardie & Lee
    (2005, Marketing Science 24(2), p. 280: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426)."""
    from crmlab import lifecycle
    world = datasets.read_archive(SHIPPED / "cdnow", columns={"orders": {
        "Customer ID": "customer_id", "Order Date": "date", "CDs": "quantity",
        "Amount (USD)": "net_revenue"}})
    assert len(world.orders) == 6919 and world.report.refused.empty
    summary = lifecycle.rfm_summary(world.orders, "1997-09-30", freq="D")
    # Hardie's sample ids number the customers in the order of the file
    ids = pd.unique(world.orders["customer_id"])
    summary = summary.loc[ids]
    published = pd.read_csv(TESTS_DATA / "lifecycle" / "cdnow_summary.csv")
    np.testing.assert_array_equal(summary["frequency"], published["x"])
    np.testing.assert_allclose(summary["recency"] / 7, published["t_x"], atol=0.005)
    np.testing.assert_allclose(summary["T"] / 7, published["T"], atol=0.005)
    np.testing.assert_allclose(summary["monetary"], published["zbar"], atol=0.005)
    fit = lifecycle.fit_bgnbd(summary["frequency"], summary["recency"] / 7, summary["T"] / 7)
    np.testing.assert_allclose(fit.params[["r", "alpha", "a", "b"]],
                               [0.243, 4.414, 0.793, 2.426], atol=6e-4)
