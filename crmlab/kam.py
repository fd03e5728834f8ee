"""Key-account management (大客户管理): KPIs, key-account definitions, receivables early warning.

Functions take the industrial world (``crmlab.datasets.load_world()``) and return
DataFrames or small result objects whose columns are defined in the docstrings.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import (check_columns, check_date, check_frame, check_int, check_number,
                        check_rows, check_world)

__all__ = ["KPI_COLUMNS", "kam_kpis", "key_accounts", "payment_panel", "fit_payment_warning",
           "PaymentWarning", "arrears_warning", "ArrearsWarning", "WARNING_SIGNALS",
           "warning_signals", "warning_outcomes", "early_warning", "EarlyWarning",
           "evaluate_early_warning"]

#: The ten key-account KPIs of :func:`kam_kpis`, in the theses' order.
KPI_COLUMNS = ("sales", "profit_margin", "receivables_turnover", "sales_growth",
               "forecast_accuracy", "satisfaction", "share_of_wallet", "acquisition_rate",
               "retention_rate", "on_time_rate")
_SATISFACTION_ITEMS = ("satis_1", "satis_2", "satis_3")


# The world's tables and columns that each function reads.
_SALES = {"orders": ["order_id", "customer_id", "date", "net_revenue", "gross_profit"],
          "customers": ["customer_id", "customer_since"]}
_KPI_TABLES = {**_SALES,
               "orders": _SALES["orders"] + ["on_time"],
               "invoices": ["customer_id", "invoice_date", "paid_date", "amount"],
               "survey": ["customer_id", "year", *_SATISFACTION_ITEMS],
               "value_audit": ["customer_id", "year", "supplier", "share_of_wallet"]}
_PAYMENT_TABLES = {"orders": ["date"], "customers": ["customer_id", "credit_rating"],
                   "invoices": ["customer_id", "invoice_date", "due_date", "paid_date",
                                "days_late", "amount"]}


def _period(world, period, func):
    """(start, end) timestamps of the period, and of the period of equal length before it."""
    if period is None:
        period = int(world.orders["date"].dt.year.max())
    if isinstance(period, (int, np.integer)) and not isinstance(period, bool):
        start, end = pd.Timestamp(year=int(period), month=1, day=1), \
            pd.Timestamp(year=int(period), month=12, day=31)
    elif isinstance(period, tuple) and len(period) == 2:
        start, end = check_date(period[0], func, "period[0]"), check_date(period[1], func, "period[1]")
    else:
        raise ValueError(f"{func}: period must be a year such as 2024 or a (start, end) pair of "
                         f"dates; got {period!r}")
    first, last = world.orders["date"].min(), world.orders["date"].max()
    if end < start or start > last or end < first:
        raise ValueError(f"{func}: period {period!r} is outside the order book "
                         f"({first.date()} to {last.date()}) or ends before it starts")
    length = end - start + pd.Timedelta(days=1)
    return start, end, start - length, start - pd.Timedelta(days=1)


def _groups(world, by, func) -> pd.Series:
    """The group of every customer, indexed by customer_id."""
    customers = world.customers.set_index("customer_id")
    if by is None:
        return pd.Series("all", index=customers.index, name="group")
    if isinstance(by, pd.Series):
        missing = customers.index.difference(by.index)
        if len(missing):
            raise ValueError(f"{func}: by must give a group for every customer_id; "
                             f"{len(missing)} missing, e.g. {list(missing[:3])}")
        return by.reindex(customers.index).rename(by.name or "group")
    if by == "customer_id":
        return pd.Series(customers.index, index=customers.index, name="customer_id")
    if isinstance(by, str) and by in customers.columns:
        return customers[by].astype(object).rename(by)
    raise ValueError(f"{func}: by must be None, 'customer_id', a column of world.customers "
                     f"{list(customers.columns)} or a Series of groups by customer_id; got {by!r}")


def _receivables(invoices: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    """Open receivables per customer at the end of day ``when``."""
    issued = invoices["invoice_date"] <= when
    unpaid = invoices["paid_date"].isna() | (invoices["paid_date"] > when)
    open_ = invoices[issued & unpaid]
    return open_.groupby("customer_id")["amount"].sum()


def kam_kpis(world, by="account_manager", period=None) -> pd.DataFrame:
    """The ten key-account KPIs per account manager, per account or for any grouping.

    Parameters
    ----------
    world : World
        The industrial world.
    by : str, Series or None, default="account_manager"
        ``"account_manager"`` (or another column of ``world.customers``),
        ``"customer_id"`` for one row per account, a Series mapping customer_id to
        a group (for example key account or not), or None for the whole company.
    period : int or (start, end), optional
        A calendar year or a pair of dates; by default the last year of the order
        book. Growth, forecast and retention compare with the period of the same
        length just before it.

    Returns
    -------
    DataFrame
        One row per group, with ``accounts`` (customers that bought in the period)
        and the KPIs (Chinese names from key-account-management theses):

        - ``sales`` (销售额): net revenue in the period, CNY;
        - ``profit_margin`` (利润率): gross profit / sales;
        - ``receivables_turnover`` (应收账款周转率): sales / average open receivables,
          averaged over the period's start and each month end;
        - ``sales_growth`` (销售增长率): sales / sales of the previous period − 1;
        - ``forecast_accuracy`` (销售预测准确率): 1 − Σ|actual − forecast| / Σ actual over
          the group's accounts, with each account's forecast its sales of the
          previous period (a naive forecast: the world keeps no sales plans);
        - ``satisfaction`` (客户满意度): mean of the satisfaction items (1-7) of the
          survey answers in the period's years;
        - ``share_of_wallet`` (市场占有率/客户占有率): mean share of wallet we hold in the
          value audits of the period's years;
        - ``acquisition_rate`` (新客户开发率): customers won in the period / customers
          that bought in the previous period;
        - ``retention_rate`` (客户保持率): share of the previous period's buyers that
          bought again in the period;
        - ``on_time_rate`` (订单准时率): share of the period's orders delivered on time.

        A KPI without data in a group (no survey answer, no previous sales) is NaN.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> kpis = kam_kpis(load_world(), period=2024)
    >>> list(kpis.columns[:3])
    ['accounts', 'sales', 'profit_margin']
    """
    func = "kam_kpis"
    check_world(world, func, _KPI_TABLES)
    start, end, prev_start, prev_end = _period(world, period, func)
    group = _groups(world, by, func)
    o = world.orders
    now = o[o["date"].between(start, end)]
    before = o[o["date"].between(prev_start, prev_end)]
    sales = now.groupby("customer_id")["net_revenue"].sum()
    gross = now.groupby("customer_id")["gross_profit"].sum()
    prev_sales = before.groupby("customer_id")["net_revenue"].sum()

    dates = [start - pd.Timedelta(days=1)] + list(pd.date_range(start, end, freq="ME"))
    receivables = pd.concat([_receivables(world.invoices, d) for d in dates], axis=1) \
        .reindex(group.index).fillna(0).mean(axis=1)

    years = range(start.year, end.year + 1)
    survey = world.survey[world.survey["year"].isin(years)]
    satisfaction = survey.assign(score=survey[list(_SATISFACTION_ITEMS)].mean(axis=1))
    audit = world.value_audit
    ours = audit[(audit["supplier"] == "ours") & audit["year"].isin(years)]
    since = world.customers.set_index("customer_id")["customer_since"]
    won = since.between(start, end)
    orders = now.drop_duplicates("order_id")

    rows = {}
    for name, members in group.groupby(group, sort=True):
        ids = members.index
        s, p = sales.reindex(ids).fillna(0), prev_sales.reindex(ids).fillna(0)
        buyers_before = p.index[p > 0]
        total, total_prev = s.sum(), p.sum()
        sat = satisfaction[satisfaction["customer_id"].isin(ids)]
        sow = ours[ours["customer_id"].isin(ids)]
        on_time = orders[orders["customer_id"].isin(ids)]["on_time"]
        rows[name] = {
            "accounts": int((s > 0).sum()),
            "sales": total,
            "profit_margin": gross.reindex(ids).sum() / total if total else np.nan,
            "receivables_turnover": total / receivables[ids].sum() if receivables[ids].sum() else np.nan,
            "sales_growth": total / total_prev - 1 if total_prev else np.nan,
            "forecast_accuracy": 1 - (s[buyers_before] - p[buyers_before]).abs().sum()
            / s[buyers_before].sum() if s[buyers_before].sum() else np.nan,
            "satisfaction": sat["score"].mean() if len(sat) else np.nan,
            "share_of_wallet": sow["share_of_wallet"].mean() if len(sow) else np.nan,
            "acquisition_rate": won[ids].sum() / len(buyers_before) if len(buyers_before) else np.nan,
            "retention_rate": (s[buyers_before] > 0).mean() if len(buyers_before) else np.nan,
            "on_time_rate": on_time.mean() if len(on_time) else np.nan,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = group.name
    return out


def key_accounts(world, period=None, *, quantile: float = 0.7, loyal_years: int = 3,
                 pareto_share: float = 0.8) -> pd.DataFrame:
    """Key accounts (大客户) by the seeds' definition and by the Pareto rule.

    Parameters
    ----------
    world : World
    period : int or (start, end), optional
        The period whose purchases are judged; by default the last year.
    quantile : float, default=0.7
        "Often" and "in volume" mean at or above this quantile of the period's
        buyers in orders and in sales.
    loyal_years : int, default=3
        "Loyal" means a customer for at least this many years at the period's end
        that also bought in the previous period.
    pareto_share : float, default=0.8
        The Pareto rule takes the largest buyers that together make this share of sales.

    Returns
    -------
    DataFrame
        One row per customer that bought in the period, with ``sales``, ``orders``,
        ``gross_margin``, ``tenure_years``, ``bought_before``; the four tests
        ``often``, ``volume``, ``good_margin`` (at or above the median margin),
        ``loyal``; and ``seed_key_account`` (all four), ``pareto_key_account``.

    Notes
    -----
    The key-account texts behind lesson 01 define a key account as one that buys
    often, in volume, at a good margin, and is loyal; the Pareto rule only asks
    that it be among the few that make most of the sales.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> ka = key_accounts(load_world(), period=2024)
    >>> bool(ka["seed_key_account"].sum() < ka["pareto_key_account"].sum())
    True
    """
    func = "key_accounts"
    check_world(world, func, _SALES)
    q = check_number(quantile, func, "quantile", low=0.0, high=1.0)
    share = check_number(pareto_share, func, "pareto_share", low=0.0, high=1.0)
    if isinstance(loyal_years, bool) or not isinstance(loyal_years, (int, np.integer)) or loyal_years < 0:
        raise ValueError(f"{func}: loyal_years must be a non-negative integer; got {loyal_years!r}")
    start, end, prev_start, prev_end = _period(world, period, func)
    o = world.orders
    now = o[o["date"].between(start, end)]
    table = now.groupby("customer_id").agg(sales=("net_revenue", "sum"),
                                           gross=("gross_profit", "sum"),
                                           orders=("order_id", "nunique"))
    if table.empty:
        raise ValueError(f"{func}: nobody bought in period {period!r}")
    table["gross_margin"] = table.pop("gross") / table["sales"]
    since = world.customers.set_index("customer_id")["customer_since"]
    table["tenure_years"] = (end - since.reindex(table.index)).dt.days / 365.25
    before = o[o["date"].between(prev_start, prev_end)]["customer_id"].unique()
    table["bought_before"] = table.index.isin(before)
    table["often"] = table["orders"] >= table["orders"].quantile(q)
    table["volume"] = table["sales"] >= table["sales"].quantile(q)
    table["good_margin"] = table["gross_margin"] >= table["gross_margin"].median()
    table["loyal"] = (table["tenure_years"] >= loyal_years) & table["bought_before"]
    table["seed_key_account"] = table[["often", "volume", "good_margin", "loyal"]].all(axis=1)
    ranked = table["sales"].sort_values(ascending=False)
    cumulative = ranked.cumsum() / ranked.sum()
    k = int(np.searchsorted(cumulative.to_numpy(), share - 1e-12)) + 1
    table["pareto_key_account"] = table.index.isin(ranked.index[:k])
    return table.sort_values("sales", ascending=False)


def payment_panel(world, *, late_days: int = 30) -> pd.DataFrame:
    """Customer-quarter panel for a receivables early warning (应收账款预警).

    Each row is a customer and a quarter in which some of its invoices fall due.
    Features use only what was known at the quarter's start; the target is whether
    any invoice due in the quarter was paid more than ``late_days`` late.

    Returns
    -------
    DataFrame
        ``customer_id``, ``quarter`` (its first day), ``late`` (target, bool), and the
        features ``late_share_4q`` (share of the last four quarters' due invoices
        paid > ``late_days`` late), ``mean_days_late_4q``, ``overdue_ratio`` (overdue
        open receivables at the quarter's start / the last four quarters' sales),
        ``invoices_4q`` (log1p of the count), ``credit_score`` (rating as 0 = B
        ... 5 = AAA). Quarters whose outcome is not yet known at the end of the
        order book are left out.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> payment_panel(load_world())["late"].dtype
    dtype('bool')
    """
    func = "payment_panel"
    check_world(world, func, _PAYMENT_TABLES)
    if isinstance(late_days, bool) or not isinstance(late_days, (int, np.integer)) or late_days < 1:
        raise ValueError(f"{func}: late_days must be a positive integer; got {late_days!r}")
    inv = world.invoices.copy()
    end = world.orders["date"].max()
    inv["quarter"] = inv["due_date"].dt.to_period("Q").dt.start_time
    known = inv["paid_date"].notna() | (inv["due_date"] + pd.Timedelta(days=late_days) <= end)
    inv["is_late"] = inv["days_late"].fillna(np.inf) > late_days
    quarters = pd.period_range(inv["quarter"].min(), end, freq="Q").start_time
    last_known = inv.loc[~known, "quarter"].min() if (~known).any() else quarters[-1] + pd.Timedelta(days=1)
    rating = world.customers.set_index("customer_id")["credit_rating"].cat.codes
    rows = []
    for q in quarters[4:]:
        if q >= last_known:
            break
        hist = inv[(inv["quarter"] < q) & (inv["quarter"] >= q - pd.DateOffset(months=12))]
        # what was known at q: invoices paid before q, or past due by late_days at q
        seen = hist[(hist["paid_date"] < q) | (hist["due_date"] + pd.Timedelta(days=late_days) < q)]
        late_seen = seen["days_late"].fillna(np.inf) > late_days
        feats = pd.DataFrame({
            "late_share_4q": late_seen.groupby(seen["customer_id"]).mean(),
            "mean_days_late_4q": seen["days_late"].groupby(seen["customer_id"]).mean(),
            "invoices_4q": np.log1p(seen.groupby("customer_id").size()),
        })
        sales = hist.groupby("customer_id")["amount"].sum()
        open_ = inv[(inv["invoice_date"] < q) & (inv["paid_date"].isna() | (inv["paid_date"] >= q))
                    & (inv["due_date"] < q)]
        overdue = open_.groupby("customer_id")["amount"].sum()
        due = inv[inv["quarter"] == q]
        target = due.groupby("customer_id")["is_late"].any()
        frame = feats.reindex(target.index)
        frame["overdue_ratio"] = (overdue.reindex(target.index).fillna(0)
                                  / sales.reindex(target.index)).replace(np.inf, np.nan)
        frame["credit_score"] = rating.reindex(target.index).astype(float)
        frame["late"] = target
        frame["quarter"] = q
        rows.append(frame)
    panel = pd.concat(rows).rename_axis("customer_id").reset_index()
    panel[["late_share_4q", "mean_days_late_4q", "invoices_4q", "overdue_ratio"]] = \
        panel[["late_share_4q", "mean_days_late_4q", "invoices_4q", "overdue_ratio"]].fillna(0.0)
    columns = ["customer_id", "quarter", "late", "late_share_4q", "mean_days_late_4q",
               "overdue_ratio", "invoices_4q", "credit_score"]
    return panel[columns].sort_values(["quarter", "customer_id"]).reset_index(drop=True)


FEATURES = ("late_share_4q", "mean_days_late_4q", "overdue_ratio", "invoices_4q", "credit_score")


@dataclass(frozen=True)
class PaymentWarning:
    """A fitted receivables early warning (logistic regression), with its hold-out evaluation.

    Attributes
    ----------
    params : Series
        Coefficients on the standardised features (and the intercept).
    auc : float
        ROC AUC on the hold-out quarters.
    base_rate : float
        Share of late customer-quarters in the hold-out.
    gains : DataFrame
        Hold-out customer-quarters in ten equal groups by predicted risk, highest
        first: ``share_late`` and ``lift`` (share_late / base_rate), ``captured``
        (cumulative share of all late ones found).
    scored : DataFrame
        The hold-out panel with the predicted probability ``risk``.
    """

    params: pd.Series
    auc: float
    base_rate: float
    gains: pd.DataFrame
    scored: pd.DataFrame
    model: object

    def warning_list(self, quarter=None, top: int = 10) -> pd.DataFrame:
        """The ``top`` accounts most likely to pay late in a hold-out quarter (the first by default)."""
        quarters = self.scored["quarter"].drop_duplicates().sort_values()
        q = quarters.iloc[0] if quarter is None else pd.Timestamp(quarter)
        if q not in set(quarters):
            raise ValueError(f"warning_list: quarter {quarter!r} is not a hold-out quarter; "
                             f"choose from {[str(x.date()) for x in quarters]}")
        rows = self.scored[self.scored["quarter"] == q]
        return rows.nlargest(top, "risk")[["customer_id", "risk", "late", *FEATURES]] \
            .reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Coefficients, and the hold-out AUC and base rate."""
        return self.params.to_frame("coefficient").assign(auc=self.auc, base_rate=self.base_rate)


def fit_payment_warning(world, split="2024-01-01", *, late_days: int = 30,
                        seed: int = 0) -> PaymentWarning:
    """Fit a receivables early warning on the quarters before ``split``, score those after.

    Parameters
    ----------
    world : World
    split : date, default="2024-01-01"
        First hold-out quarter: the model learns from the quarters before it.
    late_days : int, default=30
        What counts as paying late.
    seed : int, default=0
        Seed of the solver (the fit is deterministic; kept for reproducibility).

    Returns
    -------
    PaymentWarning

    Notes
    -----
    :math:`P(\\text{late}) = 1 / (1 + e^{-(\\beta_0 + \\beta^\\top z)})` with the
    features :math:`z` standardised on the training quarters (scikit-learn's
    ``LogisticRegression``). The hold-out is temporal, as an account manager would
    use it: train on the past, score the next quarters.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> bool(fit_payment_warning(load_world()).auc > 0.5)
    True
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    func = "fit_payment_warning"
    check_world(world, func, _PAYMENT_TABLES)
    panel = payment_panel(world, late_days=late_days)
    cut = check_date(split, func, "split")
    train, test = panel[panel["quarter"] < cut], panel[panel["quarter"] >= cut]
    if train.empty or test.empty or train["late"].nunique() < 2 or test["late"].nunique() < 2:
        raise ValueError(f"{func}: split {split!r} must leave quarters with and without late "
                         f"payments on both sides ({panel['quarter'].min().date()} to "
                         f"{panel['quarter'].max().date()})")
    model = make_pipeline(StandardScaler(), LogisticRegression(random_state=seed))
    model.fit(train[list(FEATURES)], train["late"])
    risk = model.predict_proba(test[list(FEATURES)])[:, 1]
    scored = test.assign(risk=risk)
    base = float(test["late"].mean())
    order = scored.sort_values("risk", ascending=False, kind="stable")
    decile = np.arange(len(order)) * 10 // len(order) + 1
    gains = order.groupby(decile)["late"].agg(["size", "mean", "sum"]).rename(
        columns={"size": "n", "mean": "share_late", "sum": "late"})
    gains["lift"] = gains["share_late"] / base
    gains["captured"] = gains["late"].cumsum() / gains["late"].sum()
    gains.index.name = "decile"
    logit = model[-1]
    params = pd.Series(np.r_[logit.intercept_, logit.coef_[0]], index=["intercept", *FEATURES])
    return PaymentWarning(params=params, auc=float(roc_auc_score(test["late"], risk)),
                          base_rate=base, gains=gains, scored=scored.reset_index(drop=True),
                          model=model)


# --------------------------------------------------------------------------------------------
# Arrears early warning on monthly bills (欠费预警), e.g. a power utility's accounts
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArrearsWarning:
    """A threshold rule for arrears on monthly bills, set on early months and checked on later ones.

    Attributes
    ----------
    threshold : float
        An account is flagged at an origin when its ``score`` is at or above this.
    window, horizon, lag, late_days : int
        Months of history scored, months ahead watched, the reporting lag in
        months, and the days late that count as arrears.
    evaluation : DataFrame
        Rows ``train`` and ``holdout``: ``origins``, ``rows`` (account-origins),
        ``base_rate`` (share in arrears), ``flagged`` (share flagged), ``precision``
        (share of flagged in arrears), ``recall`` (share of arrears flagged),
        ``false_alarm_rate`` (share of the others flagged), ``auc`` (of the score),
        ``arrears_captured`` (share of the money in arrears owed by flagged accounts).
    scored : DataFrame
        One row per account and origin: ``account``, ``origin`` (first month
        watched), ``sample`` (train / holdout), ``score``, ``flagged``, ``arrears``
        (bool) and ``arrears_amount`` (bills paid more than ``late_days`` late in
        the horizon).
    """

    threshold: float
    window: int
    horizon: int
    lag: int
    late_days: int
    evaluation: pd.DataFrame
    scored: pd.DataFrame

    def warning_list(self, origin=None) -> pd.DataFrame:
        """Flagged accounts at a hold-out origin (the first by default), highest score first."""
        holdout = self.scored[self.scored["sample"] == "holdout"]
        origins = holdout["origin"].drop_duplicates().sort_values()
        when = origins.iloc[0] if origin is None else pd.Timestamp(origin)
        if when not in set(origins):
            raise ValueError(f"warning_list: origin {origin!r} is not a hold-out origin; choose "
                             f"from {[str(o.date()) for o in origins]}")
        rows = holdout[(holdout["origin"] == when) & holdout["flagged"]]
        return rows.sort_values(["score", "account"], ascending=[False, True]) \
            .drop(columns=["sample", "flagged"]).reset_index(drop=True)


def _warning_rates(rows: pd.DataFrame, threshold: float) -> dict:
    from sklearn.metrics import roc_auc_score

    flag, hit = rows["score"] >= threshold, rows["arrears"]
    money = rows["arrears_amount"].sum()
    return {"origins": rows["origin"].nunique(), "rows": len(rows),
            "base_rate": hit.mean(), "flagged": flag.mean(),
            "precision": hit[flag].mean() if flag.any() else np.nan,
            "recall": flag[hit].mean() if hit.any() else np.nan,
            "false_alarm_rate": flag[~hit].mean() if (~hit).any() else np.nan,
            "auc": roc_auc_score(hit, rows["score"]) if hit.nunique() == 2 else np.nan,
            "arrears_captured": rows.loc[flag, "arrears_amount"].sum() / money if money else np.nan}


def arrears_warning(monthly: pd.DataFrame, split, *, account: str = "account_id",
                    month: str = "month", days_late: str = "days_late", bill: str = "bill",
                    late_days: int = 30, window: int = 12, horizon: int = 3, lag: int = 0,
                    threshold: float | None = None,
                    alarm_rate: float | None = None) -> ArrearsWarning:
    """An arrears early-warning rule (欠费预警) on monthly bills, with a temporal hold-out.

    At each origin (every ``horizon`` months) an account's score is its mean days
    late over ``window`` months of bills that are settled by then: the window ends
    ``lag`` months before the origin, because whether a recent bill will be paid
    late is not yet known (a bill paid on time counts 0). The rule flags accounts whose score is at or above a threshold; the
    outcome is whether any bill of the next ``horizon`` months is paid more than
    ``late_days`` late (in arrears, 欠费). The threshold is set on the origins
    whose outcome is known before ``split`` (horizon plus lag) and checked on the
    origins from ``split`` on.

    Parameters
    ----------
    monthly : DataFrame
        One row per account and month (first day of the month).
    split : date
        First month of the hold-out, e.g. ``"2024-01-01"``.
    account, month, days_late, bill : str
        Columns: the account, the month (datetime), days the bill was paid after its
        due date (0 when on time, non-negative integers) and the bill (money, >= 0).
    late_days : int, default=30
        A bill paid more than this many days late is in arrears.
    window : int, default=12
        Months of payment history behind each score (1 to 60).
    horizon : int, default=3
        Months watched after each origin, and the step between origins (1 to 12).
    lag : int, default=0
        Reporting lag in months (0 to 12): bills of the last ``lag`` months before
        an origin are left out of its score, and a training origin's outcome must be
        settled ``lag`` months before ``split``. 0 assumes a bill's lateness is
        known as soon as the month ends, which looks slightly ahead; with 30 days
        late as the arrears line a bill's outcome is really known about two months
        after it is issued, so ``lag=2`` is the honest setting for practice.
    threshold : float, optional
        Fixed threshold; by default the one that maximises Youden's
        :math:`J = \\text{recall} - \\text{false alarm rate}` on the training origins
        (the largest among ties: fewer alarms).
    alarm_rate : float, optional
        An alarm budget instead (between 0 and 1): the lowest threshold that flags at
        most this share of the training account-origins, e.g. 0.05 when the collection
        team can follow up one account in twenty each period. Give ``threshold`` or
        ``alarm_rate``, not both.

    Returns
    -------
    ArrearsWarning

    Notes
    -----
    Score of account :math:`i` at origin :math:`q`:
    :math:`s_{iq} = \\frac{1}{|W|}\\sum_{t \\in W} d_{it}` with :math:`W` the
    ``window`` months ending ``lag`` months before :math:`q` and :math:`d_{it}` the days bill :math:`t`
    was paid late. Only accounts with a full window are scored. Youden (1950),
    *Cancer* 3, 32-35. The temporal hold-out mirrors use: a rule is set on what
    was known and judged on the months that followed (as :func:`fit_payment_warning`
    does for invoices).

    Examples
    --------
    >>> from crmlab.datasets import make_power_accounts
    >>> case = make_power_accounts(200, seed=3)
    >>> rule = arrears_warning(case.monthly, "2024-01-01")
    >>> list(rule.evaluation.index)
    ['train', 'holdout']
    >>> bool(rule.evaluation.loc["holdout", "recall"] > 0.5)
    True
    """
    from .segment._checks import _numeric_columns

    func = "arrears_warning"
    check_frame(monthly, func, "monthly")
    for arg, name in (("account", account), ("month", month), ("days_late", days_late),
                      ("bill", bill)):
        if not isinstance(name, str):
            raise TypeError(f"{func}: {arg} must be a column name (str); got {name!r}")
    check_columns(monthly, [account, month, days_late, bill], func, "monthly")
    check_rows(monthly, func, "monthly")
    late_days = check_int(late_days, func, "late_days", low=0)
    window = check_int(window, func, "window", low=1, high=60)
    horizon = check_int(horizon, func, "horizon", low=1, high=12)
    lag = check_int(lag, func, "lag", low=0, high=12)
    if threshold is not None and alarm_rate is not None:
        raise ValueError(f"{func}: give threshold or alarm_rate, not both")
    if threshold is not None:
        threshold = check_number(threshold, func, "threshold", low=0.0)
    if alarm_rate is not None:
        alarm_rate = check_number(alarm_rate, func, "alarm_rate", low=0.0, high=1.0)
    if not pd.api.types.is_datetime64_any_dtype(monthly[month]):
        raise TypeError(f"{func}: column {month!r} of monthly must hold dates (datetime64); "
                        f"got {monthly[month].dtype}")
    _numeric_columns(monthly, [days_late, bill], func, "monthly", negative=False)
    if monthly[account].isna().any() or monthly[month].isna().any():
        raise ValueError(f"{func}: columns {account!r} and {month!r} of monthly must not have "
                         f"missing values")
    if monthly.duplicated([account, month]).any():
        raise ValueError(f"{func}: monthly has repeated ({account}, {month}) pairs; give one "
                         f"row per account and month")
    cut = check_date(split, func, "split")
    stamps = monthly[month]
    t = (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy()
    cut_t = cut.year * 12 + cut.month - 1
    first, last = int(t.min()), int(t.max())
    days = monthly[days_late].to_numpy(dtype=float)
    owed = np.where(days > late_days, monthly[bill].to_numpy(dtype=float), 0.0)
    frame = pd.DataFrame({"account": monthly[account].to_numpy(), "t": t, "days": days,
                          "owed": owed, "arrears": days > late_days})
    # origins step back from the split by the horizon, so that one starts exactly at the split
    start = cut_t - horizon * ((cut_t - first - window - lag) // horizon)
    rows = []
    for q in range(start, last - horizon + 2, horizon):
        past = frame[(frame["t"] >= q - lag - window) & (frame["t"] < q - lag)]
        ahead = frame[(frame["t"] >= q) & (frame["t"] < q + horizon)].groupby("account")
        full = past.groupby("account").size()
        full = full.index[full == window]
        rows.append(pd.DataFrame({
            "score": past.groupby("account")["days"].mean().reindex(full),
            "arrears": ahead["arrears"].any().reindex(full),
            "arrears_amount": ahead["owed"].sum().reindex(full),
        }).dropna(subset=["arrears"]).assign(origin=q))
    scored = pd.concat(rows) if rows else pd.DataFrame(columns=["score", "arrears", "origin"])
    scored["arrears"] = scored["arrears"].astype(bool)
    train = scored[scored["origin"] + horizon + lag <= cut_t]
    test = scored[scored["origin"] >= cut_t]
    span = f"({pd.Timestamp(stamps.min()).date()} to {pd.Timestamp(stamps.max()).date()})"
    if len(train) == 0 or len(test) == 0:
        raise ValueError(f"{func}: split {split!r} must leave a full window of {window} months "
                         f"plus a lag of {lag} and a horizon of {horizon} before it and a "
                         f"horizon after it {span}")
    if alarm_rate is not None:
        score = np.sort(train["score"].to_numpy())
        # accounts flagged at each candidate c (score >= c) fall as c rises: first within budget
        candidates = np.unique(score)
        flagged = len(score) - np.searchsorted(score, candidates, side="left")
        within = np.flatnonzero(flagged <= alarm_rate * len(score))
        if len(within) == 0:
            raise ValueError(f"{func}: no threshold flags at most {alarm_rate:.1%} of the "
                             f"training account-origins: the highest score alone is more")
        threshold = float(candidates[within[0]])
    elif threshold is None:
        if train["arrears"].nunique() < 2:
            missing = "arrears" if not train["arrears"].any() else "account without arrears"
            raise ValueError(f"{func}: the training origins before split {split!r} have no "
                             f"{missing}; a threshold cannot be learned: pass threshold= or "
                             f"move split")
        hit, score = train["arrears"].to_numpy(), train["score"].to_numpy()
        candidates = np.unique(score)
        youden = np.array([(score[hit] >= c).mean() - (score[~hit] >= c).mean()
                           for c in candidates])
        threshold = float(candidates[np.flatnonzero(youden == youden.max())[-1]])
    evaluation = pd.DataFrame({"train": _warning_rates(train, threshold),
                               "holdout": _warning_rates(test, threshold)}).T
    evaluation[["origins", "rows"]] = evaluation[["origins", "rows"]].astype("int64")
    scored = pd.concat([train.assign(sample="train"), test.assign(sample="holdout")])
    scored = scored.rename_axis("account").reset_index()
    scored["origin"] = [pd.Timestamp(year=int(q) // 12, month=int(q) % 12 + 1, day=1)
                        for q in scored["origin"]]
    scored["flagged"] = scored["score"] >= threshold
    columns = ["account", "origin", "sample", "score", "flagged", "arrears", "arrears_amount"]
    scored = scored[columns].sort_values(["origin", "account"]).reset_index(drop=True)
    return ArrearsWarning(threshold=threshold, window=window, horizon=horizon, lag=lag,
                          late_days=late_days,
                          evaluation=evaluation, scored=scored)


# --------------------------------------------------------------------------------------------
# One early-warning list per account manager (预警名单)
# --------------------------------------------------------------------------------------------
#: The signals of :func:`warning_signals`, each on a 0-1 scale (a probability of trouble).
WARNING_SIGNALS = ("churn_risk", "arrears_risk", "grade_fall", "slow_complaint",
                   "competitor_offer")


def _signal_frame(signals, func, manager, account, columns, arg="signals"):
    """Validated signal table: the key columns and the 0-1 signal columns."""
    check_frame(signals, func, arg)
    for name, value in (("manager", manager), ("account", account)):
        if not isinstance(value, str):
            raise TypeError(f"{func}: {name} must be a column name (str); got {value!r}")
    if columns is None:
        columns = [c for c in signals.columns if c not in (manager, account)]
    columns = [columns] if isinstance(columns, str) else list(columns)
    if not columns:
        raise ValueError(f"{func}: {arg} needs at least one signal column besides "
                         f"{manager!r} and {account!r}; got columns {list(signals.columns)}")
    check_columns(signals, [manager, account, *columns], func, arg)
    check_rows(signals, func, arg)
    if signals[[manager, account]].isna().any().any():
        raise ValueError(f"{func}: {arg} columns {manager!r} and {account!r} must not be missing")
    if signals[account].duplicated().any():
        dup = signals.loc[signals[account].duplicated(), account].iloc[0]
        raise ValueError(f"{func}: {arg} must have one row per account; {dup!r} appears twice")
    for c in columns:
        values = signals[c]
        if not (pd.api.types.is_numeric_dtype(values) or values.dtype == bool):
            raise TypeError(f"{func}: signal {c!r} must be numeric scores in [0, 1]; "
                            f"got dtype {values.dtype}")
        x = values.to_numpy(dtype=float)
        if not np.isfinite(x).all() or (x < 0).any() or (x > 1).any():
            raise ValueError(f"{func}: signal {c!r} must be finite scores in [0, 1] (0 = no "
                             f"sign of trouble); got values from {np.nanmin(x)} to {np.nanmax(x)}"
                             f"{' and missing values' if np.isnan(x).any() else ''}")
    return signals, columns


def _weights(weights, columns, func):
    if weights is None:
        return pd.Series(1.0, index=columns)
    if not isinstance(weights, dict):
        raise TypeError(f"{func}: weights must be a dict {{signal: weight in [0, 1]}}; "
                        f"got {type(weights).__name__}")
    unknown = sorted(set(weights) - set(columns), key=str)
    if unknown:
        raise ValueError(f"{func}: weights name signals {unknown} that are not among {columns}")
    for k, v in weights.items():
        check_number(v, func, f"weights[{k!r}]", low=0, high=1)
    return pd.Series({c: float(weights.get(c, 1.0)) for c in columns})


def _combine(frame, columns, w):
    """Noisy-or: 1 − Π_s (1 − w_s x_s), and the weighted signal scores."""
    scores = frame[columns].astype(float) * w[columns].to_numpy()
    return 1 - (1 - scores).prod(axis=1), scores


def _top_k(frame, score, manager, account, k):
    """The k highest positive scores per manager (ties: account key), ranked 1..k."""
    ranked = frame[frame[score] > 0].sort_values([manager, score, account],
                                                 ascending=[True, False, True], kind="stable")
    ranked = ranked.assign(rank=ranked.groupby(manager).cumcount() + 1)
    return ranked[ranked["rank"] <= k]


@dataclass(frozen=True)
class EarlyWarning:
    """One ranked list of accounts to call per account manager (预警名单).

    Attributes
    ----------
    calls : DataFrame
        At most ``k`` rows per manager: the manager, ``rank`` (1 = call first), the
        account, ``score`` (combined), ``reasons`` (the signals scoring at least
        ``reason_min``, highest first, as ``"name score"`` joined by ``"; "``) and each
        weighted signal score.
    params : DataFrame
        One row per signal: its ``weight``; and ``k``, ``reason_min``.
    scored : DataFrame
        Every account with its combined score and weighted signal scores.
    """

    calls: pd.DataFrame
    params: pd.DataFrame
    scored: pd.DataFrame
    k: int
    reason_min: float

    def summary(self) -> pd.DataFrame:
        """Per manager: accounts scored, calls listed, mean and lowest combined score listed."""
        m = self.calls.columns[0]
        listed = self.calls.groupby(m)["score"].agg(calls="size", mean_score="mean",
                                                    lowest_score="min")
        total = self.scored.groupby(m).size().rename("accounts")
        return pd.concat([total, listed], axis=1).fillna({"calls": 0}).astype({"calls": int})

    def __repr__(self) -> str:
        m = self.calls.columns[0]
        return (f"EarlyWarning({len(self.calls)} calls for {self.scored[m].nunique()} managers, "
                f"k={self.k}, signals={list(self.params.index)})")


def early_warning(signals: pd.DataFrame, *, k: int = 5, manager: str = "account_manager",
                  account: str = "customer_id", columns=None, weights=None,
                  reason_min: float = 0.01) -> EarlyWarning:
    """Combine warning signals into one ranked call list per account manager (预警).

    Parameters
    ----------
    signals : DataFrame
        One row per account: its ``manager``, the ``account`` key and one column per
        signal, each a score in [0, 1], best a probability of trouble (0 = no sign).
        :func:`warning_signals` builds them from the world.
    k : int, default=5
        Alarm budget: the most accounts a manager is asked to call.
    manager, account : str
        Column names of the manager and the account key.
    columns : list of str, optional
        Signal columns; by default every other column.
    weights : dict, optional
        Weight in [0, 1] per signal (default 1): how far a manager trusts it.
    reason_min : float, default=0.01
        A signal counts as a reason when its weighted score is at least this.

    Returns
    -------
    EarlyWarning

    Notes
    -----
    The combination rule is the noisy-or (Pearl 1988, *Probabilistic Reasoning in
    Intelligent Systems*, sec. 4.3.2): score :math:`= 1 - \\prod_s (1 - w_s x_s)`, the
    probability that at least one signal's trouble happens if each signal is a
    calibrated probability and the causes act independently. It never falls when a
    signal rises, and one strong signal is enough to put an account near the top.
    Each manager gets the ``k`` accounts with the highest positive scores (ties by
    account key); an account with no signal at all is never listed.

    Examples
    --------
    >>> s = pd.DataFrame({"account_manager": ["AM1"] * 3, "customer_id": ["a", "b", "c"],
    ...                   "churn_risk": [0.5, 0.2, 0.0], "competitor_offer": [0.0, 0.5, 0.0]})
    >>> ew = early_warning(s, k=2)
    >>> ew.calls[["customer_id", "score", "reasons"]].to_dict("list")
    {'customer_id': ['b', 'a'], 'score': [0.6, 0.5], 'reasons': ['competitor_offer 0.5; churn_risk 0.2', 'churn_risk 0.5']}
    """
    func = "early_warning"
    frame, columns = _signal_frame(signals, func, manager, account, columns)
    check_int(k, func, "k", low=1)
    check_number(reason_min, func, "reason_min", low=0, high=1)
    if reason_min == 0:
        raise ValueError(f"{func}: reason_min must be above 0 (a zero score is no reason); got 0")
    w = _weights(weights, columns, func)
    score, parts = _combine(frame, columns, w)
    scored = pd.concat([frame[[manager, account]], score.rename("score"), parts], axis=1)
    calls = _top_k(scored, "score", manager, account, k)

    def reasons(row):
        items = sorted(((row[c], c) for c in columns if row[c] >= reason_min),
                       key=lambda t: (-t[0], columns.index(t[1])))
        return "; ".join(f"{c} {round(v, 3):g}" for v, c in items)

    calls = calls.assign(reasons=calls.apply(reasons, axis=1) if len(calls) else pd.Series(dtype=str))
    calls = calls[[manager, "rank", account, "score", "reasons", *columns]].reset_index(drop=True)
    params = w.to_frame("weight").assign(k=k, reason_min=reason_min)
    params.index.name = "signal"
    return EarlyWarning(calls=calls, params=params, scored=scored.reset_index(drop=True), k=k,
                        reason_min=float(reason_min))


def evaluate_early_warning(signals: pd.DataFrame, outcomes: pd.DataFrame, *, k: int = 5,
                           manager: str = "account_manager", account: str = "customer_id",
                           columns=None, weights=None) -> pd.DataFrame:
    """Precision and recall of the combined list and of each signal alone, under one budget.

    Parameters
    ----------
    signals : DataFrame
        As for :func:`early_warning`.
    outcomes : DataFrame
        One row per account (the ``account`` column) and one bool column per event
        seen in the next period (e.g. ``churn``, ``arrears``); accounts absent from
        ``outcomes`` had no event.
    k, manager, account, columns, weights
        As for :func:`early_warning`.

    Returns
    -------
    DataFrame
        One row per list (``combined``, then each signal alone, each cut to the ``k``
        highest positive scores per manager) and event (``any``, then each outcome
        column): ``listed``, ``hits`` (listed accounts with the event), ``events`` (all
        accounts with it), ``precision`` = hits / listed and ``recall`` = hits / events.

    Examples
    --------
    >>> s = pd.DataFrame({"account_manager": ["AM1"] * 4, "customer_id": list("abcd"),
    ...                   "churn_risk": [0.9, 0.5, 0.1, 0.0], "competitor_offer": [0, 0, 1, 0]})
    >>> out = pd.DataFrame({"customer_id": ["c", "d"], "churn": [True, True]})
    >>> ev = evaluate_early_warning(s, out, k=1)
    >>> ev.loc[ev["event"] == "any", ["list", "hits", "precision", "recall"]].to_dict("list")
    {'list': ['combined', 'churn_risk', 'competitor_offer'], 'hits': [1, 0, 1], 'precision': [1.0, 0.0, 1.0], 'recall': [0.5, 0.0, 0.5]}
    """
    func = "evaluate_early_warning"
    frame, columns = _signal_frame(signals, func, manager, account, columns)
    check_int(k, func, "k", low=1)
    check_frame(outcomes, func, "outcomes")
    events = [c for c in outcomes.columns if c != account]
    check_columns(outcomes, [account], func, "outcomes")
    if not events:
        raise ValueError(f"{func}: outcomes needs at least one event column besides {account!r}")
    for c in events:
        if outcomes[c].dtype != bool:
            raise TypeError(f"{func}: outcomes column {c!r} must be bool (event happened); "
                            f"got dtype {outcomes[c].dtype}")
    if outcomes[account].duplicated().any():
        raise ValueError(f"{func}: outcomes must have one row per account; "
                         f"{outcomes.loc[outcomes[account].duplicated(), account].iloc[0]!r} "
                         f"appears twice")
    unknown = set(outcomes[account]) - set(frame[account])
    if unknown:
        raise ValueError(f"{func}: outcomes has accounts not in signals, e.g. {sorted(unknown)[0]!r}")
    w = _weights(weights, columns, func)
    score, parts = _combine(frame, columns, w)
    base = pd.concat([frame[[manager, account]], score.rename("combined"), parts], axis=1)
    happened = outcomes.set_index(account)[events].reindex(base[account], fill_value=False)
    happened.insert(0, "any", happened.any(axis=1))
    rows = []
    for name in ["combined", *columns]:
        listed = set(_top_k(base, name, manager, account, k)[account])
        on = base[account].isin(listed).to_numpy()
        for event in happened.columns:
            hit = happened[event].to_numpy()
            n_hits, n_events = int((on & hit).sum()), int(hit.sum())
            rows.append({"list": name, "event": event, "listed": int(on.sum()), "hits": n_hits,
                         "events": n_events,
                         "precision": n_hits / on.sum() if on.any() else np.nan,
                         "recall": n_hits / n_events if n_events else np.nan})
    return pd.DataFrame(rows)


_WARNING_TABLES = {**_PAYMENT_TABLES,
                   "customers": ["customer_id", "credit_rating", "account_manager",
                                 "customer_since"],
                   "orders": ["order_id", "customer_id", "date", "net_revenue", "on_time"],
                   "relationships": ["customer_id", "year", "churned", "competitor_offer"],
                   "tickets": ["customer_id", "date", "type", "days_to_resolve"],
                   "survey": ["customer_id", "year", *_SATISFACTION_ITEMS]}
_CHURN_PREDICTORS = ("tenure_years", "orders", "log_revenue", "revenue_trend", "days_since_order",
                     "complaints", "late_share", "days_late", "survey_satisfaction")


def _warning_year(world, year, func, *, earliest):
    years = sorted(world.relationships["year"].unique())
    if year is None:
        year = years[-2] if len(years) > 1 else years[0]
    check_int(year, func, "year", low=years[0] + earliest, high=years[-1] - 1)
    return int(year)


def _outcomes(world, year, late_days):
    """Churn and arrears in ``year + 1`` for the accounts active at the end of ``year``."""
    rel = world.relationships
    active = rel.loc[(rel["year"] == year) & ~rel["churned"], "customer_id"]
    nxt = rel[rel["year"] == year + 1].set_index("customer_id")["churned"]
    inv = world.invoices
    end = world.orders["date"].max()
    due = inv[inv["due_date"].dt.year == year + 1]
    late = due["days_late"].fillna(np.inf) > late_days
    late &= due["paid_date"].notna() | (due["due_date"] + pd.Timedelta(days=late_days) <= end)
    arrears = late.groupby(due["customer_id"]).any()
    return pd.DataFrame({"customer_id": active.to_numpy(),
                         "churn": nxt.reindex(active).fillna(False).astype(bool).to_numpy(),
                         "arrears": arrears.reindex(active).fillna(False).astype(bool).to_numpy()})


def warning_outcomes(world, year=None, *, late_days: int = 30) -> pd.DataFrame:
    """What happened in the year after ``year`` to the accounts active at its end.

    Parameters
    ----------
    world : World
    year : int, optional
        The year the list is made at the end of; by default the last year but one, so
        that the next year is in the data.
    late_days : int, default=30
        An invoice paid (or still open) more than this many days after its due date is
        arrears (欠款).

    Returns
    -------
    DataFrame
        ``customer_id``, ``churn`` (the relationship ended in ``year + 1``) and
        ``arrears`` (an invoice due in ``year + 1`` was paid more than ``late_days``
        late), both bool.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> warning_outcomes(load_world()).columns.tolist()
    ['customer_id', 'churn', 'arrears']
    """
    func = "warning_outcomes"
    check_world(world, func, _WARNING_TABLES)
    check_int(late_days, func, "late_days", low=1)
    return _outcomes(world, _warning_year(world, year, func, earliest=0), late_days)


def _binary_signals(world, year, *, slow_days):
    """0/1 flags at the end of ``year``: grade fall, slow or open complaint, competitor offer."""
    o = world.orders
    revenue = o.groupby([o["customer_id"], o["date"].dt.year.rename("year")])["net_revenue"].sum()
    rel = world.relationships
    active = rel.loc[(rel["year"] == year) & ~rel["churned"], "customer_id"]

    def grade(y):  # A: top 20 % of the year's revenue, B: next 30 %, C: the rest (and none)
        r = revenue.xs(y, level="year").reindex(rel.loc[rel["year"] == y, "customer_id"],
                                                fill_value=0.0)
        pct = r.rank(ascending=False, method="first") / len(r)
        return pd.Series(np.where(pct <= 0.2, 0, np.where(pct <= 0.5, 1, 2)), index=r.index)

    fell = (grade(year).reindex(active) > grade(year - 1).reindex(active)).fillna(False)
    tk = world.tickets[world.tickets["type"] == "complaint"]
    tk = tk[tk["date"].dt.year == year]
    closed = tk["date"] + pd.to_timedelta(tk["days_to_resolve"], unit="D")
    slow = (tk["days_to_resolve"] > slow_days) | (closed > pd.Timestamp(year=year, month=12, day=31))
    slow = slow.groupby(tk["customer_id"]).any()
    offer = rel[rel["year"] == year].set_index("customer_id")["competitor_offer"]
    return pd.DataFrame({"grade_fall": fell.astype(bool).to_numpy(),
                         "slow_complaint": slow.reindex(active).fillna(False).astype(bool).to_numpy(),
                         "competitor_offer": offer.reindex(active).astype(bool).to_numpy()},
                        index=active.to_numpy())


def warning_signals(world, year=None, *, late_days: int = 30, slow_days: int = 14) -> pd.DataFrame:
    """The five warning signals of every active account at the end of ``year``, each on 0-1.

    Parameters
    ----------
    world : World
    year : int, optional
        The list is made at the end of this year with what was known then; by default
        the last year but one. At least three earlier years are needed to train and
        calibrate the signals.
    late_days : int, default=30
        Days late that count as arrears.
    slow_days : int, default=14
        A complaint resolved after more days than this, or still open at the year's
        end, is slow (投诉处理慢).

    Returns
    -------
    DataFrame
        ``account_manager``, ``customer_id`` and :data:`WARNING_SIGNALS`:
        ``churn_risk`` (the logistic churn classifier, :func:`crmlab.lifecycle.fit_churn_classifier`,
        trained on the years before), ``arrears_risk`` (the receivables warning,
        :func:`fit_payment_warning`, for the next quarter), and for the three yes/no
        signals (``grade_fall``: revenue grade A/B/C fell from last year, as in
        :func:`crmlab.lifecycle.grade_migration`; ``slow_complaint``;
        ``competitor_offer``: an offer recorded this year) the extra probability of
        churn next year that the signal brought in the earlier years,
        :math:`\\max(0, P(\\text{event} \\mid \\text{on}) - P(\\text{event} \\mid \\text{off}))`,
        and 0 when off.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> s = warning_signals(load_world())
    >>> bool(s[list(WARNING_SIGNALS)].le(1).all().all())
    True
    """
    from .lifecycle import churn_features, fit_churn_classifier

    func = "warning_signals"
    check_world(world, func, _WARNING_TABLES)
    check_int(late_days, func, "late_days", low=1)
    check_int(slow_days, func, "slow_days", low=1)
    year = _warning_year(world, year, func, earliest=3)
    flags = _binary_signals(world, year, slow_days=slow_days)
    history = []
    for y in range(min(world.relationships["year"]) + 1, year):
        out = _outcomes(world, y, late_days).set_index("customer_id")
        past = _binary_signals(world, y, slow_days=slow_days)
        history.append(past.assign(event=out["churn"].reindex(past.index)))
    history = pd.concat(history)
    signals = pd.DataFrame(index=flags.index)
    for name in flags.columns:
        on = history[name]
        lift = history.loc[on, "event"].mean() - history.loc[~on, "event"].mean() \
            if on.any() and (~on).any() else 0.0
        signals[name] = np.where(flags[name], max(0.0, float(lift)), 0.0)
    table = churn_features(world)
    table = table[table["year"] <= year]
    churn = fit_churn_classifier(table, list(_CHURN_PREDICTORS), "churn_next_year",
                                 f"{year}-12-31")
    rows = table.loc[churn.scores.index]
    risk = pd.Series(churn.scores["logistic"].to_numpy(), index=rows["customer_id"].to_numpy())
    payment = fit_payment_warning(world, f"{year + 1}-01-01", late_days=late_days).scored
    first = payment[payment["quarter"] == pd.Timestamp(year=year + 1, month=1, day=1)]
    arrears = first.set_index("customer_id")["risk"]
    manager = world.customers.set_index("customer_id")["account_manager"]
    out = pd.DataFrame({"account_manager": manager.reindex(signals.index).to_numpy(),
                        "customer_id": signals.index.to_numpy(),
                        "churn_risk": risk.reindex(signals.index).fillna(0.0).to_numpy(),
                        "arrears_risk": arrears.reindex(signals.index).fillna(0.0).to_numpy(),
                        **{c: signals[c].to_numpy() for c in flags.columns}})
    return out[["account_manager", "customer_id", *WARNING_SIGNALS]].sort_values(
        ["account_manager", "customer_id"]).reset_index(drop=True)
