"""Every public function answers bad input clearly.

The functions are found by introspection (each module in ``crmlab.__all__``, each
function in its ``__all__``), so a new function is covered without anyone remembering.
Each is fed bad input in its first (data) argument, the other required arguments taken
from ``VALID`` below: an empty frame, a frame with wrong columns, None, a string and an
all-NaN frame. Where the first argument is a frame of known shape (``SHAPES``), that
frame is also given with no rows, with every value missing, with infinite values or text
in a numeric column, with duplicate keys and with dates given as integers. Functions
that take a ``world`` are also given a World without the columns they read, without
tables and without truth.

A refusal is a ``ValueError`` or ``TypeError`` raised in crmlab's own code, whose message
starts with the function's name; nothing is silently dropped, coerced or returned.
``ALLOWED`` names the few inputs a function may accept, each with its reason.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import datasets

CRMLAB_DIR = Path(crmlab.__file__).resolve().parent


def _public_functions() -> dict[str, object]:
    found = {}
    for module_name in crmlab.__all__:
        if module_name == "__version__":
            continue
        module = importlib.import_module(f"crmlab.{module_name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found[f"{module_name}.{name}"] = obj
    return found


FUNCTIONS = _public_functions()
# Functions without a parameter cannot be given bad input.
TAKES_INPUT = {name: f for name, f in FUNCTIONS.items()
               if inspect.signature(f).parameters}

# Inputs a function may accept, each with its reason: {function: {input: reason}}.
ALLOWED = {
    "datasets.build": {"a string": "writes the world to the folder it is given "
                                   "(not called here: it would write one)",
                       "None": "out=None rebuilds the shipped datasets/ folder "
                               "(not called here: it would rewrite it)"},
    "datasets.connect": {"None": "path=None opens the shipped archive"},
    "datasets.load_world": {"None": "seed=None is the shipped world"},
    "teach.exercises": {"None": "lesson=None lists the exercises of every lesson"},
    "teach.main": {"None": "argv=None reads the command line, like argparse "
                           "(not called here: it would read pytest's)"},
    "glossary.lookup": {"a string": "any text is a query; no match is an empty table"},
    "report.table": {"a frame with wrong columns": "any frame with rows and values is a table"},
    "report.format_number": {"None": "a missing value prints as a dash, as in APA tables"},
    "report.format_p": {"None": "a missing p-value prints as a dash, as in APA tables"},
    "report.stars": {"None": "a missing p-value gets no stars"},
    "datasets.own_data_schema": {"None": "table=None gives the schema of every table"},
    "teach.student_seed": {"a string": "any text is a student id"},
}

# Functions whose first argument is a path: a string is a path, and a missing file raises
# FileNotFoundError (an OSError, as open() does), also a clear refusal.
PATH_ERRORS = {"teach.make_student_copy": (FileNotFoundError,),
               "teach.make_student_copies": (FileNotFoundError,),
               "teach.assign": (FileNotFoundError,),
               "teach.grade": (FileNotFoundError,)}


# --------------------------------------------------------------------------------------------
# Valid calls: the first argument is the one spoiled; the rest stay as given here.
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    return datasets.load_world()


def _archive(w):
    from crmlab import identify
    return identify.customer_archive(w).head(40)


def _criteria():
    return {"revenue_12m": (0.6, "benefit"), "mean_days_late": (0.4, "cost")}


def _scores(w):
    from crmlab import identify
    archive = _archive(w)
    return pd.DataFrame({
        "weighted": identify.score_customers(archive, _criteria())["score"],
        "revenue": archive["revenue_12m"]})


def _survey(w):
    return w.survey.head(200).reset_index(drop=True)


def _monthly():
    months = pd.date_range("2022-01-01", periods=36, freq="MS")
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "account_id": np.repeat(["A", "B", "C", "D"], len(months)),
        "month": np.tile(months, 4),
        "kwh": rng.uniform(100, 200, 4 * len(months)),
        "paid_on_time": rng.uniform(size=4 * len(months)) < 0.8,
        "days_late": rng.choice([0, 0, 10, 45], 4 * len(months)).astype(float),
        "bill": rng.uniform(50, 100, 4 * len(months))})


def _purchases():
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "c", "d"],
        "cycle_id": ["2020-1", "2022-1", "2021-1", "2020-1", "2021-2", "2022-2"],
        "date": pd.to_datetime(["2020-03-01", "2022-03-01", "2021-03-01", "2020-04-01",
                                "2021-09-01", "2022-09-01"])})


def _warning_signals():
    return pd.DataFrame({"account_manager": ["AM1", "AM1", "AM2"], "customer_id": ["a", "b", "c"],
                         "churn_risk": [0.2, 0.6, 0.1], "competitor_offer": [0.0, 0.3, 0.0]})


def _complaint_panel(w):
    from crmlab import satisfaction
    return satisfaction.complaint_panel(w)


def _grades():
    return pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
                         "year": [1, 2, 1, 2, 1, 2],
                         "grade": ["A", "B", "B", "B", "C", "A"]})


def _episodes(w):
    from crmlab import lifecycle
    return lifecycle.churn_episodes(w).head(300)


def _churn_panel(w):
    from crmlab import lifecycle
    return lifecycle.churn_features(w).iloc[::4]


def _orders(w):
    return w.orders.iloc[::60]


ACSI_ITEMS = {"expectation": ["expect_1", "expect_2", "expect_3"],
              "quality": ["product_1", "product_2", "product_3"],
              "satisfaction": ["satis_1", "satis_2", "satis_3"]}
ACSI_PATHS = [("expectation", "quality"), ("expectation", "satisfaction"),
              ("quality", "satisfaction")]

def _rfm(w):
    from crmlab import segment
    return segment.rfm(_orders(w), "2026-01-01")


def _rfm_scores(w):
    from crmlab import segment
    return segment.rfm_scores(_rfm(w))


def _bgnbd():
    return FUNCTIONS["lifecycle.fit_bgnbd"]([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28],
                                            [30, 30, 30, 25, 25, 30])


def _call_valid(name, w):
    args, kwargs = VALID[name](w)
    return FUNCTIONS[name](*args, **kwargs)


# function -> world -> (args, kwargs) of a valid call
VALID = {
    "datasets.make_world": lambda w: ((60,), {"seed": 1}),
    "datasets.make_kano_survey": lambda w: ((50,), {"seed": 1}),
    "datasets.load": lambda w: (("orders",), {}),
    "identify.pareto_table": lambda w: ((w.orders.head(200), "net_revenue"), {}),
    "identify.abc_classes": lambda w: ((w.orders.head(200), "net_revenue"), {}),
    "identify.ahp_weights": lambda w: (([[1, 3], [1 / 3, 1]],), {}),
    "identify.entropy_weights": lambda w: (
        (_archive(w), ["revenue_12m", "mean_days_late"], "benefit"), {}),
    "identify.critic_weights": lambda w: (
        (_archive(w), ["revenue_12m", "mean_days_late"], "benefit"), {}),
    "identify.topsis": lambda w: (
        (_archive(w), {"revenue_12m": 0.6, "mean_days_late": 0.4},
         {"revenue_12m": "benefit", "mean_days_late": "cost"}), {}),
    "identify.score_customers": lambda w: ((_archive(w), _criteria()), {}),
    "identify.grade": lambda w: ((_scores(w)["weighted"],), {}),
    "identify.weight_sensitivity": lambda w: ((_archive(w), _criteria()), {"n": 10, "seed": 0}),
    "identify.rank_agreement": lambda w: ((_scores(w),), {}),
    "identify.selection_quality": lambda w: ((_scores(w), _archive(w)["revenue_12m"]), {}),
    "satisfaction.satisfaction_index": lambda w: (
        (_survey(w), ["perceived_product", "perceived_service"],
         ["expected_product", "expected_service"]), {}),
    "satisfaction.gap_scores": lambda w: (
        (_survey(w), ["perceived_product", "perceived_service"],
         ["expected_product", "expected_service"]), {}),
    "satisfaction.cronbach_alpha": lambda w: ((_survey(w)[ACSI_ITEMS["satisfaction"]],), {}),
    "satisfaction.item_total": lambda w: ((_survey(w)[ACSI_ITEMS["satisfaction"]],), {}),
    "satisfaction.kmo_bartlett": lambda w: ((_survey(w)[ACSI_ITEMS["quality"]
                                                        + ACSI_ITEMS["satisfaction"]],), {}),
    "satisfaction.efa": lambda w: ((_survey(w)[ACSI_ITEMS["quality"]
                                               + ACSI_ITEMS["satisfaction"]], 2), {}),
    "satisfaction.composite_reliability": lambda w: (([0.8, 0.7, 0.75],), {}),
    "satisfaction.ave": lambda w: (([0.8, 0.7, 0.75],), {}),
    "satisfaction.driver_analysis": lambda w: (
        (_survey(w), "satis_1", ["product_1", "service_1", "personnel_1"]), {}),
    "satisfaction.ipa": lambda w: (
        (_survey(w), ["importance_product", "importance_service", "importance_image"],
         ["perceived_product", "perceived_service", "perceived_image"]), {}),
    "satisfaction.compare_importance": lambda w: (
        (_call_valid("satisfaction.ipa", w), _call_valid("satisfaction.ipa", w)), {}),
    "satisfaction.fit_ordinal": lambda w: ((_survey(w), "satis_1 ~ product_1 + service_1"), {}),
    "satisfaction.fit_path_model": lambda w: (
        (_survey(w), ACSI_ITEMS, ACSI_PATHS), {"bootstrap": 0}),
    "satisfaction.fit_sem": lambda w: (
        (_survey(w),), {"blocks": ACSI_ITEMS, "paths": ACSI_PATHS}),
    "satisfaction.fit_cfa": lambda w: ((_survey(w), ACSI_ITEMS), {}),
    "satisfaction.htmt": lambda w: ((_survey(w), ACSI_ITEMS), {}),
    "satisfaction.measurement_quality": lambda w: (
        (_call_valid("satisfaction.fit_cfa", w),), {}),
    "satisfaction.harman_test": lambda w: (
        (_survey(w)[[i for v in ACSI_ITEMS.values() for i in v]],), {}),
    "satisfaction.single_factor_test": lambda w: ((_survey(w), ACSI_ITEMS), {}),
    "value.delivered_value": lambda w: ((w.value_audit.head(80),), {}),
    "value.competitive_position": lambda w: ((w.value_audit.head(80),), {}),
    "value.fit_choice": lambda w: ((w.value_audit.head(400),), {}),
    "value.simulate_shares": lambda w: (
        (_call_valid("value.fit_choice", w), w.value_audit.head(400), {"service_value": 1.0}), {}),
    "value.compare_levers": lambda w: (
        (_call_valid("value.fit_choice", w), w.value_audit.head(400),
         _call_valid("value.service_economics", w), _call_valid("value.service_response", w)),
        {}),
    "value.service_economics": lambda w: ((w,), {}),
    "value.service_response": lambda w: ((w,), {}),
    "segment.rfm": lambda w: ((_orders(w), "2026-01-01"), {}),
    "segment.cluster": lambda w: ((_archive(w), ["revenue_12m", "mean_days_late"]),
                                  {"k": 2}),
    "segment.segment_profile": lambda w: (
        (_archive(w), np.arange(40) % 2, ["revenue_12m", "mean_days_late"]),
        {"revenue": None, "profit": None}),
    "segment.customer_pyramid": lambda w: ((_archive(w), "revenue_12m"),
                                           {"revenue": None, "profit": None}),
    "segment.cost_to_serve": lambda w: ((w.activities.head(100), {"visits": 1000.0}), {}),
    "segment.whale_curve": lambda w: ((pd.Series([5.0, 3.0, -1.0], index=list("abc")),), {}),
    "segment.consumption_features": lambda w: ((_monthly(),), {}),
    "lifecycle.lifecycle_stage": lambda w: ((_orders(w),), {}),
    "lifecycle.cohort_retention": lambda w: ((_orders(w),), {}),
    "lifecycle.retention_rate": lambda w: ((_orders(w),), {}),
    "lifecycle.churn_rate": lambda w: ((w.relationships.head(300),), {}),
    "lifecycle.survival": lambda w: ((_episodes(w),), {"duration": "exit", "event": "churned",
                                                       "entry": "entry"}),
    "lifecycle.fit_churn_hazard": lambda w: (
        (_episodes(w),), {"duration": "exit", "event": "churned", "entry": "entry",
                          "covariates": ["satisfaction"]}),
    "lifecycle.fit_churn_classifier": lambda w: (
        (_churn_panel(w), ["log_revenue", "orders"], "churn_next_year", "2023-01-01"), {}),
    "lifecycle.clv_retention": lambda w: ((1000.0, 0.8, 0.1), {}),
    "lifecycle.clv_berger_nasr": lambda w: ((1000.0, 100.0, 0.8, 0.1), {}),
    "lifecycle.retention_lever": lambda w: ((1000.0, 0.8, 0.1), {}),
    "lifecycle.rfm_summary": lambda w: ((_orders(w), "2026-01-01"), {}),
    "lifecycle.fit_bgnbd": lambda w: (([1, 0, 3, 2], [10.0, 0.0, 30.0, 20.0],
                                       [40.0, 40.0, 40.0, 40.0]), {}),
    "lifecycle.fit_gamma_gamma": lambda w: (([1, 2, 3, 2], [10.0, 12.0, 30.0, 20.0]), {}),
    "lifecycle.grade_migration": lambda w: ((_grades(),), {}),
    "lifecycle.won_customers": lambda w: ((_purchases(),), {}),
    "lifecycle.acquisition_counts": lambda w: ((_purchases(),), {}),
    "kam.arrears_warning": lambda w: ((_monthly(), "2024-01-01"), {}),
    "kam.early_warning": lambda w: ((_warning_signals(),), {"k": 1}),
    "satisfaction.recovery_effects": lambda w: ((_complaint_panel(w),), {}),
    "kam.evaluate_early_warning": lambda w: (
        (_warning_signals(), pd.DataFrame({"customer_id": ["b"], "churn": [True]})), {"k": 1}),
    "survey.share_table": lambda w: ((w.survey.head(100), ["role"]), {}),
    "survey.implied_sample_sizes": lambda w: (([25.0, 75.0],), {}),
    "survey.crosstab_test": lambda w: ((w.survey.head(100), "role", "year"), {}),
    "plots.pareto_curve": lambda w: ((w.orders.head(200), "net_revenue"), {}),
    "plots.pareto_chart": lambda w: ((w.orders.head(200), "net_revenue"), {}),
    "plots.segment_profile_plot": lambda w: (
        (_archive(w), np.arange(40) % 2, ["revenue_12m", "mean_days_late"]), {}),
    "segment.rfm_scores": lambda w: ((_rfm(w),), {}),
    "segment.rfm_segments": lambda w: ((_rfm_scores(w),), {}),
    "plots.score_breakdown": lambda w: ((_call_valid("identify.score_customers", w),), {}),
    "plots.ipa_plot": lambda w: ((_call_valid("satisfaction.ipa", w),), {}),
    "plots.gap_plot": lambda w: ((_call_valid("satisfaction.gap_scores", w),), {}),
    "plots.value_map": lambda w: ((_call_valid("value.delivered_value", w),), {}),
    "plots.value_waterfall": lambda w: ((w.value_audit.head(80),), {}),
    "plots.rfm_heatmap": lambda w: ((_rfm_scores(w),), {}),
    "plots.retention_heatmap": lambda w: ((_call_valid("lifecycle.cohort_retention", w).rates,),
                                          {}),
    "plots.migration_heatmap": lambda w: ((_call_valid("lifecycle.grade_migration", w).matrix,),
                                          {}),
    "plots.survival_plot": lambda w: ((_call_valid("lifecycle.survival", w).table,), {}),
    "plots.hazard_ratio_plot": lambda w: (
        (_call_valid("lifecycle.fit_churn_hazard", w).hazard_ratios,), {}),
    # PROCESS (mediation / moderated mediation) on the survey's item answers as columns
    "satisfaction.process": lambda w: (
        (w.survey.dropna(subset=["value_1", "loyal_1", "satis_1", "image_1"]).head(200)
         .reset_index(drop=True), "value_1", "loyal_1", "satis_1", "image_1"),
        {"model": 7, "boot": 200, "seed": 0}),
    "plots.conditional_effect_plot": lambda w: (
        (_call_valid("satisfaction.process", w),), {}),
    "satisfaction.kano_classify": lambda w: (
        (pd.DataFrame({"f": [1, 2, 4], "d": [5, 5, 3]}), {"delivery": ("f", "d")}), {}),
    "satisfaction.membership_matrix": lambda w: (
        (w.survey.head(50), ["satis_1", "satis_2"], {k: f"grade {k}" for k in range(1, 8)}), {}),
    "satisfaction.fuzzy_evaluation": lambda w: (
        (pd.DataFrame([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]], index=["product", "service"]),
         {"product": 0.4, "service": 0.6}), {}),
    "satisfaction.fuzzy_evaluation_two_level": lambda w: (
        ({"product": pd.DataFrame([[0.5, 0.5], [0.2, 0.8]], index=["quality", "price"]),
          "service": pd.DataFrame([[0.6, 0.4]], index=["response"])},
         {"product": 0.5, "service": 0.5},
         {"product": {"quality": 0.5, "price": 0.5}, "service": {"response": 1.0}}), {}),
    "satisfaction.grey_relational": lambda w: (
        (pd.DataFrame({"quality": [90.0, 80, 70], "price": [10.0, 8, 9]}),
         ["quality", "price"], {"quality": "benefit", "price": "cost"}), {}),
    "satisfaction.grey_relational_factors": lambda w: (
        (pd.DataFrame({"revenue": [10.0, 12, 15, 16], "visits": [5.0, 6, 8, 8]}), "revenue",
         ["visits"]), {}),
    "datasets.write_archive": lambda w: ((w, "/nonexistent/out"), {}),
    "satisfaction.read_questionnaire": lambda w: (
        (pd.DataFrame({"序号": [1, 2, 3], "1. 产品质量稳定": ["满意", 4, None],
                       "2. 交货及时": [5, "一般", 4]}), {"质量": [1, 2]}), {}),
    "lifecycle.fit_pareto_nbd": lambda w: (
        ([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30]), {}),
    "lifecycle.fit_bgbb": lambda w: (([0, 1, 3, 2, 6, 0], [0, 2, 5, 6, 6, 0], 6), {}),
    "lifecycle.contract_survivors": lambda w: (
        (datasets.make_maintenance_contracts(200, seed=1).contracts,), {}),
    "lifecycle.transaction_times": lambda w: ((_orders(w),), {}),
    "lifecycle.calibration_by_frequency": lambda w: (
        (_bgnbd(), [0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30],
         [0, 1, 2, 0, 1, 3], 20), {}),
    "lifecycle.frequency_recency_matrix": lambda w: ((_bgnbd(), 30), {"max_frequency": 3}),
    "lifecycle.repeat_tracking": lambda w: (
        (_bgnbd(), [0, 0, 0, 5, 5, 0], [4, 10, 15, 20, 15, 8]), {"end": 30}),
    "teach.get": lambda w: (("00.1",), {}),
    "teach.solution": lambda w: (("00.1", w), {}),
    "teach.check": lambda w: (("00.1", 1.0), {"world": w}),
    "teach.hints": lambda w: (("00.1", 1), {}),
    "teach.make_student_copy": lambda w: (("notebooks/00_welcome.ipynb", "/nonexistent/x.ipynb"),
                                          {}),
    "teach.make_student_copies": lambda w: (("notebooks", "/nonexistent/out"), {}),
    "teach.student_seed": lambda w: (("s001", "a course secret of ours"), {}),
    "teach.student_mode": lambda w: ((False,), {}),
    "teach.assign": lambda w: (("roster.csv", "notebooks", "/nonexistent/class"),
                               {"secret_file": "/nonexistent/secret"}),
    "teach.grade": lambda w: (("submissions", "/nonexistent/class/manifest.csv"), {}),
    "datasets.build_case": lambda w: (("power",), {"out": "/nonexistent/out"}),
    "report.table": lambda w: ((_survey(w)[ACSI_ITEMS["satisfaction"]].head(5),), {}),
    "report.interpret": lambda w: ((_call_valid("satisfaction.cronbach_alpha", w),), {}),
    "report.format_number": lambda w: ((0.5,), {}),
    "report.format_p": lambda w: ((0.05,), {}),
    "report.stars": lambda w: ((0.05,), {}),
    "report.star_legend": lambda w: (("zh",), {}),
}


def _call(name, world, first):
    """Call ``name`` with ``first`` as its first argument, the rest from ``VALID``."""
    func = FUNCTIONS[name]
    if name in VALID:
        args, kwargs = VALID[name](world)
        args = (first,) + tuple(args[1:])
    else:
        args, kwargs = (first,), {}
    return func(*args, **kwargs)


def _assert_clear(name, world, bad):
    """The call raises ValueError or TypeError from crmlab, naming the function."""
    func = name.split(".")[-1]
    with pytest.raises((ValueError, TypeError, *PATH_ERRORS.get(name, ()))) as info:
        _call(name, world, bad)
    message = str(info.value)
    innermost = traceback.extract_tb(info.tb)[-1].filename
    from_crmlab = Path(innermost).resolve().is_relative_to(CRMLAB_DIR)
    assert from_crmlab or message.startswith(func), (
        f"{name}: raised from {innermost}, not crmlab: {type(info.value).__name__}: {message}")
    assert message.startswith(f"{func}: "), f"{name}: message does not start with {func}: " \
                                            f"{message}"


# --------------------------------------------------------------------------------------------
# The five inputs every function must refuse
# --------------------------------------------------------------------------------------------
GENERIC = {
    "an empty frame": lambda: pd.DataFrame(),
    "a frame with wrong columns": lambda: pd.DataFrame({"foo": [1.0, 2.0, 3.0],
                                                        "bar": ["x", "y", "z"]}),
    "None": lambda: None,
    "a string": lambda: "not data",
    "an all-NaN frame": lambda: pd.DataFrame({"customer_id": [np.nan] * 3,
                                              "value": [np.nan] * 3}),
}
CASES = [(name, bad) for name in TAKES_INPUT for bad in GENERIC
         if bad not in ALLOWED.get(name, {})]


@pytest.mark.parametrize("name, bad", CASES, ids=[f"{n}-{b}" for n, b in CASES])
def test_refuses_generic_bad_input(world, name, bad):
    _assert_clear(name, world, GENERIC[bad]())


# --------------------------------------------------------------------------------------------
# Frames of known shape, spoiled one way at a time
# --------------------------------------------------------------------------------------------
# function -> the columns of its first argument that the function reads:
# numeric (must be finite numbers), key (must be unique together), date (must be dates).
SHAPES = {
    "identify.pareto_table": {"numeric": "net_revenue"},
    "identify.abc_classes": {"numeric": "net_revenue"},
    "identify.entropy_weights": {"numeric": "revenue_12m"},
    "identify.critic_weights": {"numeric": "revenue_12m"},
    "identify.topsis": {"numeric": "revenue_12m"},
    "identify.score_customers": {"numeric": "revenue_12m", "key": "index"},
    "identify.weight_sensitivity": {"numeric": "revenue_12m", "key": "index"},
    "identify.rank_agreement": {"numeric": "weighted", "key": "index"},
    "identify.selection_quality": {"numeric": "weighted", "key": "index"},
    "satisfaction.satisfaction_index": {"numeric": "perceived_product"},
    "satisfaction.gap_scores": {"numeric": "perceived_product"},
    "satisfaction.cronbach_alpha": {"numeric": "satis_1"},
    "satisfaction.item_total": {"numeric": "satis_1"},
    "satisfaction.kmo_bartlett": {"numeric": "satis_1"},
    "satisfaction.efa": {"numeric": "satis_1"},
    "satisfaction.driver_analysis": {"numeric": "product_1"},
    "satisfaction.compare_importance": {"numeric": "importance", "key": "index"},
    "satisfaction.ipa": {"numeric": "perceived_product"},
    "satisfaction.fit_ordinal": {"numeric": "product_1"},
    "satisfaction.fit_path_model": {"numeric": "product_1"},
    "satisfaction.fit_sem": {"numeric": "product_1"},
    "satisfaction.fit_cfa": {"numeric": "product_1"},
    "satisfaction.htmt": {"numeric": "product_1"},
    "satisfaction.harman_test": {"numeric": "product_1"},
    "satisfaction.single_factor_test": {"numeric": "product_1"},
    "value.delivered_value": {"numeric": "product_value"},
    "value.competitive_position": {"numeric": "product_value",
                                   "key": ["customer_id", "year", "supplier"]},
    # fit_choice has no supplier argument: a row is an alternative, whatever its label
    "value.fit_choice": {"numeric": "product_value"},
    "segment.rfm": {"numeric": "net_revenue", "date": "date"},
    "segment.cluster": {"numeric": "revenue_12m"},
    "segment.segment_profile": {"numeric": "revenue_12m"},
    "segment.customer_pyramid": {"numeric": "revenue_12m", "key": "index"},
    # cost_to_serve sums the rows of a customer-year: activity logs may have several
    "segment.cost_to_serve": {"numeric": "visits"},
    "segment.consumption_features": {"numeric": "kwh", "key": ["account_id", "month"],
                                     "date": "month"},
    "lifecycle.lifecycle_stage": {"numeric": "net_revenue", "date": "date"},
    "lifecycle.cohort_retention": {"date": "date"},
    "lifecycle.retention_rate": {"date": "date"},
    "lifecycle.churn_rate": {"key": ["customer_id", "year"]},
    "lifecycle.survival": {"numeric": "exit"},
    "lifecycle.fit_churn_hazard": {"numeric": "satisfaction"},
    "lifecycle.fit_churn_classifier": {"numeric": "log_revenue", "date": "date"},
    "lifecycle.rfm_summary": {"numeric": "net_revenue", "date": "date"},
    "lifecycle.transaction_times": {"date": "date"},
    "lifecycle.contract_survivors": {"numeric": "years_under_contract"},
    "lifecycle.grade_migration": {"key": ["customer_id", "year"]},
    "lifecycle.won_customers": {"date": "date"},
    "lifecycle.acquisition_counts": {"date": "date"},
    "kam.early_warning": {"numeric": "churn_risk", "key": ["customer_id"]},
    # recovery_effects regresses customer-years: a repeated row is another observation
    "satisfaction.recovery_effects": {"numeric": "next_survey_satisfaction"},
    "kam.evaluate_early_warning": {"numeric": "churn_risk", "key": ["customer_id"]},
    "kam.arrears_warning": {"numeric": "days_late", "key": ["account_id", "month"],
                            "date": "month"},
    "segment.rfm_scores": {"numeric": "monetary", "key": "index"},
    "segment.rfm_segments": {"numeric": "r_score"},  # labels row by row
    "satisfaction.process": {"numeric": "value_1"},
    "plots.score_breakdown": {"numeric": "score", "key": "index"},
    "plots.ipa_plot": {"numeric": "importance"},
    "plots.gap_plot": {"numeric": "gap"},
    "plots.value_map": {"numeric": "total_value"},
    "plots.value_waterfall": {"numeric": "product_value"},
    "plots.rfm_heatmap": {"numeric": "r_score", "key": "index"},
    "plots.retention_heatmap": {"numeric": 1},
    "plots.migration_heatmap": {"numeric": "B"},
    "plots.survival_plot": {"numeric": "survival"},
    "plots.hazard_ratio_plot": {"numeric": "hazard_ratio"},
    "plots.pareto_curve": {"numeric": "net_revenue"},
    "plots.pareto_chart": {"numeric": "net_revenue"},
    "plots.segment_profile_plot": {"numeric": "revenue_12m"},
    "report.table": {},  # any column may hold text: only no rows and no values are refused
}


def _spoil(frame: pd.DataFrame, how: str, columns) -> pd.DataFrame:
    frame = frame.copy()
    if how == "infinite values in a numeric column":
        col = columns["numeric"]
        frame[col] = frame[col].astype(float)
        frame.loc[frame.index[:3], col] = np.inf
    elif how == "text in a numeric column":
        col = columns["numeric"]
        frame[col] = frame[col].astype(object)
        frame.loc[frame.index[:3], col] = "n/a"
    elif how == "duplicate keys":
        if columns["key"] == "index":
            frame.index = [frame.index[0]] * 2 + list(frame.index[2:])
        else:
            frame = pd.concat([frame, frame.iloc[:3]])
    elif how == "no rows":
        frame = frame.iloc[:0]
    elif how == "every value missing":
        frame = pd.DataFrame(np.nan, index=frame.index, columns=frame.columns)
    elif how == "dates given as integers":
        col = columns["date"]
        frame[col] = np.arange(len(frame)) + 20200101
    return frame


SPOILS = {"no rows": None,  # None: every frame of known shape
          "every value missing": None,
          "infinite values in a numeric column": "numeric",
          "text in a numeric column": "numeric",
          "duplicate keys": "key",
          "dates given as integers": "date"}
SHAPE_CASES = [(name, how) for name, columns in SHAPES.items()
               for how, needs in SPOILS.items() if needs is None or needs in columns]


def test_shapes_name_public_functions():
    assert not set(SHAPES) - set(FUNCTIONS), "SHAPES names a function that is not public"
    assert not set(VALID) - set(FUNCTIONS), "VALID names a function that is not public"
    assert not set(ALLOWED) - set(FUNCTIONS), "ALLOWED names a function that is not public"


# Valid calls not run here: they write files.
WRITES = {"teach.make_student_copy", "teach.make_student_copies", "datasets.build_case",
          "datasets.write_archive", "teach.assign", "teach.grade"}


@pytest.mark.parametrize("name", sorted(set(VALID) - WRITES))
def test_valid_call_works(world, name):
    """The valid call of the table runs, so a refusal is the bad input's doing."""
    args, kwargs = VALID[name](world)
    FUNCTIONS[name](*args, **kwargs)


@pytest.mark.parametrize("name, how", SHAPE_CASES, ids=[f"{n}-{h}" for n, h in SHAPE_CASES])
def test_refuses_spoiled_frame(world, name, how):
    args, _ = VALID[name](world)
    _assert_clear(name, world, _spoil(args[0], how, SHAPES[name]))


# --------------------------------------------------------------------------------------------
# A World that lacks what a function reads
# --------------------------------------------------------------------------------------------
TAKES_WORLD = sorted(name for name, f in FUNCTIONS.items()
                     if list(inspect.signature(f).parameters)[:1] == ["world"])


def test_every_world_function_is_found():
    assert {"lifecycle.churn_episodes", "identify.customer_archive", "kam.kam_kpis"} <= \
        set(TAKES_WORLD)


# true_paths reads only world.truth (the paths crmlab drew), no table of the archive;
# write_archive writes whatever tables the archive holds, and needs a path besides.
READ_TABLES = [name for name in TAKES_WORLD
               if name not in ("satisfaction.true_paths", "datasets.write_archive")]


@pytest.mark.parametrize("tables", ["without columns", "without tables"])
@pytest.mark.parametrize("name", READ_TABLES)
def test_world_tables_must_have_the_columns_read(world, name, tables):
    """check_world names the function, the table and the missing columns."""
    empty = pd.DataFrame() if tables == "without columns" else None
    hollow = dataclasses.replace(world, **dict.fromkeys(world.tables(), empty))
    func = name.split(".")[-1]
    with pytest.raises(ValueError, match=rf"^{func}: world\.\w+ (lacks column|must be the)"):
        FUNCTIONS[name](hollow)


def test_write_archive_writes_what_the_archive_holds_and_refuses_a_non_world(world, tmp_path):
    write = FUNCTIONS["datasets.write_archive"]
    keep = {"customers": world.customers, "orders": world.orders}
    only_orders = dataclasses.replace(world, truth=None, **{
        name: keep.get(name) for name in world.tables()})
    write(only_orders, tmp_path / "archive")
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == \
        ["customers.csv", "orders.csv"]
    for bad in (None, "not data", world.orders):
        with pytest.raises(TypeError, match=r"^write_archive: world must be"):
            write(bad, tmp_path / "other")


@pytest.mark.parametrize("name", [n for n in TAKES_WORLD if n not in WRITES])
def test_world_without_truth_works_or_says_so(world, name):
    """A firm's own archive has no truth: a function that compares with truth still runs;
    one whose job reads truth (or the true cost rates) says what it needs."""
    func = name.split(".")[-1]
    try:
        FUNCTIONS[name](dataclasses.replace(world, truth=None))
    except ValueError as exc:
        assert re.match(rf"{func}: .*(truth|rates)", str(exc)), str(exc)


# --------------------------------------------------------------------------------------------
# Cases found by earlier probes, kept by name
# --------------------------------------------------------------------------------------------
def test_customer_profit_asks_for_its_own_argument(world):
    with pytest.raises(ValueError, match=r"^customer_profit: cost_rates must be given .* pass "
                                         r"cost_rates="):
        FUNCTIONS["identify.customer_profit"](dataclasses.replace(world, truth=None))


def test_satisfaction_to_behaviour_without_an_order_book(world):
    """A researcher's questionnaire without orders or relationships: say so, not
    'cannot convert float NaN to integer'."""
    survey_only = dataclasses.replace(world, orders=world.orders.iloc[:0],
                                      relationships=world.relationships.iloc[:0])
    with pytest.raises(ValueError, match=r"^satisfaction_to_behaviour: world\.orders and "
                                         r"world\.relationships must give the years"):
        FUNCTIONS["satisfaction.satisfaction_to_behaviour"](survey_only)


def test_customer_features_reads_plain_text_categories(world):
    """A firm's export has plain strings, not a Categorical: the same features (the
    category shares in alphabetical order, as plain text has no other)."""
    plain = dataclasses.replace(world, orders=world.orders.astype({"category": str}))
    features = FUNCTIONS["segment.customer_features"]
    pd.testing.assert_frame_equal(features(plain), features(world), check_like=True)
