"""Constants and input checks shared by crmlab.value."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validate import check_columns, check_number

__all__ = ["VALUE_PARTS", "COST_PARTS", "AUDIT_SCALE", "CHOICE_GROUP", "SERVICE_ACTIVITIES"]

#: Kotler's four parts of total customer value, as value-audit columns.
VALUE_PARTS = ("product_value", "service_value", "personnel_value", "image_value")
#: Kotler's four parts of total customer cost, as value-audit columns.
COST_PARTS = ("monetary_cost", "time_cost", "energy_cost", "physical_cost")
#: The columns that identify one customer's choice set in the value audit.
CHOICE_GROUP = ("customer_id", "year")
#: Weights that put the value audit's parts on one 0-10 scale: the price is an index
#: (market = 100), so 10 index points count as one scale point.
AUDIT_SCALE = MappingProxyType({"monetary_cost": 0.1})
#: The activities that deliver service value, from the cost-to-serve table.
SERVICE_ACTIVITIES = ("visits", "support_hours", "proactive_hours")


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
        if np.isinf(data[c].to_numpy(dtype=float)).any():
            raise ValueError(f"{func}: column {c!r} must be finite numbers; got "
                             f"{int(np.isinf(data[c].to_numpy(dtype=float)).sum())} infinite values")


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
