"""How well a repeat-buying model fits: hold-out calibration by frequency, the
frequency-recency matrix, and tracking of cumulative repeat purchases over calendar time.

These are the checks of Fader, Hardie & Lee (2005, figs. 2-4) that users of ``lifetimes``
relied on; they work for :class:`BGNBD` and :class:`ParetoNBD` alike.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_choice, check_int, check_number
from ._btyd import BGNBD, _rfm_arrays
from ._pnbd import ParetoNBD

__all__ = ["calibration_by_frequency", "frequency_recency_matrix", "repeat_tracking"]


def _check_model(func, model):
    if not isinstance(model, (BGNBD, ParetoNBD)):
        raise TypeError(f"{func}: model must be a fitted BG/NBD or Pareto/NBD (fit_bgnbd, "
                        f"fit_pareto_nbd); got {type(model).__name__}")
    return model


def _time_unit(model):
    return getattr(model, "time_unit", "model time unit")


def calibration_by_frequency(model, frequency, recency, T, holdout_purchases, holdout_length,
                             *, max_frequency: int = 7) -> pd.DataFrame:
    """Mean actual against predicted hold-out purchases, by calibration-period frequency.

    Parameters
    ----------
    model : BGNBD or ParetoNBD
        Fitted on the calibration period.
    frequency, recency, T : array-like
        The calibration-period summary the model was fitted to (model time units).
    holdout_purchases : array-like
        Each customer's transactions in the hold-out period that follows.
    holdout_length : float
        Length of the hold-out period, in the model's time unit (e.g. 39 weeks).
    max_frequency : int, default=7
        Customers with more calibration purchases are pooled in the last row ("7+").

    Returns
    -------
    DataFrame
        Indexed by ``frequency`` (0, 1, ..., "7+"): ``customers``, ``actual`` (mean hold-out
        purchases), ``predicted`` (mean E[Y(holdout_length) | x, t_x, T]).

    Notes
    -----
    The conditional-expectation check of Fader, Hardie & Lee (2005, fig. 4): a model that
    forecasts the base well may still be wrong for heavy or for one-off buyers.

    Examples
    --------
    >>> from crmlab.lifecycle import fit_bgnbd
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30])
    >>> table = calibration_by_frequency(fit, [0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28],
    ...                                  [30, 30, 30, 25, 25, 30], [0, 1, 2, 0, 1, 4], 30,
    ...                                  max_frequency=2)
    >>> table.index.tolist(), table["customers"].tolist()
    (['0', '1', '2+'], [2, 1, 3])
    """
    func = "calibration_by_frequency"
    _check_model(func, model)
    x, tx, t = _rfm_arrays(func, frequency, recency, T)
    y = np.asarray(holdout_purchases, dtype=float).ravel()
    if len(y) != len(x):
        raise ValueError(f"{func}: holdout_purchases must have one value per customer; got "
                         f"{len(y)} for {len(x)} customers")
    if not np.isfinite(y).all() or (y < 0).any():
        raise ValueError(f"{func}: holdout_purchases must be counts >= 0")
    check_number(holdout_length, func, "holdout_length", low=0)
    check_int(max_frequency, func, "max_frequency", low=1)
    predicted = model.conditional_expected_purchases(holdout_length, x, tx, t)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"g": group, "actual": y, "predicted": predicted})
    out = frame.groupby("g").agg(customers=("actual", "size"), actual=("actual", "mean"),
                                 predicted=("predicted", "mean"))
    out.index = pd.Index([labels[g] for g in out.index], name="frequency")
    out.attrs = {"holdout_length": float(holdout_length), "time_unit": _time_unit(model)}
    return out


def frequency_recency_matrix(model, T: float, *, quantity: str = "alive", t: float = 1.0,
                             max_frequency: int | None = None,
                             max_recency: int | None = None) -> pd.DataFrame:
    """P(alive) or expected purchases for every frequency and recency, at one T.

    Parameters
    ----------
    model : BGNBD or ParetoNBD
    T : float
        Customers' time since the first purchase (model time unit), e.g. the calibration
        length.
    quantity : {"alive", "purchases"}, default="alive"
        P(alive | x, t_x, T), or E[Y(t) | x, t_x, T] the purchases expected in the next t.
    t : float, default=1
        Horizon for ``quantity="purchases"``, in the model's time unit.
    max_frequency, max_recency : int, optional
        Largest frequency (rows, default 20) and recency (columns, default ``int(T)``).

    Returns
    -------
    DataFrame
        Rows ``frequency`` 0..max_frequency, columns ``recency`` 0..max_recency (integers
        in model time). Impossible cells (frequency 0 with recency > 0, frequency > 0 with
        recency 0) are NaN.

    Notes
    -----
    Fader, Hardie & Lee (2005, fig. 3 and their iso-value curves): a customer who bought
    often but long ago is less likely to be alive than one who bought rarely but lately.

    Examples
    --------
    >>> from crmlab.lifecycle import fit_bgnbd
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30])
    >>> m = frequency_recency_matrix(fit, 30, max_frequency=3, max_recency=30)
    >>> m.shape, bool(m.loc[0, 0] == 1.0)
    ((4, 31), True)
    """
    func = "frequency_recency_matrix"
    _check_model(func, model)
    check_number(T, func, "T", low=0)
    if T <= 0:
        raise ValueError(f"{func}: T must be > 0; got {T!r}")
    check_choice(quantity, ["alive", "purchases"], func, "quantity")
    check_number(t, func, "t", low=0)
    fmax = 20 if max_frequency is None else check_int(max_frequency, func, "max_frequency",
                                                      low=1)
    rmax = int(T) if max_recency is None else check_int(max_recency, func, "max_recency",
                                                        low=1)
    if rmax > T:
        raise ValueError(f"{func}: max_recency must be at most T ({T}); got {rmax}")
    f, r = np.meshgrid(np.arange(fmax + 1), np.arange(rmax + 1), indexing="ij")
    valid = (f == 0) == (r == 0)
    out = np.full(f.shape, np.nan)
    fv, rv = f[valid].astype(float), r[valid].astype(float)
    Tv = np.full(len(fv), float(T))
    out[valid] = (model.probability_alive(fv, rv, Tv) if quantity == "alive"
                  else model.conditional_expected_purchases(t, fv, rv, Tv))
    table = pd.DataFrame(out, index=pd.Index(range(fmax + 1), name="frequency"),
                         columns=pd.Index(range(rmax + 1), name="recency"))
    table.attrs = {"T": float(T), "quantity": quantity, "t": float(t),
                   "time_unit": _time_unit(model)}
    return table


def repeat_tracking(model, first_purchase, repeat_times, *, end: float,
                    step: float = 1.0) -> pd.DataFrame:
    """Cumulative repeat purchases over calendar time: expected against actual.

    Parameters
    ----------
    model : BGNBD or ParetoNBD
    first_purchase : array-like
        Each customer's first purchase, in model time units since a common origin (e.g.
        the week of the year).
    repeat_times : array-like
        The time of every repeat purchase of these customers (pooled), same clock.
    end : float
        Last calendar time to track (e.g. calibration plus hold-out length).
    step : float, default=1
        Spacing of the tracked times.

    Returns
    -------
    DataFrame
        Indexed by ``time`` (step, 2 step, ..., end): ``actual`` and ``expected``
        cumulative repeat purchases, and their increments ``actual_incremental`` and
        ``expected_incremental``. Expected is :math:`\\sum_i E[X(\\tau - t_{0i})]` over
        customers whose first purchase came before :math:`\\tau` (Fader, Hardie & Lee
        2005, fig. 2).

    Examples
    --------
    >>> from crmlab.lifecycle import fit_bgnbd
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30])
    >>> track = repeat_tracking(fit, [0, 0, 0, 5, 5, 0], [4, 10, 15, 20, 15, 8], end=30,
    ...                         step=10)
    >>> track["actual"].tolist()
    [3, 6, 6]
    """
    func = "repeat_tracking"
    _check_model(func, model)
    t0 = np.asarray(first_purchase, dtype=float).ravel()
    times = np.asarray(repeat_times, dtype=float).ravel()
    for name, a in (("first_purchase", t0), ("repeat_times", times)):
        if not np.isfinite(a).all():
            raise ValueError(f"{func}: {name} has missing or infinite values")
    if len(t0) == 0:
        raise ValueError(f"{func}: first_purchase must hold at least one customer; got none")
    check_number(end, func, "end")
    check_number(step, func, "step", low=0)
    if step <= 0 or end <= t0.min():
        raise ValueError(f"{func}: step must be > 0 and end after the first purchase "
                         f"({t0.min()}); got step={step!r}, end={end!r}")
    if len(times) and times.min() < t0.min():
        raise ValueError(f"{func}: repeat_times has purchases before any first purchase "
                         f"({times.min()} < {t0.min()}); both must use the same clock")
    grid = np.arange(step, end + step / 2, step)
    grid = grid[grid > t0.min()] if (grid > t0.min()).any() else grid
    expected = np.array([model.expected_purchases(np.clip(g - t0, 0, None)).sum()
                         for g in grid])
    actual = np.searchsorted(np.sort(times), grid, side="right")
    out = pd.DataFrame({"actual": actual, "expected": expected},
                       index=pd.Index(grid, name="time"))
    out["actual_incremental"] = out["actual"].diff().fillna(out["actual"].iloc[0])
    out["expected_incremental"] = out["expected"].diff().fillna(out["expected"].iloc[0])
    out.attrs = {"time_unit": _time_unit(model)}
    return out
