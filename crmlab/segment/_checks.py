"""Input checks shared by the segmentation functions."""
from __future__ import annotations

import numpy as np
import pandas as pd


__all__ = []


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
