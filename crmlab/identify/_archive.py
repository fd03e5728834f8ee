"""The customer archive (客户档案) and what customers were really worth."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._validate import check_date, check_int, check_world, world_cost_rates
from ..segment._keys import distinct_per_group, key_codes

__all__ = ["customer_archive", "customer_profit", "SATISFACTION_ITEMS"]

#: The survey items whose mean is the archive's satisfaction score.
SATISFACTION_ITEMS = ("satis_1", "satis_2", "satis_3")


# --------------------------------------------------------------------------------------------
# The customer archive (客户档案)
# --------------------------------------------------------------------------------------------
#: What customer_archive needs: the order book. Every table and column of
#: ``ARCHIVE_TABLES`` that the archive also has adds its part of the archive.
ARCHIVE_REQUIRED = {"orders": ["customer_id", "date", "net_revenue"]}
#: The tables and columns customer_archive can use. An optional table (contacts, invoices,
#: tickets, survey) that is present must have all of its columns here.
ARCHIVE_TABLES = {
    "customers": ["customer_id", "customer_since", "name", "industry", "region", "customer_type",
                  "employees", "size", "industry_position", "credit_rating", "payment_terms",
                  "account_manager"],
    "contacts": ["customer_id", "role", "stance"],
    "orders": ["order_id", "customer_id", "date", "quantity", "list_price", "net_revenue",
               "gross_profit", "financial_cost"],
    "invoices": ["customer_id", "invoice_date", "due_date", "paid_date", "amount"],
    "tickets": ["customer_id", "date", "type"],
    "survey": ["customer_id", "year", *SATISFACTION_ITEMS],
}


def customer_archive(world, asof=None) -> pd.DataFrame:
    """One row per customer: the three parts of the customer archive as of a date.

    Computed from the archive's tables only (never from ``world.truth``), with only
    what was known on ``asof``: orders, invoices and tickets up to that day, and the
    surveys fielded (in November) by then. Customers whose relationship starts
    after ``asof`` are left out; customers who stopped buying stay in.

    A firm's own archive needs only its order book (``customer_id``, ``date``,
    ``net_revenue``). Every other table adds its part, and its columns appear only
    then: ``customers`` the basic information (without it, or without its
    ``customer_since``, a customer starts with its first order), ``contacts`` the buying
    center, ``invoices`` the receivables, ``tickets`` the complaints and ``survey`` the
    satisfaction; the order lines' ``quantity`` and ``list_price`` give list value and
    discounts, ``gross_profit`` the profit and margin, ``financial_cost`` with the
    discounts the marketing cost; without ``order_id``, orders are counted as order days.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world` or :func:`~crmlab.datasets.make_world`, or
        a firm's own archive (:func:`crmlab.datasets.read_archive`).
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
    func = "customer_archive"
    check_world(world, func, ARCHIVE_REQUIRED)
    for name in ("contacts", "invoices", "tickets", "survey"):
        if getattr(world, name) is not None:
            check_world(world, func, {name: ARCHIVE_TABLES[name]})
    if world.customers is not None:
        check_world(world, func, {"customers": ["customer_id"]})
    orders, invoices, tickets = world.orders, world.invoices, world.tickets
    if asof is None:
        asof = max([orders["date"].max()]
                   + ([invoices["invoice_date"].max()] if invoices is not None else [])
                   + ([tickets["date"].max()] if tickets is not None else []))
        if pd.isna(asof):
            raise ValueError("customer_archive: the world has no orders; give asof")
    asof = check_date(asof, func, "asof")
    first_order = orders.groupby("customer_id", sort=False)["date"].min()
    if world.customers is None:  # an order book alone: its customers, from their first order
        customers = pd.DataFrame({"customer_id": first_order.index,
                                  "customer_since": first_order.to_numpy()})
    elif "customer_since" not in world.customers.columns:
        customers = world.customers.assign(
            customer_since=world.customers["customer_id"].map(first_order))
    else:
        customers = world.customers
    customers = customers.loc[customers["customer_since"] <= asof].set_index("customer_id")
    if customers.empty:
        raise ValueError(f"customer_archive: no customer had started by asof={asof.date()}; "
                         f"the first started on {world.customers['customer_since'].min().date()}"
                         if world.customers is not None and "customer_since" in world.customers
                         else f"customer_archive: no customer had ordered by asof={asof.date()}")
    ids = customers.index
    if not ids.is_unique:
        raise ValueError(f"customer_archive: world.customers has "
                         f"{int(ids.duplicated().sum())} duplicate customer_id values")
    out = customers[[c for c in ARCHIVE_TABLES["customers"][2:] if c in customers.columns]
                    + ["customer_since"]].copy()
    out["tenure_years"] = (asof - out["customer_since"]).dt.days / 365.25

    # Each table's customer keys become positions in ids once; rows of customers not in the
    # archive drop out. Sums then group by these integer codes, in the tables' row order.
    def archive_rows(table, known=None):
        rows = np.arange(len(table)) if known is None else np.flatnonzero(np.asarray(known))
        codes = key_codes(table["customer_id"].to_numpy()[rows], ids)
        kept = codes >= 0
        return rows[kept], codes[kept]

    def per_customer(codes, columns):
        by = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(len(ids)))
        return pd.DataFrame(columns).groupby(by, observed=False)

    # buying center (a snapshot: contacts carry no dates)
    if world.contacts is not None:
        rows, codes = archive_rows(world.contacts)
        contacts = world.contacts[["role", "stance"]].iloc[rows]
        stance = contacts["stance"].astype(str).to_numpy()
        is_dm = (contacts["role"].astype(str) == "decision_maker").to_numpy()
        for column, counted in (("contacts", slice(None)), ("decision_makers", is_dm),
                                ("supporters", stance == "supporter"),
                                ("neutrals", stance == "neutral"),
                                ("opponents", stance == "opponent"),
                                ("decision_makers_supporting", is_dm & (stance == "supporter")),
                                ("decision_makers_opposing", is_dm & (stance == "opponent"))):
            out[column] = np.bincount(codes[counted], minlength=len(ids))

    # business trend
    rows, codes = archive_rows(orders, orders["date"] <= asof)  # also for the history below
    line = {c: orders[c].to_numpy()[rows] for c in ARCHIVE_TABLES["orders"][2:]
            if c in orders.columns}
    money = {"revenue": line["net_revenue"]}
    if "quantity" in line and "list_price" in line:
        money["list_value"] = line["quantity"] * line["list_price"]
    for column in ("gross_profit", "financial_cost"):
        if column in line:
            money[column] = line[column]
    marketing = "list_value" in money and "financial_cost" in money
    if marketing:
        money["marketing_cost"] = money["list_value"] - money["revenue"] + money["financial_cost"]
    year_ago, two_years_ago = asof - pd.DateOffset(years=1), asof - pd.DateOffset(years=2)
    recent = line["date"] > year_ago.to_datetime64()
    prior = ~recent & (line["date"] > two_years_ago.to_datetime64())
    columns = {f"{name}_12m": np.where(recent, money[name], 0.0)
               for name in ("revenue", "gross_profit", "marketing_cost") if name in money}
    columns["revenue_prior_12m"] = np.where(prior, money["revenue"], 0.0)
    columns.update({name: money[name] for name in
                    ("revenue", "list_value", "gross_profit", "financial_cost") if name in money})
    grouped = per_customer(codes, {**columns, "date": line["date"]})
    sums = grouped[list(columns)].sum()
    dates = grouped["date"].agg(["min", "max"])
    for column in ("revenue_12m", "gross_profit_12m", "marketing_cost_12m", "revenue_prior_12m"):
        if column in sums:
            out[column] = sums[column].to_numpy()
    prior_revenue = out["revenue_prior_12m"].where(out["revenue_prior_12m"] > 0)
    out["revenue_growth"] = out["revenue_12m"] / prior_revenue - 1
    if invoices is not None:
        due_rows, due_codes = archive_rows(invoices, invoices["due_date"] <= asof)
        due = invoices[["due_date", "paid_date", "amount"]].iloc[due_rows]
        settled = due["paid_date"].where(due["paid_date"] <= asof)  # later payments unknown
        days_late = ((settled.fillna(asof) - due["due_date"]).dt.days).clip(lower=0)
        unpaid = settled.isna()
        receivables = per_customer(due_codes, {
            "invoices_due": np.ones(len(due), dtype="int64"), "late": (days_late > 0).to_numpy(),
            "days_late": days_late.to_numpy(),
            "overdue_amount": due["amount"].where(unpaid, 0.0).to_numpy()}).agg(
            invoices_due=("invoices_due", "sum"), late_share=("late", "mean"),
            mean_days_late=("days_late", "mean"), overdue_amount=("overdue_amount", "sum"))
        for column in receivables:
            out[column] = receivables[column].to_numpy()
    out["last_order"] = dates["max"].to_numpy()
    out["days_since_last_order"] = (asof - out["last_order"]).dt.days.astype("float64")

    # transaction history
    out["first_order"] = dates["min"].to_numpy()
    order_keys = orders["order_id"] if "order_id" in orders.columns else orders["date"]
    out["orders"] = distinct_per_group(codes, len(ids), order_keys.to_numpy()[rows])[0]
    for column in ("revenue", "list_value"):
        if column in sums:
            out[column] = sums[column].to_numpy()
    if "list_value" in out:
        out["discounts"] = out["list_value"] - out["revenue"]
    if "gross_profit" in sums:
        out["gross_profit"] = sums["gross_profit"].to_numpy()
        out["gross_margin"] = out["gross_profit"] / out["revenue"].where(out["revenue"] > 0)
    if "financial_cost" in sums:
        out["financial_cost"] = sums["financial_cost"].to_numpy()
    if marketing:
        out["marketing_cost"] = out["discounts"] + out["financial_cost"]
    if tickets is not None:
        rows, codes = archive_rows(tickets, tickets["date"] <= asof)
        kind = tickets["type"].iloc[rows]
        for name, column in (("complaint", "complaints"),
                             ("service_request", "service_requests")):
            out[column] = np.bincount(codes[(kind == name).to_numpy()], minlength=len(ids))

    # satisfaction: the latest survey answered by asof (fielded in November)
    survey = world.survey
    if survey is not None:
        last_fielded = asof.year if asof >= pd.Timestamp(year=asof.year, month=11, day=30) \
            else asof.year - 1
        rows, codes = archive_rows(survey, survey["year"] <= last_fielded)
        year = survey["year"].to_numpy()[rows]
        latest = per_customer(codes, {"year": year})["year"].max()
        keep = year == latest.to_numpy()[codes]
        per_item = per_customer(codes[keep], survey[list(SATISFACTION_ITEMS)].iloc[rows[keep]]
                                .reset_index(drop=True)).mean()
        out["satisfaction"] = per_item.mean(axis=1).to_numpy()
        out["satisfaction_year"] = latest.astype("float64").to_numpy()
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
        The costing is :func:`crmlab.segment.customer_profitability` (activity-based),
        here for every customer of the world and any set of years.

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
    from ..segment import customer_profitability

    func = "customer_profit"
    check_world(world, func, {"customers": ["customer_id"],
                              "orders": ["customer_id", "date", "net_revenue", "gross_profit",
                                         "financial_cost"],
                              "activities": ["customer_id", "year"]})
    cost_rates = world_cost_rates(world, cost_rates, func, "{'visits': 1200, 'orders': 200, "
                                  "...} (CNY per driver unit)")
    if years is not None:
        years = [check_int(y, "customer_profit", "years") for y in np.atleast_1d(years).tolist()]
    ids = pd.Index(world.customers["customer_id"], name="customer_id")
    table = customer_profitability(world, "abc", rates=cost_rates, year=years)
    out = table[["net_revenue", "gross_profit", "financial_cost", "cost_to_serve"]]
    out = out.rename(columns={"net_revenue": "revenue"}).reindex(ids, fill_value=0.0)
    out["profit"] = out["gross_profit"] - out["financial_cost"] - out["cost_to_serve"]
    return out
