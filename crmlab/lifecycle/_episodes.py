"""The world as churn data: customer-year episodes for survival models, year-end features for classifiers."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_world
from ._common import DAYS_PER_YEAR, STAGES

__all__ = ["churn_episodes", "churn_features"]


def churn_episodes(world) -> pd.DataFrame:
    """Customer-year episodes at risk of churn, with the observable and, where the world
    has its truth, the latent covariates.

    Parameters
    ----------
    world : crmlab.datasets.World
        A world from ``load_world`` or ``make_world``, or a firm's own archive. Reads
        ``customers`` (``customer_id``, ``customer_since``) and ``relationships``
        (``customer_id``, ``year``, ``stage``, ``churned``, ``churn_date``, and
        ``competitor_offer`` where recorded); ``survey`` (items ``satis_1``-``satis_3``,
        ``complaint_1``-``complaint_2``) and ``tickets`` where the archive has them.

    Returns
    -------
    DataFrame
        One row per customer and year at risk: ``customer_id``, ``year``, ``stage``,
        ``entry`` and ``exit`` (tenure in years when the episode starts and ends),
        ``churned`` (0/1), ``competitor_offer`` (0/1), and last year's observable
        proxies: ``survey_satisfaction`` and ``survey_complaint`` (mean Likert item score
        of the year's respondents, NaN when not surveyed) and ``complaint_tickets``.
        With the truth (a world made by crmlab) also ``segment`` (true), the latent
        ``satisfaction`` and ``complaint`` of the year (standardised), and ``stage`` is
        the true stage at the middle of the year's exposure, as the generator's hazard
        uses it. Without it ``stage`` is the stage recorded in ``relationships``.

    Notes
    -----
    Tenure is the time scale. Customers won before the order book starts enter late
    (left truncation): their first episode starts at their tenure on its first day. The
    generator lets nobody churn in the first 30 days, so with the truth exposure starts
    on day 30; on a firm's own archive it starts on ``customer_since``. Without a survey
    or tickets table the columns they give are left out; without ``competitor_offer``
    in ``relationships`` that column is.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> episodes = churn_episodes(make_world(n_customers=40, seed=1))
    >>> bool((episodes["exit"] > episodes["entry"]).all())
    True
    """
    func = "churn_episodes"
    if _world_has_truth(world):
        return _episodes_with_truth(world)
    check_world(world, func, {"customers": ["customer_id", "customer_since"],
                              "relationships": ["customer_id", "year", "stage", "churned",
                                                "churn_date"]})
    rel_cols = ["customer_id", "year", "stage", "churned", "churn_date"]
    offer = "competitor_offer" in world.relationships.columns
    rel = world.relationships[rel_cols + ["competitor_offer"] * offer]
    frame = rel.merge(world.customers[["customer_id", "customer_since"]], on="customer_id",
                      how="left")
    if frame["customer_since"].isna().any():
        bad = frame.loc[frame["customer_since"].isna(), "customer_id"].unique()[:5].tolist()
        raise ValueError(f"{func}: world.customers must give customer_since for every customer "
                         f"in relationships; missing for {bad}")
    year_start = pd.to_datetime(frame["year"].astype(str) + "-01-01")
    year_end = year_start + pd.offsets.YearEnd(0)
    since = frame["customer_since"]
    lo = np.maximum(year_start, since)
    churned = frame["churned"].astype(bool)
    stop = frame["churn_date"].where(churned, year_end + pd.Timedelta(days=1))
    out = pd.DataFrame({
        "customer_id": frame["customer_id"], "year": frame["year"], "stage": frame["stage"],
        "entry": (lo - since).dt.days / DAYS_PER_YEAR,
        "exit": (stop - since).dt.days / DAYS_PER_YEAR,
        "churned": churned.astype(int)})
    if offer:
        out["competitor_offer"] = frame["competitor_offer"].astype(int)
    out = _observable_proxies(world, out, func)
    return out[out["exit"] > out["entry"]].reset_index(drop=True)


def _world_has_truth(world) -> bool:
    """Whether ``world`` carries the generating truth the latent covariates come from."""
    truth = getattr(world, "truth", None)
    return isinstance(truth, dict) and {"params", "customers", "customer_years"} <= set(truth)


_SURVEY_ITEMS = {"survey_satisfaction": ["satis_1", "satis_2", "satis_3"],
                 "survey_complaint": ["complaint_1", "complaint_2"]}


def _observable_proxies(world, out: pd.DataFrame, func: str) -> pd.DataFrame:
    """Add last year's survey means and complaint tickets, from the tables the world has."""
    sv = getattr(world, "survey", None)
    if isinstance(sv, pd.DataFrame):
        check_world(world, func, {"survey": ["customer_id", "year",
                                             *sum(_SURVEY_ITEMS.values(), [])]})
        survey = pd.DataFrame({"customer_id": sv["customer_id"], "year": sv["year"] + 1,
                               **{name: sv[items].mean(axis=1)
                                  for name, items in _SURVEY_ITEMS.items()}}
                              ).groupby(["customer_id", "year"], as_index=False).mean()
        out = out.merge(survey, on=["customer_id", "year"], how="left")
    if isinstance(getattr(world, "tickets", None), pd.DataFrame):
        check_world(world, func, {"tickets": ["customer_id", "date", "type"]})
        tk = world.tickets[world.tickets["type"] == "complaint"]
        tickets = tk.groupby([tk["customer_id"], tk["date"].dt.year.rename("year") + 1]).size()
        out["complaint_tickets"] = tickets.reindex(
            pd.MultiIndex.from_frame(out[["customer_id", "year"]]), fill_value=0).to_numpy()
    return out


def _episodes_with_truth(world) -> pd.DataFrame:
    # The latent satisfaction, complaint, segment and stage boundaries come from the truth:
    # these episodes exist to check what survival models recover.
    check_world(world, "churn_episodes", {
        "truth": ["params", "customers", "customer_years"],
        "customers": ["customer_id", "customer_since"],
        "relationships": ["customer_id", "year", "competitor_offer", "churned", "churn_date"],
        "survey": ["customer_id", "year", "satis_1", "satis_2", "satis_3", "complaint_1",
                   "complaint_2"],
        "tickets": ["customer_id", "date", "type"]})
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
    out = _observable_proxies(world, out, "churn_episodes")
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
    check_world(world, "churn_features", {
        "customers": ["customer_id", "customer_since"],
        "relationships": ["customer_id", "year", "churned"],
        "orders": ["order_id", "customer_id", "date", "net_revenue", "on_time"],
        "invoices": ["customer_id", "invoice_date", "days_late"],
        "tickets": ["customer_id", "date", "type"],
        "survey": ["customer_id", "year", "satis_1", "satis_2", "satis_3"]})
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
