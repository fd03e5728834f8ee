"""Charts of lesson 02 (satisfaction): importance-performance, gaps, path diagram, Kano."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ._base import current_axes

__all__ = ["ipa_plot", "gap_plot", "path_diagram", "kano_plot"]

_QUADRANT_CORNERS = {  # (x, y) in axes fractions, alignment
    "concentrate here": (0.02, 0.98, "left", "top"),
    "keep up the good work": (0.98, 0.98, "right", "top"),
    "low priority": (0.02, 0.02, "left", "bottom"),
    "possible overkill": (0.98, 0.02, "right", "bottom"),
}


def ipa_plot(table: pd.DataFrame, *, ax=None, xlabel: str = "performance (mean rating)",
             ylabel: str = "importance", annotate_quadrants: bool = True):
    """Importance-performance matrix: attributes, the centre lines and the four quadrants.

    Parameters
    ----------
    table : DataFrame
        A result of :func:`crmlab.satisfaction.ipa`: indexed by attribute, with columns
        ``importance`` and ``performance``; the cross-hairs come from
        ``table.attrs["centre"]`` (else the means).
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    xlabel, ylabel : str
        Axis labels; say the unit (a 1-7 rating, a share of R²).
    annotate_quadrants : bool, default=True
        Write the quadrant names in the corners.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Martilla & James (1977). Performance on the x axis, importance on the y axis: top left
    *concentrate here*, top right *keep up the good work*, bottom left *low priority*,
    bottom right *possible overkill*.

    Examples
    --------
    >>> from crmlab.satisfaction import ipa
    >>> survey = pd.DataFrame({"importance_a": [7, 6], "importance_b": [3, 4],
    ...                        "perceived_a": [3, 4], "perceived_b": [6, 6]})
    >>> ax = ipa_plot(ipa(survey, ["importance_a", "importance_b"], ["perceived_a", "perceived_b"]))
    """
    check_numeric(table, ["importance", "performance"], "ipa_plot", "table")
    if table.empty:
        raise ValueError("ipa_plot: table has no attributes to plot")
    ic, pc = table.attrs.get("centre", (table["importance"].mean(), table["performance"].mean()))
    ax = current_axes(ax)
    ax.scatter(table["performance"], table["importance"], color="C0", zorder=3)
    for name, row in table.iterrows():
        ax.annotate(str(name), (row["performance"], row["importance"]), xytext=(5, 5),
                    textcoords="offset points")
    ax.axvline(pc, color="grey", linestyle="--", linewidth=1)
    ax.axhline(ic, color="grey", linestyle="--", linewidth=1)
    for axis, centre, values in ((ax.set_xlim, pc, table["performance"]),
                                 (ax.set_ylim, ic, table["importance"])):
        half = max(float(np.abs(values - centre).max()), 1e-9) * 1.4
        axis(centre - half, centre + half)
    if annotate_quadrants:
        for label, (x, y, ha, va) in _QUADRANT_CORNERS.items():
            ax.text(x, y, label, transform=ax.transAxes, ha=ha, va=va, color="grey",
                    fontsize="small", style="italic")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    return ax


def gap_plot(table: pd.DataFrame, *, ax=None, xlabel: str = "gap: perceived − expected (scale points)"):
    """Mean gap per attribute with its confidence interval.

    Parameters
    ----------
    table : DataFrame
        A result of :func:`crmlab.satisfaction.gap_scores`: indexed by attribute, with
        ``gap`` and, for the error bars, ``ci_low`` and ``ci_high``.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    xlabel : str
        Label of the gap axis.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Bars are red where the whole interval is below zero (performance short of expectation),
    green where it is above, grey where it contains zero.

    Examples
    --------
    >>> from crmlab.satisfaction import gap_scores
    >>> survey = pd.DataFrame({"perceived_a": [4, 5, 3], "expected_a": [5, 6, 5]})
    >>> ax = gap_plot(gap_scores(survey, "perceived_a", "expected_a"))
    """
    check_numeric(table, ["gap"], "gap_plot", "table")
    check_numeric(table, [c for c in ("ci_low", "ci_high") if c in table.columns], "gap_plot",
                  "table", missing=True)
    if table.empty:
        raise ValueError("gap_plot: table has no attributes to plot")
    ax = current_axes(ax)
    y = np.arange(len(table))
    gap = table["gap"].to_numpy(float)
    if {"ci_low", "ci_high"} <= set(table.columns):
        low, high = table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float)
        colors = np.where(high < 0, "C3", np.where(low > 0, "C2", "grey"))
        ax.barh(y, gap, color=colors)
        ax.errorbar(gap, y, xerr=[gap - low, high - gap], fmt="none", ecolor="black", capsize=4)
    else:
        ax.barh(y, gap, color=np.where(gap < 0, "C3", "C2"))
    ax.axvline(0, color="black", linewidth=1)
    low, high = ax.get_xlim()
    pad = 0.05 * (high - low)
    ax.set_xlim(min(low, -pad), max(high, pad))  # keep the zero line off the frame
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set(xlabel=xlabel)
    return ax


def _layers(names, edges):
    layer = {n: 0 for n in names}
    for _ in names:  # longest path from a source; the model is acyclic
        for s, t in edges:
            layer[t] = max(layer[t], layer[s] + 1)
    return layer


def _border(c, d, w, h):
    """Point where the segment from box centre c towards d leaves a w × h box."""
    dx, dy = d[0] - c[0], d[1] - c[1]
    scale = min(w / 2 / abs(dx) if dx else np.inf, h / 2 / abs(dy) if dy else np.inf)
    return c[0] + dx * scale, c[1] + dy * scale


def path_diagram(result, *, ax=None, truth: pd.DataFrame | None = None, positions: dict | None = None,
                 box=(1.5, 0.45), digits: int = 2):
    """The structural model as boxes and arrows with path coefficients (matplotlib only).

    Parameters
    ----------
    result : PathModelResult or DataFrame
        A fit of :func:`crmlab.satisfaction.fit_path_model`, or a table with ``source``,
        ``target`` and ``estimate``. With a fit, endogenous boxes show their R².
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    truth : DataFrame, optional
        ``source``, ``target``, ``true`` (:func:`crmlab.satisfaction.true_paths`); each
        label then reads "estimate (true value)".
    positions : dict of str to (x, y), optional
        Box centres; by default constructs are placed left to right by causal depth.
    box : (width, height), default=(1.5, 0.45)
        Box size in data units.
    digits : int, default=2
        Decimals of the labels.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A coefficient whose bootstrap interval excludes zero is marked with ``*``; arrows are
    drawn thicker for larger absolute coefficients and dashed for negative ones.

    Examples
    --------
    >>> paths = pd.DataFrame({"source": ["quality", "satisfaction"],
    ...                       "target": ["satisfaction", "loyalty"], "estimate": [0.6, 0.5]})
    >>> ax = path_diagram(paths)
    """
    paths = result if isinstance(result, pd.DataFrame) else getattr(result, "paths", None)
    check_frame(paths, "path_diagram", "result")
    check_columns(paths, ["source", "target", "estimate"], "path_diagram", "result")
    r2 = getattr(result, "r2", pd.Series(dtype=float))
    edges = list(zip(paths["source"], paths["target"]))
    names = list(dict.fromkeys([n for e in edges for n in e]))
    if positions is None:
        layer = _layers(names, edges)
        positions = {}
        for k in sorted(set(layer.values())):
            members = [n for n in names if layer[n] == k]
            # a lone construct is nudged off the centre line so that arrows skipping its
            # layer do not run through its box
            shift = 0.0 if len(members) > 1 else (0.6 if k % 2 == 0 else -0.6)
            for i, n in enumerate(members):
                positions[n] = (2.6 * k, (len(members) - 1) / 2 - i + shift)
    missing = [n for n in names if n not in positions]
    if missing:
        raise ValueError(f"path_diagram: positions has no place for {missing}")
    true = {} if truth is None else {(s, t): v for s, t, v in
                                     zip(truth["source"], truth["target"], truth["true"])}
    ax = current_axes(ax)
    w, h = box
    for n in names:
        x, y = positions[n]
        label = n.replace("_", " ") + (f"\nR² = {r2[n]:.2f}" if n in r2.index else "")
        ax.text(x, y, label, ha="center", va="center", fontsize="small",
                bbox=dict(boxstyle="round,pad=0.3", facecolor="#e8f0fa", edgecolor="C0"))
    big = max(float(paths["estimate"].abs().max()), 1e-9)
    for _, row in paths.iterrows():
        s, t = positions[row["source"]], positions[row["target"]]
        start, end = _border(s, t, w, h), _border(t, s, w, h)
        est = float(row["estimate"])
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(
            arrowstyle="-|>", color="C3" if est < 0 else "C0", linestyle="--" if est < 0 else "-",
            linewidth=0.8 + 2.5 * abs(est) / big, shrinkA=0, shrinkB=0))
        star = "*" if "ci_low" in row and (row["ci_low"] > 0 or row["ci_high"] < 0) else ""
        text = f"{est:.{digits}f}{star}"
        key = (row["source"], row["target"])
        if key in true and pd.notna(true[key]):
            text += f" ({true[key]:.{digits}f})"
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, text, ha="center", va="center",
                fontsize="x-small", bbox=dict(boxstyle="round,pad=0.1", facecolor="white",
                                              edgecolor="none", alpha=0.8))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - w, max(xs) + w)
    ax.set_ylim(min(ys) - 1.2 * h, max(ys) + 1.2 * h)
    ax.set_axis_off()
    return ax


_KANO_QUADRANTS = {  # (x, y) in axes fractions, alignment; x = |Worse|, y = Better
    "A": (0.02, 0.98, "left", "top"),
    "O": (0.98, 0.98, "right", "top"),
    "I": (0.02, 0.02, "left", "bottom"),
    "M": (0.98, 0.02, "right", "bottom"),
}
_KANO_NAMES = {
    "en": {"A": "attractive (A)", "O": "one-dimensional (O)", "M": "must-be (M)",
           "I": "indifferent (I)", "x": "|Worse|: dissatisfaction when absent",
           "y": "Better: satisfaction when present"},
    "zh": {"A": "魅力属性 (A)", "O": "期望属性 (O)", "M": "必备属性 (M)", "I": "无差异属性 (I)",
           "x": "|Worse|: 不具备时的不满意影响", "y": "Better: 具备时的满意影响"},
}


def _place_labels(ax, names, xs, ys, obstacles):
    """Annotate each point with its name where the text overlaps no other label, point or
    quadrant name: the first free place among offsets right, left, above and below."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = ax.transData.transform(np.column_stack([xs, ys]))
    taken = [Text.get_window_extent(t, renderer) for t in obstacles]
    taken += [Bbox.from_extents(px - 4, py - 4, px + 4, py + 4) for px, py in points]
    steps = [0] + [s * k for k in range(1, 25) for s in (1, -1)]
    candidates = [(dx, 2 + 11 * k, ha) for k in steps for dx, ha in ((6, "left"), (-6, "right"))]
    labels = []
    for name, x, y in zip(names, xs, ys):
        label = ax.annotate(str(name), (x, y), xytext=(6, 2), textcoords="offset points",
                            fontsize="small", va="bottom",
                            arrowprops=dict(arrowstyle="-", color="grey", lw=0.5))
        for dx, dy, ha in candidates:
            label.set_horizontalalignment(ha)
            label.xyann = (dx, dy)
            label.update_positions(renderer)
            box = Text.get_window_extent(label, renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 \
                and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in taken):
                break
        taken.append(box)
        labels.append(label)
    return labels


def kano_plot(table: pd.DataFrame, *, ax=None, centre=(0.5, 0.5), language: str = "en"):
    """Better-Worse diagram of the Kano model: attributes placed by their satisfaction coefficients.

    Parameters
    ----------
    table : DataFrame
        A result of :func:`crmlab.satisfaction.kano_table`: indexed by attribute, with
        ``better`` (0 to 1) and ``worse`` (-1 to 0).
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    centre : (float, float) or "mean", default=(0.5, 0.5)
        Where the quadrant lines cross, as (``|Worse|``, Better); ``"mean"`` uses the means
        of the attributes, as many theses do.
    language : {"en", "zh"}, default="en"
        Language of the axis titles and quadrant names (Chinese needs a CJK font).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Berger et al. (1993, after Timko): ``|Worse|`` on the x axis, Better on the y axis. Top
    left *attractive* (魅力), top right *one-dimensional* (期望), bottom right *must-be*
    (必备), bottom left *indifferent* (无差异). Labels of nearby attributes are moved
    apart so that they do not overlap.

    Examples
    --------
    >>> table = pd.DataFrame({"better": [0.8, 0.3], "worse": [-0.2, -0.7]},
    ...                      index=["remote diagnosis", "on-time delivery"])
    >>> ax = kano_plot(table)
    """
    check_columns(table, ["better", "worse"], "kano_plot", "table")
    if table.empty:
        raise ValueError("kano_plot: table has no attributes to plot")
    if language not in _KANO_NAMES:
        raise ValueError(f"kano_plot: language must be one of {list(_KANO_NAMES)}; got {language!r}")
    better = table["better"].to_numpy(float)
    worse = np.abs(table["worse"].to_numpy(float))
    if not (np.isfinite(better).all() and np.isfinite(worse).all()):
        raise ValueError("kano_plot: better and worse must be finite numbers; an attribute has "
                         "none (no respondent classified A, O, M or I)")
    if (better < 0).any() or (better > 1).any() or (worse > 1).any():
        raise ValueError("kano_plot: better must be in [0, 1] and worse in [-1, 0] (Berger et "
                         "al. 1993); pass the table of kano_table")
    if isinstance(centre, str):
        if centre != "mean":
            raise ValueError(f"kano_plot: centre must be (x, y) or 'mean'; got {centre!r}")
        cx, cy = float(worse.mean()), float(better.mean())
    else:
        cx, cy = (float(v) for v in centre)
    names = _KANO_NAMES[language]
    ax = current_axes(ax)
    ax.scatter(worse, better, color="C0", zorder=3)
    ax.axvline(cx, color="grey", linestyle="--", linewidth=1)
    ax.axhline(cy, color="grey", linestyle="--", linewidth=1)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=names["x"], ylabel=names["y"])
    quadrants = [ax.text(x, y, names[key], transform=ax.transAxes, ha=ha, va=va, color="grey",
                         fontsize="small", style="italic")
                 for key, (x, y, ha, va) in _KANO_QUADRANTS.items()]
    _place_labels(ax, table.index, worse, better, quadrants)
    return ax
