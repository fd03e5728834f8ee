"""crmlab.satisfaction.read_questionnaire, and every satisfaction method on Unicode names.

The fixture is a Wenjuanxing (问卷星)-style workbook written with openpyxl from the world's
survey: Chinese headers, metadata columns, answers as option texts and as "n(text)",
blank answers, a reverse-worded item and a few answers no one can read.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab import satisfaction as sat
from crmlab.datasets import load_world

LABELS_7 = {1: "非常不满意", 2: "不满意", 3: "比较不满意", 4: "一般", 5: "比较满意", 6: "满意",
            7: "非常满意"}
# (header, world column, how the answer is written)
QUESTIONS = [("1. 产品质量稳定", "product_1", "number"),
             ("2. 产品性能可靠", "product_2", "text"),
             ("3. 产品规格齐全", "product_3", "coded"),
             ("4. 总体上对供应商满意", "satis_1", "number"),
             ("5. 供应商达到了我的期望", "satis_2", "text"),
             ("6. 我对这家供应商并不满意", "satis_3", "reversed"),
             ("7. 会继续从该供应商采购", "loyal_1", "number"),
             ("8. 会向同行推荐该供应商", "loyal_2", "number")]
CONSTRUCTS = {"产品质量": [1, 2, 3], "满意度": [4, 5, "我对这家供应商并不满意"],
              "忠诚": ["7. 会继续从该供应商采购", 8]}


@pytest.fixture(scope="module")
def survey():
    return load_world().survey.head(120).reset_index(drop=True)


def _export(survey) -> pd.DataFrame:
    out = {"序号": np.arange(1, len(survey) + 1),
           "提交答卷时间": pd.date_range("2025-03-01 09:00", periods=len(survey), freq="37min"),
           "所用时间": [f"{60 + i % 90}秒" for i in range(len(survey))],
           "来源": "微信", "来自IP": "112.64.0.1(上海-上海)"}
    for header, col, how in QUESTIONS:
        values = survey[col]
        if how == "number":
            out[header] = values.astype(object).where(values.notna(), None)
        elif how == "text":
            out[header] = [None if pd.isna(v) else LABELS_7[int(v)] for v in values]
        elif how == "coded":
            out[header] = [None if pd.isna(v) else f"{int(v)}({LABELS_7[int(v)]})" for v in values]
        else:  # the negatively worded item: the respondent answers 8 - x
            out[header] = [None if pd.isna(v) else int(8 - v) for v in values]
    frame = pd.DataFrame(out)
    frame.loc[3, "2. 产品性能可靠"] = "还行吧"            # an unknown option text
    frame.loc[5, "7. 会继续从该供应商采购"] = 9           # outside the 7-point scale
    frame.loc[7, "3. 产品规格齐全"] = "(跳过)"            # skipped: missing, not refused
    frame.loc[8, "1. 产品质量稳定"] = None                # blank
    return frame


@pytest.fixture(scope="module")
def workbook(survey, tmp_path_factory):
    path = tmp_path_factory.mktemp("wjx") / "问卷星导出_供应商满意度.xlsx"
    _export(survey).to_excel(path, sheet_name="答卷数据", index=False, engine="openpyxl")
    return path


def test_reads_a_wenjuanxing_workbook(survey, workbook):
    q = sat.read_questionnaire(workbook, CONSTRUCTS, scale=7, reverse=[6])
    assert q.blocks == {"产品质量": ["产品质量1", "产品质量2", "产品质量3"],
                        "满意度": ["满意度1", "满意度2", "满意度3"], "忠诚": ["忠诚1", "忠诚2"]}
    assert q.scale == (1, 7) and len(q.items) == len(survey) == len(q.meta)
    assert q.items.index.name == "序号" and q.meta.columns.tolist() == [
        "提交答卷时间", "所用时间", "来源", "来自IP"]
    expected = survey[[c for _, c, _ in QUESTIONS]].to_numpy().copy()
    expected[3, 1] = expected[5, 6] = expected[7, 2] = expected[8, 0] = np.nan
    got = q.items[[n for names in q.blocks.values() for n in names]].to_numpy()
    np.testing.assert_array_equal(got, expected)  # the reversed item is recoded back
    assert q.params.loc["满意度3", "reversed"] and not q.params.loc["满意度2", "reversed"]


def test_unknown_and_out_of_scale_answers_are_reported_with_row_and_column(survey, workbook):
    q = sat.read_questionnaire(workbook, CONSTRUCTS, scale=7, reverse=[6])
    p = q.problems
    assert p[["row", "respondent", "column"]].values.tolist() == [
        [5, 4, "2. 产品性能可靠"], [7, 6, "7. 会继续从该供应商采购"]]
    assert p["value"].tolist() == ["还行吧", 9]
    assert "unknown option text" in p["reason"].iloc[0] and "1-7" in p["reason"].iloc[1]
    # nothing lost: read + blank + refused = respondents x items
    params = q.params
    assert ((params["answered"] + params["blank"] + params["refused"]) == len(survey)).all()
    assert params["refused"].sum() == 2
    assert params.loc["产品质量3", "blank"] == survey["product_3"].isna().sum() + 1
    assert "2 refused" in repr(q)
    assert q.summary().loc["产品质量", "refused"] == 1
    with pytest.raises(ValueError, match=r"^read_questionnaire: row 5, column '2. 产品性能可靠'"):
        sat.read_questionnaire(workbook, CONSTRUCTS, scale=7, strict=True)


def test_csv_in_gbk_and_q_headers_and_own_option_texts(tmp_path):
    frame = pd.DataFrame({"序号": [1, 2, 3, 4], "Q1_服务响应快": ["非常同意", "同意", "", "非常不同意"],
                          "Q2_服务人员专业": ["很好", "一般", "同意", "不同意"]})
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False, encoding="gb18030")
    q = sat.read_questionnaire(path, {"服务": ["服务响应快", 2]}, options={"很好": 5},
                               names="label")
    pd.testing.assert_frame_equal(q.items, pd.DataFrame(
        {"服务响应快": [5.0, 4.0, np.nan, 1.0], "服务人员专业": [5.0, 3.0, 4.0, 2.0]},
        index=pd.Index([1, 2, 3, 4], name="序号")), check_index_type=False)
    assert q.problems.empty


@pytest.mark.parametrize("kwargs, message", [
    ({"scale": 6}, "scale must be 5 or 7"),
    ({"names": "x"}, "names must be"),
    ({"reverse": [9]}, "item 9 of constructs matches no column"),
    ({"options": {"很好": 9}}, "options must map"),
])
def test_refuses_bad_arguments(survey, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=rf"^read_questionnaire: {message}"):
        sat.read_questionnaire(_export(survey), CONSTRUCTS, **{"scale": 7, **kwargs})


def test_refuses_an_item_in_two_constructs(survey):
    with pytest.raises(ValueError, match=r"^read_questionnaire: column '1. 产品质量稳定' is given "
                                         r"to both"):
        sat.read_questionnaire(_export(survey), {"甲": [1, 2], "乙": [1, 3]}, scale=7)


# --------------------------------------------------------------------------------------------
# Every satisfaction method on Unicode construct and item names, on a 5- and a 7-point scale
# --------------------------------------------------------------------------------------------
def _unicode_survey(points: int) -> tuple[pd.DataFrame, dict]:
    """Three constructs of three items from one common factor each, on 1..points."""
    rng = np.random.default_rng(7)
    n = 300
    quality = rng.normal(size=n)
    satisfied = 0.6 * quality + 0.8 * rng.normal(size=n)
    loyal = 0.7 * satisfied + 0.7 * rng.normal(size=n)
    blocks = {"质量感知": ["质量①", "质量②", "质量③"], "满意度": ["满意①", "满意②", "满意③"],
              "忠诚度": ["忠诚①", "忠诚②", "忠诚③"]}
    data = {}
    for (name, items), factor in zip(blocks.items(), (quality, satisfied, loyal)):
        for item in items:
            latent = factor + 0.6 * rng.normal(size=n)
            data[item] = np.clip(np.round((points + 1) / 2 + latent * points / 5), 1, points)
    frame = pd.DataFrame(data)
    for attr in ("产品", "服务"):
        frame[f"感知_{attr}"] = np.clip(frame["质量①"] + rng.integers(-1, 2, n), 1, points)
        frame[f"期望_{attr}"] = np.clip(frame["质量②"] + rng.integers(-1, 2, n), 1, points)
        frame[f"重要性_{attr}"] = rng.integers(1, points + 1, n).astype(float)
    frame["总体满意"] = frame["满意①"].astype(int)
    return frame, blocks


def _unicode_calls(points):
    scale = (1, points)
    sat_items = ["满意①", "满意②", "满意③"]
    return {
        "cronbach_alpha": lambda d, b: sat.cronbach_alpha(d[sat_items], scale=scale),
        "item_total": lambda d, b: sat.item_total(d[sat_items], scale=scale),
        "kmo_bartlett": lambda d, b: sat.kmo_bartlett(d[sum(b.values(), [])], scale=scale),
        "efa": lambda d, b: sat.efa(d[sum(b.values(), [])], 3, scale=scale),
        "composite_reliability": lambda d, b: sat.composite_reliability(
            _pls(d, b, scale).loadings),
        "ave": lambda d, b: sat.ave(_pls(d, b, scale).loadings),
        "fit_path_model": lambda d, b: _pls(d, b, scale),
        "satisfaction_index": lambda d, b: sat.satisfaction_index(
            d, ["感知_产品", "感知_服务"], ["期望_产品", "期望_服务"]),
        "gap_scores": lambda d, b: sat.gap_scores(d, ["感知_产品", "感知_服务"],
                                                  ["期望_产品", "期望_服务"]),
        "driver_analysis": lambda d, b: sat.driver_analysis(d, "满意①", ["质量①", "质量②"]),
        "ipa": lambda d, b: sat.ipa(d, ["重要性_产品", "重要性_服务"], ["感知_产品", "感知_服务"]),
        "compare_importance": lambda d, b: sat.compare_importance(
            sat.ipa(d, ["重要性_产品", "重要性_服务"], ["感知_产品", "感知_服务"]),
            sat.ipa(d, {"产品": 0.3, "服务": 0.7}, ["感知_产品", "感知_服务"])),
        "fit_ordinal": lambda d, b: sat.fit_ordinal(d, "总体满意 ~ 质量① + 忠诚①"),
        "membership_matrix": lambda d, b: sat.membership_matrix(
            d, ["质量①", "质量②"], list(range(1, points + 1))),
        "fuzzy_evaluation": lambda d, b: sat.fuzzy_evaluation(
            sat.membership_matrix(d, ["质量①", "质量②"], list(range(1, points + 1))),
            {"质量①": 0.5, "质量②": 0.5}),
        "fuzzy_evaluation_two_level": lambda d, b: sat.fuzzy_evaluation_two_level(
            {"质量感知": sat.membership_matrix(d, ["质量①", "质量②"], list(range(1, points + 1))),
             "满意度": sat.membership_matrix(d, ["满意①"], list(range(1, points + 1)))},
            {"质量感知": 0.6, "满意度": 0.4},
            {"质量感知": {"质量①": 0.5, "质量②": 0.5}, "满意度": {"满意①": 1.0}}),
        "process": lambda d, b: sat.process(d, "质量①", "忠诚①", "满意①", boot=200, seed=1),
        "fit_sem": lambda d, b: sat.fit_sem(d, blocks=b, paths=[("质量感知", "满意度"),
                                                                ("满意度", "忠诚度")]),
        "fit_cfa": lambda d, b: sat.fit_cfa(
            d, "质量感知 =~ 质量① + 质量② + 质量③\n满意度 =~ 满意① + 满意② + 满意③"),
        "measurement_quality": lambda d, b: sat.measurement_quality(sat.fit_cfa(d, b)),
        "htmt": lambda d, b: sat.htmt(d, b),
        "harman_test": lambda d, b: sat.harman_test(d[sum(b.values(), [])]),
        "single_factor_test": lambda d, b: sat.single_factor_test(d, b),
        "grey_relational": lambda d, b: sat.grey_relational(
            d.head(10), ["质量①", "质量②"], "benefit"),
        "grey_relational_factors": lambda d, b: sat.grey_relational_factors(
            d.head(10), "满意①", ["质量①", "质量②"]),
    }


def _pls(d, b, scale):
    return sat.fit_path_model(d, b, [("质量感知", "满意度"), ("满意度", "忠诚度")], bootstrap=20,
                              seed=1, scale=scale)


UNICODE_CASES = [(name, points) for points in (5, 7) for name in _unicode_calls(points)]


@pytest.mark.parametrize("name, points", UNICODE_CASES,
                         ids=[f"{n}-{p}pt" for n, p in UNICODE_CASES])
def test_every_satisfaction_method_takes_unicode_names_on_a_declared_scale(name, points):
    data, blocks = _unicode_survey(points)
    result = _unicode_calls(points)[name](data, blocks)
    shown = result.summary() if hasattr(result, "summary") else result
    text = shown.to_string() if hasattr(shown, "to_string") else repr(shown)
    assert text and not any(bad in text for bad in ("\\u", "?"))
    repr(result)


def test_kano_takes_unicode_attribute_names():
    rng = np.random.default_rng(3)
    answers = sat.KANO_ANSWERS["chinese"].tolist()
    data = pd.DataFrame({"功能_正": rng.choice(answers, 40), "功能_反": rng.choice(answers, 40)})
    cats = sat.kano_classify(data, {"交货速度": ("功能_正", "功能_反")})
    assert list(cats.columns) == ["交货速度"]
    assert "交货速度" in sat.kano_table(cats).index


def test_questionnaire_feeds_the_path_model(survey, workbook):
    q = sat.read_questionnaire(workbook, CONSTRUCTS, scale=7, reverse=[6])
    res = sat.fit_path_model(q.items, q.blocks, [("产品质量", "满意度"), ("满意度", "忠诚")],
                             bootstrap=0, scale=q.scale)
    ordinal = sat.fit_ordinal(q.items, "满意度1 ~ 产品质量1")
    assert ordinal.params["产品质量1"] > 0
    assert res.params["产品质量 -> 满意度"] > 0 and res.params["满意度 -> 忠诚"] > 0
    alpha = sat.cronbach_alpha(q.items[q.blocks["满意度"]], scale=q.scale)
    assert 0 < alpha.alpha < 1


def test_refuses_a_missing_file_and_an_old_workbook(tmp_path):
    with pytest.raises(ValueError, match=r"^read_questionnaire: source must be an existing"):
        sat.read_questionnaire(tmp_path / "nowhere.xlsx", CONSTRUCTS)
    old = tmp_path / "export.xls"
    old.write_bytes(b"")
    with pytest.raises(ValueError, match=r"^read_questionnaire: source must be an .xlsx or .csv "
                                         r"file \(save an old .xls"):
        sat.read_questionnaire(old, CONSTRUCTS)


def test_the_unicode_test_covers_every_satisfaction_function():
    """A new satisfaction method joins _unicode_calls, or says here why not."""
    import inspect
    elsewhere = {"kano_classify", "kano_table",  # test_kano_takes_unicode_attribute_names
                 "read_questionnaire",           # the tests above
                 "acsi_model",                   # no data: the ACSI blocks and paths
                 "true_paths", "satisfaction_to_behaviour", "complaint_panel",  # read a World
                 "recovery_effects"}  # reads complaint_panel's fixed columns

    functions = {n for n in sat.__all__ if inspect.isfunction(getattr(sat, n))}
    assert functions - elsewhere == set(_unicode_calls(5))
