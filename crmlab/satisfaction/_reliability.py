"""Reliability and validity."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_array, check_choice, check_columns, check_int, check_number
from ._checks import _check_variance, _items


__all__ = ["THRESHOLDS", "AlphaResult", "cronbach_alpha", "item_total", "KMOResult", "kmo_bartlett",
           "EFAResult", "efa", "composite_reliability", "ave"]

#: Thresholds a thesis usually reports: Nunnally (1978) for alpha, Kaiser (1974) for KMO,
#: Fornell & Larcker (1981) and Hair et al. (2017) for composite reliability and AVE.
THRESHOLDS = {"alpha": 0.7, "kmo": 0.6, "composite_reliability": 0.7, "ave": 0.5}


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
    from scipy import stats

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
    from scipy import stats

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
    values = check_array(loadings, func, "loadings")
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
