"""Shipped files, loaders, the SQLite archive and the on-disk cache of other seeds."""
from __future__ import annotations

import json
import os
import pickle
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from .._validate import check_int, check_path
from . import _schema as S
from ._cases import CASES, Case
from ._own_schema import card_own_data
from ._world import GENERATOR_VERSION, World, make_world

__all__ = ["load", "load_world", "list_datasets", "connect", "describe", "build",
           "list_cases", "load_case", "build_case",
           "DEFAULT_SEED", "DEFAULT_N_CUSTOMERS", "data_dir"]

#: The seed of the shipped world in ``datasets/``.
DEFAULT_SEED = 2026
#: The number of customers of the shipped world.
DEFAULT_N_CUSTOMERS = 600
ARCHIVE = "crm_archive.sqlite"
CARD_START, CARD_END = "<!-- columns:start -->", "<!-- columns:end -->"
OWN_START, OWN_END = "<!-- own-data:start -->", "<!-- own-data:end -->"
_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER",
              "boolean": "INTEGER",
              "date": "TEXT", "cat": "TEXT", "ordered": "TEXT"}


def data_dir() -> Path:
    """The folder of shipped files: ``$CRMLAB_DATA`` or ``datasets/`` beside the package."""
    return Path(os.environ.get("CRMLAB_DATA", Path(__file__).resolve().parents[2] / "datasets"))


def _check_name(name, func):
    if not isinstance(name, str):
        raise TypeError(f"{func}: name must be a string (a table name); got {type(name).__name__}")
    if name not in S.TABLES:
        raise ValueError(f"{func}: no dataset named {name!r}; valid names: {list(S.TABLE_NAMES)}")


def list_datasets() -> list[str]:
    """Names of the archive's tables, in archive order.

    Examples
    --------
    >>> list_datasets()[:3]
    ['customers', 'contacts', 'orders']
    """
    return list(S.TABLE_NAMES)


def describe(name: str, case: str | None = None) -> pd.DataFrame:
    """The data card of one table: every column with its type, unit and meaning.

    Parameters
    ----------
    name : str
        A table of the world (:func:`list_datasets`) or of ``case``.
    case : str, optional
        A case study (:func:`list_cases`).

    Examples
    --------
    >>> describe("orders").loc[lambda d: d.column == "net_revenue", "unit"].item()
    'CNY'
    """
    tables = _case_tables(case, "describe") if case is not None else S.TABLES
    if case is None:
        _check_name(name, "describe")
    elif name not in tables:
        raise ValueError(f"describe: case {case!r} has no table {name!r}; tables: {list(tables)}")
    return _describe_spec(tables[name])


def _describe_spec(spec: dict) -> pd.DataFrame:
    def kind(c):
        if not c.levels:
            return c.dtype
        return f"{c.dtype}: {(' < ' if c.dtype == 'ordered' else ', ').join(c.levels)}"
    return pd.DataFrame([{"column": c.name, "type": kind(c), "unit": c.unit, "meaning": c.meaning}
                         for c in spec["columns"]])


def _read_csv(path: Path, name: str, tables: dict | None = None) -> pd.DataFrame:
    spec = (tables or S.TABLES)[name]["columns"]
    dtype = {c.name: "str" for c in spec if c.dtype in ("str", "cat", "ordered", "date", "boolean")}
    frame = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""])
    return S.apply_schema(frame, name, tables)


def load(name: str) -> pd.DataFrame:
    """Load one table of the shipped world with its dtypes.

    Dates are parsed, grades, sizes and stages are ordered categoricals.

    Parameters
    ----------
    name : str
        A table name from :func:`list_datasets`.

    Examples
    --------
    >>> orders = load("orders")
    >>> orders["date"].dtype
    dtype('<M8[s]')
    """
    _check_name(name, "load")
    path = data_dir() / f"{name}.csv"
    if path.exists():
        return _read_csv(path, name)
    return getattr(load_world(seed=DEFAULT_SEED), name)


def load_world(seed=None, *, n_customers: int = DEFAULT_N_CUSTOMERS, cache: bool = True) -> World:
    """Load the whole world: the shipped one, or the one for another seed.

    Parameters
    ----------
    seed : int or None, default=None
        None loads the shipped files (seed 2026). Any other seed builds that world
        with :func:`make_world`, so an instructor can give every student their own.
    n_customers : int, default=600
        Customers in a generated world (ignored for the shipped one).
    cache : bool, default=True
        Keep generated worlds on disk (``$CRMLAB_CACHE`` or ``~/.cache/crmlab``), so
        the second load of a seed is fast.

    Examples
    --------
    >>> world = load_world()
    >>> world.seed
    2026
    """
    if seed is None:
        folder = data_dir()
        if all((folder / f"{name}.csv").exists() for name in S.TABLE_NAMES):
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            return World(**{name: _read_csv(folder / f"{name}.csv", name)
                            for name in S.TABLE_NAMES},
                         truth=truth, seed=truth["arguments"]["seed"])
        seed, n_customers = DEFAULT_SEED, DEFAULT_N_CUSTOMERS
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"load_world: seed must be None or a non-negative integer; got {seed!r}")
    n = check_int(n_customers, "load_world", "n_customers", low=1, high=100_000)
    if not cache:
        return make_world(n, seed=seed)
    folder = Path(os.environ.get("CRMLAB_CACHE", Path.home() / ".cache" / "crmlab"))
    path = folder / f"world-v{GENERATOR_VERSION}-n{n}-seed{seed}.pkl"
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    world = make_world(n, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as fh:
        pickle.dump(world, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(fh.name, path)
    return world


def connect(path=None, *, readonly: bool = True) -> sqlite3.Connection:
    """Open the customer archive (``crm_archive.sqlite``) for SQL queries.

    Parameters
    ----------
    path : str or Path, optional
        Another archive file; by default the shipped one.
    readonly : bool, default=True
        Open read-only, so a lesson cannot change the shipped archive.

    Examples
    --------
    >>> with connect() as con:
    ...     con.execute("select count(*) from customers").fetchone()[0]
    600
    """
    path = check_path(path, "connect", "path") if path is not None else data_dir() / ARCHIVE
    if not path.exists():
        raise ValueError(f"connect: no archive at {str(path)!r}; build it with "
                         f"'python -m crmlab.datasets build'")
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(path)


def _to_sql_frame(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    out = {}
    for c in S.TABLES[name]["columns"]:
        col = frame[c.name]
        if c.dtype == "date":
            out[c.name] = col.dt.strftime("%Y-%m-%d").astype(object).where(col.notna(), None)
        elif c.dtype == "bool":
            out[c.name] = col.astype("int64")
        elif c.dtype == "boolean":
            out[c.name] = col.astype("Int64").astype(object).where(col.notna(), None)
        elif c.dtype in ("cat", "ordered", "str"):
            out[c.name] = col.astype(object).where(col.notna(), None)
        else:
            out[c.name] = col
    return pd.DataFrame(out)


def _create_sql(name: str) -> str:
    spec = S.TABLES[name]
    cols = [f'"{c.name}" {_SQL_TYPES[c.dtype]}' for c in spec["columns"]]
    cols.append(f"PRIMARY KEY ({', '.join(spec['key'])})")
    for column, parent in spec.get("parents", {}).items():
        if S.TABLES[parent]["key"] == (column,):
            cols.append(f"FOREIGN KEY ({column}) REFERENCES {parent}({column})")
    return f"CREATE TABLE {name} (\n  " + ",\n  ".join(cols) + "\n)"


def write_sqlite_archive(world: World, path) -> None:
    """Write the world's tables to a SQLite file with primary and foreign keys."""
    path = Path(path)
    if path.exists():
        path.unlink()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys = ON")
        for name, frame in world.tables().items():
            con.execute(_create_sql(name))
            data = _to_sql_frame(frame, name)
            marks = ", ".join("?" * data.shape[1])
            con.executemany(f"INSERT INTO {name} VALUES ({marks})",
                            data.itertuples(index=False, name=None))
    con.close()


def read_archive_table(name: str, path=None) -> pd.DataFrame:
    """One table of the SQLite archive, with the archive's dtypes."""
    _check_name(name, "read_archive_table")
    with connect(path) as con:
        frame = pd.read_sql_query(f"SELECT * FROM {name}", con)
    return S.apply_schema(frame, name)


def write_csv(frame: pd.DataFrame, path) -> None:
    """Write a table the way the shipped files are written (byte-stable)."""
    frame.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")


def card_columns(world=None, tables: dict | None = None) -> str:
    """The data card's column tables, in Markdown (generated from the schema).

    With a ``world`` (or a case), the card starts with the row count of every table.
    """
    tables = tables or S.TABLES
    parts = []
    if world is not None:
        frames = world.tables() if isinstance(world, World) else world.tables
        parts.append("| table | rows | key |\n|---|---|---|")
        for name, frame in frames.items():
            key = ", ".join(tables[name]["key"])
            parts.append(f"| [`{name}`](#{name}) | {len(frame):,} | {key} |")
        parts.append("")
    for name, spec in tables.items():
        parts.append(f"### `{name}`\n\n{spec['doc']}\n\nKey: "
                     f"{', '.join(f'`{k}`' for k in spec['key'])}.\n")
        parts.append("| column | type | unit | meaning |\n|---|---|---|---|")
        for row in _describe_spec(spec).itertuples(index=False):
            parts.append(f"| `{row.column}` | {row.type} | {row.unit} | {row.meaning} |")
        parts.append("")
    return "\n".join(parts)


def build(out=None, *, seed: int = DEFAULT_SEED, n_customers: int = DEFAULT_N_CUSTOMERS) -> World:
    """Rebuild the shipped files: one CSV per table, ``truth.json`` and the SQLite archive.

    Also refreshes the column tables of the data card (``README.md`` in ``out``)
    between its ``columns`` markers.
    """
    out = check_path(out, "build", "out") if out is not None else data_dir()
    out.mkdir(parents=True, exist_ok=True)
    world = make_world(n_customers, seed=seed)
    for name, frame in world.tables().items():
        write_csv(frame, out / f"{name}.csv")
    (out / "truth.json").write_text(json.dumps(world.truth, indent=1, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    write_sqlite_archive(world, out / ARCHIVE)
    _refresh_card(out / "README.md", card_columns(world))
    _refresh_card(out / "README.md", card_own_data(), OWN_START, OWN_END)
    return world


# -- case studies --------------------------------------------------------------------------

def _case_tables(case, func) -> dict:
    if not isinstance(case, str) or case not in CASES:
        raise ValueError(f"{func}: no case study named {case!r}; valid names: {list(CASES)}")
    return CASES[case]["tables"]


def list_cases() -> list[str]:
    """Names of the case studies shipped beside the world.

    Examples
    --------
    >>> list_cases()
    ['shrimp_feed', 'power_accounts', 'sme_survey', 'maintenance_contracts', 'kano_survey']
    """
    return list(CASES)


def load_case(name: str, seed=None) -> Case:
    """Load a case study: the shipped files, or the case generated for another seed.

    Parameters
    ----------
    name : str
        A case from :func:`list_cases`.
    seed : int or None, default=None
        None loads the shipped files (seed 2026); another seed generates that case
        with its default size.

    Examples
    --------
    >>> load_case("power_accounts").accounts.shape[0]
    400
    """
    tables = _case_tables(name, "load_case")
    if seed is None:
        folder = data_dir() / name
        if all((folder / f"{t}.csv").exists() for t in tables):
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            return Case(name, {t: _read_csv(folder / f"{t}.csv", t, tables) for t in tables},
                        truth, truth["arguments"]["seed"])
        seed = DEFAULT_SEED
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"load_case: seed must be None or a non-negative integer; got {seed!r}")
    return CASES[name]["make"](seed=seed)


def build_case(name: str, out=None, *, seed: int = DEFAULT_SEED) -> Case:
    """Rebuild a case's shipped files: one CSV per table and ``truth.json`` in ``out/name``.

    Also refreshes the column tables of the case's data card (``README.md``).
    """
    tables = _case_tables(name, "build_case")
    folder = (check_path(out, "build_case", "out") if out is not None else data_dir()) / name
    folder.mkdir(parents=True, exist_ok=True)
    case = CASES[name]["make"](seed=seed)
    for table, frame in case.tables.items():
        write_csv(frame, folder / f"{table}.csv")
    (folder / "truth.json").write_text(json.dumps(case.truth, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    _refresh_card(folder / "README.md", card_columns(case, tables))
    return case


def _refresh_card(card: Path, columns: str, start: str = CARD_START, end: str = CARD_END) -> None:
    if card.exists():
        text = card.read_text(encoding="utf-8")
        if start in text and end in text:
            head, rest = text.split(start, 1)
            tail = rest.split(end, 1)[1]
            card.write_text(f"{head}{start}\n{columns}\n{end}{tail}", encoding="utf-8")
