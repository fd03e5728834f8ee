"""The customer pyramid (客户金字塔): tiers by ranked value."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_number
from ._checks import _numeric_columns, _rank_desc


__all__ = ["DEFAULT_TIERS", "CustomerPyramid", "customer_pyramid"]

#: Zeithaml, Rust and Lemon's customer pyramid: each tier's share of customers, top first.
DEFAULT_TIERS = {"platinum": 0.05, "gold": 0.15, "iron": 0.30, "lead": 0.50}


@dataclass(frozen=True, repr=False)
class CustomerPyramid:
    """Tiers by ranked value (客户金字塔).

    Attributes
    ----------
    value : str
        The column customers were ranked by.
    tier : Series
        Ordered categorical per customer, lowest tier first in the categories
        (``lead < iron < gold < platinum``), indexed like the data.
    table : DataFrame
        Per tier, top first: ``customers``, ``share_customers``, ``value_from`` and
        ``value_to`` (lowest and highest value in the tier), ``share_revenue`` and
        ``share_profit``; the shares of each column sum to one.
    """

    value: str
    tier: pd.Series
    table: pd.DataFrame

    def __repr__(self) -> str:
        tiers = ", ".join(f"{t}={n}" for t, n in self.table["customers"].items())
        return f"CustomerPyramid(value={self.value!r}, {tiers})"


def _check_tiers(tiers, func: str) -> dict:
    if not isinstance(tiers, Mapping) or len(tiers) < 2:
        raise TypeError(f"{func}: tiers must be a mapping of at least two tier names to "
                        f"shares of customers, top first; got {tiers!r}")
    for name, share in tiers.items():
        if not isinstance(name, str):
            raise TypeError(f"{func}: tier names must be strings; got {name!r}")
        check_number(share, func, f"tiers[{name!r}]", low=0.0, high=1.0)
        if share <= 0:
            raise ValueError(f"{func}: tiers[{name!r}] must be a positive share; got {share!r}")
    total = float(sum(tiers.values()))
    if abs(total - 1) > 1e-9:
        raise ValueError(f"{func}: tier shares must sum to 1; they sum to {total:.6g}")
    return dict(tiers)


def customer_pyramid(data: pd.DataFrame, value: str, tiers: Mapping[str, float] = DEFAULT_TIERS,
                     *, revenue: str | None = "net_revenue",
                     profit: str | None = "profit") -> CustomerPyramid:
    """Customer pyramid: tiers by ranked value (Zeithaml, Rust and Lemon).

    Parameters
    ----------
    data : DataFrame
        One row per customer, the customer key as a unique index.
    value : str
        Column to rank by, largest first (profit, lifetime value, revenue).
    tiers : mapping of str to float, default=DEFAULT_TIERS
        Tier names to shares of customers, top tier first, summing to one:
        ``{"platinum": 0.05, "gold": 0.15, "iron": 0.30, "lead": 0.50}``.
    revenue, profit : str or None, default="net_revenue", "profit"
        Columns whose shares per tier are reported; None leaves one out.

    Returns
    -------
    CustomerPyramid

    Notes
    -----
    Customers are ranked by ``value``, largest first; ties keep the order of the
    sorted index. The tier with cumulative share :math:`c_j` ends at rank
    :math:`\\lfloor c_j n + 1/2 \\rfloor`. Zeithaml, Rust and Lemon, "The customer
    pyramid", *California Management Review* 43(4), 2001. The shrimp-feed case of
    the Chinese CRM literature ranks customers by lifetime value into gold, iron and
    lead tiers: key-account managers for gold, lift the iron ones.

    Examples
    --------
    >>> data = pd.DataFrame({"net_revenue": [50.0, 30, 10, 10], "profit": [8.0, 4, 1, -1]},
    ...                     index=list("abcd"))
    >>> pyramid = customer_pyramid(data, "profit", {"gold": 0.25, "iron": 0.25, "lead": 0.5})
    >>> pyramid.tier.tolist()
    ['gold', 'iron', 'lead', 'lead']
    >>> pyramid.table["share_profit"].tolist()
    [0.6666666666666666, 0.3333333333333333, 0.0]
    """
    func = "customer_pyramid"
    check_frame(data, func)
    tiers = _check_tiers(tiers, func)
    money = [c for c in (revenue, profit) if c is not None]
    check_columns(data, [value] + money, func)
    _numeric_columns(data, list(dict.fromkeys([value] + money)), func)
    if data.empty:
        raise ValueError("customer_pyramid: data is empty")
    if not data.index.is_unique:
        raise ValueError("customer_pyramid: data needs one row per customer (a unique index); "
                         "aggregate per customer first")
    n = len(data)
    rank = _rank_desc(data[value])
    ends = np.floor(np.cumsum(list(tiers.values())) * n + 0.5).astype(int)
    ends[-1] = n
    codes = np.searchsorted(ends, rank.to_numpy(), side="left")
    names = list(tiers)
    tier = pd.Series(pd.Categorical.from_codes(len(names) - 1 - codes, names[::-1],
                                               ordered=True), index=data.index, name="tier")
    grouped = data.groupby(codes)
    positions = range(len(names))
    table = pd.DataFrame({"customers": np.bincount(codes, minlength=len(names))},
                         index=pd.CategoricalIndex(names, categories=names[::-1], ordered=True,
                                                   name="tier"))
    table["share_customers"] = table["customers"] / n
    table["value_from"] = grouped[value].min().reindex(positions).to_numpy()
    table["value_to"] = grouped[value].max().reindex(positions).to_numpy()
    for name, column in (("share_revenue", revenue), ("share_profit", profit)):
        if column is not None:
            total = data[column].sum()
            sums = grouped[column].sum().reindex(positions, fill_value=0.0).to_numpy()
            table[name] = sums / total if total != 0 else np.nan
    return CustomerPyramid(value=value, tier=tier, table=table)
