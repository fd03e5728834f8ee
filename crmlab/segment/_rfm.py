"""RFM: recency, frequency and monetary value per customer, scores and named segments."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_date, check_frame, check_int, check_rows
from ._checks import _numeric_columns
from ._keys import distinct_per_group, factorize_keys


__all__ = ["RFM_SEGMENT_RULES", "rfm", "rfm_scores", "rfm_segments"]

#: Named RFM segments on the 1-5 scale, applied in this order (the first rule that
#: holds wins). ``fm`` is the mean of the frequency and monetary scores (1, 1.5, ..., 5).
RFM_SEGMENT_RULES = (
    dict(segment="champions", r_score=(4, 5), fm=(4.0, 5.0),
         meaning="bought recently, often and much: reward, involve in new products"),
    dict(segment="loyal", r_score=(3, 5), fm=(3.0, 5.0),
         meaning="regular, sizeable buyers: up-sell and cross-sell"),
    dict(segment="promising", r_score=(4, 5), fm=(1.0, 2.5),
         meaning="recent but still small: develop the account"),
    dict(segment="needs_attention", r_score=(3, 3), fm=(1.0, 2.5),
         meaning="middling on every score: a visit decides which way they go"),
    dict(segment="at_risk", r_score=(1, 2), fm=(3.0, 5.0),
         meaning="used to buy often and much, not lately: win back before a competitor does"),
    dict(segment="hibernating", r_score=(1, 2), fm=(1.0, 2.5),
         meaning="small and not lately: serve at low cost, or let go"),
)


def rfm(orders: pd.DataFrame, asof, *, customer: str = "customer_id", date: str = "date",
        value: str = "net_revenue", order: str | None = "order_id",
        quantity: str | None = "quantity") -> pd.DataFrame:
    """Recency, frequency and monetary value per customer (RFM模型).

    Parameters
    ----------
    orders : DataFrame
        One row per order line (or per order), every line dated on or before ``asof``.
    asof : str or date
        The day the scores are taken, e.g. ``"2025-12-31"``. Lines dated later raise:
        RFM describes what was known on that day, so filter them out first.
    customer, date, value : str, default="customer_id", "date", "net_revenue"
        Columns of the customer key, the order date and the money per line (>= 0).
    order : str or None, default="order_id"
        Column of the order key (no missing keys): frequency counts distinct orders.
        None counts rows. An order book without an ``order_id`` column (a firm's export
        of customer, date and amount) leaves the default to count order days: distinct
        dates per customer, as :func:`crmlab.identify.customer_archive` does.
    quantity : str or None, default="quantity"
        Column of units, checked to be >= 0 (returns and credit notes must be netted
        before RFM). None, or the default without a ``quantity`` column, skips the check.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), with columns ``recency`` (days from the last
        order to ``asof``), ``frequency`` (orders) and ``monetary`` (sum of ``value``).

    Notes
    -----
    For customer :math:`i` with orders at dates :math:`t_{ij}` and values
    :math:`v_{ij}`: :math:`R_i = \\text{asof} - \\max_j t_{ij}` in days,
    :math:`F_i` = number of orders, :math:`M_i = \\sum_j v_{ij}` (Hughes, *Strategic
    Database Marketing*, 1994; Bult and Wansbeek, *Marketing Science* 14, 1995).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": [1, 2, 3],
    ...                        "date": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-02-01"]),
    ...                        "net_revenue": [100.0, 50.0, 80.0]})
    >>> rfm(orders, "2025-03-31", quantity=None)
                 recency  frequency  monetary
    customer_id                              
    a                 30          2     150.0
    b                 58          1      80.0
    """
    func = "rfm"
    check_frame(orders, func, "orders")
    order_days = order == "order_id" and order not in orders.columns
    if order_days:
        order = None
    if quantity == "quantity" and quantity not in orders.columns:
        quantity = None
    columns = [customer, date, value] + [c for c in (order, quantity) if c is not None]
    check_columns(orders, columns, func, "orders")
    stamp = check_date(asof, func, "asof")
    if orders.empty:
        raise ValueError("rfm: orders is empty; RFM needs at least one order line")
    _numeric_columns(orders, [value], func, "orders", negative=False)
    if quantity is not None:
        _numeric_columns(orders, [quantity], func, "orders", negative=False)
    if pd.api.types.is_numeric_dtype(orders[date]):  # to_datetime would read 20250101 as ns
        raise TypeError(f"rfm: column {date!r} of orders must hold dates; got "
                        f"{orders[date].dtype}; convert it with pd.to_datetime")
    try:
        dates = pd.to_datetime(orders[date])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"rfm: column {date!r} of orders must hold dates; "
                         f"got {orders[date].dtype}") from exc
    if dates.isna().any():
        raise ValueError(f"rfm: column {date!r} of orders has {int(dates.isna().sum())} "
                         f"missing dates")
    dates = dates.dt.normalize()
    late = int((dates > stamp).sum())
    if late:
        raise ValueError(f"rfm: {late} order lines are dated after asof {stamp.date()}; RFM "
                         f"describes what was known on that day: keep "
                         f"orders[orders[{date!r}] <= {str(stamp.date())!r}] first")
    codes, keys = factorize_keys(orders[customer])
    if (codes < 0).any():
        raise ValueError(f"rfm: column {customer!r} of orders has missing customer keys")
    # aggregate on integer codes: the string keys were hashed once, above
    by = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(len(keys)))
    grouped = pd.DataFrame({"date": dates, "value": orders[value]}).groupby(by, observed=False)
    if order_days:
        frequency, _ = distinct_per_group(codes, len(keys), dates.to_numpy())
    elif order is None:
        frequency = grouped.size().to_numpy()
    else:
        frequency, missing = distinct_per_group(codes, len(keys), orders[order].to_numpy())
        if missing:
            raise ValueError(f"rfm: column {order!r} of orders has "
                             f"{int(orders[order].isna().sum())} missing order keys")
    table = pd.DataFrame({
        "recency": (stamp - grouped["date"].max()).dt.days.astype("int64").to_numpy(),
        "frequency": np.asarray(frequency, dtype="int64"),
        "monetary": grouped["value"].sum().astype(float).to_numpy(),
    }, index=keys.rename(customer))
    return table


def _tie_safe_score(values: pd.Series, bins: int) -> pd.Series:
    below = (values.rank(method="min") - 1).astype("int64")  # customers strictly below
    return (1 + (bins * below) // len(values)).astype("int64")


def rfm_scores(rfm: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Quantile scores 1..``bins`` for recency, frequency and monetary value.

    Parameters
    ----------
    rfm : DataFrame
        Output of :func:`rfm`: columns ``recency``, ``frequency``, ``monetary``.
    bins : int, default=5
        Number of scores (5 gives quintiles), 2 to 9.

    Returns
    -------
    DataFrame
        ``rfm`` with ``r_score``, ``f_score``, ``m_score`` (1 = worst, ``bins`` =
        best; a recent purchase is good) and ``rfm_code``, the three scores as a
        text such as ``"545"``.

    Notes
    -----
    Ties. A customer's score counts the customers strictly worse than it:
    :math:`s_i = 1 + \\lfloor b \\cdot \\#\\{j : x_j < x_i\\} / n \\rfloor` (for
    recency, :math:`x = -R`). Without ties this gives equal bins of :math:`n/b`;
    tied customers always share a score, the lowest their block reaches, so a
    block of many one-order customers fills the low frequency scores and some
    scores may stay empty. The result never depends on row order.

    Examples
    --------
    >>> table = pd.DataFrame({"recency": [5, 50, 500, 5, 100],
    ...                       "frequency": [9, 3, 1, 1, 2],
    ...                       "monetary": [900.0, 300, 10, 20, 200]},
    ...                      index=pd.Index(list("abcde"), name="customer_id"))
    >>> rfm_scores(table)[["r_score", "f_score", "m_score", "rfm_code"]]
                 r_score  f_score  m_score rfm_code
    customer_id                                    
    a                  4        5        5      455
    b                  3        4        4      344
    c                  1        1        1      111
    d                  4        1        2      412
    e                  2        3        3      233
    """
    func = "rfm_scores"
    check_columns(rfm, ["recency", "frequency", "monetary"], func, "rfm")
    bins = check_int(bins, func, "bins", low=2, high=9)
    if rfm.empty:
        raise ValueError("rfm_scores: rfm is empty; compute it with crmlab.segment.rfm first")
    if not rfm.index.is_unique:  # a repeated customer would count twice in the quantiles
        raise ValueError(f"rfm_scores: rfm must have one row per customer (a unique index); got "
                         f"{int(rfm.index.duplicated().sum())} repeated")
    _numeric_columns(rfm, ["recency", "frequency", "monetary"], func, "rfm")
    out = rfm.copy()
    out["r_score"] = _tie_safe_score(-rfm["recency"], bins)
    out["f_score"] = _tie_safe_score(rfm["frequency"], bins)
    out["m_score"] = _tie_safe_score(rfm["monetary"], bins)
    out["rfm_code"] = (out["r_score"].astype(str) + out["f_score"].astype(str)
                       + out["m_score"].astype(str))
    return out


def rfm_segments(scores: pd.DataFrame) -> pd.Series:
    """Named RFM segments from 1-5 scores, by the rules in :data:`RFM_SEGMENT_RULES`.

    Rules, with :math:`FM = (F + M) / 2`, the first that holds wins:

    ================  ===========  ==============
    segment           R score      FM
    ================  ===========  ==============
    champions         4-5          4-5
    loyal             3-5          3-5
    promising         4-5          1-2.5
    needs_attention   3            1-2.5
    at_risk           1-2          3-5
    hibernating       1-2          1-2.5
    ================  ===========  ==============

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` with ``bins=5``.

    Returns
    -------
    Series
        Categorical ``rfm_segment`` per customer, categories in the order above.

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 4, 1],
    ...                        "m_score": [4, 4, 2]}, index=["a", "b", "c"])
    >>> rfm_segments(scores).tolist()
    ['champions', 'at_risk', 'needs_attention']
    """
    func = "rfm_segments"
    check_columns(scores, ["r_score", "f_score", "m_score"], func, "scores")
    check_rows(scores, func, "scores")
    _numeric_columns(scores, ["r_score", "f_score", "m_score"], func, "scores")
    values = scores[["r_score", "f_score", "m_score"]]
    if not values.isin([1, 2, 3, 4, 5]).all().all():
        raise ValueError("rfm_segments: scores must be integers 1-5 (the rules are set on a "
                         "five-point scale); compute them with rfm_scores(rfm, bins=5)")
    r, fm = scores["r_score"], (scores["f_score"] + scores["m_score"]) / 2
    names = [rule["segment"] for rule in RFM_SEGMENT_RULES]
    conditions = [r.between(*rule["r_score"]) & fm.between(*rule["fm"])
                  for rule in RFM_SEGMENT_RULES]
    labels = np.select(conditions, names, default="")
    return pd.Series(pd.Categorical(labels, categories=names), index=scores.index,
                     name="rfm_segment")
