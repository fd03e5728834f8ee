"""When is a customer won? First purchase against repeat purchase in a new cycle (新客户, 复购)."""
from __future__ import annotations

import pandas as pd

from .._validate import check_choice, check_columns, check_date, check_frame
from ._common import PERIOD, _dates

__all__ = ["won_customers", "acquisition_counts"]


def _first_two_cycles(purchases, customer, cycle, date, func):
    check_frame(purchases, func, "purchases")
    check_columns(purchases, [customer, cycle, date], func, "purchases")
    if purchases.empty:
        raise ValueError(f"{func}: purchases is empty")
    for column in (customer, cycle):
        if purchases[column].isna().any():
            raise ValueError(f"{func}: column {column!r} has missing values; every purchase "
                             f"needs a customer and a cycle")
    when = _dates(purchases, date, func)
    # one row per customer and cycle, dated by the cycle's first purchase
    cycles = (pd.DataFrame({"customer": purchases[customer].to_numpy(),
                            "cycle": purchases[cycle].to_numpy(), "date": when.to_numpy()})
              .groupby(["customer", "cycle"], sort=False, observed=True)["date"].min()
              .reset_index().sort_values(["customer", "date", "cycle"], kind="stable"))
    cycles["order"] = cycles.groupby("customer", sort=False).cumcount()
    first = cycles[cycles["order"] == 0].set_index("customer")
    second = cycles[cycles["order"] == 1].set_index("customer")
    out = pd.DataFrame({"first_cycle": first["cycle"], "first_date": first["date"]})
    out["repeat_cycle"] = second["cycle"].reindex(out.index)
    out["repeat_date"] = second["date"].reindex(out.index)
    out["cycles"] = cycles.groupby("customer", sort=False).size().reindex(out.index)
    out.index.name = customer
    return out.sort_index()


def won_customers(purchases: pd.DataFrame, *, customer: str = "customer_id",
                  cycle: str = "cycle_id", date: str = "date", start=None) -> pd.DataFrame:
    """Each customer's first and repeat purchase, and whether it counts as won under two rules.

    Parameters
    ----------
    purchases : DataFrame
        Purchase lines with a customer key, a buying cycle (a farming season, a
        project, a budget year) and a date.
    customer : str, default="customer_id"
        Column of the customer key.
    cycle : str, default="cycle_id"
        Column of the cycle; several purchases in one cycle count as one.
    date : str, default="date"
        Column of the purchase date (datetime64); cycles are ordered by their
        first purchase.
    start : date-like, optional
        Start of the acquisition window: a customer who bought before it belongs
        to the existing base and is not new. None treats every customer as new.

    Returns
    -------
    DataFrame
        Indexed by customer, sorted: ``first_cycle``, ``first_date``,
        ``repeat_cycle`` and ``repeat_date`` (the second cycle bought in, missing
        when there is none), ``cycles`` (distinct cycles bought in), ``new`` (first
        purchase on or after ``start``), ``won_first_purchase`` (new: the usual
        count) and ``won_repeat`` (new and bought again in a later cycle: the
        repeat-purchase rule).

    Notes
    -----
    Under the *first-purchase* rule every new buyer is a new customer (新客户).
    Under the *repeat-purchase* rule (复购) of the shrimp-feed case a buyer counts
    as won only once it buys again in a new cycle: a farmer who tries one lot of
    feed and never returns is a trial, not a customer. The repeat rule is
    right-censored: a buyer whose first cycle is the last one observed cannot have
    repeated yet.

    Examples
    --------
    >>> purchases = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "c"],
    ...     "cycle_id": ["1", "1", "2", "2", "1"],
    ...     "date": pd.to_datetime(["2021-03-01", "2021-03-20", "2021-09-01",
    ...                             "2021-09-05", "2020-03-01"])})
    >>> table = won_customers(purchases, start="2021-01-01")
    >>> columns = ["cycles", "new", "won_first_purchase", "won_repeat"]
    >>> table[columns]  # doctest: +NORMALIZE_WHITESPACE
                 cycles    new  won_first_purchase  won_repeat
    customer_id                                                
    a                 2   True                True        True
    b                 1   True                True       False
    c                 1  False               False       False
    """
    return _won(purchases, customer, cycle, date, start, "won_customers")


def _won(purchases, customer, cycle, date, start, func: str) -> pd.DataFrame:
    out = _first_two_cycles(purchases, customer, cycle, date, func)
    if start is None:
        out["new"] = True
    else:
        out["new"] = out["first_date"] >= check_date(start, func, "start")
    out["won_first_purchase"] = out["new"]
    out["won_repeat"] = out["new"] & out["repeat_date"].notna()
    return out


def acquisition_counts(purchases: pd.DataFrame, *, customer: str = "customer_id",
                       cycle: str = "cycle_id", date: str = "date", start=None,
                       freq: str = "YE") -> pd.DataFrame:
    """New customers per period under the first-purchase and the repeat-purchase rule.

    Parameters
    ----------
    purchases : DataFrame
        Purchase lines with a customer key, a buying cycle and a date.
    customer, cycle, date : str, default="customer_id", "cycle_id", "date"
        Column names, as in :func:`won_customers`.
    start : date-like, optional
        Start of the acquisition window; earlier buyers are the existing base.
        None counts from the first purchase in the data.
    freq : {"YE", "QE", "ME"}, default="YE"
        Period length.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (every period from ``start`` to the last purchase):
        ``first_purchase`` (new customers counted when they first buy),
        ``repeat_purchase`` (new customers counted when they buy again in a new
        cycle, the repeat rule), ``one_cycle_only`` (of the period's first-time
        buyers, those who never bought in another cycle in the data) and
        ``repeat_share`` (of the period's first-time buyers, the share that bought
        again; missing without first-time buyers).

    Notes
    -----
    The two rules move the count both in size and in time: the repeat rule drops
    one-cycle buyers and books the others in the period of their second cycle.
    ``first_purchase.sum() - repeat_purchase.sum() == one_cycle_only.sum()``.
    The last periods' repeat shares are low partly by censoring: their buyers have
    had little time to come back.

    Examples
    --------
    >>> purchases = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...     "cycle_id": ["2021-1", "2022-1", "2021-1", "2022-1", "2023-1"],
    ...     "date": pd.to_datetime(["2021-03-01", "2022-03-01", "2021-04-01",
    ...                             "2022-04-01", "2023-03-01"])})
    >>> acquisition_counts(purchases)  # doctest: +NORMALIZE_WHITESPACE
            first_purchase  repeat_purchase  one_cycle_only  repeat_share
    period                                                               
    2021                 2                0               1           0.5
    2022                 1                1               0           1.0
    2023                 0                1               0           NaN
    """
    func = "acquisition_counts"
    check_choice(freq, list(PERIOD), func, "freq")
    table = _won(purchases, customer, cycle, date, start, func)
    new = table[table["new"]]
    last = purchases[date].max().to_period(PERIOD[freq])
    first = (check_date(start, func, "start").to_period(PERIOD[freq]) if start is not None
             else purchases[date].min().to_period(PERIOD[freq]))
    if first > last:
        raise ValueError(f"{func}: start {start!r} is after the last purchase "
                         f"({purchases[date].max():%Y-%m-%d})")
    periods = pd.period_range(first, last, freq=PERIOD[freq])
    first_period = new["first_date"].dt.to_period(PERIOD[freq])
    repeat_period = new["repeat_date"].dropna().dt.to_period(PERIOD[freq])
    single = first_period[new["repeat_date"].isna()]
    out = pd.DataFrame({
        "first_purchase": first_period.value_counts().reindex(periods, fill_value=0),
        "repeat_purchase": repeat_period.value_counts().reindex(periods, fill_value=0),
        "one_cycle_only": single.value_counts().reindex(periods, fill_value=0)}).astype("int64")
    out["repeat_share"] = ((out["first_purchase"] - out["one_cycle_only"])
                           / out["first_purchase"].where(out["first_purchase"] > 0))
    out.index = [p.year if freq == "YE" else str(p) for p in periods]
    out.index.name = "period"
    return out
