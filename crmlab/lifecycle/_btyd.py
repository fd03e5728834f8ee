"""Lifetime value by probability model: the RFM summary, BG/NBD and Gamma-Gamma (scipy)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .. import _mle
from .._validate import (check_array, check_choice, check_columns, check_date, check_number,
                         check_rows)
from ._common import _dates, _numeric

__all__ = ["rfm_summary", "transaction_times", "fit_bgnbd", "BGNBD", "fit_gamma_gamma", "GammaGamma"]


def rfm_summary(orders: pd.DataFrame, asof, freq: str = "W", *, value: str = "net_revenue",
                customer: str = "customer_id", date: str = "date") -> pd.DataFrame:
    """Frequency, recency, T and mean monetary value per customer, in the model's time units.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer``, ``date`` and ``value``.
    asof : str or date
        End of the calibration period; later orders are ignored.
    freq : {"D", "W", "M", "Q", "Y"}, default="W"
        Time unit: all purchases of a customer in one day (week, month, quarter, year) are
        one transaction. Quarters and years read the order book as discrete purchase
        occasions, for :func:`fit_bgbb`: frequency, recency and T are then its x, t_x and n.
    value : str, default="net_revenue"
    customer, date : str

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency`` (repeat transactions: transactions - 1),
        ``recency`` (time from the first to the last transaction), ``T`` (time from the
        first transaction to ``asof``), ``monetary`` (mean value of the repeat
        transactions, 0 when there is none), in units of ``freq``.

    Notes
    -----
    These are the sufficient statistics (x, t_x, T) of the BG/NBD and Pareto/NBD models
    (Fader, Hardie & Lee 2005) and :math:`\\bar z` of the Gamma-Gamma spend model.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-02-05", "2024-01-08"]),
    ...     "net_revenue": [10.0, 20.0, 40.0, 5.0]})
    >>> rfm_summary(orders, "2024-03-04")
                 frequency  recency  T  monetary
    customer_id                                 
    a                    2        5  9      30.0
    b                    0        0  8       0.0
    """
    func = "rfm_summary"
    check_columns(orders, [customer, date, value], func, "orders")
    check_rows(orders, func, "orders")
    check_choice(freq, list(_FREQ_UNITS), func, "freq")
    end = check_date(asof, func, "asof")
    when = _dates(orders, date, func)
    if end < when.min():
        raise ValueError(f"{func}: asof {end.date()} is before the first order "
                         f"({when.min().date()})")
    keep = (when <= end).to_numpy()
    amount = _numeric(orders, value, func)[keep]
    ordinal = when[keep].dt.to_period(freq).map(lambda p: p.ordinal).to_numpy()
    tx = pd.DataFrame({"c": orders[customer].to_numpy()[keep], "p": ordinal, "v": amount}
                      ).groupby(["c", "p"], sort=True)["v"].sum().reset_index()
    g = tx.groupby("c")
    first_value = g["v"].first()
    out = pd.DataFrame({"frequency": g.size() - 1, "recency": g["p"].max() - g["p"].min(),
                        "T": pd.Period(end, freq).ordinal - g["p"].min()})
    repeat = g["v"].sum() - first_value
    out["monetary"] = (repeat / out["frequency"].where(out["frequency"] > 0)).fillna(0.0)
    out.index.name = customer
    out.attrs["time_unit"] = _FREQ_UNITS[freq]
    return out


def transaction_times(orders: pd.DataFrame, freq: str = "W", *, origin=None,
                      customer: str = "customer_id", date: str = "date") -> pd.DataFrame:
    """Every customer's transactions on one calendar clock, for :func:`repeat_tracking`.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer`` and ``date``.
    freq : {"D", "W", "M", "Q", "Y"}, default="W"
        Time unit, as in :func:`rfm_summary`: all purchases of a customer in one week (day,
        month, ...) are one transaction.
    origin : str or date, optional
        Time 0 of the clock; by default the period of the first order. It must not come
        after the first order.
    customer, date : str

    Returns
    -------
    DataFrame
        One row per customer and period with a purchase, sorted by customer and time:
        ``customer``, ``time`` (whole periods since ``origin``) and ``repeat`` (False for
        each customer's first transaction, True for the repeat ones). ``attrs["time_unit"]``
        names the unit.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-02-05", "2024-01-08"])})
    >>> transaction_times(orders)
      customer_id  time  repeat
    0           a     0   False
    1           a     5    True
    2           b     1   False
    """
    func = "transaction_times"
    check_columns(orders, [customer, date], func, "orders")
    check_rows(orders, func, "orders")
    check_choice(freq, list(_FREQ_UNITS), func, "freq")
    when = _dates(orders, date, func)
    if orders[customer].isna().any():
        raise ValueError(f"{func}: column {customer!r} has missing customers")
    ordinal = when.dt.to_period(freq).map(lambda p: p.ordinal).to_numpy()
    if origin is None:
        start = int(ordinal.min())
    else:
        first = check_date(origin, func, "origin")
        start = pd.Period(first, freq).ordinal
        if start > ordinal.min():
            raise ValueError(f"{func}: origin {first.date()} is after the first order "
                             f"({when.min().date()}); times would be negative")
    out = (pd.DataFrame({customer: orders[customer].to_numpy(), "time": ordinal - start})
           .drop_duplicates().sort_values([customer, "time"], kind="stable")
           .reset_index(drop=True))
    out["repeat"] = out[customer].duplicated()
    out.attrs["time_unit"] = _FREQ_UNITS[freq]
    return out


_FREQ_UNITS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _time_unit(func, time_unit, *data):
    """The time unit of a fit: the one given, else the one rfm_summary recorded on the data
    (``attrs["time_unit"]``), else weeks; a unit that contradicts the data's is refused."""
    from ._pnbd import TIME_UNITS

    carried = {getattr(d, "attrs", {}).get("time_unit") for d in data} - {None}
    if len(carried) > 1:
        raise ValueError(f"{func}: recency and T come in different time units "
                         f"{sorted(carried)}; summarise them with one rfm_summary call")
    if time_unit is None:
        time_unit = carried.pop() if carried else "week"
    check_choice(time_unit, list(TIME_UNITS), func, "time_unit")
    if carried and time_unit not in carried:
        raise ValueError(f"{func}: time_unit={time_unit!r} but the data were summarised in "
                         f"{carried.pop()}s by rfm_summary; pass that unit or leave "
                         f"time_unit out")
    return time_unit


def _rfm_arrays(func, frequency, recency=None, T=None, *, monetary=...):
    arrays = []
    given = ({"frequency": frequency, "monetary": monetary} if monetary is not ...
             else {"frequency": frequency, "recency": recency, "T": T})
    for name, x in given.items():
        a = check_array(x, func, name)
        if not np.isfinite(a).all():
            raise ValueError(f"{func}: {name} has missing or infinite values")
        if (a < 0).any():
            raise ValueError(f"{func}: {name} has negative values")
        arrays.append(a)
    if len({len(a) for a in arrays}) > 1:
        raise ValueError(f"{func}: frequency, recency and T must have the same length; got "
                         f"{[len(a) for a in arrays]}")
    if len(arrays[0]) == 0:
        raise ValueError(f"{func}: no customers")
    x = arrays[0]
    if (x != np.round(x)).any():
        raise ValueError(f"{func}: frequency must count repeat transactions (whole numbers)")
    if len(arrays) == 3:
        _, tx, t = arrays
        if (tx > t + 1e-9).any():
            raise ValueError(f"{func}: {int((tx > t + 1e-9).sum())} customers have recency > T; "
                             f"the last purchase cannot come after the end of the period")
        if ((x > 0) & (tx <= 0)).any():
            raise ValueError(f"{func}: {int(((x > 0) & (tx <= 0)).sum())} customers have "
                             f"frequency > 0 with recency 0; a repeat purchase comes after the "
                             f"first")
        if ((x == 0) & (tx > 0)).any():
            raise ValueError(f"{func}: customers with frequency 0 must have recency 0")
    return arrays


_BGNBD_HINTS = {
    frozenset({"r", "alpha"}): "the purchase rate hardly varies across customers, and only "
                               "its mean r/alpha is identified",
    frozenset({"a", "b"}): "the dropout probability hardly varies across customers, and only "
                           "its mean a/(a+b) is identified",
}


class _BGNBDLikelihood:
    """BG/NBD log-likelihood of a sample and its gradient in log-parameters.

    Customers without repeat purchases contribute :math:`r \\log\\alpha - r\\log(\\alpha+T)`
    only. For the others, the gamma and beta functions depend on x alone and are
    computed once per distinct x; per customer only logs and exponentials remain.
    """

    def __init__(self, x, tx, T):
        repeat = x > 0
        self.n, self.T0 = len(x), T[~repeat]
        self.x, self.tx, self.T = x[repeat], tx[repeat], T[repeat]
        self.xs, self.index, self.count = np.unique(self.x, return_inverse=True,
                                                    return_counts=True)
        self._cache = (None, None)

    def __call__(self, log_params):
        """Negative log-likelihood and its gradient with respect to the log-parameters."""
        if self._cache[0] is not None and np.array_equal(self._cache[0], log_params):
            return self._cache[1]
        from scipy import special

        r, alpha, a, b = np.exp(log_params)
        xs, ix, count, x, tx, T = self.xs, self.index, self.count, self.x, self.tx, self.T
        # every customer: Gamma(r + x) alpha^r / Gamma(r); without repeat purchases also
        # (alpha + T)^-r, the beta terms being 1
        log_T0 = np.log(alpha + self.T0)
        loglik = (self.n * r * np.log(alpha) - r * log_T0.sum()
                  + count @ (special.gammaln(r + xs) - special.gammaln(r)))
        grad = np.array([self.n * np.log(alpha) - log_T0.sum()
                         + count @ (special.digamma(r + xs) - special.digamma(r)),
                         self.n * r / alpha - r * np.sum(1 / (alpha + self.T0)), 0.0, 0.0])
        # repeat buyers: alive at T (A2) or dropped out after the last purchase (A3)
        beta_ab = special.betaln(a, b)
        psi_ab, psi_abx = special.digamma(a + b), special.digamma(a + b + xs)
        b2 = special.betaln(a, b + xs) - beta_ab
        b3 = special.betaln(a + 1, b + xs - 1) - beta_ab
        d2a, d3a = psi_ab - psi_abx, special.digamma(a + 1) - special.digamma(a) + psi_ab - psi_abx
        d2b = special.digamma(b + xs) - psi_abx - special.digamma(b) + psi_ab
        d3b = special.digamma(b + xs - 1) - psi_abx - special.digamma(b) + psi_ab
        log_T, log_tx = np.log(alpha + T), np.log(alpha + tx)
        rx = r + x
        a2, a3 = b2[ix] - rx * log_T, b3[ix] - rx * log_tx
        both = np.logaddexp(a2, a3)
        w3 = np.exp(a3 - both)  # posterior weight of "dropped out after the last purchase"
        w2 = 1 - w3
        w3_by_x = np.bincount(ix, weights=w3, minlength=len(xs))
        loglik += both.sum()
        grad += [-np.sum(w2 * log_T) - np.sum(w3 * log_tx),
                 -np.sum(rx * (w2 / (alpha + T) + w3 / (alpha + tx))),
                 count @ d2a + w3_by_x @ (d3a - d2a), count @ d2b + w3_by_x @ (d3b - d2b)]
        grad *= [r, alpha, a, b]
        if not np.isfinite(loglik) or not np.isfinite(grad).all():
            result = (np.inf, np.zeros(4))
        else:
            result = (-loglik, -grad)
        self._cache = (np.array(log_params, copy=True), result)
        return result


@dataclass(frozen=True, repr=False)
class _MLFit:
    """Fields, repr and summary shared by the maximum-likelihood fits below."""

    params: pd.Series
    se: pd.Series
    loglik: float
    n: int
    converged: bool
    identified: pd.Series
    notes: tuple = ()

    def __repr__(self):
        shown = {k: _mle.significant(v) if self.identified[k] else "not identified"
                 for k, v in self.params.items()}
        params = "{" + ", ".join(f"{k!r}: {v}" for k, v in shown.items()) + "}"
        return f"{type(self).__name__}(params={params}, loglik={self.loglik:.2f}, n={self.n})"

    def summary(self) -> pd.DataFrame:
        """Estimates and standard errors to four significant digits (NaN where the data do
        not identify a parameter), with the log-likelihood and sample size in ``attrs``."""
        out = _mle.round_significant(pd.concat([self.params.where(self.identified),
                                                self.se.where(self.identified)], axis=1))
        out.attrs = {"loglik": self.loglik, "customers": self.n, "notes": list(self.notes)}
        return out


@dataclass(frozen=True, repr=False)  # keep _MLFit's short repr
class _PeriodicFit(_MLFit):
    """A fit in discrete periods (renewals, occasions), ``periods_per_year`` of them a year,
    which its repr and summary state."""

    periods_per_year: float = 1.0

    def __repr__(self):
        base = super().__repr__()
        return f"{base[:-1]}, periods_per_year={_mle.significant(self.periods_per_year)})"

    def summary(self):
        """As :meth:`fit_bgnbd`'s summary, with ``periods_per_year`` in ``attrs`` too."""
        out = super().summary()
        out.attrs["periods_per_year"] = self.periods_per_year
        return out


def _fit_result(cls, func, objective, start, names, n, *, hints, advice, log_scale=None):
    """Maximise, check identification, warn, and build the result object."""
    fit = _mle.maximize(objective, start)
    problems = _mle.flat_directions(fit.hessian, names, hints)
    flat = {name for involved, _ in problems for name in involved}
    bound = [name for name in _mle.boundary_parameters(fit.log_params, names) if name not in flat]
    if frozenset(bound) in hints:
        problems.append((tuple(bound), f"{' and '.join(bound)} run off together: "
                                       f"{hints[frozenset(bound)]}"))
    else:
        problems += [((name,), f"{name} runs towards "
                               f"{'infinity' if fit.log_params[names.index(name)] > 0 else 'zero'}")
                     for name in bound]
    if not problems:  # a ridge or boundary the curvature test missed: where it was heading
        problems = _mle.running_off(fit, names, hints)
    notes = [message for _, message in problems]
    unidentified = {name for involved, _ in problems for name in involved}
    identified = pd.Series([name not in unidentified for name in names], index=names)
    _mle.warn_unidentified(func, notes, advice)
    log_params = fit.log_params + (0 if log_scale is None else np.asarray(log_scale))
    theta = np.exp(log_params)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(fit.hessian)
    se = theta * np.sqrt(np.clip(np.diag(cov), 0, None))
    return cls(params=pd.Series(theta, index=names, name="estimate"),
               se=pd.Series(se, index=names, name="se").where(identified),
               loglik=fit.loglik, n=n, converged=fit.converged and not notes,
               identified=identified, notes=tuple(notes))


@dataclass(frozen=True, repr=False)  # keep _MLFit's short repr
class BGNBD(_MLFit):
    """A fitted BG/NBD model of repeat buying (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    params : Series
        ``r``, ``alpha`` (gamma heterogeneity of the purchase rate), ``a``, ``b`` (beta
        heterogeneity of the dropout probability).
    se : Series
        Standard errors (inverse Hessian, delta method).
    loglik : float
        Log-likelihood of the whole sample.
    n : int
        Customers.
    converged : bool
    """

    time_unit: str = "week"

    def summary(self):
        """As :class:`_MLFit`'s summary, with ``time_unit`` in ``attrs`` too."""
        out = super().summary()
        out.attrs["time_unit"] = self.time_unit
        return out

    def expected_purchases(self, t):
        """E[X(t)]: expected purchases of a new customer in a period of length t."""
        from scipy import special

        r, alpha, a, b = self.params
        t = np.asarray(t, dtype=float)
        z = t / (alpha + t)
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                        * special.hyp2f1(r, b, a + b - 1, z))

    def probability_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T): the chance the customer has not dropped out by T."""
        x, tx, t = _rfm_arrays("probability_alive", frequency, recency, T)
        r, alpha, a, b = self.params
        odds = np.where(x > 0, a / (b + np.maximum(x, 1) - 1)
                        * ((alpha + t) / (alpha + tx)) ** (r + x), 0.0)
        return 1 / (1 + odds)

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T]: expected purchases in the next t time units."""
        from scipy import special

        x, tx, T_ = _rfm_arrays("conditional_expected_purchases", frequency, recency, T)
        r, alpha, a, b = self.params
        t = np.asarray(t, dtype=float)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T_ + t))
        part = 1 - ((alpha + T_) / (alpha + T_ + t)) ** (r + x) * hyp
        return (a + b + x - 1) / (a - 1) * part * self.probability_alive(x, tx, T_)

    def clv(self, frequency, recency, T, value, *, years: float = 3.0, discount: float = 0.1,
            periods_per_year: float | None = None):
        """Discounted value of each customer's expected purchases over the next ``years``.

        Parameters
        ----------
        frequency, recency, T : array-like
            As in the fit, in the model's time units.
        value : float or array-like
            Value per transaction (e.g. Gamma-Gamma expected spend x margin).
        years : float, default=3
        discount : float, default=0.1
            Yearly discount rate; monthly flows are discounted at (1 + discount)^(month/12).
        periods_per_year : float, optional
            The model's time units per year; by default those of the fit's ``time_unit``
            (52.18 for weeks, 12 for months, 365.25 for days). A number that contradicts
            the fit's unit by more than 1 % is refused.
        """
        from ._pnbd import TIME_UNITS

        check_number(years, "clv", "years", low=0)
        check_number(discount, "clv", "discount", low=0)
        per_unit = TIME_UNITS[self.time_unit]
        if periods_per_year is None:
            periods_per_year = per_unit
        check_number(periods_per_year, "clv", "periods_per_year", low=0)
        if abs(periods_per_year / per_unit - 1) > 0.01:
            raise ValueError(f"clv: periods_per_year={periods_per_year!r} contradicts the "
                             f"fit's time_unit {self.time_unit!r} ({per_unit:g} a year); leave "
                             f"it out, or fit with the unit the data are in")
        months = int(round(12 * years))
        steps = np.arange(months + 1) * periods_per_year / 12
        cum = np.stack([self.conditional_expected_purchases(s, frequency, recency, T)
                        for s in steps])
        flows = np.diff(cum, axis=0) / (1 + discount) ** (np.arange(1, months + 1)[:, None] / 12)
        return flows.sum(axis=0) * np.asarray(value, dtype=float)


def fit_bgnbd(frequency, recency, T, *, time_unit: str | None = None) -> BGNBD:
    """Fit the BG/NBD model by maximum likelihood (scipy).

    Parameters
    ----------
    frequency : array-like
        Repeat transactions x per customer.
    recency : array-like
        Time t_x of the last transaction since the first (0 when x = 0).
    T : array-like
        Time since the first transaction to the end of the calibration period.
    time_unit : {"day", "week", "month", "quarter", "year"}, optional
        The unit recency and T are counted in; by default the one :func:`rfm_summary`
        recorded on them, else "week". Kept with the result (``summary().attrs``) and used
        by :meth:`BGNBD.clv` to turn years into model time; a unit that contradicts the
        one rfm_summary recorded is refused.

    Returns
    -------
    BGNBD

    Notes
    -----
    While alive a customer buys at Poisson rate :math:`\\lambda \\sim Gamma(r, \\alpha)`;
    after each purchase she drops out with probability :math:`p \\sim Beta(a, b)`. The
    likelihood of one customer is

    .. math:: L = \\frac{B(a, b+x)}{B(a, b)}
              \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+T)^{r+x}}
              + \\delta_{x>0} \\frac{B(a+1, b+x-1)}{B(a, b)}
                \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+t_x)^{r+x}}

    (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
    24(2), eq. 3); on their CDNOW sample r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
    LL = -9582.4. BG/NBD is for **non-contractual** buying, where nobody tells the firm
    they left. Where customers sign and cancel contracts (subscriptions, framework
    agreements with call-offs every period) churn is observed: use :func:`survival` and
    :func:`fit_churn_hazard`. A warning is raised when most customers buy in nearly every
    period, which looks contractual.

    The fit runs BFGS on the log-parameters, then Newton steps until no parameter
    moves by more than 1e-8 (relative): the four significant digits the result prints are
    converged on every processor. Where the likelihood is flat (r and alpha, or a and b,
    growing together when purchase rates or dropout probabilities hardly vary) or a
    parameter runs to zero or infinity, the fit warns, prints those parameters as not
    identified and leaves their standard errors NaN.

    Examples
    --------
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30])
    >>> sorted(fit.params.index)
    ['a', 'alpha', 'b', 'r']
    """
    func = "fit_bgnbd"
    unit = _time_unit(func, time_unit, frequency, recency, T)
    x, tx, t = _rfm_arrays(func, frequency, recency, T)
    long = t >= 4
    regular = (x[long] >= 0.8 * t[long]).mean() if long.any() else 0.0
    if regular > 0.5:
        warnings.warn(f"{func}: {regular:.0%} of customers bought in nearly every period "
                      f"(frequency >= 0.8 T); the data look contractual. BG/NBD assumes "
                      f"non-contractual buying with unobserved dropout; for contracts use "
                      f"survival() or fit_churn_hazard()", UserWarning, stacklevel=2)
    likelihood = _BGNBDLikelihood(x, tx, t)
    with np.errstate(all="ignore"):  # the optimizer may try extreme parameters on its way
        fit = _fit_result(BGNBD, func, likelihood, np.zeros(4), ["r", "alpha", "a", "b"],
                          len(x), hints=_BGNBD_HINTS,
                          advice="Report what is identified (E[X(t)], P(alive)) and not "
                                 "the parameters; more customers or a longer calibration "
                                 "period may identify them")
    return replace(fit, time_unit=unit)


_GAMMA_GAMMA_HINTS = {
    frozenset({"q", "gamma"}): "customers' mean spends hardly differ beyond the spread of "
                               "single purchases, and only p and the mean spend "
                               "p gamma/(q-1) are identified",
}


@dataclass(frozen=True, repr=False)  # keep _MLFit's short repr
class GammaGamma(_MLFit):
    """A fitted Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    params : Series
        ``p``, ``q``, ``gamma``.
    se : Series
    loglik : float
    n : int
    converged : bool
    """

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, p gamma / (q - 1)."""
        p, q, g = self.params
        return float(p * g / (q - 1)) if q > 1 else np.inf

    def expected_monetary(self, frequency, monetary):
        """E[M | x, mean spend]: the spend per transaction to expect from each customer.

        It weighs the customer's mean :math:`\\bar z` against the population mean:
        :math:`p(\\gamma + x \\bar z) / (p x + q - 1)`; for x = 0 it is the population mean.
        """
        x, z = _rfm_arrays("expected_monetary", frequency, monetary=monetary)
        p, q, g = self.params
        return p * (g + x * z) / (p * x + q - 1)


def fit_gamma_gamma(frequency, monetary) -> GammaGamma:
    """Fit the Gamma-Gamma spend model by maximum likelihood (scipy).

    Parameters
    ----------
    frequency : array-like
        Repeat transactions x per customer, all > 0 (repeat buyers only).
    monetary : array-like
        Mean value :math:`\\bar z` of those repeat transactions, all > 0.

    Returns
    -------
    GammaGamma

    Notes
    -----
    Spend per transaction is gamma(p, ν) around a customer's mean, and ν ~ gamma(q, γ)
    across customers, so

    .. math:: f(\\bar z \\mid x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
              \\frac{\\gamma^q \\bar z^{px-1} x^{px}}{(\\gamma + x \\bar z)^{px+q}}

    (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4); Colombo & Jiang 1999). On the CDNOW repeat
    buyers p = 6.25, q = 3.74, gamma = 15.44. The model assumes spend does not depend on
    frequency: check their correlation first.

    Spend is rescaled by its mean while fitting, so gamma's currency does not matter; the
    fit converges as :func:`fit_bgnbd`'s does (steps below 1e-8). When customers' mean
    spends hardly differ, q and gamma run off together and only p and the mean spend
    :math:`p\\gamma/(q-1)` are identified: the fit warns and prints q and gamma as not
    identified.

    Examples
    --------
    300 customers whose spend rates vary (q = 4, gamma = 200, p = 3):

    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(1, 6, 300)
    >>> zbar = rng.gamma(3 * x, 1 / (x * rng.gamma(4, 1 / 200, 300)))
    >>> fit_gamma_gamma(x, zbar)
    GammaGamma(params={'p': 2.851, 'q': 5.595, 'gamma': 312.2}, loglik=-1791.55, n=300)
    """
    from scipy import special

    func = "fit_gamma_gamma"
    x, z = _rfm_arrays(func, frequency, monetary=monetary)
    if (x <= 0).any():
        raise ValueError(f"{func}: {int((x <= 0).sum())} customers have frequency 0; the model "
                         f"describes repeat spend, so keep the customers with frequency > 0")
    if (z <= 0).any():
        raise ValueError(f"{func}: monetary must be > 0; {int((z <= 0).sum())} values are not")

    # Spend is measured in units of its mean, so that gamma starts near 1 whatever the
    # currency; gamma scales back and the log-likelihood (a density of z) shifts by n log m.
    m = float(np.mean(z))
    zs = z / m
    # the terms in x alone are summed once per distinct x, those in z once per fit; long
    # vectors are summed elementwise (np.sum), not by BLAS dot products, whose threads cost
    # more than the sum on a busy machine
    xs, x_count = np.unique(x, return_counts=True)
    n = len(x)
    sum_xlogz, sum_logz = float(np.sum(x * np.log(zs))), float(np.log(zs).sum())
    sum_xlogx = float(np.sum(x * np.log(x)))

    def objective(log_params):
        p, q, g = np.exp(log_params)
        pu = p * xs
        log_gxz = np.log(g + x * zs)
        sum_l, sum_xl = log_gxz.sum(), np.sum(x * log_gxz)
        loglik = (x_count @ (special.gammaln(pu + q) - special.gammaln(pu))
                  - n * special.gammaln(q) + n * q * np.log(g) + p * (sum_xlogz + sum_xlogx)
                  - sum_logz - p * sum_xl - q * sum_l)
        psi = special.digamma(pu + q)
        grad = np.array([
            p * (x_count @ (xs * (psi - special.digamma(pu))) + sum_xlogz + sum_xlogx - sum_xl),
            q * (x_count @ psi - n * special.digamma(q) + n * np.log(g) - sum_l),
            g * (n * q / g - np.sum((p * x + q) / (g + x * zs)))])
        if not np.isfinite(loglik) or not np.isfinite(grad).all():
            return np.inf, np.zeros(3)
        return -loglik, -grad

    with np.errstate(all="ignore"):
        fit = _fit_result(GammaGamma, func, objective, np.zeros(3), ["p", "q", "gamma"], len(x),
                          hints=_GAMMA_GAMMA_HINTS, log_scale=[0.0, 0.0, np.log(m)],
                          advice="Use the mean spend (.mean_spend), which is identified, "
                                 "and not q and gamma")
    return replace(fit, loglik=fit.loglik - len(x) * np.log(m))
