"""Charts of lesson 01 (customer identification): Pareto chart, score breakdown, grade stability."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_int, check_number, check_numeric
from ..identify import GRADES, SensitivityResult
from ..identify._concentration import _pareto
from ._base import (BLUE, GREY, MAIN, ORANGE, VERMILION, current_axes, money_axis, percent_axes,
                    resolve_language, series_color, use_language_font)
from ._labels import is_money, term, tr, unit_of, with_unit

__all__ = ["pareto_chart", "score_breakdown", "grade_stability"]

_NOT_CRITERIA = ("distance_ideal", "distance_anti_ideal", "score", "rank")
_GRADE_COLORS = {"A": VERMILION, "B": ORANGE, "C": BLUE, "D": GREY}


def pareto_chart(data: pd.DataFrame, value: str, *, by: str = "customer_id",
                 line: float = 0.8, language: str | None = None, ax=None):
    """Pareto chart: each customer's value as a bar, largest first, with the cumulative share.

    Parameters
    ----------
    data : DataFrame
        One row per transaction or per customer.
    value : str
        Non-negative numeric column summed per customer, e.g. ``"net_revenue"``.
    by : str, default="customer_id"
        Column or index level that identifies the customer.
    line : float, default=0.8
        Cumulative share to mark (the 80 % of the 80/20 rule), in (0, 1).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes for the bars; the current Axes by default. The cumulative line is on
        a twin axis at the right, ``ax.right_ax``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes with the bars.

    Notes
    -----
    The shares come from :func:`crmlab.identify.pareto_table`. The vertical line
    marks the first customer at which the cumulative share reaches ``line``: the
    customers left of it are class A of an ABC analysis with that cut-off.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": list("aabc"), "net_revenue": [5.0, 3, 1, 1]})
    >>> ax = pareto_chart(orders, "net_revenue")
    """
    check_number(line, "pareto_chart", "line", low=0.0, high=1.0)
    if not 0 < line < 1:
        raise ValueError(f"pareto_chart: line must be strictly between 0 and 1; got {line!r}")
    table = _pareto(data, value, by, "pareto_chart")
    lang = resolve_language(language, "pareto_chart")
    what = term(value, lang)
    ax = current_axes(ax)
    x = np.arange(1, len(table) + 1)
    heights = table[value].to_numpy()
    ax.bar(x, heights, width=1.0, color=MAIN, label=what)
    right = ax.twinx()
    right.plot(x, table["cumulative_share"].to_numpy(), color=VERMILION,
               label=tr("cumulative share", lang))
    k = int(np.searchsorted(table["cumulative_share"].to_numpy(), line - 1e-12)) + 1
    right.axhline(line, color=GREY, linestyle="--", linewidth=1)
    right.axvline(k, color=GREY, linestyle=":", linewidth=1)
    right.annotate(tr("k customers make", lang, k, f"{k / len(table):.0%}", f"{line:.0%}"),
                   (k, line), xytext=(8, -18), textcoords="offset points")
    right.set(ylim=(0, 1.02), ylabel=tr("cumulative share", lang))
    percent_axes(right, "y")
    unit = money_axis(ax.yaxis, np.nanmax(np.abs(heights)) if len(heights) else 0.0, lang) \
        if is_money(value) else unit_of(value, lang)
    ax.set(xlim=(0.5, len(table) + 0.5), xlabel=tr("customers largest first", lang),
           ylabel=with_unit(tr("per customer", lang, what), unit, lang))
    use_language_font([ax, right], lang)
    ax.right_ax = right
    return ax


def score_breakdown(scores: pd.DataFrame, *, top: int = 15, language: str | None = None,
                    ax=None):
    """Stacked bars of each criterion's part of the score, for the best customers.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`crmlab.identify.score_customers`: one column per
        criterion with its weighted scaled value, then ``score`` and ``rank``.
    top : int, default=15
        Number of best customers to show, best at the top.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    For a weighted sum the bars add up to the score. For TOPSIS they are the
    customer's weighted scaled values, the point whose distances to the ideal and
    anti-ideal give the score, which is marked with a black dot.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.identify import score_customers
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1], "orders": [2.0, 5, 1]})
    >>> ax = score_breakdown(score_customers(archive, {"gross_profit": (0.6, "benefit"),
    ...                                                "orders": (0.4, "benefit")}))
    """
    check_frame(scores, "score_breakdown", "scores")
    check_columns(scores, ["score"], "score_breakdown", "scores")
    top = check_int(top, "score_breakdown", "top", low=1)
    criteria = [c for c in scores.columns if c not in _NOT_CRITERIA]
    if not criteria:
        raise ValueError("score_breakdown: scores has no criterion columns; pass the output of "
                         "crmlab.identify.score_customers")
    check_numeric(scores, ["score", *criteria], "score_breakdown", "scores")
    if not scores.index.is_unique:
        raise ValueError("score_breakdown: scores must have one row per customer (a unique "
                         "index); got repeated customers")
    lang = resolve_language(language, "score_breakdown")
    best = scores.sort_values("score", ascending=False, kind="stable").head(top).iloc[::-1]
    ax = current_axes(ax)
    y = np.arange(len(best))
    left = np.zeros(len(best))
    for i, criterion in enumerate(criteria):
        part = best[criterion].to_numpy(dtype=float)
        ax.barh(y, part, left=left, color=series_color(i), label=term(criterion, lang))
        left += part
    ax.scatter(best["score"], y, color="black", s=12, zorder=3, label=tr("score", lang))
    ax.set_yticks(y, [str(i) for i in best.index])
    ax.set(xlabel=tr("score parts", lang), ylabel=tr("customer", lang),
           xlim=(0, max(1.0, left.max())))
    # the legend beside the bars, not over the best customers' bars
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", borderaxespad=0)
    use_language_font([ax], lang)
    return ax


def grade_stability(sensitivity, *, language: str | None = None, ax=None):
    """How often each customer keeps its grade when the weights move.

    Parameters
    ----------
    sensitivity : SensitivityResult or DataFrame
        From :func:`crmlab.identify.weight_sensitivity`, or its ``.customers``
        table (columns ``rank``, ``grade`` and ``grade_kept``).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes
        One dot per customer: its rank under the given weights (x) and the share
        of perturbed weightings that keep its grade (y), coloured by grade.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.identify import weight_sensitivity
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1, 3], "orders": [2.0, 5, 1, 3]})
    >>> res = weight_sensitivity(archive, {"gross_profit": (0.6, "benefit"),
    ...                                    "orders": (0.4, "benefit")}, n=20, seed=1)
    >>> ax = grade_stability(res)
    """
    table = sensitivity.customers if isinstance(sensitivity, SensitivityResult) else sensitivity
    check_frame(table, "grade_stability", "sensitivity")
    check_columns(table, ["rank", "grade", "grade_kept"], "grade_stability", "sensitivity")
    lang = resolve_language(language, "grade_stability")
    ax = current_axes(ax)
    for g in GRADES[::-1]:
        part = table.loc[table["grade"].astype(str) == g]
        if len(part):
            ax.scatter(part["rank"], part["grade_kept"], s=10, color=_GRADE_COLORS[g],
                       label=tr("grade", lang, g))
    ax.set(xlabel=tr("rank under weights", lang), ylabel=tr("grade kept", lang),
           ylim=(-0.02, 1.02))
    percent_axes(ax, "y")
    ax.legend(loc="lower right")
    use_language_font([ax], lang)
    return ax
