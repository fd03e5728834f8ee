"""Charts of lesson 05, the customer lifecycle: retention, survival, hazards, gains, migration,
and the fit of lifetime-value models (contract retention, hold-out calibration, the
frequency-recency matrix, tracking of repeat purchases)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ._base import (GREY, HIGHLIGHT, MAIN, SEQUENTIAL, current_axes, percent_axes, resolve_language,
                    series_color, use_language_font)
from ._labels import term, tr

__all__ = ["retention_heatmap", "survival_plot", "hazard_ratio_plot", "gains_chart",
           "migration_heatmap", "contract_retention_plot", "calibration_plot",
           "frequency_recency_heatmap", "tracking_plot"]


def _heatmap(table: pd.DataFrame, ax, *, fmt: str, cmap: str, vmin=None, vmax=None,
             label: str = "", language: str = "en"):
    """A labelled heatmap of a numeric table, NaN cells left blank; returns the colour bar.

    The cell numbers shrink to fit their cells (down to 4 points), so that neighbours do
    not run into each other."""
    values = table.to_numpy(dtype=float)
    ax = current_axes(ax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=vmin, vmax=vmax,
                      aspect="auto")
    ax.set_xticks(range(table.shape[1]), [term(c, language) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), [term(i, language) for i in table.index])
    bar = ax.figure.colorbar(image, ax=ax, label=label)
    lo, hi = np.nanmin(values), np.nanmax(values)
    texts = [format(v, fmt) for v in values.ravel() if np.isfinite(v)]
    # cell width in points, after the colour bar took its room
    width = ax.get_window_extent().width / max(table.shape[1], 1) * 72 / ax.figure.dpi
    height = ax.get_window_extent().height / max(table.shape[0], 1) * 72 / ax.figure.dpi
    longest = max((len(t) for t in texts), default=1)
    size = max(4.0, min(8.0, 0.85 * width / (0.62 * longest), 0.8 * height))  # digits ~0.62 em
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            light = hi > lo and (v - lo) / (hi - lo) > 0.6
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=size,
                    color="white" if light else "black")
    return bar


def _share_table(table, func: str, arg: str) -> pd.DataFrame:
    """A table of shares in [0, 1]: numeric, not empty, missing cells allowed but not all."""
    check_frame(table, func, arg)
    if table.empty:
        raise ValueError(f"{func}: {arg} must have rows and columns; got an empty table")
    text = [str(c) for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])
            or pd.api.types.is_bool_dtype(table[c])]
    if text:
        raise TypeError(f"{func}: {arg} must hold shares (numbers in [0, 1]); got non-numeric "
                        f"columns {text}")
    values = table.to_numpy(dtype=float)
    if not np.isfinite(values).any():
        raise ValueError(f"{func}: {arg} must have at least one share; got only missing values")
    outside = (values < 0) | (values > 1)
    if outside.any():
        raise ValueError(f"{func}: {arg} must hold shares in [0, 1]; got "
                         f"{values[outside][:3].tolist()}")
    return table


def retention_heatmap(cohorts, *, language: str | None = None, ax=None):
    """Cohort retention as a heatmap: cohorts down, periods since the first purchase across.

    Parameters
    ----------
    cohorts : CohortRetention or DataFrame
        The result of :func:`crmlab.lifecycle.cohort_retention`, or its ``rates`` table.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> rates = pd.DataFrame({0: [1.0, 1.0], 1: [0.8, np.nan]}, index=[2020, 2021])
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = retention_heatmap(rates, ax=ax)
    """
    rates = _share_table(getattr(cohorts, "rates", cohorts), "retention_heatmap", "cohorts")
    periods = list(rates.columns)
    if periods != list(range(len(periods))):
        raise ValueError(f"retention_heatmap: cohorts must have one column per period since the "
                         f"first purchase, 0, 1, 2, ...; got columns {list(map(str, periods))}")
    lang = resolve_language(language, "retention_heatmap")
    ax = current_axes(ax)
    bar = _heatmap(rates, ax, fmt=".0%", cmap=SEQUENTIAL, vmin=0, vmax=1,
                   label=tr("cohort buying", lang), language=lang)
    bar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set(xlabel=tr("periods since first", lang), ylabel=tr("cohort", lang),
           title=tr("cohort title", lang))
    use_language_font([ax, bar.ax], lang)
    return ax


def survival_plot(curves, *, bands: bool = True, language: str | None = None, ax=None):
    """Kaplan-Meier curves per group with their confidence bands and median lines.

    Parameters
    ----------
    curves : SurvivalCurves or DataFrame
        The result of :func:`crmlab.lifecycle.survival`, or its ``table`` (columns
        ``group``, ``time``, ``survival``, ``lower``, ``upper``).
    bands : bool, default=True
        Shade the pointwise confidence band.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> table = pd.DataFrame({"group": "all", "time": [1.0, 2.0], "survival": [0.9, 0.7],
    ...                       "lower": [0.8, 0.5], "upper": [0.95, 0.85]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = survival_plot(table, ax=ax)
    """
    table = getattr(curves, "table", curves)
    check_columns(table, ["group", "time", "survival", "lower", "upper"], "survival_plot", "curves")
    check_numeric(table, ["time", "survival"], "survival_plot", "curves")
    check_numeric(table, ["lower", "upper"], "survival_plot", "curves", missing=True)
    lang = resolve_language(language, "survival_plot")
    ax = current_axes(ax)
    for k, (name, g) in enumerate(table.groupby("group", sort=False)):
        t = np.r_[0.0, g["time"].to_numpy()]
        color = series_color(k)
        ax.step(t, np.r_[1.0, g["survival"]], where="post", color=color, label=term(name, lang))
        if bands:
            ax.fill_between(t, np.r_[1.0, g["lower"]], np.r_[1.0, g["upper"]], step="post",
                            color=color, alpha=0.15, linewidth=0)
    ax.axhline(0.5, color=GREY, linestyle=":", linewidth=1)
    ax.set(xlabel=tr("tenure", lang), ylabel=tr("still active", lang), ylim=(0, 1.02),
           xlim=(0, None), title=tr("km title", lang))
    percent_axes(ax, "y")
    ax.legend(loc="lower left", fontsize=8)
    use_language_font([ax], lang)
    return ax


def hazard_ratio_plot(hazard, *, truth=None, language: str | None = None, ax=None):
    """Forest plot of hazard ratios with their intervals, on a log scale, against the truth.

    Parameters
    ----------
    hazard : ChurnHazard or DataFrame
        The result of :func:`crmlab.lifecycle.fit_churn_hazard`, or a table with columns
        ``hazard_ratio``, ``lower``, ``upper`` indexed by term.
    truth : dict or Series, optional
        True hazard ratios by term, drawn as vermilion diamonds.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> hr = pd.DataFrame({"hazard_ratio": [0.6, 2.5], "lower": [0.5, 1.8], "upper": [0.7, 3.4]},
    ...                   index=["satisfaction", "competitor_offer"])
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = hazard_ratio_plot(hr, truth={"satisfaction": 0.61}, ax=ax)
    """
    from matplotlib.ticker import NullFormatter

    table = getattr(hazard, "hazard_ratios", hazard)
    check_numeric(table, ["hazard_ratio", "lower", "upper"], "hazard_ratio_plot", "hazard")
    lang = resolve_language(language, "hazard_ratio_plot")
    ax = current_axes(ax)
    y = np.arange(len(table))[::-1]
    hr = table["hazard_ratio"].to_numpy()
    ax.errorbar(hr, y, xerr=[hr - table["lower"], table["upper"] - hr], fmt="o", color=MAIN,
                capsize=3, label=tr("estimate interval", lang))
    if truth is not None:
        true = pd.Series(truth, dtype=float).reindex(table.index)
        ax.scatter(true, y, marker="D", color=HIGHLIGHT, zorder=3,
                   label=tr("true hazard ratio", lang))
    ax.axvline(1.0, color=GREY, linestyle=":")
    ax.set_xscale("log")
    low = np.nanmin(np.r_[table["lower"], hr]) / 1.2
    high = np.nanmax(np.r_[table["upper"], hr]) * 1.2
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if low <= t <= high]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.set(xlabel=tr("hazard ratio axis", lang), title=tr("hazard title", lang))
    ax.legend(loc="best", fontsize=8)
    use_language_font([ax], lang)
    return ax


def gains_chart(classifier, *, language: str | None = None, ax=None):
    """Cumulative gains: share of churners caught against share of customers contacted.

    Parameters
    ----------
    classifier : ChurnClassifier or DataFrame
        The result of :func:`crmlab.lifecycle.fit_churn_classifier`, or its ``gains``
        table (columns ``model``, ``share_contacted``, ``share_of_churners``).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> gains = pd.DataFrame({"model": "logistic", "share_contacted": [0.5, 1.0],
    ...                       "share_of_churners": [0.8, 1.0]})
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = gains_chart(gains, ax=ax)
    """
    gains = getattr(classifier, "gains", classifier)
    check_columns(gains, ["model", "share_contacted", "share_of_churners"], "gains_chart",
                  "classifier")
    lang = resolve_language(language, "gains_chart")
    ax = current_axes(ax)
    for k, (name, g) in enumerate(gains.groupby("model", sort=False)):
        ax.plot(np.r_[0.0, g["share_contacted"]], np.r_[0.0, g["share_of_churners"]], marker="o",
                markersize=3, color=series_color(k), label=term(name, lang))
    ax.plot([0, 1], [0, 1], color=GREY, linestyle=":", label=tr("random calls", lang))
    ax.set(xlabel=tr("called", lang), ylabel=tr("churners reached", lang), xlim=(0, 1),
           ylim=(0, 1.02), title=tr("gains title", lang))
    percent_axes(ax)
    ax.legend(loc="lower right", fontsize=8)
    use_language_font([ax], lang)
    return ax


def migration_heatmap(migration, *, language: str | None = None, ax=None):
    """The grade transition matrix as a heatmap: from grade (rows) to grade (columns).

    Parameters
    ----------
    migration : GradeMigration or DataFrame
        The result of :func:`crmlab.lifecycle.grade_migration`, or its ``matrix``.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> m = pd.DataFrame([[0.8, 0.2], [0.3, 0.7]], index=["A", "B"], columns=["A", "B"])
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = migration_heatmap(m, ax=ax)
    """
    matrix = _share_table(getattr(migration, "matrix", migration), "migration_heatmap",
                          "migration")
    if list(matrix.index) != list(matrix.columns):
        raise ValueError(f"migration_heatmap: migration must be a square matrix with the same "
                         f"grades as rows (from) and columns (to); got rows "
                         f"{list(map(str, matrix.index))} and columns "
                         f"{list(map(str, matrix.columns))}")
    lang = resolve_language(language, "migration_heatmap")
    ax = current_axes(ax)
    bar = _heatmap(matrix, ax, fmt=".0%", cmap=SEQUENTIAL, vmin=0, vmax=1,
                   label=tr("probability of moving", lang), language=lang)
    bar.ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set(xlabel=tr("grade next", lang), ylabel=tr("grade this", lang),
           title=tr("migration title", lang))
    use_language_font([ax, bar.ax], lang)
    return ax


_UNITS_ZH = {"day": "天", "week": "周", "month": "月", "quarter": "季度", "year": "年"}
_COUNTS_ZH = {"month": "个月", "quarter": "个季度"}  # after a number: 12个月, not 12月 (December)


def _unit_label(table, default="periods", language="en", *, count=False):
    """The table's time unit in the plural ("weeks"), or in Chinese ("周"; after a number
    when ``count``, e.g. "个月")."""
    unit = table.attrs.get("time_unit")
    known = unit and unit != "model time unit"
    if language == "zh":
        if not known:
            return {"periods": "期"}.get(default, "模型时间单位")
        return (_COUNTS_ZH.get(unit) if count else None) or _UNITS_ZH.get(unit, unit)
    return f"{unit}s" if known else default


def contract_retention_plot(model, *, periods: int | None = None, language: str | None = None,
                            ax=None):
    """Survival of contract cohorts: observed shares (points) and the sBG fit and
    projection (lines).

    Parameters
    ----------
    model : ShiftedBetaGeometric
        The result of :func:`crmlab.lifecycle.fit_sbg`.
    periods : int, optional
        Renewals to project (default: twice the longest cohort).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from crmlab.lifecycle import fit_sbg
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = contract_retention_plot(fit_sbg([1000, 631, 468, 382, 326]), ax=ax)
    """
    func = "contract_retention_plot"
    if not hasattr(model, "project") or not hasattr(model, "cohorts"):
        raise TypeError(f"{func}: model must be the result of fit_sbg; got "
                        f"{type(model).__name__}")
    lang = resolve_language(language, func)
    cohorts = model.cohorts or {}
    longest = max((len(c) - 1 for c in cohorts.values()), default=5)
    periods = 2 * longest if periods is None else periods
    projection = model.project(periods)
    ax = current_axes(ax)
    for k, (name, counts) in enumerate(cohorts.items()):
        ax.plot(np.arange(len(counts)), counts / counts[0], marker="o", linestyle="none",
                color=series_color(k), label=tr("observed", lang, term(name, lang)))
    ax.plot(projection.index, projection["survival"], color="black",
            label=tr("sbg fit", lang))
    if cohorts:
        ax.axvline(longest, color=GREY, linestyle=":", linewidth=1)
    per_year = model.periods_per_year
    unit = tr("years", lang) if per_year == 1 else tr("periods of year", lang, f"{per_year:g}")
    ax.set(xlabel=tr("renewals since", lang, unit), ylabel=tr("under contract", lang),
           ylim=(0, 1.02), title=tr("contract title", lang))
    percent_axes(ax, "y")
    ax.legend(fontsize=8)
    use_language_font([ax], lang)
    return ax


def calibration_plot(table, *, language: str | None = None, ax=None):
    """Mean hold-out purchases by calibration frequency: actual against predicted.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlab.lifecycle.calibration_by_frequency` (columns
        ``actual``, ``predicted``).
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> table = pd.DataFrame({"customers": [5, 3], "actual": [0.2, 1.5],
    ...                       "predicted": [0.25, 1.3]}, index=["0", "1+"])
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = calibration_plot(table, ax=ax)
    """
    check_columns(table, ["actual", "predicted"], "calibration_plot", "table")
    lang = resolve_language(language, "calibration_plot")
    ax = current_axes(ax)
    x = np.arange(len(table))
    ax.plot(x, table["actual"], marker="o", color=MAIN, label=tr("actual", lang))
    ax.plot(x, table["predicted"], marker="s", linestyle="--", color=HIGHLIGHT,
            label=tr("model", lang))
    ax.set_xticks(x, [str(i) for i in table.index])
    length = table.attrs.get("holdout_length")
    unit = _unit_label(table, language=lang, count=True)
    span = (f"{length:g} {unit}" if lang == "en" else f"{length:g}{unit}") if length is not None \
        else tr("the hold-out", lang)
    ax.set(xlabel=tr("calibration purchases", lang), ylabel=tr("hold-out mean", lang, span),
           title=tr("calibration title", lang))
    ax.legend(fontsize=8)
    use_language_font([ax], lang)
    return ax


def frequency_recency_heatmap(matrix, *, language: str | None = None, ax=None):
    """P(alive) or expected purchases by frequency (rows) and recency (columns).

    Parameters
    ----------
    matrix : DataFrame
        The result of :func:`crmlab.lifecycle.frequency_recency_matrix`.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> m = pd.DataFrame([[1.0, np.nan], [np.nan, 0.6]])
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = frequency_recency_heatmap(m, ax=ax)
    """
    check_frame(matrix, "frequency_recency_heatmap", "matrix")
    check_numeric(matrix, matrix.columns, "frequency_recency_heatmap", "matrix", missing=True)
    if matrix.empty:
        raise ValueError("frequency_recency_heatmap: matrix must have rows and columns; got an "
                         "empty table (see crmlab.lifecycle.frequency_recency_matrix)")
    lang = resolve_language(language, "frequency_recency_heatmap")
    values = matrix.to_numpy(dtype=float)
    alive = matrix.attrs.get("quantity", "alive") == "alive"
    ax = current_axes(ax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=SEQUENTIAL, origin="lower",
                      aspect="auto", vmin=0, vmax=1 if alive else None)
    unit = _unit_label(matrix, language=lang)
    t = matrix.attrs.get("t", 1.0)
    counted = _unit_label(matrix, language=lang, count=True)
    label = tr("p alive", lang) if alive else tr("expected next", lang, f"{t:g}", counted)
    bar = ax.figure.colorbar(image, ax=ax, label=label)
    T = matrix.attrs.get("T")
    at = tr("observed for", lang, f"{T:g}", counted) if T is not None else ""
    ax.set(xlabel=tr("recency axis", lang, unit), ylabel=tr("frequency axis", lang),
           title=tr("probability alive" if alive else "expected purchases", lang) + at)
    use_language_font([ax, bar.ax], lang)
    return ax


def tracking_plot(table, *, cumulative: bool = True, language: str | None = None, ax=None):
    """Repeat purchases over calendar time: actual against the model's expectation.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlab.lifecycle.repeat_tracking`.
    cumulative : bool, default=True
        Cumulative totals, or the purchases per tracked step.
    language : {"en", "zh"}, optional
        Language of the labels; by default the one set with :func:`set_language`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> track = pd.DataFrame({"actual": [3, 6], "expected": [2.5, 6.4],
    ...                       "actual_incremental": [3, 3], "expected_incremental": [2.5, 3.9]},
    ...                      index=pd.Index([10.0, 20.0], name="time"))
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = tracking_plot(track, ax=ax)
    """
    columns = ["actual", "expected"] if cumulative else ["actual_incremental",
                                                         "expected_incremental"]
    check_columns(table, columns, "tracking_plot", "table")
    lang = resolve_language(language, "tracking_plot")
    ax = current_axes(ax)
    ax.plot(table.index, table[columns[0]], color=MAIN, label=tr("actual", lang))
    ax.plot(table.index, table[columns[1]], linestyle="--", color=HIGHLIGHT,
            label=tr("model", lang))
    unit = _unit_label(table, "model time units", lang)
    ax.set(xlabel=tr("calendar time", lang, unit),
           ylabel=tr("cumulative repeats" if cumulative else "repeats per step", lang),
           title=tr("tracking title", lang))
    ax.legend(fontsize=8)
    use_language_font([ax], lang)
    return ax
