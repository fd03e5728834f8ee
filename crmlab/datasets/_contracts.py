"""The maintenance-contract case (设备维保合同): contract customers who renew yearly.

An industrial supplier sells yearly maintenance contracts for the machines it has
installed. Contracts are signed in yearly cohorts, run calendar years and come up for
renewal every 1 January; a customer who does not renew is gone (the contractual setting
of Fader & Hardie 2007). Each customer's chance of leaving at a renewal is drawn from a
beta distribution whose parameters are the case's truth, so the shifted beta-geometric
(sBG) model is the true model and :func:`crmlab.lifecycle.fit_sbg` can be checked
against it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import as_generator, check_int
from ._cases import _c, _finish, _ids, _seed_value
from ._schema import categorical

__all__ = ["make_maintenance_contracts"]

CONTRACT_INDUSTRIES = ("chemicals", "food", "automotive", "metals", "paper", "pharma")
SERVICE_LEVELS = ("basic", "premium")

#: The truth of the maintenance-contract case: churn at each renewal ~ Beta(churn_alpha,
#: churn_beta) across customers (mean 0.25), cohort sizes growing by ``cohort_growth`` a
#: year, and what a contract is worth per machine by service level (CNY a year).
CONTRACT_PARAMS = {
    "churn_alpha": 0.8,
    "churn_beta": 2.4,
    "cohort_growth": 0.08,
    "machines_extra_mean": 3.0,
    "premium_logit_intercept": 1.0,
    "premium_logit_churn": -5.0,
    "value_per_machine_cny": dict(zip(SERVICE_LEVELS, [18_000.0, 30_000.0])),
    "value_log_sd": 0.25,
    "industry_probability": dict(zip(CONTRACT_INDUSTRIES, [0.25, 0.2, 0.2, 0.15, 0.1, 0.1])),
}


def make_maintenance_contracts(n_contracts: int = 1200, *, first_year: int = 2015,
                               n_years: int = 10, seed=2026):
    """Maintenance contracts of an industrial supplier, renewed yearly, with a known sBG truth.

    Parameters
    ----------
    n_contracts : int, default=1200
        Contracts signed over the ``n_years`` cohorts (1 to 1,000,000).
    first_year : int, default=2015
        Year of the first cohort (1990 to 2100).
    n_years : int, default=10
        Yearly cohorts (2 to 50); the line is observed on 1 January of
        ``first_year + n_years``, after that day's renewals.
    seed : int or numpy.random.Generator, default=2026

    Returns
    -------
    Case
        Tables ``contracts`` (one row per contract: cohort, covariates, value, renewals
        made, churned) and ``renewals`` (one row per renewal decision); ``truth`` holds
        :data:`CONTRACT_PARAMS` and each contract's churn probability and uncensored
        lifetime.

    Notes
    -----
    Contract i of cohort c leaves at each renewal with probability
    :math:`\\theta_i \\sim Beta(\\alpha, \\beta)`, so its lifetime in years is
    :math:`T_i \\sim Geometric(\\theta_i)` (shifted to start at 1) and the cohort's survival
    is the sBG curve :math:`S(t) = B(\\alpha, \\beta + t) / B(\\alpha, \\beta)` (Fader &
    Hardie 2007, eq. 3). A cohort signed in year c has faced k = ``first_year + n_years``
    - c renewals: a contract is seen churned if :math:`T_i \\le k` and otherwise still
    under contract with k renewals made. The covariates a manager sees are drawn given
    :math:`\\theta_i` or independently of it, so the marginal churn distribution stays
    exactly Beta(α, β): premium service is chosen with probability
    logistic(1 − 5θ) (loyal customers buy premium; it does not cause loyalty), machines
    under contract are 1 + Poisson(3), the yearly value is machines × the service level's
    price per machine × lognormal noise (log-sd 0.25), rounded to 100 CNY.

    Examples
    --------
    >>> case = make_maintenance_contracts(300, seed=1)
    >>> case.contracts.groupby("signed_year").size().sum()
    np.int64(300)
    """
    func = "make_maintenance_contracts"
    n = check_int(n_contracts, func, "n_contracts", low=1, high=1_000_000)
    first = check_int(first_year, func, "first_year", low=1990, high=2100)
    years = check_int(n_years, func, "n_years", low=2, high=50)
    rng = as_generator(seed)
    p = CONTRACT_PARAMS
    observed = first + years
    weights = (1 + p["cohort_growth"]) ** np.arange(years)
    cohort = np.sort(rng.choice(years, n, p=weights / weights.sum()))
    theta = rng.beta(p["churn_alpha"], p["churn_beta"], n)
    lifetime = rng.geometric(theta)          # years as a customer, >= 1
    faced = observed - (first + cohort)      # renewal decisions faced by the observation day
    churned = lifetime <= faced
    years_under = np.minimum(lifetime, faced)
    renewals_made = np.where(churned, lifetime - 1, faced)

    industry = rng.choice(len(CONTRACT_INDUSTRIES), n,
                          p=list(p["industry_probability"].values()))
    logit = p["premium_logit_intercept"] + p["premium_logit_churn"] * theta
    premium = rng.random(n) < 1 / (1 + np.exp(-logit))
    machines = 1 + rng.poisson(p["machines_extra_mean"], n)
    price = np.where(premium, p["value_per_machine_cny"]["premium"],
                     p["value_per_machine_cny"]["basic"])
    value = np.round(machines * price * np.exp(p["value_log_sd"] * rng.standard_normal(n)
                                                - p["value_log_sd"] ** 2 / 2), -2)
    ids = _ids("M", n, max(5, len(str(n))))
    contracts = {
        "contract_id": ids,
        "industry": categorical("contracts", "industry", industry, CONTRACT_TABLES),
        "signed_year": first + cohort,
        "service_level": categorical("contracts", "service_level", premium.astype(int),
                                     CONTRACT_TABLES),
        "machines": machines,
        "annual_value": value,
        "years_under_contract": years_under,
        "renewals": renewals_made,
        "churned": churned,
    }
    decisions = years_under
    row_id = np.repeat(np.arange(n), decisions)
    step = np.arange(len(row_id)) - np.repeat(np.cumsum(decisions) - decisions, decisions) + 1
    due_year = first + cohort[row_id] + step
    renewals = {
        "contract_id": ids[row_id],
        "renewal": step,
        "due": pd.to_datetime({"year": due_year, "month": 1, "day": 1}).to_numpy()
        .astype("datetime64[s]"),
        "renewed": step < lifetime[row_id],
    }
    truth = {"case": "maintenance_contracts",
             "arguments": {"n_contracts": n, "first_year": first, "n_years": years,
                           "seed": _seed_value(seed)},
             "params": CONTRACT_PARAMS,
             "observed_on": f"{observed}-01-01",
             "contracts": {"contract_id": ids.tolist(),
                           "churn_probability": np.round(theta, 6).tolist(),
                           "lifetime": lifetime.tolist()}}
    return _finish("maintenance_contracts", {"contracts": contracts, "renewals": renewals},
                   truth, seed)


CONTRACT_TABLES = {
    "contracts": dict(key=("contract_id",), doc="One row per maintenance contract.",
                      columns=[
                          _c("contract_id", "str", "", "contract key, M00001 ..."),
                          _c("industry", "cat", "", "the customer's industry",
                             CONTRACT_INDUSTRIES),
                          _c("signed_year", "int", "year", "year the contract was signed "
                             "(its cohort); it starts on 1 January"),
                          _c("service_level", "cat", "", "basic or premium maintenance",
                             SERVICE_LEVELS),
                          _c("machines", "int", "machines", "machines under the contract"),
                          _c("annual_value", "float", "CNY/year", "contract value per year"),
                          _c("years_under_contract", "int", "years",
                             "contract years served by the observation day"),
                          _c("renewals", "int", "", "renewals made"),
                          _c("churned", "bool", "", "did not renew at its last renewal date "
                             "(False: still under contract)"),
                      ]),
    "renewals": dict(key=("contract_id", "renewal"), parents={"contract_id": "contracts"},
                     doc="One row per renewal decision a contract has faced.",
                     columns=[
                         _c("contract_id", "str", "", "contract key"),
                         _c("renewal", "int", "", "1 for the first renewal date, 2 for the "
                            "second ..."),
                         _c("due", "date", "", "renewal date (1 January)"),
                         _c("renewed", "bool", "", "the customer renewed"),
                     ]),
}
