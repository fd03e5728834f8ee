"""Reliability and validity of a questionnaire's scales.

Every function that reads raw answers takes the questionnaire's scale,
``scale=(low, high)``: answers outside it raise, and a scale that no answer reaches at
its top or bottom is reported with a warning (a 5-point questionnaire read as 7-point).
:func:`composite_reliability` and :func:`ave` read standardized loadings and need no
scale.
"""
from __future__ import annotations

import warnings
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

# Listwise deletion warns when it drops more than this share of the respondents who answered
# at least one item. Bennett, D. A. (2001), How can I deal with missing data in my study?
# Aust. N. Z. J. Public Health 25(5), 464-469: analysis is likely biased above 10 % missing.
_LISTWISE_WARNING_SHARE = 0.10


# --------------------------------------------------------------------------------------------
# Shared steps: the declared scale, reversed items, missing answers
# --------------------------------------------------------------------------------------------
def _number_text(x) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _scale_text(scale) -> str | None:
    return None if scale is None else f"{_number_text(scale[0])}-{_number_text(scale[1])}"


def _check_scale(scale, func: str):
    """``scale`` as a (low, high) tuple of numbers with low < high, or None."""
    if scale is None:
        return None
    if isinstance(scale, (str, bytes)) or not hasattr(scale, "__len__") or len(scale) != 2:
        raise TypeError(f"{func}: scale must be a pair (low, high) such as (1, 7), or None; "
                        f"got {scale!r}")
    low, high = (check_number(v, func, "scale") for v in scale)
    if not low < high:
        raise ValueError(f"{func}: scale must be (low, high) with low < high; got {scale!r}")
    return tuple(int(v) if v.is_integer() else v for v in (low, high))


def _check_reverse(reverse, columns, scale, func: str) -> tuple:
    if reverse is None:
        return ()
    names = [reverse] if isinstance(reverse, str) else reverse
    if not isinstance(names, (list, tuple, pd.Index)):
        raise TypeError(f"{func}: reverse must be an item name or a list of item names; "
                        f"got {reverse!r}")
    names = list(names)
    unknown = [c for c in names if c not in columns]
    if unknown:
        raise ValueError(f"{func}: reverse names items {unknown} that are not columns of items; "
                         f"items: {list(columns)}")
    if len(set(names)) < len(names):
        raise ValueError(f"{func}: reverse lists an item twice: {names}")
    if names and scale is None:
        raise ValueError(f"{func}: reverse needs the questionnaire's scale to score "
                         f"low + high - x; pass scale=(low, high) instead of scale=None")
    return tuple(names)


def _likert(items, func: str, scale, *, min_items: int = 2, reverse=None):
    """Validated answers (respondents with no answer removed), the scale, reversed items, and
    the number of empty respondents. Blank answers stay NaN."""
    scale = _check_scale(scale, func)
    X, empty = _items(items, func, None, min_items=min_items)
    reversed_ = _check_reverse(reverse, X.columns, scale, func)
    if scale is not None:
        low, high = scale
        outside = {c: sorted(set(X[c][(X[c] < low) | (X[c] > high)])) for c in X.columns}
        outside = {c: v for c, v in outside.items() if v}
        if outside:
            found = "; ".join(f"{c!r}: {', '.join(_number_text(v) for v in vals[:5])}"
                              + (" ..." if len(vals) > 5 else "") for c, vals in outside.items())
            raise ValueError(
                f"{func}: answers outside the Likert scale {_scale_text(scale)} in columns "
                f"{list(outside)} (values found: {found}); recode them, or declare the "
                f"questionnaire's scale with scale=(low, high) (scale=None skips this check)")
        top, bottom = X.max().max(), X.min().min()
        unused = [end for end, reached in (("bottom", bottom <= low), ("top", top >= high))
                  if not reached]
        if unused:
            hint = (f", e.g. scale=({_number_text(low)}, {_number_text(top)})"
                    if unused == ["top"] else "")
            warnings.warn(
                f"{func}: no answer reaches the {' or the '.join(unused)} of the declared scale "
                f"{_scale_text(scale)} (answers span {_number_text(bottom)}-{_number_text(top)} "
                f"in items {list(X.columns)}); if the questionnaire has a shorter scale, "
                f"declare it{hint}; if its scale is {_scale_text(scale)} and nobody chose "
                f"that end, this warning can be ignored", UserWarning, stacklevel=3)
    for c in reversed_:
        X[c] = scale[0] + scale[1] - X[c]
    return X, scale, reversed_, empty


def _listwise(X: pd.DataFrame, func: str, stacklevel: int = 3) -> tuple[pd.DataFrame, int]:
    """Respondents who answered every item, and how many others were dropped (with a warning
    when that is more than a small share)."""
    complete = X.dropna()
    dropped = len(X) - len(complete)
    if dropped > _LISTWISE_WARNING_SHARE * len(X):
        warnings.warn(
            f"{func}: listwise deletion dropped {dropped} of {len(X)} respondents "
            f"({100 * dropped / len(X):.0f} %) for a blank answer among the {X.shape[1]} items; "
            f"n = {len(complete)}. Use fewer items per call, or missing='pairwise'",
            UserWarning, stacklevel=stacklevel)
    return complete, dropped


def _pairwise_counts(X: pd.DataFrame) -> np.ndarray:
    answered = X.notna().to_numpy(dtype=float)
    return answered.T @ answered


def _pairwise_correlation(X: pd.DataFrame, func: str) -> tuple[np.ndarray, int, int]:
    """Pairwise-complete correlations, the smallest pairwise n, and the respondents who
    answered fewer than two items (they enter no correlation). Refuses a matrix that is
    not positive definite."""
    counts = _pairwise_counts(X)
    off = ~np.eye(X.shape[1], dtype=bool)
    if (counts[off] < 3).any():
        i, j = np.argwhere(np.where(off, counts, np.inf) < 3)[0]
        raise ValueError(f"{func}: items {X.columns[i]!r} and {X.columns[j]!r} were answered "
                         f"together by {int(counts[i, j])} respondents; pairwise correlations "
                         f"need at least 3")
    R = X.corr().to_numpy()  # pandas: each pair on the respondents who answered both
    smallest = float(np.linalg.eigvalsh(R)[0])
    if smallest < -1e-10:  # about zero: singular, refused by the caller as for listwise
        raise ValueError(
            f"{func}: the pairwise correlation matrix is not positive definite (smallest "
            f"eigenvalue {smallest:.2g}): its correlations come from different respondents and "
            f"do not fit together (Wothke 1993). Use missing='listwise', fewer items, or "
            f"impute the blanks")
    too_few = int((X.notna().sum(axis=1) < 2).sum())
    return R, int(counts[off].min()), too_few


def _corrected_item_total(C: np.ndarray) -> np.ndarray:
    """Correlation of each item with the sum of the others, from the items' covariances."""
    diag = np.diag(C)
    with_rest = C.sum(axis=1) - diag
    rest_var = C.sum() - 2 * C.sum(axis=1) + diag
    with np.errstate(divide="ignore", invalid="ignore"):  # a constant rest gives NaN
        return np.where(rest_var > 0, with_rest / np.sqrt(diag * np.abs(rest_var)), np.nan)


def _warn_negative_items(r: np.ndarray, names, scale, func: str) -> None:
    negative = sorted((i for i in range(len(r)) if r[i] < 0), key=lambda i: r[i])
    if not negative:
        return
    items = [names[i] for i in negative]
    values = ", ".join(f"{names[i]!r} {r[i]:.2f}" for i in negative)
    remedy = (f"pass it in reverse=[...] to score it {_number_text(scale[0] + scale[1])} - x "
              f"(low + high - x on {_scale_text(scale)})" if scale is not None
              else "reverse it before computing, or declare scale=(low, high) and use reverse=")
    warnings.warn(
        f"{func}: items {items} correlate negatively with the rest of the scale (corrected "
        f"item-total r: {values}); a reverse-worded item not yet reversed? If so, {remedy}",
        UserWarning, stacklevel=3)


def _alpha(C: np.ndarray) -> float:
    k = C.shape[0]
    return float(k / (k - 1) * (1 - np.trace(C) / C.sum()))


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _sample_text(n, n_excluded, missing) -> str:
    return f"n={n} ({n_excluded} excluded, {missing})"


# --------------------------------------------------------------------------------------------
# Cronbach's alpha and item statistics
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
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
    scale: tuple | None = None
    reversed: tuple = ()

    @property
    def meets_threshold(self) -> bool:
        """alpha ≥ 0.7 (Nunnally 1978)."""
        return bool(self.alpha >= THRESHOLDS["alpha"])

    def summary(self) -> pd.DataFrame:
        """One row with every figure, the threshold, the scale and the reversed items."""
        row = {k: getattr(self, k) for k in ("alpha", "standardized", "ci_low", "ci_high",
                                             "n_items", "n_respondents", "n_excluded", "missing")}
        row.update(threshold=THRESHOLDS["alpha"], meets_threshold=self.meets_threshold,
                   scale=_scale_text(self.scale), reversed=", ".join(map(str, self.reversed)))
        return pd.DataFrame([row])

    def __repr__(self) -> str:
        rev = f", reversed {list(self.reversed)}" if self.reversed else ""
        return (f"AlphaResult(alpha={self.alpha:.3f}, standardized={self.standardized:.3f}, "
                f"{100 * self.confidence:g}% CI [{self.ci_low:.3f}, {self.ci_high:.3f}], "
                f"k={self.n_items} items, "
                f"{_sample_text(self.n_respondents, self.n_excluded, self.missing)}, "
                f"scale {_scale_text(self.scale)}{rev})")


def cronbach_alpha(items: pd.DataFrame, *, missing: str = "listwise", scale=(1, 7),
                   reverse=None, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's alpha (raw and standardized) with Feldt's confidence interval.

    Parameters
    ----------
    items : DataFrame
        One column per item of the scale, one row per respondent; blank answers are NaN
        (or ``pd.NA``). Column names may be any text, e.g. Chinese item labels.
    missing : {"listwise", "pairwise"}, default="listwise"
        Missing answers: ``"listwise"`` keeps only respondents who answered every item
        (SPSS's default) and warns when that drops more than 10 % of them; ``"pairwise"``
        uses every pair of answers for each covariance (R psych's ``use="pairwise"``).
        Respondents who answered no item are excluded either way and counted in
        ``n_excluded``.
    scale : tuple of (low, high) or None, default=(1, 7)
        The questionnaire's answer scale, declared rather than guessed from the answers (a
        guess from the observed range fails exactly when nobody used an end of the scale, and
        reverse-scoring needs the true ends). The default is the 1-7 scale of crmlab's
        questionnaires. Answers outside it raise ``ValueError``; a ``UserWarning`` says so
        when no answer to any item reaches its top, or its bottom (a 5-point questionnaire
        read as 7-point; one item that never reaches an end is normal and not reported).
        None skips both checks, and then ``reverse`` is refused.
    reverse : str or list of str, optional
        Reverse-worded items, scored ``low + high - x`` on the declared scale before anything
        is computed (on 1-7: 1 ↔ 7, 2 ↔ 6, ...).
    confidence : float, default=0.95
        Level of the interval.

    Returns
    -------
    AlphaResult
        ``.alpha`` (raw), ``.standardized``, ``.ci_low``, ``.ci_high``, ``.n_items``,
        ``.n_respondents`` (used for the interval), ``.n_excluded``, ``.missing``,
        ``.scale``, ``.reversed``, ``.meets_threshold`` (alpha ≥ 0.7) and ``.summary()``.

    Warns
    -----
    UserWarning
        When an item correlates negatively with the sum of the other items (a reverse-worded
        item not yet reversed: alpha can then fall below zero); the message names the item and
        its corrected item-total correlation. When no answer reaches an end of ``scale``, and
        when listwise deletion drops more than 10 % of the respondents.

    Raises
    ------
    ValueError
        Answers outside ``scale`` (the message names the columns and the values found),
        ``reverse`` naming an unknown item or given with ``scale=None``, fewer than 3
        complete respondents, an item without variance.

    Notes
    -----
    Cronbach (1951), with :math:`k` items of variances :math:`s_i^2` and total-score
    variance :math:`s_T^2`, and Feldt (1965) for the interval with :math:`n` respondents:

    .. math:: \\alpha = \\frac{k}{k-1}\\Bigl(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\Bigr), \\quad
              \\alpha_{std} = \\frac{k \\bar r}{1 + (k-1)\\bar r}, \\quad
              1 - (1-\\alpha) F_{1 \\mp \\gamma/2}(n-1, (n-1)(k-1)).

    The corrected item-total correlation of item :math:`i` is its correlation with
    :math:`T - x_i`, from the covariances: :math:`(\\sum_{j \\ne i} s_{ij}) /
    \\sqrt{s_i^2 \\operatorname{Var}(T - x_i)}`.

    Reference values: on the ECSI mobile-phone data (Tenenhaus et al. 2005; the ``mobi``
    data of R's semPLS and seminr, in ``tests/data/satisfaction``) seminr reports alpha of
    the standardized indicators (our ``.standardized``) as 0.7228 for Image IMAG1-5,
    0.4519 for Expectation CUEX1-3, 0.8236 for Value PERV1-2 and 0.7792 for Satisfaction
    CUSA1-3 (seminr's ``tests/fixtures/V_3_6_0/reliability.csv``); the raw alphas are
    0.7144, 0.4326, 0.8167 and 0.7701. On pingouin's ``cronbach_alpha`` example data
    (15 respondents, 10 items on 1-7) pingouin documents alpha 0.591719 with the interval
    [0.195, 0.84]. ``tests/test_satisfaction.py`` checks all of them.

    Examples
    --------
    A 5-point questionnaire whose fourth item is worded the other way round ("I would
    consider another supplier"): without ``reverse`` alpha is -0.815 and a warning names q4.

    >>> items = pd.DataFrame({"q1": [1, 3, 5, 5, 2, 3, 1, 5], "q2": [1, 4, 4, 3, 1, 3, 3, 3],
    ...                       "q3": [3, 2, 5, 3, 2, 2, 2, 3], "q4": [5, 2, 1, 2, 4, 4, 4, 3]})
    >>> res = cronbach_alpha(items, scale=(1, 5), reverse=["q4"])
    >>> res  # doctest: +NORMALIZE_WHITESPACE
    AlphaResult(alpha=0.857, standardized=0.860, 95% CI [0.575, 0.968], k=4 items,
                n=8 (0 excluded, listwise), scale 1-5, reversed ['q4'])
    """
    from scipy import stats

    func = "cronbach_alpha"
    check_choice(missing, ("listwise", "pairwise"), func, "missing")
    level = check_number(confidence, func, "confidence", low=0.5, high=0.999)
    X, scale, reversed_, excluded = _likert(items, func, scale, reverse=reverse)
    if missing == "listwise":
        X, dropped = _listwise(X, func)
        excluded += dropped
        if len(X) < 3:
            raise ValueError("cronbach_alpha: fewer than 3 respondents answered every item; "
                             "try missing='pairwise'")
    _check_variance(X, func)
    C = X.cov().to_numpy()  # pairwise-complete when answers are missing
    if np.isnan(C).any():
        raise ValueError("cronbach_alpha: some pair of items was never answered together")
    _warn_negative_items(_corrected_item_total(C), list(X.columns), scale, func)
    k, n = C.shape[0], len(X)
    alpha = _alpha(C)
    sd = np.sqrt(np.diag(C))
    R = C / np.outer(sd, sd)
    rbar = (R.sum() - k) / (k * (k - 1))
    standardized = k * rbar / (1 + (k - 1) * rbar)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * stats.f.isf((1 - level) / 2, df1, df2)
    high = 1 - (1 - alpha) * stats.f.isf((1 + level) / 2, df1, df2)
    return AlphaResult(float(alpha), float(standardized), float(low), float(high), level, k, n,
                       excluded, missing, scale, reversed_)


def item_total(items: pd.DataFrame, *, scale=(1, 7), reverse=None) -> pd.DataFrame:
    """Item statistics of a scale: corrected item-total correlation and alpha if deleted.

    Parameters
    ----------
    items : DataFrame
        One column per item; respondents with a missing answer are left out (listwise, with
        a warning when that is more than 10 % of them).
    scale : tuple of (low, high) or None, default=(1, 7)
        The questionnaire's answer scale, as in :func:`cronbach_alpha`: answers outside it
        raise, a scale whose top or bottom no answer reaches warns.
    reverse : str or list of str, optional
        Reverse-worded items, scored ``low + high - x`` before the statistics (so ``mean``
        is the reversed item's mean).

    Returns
    -------
    DataFrame
        Indexed by item: ``mean``, ``sd``, ``item_total_r`` (correlation of the item with
        the sum of the other items), ``alpha_if_deleted`` and ``reversed`` (True for the
        items in ``reverse``). An item whose corrected correlation is below about 0.3, or
        whose deletion raises alpha, is a candidate to drop (Nunnally & Bernstein 1994); a
        negative one is usually a reverse-worded item (a ``UserWarning`` names it).
        ``.attrs`` holds ``scale``, ``reversed`` and ``n_excluded``.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 3, 5, 5, 2, 3, 1, 5], "q2": [1, 4, 4, 3, 1, 3, 3, 3],
    ...                       "q3": [3, 2, 5, 3, 2, 2, 2, 3], "q4": [5, 2, 1, 2, 4, 4, 4, 3]})
    >>> table = item_total(items, scale=(1, 5), reverse="q4")
    >>> table["item_total_r"].round(2).tolist(), table["reversed"].tolist()
    ([0.78, 0.65, 0.56, 0.9], [False, False, False, True])
    """
    func = "item_total"
    X, scale, reversed_, excluded = _likert(items, func, scale, min_items=3, reverse=reverse)
    X, dropped = _listwise(X, func)
    if len(X) < 3:
        raise ValueError(f"{func}: fewer than 3 respondents answered every item")
    _check_variance(X, func)
    C = X.cov().to_numpy()
    r = _corrected_item_total(C)
    _warn_negative_items(r, list(X.columns), scale, func)
    rows = {}
    for i, c in enumerate(X.columns):
        keep = np.arange(len(X.columns)) != i
        rows[c] = dict(mean=X[c].mean(), sd=X[c].std(ddof=1), item_total_r=r[i],
                       alpha_if_deleted=_alpha(C[np.ix_(keep, keep)]), reversed=c in reversed_)
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("item")
    table.attrs.update(scale=scale, reversed=reversed_, n_excluded=excluded + dropped)
    return table


# --------------------------------------------------------------------------------------------
# Sampling adequacy, sphericity and exploratory factor analysis
# --------------------------------------------------------------------------------------------
def _correlations(X: pd.DataFrame, missing: str, func: str):
    """The items' correlation matrix, the n it rests on, the answers it used and the
    respondents it left out."""
    if missing == "listwise":
        X, dropped = _listwise(X, func, stacklevel=4)
        if len(X) < 3:
            raise ValueError(f"{func}: fewer than 3 respondents answered every item; "
                             f"try missing='pairwise'")
        _check_variance(X, func)
        return np.corrcoef(X.to_numpy(), rowvar=False), len(X), X, dropped
    _check_variance(X, func)
    R, n, too_few = _pairwise_correlation(X, func)
    return R, n, X, too_few





@dataclass(frozen=True, repr=False)
class KMOResult:
    """Sampling adequacy and sphericity; see :func:`kmo_bartlett`."""

    kmo: float
    msa: pd.Series
    chi2: float
    df: int
    p_value: float
    n: int
    n_excluded: int = 0
    missing: str = "listwise"
    scale: tuple | None = None
    correlation: pd.DataFrame | None = None

    @property
    def meets_threshold(self) -> bool:
        """KMO ≥ 0.6 (Kaiser 1974: below 0.5 unacceptable, 0.6 mediocre, 0.8 meritorious)."""
        return bool(self.kmo >= THRESHOLDS["kmo"])

    def summary(self) -> pd.DataFrame:
        """One row: KMO, Bartlett's test, the sample it rests on and the scale."""
        row = {k: getattr(self, k) for k in ("kmo", "chi2", "df", "p_value", "n", "n_excluded",
                                             "missing")}
        row.update(scale=_scale_text(self.scale), threshold=THRESHOLDS["kmo"],
                   meets_threshold=self.meets_threshold)
        return pd.DataFrame([row])

    def __repr__(self) -> str:
        return (f"KMOResult(KMO={self.kmo:.3f} (>= {THRESHOLDS['kmo']}: {self.meets_threshold}), "
                f"Bartlett chi2={self.chi2:.1f} on {self.df} df, {_p_text(self.p_value)}, "
                f"{len(self.msa)} items, {_sample_text(self.n, self.n_excluded, self.missing)}, "
                f"scale {_scale_text(self.scale)})")


def kmo_bartlett(items: pd.DataFrame, *, scale=(1, 7), missing: str = "listwise") -> KMOResult:
    """Kaiser-Meyer-Olkin sampling adequacy and Bartlett's test of sphericity.

    Parameters
    ----------
    items : DataFrame
        One column per item, one row per respondent; blank answers are NaN.
    scale : tuple of (low, high) or None, default=(1, 7)
        The questionnaire's answer scale, as in :func:`cronbach_alpha`: answers outside it
        raise, a scale whose top or bottom no answer reaches warns.
    missing : {"listwise", "pairwise"}, default="listwise"
        ``"listwise"`` keeps only respondents who answered every item and warns when that
        drops more than 10 % of them (with many items a few blanks per item add up: 3 %
        blanks on each of 26 items leave about 45 % of the respondents). ``"pairwise"``
        computes each correlation from the respondents who answered both items. Its
        correlations rest on different respondents, so the matrix need not be positive
        definite; that is checked, and such a matrix raises ``ValueError`` (Wothke 1993).

    Returns
    -------
    KMOResult
        ``.kmo`` (overall), ``.msa`` (per item), ``.chi2``, ``.df``, ``.p_value``, ``.n``
        (the respondents behind the correlations; under ``"pairwise"`` the smallest
        pairwise n), ``.n_excluded`` (respondents left out: with a blank answer under
        ``"listwise"``, with fewer than two answers under ``"pairwise"``), ``.missing``,
        ``.scale``, ``.correlation`` (the items' correlation matrix), ``.meets_threshold`` and
        ``.summary()``.

    Notes
    -----
    With correlations :math:`r_{ij}` and partial correlations
    :math:`a_{ij} = -(R^{-1})_{ij} / \\sqrt{(R^{-1})_{ii}(R^{-1})_{jj}}` (Kaiser 1974),
    :math:`KMO = \\sum_{i\\ne j} r_{ij}^2 / (\\sum_{i\\ne j} r_{ij}^2 + \\sum_{i\\ne j} a_{ij}^2)`.
    Bartlett (1950): :math:`\\chi^2 = -(n - 1 - (2p + 5)/6)\\ln|R|` with :math:`p(p-1)/2`
    degrees of freedom tests whether the items are uncorrelated (then no factor exists).

    Under pairwise deletion no single n lies behind :math:`R`. We use the smallest number of
    respondents who answered a pair of items, the conservative choice among those Marsh
    (1998) compares (minimum, mean or harmonic mean, maximum of the pairwise n): it never
    claims more information than the weakest correlation has, so :math:`\\chi^2` is not
    inflated.

    References: Marsh, H. W. (1998). Pairwise deletion for missing data in structural
    equation models. *Structural Equation Modeling* 5(1), 22-36. Wothke, W. (1993).
    Nonpositive definite matrices in structural modeling. In Bollen & Long (eds.),
    *Testing Structural Equation Models*, 256-293.

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

    func = "kmo_bartlett"
    check_choice(missing, ("listwise", "pairwise"), func, "missing")
    X, scale, _, excluded = _likert(items, func, scale, min_items=3)
    R, n, X, dropped = _correlations(X, missing, func)
    p = X.shape[1]
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
    return KMOResult(float(kmo), msa, float(chi2), df, float(stats.chi2.sf(chi2, df)), n,
                     excluded + dropped, missing, scale,
                     pd.DataFrame(R, index=X.columns, columns=X.columns))



@dataclass(frozen=True, repr=False)
class EFAResult:
    """Exploratory factor analysis; see :func:`efa`."""

    loadings: pd.DataFrame
    communalities: pd.Series
    variance: pd.DataFrame
    eigenvalues: pd.Series
    rotation: str | None
    n: int
    n_excluded: int = 0
    missing: str = "listwise"
    scale: tuple | None = None

    def summary(self) -> pd.DataFrame:
        """The loadings with each item's communality."""
        return self.loadings.assign(communality=self.communalities)

    def __repr__(self) -> str:
        k, p = self.loadings.shape[1], self.loadings.shape[0]
        return (f"EFAResult({k} factors, rotation={self.rotation}, {p} items, "
                f"variance explained {self.variance['cumulative'].iloc[-1]:.3f}, "
                f"{_sample_text(self.n, self.n_excluded, self.missing)}, "
                f"scale {_scale_text(self.scale)})")


def _promax(L: np.ndarray, power: int = 4) -> np.ndarray:
    # Hendrickson & White (1964), as R's stats::promax, from varimax-rotated loadings.
    Q = L * np.abs(L) ** (power - 1)
    U = np.linalg.lstsq(L, Q, rcond=None)[0]
    U = U @ np.diag(np.sqrt(np.diag(np.linalg.inv(U.T @ U))))
    return L @ U


def _rows_with_correlation(R: np.ndarray, func: str) -> np.ndarray:
    # 2p centred rows whose covariance (ddof=0) is exactly R: FactorAnalysis sees only that.
    try:
        L = np.linalg.cholesky(R)
    except np.linalg.LinAlgError:
        raise ValueError(f"{func}: the items' correlation matrix is singular (an item is a copy "
                         f"or a sum of others); drop the redundant item") from None
    p = R.shape[0]
    return np.sqrt(p) * np.vstack([L.T, -L.T])


def efa(items: pd.DataFrame, n_factors: int, rotation: str | None = "varimax", *,
        scale=(1, 7), missing: str = "listwise") -> EFAResult:
    """Exploratory factor analysis (maximum likelihood) of standardized items.

    Parameters
    ----------
    items : DataFrame
        One column per item, one row per respondent; blank answers are NaN.
    n_factors : int
        Factors to extract (Kaiser's rule: eigenvalues above 1, see ``.eigenvalues``).
    rotation : {"varimax", "quartimax", "promax", None}, default="varimax"
        Orthogonal rotations come from scikit-learn's ``FactorAnalysis``; promax (oblique,
        power 4) is applied to the varimax solution as R's ``promax`` does.
    scale : tuple of (low, high) or None, default=(1, 7)
        The questionnaire's answer scale, as in :func:`cronbach_alpha`: answers outside it
        raise, a scale whose top or bottom no answer reaches warns.
    missing : {"listwise", "pairwise"}, default="listwise"
        As in :func:`kmo_bartlett`: ``"listwise"`` keeps complete respondents (a warning when
        it drops more than 10 % of them); ``"pairwise"`` factors the pairwise correlation
        matrix, which must be positive definite.

    Returns
    -------
    EFAResult
        ``.loadings`` (items × factors F1 ..., largest sum of squares first, each factor's
        largest loading positive), ``.communalities``, ``.variance`` (SS loadings,
        proportion and cumulative proportion of the total variance), ``.eigenvalues`` of the
        correlation matrix, ``.rotation``, ``.n`` (under ``"pairwise"`` the smallest pairwise
        n), ``.n_excluded``, ``.missing``, ``.scale`` and ``.summary()``.

    Notes
    -----
    The model is :math:`z = \\Lambda f + \\varepsilon` with :math:`\\operatorname{Cov}(z) =
    \\Lambda\\Lambda' + \\Psi`. A loading of at least 0.5 on its own factor and below 0.4 on
    the others is the usual thesis rule for a clean structure. The maximum-likelihood fit
    depends on the data only through their correlation matrix :math:`R`, so both ways of
    handling blanks are fitted the same way: scikit-learn's estimator is given :math:`2p`
    rows whose correlation matrix is exactly :math:`R` (from its Cholesky factor) and
    iterates until the log-likelihood per row changes by less than :math:`10^{-8}`.
    Reverse-worded items need no reversing here: they load with the opposite sign.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> f, g = rng.normal(size=(2, 300))
    >>> items = pd.DataFrame({"a1": f, "a2": f, "b1": g, "b2": g}) + rng.normal(0, .5, (300, 4))
    >>> efa(items, 2, scale=None).loadings.abs().round(1).max().tolist()
    [0.9, 0.9]
    """
    from sklearn.decomposition import FactorAnalysis

    func = "efa"
    check_choice(rotation, ("varimax", "quartimax", "promax", None), func, "rotation")
    check_choice(missing, ("listwise", "pairwise"), func, "missing")
    X, scale, _, excluded = _likert(items, func, scale, min_items=3)
    R, n, X, dropped = _correlations(X, missing, func)
    k = check_int(n_factors, func, "n_factors", low=1, high=X.shape[1] - 1)
    Z = _rows_with_correlation(R, func)  # the fit sees the correlation matrix only
    fa = FactorAnalysis(n_components=k, rotation="varimax" if rotation == "promax" else rotation,
                        svd_method="lapack", tol=1e-8 * len(Z), max_iter=10_000,
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
    eig = np.sort(np.linalg.eigvalsh(R))[::-1]
    communalities = pd.Series((L**2).sum(axis=1), index=X.columns, name="communality")
    eigenvalues = pd.Series(eig, index=range(1, len(eig) + 1), name="eigenvalue")
    return EFAResult(loadings, communalities, variance, eigenvalues, rotation, n,
                     excluded + dropped, missing, scale)


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
