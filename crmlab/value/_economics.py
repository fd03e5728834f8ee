"""Share of wallet, the response of service value to service effort, and the two levers."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .._validate import (check_choice, check_columns, check_number, check_world,
                         world_cost_rates)
from ._checks import SERVICE_ACTIVITIES, _numeric
from ._choice import ChoiceModel, simulate_shares

__all__ = ["share_of_wallet", "service_economics", "ServiceResponse", "service_response",
           "compare_levers"]


# --------------------------------------------------------------------------------------------
# Share of wallet and the economics of the two levers
# --------------------------------------------------------------------------------------------
# The orders' columns that the revenue per customer-year reads.
_ORDER_COLUMNS = ["customer_id", "date", "net_revenue", "gross_profit"]


def _revenue_by_year(orders: pd.DataFrame) -> pd.DataFrame:
    year = orders["date"].dt.year.rename("year")
    return (orders.groupby([orders["customer_id"], year])[["net_revenue", "gross_profit"]].sum()
            .rename(columns={"net_revenue": "revenue"}))


def share_of_wallet(world) -> pd.DataFrame:
    """Customer share (客户占有率): the share of each customer's purchases made with us.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world`; uses ``value_audit`` and ``orders``.

    Returns
    -------
    DataFrame
        One row per surveyed customer and year: ``customer_id``, ``year``,
        ``share_of_wallet`` (the customer's stated share with us, from the value
        audit), ``main_supplier`` (we are its main supplier), ``revenue`` (our net
        revenue from the customer that calendar year, from the order book; 0 without
        orders) and ``implied_wallet`` (revenue / share: the customer's whole spend in
        our categories that the two imply; missing when the share is 0).

    Notes
    -----
    Share of wallet is observable only where the customer tells us, here in the
    yearly value audit. The order book gives our revenue but not the customer's
    spend with competitors (its potential is hidden), so it cannot give the share on
    its own. The world's true share for every active customer-year is in
    ``world.truth_frame("customer_years")["share_of_wallet"]``; where the customer
    was surveyed it equals the audit's figure. In the world the expected share
    equals the choice probability of the logit, so a fitted choice model predicts
    share of wallet.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> sow = share_of_wallet(make_world(n_customers=60, seed=1))
    >>> bool(sow["share_of_wallet"].between(0, 1).all())
    True
    """
    check_world(world, "share_of_wallet", {
        "value_audit": ["customer_id", "year", "supplier", "share_of_wallet", "chosen"],
        "orders": _ORDER_COLUMNS})
    va = world.value_audit
    ours = va.loc[va["supplier"].astype(str) == "ours",
                  ["customer_id", "year", "share_of_wallet", "chosen"]]
    out = ours.rename(columns={"chosen": "main_supplier"}).reset_index(drop=True)
    revenue = _revenue_by_year(world.orders)["revenue"]
    out["revenue"] = revenue.reindex(pd.MultiIndex.from_frame(out[["customer_id", "year"]])
                                     ).fillna(0.0).to_numpy()
    out["implied_wallet"] = out["revenue"] / out["share_of_wallet"].where(
        out["share_of_wallet"] > 0)
    return out


def _service_rates(world, cost_rates, func: str, needed) -> dict:
    """CNY per unit of each ``needed`` activity: the caller's rates or the world's true ones."""
    cost_rates = world_cost_rates(world, cost_rates, func, "{'visits': 1200, 'support_hours': "
                                  "300, 'proactive_hours': 300} (CNY per unit)")
    missing = [a for a in needed if a not in cost_rates]
    if missing:
        raise ValueError(f"{func}: cost_rates lacks {missing}; got keys {list(cost_rates)}")
    return {a: check_number(cost_rates[a], func, f"cost_rates[{a!r}]", low=0) for a in needed}


def service_economics(world, cost_rates: Mapping | None = None) -> pd.DataFrame:
    """Revenue, gross profit and the cost of the service effort per customer and year.

    Parameters
    ----------
    world : World
        Uses ``orders`` and ``activities``.
    cost_rates : mapping or None, default=None
        CNY per unit of each service activity (``visits``, ``support_hours``,
        ``proactive_hours``), what the firm's costing study gives; None takes the world's
        true rates, ``world.truth["params"]["activities"]["cost_rates_cny"]``, and is
        refused on a world without truth (a firm's own archive).

    Returns
    -------
    DataFrame
        One row per active customer-year (the rows of ``activities``):
        ``customer_id``, ``year``, ``revenue`` and ``gross_profit`` (CNY, from the
        order book; 0 without orders), ``visits``, ``support_hours``,
        ``proactive_hours`` and ``service_cost`` (the three at their cost rates, CNY).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> econ = service_economics(make_world(n_customers=60, seed=1))
    >>> bool((econ["service_cost"] >= 0).all())
    True
    """
    func = "service_economics"
    check_world(world, func, {"orders": _ORDER_COLUMNS,
                              "activities": ["customer_id", "year", *SERVICE_ACTIVITIES]})
    rates = _service_rates(world, cost_rates, func, SERVICE_ACTIVITIES)
    act = world.activities[["customer_id", "year", *SERVICE_ACTIVITIES]].copy()
    money = _revenue_by_year(world.orders).reindex(
        pd.MultiIndex.from_frame(act[["customer_id", "year"]])).fillna(0.0)
    act.insert(2, "revenue", money["revenue"].to_numpy())
    act.insert(3, "gross_profit", money["gross_profit"].to_numpy())
    act["service_cost"] = sum(act[a] * rates[a] for a in SERVICE_ACTIVITIES)
    return act.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class ServiceResponse:
    """How our service value rating responds to proactive service hours.

    See :func:`service_response`. ``slope`` is rating points (0-10 audit scale) per unit
    of log hours: multiplying a customer's proactive hours by :math:`e^{1/\\text{slope}}`
    raises its rating of our service value by one point.

    Attributes
    ----------
    slope, se, ci_low, ci_high : float
        The estimate, its customer-clustered standard error and 95 % interval.
    true_slope : float or None
        The world's value (``ours_quality_loading`` × ``service_quality_per_log_proactive_hour``
        in ``world.truth``), None if the truth has no such entry.
    rate : float
        CNY per proactive hour, from ``cost_rates`` or the world's true rates.
    n, n_customers : int
        Customer-years and customers used.
    fit : statsmodels RegressionResults
    """

    slope: float
    se: float
    ci_low: float
    ci_high: float
    true_slope: float | None
    rate: float
    n: int
    n_customers: int
    fit: object

    def at_truth(self) -> "ServiceResponse":
        """The same response with the world's true slope (no standard error)."""
        if self.true_slope is None:
            raise ValueError("at_truth: this world's truth has no service response")
        return replace(self, slope=self.true_slope, se=np.nan, ci_low=np.nan, ci_high=np.nan)

    def extra_cost(self, proactive_hours, points: float = 1.0) -> np.ndarray:
        """Yearly CNY of the extra proactive hours that raise the rating by ``points``.

        Parameters
        ----------
        proactive_hours : array-like
            Each customer's current proactive hours a year (not negative).
        points : float, default=1.0
            Rating points to add (0-10 scale; negative for a cut, which saves money).
        """
        hours = np.asarray(proactive_hours, dtype=float)
        if not np.isfinite(hours).all() or (hours < 0).any():
            raise ValueError("extra_cost: proactive_hours must be finite and not negative")
        check_number(points, "extra_cost", "points")
        if self.slope <= 0:
            raise ValueError(f"extra_cost: the slope is {self.slope:.3g}; more hours do not "
                             f"raise the rating, so no number of hours buys a point")
        return hours * self.rate * np.expm1(points / self.slope)


def service_response(world, cost_rates: Mapping | None = None) -> ServiceResponse:
    """Estimate how our service value rating responds to proactive service hours.

    Parameters
    ----------
    world : World
        Uses ``value_audit`` (our ``service_value``), ``activities``
        (``proactive_hours``), ``customers`` (``size``, ``customer_since``) and
        ``relationships`` (``churned``); the truth, where the world has one, only for
        ``true_slope``.
    cost_rates : mapping or None, default=None
        CNY per unit of service activity; only ``proactive_hours`` is read. None takes the
        world's true rate and is refused on a world without truth.

    Returns
    -------
    ServiceResponse

    Notes
    -----
    OLS of our service value rating on :math:`\\ln(\\text{proactive hours})` with
    size-class and year effects, standard errors clustered by customer, on the audited
    customer-years that were customers all year (a customer won or lost during the year
    has fewer hours for reasons that have nothing to do with service). Planned hours scale
    with size class; within a size class and year, the account managers' allocation
    varies for reasons of its own, which is what identifies the slope. Diminishing
    returns are built in: each point costs a constant *proportion* more hours.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> response = service_response(load_world())
    >>> bool(response.ci_low < response.true_slope < response.ci_high)
    True
    """
    func = "service_response"
    check_world(world, func, {"value_audit": ["customer_id", "year", "supplier", "service_value"],
                              "activities": ["customer_id", "year", "proactive_hours"],
                              "customers": ["customer_id", "size", "customer_since"],
                              "relationships": ["customer_id", "year", "churned"]})
    rate = float(_service_rates(world, cost_rates, func, ("proactive_hours",))["proactive_hours"])
    import statsmodels.formula.api as smf

    audit = world.value_audit
    ours = audit.loc[audit["supplier"].astype(str) == "ours", ["customer_id", "year", "service_value"]]
    rows = (ours.merge(world.activities[["customer_id", "year", "proactive_hours"]],
                       on=["customer_id", "year"], how="left", validate="one_to_one")
            .merge(world.customers[["customer_id", "size", "customer_since"]], on="customer_id",
                   how="left")
            .merge(world.relationships[["customer_id", "year", "churned"]],
                   on=["customer_id", "year"], how="left"))
    if rows["proactive_hours"].isna().any():
        raise ValueError(f"{func}: {int(rows['proactive_hours'].isna().sum())} audited "
                         f"customer-years have no activities row")
    whole_year = (rows["customer_since"].dt.year < rows["year"]) & ~rows["churned"].astype(bool)
    rows = rows[whole_year]
    if (rows["proactive_hours"] <= 0).any():
        raise ValueError(f"{func}: proactive_hours must be positive on customer-years active "
                         f"all year (its log is the regressor)")
    if len(rows) < 30:
        raise ValueError(f"{func}: only {len(rows)} audited customer-years active all year; "
                         f"too few to estimate the response")
    rows = rows.assign(log_hours=np.log(rows["proactive_hours"].to_numpy(dtype=float)))
    groups = pd.factorize(rows["customer_id"])[0]
    fit = smf.ols("service_value ~ log_hours + C(size) + C(year)", rows).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    low, high = fit.conf_int().loc["log_hours"]
    truth = world.truth if isinstance(world.truth, dict) else {}
    scale = truth.get("scales", {}).get("service_quality_per_log_proactive_hour")
    true = (None if scale is None
            else float(truth["params"]["choice"]["ours_quality_loading"] * scale))
    return ServiceResponse(float(fit.params["log_hours"]), float(fit.bse["log_hours"]),
                           float(low), float(high), true, rate, int(fit.nobs),
                           int(groups.max() + 1), fit)


def compare_levers(result: ChoiceModel, data: pd.DataFrame, economics: pd.DataFrame,
                   service_cost, *, service_points: float = 1.0,
                   price_points: float | None = None, supplier: str = "ours",
                   service: str = "service_value",
                   supplier_col: str = "supplier") -> pd.DataFrame:
    """What winning share costs: raising our service value or cutting our price.

    Parameters
    ----------
    result : ChoiceModel
        From :func:`fit_choice`, with a ``price`` attribute.
    data : DataFrame
        The choice sets, e.g. ``world.value_audit`` (a year of it).
    economics : DataFrame
        Per choice set (the model's group columns): ``revenue``, ``gross_profit`` and
        ``service_cost`` in CNY, e.g. from :func:`service_economics`.
    service_cost : ServiceResponse or float
        What raising service value costs: a :class:`ServiceResponse` (from
        :func:`service_response`, or its ``at_truth()``) prices the extra proactive hours
        of each customer (``economics`` then needs ``proactive_hours``); a number is a
        fixed CNY per customer and point, for sensitivity analysis.
    service_points : float, default=1.0
        Points of service value added (0-10 scale).
    price_points : float or None, default=None
        Cut in price units (index points); None cuts by the amount customers value
        like ``service_points`` (``service_points`` × WTP), so both levers win the
        same share and only their cost differs.
    supplier, service, supplier_col : str
        Whose levers, the service attribute, and the supplier column.
    Returns
    -------
    DataFrame
        Rows ``raise service`` and ``cut price``; columns ``change`` (points on the
        lever's own scale), ``share_before`` and ``share_after`` (mean choice
        probability, = expected share of wallet), ``revenue_before``,
        ``revenue_after``, ``lever_cost`` (service spend, or revenue given away by the
        price cut), ``profit_change`` (gross profit after the lever's cost, minus
        before) and ``cost_per_share_point`` (lever cost per percentage point of
        mean share won). Money in CNY, summed over the choice sets in ``data``: pass
        one year of the audit for yearly figures.

    Notes
    -----
    Expected revenue scales with the choice probability: after a change from
    :math:`p_0` to :math:`p_1`, a customer's revenue :math:`R` becomes
    :math:`R\\,p_1/p_0` at old prices and its gross profit :math:`G\\,p_1/p_0`. A
    price cut of :math:`\\Delta` index points is the proportion :math:`k = \\Delta/P`
    of our price index :math:`P`; it gives away :math:`kR\\,p_1/p_0`. Raising service
    by :math:`s` points costs, with a response of slope :math:`b`, the extra proactive
    hours :math:`H(e^{s/b} - 1)` at their cost rate (:meth:`ServiceResponse.extra_cost`).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> from crmlab.value import fit_choice
    >>> world = make_world(n_customers=150, seed=3)
    >>> model = fit_choice(world.value_audit)
    >>> response = service_response(world)
    >>> levers = compare_levers(model, world.value_audit, service_economics(world), response)
    >>> levers.index.tolist()
    ['raise service', 'cut price']
    """
    func = "compare_levers"
    if not isinstance(result, ChoiceModel) or result.price is None:
        raise TypeError(f"{func}: result must be a ChoiceModel fitted with a price attribute")
    check_choice(service, [a for a in result.attributes if a != result.price], func, "service")
    keys = list(result.group)
    check_columns(economics, keys + ["revenue", "gross_profit", "service_cost"], func,
                  "economics")
    _numeric(economics, ["revenue", "gross_profit", "service_cost"], func)
    check_number(service_points, func, "service_points")
    wtp = float(result.wtp.loc[service, "wtp"])
    cut = service_points * wtp if price_points is None else \
        check_number(price_points, func, "price_points")
    check_columns(data, [supplier_col], func)
    mask = (data[supplier_col].astype(str) == supplier).to_numpy()
    if not mask.any():
        raise ValueError(f"{func}: supplier {supplier!r} not in column {supplier_col!r}; "
                         f"suppliers: {sorted(set(data[supplier_col].astype(str)))}")
    p0 = result.predict(data).to_numpy()[mask]
    ours = data.loc[mask, keys + [service, result.price]].reset_index(drop=True)
    if (ours[service] <= 0).any() or (ours[result.price] <= 0).any():
        raise ValueError(f"{func}: {supplier!r} needs a positive {service!r} and "
                         f"{result.price!r} in every choice set")
    econ = economics.set_index(keys)
    if econ.index.duplicated().any():
        raise ValueError(f"{func}: economics has more than one row per {keys}")
    idx = pd.MultiIndex.from_frame(ours[keys]) if len(keys) > 1 else pd.Index(ours[keys[0]])
    missing = ~idx.isin(econ.index)
    if missing.any():
        raise ValueError(f"{func}: economics has no row for {int(missing.sum())} choice sets "
                         f"(for example {idx[np.argmax(missing)]!r})")
    econ = econ.reindex(idx)
    R, G = econ["revenue"].to_numpy(), econ["gross_profit"].to_numpy()
    if isinstance(service_cost, ServiceResponse):
        if "proactive_hours" not in econ.columns:
            raise ValueError(f"{func}: pricing a ServiceResponse needs column 'proactive_hours' "
                             f"in economics (see service_economics)")
        service_spend = service_cost.extra_cost(econ["proactive_hours"].to_numpy(), service_points)
    elif isinstance(service_cost, (int, float, np.number)) and not isinstance(service_cost, bool):
        if not np.isfinite(service_cost) or service_cost < 0:
            raise ValueError(f"{func}: service_cost must be finite and not negative; "
                             f"got {service_cost!r}")
        service_spend = np.full(len(ours), service_points * float(service_cost))
    else:
        raise TypeError(f"{func}: service_cost must be a ServiceResponse (service_response(world)) "
                        f"or CNY per customer and point; got {type(service_cost).__name__}")
    cut_share = cut / ours[result.price].to_numpy()  # the price cut as a proportion, k
    rows = {}
    for lever, change in (("raise service", {service: service_points}),
                          ("cut price", {result.price: -cut})):
        p1 = simulate_shares(result, data, change, supplier=supplier,
                             supplier_col=supplier_col)["scenario"].to_numpy()[mask]
        f = p1 / p0  # expected volume after / before
        if lever == "raise service":
            cost = service_spend
            revenue_after, profit_after = R * f, G * f - cost
        else:
            cost = cut_share * R * f
            revenue_after, profit_after = R * f - cost, G * f - cost
        won = 100 * (p1.mean() - p0.mean())
        rows[lever] = dict(change=service_points if lever == "raise service" else -cut,
                           share_before=p0.mean(), share_after=p1.mean(),
                           revenue_before=R.sum(), revenue_after=revenue_after.sum(),
                           lever_cost=cost.sum(), profit_change=profit_after.sum() - G.sum(),
                           cost_per_share_point=cost.sum() / won if won > 0 else np.nan)
    return pd.DataFrame.from_dict(rows, orient="index")
