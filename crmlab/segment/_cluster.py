"""Behaviour per customer and clustering into segments (客户细分)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_choice, check_columns, check_frame, check_int, check_world
from ._checks import _numeric_columns


__all__ = ["customer_features", "ClusterResult", "cluster", "segment_profile"]

_DRIVERS = ("visits", "orders", "deliveries", "rush_orders", "support_hours", "returns")


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
    check_world(world, "customer_features", {
        "customers": ["customer_id"],
        "orders": ["customer_id", "net_revenue", "gross_profit", "discount", "category"],
        "activities": ["customer_id", *_DRIVERS]})
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
    category = orders["category"]  # an archive of plain text has no fixed list of categories
    categories = (category.cat.categories if isinstance(category.dtype, pd.CategoricalDtype)
                  else pd.Index(sorted(category.dropna().unique())))
    mix = mix.reindex(index=index, columns=categories)
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
