"""Scores (TOPSIS, weighted sum), grades (客户分级) and how stable they are."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import (as_generator, check_choice, check_columns, check_frame, check_int,
                        check_number)
from ._weights import _check_direction, _criteria_matrix, _minmax

__all__ = ["topsis", "score_customers", "grade", "SensitivityResult", "weight_sensitivity",
           "rank_agreement", "selection_quality", "GRADES"]

#: Customer grades from worst to best, the order of the categorical.
GRADES = ("D", "C", "B", "A")  # worst to best, the order of the categorical


# --------------------------------------------------------------------------------------------
# Scores: TOPSIS and the weighted sum
# --------------------------------------------------------------------------------------------
def _check_weights(weights, func: str) -> tuple[list[str], np.ndarray]:
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(f"{func}: weights must be a non-empty dict (or Series) of column to "
                        f"weight; got {type(weights).__name__}")
    criteria = list(weights)
    values = []
    for c in criteria:
        w = weights[c]
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) \
                or not np.isfinite(w) or w < 0:
            raise ValueError(f"{func}: weight of {c!r} must be a non-negative number; got {w!r}")
        values.append(float(w))
    total = sum(values)
    if abs(total - 1) > 1e-6:
        raise ValueError(f"{func}: weights must sum to 1; they sum to {total:.6g}. Divide each "
                         f"by their sum if they are relative importances (crmlab does not "
                         f"rescale them for you)")
    return criteria, np.array(values)


def _closeness(V: np.ndarray, ideal: np.ndarray, anti: np.ndarray):
    d_ideal = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    d_anti = np.sqrt(((V - anti) ** 2).sum(axis=1))
    return d_ideal, d_anti, d_anti / (d_ideal + d_anti)


def _rank(scores: np.ndarray) -> np.ndarray:
    return pd.Series(scores).rank(ascending=False, method="min").to_numpy(dtype="int64")


def topsis(data: pd.DataFrame, weights, direction, normalization: str = "vector") -> pd.DataFrame:
    """TOPSIS: rank alternatives by their relative closeness to the ideal solution.

    Parameters
    ----------
    data : DataFrame
        One row per alternative.
    weights : dict or Series
        Column → weight; the columns are the criteria. Weights must be non-negative
        and sum to one (they are not rescaled).
    direction : dict or str
        Column → ``"benefit"`` or ``"cost"``, or one of them for all.
    normalization : {"vector", "minmax"}, default="vector"
        ``"vector"``: :math:`r_{ij} = x_{ij} / \\sqrt{\\sum_i x_{ij}^2}` (Hwang &
        Yoon). ``"minmax"``: :math:`r = (x - \\min)/(\\max - \\min)` for a benefit,
        :math:`(\\max - x)/(\\max - \\min)` for a cost.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``: ``distance_ideal`` (:math:`S_i^+`),
        ``distance_anti_ideal`` (:math:`S_i^-`), ``closeness`` (:math:`C_i`, in
        [0, 1], larger is better) and ``rank`` (1 = closest to the ideal).

    Notes
    -----
    Weighted normalised values :math:`v_{ij} = w_j r_{ij}`; the ideal :math:`v_j^+`
    is the best value of criterion j (largest for a benefit, smallest for a cost
    under vector normalization), the anti-ideal :math:`v_j^-` the worst.
    :math:`S_i^\\pm = \\lVert v_i - v^\\pm \\rVert_2` and :math:`C_i = S_i^- /
    (S_i^+ + S_i^-)`.

    References
    ----------
    Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods
    and Applications*. Springer, pp. 128-140.

    Examples
    --------
    >>> import pandas as pd
    >>> cars = pd.DataFrame({"speed": [2.0, 2.5, 1.8], "price": [5.5, 6.5, 4.5]})
    >>> topsis(cars, {"speed": 0.5, "price": 0.5}, {"speed": "benefit", "price": "cost"})["rank"].tolist()
    [3, 2, 1]
    """
    check_choice(normalization, ("vector", "minmax"), "topsis", "normalization")
    criteria, w = _check_weights(weights, "topsis")
    X = _criteria_matrix(data, criteria, "topsis")
    directions = _check_direction(direction, criteria, "topsis")
    if normalization == "vector":
        V = w * X / np.sqrt((X ** 2).sum(axis=0))
        cost = np.array([d == "cost" for d in directions])
        ideal = np.where(cost, V.min(axis=0), V.max(axis=0))
        anti = np.where(cost, V.max(axis=0), V.min(axis=0))
    else:
        V, ideal, anti = w * _minmax(X, directions), w, np.zeros_like(w)
    d_ideal, d_anti, closeness = _closeness(V, ideal, anti)
    return pd.DataFrame({"distance_ideal": d_ideal, "distance_anti_ideal": d_anti,
                         "closeness": closeness, "rank": _rank(closeness)}, index=data.index)


def _check_criteria(criteria, func: str):
    if not isinstance(criteria, Mapping) or not criteria:
        raise TypeError(f"{func}: criteria must be a non-empty dict of column to (weight, "
                        f"'benefit' or 'cost'); got {type(criteria).__name__}")
    weights, directions = {}, {}
    for column, spec in criteria.items():
        if not isinstance(spec, (tuple, list)) or len(spec) != 2:
            raise ValueError(f"{func}: criteria[{column!r}] must be a pair (weight, 'benefit' or "
                             f"'cost'); got {spec!r}")
        weights[column], directions[column] = spec
    names, w = _check_weights(weights, func)
    return names, w, _check_direction(directions, names, func)


def _scale(X: np.ndarray, directions, scaling: str) -> np.ndarray:
    """Aligned criteria on [0, 1]: min-max, or the percentile rank (ties share their mean rank)."""
    if scaling == "minmax":
        return _minmax(X, directions)
    ranks = pd.DataFrame(X).rank(method="average").to_numpy()
    return _minmax(ranks, directions)


def score_customers(archive: pd.DataFrame, criteria, method: str = "weighted_sum",
                    scaling: str = "minmax") -> pd.DataFrame:
    """Score customers on weighted criteria, keeping each criterion's part of the score.

    Parameters
    ----------
    archive : DataFrame
        One row per customer, e.g. from :func:`customer_archive`.
    criteria : dict
        Column → ``(weight, "benefit" | "cost")``. Weights are non-negative and
        must sum to one: crmlab refuses, rather than rescales, weights that do
        not. Ordered categoricals count by their codes (minor = 0 < major = 1 <
        leader = 2).
    method : {"weighted_sum", "topsis"}, default="weighted_sum"
        Simple additive weighting, or TOPSIS on the scaled criteria.
    scaling : {"minmax", "rank"}, default="minmax"
        How each criterion is put on [0, 1] and aligned so that 1 is best:
        min-max of the values, or min-max of their ranks (robust to a few huge
        accounts).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``archive``. One column per criterion with its weighted,
        scaled value :math:`w_j r_{ij}` (in :math:`[0, w_j]`); for
        ``"weighted_sum"`` they add up to the score. For ``"topsis"`` the columns
        ``distance_ideal`` and ``distance_anti_ideal`` follow, measured from the
        ideal :math:`(w_1, \\dots, w_m)` and the anti-ideal 0. Then ``score`` in
        [0, 1] (the weighted sum or the closeness) and ``rank`` (1 = best).

    Raises
    ------
    ValueError
        A criterion missing in some rows: the message names the customers and
        asks for an explicit fill (for example a never-surveyed customer's
        ``satisfaction``); crmlab never fills silently. Also for unknown columns,
        constant criteria, weights that do not sum to one and unknown directions.

    Notes
    -----
    Weighted sum: :math:`S_i = \\sum_j w_j r_{ij}`. The thesis grades industrial
    customers by such a score over current value (gross profit, sales volume,
    marketing cost as a cost) and future value (industry position, years of
    cooperation, satisfaction).

    Examples
    --------
    >>> import pandas as pd
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1], "marketing_cost": [2.0, 1, 1]},
    ...                        index=["a", "b", "c"])
    >>> score_customers(archive, {"gross_profit": (0.7, "benefit"),
    ...                           "marketing_cost": (0.3, "cost")})["score"].round(3).tolist()
    [0.7, 0.562, 0.3]
    """
    check_choice(method, ("weighted_sum", "topsis"), "score_customers", "method")
    check_choice(scaling, ("minmax", "rank"), "score_customers", "scaling")
    names, w, directions = _check_criteria(criteria, "score_customers")
    R = _scale(_criteria_matrix(archive, names, "score_customers"), directions, scaling)
    _unique_index(archive, "score_customers", "archive")
    out = pd.DataFrame(w * R, index=archive.index, columns=names)
    if method == "weighted_sum":
        score = out.to_numpy().sum(axis=1)
    else:
        out["distance_ideal"], out["distance_anti_ideal"], score = _closeness(
            w * R, w, np.zeros_like(w))
    out["score"] = np.clip(score, 0.0, 1.0)
    out["rank"] = _rank(out["score"].to_numpy())
    return out


# --------------------------------------------------------------------------------------------
# Grades (客户分级) and how stable they are
# --------------------------------------------------------------------------------------------
def _check_scheme(scheme, shares, func: str):
    """Return ('quantile', cumulative shares) or ('cutoff', thresholds A, B, C)."""
    if isinstance(scheme, str):
        check_choice(scheme, ("quantile",), func, "scheme")
        if not isinstance(shares, (tuple, list)) or len(shares) != 4:
            raise ValueError(f"{func}: shares must be four shares of customers for A, B, C, D; "
                             f"got {shares!r}")
        values = [check_number(s, func, "shares", low=0.0, high=1.0) for s in shares]
        if abs(sum(values) - 1) > 1e-9:
            raise ValueError(f"{func}: shares for A, B, C, D must sum to 1; got {sum(values):.6g}")
        return "quantile", np.cumsum(values)[:3]
    if isinstance(scheme, Mapping):
        if sorted(scheme) != ["A", "B", "C"]:
            raise ValueError(f"{func}: a cut-off scheme gives the minimum score of 'A', 'B' and "
                             f"'C' (below C is D); got keys {list(scheme)}")
        cut = [check_number(scheme[g], func, f"scheme[{g!r}]") for g in "ABC"]
        if not cut[0] > cut[1] > cut[2]:
            raise ValueError(f"{func}: cut-offs must fall from A to C; got {dict(scheme)}")
        return "cutoff", np.array(cut)
    raise TypeError(f"{func}: scheme must be 'quantile' or a dict of cut-offs such as "
                    f"{{'A': 0.7, 'B': 0.5, 'C': 0.3}}; got {scheme!r}")


def _grade_codes(scores: np.ndarray, kind: str, bounds: np.ndarray) -> np.ndarray:
    """Codes into GRADES (0 = D ... 3 = A) for one vector of scores."""
    if kind == "cutoff":
        return np.searchsorted(bounds[::-1], scores, side="right")
    ordered = np.sort(scores)
    above = (len(scores) - np.searchsorted(ordered, scores, side="right")) / len(scores)
    return 3 - np.searchsorted(bounds, above + 1e-12, side="left")


def grade(scores, scheme="quantile", *, shares=(0.2, 0.3, 0.3, 0.2)) -> pd.Series:
    """Grade customers A, B, C, D by their score (客户分级).

    Parameters
    ----------
    scores : Series or DataFrame
        Scores per customer, or the output of :func:`score_customers` (its
        ``score`` column is used).
    scheme : "quantile" or dict, default="quantile"
        ``"quantile"``: grades by share of customers, the best ``shares[0]`` are A
        and so on. A dict ``{"A": 0.7, "B": 0.5, "C": 0.3}`` gives the minimum
        score of each grade; scores below the C cut-off are D.
    shares : tuple of four floats, default=(0.2, 0.3, 0.3, 0.2)
        Shares of customers graded A, B, C, D under ``"quantile"``.

    Returns
    -------
    pandas.Series
        ``grade`` per customer, an ordered categorical ``"D" < "C" < "B" < "A"``.

    Notes
    -----
    Under ``"quantile"`` a customer is A when fewer than ``shares[0]`` of all
    customers score strictly higher, B when fewer than ``shares[0] + shares[1]``
    do, and so on. Equal scores always get equal grades, and a higher score never
    gets a lower grade.

    Examples
    --------
    >>> import pandas as pd
    >>> grade(pd.Series([0.9, 0.7, 0.5, 0.3, 0.1]), {"A": 0.8, "B": 0.6, "C": 0.4}).tolist()
    ['A', 'B', 'C', 'D', 'D']
    """
    if isinstance(scores, pd.DataFrame):
        check_columns(scores, ["score"], "grade", "scores")
        scores = scores["score"]
    if not isinstance(scores, pd.Series):
        raise TypeError(f"grade: scores must be a pandas Series (or the DataFrame of "
                        f"score_customers); got {type(scores).__name__}")
    if not pd.api.types.is_numeric_dtype(scores) or pd.api.types.is_bool_dtype(scores):
        raise TypeError(f"grade: scores must be numeric; got {scores.dtype}")
    if scores.isna().any() or len(scores) == 0:
        raise ValueError("grade: scores must be non-empty and without missing values")
    kind, bounds = _check_scheme(scheme, shares, "grade")
    codes = _grade_codes(scores.to_numpy(dtype=float), kind, bounds)
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(GRADES), ordered=True),
                     index=scores.index, name="grade")


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """How grades and ranks move when the weights are perturbed.

    Attributes
    ----------
    customers : pandas.DataFrame
        Per customer: ``score``, ``rank`` and ``grade`` under the given weights;
        ``grade_kept``, the share of draws in which it keeps that grade;
        ``rank_low`` and ``rank_high``, the 5th and 95th percentiles of its rank.
    kendall_tau : pandas.Series
        Kendall's tau between the base ranking and each draw's.
    weights : pandas.DataFrame
        The weights of each draw (rows) per criterion.
    """

    customers: pd.DataFrame
    kendall_tau: pd.Series
    weights: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Per grade: customers and the mean share of draws that keep their grade."""
        table = self.customers.groupby("grade", observed=True)["grade_kept"].agg(
            customers="size", mean_grade_kept="mean")
        return table.sort_index(ascending=False)


def weight_sensitivity(archive: pd.DataFrame, criteria, n: int = 1000, spread: float = 0.2,
                       seed=None, *, method: str = "weighted_sum", scaling: str = "minmax",
                       scheme="quantile", shares=(0.2, 0.3, 0.3, 0.2)) -> SensitivityResult:
    """Perturb the weights at random and see which customers keep their grade.

    Parameters
    ----------
    archive : DataFrame
        One row per customer.
    criteria : dict
        Column → ``(weight, "benefit" | "cost")``, as for :func:`score_customers`.
    n : int, default=1000
        Number of perturbed weight vectors.
    spread : float, default=0.2
        Each weight is multiplied by a uniform draw on ``[1 - spread, 1 + spread]``,
        then all are rescaled to sum to one; ``0 <= spread < 1``.
    seed : None, int or numpy Generator, default=None
        For reproducible draws.
    method, scaling : str
        As for :func:`score_customers`.
    scheme, shares :
        As for :func:`grade`.

    Returns
    -------
    SensitivityResult
        ``.customers`` (score, rank, grade, grade_kept, rank_low, rank_high),
        ``.kendall_tau`` (one per draw) and ``.weights`` (the draws).

    Examples
    --------
    >>> import pandas as pd
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1, 3], "orders": [2.0, 5, 1, 3]})
    >>> res = weight_sensitivity(archive, {"gross_profit": (0.6, "benefit"),
    ...                                    "orders": (0.4, "benefit")}, n=50, seed=1)
    >>> res.customers["grade_kept"].between(0, 1).all()
    np.True_
    """
    from scipy.stats import kendalltau

    n = check_int(n, "weight_sensitivity", "n", low=1, high=1_000_000)
    spread = check_number(spread, "weight_sensitivity", "spread", low=0.0, high=1.0)
    if spread >= 1:
        raise ValueError(f"weight_sensitivity: spread must be below 1 so that weights stay "
                         f"positive; got {spread!r}")
    check_choice(method, ("weighted_sum", "topsis"), "weight_sensitivity", "method")
    check_choice(scaling, ("minmax", "rank"), "weight_sensitivity", "scaling")
    rng = as_generator(seed)
    kind, bounds = _check_scheme(scheme, shares, "weight_sensitivity")
    names, w, directions = _check_criteria(criteria, "weight_sensitivity")
    R = _scale(_criteria_matrix(archive, names, "weight_sensitivity"), directions, scaling)
    _unique_index(archive, "weight_sensitivity", "archive")
    base = score_customers(archive, criteria, method=method, scaling=scaling)
    draws = w * rng.uniform(1 - spread, 1 + spread, size=(n, len(w)))
    draws /= draws.sum(axis=1, keepdims=True)
    if method == "weighted_sum":
        scores = R @ draws.T
    else:
        d_ideal = np.sqrt(((1 - R) ** 2) @ (draws ** 2).T)
        d_anti = np.sqrt((R ** 2) @ (draws ** 2).T)
        scores = d_anti / (d_ideal + d_anti)
    base_scores = base["score"].to_numpy()
    base_codes = _grade_codes(base_scores, kind, bounds)
    kept = np.zeros(len(R))
    taus = np.empty(n)
    for k in range(n):
        kept += _grade_codes(scores[:, k], kind, bounds) == base_codes
        taus[k] = kendalltau(base_scores, scores[:, k]).statistic
    ranks = pd.DataFrame(scores).rank(ascending=False, method="min").to_numpy()
    customers = pd.DataFrame({
        "score": base_scores, "rank": base["rank"].to_numpy(),
        "grade": pd.Categorical.from_codes(base_codes, categories=list(GRADES), ordered=True),
        "grade_kept": kept / n,
        "rank_low": np.percentile(ranks, 5, axis=1), "rank_high": np.percentile(ranks, 95, axis=1),
    }, index=archive.index)
    return SensitivityResult(customers=customers,
                             kendall_tau=pd.Series(taus, name="kendall_tau").rename_axis("draw"),
                             weights=pd.DataFrame(draws, columns=names).rename_axis("draw"))


def _score_frame(scores, func: str) -> pd.DataFrame:
    if isinstance(scores, pd.Series):
        scores = scores.to_frame()
    check_frame(scores, func, "scores")
    if scores.shape[1] < 1 or len(scores) < 2:
        raise ValueError(f"{func}: scores need at least one column and two rows")
    for c in scores.columns:
        if not pd.api.types.is_numeric_dtype(scores[c]) or pd.api.types.is_bool_dtype(scores[c]):
            raise TypeError(f"{func}: column {c!r} of scores must be numeric; got {scores[c].dtype}")
    if scores.isna().any().any():
        raise ValueError(f"{func}: scores have missing values in "
                         f"{list(scores.columns[scores.isna().any()])}")
    infinite = ~np.isfinite(scores.to_numpy(dtype=float)).all(axis=0)
    if infinite.any():
        raise ValueError(f"{func}: scores must be finite numbers; got infinite values in "
                         f"{list(scores.columns[infinite])}")
    _unique_index(scores, func, "scores")
    return scores


def _unique_index(data: pd.DataFrame, func: str, arg: str) -> None:
    """One row per customer: the index names the customer."""
    repeated = data.index[data.index.duplicated()]
    if len(repeated):
        raise ValueError(f"{func}: {arg} must have one row per customer (a unique index); got "
                         f"{len(repeated)} repeated, e.g. {list(map(str, repeated[:3]))}")


def _top(values: pd.Series, top: float) -> pd.Index:
    k = max(1, int(round(top * len(values))))
    order = np.lexsort((np.arange(len(values)), -values.to_numpy(dtype=float)))
    return values.index[order[:k]]


def rank_agreement(scores: pd.DataFrame, measure: str = "kendall", *, top: float = 0.2) -> pd.DataFrame:
    """How much several scorings (one column each) agree on the order of customers.

    Parameters
    ----------
    scores : DataFrame
        One row per customer, one column per method (e.g. AHP, entropy, CRITIC
        weights); larger is better in every column.
    measure : {"kendall", "spearman", "top_overlap"}, default="kendall"
        Kendall's tau or Spearman's rho between the columns, or the share of the
        ``top`` customers of one column that are also among the top of the other.
    top : float, default=0.2
        Share of customers that counts as the top, for ``"top_overlap"``.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, with 1 on the diagonal.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"ahp": [0.9, 0.5, 0.1], "entropy": [0.8, 0.2, 0.4]})
    >>> rank_agreement(scores).loc["ahp", "entropy"].round(3)
    np.float64(0.333)
    """
    check_choice(measure, ("kendall", "spearman", "top_overlap"), "rank_agreement", "measure")
    top = check_number(top, "rank_agreement", "top", low=0.0, high=1.0)
    if not 0 < top <= 1:
        raise ValueError(f"rank_agreement: top must be in (0, 1]; got {top!r}")
    scores = _score_frame(scores, "rank_agreement")
    if scores.shape[1] < 2:
        raise ValueError(f"rank_agreement: scores must have two or more columns (one per "
                         f"scoring) to compare; got {list(map(str, scores.columns))}")
    if measure != "top_overlap":
        return scores.corr(method=measure)
    tops = {c: set(_top(scores[c], top)) for c in scores.columns}
    cols = list(scores.columns)
    table = [[len(tops[a] & tops[b]) / len(tops[a]) for b in cols] for a in cols]
    return pd.DataFrame(table, index=cols, columns=cols)


def selection_quality(scores, outcome: pd.Series, *, top: float = 0.2) -> pd.DataFrame:
    """How well each scoring picks the customers that turn out to be worth the most.

    Parameters
    ----------
    scores : Series or DataFrame
        One column per method, larger = more valuable, indexed by customer.
    outcome : Series
        What each customer was really worth (e.g. profit realised afterwards), on
        the same customers (extra customers in ``outcome`` are ignored).
    top : float, default=0.2
        Share of customers each method selects (the key accounts).

    Returns
    -------
    pandas.DataFrame
        One row per method: ``spearman`` (rank correlation of score and outcome),
        ``precision`` (share of the selected that are in the true top by outcome),
        ``captured`` (share of the total outcome that the selected customers
        bring; above 1 when the rest lose money) and ``capture_ratio``
        (``captured`` over what the true top brings, 1 = perfect selection). With a
        0/1 outcome (e.g. "is a strategic partner"), ``captured`` is the share of
        the positives that the selection finds.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.Series([3.0, 2, 1, 0, 0.5], index=list("abcde"), name="m")
    >>> outcome = pd.Series([10.0, 1, 5, 0, 0], index=list("abcde"))
    >>> selection_quality(scores, outcome, top=0.4)[["precision", "capture_ratio"]].round(3).values.tolist()
    [[0.5, 0.733]]
    """
    top = check_number(top, "selection_quality", "top", low=0.0, high=1.0)
    if not 0 < top < 1:
        raise ValueError(f"selection_quality: top must be strictly between 0 and 1; got {top!r}")
    scores = _score_frame(scores, "selection_quality")
    if not isinstance(outcome, pd.Series) or not pd.api.types.is_numeric_dtype(outcome):
        raise TypeError("selection_quality: outcome must be a numeric pandas Series indexed by "
                        "customer")
    missing = scores.index.difference(outcome.index)
    if len(missing) or outcome.reindex(scores.index).isna().any():
        raise ValueError(f"selection_quality: outcome is missing for {len(missing) or 'some'} "
                         f"customers of scores (e.g. {list(missing[:3])}); align them first")
    outcome = outcome.reindex(scores.index).astype(float)
    best = set(_top(outcome, top))
    best_total = outcome[list(best)].sum()
    rows = {}
    for c in scores.columns:
        chosen = _top(scores[c], top)
        captured = outcome[chosen].sum() / outcome.sum()
        rows[c] = {"spearman": scores[c].corr(outcome, method="spearman"),
                   "precision": len(best.intersection(chosen)) / len(chosen),
                   "captured": captured,
                   "capture_ratio": outcome[chosen].sum() / best_total}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("method")
