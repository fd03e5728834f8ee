"""Shared input checks."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame


__all__ = []


def _names(value, func: str, arg: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple, pd.Index)) or not value:
        raise TypeError(f"{func}: {arg} must be a column name or a non-empty list of names; "
                        f"got {value!r}")
    return [str(v) for v in value]


def _numeric(data: pd.DataFrame, columns, func: str, scale=None) -> pd.DataFrame:
    """The columns as floats; non-numeric columns and answers outside ``scale`` raise."""
    check_columns(data, columns, func)
    for c in columns:
        if not pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]):
            raise TypeError(f"{func}: column {c!r} must be numeric; got {data[c].dtype}")
    out = data[list(columns)].astype(float)
    infinite = np.isinf(out).any()
    if infinite.any():
        raise ValueError(f"{func}: columns {list(infinite[infinite].index)} must hold finite "
                         f"numbers; got infinite values")
    if scale is not None:
        low, high = scale
        bad = ((out < low) | (out > high)).any()
        if bad.any():
            cols = list(bad[bad].index)
            raise ValueError(f"{func}: answers outside the Likert scale {low}-{high} in columns "
                             f"{cols}; recode them or pass scale=(low, high) (scale=None skips "
                             f"this check)")
    return out


def _items(items, func: str, scale, *, min_items: int = 2) -> tuple[pd.DataFrame, int]:
    """Likert items without respondents who answered none of them, and how many were dropped."""
    check_frame(items, func, "items")
    if items.shape[1] < min_items:
        raise ValueError(f"{func}: items needs at least {min_items} columns (one per item); "
                         f"got {items.shape[1]}")
    X = _numeric(items, list(items.columns), func, scale)
    empty = X.isna().all(axis=1)
    X = X[~empty]
    if len(X) < 3:
        raise ValueError(f"{func}: fewer than 3 respondents answered any item")
    return X, int(empty.sum())


def _check_variance(X: pd.DataFrame, func: str) -> None:
    sd = X.std(ddof=1)
    flat = list(sd[~(sd > 0)].index)
    if flat:
        raise ValueError(f"{func}: items {flat} have zero variance (everyone gave the same "
                         f"answer); drop them, they carry no information")


def _attributes(columns: list[str]) -> list[str]:
    """Attribute names: the columns without their shared prefix ('perceived_product' -> 'product')."""
    if all("_" in c for c in columns):
        prefix = columns[0].split("_", 1)[0] + "_"
        if all(c.startswith(prefix) and len(c) > len(prefix) for c in columns):
            return [c[len(prefix):] for c in columns]
    return list(columns)


def _pairs(data, perceived, expected, func):
    check_frame(data, func)
    perceived, expected = _names(perceived, func, "perceived"), _names(expected, func, "expected")
    if len(perceived) != len(expected):
        raise ValueError(f"{func}: perceived and expected must name the same number of columns; "
                         f"got {len(perceived)} and {len(expected)}")
    P = _numeric(data, perceived, func)
    E = _numeric(data, expected, func)
    return P, E, _attributes(perceived)
