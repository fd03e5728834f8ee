"""crmlab.report: three-line tables in Word, Excel and LaTeX, thesis number formats and
bilingual interpretations. Every file is written into pytest's tmp_path and read back."""
from __future__ import annotations

import re
import warnings

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn

import crmlab
from crmlab import lifecycle, report, satisfaction, value
from crmlab.datasets import load_world
from crmlab.report import (THRESHOLDS, ThesisDocument, ThesisTable, format_number, format_p,
                           interpret, star_legend, stars, table)

SATIS = ["satis_1", "satis_2", "satis_3"]
TWO_FACTORS = ["product_1", "product_2", "product_3", *SATIS]


# --------------------------------------------------------------------------------------------
# Results: clearly passing (the world) and clearly failing (hand-made noise)
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.fixture(scope="module")
def noise():
    return np.random.default_rng(3)


@pytest.fixture(scope="module")
def results(world):
    survey = world.survey
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # listwise deletion of a few blanks
        out = {
            "alpha": satisfaction.cronbach_alpha(survey[SATIS]),
            "items": satisfaction.item_total(survey[SATIS]),
            "kmo": satisfaction.kmo_bartlett(survey[TWO_FACTORS]),
            "efa": satisfaction.efa(survey[TWO_FACTORS], 2),
            "path": satisfaction.fit_path_model(survey, *satisfaction.acsi_model(),
                                                bootstrap=30, seed=1),
            "driver": satisfaction.driver_analysis(survey.head(300), "satis_1",
                                                   ["product_1", "service_1", "personnel_1"]),
            "ordinal": satisfaction.fit_ordinal(survey.head(300),
                                                "satis_1 ~ product_1 + service_1"),
            "choice": value.fit_choice(world.value_audit.head(400)),
            "hazard": lifecycle.fit_churn_hazard(
                lifecycle.churn_episodes(world).head(300), duration="exit", event="churned",
                entry="entry", covariates=["satisfaction"]),
            "bgnbd": lifecycle.fit_bgnbd([1, 0, 3, 2, 5, 1], [10.0, 0.0, 30.0, 20.0, 35.0, 3.0],
                                         [40.0] * 6),
        }
    return out


@pytest.fixture(scope="module")
def failing():
    rng = np.random.default_rng(3)
    weak = pd.DataFrame(rng.normal(size=(200, 3)) + 0.3 * rng.normal(size=(200, 1)),
                        columns=["a", "b", "c"])
    unrelated = pd.DataFrame(rng.normal(size=(200, 5)), columns=list("vwxyz"))
    blocks = pd.DataFrame(rng.normal(size=(200, 4)), columns=["a1", "a2", "b1", "b2"])
    x1 = rng.normal(size=200)
    collinear = pd.DataFrame({"x1": x1, "x2": x1 + 0.1 * rng.normal(size=200),
                              "x3": rng.normal(size=200)})
    collinear["y"] = collinear["x1"] + rng.normal(size=200)
    sets = pd.DataFrame({"set": np.repeat(np.arange(100), 3), "x": rng.normal(size=300)})
    sets["chosen"] = False
    sets.loc[np.arange(100) * 3 + rng.integers(0, 3, 100), "chosen"] = True
    strong = pd.DataFrame({"x": rng.normal(size=300)})
    strong["y"] = np.digitize(2.5 * strong["x"] + rng.logistic(size=300), [-2, 0, 2]) + 1
    churn = pd.DataFrame({"t": rng.exponential(5, 200).round(2) + 0.1,
                          "e": rng.integers(0, 2, 200), "z": rng.normal(size=200)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return {
            "alpha": satisfaction.cronbach_alpha(weak, scale=None),
            "kmo": satisfaction.kmo_bartlett(unrelated, scale=None),
            "efa": satisfaction.efa(unrelated, 2, scale=None),
            "path": satisfaction.fit_path_model(blocks, {"A": ["a1", "a2"], "B": ["b1", "b2"]},
                                                [("A", "B")], bootstrap=30, seed=0, scale=None),
            "driver": satisfaction.driver_analysis(collinear, "y", ["x1", "x2", "x3"]),
            "choice": value.fit_choice(sets, "chosen", ["x"], ["set"], price=None),
            "hazard": lifecycle.fit_churn_hazard(churn, duration="t", event="e",
                                                 covariates=["z"]),
            # the opposite case for the ordinal model: a strong predictor fits well
            "ordinal_good": satisfaction.fit_ordinal(strong, "y ~ x"),
        }


def test_report_is_a_public_module():
    assert "report" in crmlab.__all__ and "report" in crmlab.__doc__
    assert crmlab.report is report


# --------------------------------------------------------------------------------------------
# Number formats, by hand (APA 7th ed. §6.36, §6.43; plain: SI Brochure §5.4.4)
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("p, apa, plain", [
    (0.0004, "< .001", "<0.001"), (0.0123, ".012", "0.012"), (0.001, ".001", "0.001"),
    (0.00099, "< .001", "<0.001"), (0.5, ".500", "0.500"), (1.0, "1.000", "1.000"),
    (0.04996, ".050", "0.050")])
def test_p_values_by_hand(p, apa, plain):
    assert format_p(p) == apa
    assert format_p(p, style="plain") == plain


def test_p_values_with_two_decimals_and_missing():
    assert format_p(0.0004, 2) == "< .01"
    assert format_p(0.0312, 2) == ".03"
    assert format_p(np.nan) == "—" and format_p(None) == "—"


@pytest.mark.parametrize("p, mark", [(0.0004, "***"), (0.001, "**"), (0.0099, "**"),
                                     (0.01, "*"), (0.049, "*"), (0.05, ""), (0.6, ""),
                                     (np.nan, "")])
def test_stars_by_hand(p, mark):
    assert stars(p) == mark


def test_numbers_by_hand():
    assert format_number(0.8712, 2, bounded=True) == ".87"
    assert format_number(0.8712, 2, bounded=True, style="plain") == "0.87"
    assert format_number(-0.3456, 2, bounded=True) == "−.35"  # a negative correlation
    assert format_number(0.8712, 2) == "0.87"  # β can exceed 1: keeps its zero
    assert format_number(1.2345, 2, bounded=True) == "1.23"  # beyond 1: nothing dropped
    assert format_number(-0.0001, 3) == "0.000"  # no negative zero
    assert format_number(12.5, 0) == "12"  # Python rounds half to even
    assert format_number(np.inf) == "∞" and format_number(-np.inf) == "−∞"
    assert format_number(np.nan) == "—" and format_number(pd.NA, missing="") == ""
    assert format_number(np.float32(0.25), 2) == "0.25" and format_number(3) == "3.000"


def test_star_legend_in_both_languages():
    assert star_legend() == "* p < .05. ** p < .01. *** p < .001."
    assert star_legend(style="plain") == "* p < 0.05. ** p < 0.01. *** p < 0.001."
    assert star_legend("zh") == "* p<0.05，** p<0.01，*** p<0.001。"


# --------------------------------------------------------------------------------------------
# The table object and its adapters
# --------------------------------------------------------------------------------------------
def test_frame_table_formats_p_bounded_and_stars():
    frame = pd.DataFrame({"r": [0.4521, -0.0712, 0.2], "p": [0.0004, 0.0123, 0.3],
                          "n": [120, 98, 100], "sig": [True, True, False]},
                         index=pd.Index(["服务", "价格", "交货"], name="因素"))
    t = table(frame, caption="Correlations", caption_zh="相关分析", bounded=["r"], stars_on="r")
    assert t.header == ("因素", "r", "p", "n", "sig")
    # "sig" holds booleans here, not p-values: p_columns decides, by name only when unnamed
    t = table(frame, bounded=["r"], stars_on="r", p_columns=["p"])
    assert t.rows[0] == ("服务", ".452***", "< .001", "120", "yes")
    assert t.rows[1][:3] == ("价格", "−.071*", ".012")
    assert t.rows[2][1] == ".200"
    assert t.note == "* p < .05. ** p < .01. *** p < .001."
    plain = table(frame, bounded=["r"], stars_on="r", p_columns=["p"], language="zh")
    assert plain.rows[0] == ("服务", "0.452***", "<0.001", "120", "是")
    assert plain.note == "注：* p<0.05，** p<0.01，*** p<0.001。".removeprefix("注：")


def test_frame_table_keeps_a_range_index_out_and_reads_unicode_names():
    frame = pd.DataFrame({"满意度 (%)": [81.25, 64.5], "题项_α": ["好", "差"]})
    t = table(frame, decimals=1)
    assert t.header == ("满意度 (%)", "题项_α")
    assert t.rows == (("81.2", "好"), ("64.5", "差"))


def test_captions_bilingual_and_numbered():
    t = table(pd.DataFrame({"x": [1.0]}), caption="Sample", caption_zh="样本")
    assert t.caption_lines() == ["Sample", "样本"]
    assert t.caption_lines(3) == ["Table 3  Sample", "表 3  样本"]
    zh = table(pd.DataFrame({"x": [1.0]}), caption="Sample", caption_zh="样本", language="zh")
    assert zh.caption_lines(2) == ["表 2  样本", "Table 2  Sample"]
    only_zh = table(pd.DataFrame({"x": [1.0]}), caption_zh="样本", note="数据来源：问卷", language="zh")
    assert only_zh.caption_lines(1) == ["表 1  样本"] and only_zh.note_line() == "注：数据来源：问卷"


def test_alpha_tables(results):
    one = table(results["alpha"])
    assert one.header == ("Items", "Cronbach's α", "Standardized α", "95% CI")
    assert one.rows[0][1] == format_number(results["alpha"].alpha, 3, bounded=True)
    assert one.caption == "Reliability of the scale" and one.caption_zh == "量表信度"
    items = table(results["alpha"], items=results["items"], language="zh")
    assert items.header == ("题项", "修正的项目总计相关性", "删除该项后的α")
    assert [r[0] for r in items.rows] == SATIS
    r = results["items"].loc["satis_1"]
    assert items.rows[0][1:] == (f"{r['item_total_r']:.3f}", f"{r['alpha_if_deleted']:.3f}")
    alpha = results["alpha"].alpha
    assert f"Cronbach's α = {alpha:.3f}" in items.note
    several = table({"满意": results["alpha"], "Satisfaction": results["alpha"]})
    assert [r[0] for r in several.rows] == ["满意", "Satisfaction"]


def test_kmo_table(results):
    k = results["kmo"]
    t = table(k)
    cells = [r[1:] for r in t.rows]
    assert cells == [("KMO", format_number(k.kmo, bounded=True)), ("χ²", f"{k.chi2:.2f}"),
                     ("df", str(k.df)), ("p", "< .001")]


def test_path_table_has_beta_t_p_ci_and_stars(results):
    res = results["path"]
    t = table(res)
    assert t.header == ("Path", "β", "SE", "t", "p", "95% CI")
    first = res.paths.iloc[0]
    row = t.rows[0]
    assert row[0] == f"{first['source']} → {first['target']}"
    assert row[1] == f"{first['estimate']:.3f}***"
    assert row[3] == f"{first['estimate'] / first['se']:.2f}"
    assert row[5] == f"[{first['ci_low']:.3f}, {first['ci_high']:.3f}]"
    assert "*** p < .001." in t.note and "R²" in t.note
    rel = table(res, part="reliability")
    assert rel.header == ("Construct", "Items", "Cronbach's α", "ρA", "CR", "AVE")
    assert len(rel.rows) == len(res.reliability)
    fl = table(res, part="fornell_larcker")
    assert fl.rows[0][2] == ""  # above the diagonal stays empty
    unbootstrapped = satisfaction.fit_path_model(load_world().survey.head(300),
                                                 *satisfaction.acsi_model(), bootstrap=0)
    assert table(unbootstrapped).header == ("Path", "β")


@pytest.mark.parametrize("name, header", [
    ("driver", ("Driver", "β", "95% CI", "p", "VIF", "Relative weight", "Rank")),
    ("ordinal", ("Variable", "B", "SE", "z", "p")),
    ("choice", ("Attribute", "B", "SE", "z", "p")),
    ("hazard", ("Covariate", "B", "SE", "HR", "95% CI of HR", "p")),
    ("bgnbd", ("Parameter", "Estimate", "SE")),
    ("efa", ("Item", "F1", "F2", "Communality"))])
def test_each_result_has_its_standard_table(results, name, header):
    t = table(results[name])
    assert t.header == header
    assert t.caption and t.caption_zh and t.note
    assert all(len(r) == len(header) for r in t.rows)
    zh = table(results[name], language="zh")
    assert zh.caption_lines(1)[0].startswith("表 1  ")
    assert not re.search(r"(?<![\d.])\.\d", " ".join(" ".join(r) for r in zh.rows)), \
        "plain style keeps every leading zero"


def test_choice_table_values(results):
    res = results["choice"]
    summary = res.summary()
    t = table(res)
    for row, (name, s) in zip(t.rows, summary.iterrows()):
        assert row[0] == name
        assert row[1] == format_number(s["coef"]) + stars(s["p_value"])
        assert row[2] == format_number(s["std_err"]) and row[4] == format_p(s["p_value"])


def test_interpretation_goes_into_the_note(results):
    t = table(results["alpha"], interpretation=True, note="Survey 2019-2025.")
    assert t.note.startswith("Survey 2019-2025. n = ")
    assert t.note.endswith(interpret(results["alpha"]))


def test_html_view_is_a_three_line_table(results):
    html = table(results["choice"], caption_zh="条件Logit")._repr_html_()
    assert html.count("<table") == 1 and "条件Logit" in html and "Note." in html
    assert html.count("border-top:1.5pt") == len(table(results["choice"]).header)
    assert "border-left:none" in html and not re.search(r"border-(left|right):\s*\d", html)
    assert "product_value" in str(table(results["choice"]))


def test_plain_text_and_repr():
    t = table(pd.DataFrame({"客户": ["甲公司", "B"], "x": [1.0, 22.0]}), caption="Scores")
    lines = str(t).splitlines()
    assert lines[0] == "Scores" and set(lines[1]) == {"─"} and lines[-1] == lines[1]
    assert lines[2:6] == ["客户    x", lines[1], "甲公司  1.000", "B       22.000"]
    assert repr(t) == "ThesisTable('Scores', 2 columns, 2 rows, language='en', number=None)"


# --------------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------------
def _borders(cell) -> dict:
    box = cell._tc.tcPr.find(qn("w:tcBorders"))
    return {} if box is None else {el.tag.split("}")[1]: el.get(qn("w:val")) for el in box}


def _check_three_lines(grid):
    rows = grid.rows
    off = (None, "nil", "none")
    box = grid._tbl.tblPr.find(qn("w:tblBorders"))
    assert box is not None and all(el.get(qn("w:val")) in off for el in box)
    for i, row in enumerate(rows):
        for cell in row.cells:
            b = _borders(cell)
            assert b.get("left") in off and b.get("right") in off, "a vertical rule"
            assert b.get("insideV") in off and b.get("insideH") in off
            assert (b.get("top") == "single") == (i == 0), f"row {i}: top rule"
            assert (b.get("bottom") == "single") == (i in (0, len(rows) - 1)), \
                f"row {i}: bottom rule"


def test_docx_table_read_back(tmp_path, results):
    path = tmp_path / "alpha.docx"
    t = table(results["alpha"], items=results["items"], caption="Reliability",
              caption_zh="信度分析")
    numbered = t.to_docx(path)
    assert numbered.number == 1
    document = docx.Document(str(path))
    assert len(document.tables) == 1
    grid = document.tables[0]
    texts = [[c.text for c in row.cells] for row in grid.rows]
    assert texts[0] == list(t.header)
    assert texts[1:] == [list(r) for r in t.rows]
    _check_three_lines(grid)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["Table 1  Reliability", "表 1  信度分析"]
    alpha = f"{results['alpha'].alpha:.3f}".lstrip("0")
    assert paragraphs[2].startswith(f"Note. Cronbach's α = {alpha}")
    box = grid.rows[0].cells[0]._tc.tcPr.find(qn("w:tcBorders"))
    top, under = (int(box.find(qn(f"w:{side}")).get(qn("w:sz"))) for side in ("top", "bottom"))
    assert top > under  # the top and bottom rules are heavier than the one under the header


def test_docx_one_row_table_has_all_three_rules(tmp_path, results):
    path = tmp_path / "kmo.docx"
    table(results["alpha"]).to_docx(path)
    grid = docx.Document(str(path)).tables[0]
    body = _borders(grid.rows[1].cells[0])
    assert body.get("bottom") == "single"
    _check_three_lines(grid)


def test_several_tables_in_one_document_are_numbered(tmp_path, results):
    doc = ThesisDocument()
    first = doc.add(results["alpha"])
    second = doc.add(results["kmo"], language="zh")
    doc.add_paragraph(interpret(results["kmo"], "zh"))
    third = doc.add(pd.DataFrame({"客户": ["甲", "乙"], "得分": [0.5, 0.25]}),
                    caption="Scores", caption_zh="客户得分")
    assert (first.number, second.number, third.number) == (1, 2, 3)
    path = doc.save(tmp_path / "thesis.docx")
    document = docx.Document(str(path))
    assert len(document.tables) == 3
    paragraphs = [p.text for p in document.paragraphs]
    captions = [p for p in paragraphs if re.match(r"^(Table|表) \d", p)]
    assert captions == ["Table 1  Reliability of the scale", "表 1  量表信度",
                        "表 2  KMO和Bartlett检验", "Table 2  KMO and Bartlett's test",
                        "Table 3  Scores", "表 3  客户得分"]
    assert interpret(results["kmo"], "zh") in paragraphs
    assert [c.text for c in document.tables[2].rows[0].cells] == ["客户", "得分"]
    for grid in document.tables:
        _check_three_lines(grid)
    assert repr(doc) == "ThesisDocument(3 tables)"


def test_append_to_a_docx_continues_the_numbering(tmp_path, results):
    path = tmp_path / "chapter.docx"
    assert table(results["alpha"]).to_docx(path).number == 1
    assert table(results["kmo"]).to_docx(path, append=True).number == 2
    assert table(results["kmo"]).to_docx(path).number == 1  # without append: a new file
    doc = ThesisDocument(path)
    assert doc.add(results["choice"]).number == 2
    assert table(results["alpha"]).to_docx(doc).number == 3


# --------------------------------------------------------------------------------------------
# Excel and LaTeX
# --------------------------------------------------------------------------------------------
def test_xlsx_read_back(tmp_path, results):
    path = tmp_path / "tables.xlsx"
    t = table(results["kmo"], caption_zh="KMO检验", caption="KMO test", language="zh")
    t.to_excel(path, "表1")
    table(results["alpha"]).to_excel(path)  # a second sheet in the same workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["表1", "Table 1"]
    ws = book["表1"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "KMO检验" and values[1][0] == "KMO test"
    assert values[2] == list(t.header)
    body = values[3:3 + len(t.rows)]
    assert body == [[v if v != "" else None for v in r] for r in t.rows]
    assert values[3 + len(t.rows)][0] == t.note_line()

    def style(cell, side):
        border = getattr(cell.border, side)
        return None if border is None else border.style

    n = len(t.header)
    header, last = ws[3][:n], ws[2 + len(t.rows) + 1][:n]
    assert all(style(c, "top") == "medium" and style(c, "bottom") == "thin" for c in header)
    assert all(style(c, "bottom") == "medium" for c in last)
    for row in ws.iter_rows():
        for c in row:
            assert style(c, "left") is None and style(c, "right") is None
    middle = ws[4][:n]
    assert all(style(c, "bottom") is None and style(c, "top") is None for c in middle)


def test_latex_uses_booktabs_and_no_vertical_rules(results):
    latex = table(results["path"], caption="Structural model: path coefficients",
                  caption_zh="路径系数").to_latex()
    for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
        assert latex.count(rule) == 1
    spec = re.search(r"\\begin\{tabular\}\{([^}]*)\}", latex).group(1)
    assert "|" not in spec and "|" not in latex
    assert "\\hline" not in latex
    assert "\\caption{Structural model: path coefficients}" in latex
    assert "表~\\thetable\\quad 路径系数" in latex
    assert "$\\rightarrow$" in latex and "$<$ .001" in latex and "$-$" in latex


def test_latex_escapes_special_characters_and_keeps_unicode():
    frame = pd.DataFrame({"a_b & c": ["50%", "x|y"], "满意度": [1.5, 2.0]})
    latex = table(frame, note="$ and #").to_latex()
    assert "a\\_b \\& c & 满意度 \\\\" in latex
    assert "50\\% & 1.500" in latex and "x\\textbar{}y" in latex
    assert "\\$ and \\#" in latex


# --------------------------------------------------------------------------------------------
# Interpretations: the number and the source in both languages, passing and failing
# --------------------------------------------------------------------------------------------
def _number(x, language, d=2, bounded=True):
    return format_number(x, d, bounded=bounded, style="apa" if language == "en" else "plain")


PASSING = {
    "alpha": (lambda r: r.alpha, ["Nunnally", "(1978)"], "the scale is reliable", "量表信度良好"),
    "kmo": (lambda r: r.kmo, ["Kaiser (1974)", "Bartlett"], "suitable for factor analysis",
            "适合做因子分析"),
    "efa": (None, ["Hair et al. (2010)"], "the factor structure is clean", "因子结构清晰"),
    "path": (lambda r: r.reliability["composite_reliability"].min(),
             ["Fornell & Larcker", "Hair, Ringle & Sarstedt (2011)"],
             "every construct is reliable", "信度与收敛效度良好"),
    "path_discriminant": (None, ["Fornell & Larcker 1981"], "Fornell & Larcker 1981: √AVE above "
                          "every correlation with another construct) holds", "区分效度（Fornell & "
                          "Larcker 1981：√AVE 大于与其他潜变量的相关系数）满足"),
    "driver": (lambda r: r.r2, ["Hair et al. (2017)", "Johnson 2000"],
               "collinearity is no concern", "不存在严重的多重共线性"),
    "choice": (lambda r: r.pseudo_r2, ["McFadden (1979)"], "the model fits well", "模型拟合良好"),
    "hazard": (None, ["Grambsch & Therneau 1994", "Fisher 1925"], "holds for every term",
               "均满足"),
}
FAILING = {
    "alpha": (lambda r: r.alpha, ["Nunnally", "(1978)"], "not reliable enough", "量表信度不足"),
    "kmo": (lambda r: r.kmo, ["Kaiser (1974)", "Bartlett"], "not suitable for factor analysis",
            "不适合做因子分析"),
    "efa": (None, ["Hair et al. (2010)"], "needs work", "有待改进"),
    "path": (lambda r: r.reliability["composite_reliability"].min(), ["Fornell & Larcker"],
             "fall short", "未达标"),
    "driver": (lambda r: r.r2, ["Hair et al. (2017)", "Hair et al. (2010)"], "unstable",
               "存在多重共线性"),
    "choice": (lambda r: r.pseudo_r2, ["McFadden (1979)"], "fits weakly", "拟合较弱"),
    "hazard": (None, ["Fisher 1925"], "not significant", "不显著"),
}


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", list(PASSING))
def test_interpretation_of_a_passing_result(results, name, language):
    figure, sources, verdict_en, verdict_zh = PASSING[name]
    text = interpret(results[name.removesuffix("_discriminant")], language)
    if figure is not None:
        assert _number(figure(results[name]), language) in text
    for source in sources:
        assert source in text
    assert (verdict_en if language == "en" else verdict_zh) in text


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", list(FAILING))
def test_interpretation_of_a_failing_result(failing, name, language):
    figure, sources, verdict_en, verdict_zh = FAILING[name]
    text = interpret(failing[name], language)
    if figure is not None:
        assert _number(figure(failing[name]), language) in text
    for source in sources:
        assert source in text
    assert (verdict_en if language == "en" else verdict_zh) in text


def test_interpretation_examples_word_for_word(results, failing):
    assert interpret(results["alpha"]) == ("Cronbach's α = .86, above Nunnally's (1978) "
                                           "threshold of .70: the scale is reliable.")
    assert interpret(results["alpha"], "zh") == ("Cronbach's α 为 0.86，高于 Nunnally (1978) "
                                                 "建议的 0.70，量表信度良好。")
    assert interpret(failing["alpha"], "zh").startswith("Cronbach's α 为 0.21，低于 Nunnally")
    assert interpret(results["alpha"], style="plain").startswith("Cronbach's α = 0.86")
    hazard = interpret(failing["hazard"])
    hr = failing["hazard"].hazard_ratios.loc["z"]
    assert f"HR = {hr['hazard_ratio']:.2f} (p = {format_p(hr['p_value'])}" in hazard


def test_interpretation_of_the_other_verdicts(results, failing):
    ordinal = interpret(results["ordinal"])  # pseudo R² .17 on the world: below .20
    assert "McFadden (1979)" in ordinal and "fits weakly" in ordinal
    assert _number(results["ordinal"].model.prsquared, "en") in ordinal
    good = interpret(failing["ordinal_good"], "zh")
    assert "McFadden (1979)" in good and "模型拟合良好" in good
    kmo = interpret(results["kmo"])
    assert "meritorious" in kmo or "marvelous" in kmo or "middling" in kmo
    assert f"χ²({results['kmo'].df})" in kmo
    several = interpret({"A": results["alpha"], "B": failing["alpha"]})
    assert "α of A = .86" in several and "α of B = .21" in several


def test_every_threshold_has_a_value_and_a_source():
    for key, row in THRESHOLDS.items():
        assert row["rule"] in (">=", ">", "<", "<="), key
        assert isinstance(row["value"], float) and re.search(r"\(\d{4}\)", row["source"]), key
    assert THRESHOLDS["alpha"]["value"] == 0.70 and "Nunnally" in THRESHOLDS["alpha"]["source"]
    assert [lvl[0] for lvl in THRESHOLDS["kmo"]["levels"]][:4] == [0.9, 0.8, 0.7, 0.6]
    assert THRESHOLDS["ave"]["value"] == 0.5 and THRESHOLDS["composite_reliability"]["value"] == 0.7


# --------------------------------------------------------------------------------------------
# Bad input: the house's clear errors
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, message", [
    (lambda: format_number("0.5"), TypeError, r"^format_number: value must be a number; got str"),
    (lambda: format_number(True), TypeError, r"^format_number: value must be a number"),
    (lambda: format_number(0.5, 9), ValueError,
     r"^format_number: decimals must be between 0 and 6"),
    (lambda: format_number(0.5, style="chicago"), ValueError,
     r"^format_number: style must be one of \['apa', 'plain'\]; got 'chicago'"),
    (lambda: format_number(0.5, missing=None), TypeError, r"^format_number: missing must be a str"),
    (lambda: format_p(1.5), ValueError, r"^format_p: p must be a probability in \[0, 1\]; got 1.5"),
    (lambda: format_p(-0.1), ValueError, r"^format_p: p must be a probability"),
    (lambda: format_p(0.5, 4), ValueError, r"^format_p: decimals must be between 2 and 3"),
    (lambda: format_p([0.5]), TypeError, r"^format_p: p must be a number; got list"),
    (lambda: stars(2.0), ValueError, r"^stars: p must be a probability"),
    (lambda: stars("0.01"), TypeError, r"^stars: p must be a number"),
    (lambda: star_legend("fr"), ValueError, r"^star_legend: language must be one of"),
    (lambda: star_legend(pd.DataFrame()), TypeError, r"^star_legend: language must be one of"),
    (lambda: interpret(pd.DataFrame({"a": [1]})), TypeError,
     r"^interpret: result must be one of AlphaResult, .*; got DataFrame"),
    (lambda: interpret({}), TypeError, r"^interpret: result must be one of"),
    (lambda: table(None), TypeError, r"^table: result must be a DataFrame, AlphaResult"),
    (lambda: table({"a": 1}), TypeError, r"^table: result must be .*; got dict"),
    (lambda: table(pd.DataFrame()), ValueError, r"^table: result must be a DataFrame with rows"),
    (lambda: table(pd.DataFrame({"a": [np.nan]})), ValueError, r"^table: result must have values"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), language="de"), ValueError,
     r"^table: language must be one of \['en', 'zh'\]; got 'de'"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), decimals=0), ValueError,
     r"^table: decimals must be between 1 and 6"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), caption=3), TypeError,
     r"^table: caption must be a str or None; got int"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), bounded="a"), TypeError,
     r"^table: bounded must be a list of column names"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), bounded=["b"]), ValueError,
     r"^table: column 'b' not in result; available: \['a'\]"),
    (lambda: table(pd.DataFrame({"a": [1.0], "p": ["x"]}), p_columns=["p"]), TypeError,
     r"^table: column 'p' of result must be numeric"),
    (lambda: table(pd.DataFrame({"a": [1.0], "b": [0.1]}), stars_on="a"), ValueError,
     r"^table: stars_on needs exactly one p-value column; got \[\]"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), interpretation="yes"), TypeError,
     r"^table: interpretation must be True or False"),
    (lambda: table(pd.DataFrame({"a": [1.0]}), part="paths"), ValueError,
     r"^table: part is for a PathModelResult, SEMResult or MeasurementQuality; got DataFrame"),
])
def test_bad_input_is_refused_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_input_for_results_and_writers(results, tmp_path):
    with pytest.raises(ValueError, match=r"^table: part must be one of \['paths', "):
        table(results["path"], part="loadings")
    with pytest.raises(ValueError, match=r"^table: items is for an AlphaResult; got KMOResult"):
        table(results["kmo"], items=results["items"])
    with pytest.raises(ValueError, match=r"^table: column 'item_total_r', 'alpha_if_deleted' "
                                         r"not in items"):
        table(results["alpha"], items=pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match=r"^table: bounded, p_columns and stars_on are for a "
                                         r"DataFrame; got ChoiceModel"):
        table(results["choice"], stars_on="coef")
    t = table(results["alpha"])
    with pytest.raises(TypeError, match=r"^ThesisTable.to_docx: path_or_document must be a path"):
        t.to_docx(3)
    with pytest.raises(ValueError, match=r"^ThesisTable.to_docx: path_or_document must end in "
                                         r"\.docx"):
        t.to_docx(tmp_path / "t.doc")
    with pytest.raises(TypeError, match=r"^ThesisTable.to_docx: append must be True or False"):
        t.to_docx(tmp_path / "t.docx", append="yes")
    with pytest.raises(ValueError, match=r"^ThesisTable.to_excel: path must end in \.xlsx"):
        t.to_excel(tmp_path / "t.csv")
    with pytest.raises(ValueError, match=r"^ThesisTable.to_excel: sheet must be a name of 1-31"):
        t.to_excel(tmp_path / "t.xlsx", "a/b")
    with pytest.raises(ValueError, match=r"^ThesisDocument: path must be an existing \.docx"):
        ThesisDocument(tmp_path / "missing.docx")
    doc = ThesisDocument()
    with pytest.raises(TypeError, match=r"^ThesisDocument.add: options are for a result"):
        doc.add(t, caption="x")
    with pytest.raises(TypeError, match=r"^ThesisDocument.add_paragraph: text must be a str"):
        doc.add_paragraph(None)
    with pytest.raises(ValueError, match=r"^ThesisDocument.save: path must end in \.docx"):
        doc.save(tmp_path / "x.txt")
    assert not list(tmp_path.iterdir()), "a refused call wrote a file"


def test_a_thesis_table_is_frozen(results):
    t = table(results["alpha"])
    assert isinstance(t, ThesisTable)
    with pytest.raises(AttributeError):
        t.note = "changed"
    assert t.to_frame().columns.tolist() == list(t.header)
