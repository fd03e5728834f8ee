"""Charts of lesson 05, the customer lifecycle: retention, survival, hazards, gains, migration."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_numeric
from ._base import current_axes

__all__ = ["retention_heatmap", "survival_plot", "hazard_ratio_plot", "gains_chart",
           "migration_heatmap"]


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
