"""Drivers and importance-performance."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame, check_number, check_numeric
from ._checks import _attributes, _check_variance, _names, _numeric


__all__ = ["QUADRANTS", "DriverResult", "driver_analysis", "ipa", "compare_importance"]

#: The four quadrants of importance-performance analysis (Martilla & James 1977).
QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")


@dataclass(frozen=True)
class DriverResult:
    """Standardized driver regression with relative importance; see :func:`driver_analysis`."""

    table: pd.DataFrame
    r2: float
    adj_r2: float
    n: int
    outcome: str
    importance: str
    model: object

    @property
    def params(self) -> pd.Series:
        """Standardized coefficients (betas) by driver."""
        return self.table["beta"]

    def summary(self) -> pd.DataFrame:
        """The driver table."""
        return self.table


def _r2_subset(R: np.ndarray, r: np.ndarray, subset) -> float:
    subset = list(subset)
    if not subset:
        return 0.0
    rs = r[subset]
    return float(rs @ np.linalg.solve(R[np.ix_(subset, subset)], rs))


def _relative_weights(R: np.ndarray, r: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh(R)
    half = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T
    beta = np.linalg.solve(half, r)
    return (half**2) @ (beta**2)


def _lmg(R: np.ndarray, r: np.ndarray) -> np.ndarray:
    p = len(r)
    cache = {s: _r2_subset(R, r, s) for k in range(p + 1) for s in itertools.combinations(range(p), k)}
    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for k in range(p):
            weight = math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p)
            for s in itertools.combinations(others, k):
                out[j] += weight * (cache[tuple(sorted(s + (j,)))] - cache[s])
    return out


def driver_analysis(data: pd.DataFrame, outcome: str, drivers, *,
                    importance: str = "relative_weights", confidence: float = 0.95) -> DriverResult:
    """Drivers of an outcome: standardized OLS, VIF and relative importance that sums to R².

    Parameters
    ----------
    data : DataFrame
        One row per respondent; rows with a missing value in the outcome or a driver are
        left out (listwise).
    outcome : str
        The outcome column, for example an overall satisfaction score.
    drivers : list of str
        Driver columns, for example ``["perceived_product", ...]``.
    importance : {"relative_weights", "lmg"}, default="relative_weights"
        Johnson's (2000) relative weights, or the Shapley / LMG decomposition of R²
        (Lindeman, Merenda & Gold 1980; exact over all subsets, up to 12 drivers).
    confidence : float, default=0.95
        Level of the coefficients' intervals.

    Returns
    -------
    DriverResult
        ``.table`` indexed by driver: ``beta`` (standardized coefficient), ``ci_low``,
        ``ci_high``, ``p_value``, ``vif``, ``importance`` (the driver's part of R²; the
        parts sum to R²), ``share`` (importance / R²) and ``rank``; ``.r2``, ``.adj_r2``,
        ``.n``, ``.model`` (the statsmodels fit on z-scores) and ``.params``.

    Notes
    -----
    Correlated drivers split their shared variance arbitrarily between betas; relative
    weights regress the outcome on the orthogonal counterpart :math:`Z = X R^{-1/2}` of the
    drivers and map back: :math:`\\varepsilon_j = \\sum_k (R^{1/2})_{jk}^2 \\beta_k^{*2}` with
    :math:`\\beta^* = R^{-1/2} r_{xy}`, so :math:`\\sum_j \\varepsilon_j = R^2`.
    :math:`VIF_j = (R^{-1})_{jj}`; above 5 to 10 the betas are unstable.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.normal(size=(200, 2)), columns=["a", "b"])
    >>> d["y"] = d["a"] + 0.5 * d["b"] + rng.normal(size=200)
    >>> res = driver_analysis(d, "y", ["a", "b"])
    >>> bool(np.isclose(res.table["importance"].sum(), res.r2))
    True
    """
    import statsmodels.api as sm

    check_frame(data, "driver_analysis")
    drivers = _names(drivers, "driver_analysis", "drivers")
    if outcome in drivers:
        raise ValueError(f"driver_analysis: the outcome {outcome!r} is also a driver")
    check_choice(importance, ("relative_weights", "lmg"), "driver_analysis", "importance")
    level = check_number(confidence, "driver_analysis", "confidence", low=0.5, high=0.999)
    X = _numeric(data, [outcome, *drivers], "driver_analysis").dropna()
    if len(X) <= len(drivers) + 2:
        raise ValueError(f"driver_analysis: {len(X)} complete rows are too few for "
                         f"{len(drivers)} drivers")
    if importance == "lmg" and len(drivers) > 12:
        raise ValueError("driver_analysis: importance='lmg' needs 2^p subsets; use at most 12 "
                         "drivers or importance='relative_weights'")
    _check_variance(X, "driver_analysis")
    Z = (X - X.mean()) / X.std(ddof=1)
    R = Z[drivers].corr().to_numpy()
    if np.linalg.matrix_rank(R) < len(drivers):
        raise ValueError("driver_analysis: the drivers are perfectly collinear; drop a redundant one")
    r = Z[drivers].corrwith(Z[outcome]).to_numpy()
    model = sm.OLS(Z[outcome], sm.add_constant(Z[drivers])).fit()
    ci = model.conf_int(1 - level).loc[drivers]
    parts = _relative_weights(R, r) if importance == "relative_weights" else _lmg(R, r)
    table = pd.DataFrame({"beta": model.params[drivers], "ci_low": ci[0], "ci_high": ci[1],
                          "p_value": model.pvalues[drivers], "vif": np.diag(np.linalg.inv(R)),
                          "importance": parts, "share": parts / model.rsquared}, index=drivers)
    table["rank"] = table["importance"].rank(ascending=False, method="min").astype(int)
    table.index.name = "driver"
    return DriverResult(table, float(model.rsquared), float(model.rsquared_adj), len(X), outcome,
                        importance, model)


def ipa(data: pd.DataFrame, importance, performance, centre="mean") -> pd.DataFrame:
    """Importance-performance analysis: each attribute's quadrant.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    importance : list of str, Series or dict
        Stated importance: columns of ``data`` (their means are used), in the order of
        ``performance``. Derived importance: a Series or dict by attribute (or by
        performance column), for example ``driver_analysis(...).table["importance"]``.
    performance : list of str
        Columns of perceived performance; their means are the performance axis.
    centre : {"mean", "median"} or tuple of (importance, performance), default="mean"
        Where the cross-hairs go: the mean or median of the attributes' values
        (data-centred), or fixed values such as the scale midpoints.

    Returns
    -------
    DataFrame
        Indexed by attribute: ``importance``, ``performance`` and ``quadrant`` (ordered as
        :data:`QUADRANTS`); ``.attrs["centre"]`` holds the cross-hairs.

    Notes
    -----
    Martilla & James (1977): high importance and low performance, *concentrate here*;
    high and high, *keep up the good work*; low and low, *low priority*; low importance and
    high performance, *possible overkill*. A value exactly on a cross-hair counts as high.
    Stated importance (asked) and derived importance (from :func:`driver_analysis`) often
    disagree; :func:`compare_importance` shows where.

    Examples
    --------
    >>> survey = pd.DataFrame({"importance_a": [7, 6], "importance_b": [3, 4],
    ...                        "perceived_a": [3, 4], "perceived_b": [6, 6]})
    >>> ipa(survey, ["importance_a", "importance_b"], ["perceived_a", "perceived_b"])["quadrant"].tolist()
    ['concentrate here', 'possible overkill']
    """
    check_frame(data, "ipa")
    performance = _names(performance, "ipa", "performance")
    names = _attributes(performance)
    perf = _numeric(data, performance, "ipa").mean().to_numpy()
    if isinstance(importance, (pd.Series, dict)):
        given = pd.Series(importance, dtype=float)
        lookup = {**dict(zip(performance, names)), **{n: n for n in names}}
        given.index = [lookup.get(str(i), str(i)) for i in given.index]
        missing = [n for n in names if n not in given.index]
        if missing:
            raise ValueError(f"ipa: importance has no value for attributes {missing}; it has "
                             f"{list(given.index)}")
        imp = given.loc[names].to_numpy()
    else:
        cols = _names(importance, "ipa", "importance")
        if len(cols) != len(performance):
            raise ValueError(f"ipa: importance and performance must name the same number of "
                             f"columns; got {len(cols)} and {len(performance)}")
        imp = _numeric(data, cols, "ipa").mean().to_numpy()
    unanswered = [n for n, i, p in zip(names, imp, perf) if np.isnan(i) or np.isnan(p)]
    if unanswered:
        raise ValueError(f"ipa: data must have answers for every attribute; got no importance or "
                         f"performance answers for {unanswered}")
    if isinstance(centre, str):
        check_choice(centre, ("mean", "median"), "ipa", "centre")
        agg = np.mean if centre == "mean" else np.median
        ic, pc = float(agg(imp)), float(agg(perf))
    elif isinstance(centre, (tuple, list)) and len(centre) == 2:
        ic, pc = (check_number(v, "ipa", "centre") for v in centre)
    else:
        raise ValueError(f"ipa: centre must be 'mean', 'median' or a pair (importance, "
                         f"performance); got {centre!r}")
    quadrant = np.where(imp >= ic, np.where(perf >= pc, QUADRANTS[1], QUADRANTS[0]),
                        np.where(perf >= pc, QUADRANTS[3], QUADRANTS[2]))
    out = pd.DataFrame({"importance": imp, "performance": perf,
                        "quadrant": pd.Categorical(quadrant, categories=QUADRANTS)},
                       index=pd.Index(names, name="attribute"))
    out.attrs["centre"] = (ic, pc)
    return out


def compare_importance(stated: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Where stated and derived importance disagree, attribute by attribute.

    Parameters
    ----------
    stated, derived : DataFrame
        Two results of :func:`ipa` on the same attributes.

    Returns
    -------
    DataFrame
        Indexed by attribute: ``stated_rank`` and ``derived_rank`` (1 = most important),
        ``stated_quadrant``, ``derived_quadrant`` and ``agree`` (same quadrant).

    Examples
    --------
    >>> survey = pd.DataFrame({"importance_a": [7], "importance_b": [3], "perceived_a": [3],
    ...                        "perceived_b": [6]})
    >>> stated = ipa(survey, ["importance_a", "importance_b"], ["perceived_a", "perceived_b"])
    >>> derived = ipa(survey, {"a": 0.1, "b": 0.4}, ["perceived_a", "perceived_b"])
    >>> compare_importance(stated, derived)["agree"].tolist()
    [False, False]
    """
    for arg, table in (("stated", stated), ("derived", derived)):
        check_columns(table, ["importance", "quadrant"], "compare_importance", arg)
        check_numeric(table, ["importance"], "compare_importance", arg)
        if not table.index.is_unique:
            raise ValueError(f"compare_importance: {arg} must have one row per attribute; got "
                             f"{list(table.index[table.index.duplicated()])} repeated")
    if sorted(stated.index) != sorted(derived.index):
        raise ValueError(f"compare_importance: the two tables have different attributes: "
                         f"{list(stated.index)} and {list(derived.index)}")
    d = derived.loc[stated.index]
    rank = lambda s: s.rank(ascending=False, method="min").astype(int)  # noqa: E731
    return pd.DataFrame({"stated_rank": rank(stated["importance"]),
                         "derived_rank": rank(d["importance"]),
                         "stated_quadrant": stated["quadrant"], "derived_quadrant": d["quadrant"],
                         "agree": stated["quadrant"].astype(str) == d["quadrant"].astype(str)})
