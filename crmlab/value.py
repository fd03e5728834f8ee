"""Customer delivered value (客户让渡价值), competitive position and supplier choice.

Kotler's customer delivered value is total customer value (product, service,
personnel and image value) minus total customer cost (monetary, time, energy and
physical cost). A customer buys from the supplier that delivers it the most. This
module measures delivered value against competitors from a value audit, estimates
from observed choices which parts drive that choice (a conditional logit), turns
the estimates into willingness to pay, simulates what-if changes in shares, and
prices the two levers a supplier has: adding value or cutting price.

Functions
---------
delivered_value       total value, total cost, their difference and ratio per row
competitive_position  our delivered value against the best competitor, part by part
fit_choice            conditional logit of the chosen supplier on the value and cost parts
simulate_shares       predicted choice shares after a what-if change, beside the baseline
share_of_wallet       our share of each surveyed customer's purchases, with our revenue
service_economics     revenue, gross profit and service cost per customer and year
compare_levers        what winning share costs by raising service value or by cutting price
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._validate import check_choice, check_columns, check_frame, check_number

__all__ = ["VALUE_PARTS", "COST_PARTS", "AUDIT_SCALE", "CHOICE_GROUP", "SERVICE_ACTIVITIES",
           "delivered_value", "competitive_position", "ChoiceModel", "fit_choice",
           "simulate_shares", "share_of_wallet", "service_economics", "compare_levers"]

VALUE_PARTS = ("product_value", "service_value", "personnel_value", "image_value")
COST_PARTS = ("monetary_cost", "time_cost", "energy_cost", "physical_cost")
CHOICE_GROUP = ("customer_id", "year")
# Weights that put the value audit's parts on one 0-10 scale: the price is an index
# (market = 100), so 10 index points count as one scale point.
AUDIT_SCALE = MappingProxyType({"monetary_cost": 0.1})
SERVICE_ACTIVITIES = ("visits", "support_hours")


# --------------------------------------------------------------------------------------------
# Input checks shared by the functions below
# --------------------------------------------------------------------------------------------
def _names(value, func: str, arg: str) -> list[str]:
    """A column name or a sequence of them, as a non-empty list without repeats."""
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) \
        else None
    if not names or not all(isinstance(n, str) for n in names):
        raise TypeError(f"{func}: {arg} must be a column name or a list of column names; "
                        f"got {value!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{func}: {arg} names a column twice: {names}")
    return names


def _numeric(data: pd.DataFrame, columns, func: str) -> None:
    for c in columns:
        if not pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]):
            raise TypeError(f"{func}: column {c!r} must be numeric; got {data[c].dtype}")
        if data[c].isna().any():
            raise ValueError(f"{func}: column {c!r} has {int(data[c].isna().sum())} missing "
                             f"values; fill or drop those rows first")


def _first_set(data: pd.DataFrame, group: list[str], rows) -> str:
    """The group key of the first of ``rows``, for an error message."""
    key = tuple(v.item() if isinstance(v, np.generic) else v
                for v in data.loc[rows, group].iloc[0])
    return repr(key if len(key) > 1 else key[0])


def _choice_sets(data: pd.DataFrame, group: list[str], func: str) -> np.ndarray:
    """Integer code of each row's choice set; every set needs two alternatives or more."""
    check_columns(data, group, func)
    if data.empty:
        raise ValueError(f"{func}: data has no rows")
    for c in group:
        if data[c].isna().any():
            raise ValueError(f"{func}: group column {c!r} has missing values")
    codes = data.groupby(group, sort=False, observed=True).ngroup().to_numpy()
    sizes = np.bincount(codes)
    if (sizes < 2).any():
        first = _first_set(data, group, codes == np.flatnonzero(sizes < 2)[0])
        raise ValueError(f"{func}: {int((sizes < 2).sum())} choice sets have a single "
                         f"alternative (for example {first}); a choice needs at least two "
                         f"suppliers")
    return codes


def _weights(weights, parts: list[str], func: str) -> pd.Series:
    """Importance weight of each part: 1 unless ``weights`` says otherwise."""
    out = pd.Series(1.0, index=parts)
    if weights is None:
        return out
    if not isinstance(weights, (Mapping, pd.Series)):
        raise TypeError(f"{func}: weights must be None or a dict / Series part -> weight; "
                        f"got {type(weights).__name__}")
    unknown = [k for k in weights.keys() if k not in parts]
    if unknown:
        raise ValueError(f"{func}: weights name parts {unknown} that are neither value nor "
                         f"cost parts; parts: {parts}")
    for k, w in weights.items():
        out[k] = check_number(w, func, f"weights[{k!r}]")
        if out[k] < 0:
            raise ValueError(f"{func}: weights[{k!r}] is negative ({w!r}); cost parts are "
                             f"already subtracted, so give every weight as a positive number "
                             f"(for a choice coefficient, its absolute value)")
    return out


def _softmax(utility: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Logit probabilities of alternatives within their choice sets."""
    top = np.full(codes.max() + 1, -np.inf)
    np.maximum.at(top, codes, utility)
    e = np.exp(utility - top[codes])
    return e / np.bincount(codes, weights=e)[codes]


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
    _numeric(data, values + costs, func)
    negative = [c for c in costs if (data[c] < 0).any()]
    if negative:
        raise ValueError(f"{func}: cost parts {negative} have negative values; a cost is what "
                         f"the customer gives up and cannot be below zero")
    w = _weights(weights, values + costs, func)
    out = data.copy()
    out["total_value"] = data[values].to_numpy(float) @ w[values].to_numpy()
    out["total_cost"] = data[costs].to_numpy(float) @ w[costs].to_numpy()
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
    dv = delivered_value(data, value_parts, cost_parts, weights)
    values, costs = _names(value_parts, func, "value_parts"), _names(cost_parts, func, "cost_parts")
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


def _chosen(data: pd.DataFrame, choice: str, codes: np.ndarray, keys: list[str],
            func: str) -> np.ndarray:
    """Row position of the chosen alternative of each choice set; exactly one per set."""
    col = data[choice]
    if col.isna().any() or not (pd.api.types.is_bool_dtype(col)
                                or (pd.api.types.is_numeric_dtype(col) and col.isin([0, 1]).all())):
        raise TypeError(f"{func}: column {choice!r} must be boolean (or 0/1) without missing "
                        f"values; got {col.dtype}")
    flag = col.to_numpy().astype(bool)
    count = np.bincount(codes, weights=flag, minlength=codes.max() + 1)
    for bad, what in ((count == 0, "no chosen alternative"),
                      (count > 1, "more than one chosen alternative")):
        if bad.any():
            first = _first_set(data, keys, codes == np.flatnonzero(bad)[0])
            raise ValueError(f"{func}: {int(bad.sum())} choice sets have {what} (for example "
                             f"{first}); each needs exactly one row with {choice} = True")
    rows = np.flatnonzero(flag)
    out = np.empty(codes.max() + 1, dtype=np.int64)
    out[codes[rows]] = rows
    return out


# --------------------------------------------------------------------------------------------
# Supplier choice
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ChoiceModel:
    """A fitted conditional logit of supplier choice (see :func:`fit_choice`).

    Attributes
    ----------
    params, bse : Series
        Coefficients (utility per unit of each attribute) and their standard errors.
    conf_int : DataFrame
        ``lower`` and ``upper`` bounds at level ``1 - alpha``.
    cov : DataFrame
        Covariance matrix of the coefficients.
    wtp : DataFrame or None
        Willingness to pay per attribute: ``wtp``, ``se``, ``lower``, ``upper``, in
        units of ``price`` per unit of the attribute; None without ``price``.
    loglik, loglik_null : float
        Log-likelihood of the model and of equal shares within each choice set.
    hit_rate : float
        Share of choice sets whose most probable alternative is the chosen one.
    n_sets, n_rows : int
        Choice sets and alternatives (rows) used.
    attributes, group : tuple of str
    choice, price : str, str or None
    alpha : float
    fit : statsmodels ConditionalResults
        The underlying statsmodels result (``fit.summary()`` for its table).
    """

    params: pd.Series
    bse: pd.Series
    conf_int: pd.DataFrame
    cov: pd.DataFrame
    wtp: pd.DataFrame | None
    loglik: float
    loglik_null: float
    hit_rate: float
    n_sets: int
    n_rows: int
    attributes: tuple
    group: tuple
    choice: str
    price: str | None
    alpha: float
    fit: object = field(repr=False)

    @property
    def pseudo_r2(self) -> float:
        """McFadden's pseudo R²: 1 − loglik / loglik_null."""
        return 1 - self.loglik / self.loglik_null

    def summary(self) -> pd.DataFrame:
        """Coefficients with standard errors, z, p-values and interval bounds."""
        from scipy import stats

        z = self.params / self.bse
        return pd.DataFrame({"coef": self.params, "std_err": self.bse, "z": z,
                             "p_value": 2 * stats.norm.sf(np.abs(z)),
                             "lower": self.conf_int["lower"], "upper": self.conf_int["upper"]})

    def utility(self, data: pd.DataFrame) -> pd.Series:
        """Systematic utility of each row: the attributes times their coefficients."""
        check_columns(data, self.attributes, "ChoiceModel.utility")
        _numeric(data, self.attributes, "ChoiceModel.utility")
        x = data[list(self.attributes)].to_numpy(float)
        return pd.Series(x @ self.params.to_numpy(), index=data.index, name="utility")

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Choice probability of each row within its choice set (they sum to one per set)."""
        codes = _choice_sets(data, list(self.group), "ChoiceModel.predict")
        u = self.utility(data).to_numpy()
        return pd.Series(_softmax(u, codes), index=data.index, name="probability")


def fit_choice(data: pd.DataFrame, choice: str = "chosen", attributes=VALUE_PARTS + COST_PARTS,
               group=CHOICE_GROUP, *, price: str | None = "monetary_cost",
               alpha: float = 0.05) -> ChoiceModel:
    """Conditional logit of the chosen supplier on the value and cost parts.

    Parameters
    ----------
    data : DataFrame
        One row per customer (choice set) and supplier, e.g. ``world.value_audit``.
    choice : str, default="chosen"
        Boolean (or 0/1) column: exactly one chosen row per choice set.
    attributes : sequence of str, default=VALUE_PARTS + COST_PARTS
        Numeric columns that enter utility; each must vary within some choice set.
    group : str or list of str, default=("customer_id", "year")
        Columns that identify a choice set.
    price : str or None, default="monetary_cost"
        The attribute in money units; willingness to pay is measured in it.
    alpha : float, default=0.05
        Intervals are at level ``1 - alpha``.

    Returns
    -------
    ChoiceModel
        Frozen result with ``params``, ``bse``, ``conf_int``, ``wtp``, ``hit_rate``,
        ``summary()`` and ``predict(data)``.

    Notes
    -----
    Customer :math:`i` chooses supplier :math:`j` with probability

    .. math:: P_{ij} = \\frac{\\exp(\\beta^\\top x_{ij})}{\\sum_k \\exp(\\beta^\\top x_{ik})}

    (McFadden 1974; Train, *Discrete Choice Methods with Simulation*, 2009, ch. 3),
    fitted by statsmodels' ``ConditionalLogit`` with the choice sets as groups.
    Anything constant within a choice set drops out, so there is no intercept.
    Willingness to pay for one more unit of attribute :math:`k` is the price change
    that leaves utility unchanged, :math:`WTP_k = -\\beta_k / \\beta_{price}`, with a
    delta-method standard error. With the audit's price index (market = 100) it is
    in index points, i.e. about percent of the market price. It is positive for a
    value part and negative for a cost part (customers pay to have less of it).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> world = make_world(n_customers=150, seed=3)
    >>> model = fit_choice(world.value_audit)
    >>> bool(model.wtp.loc["service_value", "wtp"] > 0)
    True
    """
    from scipy import stats

    func = "fit_choice"
    attrs = _names(attributes, func, "attributes")
    keys = _names(group, func, "group")
    if not isinstance(choice, str):
        raise TypeError(f"{func}: choice must be a column name; got {choice!r}")
    check_columns(data, attrs + keys + [choice], func)
    if price is not None:
        check_choice(price, attrs, func, "price")
    check_number(alpha, func, "alpha", low=0, high=1)
    if not 0 < alpha < 1:
        raise ValueError(f"{func}: alpha must be strictly between 0 and 1; got {alpha!r}")
    _numeric(data, attrs, func)
    codes = _choice_sets(data, keys, func)
    chosen_rows = _chosen(data, choice, codes, keys, func)
    x = data[attrs].to_numpy(float)
    set_mean = np.stack([np.bincount(codes, weights=x[:, k]) for k in range(len(attrs))], 1) \
        / np.bincount(codes)[:, None]
    flat = np.all(np.isclose(x, set_mean[codes]), axis=0)
    if flat.any():
        bad = [a for a, f in zip(attrs, flat) if f]
        raise ValueError(f"{func}: attributes {bad} are constant within every choice set; a "
                         f"conditional logit cannot estimate their weight (drop them)")
    n_sets = int(codes.max() + 1)
    if n_sets <= len(attrs):
        raise ValueError(f"{func}: {n_sets} choice sets cannot identify {len(attrs)} "
                         f"coefficients; collect more choices")
    from statsmodels.discrete.conditional_models import ConditionalLogit

    y = np.zeros(len(data))
    y[chosen_rows] = 1.0
    res = ConditionalLogit(y, pd.DataFrame(x, columns=attrs), groups=codes).fit(
        disp=False, maxiter=1000)
    params = pd.Series(np.asarray(res.params), index=attrs, name="coef")
    cov = pd.DataFrame(np.asarray(res.cov_params()), index=attrs, columns=attrs)
    bse = pd.Series(np.sqrt(np.diag(cov)), index=attrs, name="std_err")
    q = stats.norm.ppf(1 - alpha / 2)
    ci = pd.DataFrame({"lower": params - q * bse, "upper": params + q * bse})
    wtp = None
    if price is not None:
        others = [a for a in attrs if a != price]
        b_p = params[price]
        value = -params[others] / b_p
        se = pd.Series([np.sqrt(np.array([-1 / b_p, params[a] / b_p**2])
                                @ cov.loc[[a, price], [a, price]].to_numpy()
                                @ np.array([-1 / b_p, params[a] / b_p**2])) for a in others],
                       index=others)
        wtp = pd.DataFrame({"wtp": value, "se": se, "lower": value - q * se,
                            "upper": value + q * se})
        wtp.index.name = f"{price} per unit"
    prob = _softmax(x @ params.to_numpy(), codes)
    top = pd.Series(prob).groupby(codes).idxmax().to_numpy()
    return ChoiceModel(
        params=params, bse=bse, conf_int=ci, cov=cov, wtp=wtp, loglik=float(res.llf),
        loglik_null=float(-np.log(np.bincount(codes)).sum()),
        hit_rate=float(np.mean(top == chosen_rows)), n_sets=n_sets, n_rows=len(data),
        attributes=tuple(attrs), group=tuple(keys), choice=choice, price=price,
        alpha=float(alpha), fit=res)


def simulate_shares(result: ChoiceModel, data: pd.DataFrame, change, *, supplier: str = "ours",
                    supplier_col: str = "supplier", relative: bool = False) -> pd.DataFrame:
    """Predicted choice shares after a what-if change for one supplier, beside the baseline.

    Parameters
    ----------
    result : ChoiceModel
        From :func:`fit_choice`.
    data : DataFrame
        The choice sets to simulate, with the model's attributes and group columns.
    change : dict
        Attribute -> change for ``supplier``'s rows, e.g. ``{"service_value": 1}``
        or ``{"monetary_cost": -5}`` (five index points cheaper).
    supplier : str, default="ours"
        Whose attributes change.
    supplier_col : str, default="supplier"
        Column naming the supplier of each row.
    relative : bool, default=False
        Read the changes as proportions: ``{"monetary_cost": -0.05}`` is 5 % cheaper.

    Returns
    -------
    DataFrame
        One row per row of ``data``: the group columns, the supplier, ``baseline`` and
        ``scenario`` (choice probabilities, each summing to one per choice set) and
        ``change`` (scenario minus baseline).

    Notes
    -----
    The logit extrapolates linearly in utility: keep changes inside the range the
    data cover (value parts stay on their 0-10 scale). A change that makes a
    non-negative column negative is refused.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> world = make_world(n_customers=150, seed=3)
    >>> model = fit_choice(world.value_audit)
    >>> sim = simulate_shares(model, world.value_audit, {"service_value": 1.0})
    >>> ours = sim[sim["supplier"] == "ours"]
    >>> bool(ours["scenario"].mean() > ours["baseline"].mean())
    True
    """
    func = "simulate_shares"
    if not isinstance(result, ChoiceModel):
        raise TypeError(f"{func}: result must be a ChoiceModel from fit_choice; "
                        f"got {type(result).__name__}")
    if not isinstance(change, Mapping) or not change:
        raise TypeError(f"{func}: change must be a non-empty dict attribute -> change, e.g. "
                        f"{{'service_value': 1}}; got {change!r}")
    unknown = [k for k in change if k not in result.attributes]
    if unknown:
        raise ValueError(f"{func}: change names {unknown}, not attributes of the model; "
                         f"attributes: {list(result.attributes)}")
    check_columns(data, [supplier_col], func)
    names = data[supplier_col].astype(str)
    if supplier not in set(names):
        raise ValueError(f"{func}: supplier {supplier!r} not in column {supplier_col!r}; "
                         f"suppliers: {sorted(set(names))}")
    baseline = result.predict(data)
    mask = (names == supplier).to_numpy()
    changed = data.copy()
    for attr, delta in change.items():
        delta = check_number(delta, func, f"change[{attr!r}]")
        before = changed[attr].to_numpy(float)
        after = np.where(mask, before * (1 + delta) if relative else before + delta, before)
        if (before >= 0).all() and (after < 0).any():
            raise ValueError(f"{func}: the change makes {attr!r} negative for "
                             f"{int((after < 0).sum())} rows; a part cannot fall below zero")
        changed[attr] = after
    out = data[list(result.group) + [supplier_col]].copy()
    out["baseline"] = baseline
    out["scenario"] = result.predict(changed)
    out["change"] = out["scenario"] - out["baseline"]
    return out


# --------------------------------------------------------------------------------------------
# Share of wallet and the economics of the two levers
# --------------------------------------------------------------------------------------------
def _world_tables(world, names, func: str) -> None:
    missing = [n for n in names if not isinstance(getattr(world, n, None), pd.DataFrame)]
    if missing:
        raise TypeError(f"{func}: world must be a crmlab World (crmlab.datasets.load_world()); "
                        f"this {type(world).__name__} has no table {missing}")


def _revenue_by_year(orders: pd.DataFrame) -> pd.DataFrame:
    year = orders["date"].dt.year.rename("year")
    return (orders.groupby([orders["customer_id"], year])[["net_revenue", "gross_profit"]].sum()
            .rename(columns={"net_revenue": "revenue"}))


def share_of_wallet(world) -> pd.DataFrame:
    """Customer share (客户占有率): the share of each customer's purchases made with us.

    Parameters
    ----------
    world : World
        From :func:`crmlab.datasets.load_world`; uses ``value_audit`` and ``orders``.

    Returns
    -------
    DataFrame
        One row per surveyed customer and year: ``customer_id``, ``year``,
        ``share_of_wallet`` (the customer's stated share with us, from the value
        audit), ``main_supplier`` (we are its main supplier), ``revenue`` (our net
        revenue from the customer that calendar year, from the order book; 0 without
        orders) and ``implied_wallet`` (revenue / share: the customer's whole spend in
        our categories that the two imply; missing when the share is 0).

    Notes
    -----
    Share of wallet is observable only where the customer tells us, here in the
    yearly value audit. The order book gives our revenue but not the customer's
    spend with competitors (its potential is hidden), so it cannot give the share on
    its own. The world's true share for every active customer-year is in
    ``world.truth_frame("customer_years")["share_of_wallet"]``; where the customer
    was surveyed it equals the audit's figure. In the world the expected share
    equals the choice probability of the logit, so a fitted choice model predicts
    share of wallet.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> sow = share_of_wallet(make_world(n_customers=60, seed=1))
    >>> bool(sow["share_of_wallet"].between(0, 1).all())
    True
    """
    _world_tables(world, ("value_audit", "orders"), "share_of_wallet")
    va = world.value_audit
    ours = va.loc[va["supplier"].astype(str) == "ours",
                  ["customer_id", "year", "share_of_wallet", "chosen"]]
    out = ours.rename(columns={"chosen": "main_supplier"}).reset_index(drop=True)
    revenue = _revenue_by_year(world.orders)["revenue"]
    out["revenue"] = revenue.reindex(pd.MultiIndex.from_frame(out[["customer_id", "year"]])
                                     ).fillna(0.0).to_numpy()
    out["implied_wallet"] = out["revenue"] / out["share_of_wallet"].where(
        out["share_of_wallet"] > 0)
    return out


def service_economics(world) -> pd.DataFrame:
    """Revenue, gross profit and the cost of the service effort per customer and year.

    Parameters
    ----------
    world : World
        Uses ``orders``, ``activities`` and the activity cost rates in
        ``world.truth["params"]["activities"]["cost_rates_cny"]`` (what the firm's
        accounting would know).

    Returns
    -------
    DataFrame
        One row per active customer-year (the rows of ``activities``):
        ``customer_id``, ``year``, ``revenue`` and ``gross_profit`` (CNY, from the
        order book; 0 without orders), ``visits``, ``support_hours`` and
        ``service_cost`` (visits and support hours at their cost rates, CNY).

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> econ = service_economics(make_world(n_customers=60, seed=1))
    >>> bool((econ["service_cost"] >= 0).all())
    True
    """
    func = "service_economics"
    _world_tables(world, ("orders", "activities"), func)
    rates = world.truth["params"]["activities"]["cost_rates_cny"]
    act = world.activities[["customer_id", "year", *SERVICE_ACTIVITIES]].copy()
    money = _revenue_by_year(world.orders).reindex(
        pd.MultiIndex.from_frame(act[["customer_id", "year"]])).fillna(0.0)
    act.insert(2, "revenue", money["revenue"].to_numpy())
    act.insert(3, "gross_profit", money["gross_profit"].to_numpy())
    act["service_cost"] = sum(act[a] * rates[a] for a in SERVICE_ACTIVITIES)
    return act.reset_index(drop=True)


def compare_levers(result: ChoiceModel, data: pd.DataFrame, economics: pd.DataFrame, *,
                   service_points: float = 1.0, price_points: float | None = None,
                   supplier: str = "ours", service: str = "service_value",
                   supplier_col: str = "supplier",
                   service_cost_per_point=None) -> pd.DataFrame:
    """What winning share costs: raising our service value or cutting our price.

    Parameters
    ----------
    result : ChoiceModel
        From :func:`fit_choice`, with a ``price`` attribute.
    data : DataFrame
        The choice sets, e.g. ``world.value_audit`` (a year of it).
    economics : DataFrame
        Per choice set (the model's group columns): ``revenue``, ``gross_profit`` and
        ``service_cost`` in CNY, e.g. from :func:`service_economics`.
    service_points : float, default=1.0
        Points of service value added (0-10 scale).
    price_points : float or None, default=None
        Cut in price units (index points); None cuts by the amount customers value
        like ``service_points`` (``service_points`` × WTP), so both levers win the
        same share and only their cost differs.
    supplier, service, supplier_col : str
        Whose levers, the service attribute, and the supplier column.
    service_cost_per_point : float, Series or None, default=None
        Yearly CNY that one more point of service value costs per customer. None
        uses the proportional assumption: ``service_cost`` / our service value,
        i.e. service value rises in proportion to visits and support hours.

    Returns
    -------
    DataFrame
        Rows ``raise service`` and ``cut price``; columns ``change`` (points on the
        lever's own scale), ``share_before`` and ``share_after`` (mean choice
        probability, = expected share of wallet), ``revenue_before``,
        ``revenue_after``, ``lever_cost`` (service spend, or revenue given away by the
        price cut), ``profit_change`` (gross profit after the lever's cost, minus
        before) and ``cost_per_share_point`` (lever cost per percentage point of
        mean share won). Money in CNY, summed over the choice sets in ``data``: pass
        one year of the audit for yearly figures.

    Notes
    -----
    Expected revenue scales with the choice probability: after a change from
    :math:`p_0` to :math:`p_1`, a customer's revenue :math:`R` becomes
    :math:`R\\,p_1/p_0` at old prices and its gross profit :math:`G\\,p_1/p_0`. A
    price cut of :math:`\\Delta` index points is the proportion :math:`k = \\Delta/P`
    of our price index :math:`P`; it gives away :math:`kR\\,p_1/p_0`. Raising service
    by :math:`s` points costs :math:`s` × the cost per point. The world has no true
    cost of service value, so the proportional default is an assumption; vary
    ``service_cost_per_point`` to see when the answer flips.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> world = make_world(n_customers=150, seed=3)
    >>> model = fit_choice(world.value_audit)
    >>> levers = compare_levers(model, world.value_audit, service_economics(world))
    >>> levers.index.tolist()
    ['raise service', 'cut price']
    """
    func = "compare_levers"
    if not isinstance(result, ChoiceModel) or result.price is None:
        raise TypeError(f"{func}: result must be a ChoiceModel fitted with a price attribute")
    check_choice(service, [a for a in result.attributes if a != result.price], func, "service")
    keys = list(result.group)
    check_columns(economics, keys + ["revenue", "gross_profit", "service_cost"], func,
                  "economics")
    _numeric(economics, ["revenue", "gross_profit", "service_cost"], func)
    check_number(service_points, func, "service_points")
    wtp = float(result.wtp.loc[service, "wtp"])
    cut = service_points * wtp if price_points is None else \
        check_number(price_points, func, "price_points")
    check_columns(data, [supplier_col], func)
    mask = (data[supplier_col].astype(str) == supplier).to_numpy()
    if not mask.any():
        raise ValueError(f"{func}: supplier {supplier!r} not in column {supplier_col!r}; "
                         f"suppliers: {sorted(set(data[supplier_col].astype(str)))}")
    p0 = result.predict(data).to_numpy()[mask]
    ours = data.loc[mask, keys + [service, result.price]].reset_index(drop=True)
    if (ours[service] <= 0).any() or (ours[result.price] <= 0).any():
        raise ValueError(f"{func}: {supplier!r} needs a positive {service!r} and "
                         f"{result.price!r} in every choice set")
    econ = economics.set_index(keys)
    if econ.index.duplicated().any():
        raise ValueError(f"{func}: economics has more than one row per {keys}")
    idx = pd.MultiIndex.from_frame(ours[keys]) if len(keys) > 1 else pd.Index(ours[keys[0]])
    missing = ~idx.isin(econ.index)
    if missing.any():
        raise ValueError(f"{func}: economics has no row for {int(missing.sum())} choice sets "
                         f"(for example {idx[np.argmax(missing)]!r})")
    econ = econ.reindex(idx)
    R, G = econ["revenue"].to_numpy(), econ["gross_profit"].to_numpy()
    if service_cost_per_point is None:
        per_point = econ["service_cost"].to_numpy() / ours[service].to_numpy()
    else:
        per_point = np.broadcast_to(np.asarray(service_cost_per_point, float), len(ours))
        if not np.isfinite(per_point).all() or (per_point < 0).any():
            raise ValueError(f"{func}: service_cost_per_point must be finite and not negative")
    cut_share = cut / ours[result.price].to_numpy()  # the price cut as a proportion, k
    rows = {}
    for lever, change in (("raise service", {service: service_points}),
                          ("cut price", {result.price: -cut})):
        p1 = simulate_shares(result, data, change, supplier=supplier,
                             supplier_col=supplier_col)["scenario"].to_numpy()[mask]
        f = p1 / p0  # expected volume after / before
        if lever == "raise service":
            cost = service_points * per_point
            revenue_after, profit_after = R * f, G * f - cost
        else:
            cost = cut_share * R * f
            revenue_after, profit_after = R * f - cost, G * f - cost
        won = 100 * (p1.mean() - p0.mean())
        rows[lever] = dict(change=service_points if lever == "raise service" else -cut,
                           share_before=p0.mean(), share_after=p1.mean(),
                           revenue_before=R.sum(), revenue_after=revenue_after.sum(),
                           lever_cost=cost.sum(), profit_change=profit_after.sum() - G.sum(),
                           cost_per_share_point=cost.sum() / won if won > 0 else np.nan)
    return pd.DataFrame.from_dict(rows, orient="index")
