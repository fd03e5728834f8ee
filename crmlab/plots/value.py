"""Charts of lesson 03: the customer value map and the delivered-value waterfall."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_numeric
from ..value import COST_PARTS, VALUE_PARTS, delivered_value
from ..value._checks import _names, _weights
from ._base import (BAD, BLUE, GOOD, GREY, HIGHLIGHT, MAIN, ORANGE, current_axes, place_point_labels,
                    resolve_language, use_language_font)
from ._labels import term, tr

__all__ = ["value_map", "value_waterfall"]


def value_map(data: pd.DataFrame, *, value: str = "total_value", cost: str = "total_cost",
              supplier: str = "supplier", highlight: str | None = "ours",
              fair: str = "difference", language: str | None = None, ax=None):
    """Customer value map (顾客价值图): perceived value against perceived cost per supplier.

    Each supplier is a point at its mean total cost and mean total value over the
    customers who rated it. The fair-value line runs through the market average
    (the mean of the suppliers' points): suppliers above it deliver more value for
    their cost than the market, those below less.

    Parameters
    ----------
    data : DataFrame
        One row per customer and supplier, e.g. from :func:`crmlab.value.delivered_value`.
    value, cost : str, default="total_value", "total_cost"
        Columns with each row's total customer value and total customer cost.
    supplier : str, default="supplier"
        Column naming the supplier.
    highlight : str or None, default="ours"
        Supplier drawn in red and larger; None highlights nobody.
    fair : {"difference", "ratio"}, default="difference"
        The fair-value line: equal delivered value (value − cost, a line of slope 1)
        or equal value/cost ratio (a line through the origin).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    With the market average :math:`(\\bar C, \\bar V)` the fair-value line is
    :math:`V = C + (\\bar V - \\bar C)` in the difference form and
    :math:`V = (\\bar V / \\bar C)\\, C` in the ratio form. Gale (*Managing Customer
    Value*, 1994) draws the map with relative quality against relative price.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> dv = pd.DataFrame({"supplier": ["ours", "rival"], "total_value": [8.0, 6.0],
    ...                    "total_cost": [5.0, 5.0]})
    >>> fig, ax = plt.subplots()
    >>> ax = value_map(dv, ax=ax)
    >>> plt.close(fig)
    """
    func = "value_map"
    check_columns(data, [supplier], func)
    absent = [c for c in (value, cost) if c not in data.columns]
    if absent:
        raise ValueError(f"{func}: column {absent} not in data; compute total value and cost "
                         f"first with crmlab.value.delivered_value(data, ...)")
    check_choice(fair, ("difference", "ratio"), func, "fair")
    check_numeric(data, [value, cost], func)
    lang = resolve_language(language, func)
    points = data.groupby(data[supplier].astype(str), sort=False)[[cost, value]].mean()
    if highlight is not None and highlight not in points.index:
        raise ValueError(f"{func}: highlight {highlight!r} is not a supplier; suppliers: "
                         f"{list(points.index)}")
    c_bar, v_bar = points[cost].mean(), points[value].mean()
    ax = current_axes(ax)
    mine = points.index == highlight
    ax.scatter(points[cost], points[value], s=np.where(mine, 120, 60),
               color=np.where(mine, HIGHLIGHT, MAIN), zorder=3, label=None)
    span = max(points[cost].max() - points[cost].min(), points[value].max() - points[value].min())
    pad = 0.25 * span if span > 0 else 1.0
    xs = np.array([points[cost].min() - pad, points[cost].max() + pad])
    ys = xs + (v_bar - c_bar) if fair == "difference" else xs * v_bar / c_bar
    ax.plot(xs, ys, color=GREY, linestyle="--", label=tr("fair-value line", lang, tr(fair, lang)))
    ax.set(xlabel=tr("perceived mean", lang, term(cost, lang)),
           ylabel=tr("perceived mean", lang, term(value, lang)), title=tr("value map", lang))
    legend = ax.legend(loc="upper left")
    use_language_font([ax], lang)  # before placing: the font sets the labels' size
    # supplier names where they overlap no other name, point or the legend
    place_point_labels(ax, [term(n, lang) for n in points.index], points[cost].to_numpy(float),
                       points[value].to_numpy(float), legend.get_texts(), fontsize="medium",
                       fontweights=np.where(mine, "bold", "normal"), language=lang)
    use_language_font([ax], lang)
    return ax


def value_waterfall(data: pd.DataFrame, *, supplier: str = "ours", value_parts=VALUE_PARTS,
                    cost_parts=COST_PARTS, weights=None, supplier_col: str = "supplier",
                    language: str | None = None, ax=None):
    """From total customer value to delivered value, part by part, for one supplier.

    Bars rise by each (weighted) value part to the total customer value, then fall
    by each cost part to the delivered value; each is the mean over the customers
    who rated the supplier.

    Parameters
    ----------
    data : DataFrame
        One row per customer and supplier, e.g. ``world.value_audit``.
    supplier : str, default="ours"
        The supplier shown.
    value_parts, cost_parts, weights
        As in :func:`crmlab.value.delivered_value`.
    supplier_col : str, default="supplier"
        Column naming the supplier.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes
        Its bar patches are, in order, the value parts, total value, the cost parts
        and delivered value.

    Notes
    -----
    :math:`CDV = \\sum_k w_k \\bar v_k - \\sum_j w_j \\bar c_j` (Kotler), the means
    taken over the supplier's rows.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> audit = pd.DataFrame({"supplier": ["ours"], "quality": [8.0], "price": [5.0]})
    >>> fig, ax = plt.subplots()
    >>> ax = value_waterfall(audit, value_parts=["quality"], cost_parts=["price"], ax=ax)
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [8.0, 8.0, -5.0, 3.0]
    >>> plt.close(fig)
    """
    func = "value_waterfall"
    check_columns(data, [supplier_col], func)
    values, costs = _names(value_parts, func, "value_parts"), _names(cost_parts, func, "cost_parts")
    check_numeric(data, values + costs, func)
    lang = resolve_language(language, func)
    rows = data[data[supplier_col].astype(str) == supplier]
    if rows.empty:
        raise ValueError(f"{func}: supplier {supplier!r} not in column {supplier_col!r}; "
                         f"suppliers: {sorted(set(data[supplier_col].astype(str)))}")
    dv = delivered_value(rows, value_parts, cost_parts, weights)
    mean = rows[values + costs].mean() * _weights(weights, values + costs, func)
    labels, bottoms, heights, colors = [], [], [], []
    level = 0.0
    for part in values:
        labels.append(term(part, lang))
        bottoms.append(level), heights.append(mean[part]), colors.append(GOOD)
        level += mean[part]
    labels.append(term("total value", lang)), bottoms.append(0.0), heights.append(level)
    colors.append(BLUE)
    for part in costs:
        labels.append(term(part, lang))
        bottoms.append(level), heights.append(-mean[part]), colors.append(BAD)
        level -= mean[part]
    labels.append(term("delivered value", lang)), bottoms.append(0.0), heights.append(level)
    colors.append(ORANGE)
    ax = current_axes(ax)
    x = np.arange(len(labels))
    ax.bar(x, heights, bottom=bottoms, color=colors, edgecolor="black", linewidth=0.5)
    for xi, b, h in zip(x, bottoms, heights):
        ax.annotate(f"{h:+.1f}" if xi not in (len(values), len(labels) - 1) else f"{h:.1f}",
                    (xi, b + h if h >= 0 else b), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=8)
    tops = np.add(bottoms, np.maximum(heights, 0))
    ax.set_ylim(min(0.0, level) * 1.15, tops.max() * 1.1)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, labels, rotation=45, ha="right")
    ax.set(ylabel=tr("waterfall y", lang),
           title=tr("delivered value of", lang, term(supplier, lang),
                    f"{dv['delivered_value'].mean():.2f}"))
    use_language_font([ax], lang)
    return ax
