"""Charts of lesson 05, the customer lifecycle: retention, survival, hazards, gains, migration,
and the fit of lifetime-value models (contract retention, hold-out calibration, the
frequency-recency matrix, tracking of repeat purchases)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ._base import current_axes

__all__ = ["retention_heatmap", "survival_plot", "hazard_ratio_plot", "gains_chart",
           "migration_heatmap", "contract_retention_plot", "calibration_plot",
           "frequency_recency_heatmap", "tracking_plot"]


def _heatmap(table: pd.DataFrame, ax, *, fmt: str, cmap: str, vmin=None, vmax=None,
             label: str = ""):
    """A labelled heatmap of a numeric table, NaN cells left blank."""
    values = table.to_numpy(dtype=float)
    ax = current_axes(ax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=vmin, vmax=vmax,
                      aspect="auto")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    lo, hi = np.nanmin(values), np.nanmax(values)
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            light = hi > lo and (v - lo) / (hi - lo) > 0.6
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8,
                    color="white" if light else "black")
    ax.figure.colorbar(image, ax=ax, label=label)
    return ax


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


def retention_heatmap(cohorts, *, ax=None):
    """Cohort retention as a heatmap: cohorts down, periods since the first purchase across.

    Parameters
    ----------
    cohorts : CohortRetention or DataFrame
        The result of :func:`crmlab.lifecycle.cohort_retention`, or its ``rates`` table.
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
    ax = _heatmap(rates, ax, fmt=".0%", cmap="Blues", vmin=0, vmax=1,
                  label="share of the cohort buying")
    ax.set(xlabel="periods since the first purchase", ylabel="cohort (first purchase)",
           title="Cohort retention")
    return ax


def survival_plot(curves, *, bands: bool = True, ax=None):
    """Kaplan-Meier curves per group with their confidence bands and median lines.

    Parameters
    ----------
    curves : SurvivalCurves or DataFrame
        The result of :func:`crmlab.lifecycle.survival`, or its ``table`` (columns
        ``group``, ``time``, ``survival``, ``lower``, ``upper``).
    bands : bool, default=True
        Shade the pointwise confidence band.
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
    ax = current_axes(ax)
    for k, (name, g) in enumerate(table.groupby("group", sort=False)):
        t = np.r_[0.0, g["time"].to_numpy()]
        color = f"C{k}"
        ax.step(t, np.r_[1.0, g["survival"]], where="post", color=color, label=str(name))
        if bands:
            ax.fill_between(t, np.r_[1.0, g["lower"]], np.r_[1.0, g["upper"]], step="post",
                            color=color, alpha=0.15, linewidth=0)
    ax.axhline(0.5, color="grey", linestyle=":", linewidth=1)
    ax.set(xlabel="tenure (years)", ylabel="share of customers still active", ylim=(0, 1.02),
           xlim=(0, None), title="Kaplan-Meier survival")
    ax.legend(loc="lower left", fontsize=8)
    return ax


def hazard_ratio_plot(hazard, *, truth=None, ax=None):
    """Forest plot of hazard ratios with their intervals, on a log scale, against the truth.

    Parameters
    ----------
    hazard : ChurnHazard or DataFrame
        The result of :func:`crmlab.lifecycle.fit_churn_hazard`, or a table with columns
        ``hazard_ratio``, ``lower``, ``upper`` indexed by term.
    truth : dict or Series, optional
        True hazard ratios by term, drawn as red diamonds.
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
    ax = current_axes(ax)
    y = np.arange(len(table))[::-1]
    hr = table["hazard_ratio"].to_numpy()
    ax.errorbar(hr, y, xerr=[hr - table["lower"], table["upper"] - hr], fmt="o", color="C0",
                capsize=3, label="estimate, 95% interval")
    if truth is not None:
        true = pd.Series(truth, dtype=float).reindex(table.index)
        ax.scatter(true, y, marker="D", color="C3", zorder=3, label="true hazard ratio")
    ax.axvline(1.0, color="grey", linestyle=":")
    ax.set_xscale("log")
    low = np.nanmin(np.r_[table["lower"], hr]) / 1.2
    high = np.nanmax(np.r_[table["upper"], hr]) * 1.2
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16) if low <= t <= high]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.set(xlabel="hazard ratio (log scale; > 1 shortens the relationship)",
           title="What drives churn")
    ax.legend(loc="best", fontsize=8)
    return ax


def gains_chart(classifier, *, ax=None):
    """Cumulative gains: share of churners caught against share of customers contacted.

    Parameters
    ----------
    classifier : ChurnClassifier or DataFrame
        The result of :func:`crmlab.lifecycle.fit_churn_classifier`, or its ``gains``
        table (columns ``model``, ``share_contacted``, ``share_of_churners``).
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
    ax = current_axes(ax)
    for name, g in gains.groupby("model", sort=False):
        ax.plot(np.r_[0.0, g["share_contacted"]], np.r_[0.0, g["share_of_churners"]], marker="o",
                markersize=3, label=str(name).replace("_", " "))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="random calls")
    ax.set(xlabel="share of customers called (riskiest first)",
           ylabel="share of next year's churners reached", xlim=(0, 1), ylim=(0, 1.02),
           title="Gains chart")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def migration_heatmap(migration, *, ax=None):
    """The grade transition matrix as a heatmap: from grade (rows) to grade (columns).

    Parameters
    ----------
    migration : GradeMigration or DataFrame
        The result of :func:`crmlab.lifecycle.grade_migration`, or its ``matrix``.
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
    ax = _heatmap(matrix, ax, fmt=".0%", cmap="Greens", vmin=0, vmax=1,
                  label="probability of moving")
    ax.set(xlabel="grade next period", ylabel="grade this period", title="Grade migration")
    return ax


def _unit_label(table, default="periods"):
    unit = table.attrs.get("time_unit")
    return f"{unit}s" if unit and unit != "model time unit" else default


def contract_retention_plot(model, *, periods: int | None = None, ax=None):
    """Survival of contract cohorts: observed shares (points) and the sBG fit and
    projection (lines).

    Parameters
    ----------
    model : ShiftedBetaGeometric
        The result of :func:`crmlab.lifecycle.fit_sbg`.
    periods : int, optional
        Renewals to project (default: twice the longest cohort).
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
    cohorts = model.cohorts or {}
    longest = max((len(c) - 1 for c in cohorts.values()), default=5)
    periods = 2 * longest if periods is None else periods
    projection = model.project(periods)
    ax = current_axes(ax)
    for name, counts in cohorts.items():
        ax.plot(np.arange(len(counts)), counts / counts[0], marker="o", linestyle="none",
                label=f"{name} (observed)")
    ax.plot(projection.index, projection["survival"], color="black",
            label="sBG fit and projection")
    if cohorts:
        ax.axvline(longest, color="grey", linestyle=":", linewidth=1)
    per_year = model.periods_per_year
    unit = "years" if per_year == 1 else f"periods of 1/{per_year:g} year"
    ax.set(xlabel=f"renewals since the contract began ({unit})",
           ylabel="share of the cohort still under contract", ylim=(0, 1.02),
           title="Contract retention (shifted beta-geometric)")
    ax.legend(fontsize=8)
    return ax


def calibration_plot(table, *, ax=None):
    """Mean hold-out purchases by calibration frequency: actual against predicted.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlab.lifecycle.calibration_by_frequency` (columns
        ``actual``, ``predicted``).
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
    ax = current_axes(ax)
    x = np.arange(len(table))
    ax.plot(x, table["actual"], marker="o", label="actual")
    ax.plot(x, table["predicted"], marker="s", linestyle="--", label="model")
    ax.set_xticks(x, [str(i) for i in table.index])
    length = table.attrs.get("holdout_length")
    span = f"{length:g} {_unit_label(table)}" if length is not None else "the hold-out period"
    ax.set(xlabel="repeat purchases in the calibration period",
           ylabel=f"mean purchases in the hold-out ({span})",
           title="Conditional expectations: actual against model")
    ax.legend(fontsize=8)
    return ax


def frequency_recency_heatmap(matrix, *, ax=None):
    """P(alive) or expected purchases by frequency (rows) and recency (columns).

    Parameters
    ----------
    matrix : DataFrame
        The result of :func:`crmlab.lifecycle.frequency_recency_matrix`.
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
    values = matrix.to_numpy(dtype=float)
    alive = matrix.attrs.get("quantity", "alive") == "alive"
    ax = current_axes(ax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", origin="lower",
                      aspect="auto", vmin=0, vmax=1 if alive else None)
    unit = _unit_label(matrix)
    t = matrix.attrs.get("t", 1.0)
    label = ("P(alive)" if alive else f"expected purchases in the next {t:g} {unit}")
    ax.figure.colorbar(image, ax=ax, label=label)
    T = matrix.attrs.get("T")
    at = f" (customers observed for {T:g} {unit})" if T is not None else ""
    ax.set(xlabel=f"recency: time of the last purchase since the first ({unit})",
           ylabel="frequency: repeat purchases",
           title=("Probability alive" if alive else "Expected purchases") + at)
    return ax


def tracking_plot(table, *, cumulative: bool = True, ax=None):
    """Repeat purchases over calendar time: actual against the model's expectation.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlab.lifecycle.repeat_tracking`.
    cumulative : bool, default=True
        Cumulative totals, or the purchases per tracked step.
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
    ax = current_axes(ax)
    ax.plot(table.index, table[columns[0]], label="actual")
    ax.plot(table.index, table[columns[1]], linestyle="--", label="model")
    unit = _unit_label(table, "model time units")
    ax.set(xlabel=f"calendar time ({unit})",
           ylabel=("cumulative repeat purchases" if cumulative
                   else "repeat purchases per step"),
           title="Tracking repeat purchases")
    ax.legend(fontsize=8)
    return ax
