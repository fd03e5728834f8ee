"""A firm's own archive: read it (CSV folder, Excel workbook, SQLite) and validate it once.

Validation happens here, at the door: every value is coerced to the schema's type, and
every row that cannot be kept is listed with its table, row, column, value and reason
in an :class:`ArchiveReport`. Nothing is dropped silently: per table, rows in = rows
kept + rows refused. Analyses downstream trust what they get.
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import _own_schema as O
from . import _schema as S
from ._world import World

__all__ = ["read_archive", "ArchiveReport"]

_EXCEL = (".xlsx", ".xlsm")
_SQLITE = (".sqlite", ".sqlite3", ".db")
_TRUE = {"true", "1", "1.0", "yes", "y", "t", "是", "有", "对", "√"}
_FALSE = {"false", "0", "0.0", "no", "n", "f", "否", "无", "错", "×"}
_DATE_FORMATS = ("%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d", "%Y/%m/%d %H:%M:%S")
_REPORT_COLUMNS = ["table", "row", "column", "value", "reason"]
# what str.strip removes: every character whose str.isspace() is true (a test checks)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
           "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


@dataclass(frozen=True)
class ArchiveReport:
    """What reading a firm's own archive kept, refused and changed.

    Attributes
    ----------
    counts : DataFrame
        Indexed by table: ``rows_in``, ``kept``, ``refused`` (``rows_in = kept + refused``).
    refused : DataFrame
        One row per problem: ``table``, ``row`` (position in the table as given, 0 =
        first data row; a spreadsheet shows it on line ``row + 2``), ``column``,
        ``value`` (as given, as text) and ``reason``. A row with two problems appears twice.
    notes : DataFrame
        ``table``, ``column``, ``note``: what was read but changed or left unchecked
        (a whole-number column with gaps stored as float, spaces around values removed,
        extra columns kept as they are, keys not checked because their parent table is
        absent, files that are not tables, levels ordered alphabetically ...).
    columns : dict
        The column mapping applied, ``{table: {header: column}}``.
    """

    counts: pd.DataFrame
    refused: pd.DataFrame
    notes: pd.DataFrame
    columns: dict = field(default_factory=dict)

    def summary(self) -> str:
        """The report as text: counts per table, the first problems, the notes."""
        lines = ["table           rows in     kept  refused"]
        for name, r in self.counts.iterrows():
            lines.append(f"{name:<14}{r.rows_in:>9,}{r.kept:>9,}{r.refused:>9,}")
        if len(self.refused):
            lines.append(f"refused rows, {len(self.refused):,} problems "
                         f"(first {min(10, len(self.refused))}):")
            for r in self.refused.head(10).itertuples(index=False):
                lines.append(f"  {r.table} row {r.row}, {r.column} = {r.value!r}: {r.reason}")
            lines.append("problems by reason:")
            for reason, n in self.refused["reason"].value_counts().items():
                lines.append(f"  {n:>7,} × {reason}")
        for r in self.notes.itertuples(index=False):
            lines.append(f"note: {r.table}" + (f".{r.column}" if r.column else "") + f": {r.note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


# -- reading -------------------------------------------------------------------------------

def _source_kind(source, func) -> tuple[str, Path]:
    if not isinstance(source, (str, Path)):
        raise TypeError(f"{func}: source must be a folder of CSV files, an Excel workbook "
                        f"(.xlsx) or a SQLite file (.sqlite, .db); got {type(source).__name__}")
    path = Path(source)
    if not path.exists():
        raise ValueError(f"{func}: source must be an existing folder or file; got {str(path)!r}")
    if path.is_dir():
        return "csv", path
    if path.suffix.lower() in _EXCEL:
        return "excel", path
    if path.suffix.lower() in _SQLITE:
        return "sqlite", path
    raise ValueError(f"{func}: source must be a folder of CSV files, an Excel workbook "
                     f"(.xlsx) or a SQLite file (.sqlite, .db); got {str(path)!r}")


def _read_csv_file(path: Path, nrows=None, dtype=str) -> pd.DataFrame:
    opts = dict(dtype=dtype, keep_default_na=False, na_values=[""], nrows=nrows)
    try:  # pandas' C parser skips a UTF-8 byte-order mark itself, faster than "utf-8-sig"
        return pd.read_csv(path, encoding="utf-8", **opts)
    except UnicodeDecodeError:  # a Chinese Excel saves CSV in GB18030 (GBK)
        return pd.read_csv(path, encoding="gb18030", **opts)


def _read_csv_typed(path: Path, name: str, mapping: dict | None):
    """A CSV table with its number columns parsed as numbers, the rest as text.

    Returns the frame and the headers read as numbers. A number column that the C parser
    cannot read (``1,200``, ``¥5``, ``abc``) or reads as infinite makes the whole file
    read as text, the path on which every cell is checked one by one.
    """
    headers = list(_read_csv_file(path, 0).columns)
    kinds = {c.name: c.dtype for c in S.TABLES[name]["columns"]}
    mapping = mapping or {}
    numeric = [h for h in headers if kinds.get(mapping.get(h, h)) in ("int", "float")]
    if not numeric or len(set(headers)) < len(headers):
        return _read_csv_file(path), []
    try:
        frame = _read_csv_file(path, dtype={h: "float64" if h in numeric else "str"
                                            for h in headers})
    except ValueError:
        return _read_csv_file(path), []
    if any(np.isinf(frame[h].to_numpy()).any() for h in numeric):
        return _read_csv_file(path), []
    return frame, numeric


def _sqlite_names(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                      "ORDER BY rowid")]


def _check_wanted(tables, func) -> list | None:
    """The table names a caller asked for (``tables=``), checked."""
    if tables is None:
        return None
    names = [tables] if isinstance(tables, str) else tables
    if not isinstance(names, (list, tuple, set, frozenset, pd.Index)) or not len(names) or \
            not all(isinstance(n, str) for n in names):
        raise TypeError(f"{func}: tables must be a table name or a list of them, such as "
                        f"['customers', 'orders']; got {tables!r}")
    unknown = [n for n in names if n not in S.TABLES]
    if unknown:
        raise ValueError(f"{func}: tables must name tables of the archive "
                         f"{list(S.TABLE_NAMES)}; got {unknown[0]!r}")
    return [n for n in S.TABLE_NAMES if n in names]


def _warn_absent(wanted, found, seen, kind, path, func):
    """Warn once for the tables asked for that the source does not have."""
    absent = [n for n in wanted if n not in found]
    if absent:
        what = {"csv": "file", "excel": "sheet", "sqlite": "table"}[kind]
        shown = sorted(map(str, seen))
        listed = shown[:30] + ([f"... {len(shown) - 30} more"] if len(shown) > 30 else [])
        names = [f"{n}.csv" for n in absent] if kind == "csv" else absent
        warnings.warn(f"{func}: no {what} matches table(s) {absent} in {str(path)!r} (looked "
                      f"for {names}); {what}s seen: {listed}", UserWarning, stacklevel=4)


def _read_source(source, func, headers_only=False, wanted=None,
                 columns=None) -> tuple[dict, list, dict, list]:
    """Tables by name from a source, what was not a table, for CSV tables the headers
    read as numbers (``columns`` maps headers, to know which), and every name seen."""
    kind, path = _source_kind(source, func)
    frames, others, typed = {}, [], {}
    want = (lambda name: name in S.TABLES) if wanted is None else (lambda name: name in wanted)
    if kind == "csv":
        # tables in the order they are validated (parents first), then the other files
        order = {name: k for k, name in enumerate(S.TABLE_NAMES)}
        files = sorted(path.glob("*.csv"), key=lambda f: (order.get(f.stem, len(order)), f.name))
        if not headers_only:
            headers = {f.stem: list(_read_csv_file(f, 0).columns) for f in files if want(f.stem)}
            mapping = _nested_columns(columns, headers, func) if headers else {}
            # read in the background, in order, while the tables already read are validated
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read_archive")
        for file in files:
            if want(file.stem):
                if headers_only:
                    frames[file.stem] = _read_csv_file(file, 0)
                else:
                    frames[file.stem] = _Pending(pool.submit(
                        _read_csv_typed, file, file.stem, mapping.get(file.stem)),
                        headers[file.stem])
            elif file.stem not in S.TABLES:
                others.append(file.name)
        if not headers_only:
            pool.shutdown(wait=False)
        seen = [p.name for p in path.iterdir() if not p.name.startswith(".")]
    elif kind == "excel":
        if headers_only:
            import openpyxl
            book = openpyxl.load_workbook(path, read_only=True)
            sheets = {name: pd.DataFrame(columns=[c for c in next(
                book[name].iter_rows(max_row=1, values_only=True), ()) if c is not None])
                for name in book.sheetnames}
            book.close()
            seen = list(sheets)
        else:
            import openpyxl
            book = openpyxl.load_workbook(path, read_only=True)
            seen = list(book.sheetnames)
            book.close()
            names = [n for n in seen if want(n)]
            sheets = pd.read_excel(path, sheet_name=names, dtype=object, engine="openpyxl") \
                if names else {}
            others = [n for n in seen if n not in S.TABLES]
        for name, frame in sheets.items():
            if want(name):
                frames[name] = frame
            elif name not in S.TABLES:
                others.append(name)
    else:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            seen = _sqlite_names(con)
            for name in seen:
                if want(name):
                    limit = " LIMIT 0" if headers_only else ""
                    frames[name] = pd.read_sql_query(f'SELECT * FROM "{name}"{limit}', con)
                elif name not in S.TABLES:
                    others.append(name)
        finally:
            con.close()
    if wanted and not headers_only:
        _warn_absent(wanted, frames, seen, kind, path, func)
    return {n: frames[n] for n in S.TABLE_NAMES if n in frames}, others, typed, seen


class _Pending:
    """A CSV table being read: its headers now, its frame (and the headers read as
    numbers) from ``result()``."""

    def __init__(self, future, columns):
        self.future, self.columns = future, columns

    def result(self):
        return self.future.result()


def _check_tables(tables, func) -> dict:
    if not isinstance(tables, dict):
        raise TypeError(f"{func}: tables must be a dict of DataFrames by table name; "
                        f"got {type(tables).__name__}")
    for name, frame in tables.items():
        if name not in S.TABLES:
            raise ValueError(f"{func}: table must be one of {list(S.TABLE_NAMES)}; got {name!r}")
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{func}: {name} must be a pandas DataFrame; "
                            f"got {type(frame).__name__}")
    return tables


def read_headers(source_or_tables, func) -> dict[str, list]:
    """The header row of every table of a source or a dict of DataFrames."""
    if isinstance(source_or_tables, dict):
        tables = _check_tables(source_or_tables, func)
    else:
        tables = _read_source(source_or_tables, func, headers_only=True)[0]
    return {name: list(frame.columns) for name, frame in tables.items()}


def _nested_columns(columns, headers: dict, func) -> dict:
    """Check a column mapping and make it ``{table: {header: column}}``."""
    if columns is None:
        return {}
    if not isinstance(columns, dict):
        raise TypeError(f"{func}: columns must be a dict such as {{'orders': {{'客户编号': "
                        f"'customer_id'}}}} or {{'客户编号': 'customer_id'}}; "
                        f"got {type(columns).__name__}")
    if all(isinstance(v, dict) for v in columns.values()):
        for table in columns:
            if table not in headers:
                raise ValueError(f"{func}: columns names table {table!r}, which the archive "
                                 f"does not have; tables: {list(headers)}")
        nested = {t: dict(m) for t, m in columns.items()}
    elif all(isinstance(v, str) for v in columns.values()):  # one mapping for every table
        unused = [h for h in columns if not any(h in names for names in headers.values())]
        if unused:
            raise ValueError(f"{func}: column {unused[0]!r} not in any table; headers: "
                             f"{ {t: list(map(str, h)) for t, h in headers.items()} }")
        nested = {t: {h: c for h, c in columns.items() if h in names}
                  for t, names in headers.items()}
    else:
        raise ValueError(f"{func}: columns must map table names to {{header: column}} dicts, "
                         f"or headers to column names; got {columns!r}")
    for table, mapping in nested.items():
        spec = S.columns(table)
        for header, column in mapping.items():
            if header not in headers[table]:
                raise ValueError(f"{func}: column {header!r} not in table {table!r}; "
                                 f"available: {list(map(str, headers[table]))}")
            if column not in spec:
                raise ValueError(f"{func}: columns maps {header!r} to {column!r}, which is not "
                                 f"a column of {table!r}; columns: {spec}")
        renamed = [mapping.get(h, h) for h in headers[table]]
        twice = sorted({str(c) for c in renamed if renamed.count(c) > 1})
        if twice:
            raise ValueError(f"{func}: table {table!r} would have column(s) {twice} twice "
                             f"after renaming; map only one header onto each column")
    return {t: m for t, m in nested.items() if m}


def _check_levels(levels, func) -> dict:
    if levels is None:
        return {}
    if not isinstance(levels, dict) or not all(isinstance(v, dict) for v in levels.values()):
        raise TypeError(f"{func}: levels must be a dict such as {{'tickets': {{'type': "
                        f"{{'投诉': 'complaint'}}}}}}; got {levels!r}")
    for table, per_column in levels.items():
        if table not in S.TABLES:
            raise ValueError(f"{func}: levels names table {table!r}; tables: {list(S.TABLE_NAMES)}")
        cats = [c.name for c in S.TABLES[table]["columns"] if c.dtype in ("cat", "ordered")]
        for column, rule in per_column.items():
            if column not in cats:
                raise ValueError(f"{func}: levels names column {column!r} of {table!r}, which is "
                                 f"not a category column; category columns: {cats}")
            if not isinstance(rule, (dict, list, tuple)):
                raise TypeError(f"{func}: levels for {table}.{column} must be a dict (the firm's "
                                f"word → the schema's level) or a list (the levels in order); "
                                f"got {type(rule).__name__}")
            fixed = (table, column) in O.FIXED_LEVELS
            spec = next(c for c in S.TABLES[table]["columns"] if c.name == column)
            targets = list(rule.values()) if isinstance(rule, dict) else list(rule)
            bad = [t for t in targets if fixed and t not in spec.levels]
            if bad:
                raise ValueError(f"{func}: levels maps {table}.{column} onto {bad}; its levels "
                                 f"are fixed: {list(spec.levels)}")
    return levels


def read_archive(source, columns=None, *, levels=None, strict: bool = False,
                 tables=None) -> World:
    """Read a firm's own customer archive, validated once, into a :class:`World`.

    Parameters
    ----------
    source : str or Path
        A folder with one CSV file per table (``orders.csv`` ...; UTF-8 or GB18030),
        an Excel workbook (``.xlsx``) with one sheet per table, or a SQLite file
        (``.sqlite``, ``.db``) with one table per table. Only the tables an analysis
        needs must be there; files, sheets or tables with other names are listed in
        the report's notes and not read.
    columns : dict, optional
        The firm's headers → schema columns, per table (``{"orders": {"客户编号":
        "customer_id", "订单日期": "date", "金额": "net_revenue"}}``) or one mapping
        for every table (``{"客户编号": "customer_id"}``). :func:`propose_columns`
        proposes one. Headers not in the schema are kept as they are (see notes).
    levels : dict, optional
        Category levels per table and column: a dict maps the firm's words onto the
        schema's levels (``{"tickets": {"type": {"投诉": "complaint", "服务": "service_request"}}}``);
        a list gives the levels of an open column in order (``{"customers": {"size":
        ["小", "中", "大"]}}``). Fixed levels are in :func:`own_data_schema`.
    strict : bool, default=False
        Raise ``ValueError`` naming the first problems if any row is refused, instead
        of keeping the good rows and reporting the rest.
    tables : str or list of str, optional
        Read only these tables (``["customers", "orders"]``); the others are not read.
        A table asked for that the source lacks raises a ``UserWarning`` naming the
        files, sheets or tables seen. A mapping in ``columns`` for a table not asked
        for is ignored. None reads every table found.

    Returns
    -------
    World
        The tables present (absent ones are None), ``truth=None``, and ``report`` (an
        :class:`ArchiveReport`: counts, refused rows, notes).

    Raises
    ------
    ValueError
        A required column is missing, a mapping names an unknown table or column, no
        table is found, ``tables`` names a table the schema does not know, or (with
        ``strict``) a row is refused.

    Notes
    -----
    Refused are rows with a missing required value, a value that is not of the
    column's type (number, whole number, date, true/false), a number out of its
    bounds (negative quantities or money, Likert answers outside 1-7, shares outside
    0-1), a level outside the fixed ones, a duplicate key (every copy after the
    first), a key with no parent (a ``customer_id`` not in ``customers``, an
    ``order_id`` not in ``orders``), and invoices paid or due before they were issued.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = pd.DataFrame({"客户编号": ["K1", "K2"], "行业": ["cement", "steel"]}).to_csv(
    ...     f"{folder}/customers.csv", index=False)
    >>> _ = pd.DataFrame({"客户编号": ["K1", "K9"], "日期": ["2025-01-05", "2025-02-01"],
    ...                   "金额": [1200.0, 800.0]}).to_csv(f"{folder}/orders.csv", index=False)
    >>> world = read_archive(folder, columns={"客户编号": "customer_id", "行业": "industry",
    ...                                        "日期": "date", "金额": "net_revenue"})
    >>> world.report.counts.loc["orders"].tolist()  # rows in, kept, refused
    [2, 1, 1]
    >>> print(world.report.refused.loc[0, "reason"], "in", world.report.refused.loc[0, "table"],
    ...       "row", world.report.refused.loc[0, "row"])
    orphan key: customer_id not in customers in orders row 1
    """
    func = "read_archive"
    if not isinstance(strict, bool):
        raise TypeError(f"{func}: strict must be True or False; got {strict!r}")
    wanted = _check_wanted(tables, func)
    if wanted is not None and isinstance(columns, dict) and columns and \
            all(isinstance(v, dict) for v in columns.values()):
        columns = {t: m for t, m in columns.items() if t in wanted or t not in S.TABLES}
    frames, others, typed, seen = _read_source(source, func, wanted=wanted, columns=columns)
    notes = [{"table": name, "column": "", "note": "not a table name; not read "
              f"(tables: {', '.join(S.TABLE_NAMES)})"} for name in others]
    reread = {name: (lambda name=name: _read_csv_file(Path(source) / f"{name}.csv"))
              for name, frame in frames.items() if isinstance(frame, _Pending)}
    return _build(frames, columns, levels, strict, func, notes, seen=seen, typed=typed,
                  reread=reread)


def tables_to_world(tables, columns, levels, strict, func) -> World:
    """``World.from_tables``: validate a dict of DataFrames (copied, never changed)."""
    _check_tables(tables, func)
    if not isinstance(strict, bool):
        raise TypeError(f"{func}: strict must be True or False; got {strict!r}")
    return _build({n: tables[n] for n in S.TABLE_NAMES if n in tables}, columns, levels,
                  strict, func, [])


# -- validation ----------------------------------------------------------------------------

def _one_text(x):
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and np.isnan(x)):
        return None
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return str(int(x))
    text = str(x).strip()
    return text or None


def _text(values: pd.Series) -> tuple[pd.Series, int]:
    """Values as stripped text, missing as None (NaN in a ``str`` Series); whole floats
    without '.0'; and how many text values had spaces around them."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        # all text (the usual CSV column): strip in one pass; blanks become missing
        cells = values.to_numpy(dtype=object)
        # pandas' text columns hold NaN where missing, and only NaN differs from itself
        present = cells == cells if values.dtype == "str" else values.notna().to_numpy()
        whole = bool(present.all())
        kept = cells if whole else cells[present]
        if values.dtype == "str" and not _any_space(kept):
            return values, 0  # nothing to strip (the usual key column): the text as given
        stripped = np.array(list(map(str.strip, kept)), dtype=object)
        padded = int((stripped != kept).sum())  # strip returns the very cell when unchanged
        if padded:
            stripped[stripped == ""] = None
            kept = stripped
        if whole:
            return pd.Series(kept, dtype=object, copy=False), padded
        text = np.full(len(cells), None, dtype=object)
        text[present] = kept
        return pd.Series(text, dtype=object, copy=False), padded
    cells = values.to_numpy(dtype=object)
    padded = sum(isinstance(x, str) and x != x.strip() for x in cells)
    return pd.Series([_one_text(x) for x in cells], dtype=object), padded


def _any_space(texts: np.ndarray) -> bool:
    """Whether any of these strings holds a character that ``str.strip`` removes."""
    joined = "\0".join(texts)  # one string, searched once per kind of space
    return any(space in joined for space in _SPACES)


def _levels(raw: pd.Series, rule) -> tuple[pd.Series, int]:
    """:func:`_text` of a text category column, each distinct value stripped (and mapped
    by a ``levels`` rule) once: a categorical Series, and how many values had spaces."""
    codes, distinct = pd.factorize(raw.to_numpy(dtype=object))
    distinct = np.asarray(distinct, dtype=object)
    stripped = np.array([x.strip() for x in distinct], dtype=object)
    changed = stripped != distinct
    padded = int(np.bincount(codes[codes >= 0], minlength=len(distinct))[changed].sum()) \
        if changed.any() else 0
    stripped[stripped == ""] = None
    if isinstance(rule, dict):
        stripped = np.array([None if v is None else rule.get(v, v) for v in stripped],
                            dtype=object)
    merged, levels = pd.factorize(stripped)  # two spellings may become one level
    codes = np.append(merged, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(codes, categories=levels)), padded


def _per_distinct(cells: np.ndarray, func):
    """``func`` applied once per distinct value: (results by row, rows whose value fails).

    ``func`` returns a value, or raises ValueError for a value it refuses; missing
    cells (None, NaN) give None without a call.
    """
    codes, distinct = pd.factorize(cells)
    results = np.full(len(distinct) + 1, None, dtype=object)  # the last: missing cells
    failed = []
    for k, x in enumerate(distinct):
        try:
            results[k] = func(x)
        except ValueError:
            failed.append(k)
    rows = np.flatnonzero(np.isin(codes, failed)) if failed else np.zeros(0, dtype=np.intp)
    return results[codes], rows


def _bool_value(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    text = _one_text(x)
    if text is None:
        return None
    if text.lower() in _TRUE or text.lower() in _FALSE:
        return text.lower() in _TRUE
    raise ValueError(text)


def _as_float(text):
    try:
        return float(re.sub(r"[,\s¥￥]", "", text))
    except ValueError:
        return None


def _parse_dates(raw: pd.Series):
    """Timestamps (NaT where missing or unparseable) and the positions not parsed."""
    if pd.api.types.infer_dtype(raw, skipna=True) == "string":
        # ISO dates, the usual export, in one vectorised pass; only what it cannot read
        # (other formats, blanks, bad cells) goes through the cell-by-cell path below
        fast = pd.to_datetime(raw.reset_index(drop=True), format="ISO8601", errors="coerce")
        rest = np.flatnonzero(fast.isna().to_numpy() & raw.notna().to_numpy())
        if len(rest) == 0:
            return fast.astype("datetime64[ns]"), []
        slow, bad = _parse_date_cells(raw.iloc[rest])
        fast = fast.astype("datetime64[ns]")
        fast.iloc[rest] = slow.to_numpy()
        return fast, [int(rest[i]) for i in bad]
    return _parse_date_cells(raw)


def _parse_date_cells(raw: pd.Series):
    """:func:`_parse_dates` cell by cell: date objects, ISO text, then the other formats."""
    cells = raw.to_numpy(dtype=object)
    out = pd.Series(pd.NaT, index=range(len(cells)), dtype="datetime64[ns]")
    texts = {}
    for i, x in enumerate(cells):
        if isinstance(x, (dt.date, np.datetime64)) and not pd.isna(x):
            out[i] = pd.Timestamp(x).tz_localize(None)  # a time zone: its local time
        elif not isinstance(x, (dt.date, np.datetime64)):
            text = _one_text(x)
            if text is not None:
                texts[i] = text
    if texts:
        where = list(texts)
        parsed = pd.to_datetime(pd.Series(list(texts.values())), format="ISO8601",
                                errors="coerce")
        out.iloc[where] = parsed.to_numpy()
    bad = []
    for i in (i for i in texts if pd.isna(out[i])):
        for fmt in _DATE_FORMATS:
            try:
                out[i] = pd.Timestamp(dt.datetime.strptime(texts[i], fmt))
                break
            except ValueError:
                continue
        else:
            bad.append(i)
    return out, bad


def _coerce(raw: pd.Series, col, table: str, rule, notes):
    """(values, problems) for one column: problems are (position, reason) pairs."""
    problems = []
    kind = col.dtype
    if kind == "date":
        if isinstance(raw.dtype, pd.DatetimeTZDtype):
            notes.append({"table": table, "column": col.name, "note": f"time zone "
                          f"{raw.dt.tz} dropped, local times kept"})
            raw = raw.dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(raw):
            return raw.astype("datetime64[s]").reset_index(drop=True), problems
        values, bad = _parse_dates(raw)
        return values.astype("datetime64[s]"), [(i, "not a date (YYYY-MM-DD)") for i in bad]
    if kind in ("int", "float"):
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            numbers = raw.astype("float64")  # read as numbers: a view, copied only if written
            values = numbers.to_numpy()
        else:
            numbers = None
            text, _ = _text(raw)
            given = text.notna().to_numpy()
            values = np.full(len(raw), np.nan)
            try:
                values[given] = np.array(text[given].tolist(), dtype=float)
            except ValueError:
                for i in np.flatnonzero(given):
                    values[i] = np.nan if (number := _as_float(text[i])) is None else number
            for i in np.flatnonzero(given & ~np.isfinite(values)):
                problems.append((int(i), "not a number"))
                values[i] = np.nan
        present = ~np.isnan(values)
        if kind == "int":
            for i in np.flatnonzero(present & (np.mod(values, 1) != 0)):
                problems.append((int(i), "not a whole number"))
        low, high = O.bounds(table, col)
        outside = present & (values < (-np.inf if low is None else low)) | present & (
            values > (np.inf if high is None else high))
        span = f">= {low}" if high is None else f"in [{low}, {high}]"
        problems += [(int(i), f"out of bounds: must be {span}") for i in np.flatnonzero(outside)]
        return (pd.Series(values, copy=False) if numbers is None else numbers), problems
    if kind in ("bool", "boolean"):
        if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
            return raw.astype(bool), problems
        cells = raw.to_numpy(dtype=object)
        if raw.dtype == "str":  # the usual CSV column of True and False: two comparisons
            true, false = cells == "True", cells == "False"
            if (true | false).all():
                return pd.Series(true, copy=False), problems
        values, failed = _per_distinct(cells, _bool_value)
        return pd.Series(values), [(int(i), "not true/false") for i in failed]
    if kind in ("cat", "ordered") and raw.dtype == "str":
        text, padded = _levels(raw, rule)
    else:
        text, padded = _text(raw)
        if kind in ("cat", "ordered") and isinstance(rule, dict):
            mapped, _ = _per_distinct(text.to_numpy(), lambda v: rule.get(v, v))
            text = pd.Series(mapped)
    if padded:
        notes.append({"table": table, "column": col.name, "note": f"{padded:,} value(s) with "
                      "spaces around them: the spaces removed"})
    if kind in ("cat", "ordered"):
        allowed = list(rule) if isinstance(rule, (list, tuple)) else (
            list(col.levels) if (table, col.name) in O.FIXED_LEVELS else None)
        if allowed is not None:
            for i in np.flatnonzero(text.notna() & ~text.isin(allowed)):
                problems.append((int(i), f"unknown level; expected one of {allowed}"))
    return text, problems


def _finish(values: pd.Series, col, table, rule, notes):
    """The kept values with the schema's dtype."""
    kind = col.dtype
    if kind == "date":
        return values
    if kind == "int":
        if values.isna().any():
            notes.append({"table": table, "column": col.name,
                          "note": "whole numbers with gaps: stored as float"})
            return values.astype("float64")
        return values.astype("int64")
    if kind == "float":
        return values.astype("float64")
    if kind in ("bool", "boolean"):
        if kind == "bool" and values.notna().all():
            return values.astype(bool)
        if kind == "bool":
            notes.append({"table": table, "column": col.name,
                          "note": "true/false with gaps: stored as nullable boolean"})
        return pd.array(values.tolist(), dtype="boolean")
    if kind == "str":
        return values if values.dtype == "str" else values.astype("str")
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        distinct = np.asarray(values.cat.categories, dtype=object)
    else:
        codes, distinct = pd.factorize(values.to_numpy(dtype=object))
        distinct = np.asarray(distinct, dtype=object)
    observed = distinct[np.bincount(codes[codes >= 0], minlength=len(distinct)) > 0]
    if isinstance(rule, (list, tuple)):
        cats = list(rule)
    elif (table, col.name) in O.FIXED_LEVELS or set(observed) <= set(col.levels):
        cats = list(col.levels)
    else:
        cats = sorted(map(str, observed))
        if kind == "ordered":
            notes.append({"table": table, "column": col.name, "note": "the firm's own levels, "
                          f"ordered alphabetically {cats}; give their order with "
                          f"levels={{'{table}': {{'{col.name}': [...]}}}}"})
    must = O.REQUIRED_LEVELS.get((table, col.name), ())
    for level in must:
        if level not in observed:
            notes.append({"table": table, "column": col.name, "note": f"no row has the level "
                          f"{level!r}; map the firm's own name onto it with levels="
                          f"{{'{table}': {{'{col.name}': {{'<name>': '{level}'}}}}}}"})
    dtype = pd.CategoricalDtype(cats, ordered=kind == "ordered")
    recode = np.append(dtype.categories.get_indexer(pd.Index(distinct, dtype=object)), -1)
    return pd.Categorical.from_codes(recode[codes], dtype=dtype)


def _validate_table(name, frame, mapping, levels, parents, func, notes):
    """(kept table, refused problems) of one table."""
    frame = frame.rename(columns=mapping) if mapping else frame
    spec = S.TABLES[name]["columns"]
    names = [c.name for c in spec]
    missing = [c for c in O.REQUIRED_COLUMNS[name] if c not in frame.columns]
    if missing:
        raise ValueError(f"{func}: table {name!r} lacks required column(s) {missing}; map the "
                         f"firm's headers with columns={{'{name}': {{'<header>': "
                         f"'{missing[0]}'}}}}; found {list(map(str, frame.columns))}")
    extra = [c for c in frame.columns if c not in names]
    if extra:
        notes.append({"table": name, "column": "", "note": f"column(s) {list(map(str, extra))} "
                      "are not in the schema: kept as they are, not checked"})
    present = [c for c in spec if c.name in frame.columns]
    raw = frame.reset_index(drop=True)
    n = len(raw)
    problems, values = [], {}
    for col in present:
        vals, found = _coerce(raw[col.name], col, name, levels.get(name, {}).get(col.name), notes)
        values[col.name] = vals
        problems += [(i, col.name, reason) for i, reason in found]
        if col.name in O.REQUIRED_COLUMNS[name]:
            absent = vals.isna().to_numpy().copy()
            absent[[i for i, _ in found]] = False
            problems += [(int(i), col.name, "missing required value")
                         for i in np.flatnonzero(absent)]
    # duplicate keys, among rows otherwise fine: every copy after the first
    key = [k for k in S.TABLES[name]["key"] if k in values]
    if len(key) == len(S.TABLES[name]["key"]):
        ok = ~_rows(problems, n)
        for k in key:
            ok &= values[k].notna().to_numpy()
        rows = np.flatnonzero(ok)
        columns = [values[k].to_numpy() if len(rows) == n else values[k].to_numpy()[rows]
                   for k in key]
        if not _strictly_increasing(columns):  # sorted unique keys need no hashing
            keys = pd.DataFrame(dict(zip(key, columns)), index=rows)
            keys = keys[keys.duplicated(keep=False).to_numpy()]
            seen = {}
            for row, values_of_key in zip(keys.index, keys.itertuples(index=False, name=None)):
                if values_of_key in seen:
                    problems.append((int(row), ", ".join(key), f"duplicate key "
                                     f"({', '.join(key)}) of row {seen[values_of_key]}"))
                else:
                    seen[values_of_key] = int(row)
    elif name != "orders" or "order_id" not in values:
        notes.append({"table": name, "column": "", "note": f"key {list(S.TABLES[name]['key'])} "
                      "incomplete: duplicates not checked"})
    # keys with no parent among the kept rows of the parent table
    for column, parent in S.TABLES[name].get("parents", {}).items():
        if column in values and (parent not in parents or column not in parents[parent]):
            notes.append({"table": name, "column": column, "note": f"not checked against "
                          f"{parent}, which " + ("is absent" if parent not in parents else
                                                  f"has no column {column!r}")})
        elif column in values:
            known = parents[parent][column].to_numpy(dtype=object)
            vals = values[column]
            for i in np.flatnonzero(vals.notna().to_numpy() & ~vals.isin(known).to_numpy()):
                problems.append((int(i), column, f"orphan key: {column} not in {parent}"))
    if name == "invoices":
        issued = values["invoice_date"]
        for column, reason in (("paid_date", "paid before invoiced"),
                               ("due_date", "due before invoiced")):
            if column in values:
                for i in np.flatnonzero((values[column] < issued).to_numpy()):
                    problems.append((int(i), column, reason))
    keep = ~_rows(problems, n)
    every = bool(keep.all())
    out = {}
    for col in present:
        rule = levels.get(name, {}).get(col.name)
        kept_values = values[col.name] if every else \
            values[col.name][keep].reset_index(drop=True)
        # a Series that views the input is copied by pandas (copy-on-write) when either changes
        out[col.name] = _finish(kept_values, col, name, rule, notes)
    for column in extra:
        out[column] = raw[column].to_numpy()[keep]
    kept = pd.DataFrame(out, index=pd.RangeIndex(int(keep.sum())), copy=False)
    listed = []
    for i, column, reason in sorted(problems, key=lambda p: (p[0], names.index(p[1])
                                                              if p[1] in names else 0)):
        cells = [raw.at[i, c] for c in column.split(", ")]
        text = ", ".join("" if pd.isna(v) else str(v) for v in cells)
        listed.append({"table": name, "row": i, "column": column, "value": text,
                       "reason": reason})
    return kept, listed, n


def _rows(problems, n) -> np.ndarray:
    """A mask of the rows that have a problem."""
    mask = np.zeros(n, dtype=bool)
    mask[[i for i, _, _ in problems]] = True
    return mask


def _strictly_increasing(columns) -> bool:
    """Whether rows are in strictly increasing order of their key (so no key repeats)."""
    if not len(columns[0]) > 1:
        return True
    try:
        later, same = np.zeros(len(columns[0]) - 1, dtype=bool), None
        for values in columns:
            if isinstance(values, pd.Categorical) or values.dtype == object and any(
                    not isinstance(v, str) for v in values[:1]):
                return False
            a, b = values[1:], values[:-1]
            above, equal = np.asarray(a > b, dtype=bool), np.asarray(a == b, dtype=bool)
            later = above if same is None else later | (same & above)
            same = equal if same is None else same & equal
        return bool(later.all())
    except TypeError:
        return False


def _build(tables, columns, levels, strict, func, notes, seen=None, typed=None,
           reread=None) -> World:
    try:
        return _validate_tables(tables, columns, levels, strict, func, notes, seen, typed,
                                reread)
    finally:
        for frame in tables.values():  # on an error, stop reading what is left
            if isinstance(frame, _Pending):
                frame.future.cancel()


def _validate_tables(tables, columns, levels, strict, func, notes, seen, typed,
                     reread) -> World:
    if not tables:
        found = "" if seen is None else f"; found: {sorted(map(str, seen))[:30]}"
        raise ValueError(f"{func}: no table found; name files, sheets or tables after the "
                         f"archive's tables: {list(S.TABLE_NAMES)}{found}")
    headers = {name: list(frame.columns) for name, frame in tables.items()}
    mapping = _nested_columns(columns, headers, func)
    levels = _check_levels(levels, func)
    kept, refused, counts = {}, [], []
    typed, reread, tables = dict(typed or {}), reread or {}, dict(tables)
    for name in list(tables):
        frame = tables.pop(name)  # the table as given is let go once validated
        if isinstance(frame, _Pending):
            frame, typed[name] = frame.result()
        mark = len(notes)
        table, problems, n = _validate_table(name, frame, mapping.get(name), levels, kept,
                                             func, notes)
        if _touches(problems, typed.get(name), mapping.get(name)) and name in reread:
            # a number column was parsed as numbers: list refused cells as the file has them
            del notes[mark:]
            table, problems, n = _validate_table(name, reread[name](), mapping.get(name),
                                                 levels, kept, func, notes)
        del frame
        kept[name] = table
        refused += problems
        counts.append({"table": name, "rows_in": n, "kept": len(table),
                       "refused": n - len(table)})
    refused = pd.DataFrame(refused, columns=_REPORT_COLUMNS)
    refused["row"] = refused["row"].astype("int64")
    report = ArchiveReport(counts=pd.DataFrame(counts).set_index("table"), refused=refused,
                           notes=pd.DataFrame(notes, columns=["table", "column", "note"]),
                           columns=mapping)
    if strict and len(refused):
        first = "; ".join(f"{r.table} row {r.row}, {r.column} = {r.value!r}: {r.reason}"
                          for r in refused.head(5).itertuples(index=False))
        raise ValueError(f"{func}: {report.counts['refused'].sum():,} row(s) refused "
                         f"(strict=True); first problems: {first}")
    return World(**kept, truth=None, seed=None, report=report)


def _touches(problems, numeric, mapping) -> bool:
    """Whether a refused cell lies in a column read as numbers (its text then differs)."""
    if not numeric or not problems:
        return False
    columns = {(mapping or {}).get(h, h) for h in numeric}
    return any(p["reason"] != "missing required value" and
               any(c in columns for c in p["column"].split(", ")) for p in problems)
