"""Charts of lesson 02 (satisfaction): importance-performance, gaps, path diagram, Kano."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ._base import (BAD, GOOD, GREY, MAIN, current_axes, place_point_labels, place_text,
                    resolve_language, text_box, use_language_font)
from ._labels import term, tr

__all__ = ["ipa_plot", "gap_plot", "path_diagram", "kano_plot"]

_QUADRANT_CORNERS = {  # (x, y) in axes fractions, alignment
    "concentrate here": (0.02, 0.98, "left", "top"),
    "keep up the good work": (0.98, 0.98, "right", "top"),
    "low priority": (0.02, 0.02, "left", "bottom"),
    "possible overkill": (0.98, 0.02, "right", "bottom"),
}


def ipa_plot(table: pd.DataFrame, *, ax=None, xlabel: str | None = None,
             ylabel: str | None = None, annotate_quadrants: bool = True,
             language: str | None = None):
    """Importance-performance matrix: attributes, the centre lines and the four quadrants.

    Parameters
    ----------
    table : DataFrame
        A result of :func:`crmlab.satisfaction.ipa`: indexed by attribute, with columns
        ``importance`` and ``performance``; the cross-hairs come from
        ``table.attrs["centre"]`` (else the means).
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    xlabel, ylabel : str, optional
        Axis labels; say the unit (a 1-7 rating, a share of R²). By default
        "performance (mean rating)" and "importance", in ``language``.
    annotate_quadrants : bool, default=True
        Write the quadrant names in the corners.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.

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
    lang = resolve_language(language, "ipa_plot")
    ic, pc = table.attrs.get("centre", (table["importance"].mean(), table["performance"].mean()))
    ax = current_axes(ax)
    ax.scatter(table["performance"], table["importance"], color=MAIN, zorder=3)
    ax.axvline(pc, color=GREY, linestyle="--", linewidth=1)
    ax.axhline(ic, color=GREY, linestyle="--", linewidth=1)
    for axis, centre, values in ((ax.set_xlim, pc, table["performance"]),
                                 (ax.set_ylim, ic, table["importance"])):
        half = max(float(np.abs(values - centre).max()), 1e-9) * 1.4
        axis(centre - half, centre + half)
    quadrants = []
    if annotate_quadrants:
        quadrants = [ax.text(x, y, tr(label, lang), transform=ax.transAxes, ha=ha, va=va,
                             color=GREY, fontsize="small", style="italic")
                     for label, (x, y, ha, va) in _QUADRANT_CORNERS.items()]
    ax.set(xlabel=tr("performance", lang) if xlabel is None else xlabel,
           ylabel=tr("importance", lang) if ylabel is None else ylabel)
    use_language_font([ax], lang)  # before placing: the font sets the labels' size
    # attribute names where they overlap no other name, point or quadrant name
    place_point_labels(ax, [term(n, lang) for n in table.index], table["performance"].to_numpy(float),
                       table["importance"].to_numpy(float), quadrants, fontsize="medium",
                       language=lang)
    use_language_font([ax], lang)
    return ax


def gap_plot(table: pd.DataFrame, *, ax=None, xlabel: str | None = None,
             language: str | None = None):
    """Mean gap per attribute with its confidence interval.

    Parameters
    ----------
    table : DataFrame
        A result of :func:`crmlab.satisfaction.gap_scores`: indexed by attribute, with
        ``gap`` and, for the error bars, ``ci_low`` and ``ci_high``.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    xlabel : str, optional
        Label of the gap axis; by default "gap: perceived − expected (scale points)".
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.

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
    lang = resolve_language(language, "gap_plot")
    ax = current_axes(ax)
    y = np.arange(len(table))
    gap = table["gap"].to_numpy(float)
    if {"ci_low", "ci_high"} <= set(table.columns):
        low, high = table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float)
        colors = np.where(high < 0, BAD, np.where(low > 0, GOOD, GREY))
        ax.barh(y, gap, color=colors)
        ax.errorbar(gap, y, xerr=[gap - low, high - gap], fmt="none", ecolor="black", capsize=4)
    else:
        ax.barh(y, gap, color=np.where(gap < 0, BAD, GOOD))
    ax.axvline(0, color="black", linewidth=1)
    low, high = ax.get_xlim()
    pad = 0.05 * (high - low)
    ax.set_xlim(min(low, -pad), max(high, pad))  # keep the zero line off the frame
    ax.set_yticks(y, [term(i, lang) for i in table.index])
    ax.invert_yaxis()
    ax.set(xlabel=tr("gap", lang) if xlabel is None else xlabel, ylabel=tr("attribute", lang))
    use_language_font([ax], lang)
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
                 box=(1.5, 0.45), digits: int = 2, language: str | None = None):
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
        Smallest box size in data units; a box is larger when its text needs it.
    digits : int, default=2
        Decimals of the labels.
    language : {"en", "zh"}, optional
        Language of the construct names; by default the one set with :func:`set_language`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A coefficient whose bootstrap interval excludes zero is marked with ``*``; arrows are
    drawn thicker for larger absolute coefficients and dashed for negative ones. Each
    coefficient sits on its arrow at the first place, from the middle outwards, where it
    covers no box and no other coefficient.

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
    lang = resolve_language(language, "path_diagram")
    ax = current_axes(ax)
    w, h = box
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - w, max(xs) + w)
    ax.set_ylim(min(ys) - 1.2 * h, max(ys) + 1.2 * h)
    ax.set_axis_off()
    boxes = {}
    for n in names:
        x, y = positions[n]
        label = term(n, lang) + (f"\nR² = {r2[n]:.2f}" if n in r2.index else "")
        boxes[n] = ax.text(x, y, label, ha="center", va="center", fontsize="small", zorder=5,
                           bbox=dict(boxstyle="round,pad=0.3", facecolor="#e8f0fa",
                                     edgecolor=MAIN))  # above arrows that pass behind it
    use_language_font([ax], lang)  # before measuring: the font sets the boxes' size
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()

    def extents():
        """Each box's extent in pixels, its rounded frame included."""
        return {n: text_box(t, renderer).padded(0.3 * t.get_fontsize() * ax.figure.dpi / 72)
                for n, t in boxes.items()}

    # in a small figure the boxes' text shrinks (down to 5 points) until the boxes are at
    # least one and a half letters apart, room for an arrow between them
    fontsize = boxes[names[0]].get_fontsize()
    taken = extents()
    while fontsize > 5 and any(
            a.padded(0.75 * fontsize * ax.figure.dpi / 72).overlaps(b)
            for i, a in enumerate(taken.values()) for b in list(taken.values())[i + 1:]):
        fontsize -= 0.5
        for t in boxes.values():
            t.set_fontsize(fontsize)
        taken = extents()
    size = {}
    for n, extent in taken.items():
        (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
        size[n] = (max(w, x1 - x0), max(h, y1 - y0))  # arrows start and end on the real border
    taken = list(taken.values())
    big = max(float(paths["estimate"].abs().max()), 1e-9)
    # places along an arrow, as a fraction of its length, from the middle outwards, on the
    # arrow first, then beside it (offsets across the arrow, in label heights)
    fractions = [0.5] + [0.5 + s * d for d in (0.1, 0.2, 0.3, 0.35) for s in (-1, 1)]
    candidates = [(f, k) for k in (0, 1, -1, 2, -2, 3, -3) for f in fractions]
    to_pixels = ax.transData.transform

    def along(text, candidate):
        (x0, y0), (x1, y1), (f, k) = candidate
        px, py = to_pixels((x0 + f * (x1 - x0), y0 + f * (y1 - y0)))
        dx, dy = to_pixels((x1, y1)) - to_pixels((x0, y0))
        norm = np.hypot(dx, dy) or 1.0
        shift = k * 1.2 * text.get_fontsize() * ax.figure.dpi / 72
        text.set_position(to_data.transform((px - dy / norm * shift, py + dx / norm * shift)))

    for _, row in paths.iterrows():
        s, t = positions[row["source"]], positions[row["target"]]
        start, end = _border(s, t, *size[row["source"]]), _border(t, s, *size[row["target"]])
        est = float(row["estimate"])
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(
            arrowstyle="-|>", color=BAD if est < 0 else MAIN, linestyle="--" if est < 0 else "-",
            linewidth=0.8 + 2.5 * abs(est) / big, shrinkA=0, shrinkB=0))
        star = "*" if "ci_low" in row and (row["ci_low"] > 0 or row["ci_high"] < 0) else ""
        text = f"{est:.{digits}f}{star}"
        key = (row["source"], row["target"])
        if key in true and pd.notna(true[key]):
            text += f" ({true[key]:.{digits}f})"
        label = ax.text(*start, text, ha="center", va="center", fontsize=0.83 * fontsize, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none",
                                  alpha=0.8))
        place_text(label, [(start, end, c) for c in candidates], taken, renderer,
                   ax.get_window_extent(renderer), set_position=along)
    use_language_font([ax], lang)
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


def kano_plot(table: pd.DataFrame, *, ax=None, centre=(0.5, 0.5), language: str | None = None):
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
    language : {"en", "zh"}, optional
        Language of the axis titles and quadrant names; by default the one set with
        :func:`set_language` (Chinese uses a CJK font when one is installed).

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
    language = resolve_language(language, "kano_plot")
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
    ax.scatter(worse, better, color=MAIN, zorder=3)
    ax.axvline(cx, color=GREY, linestyle="--", linewidth=1)
    ax.axhline(cy, color=GREY, linestyle="--", linewidth=1)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=names["x"], ylabel=names["y"])
    quadrants = [ax.text(x, y, names[key], transform=ax.transAxes, ha=ha, va=va, color=GREY,
                         fontsize="small", style="italic")
                 for key, (x, y, ha, va) in _KANO_QUADRANTS.items()]
    use_language_font([ax], language)  # before placing: the font sets the labels' size
    place_point_labels(ax, [term(n, language) for n in table.index], worse, better, quadrants,
                       language=language)
    use_language_font([ax], language)
    return ax


# --------------------------------------------------------------------------------------------
# PROCESS models 7 and 14: conditional effects and the Johnson-Neyman region
# --------------------------------------------------------------------------------------------
_PROCESS_WORDS = {
    "en": {"slope": "conditional effect of {} on {}", "indirect": "conditional indirect effect of "
           "{} on {} via {}", "band": "{:.0%} confidence band", "boot": "{:.0%} bootstrap CI",
           "jn": "Johnson-Neyman boundary", "significant": "significant (p < {:.2g})",
           "moderator": "moderator {}"},
    "zh": {"slope": "{}对{}的条件效应", "indirect": "{}经{}对{}的条件间接效应",
           "band": "{:.0%}置信带", "boot": "{:.0%} Bootstrap置信区间", "jn": "Johnson-Neyman临界点",
           "significant": "显著区域 (p < {:.2g})", "moderator": "调节变量 {}"},
}


def conditional_effect_plot(result, *, mediator: str | None = None, what: str = "slope",
                            ax=None, language: str | None = None):
    """Conditional effect across the moderator: the Johnson-Neyman plot of a PROCESS model.

    Parameters
    ----------
    result : ProcessResult
        A model 7 or 14 fit of :func:`crmlab.satisfaction.process`.
    mediator : str, optional
        Which mediator's path; the first by default.
    what : {"slope", "indirect"}, default="slope"
        ``"slope"``: the moderated path's slope (X → M in model 7, M → Y in model 14) over
        W's observed range with its confidence band, the region where it is significant
        shaded and the Johnson-Neyman boundaries marked. ``"indirect"``: the conditional
        indirect effect as a line over W, with the bootstrap intervals at the probed values.
    ax : matplotlib Axes, optional
        Axes to draw in; the current Axes by default.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Johnson & Neyman (1936); Hayes (2022), §7.4 and §12.2.

    Examples
    --------
    >>> from crmlab.satisfaction import process
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"x": rng.normal(size=200), "w": rng.normal(size=200)})
    >>> d["m"] = 0.4 * d.x + 0.3 * d.x * d.w + rng.normal(size=200)
    >>> d["y"] = 0.5 * d.m + rng.normal(size=200)
    >>> ax = conditional_effect_plot(process(d, "x", "y", "m", "w", model=7, boot=200, seed=1))
    """
    func = "conditional_effect_plot"
    from ..satisfaction import ProcessResult
    if not isinstance(result, ProcessResult):
        raise TypeError(f"{func}: result must be a ProcessResult of crmlab.satisfaction.process; "
                        f"got {type(result).__name__}")
    if result.model == 4:
        raise ValueError(f"{func}: result must be a model 7 or 14 fit (a moderator); got model 4")
    if mediator is None:
        mediator = result.m[0]
    if mediator not in result.m:
        raise ValueError(f"{func}: mediator must be one of {list(result.m)}; got {mediator!r}")
    if what not in ("slope", "indirect"):
        raise ValueError(f"{func}: what must be 'slope' or 'indirect'; got {what!r}")
    lang = resolve_language(language, func)
    words = _PROCESS_WORDS[lang]
    jn = result.johnson_neyman[result.johnson_neyman["mediator"] == mediator]
    lo, hi = float(jn["w_from"].min()), float(jn["w_to"].max())
    grid = np.linspace(lo, hi, 201)
    ax = current_axes(ax)
    s = result.slopes_at(grid)
    s = s[s["mediator"] == mediator]
    path = s["path"].iloc[0].split(" → ")
    if what == "slope":
        ax.plot(grid, s["slope"], color=MAIN)
        ax.fill_between(grid, s["ci_low"], s["ci_high"], color=MAIN, alpha=0.2,
                        label=words["band"].format(result.conf))
        first = True
        for _, r in jn[jn["significant"]].iterrows():
            ax.axvspan(r["w_from"], r["w_to"], color=GOOD, alpha=0.08,
                       label=words["significant"].format(1 - result.conf) if first else None)
            first = False
        for k, b in enumerate(jn["w_to"].iloc[:-1]):
            ax.axvline(b, color=BAD, linestyle="--", linewidth=1, label=words["jn"] if k == 0 else None)
        ylabel = words["slope"].format(term(path[0], lang), term(path[1], lang))
    else:
        ind = result.indirect[result.indirect["mediator"] == mediator]
        eq = result.equations.set_index(["outcome", "term"])["coef"]
        other = eq[(result.y, mediator)] if result.model == 7 else eq[(mediator, result.x)]
        ax.plot(grid, s["slope"] * other, color=MAIN)
        ax.errorbar(ind["w"], ind["estimate"], yerr=[ind["estimate"] - ind["ci_low"],
                                                      ind["ci_high"] - ind["estimate"]],
                    fmt="o", color=MAIN, capsize=4, label=words["boot"].format(result.conf))
        x, m, y = term(result.x, lang), term(mediator, lang), term(result.y, lang)
        ylabel = words["indirect"].format(*((x, y, m) if lang == "en" else (x, m, y)))
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.set(xlim=(lo, hi), xlabel=words["moderator"].format(term(result.w, lang)), ylabel=ylabel)
    ax.legend(loc="best", fontsize="small")
    use_language_font([ax], lang)
    return ax


__all__ += ["conditional_effect_plot"]
