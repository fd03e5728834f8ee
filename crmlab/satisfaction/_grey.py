"""Grey relational analysis (灰色关联分析; Deng 1982): coefficients, degrees, ranks."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame, check_number

__all__ = ["GREY_NORMALIZATIONS", "GreyResult", "grey_relational", "grey_relational_factors"]

#: Dimensionless transforms (无量纲化) of a sequence x, applied per criterion (or per sequence).
GREY_NORMALIZATIONS = pd.DataFrame(
    {"chinese": ["初值化", "均值化", "区间值化 (极差标准化)"],
     "formula": ["x / x(1)", "x / mean(x)",
                 "(x - min) / (max - min) for a benefit, (max - x) / (max - min) for a cost"]},
    index=pd.Index(["initial", "mean", "minmax"], name="normalization"))


@dataclass(frozen=True, eq=False)
class GreyResult:
    """Grey relational analysis; see :func:`grey_relational` and :func:`grey_relational_factors`.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        Relational coefficients ξ, one column per compared sequence's point (criterion)
        in :func:`grey_relational`, one column per factor in :func:`grey_relational_factors`.
    degrees : pandas.Series
        Relational degree (关联度) of each compared sequence.
    ranks : pandas.Series
        1 for the largest degree (ties share the smallest rank).
    reference : pandas.Series
        The normalised reference sequence.
    normalized : pandas.DataFrame
        The normalised data.
    weights : pandas.Series
        The weights of the points (criteria) in the degree.
    rho : float
        The distinguishing coefficient (分辨系数).
    normalization : str
        The dimensionless transform used.
    """

    coefficients: pd.DataFrame
    degrees: pd.Series
    ranks: pd.Series
    reference: pd.Series
    normalized: pd.DataFrame
    weights: pd.Series
    rho: float
    normalization: str

    def summary(self) -> pd.DataFrame:
        """The degree and rank of each compared sequence, best first."""
        return pd.DataFrame({"degree": self.degrees, "rank": self.ranks}).sort_values("rank")


def _numeric_matrix(data, columns, func) -> np.ndarray:
    check_columns(data, columns, func)
    for c in columns:
        if not pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]):
            raise TypeError(f"{func}: column {c!r} must be numeric; got {data[c].dtype}")
    X = data[list(columns)].to_numpy(dtype=float)
    missing = ~np.isfinite(X).all(axis=0)
    if missing.any():
        cols = [c for c, m in zip(columns, missing) if m]
        raise ValueError(f"{func}: columns {cols} have missing values; fill or drop them first")
    return X


def _normalize(X: np.ndarray, normalization: str, names, func: str):
    """Column-wise transform; returns the transformed matrix and the transform itself."""
    if normalization == "initial":
        base = X[0]
        if (base == 0).any():
            raise ValueError(f"{func}: normalization='initial' divides by the first value, which "
                             f"is 0 for {[n for n, b in zip(names, base) if b == 0]}")
        return X / base, lambda v: v / base
    if normalization == "mean":
        base = X.mean(axis=0)
        if (base == 0).any():
            raise ValueError(f"{func}: normalization='mean' divides by the mean, which is 0 for "
                             f"{[n for n, b in zip(names, base) if b == 0]}")
        return X / base, lambda v: v / base
    lo, hi = X.min(axis=0), X.max(axis=0)
    flat = [n for n, a, b in zip(names, lo, hi) if a == b]
    if flat:
        raise ValueError(f"{func}: {flat} take the same value everywhere, so normalization="
                         f"'minmax' is undefined; drop them")
    return (X - lo) / (hi - lo), lambda v: (v - lo) / (hi - lo)


def _coefficients(reference: np.ndarray, X: np.ndarray, rho: float, func: str) -> np.ndarray:
    delta = np.abs(X - reference)
    dmin, dmax = delta.min(), delta.max()
    if dmax == 0:
        raise ValueError(f"{func}: every sequence equals the reference, so the relational "
                         f"coefficients are undefined (all would be 1)")
    return (dmin + rho * dmax) / (delta + rho * dmax)


def _point_weights(weights, names, func) -> pd.Series:
    if weights is None:
        return pd.Series(1.0 / len(names), index=names, name="weight")
    if hasattr(weights, "weights") and isinstance(weights.weights, pd.Series):
        weights = weights.weights  # an AHPResult
    w = pd.Series(weights, dtype=float) if isinstance(weights, Mapping) else weights
    if not isinstance(w, pd.Series):
        w = pd.Series(np.asarray(w, dtype=float), index=names if len(w) == len(names) else None)
    if set(w.index) != set(names):
        raise ValueError(f"{func}: weights are given for {list(w.index)}; expected {names}")
    w = w.reindex(names).astype(float)
    if not np.isfinite(w).all() or (w < 0).any() or abs(w.sum() - 1) > 1e-6:
        raise ValueError(f"{func}: weights must be non-negative and sum to 1; got {w.tolist()}")
    return w.rename("weight")


def _ranks(degrees: pd.Series) -> pd.Series:
    return degrees.rank(ascending=False, method="min").astype(int).rename("rank")


def grey_relational(data: pd.DataFrame, criteria, direction="benefit", *, reference=None,
                    normalization: str = "minmax", rho: float = 0.5, weights=None) -> GreyResult:
    """Grey relational evaluation (灰色关联评价): how close each row is to the ideal.

    Parameters
    ----------
    data : DataFrame
        One row per alternative (customer, supplier, service outlet).
    criteria : list of str
        Numeric columns.
    direction : dict or str, default="benefit"
        ``"benefit"`` (more is better) or ``"cost"`` per criterion, or one for all.
    reference : dict, Series or None, default=None
        The reference sequence in the data's units. By default the ideal: the maximum of
        each benefit criterion and the minimum of each cost criterion.
    normalization : {"minmax", "initial", "mean"}, default="minmax"
        See :data:`GREY_NORMALIZATIONS`; applied per criterion. ``"minmax"`` turns cost
        criteria around, so that 1 is best everywhere; ``"initial"`` divides by the first
        row's value, ``"mean"`` by the criterion's mean.
    rho : float, default=0.5
        Distinguishing coefficient in (0, 1].
    weights : Series, dict, list or AHPResult, optional
        Weights of the criteria (summing to one); equal weights by default.

    Returns
    -------
    GreyResult
        ``.coefficients`` (rows × criteria), ``.degrees``, ``.ranks``, ``.summary()``.

    Notes
    -----
    Deng (1982). With normalised sequences :math:`x_i(k)`, the reference :math:`x_0(k)` and
    :math:`\\Delta_i(k) = |x_0(k) - x_i(k)|`,

    .. math:: \\xi_i(k) = \\frac{\\min_i \\min_k \\Delta_i(k) + \\rho \\max_i \\max_k \\Delta_i(k)}
              {\\Delta_i(k) + \\rho \\max_i \\max_k \\Delta_i(k)}, \\qquad
              r_i = \\sum_k w_k \\xi_i(k).

    Every :math:`\\xi` lies in (0, 1]; a larger degree means closer to the reference.

    References
    ----------
    Deng, J. L. (1982). Control problems of grey systems. *Systems & Control Letters*,
    1(5), 288-294.
    Deng, J. L. (1989). Introduction to grey system theory. *The Journal of Grey System*,
    1(1), 1-24.

    Examples
    --------
    >>> suppliers = pd.DataFrame({"质量": [90, 80, 70], "价格": [10, 8, 9]}, index=["甲", "乙", "丙"])
    >>> res = grey_relational(suppliers, ["质量", "价格"], {"质量": "benefit", "价格": "cost"})
    >>> res.degrees.round(3).tolist(), res.ranks.tolist()
    ([0.667, 0.75, 0.417], [2, 1, 3])
    """
    func = "grey_relational"
    check_frame(data, func)
    criteria = [criteria] if isinstance(criteria, str) else list(criteria)
    if not criteria or len(set(criteria)) != len(criteria):
        raise ValueError(f"{func}: criteria must be a non-empty list of distinct columns; "
                         f"got {criteria}")
    check_choice(normalization, GREY_NORMALIZATIONS.index, func, "normalization")
    rho = check_number(rho, func, "rho", low=0, high=1)
    if rho == 0:
        raise ValueError(f"{func}: rho must be in (0, 1]; got 0")
    if len(data) < 2:
        raise ValueError(f"{func}: need at least two rows to compare; got {len(data)}")
    if isinstance(direction, str):
        direction = dict.fromkeys(criteria, direction)
    if not isinstance(direction, Mapping) or set(direction) != set(criteria):
        raise ValueError(f"{func}: direction must be 'benefit', 'cost' or a dict giving one of "
                         f"them for every criterion {criteria}; got {direction!r}")
    for c in criteria:
        check_choice(direction[c], ("benefit", "cost"), func, f"direction[{c!r}]")
    cost = np.array([direction[c] == "cost" for c in criteria])
    X = _numeric_matrix(data, criteria, func)
    N, transform = _normalize(X, normalization, criteria, func)
    if normalization == "minmax":
        N[:, cost] = 1 - N[:, cost]
    if reference is None:
        x0 = np.where(cost & (normalization != "minmax"), N.min(axis=0), N.max(axis=0))
    else:
        ref = pd.Series(reference, dtype=float) if isinstance(reference, Mapping) else reference
        if not isinstance(ref, pd.Series) or set(ref.index) != set(criteria):
            raise ValueError(f"{func}: reference must give a value for every criterion "
                             f"{criteria}; got {reference!r}")
        x0 = transform(ref.reindex(criteria).to_numpy(dtype=float))
        if normalization == "minmax":
            x0 = np.where(cost, 1 - x0, x0)
    xi = _coefficients(x0, N, rho, func)
    w = _point_weights(weights, criteria, func)
    degrees = pd.Series(xi @ w.to_numpy(), index=data.index, name="degree")
    return GreyResult(coefficients=pd.DataFrame(xi, index=data.index, columns=criteria),
                      degrees=degrees, ranks=_ranks(degrees),
                      reference=pd.Series(x0, index=criteria, name="reference"),
                      normalized=pd.DataFrame(N, index=data.index, columns=criteria),
                      weights=w, rho=rho, normalization=normalization)


def grey_relational_factors(data: pd.DataFrame, reference: str, factors, *,
                            normalization: str = "initial", rho: float = 0.5) -> GreyResult:
    """Grey relational factor analysis (灰色关联因素分析): which factor moves with the reference.

    Parameters
    ----------
    data : DataFrame
        One row per point of the sequences (a year, a customer), one column per sequence.
    reference : str
        The column of the system's behaviour (参考数列), e.g. satisfaction or revenue.
    factors : list of str
        The columns of the factors (比较数列).
    normalization : {"initial", "mean", "minmax"}, default="initial"
        Applied to each sequence (column) on its own (Deng's 初值化 by default).
    rho : float, default=0.5
        Distinguishing coefficient in (0, 1].

    Returns
    -------
    GreyResult
        ``.coefficients`` (points × factors), ``.degrees`` and ``.ranks`` per factor.

    Notes
    -----
    The coefficients of :func:`grey_relational` with the reference column as :math:`x_0`,
    each factor column as an :math:`x_i` and the rows as the points :math:`k`; the degree is
    the mean over points, :math:`r_i = \\frac{1}{n}\\sum_k \\xi_i(k)` (Deng 1989).

    Examples
    --------
    >>> years = pd.DataFrame({"revenue": [10, 12, 15, 16], "visits": [5, 6, 8, 8],
    ...                       "discount": [3, 3, 2, 4]})
    >>> res = grey_relational_factors(years, "revenue", ["visits", "discount"])
    >>> res.degrees.round(3).tolist()
    [0.952, 0.655]
    """
    func = "grey_relational_factors"
    check_frame(data, func)
    factors = [factors] if isinstance(factors, str) else list(factors)
    if not factors or reference in factors:
        raise ValueError(f"{func}: factors must be a non-empty list of columns other than the "
                         f"reference {reference!r}; got {factors}")
    check_choice(normalization, GREY_NORMALIZATIONS.index, func, "normalization")
    rho = check_number(rho, func, "rho", low=0, high=1)
    if rho == 0:
        raise ValueError(f"{func}: rho must be in (0, 1]; got 0")
    if len(data) < 2:
        raise ValueError(f"{func}: sequences need at least two points (rows); got {len(data)}")
    columns = [reference, *factors]
    N, _ = _normalize(_numeric_matrix(data, columns, func), normalization, columns, func)
    xi = _coefficients(N[:, :1], N[:, 1:], rho, func)
    degrees = pd.Series(xi.mean(axis=0), index=factors, name="degree")
    return GreyResult(coefficients=pd.DataFrame(xi, index=data.index, columns=factors),
                      degrees=degrees, ranks=_ranks(degrees),
                      reference=pd.Series(N[:, 0], index=data.index, name=reference),
                      normalized=pd.DataFrame(N, index=data.index, columns=columns),
                      weights=pd.Series(1.0 / len(data), index=data.index, name="weight"),
                      rho=rho, normalization=normalization)
