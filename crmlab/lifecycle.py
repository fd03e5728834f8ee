"""The customer lifecycle (客户生命周期): stages, retention, survival, churn and lifetime value.

Stages and cohorts describe the customer base; Kaplan-Meier curves and the Cox model
say how long relationships last and what shortens them; a churn classifier says whom
to call; three lifetime-value models say what a customer is worth; a Markov matrix of
grade migration says where the base is heading.

Functions
---------
lifecycle_stage, cohort_retention, retention_rate, churn_rate : describe the base
churn_episodes, churn_features : the world as survival episodes and as a churn table
survival, fit_churn_hazard, fit_churn_classifier : survival and churn models
clv_retention, clv_berger_nasr, retention_lever : lifetime value by formula
rfm_summary, fit_bgnbd, fit_gamma_gamma : lifetime value by probability model
grade_migration : Markov migration between grades, the declining-grade alert
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ._validate import check_choice, check_columns, check_date, check_int, check_number

__all__ = ["STAGES", "lifecycle_stage", "cohort_retention", "CohortRetention", "retention_rate",
           "churn_rate", "churn_episodes", "churn_features", "survival", "SurvivalCurves",
           "fit_churn_hazard", "ChurnHazard", "fit_churn_classifier", "ChurnClassifier",
           "clv_retention", "clv_berger_nasr", "retention_lever", "rfm_summary", "fit_bgnbd",
           "BGNBD", "fit_gamma_gamma", "GammaGamma", "grade_migration", "GradeMigration"]

STAGES = ("initial", "development", "mature", "decline", "lapsed")
_PERIOD = {"YE": "Y", "QE": "Q", "ME": "M"}
_PER_YEAR = {"YE": 1, "QE": 4, "ME": 12}
DAYS_PER_YEAR = 365.25


# --- shared checks ---------------------------------------------------------------------------
def _numeric(data, column, func, *, nonnegative=False):
    values = data[column]
    if values.dtype == bool:
        values = values.astype(float)
    if not pd.api.types.is_numeric_dtype(values):
        raise TypeError(f"{func}: column {column!r} must be numeric; got {values.dtype}")
    values = values.astype(float)
    if values.isna().any() or not np.isfinite(values).all():
        bad = int((~np.isfinite(values)).sum())
        raise ValueError(f"{func}: column {column!r} has {bad} missing or infinite values; "
                         f"drop or fill them first")
    if nonnegative and (values < 0).any():
        raise ValueError(f"{func}: column {column!r} has negative durations "
                         f"({int((values < 0).sum())} rows); durations must be >= 0")
    return values.to_numpy()


def _binary(data, column, func):
    values = data[column]
    ok = values.isin([0, 1, True, False]) & values.notna()
    if not ok.all():
        bad = values[~ok].unique()[:5].tolist()
        raise ValueError(f"{func}: column {column!r} must hold events coded 0/1 (or False/True); "
                         f"found {bad}")
    return values.astype(int).to_numpy()


def _dates(data, column, func):
    if not pd.api.types.is_datetime64_any_dtype(data[column]):
        raise TypeError(f"{func}: column {column!r} must hold dates (datetime64); got "
                        f"{data[column].dtype}; convert it with pd.to_datetime")
    if data[column].isna().any():
        raise ValueError(f"{func}: column {column!r} has missing dates")
    return data[column]


def _frozen_repr(self):
    params = {k: round(float(v), 4) for k, v in self.params.items()}
    return f"{type(self).__name__}(params={params}, loglik={self.loglik:.2f}, n={self.n})"


# --- stages, cohorts, retention --------------------------------------------------------------
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
    check_choice(freq, _PERIOD, func, "freq")
    for name, x in (("initial_years", initial_years), ("development_years", development_years),
                    ("decline", decline)):
        check_number(x, func, name, low=0)
    check_int(window, func, "window", low=1)
    when = _dates(orders, date, func)
    amount = _numeric(orders, value, func)
    per = when.dt.to_period(_PERIOD[freq])
    book = pd.DataFrame({"c": orders[customer].to_numpy(), "p": per.to_numpy(), "v": amount})
    totals = book.groupby(["c", "p"], observed=True)["v"].sum()
    first = when.groupby(orders[customer].to_numpy()).min()
    if customers is not None:
        check_columns(customers, [customer, "customer_since"], func, "customers")
        since = customers.set_index(customer)["customer_since"].reindex(first.index).fillna(first)
    else:
        since = first
    table = pd.concat([pd.DataFrame({"customer": cid, "period": pd.period_range(
        max(start.to_period(_PERIOD[freq]), per.min()), per.max(), freq=_PERIOD[freq])})
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
    check_choice(freq, _PERIOD, func, "freq")
    per = _dates(orders, date, func).dt.to_period(_PERIOD[freq])
    buyers = pd.DataFrame({"c": orders[customer].to_numpy(), "p": per.to_numpy()}).drop_duplicates()
    sets = buyers.groupby("p")["c"].agg(set)
    periods = pd.period_range(per.min(), per.max(), freq=_PERIOD[freq])
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
               churned: str = "churned") -> pd.DataFrame:
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
    flag = _binary(relationships, churned, func)
    keys = [relationships[year]] + ([relationships[by]] if by else [])
    out = pd.Series(flag).groupby([k.to_numpy() for k in keys]).agg(["size", "sum"])
    out.index.names = [year] + ([by] if by else [])
    out.columns = ["customers", "churned"]
    out["churn_rate"] = out["churned"] / out["customers"]
    out["retention_rate"] = 1 - out["churn_rate"]
    return out


# --- the world as churn data -----------------------------------------------------------------
def churn_episodes(world) -> pd.DataFrame:
    """Customer-year episodes at risk of churn, with the true and the observable covariates.

    Parameters
    ----------
    world : crmlab.datasets.World
        A world from ``load_world`` or ``make_world``.

    Returns
    -------
    DataFrame
        One row per customer and year at risk: ``customer_id``, ``year``, ``segment``
        (true), ``stage`` (true stage at the middle of the year's exposure, as the
        generator's hazard uses it), ``entry`` and ``exit`` (tenure in years when the
        episode starts and ends), ``churned`` (0/1), the latent ``satisfaction`` and
        ``complaint`` of the year (standardised, from ``world.truth``),
        ``competitor_offer`` (0/1), and last year's observable proxies:
        ``survey_satisfaction`` and ``survey_complaint`` (mean Likert item score of the
        year's respondents, NaN when not surveyed) and ``complaint_tickets``.

    Notes
    -----
    Tenure is the time scale. Customers won before the order book starts enter late
    (left truncation): their first episode starts at their tenure on its first day. The
    generator lets nobody churn in the first 30 days, so exposure starts on day 30.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> episodes = churn_episodes(make_world(n_customers=40, seed=1))
    >>> bool((episodes["exit"] > episodes["entry"]).all())
    True
    """
    hz = world.truth["params"]["churn_hazard"]
    truth = world.truth_frame("customers")
    cy = world.truth_frame("customer_years")[["customer_id", "year", "satisfaction", "complaint"]]
    rel = world.relationships[["customer_id", "year", "competitor_offer", "churned", "churn_date"]]
    frame = (cy.merge(rel, on=["customer_id", "year"])
             .merge(world.customers[["customer_id", "customer_since"]], on="customer_id")
             .merge(truth, on="customer_id"))
    year_start = pd.to_datetime(frame["year"].astype(str) + "-01-01")
    year_end = year_start + pd.offsets.YearEnd(0)
    since = frame["customer_since"]
    lo = np.maximum(year_start, since + pd.Timedelta(days=hz["no_churn_days_after_start"]))
    mid = (lo + (year_end - lo) / 2).to_numpy()
    bounds = np.column_stack([pd.to_datetime(frame[f"stage_end_{s}"]).to_numpy()
                              for s in ("initial", "development", "mature")])
    stage = (mid[:, None] >= bounds).sum(axis=1)
    stop = frame["churn_date"].where(frame["churned"], year_end + pd.Timedelta(days=1))
    out = pd.DataFrame({
        "customer_id": frame["customer_id"], "year": frame["year"], "segment": frame["segment"],
        "stage": pd.Categorical(np.array(STAGES[:4])[stage], categories=STAGES[:4], ordered=True),
        "entry": (lo - since).dt.days / DAYS_PER_YEAR,
        "exit": (stop - since).dt.days / DAYS_PER_YEAR,
        "churned": frame["churned"].astype(int),
        "satisfaction": frame["satisfaction"], "complaint": frame["complaint"],
        "competitor_offer": frame["competitor_offer"].astype(int)})
    sv = world.survey
    survey = pd.DataFrame({
        "customer_id": sv["customer_id"], "year": sv["year"] + 1,
        "survey_satisfaction": sv[["satis_1", "satis_2", "satis_3"]].mean(axis=1),
        "survey_complaint": sv[["complaint_1", "complaint_2"]].mean(axis=1)}
    ).groupby(["customer_id", "year"], as_index=False).mean()
    tk = world.tickets[world.tickets["type"] == "complaint"]
    tickets = tk.groupby([tk["customer_id"], tk["date"].dt.year.rename("year") + 1]).size()
    out = out.merge(survey, on=["customer_id", "year"], how="left")
    out["complaint_tickets"] = tickets.reindex(
        pd.MultiIndex.from_frame(out[["customer_id", "year"]]), fill_value=0).to_numpy()
    return out[out["exit"] > out["entry"]].reset_index(drop=True)


def churn_features(world, *, include_last: bool = False) -> pd.DataFrame:
    """What the archive shows about each customer at each year end, and who left next year.

    Parameters
    ----------
    world : crmlab.datasets.World
    include_last : bool, default=False
        Also return the customers active at the end of the last year, whose next year
        is not in the data (their ``churn_next_year`` is NaN): the ones to score today.

    Returns
    -------
    DataFrame
        One row per customer still active at the end of a year (before the last one
        unless ``include_last``):
        ``customer_id``, ``year``, ``date`` (the year end), the observable features
        ``tenure_years``, ``orders``, ``log_revenue`` (log10 of 1 + net revenue in the
        year), ``revenue_trend`` (log ratio of this year's to last year's revenue, 0 in
        the first year), ``days_since_order`` (at year end), ``complaints`` (tickets),
        ``late_share`` (share of order lines delivered late), ``days_late`` (mean days
        invoices were paid late), ``survey_satisfaction`` (latest mean satisfaction item
        score so far, NaN if never surveyed); and the target ``churn_next_year`` (0/1,
        from ``world.relationships``).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> table = churn_features(make_world(n_customers=40, seed=1))
    >>> sorted(table["churn_next_year"].unique().tolist())
    [0, 1]
    """
    rel = world.relationships
    alive = rel.loc[~rel["churned"], ["customer_id", "year"]]
    last = rel["year"].max()
    alive = alive[alive["year"] < last + int(include_last)].copy()
    o = world.orders.assign(year=world.orders["date"].dt.year)
    per = o.groupby(["customer_id", "year"]).agg(
        orders=("order_id", "nunique"), revenue=("net_revenue", "sum"),
        late_share=("on_time", lambda s: 1 - s.mean()), last_order=("date", "max"))
    inv = world.invoices.assign(year=world.invoices["invoice_date"].dt.year)
    late = inv.groupby(["customer_id", "year"])["days_late"].mean().rename("days_late")
    tk = world.tickets[world.tickets["type"] == "complaint"]
    comp = tk.groupby([tk["customer_id"], tk["date"].dt.year.rename("year")]).size()
    sv = world.survey
    sat = sv[["satis_1", "satis_2", "satis_3"]].mean(axis=1).groupby(
        [sv["customer_id"], sv["year"]]).mean().rename("survey_satisfaction")
    t = alive.merge(per.reset_index(), on=["customer_id", "year"], how="left")
    t = t.merge(late.reset_index(), on=["customer_id", "year"], how="left")
    t = t.merge(sat.reset_index(), on=["customer_id", "year"], how="left")
    t["complaints"] = comp.reindex(pd.MultiIndex.from_frame(t[["customer_id", "year"]]),
                                   fill_value=0).to_numpy()
    t = t.sort_values(["customer_id", "year"]).reset_index(drop=True)
    g = t.groupby("customer_id")
    t["last_order"] = g["last_order"].ffill()
    t["survey_satisfaction"] = g["survey_satisfaction"].ffill()
    t["date"] = pd.to_datetime(t["year"].astype(str) + "-12-31")
    since = t["customer_id"].map(world.customers.set_index("customer_id")["customer_since"])
    t["tenure_years"] = ((t["date"] - since).dt.days / DAYS_PER_YEAR).round(2)
    t["orders"] = t["orders"].fillna(0).astype(int)
    revenue = t["revenue"].fillna(0.0)
    t["log_revenue"] = np.log10(1 + revenue)
    prev = g["revenue"].shift(1)
    t["revenue_trend"] = np.log((1 + revenue) / (1 + prev.fillna(0.0))).where(prev.notna(), 0.0)
    t["days_since_order"] = (t["date"] - t["last_order"].fillna(since)).dt.days
    t["late_share"] = t["late_share"].fillna(0.0)
    t["days_late"] = t["days_late"].fillna(0.0)
    nxt = rel.assign(year=rel["year"] - 1).set_index(["customer_id", "year"])["churned"]
    t["churn_next_year"] = nxt.reindex(pd.MultiIndex.from_frame(t[["customer_id", "year"]]),
                                       fill_value=False).astype(int).to_numpy()
    if include_last:
        t["churn_next_year"] = t["churn_next_year"].where(t["year"] < last)
    return t[["customer_id", "year", "date", "tenure_years", "orders", "log_revenue",
              "revenue_trend", "days_since_order", "complaints", "late_share", "days_late",
              "survey_satisfaction", "churn_next_year"]]


# --- survival --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SurvivalCurves:
    """Kaplan-Meier curves per group, their medians and the log-rank test.

    Attributes
    ----------
    table : DataFrame
        ``group``, ``time``, ``at_risk``, ``events``, ``survival`` and its pointwise
        ``lower`` / ``upper`` bounds (log-log transformed, Greenwood variance).
    medians : DataFrame
        Per group: ``customers``, ``events``, ``median`` lifetime and its ``lower`` /
        ``upper`` bounds (NaN or inf when the curve or its band never reaches 0.5).
    logrank : Series or None
        ``chi2``, ``df`` and ``p_value`` of the log-rank test between groups.
    curves : dict
        The statsmodels ``SurvfuncRight`` of each group.
    """

    table: pd.DataFrame
    medians: pd.DataFrame
    logrank: pd.Series | None
    curves: dict = field(repr=False)


def _survival_inputs(data, duration, event, entry, func):
    check_columns(data, [duration, event] + ([entry] if entry else []), func)
    time = _numeric(data, duration, func, nonnegative=True)
    status = _binary(data, event, func)
    start = None
    if entry:
        start = _numeric(data, entry, func, nonnegative=True)
        if (start >= time).any():
            raise ValueError(f"{func}: {int((start >= time).sum())} rows have {entry!r} >= "
                             f"{duration!r}; an episode must end after it starts")
    return time, status, start


def survival(data: pd.DataFrame, *, duration: str, event: str, group: str | None = None,
             entry: str | None = None, alpha: float = 0.05) -> SurvivalCurves:
    """Kaplan-Meier survival curves with confidence bands, median lifetimes and a log-rank test.

    Parameters
    ----------
    data : DataFrame
        One row per customer (or per episode, with ``entry``).
    duration : str
        Column of times to churn or to censoring (>= 0).
    event : str
        Column: 1 (or True) when the customer churned, 0 when censored.
    group : str, optional
        Column that splits customers into groups (a grade, a satisfaction band).
    entry : str, optional
        Column of late-entry times (left truncation).
    alpha : float, default=0.05
        1 - confidence level of the bands.

    Returns
    -------
    SurvivalCurves

    Notes
    -----
    :math:`\\hat S(t) = \\prod_{t_j \\le t} (1 - d_j / n_j)` with :math:`d_j` churns among
    the :math:`n_j` customers at risk at :math:`t_j` (Kaplan & Meier 1958), computed by
    statsmodels ``SurvfuncRight``; bands use the log-log transform of Greenwood's
    variance; groups are compared with the log-rank test (statsmodels ``survdiff``).

    Examples
    --------
    >>> d = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6], "churned": [1, 0, 1, 1, 0, 1]})
    >>> survival(d, duration="t", event="churned").medians["median"].item()
    4.0
    """
    from statsmodels.duration.survfunc import SurvfuncRight, survdiff

    func = "survival"
    check_number(alpha, func, "alpha", low=0, high=1)
    time, status, start = _survival_inputs(data, duration, event, entry, func)
    if group is not None:
        check_columns(data, [group], func)
        labels = data[group]
        if labels.isna().any():
            raise ValueError(f"{func}: column {group!r} has missing groups; drop or label them")
        names = labels.cat.categories[labels.cat.categories.isin(labels)] \
            if isinstance(labels.dtype, pd.CategoricalDtype) else sorted(labels.unique())
    else:
        labels, names = pd.Series("all", index=data.index), ["all"]
    z = stats.norm.ppf(1 - alpha / 2)
    tables, medians, curves = [], [], {}
    for name in names:
        mask = (labels == name).to_numpy()
        sf = SurvfuncRight(time[mask], status[mask], entry=None if start is None else start[mask])
        curves[name] = sf
        s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            half = z * se / (s * np.abs(np.log(s)))
            lower = np.exp(-np.exp(np.log(-np.log(s)) + half))
            upper = np.exp(-np.exp(np.log(-np.log(s)) - half))
        tables.append(pd.DataFrame({"group": name, "time": sf.surv_times, "at_risk": sf.n_risk,
                                    "events": sf.n_events, "survival": s,
                                    "lower": np.where(np.isfinite(lower), lower, s),
                                    "upper": np.where(np.isfinite(upper), upper, s)}))
        with np.errstate(all="ignore"):
            lo, hi = sf.quantile_ci(0.5, alpha=alpha)
        medians.append(dict(group=name, customers=int(mask.sum()), events=int(status[mask].sum()),
                            median=float(sf.quantile(0.5)), lower=float(lo), upper=float(hi)))
    logrank = None
    if len(names) > 1:
        chi2, p = survdiff(time, status, labels.astype(str).to_numpy(), entry=start)
        logrank = pd.Series({"chi2": float(chi2), "df": len(names) - 1, "p_value": float(p)})
    return SurvivalCurves(table=pd.concat(tables, ignore_index=True),
                          medians=pd.DataFrame(medians).set_index("group"),
                          logrank=logrank, curves=curves)


def _design(data, covariates, reference, func):
    """Numeric covariates as they are; categorical ones as dummies against a reference level."""
    columns = []
    for c in covariates:
        x = data[c]
        if x.dtype == bool or pd.api.types.is_numeric_dtype(x):
            columns.append(pd.Series(_numeric(data, c, func), index=data.index, name=c))
            continue
        if x.isna().any():
            raise ValueError(f"{func}: column {c!r} has missing values; drop or fill them first")
        levels = list(x.cat.categories[x.cat.categories.isin(x)]) \
            if isinstance(x.dtype, pd.CategoricalDtype) else sorted(x.unique())
        base = (reference or {}).get(c, levels[0])
        if base not in levels:
            raise ValueError(f"{func}: reference level {base!r} of {c!r} not in {levels}")
        for level in levels:
            if level != base:
                columns.append(pd.Series((x == level).astype(float).to_numpy(), index=data.index,
                                         name=f"{c}[{level}]"))
    return pd.concat(columns, axis=1)


@dataclass(frozen=True)
class ChurnHazard:
    """A fitted Cox proportional-hazards model of churn.

    Attributes
    ----------
    params : Series
        Log hazard ratios by term.
    hazard_ratios : DataFrame
        ``hazard_ratio``, ``lower``, ``upper`` (confidence interval) and ``p_value``.
    ph_test : DataFrame
        Proportional-hazards check per term: ``rho`` (correlation of the Schoenfeld
        residuals with the rank of event time), ``statistic`` and ``p_value``.
    loglik : float
        Log partial likelihood.
    n_obs, n_events : int
    model : statsmodels PHRegResults
    """

    params: pd.Series
    hazard_ratios: pd.DataFrame
    ph_test: pd.DataFrame
    loglik: float
    n_obs: int
    n_events: int
    model: object = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Coefficient, standard error, z, p, hazard ratio and its interval per term."""
        out = pd.DataFrame({"coef": self.params, "se": self.model.bse,
                            "z": self.params / self.model.bse})
        return out.join(self.hazard_ratios)

    def __repr__(self) -> str:
        ratios = {k: round(float(v), 3) for k, v in self.hazard_ratios["hazard_ratio"].items()}
        return f"ChurnHazard(hazard_ratios={ratios}, n_obs={self.n_obs}, n_events={self.n_events})"


def fit_churn_hazard(data: pd.DataFrame, *, duration: str, event: str, covariates,
                     entry: str | None = None, strata: str | None = None, ties: str = "efron",
                     reference: dict | None = None, alpha: float = 0.05) -> ChurnHazard:
    """Cox proportional-hazards model of churn (statsmodels ``PHReg``).

    Parameters
    ----------
    data : DataFrame
        One row per customer, or per episode with ``entry`` (time-varying covariates).
    duration, event : str
        Time to churn or censoring, and the 0/1 churn flag.
    covariates : list of str
        Numeric or boolean columns enter as they are; text or categorical columns as
        dummies against their first level (or ``reference[column]``).
    entry : str, optional
        Late-entry time of each row (left truncation; episodes of one customer).
    strata : str, optional
        A column whose levels get their own baseline hazard.
    ties : {"efron", "breslow"}, default="efron"
    reference : dict, optional
        Reference level per categorical covariate.
    alpha : float, default=0.05
        1 - confidence level.

    Returns
    -------
    ChurnHazard

    Notes
    -----
    :math:`h(t \\mid x) = h_0(t) \\exp(x^\\top \\beta)` (Cox 1972); :math:`e^{\\beta_k}` is the
    hazard ratio of a unit more of :math:`x_k`. The proportional-hazards check correlates
    each term's Schoenfeld residuals with the rank of event time (in the spirit of
    Grambsch & Therneau 1994); a small p-value says the effect changes over time.

    Examples
    --------
    >>> d = pd.DataFrame({"t": [2, 3, 5, 7, 8, 9, 11, 12], "churned": [1, 1, 0, 1, 1, 0, 1, 0],
    ...                   "offer": [1, 1, 0, 1, 0, 0, 1, 0]})
    >>> fit = fit_churn_hazard(d, duration="t", event="churned", covariates=["offer"])
    >>> fit.hazard_ratios.loc["offer", "hazard_ratio"] > 1
    np.True_
    """
    from statsmodels.duration.hazard_regression import PHReg

    func = "fit_churn_hazard"
    check_choice(ties, ["efron", "breslow"], func, "ties")
    check_number(alpha, func, "alpha", low=0, high=1)
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if not covariates:
        raise ValueError(f"{func}: covariates must name at least one column")
    time, status, start = _survival_inputs(data, duration, event, entry, func)
    check_columns(data, covariates + ([strata] if strata else []), func)
    if status.sum() == 0:
        raise ValueError(f"{func}: column {event!r} has no events; a hazard model needs churns")
    X = _design(data, covariates, reference, func)
    groups = None if strata is None else data[strata].astype(str).to_numpy()
    res = PHReg(time, X.to_numpy(), status=status, entry=start, strata=groups, ties=ties).fit()
    terms = list(X.columns)
    params = pd.Series(res.params, index=terms, name="coef")
    ci = res.conf_int(alpha=alpha)
    hr = pd.DataFrame({"hazard_ratio": np.exp(res.params), "lower": np.exp(ci[:, 0]),
                       "upper": np.exp(ci[:, 1]), "p_value": res.pvalues}, index=terms)
    resid = res.schoenfeld_residuals
    rows = []
    for k, term in enumerate(terms):
        ok = np.isfinite(resid[:, k])
        d = int(ok.sum())
        rank = stats.rankdata(time[ok])
        rho = float(np.corrcoef(resid[ok, k], rank)[0, 1]) if d > 2 and resid[ok, k].std() > 0 \
            else np.nan
        stat = rho**2 * (d - 2) / (1 - rho**2) if np.isfinite(rho) else np.nan
        rows.append(dict(term=term, rho=rho, statistic=stat, p_value=stats.chi2.sf(stat, 1)))
    return ChurnHazard(params=params, hazard_ratios=hr,
                       ph_test=pd.DataFrame(rows).set_index("term"), loglik=float(res.llf),
                       n_obs=len(time), n_events=int(status.sum()), model=res)


# --- churn classifier ------------------------------------------------------------------------
@dataclass(frozen=True)
class ChurnClassifier:
    """Churn classifiers trained on the past and scored on the period after ``split_date``.

    Attributes
    ----------
    scores : DataFrame
        The hold-out rows: the target and each model's predicted churn probability.
    auc : Series
        ROC AUC per model on the hold-out.
    gains : DataFrame
        Per model and decile of predicted risk (1 = riskiest tenth): ``customers``,
        ``churners``, ``churn_rate``, ``lift`` (churn rate / base rate),
        ``share_contacted`` and ``share_of_churners`` (cumulative).
    calibration : DataFrame
        Per model and bin of predicted probability: mean ``predicted``, ``observed``
        churn rate and ``customers``.
    models : dict
        The fitted scikit-learn pipelines.
    features : tuple of str
    n_train : int
    """

    scores: pd.DataFrame
    auc: pd.Series
    gains: pd.DataFrame
    calibration: pd.DataFrame
    models: dict = field(repr=False)
    features: tuple = ()
    n_train: int = 0

    def predict(self, data: pd.DataFrame) -> pd.DataFrame:
        """Each model's churn probability for new rows (with the same feature columns)."""
        check_columns(data, self.features, "predict")
        X = data[list(self.features)].astype(float).to_numpy()
        return pd.DataFrame({name: model.predict_proba(X)[:, 1]
                             for name, model in self.models.items()}, index=data.index)

    def summary(self) -> pd.DataFrame:
        """AUC, Brier score, top-decile lift and the hold-out churn rate per model."""
        target = self.scores.iloc[:, 0]
        rows = {}
        for name in self.models:
            p = self.scores[name]
            top = self.gains[(self.gains["model"] == name) & (self.gains["decile"] == 1)]
            rows[name] = dict(auc=self.auc[name], brier=float(((p - target) ** 2).mean()),
                              top_decile_lift=float(top["lift"].iloc[0]),
                              churn_rate=float(target.mean()), n_train=self.n_train,
                              n_test=len(target))
        return pd.DataFrame(rows).T


def fit_churn_classifier(data: pd.DataFrame, features, target: str, split_date, *,
                         date: str = "date", bins: int = 5, seed: int = 0) -> ChurnClassifier:
    """Logistic regression and gradient boosting for churn, with a temporal hold-out.

    Parameters
    ----------
    data : DataFrame
        One row per customer and observation date, e.g. :func:`churn_features`.
    features : list of str
        Numeric feature columns; missing values are imputed (median, plus an indicator).
    target : str
        0/1 column: the customer churned in the following period.
    split_date : str or date
        Rows dated before it train the models; rows dated on or after it are the hold-out.
    date : str, default="date"
        Column with each row's observation date.
    bins : int, default=5
        Quantile bins of predicted probability in the calibration table.
    seed : int, default=0
        Random state of the gradient-boosting model.

    Returns
    -------
    ChurnClassifier

    Notes
    -----
    A random split would let the models learn from the future; a temporal hold-out
    scores next period's customers with what was known before (Neslin et al. 2006).
    Lift of decile k = churn rate in decile k / overall churn rate; the gains curve is
    the cumulative share of churners caught against the share of customers contacted.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"x": rng.normal(size=400), "date": np.repeat(
    ...     pd.to_datetime(["2022-12-31", "2023-12-31"]), 200)})
    >>> d["churn"] = (rng.random(400) < 1 / (1 + np.exp(2 - 1.5 * d["x"]))).astype(int)
    >>> res = fit_churn_classifier(d, ["x"], "churn", "2023-06-30")
    >>> bool(res.auc["logistic"] > 0.7)
    True
    """
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    func = "fit_churn_classifier"
    features = [features] if isinstance(features, str) else list(features)
    check_columns(data, features + [target, date], func)
    check_int(bins, func, "bins", low=2)
    for f in features:
        if not (data[f].dtype == bool or pd.api.types.is_numeric_dtype(data[f])):
            raise TypeError(f"{func}: feature {f!r} must be numeric; got {data[f].dtype}")
    y = _binary(data, target, func)
    when = _dates(data, date, func)
    split = check_date(split_date, func, "split_date")
    train = (when < split).to_numpy()
    if train.all() or not train.any():
        raise ValueError(f"{func}: split_date {split.date()} is outside the data, whose dates run "
                         f"from {when.min().date()} to {when.max().date()}; both sides of the "
                         f"split need rows")
    if len(np.unique(y[train])) < 2:
        raise ValueError(f"{func}: the training rows (before {split.date()}) have only one class")
    X = data[features].astype(float).to_numpy()
    models = {
        "logistic": make_pipeline(SimpleImputer(strategy="median", add_indicator=True),
                                  StandardScaler(), LogisticRegression(max_iter=1000)),
        "gradient_boosting": make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True),
            GradientBoostingClassifier(n_estimators=150, max_depth=2, learning_rate=0.05,
                                       random_state=seed)),
    }
    test = ~train
    scores = pd.DataFrame({target: y[test]}, index=data.index[test])
    gains, calibration, auc = [], [], {}
    base = y[test].mean()
    for name, model in models.items():
        model.fit(X[train], y[train])
        p = model.predict_proba(X[test])[:, 1]
        scores[name] = p
        auc[name] = roc_auc_score(y[test], p) if 0 < base < 1 else np.nan
        order = np.argsort(-p, kind="stable")
        decile = np.empty(len(p), dtype=int)
        decile[order] = np.arange(len(p)) * 10 // len(p) + 1
        g = pd.DataFrame({"decile": decile, "y": y[test]}).groupby("decile")["y"].agg(
            ["size", "sum"])
        g.columns = ["customers", "churners"]
        g["churn_rate"] = g["churners"] / g["customers"]
        g["lift"] = g["churn_rate"] / base if base > 0 else np.nan
        g["share_contacted"] = g["customers"].cumsum() / len(p)
        g["share_of_churners"] = g["churners"].cumsum() / max(y[test].sum(), 1)
        gains.append(g.reset_index().assign(model=name))
        q = pd.qcut(pd.Series(p).rank(method="first"), bins, labels=False) + 1
        c = pd.DataFrame({"bin": q.to_numpy(), "p": p, "y": y[test]}).groupby("bin").agg(
            predicted=("p", "mean"), observed=("y", "mean"), customers=("y", "size"))
        calibration.append(c.reset_index().assign(model=name))
    cols = ["model", "decile", "customers", "churners", "churn_rate", "lift", "share_contacted",
            "share_of_churners"]
    return ChurnClassifier(scores=scores, auc=pd.Series(auc, name="auc"),
                           gains=pd.concat(gains, ignore_index=True)[cols],
                           calibration=pd.concat(calibration, ignore_index=True)[
                               ["model", "bin", "predicted", "observed", "customers"]],
                           models=models, features=tuple(features), n_train=int(train.sum()))


# --- lifetime value by formula ---------------------------------------------------------------
def _clv_args(func, retention, discount, horizon):
    check_number(retention, func, "retention", low=0, high=1)
    check_number(discount, func, "discount", low=0)
    if horizon is not None:
        check_int(horizon, func, "horizon", low=1)
    elif 1 + discount - retention <= 0:
        raise ValueError(f"{func}: with retention 1 and discount 0 an unlimited horizon has no "
                         f"finite value; give a horizon")


def clv_retention(margin: float, retention: float, discount: float, horizon: int | None = None,
                  acquisition_cost: float = 0.0) -> float:
    """Customer lifetime value from a constant margin and retention rate.

    Parameters
    ----------
    margin : float
        Margin m per customer and period, earned at the end of each period the customer stays.
    retention : float
        Retention rate r per period, in [0, 1].
    discount : float
        Discount rate i per period (0.1 for 10 %).
    horizon : int, optional
        Number of periods; None for an unlimited horizon.
    acquisition_cost : float, default=0
        Subtracted once, at the start.

    Returns
    -------
    float

    Notes
    -----
    .. math:: CLV = \\sum_{t=1}^{H} m \\frac{r^t}{(1+i)^t} - AC
              \\;\\xrightarrow{H \\to \\infty}\\; m \\frac{r}{1 + i - r} - AC

    The factor :math:`r / (1 + i - r)` is Gupta & Lehmann's margin multiple (Gupta &
    Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1), Table 1): with
    r = 0.8 and i = 0.12 a customer is worth 2.5 years of margin.

    Examples
    --------
    >>> round(clv_retention(100.0, 0.8, 0.12), 2)
    250.0
    >>> round(clv_retention(100.0, 0.8, 0.12, horizon=1), 2)
    71.43
    """
    func = "clv_retention"
    check_number(margin, func, "margin")
    check_number(acquisition_cost, func, "acquisition_cost")
    _clv_args(func, retention, discount, horizon)
    q = retention / (1 + discount)
    if horizon is None:
        value = margin * retention / (1 + discount - retention)
    else:
        value = margin * (q * horizon if q == 1 else q * (1 - q**horizon) / (1 - q))
    return float(value - acquisition_cost)


def clv_berger_nasr(contribution: float, promotion_cost: float, retention: float, discount: float,
                    horizon: int | None = None) -> float:
    """Customer lifetime value with a yearly contribution and promotion cost (Berger & Nasr case 1).

    Parameters
    ----------
    contribution : float
        Gross contribution GC per year, received at the start of each year the customer stays
        (the first one now).
    promotion_cost : float
        Promotion (retention) spending M per customer and year, spent in the middle of the year.
    retention : float
        Yearly retention rate r.
    discount : float
        Yearly discount rate d.
    horizon : int, optional
        The last year n; None for an unlimited horizon.

    Returns
    -------
    float

    Notes
    -----
    .. math:: CLV = GC \\sum_{i=0}^{n} \\frac{r^i}{(1+d)^i}
              - M \\sum_{i=1}^{n} \\frac{r^{i-1}}{(1+d)^{i-0.5}}

    (Berger & Nasr 1998, "Customer lifetime value: marketing models and applications",
    J. Interactive Marketing 12(1), case 1). With :math:`n \\to \\infty` it is
    :math:`[GC (1+d) - M (1+d)^{1/2}] / (1 + d - r)`. Unlike :func:`clv_retention` it counts
    this year's contribution, paid up front.

    Examples
    --------
    >>> round(clv_berger_nasr(260.0, 50.0, 0.75, 0.2, horizon=1), 2)
    376.86
    """
    func = "clv_berger_nasr"
    check_number(contribution, func, "contribution")
    check_number(promotion_cost, func, "promotion_cost")
    _clv_args(func, retention, discount, horizon)
    q = retention / (1 + discount)
    if horizon is None:
        return float((contribution * (1 + discount) - promotion_cost * np.sqrt(1 + discount))
                     / (1 + discount - retention))
    i = np.arange(horizon + 1)
    gained = contribution * np.sum(q**i)
    spent = promotion_cost * np.sum(retention ** (i[1:] - 1) / (1 + discount) ** (i[1:] - 0.5))
    return float(gained - spent)


def retention_lever(margin: float, retention: float, discount: float, churn_cut: float = 0.05, *,
                    cut: str = "relative", acquisition_cost: float = 0.0,
                    new_customers: float = 100.0, retention_cost: float = 0.0,
                    extra_retention_cost: float = 0.0, fixed_cost: float = 0.0) -> pd.DataFrame:
    """What a cut in churn does to a customer's value and to the firm's steady-state profit.

    Parameters
    ----------
    margin : float
        Yearly margin per customer before retention spending.
    retention : float
        Yearly retention rate r before the cut (churn c = 1 - r).
    discount : float
        Yearly discount rate.
    churn_cut : float, default=0.05
        The cut: a share of churn (``cut="relative"``: c -> c (1 - cut)) or points of
        retention (``cut="points"``: r -> r + cut).
    cut : {"relative", "points"}, default="relative"
    acquisition_cost : float, default=0
        Cost of winning one new customer.
    new_customers : float, default=100
        New customers won per year (the same before and after).
    retention_cost : float, default=0
        Yearly spending per customer to keep customers (service, visits).
    extra_retention_cost : float, default=0
        Added yearly spending per customer that buys the churn cut.
    fixed_cost : float, default=0
        Yearly fixed cost of the firm.

    Returns
    -------
    DataFrame
        Rows: every assumption, then ``churn_rate``, ``retention_rate``, ``clv`` (retention
        formula on margin - retention spending, less acquisition cost), ``customers`` (steady
        state) and ``profit`` (yearly, steady state); columns ``before``, ``after`` and
        ``change`` (relative, after / before - 1).

    Notes
    -----
    In steady state, with A new customers a year and churn c, the base holds N = A / c
    customers, and yearly profit is :math:`\\Pi = N (m - s) - A \\cdot AC - F`. A churn
    cut raises N by c / c' - 1; profit rises by that times N (m - s) / Π, so "5 % less
    churn, 30 % or more profit" (Reichheld & Sasser 1990) needs profit to be thin against
    the margin the base earns, or "5 %" to mean five points of retention.

    Examples
    --------
    >>> lever = retention_lever(1000.0, 0.90, 0.10, 0.05, cut="points", acquisition_cost=2000.0)
    >>> lever.loc["customers", "change"].round(3).item()
    1.0
    """
    func = "retention_lever"
    check_choice(cut, ["relative", "points"], func, "cut")
    for name, x in (("margin", margin), ("acquisition_cost", acquisition_cost),
                    ("new_customers", new_customers), ("retention_cost", retention_cost),
                    ("extra_retention_cost", extra_retention_cost), ("fixed_cost", fixed_cost)):
        check_number(x, func, name)
    check_number(retention, func, "retention", low=0, high=1)
    check_number(discount, func, "discount", low=0)
    check_number(churn_cut, func, "churn_cut", low=0, high=1)
    churn = 1 - retention
    after = churn * (1 - churn_cut) if cut == "relative" else churn - churn_cut
    if churn <= 0 or after <= 0:
        raise ValueError(f"{func}: churn must stay above 0 (before {churn:.3f}, after "
                         f"{after:.3f}); a base that never churns has no steady state")
    rows = {}
    for label, c, spend in (("before", churn, retention_cost),
                            ("after", after, retention_cost + extra_retention_cost)):
        n = new_customers / c
        rows[label] = {
            "margin": margin, "discount": discount, "acquisition_cost": acquisition_cost,
            "new_customers": new_customers, "retention_cost": spend, "fixed_cost": fixed_cost,
            "churn_rate": c, "retention_rate": 1 - c,
            "clv": clv_retention(margin - spend, 1 - c, discount,
                                 acquisition_cost=acquisition_cost),
            "customers": n, "profit": n * (margin - spend) - new_customers * acquisition_cost
            - fixed_cost}
    out = pd.DataFrame(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change"] = out["after"] / out["before"] - 1
    out.loc[out["before"] < 0, "change"] = -out["change"]
    out.index.name = "quantity"
    return out


# --- lifetime value by probability model: BG/NBD and Gamma-Gamma ----------------------------
def rfm_summary(orders: pd.DataFrame, asof, freq: str = "W", *, value: str = "net_revenue",
                customer: str = "customer_id", date: str = "date") -> pd.DataFrame:
    """Frequency, recency, T and mean monetary value per customer, in the model's time units.

    Parameters
    ----------
    orders : DataFrame
        Order lines with ``customer``, ``date`` and ``value``.
    asof : str or date
        End of the calibration period; later orders are ignored.
    freq : {"D", "W", "M"}, default="W"
        Time unit: all purchases of a customer in one day (week, month) are one transaction.
    value : str, default="net_revenue"
    customer, date : str

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency`` (repeat transactions: transactions - 1),
        ``recency`` (time from the first to the last transaction), ``T`` (time from the
        first transaction to ``asof``), ``monetary`` (mean value of the repeat
        transactions, 0 when there is none), in units of ``freq``.

    Notes
    -----
    These are the sufficient statistics (x, t_x, T) of the BG/NBD and Pareto/NBD models
    (Fader, Hardie & Lee 2005) and :math:`\\bar z` of the Gamma-Gamma spend model.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-02-05", "2024-01-08"]),
    ...     "net_revenue": [10.0, 20.0, 40.0, 5.0]})
    >>> rfm_summary(orders, "2024-03-04")
                 frequency  recency  T  monetary
    customer_id                                 
    a                    2        5  9      30.0
    b                    0        0  8       0.0
    """
    func = "rfm_summary"
    check_columns(orders, [customer, date, value], func, "orders")
    check_choice(freq, ["D", "W", "M"], func, "freq")
    end = check_date(asof, func, "asof")
    when = _dates(orders, date, func)
    if end < when.min():
        raise ValueError(f"{func}: asof {end.date()} is before the first order "
                         f"({when.min().date()})")
    keep = (when <= end).to_numpy()
    amount = _numeric(orders, value, func)[keep]
    ordinal = when[keep].dt.to_period(freq).map(lambda p: p.ordinal).to_numpy()
    tx = pd.DataFrame({"c": orders[customer].to_numpy()[keep], "p": ordinal, "v": amount}
                      ).groupby(["c", "p"], sort=True)["v"].sum().reset_index()
    g = tx.groupby("c")
    first_value = g["v"].first()
    out = pd.DataFrame({"frequency": g.size() - 1, "recency": g["p"].max() - g["p"].min(),
                        "T": pd.Period(end, freq).ordinal - g["p"].min()})
    repeat = g["v"].sum() - first_value
    out["monetary"] = (repeat / out["frequency"].where(out["frequency"] > 0)).fillna(0.0)
    out.index.name = customer
    return out


def _rfm_arrays(func, frequency, recency=None, T=None):
    arrays = []
    for name, x in (("frequency", frequency), ("recency", recency), ("T", T)):
        if x is None:
            continue
        a = np.asarray(x, dtype=float).ravel()
        if not np.isfinite(a).all():
            raise ValueError(f"{func}: {name} has missing or infinite values")
        if (a < 0).any():
            raise ValueError(f"{func}: {name} has negative values")
        arrays.append(a)
    if len({len(a) for a in arrays}) > 1:
        raise ValueError(f"{func}: frequency, recency and T must have the same length; got "
                         f"{[len(a) for a in arrays]}")
    if len(arrays[0]) == 0:
        raise ValueError(f"{func}: no customers")
    x = arrays[0]
    if (x != np.round(x)).any():
        raise ValueError(f"{func}: frequency must count repeat transactions (whole numbers)")
    if len(arrays) == 3:
        _, tx, t = arrays
        if (tx > t + 1e-9).any():
            raise ValueError(f"{func}: {int((tx > t + 1e-9).sum())} customers have recency > T; "
                             f"the last purchase cannot come after the end of the period")
        if ((x > 0) & (tx <= 0)).any():
            raise ValueError(f"{func}: {int(((x > 0) & (tx <= 0)).sum())} customers have "
                             f"frequency > 0 with recency 0; a repeat purchase comes after the "
                             f"first")
        if ((x == 0) & (tx > 0)).any():
            raise ValueError(f"{func}: customers with frequency 0 must have recency 0")
    return arrays


def _hessian(f, x, step=1e-4):
    n = len(x)
    h = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            e_i, e_j = np.eye(n)[i] * step, np.eye(n)[j] * step
            h[i, j] = h[j, i] = (f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j)
                                 + f(x - e_i - e_j)) / (4 * step**2)
    return h


def _fit_ml(negloglik, start, names):
    res = optimize.minimize(negloglik, start, method="L-BFGS-B")
    theta = np.exp(res.x)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(_hessian(negloglik, res.x))
    se = theta * np.sqrt(np.clip(np.diag(cov), 0, None))
    return (pd.Series(theta, index=names, name="estimate"), pd.Series(se, index=names, name="se"),
            float(-res.fun), bool(res.success))


def _bgnbd_terms(params, x, tx, T):
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    a3 = np.where(x > 0, special.betaln(a + 1, b + np.maximum(x, 1) - 1) - special.betaln(a, b)
                  - (r + x) * np.log(alpha + tx), -np.inf)
    return a1 + np.logaddexp(a2, a3)


@dataclass(frozen=True)
class BGNBD:
    """A fitted BG/NBD model of repeat buying (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    params : Series
        ``r``, ``alpha`` (gamma heterogeneity of the purchase rate), ``a``, ``b`` (beta
        heterogeneity of the dropout probability).
    se : Series
        Standard errors (inverse Hessian, delta method).
    loglik : float
        Log-likelihood of the whole sample.
    n : int
        Customers.
    converged : bool
    """

    params: pd.Series
    se: pd.Series
    loglik: float
    n: int
    converged: bool

    __repr__ = _frozen_repr

    def summary(self) -> pd.DataFrame:
        """Estimates and standard errors, with the log-likelihood and sample size."""
        out = pd.concat([self.params, self.se], axis=1)
        out.attrs = {"loglik": self.loglik, "customers": self.n}
        return out

    def expected_purchases(self, t):
        """E[X(t)]: expected purchases of a new customer in a period of length t."""
        r, alpha, a, b = self.params
        t = np.asarray(t, dtype=float)
        z = t / (alpha + t)
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                        * special.hyp2f1(r, b, a + b - 1, z))

    def probability_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T): the chance the customer has not dropped out by T."""
        x, tx, t = _rfm_arrays("probability_alive", frequency, recency, T)
        r, alpha, a, b = self.params
        odds = np.where(x > 0, a / (b + np.maximum(x, 1) - 1)
                        * ((alpha + t) / (alpha + tx)) ** (r + x), 0.0)
        return 1 / (1 + odds)

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T]: expected purchases in the next t time units."""
        x, tx, T_ = _rfm_arrays("conditional_expected_purchases", frequency, recency, T)
        r, alpha, a, b = self.params
        t = np.asarray(t, dtype=float)
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T_ + t))
        part = 1 - ((alpha + T_) / (alpha + T_ + t)) ** (r + x) * hyp
        return (a + b + x - 1) / (a - 1) * part * self.probability_alive(x, tx, T_)

    def clv(self, frequency, recency, T, value, *, years: float = 3.0, discount: float = 0.1,
            periods_per_year: float = 52.18):
        """Discounted value of each customer's expected purchases over the next ``years``.

        Parameters
        ----------
        frequency, recency, T : array-like
            As in the fit, in the model's time units.
        value : float or array-like
            Value per transaction (e.g. Gamma-Gamma expected spend x margin).
        years : float, default=3
        discount : float, default=0.1
            Yearly discount rate; monthly flows are discounted at (1 + discount)^(month/12).
        periods_per_year : float, default=52.18
            The model's time units per year (52.18 for weeks, 12 for months, 365.25 for days).
        """
        check_number(years, "clv", "years", low=0)
        check_number(discount, "clv", "discount", low=0)
        check_number(periods_per_year, "clv", "periods_per_year", low=0)
        months = int(round(12 * years))
        steps = np.arange(months + 1) * periods_per_year / 12
        cum = np.stack([self.conditional_expected_purchases(s, frequency, recency, T)
                        for s in steps])
        flows = np.diff(cum, axis=0) / (1 + discount) ** (np.arange(1, months + 1)[:, None] / 12)
        return flows.sum(axis=0) * np.asarray(value, dtype=float)


def fit_bgnbd(frequency, recency, T) -> BGNBD:
    """Fit the BG/NBD model by maximum likelihood (scipy).

    Parameters
    ----------
    frequency : array-like
        Repeat transactions x per customer.
    recency : array-like
        Time t_x of the last transaction since the first (0 when x = 0).
    T : array-like
        Time since the first transaction to the end of the calibration period.

    Returns
    -------
    BGNBD

    Notes
    -----
    While alive a customer buys at Poisson rate :math:`\\lambda \\sim Gamma(r, \\alpha)`;
    after each purchase she drops out with probability :math:`p \\sim Beta(a, b)`. The
    likelihood of one customer is

    .. math:: L = \\frac{B(a, b+x)}{B(a, b)}
              \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+T)^{r+x}}
              + \\delta_{x>0} \\frac{B(a+1, b+x-1)}{B(a, b)}
                \\frac{\\Gamma(r+x)\\alpha^r}{\\Gamma(r)(\\alpha+t_x)^{r+x}}

    (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
    24(2), eq. 3); on their CDNOW sample r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
    LL = -9582.4. BG/NBD is for **non-contractual** buying, where nobody tells the firm
    they left. Where customers sign and cancel contracts (subscriptions, framework
    agreements with call-offs every period) churn is observed: use :func:`survival` and
    :func:`fit_churn_hazard`. A warning is raised when most customers buy in nearly every
    period, which looks contractual.

    Examples
    --------
    >>> fit = fit_bgnbd([0, 1, 3, 0, 2, 5], [0, 4, 20, 0, 10, 28], [30, 30, 30, 25, 25, 30])
    >>> sorted(fit.params.index)
    ['a', 'alpha', 'b', 'r']
    """
    func = "fit_bgnbd"
    x, tx, t = _rfm_arrays(func, frequency, recency, T)
    long = t >= 4
    regular = (x[long] >= 0.8 * t[long]).mean() if long.any() else 0.0
    if regular > 0.5:
        warnings.warn(f"{func}: {regular:.0%} of customers bought in nearly every period "
                      f"(frequency >= 0.8 T); the data look contractual. BG/NBD assumes "
                      f"non-contractual buying with unobserved dropout; for contracts use "
                      f"survival() or fit_churn_hazard()", UserWarning, stacklevel=2)
    rows, weight = np.unique(np.column_stack([x, tx, t]), axis=0, return_counts=True)
    xu, txu, tu = rows.T

    def negloglik(log_params):
        return -np.dot(weight, _bgnbd_terms(np.exp(log_params), xu, txu, tu))

    params, se, loglik, ok = _fit_ml(negloglik, np.zeros(4), ["r", "alpha", "a", "b"])
    return BGNBD(params=params, se=se, loglik=loglik, n=len(x), converged=ok)


@dataclass(frozen=True)
class GammaGamma:
    """A fitted Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    params : Series
        ``p``, ``q``, ``gamma``.
    se : Series
    loglik : float
    n : int
    converged : bool
    """

    params: pd.Series
    se: pd.Series
    loglik: float
    n: int
    converged: bool

    __repr__ = _frozen_repr

    def summary(self) -> pd.DataFrame:
        """Estimates and standard errors, with the log-likelihood and sample size."""
        out = pd.concat([self.params, self.se], axis=1)
        out.attrs = {"loglik": self.loglik, "customers": self.n}
        return out

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, p gamma / (q - 1)."""
        p, q, g = self.params
        return float(p * g / (q - 1)) if q > 1 else np.inf

    def expected_monetary(self, frequency, monetary):
        """E[M | x, mean spend]: the spend per transaction to expect from each customer.

        It weighs the customer's mean :math:`\\bar z` against the population mean:
        :math:`p(\\gamma + x \\bar z) / (p x + q - 1)`; for x = 0 it is the population mean.
        """
        x, z = _rfm_arrays("expected_monetary", frequency, monetary)
        p, q, g = self.params
        return p * (g + x * z) / (p * x + q - 1)


def fit_gamma_gamma(frequency, monetary) -> GammaGamma:
    """Fit the Gamma-Gamma spend model by maximum likelihood (scipy).

    Parameters
    ----------
    frequency : array-like
        Repeat transactions x per customer, all > 0 (repeat buyers only).
    monetary : array-like
        Mean value :math:`\\bar z` of those repeat transactions, all > 0.

    Returns
    -------
    GammaGamma

    Notes
    -----
    Spend per transaction is gamma(p, ν) around a customer's mean, and ν ~ gamma(q, γ)
    across customers, so

    .. math:: f(\\bar z \\mid x) = \\frac{\\Gamma(px+q)}{\\Gamma(px)\\Gamma(q)}
              \\frac{\\gamma^q \\bar z^{px-1} x^{px}}{(\\gamma + x \\bar z)^{px+q}}

    (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4); Colombo & Jiang 1999). On the CDNOW repeat
    buyers p = 6.25, q = 3.74, gamma = 15.44. The model assumes spend does not depend on
    frequency: check their correlation first.

    Examples
    --------
    >>> fit = fit_gamma_gamma([1, 2, 4, 1, 3], [20.0, 35.0, 28.0, 15.0, 40.0])
    >>> list(fit.params.index)
    ['p', 'q', 'gamma']
    """
    func = "fit_gamma_gamma"
    x, z = _rfm_arrays(func, frequency, monetary)
    if (x <= 0).any():
        raise ValueError(f"{func}: {int((x <= 0).sum())} customers have frequency 0; the model "
                         f"describes repeat spend, so keep the customers with frequency > 0")
    if (z <= 0).any():
        raise ValueError(f"{func}: monetary must be > 0; {int((z <= 0).sum())} values are not")

    def negloglik(log_params):
        p, q, g = np.exp(log_params)
        px = p * x
        return -np.sum(special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q)
                       + q * np.log(g) + (px - 1) * np.log(z) + px * np.log(x)
                       - (px + q) * np.log(g + x * z))

    params, se, loglik, ok = _fit_ml(negloglik, np.zeros(3), ["p", "q", "gamma"])
    return GammaGamma(params=params, se=se, loglik=loglik, n=len(x), converged=ok)


# --- grade migration -------------------------------------------------------------------------
@dataclass(frozen=True)
class GradeMigration:
    """Markov migration between grades from one period to the next.

    Attributes
    ----------
    counts : DataFrame
        Customers moving from grade (rows) to grade (columns), over all pairs of periods.
    matrix : DataFrame
        ``counts`` divided by row totals: transition probabilities, each row sums to one.
    mix : Series
        Customers per grade in the last period.
    fallen : DataFrame
        Customers whose grade fell between the last two periods (the declining-grade
        alert): ``customer``, ``from``, ``to``, ``steps`` (grades fallen).
    order : tuple
        Grades from best to worst (``lost`` last when used).
    """

    counts: pd.DataFrame
    matrix: pd.DataFrame
    mix: pd.Series
    fallen: pd.DataFrame
    order: tuple

    def project(self, periods: int = 1, start=None) -> pd.Series:
        """Grade mix after ``periods`` steps of the chain, from ``start`` (default ``mix``).

        New customers are not added: the projection follows today's customers only.
        """
        check_int(periods, "project", "periods", low=0)
        start = self.mix if start is None else pd.Series(start, dtype=float)
        v = start.reindex(self.matrix.index, fill_value=0.0).to_numpy(dtype=float)
        return pd.Series(v @ np.linalg.matrix_power(self.matrix.to_numpy(), periods),
                         index=self.matrix.columns, name=f"after {periods}")


def grade_migration(grades: pd.DataFrame, *, customer: str = "customer_id", period: str = "year",
                    grade: str = "grade", order=None, lost: str | None = None) -> GradeMigration:
    """The Markov transition matrix between customer grades (or tiers) and the falling customers.

    Parameters
    ----------
    grades : DataFrame
        One row per customer and period with its grade.
    customer, period, grade : str
        Column names; periods must sort in time order.
    order : list, optional
        Grades from best to worst. By default an ordered Categorical's categories from last
        to first (the highest category is the best), else the labels sorted (``A`` best).
    lost : str, optional
        Name of an absorbing state for customers graded in one period and missing in the
        next (e.g. ``"lost"``); by default such customers are left out of the counts.

    Returns
    -------
    GradeMigration

    Notes
    -----
    :math:`P_{jk} = n_{jk} / \\sum_k n_{jk}`, where :math:`n_{jk}` counts customers in grade
    j in one period and k in the next; the mix after n periods is :math:`m_0 P^n`
    (Pfeifer & Carraway 2000, "Modeling customer relationships as Markov chains").
    A grade nobody held keeps its customers (a 1 on the diagonal) so rows sum to one.

    Examples
    --------
    >>> g = pd.DataFrame({"customer_id": list("aabbcc"), "year": [1, 2] * 3,
    ...                   "grade": ["A", "B", "B", "B", "C", "A"]})
    >>> res = grade_migration(g)
    >>> res.fallen["customer_id"].tolist()
    ['a']
    >>> res.matrix.sum(axis=1).tolist()
    [1.0, 1.0, 1.0]
    """
    func = "grade_migration"
    check_columns(grades, [customer, period, grade], func, "grades")
    if grades[grade].isna().any():
        raise ValueError(f"{func}: column {grade!r} has missing grades")
    if grades.duplicated([customer, period]).any():
        raise ValueError(f"{func}: a customer has more than one grade in a period")
    labels = grades[grade]
    if order is None:
        if isinstance(labels.dtype, pd.CategoricalDtype) and labels.cat.ordered:
            order = list(labels.cat.categories[::-1])
        else:
            order = sorted(labels.unique())
    order = list(order)
    unknown = sorted(set(labels.unique()) - set(order), key=str)
    if unknown:
        raise ValueError(f"{func}: grades {unknown} are not in order {order}")
    if lost is not None:
        if lost in order:
            raise ValueError(f"{func}: lost state {lost!r} is also a grade")
        order.append(lost)
    periods = np.sort(grades[period].unique())
    if len(periods) < 2:
        raise ValueError(f"{func}: migration needs at least two periods; got {len(periods)}")
    wide = grades.pivot(index=customer, columns=period, values=grade).astype(object)
    pairs = []
    for a, b in zip(periods[:-1], periods[1:]):
        now, nxt = wide[a], wide[b]
        if lost is not None:
            nxt = nxt.where(nxt.notna() | now.isna(), lost)
        ok = now.notna() & nxt.notna()
        pairs.append(pd.DataFrame({"from": now[ok], "to": nxt[ok]}))
    moves = pd.concat(pairs)
    counts = pd.crosstab(moves["from"], moves["to"]).reindex(index=order, columns=order,
                                                             fill_value=0)
    if lost is not None:
        counts.loc[lost] = 0
    matrix = counts.astype(float)
    empty = matrix.sum(axis=1) == 0
    for g in matrix.index[empty]:
        matrix.loc[g, g] = 1.0
    matrix = matrix.div(matrix.sum(axis=1), axis=0)
    counts.index.name, counts.columns.name = "from", "to"
    matrix.index.name, matrix.columns.name = "from", "to"
    rank = {g: i for i, g in enumerate(order)}
    last = pairs[-1]
    last = last[last["to"] != lost] if lost is not None else last
    steps = last["to"].map(rank) - last["from"].map(rank)
    fallen = last[steps > 0].assign(steps=steps[steps > 0]).rename_axis(customer).reset_index()
    fallen = fallen.sort_values(["steps", customer], ascending=[False, True]).reset_index(drop=True)
    mix = wide[periods[-1]].value_counts().reindex(order, fill_value=0).astype(float)
    mix.name = "customers"
    return GradeMigration(counts=counts, matrix=matrix, mix=mix, fallen=fallen, order=tuple(order))
