"""Pareto curve of lesson 00."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_number
from ..identify._concentration import _pareto
from ._base import GREY, HIGHLIGHT, MAIN, current_axes, percent_axes, resolve_language, use_language_font
from ._labels import term, tr

__all__ = ["pareto_curve"]


def pareto_curve(data: pd.DataFrame, value: str, *, by: str = "customer_id",
                 highlight: float = 0.2, language: str | None = None, ax=None):
    """Cumulative share of value against cumulative share of customers (二八法则).

    Customers are sorted by their total ``value``, largest first. The point at
    ``highlight`` (by default the top 20 % of customers) is marked with the share
    of value they hold.

    Parameters
    ----------
    data : DataFrame
        One row per transaction or per customer.
    value : str
        Column to sum per customer, e.g. ``"net_revenue"``; must not be negative
        (for profit, which can be, use a whale curve).
    by : str, default="customer_id"
        Column that identifies the customer.
    highlight : float, default=0.2
        Share of customers to mark, in (0, 1).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    With customers ordered by value :math:`v_{(1)} \\ge v_{(2)} \\ge \\dots \\ge v_{(n)}`,
    the curve joins :math:`(k/n,\\; \\sum_{i \\le k} v_{(i)} / \\sum_i v_i)` for
    :math:`k = 0, \\dots, n`. Juran's Pareto principle says about 20 % of customers
    hold about 80 % of value.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": list("aabc"), "net_revenue": [5.0, 3, 1, 1]})
    >>> ax = pareto_curve(orders, "net_revenue")
    """
    check_number(highlight, "pareto_curve", "highlight", low=0.0, high=1.0)
    if not 0 < highlight < 1:
        raise ValueError(f"pareto_curve: highlight must be strictly between 0 and 1; got {highlight!r}")
    table = _pareto(data, value, by, "pareto_curve")
    x = np.r_[0.0, table["customer_share"].to_numpy()]
    y = np.r_[0.0, table["cumulative_share"].to_numpy()]
    k = int(np.ceil(highlight * len(table)))
    lang = resolve_language(language, "pareto_curve")
    what = term(value, lang)
    ax = current_axes(ax)
    ax.plot(x, y, color=MAIN, label=tr("cumulative share of", lang, what))
    ax.plot([0, 1], [0, 1], color=GREY, linestyle=":", label=tr("all customers equal", lang))
    ax.scatter([x[k]], [y[k]], color=HIGHLIGHT, zorder=3)
    ax.annotate(tr("top customers", lang, f"{x[k]:.0%}", f"{y[k]:.0%}"), (x[k], y[k]),
                xytext=(10, -20), textcoords="offset points")
    ax.set(xlabel=tr("customers largest first share", lang),
           ylabel=tr("cumulative share of", lang, what), xlim=(0, 1), ylim=(0, 1.02))
    percent_axes(ax)
    ax.legend(loc="lower right")
    use_language_font([ax], lang)
    return ax
