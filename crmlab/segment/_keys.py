"""Integer codes for the keys of large tables (customer and order ids).

String keys live in NumPy object arrays, so every hash lookup reads a Python
object. In an order book the lines of one order, and often the orders of one
customer, sit next to each other: comparing each row with the one before finds
these runs, and only the first row of a run is looked up. Results never depend
on the rows being in runs; they only get faster when they are.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__: list[str] = []


def _changes(values: np.ndarray) -> np.ndarray | None:
    """True where a value differs from the one before, and at row 0; None if not comparable."""
    new = np.ones(len(values), dtype=bool)
    try:
        np.not_equal(values[1:], values[:-1], out=new[1:])
    except TypeError:  # pd.NA and other values without a truth value
        return None
    return new


def _run_starts(values: np.ndarray) -> np.ndarray | None:
    """Where runs of equal object values start; None when runs do not pay (or cannot be found)."""
    new = _changes(values) if values.dtype == object else None
    if new is None:
        return None
    starts = np.flatnonzero(new)
    return starts if len(starts) <= 0.9 * len(values) else None


def _spread(head_codes: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    return np.repeat(head_codes, np.diff(np.append(starts, n)))


def key_codes(values: np.ndarray, keys: pd.Index) -> np.ndarray:
    """Position of each value in ``keys``, -1 where absent: ``keys.get_indexer(values)``."""
    starts = _run_starts(values)
    if starts is None:
        return keys.get_indexer(values)
    return _spread(keys.get_indexer(values[starts]), starts, len(values))


def factorize_keys(keys: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes into the sorted distinct keys, -1 for missing: ``pd.factorize(keys, sort=True)``."""
    values = keys.to_numpy()
    starts = None if isinstance(keys.dtype, pd.CategoricalDtype) else _run_starts(values)
    if starts is None:
        codes, uniques = pd.factorize(keys, sort=True)
        return codes, pd.Index(uniques)
    head_codes, uniques = pd.factorize(values[starts], sort=True)
    return _spread(head_codes, starts, len(values)), pd.Index(uniques, dtype=keys.dtype)


def distinct_per_group(codes: np.ndarray, n_groups: int,
                       values: np.ndarray) -> tuple[np.ndarray, bool]:
    """Distinct non-missing ``values`` per group (``groupby(codes)[...].nunique()``), and
    whether any value is missing.

    ``codes`` give each row's group, 0 to ``n_groups - 1``. A run of rows with one
    group and one value counts once, at its first row. When no value starts two
    runs (the lines of an order sit together), counting runs is the answer;
    otherwise the distinct (group, value) pairs of the runs are counted exactly.
    """
    new = _changes(values) if values.dtype == object else None
    if new is None:  # numbers and dates are cheap to factorize; missing values get -1
        values = pd.factorize(values)[0]
        new = _changes(values)
    new[1:] |= codes[1:] != codes[:-1]
    heads = np.flatnonzero(new)
    head_values, head_groups = values[heads], codes[heads]
    present = ~pd.isna(head_values) if values.dtype == object else head_values >= 0
    missing = not present.all()
    if missing:
        head_values, head_groups = head_values[present], head_groups[present]
    if values.dtype == object:  # equal values have equal hashes, so distinct hashes suffice
        fingerprint = np.fromiter(map(hash, head_values), dtype=np.int64, count=len(head_values))
    else:
        fingerprint = head_values
    fingerprint = np.sort(fingerprint)
    if not (fingerprint[1:] == fingerprint[:-1]).any():
        return np.bincount(head_groups, minlength=n_groups), missing
    value_codes, uniques = pd.factorize(head_values)
    pairs = np.unique(head_groups.astype(np.int64) * len(uniques) + value_codes)
    return np.bincount(pairs // len(uniques), minlength=n_groups), missing
