"""Customer identification (客户识别): the customer archive, Pareto / ABC, weights, scores, grades.

The chain of lesson 01: build one row per customer from the archive's tables
(:func:`customer_archive`), see how concentrated value is (:func:`pareto_table`,
:func:`abc_classes`), weight the criteria by expert judgment (:func:`ahp_weights`)
or from the data (:func:`entropy_weights`, :func:`critic_weights`), score customers
(:func:`score_customers`, :func:`topsis`), grade them (:func:`grade`) and ask how
much the grades depend on the weights (:func:`weight_sensitivity`,
:func:`rank_agreement`). :func:`customer_profit` and :func:`selection_quality`
check a selection against what customers were really worth.

Conventions. A criterion's *direction* is ``"benefit"`` (more is better) or
``"cost"`` (less is better). Ordered categoricals (``industry_position``,
``credit_rating``) enter a criterion as their codes 0, 1, 2, ... Grades and ABC
classes are ordered categoricals with the best class last (``"D" < "C" < "B" <
"A"``), so ``grades >= "B"`` selects A and B customers.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import (as_generator, check_choice, check_columns, check_date, check_frame,
                        check_int, check_number)

__all__ = ["customer_archive", "customer_profit", "pareto_table", "abc_classes", "ahp_weights",
           "AHPResult", "entropy_weights", "critic_weights", "topsis", "score_customers", "grade",
           "weight_sensitivity", "SensitivityResult", "rank_agreement", "selection_quality",
           "RANDOM_INDEX", "GRADES"]

DIRECTIONS = ("benefit", "cost")
GRADES = ("D", "C", "B", "A")  # worst to best, the order of the categorical
#: Saaty's random consistency index by matrix size (Saaty 1980, extended in Saaty 1990 to n = 15).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}
SATISFACTION_ITEMS = ("satis_1", "satis_2", "satis_3")


# --------------------------------------------------------------------------------------------
# The customer archive (客户档案)
# --------------------------------------------------------------------------------------------
def _check_world(world, func: str) -> None:
    tables = ("customers", "contacts", "orders", "invoices", "tickets", "survey")
    if not all(isinstance(getattr(world, t, None), pd.DataFrame) for t in tables):
        raise TypeError(f"{func}: world must be a crmlab World, from crmlab.datasets.load_world() "
                        f"or make_world(); got {type(world).__name__}")


def customer_archive(world, asof=None) -> pd.DataFrame:
    """One row per customer: the three parts of the customer archive as of a date.

    Computed from the archive's tables only (never from ``world.truth``), with only
    what was known on ``asof``: orders, invoices and tickets up to that day, and the
    surveys fielded (in November) by then. Customers whose relationship starts
    after ``asof`` are left out; customers who stopped buying stay in.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world` or :func:`~crmlab.datasets.make_world`.
    asof : str, date or None, default=None
        The archive's date; None means the last day with an order, invoice or ticket.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``, one row per customer. Money in CNY.

        *Basic information and buying center (基本信息, 采购中心).* ``name``,
        ``industry``, ``region``, ``customer_type`` (direct user, distributor or
        indirect), ``employees``, ``size``, ``industry_position`` (行业地位),
        ``credit_rating``, ``payment_terms`` (days), ``account_manager``,
        ``customer_since`` as in ``world.customers``; ``tenure_years``: years from
        ``customer_since`` to ``asof`` (合作年限); ``contacts``: people in the buying
        center; ``decision_makers``; ``supporters``, ``neutrals``, ``opponents``:
        contacts by stance towards us; ``decision_makers_supporting`` and
        ``decision_makers_opposing``: decision makers who support / oppose us. The
        contacts table has no dates, so the buying center is today's.

        *Business trend (经营动态).* ``revenue_12m``, ``gross_profit_12m`` and
        ``marketing_cost_12m``: net revenue, gross profit and marketing cost (as
        below) in the 12 months up to ``asof``; ``revenue_prior_12m``: net revenue
        in the 12 months before those;
        ``revenue_growth``: ``revenue_12m / revenue_prior_12m - 1`` (missing when
        the prior year had no revenue); ``invoices_due``: invoices due by ``asof``;
        ``late_share``: share of them paid after the due date or still unpaid on
        ``asof`` (missing without invoices due); ``mean_days_late``: mean days paid
        after the due date (open invoices count up to ``asof``); ``overdue_amount``:
        amount of invoices past due and unpaid on ``asof``; ``last_order`` and
        ``days_since_last_order`` (missing without orders).

        *Transaction history (交易记录)*, over the order book up to ``asof``.
        ``first_order``; ``orders``: distinct orders; ``revenue``: net revenue
        (sales volume, 销售额); ``list_value``: quantity × list price; ``discounts``:
        ``list_value - revenue``; ``gross_profit`` (毛利); ``gross_margin``:
        ``gross_profit / revenue`` (missing without revenue); ``financial_cost``:
        cost of the credit granted; ``marketing_cost``: ``discounts +
        financial_cost`` (营销成本, as the industrial-CRM thesis defines it);
        ``complaints`` and ``service_requests``: tickets opened.

        *Satisfaction (顾客满意).* ``satisfaction``: mean of the items ``satis_1`` to
        ``satis_3`` (1-7) over the respondents of the latest survey the customer
        answered; ``satisfaction_year``: that survey's year. Both are missing for a
        customer never surveyed by ``asof``.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> archive = customer_archive(make_world(n_customers=50, seed=1), asof="2023-12-31")
    >>> bool((archive["marketing_cost"] == archive["discounts"] + archive["financial_cost"]).all())
    True
    """
    _check_world(world, "customer_archive")
    orders, invoices, tickets = world.orders, world.invoices, world.tickets
    if asof is None:
        asof = max(orders["date"].max(), invoices["invoice_date"].max(), tickets["date"].max())
        if pd.isna(asof):
            raise ValueError("customer_archive: the world has no orders; give asof")
    asof = check_date(asof, "customer_archive", "asof")
    customers = world.customers.loc[world.customers["customer_since"] <= asof].set_index(
        "customer_id")
    if customers.empty:
        raise ValueError(f"customer_archive: no customer had started by asof={asof.date()}; "
                         f"the first started on {world.customers['customer_since'].min().date()}")
    ids = customers.index
    out = customers[["name", "industry", "region", "customer_type", "employees", "size",
                     "industry_position", "credit_rating", "payment_terms", "account_manager",
                     "customer_since"]].copy()
    out["tenure_years"] = (asof - out["customer_since"]).dt.days / 365.25

    # buying center (a snapshot: contacts carry no dates)
    contacts = world.contacts.loc[world.contacts["customer_id"].isin(ids)]
    stance = contacts["stance"].astype(str)
    is_dm = contacts["role"].astype(str) == "decision_maker"
    counts = pd.DataFrame({"contacts": 1, "decision_makers": is_dm,
                           "supporters": stance == "supporter", "neutrals": stance == "neutral",
                           "opponents": stance == "opponent",
                           "decision_makers_supporting": is_dm & (stance == "supporter"),
                           "decision_makers_opposing": is_dm & (stance == "opponent")})
    counts = counts.astype("int64").groupby(contacts["customer_id"]).sum()
    out = out.join(counts.reindex(ids, fill_value=0))

    # business trend
    lines = orders.loc[(orders["date"] <= asof) & orders["customer_id"].isin(ids)]
    lines = lines.assign(list_value=lines["quantity"] * lines["list_price"])
    lines = lines.assign(marketing_cost=lines["list_value"] - lines["net_revenue"]
                         + lines["financial_cost"])
    year_ago, two_years_ago = asof - pd.DateOffset(years=1), asof - pd.DateOffset(years=2)
    by = lines["customer_id"]
    recent = lines["date"] > year_ago
    prior = lines["date"].between(two_years_ago, year_ago, inclusive="right")
    for column, source, keep in (("revenue_12m", "net_revenue", recent),
                                 ("gross_profit_12m", "gross_profit", recent),
                                 ("marketing_cost_12m", "marketing_cost", recent),
                                 ("revenue_prior_12m", "net_revenue", prior)):
        out[column] = lines[source].where(keep, 0.0).groupby(by).sum().reindex(ids, fill_value=0.0)
    prior_revenue = out["revenue_prior_12m"].where(out["revenue_prior_12m"] > 0)
    out["revenue_growth"] = out["revenue_12m"] / prior_revenue - 1
    due = invoices.loc[(invoices["due_date"] <= asof) & invoices["customer_id"].isin(ids)]
    settled = due["paid_date"].where(due["paid_date"] <= asof)  # payments after asof are unknown
    days_late = ((settled.fillna(asof) - due["due_date"]).dt.days).clip(lower=0)
    unpaid = settled.isna()
    receivables = pd.DataFrame({"invoices_due": 1, "late": days_late > 0, "days_late": days_late,
                                "overdue_amount": due["amount"].where(unpaid, 0.0)})
    receivables = receivables.groupby(due["customer_id"]).agg(
        invoices_due=("invoices_due", "sum"), late_share=("late", "mean"),
        mean_days_late=("days_late", "mean"), overdue_amount=("overdue_amount", "sum"))
    out = out.join(receivables)
    out["invoices_due"] = out["invoices_due"].fillna(0).astype("int64")
    out["overdue_amount"] = out["overdue_amount"].fillna(0.0)
    out["last_order"] = lines.groupby(by)["date"].max()
    out["days_since_last_order"] = (asof - out["last_order"]).dt.days.astype("float64")

    # transaction history
    history = lines.groupby(by).agg(
        first_order=("date", "min"), orders=("order_id", "nunique"), revenue=("net_revenue", "sum"),
        list_value=("list_value", "sum"), gross_profit=("gross_profit", "sum"),
        financial_cost=("financial_cost", "sum"))
    history = history.reindex(ids)
    money = ["revenue", "list_value", "gross_profit", "financial_cost"]
    history[money] = history[money].fillna(0.0)
    history["orders"] = history["orders"].fillna(0).astype("int64")
    history["discounts"] = history["list_value"] - history["revenue"]
    history["gross_margin"] = history["gross_profit"] / history["revenue"].where(
        history["revenue"] > 0)
    history["marketing_cost"] = history["discounts"] + history["financial_cost"]
    out = out.join(history[["first_order", "orders", "revenue", "list_value", "discounts",
                            "gross_profit", "gross_margin", "financial_cost", "marketing_cost"]])
    opened = tickets.loc[(tickets["date"] <= asof) & tickets["customer_id"].isin(ids)]
    kinds = pd.crosstab(opened["customer_id"], opened["type"].astype(str))
    for kind, column in (("complaint", "complaints"), ("service_request", "service_requests")):
        counted = kinds[kind] if kind in kinds else pd.Series(dtype="int64")
        out[column] = counted.reindex(ids, fill_value=0).astype("int64")

    # satisfaction: the latest survey answered by asof (fielded in November)
    survey = world.survey
    fielded = pd.to_datetime(survey["year"].astype(str) + "-11-30") <= asof
    answers = survey.loc[fielded & survey["customer_id"].isin(ids)]
    latest = answers.groupby("customer_id")["year"].transform("max")
    answers = answers.loc[answers["year"] == latest]
    per_item = answers.groupby("customer_id")[list(SATISFACTION_ITEMS)].mean()
    out["satisfaction"] = per_item.mean(axis=1)
    out["satisfaction_year"] = answers.groupby("customer_id")["year"].max().astype("float64")
    out.index.name = "customer_id"
    return out


def customer_profit(world, years=None, cost_rates: Mapping | None = None) -> pd.DataFrame:
    """Profit per customer after the cost to serve it, over some calendar years.

    Parameters
    ----------
    world : World
        The world.
    years : iterable of int or None, default=None
        Calendar years to count (orders by order date, activities by year); None
        counts the whole order book.
    cost_rates : mapping or None, default=None
        CNY per unit of each activity driver (column of ``world.activities``); None
        takes the world's true rates, ``world.truth["params"]["activities"]
        ["cost_rates_cny"]``, which an activity-based costing study would estimate.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (every customer of ``world.customers``):
        ``revenue`` (net), ``gross_profit``, ``financial_cost``, ``cost_to_serve``
        (Σ drivers × rates) and ``profit`` = gross profit − financial cost − cost to
        serve. Zero for a customer without orders or activities in those years.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> profit = customer_profit(make_world(n_customers=50, seed=1), years=[2024, 2025])
    >>> list(profit.columns)
    ['revenue', 'gross_profit', 'financial_cost', 'cost_to_serve', 'profit']
    """
    _check_world(world, "customer_profit")
    if cost_rates is None:
        cost_rates = world.truth["params"]["activities"]["cost_rates_cny"]
    if not isinstance(cost_rates, Mapping):
        raise TypeError(f"customer_profit: cost_rates must be a mapping of activity to CNY per "
                        f"unit; got {type(cost_rates).__name__}")
    check_columns(world.activities, list(cost_rates), "customer_profit", "world.activities")
    orders, activities = world.orders, world.activities
    if years is not None:
        years = [check_int(y, "customer_profit", "years") for y in np.atleast_1d(years).tolist()]
        orders = orders.loc[orders["date"].dt.year.isin(years)]
        activities = activities.loc[activities["year"].isin(years)]
    ids = pd.Index(world.customers["customer_id"], name="customer_id")
    out = orders.groupby("customer_id")[["net_revenue", "gross_profit", "financial_cost"]].sum()
    out = out.rename(columns={"net_revenue": "revenue"}).reindex(ids, fill_value=0.0)
    cost = sum(activities[k] * float(v) for k, v in cost_rates.items())
    out["cost_to_serve"] = cost.groupby(activities["customer_id"]).sum().reindex(ids, fill_value=0.0)
    out["profit"] = out["gross_profit"] - out["financial_cost"] - out["cost_to_serve"]
    return out


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


# --------------------------------------------------------------------------------------------
# Weights: AHP (层次分析法), entropy (熵权法), CRITIC
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priorities from a pairwise comparison matrix, with Saaty's consistency check.

    Attributes
    ----------
    weights : pandas.Series
        The principal right eigenvector, normalised to sum to one.
    lambda_max : float
        Principal eigenvalue; equals n for a consistent matrix.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``.
    ri : float
        Saaty's random index for this n (:data:`RANDOM_INDEX`).
    cr : float
        Consistency ratio ``ci / ri`` (0 for n <= 2); above 0.10 the judgments
        should be revised.
    matrix : pandas.DataFrame
        The judgment matrix, labelled.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float
    matrix: pd.DataFrame

    @property
    def consistent(self) -> bool:
        """True when the consistency ratio is at most 0.10 (Saaty's rule)."""
        return self.cr <= 0.10

    def summary(self) -> pd.DataFrame:
        """The weights with the consistency figures as a one-column table."""
        rows = pd.concat([self.weights, pd.Series({"lambda_max": self.lambda_max, "CI": self.ci,
                                                   "RI": self.ri, "CR": self.cr})])
        return rows.to_frame("AHP")


def _judgments_from_dict(judgments: Mapping, labels):
    pairs = {}
    order = [] if labels is None else list(labels)
    for key, value in judgments.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"ahp_weights: dict keys must be pairs (a, b) meaning 'a compared "
                             f"with b'; got {key!r}")
        for item in key:
            if labels is None and item not in order:
                order.append(item)
            elif labels is not None and item not in order:
                raise ValueError(f"ahp_weights: {item!r} in a judgment is not in labels {order}")
        if key[0] == key[1]:
            raise ValueError(f"ahp_weights: judgment {key!r} compares an item with itself")
        if key in pairs or key[::-1] in pairs:
            raise ValueError(f"ahp_weights: the pair {key!r} is judged twice")
        pairs[key] = value
    n = len(order)
    missing = [(order[i], order[j]) for i in range(n) for j in range(i + 1, n)
               if (order[i], order[j]) not in pairs and (order[j], order[i]) not in pairs]
    if missing:
        raise ValueError(f"ahp_weights: judgments missing for {missing}; give one value for every "
                         f"pair of {order}")
    matrix = np.ones((n, n))
    for (a, b), value in pairs.items():
        v = _positive_judgment(value, (a, b))
        i, j = order.index(a), order.index(b)
        matrix[i, j], matrix[j, i] = v, 1.0 / v
    return matrix, order


def _positive_judgment(value, where) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"ahp_weights: judgment {where} must be a number; got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"ahp_weights: judgments must be positive numbers (Saaty's 1/9 ... 9); "
                         f"got {value!r} at {where}")
    return float(value)


def ahp_weights(matrix, labels=None) -> AHPResult:
    """Weights from a pairwise comparison (judgment) matrix by Saaty's eigenvector method.

    Parameters
    ----------
    matrix : array-like, DataFrame or dict
        A square positive reciprocal matrix, ``a[i][j]`` = how much more important
        item i is than item j on Saaty's 1-9 scale, ``a[j][i] = 1 / a[i][j]``; or
        the upper triangle as a dict ``{("a", "b"): 3, ...}``, one entry per pair
        (the reciprocals are filled in).
    labels : list of str, optional
        Names of the items, in matrix order; taken from a DataFrame's index or the
        dict's keys (in order of first appearance) when not given.

    Returns
    -------
    AHPResult
        ``.weights`` (Series summing to one), ``.lambda_max``, ``.ci``, ``.ri``,
        ``.cr``, ``.consistent``.

    Warns
    -----
    UserWarning
        When the consistency ratio exceeds 0.10.

    Notes
    -----
    The weights :math:`w` solve :math:`A w = \\lambda_{max} w` for the largest
    eigenvalue. :math:`CI = (\\lambda_{max} - n)/(n - 1)` and :math:`CR = CI / RI_n`
    with Saaty's random index :math:`RI_n`. A matrix is accepted as reciprocal when
    :math:`|a_{ij} a_{ji} - 1| \\le 0.02`, so that 1/7 typed as 0.14 passes.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
    *European Journal of Operational Research*, 48(1), 9-26.

    Examples
    --------
    >>> res = ahp_weights({("profit", "volume"): 3, ("profit", "cost"): 5, ("volume", "cost"): 2})
    >>> res.weights.round(3).tolist(), round(res.cr, 3)
    ([0.648, 0.23, 0.122], 0.003)
    """
    import warnings

    if isinstance(matrix, Mapping):
        values, names = _judgments_from_dict(matrix, labels)
    else:
        if isinstance(matrix, pd.DataFrame):
            if labels is None:
                labels = list(matrix.index)
            if list(matrix.index) != list(matrix.columns):
                raise ValueError("ahp_weights: a DataFrame matrix needs the same labels, in the "
                                 "same order, on its index and columns")
        try:
            values = np.array(matrix, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"ahp_weights: matrix must be a square table of numbers or a dict of "
                            f"judgments; got {type(matrix).__name__}") from exc
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise ValueError(f"ahp_weights: matrix must be square (n × n); got shape {values.shape}")
        names = list(labels) if labels is not None else [f"c{i + 1}" for i in range(len(values))]
        if not np.isfinite(values).all() or (values <= 0).any():
            raise ValueError("ahp_weights: every judgment must be a positive number (Saaty's "
                             "1/9 ... 9); the matrix has zero, negative or missing entries")
        if not np.allclose(np.diag(values), 1.0):
            raise ValueError("ahp_weights: the diagonal must be 1 (each item equals itself)")
        bad = np.argwhere(np.abs(values * values.T - 1) > 0.02)
        if len(bad):
            i, j = bad[0]
            raise ValueError(f"ahp_weights: the matrix is not reciprocal: a[{i}][{j}] = "
                             f"{values[i, j]:g} but a[{j}][{i}] = {values[j, i]:g}, not "
                             f"{1 / values[i, j]:.4g}")
    n = len(values)
    if len(names) != n or len(set(names)) != n:
        raise ValueError(f"ahp_weights: labels must be {n} distinct names; got {names!r}")
    if not 2 <= n <= max(RANDOM_INDEX):
        raise ValueError(f"ahp_weights: compare between 2 and {max(RANDOM_INDEX)} items "
                         f"(Saaty's random index is tabulated to {max(RANDOM_INDEX)}); got {n}")
    eigenvalues, vectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(vectors[:, k].real)
    weights = pd.Series(vector / vector.sum(), index=names, name="weight")
    ci = max((lambda_max - n) / (n - 1), 0.0)
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    if cr > 0.10:
        warnings.warn(f"ahp_weights: consistency ratio CR = {cr:.3f} exceeds 0.10; revise the "
                      f"judgments that contradict each other", UserWarning, stacklevel=2)
    return AHPResult(weights=weights, lambda_max=lambda_max, ci=ci, ri=ri, cr=cr,
                     matrix=pd.DataFrame(values, index=names, columns=names))


def _check_direction(direction, criteria, func: str) -> list[str]:
    if isinstance(direction, str):
        direction = dict.fromkeys(criteria, direction)
    if not isinstance(direction, Mapping):
        raise TypeError(f"{func}: direction must be a dict of column to 'benefit' or 'cost' (or "
                        f"one of those for all); got {type(direction).__name__}")
    missing = [c for c in criteria if c not in direction]
    if missing:
        raise ValueError(f"{func}: direction missing for {missing}; give 'benefit' or 'cost' "
                         f"for every criterion")
    extra = [c for c in direction if c not in criteria]
    if extra:
        raise ValueError(f"{func}: direction given for {extra}, which are not criteria {criteria}")
    for c in criteria:
        if direction[c] not in DIRECTIONS:
            raise ValueError(f"{func}: direction of {c!r} must be 'benefit' or 'cost'; got "
                             f"{direction[c]!r}")
    return [direction[c] for c in criteria]


def _criteria_matrix(data, criteria, func: str) -> np.ndarray:
    """Criteria as a float matrix; refuse missing values and constant columns."""
    check_frame(data, func)
    criteria = list(criteria)
    if not criteria:
        raise ValueError(f"{func}: give at least one criterion")
    if len(set(criteria)) != len(criteria):
        raise ValueError(f"{func}: criteria must be distinct; got {criteria}")
    check_columns(data, criteria, func)
    if len(data) < 2:
        raise ValueError(f"{func}: need at least two rows (customers) to compare; got {len(data)}")
    columns = []
    for c in criteria:
        col = data[c]
        if isinstance(col.dtype, pd.CategoricalDtype) and col.cat.ordered:
            values = col.cat.codes.to_numpy(dtype=float)
            values[values < 0] = np.nan
        elif pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            values = col.to_numpy(dtype=float, na_value=np.nan)
        else:
            raise TypeError(f"{func}: criterion {c!r} must be numeric or an ordered categorical; "
                            f"got {col.dtype}")
        missing = ~np.isfinite(values)
        if missing.any():
            rows = [str(r) for r in data.index[missing][:5]]
            more = f" and {missing.sum() - 5} more" if missing.sum() > 5 else ""
            raise ValueError(f"{func}: criterion {c!r} is missing for {missing.sum()} rows "
                             f"({', '.join(rows)}{more}); choose an explicit fill, e.g. "
                             f"data.fillna({{{c!r}: data[{c!r}].median()}}), or drop them")
        if np.ptp(values) == 0:
            raise ValueError(f"{func}: criterion {c!r} has the same value in every row, so it "
                             f"cannot tell customers apart; drop it")
        columns.append(values)
    return np.column_stack(columns)


def _minmax(X: np.ndarray, directions) -> np.ndarray:
    lo, hi = X.min(axis=0), X.max(axis=0)
    R = (X - lo) / (hi - lo)
    cost = np.array([d == "cost" for d in directions])
    R[:, cost] = 1 - R[:, cost]
    return R


def _as_series(values, criteria, name="weight") -> pd.Series:
    return pd.Series(values / values.sum(), index=pd.Index(criteria, name="criterion"), name=name)


def entropy_weights(data: pd.DataFrame, criteria, direction, *,
                    normalization: str = "minmax") -> pd.Series:
    """Objective weights by Shannon entropy (熵权法): criteria that spread customers more weigh more.

    Parameters
    ----------
    data : DataFrame
        One row per alternative (customer).
    criteria : list of str
        Numeric (or ordered categorical) columns.
    direction : dict or str
        ``"benefit"`` or ``"cost"`` per criterion, or one of them for all.
    normalization : {"minmax", "sum"}, default="minmax"
        ``"minmax"`` aligns each criterion for direction first, :math:`r = (x -
        \\min)/(\\max - \\min)` for a benefit and :math:`(\\max - x)/(\\max - \\min)`
        for a cost (the textbook 熵权法). ``"sum"`` uses the raw shares of
        non-negative data, as Hwang & Yoon (1981) and Zeleny (1982) do; entropy then
        measures only how evenly a criterion is spread, which is the same whichever
        end is better, so ``direction`` is checked but does not change the weights.

    Returns
    -------
    pandas.Series
        One weight per criterion, summing to one.

    Notes
    -----
    With :math:`p_{ij} = r_{ij} / \\sum_i r_{ij}` and :math:`0 \\ln 0 = 0`,
    :math:`e_j = -\\frac{1}{\\ln m} \\sum_i p_{ij} \\ln p_{ij}` for m alternatives,
    :math:`d_j = 1 - e_j` and :math:`w_j = d_j / \\sum_k d_k`.

    References
    ----------
    Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"profit": [1.0, 2, 9], "orders": [3.0, 4, 5]})
    >>> entropy_weights(data, ["profit", "orders"], "benefit").round(3).tolist()
    [0.619, 0.381]
    """
    check_choice(normalization, ("minmax", "sum"), "entropy_weights", "normalization")
    criteria = list(criteria)
    X = _criteria_matrix(data, criteria, "entropy_weights")
    directions = _check_direction(direction, criteria, "entropy_weights")
    if normalization == "minmax":
        R = _minmax(X, directions)
    else:
        if (X < 0).any():
            bad = [c for c, col in zip(criteria, X.T) if (col < 0).any()]
            raise ValueError(f"entropy_weights: normalization='sum' needs non-negative data; "
                             f"{bad} have negative values (use normalization='minmax')")
        R = X
    P = R / R.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    entropy = -plogp.sum(axis=0) / np.log(len(X))
    return _as_series(1 - entropy, criteria)


def critic_weights(data: pd.DataFrame, criteria, direction) -> pd.Series:
    """Objective weights by CRITIC: contrast (standard deviation) times conflict with other criteria.

    Parameters
    ----------
    data : DataFrame
        One row per alternative (customer).
    criteria : list of str
        At least two numeric (or ordered categorical) columns.
    direction : dict or str
        ``"benefit"`` or ``"cost"`` per criterion, or one of them for all.

    Returns
    -------
    pandas.Series
        One weight per criterion, summing to one.

    Notes
    -----
    Each criterion is aligned and scaled to [0, 1], :math:`r = (x - x_{worst}) /
    (x_{best} - x_{worst})`. With standard deviations :math:`\\sigma_j` and
    correlations :math:`\\rho_{jk}` of the scaled criteria, :math:`C_j = \\sigma_j
    \\sum_k (1 - \\rho_{jk})` and :math:`w_j = C_j / \\sum_k C_k`. Two criteria that
    rank customers alike share their weight; an independent one keeps its own.

    References
    ----------
    Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective
    weights in multiple criteria problems: the CRITIC method. *Computers &
    Operations Research*, 22(7), 763-770.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"profit": [1.0, 2, 9, 4], "cost": [3.0, 4, 5, 1]})
    >>> critic_weights(data, ["profit", "cost"], {"profit": "benefit", "cost": "cost"}).round(3).tolist()
    [0.51, 0.49]
    """
    criteria = list(criteria)
    if len(criteria) < 2:
        raise ValueError(f"critic_weights: CRITIC compares criteria with each other; give at "
                         f"least two; got {criteria}")
    X = _criteria_matrix(data, criteria, "critic_weights")
    R = _minmax(X, _check_direction(direction, criteria, "critic_weights"))
    information = R.std(axis=0, ddof=1) * (1 - np.corrcoef(R, rowvar=False)).sum(axis=0)
    if information.sum() <= 1e-12:
        raise ValueError(f"critic_weights: the criteria {criteria} are perfectly correlated, so "
                         f"none adds information to the others; keep only one of them")
    return _as_series(information, criteria)


# --------------------------------------------------------------------------------------------
# Scores: TOPSIS and the weighted sum
# --------------------------------------------------------------------------------------------
def _check_weights(weights, func: str) -> tuple[list[str], np.ndarray]:
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(f"{func}: weights must be a non-empty dict (or Series) of column to "
                        f"weight; got {type(weights).__name__}")
    criteria = list(weights)
    values = []
    for c in criteria:
        w = weights[c]
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)) \
                or not np.isfinite(w) or w < 0:
            raise ValueError(f"{func}: weight of {c!r} must be a non-negative number; got {w!r}")
        values.append(float(w))
    total = sum(values)
    if abs(total - 1) > 1e-6:
        raise ValueError(f"{func}: weights must sum to 1; they sum to {total:.6g}. Divide each "
                         f"by their sum if they are relative importances (crmlab does not "
                         f"rescale them for you)")
    return criteria, np.array(values)


def _closeness(V: np.ndarray, ideal: np.ndarray, anti: np.ndarray):
    d_ideal = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    d_anti = np.sqrt(((V - anti) ** 2).sum(axis=1))
    return d_ideal, d_anti, d_anti / (d_ideal + d_anti)


def _rank(scores: np.ndarray) -> np.ndarray:
    return pd.Series(scores).rank(ascending=False, method="min").to_numpy(dtype="int64")


def topsis(data: pd.DataFrame, weights, direction, normalization: str = "vector") -> pd.DataFrame:
    """TOPSIS: rank alternatives by their relative closeness to the ideal solution.

    Parameters
    ----------
    data : DataFrame
        One row per alternative.
    weights : dict or Series
        Column → weight; the columns are the criteria. Weights must be non-negative
        and sum to one (they are not rescaled).
    direction : dict or str
        Column → ``"benefit"`` or ``"cost"``, or one of them for all.
    normalization : {"vector", "minmax"}, default="vector"
        ``"vector"``: :math:`r_{ij} = x_{ij} / \\sqrt{\\sum_i x_{ij}^2}` (Hwang &
        Yoon). ``"minmax"``: :math:`r = (x - \\min)/(\\max - \\min)` for a benefit,
        :math:`(\\max - x)/(\\max - \\min)` for a cost.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``: ``distance_ideal`` (:math:`S_i^+`),
        ``distance_anti_ideal`` (:math:`S_i^-`), ``closeness`` (:math:`C_i`, in
        [0, 1], larger is better) and ``rank`` (1 = closest to the ideal).

    Notes
    -----
    Weighted normalised values :math:`v_{ij} = w_j r_{ij}`; the ideal :math:`v_j^+`
    is the best value of criterion j (largest for a benefit, smallest for a cost
    under vector normalization), the anti-ideal :math:`v_j^-` the worst.
    :math:`S_i^\\pm = \\lVert v_i - v^\\pm \\rVert_2` and :math:`C_i = S_i^- /
    (S_i^+ + S_i^-)`.

    References
    ----------
    Hwang, C. L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods
    and Applications*. Springer, pp. 128-140.

    Examples
    --------
    >>> import pandas as pd
    >>> cars = pd.DataFrame({"speed": [2.0, 2.5, 1.8], "price": [5.5, 6.5, 4.5]})
    >>> topsis(cars, {"speed": 0.5, "price": 0.5}, {"speed": "benefit", "price": "cost"})["rank"].tolist()
    [3, 2, 1]
    """
    check_choice(normalization, ("vector", "minmax"), "topsis", "normalization")
    criteria, w = _check_weights(weights, "topsis")
    X = _criteria_matrix(data, criteria, "topsis")
    directions = _check_direction(direction, criteria, "topsis")
    if normalization == "vector":
        V = w * X / np.sqrt((X ** 2).sum(axis=0))
        cost = np.array([d == "cost" for d in directions])
        ideal = np.where(cost, V.min(axis=0), V.max(axis=0))
        anti = np.where(cost, V.max(axis=0), V.min(axis=0))
    else:
        V, ideal, anti = w * _minmax(X, directions), w, np.zeros_like(w)
    d_ideal, d_anti, closeness = _closeness(V, ideal, anti)
    return pd.DataFrame({"distance_ideal": d_ideal, "distance_anti_ideal": d_anti,
                         "closeness": closeness, "rank": _rank(closeness)}, index=data.index)


def _check_criteria(criteria, func: str):
    if not isinstance(criteria, Mapping) or not criteria:
        raise TypeError(f"{func}: criteria must be a non-empty dict of column to (weight, "
                        f"'benefit' or 'cost'); got {type(criteria).__name__}")
    weights, directions = {}, {}
    for column, spec in criteria.items():
        if not isinstance(spec, (tuple, list)) or len(spec) != 2:
            raise ValueError(f"{func}: criteria[{column!r}] must be a pair (weight, 'benefit' or "
                             f"'cost'); got {spec!r}")
        weights[column], directions[column] = spec
    names, w = _check_weights(weights, func)
    return names, w, _check_direction(directions, names, func)


def _scale(X: np.ndarray, directions, scaling: str) -> np.ndarray:
    """Aligned criteria on [0, 1]: min-max, or the percentile rank (ties share their mean rank)."""
    if scaling == "minmax":
        return _minmax(X, directions)
    ranks = pd.DataFrame(X).rank(method="average").to_numpy()
    return _minmax(ranks, directions)


def score_customers(archive: pd.DataFrame, criteria, method: str = "weighted_sum",
                    scaling: str = "minmax") -> pd.DataFrame:
    """Score customers on weighted criteria, keeping each criterion's part of the score.

    Parameters
    ----------
    archive : DataFrame
        One row per customer, e.g. from :func:`customer_archive`.
    criteria : dict
        Column → ``(weight, "benefit" | "cost")``. Weights are non-negative and
        must sum to one: crmlab refuses, rather than rescales, weights that do
        not. Ordered categoricals count by their codes (minor = 0 < major = 1 <
        leader = 2).
    method : {"weighted_sum", "topsis"}, default="weighted_sum"
        Simple additive weighting, or TOPSIS on the scaled criteria.
    scaling : {"minmax", "rank"}, default="minmax"
        How each criterion is put on [0, 1] and aligned so that 1 is best:
        min-max of the values, or min-max of their ranks (robust to a few huge
        accounts).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``archive``. One column per criterion with its weighted,
        scaled value :math:`w_j r_{ij}` (in :math:`[0, w_j]`); for
        ``"weighted_sum"`` they add up to the score. For ``"topsis"`` the columns
        ``distance_ideal`` and ``distance_anti_ideal`` follow, measured from the
        ideal :math:`(w_1, \\dots, w_m)` and the anti-ideal 0. Then ``score`` in
        [0, 1] (the weighted sum or the closeness) and ``rank`` (1 = best).

    Raises
    ------
    ValueError
        A criterion missing in some rows: the message names the customers and
        asks for an explicit fill (for example a never-surveyed customer's
        ``satisfaction``); crmlab never fills silently. Also for unknown columns,
        constant criteria, weights that do not sum to one and unknown directions.

    Notes
    -----
    Weighted sum: :math:`S_i = \\sum_j w_j r_{ij}`. The thesis grades industrial
    customers by such a score over current value (gross profit, sales volume,
    marketing cost as a cost) and future value (industry position, years of
    cooperation, satisfaction).

    Examples
    --------
    >>> import pandas as pd
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1], "marketing_cost": [2.0, 1, 1]},
    ...                        index=["a", "b", "c"])
    >>> score_customers(archive, {"gross_profit": (0.7, "benefit"),
    ...                           "marketing_cost": (0.3, "cost")})["score"].round(3).tolist()
    [0.7, 0.562, 0.3]
    """
    check_choice(method, ("weighted_sum", "topsis"), "score_customers", "method")
    check_choice(scaling, ("minmax", "rank"), "score_customers", "scaling")
    names, w, directions = _check_criteria(criteria, "score_customers")
    R = _scale(_criteria_matrix(archive, names, "score_customers"), directions, scaling)
    out = pd.DataFrame(w * R, index=archive.index, columns=names)
    if method == "weighted_sum":
        score = out.to_numpy().sum(axis=1)
    else:
        out["distance_ideal"], out["distance_anti_ideal"], score = _closeness(
            w * R, w, np.zeros_like(w))
    out["score"] = np.clip(score, 0.0, 1.0)
    out["rank"] = _rank(out["score"].to_numpy())
    return out


# --------------------------------------------------------------------------------------------
# Grades (客户分级) and how stable they are
# --------------------------------------------------------------------------------------------
def _check_scheme(scheme, shares, func: str):
    """Return ('quantile', cumulative shares) or ('cutoff', thresholds A, B, C)."""
    if isinstance(scheme, str):
        check_choice(scheme, ("quantile",), func, "scheme")
        if not isinstance(shares, (tuple, list)) or len(shares) != 4:
            raise ValueError(f"{func}: shares must be four shares of customers for A, B, C, D; "
                             f"got {shares!r}")
        values = [check_number(s, func, "shares", low=0.0, high=1.0) for s in shares]
        if abs(sum(values) - 1) > 1e-9:
            raise ValueError(f"{func}: shares for A, B, C, D must sum to 1; got {sum(values):.6g}")
        return "quantile", np.cumsum(values)[:3]
    if isinstance(scheme, Mapping):
        if sorted(scheme) != ["A", "B", "C"]:
            raise ValueError(f"{func}: a cut-off scheme gives the minimum score of 'A', 'B' and "
                             f"'C' (below C is D); got keys {list(scheme)}")
        cut = [check_number(scheme[g], func, f"scheme[{g!r}]") for g in "ABC"]
        if not cut[0] > cut[1] > cut[2]:
            raise ValueError(f"{func}: cut-offs must fall from A to C; got {dict(scheme)}")
        return "cutoff", np.array(cut)
    raise TypeError(f"{func}: scheme must be 'quantile' or a dict of cut-offs such as "
                    f"{{'A': 0.7, 'B': 0.5, 'C': 0.3}}; got {scheme!r}")


def _grade_codes(scores: np.ndarray, kind: str, bounds: np.ndarray) -> np.ndarray:
    """Codes into GRADES (0 = D ... 3 = A) for one vector of scores."""
    if kind == "cutoff":
        return np.searchsorted(bounds[::-1], scores, side="right")
    ordered = np.sort(scores)
    above = (len(scores) - np.searchsorted(ordered, scores, side="right")) / len(scores)
    return 3 - np.searchsorted(bounds, above + 1e-12, side="left")


def grade(scores, scheme="quantile", *, shares=(0.2, 0.3, 0.3, 0.2)) -> pd.Series:
    """Grade customers A, B, C, D by their score (客户分级).

    Parameters
    ----------
    scores : Series or DataFrame
        Scores per customer, or the output of :func:`score_customers` (its
        ``score`` column is used).
    scheme : "quantile" or dict, default="quantile"
        ``"quantile"``: grades by share of customers, the best ``shares[0]`` are A
        and so on. A dict ``{"A": 0.7, "B": 0.5, "C": 0.3}`` gives the minimum
        score of each grade; scores below the C cut-off are D.
    shares : tuple of four floats, default=(0.2, 0.3, 0.3, 0.2)
        Shares of customers graded A, B, C, D under ``"quantile"``.

    Returns
    -------
    pandas.Series
        ``grade`` per customer, an ordered categorical ``"D" < "C" < "B" < "A"``.

    Notes
    -----
    Under ``"quantile"`` a customer is A when fewer than ``shares[0]`` of all
    customers score strictly higher, B when fewer than ``shares[0] + shares[1]``
    do, and so on. Equal scores always get equal grades, and a higher score never
    gets a lower grade.

    Examples
    --------
    >>> import pandas as pd
    >>> grade(pd.Series([0.9, 0.7, 0.5, 0.3, 0.1]), {"A": 0.8, "B": 0.6, "C": 0.4}).tolist()
    ['A', 'B', 'C', 'D', 'D']
    """
    if isinstance(scores, pd.DataFrame):
        check_columns(scores, ["score"], "grade", "scores")
        scores = scores["score"]
    if not isinstance(scores, pd.Series):
        raise TypeError(f"grade: scores must be a pandas Series (or the DataFrame of "
                        f"score_customers); got {type(scores).__name__}")
    if not pd.api.types.is_numeric_dtype(scores) or pd.api.types.is_bool_dtype(scores):
        raise TypeError(f"grade: scores must be numeric; got {scores.dtype}")
    if scores.isna().any() or len(scores) == 0:
        raise ValueError("grade: scores must be non-empty and without missing values")
    kind, bounds = _check_scheme(scheme, shares, "grade")
    codes = _grade_codes(scores.to_numpy(dtype=float), kind, bounds)
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(GRADES), ordered=True),
                     index=scores.index, name="grade")


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """How grades and ranks move when the weights are perturbed.

    Attributes
    ----------
    customers : pandas.DataFrame
        Per customer: ``score``, ``rank`` and ``grade`` under the given weights;
        ``grade_kept``, the share of draws in which it keeps that grade;
        ``rank_low`` and ``rank_high``, the 5th and 95th percentiles of its rank.
    kendall_tau : pandas.Series
        Kendall's tau between the base ranking and each draw's.
    weights : pandas.DataFrame
        The weights of each draw (rows) per criterion.
    """

    customers: pd.DataFrame
    kendall_tau: pd.Series
    weights: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Per grade: customers and the mean share of draws that keep their grade."""
        table = self.customers.groupby("grade", observed=True)["grade_kept"].agg(
            customers="size", mean_grade_kept="mean")
        return table.sort_index(ascending=False)


def weight_sensitivity(archive: pd.DataFrame, criteria, n: int = 1000, spread: float = 0.2,
                       seed=None, *, method: str = "weighted_sum", scaling: str = "minmax",
                       scheme="quantile", shares=(0.2, 0.3, 0.3, 0.2)) -> SensitivityResult:
    """Perturb the weights at random and see which customers keep their grade.

    Parameters
    ----------
    archive : DataFrame
        One row per customer.
    criteria : dict
        Column → ``(weight, "benefit" | "cost")``, as for :func:`score_customers`.
    n : int, default=1000
        Number of perturbed weight vectors.
    spread : float, default=0.2
        Each weight is multiplied by a uniform draw on ``[1 - spread, 1 + spread]``,
        then all are rescaled to sum to one; ``0 <= spread < 1``.
    seed : None, int or numpy Generator, default=None
        For reproducible draws.
    method, scaling : str
        As for :func:`score_customers`.
    scheme, shares :
        As for :func:`grade`.

    Returns
    -------
    SensitivityResult
        ``.customers`` (score, rank, grade, grade_kept, rank_low, rank_high),
        ``.kendall_tau`` (one per draw) and ``.weights`` (the draws).

    Examples
    --------
    >>> import pandas as pd
    >>> archive = pd.DataFrame({"gross_profit": [9.0, 4, 1, 3], "orders": [2.0, 5, 1, 3]})
    >>> res = weight_sensitivity(archive, {"gross_profit": (0.6, "benefit"),
    ...                                    "orders": (0.4, "benefit")}, n=50, seed=1)
    >>> res.customers["grade_kept"].between(0, 1).all()
    np.True_
    """
    from scipy.stats import kendalltau

    n = check_int(n, "weight_sensitivity", "n", low=1, high=1_000_000)
    spread = check_number(spread, "weight_sensitivity", "spread", low=0.0, high=1.0)
    if spread >= 1:
        raise ValueError(f"weight_sensitivity: spread must be below 1 so that weights stay "
                         f"positive; got {spread!r}")
    check_choice(method, ("weighted_sum", "topsis"), "weight_sensitivity", "method")
    check_choice(scaling, ("minmax", "rank"), "weight_sensitivity", "scaling")
    rng = as_generator(seed)
    kind, bounds = _check_scheme(scheme, shares, "weight_sensitivity")
    base = score_customers(archive, criteria, method=method, scaling=scaling)
    names, w, directions = _check_criteria(criteria, "weight_sensitivity")
    R = _scale(_criteria_matrix(archive, names, "weight_sensitivity"), directions, scaling)
    draws = w * rng.uniform(1 - spread, 1 + spread, size=(n, len(w)))
    draws /= draws.sum(axis=1, keepdims=True)
    if method == "weighted_sum":
        scores = R @ draws.T
    else:
        d_ideal = np.sqrt(((1 - R) ** 2) @ (draws ** 2).T)
        d_anti = np.sqrt((R ** 2) @ (draws ** 2).T)
        scores = d_anti / (d_ideal + d_anti)
    base_scores = base["score"].to_numpy()
    base_codes = _grade_codes(base_scores, kind, bounds)
    kept = np.zeros(len(R))
    taus = np.empty(n)
    for k in range(n):
        kept += _grade_codes(scores[:, k], kind, bounds) == base_codes
        taus[k] = kendalltau(base_scores, scores[:, k]).statistic
    ranks = pd.DataFrame(scores).rank(ascending=False, method="min").to_numpy()
    customers = pd.DataFrame({
        "score": base_scores, "rank": base["rank"].to_numpy(),
        "grade": pd.Categorical.from_codes(base_codes, categories=list(GRADES), ordered=True),
        "grade_kept": kept / n,
        "rank_low": np.percentile(ranks, 5, axis=1), "rank_high": np.percentile(ranks, 95, axis=1),
    }, index=archive.index)
    return SensitivityResult(customers=customers,
                             kendall_tau=pd.Series(taus, name="kendall_tau").rename_axis("draw"),
                             weights=pd.DataFrame(draws, columns=names).rename_axis("draw"))


def _score_frame(scores, func: str) -> pd.DataFrame:
    if isinstance(scores, pd.Series):
        scores = scores.to_frame()
    check_frame(scores, func, "scores")
    if scores.shape[1] < 1 or len(scores) < 2:
        raise ValueError(f"{func}: scores need at least one column and two rows")
    for c in scores.columns:
        if not pd.api.types.is_numeric_dtype(scores[c]) or pd.api.types.is_bool_dtype(scores[c]):
            raise TypeError(f"{func}: column {c!r} of scores must be numeric; got {scores[c].dtype}")
    if scores.isna().any().any():
        raise ValueError(f"{func}: scores have missing values in "
                         f"{list(scores.columns[scores.isna().any()])}")
    return scores


def _top(values: pd.Series, top: float) -> pd.Index:
    k = max(1, int(round(top * len(values))))
    order = np.lexsort((np.arange(len(values)), -values.to_numpy(dtype=float)))
    return values.index[order[:k]]


def rank_agreement(scores: pd.DataFrame, measure: str = "kendall", *, top: float = 0.2) -> pd.DataFrame:
    """How much several scorings (one column each) agree on the order of customers.

    Parameters
    ----------
    scores : DataFrame
        One row per customer, one column per method (e.g. AHP, entropy, CRITIC
        weights); larger is better in every column.
    measure : {"kendall", "spearman", "top_overlap"}, default="kendall"
        Kendall's tau or Spearman's rho between the columns, or the share of the
        ``top`` customers of one column that are also among the top of the other.
    top : float, default=0.2
        Share of customers that counts as the top, for ``"top_overlap"``.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, with 1 on the diagonal.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"ahp": [0.9, 0.5, 0.1], "entropy": [0.8, 0.2, 0.4]})
    >>> rank_agreement(scores).loc["ahp", "entropy"].round(3)
    np.float64(0.333)
    """
    check_choice(measure, ("kendall", "spearman", "top_overlap"), "rank_agreement", "measure")
    top = check_number(top, "rank_agreement", "top", low=0.0, high=1.0)
    if not 0 < top <= 1:
        raise ValueError(f"rank_agreement: top must be in (0, 1]; got {top!r}")
    scores = _score_frame(scores, "rank_agreement")
    if measure != "top_overlap":
        return scores.corr(method=measure)
    tops = {c: set(_top(scores[c], top)) for c in scores.columns}
    cols = list(scores.columns)
    table = [[len(tops[a] & tops[b]) / len(tops[a]) for b in cols] for a in cols]
    return pd.DataFrame(table, index=cols, columns=cols)


def selection_quality(scores, outcome: pd.Series, *, top: float = 0.2) -> pd.DataFrame:
    """How well each scoring picks the customers that turn out to be worth the most.

    Parameters
    ----------
    scores : Series or DataFrame
        One column per method, larger = more valuable, indexed by customer.
    outcome : Series
        What each customer was really worth (e.g. profit realised afterwards), on
        the same customers (extra customers in ``outcome`` are ignored).
    top : float, default=0.2
        Share of customers each method selects (the key accounts).

    Returns
    -------
    pandas.DataFrame
        One row per method: ``spearman`` (rank correlation of score and outcome),
        ``precision`` (share of the selected that are in the true top by outcome),
        ``captured`` (share of the total outcome that the selected customers
        bring; above 1 when the rest lose money) and ``capture_ratio``
        (``captured`` over what the true top brings, 1 = perfect selection). With a
        0/1 outcome (e.g. "is a strategic partner"), ``captured`` is the share of
        the positives that the selection finds.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.Series([3.0, 2, 1, 0, 0.5], index=list("abcde"), name="m")
    >>> outcome = pd.Series([10.0, 1, 5, 0, 0], index=list("abcde"))
    >>> selection_quality(scores, outcome, top=0.4)[["precision", "capture_ratio"]].round(3).values.tolist()
    [[0.5, 0.733]]
    """
    top = check_number(top, "selection_quality", "top", low=0.0, high=1.0)
    if not 0 < top < 1:
        raise ValueError(f"selection_quality: top must be strictly between 0 and 1; got {top!r}")
    scores = _score_frame(scores, "selection_quality")
    if not isinstance(outcome, pd.Series) or not pd.api.types.is_numeric_dtype(outcome):
        raise TypeError("selection_quality: outcome must be a numeric pandas Series indexed by "
                        "customer")
    missing = scores.index.difference(outcome.index)
    if len(missing) or outcome.reindex(scores.index).isna().any():
        raise ValueError(f"selection_quality: outcome is missing for {len(missing) or 'some'} "
                         f"customers of scores (e.g. {list(missing[:3])}); align them first")
    outcome = outcome.reindex(scores.index).astype(float)
    best = set(_top(outcome, top))
    best_total = outcome[list(best)].sum()
    rows = {}
    for c in scores.columns:
        chosen = _top(scores[c], top)
        captured = outcome[chosen].sum() / outcome.sum()
        rows[c] = {"spearman": scores[c].corr(outcome, method="spearman"),
                   "precision": len(best.intersection(chosen)) / len(chosen),
                   "captured": captured,
                   "capture_ratio": outcome[chosen].sum() / best_total}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("method")
