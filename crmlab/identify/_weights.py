"""Criteria weights: AHP (层次分析法), entropy (熵权法), CRITIC."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame

__all__ = ["AHPResult", "ahp_weights", "entropy_weights", "critic_weights", "RANDOM_INDEX"]

DIRECTIONS = ("benefit", "cost")
#: Saaty's random consistency index by matrix size (Saaty 1980, extended in Saaty 1990 to n = 15).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}


# --------------------------------------------------------------------------------------------
# Weights: AHP (层次分析法), entropy (熵权法), CRITIC
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priorities from a pairwise comparison matrix, with Saaty's consistency check.

    Attributes
    ----------
    weights : pandas.Series
        The principal right eigenvector, normalised to sum to one.
    lambda_max : float
        Principal eigenvalue; equals n for a consistent matrix.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``.
    ri : float
        Saaty's random index for this n (:data:`RANDOM_INDEX`).
    cr : float
        Consistency ratio ``ci / ri`` (0 for n <= 2); above 0.10 the judgments
        should be revised.
    matrix : pandas.DataFrame
        The judgment matrix, labelled.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float
    matrix: pd.DataFrame

    @property
    def consistent(self) -> bool:
        """True when the consistency ratio is at most 0.10 (Saaty's rule)."""
        return self.cr <= 0.10

    def summary(self) -> pd.DataFrame:
        """The weights with the consistency figures as a one-column table."""
        rows = pd.concat([self.weights, pd.Series({"lambda_max": self.lambda_max, "CI": self.ci,
                                                   "RI": self.ri, "CR": self.cr})])
        return rows.to_frame("AHP")


def _judgments_from_dict(judgments: Mapping, labels):
    pairs = {}
    order = [] if labels is None else list(labels)
    for key, value in judgments.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"ahp_weights: dict keys must be pairs (a, b) meaning 'a compared "
                             f"with b'; got {key!r}")
        for item in key:
            if labels is None and item not in order:
                order.append(item)
            elif labels is not None and item not in order:
                raise ValueError(f"ahp_weights: {item!r} in a judgment is not in labels {order}")
        if key[0] == key[1]:
            raise ValueError(f"ahp_weights: judgment {key!r} compares an item with itself")
        if key in pairs or key[::-1] in pairs:
            raise ValueError(f"ahp_weights: the pair {key!r} is judged twice")
        pairs[key] = value
    n = len(order)
    missing = [(order[i], order[j]) for i in range(n) for j in range(i + 1, n)
               if (order[i], order[j]) not in pairs and (order[j], order[i]) not in pairs]
    if missing:
        raise ValueError(f"ahp_weights: judgments missing for {missing}; give one value for every "
                         f"pair of {order}")
    matrix = np.ones((n, n))
    for (a, b), value in pairs.items():
        v = _positive_judgment(value, (a, b))
        i, j = order.index(a), order.index(b)
        matrix[i, j], matrix[j, i] = v, 1.0 / v
    return matrix, order


def _positive_judgment(value, where) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"ahp_weights: judgment {where} must be a number; got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"ahp_weights: judgments must be positive numbers (Saaty's 1/9 ... 9); "
                         f"got {value!r} at {where}")
    return float(value)


def ahp_weights(matrix, labels=None) -> AHPResult:
    """Weights from a pairwise comparison (judgment) matrix by Saaty's eigenvector method.

    Parameters
    ----------
    matrix : array-like, DataFrame or dict
        A square positive reciprocal matrix, ``a[i][j]`` = how much more important
        item i is than item j on Saaty's 1-9 scale, ``a[j][i] = 1 / a[i][j]``; or
        the upper triangle as a dict ``{("a", "b"): 3, ...}``, one entry per pair
        (the reciprocals are filled in).
    labels : list of str, optional
        Names of the items, in matrix order; taken from a DataFrame's index or the
        dict's keys (in order of first appearance) when not given.

    Returns
    -------
    AHPResult
        ``.weights`` (Series summing to one), ``.lambda_max``, ``.ci``, ``.ri``,
        ``.cr``, ``.consistent``.

    Warns
    -----
    UserWarning
        When the consistency ratio exceeds 0.10.

    Notes
    -----
    The weights :math:`w` solve :math:`A w = \\lambda_{max} w` for the largest
    eigenvalue. :math:`CI = (\\lambda_{max} - n)/(n - 1)` and :math:`CR = CI / RI_n`
    with Saaty's random index :math:`RI_n`. A matrix is accepted as reciprocal when
    :math:`|a_{ij} a_{ji} - 1| \\le 0.02`, so that 1/7 typed as 0.14 passes.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
    *European Journal of Operational Research*, 48(1), 9-26.

    Examples
    --------
    >>> res = ahp_weights({("profit", "volume"): 3, ("profit", "cost"): 5, ("volume", "cost"): 2})
    >>> res.weights.round(3).tolist(), round(res.cr, 3)
    ([0.648, 0.23, 0.122], 0.003)
    """
    import warnings

    if isinstance(matrix, Mapping):
        values, names = _judgments_from_dict(matrix, labels)
    else:
        if isinstance(matrix, pd.DataFrame):
            if labels is None:
                labels = list(matrix.index)
            if list(matrix.index) != list(matrix.columns):
                raise ValueError("ahp_weights: a DataFrame matrix needs the same labels, in the "
                                 "same order, on its index and columns")
        try:
            values = np.array(matrix, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"ahp_weights: matrix must be a square table of numbers or a dict of "
                            f"judgments; got {type(matrix).__name__}") from exc
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise ValueError(f"ahp_weights: matrix must be square (n × n); got shape {values.shape}")
        names = list(labels) if labels is not None else [f"c{i + 1}" for i in range(len(values))]
        if not np.isfinite(values).all() or (values <= 0).any():
            raise ValueError("ahp_weights: every judgment must be a positive number (Saaty's "
                             "1/9 ... 9); the matrix has zero, negative or missing entries")
        if not np.allclose(np.diag(values), 1.0):
            raise ValueError("ahp_weights: the diagonal must be 1 (each item equals itself)")
        bad = np.argwhere(np.abs(values * values.T - 1) > 0.02)
        if len(bad):
            i, j = bad[0]
            raise ValueError(f"ahp_weights: the matrix is not reciprocal: a[{i}][{j}] = "
                             f"{values[i, j]:g} but a[{j}][{i}] = {values[j, i]:g}, not "
                             f"{1 / values[i, j]:.4g}")
    n = len(values)
    if len(names) != n or len(set(names)) != n:
        raise ValueError(f"ahp_weights: labels must be {n} distinct names; got {names!r}")
    if not 2 <= n <= max(RANDOM_INDEX):
        raise ValueError(f"ahp_weights: compare between 2 and {max(RANDOM_INDEX)} items "
                         f"(Saaty's random index is tabulated to {max(RANDOM_INDEX)}); got {n}")
    eigenvalues, vectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(vectors[:, k].real)
    weights = pd.Series(vector / vector.sum(), index=names, name="weight")
    ci = max((lambda_max - n) / (n - 1), 0.0)
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    if cr > 0.10:
        warnings.warn(f"ahp_weights: consistency ratio CR = {cr:.3f} exceeds 0.10; revise the "
                      f"judgments that contradict each other", UserWarning, stacklevel=2)
    return AHPResult(weights=weights, lambda_max=lambda_max, ci=ci, ri=ri, cr=cr,
                     matrix=pd.DataFrame(values, index=names, columns=names))


def _check_direction(direction, criteria, func: str) -> list[str]:
    if isinstance(direction, str):
        direction = dict.fromkeys(criteria, direction)
    if not isinstance(direction, Mapping):
        raise TypeError(f"{func}: direction must be a dict of column to 'benefit' or 'cost' (or "
                        f"one of those for all); got {type(direction).__name__}")
    missing = [c for c in criteria if c not in direction]
    if missing:
        raise ValueError(f"{func}: direction missing for {missing}; give 'benefit' or 'cost' "
                         f"for every criterion")
    extra = [c for c in direction if c not in criteria]
    if extra:
        raise ValueError(f"{func}: direction given for {extra}, which are not criteria {criteria}")
    for c in criteria:
        if direction[c] not in DIRECTIONS:
            raise ValueError(f"{func}: direction of {c!r} must be 'benefit' or 'cost'; got "
                             f"{direction[c]!r}")
    return [direction[c] for c in criteria]


def _criteria_matrix(data, criteria, func: str) -> np.ndarray:
    """Criteria as a float matrix; refuse missing values and constant columns."""
    check_frame(data, func)
    criteria = list(criteria)
    if not criteria:
        raise ValueError(f"{func}: give at least one criterion")
    if len(set(criteria)) != len(criteria):
        raise ValueError(f"{func}: criteria must be distinct; got {criteria}")
    check_columns(data, criteria, func)
    if len(data) < 2:
        raise ValueError(f"{func}: need at least two rows (customers) to compare; got {len(data)}")
    columns = []
    for c in criteria:
        col = data[c]
        if isinstance(col.dtype, pd.CategoricalDtype) and col.cat.ordered:
            values = col.cat.codes.to_numpy(dtype=float)
            values[values < 0] = np.nan
        elif pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            values = col.to_numpy(dtype=float, na_value=np.nan)
        else:
            raise TypeError(f"{func}: criterion {c!r} must be numeric or an ordered categorical; "
                            f"got {col.dtype}")
        missing = ~np.isfinite(values)
        if missing.any():
            rows = [str(r) for r in data.index[missing][:5]]
            more = f" and {missing.sum() - 5} more" if missing.sum() > 5 else ""
            what = "missing" if np.isnan(values[missing]).all() else "missing or infinite"
            raise ValueError(f"{func}: criterion {c!r} is {what} for {missing.sum()} rows "
                             f"({', '.join(rows)}{more}); choose an explicit fill, e.g. "
                             f"data.fillna({{{c!r}: data[{c!r}].median()}}), or drop them")
        if np.ptp(values) == 0:
            raise ValueError(f"{func}: criterion {c!r} has the same value in every row, so it "
                             f"cannot tell customers apart; drop it")
        columns.append(values)
    return np.column_stack(columns)


def _minmax(X: np.ndarray, directions) -> np.ndarray:
    lo, hi = X.min(axis=0), X.max(axis=0)
    R = (X - lo) / (hi - lo)
    cost = np.array([d == "cost" for d in directions])
    R[:, cost] = 1 - R[:, cost]
    return R


def _as_series(values, criteria, name="weight") -> pd.Series:
    return pd.Series(values / values.sum(), index=pd.Index(criteria, name="criterion"), name=name)


def entropy_weights(data: pd.DataFrame, criteria, direction, *,
                    normalization: str = "minmax") -> pd.Series:
    """Objective weights by Shannon entropy (熵权法): criteria that spread customers more weigh more.

    Parameters
    ----------
    data : DataFrame
        One row per alternative (customer).
    criteria : list of str
        Numeric (or ordered categorical) columns.
    direction : dict or str
        ``"benefit"`` or ``"cost"`` per criterion, or one of them for all.
    normalization : {"minmax", "sum"}, default="minmax"
        ``"minmax"`` aligns each criterion for direction first, :math:`r = (x -
        \\min)/(\\max - \\min)` for a benefit and :math:`(\\max - x)/(\\max - \\min)`
        for a cost (the textbook 熵权法). ``"sum"`` uses the raw shares of
        non-negative data, as Hwang & Yoon (1981) and Zeleny (1982) do; entropy then
        measures only how evenly a criterion is spread, which is the same whichever
        end is better, so ``direction`` is checked but does not change the weights.

    Returns
    -------
    pandas.Series
        One weight per criterion, summing to one.

    Notes
    -----
    With :math:`p_{ij} = r_{ij} / \\sum_i r_{ij}` and :math:`0 \\ln 0 = 0`,
    :math:`e_j = -\\frac{1}{\\ln m} \\sum_i p_{ij} \\ln p_{ij}` for m alternatives,
    :math:`d_j = 1 - e_j` and :math:`w_j = d_j / \\sum_k d_k`.

    References
    ----------
    Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"profit": [1.0, 2, 9], "orders": [3.0, 4, 5]})
    >>> entropy_weights(data, ["profit", "orders"], "benefit").round(3).tolist()
    [0.619, 0.381]
    """
    check_choice(normalization, ("minmax", "sum"), "entropy_weights", "normalization")
    criteria = list(criteria)
    X = _criteria_matrix(data, criteria, "entropy_weights")
    directions = _check_direction(direction, criteria, "entropy_weights")
    if normalization == "minmax":
        R = _minmax(X, directions)
    else:
        if (X < 0).any():
            bad = [c for c, col in zip(criteria, X.T) if (col < 0).any()]
            raise ValueError(f"entropy_weights: normalization='sum' needs non-negative data; "
                             f"{bad} have negative values (use normalization='minmax')")
        R = X
    P = R / R.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    entropy = -plogp.sum(axis=0) / np.log(len(X))
    return _as_series(1 - entropy, criteria)


def critic_weights(data: pd.DataFrame, criteria, direction) -> pd.Series:
    """Objective weights by CRITIC: contrast (standard deviation) times conflict with other criteria.

    Parameters
    ----------
    data : DataFrame
        One row per alternative (customer).
    criteria : list of str
        At least two numeric (or ordered categorical) columns.
    direction : dict or str
        ``"benefit"`` or ``"cost"`` per criterion, or one of them for all.

    Returns
    -------
    pandas.Series
        One weight per criterion, summing to one.

    Notes
    -----
    Each criterion is aligned and scaled to [0, 1], :math:`r = (x - x_{worst}) /
    (x_{best} - x_{worst})`. With standard deviations :math:`\\sigma_j` and
    correlations :math:`\\rho_{jk}` of the scaled criteria, :math:`C_j = \\sigma_j
    \\sum_k (1 - \\rho_{jk})` and :math:`w_j = C_j / \\sum_k C_k`. Two criteria that
    rank customers alike share their weight; an independent one keeps its own.

    References
    ----------
    Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective
    weights in multiple criteria problems: the CRITIC method. *Computers &
    Operations Research*, 22(7), 763-770.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"profit": [1.0, 2, 9, 4], "cost": [3.0, 4, 5, 1]})
    >>> critic_weights(data, ["profit", "cost"], {"profit": "benefit", "cost": "cost"}).round(3).tolist()
    [0.51, 0.49]
    """
    criteria = list(criteria)
    if len(criteria) < 2:
        raise ValueError(f"critic_weights: CRITIC compares criteria with each other; give at "
                         f"least two; got {criteria}")
    X = _criteria_matrix(data, criteria, "critic_weights")
    R = _minmax(X, _check_direction(direction, criteria, "critic_weights"))
    information = R.std(axis=0, ddof=1) * (1 - np.corrcoef(R, rowvar=False)).sum(axis=0)
    if information.sum() <= 1e-12:
        raise ValueError(f"critic_weights: the criteria {criteria} are perfectly correlated, so "
                         f"none adds information to the others; keep only one of them")
    return _as_series(information, criteria)
