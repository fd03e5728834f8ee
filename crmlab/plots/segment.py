"""Charts of lesson 04: RFM grid, segment profiles, customer pyramid, whale curve."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ..segment import CustomerPyramid, WhaleCurve, segment_profile, whale_curve
from ._base import current_axes

__all__ = ["rfm_heatmap", "segment_profile_plot", "pyramid_plot", "whale_curve_plot"]


def _annotated_grid(ax, grid: pd.DataFrame, fmt: str, cmap: str, *, center: bool = False,
                    label: str = ""):
    """Draw ``grid`` as a heat map with each cell's number written in it."""
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
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    ax.figure.colorbar(image, ax=ax, label=label)
    return ax


def rfm_heatmap(scores: pd.DataFrame, *, value: str | None = None, ax=None):
    """Customers on the recency × frequency grid of RFM scores.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`crmlab.segment.rfm_scores` (``r_score``, ``f_score``).
    value : str, optional
        A numeric column to average per cell, e.g. ``"monetary"``; None counts
        customers.
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
    top = int(max(scores["r_score"].max(), scores["f_score"].max()))
    levels = range(1, top + 1)
    if value is None:
        grid = pd.crosstab(scores["r_score"], scores["f_score"])
        fmt, label = ".0f", "customers"
    else:
        grid = scores.pivot_table(index="r_score", columns="f_score", values=value, aggfunc="mean")
        fmt, label = ",.3g", f"mean {value.replace('_', ' ')}"
    grid = grid.reindex(index=levels[::-1], columns=levels)
    if value is None:
        grid = grid.fillna(0).astype(int)
    ax = current_axes(ax)
    _annotated_grid(ax, grid, fmt, "Blues", label=label)
    ax.set(xlabel="frequency score (5 = most orders)", ylabel="recency score (5 = most recent)",
           title="RFM grid: " + label)
    return ax


def segment_profile_plot(data: pd.DataFrame, labels, features, *, ax=None):
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
    profile = segment_profile(data, labels, features, revenue=None, profit=None,
                              standardize=True).drop(index="all")
    features = [features] if isinstance(features, str) else list(features)
    grid = profile[features]
    grid.index = [f"{s} (n={n})" for s, n in zip(profile.index, profile["customers"])]
    grid.columns = [c.replace("_", " ") for c in grid.columns]
    ax = current_axes(ax)
    _annotated_grid(ax, grid, "+.2f", "RdBu_r", center=True,
                    label="segment mean − overall mean (SD)")
    ax.tick_params(axis="x", labelrotation=45)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.set(xlabel="", ylabel="segment", title="Segment profiles (standardised means)")
    return ax


def pyramid_plot(pyramid: CustomerPyramid, *, share: str = "profit", ax=None):
    """The customer pyramid: one band per tier, as wide as its share of customers.

    Parameters
    ----------
    pyramid : CustomerPyramid
        Output of :func:`crmlab.segment.customer_pyramid`.
    share : {"profit", "revenue"}, default="profit"
        Which share each band is labelled with, beside its share of customers.
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
    column = f"share_{share}"
    if column not in pyramid.table.columns:
        raise ValueError(f"pyramid_plot: this pyramid has no {column!r}; build it with "
                         f"{share}= set to a column")
    table = pyramid.table
    colors = {"platinum": "#8e9aa6", "gold": "#d4a017", "iron": "#6b6b6b", "lead": "#3d4a57"}
    ax = current_axes(ax)
    n = len(table)
    widest = float(table["share_customers"].max())
    for level, (name, row) in enumerate(table.iterrows()):
        y = n - 1 - level  # top tier at the top
        width = row["share_customers"] / widest
        ax.barh(y, width, left=-width / 2, height=0.9,
                color=colors.get(str(name), f"C{level}"), edgecolor="white")
        ax.text(0.55, y, f"{name}: {row['share_customers']:.0%} of customers, "
                         f"{row[column]:.0%} of {share}", ha="left", va="center", fontsize=9)
    ax.set_yticks(range(n), [str(t) for t in table.index[::-1]])
    ax.set_xlim(-0.55, 1.9)
    ax.set_xticks([])
    ax.set(title=f"Customer pyramid by {pyramid.value.replace('_', ' ')}",
           xlabel="band width: share of customers in the tier")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def whale_curve_plot(profit, *, ax=None):
    """The whale curve: cumulative share of total profit, most profitable customers first.

    Parameters
    ----------
    profit : Series or WhaleCurve
        Profit per customer, or the result of :func:`crmlab.segment.whale_curve`.
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
    whale = profit if isinstance(profit, WhaleCurve) else whale_curve(profit)
    curve = whale.curve
    ax = current_axes(ax)
    ax.plot(curve["share_of_customers"], curve["share_of_profit"], color="C0",
            label="cumulative share of total profit")
    ax.axhline(1.0, color="grey", linestyle=":", label="100% of total profit")
    x, y = whale.peak_share_of_customers, whale.peak_share_of_profit
    ax.scatter([x], [y], color="C3", zorder=3)
    ax.annotate(f"peak: top {x:.0%} make {y:.0%} of profit", (x, y),
                xytext=(-10, 12), textcoords="offset points", ha="right")
    low = min(0.0, float(curve["share_of_profit"].min()))
    ax.set(xlabel="cumulative share of customers (most profitable first)",
           ylabel="cumulative share of total profit", xlim=(0, 1), ylim=(low, y * 1.12),
           title="Whale curve")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="lower right")
    return ax
