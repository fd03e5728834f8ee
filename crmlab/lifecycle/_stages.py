"""Lifecycle stages from the order book, cohort retention, retention and churn rates."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_int, check_number, check_rows
from ._common import DAYS_PER_YEAR, PERIOD, STAGES, _binary, _dates, _numeric

__all__ = ["lifecycle_stage", "cohort_retention", "CohortRetention", "retention_rate", "churn_rate"]


def lifecycle_stage(orders: pd.DataFrame, freq: str = "YE", *,
                    customers: pd.DataFrame | None = None, value: str = "net_revenue",
                    customer: str = "customer_id", date: str = "date",
                    initial_years: float = 1.0, development_years: float = 3.0,
                    decline: float = 0.7, window: int = 2) -> pd.DataFrame:
    """The observed lifecycle stage of each customer in each period, from tenure and volume.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer``, ``date`` and ``value`` columns.
    freq : {"YE", "QE", "ME"}, default="YE"
        Period length: year, quarter or month.
    customers : DataFrame, optional
        With ``customer`` and ``customer_since``: the start of each relationship. Without
        it, a relationship starts at the customer's first order in ``orders``.
    value : str, default="net_revenue"
        The volume column.
    customer, date : str
        Column names of the customer key and the order date.
    initial_years, development_years : float, default=1.0, 3.0
        Tenure (years, at the middle of the period's active part) up to which a customer
        counts as initial, and up to which a customer who is not declining counts as
        developing.
    decline : float, default=0.7
        A rate below ``decline`` x the customer's earlier peak rate is a decline.
    window : int, default=2
        Periods averaged into the rate, which smooths out a single weak or strong period.

    Returns
    -------
    DataFrame
        One row per customer and period from the customer's first period to the last
        period of ``orders``: ``customer``, ``period`` (pandas Period), ``tenure_years``,
        ``value`` (in the period), ``rate`` (value per full period, averaged over
        ``window`` periods; a first period the relationship covered only in part is scaled
        up), ``peak`` (highest earlier rate) and ``stage`` (ordered: initial,
        development, mature, decline, lapsed).

    Notes
    -----
    The rules, first that applies: **lapsed** when the customer bought nothing in the
    period; **initial** when tenure <= ``initial_years``; **decline** when
    rate < ``decline`` x peak; **development** when tenure <= ``development_years``;
    **mature** otherwise. They follow the stage descriptions of Dwyer, Schurr & Oh
    (1987) and of the Chinese CRM texts (考察期、形成期、稳定期、退化期): volume builds
    up, levels off, then falls. A decline is only seen against an earlier peak, so a
    customer who was already declining when the records begin looks mature.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a"] * 5, "net_revenue": [10.0, 30, 32, 30, 8],
    ...     "date": pd.to_datetime(["2019-02-01", "2020-06-01", "2022-06-01", "2023-06-01",
    ...                             "2024-06-01"])})
    >>> lifecycle_stage(orders, window=1)["stage"].tolist()
    ['initial', 'development', 'lapsed', 'mature', 'mature', 'decline']
    """
    func = "lifecycle_stage"
    check_columns(orders, [customer, date, value], func, "orders")
    check_rows(orders, func, "orders")
    check_choice(freq, PERIOD, func, "freq")
    for name, x in (("initial_years", initial_years), ("development_years", development_years),
                    ("decline", decline)):
        check_number(x, func, name, low=0)
    check_int(window, func, "window", low=1)
    when = _dates(orders, date, func)
    amount = _numeric(orders, value, func)
    per = when.dt.to_period(PERIOD[freq])
    book = pd.DataFrame({"c": orders[customer].to_numpy(), "p": per.to_numpy(), "v": amount})
    totals = book.groupby(["c", "p"], observed=True)["v"].sum()
    first = when.groupby(orders[customer].to_numpy()).min()
    if customers is not None:
        check_columns(customers, [customer, "customer_since"], func, "customers")
        since = customers.set_index(customer)["customer_since"].reindex(first.index).fillna(first)
    else:
        since = first
    table = pd.concat([pd.DataFrame({"customer": cid, "period": pd.period_range(
        max(start.to_period(PERIOD[freq]), per.min()), per.max(), freq=PERIOD[freq])})
        for cid, start in since.items()], ignore_index=True)
    keys = pd.MultiIndex.from_arrays([table["customer"], table["period"]])
    table["value"] = totals.reindex(keys, fill_value=0.0).to_numpy()
    start_time = table["period"].dt.start_time
    end_time = table["period"].dt.end_time.dt.normalize() + pd.Timedelta(days=1)
    s = table["customer"].map(since)
    active_from = np.maximum(start_time, s)
    covered = ((end_time - active_from) / (end_time - start_time)).clip(lower=1e-3, upper=1.0)
    table["tenure_years"] = ((active_from + (end_time - active_from) / 2 - s).dt.days
                             / DAYS_PER_YEAR).round(3)
    by = table["customer"]
    total = (table["value"] / covered).groupby(by, sort=False).cumsum()
    back = total.groupby(by, sort=False).shift(window).fillna(0.0)
    count = np.minimum(table.groupby("customer", sort=False).cumcount() + 1, window)
    table["rate"] = (total - back) / count
    table["peak"] = table.groupby("customer", sort=False)["rate"].cummax().groupby(
        by, sort=False).shift(1).fillna(0.0)
    stage = np.select(
        [table["value"] <= 0, table["tenure_years"] <= initial_years,
         table["rate"] < decline * table["peak"], table["tenure_years"] <= development_years],
        ["lapsed", "initial", "decline", "development"], default="mature")
    table["stage"] = pd.Categorical(stage, categories=STAGES, ordered=True)
    return table.rename(columns={"customer": customer})[
        [customer, "period", "tenure_years", "value", "rate", "peak", "stage"]]


@dataclass(frozen=True)
class CohortRetention:
    """Cohorts x periods since the cohort's first purchase.

    Attributes
    ----------
    counts : DataFrame
        Customers of each cohort (rows) who bought in period k after it (columns, k = 0, 1,
        ...); NaN where period k lies beyond the data.
    rates : DataFrame
        ``counts`` divided by the cohort's size.
    sizes : Series
        Customers per cohort.
    """

    counts: pd.DataFrame
    rates: pd.DataFrame
    sizes: pd.Series


def cohort_retention(orders: pd.DataFrame, cohort: str = "first_year", *,
                     customer: str = "customer_id", date: str = "date") -> CohortRetention:
    """Cohort retention table: who of each cohort still buys k periods later.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer`` and ``date``.
    cohort : {"first_year", "first_quarter"}, default="first_year"
        A cohort is the customers whose first order fell in the same year (quarter);
        periods are years (quarters) after it.
    customer, date : str
        Column names.

    Returns
    -------
    CohortRetention
        ``counts``, ``rates`` (cohort x period k) and ``sizes``.

    Notes
    -----
    Retention of cohort c in period k is :math:`n_{c,k} / n_{c,0}`, the share of the
    cohort's customers who bought in period c + k (Blattberg, Kim & Neslin 2008, ch. 5).
    Customers who were already customers when the order book starts are not new in its
    first period: leave them out (left truncation), or the first cohort looks too loyal.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "date": pd.to_datetime(["2020-03-01", "2021-05-01", "2020-07-01", "2021-01-09"])})
    >>> cohort_retention(orders).rates
    period    0    1
    cohort          
    2020    1.0  0.5
    2021    1.0  NaN
    """
    func = "cohort_retention"
    check_columns(orders, [customer, date], func, "orders")
    check_rows(orders, func, "orders")
    unit = {"first_year": "Y", "first_quarter": "Q"}[check_choice(
        cohort, ["first_year", "first_quarter"], func, "cohort")]
    per = _dates(orders, date, func).dt.to_period(unit)
    frame = pd.DataFrame({"c": orders[customer].to_numpy(), "p": per.to_numpy()}).drop_duplicates()
    frame["cohort"] = frame.groupby("c")["p"].transform("min")
    frame["k"] = (frame["p"] - frame["cohort"]).map(lambda offset: offset.n)
    counts = frame.pivot_table(index="cohort", columns="k", values="c", aggfunc="count",
                               fill_value=0).astype(float)
    last = per.max()
    for c in counts.index:
        counts.loc[c, counts.columns > (last - c).n] = np.nan
    counts.index = [c.year if unit == "Y" else str(c) for c in counts.index]
    counts.index.name, counts.columns.name = "cohort", "period"
    sizes = counts[0].astype(int).rename("customers")
    return CohortRetention(counts=counts, rates=counts.div(counts[0], axis=0), sizes=sizes)


def retention_rate(orders: pd.DataFrame, *, freq: str = "YE", customer: str = "customer_id",
                   date: str = "date") -> pd.DataFrame:
    """Purchase-based retention per period: of last period's buyers, how many bought again.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer`` and ``date``.
    freq : {"YE", "QE", "ME"}, default="YE"
        Period length.
    customer, date : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by period (from the second one): ``customers`` (buyers in the previous
        period), ``retained`` (of them, buyers in this period), ``lost``, ``new``
        (first purchase ever in this period), ``retention_rate`` = retained / customers
        and ``churn_rate`` = 1 - retention_rate.

    Notes
    -----
    This is the rate a sales manager reports from the order book. A customer who skips a
    year counts as lost and then comes back as neither new nor retained, so it is lower
    than contractual retention (see :func:`churn_rate`).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...     "date": pd.to_datetime(["2020-01-05", "2020-02-01", "2021-03-01", "2021-04-01"])})
    >>> retention_rate(orders)[["customers", "retained", "new", "retention_rate"]]
            customers  retained  new  retention_rate
    period                                          
    2021            2         1    1             0.5
    """
    func = "retention_rate"
    check_columns(orders, [customer, date], func, "orders")
    check_rows(orders, func, "orders")
    check_choice(freq, PERIOD, func, "freq")
    per = _dates(orders, date, func).dt.to_period(PERIOD[freq])
    buyers = pd.DataFrame({"c": orders[customer].to_numpy(), "p": per.to_numpy()}).drop_duplicates()
    sets = buyers.groupby("p")["c"].agg(set)
    periods = pd.period_range(per.min(), per.max(), freq=PERIOD[freq])
    if len(periods) < 2:
        raise ValueError(f"{func}: orders must span at least two periods (freq={freq!r}) to "
                         f"compare one with the next; got {len(periods)}")
    sets = sets.reindex(periods).apply(lambda s: s if isinstance(s, set) else set())
    seen, rows = set(sets.iloc[0]), []
    for prev, now, label in zip(sets.iloc[:-1], sets.iloc[1:], periods[1:]):
        kept = len(prev & now)
        rows.append(dict(period=label.year if freq == "YE" else label, customers=len(prev),
                         retained=kept, lost=len(prev) - kept, new=len(now - seen)))
        seen |= now
    out = pd.DataFrame(rows).set_index("period")
    out["retention_rate"] = out["retained"] / out["customers"].where(out["customers"] > 0)
    out["churn_rate"] = 1 - out["retention_rate"]
    return out


def churn_rate(relationships: pd.DataFrame, *, by: str | None = None, year: str = "year",
               churned: str = "churned", customer: str = "customer_id") -> pd.DataFrame:
    """Yearly churn rate from a record of relationships: the share of customers who left.

    Parameters
    ----------
    relationships : DataFrame
        One row per customer and year the customer was active, with a 0/1 or boolean
        ``churned`` column (the relationship ended in that year), e.g. ``world.relationships``.
    by : str, optional
        A column to split by (a stage, a segment).
    year, churned : str
        Column names.
    customer : str, default="customer_id"
        Column of the customer key, if the table has one: a customer counts once a year,
        so a repeated customer-year raises.

    Returns
    -------
    DataFrame
        Indexed by year (and ``by``): ``customers`` active in the year, ``churned`` and
        ``churn_rate`` = churned / customers; ``retention_rate`` = 1 - churn_rate.

    Examples
    --------
    >>> rel = pd.DataFrame({"year": [2020, 2020, 2020, 2021, 2021], "churned": [0, 1, 0, 0, 0]})
    >>> churn_rate(rel)["churn_rate"].round(3).tolist()
    [0.333, 0.0]
    """
    func = "churn_rate"
    check_columns(relationships, [year, churned] + ([by] if by else []), func, "relationships")
    check_rows(relationships, func, "relationships")
    if customer in relationships.columns:
        repeated = relationships.duplicated([customer, year])
        if repeated.any():
            raise ValueError(f"{func}: relationships must have one row per {customer} and "
                             f"{year}; got {int(repeated.sum())} repeated, e.g. "
                             f"{relationships.loc[repeated, [customer, year]].iloc[0].tolist()}")
    flag = _binary(relationships, churned, func)
    keys = [relationships[year]] + ([relationships[by]] if by else [])
    out = pd.Series(flag).groupby([k.to_numpy() for k in keys]).agg(["size", "sum"])
    out.index.names = [year] + ([by] if by else [])
    out.columns = ["customers", "churned"]
    out["churn_rate"] = out["churned"] / out["customers"]
    out["retention_rate"] = 1 - out["churn_rate"]
    return out
