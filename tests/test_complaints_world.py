"""The world's complaints handling (投诉处理): response, resolution, acceptance, and their
known effects on next year's satisfaction (service recovery, 服务补救) and churn hazard."""
import numpy as np
import pandas as pd
import pytest

from crmlab import lifecycle as lc
from crmlab.datasets import make_world


def _last_year_handling(world):
    """Per customer and year: last year's complaints' recovery effect, unresolved share and
    slow-resolution term, recomputed from the tickets table and the truth's parameters."""
    p = world.truth["params"]
    rec = p["service_recovery"]
    tk = world.tickets[world.tickets["type"] == "complaint"].copy()
    # accepted is empty only for tickets still open at the end, which feed no next year
    acc = tk["accepted"].fillna(False).astype(bool)
    log_days = np.log(tk["days_to_resolve"].clip(lower=1) / 7.0)  # open on the last day: 0
    tk["recovery"] = np.where(acc, rec["accepted"] + rec["per_log_day"] * log_days,
                              rec["not_accepted"])
    tk["unresolved"] = (~acc).astype(float)
    tk["slow"] = np.maximum(0.0, log_days)
    tk["year"] = tk["date"].dt.year + 1
    return tk.groupby(["customer_id", "year"])[["recovery", "unresolved", "slow"]].mean()


@pytest.fixture(scope="module")
def world():
    return make_world(n_customers=600, seed=11)


def test_tickets_record_response_resolution_and_acceptance(world):
    tk = world.tickets
    assert (tk["first_response_hours"] > 0).all() and (tk["days_to_resolve"] >= 0).all()
    open_ = ~tk["resolved"]
    assert tk.loc[open_, "accepted"].isna().all() and tk.loc[~open_, "accepted"].notna().all()
    end = world.orders["date"].max()
    assert (tk.loc[open_, "date"] + pd.to_timedelta(tk.loc[open_, "days_to_resolve"], unit="D")
            == pd.Timestamp("2025-12-31")).all() and end <= pd.Timestamp("2025-12-31")
    # slower resolutions are accepted less often (acceptance logit -0.9 per log day)
    closed = tk[tk["resolved"]]
    fast = closed.loc[closed["days_to_resolve"] <= 5, "accepted"].mean()
    slow = closed.loc[closed["days_to_resolve"] >= 20, "accepted"].mean()
    assert fast > slow + 0.2


def test_truth_records_the_recovery_effect_exactly(world):
    truth = world.truth_frame("customer_years").set_index(["customer_id", "year"])
    handling = _last_year_handling(world)
    both = truth.join(handling, how="left").fillna({"recovery": 0.0, "unresolved": 0.0,
                                                    "slow": 0.0})
    np.testing.assert_allclose(both["recovery_effect"], both["recovery"], atol=1e-4)
    beta = world.truth["params"]["churn_hazard"]["complaint_handling_log_hazard_ratio"]
    np.testing.assert_allclose(both["complaint_log_hazard"],
                               beta["unresolved_share_last_year"] * both["unresolved"]
                               + beta["slow_resolution_last_year"] * both["slow"], atol=2e-4)


def test_unrelated_tables_keep_their_draws():
    """Complaints handling changed the draws after the perceptions, not the customers."""
    a, b = make_world(n_customers=80, seed=4), make_world(n_customers=80, seed=4)
    pd.testing.assert_frame_equal(a.tickets, b.tickets)
    assert a.customers["customer_id"].is_unique


def test_hazard_model_recovers_the_complaint_handling_effects():
    """A 12,000-customer world: Cox regression on the latent drivers plus last year's
    unresolved share and slow-resolution term recovers the true log hazard ratios
    (0.7 and 0.3) inside their 95 % intervals."""
    w = make_world(n_customers=12_000, seed=7)
    episodes = lc.churn_episodes(w)
    handling = _last_year_handling(w)
    key = pd.MultiIndex.from_frame(episodes[["customer_id", "year"]])
    for col in ("unresolved", "slow"):
        episodes[col] = handling[col].reindex(key, fill_value=0.0).to_numpy()
    episodes["stratum"] = episodes["stage"].astype(str) + "/" + episodes["segment"]
    fit = lc.fit_churn_hazard(episodes, duration="exit", event="churned", entry="entry",
                              covariates=["satisfaction", "complaint", "competitor_offer",
                                          "unresolved", "slow"], strata="stratum")
    beta = w.truth["params"]["churn_hazard"]["complaint_handling_log_hazard_ratio"]
    ci = np.log(fit.hazard_ratios[["lower", "upper"]])
    for col, key_ in (("unresolved", "unresolved_share_last_year"),
                      ("slow", "slow_resolution_last_year")):
        assert ci.loc[col, "lower"] <= beta[key_] <= ci.loc[col, "upper"], (col, ci.loc[col])
    assert ci.loc["satisfaction", "lower"] <= -0.5 <= ci.loc["satisfaction", "upper"]


def test_service_recovery_paradox_holds_only_when_fast_and_accepted():
    """Truth: an accepted complaint resolved within 7 exp(0.25 / 0.2) = 24 days raises next
    year's satisfaction above no complaint; a rejected one lowers it by 0.5."""
    rec = make_world(n_customers=10, seed=1).truth["params"]["service_recovery"]
    effect = lambda days: rec["accepted"] + rec["per_log_day"] * np.log(days / 7)  # noqa: E731
    assert effect(3) > 0 and effect(20) > 0 > effect(30)
    assert rec["not_accepted"] < 0
