"""Customer lifetime value by formula (Gupta & Lehmann, Berger & Nasr) and the retention lever."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_choice, check_int, check_number

__all__ = ["clv_retention", "clv_berger_nasr", "retention_lever"]


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
