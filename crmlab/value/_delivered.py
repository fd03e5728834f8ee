"""Delivered value and competitive position."""
from __future__ import annotations


import numpy as np
import pandas as pd

from .._numeric import weighted_sum
from .._validate import check_columns, check_frame, check_rows
from ._checks import (CHOICE_GROUP, COST_PARTS, VALUE_PARTS, _choice_sets, _chosen,
                      _first_set, _names, _numeric, _weights)

__all__ = ['delivered_value', 'competitive_position']


# --------------------------------------------------------------------------------------------
# Delivered value and competitive position
# --------------------------------------------------------------------------------------------
def delivered_value(data: pd.DataFrame, value_parts=VALUE_PARTS, cost_parts=COST_PARTS,
                    weights=None) -> pd.DataFrame:
    """Total customer value, total customer cost and delivered value (客户让渡价值) per row.

    Parameters
    ----------
    data : DataFrame
        One row per customer and supplier, for example ``world.value_audit``.
    value_parts : sequence of str, default=VALUE_PARTS
        Columns with the value parts (product, service, personnel, image value).
    cost_parts : sequence of str, default=COST_PARTS
        Columns with the cost parts (monetary, time, energy, physical cost); must not
        be negative.
    weights : dict or Series, optional
        Non-negative weight per part; parts not named weigh 1. Parts are summed as
        given, so put them on one scale: in the value audit the price is an index
        (market = 100) and the other parts are 0-10, so ``AUDIT_SCALE``
        (``{"monetary_cost": 0.1}``) counts 10 index points as one scale point.
        The absolute coefficients of :func:`fit_choice` put every part in utility
        units.

    Returns
    -------
    DataFrame
        ``data`` with four columns added: ``total_value``, ``total_cost``,
        ``delivered_value`` (the difference) and ``value_cost_ratio``.

    Notes
    -----
    With value parts :math:`v_k`, cost parts :math:`c_j` and weights :math:`w`,

    .. math:: TCV = \\sum_k w_k v_k, \\quad TCC = \\sum_j w_j c_j, \\quad
              CDV = TCV - TCC, \\quad R = TCV / TCC.

    Kotler (Marketing Management, 9th ed., 1997, ch. 2) defines delivered value as
    the difference; Chinese textbooks also use the ratio form (让渡价值比).

    Examples
    --------
    >>> import pandas as pd
    >>> audit = pd.DataFrame({"supplier": ["ours", "rival"], "quality": [8.0, 6.0],
    ...                       "price": [100.0, 90.0], "hassle": [2.0, 3.0]})
    >>> dv = delivered_value(audit, ["quality"], ["price", "hassle"], weights={"price": 0.05})
    >>> dv[["total_value", "total_cost", "delivered_value"]].to_numpy().tolist()
    [[8.0, 7.0, 1.0], [6.0, 7.5, -1.5]]
    """
    func = "delivered_value"
    check_frame(data, func)
    values, costs = _names(value_parts, func, "value_parts"), _names(cost_parts, func, "cost_parts")
    both = sorted(set(values) & set(costs))
    if both:
        raise ValueError(f"{func}: {both} are given both as value and as cost parts")
    check_columns(data, values + costs, func)
    check_rows(data, func)
    _numeric(data, values + costs, func)
    negative = [c for c in costs if (data[c] < 0).any()]
    if negative:
        raise ValueError(f"{func}: cost parts {negative} have negative values; a cost is what "
                         f"the customer gives up and cannot be below zero")
    w = _weights(weights, values + costs, func)
    out = data.copy()
    out["total_value"] = weighted_sum(data[values].to_numpy(float), w[values].to_numpy())
    out["total_cost"] = weighted_sum(data[costs].to_numpy(float), w[costs].to_numpy())
    out["delivered_value"] = out["total_value"] - out["total_cost"]
    zero = int((out["total_cost"] <= 0).sum())
    if zero:
        raise ValueError(f"{func}: total cost is zero in {zero} rows; the ratio form needs a "
                         f"positive total cost (check the cost parts and their weights)")
    out["value_cost_ratio"] = out["total_value"] / out["total_cost"]
    return out


def competitive_position(data: pd.DataFrame, supplier: str = "ours", *,
                         value_parts=VALUE_PARTS, cost_parts=COST_PARTS, weights=None,
                         group=CHOICE_GROUP, supplier_col: str = "supplier",
                         choice: str | None = "chosen") -> pd.DataFrame:
    """Our delivered value against the best competitor's, per customer, part by part.

    Parameters
    ----------
    data : DataFrame
        One row per customer (choice set) and supplier, e.g. ``world.value_audit``.
    supplier : str, default="ours"
        The supplier whose position is measured.
    value_parts, cost_parts, weights
        As in :func:`delivered_value`.
    group : str or list of str, default=("customer_id", "year")
        Columns that identify one customer's choice set.
    supplier_col : str, default="supplier"
        Column naming the supplier of each row.
    choice : str or None, default="chosen"
        Boolean column marking the supplier chosen; None leaves out ``chosen``.

    Returns
    -------
    DataFrame
        One row per choice set: the ``group`` columns, ``delivered_value`` (ours),
        ``best_competitor`` (the competitor with the highest delivered value),
        ``competitor_value`` (its delivered value), ``gap`` (ours minus it),
        ``gap_<part>`` for every part (the part's contribution to the gap, positive
        when it favours us: :math:`w(v^{ours} - v^{best})` for a value part and
        :math:`-w(c^{ours} - c^{best})` for a cost part; they sum to ``gap``),
        ``ahead`` (gap > 0) and, with ``choice``, ``chosen`` (we are the chosen
        supplier) and ``chosen_supplier``.

    Notes
    -----
    Kotler's rule says the customer buys from the supplier with the highest
    delivered value, so ``ahead`` predicts ``chosen``; how often it does measures
    how well the weights describe the customers.

    Examples
    --------
    >>> import pandas as pd
    >>> audit = pd.DataFrame({"customer_id": ["a"] * 3, "supplier": ["ours", "x", "y"],
    ...                       "quality": [8.0, 9.0, 5.0], "price": [5.0, 7.0, 4.0],
    ...                       "chosen": [True, False, False]})
    >>> pos = competitive_position(audit, value_parts=["quality"], cost_parts=["price"],
    ...                            group="customer_id")
    >>> pos[["best_competitor", "gap", "gap_quality", "gap_price", "chosen"]].to_dict("records")
    [{'best_competitor': 'x', 'gap': 1.0, 'gap_quality': -1.0, 'gap_price': 2.0, 'chosen': True}]
    """
    func = "competitive_position"
    keys = _names(group, func, "group")
    check_columns(data, keys + [supplier_col] + ([choice] if choice is not None else []), func)
    values, costs = _names(value_parts, func, "value_parts"), _names(cost_parts, func, "cost_parts")
    check_columns(data, values + costs, func)
    check_rows(data, func)
    _numeric(data, values + costs, func)
    dv = delivered_value(data, value_parts, cost_parts, weights)
    w = _weights(weights, values + costs, func)
    names = dv[supplier_col].astype(str)
    if supplier not in set(names):
        raise ValueError(f"{func}: supplier {supplier!r} not in column {supplier_col!r}; "
                         f"suppliers: {sorted(set(names))}")
    codes = _choice_sets(dv, keys, func)
    if pd.DataFrame({"set": codes, "supplier": names.to_numpy()}).duplicated().any():
        raise ValueError(f"{func}: a supplier appears twice in one choice set; give one row "
                         f"per {keys} and {supplier_col!r}")
    is_ours = (names == supplier).to_numpy()
    lacking = np.setdiff1d(np.arange(codes.max() + 1), codes[is_ours])
    if len(lacking):
        first = _first_set(dv, keys, codes == lacking[0])
        raise ValueError(f"{func}: supplier {supplier!r} is missing from {len(lacking)} choice "
                         f"sets (for example {first}); every set needs its row")
    # row positions, one per choice set (sets numbered in order of appearance)
    our_pos = np.empty(codes.max() + 1, dtype=np.int64)
    our_pos[codes[is_ours]] = np.flatnonzero(is_ours)
    rivals = pd.DataFrame({"set": codes[~is_ours], "pos": np.flatnonzero(~is_ours),
                           "dv": dv["delivered_value"].to_numpy()[~is_ours]})
    best_pos = rivals.loc[rivals.groupby("set")["dv"].idxmax(), "pos"].to_numpy()
    ours, best = dv.iloc[our_pos], dv.iloc[best_pos]
    out = ours[keys].reset_index(drop=True)
    out["delivered_value"] = ours["delivered_value"].to_numpy()
    out["best_competitor"] = names.to_numpy()[best_pos]
    out["competitor_value"] = best["delivered_value"].to_numpy()
    out["gap"] = out["delivered_value"] - out["competitor_value"]
    for part in values + costs:
        sign = 1.0 if part in values else -1.0
        out[f"gap_{part}"] = sign * w[part] * (ours[part].to_numpy() - best[part].to_numpy())
    out["ahead"] = out["gap"] > 0
    if choice is not None:
        chosen_pos = _chosen(dv, choice, codes, keys, func)
        out["chosen"] = chosen_pos == our_pos
        out["chosen_supplier"] = names.to_numpy()[chosen_pos]
    return out
