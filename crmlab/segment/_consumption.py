"""Consumption features per account for clustering monthly usage (用电量特征).

Utilities, gas suppliers and other sellers of a metered good know their key accounts
by a monthly series per account (kWh, m³, tonnes) and whether each bill was paid on
time. :func:`consumption_features` turns that panel into one row per account with a
level, a growth rate, a volatility and a payment behaviour, ready for
:func:`crmlab.segment.cluster`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame

__all__ = ["CONSUMPTION_FEATURES", "consumption_features"]

#: The consumption features that :func:`consumption_features` computes per account.
CONSUMPTION_FEATURES = ("level", "growth", "volatility", "on_time_share")


def _check_panel(monthly, account, month, kwh, paid_on_time, func):
    check_frame(monthly, func, "monthly")
    for arg, name in (("account", account), ("month", month), ("kwh", kwh)):
        if not isinstance(name, str):
            raise TypeError(f"{func}: {arg} must be a column name (str); got {name!r}")
    if paid_on_time is not None and not isinstance(paid_on_time, str):
        raise TypeError(f"{func}: paid_on_time must be a column name (str) or None; "
                        f"got {paid_on_time!r}")
    columns = [account, month, kwh] + ([paid_on_time] if paid_on_time else [])
    check_columns(monthly, columns, func, "monthly")
    if len(monthly) == 0:
        raise ValueError(f"{func}: monthly has no rows")
    if not pd.api.types.is_datetime64_any_dtype(monthly[month]):
        raise TypeError(f"{func}: column {month!r} of monthly must hold dates (datetime64), "
                        f"one per month; got {monthly[month].dtype}. Use pd.to_datetime first")
    values = monthly[kwh]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(f"{func}: column {kwh!r} of monthly must be numeric; got {values.dtype}")
    for name in [account, month, kwh] + ([paid_on_time] if paid_on_time else []):
        missing = int(monthly[name].isna().sum())
        if missing:
            raise ValueError(f"{func}: column {name!r} of monthly has {missing} missing "
                             f"values; drop or fill them first")
    if not (np.isfinite(values.to_numpy(dtype=float)) & (values.to_numpy(dtype=float) > 0)).all():
        bad = int((~(np.isfinite(values.to_numpy(dtype=float)) & (values > 0))).sum())
        raise ValueError(f"{func}: column {kwh!r} of monthly has {bad} values that are not "
                         f"positive and finite; growth and volatility are taken on the log "
                         f"scale, so a month without consumption must be dropped or handled first")
    if paid_on_time:
        flag = monthly[paid_on_time]
        if not (pd.api.types.is_bool_dtype(flag) or flag.isin([0, 1]).all()):
            raise ValueError(f"{func}: column {paid_on_time!r} of monthly must be True/False "
                             f"(or 0/1); got values such as {flag[~flag.isin([0, 1])].iloc[0]!r}")
    stamps = monthly[month]
    if not (stamps == stamps.dt.to_period("M").dt.start_time).all():
        raise ValueError(f"{func}: column {month!r} of monthly must give the first day of each "
                         f"month (e.g. 2022-01-01); found {stamps[stamps.dt.day != 1].iloc[0]!r}")
    duplicated = monthly.duplicated([account, month])
    if duplicated.any():
        row = monthly.loc[duplicated, [account, month]].iloc[0]
        raise ValueError(f"{func}: monthly has {int(duplicated.sum())} repeated "
                         f"({account}, {month}) pairs, e.g. ({row[account]!r}, "
                         f"{row[month].date()}); give one row per account and month")
    counts = monthly.groupby(account, observed=True).size()
    short = counts[counts < 3]
    if len(short):
        raise ValueError(f"{func}: {len(short)} accounts have fewer than 3 months (e.g. "
                         f"{short.index[0]!r} with {short.iloc[0]}); growth and volatility "
                         f"need at least 3")


def _within(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Residuals of ``columns`` after each account's own intercept and linear trend in t."""
    g = frame.groupby("account")
    t_dev = frame["t"] - g["t"].transform("mean")
    x_dev = frame[columns] - g[columns].transform("mean")
    slope = x_dev.mul(t_dev, axis=0).groupby(frame["account"]).transform("sum") \
        .div((t_dev ** 2).groupby(frame["account"]).transform("sum"), axis=0)
    return x_dev - slope.mul(t_dev, axis=0)


def _seasonal_effects(frame: pd.DataFrame) -> pd.Series:
    """Calendar-month effects of the joint least-squares fit y = a_i + b_i t + s_c, sum s_c = 0."""
    dummies = pd.get_dummies(frame["calendar"], dtype=float)
    resid = _within(pd.concat([frame[["account", "t", "y"]], dummies], axis=1),
                    ["y", *dummies.columns])
    x, y = resid[dummies.columns].to_numpy(), resid["y"].to_numpy()
    # the twelve effects are identified up to a constant (the intercepts absorb it);
    # the minimum-norm solution is the one whose effects sum to zero
    effect = np.linalg.lstsq(x.T @ x, x.T @ y, rcond=None)[0]
    return pd.Series(effect - effect.mean(), index=dummies.columns)


def consumption_features(monthly: pd.DataFrame, *, account: str = "account_id",
                         month: str = "month", kwh: str = "kwh",
                         paid_on_time: str | None = "paid_on_time",
                         seasonal: bool = True) -> pd.DataFrame:
    """Level, growth, volatility and payment behaviour per account (用电量特征).

    Parameters
    ----------
    monthly : DataFrame
        One row per account and month.
    account : str, default="account_id"
        Column identifying the account.
    month : str, default="month"
        Column of dates, the first day of each month.
    kwh : str, default="kwh"
        Consumption in the month; must be positive (the features are on the log scale).
    paid_on_time : str or None, default="paid_on_time"
        Column of True/False (or 0/1): the month's bill was paid by its due date.
        None leaves ``on_time_share`` out.
    seasonal : bool, default=True
        Remove a calendar-month effect common to all accounts before computing
        growth and volatility (and the level). Needs months spanning at least two
        years.

    Returns
    -------
    DataFrame
        Indexed by ``account``, sorted, with

        - ``months``: months observed;
        - ``mean_kwh``: mean monthly consumption, in the unit of ``kwh``;
        - ``level``: mean of the (seasonally adjusted) log consumption, the log of the
          geometric mean month;
        - ``growth``: yearly log growth, 12 × the least-squares slope of the adjusted
          log consumption on the month number (``exp(growth) - 1`` is the yearly
          growth rate);
        - ``volatility``: standard deviation of the adjusted month-to-month log
          changes (gaps of more than one month are skipped); NaN with fewer than
          two consecutive pairs;
        - ``on_time_share``: share of the account's bills paid on time (with
          ``paid_on_time``).

    Notes
    -----
    With :math:`y_{it} = \\log \\text{kWh}_{it}` the seasonal effect
    :math:`s_c` of calendar month :math:`c`, common to all accounts, comes from the
    least-squares fit of :math:`y_{it} = a_i + b_i t + s_{c(t)} + e_{it}` with
    :math:`\\sum_c s_c = 0` (each account keeps its own level and trend, so a growing
    account does not tilt the season); then :math:`\\tilde y_{it} = y_{it} - s_{c(t)}` and

    .. math::

        \\text{level}_i = \\overline{\\tilde y_{i\\cdot}}, \\quad
        \\text{growth}_i = 12\\,\\hat\\beta_i \\text{ in } \\tilde y_{it} = \\alpha_i +
        \\beta_i t + e_{it}, \\quad
        \\text{volatility}_i = \\operatorname{sd}(\\tilde y_{it} - \\tilde y_{i,t-1}).

    Logs make level, growth and volatility scale-free: a 10 % swing counts the
    same for a steel mill and a shop, and the lognormal spread of volumes becomes
    symmetric. Differencing keeps the trend out of the volatility (a fast-growing
    account is not volatile); removing the season keeps the Spring-Festival dip
    and the summer peak out of both. If monthly noise is independent with
    standard deviation :math:`\\sigma`, the volatility estimates
    :math:`\\sqrt 2\\,\\sigma`. The features are on different scales: standardise
    them before clustering (``crmlab.segment.cluster(..., scale=True)``). Load
    features of this kind are used to segment electricity customers (e.g.
    Chicco, *Energy* 42, 2012, 68-80).

    Examples
    --------
    >>> monthly = pd.DataFrame({
    ...     "account_id": ["A"] * 4 + ["B"] * 4,
    ...     "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01",
    ...                              "2024-04-01"] * 2),
    ...     "kwh": [100.0, 200, 100, 200, 50, 50, 50, 50],
    ...     "paid_on_time": [True, True, False, True] + [True] * 4})
    >>> consumption_features(monthly, seasonal=False).round(3)
                months  mean_kwh  level  growth  volatility  on_time_share
    account_id                                                            
    A                4     150.0  4.952   1.664         0.8           0.75
    B                4      50.0  3.912   0.000         0.0           1.00
    """
    func = "consumption_features"
    _check_panel(monthly, account, month, kwh, paid_on_time, func)
    if not isinstance(seasonal, (bool, np.bool_)):
        raise TypeError(f"{func}: seasonal must be True or False; got {seasonal!r}")
    stamps = monthly[month]
    frame = pd.DataFrame({
        "account": monthly[account].to_numpy(),
        "t": (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(),
        "calendar": stamps.dt.month.to_numpy(),
        "y": np.log(monthly[kwh].to_numpy(dtype=float)),
        "kwh": monthly[kwh].to_numpy(dtype=float),
    })
    if seasonal:
        span = frame["t"].max() - frame["t"].min() + 1
        if span < 24 or frame["calendar"].nunique() < 12:
            raise ValueError(f"{func}: seasonal=True needs at least two years of months "
                             f"(every calendar month, a span of 24 or more) to tell the season "
                             f"from each account's trend; these data span {span} months. "
                             f"Pass seasonal=False")
        effect = _seasonal_effects(frame)
        frame["y"] = frame["y"] - frame["calendar"].map(effect)
    frame = frame.sort_values(["account", "t"], kind="stable")
    g = frame.groupby("account", sort=True)
    t_dev = frame["t"] - g["t"].transform("mean")
    y_dev = frame["y"] - g["y"].transform("mean")
    slope = (t_dev * y_dev).groupby(frame["account"]).sum() \
        / (t_dev ** 2).groupby(frame["account"]).sum()
    step = g["t"].diff()
    change = g["y"].diff().where(step == 1)
    out = pd.DataFrame({
        "months": g.size().astype("int64"),
        "mean_kwh": g["kwh"].mean(),
        "level": g["y"].mean(),
        "growth": 12 * slope,
        "volatility": change.groupby(frame["account"]).std(),
    })
    if paid_on_time:
        flags = monthly[paid_on_time].astype(float).to_numpy()
        out["on_time_share"] = pd.Series(flags).groupby(monthly[account].to_numpy()).mean()
    out.index.name = account
    return out
