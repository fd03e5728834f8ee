"""Supplier choice: the conditional logit, willingness to pay and what-if shares."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._mle import check_fit, statsmodels_silenced
from .._numeric import weighted_sum
from .._validate import check_choice, check_columns, check_number
from ._checks import (CHOICE_GROUP, COST_PARTS, VALUE_PARTS, _choice_sets, _chosen,
                      _names, _numeric, _softmax)

__all__ = ['ChoiceModel', 'fit_choice', 'simulate_shares']


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
        return pd.Series(weighted_sum(x, self.params.to_numpy()), index=data.index, name="utility")

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
    fitted by statsmodels' ``ConditionalLogit`` with the choice sets as groups, by BFGS
    to a gradient below 1e-9 (every printed digit converged). A fit whose likelihood is
    flat or still rising at the estimate (an attribute that always wins) warns.
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
    with statsmodels_silenced():
        res = ConditionalLogit(y, pd.DataFrame(x, columns=attrs), groups=codes).fit(
            method="bfgs", disp=False, maxiter=1000, gtol=1e-9)
    check_fit(func, res, attrs, advice="A weight that runs away usually means an attribute "
                                       "that always (or never) wins the choice: drop it or "
                                       "collect more varied choice sets")
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
    prob = _softmax(weighted_sum(x, params.to_numpy()), codes)
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
