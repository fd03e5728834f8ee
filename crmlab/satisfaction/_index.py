"""Index and gaps."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._validate import check_number
from ._checks import _pairs


__all__ = ["CLASSES", "satisfaction_index", "gap_scores"]

#: Satisfaction classes of the ratio index, from low to high.
CLASSES = ("dissatisfied", "satisfied", "highly satisfied")


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
    answered = (P.notna().to_numpy() & E.notna().to_numpy()).any(axis=0)
    if not answered.all():
        raise ValueError(f"satisfaction_index: data must have answers to both perceived and "
                         f"expected performance; got none for {list(np.array(names)[~answered])}")
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
    from scipy import stats

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
