"""Pareto tables and ABC classes (二八法则, ABC 分类)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame, check_number, check_numeric

__all__ = ["pareto_table", "abc_classes"]



# --------------------------------------------------------------------------------------------
# Pareto and ABC (二八法则, ABC 分类)
# --------------------------------------------------------------------------------------------
def _pareto(data, value: str, by: str, func: str) -> pd.DataFrame:
    check_frame(data, func)
    if not isinstance(by, str) or (by not in data.columns and by not in data.index.names):
        raise ValueError(f"{func}: column {by!r} not in data (nor an index level); available: "
                         f"{list(map(str, data.columns))}")
    check_columns(data, [value], func)
    column = data[value]
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        raise TypeError(f"{func}: column {value!r} must be numeric; got {column.dtype}")
    if column.isna().any():
        raise ValueError(f"{func}: column {value!r} has missing values; fill or drop them first")
    check_numeric(data, [value], func)
    if (column < 0).any():
        raise ValueError(f"{func}: column {value!r} has negative values; a Pareto curve needs "
                         f"non-negative value (for profit use a whale curve)")
    totals = column.groupby(data[by] if by in data.columns else data.index.get_level_values(by),
                            observed=True).sum()
    if len(totals) == 0 or totals.sum() == 0:
        raise ValueError(f"{func}: column {value!r} sums to zero; nothing to rank")
    order = np.lexsort((np.arange(len(totals)), -totals.to_numpy()))  # largest first, stable
    totals = totals.iloc[order]
    table = pd.DataFrame({value: totals,
                          "share": totals / totals.sum(),
                          "cumulative_share": totals.cumsum() / totals.sum(),
                          "rank": np.arange(1, len(totals) + 1),
                          "customer_share": np.arange(1, len(totals) + 1) / len(totals)})
    table.index.name = by
    return table


def pareto_table(data: pd.DataFrame, value: str, by: str = "customer_id") -> pd.DataFrame:
    """Customers sorted by value, largest first, with their share and cumulative shares.

    Parameters
    ----------
    data : DataFrame
        One row per transaction or per customer.
    value : str
        Numeric column to sum per customer, e.g. ``"net_revenue"``; must not be
        negative.
    by : str, default="customer_id"
        Column or index level that identifies the customer.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``by``, largest first (ties keep the order of first appearance):
        ``value`` (the customer's total), ``share`` of the grand total,
        ``cumulative_share`` (share held by this customer and all larger ones),
        ``rank`` (1 = largest) and ``customer_share`` = rank / number of customers,
        the cumulative share of customers.

    Notes
    -----
    With totals sorted :math:`v_{(1)} \\ge \\dots \\ge v_{(n)}`, row :math:`k` holds
    :math:`\\sum_{i \\le k} v_{(i)} / \\sum_i v_i` and :math:`k/n`: the points of
    the Pareto (Lorenz-type) curve. Juran's Pareto principle: about 20 % of
    customers hold about 80 % of value.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": list("aabc"), "net_revenue": [5.0, 3, 1, 1]})
    >>> pareto_table(orders, "net_revenue")["cumulative_share"].tolist()
    [0.8, 0.9, 1.0]
    """
    return _pareto(data, value, by, "pareto_table")


def abc_classes(data: pd.DataFrame, value: str, cutoffs=(0.8, 0.95), *,
                by: str = "customer_id") -> pd.Series:
    """ABC classes by cumulative share of value (ABC 分类).

    Parameters
    ----------
    data : DataFrame
        One row per transaction or per customer (for example the archive).
    value : str
        Numeric, non-negative column summed per customer.
    cutoffs : tuple of two floats, default=(0.8, 0.95)
        Cumulative shares that close class A and class B, ``0 < a < b < 1``.
    by : str, default="customer_id"
        Column or index level that identifies the customer.

    Returns
    -------
    pandas.Series
        ``abc_class`` per customer, an ordered categorical ``"C" < "B" < "A"``,
        in the order of :func:`pareto_table` (largest first).

    Notes
    -----
    A customer is in A when the customers larger than it hold less than
    ``cutoffs[0]`` of the total, so A is the smallest set of largest customers
    that reaches 80 %; B likewise up to ``cutoffs[1]``; the rest is C.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": list("abcde"), "net_revenue": [50.0, 30, 10, 6, 4]})
    >>> abc_classes(orders, "net_revenue").astype(str).tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    if not isinstance(cutoffs, (tuple, list)) or len(cutoffs) != 2:
        raise ValueError(f"abc_classes: cutoffs must be two shares (a, b) with 0 < a < b < 1; "
                         f"got {cutoffs!r}")
    a, b = (check_number(c, "abc_classes", "cutoffs", low=0.0, high=1.0) for c in cutoffs)
    if not 0 < a < b < 1:
        raise ValueError(f"abc_classes: cutoffs must satisfy 0 < a < b < 1; got {cutoffs!r}")
    table = _pareto(data, value, by, "abc_classes")
    before = (table["cumulative_share"] - table["share"]).to_numpy()
    labels = np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C"))
    return pd.Series(pd.Categorical(labels, categories=["C", "B", "A"], ordered=True),
                     index=table.index, name="abc_class")
