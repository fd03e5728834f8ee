"""The three-line table (三线表) and its writers: Word, Excel, LaTeX, HTML."""
from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .._validate import check_int, check_path
from . import _adapters as A
from ._format import STYLES, check_option, star_legend

__all__ = ["ThesisTable", "ThesisDocument", "table"]

# Rule widths: Word in eighths of a point (12 = 1.5 pt, 6 = 0.75 pt), as thesis templates
# draw the top and bottom rules heavier than the one under the header.
_THICK, _THIN = 12, 6
_LABEL = {"en": ("Table", "Note."), "zh": ("表", "注：")}


def _width(text) -> int:
    """Columns a text takes in a monospaced font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


@dataclass(frozen=True, repr=False)
class ThesisTable:
    """A three-line table ready for a thesis; made by :func:`table`.

    Attributes
    ----------
    header : tuple of str
    rows : tuple of tuple of str
        The body, every cell already formatted.
    caption, caption_zh : str or None
        The English and the Chinese title; with both, the table's language comes first.
    note : str or None
        The note line printed below the table, after "Note." / "注：".
    language : {"en", "zh"}
    number : int or None
        The table's number; :class:`ThesisDocument` and ``to_docx(..., append=True)`` set it.
    """

    header: tuple
    rows: tuple
    caption: str | None = None
    caption_zh: str | None = None
    note: str | None = None
    language: str = "en"
    number: int | None = None

    # ---------------------------------------------------------------------------- text
    def caption_lines(self, number: int | None = None) -> list[str]:
        """The caption lines, "Table 1  Title" / "表 1  标题", the table's language first (the
        bare titles while the table has no number)."""
        n = number if number is not None else self.number
        lines = {"en": self.caption, "zh": self.caption_zh}
        order = ("zh", "en") if self.language == "zh" else ("en", "zh")
        return [lines[lang] if n is None else f"{_LABEL[lang][0]} {n}  {lines[lang]}"
                for lang in order if lines[lang]]

    def note_line(self) -> str | None:
        """The note with its label: "Note. ..." or "注：..."."""
        if not self.note:
            return None
        return f"{_LABEL[self.language][1]}{'' if self.language == 'zh' else ' '}{self.note}"

    def to_frame(self) -> pd.DataFrame:
        """The body as a DataFrame of text."""
        return pd.DataFrame(list(self.rows), columns=list(self.header))

    def __repr__(self) -> str:
        title = (self.caption_lines() or ["untitled"])[0]
        return (f"ThesisTable({title!r}, {len(self.header)} columns, {len(self.rows)} rows, "
                f"language={self.language!r}, number={self.number})")

    def __str__(self) -> str:
        """The table as plain text, its rules drawn with box characters."""
        widths = [max(_width(c) for c in col) for col in zip(self.header, *self.rows)]
        line = lambda cells: "  ".join(str(c) + " " * (w - _width(c))  # noqa: E731
                                       for c, w in zip(cells, widths)).rstrip()
        rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
        parts = [*self.caption_lines(), rule, line(self.header), rule,
                 *(line(r) for r in self.rows), rule]
        if self.note_line():
            parts.append(self.note_line())
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        e = html.escape
        top, mid = "border-top:1.5pt solid black", "border-bottom:0.75pt solid black"
        cell = "padding:2px 10px;border-left:none;border-right:none;"
        head = "".join(f'<th style="{cell}{top};{mid};text-align:{"left" if i == 0 else "center"}">'
                       f"{e(str(h))}</th>" for i, h in enumerate(self.header))
        body = []
        for k, row in enumerate(self.rows):
            last = ";border-bottom:1.5pt solid black" if k == len(self.rows) - 1 else ""
            body.append("<tr>" + "".join(
                f'<td style="{cell}text-align:{"left" if i == 0 else "center"}{last}">'
                f"{e(str(c))}</td>" for i, c in enumerate(row)) + "</tr>")
        caption = "<br>".join(e(c) for c in self.caption_lines())
        note = f'<p style="font-size:smaller;margin-top:4px">{e(self.note_line())}</p>' \
            if self.note_line() else ""
        return (f'<div><table style="border-collapse:collapse;border:none">'
                f'<caption style="caption-side:top;text-align:center">{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}</div>")

    # ---------------------------------------------------------------------------- LaTeX
    def to_latex(self) -> str:
        """The table as LaTeX with booktabs rules (\\toprule, \\midrule, \\bottomrule) and no
        vertical rules. Needs ``\\usepackage{booktabs}`` (and ctex or xeCJK for Chinese).

        A caption in the other language follows as a second line numbered ``\\thetable``.
        """
        cols = "l" + "c" * (len(self.header) - 1)
        lines = ["\\begin{table}[htbp]", "\\centering"]
        first, second = (("caption_zh", "caption") if self.language == "zh"
                         else ("caption", "caption_zh"))
        if getattr(self, first) or getattr(self, second):
            main = getattr(self, first) or getattr(self, second)
            lines.append(f"\\caption{{{_tex(main)}}}")
            other = getattr(self, second) if getattr(self, first) else None
            if other:
                label = _LABEL["zh" if second == "caption_zh" else "en"][0]
                lines.append(f"\\centerline{{{label}~\\thetable\\quad {_tex(other)}}}")
        lines += [f"\\begin{{tabular}}{{{cols}}}", "\\toprule",
                  " & ".join(_tex(h) for h in self.header) + " \\\\", "\\midrule"]
        lines += [" & ".join(_tex(c) for c in row) + " \\\\" for row in self.rows]
        lines += ["\\bottomrule", "\\end{tabular}"]
        if self.note:
            label = "\\textit{Note.}" if self.language == "en" else "注："
            lines.append(f"\\par\\smallskip{{\\footnotesize {label} {_tex(self.note)}}}")
        lines.append("\\end{table}")
        return "\n".join(lines) + "\n"

    # ---------------------------------------------------------------------------- Word
    def to_docx(self, path_or_document, *, append: bool = False):
        """Write the table into Word: a new .docx, an existing one (``append=True``), a
        :class:`ThesisDocument` or a python-docx ``Document``.

        The number is this table's ``number``, or in an existing document one more than the
        tables it holds. Returns the :class:`ThesisTable` as numbered.
        """
        func = "ThesisTable.to_docx"
        if not isinstance(append, bool):
            raise TypeError(f"{func}: append must be True or False; got {append!r}")
        if isinstance(path_or_document, ThesisDocument):
            return path_or_document.add(self)
        import docx
        from docx.document import Document as _Document
        if isinstance(path_or_document, _Document):
            numbered = replace(self, number=self.number or len(path_or_document.tables) + 1)
            _write_docx(path_or_document, numbered)
            return numbered
        path = check_path(path_or_document, func, "path_or_document")
        if path.suffix.lower() != ".docx":
            raise ValueError(f"{func}: path_or_document must end in .docx; got {str(path)!r}")
        document = docx.Document(str(path)) if append and path.exists() else docx.Document()
        numbered = replace(self, number=self.number or len(document.tables) + 1)
        _write_docx(document, numbered)
        document.save(str(path))
        return numbered

    # ---------------------------------------------------------------------------- Excel
    def to_excel(self, path, sheet: str | None = None) -> Path:
        """Write the table to a sheet of an .xlsx workbook (added to the workbook if the file
        exists; a sheet of the same name is replaced). Cells hold the formatted text, so
        ".012" and "< .001" stay as printed. Returns the path."""
        import openpyxl
        from openpyxl.styles import Alignment, Border, Side

        func = "ThesisTable.to_excel"
        path = check_path(path, func, "path")
        if path.suffix.lower() != ".xlsx":
            raise ValueError(f"{func}: path must end in .xlsx; got {str(path)!r}")
        if sheet is None:
            sheet = f"Table {self.number or 1}"
        if not isinstance(sheet, str) or not sheet or len(sheet) > 31 or \
                any(ch in sheet for ch in "[]:*?/\\"):
            raise ValueError(f"{func}: sheet must be a name of 1-31 characters without "
                             f"[ ] : * ? / \\; got {sheet!r}")
        book = openpyxl.load_workbook(path) if path.exists() else openpyxl.Workbook()
        if not path.exists():
            book.remove(book.active)
        if sheet in book.sheetnames:
            book.remove(book[sheet])
        ws = book.create_sheet(sheet)
        thick, thin = Side(style="medium"), Side(style="thin")
        r = 1
        for line in self.caption_lines():
            ws.cell(r, 1, line)
            r += 1
        first = r
        for j, h in enumerate(self.header, 1):
            c = ws.cell(r, j, h)
            c.border = Border(top=thick, bottom=thin)
            c.alignment = Alignment(horizontal="left" if j == 1 else "center")
        for i, row in enumerate(self.rows, 1):
            for j, v in enumerate(row, 1):
                c = ws.cell(r + i, j, v)
                c.alignment = Alignment(horizontal="left" if j == 1 else "center")
                if i == len(self.rows):
                    c.border = Border(top=Side(), bottom=thick)
        r += len(self.rows) + 1
        if self.note_line():
            ws.cell(r, 1, self.note_line())
        for j, col in enumerate(zip(self.header, *self.rows), 1):
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v)) for v in col)
            ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width = min(60, width + 2)
        ws.sheet_view.showGridLines = False
        ws.freeze_panes = ws.cell(first + 1, 1)
        book.save(path)
        return path


_TEXT = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#",
         "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}",
         "^": "\\textasciicircum{}", "|": "\\textbar{}"}
_MATH = {"<": "<", ">": ">", "−": "-", "∞": "\\infty", "α": "\\alpha", "β": "\\beta",
         "χ": "\\chi", "ρ": "\\rho", "²": "^2", "→": "\\rightarrow", "≥": "\\geq",
         "≤": "\\leq"}


def _tex(text) -> str:
    """Text for LaTeX: specials escaped, symbols in math mode (neighbours share one $...$)."""
    out, math = [], []
    for ch in str(text):
        if ch in _MATH:
            math.append(_MATH[ch])
            continue
        if math:
            out.append("$" + " ".join(math) + "$")
            math = []
        out.append(_TEXT.get(ch, ch))
    if math:
        out.append("$" + " ".join(math) + "$")
    return "".join(out)


def _border(tag: str, size: int | None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    el = OxmlElement(f"w:{tag}")
    if size is None:
        el.set(qn("w:val"), "nil")
    else:
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    return el


def _set_borders(parent, tag: str, sides: dict):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.remove(old)
    box = OxmlElement(f"w:{tag}")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            box.append(_border(side, sides[side]))
    parent.append(box)


def _fonts(run, size=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    if size:
        run.font.size = Pt(size)


def _write_docx(document, t: ThesisTable) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for line in t.caption_lines():
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(line), 10.5)
    grid = document.add_table(rows=1 + len(t.rows), cols=len(t.header))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = grid._tbl.tblPr
    _set_borders(tbl_pr, "tblBorders", dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV")))
    last = len(t.rows)
    for i, row in enumerate([t.header, *t.rows]):
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.CENTER
            _fonts(p.add_run(str(text)), 10.5)
            sides = {"left": None, "right": None}
            if i == 0:
                sides.update(top=_THICK, bottom=_THIN)
            if i == last:
                sides["bottom"] = _THICK
            _set_borders(cell._tc.get_or_add_tcPr(), "tcBorders", sides)
    if t.note_line():
        _fonts(document.add_paragraph().add_run(t.note_line()), 9)


class ThesisDocument:
    """Several three-line tables in one Word document, numbered 1, 2, 3 in order.

    Parameters
    ----------
    path : str or Path, optional
        An existing .docx to append to (its tables count towards the numbering).

    Examples
    --------
    >>> import pandas as pd
    >>> doc = ThesisDocument()
    >>> t1 = doc.add(pd.DataFrame({"x": [1.5]}), caption="First")
    >>> t2 = doc.add(pd.DataFrame({"y": [2.5]}), caption="Second")
    >>> t1.number, t2.number, t2.caption_lines()
    (1, 2, ['Table 2  Second'])
    """

    def __init__(self, path=None):
        import docx
        if path is None:
            self.document = docx.Document()
        else:
            path = check_path(path, "ThesisDocument", "path")
            if not path.is_file():
                raise ValueError(f"ThesisDocument: path must be an existing .docx; got "
                                 f"{str(path)!r}")
            self.document = docx.Document(str(path))
        self.tables: list[ThesisTable] = []

    def add(self, result_or_table, **options) -> ThesisTable:
        """Append a table (a :class:`ThesisTable`, or anything :func:`table` takes, with its
        options) under the next number; return it as numbered."""
        t = result_or_table if isinstance(result_or_table, ThesisTable) \
            else table(result_or_table, **options)
        if options and isinstance(result_or_table, ThesisTable):
            raise TypeError("ThesisDocument.add: options are for a result or a frame, not for "
                            "a ThesisTable already made")
        numbered = replace(t, number=len(self.document.tables) + 1)
        _write_docx(self.document, numbered)
        self.tables.append(numbered)
        return numbered

    def add_paragraph(self, text: str) -> None:
        """A paragraph of text, e.g. the interpretation of the table above it."""
        if not isinstance(text, str):
            raise TypeError(f"ThesisDocument.add_paragraph: text must be a str; got "
                            f"{type(text).__name__}")
        _fonts(self.document.add_paragraph().add_run(text))

    def save(self, path) -> Path:
        """Write the .docx; returns the path."""
        path = check_path(path, "ThesisDocument.save", "path")
        if path.suffix.lower() != ".docx":
            raise ValueError(f"ThesisDocument.save: path must end in .docx; got {str(path)!r}")
        self.document.save(str(path))
        return path

    def __repr__(self) -> str:
        return f"ThesisDocument({len(self.tables)} tables)"


def _adapter(result):
    from ..lifecycle import BGBB, BGNBD, ChurnHazard, GammaGamma, ParetoNBD, ShiftedBetaGeometric
    from ..satisfaction import (AlphaResult, DriverResult, EFAResult, KMOResult, OrdinalResult,
                                PathModelResult, ProcessResult)
    from ..satisfaction import FuzzyResult, GreyResult
    from ..satisfaction import HarmanResult, MeasurementQuality, SEMResult
    from ..value import ChoiceModel
    pairs = ((FuzzyResult, A.fuzzy_spec), (GreyResult, A.grey_spec), (SEMResult, A.sem_spec), (MeasurementQuality, A.quality_spec),
             (HarmanResult, A.harman_spec), (AlphaResult, A.alpha_spec), (KMOResult, A.kmo_spec),
             (EFAResult, A.efa_spec),
             (PathModelResult, A.path_spec), (DriverResult, A.driver_spec),
             (OrdinalResult, A.ordinal_spec), (ChoiceModel, A.choice_spec),
             (ChurnHazard, A.hazard_spec), (BGNBD, A.btyd_spec), (GammaGamma, A.btyd_spec),
             (ShiftedBetaGeometric, A.clv_model_spec), (ParetoNBD, A.clv_model_spec),
             (BGBB, A.clv_model_spec), (ProcessResult, A.process_spec))
    if isinstance(result, Mapping) and result and \
            all(isinstance(r, AlphaResult) for r in result.values()):
        return A.alpha_mapping_spec
    return next((spec for cls, spec in pairs if isinstance(result, cls)), None)


SUPPORTED = ("a DataFrame", "AlphaResult (or a dict of them)", "KMOResult", "EFAResult",
             "PathModelResult", "DriverResult", "OrdinalResult", "ChoiceModel", "ChurnHazard",
             "BGNBD", "GammaGamma", "ShiftedBetaGeometric", "ParetoNBD", "BGBB", "ProcessResult",
             "SEMResult", "MeasurementQuality", "HarmanResult", "FuzzyResult", "GreyResult")
PARTS = ("paths", "reliability", "fornell_larcker")
#: The tables of an SEMResult (the first is the default).
SEM_PARTS = ("fit", "loadings", "paths")
#: The tables of a MeasurementQuality (the first is the default).
QUALITY_PARTS = ("reliability", "fornell_larcker", "htmt")


def _check_text(value, func, arg):
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{func}: {arg} must be a str or None; got {type(value).__name__}")
    return value


def table(result, *, caption: str | None = None, caption_zh: str | None = None,
          note: str | None = None, language: str = "en", decimals: int = 3,
          style: str | None = None, interpretation: bool = False, part: str | None = None,
          items: pd.DataFrame | None = None, bounded=(), p_columns=None,
          stars_on: str | None = None) -> ThesisTable:
    """A three-line table (三线表) of a crmlab result or a DataFrame.

    Parameters
    ----------
    result : DataFrame or crmlab result
        A DataFrame, or one of: AlphaResult (a dict of them for several scales),
        KMOResult, EFAResult, PathModelResult, DriverResult, OrdinalResult, ChoiceModel,
        ChurnHazard, BGNBD, GammaGamma, ShiftedBetaGeometric, ParetoNBD, BGBB, ProcessResult,
        SEMResult, MeasurementQuality, HarmanResult, FuzzyResult, GreyResult.
        Each result becomes its standard thesis table
        (AlphaResult with ``items``: item, corrected item-total r, α if item deleted;
        PathModelResult: path, β, SE, t, p, CI; KMOResult: KMO, Bartlett χ², df, p;
        ChoiceModel: B, SE, z, p with stars; ProcessResult: direct, total and (conditional)
        indirect effects with bootstrap CI; FuzzyResult: weight and membership of each
        criterion, the evaluation vector, verdict, effectiveness and score in the note;
        GreyResult: degrees and ranks; ...). The frame :func:`~crmlab.satisfaction.kano_table`
        returns is recognised by its marker ``attrs["crmlab"] == "kano_table"`` and becomes the
        Kano classification table (counts and shares of A O M I R Q, category, Better, Worse);
        a selection of its columns, a frame without the marker, or a frame given with
        ``bounded``, ``p_columns`` or ``stars_on`` is printed as it is.
    caption, caption_zh : str, optional
        English and Chinese titles; by default the result's standard title in both
        languages (a DataFrame has none unless given). Giving either replaces both defaults,
        so that the two lines never disagree.
    note : str, optional
        Your note; the result's own notes (sample size, method, abbreviations) and the
        stars' legend (APA 7th ed. §7.14) follow it.
    language : {"en", "zh"}, default="en"
        Language of the headers, the notes and the first caption line.
    decimals : int, default=3
        Decimal places (1 to 6), p-values at most 3.
    style : {"apa", "plain"}, optional
        Number convention (:data:`STYLES`); default ``"apa"`` in English (no leading zero
        for r, α, p, R², KMO, AVE, CR; p "< .001"), ``"plain"`` in Chinese ("0.87", "<0.001").
    interpretation : bool, default=False
        Add :func:`interpret`'s paragraph to the note (for the results it reads).
    part : str, optional
        Which table: of a PathModelResult ``"paths"`` (default), ``"reliability"``,
        ``"fornell_larcker"``; of an SEMResult ``"fit"`` (default), ``"loadings"``,
        ``"paths"``; of a MeasurementQuality ``"reliability"`` (default),
        ``"fornell_larcker"``, ``"htmt"``.
    items : DataFrame, optional
        For an AlphaResult, its :func:`crmlab.satisfaction.item_total` table: the table then
        lists each item.
    bounded : list of str, default=()
        For a DataFrame: columns that cannot exceed 1 (printed without leading zero in APA
        style). crmlab's own names (``alpha``, ``ave``, ``item_total_r``, ...) are known.
    p_columns : list of str, optional
        For a DataFrame: p-value columns (by default those named p, p_value, sig, p值, ...).
    stars_on : str, optional
        For a DataFrame: the column that gets the stars of the p-value column.

    Returns
    -------
    ThesisTable
        With ``.to_docx(path_or_document)``, ``.to_excel(path, sheet)``, ``.to_latex()``,
        ``.to_frame()`` and an HTML view in the notebook.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"r": [0.4521, -0.0712], "p": [0.0004, 0.0123]},
    ...                      index=pd.Index(["服务", "价格"], name="因素"))
    >>> t = table(frame, caption="Correlations", caption_zh="相关分析", bounded=["r"],
    ...           stars_on="r")
    >>> t.rows
    (('服务', '.452***', '< .001'), ('价格', '−.071*', '.012'))
    >>> print(t.note)
    * p < .05. ** p < .01. *** p < .001.
    """
    func = "table"
    check_option(language, ("en", "zh"), func, "language")
    decimals = check_int(decimals, func, "decimals", low=1, high=6)
    if style is None:
        style = "apa" if language == "en" else "plain"
    check_option(style, tuple(STYLES), func, "style")
    for arg, value in (("caption", caption), ("caption_zh", caption_zh), ("note", note),
                       ("stars_on", stars_on)):
        _check_text(value, func, arg)
    if not isinstance(interpretation, bool):
        raise TypeError(f"{func}: interpretation must be True or False; got {interpretation!r}")
    fmt = A._Fmt(decimals, style, language)
    from ..satisfaction import AlphaResult, MeasurementQuality, PathModelResult, SEMResult
    if part is not None and not isinstance(result, (PathModelResult, SEMResult,
                                                    MeasurementQuality)):
        raise ValueError(f"{func}: part is for a PathModelResult, SEMResult or "
                         f"MeasurementQuality; got {type(result).__name__}")
    if items is not None and not isinstance(result, AlphaResult):
        raise ValueError(f"{func}: items is for an AlphaResult; got {type(result).__name__}")
    if A.is_kano_table(result) and not (bounded or p_columns is not None
                                        or stars_on is not None):
        if len(result) == 0:
            raise ValueError(f"{func}: result is a kano_table without attributes (no rows)")
        spec = A.kano_spec(result, fmt)
    elif isinstance(result, pd.DataFrame):
        spec = _frame(result, fmt, bounded, p_columns, stars_on)
    else:
        if bounded or p_columns is not None or stars_on is not None:
            raise ValueError(f"{func}: bounded, p_columns and stars_on are for a DataFrame; "
                             f"got {type(result).__name__}")
        spec_of = _adapter(result)
        if spec_of is None:
            raise TypeError(f"{func}: result must be {', '.join(SUPPORTED)}; got "
                            f"{type(result).__name__}")
        if isinstance(result, PathModelResult):
            spec = spec_of(result, fmt, check_option(part or "paths", PARTS, func, "part"))
        elif isinstance(result, SEMResult):
            spec = spec_of(result, fmt, check_option(part or "fit", SEM_PARTS, func, "part"))
        elif isinstance(result, MeasurementQuality):
            spec = spec_of(result, fmt, check_option(part or "reliability", QUALITY_PARTS, func,
                                                     "part"))
        elif isinstance(result, AlphaResult):
            if items is not None:
                from .._validate import check_columns
                check_columns(items, ["item_total_r", "alpha_if_deleted"], func, "items")
            spec = spec_of(result, fmt, items)
        else:
            spec = spec_of(result, fmt)
    notes = [note] if note else []
    notes += [zh if language == "zh" else en for en, zh in spec.notes]
    if spec.starred:
        notes.append(star_legend(language, style))
    if interpretation:
        from ._interpret import interpret
        notes.append(interpret(result, language, style=style))
    joiner = "" if language == "zh" else " "
    default = caption is None and caption_zh is None
    return ThesisTable(tuple(spec.header), tuple(tuple(r) for r in spec.rows),
                       spec.caption if default else caption,
                       spec.caption_zh if default else caption_zh,
                       joiner.join(notes) or None, language)


def _frame(data, fmt, bounded, p_columns, stars_on):
    func = "table"
    if data.shape[1] == 0 or len(data) == 0:
        raise ValueError(f"{func}: result must be a DataFrame with rows and columns; got "
                         f"{data.shape[0]} rows and {data.shape[1]} columns")
    if data.isna().all().all():
        raise ValueError(f"{func}: result must have values; got only missing values")
    for arg, names in (("bounded", bounded), ("p_columns", p_columns)):
        if names is None:
            continue
        if isinstance(names, str) or not isinstance(names, (list, tuple, set, pd.Index)):
            raise TypeError(f"{func}: {arg} must be a list of column names; got {names!r}")
        from .._validate import check_columns
        check_columns(data, names, func, "result")
    if stars_on is not None:
        from .._validate import check_columns
        check_columns(data, [stars_on], func, "result")
    if p_columns is not None:
        from .._validate import check_numeric
        check_numeric(data, p_columns, func, "result", missing=True)
    return A.frame_spec(data, fmt, bounded=tuple(bounded), p_columns=p_columns,
                        stars_on=stars_on)
