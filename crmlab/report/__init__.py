"""Thesis-ready output (论文表格): three-line tables and the sentences that read them.

A fitted crmlab result (or any DataFrame) becomes a three-line table (三线表: a rule above
the header, one under it, one below the body, no vertical rules; caption above, note
below) in Word, Excel or LaTeX, and :func:`interpret` writes the paragraph that reads it
in English or Chinese: the figure, the threshold with its source, the verdict. The
evaluation methods of Chinese satisfaction theses are read too: the Kano table of
:func:`crmlab.satisfaction.kano_table` (recognised by ``attrs["crmlab"] == "kano_table"``),
fuzzy comprehensive evaluation (FuzzyResult) and grey relational analysis (GreyResult).

Numbers follow one documented convention (:data:`STYLES`): APA 7th ed. §6.36 and §6.43 in
English (α = .87, p < .001), a zero before every decimal point in Chinese (α 为 0.87,
p<0.001). Thresholds and their sources are data (:data:`THRESHOLDS`).

Functions
---------
table            a ThesisTable of a result or a DataFrame: .to_docx, .to_excel, .to_latex
interpret        the paragraph that reads a result, in English or Chinese
format_number, format_p, stars, star_legend : numbers as a thesis prints them
ThesisDocument   several tables in one .docx, numbered 1, 2, 3

Examples
--------
>>> import pandas as pd
>>> from crmlab import report
>>> t = report.table(pd.DataFrame({"p": [0.0004]}), caption="A test")
>>> t.rows, t.caption_lines()
((('< .001',),), ['A test'])
"""
from ._format import *  # noqa: F401,F403
from ._interpret import *  # noqa: F401,F403
from ._table import *  # noqa: F401,F403
from . import _format, _interpret, _table

__all__ = [*_format.__all__, *_interpret.__all__, *_table.__all__]
