"""Activity-based cost-to-serve (作业成本法), customer profitability and the whale curve."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import (check_choice, check_columns, check_frame, check_int, check_number,
                         check_world)
from ._checks import _numeric_columns, _rank_desc, _world_rates
from ._pyramid import DEFAULT_TIERS, customer_pyramid


__all__ = ["cost_to_serve", "customer_profitability", "WhaleCurve", "whale_curve", "compare_costing"]

# The world's tables and columns that customer profitability reads (activities: also the
# drivers that have a rate, checked by cost_to_serve).
PROFIT_TABLES = {"orders": ["customer_id", "date", "net_revenue", "gross_profit", "financial_cost"],
                 "activities": ["customer_id", "year"]}


def cost_to_serve(activities: pd.DataFrame, rates: Mapping[str, float], *,
                  customer: str = "customer_id", year: str | None = "year") -> pd.DataFrame:
    """Activity-based cost-to-serve per customer and year (作业成本法).

    Parameters
    ----------
    activities : DataFrame
        Cost drivers per customer (and year): counts of visits, orders, deliveries ...
    rates : mapping of str to float
        Cost per unit of each driver in CNY, e.g. ``{"visits": 1200, "orders": 200}``;
        each key must be a column of ``activities``.
    customer : str, default="customer_id"
        Column of the customer key.
    year : str or None, default="year"
        Column of the year; None sums over all years.

    Returns
    -------
    DataFrame
        One row per customer (and year), sorted: the keys, ``<driver>_cost`` for each
        driver in ``rates`` and ``cost_to_serve``, their sum, in CNY.

    Notes
    -----
    :math:`\\text{CTS}_{it} = \\sum_a r_a\\, d_{ait}`, with :math:`d_{ait}` the count
    of driver :math:`a` for customer :math:`i` in year :math:`t` and :math:`r_a` its
    rate (Cooper and Kaplan, "Profit priorities from activity-based costing",
    *Harvard Business Review*, 1991; Kaplan and Cooper, *Cost & Effect*, 1998).

    Examples
    --------
    >>> activities = pd.DataFrame({"customer_id": ["a", "a", "b"], "year": [2024, 2025, 2025],
    ...                            "visits": [2, 1, 0], "orders": [10, 5, 1]})
    >>> cost_to_serve(activities, {"visits": 1000, "orders": 100}, year=None)
      customer_id  visits_cost  orders_cost  cost_to_serve
    0           a       3000.0       1500.0         4500.0
    1           b          0.0        100.0          100.0
    """
    func = "cost_to_serve"
    check_frame(activities, func, "activities")
    if not isinstance(rates, Mapping) or not rates:
        raise TypeError(f"cost_to_serve: rates must be a non-empty mapping of driver columns to "
                        f"CNY per unit, e.g. {{'visits': 1200}}; got {rates!r}")
    drivers = list(rates)
    for driver in drivers:
        check_number(rates[driver], func, f"rates[{driver!r}]", low=0.0)
    keys = [customer] + ([year] if year is not None else [])
    check_columns(activities, keys + drivers, func, "activities")
    if activities.empty:
        raise ValueError("cost_to_serve: activities is empty")
    _numeric_columns(activities, drivers, func, "activities", negative=False)
    costs = pd.DataFrame({f"{d}_cost": activities[d].astype(float) * float(rates[d])
                          for d in drivers})
    costs["cost_to_serve"] = costs.sum(axis=1)
    return (pd.concat([activities[keys], costs], axis=1)
            .groupby(keys, sort=True, observed=True).sum().reset_index())


def customer_profitability(world, method: str = "abc", *, rates: Mapping[str, float] | None = None,
                           year: int | None = None) -> pd.DataFrame:
    """Customer profit after cost-to-serve, costed by activities (ABC) or by volume (VBC).

    Parameters
    ----------
    world : World
        A world from :func:`crmlab.datasets.load_world` or ``make_world``.
    method : {"abc", "vbc"}, default="abc"
        ``"abc"``: each customer bears the cost of the activities it caused.
        ``"vbc"``: the same total activity cost is spread in proportion to net revenue.
    rates : mapping, optional
        Cost per driver unit in CNY; by default the world's own rates
        (``world.truth["params"]["activities"]["cost_rates_cny"]``).
    year : int or list of int, optional
        Only this calendar year (or these years); None takes the whole order book.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: every customer with activities or orders in the
        period, sorted, with ``net_revenue``, ``gross_profit``, ``financial_cost``,
        ``cost_to_serve`` and ``profit`` (CNY), and ``profit_margin`` (profit / net
        revenue, missing without revenue).

    Notes
    -----
    :math:`\\pi_i = GP_i - FC_i - CTS_i`, gross profit minus the financial cost of
    the payment terms minus the cost-to-serve. Under VBC,
    :math:`CTS_i = \\sum_j CTS_j \\cdot R_i / \\sum_j R_j`, which hides customers
    who are small but costly to serve and overcharges large, easy ones (Kaplan and
    Cooper, *Cost & Effect*, 1998, ch. 10).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> world = make_world(n_customers=50, seed=1)
    >>> abc = customer_profitability(world, "abc")
    >>> vbc = customer_profitability(world, "vbc")
    >>> bool(np.isclose(abc["profit"].sum(), vbc["profit"].sum()))
    True
    """
    func = "customer_profitability"
    check_world(world, func, PROFIT_TABLES)
    method = check_choice(method, ["abc", "vbc"], func, "method")
    rates = _world_rates(world, rates, func)
    orders, activities = world.orders, world.activities
    if year is not None:
        years = [check_int(y, func, "year") for y in np.atleast_1d(year).tolist()]
        orders = orders[orders["date"].dt.year.isin(years)]
        activities = activities[activities["year"].isin(years)]
        if orders.empty and activities.empty:
            raise ValueError(f"customer_profitability: no orders or activities in {year}")
    cts = cost_to_serve(activities, rates, year=None).set_index("customer_id")["cost_to_serve"]
    money = orders.groupby("customer_id")[["net_revenue", "gross_profit", "financial_cost"]].sum()
    index = money.index.union(cts.index).sort_values().rename("customer_id")
    table = money.reindex(index, fill_value=0.0).astype(float)
    cts = cts.reindex(index, fill_value=0.0)
    if method == "vbc":
        revenue = table["net_revenue"].sum()
        if revenue <= 0:
            raise ValueError("customer_profitability: volume-based costing needs positive net "
                             "revenue to spread the cost by")
        cts = cts.sum() * table["net_revenue"] / revenue
    table["cost_to_serve"] = cts
    table["profit"] = table["gross_profit"] - table["financial_cost"] - table["cost_to_serve"]
    table["profit_margin"] = table["profit"] / table["net_revenue"].where(table["net_revenue"] > 0)
    return table


@dataclass(frozen=True, repr=False)
class WhaleCurve:
    """Cumulative profit against customers ranked by profit (鲸鱼曲线).

    Attributes
    ----------
    curve : DataFrame
        From ``(0, 0)`` to ``(1, 1)``: ``customers`` (top k), ``share_of_customers``,
        ``cumulative_profit`` (CNY) and ``share_of_profit`` (of total profit).
    total_profit : float
        Sum of all customers' profit.
    peak_share_of_customers, peak_share_of_profit : float
        Where the curve peaks: the most profitable ``peak_share_of_customers`` make
        ``peak_share_of_profit`` of total profit (above one when some lose money).
    unprofitable_share : float
        Share of customers with negative profit.
    profit_destroyed : float
        Profit the unprofitable customers destroy: minus the sum of the negative
        profits, in CNY; ``profit_destroyed / total_profit`` is how far the curve falls
        from its peak.
    """

    curve: pd.DataFrame
    total_profit: float
    peak_share_of_customers: float
    peak_share_of_profit: float
    unprofitable_share: float
    profit_destroyed: float

    def share_at(self, share_of_customers: float) -> float:
        """Share of total profit made by the most profitable ``share_of_customers``."""
        q = check_number(share_of_customers, "WhaleCurve.share_at", "share_of_customers",
                         low=0.0, high=1.0)
        n = len(self.curve) - 1
        k = int(np.ceil(q * n - 1e-9))
        return float(self.curve["share_of_profit"].iloc[k])

    def summary(self) -> pd.Series:
        """The curve's key figures."""
        return pd.Series({"customers": len(self.curve) - 1, "total_profit": self.total_profit,
                          "top_20%_share_of_profit": self.share_at(0.2),
                          "peak_share_of_customers": self.peak_share_of_customers,
                          "peak_share_of_profit": self.peak_share_of_profit,
                          "unprofitable_share": self.unprofitable_share,
                          "profit_destroyed": self.profit_destroyed,
                          "destroyed_share_of_profit": self.profit_destroyed / self.total_profit},
                         name="whale_curve")

    def __repr__(self) -> str:
        return (f"WhaleCurve(customers={len(self.curve) - 1}, "
                f"peak_share_of_profit={self.peak_share_of_profit:.3f}, "
                f"unprofitable_share={self.unprofitable_share:.3f})")

    def __str__(self) -> str:
        return (f"The top 20% of customers make {self.share_at(0.2):.0%} of profit; the curve "
                f"peaks at {self.peak_share_of_profit:.0%} with the top "
                f"{self.peak_share_of_customers:.0%}. {self.unprofitable_share:.0%} of "
                f"customers are unprofitable and destroy "
                f"{self.profit_destroyed / self.total_profit:.0%} of total profit.")


def whale_curve(profit: pd.Series) -> WhaleCurve:
    """The whale curve of customer profitability (Kaplan and Cooper).

    Parameters
    ----------
    profit : Series
        Profit per customer (after cost-to-serve), e.g.
        ``customer_profitability(world)["profit"]``; its total must be positive.

    Returns
    -------
    WhaleCurve

    Notes
    -----
    With profits ordered :math:`\\pi_{(1)} \\ge \\dots \\ge \\pi_{(n)}` the curve joins
    :math:`(k/n,\\ \\sum_{i \\le k} \\pi_{(i)} / \\sum_i \\pi_i)`; it rises above one
    while customers are profitable and falls back to one as the unprofitable ones
    are added. Kaplan and Cooper (*Cost & Effect*, 1998) report that the most
    profitable 20 % of customers often make 150-300 % of profit.

    Examples
    --------
    >>> whale = whale_curve(pd.Series([60.0, 30, 20, -10], index=list("abcd")))
    >>> whale.peak_share_of_profit, whale.unprofitable_share
    (1.1, 0.25)
    >>> print(whale)  # doctest: +NORMALIZE_WHITESPACE
    The top 20% of customers make 60% of profit; the curve peaks at 110% with the top 75%.
    25% of customers are unprofitable and destroy 10% of total profit.
    """
    func = "whale_curve"
    if isinstance(profit, pd.DataFrame) or not isinstance(profit, pd.Series):
        raise TypeError(f"whale_curve: profit must be a pandas Series of profit per customer "
                        f"(e.g. customer_profitability(world)['profit']); got "
                        f"{type(profit).__name__}")
    if profit.empty:
        raise ValueError("whale_curve: profit is empty")
    if not profit.index.is_unique:
        raise ValueError("whale_curve: profit needs one value per customer (a unique index); "
                         "sum it per customer first")
    _numeric_columns(profit.to_frame("profit"), ["profit"], func, "profit")
    total = float(profit.sum())
    if total <= 0:
        raise ValueError(f"whale_curve: total profit is {total:,.0f}, not positive; shares of "
                         f"total profit are undefined")
    ordered = profit.loc[_rank_desc(profit).sort_values().index].to_numpy(dtype=float)
    n = len(ordered)
    cumulative = np.r_[0.0, np.cumsum(ordered)]
    curve = pd.DataFrame({"customers": np.arange(n + 1),
                          "share_of_customers": np.arange(n + 1) / n,
                          "cumulative_profit": cumulative,
                          "share_of_profit": cumulative / total})
    peak = int(np.argmax(cumulative))
    return WhaleCurve(curve=curve, total_profit=total,
                      peak_share_of_customers=peak / n,
                      peak_share_of_profit=float(cumulative[peak] / total),
                      unprofitable_share=float((ordered < 0).mean()),
                      profit_destroyed=float(-ordered[ordered < 0].sum()))


def compare_costing(world, tiers: Mapping[str, float] = DEFAULT_TIERS, *,
                    rates: Mapping[str, float] | None = None,
                    year: int | None = None) -> pd.DataFrame:
    """How customers' profit ranks and pyramid tiers change from VBC to ABC.

    Parameters
    ----------
    world : World
        A world from :func:`crmlab.datasets.load_world` or ``make_world``.
    tiers : mapping, default=DEFAULT_TIERS
        Pyramid tiers (see :func:`customer_pyramid`), formed by profit.
    rates : mapping, optional
        Cost per driver unit; the world's own by default.
    year : int or list of int, optional
        Only this calendar year (or these years); None takes the whole order book.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``net_revenue``, ``profit_vbc``, ``profit_abc``,
        ``rank_vbc`` and ``rank_abc`` (1 = most profitable), ``rank_change``
        (``rank_vbc - rank_abc``: positive = climbs under ABC), ``tier_vbc``,
        ``tier_abc``, ``tier_change`` (tiers climbed under ABC, negative = fell) and
        ``moved`` (the tier differs).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> moves = compare_costing(make_world(n_customers=60, seed=1))
    >>> bool((moves["moved"] == (moves["tier_change"] != 0)).all())
    True
    """
    check_world(world, "compare_costing", PROFIT_TABLES)
    rates = _world_rates(world, rates, "compare_costing")
    abc = customer_profitability(world, "abc", rates=rates, year=year)
    vbc = customer_profitability(world, "vbc", rates=rates, year=year)
    out = pd.DataFrame({"net_revenue": abc["net_revenue"], "profit_vbc": vbc["profit"],
                        "profit_abc": abc["profit"]})
    out["rank_vbc"] = _rank_desc(out["profit_vbc"])
    out["rank_abc"] = _rank_desc(out["profit_abc"])
    out["rank_change"] = out["rank_vbc"] - out["rank_abc"]
    out["tier_vbc"] = customer_pyramid(out, "profit_vbc", tiers, revenue=None, profit=None).tier
    out["tier_abc"] = customer_pyramid(out, "profit_abc", tiers, revenue=None, profit=None).tier
    out["tier_change"] = (out["tier_abc"].cat.codes - out["tier_vbc"].cat.codes).astype("int64")
    out["moved"] = out["tier_change"] != 0
    return out
