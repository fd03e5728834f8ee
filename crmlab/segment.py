"""Segmentation and customer profitability (客户细分与客户盈利能力).

RFM scores and named RFM segments, clustering on behaviour, the customer pyramid,
activity-based cost-to-serve (作业成本法) and the whale curve.

Examples
--------
>>> from crmlab.datasets import make_world
>>> from crmlab import segment
>>> world = make_world(n_customers=80, seed=3)
>>> profit = segment.customer_profitability(world, "abc")
>>> round(float(segment.whale_curve(profit["profit"]).curve["share_of_profit"].iloc[-1]), 6)
1.0
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns, check_date, check_frame, check_int, check_number

__all__ = ["RFM_SEGMENT_RULES", "DEFAULT_TIERS", "rfm", "rfm_scores", "rfm_segments",
           "customer_features", "ClusterResult", "cluster", "segment_profile",
           "CustomerPyramid", "customer_pyramid", "cost_to_serve", "customer_profitability",
           "WhaleCurve", "whale_curve", "compare_costing"]

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

#: Zeithaml, Rust and Lemon's customer pyramid: each tier's share of customers, top first.
DEFAULT_TIERS = {"platinum": 0.05, "gold": 0.15, "iron": 0.30, "lead": 0.50}

_DRIVERS = ("visits", "orders", "deliveries", "rush_orders", "support_hours", "returns")


# --------------------------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------------------------
def _numeric_columns(data: pd.DataFrame, columns, func: str, arg: str = "data", *,
                     negative: bool = True) -> None:
    """Columns must be numeric (not bool) and finite; with ``negative=False`` also >= 0."""
    for column in columns:
        series = data[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            raise TypeError(f"{func}: column {column!r} of {arg} must be numeric; "
                            f"got {series.dtype}")
        missing = int(series.isna().sum())
        if missing:
            raise ValueError(f"{func}: column {column!r} of {arg} has {missing} missing "
                             f"values; drop or fill them first")
        if not np.isfinite(series.to_numpy(dtype=float)).all():
            raise ValueError(f"{func}: column {column!r} of {arg} has infinite values")
        if not negative and (series < 0).any():
            raise ValueError(f"{func}: column {column!r} of {arg} has {int((series < 0).sum())} "
                             f"negative values; it counts or sums something that cannot be "
                             f"negative")


def _check_world(world, func: str, tables=("orders", "activities")) -> None:
    missing = [t for t in tables if not isinstance(getattr(world, t, None), pd.DataFrame)]
    if missing:
        raise TypeError(f"{func}: world must be a crmlab World (crmlab.datasets.load_world()); "
                        f"this {type(world).__name__} has no table {missing}")


def _world_rates(world, rates, func: str) -> dict:
    if rates is not None:
        return rates
    try:
        return dict(world.truth["params"]["activities"]["cost_rates_cny"])
    except (AttributeError, KeyError, TypeError) as exc:
        raise ValueError(f"{func}: this world carries no cost rates in its truth; pass rates="
                         f"{{'visits': 1200, 'orders': 200, ...}} (CNY per driver unit)") from exc


def _rank_desc(values: pd.Series) -> pd.Series:
    """Ranks 1..n, largest value first; ties keep the order of the sorted index."""
    order = values.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return pd.Series(np.arange(1, len(order) + 1), index=order.index).reindex(values.index)


# --------------------------------------------------------------------------------------------
# RFM
# --------------------------------------------------------------------------------------------
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
        Column of the order key: frequency counts distinct orders. None counts rows.
    quantity : str or None, default="quantity"
        Column of units, checked to be >= 0 (returns and credit notes must be netted
        before RFM). None skips the check.

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
    columns = [customer, date, value] + [c for c in (order, quantity) if c is not None]
    check_columns(orders, columns, func, "orders")
    stamp = check_date(asof, func, "asof")
    if orders.empty:
        raise ValueError("rfm: orders is empty; RFM needs at least one order line")
    _numeric_columns(orders, [value], func, "orders", negative=False)
    if quantity is not None:
        _numeric_columns(orders, [quantity], func, "orders", negative=False)
    if orders[customer].isna().any():
        raise ValueError(f"rfm: column {customer!r} of orders has missing customer keys")
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
    keys = orders[customer]
    grouped = pd.DataFrame({"date": dates, "value": orders[value]}).groupby(keys, sort=True)
    last = grouped["date"].max()
    frequency = (orders.groupby(customer, sort=True)[order].nunique() if order is not None
                 else grouped.size())
    table = pd.DataFrame({
        "recency": (stamp - last).dt.days.astype("int64"),
        "frequency": frequency.astype("int64"),
        "monetary": grouped["value"].sum().astype(float),
    })
    table.index.name = customer
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


# --------------------------------------------------------------------------------------------
# Behaviour per customer and clustering
# --------------------------------------------------------------------------------------------
def customer_features(world) -> pd.DataFrame:
    """Behaviour per customer over the order book, ready for clustering.

    Parameters
    ----------
    world : World
        A world from :func:`crmlab.datasets.load_world` or ``make_world``.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (every customer of ``world.customers``), with
        ``years_active`` (customer-years in ``activities``), ``order_lines``,
        ``net_revenue`` (CNY), ``revenue_per_year`` (CNY per active year),
        ``orders_per_year``, ``discount`` (mean over lines), ``gross_margin``,
        ``deliveries_per_order``, ``rush_share`` (rush orders / orders),
        ``support_hours_per_year``, ``visits_per_year``, ``returns_per_order``,
        and ``share_<category>``, the share of order lines in each category.
        Discount, margin, ratios per order and shares are missing (NaN) for
        customers without orders.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> features = customer_features(make_world(n_customers=40, seed=1))
    >>> bought = features[features["order_lines"] > 0]
    >>> bought.filter(like="share_").sum(axis=1).round(6).unique().tolist()
    [1.0]
    """
    _check_world(world, "customer_features", ("customers", "orders", "activities"))
    orders, act = world.orders, world.activities
    index = pd.Index(world.customers["customer_id"], name="customer_id")
    lines = orders.groupby("customer_id").agg(
        order_lines=("net_revenue", "size"), net_revenue=("net_revenue", "sum"),
        gross_profit=("gross_profit", "sum"), discount=("discount", "mean")).reindex(index)
    drivers = act.groupby("customer_id")[list(_DRIVERS)].sum().reindex(index, fill_value=0)
    years = act.groupby("customer_id").size().reindex(index, fill_value=0)
    per_year = years.where(years > 0)
    n_orders = drivers["orders"].where(drivers["orders"] > 0)
    features = pd.DataFrame({
        "years_active": years.astype("int64"),
        "order_lines": lines["order_lines"].fillna(0).astype("int64"),
        "net_revenue": lines["net_revenue"].fillna(0.0),
        "revenue_per_year": lines["net_revenue"].fillna(0.0) / per_year,
        "orders_per_year": drivers["orders"] / per_year,
        "discount": lines["discount"],
        "gross_margin": lines["gross_profit"] / lines["net_revenue"],
        "deliveries_per_order": drivers["deliveries"] / n_orders,
        "rush_share": drivers["rush_orders"] / n_orders,
        "support_hours_per_year": drivers["support_hours"] / per_year,
        "visits_per_year": drivers["visits"] / per_year,
        "returns_per_order": drivers["returns"] / n_orders,
    }, index=index)
    mix = pd.crosstab(orders["customer_id"], orders["category"], normalize="index")
    mix = mix.reindex(index=index, columns=orders["category"].cat.categories)
    mix.columns = [f"share_{c}" for c in mix.columns]
    return features.join(mix)


@dataclass(frozen=True, repr=False)
class ClusterResult:
    """A fitted clustering: labels, the chosen k, diagnostics per k and the pipeline.

    Attributes
    ----------
    method : str
        ``"kmeans"``, ``"gmm"`` or ``"ward"``.
    k : int
        The number of clusters, given or chosen by ``criterion``.
    criterion : str
        How k was chosen (``"given"`` when k was passed).
    features : tuple of str
        Columns clustered on.
    labels : Series
        Cluster 1..k per row of the data, numbered by size (1 = largest).
    diagnostics : DataFrame
        Per k: ``silhouette``, ``calinski_harabasz``, ``davies_bouldin``, ``inertia``
        (k-means), ``bic`` (Gaussian mixture); missing where not defined.
    centers : DataFrame
        Feature means per cluster, in the features' own units.
    pipeline : sklearn.pipeline.Pipeline
        The fitted scikit-learn pipeline (``StandardScaler`` then the model); its
        own labels are numbered as scikit-learn drew them, see :meth:`predict`.
    """

    method: str
    k: int
    criterion: str
    features: tuple
    labels: pd.Series
    diagnostics: pd.DataFrame
    centers: pd.DataFrame
    pipeline: Any
    _relabel: dict

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Cluster of new rows: k-means and GMM by their model, Ward by nearest center."""
        check_columns(data, self.features, "ClusterResult.predict")
        _numeric_columns(data, self.features, "ClusterResult.predict")
        x = data[list(self.features)]
        if self.method == "ward":
            z = np.asarray(_scaled(self.pipeline, x), dtype=float)
            zc = np.asarray(_scaled(self.pipeline, self.centers), dtype=float)
            nearest = ((z[:, None, :] - zc[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
            return pd.Series(self.centers.index[nearest], index=data.index, name="cluster")
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            raw = self.pipeline.predict(x)
        return pd.Series([self._relabel[v] for v in raw], index=data.index, name="cluster")

    def __repr__(self) -> str:
        return (f"ClusterResult(method={self.method!r}, k={self.k}, criterion={self.criterion!r}, "
                f"customers={len(self.labels)}, features={list(self.features)})")

    def summary(self) -> pd.DataFrame:
        """Per cluster: customers, share of rows and feature means."""
        size = self.labels.value_counts().sort_index()
        return pd.concat([size.rename("customers"), (size / size.sum()).rename("share"),
                          self.centers], axis=1).rename_axis("cluster")


def _scaled(pipeline, x: pd.DataFrame):
    """Rows in the space the pipeline clusters in (standardised when it scales)."""
    return pipeline[:-1].transform(x) if len(pipeline.steps) > 1 else x


_CRITERIA = {"silhouette": "max", "calinski_harabasz": "max", "davies_bouldin": "min",
             "bic": "min"}


def _fit_pipeline(x: pd.DataFrame, method: str, k: int, scale: bool, seed: int):
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.mixture import GaussianMixture
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    model = {"kmeans": lambda: KMeans(n_clusters=k, n_init=10, random_state=seed),
             "gmm": lambda: GaussianMixture(n_components=k, n_init=5, random_state=seed),
             "ward": lambda: AgglomerativeClustering(n_clusters=k, linkage="ward")}[method]()
    pipeline = Pipeline(([("scale", StandardScaler())] if scale else []) + [("model", model)])
    labels = pipeline.fit_predict(x)
    return pipeline, np.asarray(labels), _scaled(pipeline, x)


def _diagnose(pipeline, labels, z, method: str) -> dict:
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

    row = dict(silhouette=np.nan, calinski_harabasz=np.nan, davies_bouldin=np.nan,
               inertia=np.nan, bic=np.nan)
    if 1 < len(np.unique(labels)) < len(labels):
        row.update(silhouette=silhouette_score(z, labels),
                   calinski_harabasz=calinski_harabasz_score(z, labels),
                   davies_bouldin=davies_bouldin_score(z, labels))
    model = pipeline[-1]
    if method == "kmeans":
        row["inertia"] = model.inertia_
    if method == "gmm":
        row["bic"] = model.bic(z)
    return row


def cluster(data: pd.DataFrame, features: Sequence[str], k: int | None = None,
            k_range=range(2, 9), method: str = "kmeans", scale: bool = True,
            seed: int = 0, criterion: str | None = None) -> ClusterResult:
    """Cluster customers on their features, choosing k from diagnostics (聚类分析).

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    features : list of str
        Numeric columns to cluster on, without missing values, each varying.
    k : int, optional
        Number of clusters; None chooses it from ``k_range`` by ``criterion``.
    k_range : iterable of int, default=range(2, 9)
        Values of k to diagnose (each from 2 to rows - 1). With a given ``k``,
        values not below the number of rows are skipped; None diagnoses ``k`` only.
    method : {"kmeans", "gmm", "ward"}, default="kmeans"
        k-means (10 starts), a Gaussian mixture with full covariances (5 starts), or
        Ward's hierarchical clustering.
    scale : bool, default=True
        Standardise each feature (``StandardScaler``) so that none dominates by unit.
    seed : int, default=0
        ``random_state`` of k-means and the mixture (Ward is deterministic).
    criterion : {"silhouette", "calinski_harabasz", "davies_bouldin", "bic"}, optional
        How k is chosen: the largest silhouette or Calinski-Harabasz index, the
        smallest Davies-Bouldin index or BIC (GMM only). Default: ``"bic"`` for GMM,
        ``"silhouette"`` otherwise. Ties go to the smaller k.

    Returns
    -------
    ClusterResult

    Notes
    -----
    The silhouette of customer :math:`i` is :math:`s_i = (b_i - a_i) / \\max(a_i,
    b_i)`, with :math:`a_i` its mean distance to its own cluster and :math:`b_i` to
    the nearest other cluster (Rousseeuw, *J. Comput. Appl. Math.* 20, 1987); the
    criterion is its mean. Calinski and Harabasz (1974) compare between- and
    within-cluster dispersion; BIC :math:`= -2 \\log L + p \\log n` (Schwarz 1978).
    Distances are taken in the scaled space when ``scale=True``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"x": np.r_[rng.normal(0, 1, 30), rng.normal(8, 1, 20)],
    ...                      "y": np.r_[rng.normal(0, 1, 30), rng.normal(8, 1, 20)]})
    >>> result = cluster(data, ["x", "y"], k_range=range(2, 5))
    >>> result.k, result.labels.value_counts().tolist()
    (2, [30, 20])
    """
    func = "cluster"
    check_frame(data, func)
    if isinstance(features, str) or not isinstance(features, Sequence) or not features:
        raise TypeError(f"cluster: features must be a non-empty list of column names; "
                        f"got {features!r}")
    features = list(features)
    check_columns(data, features, func)
    method = check_choice(method, ["kmeans", "gmm", "ward"], func, "method")
    if criterion is None:
        criterion = "bic" if method == "gmm" else "silhouette"
    check_choice(criterion, list(_CRITERIA), func, "criterion")
    if criterion == "bic" and method != "gmm":
        raise ValueError("cluster: criterion 'bic' needs a likelihood; use method='gmm' or "
                         "another criterion")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"cluster: seed must be a non-negative integer (scikit-learn's "
                        f"random_state); got {seed!r}")
    if not isinstance(scale, (bool, np.bool_)):
        raise TypeError(f"cluster: scale must be True or False; got {scale!r}")
    _numeric_columns(data, features, func)
    n = len(data)
    if n < 3:
        raise ValueError(f"cluster: data has {n} rows; clustering needs at least 3 customers")
    flat = [c for c in features if data[c].nunique() < 2]
    if flat:
        raise ValueError(f"cluster: feature {flat[0]!r} has zero variance (every row is "
                         f"{data[flat[0]].iloc[0]!r}); it cannot separate customers: drop it")

    def feasible(value, arg):
        value = check_int(value, func, arg)
        if not 2 <= value < n:
            raise ValueError(f"cluster: {arg}={value} is impossible with {n} customers: "
                             f"k must be at least 2 and smaller than the number of rows "
                             f"({n}) so that the silhouette is defined")
        return value

    if k is not None:
        k = feasible(k, "k")
        ks = [] if k_range is None else [j for j in k_range
                                         if check_int(j, func, "k_range") < n and j >= 2]
        ks = sorted(set(ks) | {k})
    else:
        if k_range is None:
            raise ValueError("cluster: give k, or a k_range to choose it from")
        ks = sorted({feasible(j, "k_range value") for j in k_range})
        if not ks:
            raise ValueError("cluster: k_range is empty; give the values of k to try")

    from threadpoolctl import threadpool_limits

    x = data[features].astype(float)
    fits, rows = {}, {}
    # Customer tables are small: one thread is faster than starting BLAS/OpenMP pools.
    with threadpool_limits(limits=1):
        for j in ks:
            fits[j] = _fit_pipeline(x, method, j, bool(scale), int(seed))
            rows[j] = _diagnose(*fits[j], method)
    diagnostics = pd.DataFrame.from_dict(rows, orient="index").rename_axis("k")
    if k is None:
        scores = diagnostics[criterion]
        if scores.isna().all():
            raise ValueError(f"cluster: {criterion} is undefined for every k tried; the data "
                             f"may hold fewer distinct customers than k")
        k = int(scores.idxmax() if _CRITERIA[criterion] == "max" else scores.idxmin())
    else:
        criterion = "given"
    pipeline, raw, _ = fits[k]
    sizes = pd.Series(raw).value_counts()
    order = sorted(sizes.index, key=lambda v: (-sizes[v], v))
    relabel = {int(v): i + 1 for i, v in enumerate(order)}
    labels = pd.Series([relabel[int(v)] for v in raw], index=data.index, name="cluster")
    centers = x.groupby(labels).mean().rename_axis("cluster")
    return ClusterResult(method=method, k=k, criterion=criterion, features=tuple(features),
                         labels=labels, diagnostics=diagnostics, centers=centers,
                         pipeline=pipeline, _relabel=relabel)


def _labels_for(data: pd.DataFrame, labels, func: str) -> pd.Series:
    if isinstance(labels, pd.Series):
        missing = labels.index.difference(data.index)
        if len(missing):
            raise ValueError(f"{func}: {len(missing)} labels have no row in data, for example "
                             f"{missing[0]!r}; labels must be indexed like data")
        return labels
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(data):
        raise ValueError(f"{func}: labels must be a Series indexed like data or an array of "
                         f"{len(data)} labels; got shape {labels.shape}")
    return pd.Series(labels, index=data.index)


def segment_profile(data: pd.DataFrame, labels, features: Sequence[str], *,
                    revenue: str | None = "net_revenue", profit: str | None = "profit",
                    standardize: bool = False) -> pd.DataFrame:
    """Size, share of revenue and profit, and feature means per segment.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    labels : Series or array
        Segment per customer: a Series indexed like (a subset of) ``data``, or an
        array as long as ``data``. Only labelled rows are profiled.
    features : list of str
        Numeric columns to average.
    revenue, profit : str or None, default="net_revenue", "profit"
        Columns whose share per segment is reported; None leaves one out.
    standardize : bool, default=False
        Report each feature as :math:`(\\bar x_s - \\bar x) / s_x`, the segment mean
        against the overall mean in overall standard deviations (0 = average).

    Returns
    -------
    DataFrame
        One row per segment and a last row ``"all"``: ``customers``,
        ``share_customers``, ``share_revenue``, ``share_profit`` (profit shares may be
        negative or above one) and the features.

    Examples
    --------
    >>> data = pd.DataFrame({"net_revenue": [10.0, 30, 60], "profit": [1.0, 2, 7],
    ...                      "visits": [1.0, 2, 6]})
    >>> segment_profile(data, ["a", "a", "b"], ["visits"]).round(3)
             customers  share_customers  share_revenue  share_profit  visits
    segment                                                                 
    a                2            0.667            0.4           0.3     1.5
    b                1            0.333            0.6           0.7     6.0
    all              3            1.000            1.0           1.0     3.0
    """
    func = "segment_profile"
    check_frame(data, func)
    features = list(features) if not isinstance(features, str) else [features]
    money = [c for c in (revenue, profit) if c is not None]
    check_columns(data, features + money, func)
    _numeric_columns(data, features + money, func)
    labels = _labels_for(data, labels, func)
    if labels.isna().any():
        raise ValueError(f"segment_profile: {int(labels.isna().sum())} labels are missing")
    rows = data.loc[labels.index]
    groups = rows.groupby(labels.to_numpy(), sort=True)
    table = pd.DataFrame({"customers": groups.size()})
    table.loc["all", "customers"] = len(rows)
    table["share_customers"] = table["customers"] / len(rows)
    for name, column in (("share_revenue", revenue), ("share_profit", profit)):
        if column is not None:
            shares = groups[column].sum() / rows[column].sum()
            table[name] = pd.concat([shares, pd.Series({"all": 1.0})])
    means = pd.concat([groups[features].mean(), rows[features].mean().to_frame("all").T])
    if standardize:
        means = (means - rows[features].mean()) / rows[features].std()
    table = table.join(means)
    table["customers"] = table["customers"].astype("int64")
    return table.rename_axis("segment")


# --------------------------------------------------------------------------------------------
# Customer pyramid
# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
# Cost-to-serve and customer profitability
# --------------------------------------------------------------------------------------------
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
    year : int, optional
        Only this calendar year; None takes the whole order book.

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
    _check_world(world, func)
    method = check_choice(method, ["abc", "vbc"], func, "method")
    rates = _world_rates(world, rates, func)
    orders, activities = world.orders, world.activities
    if year is not None:
        year = check_int(year, func, "year")
        orders = orders[orders["date"].dt.year == year]
        activities = activities[activities["year"] == year]
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
    year : int, optional
        Only this calendar year; None takes the whole order book.

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
