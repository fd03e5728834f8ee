"""Fuzzy comprehensive evaluation (模糊综合评价): membership matrix, composition, verdict."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame

__all__ = ["FUZZY_OPERATORS", "FuzzyResult", "membership_matrix", "fuzzy_evaluation",
           "fuzzy_evaluation_two_level"]

#: The four composition operators b_j = ⊕_i (a_i ⊗ r_ij) of fuzzy comprehensive evaluation
#: (Zadeh's max-min and its variants), their Chinese names and what they keep of the data.
FUZZY_OPERATORS = pd.DataFrame(
    {"product": ["min", "product", "min", "product"],
     "sum": ["max", "max", "bounded", "bounded"],
     "chinese": ["主因素决定型", "主因素突出型", "取小上界和型", "加权平均型"],
     "meaning": ["only the dominant criterion decides; weights below the memberships are lost",
                 "the dominant criterion decides, scaled by its weight",
                 "every criterion counts, each capped by its weight; the sum is capped at 1",
                 "every criterion counts in proportion to its weight (the usual choice)"]},
    index=pd.Index(["M(∧,∨)", "M(·,∨)", "M(∧,⊕)", "M(·,⊕)"], name="operator"))

_ALIASES = {"min-max": "M(∧,∨)", "product-max": "M(·,∨)", "min-sum": "M(∧,⊕)",
            "weighted-average": "M(·,⊕)"}


@dataclass(frozen=True, eq=False)
class FuzzyResult:
    """A fuzzy comprehensive evaluation; see :func:`fuzzy_evaluation`.

    Attributes
    ----------
    vector : pandas.Series
        Membership of the object in each grade, normalised to sum to one when
        ``normalize=True`` (the evaluation vector B).
    raw : pandas.Series
        The composed vector before normalisation.
    verdict : str
        The grade of maximum membership (最大隶属度原则).
    score : float
        The weighted score :math:`\\sum_j b_j v_j` with the grade values (NaN without them).
    operator : str
        The composition operator.
    weights : pandas.Series
        The criteria weights used.
    membership : pandas.DataFrame
        The membership matrix R (criteria × grades).
    levels : dict
        For a two-level evaluation, the :class:`FuzzyResult` of each criterion's sub-criteria.
    """

    vector: pd.Series
    raw: pd.Series
    verdict: str
    score: float
    operator: str
    weights: pd.Series
    membership: pd.DataFrame
    levels: dict = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """One row: the membership in each grade, the verdict, the score and the operator."""
        row = {str(k): v for k, v in self.vector.items()}
        row.update(verdict=self.verdict, score=self.score, operator=self.operator)
        return pd.DataFrame([row])


def membership_matrix(data: pd.DataFrame, criteria, grades) -> pd.DataFrame:
    """Membership matrix R from survey answers: the share of respondents at each grade.

    Parameters
    ----------
    data : DataFrame
        One row per respondent (or expert).
    criteria : list of str
        Columns holding the answers, one per criterion.
    grades : list or dict
        The answer values in the order of the grades, best first as theses list them
        (for example ``[5, 4, 3, 2, 1]``), or ``{answer: grade label}`` such as
        ``{5: "很满意", 4: "满意", 3: "一般", 2: "不满意", 1: "很不满意"}``.

    Returns
    -------
    DataFrame
        Criteria × grades; each row sums to one. ``attrs["n"]`` holds the number of
        answers per criterion (missing answers are left out, per criterion).

    Raises
    ------
    ValueError
        If an answer is not one of ``grades`` or a criterion has no answer.

    Notes
    -----
    :math:`r_{ij} = n_{ij} / n_i`, the share of the :math:`n_i` answers on criterion i
    that give grade j (the statistical method of Chinese satisfaction theses).

    Examples
    --------
    >>> survey = pd.DataFrame({"质量": [5, 4, 4, 3], "交货": [5, 5, 4, None]})
    >>> membership_matrix(survey, ["质量", "交货"], {5: "好", 4: "较好", 3: "一般"}).round(3)
            好     较好    一般
    质量  0.250  0.500  0.25
    交货  0.667  0.333  0.00
    """
    func = "membership_matrix"
    check_frame(data, func)
    criteria = [criteria] if isinstance(criteria, str) else list(criteria)
    if not criteria:
        raise ValueError(f"{func}: give at least one criterion column")
    check_columns(data, criteria, func)
    if isinstance(grades, Mapping):
        values, labels = list(grades), list(grades.values())
    elif isinstance(grades, (list, tuple)):
        values, labels = list(grades), list(grades)
    else:
        raise TypeError(f"{func}: grades must be a list of answer values or a dict "
                        f"{{answer: label}}; got {type(grades).__name__}")
    if len(values) < 2 or len(set(labels)) != len(labels):
        raise ValueError(f"{func}: grades must name at least two distinct grades; got {grades!r}")
    rows, n = {}, {}
    for c in criteria:
        answers = data[c].dropna()
        bad = sorted({repr(v) for v in answers if v not in values})
        if bad:
            raise ValueError(f"{func}: column {c!r} has answers {', '.join(bad[:5])} that are "
                             f"not grades {values}")
        if answers.empty:
            raise ValueError(f"{func}: column {c!r} has no answers")
        counts = np.array([(answers == v).sum() for v in values], dtype=float)
        rows[c], n[c] = counts / counts.sum(), int(counts.sum())
    out = pd.DataFrame.from_dict(rows, orient="index", columns=labels)
    out.attrs["n"] = n
    return out


def _weights(weights, criteria, func: str) -> pd.Series:
    if hasattr(weights, "weights") and isinstance(weights.weights, pd.Series):
        weights = weights.weights  # an AHPResult
    if isinstance(weights, Mapping):
        weights = pd.Series(weights, dtype=float)
    elif isinstance(weights, (list, tuple, np.ndarray)):
        if len(weights) != len(criteria):
            raise ValueError(f"{func}: weights has {len(weights)} values for {len(criteria)} "
                             f"criteria {criteria}")
        weights = pd.Series(np.asarray(weights, dtype=float), index=criteria)
    if not isinstance(weights, pd.Series):
        raise TypeError(f"{func}: weights must be a Series, dict, list or AHPResult; got "
                        f"{type(weights).__name__}")
    if set(weights.index) != set(criteria):
        raise ValueError(f"{func}: weights are given for {list(weights.index)} but the "
                         f"membership rows are {criteria}")
    w = weights.reindex(criteria).astype(float)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError(f"{func}: weights must be non-negative numbers; got {w.tolist()}")
    if abs(w.sum() - 1) > 1e-6:
        raise ValueError(f"{func}: weights must sum to 1; they sum to {w.sum():.6g} "
                         f"(divide by their sum if that is what you mean)")
    return w.rename("weight")


def _compose(a: np.ndarray, R: np.ndarray, operator: str) -> np.ndarray:
    product = np.minimum if FUZZY_OPERATORS.at[operator, "product"] == "min" else np.multiply
    terms = product(a[:, None], R)
    if FUZZY_OPERATORS.at[operator, "sum"] == "max":
        return terms.max(axis=0)
    return np.minimum(1.0, terms.sum(axis=0))


def fuzzy_evaluation(membership: pd.DataFrame, weights, *, operator: str = "M(·,⊕)",
                     grade_values=None, normalize: bool = True) -> FuzzyResult:
    """Fuzzy comprehensive evaluation (模糊综合评价) of one object on several criteria.

    Parameters
    ----------
    membership : DataFrame
        The membership matrix R, criteria × grades, entries in [0, 1]; for example from
        :func:`membership_matrix`.
    weights : Series, dict, list or AHPResult
        One weight per criterion (row of R), summing to one: given by the analyst, or from
        :func:`crmlab.identify.ahp_weights`, :func:`~crmlab.identify.entropy_weights` or
        :func:`~crmlab.identify.critic_weights`.
    operator : str, default="M(·,⊕)"
        One of :data:`FUZZY_OPERATORS`: ``"M(∧,∨)"`` (or ``"min-max"``), ``"M(·,∨)"``
        (``"product-max"``), ``"M(∧,⊕)"`` (``"min-sum"``), ``"M(·,⊕)"``
        (``"weighted-average"``).
    grade_values : list, dict or None, default=None
        A number per grade (for example 95, 85, 75, 65, 55) for the weighted score; by
        default the grade labels themselves when they are numbers.
    normalize : bool, default=True
        Divide the composed vector by its sum, so that memberships sum to one.

    Returns
    -------
    FuzzyResult
        ``.vector``, ``.raw``, ``.verdict``, ``.score``, ``.summary()``.

    Notes
    -----
    With weights :math:`a_i` and memberships :math:`r_{ij}`,
    :math:`b_j = \\bigoplus_i (a_i \\otimes r_{ij})`, where :math:`\\otimes` is min (∧) or
    product (·) and :math:`\\bigoplus` is max (∨) or the bounded sum
    :math:`\\min(1, \\sum_i)`. The verdict is the grade of largest :math:`b_j` (ties go
    to the grade listed first); the score is :math:`\\sum_j b_j v_j / \\sum_j b_j`.

    References
    ----------
    Zadeh, L. A. (1965). Fuzzy sets. *Information and Control*, 8(3), 338-353.
    汪培庄 (Wang Peizhuang) (1983). 模糊集合论及其应用. 上海科学技术出版社.

    Examples
    --------
    >>> R = pd.DataFrame([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]], index=["产品", "服务"],
    ...                  columns=["满意", "一般", "不满意"])
    >>> res = fuzzy_evaluation(R, {"产品": 0.4, "服务": 0.6}, grade_values=[90, 70, 50])
    >>> res.vector.round(2).tolist(), res.verdict, round(res.score, 1)
    ([0.44, 0.38, 0.18], '满意', 75.2)
    """
    func = "fuzzy_evaluation"
    check_frame(membership, func, "membership")
    operator = _ALIASES.get(operator, operator)
    check_choice(operator, [*FUZZY_OPERATORS.index, *_ALIASES], func, "operator")
    if membership.shape[0] < 1 or membership.shape[1] < 2:
        raise ValueError(f"{func}: membership needs one row per criterion and at least two "
                         f"grade columns; got shape {membership.shape}")
    try:
        R = membership.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{func}: membership must hold numbers in [0, 1]") from exc
    if not np.isfinite(R).all() or (R < 0).any() or (R > 1).any():
        raise ValueError(f"{func}: membership degrees must be numbers in [0, 1]; the matrix "
                         f"has values outside or missing")
    criteria = list(membership.index)
    a = _weights(weights, criteria, func).to_numpy()
    grades = list(membership.columns)
    raw = _compose(a, R, operator)
    if normalize:
        if raw.sum() <= 0:
            raise ValueError(f"{func}: the composed vector is all zero and cannot be normalised")
        vector = raw / raw.sum()
    else:
        vector = raw
    if grade_values is None:
        numeric = all(isinstance(g, (int, float, np.integer, np.floating))
                      and not isinstance(g, bool) for g in grades)
        values = np.array(grades, dtype=float) if numeric else None
    else:
        if isinstance(grade_values, Mapping):
            missing = [g for g in grades if g not in grade_values]
            if missing:
                raise ValueError(f"{func}: grade_values has no value for grades {missing}")
            grade_values = [grade_values[g] for g in grades]
        values = np.asarray(grade_values, dtype=float)
        if values.shape != (len(grades),) or not np.isfinite(values).all():
            raise ValueError(f"{func}: grade_values must give one number per grade {grades}; "
                             f"got {list(grade_values)!r}")
    score = float(vector @ values / vector.sum()) if values is not None and vector.sum() > 0 \
        else float("nan")
    return FuzzyResult(vector=pd.Series(vector, index=grades, name="membership"),
                       raw=pd.Series(raw, index=grades, name="raw"),
                       verdict=grades[int(np.argmax(vector))], score=score, operator=operator,
                       weights=pd.Series(a, index=criteria, name="weight"),
                       membership=membership.copy())


def fuzzy_evaluation_two_level(memberships: Mapping, weights, sub_weights: Mapping, *,
                               operator: str = "M(·,⊕)", grade_values=None) -> FuzzyResult:
    """Two-level fuzzy comprehensive evaluation (二级模糊综合评价): sub-criteria first.

    Parameters
    ----------
    memberships : dict
        ``{criterion: membership DataFrame of its sub-criteria × grades}``; every block has
        the same grade columns in the same order.
    weights : Series, dict, list or AHPResult
        Weights of the criteria (the keys of ``memberships``), summing to one.
    sub_weights : dict
        ``{criterion: weights of its sub-criteria}``, each summing to one.
    operator : str, default="M(·,⊕)"
        Used at both levels; see :func:`fuzzy_evaluation`.
    grade_values : list, dict or None
        See :func:`fuzzy_evaluation`.

    Returns
    -------
    FuzzyResult
        The top-level evaluation; ``.membership`` holds the criteria's normalised vectors
        and ``.levels`` the :class:`FuzzyResult` of each criterion.

    Notes
    -----
    Each criterion k is evaluated on its sub-criteria, :math:`B_k = A_k \\circ R_k`
    (normalised); the vectors :math:`B_k` are the rows of the criteria's membership matrix,
    and :math:`B = A \\circ [B_1; \\dots; B_K]`.

    Examples
    --------
    >>> product = pd.DataFrame([[0.5, 0.5], [0.2, 0.8]], index=["质量", "价格"], columns=["好", "差"])
    >>> service = pd.DataFrame([[0.6, 0.4]], index=["响应"], columns=["好", "差"])
    >>> res = fuzzy_evaluation_two_level({"产品": product, "服务": service},
    ...                                  {"产品": 0.5, "服务": 0.5},
    ...                                  {"产品": {"质量": 0.5, "价格": 0.5}, "服务": {"响应": 1.0}})
    >>> res.membership.round(2).values.tolist(), res.vector.round(3).tolist()
    ([[0.35, 0.65], [0.6, 0.4]], [0.475, 0.525])
    """
    func = "fuzzy_evaluation_two_level"
    if not isinstance(memberships, Mapping) or not memberships:
        raise TypeError(f"{func}: memberships must be a non-empty dict {{criterion: DataFrame}}; "
                        f"got {type(memberships).__name__}")
    if not isinstance(sub_weights, Mapping) or set(sub_weights) != set(memberships):
        got = list(sub_weights) if isinstance(sub_weights, Mapping) else type(sub_weights).__name__
        raise ValueError(f"{func}: sub_weights must be a dict with the same criteria as "
                         f"memberships {list(memberships)}; got {got}")
    levels, grades = {}, None
    for criterion, block in memberships.items():
        check_frame(block, func, f"memberships[{criterion!r}]")
        if grades is None:
            grades = list(block.columns)
        elif list(block.columns) != grades:
            raise ValueError(f"{func}: memberships[{criterion!r}] has grades "
                             f"{list(block.columns)}; expected {grades} as in the first block")
        levels[criterion] = fuzzy_evaluation(block, sub_weights[criterion], operator=operator,
                                             grade_values=grade_values)
    R = pd.DataFrame([levels[c].vector for c in memberships], index=list(memberships))
    top = fuzzy_evaluation(R, weights, operator=operator, grade_values=grade_values)
    return FuzzyResult(vector=top.vector, raw=top.raw, verdict=top.verdict, score=top.score,
                       operator=top.operator, weights=top.weights, membership=top.membership,
                       levels=levels)
