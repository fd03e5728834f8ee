"""Customer satisfaction (顾客满意): from the questionnaire to repurchase.

The chain of lesson 02, one function per step:

* the ratio index perceived / expected and its three classes (:func:`satisfaction_index`)
  and SERVQUAL-style gaps (:func:`gap_scores`);
* the questionnaire's reliability and validity as a thesis reports them
  (:func:`cronbach_alpha`, :func:`item_total`, :func:`kmo_bartlett`, :func:`efa`,
  :func:`composite_reliability`, :func:`ave`, with the usual :data:`THRESHOLDS`);
* drivers of satisfaction with relative importance (:func:`driver_analysis`) and the
  importance-performance matrix (:func:`ipa`, :func:`compare_importance`);
* an ordinal model of a satisfaction rating (:func:`fit_ordinal`);
* the ACSI / ECSI-type PLS path model with bootstrap intervals (:func:`fit_path_model`,
  :func:`acsi_model`, :func:`true_paths`);
* what surveyed customers did afterwards (:func:`satisfaction_to_behaviour`).

Items are Likert answers; ``scale=(1, 7)`` is checked unless ``scale=None``.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ._validate import as_generator, check_choice, check_columns, check_frame, check_int, \
    check_number

__all__ = ["CLASSES", "QUADRANTS", "THRESHOLDS", "satisfaction_index", "gap_scores",
           "AlphaResult", "cronbach_alpha", "item_total", "KMOResult", "kmo_bartlett",
           "EFAResult", "efa", "composite_reliability", "ave", "DriverResult", "driver_analysis",
           "ipa", "compare_importance", "OrdinalResult", "fit_ordinal", "PathModelResult",
           "fit_path_model", "acsi_model", "true_paths", "satisfaction_to_behaviour"]

CLASSES = ("dissatisfied", "satisfied", "highly satisfied")
QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")
#: Thresholds a thesis usually reports: Nunnally (1978) for alpha, Kaiser (1974) for KMO,
#: Fornell & Larcker (1981) and Hair et al. (2017) for composite reliability and AVE.
THRESHOLDS = {"alpha": 0.7, "kmo": 0.6, "composite_reliability": 0.7, "ave": 0.5}


# --------------------------------------------------------------------------------------------
# Shared input checks
# --------------------------------------------------------------------------------------------
def _names(value, func: str, arg: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple, pd.Index)) or not value:
        raise TypeError(f"{func}: {arg} must be a column name or a non-empty list of names; "
                        f"got {value!r}")
    return [str(v) for v in value]


def _numeric(data: pd.DataFrame, columns, func: str, scale=None) -> pd.DataFrame:
    """The columns as floats; non-numeric columns and answers outside ``scale`` raise."""
    check_columns(data, columns, func)
    for c in columns:
        if not pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]):
            raise TypeError(f"{func}: column {c!r} must be numeric; got {data[c].dtype}")
    out = data[list(columns)].astype(float)
    if scale is not None:
        low, high = scale
        bad = ((out < low) | (out > high)).any()
        if bad.any():
            cols = list(bad[bad].index)
            raise ValueError(f"{func}: answers outside the Likert scale {low}-{high} in columns "
                             f"{cols}; recode them or pass scale=(low, high) (scale=None skips "
                             f"this check)")
    return out


def _items(items, func: str, scale, *, min_items: int = 2) -> tuple[pd.DataFrame, int]:
    """Likert items without respondents who answered none of them, and how many were dropped."""
    check_frame(items, func, "items")
    if items.shape[1] < min_items:
        raise ValueError(f"{func}: items needs at least {min_items} columns (one per item); "
                         f"got {items.shape[1]}")
    X = _numeric(items, list(items.columns), func, scale)
    empty = X.isna().all(axis=1)
    X = X[~empty]
    if len(X) < 3:
        raise ValueError(f"{func}: fewer than 3 respondents answered any item")
    return X, int(empty.sum())


def _check_variance(X: pd.DataFrame, func: str) -> None:
    sd = X.std(ddof=1)
    flat = list(sd[~(sd > 0)].index)
    if flat:
        raise ValueError(f"{func}: items {flat} have zero variance (everyone gave the same "
                         f"answer); drop them, they carry no information")


def _attributes(columns: list[str]) -> list[str]:
    """Attribute names: the columns without their shared prefix ('perceived_product' -> 'product')."""
    if all("_" in c for c in columns):
        prefix = columns[0].split("_", 1)[0] + "_"
        if all(c.startswith(prefix) and len(c) > len(prefix) for c in columns):
            return [c[len(prefix):] for c in columns]
    return list(columns)


def _pairs(data, perceived, expected, func):
    check_frame(data, func)
    perceived, expected = _names(perceived, func, "perceived"), _names(expected, func, "expected")
    if len(perceived) != len(expected):
        raise ValueError(f"{func}: perceived and expected must name the same number of columns; "
                         f"got {len(perceived)} and {len(expected)}")
    P = _numeric(data, perceived, func)
    E = _numeric(data, expected, func)
    return P, E, _attributes(perceived)


# --------------------------------------------------------------------------------------------
# Index and gaps
# --------------------------------------------------------------------------------------------
def satisfaction_index(data: pd.DataFrame, perceived, expected, tolerance: float = 0.05):
    """Satisfaction as perceived performance over expectation, per respondent and attribute.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    perceived, expected : str or list of str
        Columns of perceived and expected performance, in the same attribute order,
        for example ``["perceived_product", ...]`` and ``["expected_product", ...]``.
    tolerance : float, default=0.05
        Half-width of the band around 1 that counts as "satisfied". With answers on a
        1-7 scale an exact ratio of 1 is just equal answers; the band says how far from
        equal still counts as met expectations.

    Returns
    -------
    DataFrame
        One row per respondent and attribute: ``row`` (the index label in ``data``),
        ``attribute``, ``perceived``, ``expected``, ``ratio`` and ``satisfaction_class``
        (ordered: dissatisfied < satisfied < highly satisfied; missing when an answer is).

    Notes
    -----
    The textbook definition (顾客满意 = 感知绩效 / 期望): with perceived performance
    :math:`P` and expectation :math:`E`,

    .. math:: S = P / E, \\quad S > 1 + t: \\text{highly satisfied}, \\quad
              |S - 1| \\le t: \\text{satisfied}, \\quad S < 1 - t: \\text{dissatisfied}.

    Its limits: a ratio needs a scale with a true zero, which Likert answers lack
    (on 1-7, 2/1 and 7/3.5 are both "twice"); the same one-point difference weighs more
    at the bottom of the scale than at the top; and it ignores importance. Use it as a
    classification, and :func:`gap_scores` (differences) for averages.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_service": [6, 5, 3], "expected_service": [5, 5, 5]})
    >>> satisfaction_index(survey, "perceived_service", "expected_service")["satisfaction_class"].tolist()
    ['highly satisfied', 'satisfied', 'dissatisfied']
    """
    P, E, names = _pairs(data, perceived, expected, "satisfaction_index")
    tol = check_number(tolerance, "satisfaction_index", "tolerance", low=0.0, high=0.5)
    if (E <= 0).any().any():
        raise ValueError("satisfaction_index: expected performance must be positive for a ratio; "
                         "found values <= 0")
    frames = []
    for name, p, e in zip(names, P.columns, E.columns):
        ratio = P[p] / E[e]
        cls = np.where(ratio > 1 + tol, CLASSES[2], np.where(ratio < 1 - tol, CLASSES[0], CLASSES[1]))
        frames.append(pd.DataFrame({
            "row": data.index, "attribute": name, "perceived": P[p].to_numpy(),
            "expected": E[e].to_numpy(), "ratio": ratio.to_numpy(),
            "satisfaction_class": np.where(ratio.isna(), None, cls)}))
    out = pd.concat(frames, ignore_index=True)
    out["satisfaction_class"] = pd.Categorical(out["satisfaction_class"], categories=CLASSES,
                                               ordered=True)
    return out


def gap_scores(data: pd.DataFrame, perceived, expected, confidence: float = 0.95) -> pd.DataFrame:
    """SERVQUAL-style gaps: perceived minus expected performance per attribute.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    perceived, expected : str or list of str
        Columns of perceived and expected performance, in the same attribute order.
    confidence : float, default=0.95
        Level of the confidence interval of the mean gap.

    Returns
    -------
    DataFrame
        Indexed by attribute: ``n`` (respondents who answered both), ``perceived`` and
        ``expected`` (means), ``gap`` (mean of P − E), ``sd``, ``ci_low``, ``ci_high``,
        ``t`` and ``p_value`` (paired t-test of a zero gap).

    Notes
    -----
    Parasuraman, Zeithaml & Berry (1988): :math:`G = P - E`; a negative gap means
    performance falls short of expectation. The interval is
    :math:`\\bar G \\pm t_{n-1} s / \\sqrt{n}`.

    Examples
    --------
    >>> survey = pd.DataFrame({"perceived_service": [6, 5, 3, 4], "expected_service": [5, 5, 5, 5]})
    >>> float(gap_scores(survey, "perceived_service", "expected_service").loc["service", "gap"])
    -0.5
    """
    P, E, names = _pairs(data, perceived, expected, "gap_scores")
    level = check_number(confidence, "gap_scores", "confidence", low=0.5, high=0.999)
    rows = []
    for p, e in zip(P.columns, E.columns):
        g = (P[p] - E[e]).dropna()
        n = len(g)
        if n < 2:
            raise ValueError(f"gap_scores: fewer than 2 respondents answered both {p!r} and {e!r}")
        mean, sd = g.mean(), g.std(ddof=1)
        se = sd / math.sqrt(n)
        half = stats.t.ppf(0.5 + level / 2, n - 1) * se
        t = mean / se if se > 0 else np.nan
        rows.append(dict(n=n, perceived=P.loc[g.index, p].mean(), expected=E.loc[g.index, e].mean(),
                         gap=mean, sd=sd, ci_low=mean - half, ci_high=mean + half, t=t,
                         p_value=2 * stats.t.sf(abs(t), n - 1) if se > 0 else np.nan))
    return pd.DataFrame(rows, index=pd.Index(names, name="attribute"))


# --------------------------------------------------------------------------------------------
# Reliability and validity
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha of one scale; see :func:`cronbach_alpha`."""

    alpha: float
    standardized: float
    ci_low: float
    ci_high: float
    confidence: float
    n_items: int
    n_respondents: int
    n_excluded: int
    missing: str

    @property
    def meets_threshold(self) -> bool:
        """alpha ≥ 0.7 (Nunnally 1978)."""
        return bool(self.alpha >= THRESHOLDS["alpha"])

    def summary(self) -> pd.DataFrame:
        """One row with every figure and the threshold."""
        row = {k: getattr(self, k) for k in ("alpha", "standardized", "ci_low", "ci_high",
                                             "n_items", "n_respondents", "n_excluded", "missing")}
        row.update(threshold=THRESHOLDS["alpha"], meets_threshold=self.meets_threshold)
        return pd.DataFrame([row])


def cronbach_alpha(items: pd.DataFrame, *, missing: str = "listwise", scale=(1, 7),
                   confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha (raw and standardized) with Feldt's confidence interval.

    Parameters
    ----------
    items : DataFrame
        One column per item of the scale, one row per respondent.
    missing : {"listwise", "pairwise"}, default="listwise"
        Missing answers: ``"listwise"`` keeps only respondents who answered every item
        (SPSS's default); ``"pairwise"`` uses every pair of answers for each covariance
        (R psych's ``use="pairwise"``). Respondents who answered no item are excluded
        either way and counted in ``n_excluded``.
    scale : tuple of (low, high) or None, default=(1, 7)
        The Likert range; answers outside it raise. None skips the check.
    confidence : float, default=0.95
        Level of the interval.

    Returns
    -------
    AlphaResult
        ``.alpha`` (raw), ``.standardized``, ``.ci_low``, ``.ci_high``, ``.n_items``,
        ``.n_respondents`` (used for the interval), ``.n_excluded``, ``.missing``,
        ``.meets_threshold`` (alpha ≥ 0.7) and ``.summary()``.

    Notes
    -----
    Cronbach (1951), with :math:`k` items of variances :math:`s_i^2` and total-score
    variance :math:`s_T^2`, and Feldt (1965) for the interval with :math:`n` respondents:

    .. math:: \\alpha = \\frac{k}{k-1}\\Bigl(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\Bigr), \\quad
              \\alpha_{std} = \\frac{k \\bar r}{1 + (k-1)\\bar r}, \\quad
              1 - (1-\\alpha) F_{1 \\mp \\gamma/2}(n-1, (n-1)(k-1)).

    Reference values: on the ECSI mobile-phone data (Tenenhaus et al. 2005; the ``mobi``
    data of R's semPLS and seminr, in ``tests/data/satisfaction``) seminr reports alpha of
    the standardized indicators (our ``.standardized``) as 0.7228 for Image IMAG1-5,
    0.4519 for Expectation CUEX1-3, 0.8236 for Value PERV1-2 and 0.7792 for Satisfaction
    CUSA1-3 (seminr's ``tests/fixtures/V_3_6_0/reliability.csv``); the raw alphas are
    0.7144, 0.4326, 0.8167 and 0.7701. ``tests/test_satisfaction.py`` checks both.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [4, 5, 3, 6, 2], "q2": [4, 6, 3, 5, 2], "q3": [5, 5, 2, 6, 3]})
    >>> round(cronbach_alpha(items).alpha, 3)
    0.942
    """
    check_choice(missing, ("listwise", "pairwise"), "cronbach_alpha", "missing")
    level = check_number(confidence, "cronbach_alpha", "confidence", low=0.5, high=0.999)
    X, excluded = _items(items, "cronbach_alpha", scale)
    if missing == "listwise":
        complete = X.dropna()
        excluded += len(X) - len(complete)
        X = complete
        if len(X) < 3:
            raise ValueError("cronbach_alpha: fewer than 3 respondents answered every item; "
                             "try missing='pairwise'")
    _check_variance(X, "cronbach_alpha")
    C = X.cov().to_numpy()  # pairwise-complete when answers are missing
    if np.isnan(C).any():
        raise ValueError("cronbach_alpha: some pair of items was never answered together")
    k, n = C.shape[0], len(X)
    alpha = k / (k - 1) * (1 - np.trace(C) / C.sum())
    sd = np.sqrt(np.diag(C))
    R = C / np.outer(sd, sd)
    rbar = (R.sum() - k) / (k * (k - 1))
    standardized = k * rbar / (1 + (k - 1) * rbar)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.isf((1 - level) / 2, df1, df2)
    high = 1 - (1 - alpha) * stats.f.isf((1 + level) / 2, df1, df2)
    return AlphaResult(float(alpha), float(standardized), float(low), float(high), level, k, n,
                       excluded, missing)


def item_total(items: pd.DataFrame, *, scale=(1, 7)) -> pd.DataFrame:
    """Item statistics of a scale: corrected item-total correlation and alpha if deleted.

    Parameters
    ----------
    items : DataFrame
        One column per item; respondents with a missing answer are left out (listwise).
    scale : tuple of (low, high) or None, default=(1, 7)
        The Likert range; answers outside it raise.

    Returns
    -------
    DataFrame
        Indexed by item: ``mean``, ``sd``, ``item_total_r`` (correlation of the item with
        the sum of the other items) and ``alpha_if_deleted``. An item whose corrected
        correlation is below about 0.3, or whose deletion raises alpha, is a candidate to
        drop (Nunnally & Bernstein 1994).

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [4, 5, 3, 6, 2], "q2": [4, 6, 3, 5, 2], "q3": [1, 5, 6, 2, 3]})
    >>> item_total(items)["item_total_r"].round(2).tolist()
    [0.36, 0.62, -0.12]
    """
    X, _ = _items(items, "item_total", scale, min_items=3)
    X = X.dropna()
    _check_variance(X, "item_total")
    total = X.sum(axis=1)
    rows = {}
    for c in X.columns:
        rest = X.drop(columns=c)
        rows[c] = dict(mean=X[c].mean(), sd=X[c].std(ddof=1),
                       item_total_r=np.corrcoef(X[c], total - X[c])[0, 1],
                       alpha_if_deleted=cronbach_alpha(rest, scale=None).alpha)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("item")


@dataclass(frozen=True)
class KMOResult:
    """Sampling adequacy and sphericity; see :func:`kmo_bartlett`."""

    kmo: float
    msa: pd.Series
    chi2: float
    df: int
    p_value: float
    n: int

    @property
    def meets_threshold(self) -> bool:
        """KMO ≥ 0.6 (Kaiser 1974: below 0.5 unacceptable, 0.6 mediocre, 0.8 meritorious)."""
        return bool(self.kmo >= THRESHOLDS["kmo"])


def kmo_bartlett(items: pd.DataFrame, *, scale=(1, 7)) -> KMOResult:
    """Kaiser-Meyer-Olkin sampling adequacy and Bartlett's test of sphericity.

    Parameters
    ----------
    items : DataFrame
        One column per item; respondents with a missing answer are left out (listwise).
    scale : tuple of (low, high) or None, default=(1, 7)
        The Likert range; answers outside it raise.

    Returns
    -------
    KMOResult
        ``.kmo`` (overall), ``.msa`` (per item), ``.chi2``, ``.df``, ``.p_value``, ``.n``
        and ``.meets_threshold``.

    Notes
    -----
    With correlations :math:`r_{ij}` and partial correlations
    :math:`a_{ij} = -(R^{-1})_{ij} / \\sqrt{(R^{-1})_{ii}(R^{-1})_{jj}}` (Kaiser 1974),
    :math:`KMO = \\sum_{i\\ne j} r_{ij}^2 / (\\sum_{i\\ne j} r_{ij}^2 + \\sum_{i\\ne j} a_{ij}^2)`.
    Bartlett (1950): :math:`\\chi^2 = -(n - 1 - (2p + 5)/6)\\ln|R|` with :math:`p(p-1)/2`
    degrees of freedom tests whether the items are uncorrelated (then no factor exists).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=200)
    >>> items = pd.DataFrame({f"q{i}": f + rng.normal(size=200) for i in range(4)})
    >>> res = kmo_bartlett(items, scale=None)
    >>> res.meets_threshold, res.p_value < 0.001
    (True, True)
    """
    X, _ = _items(items, "kmo_bartlett", scale, min_items=3)
    X = X.dropna()
    _check_variance(X, "kmo_bartlett")
    R = np.corrcoef(X.to_numpy(), rowvar=False)
    n, p = X.shape
    sign, logdet = np.linalg.slogdet(R)
    if sign <= 0 or logdet < -50:
        raise ValueError("kmo_bartlett: the items' correlation matrix is singular (an item is a "
                         "copy or a sum of others); drop the redundant item")
    Rinv = np.linalg.inv(R)
    A = -Rinv / np.sqrt(np.outer(np.diag(Rinv), np.diag(Rinv)))
    off = ~np.eye(p, dtype=bool)
    r2, a2 = np.where(off, R**2, 0), np.where(off, A**2, 0)
    kmo = r2.sum() / (r2.sum() + a2.sum())
    msa = pd.Series(r2.sum(axis=0) / (r2.sum(axis=0) + a2.sum(axis=0)), index=X.columns, name="msa")
    chi2 = -(n - 1 - (2 * p + 5) / 6) * logdet
    df = p * (p - 1) // 2
    return KMOResult(float(kmo), msa, float(chi2), df, float(stats.chi2.sf(chi2, df)), n)


@dataclass(frozen=True)
class EFAResult:
    """Exploratory factor analysis; see :func:`efa`."""

    loadings: pd.DataFrame
    communalities: pd.Series
    variance: pd.DataFrame
    eigenvalues: pd.Series
    rotation: str | None
    n: int


def _promax(L: np.ndarray, power: int = 4) -> np.ndarray:
    # Hendrickson & White (1964), as R's stats::promax, from varimax-rotated loadings.
    Q = L * np.abs(L) ** (power - 1)
    U = np.linalg.lstsq(L, Q, rcond=None)[0]
    U = U @ np.diag(np.sqrt(np.diag(np.linalg.inv(U.T @ U))))
    return L @ U


def efa(items: pd.DataFrame, n_factors: int, rotation: str | None = "varimax", *,
        scale=(1, 7)) -> EFAResult:
    """Exploratory factor analysis (maximum likelihood) of standardized items.

    Parameters
    ----------
    items : DataFrame
        One column per item; respondents with a missing answer are left out (listwise).
    n_factors : int
        Factors to extract (Kaiser's rule: eigenvalues above 1, see ``.eigenvalues``).
    rotation : {"varimax", "quartimax", "promax", None}, default="varimax"
        Orthogonal rotations come from scikit-learn's ``FactorAnalysis``; promax (oblique,
        power 4) is applied to the varimax solution as R's ``promax`` does.
    scale : tuple of (low, high) or None, default=(1, 7)
        The Likert range; answers outside it raise.

    Returns
    -------
    EFAResult
        ``.loadings`` (items × factors F1 ..., largest sum of squares first, each factor's
        largest loading positive), ``.communalities``, ``.variance`` (SS loadings,
        proportion and cumulative proportion of the total variance), ``.eigenvalues`` of the
        correlation matrix, ``.rotation`` and ``.n``.

    Notes
    -----
    The model is :math:`z = \\Lambda f + \\varepsilon` with :math:`\\operatorname{Cov}(z) =
    \\Lambda\\Lambda' + \\Psi`. A loading of at least 0.5 on its own factor and below 0.4 on
    the others is the usual thesis rule for a clean structure.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f, g = rng.normal(size=(2, 300))
    >>> items = pd.DataFrame({"a1": f, "a2": f, "b1": g, "b2": g}) + rng.normal(0, .5, (300, 4))
    >>> efa(items, 2, scale=None).loadings.abs().round(1).max().tolist()
    [0.9, 0.9]
    """
    from sklearn.decomposition import FactorAnalysis

    check_choice(rotation, ("varimax", "quartimax", "promax", None), "efa", "rotation")
    X, _ = _items(items, "efa", scale, min_items=3)
    X = X.dropna()
    _check_variance(X, "efa")
    k = check_int(n_factors, "efa", "n_factors", low=1, high=X.shape[1] - 1)
    Z = ((X - X.mean()) / X.std(ddof=0)).to_numpy()
    fa = FactorAnalysis(n_components=k, rotation="varimax" if rotation == "promax" else rotation,
                        random_state=0).fit(Z)
    L = fa.components_.T
    if rotation == "promax" and k > 1:
        L = _promax(L)
    ss = (L**2).sum(axis=0)
    order = np.argsort(-ss, kind="stable")
    L = L[:, order]
    L = L * np.where(L[np.abs(L).argmax(axis=0), range(k)] < 0, -1, 1)
    names = [f"F{i + 1}" for i in range(k)]
    loadings = pd.DataFrame(L, index=X.columns, columns=names)
    ss = (L**2).sum(axis=0)
    variance = pd.DataFrame({"ss_loadings": ss, "proportion": ss / L.shape[0],
                             "cumulative": np.cumsum(ss) / L.shape[0]}, index=names)
    eig = np.sort(np.linalg.eigvalsh(np.corrcoef(Z, rowvar=False)))[::-1]
    communalities = pd.Series((L**2).sum(axis=1), index=X.columns, name="communality")
    eigenvalues = pd.Series(eig, index=range(1, len(eig) + 1), name="eigenvalue")
    return EFAResult(loadings, communalities, variance, eigenvalues, rotation, len(X))


def _by_construct(loadings, func):
    if isinstance(loadings, pd.DataFrame):
        check_columns(loadings, ["construct", "loading"], func, "loadings")
        return {c: g["loading"].to_numpy(float) for c, g in loadings.groupby("construct", sort=False)}
    values = np.asarray(loadings, dtype=float).ravel()
    if values.size == 0 or np.isnan(values).any():
        raise ValueError(f"{func}: loadings must be non-empty numbers without missing values")
    return {None: values}


def _check_standardized(values, func):
    if (np.abs(values) > 1 + 1e-9).any():
        raise ValueError(f"{func}: standardized loadings lie in [-1, 1]; got {values.max():.3f}")


def composite_reliability(loadings):
    """Composite reliability (rho_C, Jöreskog's rho) from standardized loadings.

    Parameters
    ----------
    loadings : array-like or DataFrame
        The standardized loadings of one construct, or a long table with columns
        ``construct`` and ``loading`` (as :attr:`PathModelResult.loadings`).

    Returns
    -------
    float or Series
        One value, or one per construct. At least 0.7 is the usual threshold.

    Notes
    -----
    Fornell & Larcker (1981): :math:`\\rho_C = (\\sum\\lambda_i)^2 / ((\\sum\\lambda_i)^2 +
    \\sum(1 - \\lambda_i^2))`. Reference: for the model Image, Expectation, Value →
    Satisfaction on the ECSI ``mobi`` data seminr reports rho_C 0.8183 for Image.

    Examples
    --------
    >>> round(composite_reliability([0.8, 0.7, 0.9]), 3)
    0.845
    """
    out = {}
    for name, lam in _by_construct(loadings, "composite_reliability").items():
        _check_standardized(lam, "composite_reliability")
        out[name] = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    return float(out[None]) if None in out else pd.Series(out, name="composite_reliability")


def ave(loadings):
    """Average variance extracted from standardized loadings.

    Parameters
    ----------
    loadings : array-like or DataFrame
        The standardized loadings of one construct, or a long table with columns
        ``construct`` and ``loading``.

    Returns
    -------
    float or Series
        :math:`AVE = \\sum \\lambda_i^2 / k` (Fornell & Larcker 1981); at least 0.5 means
        the construct explains more of its items' variance than error does. Fornell-Larcker
        discriminant validity asks :math:`\\sqrt{AVE}` to exceed the construct's
        correlations with every other construct (:attr:`PathModelResult.fornell_larcker`).

    Examples
    --------
    >>> round(ave([0.8, 0.7, 0.9]), 3)
    0.647
    """
    out = {}
    for name, lam in _by_construct(loadings, "ave").items():
        _check_standardized(lam, "ave")
        out[name] = float((lam**2).mean())
    return out[None] if None in out else pd.Series(out, name="ave")


# --------------------------------------------------------------------------------------------
# Drivers and importance-performance
# --------------------------------------------------------------------------------------------
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
    if sorted(stated.index) != sorted(derived.index):
        raise ValueError(f"compare_importance: the two tables have different attributes: "
                         f"{list(stated.index)} and {list(derived.index)}")
    d = derived.loc[stated.index]
    rank = lambda s: s.rank(ascending=False, method="min").astype(int)  # noqa: E731
    return pd.DataFrame({"stated_rank": rank(stated["importance"]),
                         "derived_rank": rank(d["importance"]),
                         "stated_quadrant": stated["quadrant"], "derived_quadrant": d["quadrant"],
                         "agree": stated["quadrant"].astype(str) == d["quadrant"].astype(str)})


# --------------------------------------------------------------------------------------------
# Ordinal model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrdinalResult:
    """An ordered logit / probit fit; see :func:`fit_ordinal`."""

    params: pd.Series
    classes: tuple
    marginal_effects: pd.DataFrame
    probabilities: pd.DataFrame
    n: int
    model: object

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each class for new rows (columns = classes)."""
        check_frame(data, "predict_proba")
        return pd.DataFrame(np.asarray(self.model.predict(data)), index=data.index,
                            columns=list(self.classes))

    def summary(self):
        """The statsmodels summary."""
        return self.model.summary()


def fit_ordinal(data: pd.DataFrame, formula: str, *, distr: str = "logit") -> OrdinalResult:
    """Ordered logit (or probit) model of an ordinal rating, with average marginal effects.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; rows with a missing value in a model variable are dropped.
    formula : str
        ``"outcome ~ x1 + x2 + C(group)"``; the outcome is an ordered rating such as a
        1-7 answer (its sorted distinct values are the classes). Do not add an intercept:
        the thresholds play its part.
    distr : {"logit", "probit"}, default="logit"
        Link of the latent variable model.

    Returns
    -------
    OrdinalResult
        ``.params`` (slopes and statsmodels' threshold parameters), ``.classes``,
        ``.marginal_effects`` (average change in each class's probability per unit of each
        numeric variable, rows = variables, columns = classes; each row sums to 0),
        ``.probabilities`` (observed and mean predicted share per class), ``.n``,
        ``.model`` (the statsmodels result), ``.predict_proba(data)`` and ``.summary()``.

    Notes
    -----
    McCullagh (1980): :math:`P(y \\le k \\mid x) = F(\\tau_k - x'\\beta)`, with :math:`F`
    the logistic (or normal) distribution function; a positive :math:`\\beta` shifts
    answers up the scale. Marginal effects are central differences of the predicted
    probabilities, averaged over the respondents.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"x": rng.normal(size=300)})
    >>> d["y"] = np.digitize(d["x"] + rng.logistic(size=300), [-1, 0, 1]) + 1
    >>> res = fit_ordinal(d, "y ~ x")
    >>> res.classes, bool(res.params["x"] > 0)
    ((1, 2, 3, 4), True)
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    check_frame(data, "fit_ordinal")
    check_choice(distr, ("logit", "probit"), "fit_ordinal", "distr")
    if not isinstance(formula, str) or "~" not in formula:
        raise ValueError(f"fit_ordinal: formula must look like 'outcome ~ x1 + x2'; got {formula!r}")
    lhs, rhs = (part.strip() for part in formula.split("~", 1))
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", rhs))
    variables = [c for c in data.columns if c in words]
    check_columns(data, [lhs], "fit_ordinal")
    d = data[[lhs, *variables]].dropna()
    classes = tuple(v.item() if hasattr(v, "item") else v for v in np.sort(d[lhs].unique()))
    if all(isinstance(v, float) and v.is_integer() for v in classes):
        classes = tuple(int(v) for v in classes)  # a 1-7 rating read as floats
    if len(classes) < 3:
        raise ValueError(f"fit_ordinal: the outcome {lhs!r} needs at least 3 ordered classes; "
                         f"got {list(classes)}")
    if re.search(r"(^|[+\s])1(\s|\+|$)", rhs):
        raise ValueError("fit_ordinal: remove the intercept ('1 +') from the formula; the "
                         "thresholds play its part")
    res = OrderedModel.from_formula(formula, d, distr=distr).fit(method="bfgs", disp=False,
                                                                 maxiter=2000)
    base = np.asarray(res.predict(d))
    effects = {}
    for v in variables:
        if pd.api.types.is_numeric_dtype(d[v]) and not pd.api.types.is_bool_dtype(d[v]):
            h = 1e-4 * (float(d[v].std()) or 1.0)
            up, down = d.copy(), d.copy()
            up[v] = up[v] + h
            down[v] = down[v] - h
            effects[v] = (np.asarray(res.predict(up)) - np.asarray(res.predict(down))).mean(0) / (2 * h)
    marginal = pd.DataFrame(effects, index=list(classes)).T.rename_axis("variable")
    observed = d[lhs].value_counts(normalize=True).reindex(list(classes)).to_numpy()
    probabilities = pd.DataFrame({"observed": observed, "predicted": base.mean(0)},
                                 index=pd.Index(list(classes), name=lhs))
    return OrdinalResult(res.params, classes, marginal, probabilities, len(d), res)


# --------------------------------------------------------------------------------------------
# PLS path model (ACSI / ECSI)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PathModelResult:
    """A PLS path model; see :func:`fit_path_model`."""

    paths: pd.DataFrame
    loadings: pd.DataFrame
    weights: pd.DataFrame
    r2: pd.Series
    total_effects: pd.DataFrame
    scores: pd.DataFrame
    reliability: pd.DataFrame
    fornell_larcker: pd.DataFrame
    scheme: str
    n: int
    iterations: int
    bootstrap: int
    confidence: float
    missing: str

    @property
    def params(self) -> pd.Series:
        """Path coefficients indexed ``"source -> target"``."""
        return pd.Series(self.paths["estimate"].to_numpy(),
                         index=self.paths["source"] + " -> " + self.paths["target"], name="estimate")

    def summary(self) -> pd.DataFrame:
        """The paths with each target's R²."""
        return self.paths.assign(target_r2=self.paths["target"].map(self.r2))


def _topological(names: list[str], edges: list[tuple[str, str]], func: str) -> list[str]:
    """Constructs in causal order (Kahn 1962); a cycle raises."""
    indegree = {n: 0 for n in names}
    for _, t in edges:
        indegree[t] += 1
    order, ready = [], [n for n in names if indegree[n] == 0]
    while ready:
        node = ready.pop(0)
        order.append(node)
        for s, t in edges:
            if s == node:
                indegree[t] -= 1
                if indegree[t] == 0:
                    ready.append(t)
    if len(order) < len(names):
        stuck = [n for n in names if n not in order]
        raise ValueError(f"{func}: the paths form a cycle among {stuck}; a PLS path model must be "
                         f"recursive (no feedback loops)")
    return order


def _check_model(data, blocks, paths, func):
    if not isinstance(blocks, dict) or not blocks:
        raise TypeError(f"{func}: blocks must be a dict construct -> list of item columns; "
                        f"got {type(blocks).__name__}")
    blocks = {str(k): _names(v, func, f"blocks[{k!r}]") for k, v in blocks.items()}
    items = [i for v in blocks.values() for i in v]
    repeated = sorted({i for i in items if items.count(i) > 1})
    if repeated:
        raise ValueError(f"{func}: items {repeated} belong to more than one block")
    check_columns(data, items, func)
    try:
        edges = [(str(s), str(t)) for s, t in paths]
    except (TypeError, ValueError):
        raise TypeError(f"{func}: paths must be a list of (source, target) pairs; "
                        f"got {paths!r}") from None
    if not edges:
        raise ValueError(f"{func}: paths is empty; give at least one (source, target) pair")
    unknown = sorted({n for e in edges for n in e if n not in blocks})
    if unknown:
        raise ValueError(f"{func}: paths name unknown blocks {unknown}; blocks are {list(blocks)}")
    if len(set(edges)) < len(edges):
        raise ValueError(f"{func}: a path is listed twice")
    loops = [s for s, t in edges if s == t]
    if loops:
        raise ValueError(f"{func}: the paths form a cycle: {loops[0]} -> {loops[0]}")
    isolated = [b for b in blocks if all(b not in e for e in edges)]
    if isolated:
        raise ValueError(f"{func}: blocks {isolated} are on no path; PLS needs every construct "
                         f"linked to another")
    return blocks, edges, _topological(list(blocks), edges, func)


def _standardize(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)


def _pls(X, M, D, preds, scheme, W, tol, max_iter):
    """Lohmöller's iteration, Mode A; returns weights, scores, iterations, converged."""
    n, adjacent = len(X), (D + D.T) > 0
    for it in range(1, max_iter + 1):
        Y = X @ W
        Y /= Y.std(axis=0, ddof=1)
        R = Y.T @ Y / (n - 1)
        if scheme == "centroid":
            E = np.sign(R) * adjacent
        elif scheme == "factorial":
            E = R * adjacent
        else:  # path weighting: regressions on predecessors, correlations with successors
            E = np.where(D.T > 0, R, 0.0)
            for j, pred in enumerate(preds):
                if len(pred):
                    E[pred, j] = np.linalg.solve(R[np.ix_(pred, pred)], R[pred, j])
        new = (X.T @ (Y @ E)) / (n - 1) * M
        new /= (X @ new).std(axis=0, ddof=1)
        delta = np.abs(new - W).max()
        W = new
        if delta < tol:
            break
    Y = X @ W
    return W, Y / Y.std(axis=0, ddof=1), it, delta < tol


def _inner(Y, preds):
    """Path matrix B (B[i, j]: i -> j) and R² by construct from standardized scores."""
    R = np.corrcoef(Y, rowvar=False)
    J = R.shape[0]
    B, r2 = np.zeros((J, J)), np.full(J, np.nan)
    for j, pred in enumerate(preds):
        if len(pred):
            B[pred, j] = np.linalg.solve(R[np.ix_(pred, pred)], R[pred, j])
            r2[j] = B[pred, j] @ R[pred, j]
    return B, r2, R


def _total(B):
    return np.linalg.inv(np.eye(len(B)) - B) - np.eye(len(B))


def fit_path_model(data: pd.DataFrame, blocks: dict, paths, scheme: str = "path",
                   bootstrap: int = 500, seed=None, *, confidence: float = 0.95,
                   missing: str = "mean", scale=(1, 7), tol: float = 1e-7,
                   max_iter: int = 300) -> PathModelResult:
    """PLS path model (PLS-PM, Mode A) for ACSI / ECSI-type models, with bootstrap intervals.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    blocks : dict of str to list of str
        Each construct and its reflective items, for example
        ``{"satisfaction": ["satis_1", "satis_2", "satis_3"], ...}``.
    paths : list of (source, target)
        The structural model; it must be recursive (no cycles) and link every construct.
    scheme : {"path", "centroid", "factorial"}, default="path"
        Inner weighting scheme (Lohmöller 1989): path weighting, centroid or factorial.
    bootstrap : int, default=500
        Bootstrap resamples of respondents for the intervals; 0 for none.
    seed : None, int or numpy Generator, default=None
        Seed of the bootstrap.
    confidence : float, default=0.95
        Level of the percentile intervals.
    missing : {"mean", "listwise"}, default="mean"
        Missing answers are replaced by the item's mean (SmartPLS's default), or
        respondents with any missing item are dropped.
    scale : tuple of (low, high) or None, default=(1, 7)
        The Likert range; answers outside it raise.
    tol, max_iter : float and int, default=1e-7 and 300
        Convergence: the largest change of an outer weight below ``tol``.

    Returns
    -------
    PathModelResult
        ``.paths`` (``source``, ``target``, ``estimate`` and, when bootstrapped, ``se``,
        ``ci_low``, ``ci_high``), ``.loadings`` and ``.weights`` (long: ``construct``,
        ``item``, ``loading`` / ``weight``), ``.r2`` by endogenous construct,
        ``.total_effects`` (``source``, ``target``, ``estimate`` [, ``ci_low``, ``ci_high``]),
        ``.scores`` (standardized construct scores), ``.reliability`` (per construct:
        ``alpha`` of the standardized items, ``rho_a``, ``composite_reliability``, ``ave``
        and whether each meets :data:`THRESHOLDS`), ``.fornell_larcker`` (construct
        correlations with :math:`\\sqrt{AVE}` on the diagonal and a ``passes`` column),
        ``.params``, ``.summary()``.

    Notes
    -----
    Wold (1982), Lohmöller (1989), Tenenhaus et al. (2005). Each item is standardized on
    its own. From unit outer weights, iterate until the weights settle: outer estimate
    :math:`Y_j \\propto X_j w_j` (unit variance); inner estimate
    :math:`Z_j = \\sum_i e_{ij} Y_i` with :math:`e_{ij}` the sign of
    :math:`\\operatorname{cor}(Y_i, Y_j)` (centroid), the correlation (factorial), or, for
    path weighting, the regression coefficient of :math:`Y_i` on :math:`Y_j`'s predecessors
    and the correlation with its successors; Mode A weights
    :math:`w_j = X_j' Z_j / (n-1)`. Path coefficients are OLS regressions of each
    endogenous score on its predecessors; total effects are
    :math:`(I - B)^{-1} - I`. :math:`\\rho_A` is Dijkstra & Henseler's (2015).

    Reference: on the ECSI ``mobi`` data (``tests/data/satisfaction``) this reproduces
    SmartPLS 2.0's path coefficients for all three schemes to 4 decimals, for example
    Image → Expectation 0.5047 (centroid), 0.5049 (path weighting).

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> blocks, paths = acsi_model()
    >>> res = fit_path_model(load_world().survey, blocks, paths, bootstrap=0)
    >>> round(float(res.r2["satisfaction"]), 2)
    0.52
    """
    func = "fit_path_model"
    check_frame(data, func)
    blocks, edges, order = _check_model(data, blocks, paths, func)
    check_choice(scheme, ("path", "centroid", "factorial"), func, "scheme")
    check_choice(missing, ("mean", "listwise"), func, "missing")
    n_boot = check_int(bootstrap, func, "bootstrap", low=0, high=100_000)
    level = check_number(confidence, func, "confidence", low=0.5, high=0.999)
    max_iter = check_int(max_iter, func, "max_iter", low=1)
    tol = check_number(tol, func, "tol", low=0.0)
    rng = as_generator(seed)
    names = list(blocks)
    items = [i for v in blocks.values() for i in v]
    frame = _numeric(data, items, func, scale)
    frame = frame.fillna(frame.mean()) if missing == "mean" else frame.dropna()
    if len(frame) < 10:
        raise ValueError(f"{func}: only {len(frame)} usable respondents; a path model needs more")
    _check_variance(frame, func)
    X = _standardize(frame.to_numpy())
    J, index = len(names), {b: j for j, b in enumerate(names)}
    M = np.zeros((len(items), J))
    col = 0
    for j, b in enumerate(names):
        M[col:col + len(blocks[b]), j] = 1.0
        col += len(blocks[b])
    D = np.zeros((J, J))
    for s, t in edges:
        D[index[s], index[t]] = 1.0
    preds = [np.flatnonzero(D[:, j]) for j in range(J)]
    W, Y, iterations, converged = _pls(X, M, D, preds, scheme, M.copy(), tol, max_iter)
    if not converged:
        raise ValueError(f"{func}: the weights did not converge in {max_iter} iterations; "
                         f"raise max_iter or check the blocks")
    B, r2, Rlv = _inner(Y, preds)
    T = _total(B)
    n = len(X)
    L = X.T @ Y / (n - 1) * M
    owner = M.argmax(axis=1)

    paths_df = pd.DataFrame({"source": [s for s, _ in edges], "target": [t for _, t in edges],
                             "estimate": [B[index[s], index[t]] for s, t in edges]})
    reach = [(names[i], names[j]) for i in range(J) for j in range(J) if abs(T[i, j]) > 0]
    reach = [(s, t) for s in order for t in order if (s, t) in set(reach)]
    total_df = pd.DataFrame({"source": [s for s, _ in reach], "target": [t for _, t in reach],
                             "estimate": [T[index[s], index[t]] for s, t in reach]})
    if n_boot:
        draws_p, draws_t = [], []
        for _ in range(n_boot):
            Xb = X[rng.integers(0, n, n)]
            sd = Xb.std(axis=0, ddof=1)
            if not (sd > 0).all():
                continue  # a resample in which an item is constant: skip it
            Wb, Yb, _, ok = _pls((Xb - Xb.mean(axis=0)) / sd, M, D, preds, scheme, W, tol, max_iter)
            if not ok:
                continue
            Bb, _, _ = _inner(Yb, preds)
            Tb = _total(Bb)
            draws_p.append([Bb[index[s], index[t]] for s, t in edges])
            draws_t.append([Tb[index[s], index[t]] for s, t in reach])
        if len(draws_p) < max(10, n_boot // 2):
            raise ValueError(f"{func}: only {len(draws_p)} of {n_boot} bootstrap resamples could "
                             f"be estimated")
        q = [(1 - level) / 2, (1 + level) / 2]
        for frame_, draws in ((paths_df, np.array(draws_p)), (total_df, np.array(draws_t))):
            if frame_ is paths_df:
                frame_["se"] = draws.std(axis=0, ddof=1)
            frame_["ci_low"], frame_["ci_high"] = np.quantile(draws, q, axis=0)

    loadings = pd.DataFrame({"construct": [names[j] for j in owner], "item": items,
                             "loading": L[np.arange(len(items)), owner]})
    weights = pd.DataFrame({"construct": [names[j] for j in owner], "item": items,
                            "weight": W[np.arange(len(items)), owner]})
    rows = {}
    for j, b in enumerate(names):
        sel = owner == j
        lam, w = L[sel, j], W[sel, j]
        S = np.corrcoef(X[:, sel], rowvar=False) if sel.sum() > 1 else np.ones((1, 1))
        k = sel.sum()
        if k > 1:
            rbar = (S.sum() - k) / (k * (k - 1))
            alpha = k * rbar / (1 + (k - 1) * rbar)
            ww = np.outer(w, w)
            rho_a = (w @ w) ** 2 * (w @ (S - np.diag(np.diag(S))) @ w) / \
                (w @ (ww - np.diag(np.diag(ww))) @ w)
        else:
            alpha = rho_a = 1.0
        cr = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
        rows[b] = dict(items=int(k), alpha=alpha, rho_a=rho_a, composite_reliability=cr,
                       ave=float((lam**2).mean()))
    reliability = pd.DataFrame.from_dict(rows, orient="index").rename_axis("construct")
    for key in ("alpha", "composite_reliability", "ave"):
        reliability[f"{key}_ok"] = reliability[key] >= THRESHOLDS[key]
    root_ave = np.sqrt(reliability["ave"].to_numpy())
    fl = pd.DataFrame(np.where(np.eye(J, dtype=bool), np.diag(root_ave), Rlv), index=names,
                      columns=names)
    fl["passes"] = root_ave > np.abs(np.where(np.eye(J, dtype=bool), 0.0, Rlv)).max(axis=1)
    scores = pd.DataFrame(Y, index=frame.index, columns=names)
    r2s = pd.Series(r2, index=names, name="r2").dropna()
    return PathModelResult(paths_df, loadings, weights, r2s, total_df, scores, reliability,
                           fl.rename_axis("construct"), scheme, n, iterations,
                           len(draws_p) if n_boot else 0, level, missing)


def acsi_model() -> tuple[dict, list]:
    """The ACSI-type model of the world's survey: its blocks and paths.

    Returns
    -------
    blocks : dict
        The survey's constructs and items (``crmlab.datasets._schema.CONSTRUCTS``).
    paths : list of (source, target)
        Expectation → each quality attribute; the four qualities → perceived value;
        expectation, the four qualities and perceived value → satisfaction; satisfaction
        → complaint; satisfaction and complaint → loyalty (Fornell et al. 1996, with
        perceived quality split into its four attributes as in the ECSI).

    Examples
    --------
    >>> blocks, paths = acsi_model()
    >>> ("satisfaction", "loyalty") in paths
    True
    """
    from .datasets._schema import CONSTRUCTS

    quality = ["product_quality", "service_quality", "personnel_quality", "image"]
    paths = [("expectation", q) for q in quality] + [(q, "perceived_value") for q in quality]
    paths += [(s, "satisfaction") for s in ["expectation", *quality, "perceived_value"]]
    paths += [("satisfaction", "complaint"), ("satisfaction", "loyalty"), ("complaint", "loyalty")]
    return {k: list(v) for k, v in CONSTRUCTS.items()}, paths


_LATENTS = {"expectation": "expectation", "product_quality": "quality_product",
            "service_quality": "quality_service", "personnel_quality": "quality_personnel",
            "image": "quality_image", "perceived_value": "perceived_value",
            "satisfaction": "satisfaction", "complaint": "complaint", "loyalty": "loyalty"}


def true_paths(world, sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """The world's true path coefficients for the paths of :func:`acsi_model`.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world` or ``make_world``.
    sample : DataFrame, optional
        Rows with ``customer_id`` and ``year`` (the survey, or one row per surveyed
        customer-year). Adds ``sample_true``: the standardized regression coefficients of
        the true latent scores of exactly these rows, what a perfectly measured survey of
        this sample would estimate.

    Returns
    -------
    DataFrame
        ``source``, ``target``, ``true`` (and ``sample_true``). ``true`` is on standardized
        latents, from ``world.truth["params"]["structural_model"]``: a quality attribute's
        direct effect on satisfaction is the perceived-quality path times its driver weight
        over the perceived-quality scale; expectation → quality is the expectation loading.
        Quality → perceived value has no single parameter (value is a choice-model utility),
        so its ``true`` is missing.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> true_paths(load_world()).set_index(["source", "target"]).loc[("satisfaction", "loyalty"), "true"]
    np.float64(0.55)
    """
    truth = getattr(world, "truth", None)
    if not isinstance(truth, dict) or "params" not in truth:
        raise TypeError(f"true_paths: world must be a crmlab World with its truth; got "
                        f"{type(world).__name__}")
    p, scale = truth["params"], truth["scales"]["perceived_quality_scale"]
    sm = p["structural_model"]
    attribute = {"product_quality": "product", "service_quality": "service",
                 "personnel_quality": "personnel", "image": "image"}
    values = {("satisfaction", "complaint"): sm["complaint"]["satisfaction"],
              ("satisfaction", "loyalty"): sm["loyalty"]["satisfaction"],
              ("complaint", "loyalty"): sm["loyalty"]["complaint"],
              ("expectation", "satisfaction"): sm["satisfaction"]["expectation"],
              ("perceived_value", "satisfaction"): sm["satisfaction"]["perceived_value"]}
    for q, a in attribute.items():
        values[("expectation", q)] = p["expectation_loading_on_quality"]
        values[(q, "satisfaction")] = sm["satisfaction"]["perceived_quality"] \
            * sm["driver_weights"][a] / scale
    _, edges = acsi_model()
    out = pd.DataFrame({"source": [s for s, _ in edges], "target": [t for _, t in edges],
                        "true": [values.get(e, np.nan) for e in edges]})
    if sample is not None:
        check_columns(sample, ["customer_id", "year"], "true_paths", "sample")
        latent = sample[["customer_id", "year"]].merge(
            world.truth_frame("customer_years"), on=["customer_id", "year"], how="left")
        if latent["satisfaction"].isna().any():
            raise ValueError("true_paths: some sample rows are not customer-years of this world")
        Z = latent[list(_LATENTS.values())].set_axis(list(_LATENTS), axis=1)
        Z = (Z - Z.mean()) / Z.std(ddof=1)
        coef = {}
        for target in dict.fromkeys(t for _, t in edges):
            sources = [s for s, t in edges if t == target]
            b = np.linalg.lstsq(Z[sources].to_numpy(), Z[target].to_numpy(), rcond=None)[0]
            coef.update({(s, target): v for s, v in zip(sources, b)})
        out["sample_true"] = [coef[e] for e in edges]
    return out


# --------------------------------------------------------------------------------------------
# From the survey to the order book
# --------------------------------------------------------------------------------------------
def satisfaction_to_behaviour(world) -> pd.DataFrame:
    """Each surveyed customer's scores next to what it did in the following year.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world` or ``make_world``.

    Returns
    -------
    DataFrame
        One row per surveyed customer and survey year whose next year lies inside the order
        book: ``customer_id``, ``year``, ``respondents``; ``satisfaction``, ``loyalty`` and
        ``complaint`` (1-7, each the mean of the construct's items, averaged over the
        customer's respondents that year); ``revenue`` and ``revenue_next`` (net revenue in
        the survey year and the next, CNY); ``revenue_growth`` (revenue_next / revenue − 1,
        missing when the survey year had no revenue); ``repurchased`` (ordered next year);
        ``share_of_wallet`` (ours, from the value audit of the survey year) and
        ``share_of_wallet_next`` (when audited again next year, else missing);
        ``churned_next`` (the relationship ended between the survey, 1 November, and the end
        of the next year).

    Notes
    -----
    The survey is fielded in November, so "afterwards" is the next calendar year. Satisfaction
    is not loyalty: behaviour also follows the lifecycle stage, competitors' offers and the
    customer's own business, which the survey does not see.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> joined = satisfaction_to_behaviour(load_world())
    >>> bool(joined["churned_next"].mean() < 0.2)
    True
    """
    from .datasets._schema import CONSTRUCTS

    for table in ("survey", "orders", "relationships", "value_audit"):
        if not isinstance(getattr(world, table, None), pd.DataFrame):
            raise TypeError(f"satisfaction_to_behaviour: world must be a crmlab World with table "
                            f"{table!r}; got {type(world).__name__}")
    survey, orders, rel = world.survey, world.orders, world.relationships
    last_year = int(orders["date"].max().year) if len(orders) else int(rel["year"].max())
    last_year = max(last_year, int(rel["year"].max()))
    scores = pd.DataFrame({"customer_id": survey["customer_id"], "year": survey["year"]})
    for name in ("satisfaction", "loyalty", "complaint"):
        scores[name] = survey[list(CONSTRUCTS[name])].mean(axis=1)
    out = scores.groupby(["customer_id", "year"], as_index=False).agg(
        respondents=("satisfaction", "size"), satisfaction=("satisfaction", "mean"),
        loyalty=("loyalty", "mean"), complaint=("complaint", "mean"))
    out = out[out["year"] < last_year].reset_index(drop=True)
    revenue = orders.groupby([orders["customer_id"], orders["date"].dt.year.rename("year")])[
        "net_revenue"].sum()
    key = pd.MultiIndex.from_frame(out[["customer_id", "year"]])
    nxt = pd.MultiIndex.from_arrays([out["customer_id"], out["year"] + 1])
    out["revenue"] = revenue.reindex(key).fillna(0.0).to_numpy()
    out["revenue_next"] = revenue.reindex(nxt).fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["revenue_growth"] = np.where(out["revenue"] > 0,
                                         out["revenue_next"] / out["revenue"] - 1, np.nan)
    out["repurchased"] = out["revenue_next"] > 0
    audit = world.value_audit
    ours = audit[audit["supplier"].astype(str) == "ours"].set_index(["customer_id", "year"])[
        "share_of_wallet"]
    out["share_of_wallet"] = ours.reindex(key).to_numpy()
    out["share_of_wallet_next"] = ours.reindex(nxt).to_numpy()
    ended = rel.loc[rel["churned"], ["customer_id", "churn_date"]].drop_duplicates("customer_id")
    end = out[["customer_id"]].merge(ended, on="customer_id", how="left")["churn_date"]
    start = pd.to_datetime(out["year"].astype(str) + "-11-01")
    stop = pd.to_datetime((out["year"] + 1).astype(str) + "-12-31")
    out["churned_next"] = ((end >= start) & (end <= stop)).to_numpy()
    return out
