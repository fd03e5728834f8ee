"""Input checks shared by every public function.

Each helper raises ``ValueError`` (or ``TypeError`` for a wrong type) with a
message that names the calling function, the argument and what was expected.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd


def as_generator(seed) -> np.random.Generator:
    """Turn ``seed`` (None, int or Generator) into a ``numpy.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
        if seed is not None and seed < 0:
            raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
        return np.random.default_rng(seed)
    raise TypeError(f"seed must be None, an int or a numpy Generator; got {type(seed).__name__}")


def check_frame(data, func: str, arg: str = "data") -> pd.DataFrame:
    """Require a pandas DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{func}: {arg} must be a pandas DataFrame; got {type(data).__name__}")
    return data


def check_columns(data: pd.DataFrame, columns: Iterable[str], func: str, arg: str = "data") -> None:
    """Require every name in ``columns`` to be a column of ``data``."""
    check_frame(data, func, arg)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ValueError(
            f"{func}: column {names} not in {arg}; available: {list(map(str, data.columns))}"
        )


def check_numeric(data: pd.DataFrame, columns: Iterable[str], func: str, arg: str = "data", *,
                  missing: bool = False) -> None:
    """Require numeric (not bool) columns of finite numbers.

    Missing values raise, unless ``missing=True`` (a chart leaves such a cell blank);
    then a column must still have one value.
    """
    columns = list(columns)
    check_columns(data, columns, func, arg)
    for column in columns:
        series = data[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            raise TypeError(f"{func}: column {column!r} of {arg} must be numeric; got {series.dtype}")
        values = series.to_numpy(dtype=float, na_value=np.nan)
        absent = int(np.isnan(values).sum())
        if absent and not missing:
            raise ValueError(f"{func}: column {column!r} of {arg} must have no missing values; got "
                             f"{absent} of {len(values)}; fill or drop them first")
        if absent == len(values):
            raise ValueError(f"{func}: column {column!r} of {arg} must have values; got "
                             f"{'no rows' if not absent else 'only missing values'}")
        if np.isinf(values).any():
            raise ValueError(f"{func}: column {column!r} of {arg} must be finite numbers; got "
                             f"{int(np.isinf(values).sum())} infinite values")


def check_rows(data: pd.DataFrame, func: str, arg: str = "data", low: int = 1) -> None:
    """Require at least ``low`` rows."""
    if len(data) < low:
        raise ValueError(f"{func}: {arg} must have at least {low} row{'s' * (low > 1)}; got "
                         f"{len(data)}")


def check_path(value, func: str, arg: str) -> Path:
    """Require a file or folder path: a string or an ``os.PathLike`` such as ``Path``."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{func}: {arg} must be a path (a str or pathlib.Path); got "
                        f"{type(value).__name__}")
    return Path(value)


def check_array(values, func: str, arg: str) -> np.ndarray:
    """Require numbers given as a list, array, Series or one number; a flat float array."""
    if values is None or isinstance(values, (str, bytes, dict, pd.DataFrame)):
        raise TypeError(f"{func}: {arg} must be numbers (a list, array or Series); got "
                        f"{type(values).__name__}")
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{func}: {arg} must be numbers (a list, array or Series); got "
                        f"{values!r:.80}") from exc


def check_choice(value, options: Iterable, func: str, arg: str):
    """Require ``value`` to be one of ``options``."""
    options = list(options)
    if value not in options:
        raise ValueError(f"{func}: {arg} must be one of {options}; got {value!r}")
    return value


def check_int(value, func: str, arg: str, *, low: int | None = None, high: int | None = None) -> int:
    """Require an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{func}: {arg} must be an integer; got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{func}: {arg} must be {bounds}; got {value!r}")
    return int(value)


def check_number(value, func: str, arg: str, *, low: float | None = None,
                 high: float | None = None) -> float:
    """Require a finite real number in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise TypeError(f"{func}: {arg} must be a finite number; got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{func}: {arg} must be in [{low}, {high}]; got {value!r}")
    return float(value)


def check_date(value, func: str, arg: str) -> pd.Timestamp:
    """Parse a date given as a string, date or Timestamp."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{func}: {arg} must be a date such as '2019-01-01'; got {value!r}") from exc
    if pd.isna(stamp):
        raise ValueError(f"{func}: {arg} must be a date such as '2019-01-01'; got {value!r}")
    return stamp.normalize()


def check_world(world, func: str, tables: dict, arg: str = "world"):
    """Require a crmlab ``World`` whose tables have the columns ``func`` reads.

    ``tables`` maps a table name to the columns read from it, e.g.
    ``{"orders": ["customer_id", "date"], "customers": ["customer_id"]}``. The name
    ``"truth"`` stands for the generating truth (a dict, only in a world crmlab made; a
    firm's own archive has none) and its list for the keys read from it.
    """
    from .datasets._world import World  # here, not on top: the datasets import this module

    if not isinstance(world, World):
        raise TypeError(f"{func}: {arg} must be a crmlab World, from crmlab.datasets.load_world() "
                        f"or make_world(); got {type(world).__name__}")
    for name, columns in tables.items():
        table = getattr(world, name, None)
        if name == "truth":
            keys = list(table) if isinstance(table, dict) else []
            missing = [k for k in columns if k not in keys]
            if missing:
                got = f"keys {keys}" if isinstance(table, dict) else type(table).__name__
                raise ValueError(f"{func}: {arg}.truth must hold {missing}, the generating truth "
                                 f"that only a world made by crmlab carries; got {got}")
            continue
        if not isinstance(table, pd.DataFrame):
            raise ValueError(f"{func}: {arg}.{name} must be the archive's {name} table "
                             f"(a DataFrame); got {type(table).__name__}")
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ValueError(f"{func}: {arg}.{name} lacks column {', '.join(map(repr, missing))}; "
                             f"available: {list(map(str, table.columns))}")
    return world


def world_cost_rates(world, cost_rates, func: str, example: str) -> dict:
    """The caller's activity cost rates, or the world's true ones when ``cost_rates`` is None.

    A firm's own archive has no truth: there the caller must give the rates of its costing
    study; ``example`` shows the expected form in the error.
    """
    if cost_rates is not None and not isinstance(cost_rates, Mapping):
        raise TypeError(f"{func}: cost_rates must be a mapping of activity to CNY per unit; "
                        f"got {type(cost_rates).__name__}")
    if cost_rates is not None:
        return dict(cost_rates)
    try:
        return dict(world.truth["params"]["activities"]["cost_rates_cny"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{func}: cost_rates must be given for a world without truth (a "
                         f"firm's own archive); pass cost_rates={example}; got None") from exc
