"""Lifetime value by probability model: the Pareto/NBD model (Schmittlein, Morrison & Colombo
1987), continuous-time and non-contractual like BG/NBD, with dropout at any moment."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import _mle
from .._validate import check_number
from ._btyd import _fit_result, _MLFit, _rfm_arrays, _time_unit

__all__ = ["fit_pareto_nbd", "ParetoNBD", "TIME_UNITS"]

#: Time units a model's frequency, recency and T can be counted in, and how many make a year.
TIME_UNITS = {"day": 365.25, "week": 52.18, "month": 12.0, "quarter": 4.0, "year": 1.0}

_PNBD_HINTS = {
    frozenset({"r", "alpha"}): "the purchase rate hardly varies across customers, and only "
                               "its mean r/alpha is identified",
    frozenset({"s", "beta"}): "the dropout rate hardly varies across customers, and only "
                              "its mean s/beta is identified",
}


def _log_a0(r, alpha, s, beta, x, tx, T):
    """log A0 of Fader & Hardie's note (2005, eq. 19), the integral over the dropout time
    between the last purchase and T, through the Gauss hypergeometric function 2F1 of the
    smaller of (alpha - beta)/(alpha + t) or (beta - alpha)/(beta + t), so that its argument
    stays in [0, 1)."""
    from scipy import special

    rsx = r + s + x
    if alpha >= beta:
        top, gap, b = alpha, alpha - beta, s + 1
    else:
        top, gap, b = beta, beta - alpha, r + x
    h1 = special.hyp2f1(rsx, b, rsx + 1, gap / (top + tx))
    h2 = special.hyp2f1(rsx, b, rsx + 1, gap / (top + T))
    l1 = np.log(h1) - rsx * np.log(top + tx)
    l2 = np.log(h2) - rsx * np.log(top + T)
    # log(e^l1 - e^l2), l1 >= l2; equal when t_x = T (then A0 = 0)
    with np.errstate(divide="ignore"):
        return l1 + np.log1p(-np.exp(np.minimum(l2 - l1, 0.0)))


def _pnbd_loglik(params, x, tx, T):
    """Per-customer log-likelihood: Fader & Hardie (2005 note, eq. 22) in log-sum-exp form."""
    from scipy import special

    r, alpha, s, beta = params
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    dead = np.log(s) - np.log(r + s + x) + _log_a0(r, alpha, s, beta, x, tx, T)
    return (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
            + np.logaddexp(alive, dead))


class _ParetoNBDLikelihood:
    """Negative log-likelihood and its gradient in log-parameters. The gradient is a central
    difference (step 1e-4 in log-parameters, error of order 1e-8 relative), since the
    derivatives of 2F1 in its parameters have no closed form scipy offers.

    Customers share the terms of equal arguments: 2F1 is evaluated once per distinct
    (x, t_x) and (x, T) pair (all customers without repeat purchases share one (0, 0); a
    calibration period with one end shares T), which is most of the cost."""

    STEP = 1e-4

    def __init__(self, x, tx, T):
        self.x, self.tx, self.T = x, tx, T
        self.n = len(x)
        (self.x1, self.t1), self.i1 = self._pairs(x, tx)
        (self.x2, self.t2), self.i2 = self._pairs(x, T)
        self.xs, self.x_count = np.unique(x, return_counts=True)
        self.Ts, self.iT = np.unique(T, return_inverse=True)

    @staticmethod
    def _pairs(x, t):
        pairs, inverse = np.unique(np.column_stack([x, t]), axis=0, return_inverse=True)
        return pairs.T, inverse.ravel()

    def value(self, log_params):
        from scipy import special

        r, alpha, s, beta = np.exp(log_params)
        with np.errstate(all="ignore"):
            if alpha >= beta:
                top, gap = alpha, alpha - beta
                b1, b2 = s + 1, s + 1
            else:
                top, gap = beta, beta - alpha
                b1, b2 = r + self.x1, r + self.x2
            rsx1, rsx2 = r + s + self.x1, r + s + self.x2
            l1 = (np.log(special.hyp2f1(rsx1, b1, rsx1 + 1, gap / (top + self.t1)))
                  - rsx1 * np.log(top + self.t1))[self.i1]
            l2 = (np.log(special.hyp2f1(rsx2, b2, rsx2 + 1, gap / (top + self.t2)))
                  - rsx2 * np.log(top + self.t2))[self.i2]
            log_a0 = l1 + np.log1p(-np.exp(np.minimum(l2 - l1, 0.0)))
            x = self.x
            alive = (-(r + x) * np.log(alpha + self.Ts)[self.iT]
                     - s * np.log(beta + self.Ts)[self.iT])
            dead = np.log(s) - np.log(r + s + x) + log_a0
            ll = (self.x_count @ special.gammaln(r + self.xs)
                  + self.n * (r * np.log(alpha) + s * np.log(beta) - special.gammaln(r))
                  + np.logaddexp(alive, dead).sum())
        return -ll if np.isfinite(ll) else np.inf

    def hessian(self, log_params):
        """Second central differences of the log-likelihood (33 likelihoods instead of the
        72 that differences of the difference gradient take); relative error of order 1e-8,
        enough for Newton steps, whose fixed point the gradient decides."""
        h, k = self.STEP, len(log_params)
        e = np.eye(k) * h
        f0 = self.value(log_params)
        plus = np.array([self.value(log_params + e[i]) for i in range(k)])
        minus = np.array([self.value(log_params - e[i]) for i in range(k)])
        out = np.diag((plus - 2 * f0 + minus) / h ** 2)
        for i in range(k):
            for j in range(i + 1, k):
                out[i, j] = out[j, i] = (
                    self.value(log_params + e[i] + e[j]) - self.value(log_params + e[i] - e[j])
                    - self.value(log_params - e[i] + e[j])
                    + self.value(log_params - e[i] - e[j])) / (4 * h ** 2)
        return out

    def __call__(self, log_params):
        f = self.value(log_params)
        if not np.isfinite(f):
            return np.inf, np.zeros(4)
        steps = np.eye(4) * self.STEP
        grad = np.array([(self.value(log_params + e) - self.value(log_params - e))
                         / (2 * self.STEP) for e in steps])
        if not np.isfinite(grad).all():
            return np.inf, np.zeros(4)
        return f, grad


@dataclass(frozen=True, repr=False)  # keep _MLFit's short repr
class ParetoNBD(_MLFit):
    """A fitted Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987).

    Attributes
    ----------
    params : Series
        ``r``, ``alpha`` (gamma heterogeneity of the purchase rate), ``s``, ``beta`` (gamma
        heterogeneity of the dropout rate), in ``time_unit``.
    se : Series
    loglik : float
    n : int
    converged : bool
    identified : Series
    notes : tuple of str
    time_unit : str
        What frequency, recency and T were counted in ("week" etc.); every rate, ``t`` and
        horizon of the methods is in this unit.
    """

    time_unit: str = "week"

    def __repr__(self):
        base = super().__repr__()
        return f"{base[:-1]}, time_unit={self.time_unit!r})"

    def summary(self):
        """As :meth:`fit_bgnbd`'s summary, with ``time_unit`` in ``attrs`` too."""
        out = super().summary()
        out.attrs["time_unit"] = self.time_unit
        return out

    @property
    def periods_per_year(self) -> float:
        """Time units per year (52.18 for weeks)."""
        return TIME_UNITS[self.time_unit]

    def expected_purchases(self, t):
        """E[X(t)]: repeat purchases of a new customer in her first t time units,
        :math:`\\frac{r\\beta}{\\alpha(s-1)}[1 - (\\beta/(\\beta+t))^{s-1}]`."""
        r, alpha, s, beta = self.params
        t = np.asarray(t, dtype=float)
        if abs(s - 1) < 1e-10:
            return r * beta / alpha * np.log1p(t / beta)
        return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))

    def probability_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)
        (Fader & Hardie 2005 note, eq. 18), computed in logs."""
        x, tx, t = _rfm_arrays("probability_alive", frequency, recency, T)
        r, alpha, s, beta = self.params
        with np.errstate(all="ignore"):
            log_odds = (np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + t)
                        + s * np.log(beta + t) + _log_a0(r, alpha, s, beta, x, tx, t))
        return 1 / (1 + np.exp(log_odds))

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T]: expected purchases in the next t time units,
        :math:`\\frac{(r+x)(\\beta+T)}{(\\alpha+T)(s-1)}[1 - (\\frac{\\beta+T}{\\beta+T+t})^{s-1}]
        P(alive)` (Fader & Hardie 2005 note, eq. 21)."""
        x, tx, T_ = _rfm_arrays("conditional_expected_purchases", frequency, recency, T)
        r, alpha, s, beta = self.params
        t = np.asarray(t, dtype=float)
        if abs(s - 1) < 1e-10:
            part = np.log1p(t / (beta + T_))
        else:
            part = (1 - ((beta + T_) / (beta + T_ + t)) ** (s - 1)) / (s - 1)
        return (r + x) * (beta + T_) / (alpha + T_) * part * self.probability_alive(x, tx, T_)

    def clv(self, frequency, recency, T, value, *, years: float = 3.0, discount: float = 0.1):
        """Discounted value of each customer's expected purchases over the next ``years``.

        Monthly flows of expected purchases (in the fit's ``time_unit``, converted with
        :data:`TIME_UNITS`) are discounted at (1 + discount)^(month/12).

        Parameters
        ----------
        frequency, recency, T : array-like
            In the fit's ``time_unit``.
        value : float or array-like
            Margin per transaction, in money.
        years : float, default=3
        discount : float, default=0.1
            Yearly discount rate.
        """
        check_number(years, "clv", "years", low=0)
        check_number(discount, "clv", "discount", low=0)
        months = int(round(12 * years))
        steps = np.arange(months + 1) * self.periods_per_year / 12
        cum = np.stack([self.conditional_expected_purchases(s, frequency, recency, T)
                        for s in steps])
        flows = np.diff(cum, axis=0) / (1 + discount) ** (np.arange(1, months + 1)[:, None] / 12)
        return flows.sum(axis=0) * np.asarray(value, dtype=float)


def fit_pareto_nbd(frequency, recency, T, *, time_unit: str | None = None) -> ParetoNBD:
    """Fit the Pareto/NBD model by maximum likelihood (scipy).

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
        recorded on them, else "week". Printed with the result and used by
        :meth:`ParetoNBD.clv` to turn years into model time; a unit that contradicts the
        one rfm_summary recorded is refused.

    Returns
    -------
    ParetoNBD

    Notes
    -----
    While alive a customer buys at Poisson rate :math:`\\lambda \\sim Gamma(r, \\alpha)`
    and drops out after an exponential lifetime of rate :math:`\\mu \\sim Gamma(s, \\beta)`.
    One customer's likelihood is

    .. math:: L = \\frac{\\Gamma(r+x)\\alpha^r\\beta^s}{\\Gamma(r)}
              \\left[\\frac{1}{(\\alpha+T)^{r+x}(\\beta+T)^s} + \\frac{s}{r+s+x} A_0\\right]

    with :math:`A_0` a difference of two Gauss hypergeometric functions (Fader & Hardie
    2005, "A note on deriving the Pareto/NBD model and related expressions", eqs. 19-22;
    Schmittlein, Morrison & Colombo 1987, Management Science 33(1)). It is summed as
    log-sum-exp so that customers with many purchases do not overflow. On the CDNOW sample
    r = 0.553, alpha = 10.58, s = 0.606, beta = 11.67, LL = -9595.0.

    The gradient is a central difference of the log-likelihood; the fit is polished with
    Newton steps as :func:`fit_bgnbd`'s and says when r and alpha (or s and beta) are not
    identified.

    Examples
    --------
    500 customers simulated over 52 weeks (r = 0.55, alpha = 10.6, s = 0.6, beta = 12):

    >>> rng = np.random.default_rng(0)
    >>> n, T = 500, 52.0
    >>> until = np.minimum(rng.exponential(1 / rng.gamma(0.6, 1 / 12, n)), T)
    >>> x = rng.poisson(rng.gamma(0.55, 1 / 10.6, n) * until)
    >>> tx = np.where(x > 0, until * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    >>> fit_pareto_nbd(x, tx, np.full(n, T), time_unit="week")
    ParetoNBD(params={'r': 0.4831, 'alpha': 9.79, 's': 0.8708, 'beta': 22.66}, loglik=-2776.52, n=500, time_unit='week')
    """
    func = "fit_pareto_nbd"
    time_unit = _time_unit(func, time_unit, frequency, recency, T)
    x, tx, t = _rfm_arrays(func, frequency, recency, T)
    if (t <= 0).any():
        raise ValueError(f"{func}: T must be > 0 for every customer; {int((t <= 0).sum())} are "
                         f"not (a customer needs time to be observed)")
    # time is rescaled so that the mean T is 1: alpha and beta then start near 1 whatever the unit
    scale = float(np.mean(t))
    likelihood = _ParetoNBDLikelihood(x, tx / scale, t / scale)
    with np.errstate(all="ignore"):
        fit = _fit_result(ParetoNBD, func, likelihood, np.zeros(4), ["r", "alpha", "s", "beta"],
                          len(x), hints=_PNBD_HINTS,
                          log_scale=[0.0, np.log(scale), 0.0, np.log(scale)],
                          advice="Report what is identified (E[X(t)], P(alive)) and not the "
                                 "parameters; more customers or a longer calibration period "
                                 "may identify them")
    # the density of times is in the original unit: the likelihood shifts by x log(scale)
    return replace(fit, loglik=fit.loglik - float(x.sum()) * np.log(scale), time_unit=time_unit)
