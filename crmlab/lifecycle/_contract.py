"""Lifetime value under contracts: the shifted beta-geometric (sBG) model of renewals.

Industrial customers often buy under yearly contracts (maintenance agreements, frame
supply contracts): the firm sees churn when a customer does not renew. The sBG model
(Fader & Hardie 2007) says each customer has a fixed chance of leaving at every renewal
and that chance varies across customers as a beta distribution; the sorting of the
cohort (the churn-prone leave first) makes observed retention rise with tenure.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .._validate import check_columns, check_number, check_rows
from ._btyd import _fit_result, _PeriodicFit
from ._common import _binary, _numeric

__all__ = ["fit_sbg", "ShiftedBetaGeometric", "contract_survivors"]

_SBG_HINTS = {
    frozenset({"alpha", "beta"}): "the churn probability hardly varies across customers, "
                                  "and only its mean alpha/(alpha+beta) is identified",
}


def _survivor_table(func, survivors):
    """Each cohort's survivor counts as a list of integer arrays (count at period 0 first)."""
    if isinstance(survivors, pd.DataFrame):
        cohorts = {c: survivors[c].dropna().to_numpy() for c in survivors.columns}
    elif isinstance(survivors, dict):
        cohorts = dict(survivors)
    elif isinstance(survivors, (str, bytes)) or not hasattr(survivors, "__len__"):
        raise TypeError(f"{func}: survivors must be counts (a list or array), a dict of "
                        f"cohorts or a DataFrame; got {type(survivors).__name__}")
    else:
        cohorts = {"cohort": survivors}
    if not cohorts:
        raise ValueError(f"{func}: survivors must hold at least one cohort; got none")
    out = {}
    for name, counts in cohorts.items():
        label = "survivors" if len(cohorts) == 1 else f"survivors of cohort {name!r}"
        try:
            counts = np.asarray(counts, dtype=float).ravel()
        except (TypeError, ValueError):
            raise TypeError(f"{func}: {label} must be numbers of customers; got "
                            f"{counts!r}") from None
        if len(counts) < 2:
            raise ValueError(f"{func}: {label} must give the cohort size and at least one "
                             f"renewal count, e.g. [1000, 631, 468]; got {counts.tolist()}")
        if not np.isfinite(counts).all() or (counts < 0).any() or \
                (counts != np.round(counts)).any():
            raise ValueError(f"{func}: {label} must be whole numbers of customers >= 0; got "
                             f"{counts.tolist()}")
        if (np.diff(counts) > 0).any() or counts[0] == 0:
            raise ValueError(f"{func}: {label} must start with the cohort size (> 0) and never "
                             f"rise (a cohort only loses customers); got {counts.tolist()}")
        out[name] = counts
    return out


def _customer_lifetimes(func, lifetimes, churned):
    t = np.asarray(lifetimes, dtype=float).ravel()
    c = np.asarray(churned).ravel()
    if len(t) != len(c):
        raise ValueError(f"{func}: lifetimes and churned must have the same length; got "
                         f"{len(t)} and {len(c)}")
    if len(t) == 0:
        raise ValueError(f"{func}: lifetimes must hold at least one customer; got none")
    if not np.isfinite(t).all() or (t < 1).any() or (t != np.round(t)).any():
        raise ValueError(f"{func}: lifetimes must be whole numbers of contract periods >= 1 "
                         f"(periods as a customer); got values such as "
                         f"{t[~np.isfinite(t) | (t < 1) | (t != np.round(t))][:3].tolist()}")
    if not np.isin(c, [0, 1, True, False]).all():
        raise ValueError(f"{func}: churned must be 0/1 or False/True (1 = did not renew at "
                         f"the end of the last period); got {np.unique(c)[:5].tolist()}")
    return t, c.astype(bool)


class _SBGLikelihood:
    """sBG log-likelihood of churn times (P(T = t)) and survivors (S(t)), with its gradient in
    log-parameters. Equal durations are grouped, so a cohort table costs a few terms."""

    def __init__(self, churn_t, churn_n, alive_t, alive_n):
        self.ct, self.cn, self.at, self.an = churn_t, churn_n, alive_t, alive_n

    def __call__(self, log_params):
        from scipy import special

        a, b = np.exp(log_params)
        psi_ab, psi_a, psi_b = special.digamma(a + b), special.digamma(a), special.digamma(b)
        ct, cn, at, an = self.ct, self.cn, self.at, self.an
        # P(T = t) = B(a + 1, b + t - 1) / B(a, b);  S(t) = B(a, b + t) / B(a, b)
        loglik = (cn @ (special.betaln(a + 1, b + ct - 1) - special.betaln(a, b))
                  + an @ (special.betaln(a, b + at) - special.betaln(a, b)))
        psi_c, psi_s = special.digamma(a + b + ct), special.digamma(a + b + at)
        grad = np.array([
            cn @ (special.digamma(a + 1) - psi_c - psi_a + psi_ab) + an @ (psi_ab - psi_s),
            cn @ (special.digamma(b + ct - 1) - psi_c - psi_b + psi_ab)
            + an @ (special.digamma(b + at) - psi_s - psi_b + psi_ab)]) * [a, b]
        if not np.isfinite(loglik) or not np.isfinite(grad).all():
            return np.inf, np.zeros(2)
        return -loglik, -grad


def _per_period_rate(func, discount, periods_per_year):
    check_number(discount, func, "discount", low=0)
    return (1 + discount) ** (1 / periods_per_year) - 1


@dataclass(frozen=True, repr=False)  # keep _MLFit's short repr
class ShiftedBetaGeometric(_PeriodicFit):
    """A fitted shifted beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007).

    Attributes
    ----------
    params : Series
        ``alpha``, ``beta``: the churn probability at each renewal is Beta(alpha, beta)
        across customers; its mean is alpha / (alpha + beta).
    se : Series
        Standard errors (inverse Hessian, delta method).
    loglik : float
    n : int
        Customers (the cohort sizes plus the individual customers).
    converged : bool
    identified : Series
    notes : tuple of str
    periods_per_year : float
        Contract periods per year (1 for yearly contracts, 12 for monthly ones); discount
        rates given to the value methods are yearly and converted with it.
    cohorts : dict
        The survivor counts the model was fitted to, by cohort (empty for individual data).
    """

    cohorts: dict = None

    @property
    def mean_churn(self) -> float:
        """Mean churn probability at a renewal across new customers, alpha / (alpha + beta)."""
        a, b = self.params
        return float(a / (a + b))

    def survival(self, t):
        """S(t): the share of a new cohort still under contract after t renewals (t >= 0)."""
        from scipy import special

        a, b = self.params
        t = np.asarray(t, dtype=float)
        return np.exp(special.betaln(a, b + t) - special.betaln(a, b))

    def retention(self, t):
        """r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1): the share of the
        customers due for their t-th renewal who renew (t >= 1); it rises with t."""
        a, b = self.params
        t = np.asarray(t, dtype=float)
        return (b + t - 1) / (a + b + t - 1)

    def project(self, periods: int, cohort_size: float = 1.0) -> pd.DataFrame:
        """The retention curve of a new cohort over ``periods`` renewals.

        Returns
        -------
        DataFrame
            Indexed by ``period`` 0..periods: ``survival`` S(t), ``retention`` r(t) (NaN at
            0) and ``customers`` (cohort_size x S(t)).
        """
        from .._validate import check_int

        check_int(periods, "project", "periods", low=1)
        check_number(cohort_size, "project", "cohort_size", low=0)
        t = np.arange(periods + 1)
        out = pd.DataFrame({"survival": self.survival(t),
                            "retention": np.where(t > 0, self.retention(np.maximum(t, 1)),
                                                  np.nan)}, index=pd.Index(t, name="period"))
        out["customers"] = cohort_size * out["survival"]
        return out

    def retention_table(self) -> pd.DataFrame:
        """Observed against fitted retention for every cohort the model was fitted to.

        Returns
        -------
        DataFrame
            One row per cohort and renewal: ``cohort``, ``period``, ``observed`` and
            ``fitted`` survival (share of the cohort) and ``observed_retention``,
            ``fitted_retention`` (share of the previous period's customers who renewed).
        """
        rows = []
        for name, counts in (self.cohorts or {}).items():
            t = np.arange(1, len(counts))
            rows.append(pd.DataFrame({
                "cohort": name, "period": t, "observed": counts[1:] / counts[0],
                "fitted": self.survival(t),
                "observed_retention": counts[1:] / np.where(counts[:-1] > 0, counts[:-1], np.nan),
                "fitted_retention": self.retention(t)}))
        if not rows:
            raise ValueError("retention_table: the model was fitted to individual lifetimes, "
                             "not to cohort survivor counts; use project() instead")
        return pd.concat(rows, ignore_index=True)

    def derl(self, renewals, *, discount: float = 0.1):
        """Discounted expected residual lifetime of a customer who has made ``renewals``
        renewals and is about to decide on the next one, in contract periods.

        .. math:: DERL = \\frac{\\beta + n}{\\alpha + \\beta + n}\\,
                  {}_2F_1\\!\\left(1, \\beta + n + 1; \\alpha + \\beta + n + 1;
                  \\frac{1}{1 + d}\\right)

        with n = ``renewals`` and d the discount rate per contract period (Fader & Hardie
        2010, eq. 6, whose "n - 1 renewals" is our n). The payment at the coming renewal
        counts undiscounted if the customer renews.

        Parameters
        ----------
        renewals : int or array-like
            Renewals already made (0 for a customer in the first contract period).
        discount : float, default=0.1
            **Yearly** discount rate; converted to the contract period with
            ``periods_per_year``.
        """
        from scipy import special

        func = "derl"
        n = np.asarray(renewals, dtype=float)
        if not np.isfinite(n).all() or (n < 0).any() or (n != np.round(n)).any():
            raise ValueError(f"{func}: renewals must be whole numbers >= 0; got {renewals!r}")
        d = _per_period_rate(func, discount, self.periods_per_year)
        a, b = self.params
        return (b + n) / (a + b + n) * special.hyp2f1(1, b + n + 1, a + b + n + 1, 1 / (1 + d))

    def discounted_expected_lifetime(self, *, discount: float = 0.1) -> float:
        """DEL of a new customer in contract periods, her first payment undiscounted:
        :math:`{}_2F_1(1, \\beta; \\alpha + \\beta; 1 / (1 + d))` (Fader & Hardie 2010, eq. 5)."""
        from scipy import special

        d = _per_period_rate("discounted_expected_lifetime", discount, self.periods_per_year)
        a, b = self.params
        return float(special.hyp2f1(1, b, a + b, 1 / (1 + d)))

    def clv(self, value, *, renewals=None, discount: float = 0.1):
        """Value of a contract customer: ``value`` per contract period times DEL (a new
        customer, ``renewals=None``) or DERL (a customer with that many renewals made).

        Parameters
        ----------
        value : float or array-like
            Margin per contract period, in money (e.g. yuan per year for yearly contracts).
        renewals : int or array-like, optional
        discount : float, default=0.1
            Yearly discount rate.
        """
        value = np.asarray(value, dtype=float)
        if not np.isfinite(value).all():
            raise ValueError(f"clv: value must be finite; got {value!r}")
        if renewals is None:
            return value * self.discounted_expected_lifetime(discount=discount)
        return value * self.derl(renewals, discount=discount)


def fit_sbg(survivors=None, *, lifetimes=None, churned=None,
            periods_per_year: float = 1.0) -> ShiftedBetaGeometric:
    """Fit the shifted beta-geometric (sBG) model of contract renewals by maximum likelihood.

    Parameters
    ----------
    survivors : array-like, dict or DataFrame, optional
        A cohort's customers under contract at the start (period 0) and after each renewal,
        e.g. ``[1000, 631, 468, 382]``; a dict or the columns of a DataFrame give several
        cohorts (of any length, NaN-padded) that share the parameters.
    lifetimes : array-like, optional
        Per customer: contract periods as a customer (>= 1).
    churned : array-like of bool, optional
        Per customer: True if she did not renew at the end of her last period, False if she
        is still under contract (censored).
    periods_per_year : float, default=1
        Contract periods per year (1 for yearly contracts, 12 for monthly ones). Printed
        with the result and used to turn yearly discount rates into per-period ones.

    Returns
    -------
    ShiftedBetaGeometric

    Notes
    -----
    A customer leaves at each renewal with probability :math:`\\theta`, so her lifetime is
    geometric; :math:`\\theta \\sim Beta(\\alpha, \\beta)` across customers gives

    .. math:: P(T = t) = \\frac{B(\\alpha + 1, \\beta + t - 1)}{B(\\alpha, \\beta)}, \\qquad
              S(t) = \\frac{B(\\alpha, \\beta + t)}{B(\\alpha, \\beta)}

    (Fader & Hardie 2007, "How to project customer retention", J. Interactive Marketing
    21(1), eqs. 2-3). A cohort table contributes :math:`(n_{t-1} - n_t)\\log P(T = t)` for
    each period and :math:`n_{last} \\log S(last)` for those still active. The fit is
    polished as :func:`fit_bgnbd`'s (Newton steps to 1e-8); when churn hardly varies
    across customers alpha and beta run off together and the fit says so.

    Examples
    --------
    >>> fit = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> fit
    ShiftedBetaGeometric(params={'alpha': 0.7041, 'beta': 1.182}, loglik=-1680.27, n=1000, periods_per_year=1)
    >>> fit.project(3)["survival"].round(3).tolist()
    [1.0, 0.627, 0.474, 0.388]
    """
    func = "fit_sbg"
    if survivors is None and lifetimes is None:
        raise ValueError(f"{func}: survivors or lifetimes (with churned) must be given; got "
                         f"neither")
    if (lifetimes is None) != (churned is None):
        raise ValueError(f"{func}: lifetimes and churned must be given together")
    check_number(periods_per_year, func, "periods_per_year", low=0)
    if periods_per_year <= 0:
        raise ValueError(f"{func}: periods_per_year must be > 0; got {periods_per_year!r}")
    churn_t, churn_n, alive_t, alive_n, n = [], [], [], [], 0
    cohorts = {}
    if survivors is not None:
        cohorts = _survivor_table(func, survivors)
        for counts in cohorts.values():
            t = np.arange(1, len(counts))
            churn_t.append(t)
            churn_n.append(counts[:-1] - counts[1:])
            alive_t.append([len(counts) - 1])
            alive_n.append([counts[-1]])
            n += int(counts[0])
    if lifetimes is not None:
        t, c = _customer_lifetimes(func, lifetimes, churned)
        for values, out_t, out_n in ((t[c], churn_t, churn_n), (t[~c], alive_t, alive_n)):
            u, k = np.unique(values, return_counts=True)
            out_t.append(u)
            out_n.append(k.astype(float))
        n += len(t)
    churn_t, churn_n = np.concatenate(churn_t).astype(float), np.concatenate(churn_n)
    alive_t, alive_n = np.concatenate(alive_t).astype(float), np.concatenate(alive_n)
    if churn_n.sum() == 0:
        raise ValueError(f"{func}: nobody churned, so the churn probability is not identified "
                         f"(it could be zero); wait for a renewal with losses")
    if alive_n.sum() == 0 and (churn_t == 1).all():
        raise ValueError(f"{func}: every customer churned at the first renewal, so retention "
                         f"is zero and nothing varies to fit")
    likelihood = _SBGLikelihood(churn_t, churn_n, alive_t, alive_n)
    with np.errstate(all="ignore"):
        fit = _fit_result(ShiftedBetaGeometric, func, likelihood, np.zeros(2),
                          ["alpha", "beta"], n, hints=_SBG_HINTS,
                          advice="Report the mean churn (.mean_churn) and the projected "
                                 "survival, which are identified, and not alpha and beta")
    return replace(fit, periods_per_year=float(periods_per_year), cohorts=cohorts)


def contract_survivors(contracts: pd.DataFrame, *, cohort: str = "signed_year",
                       tenure: str = "years_under_contract",
                       churned: str = "churned") -> pd.DataFrame:
    """Each cohort's contracts still under contract at signing and after each renewal date.

    Parameters
    ----------
    contracts : DataFrame
        One row per contract.
    cohort : str, default="signed_year"
        The cohort a contract belongs to (e.g. the year it was signed); contracts of one
        cohort must have faced the same renewal dates.
    tenure : str, default="years_under_contract"
        Contract periods served by the observation day (whole numbers >= 1): the period
        in which a churned contract did not renew, or the renewal dates an active one has
        passed.
    churned : str, default="churned"
        True (1) if the contract did not renew at the end of its last period, False (0) if
        it is still under contract.

    Returns
    -------
    DataFrame
        Indexed by ``period`` 0, 1, ... (renewal dates passed), one column per cohort:
        the contracts under contract, NaN after the cohort's last renewal date. This is
        the survivor table :func:`fit_sbg` takes.

    Raises
    ------
    ValueError
        When the columns are missing or not numbers of periods, or when the active
        contracts of one cohort have served different periods (then the cohort did not
        face the same renewal dates: fit ``fit_sbg(lifetimes=, churned=)`` instead).

    Notes
    -----
    A cohort of n contracts that has faced k renewal dates gives
    :math:`n_t = \\#\\{i: \\text{not churned at a date} \\le t\\}` for t = 0..k, the
    data of Fader & Hardie (2007, table 1).

    Examples
    --------
    >>> contracts = pd.DataFrame({"signed_year": [2022, 2022, 2022, 2023, 2023],
    ...                           "years_under_contract": [1, 3, 3, 1, 2],
    ...                           "churned": [True, False, False, True, False]})
    >>> contract_survivors(contracts)
    cohort  2022  2023
    period            
    0        3.0   2.0
    1        2.0   1.0
    2        2.0   1.0
    3        2.0   NaN
    """
    func = "contract_survivors"
    check_columns(contracts, [cohort, tenure, churned], func, "contracts")
    check_rows(contracts, func, "contracts")
    if contracts[cohort].isna().any():
        raise ValueError(f"{func}: column {cohort!r} has missing cohorts")
    served = _numeric(contracts, tenure, func)
    if (served < 1).any() or (served != np.round(served)).any():
        raise ValueError(f"{func}: column {tenure!r} must hold whole numbers of contract "
                         f"periods >= 1; got values such as "
                         f"{served[(served < 1) | (served != np.round(served))][:3].tolist()}")
    gone = _binary(contracts, churned, func).astype(bool)
    columns = {}
    for name, rows in pd.Series(np.arange(len(served))).groupby(
            contracts[cohort].to_numpy(), sort=True):
        life, left = served[rows.to_numpy()], gone[rows.to_numpy()]
        active = np.unique(life[~left])
        if len(active) > 1 or (len(active) and life[left].max(initial=0) > active[0]):
            raise ValueError(f"{func}: the contracts of cohort {name!r} have not all faced the "
                             f"same renewal dates (active ones served {active.tolist()} "
                             f"periods); a survivor table needs one horizon per cohort: use "
                             f"fit_sbg(lifetimes=..., churned=...) instead")
        horizon = int(active[0]) if len(active) else int(life.max())
        t = np.arange(horizon + 1)
        columns[name] = pd.Series((~(left[:, None] & (life[:, None] <= t))).sum(axis=0),
                                  index=t, dtype=float)
    out = pd.DataFrame(columns)
    out.index.name, out.columns.name = "period", "cohort"
    return out
