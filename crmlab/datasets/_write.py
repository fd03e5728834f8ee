"""A world written back as a firm's archive: a CSV folder, an Excel workbook or SQLite.

What :func:`read_archive` reads back into the same tables.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import check_choice
from . import _schema as S
from ._archive import _EXCEL, _SQLITE, read_archive  # noqa: F401 (read_archive: doctest)
from ._world import World

__all__ = ["write_archive"]

FORMATS = ("csv", "excel", "sqlite")


def _inverse(columns, world_tables: dict, func) -> dict:
    headers = {name: list(frame.columns) for name, frame in world_tables.items()}
    if columns is None:
        return {}
    if not isinstance(columns, dict):
        raise TypeError(f"{func}: columns must be a dict such as {{'orders': {{'客户编号': "
                        f"'customer_id'}}}}; got {type(columns).__name__}")
    out = {}
    for table, names in headers.items():
        if all(isinstance(v, dict) for v in columns.values()):
            mapping = columns.get(table, {})
        elif all(isinstance(v, str) for v in columns.values()):
            mapping = {h: c for h, c in columns.items() if c in names}
        else:
            raise ValueError(f"{func}: columns must map table names to {{header: column}} "
                             f"dicts, or headers to column names; got {columns!r}")
        for header, column in mapping.items():
            if column not in names:
                raise ValueError(f"{func}: columns maps {header!r} to {column!r}, which is not "
                                 f"a column of {table!r}; columns: {names}")
        out[table] = {c: h for h, c in mapping.items()}
    return out


def _date_text(values: pd.Series):
    fmt = "%Y-%m-%d" if (values.dropna() == values.dropna().dt.normalize()).all() \
        else "%Y-%m-%d %H:%M:%S"
    return values.dt.strftime(fmt).astype(object).where(values.notna(), None)


def _plain(frame: pd.DataFrame, excel: bool) -> pd.DataFrame:
    """A table with text dates (dates as dates for Excel), text categories and 0/1-free bools."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values if excel else _date_text(values)
        elif isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == "boolean" \
                or pd.api.types.is_string_dtype(values):
            out[column] = values.astype(object).where(values.notna(), None)
        else:
            out[column] = values
    return pd.DataFrame(out)


def write_archive(world, path, format: str = "csv", *, columns=None,
                  overwrite: bool = False) -> Path:
    """Write a world's tables as a CSV folder, an Excel workbook or a SQLite file.

    What :func:`read_archive` reads back into the same tables; a student can open it
    in a spreadsheet or a database browser, and a researcher sees the shape their own
    export should have.

    Parameters
    ----------
    world : World
        Any world: generated (:func:`make_world`, :func:`load_world`) or read.
    path : str or Path
        A folder (csv), a ``.xlsx`` file (excel) or a ``.sqlite`` / ``.db`` file (sqlite).
    format : {"csv", "excel", "sqlite"}, default="csv"
        CSV files are UTF-8 with a byte-order mark (so Excel shows Chinese headers), dates
        as ``YYYY-MM-DD``; Excel has one sheet per table, dates as dates; SQLite one
        table per table with its primary key.
    columns : dict, optional
        The same mapping :func:`read_archive` takes (the firm's headers → schema
        columns): the headers are written instead of the schema's names.
    overwrite : bool, default=False
        Replace existing files; otherwise an existing file raises.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from crmlab.datasets import make_world
    >>> world = make_world(n_customers=20, seed=1)
    >>> path = write_archive(world, f"{tempfile.mkdtemp()}/archive.sqlite", "sqlite")
    >>> read_archive(path).orders.equals(world.orders)
    True
    """
    func = "write_archive"
    if not isinstance(world, World):
        raise TypeError(f"{func}: world must be a crmlab World (load_world, make_world, "
                        f"read_archive); got {type(world).__name__}")
    check_choice(format, FORMATS, func, "format")
    if not isinstance(path, (str, Path)):
        raise TypeError(f"{func}: path must be a str or Path; got {type(path).__name__}")
    if not isinstance(overwrite, bool):
        raise TypeError(f"{func}: overwrite must be True or False; got {overwrite!r}")
    path = Path(path)
    suffixes = {"excel": _EXCEL, "sqlite": _SQLITE}
    if format in suffixes and path.suffix.lower() not in suffixes[format]:
        raise ValueError(f"{func}: path must end in {' or '.join(suffixes[format])} for "
                         f"format={format!r}; got {str(path)!r}")
    tables = world.tables()
    names = _inverse(columns, tables, func)
    targets = [path / f"{n}.csv" for n in tables] if format == "csv" else [path]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not overwrite:
        raise ValueError(f"{func}: path already holds {existing[0]!r}; pass overwrite=True "
                         f"to replace it")
    frames = {n: _plain(f, format == "excel").rename(columns=names.get(n, {}))
              for n, f in tables.items()}
    if format == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            frame.to_csv(path / f"{name}.csv", index=False, lineterminator="\n",
                         encoding="utf-8-sig")
    elif format == "excel":
        path.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(path, engine="openpyxl", date_format="YYYY-MM-DD",
                            datetime_format="YYYY-MM-DD") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        con = sqlite3.connect(path)
        try:
            with con:
                for name, frame in frames.items():
                    con.execute(_create_sql(name, tables[name], names.get(name, {})))
                    marks = ", ".join("?" * frame.shape[1])
                    con.executemany(f'INSERT INTO "{name}" VALUES ({marks})',
                                    _sql_rows(frame))
        finally:
            con.close()
    return path


def _sql_rows(frame):
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    for row in zip(*columns):
        yield tuple(None if v is None or (isinstance(v, float) and np.isnan(v)) else
                    (v.item() if isinstance(v, np.generic) else v) for v in row)


_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER",
              "boolean": "INTEGER", "date": "TEXT", "cat": "TEXT", "ordered": "TEXT"}


def _create_sql(name, frame, names) -> str:
    spec = {c.name: c for c in S.TABLES[name]["columns"]}
    quote = lambda c: '"' + str(names.get(c, c)).replace('"', '""') + '"'  # noqa: E731
    cols = [f"{quote(c)} {_SQL_TYPES[spec[c].dtype] if c in spec else ''}".rstrip()
            for c in frame.columns]
    key = S.TABLES[name]["key"]
    if all(k in frame.columns for k in key):
        cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in key)})")
    return f'CREATE TABLE "{name}" (\n  ' + ",\n  ".join(cols) + "\n)"
