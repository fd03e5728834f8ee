"""Kaplan-Meier curves with the log-rank test, and the Cox model of churn (statsmodels)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._mle import check_fit, statsmodels_silenced
from .._validate import check_choice, check_columns, check_number, check_rows
from ._common import _binary, _numeric

__all__ = ["survival", "SurvivalCurves", "fit_churn_hazard", "ChurnHazard"]


@dataclass(frozen=True)
class SurvivalCurves:
    """Kaplan-Meier curves per group, their medians and the log-rank test.

    Attributes
    ----------
    table : DataFrame
        ``group``, ``time``, ``at_risk``, ``events``, ``survival`` and its pointwise
        ``lower`` / ``upper`` bounds (log-log transformed, Greenwood variance).
    medians : DataFrame
        Per group: ``customers``, ``events``, ``median`` lifetime and its ``lower`` /
        ``upper`` bounds (NaN or inf when the curve or its band never reaches 0.5).
    logrank : Series or None
        ``chi2``, ``df`` and ``p_value`` of the log-rank test between groups.
    curves : dict
        The statsmodels ``SurvfuncRight`` of each group.
    """

    table: pd.DataFrame
    medians: pd.DataFrame
    logrank: pd.Series | None
    curves: dict = field(repr=False)


def _survival_inputs(data, duration, event, entry, func):
    check_columns(data, [duration, event] + ([entry] if entry else []), func)
    check_rows(data, func)
    time = _numeric(data, duration, func, nonnegative=True)
    status = _binary(data, event, func)
    start = None
    if entry:
        start = _numeric(data, entry, func, nonnegative=True)
        if (start >= time).any():
            raise ValueError(f"{func}: {int((start >= time).sum())} rows have {entry!r} >= "
                             f"{duration!r}; an episode must end after it starts")
    return time, status, start


def survival(data: pd.DataFrame, *, duration: str, event: str, group: str | None = None,
             entry: str | None = None, alpha: float = 0.05) -> SurvivalCurves:
    """Kaplan-Meier survival curves with confidence bands, median lifetimes and a log-rank test.

    Parameters
    ----------
    data : DataFrame
        One row per customer (or per episode, with ``entry``).
    duration : str
        Column of times to churn or to censoring (>= 0).
    event : str
        Column: 1 (or True) when the customer churned, 0 when censored.
    group : str, optional
        Column that splits customers into groups (a grade, a satisfaction band).
    entry : str, optional
        Column of late-entry times (left truncation).
    alpha : float, default=0.05
        1 - confidence level of the bands.

    Returns
    -------
    SurvivalCurves

    Notes
    -----
    :math:`\\hat S(t) = \\prod_{t_j \\le t} (1 - d_j / n_j)` with :math:`d_j` churns among
    the :math:`n_j` customers at risk at :math:`t_j` (Kaplan & Meier 1958), computed by
    statsmodels ``SurvfuncRight``; bands use the log-log transform of Greenwood's
    variance; groups are compared with the log-rank test (statsmodels ``survdiff``).

    Examples
    --------
    >>> d = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6], "churned": [1, 0, 1, 1, 0, 1]})
    >>> survival(d, duration="t", event="churned").medians["median"].item()
    4.0
    """
    from scipy import stats

    from statsmodels.duration.survfunc import SurvfuncRight, survdiff

    func = "survival"
    check_number(alpha, func, "alpha", low=0, high=1)
    time, status, start = _survival_inputs(data, duration, event, entry, func)
    if group is not None:
        check_columns(data, [group], func)
        labels = data[group]
        if labels.isna().any():
            raise ValueError(f"{func}: column {group!r} has missing groups; drop or label them")
        names = labels.cat.categories[labels.cat.categories.isin(labels)] \
            if isinstance(labels.dtype, pd.CategoricalDtype) else sorted(labels.unique())
    else:
        labels, names = pd.Series("all", index=data.index), ["all"]
    z = stats.norm.ppf(1 - alpha / 2)
    tables, medians, curves = [], [], {}
    for name in names:
        mask = (labels == name).to_numpy()
        sf = SurvfuncRight(time[mask], status[mask], entry=None if start is None else start[mask])
        curves[name] = sf
        s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            half = z * se / (s * np.abs(np.log(s)))
            lower = np.exp(-np.exp(np.log(-np.log(s)) + half))
            upper = np.exp(-np.exp(np.log(-np.log(s)) - half))
        tables.append(pd.DataFrame({"group": name, "time": sf.surv_times, "at_risk": sf.n_risk,
                                    "events": sf.n_events, "survival": s,
                                    "lower": np.where(np.isfinite(lower), lower, s),
                                    "upper": np.where(np.isfinite(upper), upper, s)}))
        with np.errstate(all="ignore"):
            lo, hi = sf.quantile_ci(0.5, alpha=alpha)
        medians.append(dict(group=name, customers=int(mask.sum()), events=int(status[mask].sum()),
                            median=float(sf.quantile(0.5)), lower=float(lo), upper=float(hi)))
    logrank = None
    if len(names) > 1:
        chi2, p = survdiff(time, status, labels.astype(str).to_numpy(), entry=start)
        logrank = pd.Series({"chi2": float(chi2), "df": len(names) - 1, "p_value": float(p)})
    return SurvivalCurves(table=pd.concat(tables, ignore_index=True),
                          medians=pd.DataFrame(medians).set_index("group"),
                          logrank=logrank, curves=curves)


def _design(data, covariates, reference, func):
    """Numeric covariates as they are; categorical ones as dummies against a reference level."""
    columns = []
    for c in covariates:
        x = data[c]
        if x.dtype == bool or pd.api.types.is_numeric_dtype(x):
            columns.append(pd.Series(_numeric(data, c, func), index=data.index, name=c))
            continue
        if x.isna().any():
            raise ValueError(f"{func}: column {c!r} has missing values; drop or fill them first")
        if pd.api.types.infer_dtype(x) in ("mixed", "mixed-integer"):
            raise TypeError(f"{func}: column {c!r} must hold numbers or categories, not both; "
                            f"got a mix such as {x.unique()[:4].tolist()}")
        levels = list(x.cat.categories[x.cat.categories.isin(x)]) \
            if isinstance(x.dtype, pd.CategoricalDtype) else sorted(x.unique())
        base = (reference or {}).get(c, levels[0])
        if base not in levels:
            raise ValueError(f"{func}: reference level {base!r} of {c!r} not in {levels}")
        for level in levels:
            if level != base:
                columns.append(pd.Series((x == level).astype(float).to_numpy(), index=data.index,
                                         name=f"{c}[{level}]"))
    return pd.concat(columns, axis=1)


@dataclass(frozen=True)
class ChurnHazard:
    """A fitted Cox proportional-hazards model of churn.

    Attributes
    ----------
    params : Series
        Log hazard ratios by term.
    hazard_ratios : DataFrame
        ``hazard_ratio``, ``lower``, ``upper`` (confidence interval) and ``p_value``.
    ph_test : DataFrame
        Proportional-hazards check per term: ``rho`` (correlation of the Schoenfeld
        residuals with the rank of event time), ``statistic`` and ``p_value``.
    loglik : float
        Log partial likelihood.
    n_obs, n_events : int
    model : statsmodels PHRegResults
    """

    params: pd.Series
    hazard_ratios: pd.DataFrame
    ph_test: pd.DataFrame
    loglik: float
    n_obs: int
    n_events: int
    model: object = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Coefficient, standard error, z, p, hazard ratio and its interval per term."""
        out = pd.DataFrame({"coef": self.params, "se": self.model.bse,
                            "z": self.params / self.model.bse})
        return out.join(self.hazard_ratios)

    def __repr__(self) -> str:
        ratios = {k: round(float(v), 3) for k, v in self.hazard_ratios["hazard_ratio"].items()}
        return f"ChurnHazard(hazard_ratios={ratios}, n_obs={self.n_obs}, n_events={self.n_events})"


def fit_churn_hazard(data: pd.DataFrame, *, duration: str, event: str, covariates,
                     entry: str | None = None, strata: str | None = None, ties: str = "efron",
                     reference: dict | None = None, alpha: float = 0.05) -> ChurnHazard:
    """Cox proportional-hazards model of churn (statsmodels ``PHReg``).

    Parameters
    ----------
    data : DataFrame
        One row per customer, or per episode with ``entry`` (time-varying covariates).
    duration, event : str
        Time to churn or censoring, and the 0/1 churn flag.
    covariates : list of str
        Numeric or boolean columns enter as they are; text or categorical columns as
        dummies against their first level (or ``reference[column]``).
    entry : str, optional
        Late-entry time of each row (left truncation; episodes of one customer).
    strata : str, optional
        A column whose levels get their own baseline hazard.
    ties : {"efron", "breslow"}, default="efron"
    reference : dict, optional
        Reference level per categorical covariate.
    alpha : float, default=0.05
        1 - confidence level.

    Returns
    -------
    ChurnHazard

    Notes
    -----
    :math:`h(t \\mid x) = h_0(t) \\exp(x^\\top \\beta)` (Cox 1972); :math:`e^{\\beta_k}` is the
    hazard ratio of a unit more of :math:`x_k`. The proportional-hazards check correlates
    each term's Schoenfeld residuals with the rank of event time (in the spirit of
    Grambsch & Therneau 1994); a small p-value says the effect changes over time.
    statsmodels' Newton steps converge to 1e-8; a fit whose likelihood is flat or still
    rising at the estimate (a level without churns) warns and names the term.

    Examples
    --------
    >>> d = pd.DataFrame({"t": [2, 3, 5, 7, 8, 9, 11, 12], "churned": [1, 1, 0, 1, 1, 0, 1, 0],
    ...                   "offer": [1, 1, 0, 1, 0, 0, 1, 0]})
    >>> fit = fit_churn_hazard(d, duration="t", event="churned", covariates=["offer"])
    >>> fit.hazard_ratios.loc["offer", "hazard_ratio"] > 1
    np.True_
    """
    from scipy import stats

    from statsmodels.duration.hazard_regression import PHReg

    func = "fit_churn_hazard"
    check_choice(ties, ["efron", "breslow"], func, "ties")
    check_number(alpha, func, "alpha", low=0, high=1)
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if not covariates:
        raise ValueError(f"{func}: covariates must name at least one column")
    time, status, start = _survival_inputs(data, duration, event, entry, func)
    check_columns(data, covariates + ([strata] if strata else []), func)
    if status.sum() == 0:
        raise ValueError(f"{func}: column {event!r} has no events; a hazard model needs churns")
    X = _design(data, covariates, reference, func)
    groups = None if strata is None else data[strata].astype(str).to_numpy()
    with statsmodels_silenced():
        res = PHReg(time, X.to_numpy(), status=status, entry=start, strata=groups,
                    ties=ties).fit()
    terms = list(X.columns)
    check_fit(func, res, terms, advice="Drop or merge the covariates named (a level with no "
                                       "churn, or two columns that say the same thing)")
    params = pd.Series(res.params, index=terms, name="coef")
    ci = res.conf_int(alpha=alpha)
    with np.errstate(over="ignore"):  # a runaway coefficient (warned above) gives inf
        hr = pd.DataFrame({"hazard_ratio": np.exp(res.params), "lower": np.exp(ci[:, 0]),
                           "upper": np.exp(ci[:, 1]), "p_value": res.pvalues}, index=terms)
    resid = res.schoenfeld_residuals
    rows = []
    for k, term in enumerate(terms):
        ok = np.isfinite(resid[:, k])
        d = int(ok.sum())
        rank = stats.rankdata(time[ok])
        rho = float(np.corrcoef(resid[ok, k], rank)[0, 1]) if d > 2 and resid[ok, k].std() > 0 \
            else np.nan
        stat = rho**2 * (d - 2) / (1 - rho**2) if np.isfinite(rho) else np.nan
        rows.append(dict(term=term, rho=rho, statistic=stat, p_value=stats.chi2.sf(stat, 1)))
    return ChurnHazard(params=params, hazard_ratios=hr,
                       ph_test=pd.DataFrame(rows).set_index("term"), loglik=float(res.llf),
                       n_obs=len(time), n_events=int(status.sum()), model=res)
