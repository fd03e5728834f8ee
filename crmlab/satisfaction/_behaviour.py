"""From the survey to the order book."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_world

__all__ = ["satisfaction_to_behaviour"]


def satisfaction_to_behaviour(world) -> pd.DataFrame:
    """Each surveyed customer's scores next to what it did in the following year.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world` or ``make_world``.

    Returns
    -------
    DataFrame
        One row per surveyed customer and survey year whose next year lies inside the order
        book: ``customer_id``, ``year``, ``respondents``; ``satisfaction``, ``loyalty`` and
        ``complaint`` (1-7, each the mean of the construct's items, averaged over the
        customer's respondents that year); ``revenue`` and ``revenue_next`` (net revenue in
        the survey year and the next, CNY); ``revenue_growth`` (revenue_next / revenue − 1,
        missing when the survey year had no revenue); ``repurchased`` (ordered next year);
        ``share_of_wallet`` (ours, from the value audit of the survey year) and
        ``share_of_wallet_next`` (when audited again next year, else missing);
        ``churned_next`` (the relationship ended between the survey, 1 November, and the end
        of the next year).

    Notes
    -----
    The survey is fielded in November, so "afterwards" is the next calendar year. Satisfaction
    is not loyalty: behaviour also follows the lifecycle stage, competitors' offers and the
    customer's own business, which the survey does not see.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> joined = satisfaction_to_behaviour(load_world())
    >>> bool(joined["churned_next"].mean() < 0.2)
    True
    """
    from ..datasets._schema import CONSTRUCTS

    func = "satisfaction_to_behaviour"
    check_world(world, func, {
        "survey": ["customer_id", "year",
                   *(item for name in ("satisfaction", "loyalty", "complaint")
                     for item in CONSTRUCTS[name])],
        "orders": ["customer_id", "date", "net_revenue"],
        "relationships": ["customer_id", "year", "churned", "churn_date"],
        "value_audit": ["customer_id", "year", "supplier", "share_of_wallet"]})
    survey, orders, rel = world.survey, world.orders, world.relationships
    last_year = pd.concat([orders["date"].dt.year, rel["year"]]).max()
    if pd.isna(last_year):
        raise ValueError(f"{func}: world.orders and world.relationships must give the years "
                         f"the order book covers; got no order date and no relationship year")
    last_year = int(last_year)
    scores = pd.DataFrame({"customer_id": survey["customer_id"], "year": survey["year"]})
    for name in ("satisfaction", "loyalty", "complaint"):
        scores[name] = survey[list(CONSTRUCTS[name])].mean(axis=1)
    out = scores.groupby(["customer_id", "year"], as_index=False).agg(
        respondents=("satisfaction", "size"), satisfaction=("satisfaction", "mean"),
        loyalty=("loyalty", "mean"), complaint=("complaint", "mean"))
    out = out[out["year"] < last_year].reset_index(drop=True)
    revenue = orders.groupby([orders["customer_id"], orders["date"].dt.year.rename("year")])[
        "net_revenue"].sum()
    key = pd.MultiIndex.from_frame(out[["customer_id", "year"]])
    nxt = pd.MultiIndex.from_arrays([out["customer_id"], out["year"] + 1])
    out["revenue"] = revenue.reindex(key).fillna(0.0).to_numpy()
    out["revenue_next"] = revenue.reindex(nxt).fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["revenue_growth"] = np.where(out["revenue"] > 0,
                                         out["revenue_next"] / out["revenue"] - 1, np.nan)
    out["repurchased"] = out["revenue_next"] > 0
    audit = world.value_audit
    ours = audit[audit["supplier"].astype(str) == "ours"].set_index(["customer_id", "year"])[
        "share_of_wallet"]
    out["share_of_wallet"] = ours.reindex(key).to_numpy()
    out["share_of_wallet_next"] = ours.reindex(nxt).to_numpy()
    ended = rel.loc[rel["churned"], ["customer_id", "churn_date"]].drop_duplicates("customer_id")
    end = out[["customer_id"]].merge(ended, on="customer_id", how="left")["churn_date"]
    start = pd.to_datetime(out["year"].astype(str) + "-11-01")
    stop = pd.to_datetime((out["year"] + 1).astype(str) + "-12-31")
    out["churned_next"] = ((end >= start) & (end <= stop)).to_numpy()
    return out
