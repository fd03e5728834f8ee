"""Every function that takes a world, on a firm's own archive (issue 15).

- WORLD_FUNCTIONS lists every public crmlab function whose first argument is ``world``,
  with the tables it needs; a guard fails when a new one is not listed.
- On an archive holding only those tables (and no truth) each gives the same result as on
  the whole archive, less what its optional tables add; without any one of them it raises
  a ValueError naming itself and the table.
- Round trip: the shipped world written to a CSV folder, an Excel workbook and SQLite
  under Chinese headers, read back, gives identical results from every world function.
"""
from __future__ import annotations

import importlib
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab import identify, kam, lifecycle, satisfaction, segment, value
from crmlab.datasets import World, load_world, read_archive, write_archive

from test_archive import CHINESE

ASOF = "2025-12-31"
MODULES = ("identify", "segment", "value", "satisfaction", "lifecycle", "kam", "survey",
           "plots", "report", "teach", "datasets")


@pytest.fixture(scope="module")
def shipped():
    return load_world()


@pytest.fixture(scope="module")
def rates(shipped):
    """The firm's costing study: here the world's true activity cost rates."""
    return dict(shipped.truth["params"]["activities"]["cost_rates_cny"])


# name: (tables needed, call(world, rates)). Functions that compare with the truth take
# cost rates (a costing study) on an archive without it; ``true_paths`` reads only the truth.
# Optional tables add columns where the archive has them:
OPTIONAL = {"identify.customer_archive": {"customers", "contacts", "invoices", "survey", "tickets"},
            "lifecycle.churn_episodes": {"survey", "tickets"}}
WORLD_FUNCTIONS = {
    "identify.customer_archive": (
        {"orders"}, lambda w, r: identify.customer_archive(w, asof=ASOF)),
    "identify.customer_profit": (
        {"customers", "orders", "activities"}, lambda w, r: identify.customer_profit(w, cost_rates=r)),
    "segment.customer_features": (
        {"customers", "orders", "activities"}, lambda w, r: segment.customer_features(w)),
    "segment.customer_profitability": (
        {"orders", "activities"}, lambda w, r: segment.customer_profitability(w, rates=r)),
    "segment.compare_costing": (
        {"orders", "activities"}, lambda w, r: segment.compare_costing(w, rates=r)),
    "value.share_of_wallet": (
        {"orders", "value_audit"}, lambda w, r: value.share_of_wallet(w)),
    "value.service_economics": (
        {"orders", "activities"}, lambda w, r: value.service_economics(w, cost_rates=r)),
    "value.service_response": (
        {"customers", "activities", "value_audit", "relationships"},
        lambda w, r: value.service_response(w, cost_rates=r)),
    "satisfaction.satisfaction_to_behaviour": (
        {"orders", "survey", "value_audit", "relationships"},
        lambda w, r: satisfaction.satisfaction_to_behaviour(w)),
    "satisfaction.complaint_panel": (
        {"customers", "tickets", "survey", "relationships"},
        lambda w, r: satisfaction.complaint_panel(w)),
    "lifecycle.churn_episodes": (
        {"customers", "relationships"}, lambda w, r: lifecycle.churn_episodes(w)),
    "lifecycle.churn_features": (
        {"customers", "orders", "invoices", "tickets", "survey", "relationships"},
        lambda w, r: lifecycle.churn_features(w)),
    "kam.kam_kpis": (
        {"customers", "orders", "invoices", "survey", "value_audit"},
        lambda w, r: kam.kam_kpis(w)),
    "kam.key_accounts": ({"customers", "orders"}, lambda w, r: kam.key_accounts(w)),
    "kam.payment_panel": (
        {"customers", "orders", "invoices"}, lambda w, r: kam.payment_panel(w)),
    "kam.fit_payment_warning": (
        {"customers", "orders", "invoices"}, lambda w, r: kam.fit_payment_warning(w)),
    "kam.warning_signals": (
        {"customers", "orders", "invoices", "tickets", "survey", "relationships"},
        lambda w, r: kam.warning_signals(w, 2024)),
    "kam.warning_outcomes": (
        {"customers", "orders", "invoices", "tickets", "survey", "relationships"},
        lambda w, r: kam.warning_outcomes(w, 2024)),
}
#: Functions that exist to compare with the truth, and so need a world made by crmlab.
TRUTH_ONLY = {"satisfaction.true_paths": lambda w: satisfaction.true_paths(w)}
#: Functions that take a world but analyse nothing: writing it out is tested in test_archive.
NOT_ANALYSES = {"datasets.write_archive"}


def run(name, world, rates):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return WORLD_FUNCTIONS[name][1](world, rates)


def comparable(result):
    """What two results must share: the frame, or a result object's numbers and tables."""
    if isinstance(result, (pd.DataFrame, pd.Series)):
        return result
    fields = {k: v for k, v in vars(result).items()
              if isinstance(v, (pd.DataFrame, pd.Series, float, int, str, np.ndarray))}
    return fields


def assert_same(a, b, name):
    a, b = comparable(a), comparable(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=name)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=name)
    else:
        assert a.keys() == b.keys(), name
        for key in a:
            if isinstance(a[key], pd.DataFrame):
                pd.testing.assert_frame_equal(a[key], b[key], obj=f"{name}.{key}")
            elif isinstance(a[key], pd.Series):
                pd.testing.assert_series_equal(a[key], b[key], obj=f"{name}.{key}")
            else:
                np.testing.assert_array_equal(a[key], b[key], err_msg=f"{name}.{key}")


def test_every_world_function_is_listed():
    found = set()
    for module_name in MODULES:
        module = importlib.import_module(f"crmlab.{module_name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                params = list(inspect.signature(obj).parameters)
                if params and params[0] == "world":
                    found.add(f"{module_name}.{name}")
    assert found == set(WORLD_FUNCTIONS) | set(TRUTH_ONLY) | NOT_ANALYSES


def archive(world, tables):
    """A firm's archive (no truth) holding these tables of the world."""
    return World.from_tables(**{t: world.tables()[t] for t in tables})


@pytest.fixture(scope="module")
def whole(shipped, rates):
    """Each function's result on the whole archive, without the truth."""
    own = archive(shipped, shipped.tables())
    return {name: run(name, own, rates) for name in WORLD_FUNCTIONS}


@pytest.mark.parametrize("name", sorted(WORLD_FUNCTIONS))
def test_runs_on_an_archive_of_only_its_tables(shipped, rates, whole, name):
    needed, optional = WORLD_FUNCTIONS[name][0], OPTIONAL.get(name, set())
    assert_same(run(name, archive(shipped, needed | optional), rates), whole[name], name)
    result = run(name, archive(shipped, needed), rates)
    if optional:  # what the needed tables give is what the whole archive gives
        full = whole[name]
        assert set(result.columns) < set(full.columns)
        columns = list(result.columns)
        if name == "identify.customer_archive":
            # without a customers table: the customers with orders, who start with the first
            full = full.loc[result.index]
            pd.testing.assert_series_equal(result["customer_since"], result["first_order"],
                                           check_names=False)
            columns = [c for c in columns if c not in ("customer_since", "tenure_years")]
        pd.testing.assert_frame_equal(result[columns], full[columns], obj=name)
    else:
        assert_same(result, whole[name], name)


@pytest.mark.parametrize("name, table", [(n, t) for n in sorted(WORLD_FUNCTIONS)
                                          for t in sorted(WORLD_FUNCTIONS[n][0])])
def test_fails_clearly_without_a_table_it_needs(shipped, rates, name, table):
    others = WORLD_FUNCTIONS[name][0] - {table}
    own = archive(shipped, others or {"activities"})  # an archive must hold some table
    with pytest.raises(ValueError, match=rf"{name.split('.')[1]}: world\.{table} must be"):
        run(name, own, rates)


def test_the_truth_adds_only_what_compares_with_it(shipped, rates, whole):
    episodes = run("lifecycle.churn_episodes", shipped, rates)
    assert set(episodes.columns) - set(whole["lifecycle.churn_episodes"].columns) == {
        "segment", "satisfaction", "complaint"}
    response = run("value.service_response", shipped, rates)
    assert whole["value.service_response"].true_slope is None and response.true_slope > 0
    assert response.slope == whole["value.service_response"].slope


def test_truth_only_functions_say_so(shipped):
    own = World.from_tables(**shipped.tables())
    for name, call in TRUTH_ONLY.items():
        call(shipped)
        with pytest.raises(ValueError, match=rf"{name.split('.')[1]}: world\.truth must hold"):
            call(own)


def test_truth_rates_are_refused_without_truth(shipped):
    own = World.from_tables(**shipped.tables())
    for call in (value.service_economics, value.service_response):
        with pytest.raises(ValueError, match="cost_rates must be given for a world without truth"):
            call(own)
    with pytest.raises(TypeError, match="service_economics: cost_rates must be a mapping"):
        value.service_economics(own, cost_rates=[1, 2])
    with pytest.raises(ValueError, match=r"service_response: cost_rates lacks \['proactive_hours'\]"):
        value.service_response(own, cost_rates={"visits": 1000})
    with pytest.raises(ValueError, match="service_economics: cost_rates\\['visits'\\]"):
        value.service_economics(own, cost_rates={"visits": -1, "support_hours": 1,
                                                 "proactive_hours": 1})


@pytest.fixture(scope="module", params=["csv", "excel", "sqlite"])
def read_back(shipped, tmp_path_factory, request):
    name = {"csv": "archive", "excel": "archive.xlsx", "sqlite": "archive.sqlite"}
    path = tmp_path_factory.mktemp(request.param) / name[request.param]
    write_archive(shipped, path, request.param, columns=CHINESE)
    return read_archive(path, columns=CHINESE)


@pytest.mark.parametrize("name", sorted(WORLD_FUNCTIONS))
def test_round_trip_gives_identical_results(rates, whole, read_back, name):
    assert read_back.truth is None
    assert_same(run(name, read_back, rates), whole[name], name)
