"""The maintenance-contract case: fit_sbg recovers the case's true Beta(alpha, beta) churn
heterogeneity, and its retention curves, DERL and CLV match the truth computed from the
true alpha and beta by direct summation (not by the hypergeometric formulas under test).

Formulas: Fader & Hardie (2007), "How to project customer retention", J. Interactive
Marketing 21(1), eqs. 2-3 (S(t), r(t)); Fader & Hardie (2010), "Customer-base valuation in a
contractual setting", Marketing Science 29(1), eqs. 5-6 (DEL, DERL).
"""
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import special

from crmlab.datasets import load_case, make_maintenance_contracts
from crmlab.lifecycle import fit_sbg


def survivors_by_cohort(contracts: pd.DataFrame) -> dict:
    """Each cohort's contracts under contract at signing and after each renewal date."""
    out = {}
    for year, group in contracts.groupby("signed_year"):
        faced = int(group["years_under_contract"].max())
        lived = group["years_under_contract"].to_numpy()
        gone = group["churned"].to_numpy()
        # after renewal date t, alive = not churned at a date <= t
        out[year] = [len(group)] + [int(np.sum(~(gone & (lived <= t)))) for t in
                                    range(1, faced + 1)]
    return out


def true_survival(a, b, t):
    return np.exp(special.betaln(a, b + np.asarray(t, float)) - special.betaln(a, b))


def true_derl(a, b, n, d, horizon=4000):
    """Sum_{t > n} S(t) / S(n) / (1 + d)^(t - n - 1)."""
    t = np.arange(n + 1, n + 1 + horizon)
    return float(np.sum(true_survival(a, b, t) / true_survival(a, b, n)
                        / (1 + d) ** (t - n - 1)))


@pytest.fixture(scope="module")
def case():
    return load_case("maintenance_contracts")


@pytest.fixture(scope="module")
def big():
    return make_maintenance_contracts(200_000, seed=11)


def test_the_case_is_consistent(case):
    c, r = case.contracts, case.renewals
    truth = case.truth
    assert truth["params"]["churn_alpha"] == 0.8 and truth["params"]["churn_beta"] == 2.4
    life = np.array(truth["contracts"]["lifetime"])
    faced = 2025 - c["signed_year"].to_numpy()
    assert (c["churned"].to_numpy() == (life <= faced)).all()
    assert (c["years_under_contract"].to_numpy() == np.minimum(life, faced)).all()
    assert (c["renewals"] == np.where(c["churned"], c["years_under_contract"] - 1,
                                      c["years_under_contract"])).all()
    # the renewal log says the same: one row per date faced, a refusal only at the end
    per = r.groupby("contract_id", sort=True)
    assert (per.size().to_numpy() == c.set_index("contract_id")["years_under_contract"]
            .sort_index().to_numpy()).all()
    assert (per["renewed"].sum().to_numpy() == c.set_index("contract_id")["renewals"]
            .sort_index().to_numpy()).all()
    assert (r["due"].dt.month == 1).all() and (r["due"].dt.day == 1).all()


def test_fit_sbg_recovers_the_true_alpha_beta_within_the_ci(case):
    fit = fit_sbg(survivors_by_cohort(case.contracts))
    by_customer = fit_sbg(lifetimes=case.contracts["years_under_contract"],
                          churned=case.contracts["churned"])
    # the cohort table and the customers are the same data: the same likelihood
    assert fit.loglik == pytest.approx(by_customer.loglik, abs=1e-6)
    assert np.allclose(fit.params, by_customer.params, rtol=1e-6)
    for name, true in (("alpha", 0.8), ("beta", 2.4)):
        assert abs(fit.params[name] - true) < 1.96 * fit.se[name], name
    assert fit.mean_churn == pytest.approx(0.8 / 3.2, abs=0.03)


def test_fit_sbg_is_close_on_a_large_seeded_sample(big):
    c = big.contracts
    fit = fit_sbg(lifetimes=c["years_under_contract"], churned=c["churned"])
    assert fit.converged
    assert fit.params["alpha"] == pytest.approx(0.8, rel=0.04)
    assert fit.params["beta"] == pytest.approx(2.4, rel=0.04)
    for name, true in (("alpha", 0.8), ("beta", 2.4)):
        assert abs(fit.params[name] - true) < 3 * fit.se[name], name
    # the same seed gives the same case, another seed another one
    again = make_maintenance_contracts(2000, seed=11)
    assert again.contracts.equals(make_maintenance_contracts(2000, seed=11).contracts)
    assert not again.contracts.equals(make_maintenance_contracts(2000, seed=12).contracts)


def test_retention_curves_by_cohort_follow_the_truth(case, big):
    fit = fit_sbg(survivors_by_cohort(case.contracts))
    table = fit.retention_table()
    assert set(table["cohort"]) == set(range(2015, 2025))
    t = table["period"].to_numpy()
    # fitted survival within 0.05 of the true curve at every cohort and age
    assert np.abs(table["fitted"] - true_survival(0.8, 2.4, t)).max() < 0.05
    # observed retention rises with tenure (sorting), as the true r(t) does
    pooled = fit_sbg(survivors_by_cohort(big.contracts)).retention_table()
    oldest = pooled[pooled["cohort"] == 2015]
    true_r = (2.4 + oldest["period"] - 1) / (3.2 + oldest["period"] - 1)
    assert np.abs(oldest["observed_retention"] - true_r).max() < 0.03
    assert np.abs(oldest["observed"] - true_survival(0.8, 2.4, oldest["period"])).max() < 0.01
    assert (np.diff(oldest["fitted_retention"]) > 0).all()
    projected = fit.project(10)
    assert np.abs(projected["survival"] - true_survival(0.8, 2.4, np.arange(11))).max() < 0.05


def test_derl_and_clv_match_the_truth(big):
    c = big.contracts
    fit = fit_sbg(lifetimes=c["years_under_contract"], churned=c["churned"])
    d = 0.1
    for n in (0, 1, 4, 9):
        truth = true_derl(0.8, 2.4, n, d)
        # the formula itself, at the true parameters, against the direct sum
        exact = replace(fit, params=pd.Series({"alpha": 0.8, "beta": 2.4}))
        assert exact.derl(n, discount=d) == pytest.approx(truth, rel=1e-9)
        assert fit.derl(n, discount=d) == pytest.approx(truth, rel=0.03)
    del_true = 1 + true_derl(0.8, 2.4, 0, d) / (1 + d)  # first payment, then the residual
    assert fit.discounted_expected_lifetime(discount=d) == pytest.approx(del_true, rel=0.03)
    # each alive customer's value by the truth's own churn probability theta, averaged
    theta = np.array(big.truth["contracts"]["churn_probability"])
    alive = ~c["churned"].to_numpy()
    own = (1 - theta) * (1 + d) / (d + theta)   # sum_j (1-theta)^j / (1+d)^(j-1)
    for n in (3, 9):
        mask = alive & (c["renewals"].to_numpy() == n)
        assert own[mask].mean() == pytest.approx(true_derl(0.8, 2.4, n, d), rel=0.03)
    value = c["annual_value"].to_numpy()[alive][:5]
    renewals = c["renewals"].to_numpy()[alive][:5]
    assert np.allclose(fit.clv(value, renewals=renewals, discount=d),
                       value * fit.derl(renewals, discount=d))


def test_covariates_a_manager_sees(case, big):
    c = big.contracts
    theta = np.array(big.truth["contracts"]["churn_probability"])
    premium = (c["service_level"] == "premium").to_numpy()
    # premium is chosen by the loyal: lower true churn, without changing the Beta margin
    assert theta[premium].mean() < theta[~premium].mean() - 0.05
    assert c["machines"].min() >= 1
    per_machine = (c["annual_value"] / c["machines"]).groupby(c["service_level"]).median()
    assert per_machine["premium"] > per_machine["basic"] * 1.4
    assert set(case.contracts["industry"].cat.categories) == {
        "chemicals", "food", "automotive", "metals", "paper", "pharma"}


@pytest.mark.parametrize("call, match", [
    (lambda: make_maintenance_contracts(0), "n_contracts"),
    (lambda: make_maintenance_contracts("many"), "n_contracts"),
    (lambda: make_maintenance_contracts(first_year=1500), "first_year"),
    (lambda: make_maintenance_contracts(n_years=1), "n_years"),
    (lambda: make_maintenance_contracts(n_years=2.5), "n_years"),
])
def test_bad_arguments_are_refused(call, match):
    with pytest.raises((ValueError, TypeError), match=f"make_maintenance_contracts: .*{match}"):
        call()
