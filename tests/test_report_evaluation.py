"""crmlab.report for the evaluation methods of Chinese satisfaction theses: the Kano table,
fuzzy comprehensive evaluation and grey relational analysis. Small hand-built inputs whose
numbers are checked by hand in the comments; every .docx is written and read back."""
from __future__ import annotations

import docx
import numpy as np
import pandas as pd
import pytest

from crmlab import report, satisfaction
from crmlab.report import THRESHOLDS, ThesisDocument, interpret, table


@pytest.fixture(scope="module")
def kano():
    # delivery: M 6, O 5, I 4, A 2, Q 2, R 1 of 20 -> M 30 % against O 25 %: a weak category;
    # Better = (2 + 5)/17 = .41, Worse = -(5 + 6)/17 = -.65.  gifts: I 10, A 8 -> I, 10 points.
    cats = pd.DataFrame({"delivery": list("MMMMMMOOOOOAAIIIIRQQ"),
                         "gifts": list("IIIIIIIIIIAAAAAAAAOM")})
    return satisfaction.kano_table(cats)


@pytest.fixture(scope="module")
def tied():
    # 2 M and 2 O: tied, M by M > O > A > I.
    return satisfaction.kano_table(pd.DataFrame({"support": list("MMOOA")}))


@pytest.fixture(scope="module")
def fuzzy():
    # 产品 = .5·[.5 .3 .2] + .5·[.2 .6 .2] = [.35 .45 .20]; B = .6·产品 + .4·[.7 .2 .1] =
    # [.49 .35 .16]; α = (3·.49 − 1)/(2·.35·2) = .336; score = 3·.49 + 2·.35 + .16 = 2.33.
    prod = pd.DataFrame([[0.5, 0.3, 0.2], [0.2, 0.6, 0.2]], index=["质量", "价格"],
                        columns=["好", "中", "差"])
    serv = pd.DataFrame([[0.7, 0.2, 0.1]], index=["响应"], columns=["好", "中", "差"])
    return satisfaction.fuzzy_evaluation_two_level(
        {"产品": prod, "服务": serv}, {"产品": 0.6, "服务": 0.4},
        {"产品": {"质量": 0.5, "价格": 0.5}, "服务": {"响应": 1.0}}, grade_values=[3, 2, 1])


@pytest.fixture(scope="module")
def grey():
    # minmax, price a cost: S1 [2/3, 0], S2 [0, 1], S3 [1, .5]; ideal [1, 1]; ξ = .5/(Δ + .5):
    # S1 (.6 + .333)/2 = .467, S2 (.333 + 1)/2 = .667, S3 (1 + .5)/2 = .75.
    data = pd.DataFrame({"price": [10.0, 12.0, 9.0], "quality": [7.0, 9.0, 8.0]},
                        index=["S1", "S2", "S3"])
    return satisfaction.grey_relational(data, ["price", "quality"],
                                        {"price": "cost", "quality": "benefit"})


def test_kano_table_carries_its_marker(kano):
    assert kano.attrs["crmlab"] == "kano_table"
    assert kano["A"].sum() == 10 and kano.loc["delivery", "category"] == "M"


def test_kano_interpretation_word_for_word(kano):
    assert interpret(kano) == (
        "Kano categories by the modal count (Kano et al. 1984; Berger et al. 1993), with "
        "Better, the satisfaction gained by offering the attribute (0 to 1), and Worse, the "
        "dissatisfaction when it is missing (−1 to 0; Berger et al. 1993): delivery must-be M "
        "(30.0% of 20; Better .41, Worse −.65); gifts indifferent I (50.0% of 20; Better .45, "
        "Worse −.10). Category strength (Lee & Newcomb 1997: the two largest shares at least 6 "
        "percentage points apart) is too small for delivery (M 30.0% against O 25.0%): read "
        "these as a mix of both categories.")
    assert interpret(kano, "zh") == (
        "按频数最多的类别归类（Kano et al. 1984；Berger et al. 1993），Better 系数为提供该属性"
        "带来的满意度提升（0 至 1），Worse 系数为缺少该属性带来的不满（−1 至 0；Berger et al. "
        "1993）：delivery为必备型M（占20人的30.0%；Better 0.41，Worse −0.65）；gifts为无差异型I"
        "（占20人的50.0%；Better 0.45，Worse −0.10）。类别强度（Lee & Newcomb 1997：最大的两个"
        "比例至少相差 6 个百分点）：delivery（M 30.0%，O 25.0%）的差距不足，类别较弱，应视为两类"
        "的混合。")


def test_kano_ties_and_clear_categories(tied, kano):
    text = interpret(tied)
    assert "support must-be M (40.0% of 5" in text
    assert "Tied: support (M and O 40.0% each); classified by M > O > A > I (Matzler et al. " \
           "1996)." in text
    assert "频数并列：support（M与O均为40.0%）" in interpret(tied, "zh")
    clear = interpret(kano.loc[["gifts"]])  # a row selection keeps the marker and the columns
    assert "holds for every attribute; the smallest margin is 10.0 points (gifts)." in clear


def test_kano_thesis_table(kano, tied):
    t = table(kano, language="zh")
    assert t.header == ("属性", "魅力型A", "期望型O", "必备型M", "无差异型I", "反向型R", "可疑Q",
                        "n", "类别", "Better", "Worse")
    assert t.rows[0] == ("delivery", "2 (10.0%)", "5 (25.0%)", "6 (30.0%)", "4 (20.0%)",
                         "1 (5.0%)", "2 (10.0%)", "20", "必备型M‡", "0.412", "−0.647")
    assert t.caption_lines() == ["KANO属性分类", "Kano classification of the attributes"]
    assert "Lee & Newcomb 1997" in t.note and "†" not in t.note
    en = table(tied)
    assert en.header[1] == "Attractive A" and en.rows[0][8] == "M must-be†"
    assert "Matzler et al. 1996" in en.note and "Berger et al. 1993" in en.note
    # a selection of columns is an ordinary frame again
    plain = table(kano[["A", "O", "category"]])
    assert plain.header == ("attribute", "A", "O", "category")


def test_fuzzy_interpretation_word_for_word(fuzzy):
    assert interpret(fuzzy) == (
        "By the maximum-membership principle the verdict is 好, membership .490 against .350 "
        "for 中 (operator M(·,⊕)). The effectiveness of the principle, α = (nβ − 1)/(2γ(n − 1)) "
        "= 0.34, is of low effectiveness (Liu et al. 1999: at least 1 fully effective, 0.5 to 1 "
        "fairly effective, below 0.5 of low effectiveness): the verdict is weak; report the "
        "weighted score instead. The weighted score is 2.33. By criterion: 产品 中 (.450); "
        "服务 好 (.700).")
    assert interpret(fuzzy, "zh") == (
        "按最大隶属度原则，评价结果为“好”，隶属度 0.490，次大为“中” 0.350（合成算子 M(·,⊕)）；"
        "最大隶属度原则的有效度 α = (nβ−1)/(2γ(n−1)) = 0.34，按刘开第等 (1999) 的标准（α ≥ 1 "
        "完全有效，0.5 ≤ α < 1 比较有效，α < 0.5 低效）属于“低效”，评价结论不够可靠，宜以加权"
        "得分为准。加权得分为 2.33。各指标：产品 为“中”（0.450）；服务 为“好”（0.700）。")


def test_fuzzy_effectiveness_levels():
    R = pd.DataFrame([[0.9, 0.1, 0.0]], index=["x"], columns=["好", "中", "差"])
    strong = satisfaction.fuzzy_evaluation(R, [1.0])  # (3·.9 − 1)/(2·.1·2) = 4.25
    assert "= 4.25, is fully effective" in interpret(strong)
    assert "the verdict holds." in interpret(strong) and "weighted score" not in interpret(strong)
    fair = satisfaction.fuzzy_evaluation(
        pd.DataFrame([[0.6, 0.4, 0.0]], index=["x"], columns=list("abc")), [1.0])
    assert "= 0.50, is fairly effective" in interpret(fair)  # (1.8 − 1)/(2·.4·2) = .5
    only = satisfaction.fuzzy_evaluation(
        pd.DataFrame([[1.0, 0.0]], index=["x"], columns=list("ab")), [1.0])
    assert "= ∞, is fully effective" in interpret(only)
    flat = satisfaction.fuzzy_evaluation(
        pd.DataFrame([[0.5, 0.5]], index=["x"], columns=list("ab")), [1.0])
    assert "= 0.00, is ineffective" in interpret(flat) and "属于“失效”" in interpret(flat, "zh")
    assert THRESHOLDS["fuzzy_effectiveness"]["value"] == 0.5
    assert THRESHOLDS["kano_strength"]["value"] == 0.06


def test_fuzzy_thesis_table(fuzzy):
    t = table(fuzzy)
    assert t.header == ("Criterion", "Weight", "好", "中", "差")
    assert t.rows == (("产品", ".600", ".350", ".450", ".200"),
                      ("服务", ".400", ".700", ".200", ".100"),
                      ("Evaluation vector B", "", ".490", ".350", ".160"))
    assert t.caption == "Two-level fuzzy comprehensive evaluation"
    assert "verdict is 好 (.490), effectiveness α = 0.34 (Liu et al. 1999); weighted score " \
           "2.33." in t.note
    zh = table(fuzzy.levels["产品"], language="zh")
    assert zh.caption_zh == "模糊综合评价" and zh.rows[-1][0] == "综合评价向量B"
    assert "最大隶属度原则" in zh.note and "加权平均型" in zh.note


def test_grey_interpretation_and_table(grey):
    assert interpret(grey) == (
        "Grey relational degrees (Deng 1982; distinguishing coefficient ρ = 0.5, normalization "
        "minmax), with ranks: S3 .750 (1), S2 .667 (2), S1 .467 (3). Closest to the reference "
        "sequence: S3; a degree means something only beside the others, so read the ranking, "
        "not the level (Deng 1989).")
    assert interpret(grey, "zh") == (
        "灰色关联度（邓聚龙 1982；分辨系数 ρ = 0.5，无量纲化：区间值化 (极差标准化)）及排序："
        "S3 0.750（1），S2 0.667（2），S1 0.467（3）。最接近参考数列的评价对象是S3；关联度只有"
        "相对意义，应看排序而非大小（邓聚龙 1989）。")
    t = table(grey, language="zh")
    assert t.header == ("评价对象", "灰色关联度", "排序")
    assert t.rows == (("S3", "0.750", "1"), ("S2", "0.667", "2"), ("S1", "0.467", "3"))


def test_grey_factors():
    years = pd.DataFrame({"revenue": [10, 12, 15, 16], "visits": [5, 6, 8, 8],
                          "discount": [3, 3, 2, 4]})
    res = satisfaction.grey_relational_factors(years, "revenue", ["visits", "discount"], rho=0.4)
    text = interpret(res)
    assert "ρ = 0.4" in text and "moving most closely with revenue is visits" in text
    assert f"visits {report.format_number(res.degrees['visits'], 3, bounded=True)} (1)" in text
    t = table(res)
    assert t.header[0] == "Factor" and [r[0] for r in t.rows] == ["visits", "discount"]
    assert "reference sequence revenue" in t.note


def test_new_tables_in_docx_read_back(tmp_path, kano, fuzzy, grey):
    doc = ThesisDocument()
    for result in (kano, fuzzy, grey):
        doc.add(result, language="zh")
        doc.add_paragraph(interpret(result, "zh"))
    path = doc.save(tmp_path / "evaluation.docx")
    back = docx.Document(str(path))
    assert len(back.tables) == 3
    cells = [[[c.text for c in row.cells] for row in t.rows] for t in back.tables]
    assert cells[0][0][1] == "魅力型A" and cells[0][1][8] == "必备型M‡"
    assert cells[1][-1][:3] == ["综合评价向量B", "", "0.490"]
    assert cells[2][1] == ["S3", "0.750", "1"]
    text = "\n".join(p.text for p in back.paragraphs)
    assert "表 1  KANO属性分类" in text and "表 3  灰色关联分析" in text
    assert "Lee & Newcomb 1997" in text and "刘开第等 (1999)" in text and "邓聚龙 1989" in text


def test_new_tables_to_excel_and_latex(tmp_path, kano, fuzzy):
    import openpyxl
    path = table(kano).to_excel(tmp_path / "kano.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[3]][:2] == ["Attribute", "Attractive A"]
    latex = table(fuzzy).to_latex()
    assert "\\toprule" in latex and "Evaluation vector B" in latex and "|" not in latex


def test_bad_evaluation_inputs(kano):
    broken = kano.drop(columns="tied")  # the marker survives, a column does not
    with pytest.raises(ValueError, match=r"interpret: result is a kano_table without its "
                                         r"columns \['tied'\]"):
        interpret(broken)
    with pytest.raises(ValueError, match="interpret: result is a kano_table without attributes"):
        interpret(kano.iloc[:0])
    with pytest.raises(ValueError, match="table: result is a kano_table without attributes"):
        table(kano.iloc[:0])
    unmarked = kano.copy()
    unmarked.attrs.clear()
    with pytest.raises(TypeError, match="interpret: result must be one of .*a kano_table"):
        interpret(unmarked)
    assert table(unmarked).header[0] == "attribute"  # an ordinary frame
    with pytest.raises(ValueError, match="language"):
        interpret(kano, "de")
    assert np.isfinite(kano["better"]).all()


def test_an_empty_fuzzy_vector_is_refused():
    R = pd.DataFrame([[0.0, 0.0]], index=["x"], columns=["好", "差"])
    res = satisfaction.fuzzy_evaluation(R, [1.0], normalize=False)
    with pytest.raises(ValueError, match="interpret: result's evaluation vector must be "
                                         "non-negative with a positive sum"):
        interpret(res)
    with pytest.raises(ValueError, match="table: result's evaluation vector"):
        table(res)
