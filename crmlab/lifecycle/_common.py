"""Shared pieces of crmlab.lifecycle: the stage names, period codes and input checks."""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STAGES", "DAYS_PER_YEAR"]


#: The lifecycle stages (客户生命周期阶段) that lifecycle_stage assigns, in order; "lapsed"
#: marks a year without orders.
STAGES = ("initial", "development", "mature", "decline", "lapsed")
PERIOD = {"YE": "Y", "QE": "Q", "ME": "M"}
#: Days in a year, for turning day counts into years.
DAYS_PER_YEAR = 365.25


def _numeric(data, column, func, *, nonnegative=False):
    values = data[column]
    if values.dtype == bool:
        values = values.astype(float)
    if not pd.api.types.is_numeric_dtype(values):
        raise TypeError(f"{func}: column {column!r} must be numeric; got {values.dtype}")
    values = values.astype(float)
    if values.isna().any() or not np.isfinite(values).all():
        bad = int((~np.isfinite(values)).sum())
        raise ValueError(f"{func}: column {column!r} has {bad} missing or infinite values; "
                         f"drop or fill them first")
    if nonnegative and (values < 0).any():
        raise ValueError(f"{func}: column {column!r} has negative durations "
                         f"({int((values < 0).sum())} rows); durations must be >= 0")
    return values.to_numpy()


def _binary(data, column, func):
    values = data[column]
    ok = values.isin([0, 1, True, False]) & values.notna()
    if not ok.all():
        bad = values[~ok].unique()[:5].tolist()
        raise ValueError(f"{func}: column {column!r} must hold events coded 0/1 (or False/True); "
                         f"found {bad}")
    return values.astype(int).to_numpy()


def _dates(data, column, func):
    if not pd.api.types.is_datetime64_any_dtype(data[column]):
        raise TypeError(f"{func}: column {column!r} must hold dates (datetime64); got "
                        f"{data[column].dtype}; convert it with pd.to_datetime")
    if data[column].isna().any():
        raise ValueError(f"{func}: column {column!r} has missing dates")
    return data[column]
