"""Charts of lesson 04: RFM grid, segment profiles, customer pyramid, whale curve."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ..segment import CustomerPyramid, WhaleCurve, segment_profile, whale_curve
from ._base import (BLUE, DIVERGING, GREY, HIGHLIGHT, MAIN, ORANGE, SEQUENTIAL, SKY, current_axes,
                    format_money, money_axis, money_unit, percent_axes, resolve_language,
                    use_language_font)
from ._labels import is_money, term, tr, with_unit

__all__ = ["rfm_heatmap", "segment_profile_plot", "pyramid_plot", "whale_curve_plot"]


def _annotated_grid(ax, grid: pd.DataFrame, fmt, cmap: str, *, center: bool = False,
                    label: str = ""):
    """Draw ``grid`` as a heat map with each cell's number written in it; ``fmt`` is a
    format spec or a function of the number. Returns the colour bar."""
    values = grid.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    if center:
        bound = float(np.abs(finite).max()) if finite.size else 1.0
        bound = bound or 1.0
        vmin, vmax = -bound, bound
    else:
        vmin = float(finite.min()) if finite.size else 0.0
        vmax = float(finite.max()) if finite.size else 1.0
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    middle = (vmin + vmax) / 2
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            dark = abs(v - middle) > 0.3 * (vmax - vmin) if center else v > middle
            ax.text(j, i, fmt(v) if callable(fmt) else format(v, fmt), ha="center",
                    va="center", fontsize=8, color="white" if dark else "black")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    return ax.figure.colorbar(image, ax=ax, label=label)


def rfm_heatmap(scores: pd.DataFrame, *, value: str | None = None, language: str | None = None,
                ax=None):
    """Customers on the recency × frequency grid of RFM scores.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`crmlab.segment.rfm_scores` (``r_score``, ``f_score``).
    value : str, optional
        A numeric column to average per cell, e.g. ``"monetary"``; None counts
        customers. Money (``"monetary"``) is shown in a readable unit (万元 in Chinese).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [1, 2, 2, 5], "f_score": [1, 1, 3, 5],
    ...                        "monetary": [10.0, 20, 30, 90]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = rfm_heatmap(scores, ax=ax)
    >>> len(ax.texts), ax.texts[4].get_text()  # 5 x 5 cells; top right: R = 5, F = 5
    (25, '1')
    """
    func = "rfm_heatmap"
    check_columns(scores, ["r_score", "f_score"] + ([value] if value else []), func, "scores")
    if scores.empty:
        raise ValueError("rfm_heatmap: scores is empty")
    if value is not None and not pd.api.types.is_numeric_dtype(scores[value]):
        raise TypeError(f"rfm_heatmap: column {value!r} must be numeric; got {scores[value].dtype}")
    check_numeric(scores, ["r_score", "f_score"], func, "scores")
    if not scores.index.is_unique:
        raise ValueError(f"{func}: scores must have one row per customer (a unique index); got "
                         f"{int(scores.index.duplicated().sum())} repeated")
    lang = resolve_language(language, func)
    top = int(max(scores["r_score"].max(), scores["f_score"].max()))
    levels = range(1, top + 1)
    if value is None:
        grid = pd.crosstab(scores["r_score"], scores["f_score"])
        fmt, label = ".0f", tr("customers", lang)
    else:
        grid = scores.pivot_table(index="r_score", columns="f_score", values=value, aggfunc="mean")
        fmt, label = ",.3g", tr("mean of", lang, term(value, lang))
    grid = grid.reindex(index=levels[::-1], columns=levels)
    if value is None:
        grid = grid.fillna(0).astype(int)
    unit = None
    if value is not None and is_money(value):
        scale, unit = money_unit(np.nanmax(np.abs(grid.to_numpy(float))), lang)
        fmt = lambda v: format_money(v, scale)  # noqa: E731
    ax = current_axes(ax)
    bar = _annotated_grid(ax, grid, fmt, SEQUENTIAL, label=with_unit(label, unit, lang))
    if unit:
        money_axis(bar.ax.yaxis, np.nanmax(np.abs(grid.to_numpy(float))), lang)
    ax.set(xlabel=tr("frequency score", lang), ylabel=tr("recency score", lang),
           title=tr("rfm title", lang, label))
    use_language_font([ax, bar.ax], lang)
    return ax


def segment_profile_plot(data: pd.DataFrame, labels, features, *, language: str | None = None,
                         ax=None):
    """Standardised feature means per segment, as a heat map.

    Each cell is :math:`(\\bar x_s - \\bar x) / s_x`: how far the segment's mean
    lies from the overall mean, in overall standard deviations (red above, blue below).

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    labels : Series or array
        Segment per customer (see :func:`crmlab.segment.segment_profile`).
    features : list of str
        Numeric columns to show.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> data = pd.DataFrame({"visits": [1.0, 2, 6, 7], "discount": [0.1, 0.1, 0.0, 0.02]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = segment_profile_plot(data, [1, 1, 2, 2], ["visits", "discount"], ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1 (n=2)', '2 (n=2)']
    """
    check_numeric(data, [features] if isinstance(features, str) else list(features),
                  "segment_profile_plot")
    lang = resolve_language(language, "segment_profile_plot")
    profile = segment_profile(data, labels, features, revenue=None, profit=None,
                              standardize=True).drop(index="all")
    features = [features] if isinstance(features, str) else list(features)
    grid = profile[features]
    grid.index = [f"{s} (n={n})" for s, n in zip(profile.index, profile["customers"])]
    grid.columns = [term(c, lang) for c in grid.columns]
    ax = current_axes(ax)
    bar = _annotated_grid(ax, grid, "+.2f", DIVERGING, center=True,
                          label=tr("profile colour", lang))
    ax.tick_params(axis="x", labelrotation=45)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")  # the label's end under its column
    ax.set(xlabel="", ylabel=tr("segment", lang), title=tr("profile title", lang))
    use_language_font([ax, bar.ax], lang)
    return ax


def pyramid_plot(pyramid: CustomerPyramid, *, share: str = "profit", language: str | None = None,
                 ax=None):
    """The customer pyramid: one band per tier, as wide as its share of customers.

    Parameters
    ----------
    pyramid : CustomerPyramid
        Output of :func:`crmlab.segment.customer_pyramid`.
    share : {"profit", "revenue"}, default="profit"
        Which share each band is labelled with, beside its share of customers.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from crmlab.segment import customer_pyramid
    >>> data = pd.DataFrame({"net_revenue": [50.0, 30, 10, 10], "profit": [8.0, 4, 1, -1]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = pyramid_plot(customer_pyramid(data, "profit", {"gold": 0.5, "lead": 0.5}), ax=ax)
    >>> ax.texts[0].get_text()
    'gold: 50% of customers, 100% of profit'
    """
    if not isinstance(pyramid, CustomerPyramid):
        raise TypeError(f"pyramid_plot: pyramid must be the result of "
                        f"crmlab.segment.customer_pyramid; got {type(pyramid).__name__}")
    if share not in ("profit", "revenue"):
        raise ValueError(f"pyramid_plot: share must be 'profit' or 'revenue'; got {share!r}")
    lang = resolve_language(language, "pyramid_plot")
    column = f"share_{share}"
    if column not in pyramid.table.columns:
        raise ValueError(f"pyramid_plot: this pyramid has no {column!r}; build it with "
                         f"{share}= set to a column")
    table = pyramid.table
    # light to dark from the top, so the tiers differ in lightness as well as hue
    colors = {"platinum": SKY, "gold": ORANGE, "iron": BLUE, "lead": "#3d3d3d"}
    ax = current_axes(ax)
    n = len(table)
    widest = float(table["share_customers"].max())
    for level, (name, row) in enumerate(table.iterrows()):
        y = n - 1 - level  # top tier at the top
        width = row["share_customers"] / widest
        ax.barh(y, width, left=-width / 2, height=0.9,
                color=colors.get(str(name), MAIN if level % 2 else GREY), edgecolor="white")
        ax.text(0.55, y, tr("tier text", lang, term(name, lang), f"{row['share_customers']:.0%}",
                            f"{row[column]:.0%}", term(share, lang)),
                ha="left", va="center", fontsize=9)
    ax.set_yticks(range(n), [term(t, lang) for t in table.index[::-1]])
    ax.set_xlim(-0.55, 1.9)
    ax.set_xticks([])
    ax.set(title=tr("pyramid title", lang, term(pyramid.value, lang)),
           xlabel=tr("band width", lang))
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    use_language_font([ax], lang)
    return ax


def whale_curve_plot(profit, *, language: str | None = None, ax=None):
    """The whale curve: cumulative share of total profit, most profitable customers first.

    Parameters
    ----------
    profit : Series or WhaleCurve
        Profit per customer, or the result of :func:`crmlab.segment.whale_curve`.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = whale_curve_plot(pd.Series([60.0, 30, 20, -10]), ax=ax)
    >>> ax.texts[0].get_text()
    'peak: top 75% make 110% of profit'
    """
    if not isinstance(profit, (WhaleCurve, pd.Series)):
        raise TypeError(f"whale_curve_plot: profit must be a pandas Series of profit per customer "
                        f"or a WhaleCurve; got {type(profit).__name__}")
    if isinstance(profit, pd.Series):
        check_numeric(profit.to_frame("profit"), ["profit"], "whale_curve_plot", "profit")
    lang = resolve_language(language, "whale_curve_plot")
    whale = profit if isinstance(profit, WhaleCurve) else whale_curve(profit)
    curve = whale.curve
    ax = current_axes(ax)
    ax.plot(curve["share_of_customers"], curve["share_of_profit"], color=MAIN,
            label=tr("share of total profit", lang))
    ax.axhline(1.0, color=GREY, linestyle=":", label=tr("all of profit", lang))
    x, y = whale.peak_share_of_customers, whale.peak_share_of_profit
    ax.scatter([x], [y], color=HIGHLIGHT, zorder=3)
    ax.annotate(tr("whale peak", lang, f"{x:.0%}", f"{y:.0%}"), (x, y),
                xytext=(-10, 12), textcoords="offset points", ha="right")
    low = min(0.0, float(curve["share_of_profit"].min()))
    # headroom for the peak's label above the curve
    ax.set(xlabel=tr("customers by profit", lang), ylabel=tr("share of total profit", lang),
           xlim=(0, 1), ylim=(low, y + 0.2 * (y - low)),
           title=term("whale curve", lang).capitalize() if lang == "en" else term("whale curve", lang))
    percent_axes(ax)
    ax.legend(loc="lower right")
    use_language_font([ax], lang)
    return ax
