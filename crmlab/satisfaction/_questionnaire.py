"""Reading a questionnaire export (问卷导出) as Chinese survey platforms produce it.

A Wenjuanxing (问卷星)-style export has a row per respondent, metadata columns (序号,
提交答卷时间, 所用时间, 来源, 来自IP ...) and one column per question, headed like
``1. 产品质量稳定`` or ``Q1_产品质量稳定``; answers are numbers, option texts
(非常满意 ... 非常不满意) or both (``1(非常不满意)``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["OPTION_TEXTS", "Questionnaire", "read_questionnaire"]

_SAT5 = {"非常不满意": 1, "很不满意": 1, "不满意": 2, "比较不满意": 2, "一般": 3, "满意": 4,
         "比较满意": 4, "非常满意": 5, "很满意": 5}
_AGREE5 = {"非常不同意": 1, "完全不同意": 1, "很不同意": 1, "不同意": 2, "比较不同意": 2,
           "一般": 3, "不确定": 3, "中立": 3, "说不清": 3, "同意": 4, "比较同意": 4,
           "非常同意": 5, "完全同意": 5, "很同意": 5}
_EN5 = {"strongly disagree": 1, "disagree": 2, "neutral": 3, "neither agree nor disagree": 3,
        "agree": 4, "strongly agree": 5, "very dissatisfied": 1, "dissatisfied": 2,
        "satisfied": 4, "very satisfied": 5}
_SAT7 = {"非常不满意": 1, "很不满意": 1, "不满意": 2, "比较不满意": 3, "有点不满意": 3,
         "一般": 4, "比较满意": 5, "有点满意": 5, "满意": 6, "非常满意": 7, "很满意": 7}
_AGREE7 = {"非常不同意": 1, "完全不同意": 1, "不同意": 2, "比较不同意": 3, "有点不同意": 3,
           "一般": 4, "不确定": 4, "中立": 4, "说不清": 4, "比较同意": 5, "有点同意": 5,
           "同意": 6, "非常同意": 7, "完全同意": 7}
_EN7 = {"strongly disagree": 1, "disagree": 2, "somewhat disagree": 3, "neutral": 4,
        "neither agree nor disagree": 4, "somewhat agree": 5, "agree": 6,
        "strongly agree": 7}

#: Option texts and the answer they stand for, by scale points (5 or 7): the usual
#: satisfaction (非常满意 ... 非常不满意) and agreement (非常同意 ... 非常不同意) wordings
#: of Chinese questionnaires, and their English counterparts.
OPTION_TEXTS: dict[int, dict[str, int]] = {5: {**_SAT5, **_AGREE5, **_EN5},
                                           7: {**_SAT7, **_AGREE7, **_EN7}}

# Cells a platform writes for a skipped or empty question: missing answers, not texts.
_SKIPPED = {"(跳过)", "（跳过）", "(空)", "（空）", "-", "—", "-3", "-2"}
_HEADER = re.compile(r"^\s*(?:Q|q|第)?\s*(\d+)\s*(?:题)?\s*(?:[.．、:：_)）]\s*|\s+)(.*)$", re.S)
_CODED = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:[(（](.*)[)）])?\s*$", re.S)


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """Item answers read from a questionnaire export, with the report of the reading.

    Attributes
    ----------
    items : DataFrame
        One row per respondent, one float column per item (named as ``names`` asked),
        reverse-coded items already recoded; a blank or unreadable answer is NaN.
    blocks : dict
        Construct -> its item columns, as :func:`crmlab.satisfaction.fit_path_model`
        takes them.
    scale : tuple
        ``(1, points)``, to pass as ``scale=`` to the satisfaction methods.
    meta : DataFrame
        The other columns of the export (提交答卷时间, 所用时间, ...), as read, same rows;
        the index is 序号 when the export has it (unique), else the respondent's place.
    problems : DataFrame
        One row per answer not read: ``row`` (the file's row, header = 1),
        ``respondent``, ``column`` (header), ``value`` and ``reason``.
    params : DataFrame
        One row per item: ``construct``, ``header``, ``reversed``, ``answered``,
        ``blank``, ``refused`` (answers in ``problems``) and ``mean``.
    """

    items: pd.DataFrame
    blocks: dict
    scale: tuple
    meta: pd.DataFrame = field(repr=False)
    problems: pd.DataFrame = field(repr=False)
    params: pd.DataFrame = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Per construct: items, respondents, blank and refused answers."""
        p = self.params
        out = p.groupby("construct", sort=False).agg(
            items=("header", "size"), reversed=("reversed", "sum"), blank=("blank", "sum"),
            refused=("refused", "sum"))
        out.insert(1, "respondents", len(self.items))
        return out

    def __repr__(self) -> str:
        return (f"Questionnaire({len(self.items)} respondents, {self.items.shape[1]} items in "
                f"{len(self.blocks)} constructs, scale {self.scale[0]}-{self.scale[1]}, "
                f"{int(self.params['blank'].sum())} blank and {len(self.problems)} refused "
                f"answers)")


def _read(source, sheet, func) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.copy()
    if not isinstance(source, (str, Path)):
        raise TypeError(f"{func}: source must be a DataFrame or the path of an .xlsx or .csv "
                        f"export; got {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise ValueError(f"{func}: source must be an existing .xlsx or .csv file; "
                         f"got {str(source)!r}, which does not exist")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, sheet_name=sheet, dtype=object)
    if suffix in (".csv", ".txt"):
        for encoding in ("utf-8-sig", "gb18030"):  # Excel's CSV from a Chinese Windows: GBK
            try:
                return pd.read_csv(path, dtype=object, keep_default_na=False,
                                   encoding=encoding)
            except UnicodeDecodeError:
                continue
    raise ValueError(f"{func}: source must be an .xlsx or .csv file (save an old .xls as "
                     f".xlsx); got {path.name!r}")


def _split_header(header) -> tuple[int | None, str]:
    text = str(header).strip()
    m = _HEADER.match(text)
    if m and m.group(2).strip():
        return int(m.group(1)), m.group(2).strip()
    return None, text


def _resolve(ref, headers, numbers, labels, func) -> str:
    """The export's header a construct's item reference points at."""
    if isinstance(ref, (int, np.integer)) and not isinstance(ref, bool):
        hits = [h for h in headers if numbers[h] == int(ref)]
    elif isinstance(ref, str):
        hits = [h for h in headers if str(h).strip() == ref.strip()]
        hits = hits or [h for h in headers if labels[h] == ref.strip()]
    else:
        raise TypeError(f"{func}: constructs must list items as question numbers or header "
                        f"texts; got {ref!r} ({type(ref).__name__})")
    if len(hits) != 1:
        what = "no column" if not hits else f"{len(hits)} columns {hits}"
        raise ValueError(f"{func}: item {ref!r} of constructs matches {what}; headers: "
                         f"{[str(h) for h in headers]}")
    return hits[0]


def _answer(cell, points, options):
    """(value, reason): value NaN with reason None for a blank; reason set when refused."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return np.nan, None
    if isinstance(cell, bool):
        return np.nan, "a true/false cell, not an answer"
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
    else:
        text = str(cell).strip()
        if text == "" or text in _SKIPPED:
            return np.nan, None
        key = text.lower()
        if key in options:
            return float(options[key]), None
        m = _CODED.match(text)
        if not m:
            return np.nan, f"unknown option text for a {points}-point scale"
        value = float(m.group(1))
        label = (m.group(2) or "").strip().lower()
        if label and label in options and options[label] != value:
            return np.nan, f"the number and the option text disagree ({options[label]:g})"
    if value != int(value) or not 1 <= value <= points:
        return np.nan, f"outside the declared scale 1-{points}"
    return value, None


def read_questionnaire(source, constructs: dict, *, scale: int = 5, reverse=(),
                       options: dict | None = None, sheet=0, names: str = "construct",
                       strict: bool = False) -> Questionnaire:
    """Read a questionnaire export into item answers ready for the satisfaction methods.

    Parameters
    ----------
    source : str, Path or DataFrame
        A Wenjuanxing (问卷星)-style export: an .xlsx workbook or a .csv file (UTF-8
        or GBK) with a row per respondent, or the DataFrame read from one. Headers
        like ``1. 产品质量稳定``, ``Q1_产品质量稳定`` or ``第1题 ...`` give the question
        number and its text.
    constructs : dict
        Construct -> its items, each given by question number (``1``), full header
        (``"1. 产品质量稳定"``) or the header's text (``"产品质量稳定"``). Any Unicode name.
    scale : {5, 7}
        The declared scale points; numeric answers must be whole numbers in 1..scale.
    reverse : list, optional
        Reverse-coded items (same references as ``constructs``), recoded
        ``x -> scale + 1 - x``.
    options : dict, optional
        Option text -> number, added to (and overriding) :data:`OPTION_TEXTS` of the scale.
    sheet : int or str, default 0
        The Excel sheet.
    names : {"construct", "label", "header"}
        Item column names: the construct and the item's place (``质量1``, ``质量2``, as
        PLS data sets name them), the header's text, or the header as it stands.
    strict : bool, default False
        Raise on the first answer that cannot be read instead of reporting it.

    Returns
    -------
    Questionnaire
        ``.items`` (floats, NaN for a blank answer, never imputed), ``.blocks``,
        ``.scale``, ``.meta``, ``.problems`` (row, respondent, column, value, reason of
        every answer not read) and ``.params``.

    Notes
    -----
    A blank, ``(跳过)`` or ``(空)`` cell is a missing answer, kept missing; an unknown
    option text or a number outside the scale is refused: missing in ``.items`` and
    listed in ``.problems`` (answers read + blank + refused = respondents × items).
    Reverse coding follows the usual rule for negatively worded items (e.g. DeVellis
    2017, *Scale Development*, ch. 5).

    Examples
    --------
    >>> export = pd.DataFrame({"序号": [1, 2, 3], "1. 产品质量稳定": ["满意", "非常满意", "一般"],
    ...                        "2. 交货及时": [4, 5, None], "3. 价格偏高": ["2(不满意)", 1, 3]})
    >>> q = read_questionnaire(export, {"质量": [1, 2, 3]}, reverse=[3])
    >>> q.items.to_dict("list")
    {'质量1': [4.0, 5.0, 3.0], '质量2': [4.0, 5.0, nan], '质量3': [4.0, 5.0, 3.0]}
    >>> q.blocks, q.scale
    ({'质量': ['质量1', '质量2', '质量3']}, (1, 5))
    """
    func = "read_questionnaire"
    if isinstance(scale, bool) or scale not in (5, 7):
        raise ValueError(f"{func}: scale must be 5 or 7 (the declared points); got {scale!r}")
    if names not in ("construct", "label", "header"):
        raise ValueError(f"{func}: names must be 'construct', 'label' or 'header'; "
                         f"got {names!r}")
    if not isinstance(constructs, dict) or not constructs:
        raise TypeError(f"{func}: constructs must be a non-empty dict construct -> items; "
                        f"got {constructs!r}")
    extra = {} if options is None else options
    if not isinstance(extra, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, np.integer)) and 1 <= v <= scale
            for k, v in extra.items()):
        raise ValueError(f"{func}: options must map option texts to whole numbers 1-{scale}; "
                         f"got {options!r}")
    table = {k.lower(): v for k, v in {**OPTION_TEXTS[scale], **extra}.items()}
    data = _read(source, sheet, func)
    if data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"{func}: source must have respondents (rows) and questions "
                         f"(columns); got shape {data.shape}")
    headers = list(data.columns)
    numbers, labels = {}, {}
    for h in headers:
        numbers[h], labels[h] = _split_header(h)
    chosen, blocks, seen = {}, {}, {}
    for construct, refs in constructs.items():
        if isinstance(refs, (str, int)) or not isinstance(refs, (list, tuple)) or not refs:
            raise TypeError(f"{func}: constructs[{construct!r}] must be a non-empty list of "
                            f"items; got {refs!r}")
        blocks[str(construct)] = []
        for k, ref in enumerate(refs, 1):
            header = _resolve(ref, headers, numbers, labels, func)
            if header in seen:
                raise ValueError(f"{func}: column {header!r} is given to both {seen[header]!r} "
                                 f"and {construct!r}")
            seen[header] = construct
            name = {"construct": f"{construct}{k}", "label": labels[header],
                    "header": str(header)}[names]
            if name in chosen.values():
                raise ValueError(f"{func}: two items would both be named {name!r}; "
                                 f"use names='construct' or 'header'")
            chosen[header] = name
            blocks[str(construct)].append(name)
    reversed_ = set()
    refs = [reverse] if isinstance(reverse, (str, int)) else list(reverse or ())
    for ref in refs:
        header = _resolve(ref, headers, numbers, labels, func)
        if header not in chosen:
            raise ValueError(f"{func}: reverse item {ref!r} is not an item of constructs")
        reversed_.add(header)

    numbered = "序号" in data.columns and data["序号"].is_unique and data["序号"].notna().all()
    meta_cols = [h for h in headers if h not in chosen and not (numbered and h == "序号")]
    if numbered and data["序号"].astype(str).str.fullmatch(r"\d+").all():
        data["序号"] = data["序号"].astype(str).astype(int)  # a CSV's numbers read as text
    respondent = data["序号"] if numbered else pd.Series(np.arange(1, len(data) + 1))
    items, problems, rows = {}, [], []
    for header, name in chosen.items():
        cells = data[header].to_numpy(dtype=object)
        values = np.full(len(cells), np.nan)
        blank = refused = 0
        for i, cell in enumerate(cells):
            value, reason = _answer(cell, scale, table)
            if reason is not None:
                if strict:
                    raise ValueError(f"{func}: row {i + 2}, column {str(header)!r}: {cell!r} "
                                     f"is {reason}")
                problems.append({"row": i + 2, "respondent": respondent.iloc[i],
                                 "column": str(header), "value": cell, "reason": reason})
                refused += 1
            elif np.isnan(value):
                blank += 1
            values[i] = value
        if header in reversed_:
            values = scale + 1 - values
        items[name] = values
        answered = len(cells) - blank - refused
        rows.append({"item": name, "construct": seen[header], "header": str(header),
                     "reversed": header in reversed_, "answered": answered, "blank": blank,
                     "refused": refused,
                     "mean": float(np.nanmean(values)) if answered else np.nan})
    index = pd.Index(respondent.to_numpy(), name="序号" if numbered else "respondent")
    frame = pd.DataFrame(items, index=index)
    meta = data[meta_cols].copy()
    meta.index = index
    problems = pd.DataFrame(problems, columns=["row", "respondent", "column", "value",
                                               "reason"])
    params = pd.DataFrame(rows).set_index("item")
    return Questionnaire(frame, blocks, (1, scale), meta, problems, params)
