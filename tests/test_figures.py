"""Every chart of crmlab.plots reads well, in English and in Chinese.

Each function in ``crmlab.plots.__all__`` is drawn from the default world at the size a
lesson gives it, in both languages, and the drawn figure is checked from its own
artists: the texts the renderer actually drew (tick labels included) do not overlap,
no glyph is missing from the fonts, no axis shows a "1e7"-style offset, and English
charts carry no Chinese while Chinese ones do. A function added to ``__all__`` without
an entry in ``CASES`` fails ``test_every_plot_has_a_case``.
"""
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from crmlab import identify, lifecycle, plots, segment, value
from crmlab import satisfaction as sat
from crmlab.datasets import load_world
from crmlab.plots import _base

ATTRIBUTES = ("product", "service", "personnel", "image")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TOLERANCE = 1.0  # pixels (at 100 dpi) two texts may share before they count as overlapping


@pytest.fixture(scope="module")
def world():
    return load_world()


# --- valid input for every chart, built from the default world -----------------------------
def _archive(world):
    archive = identify.customer_archive(world, asof="2023-12-31")
    return archive.fillna({"satisfaction": archive["satisfaction"].median(), "late_share": 0.0})


_CRITERIA = {"revenue_12m": (0.4, "benefit"), "gross_profit_12m": (0.3, "benefit"),
             "satisfaction": (0.2, "benefit"), "late_share": (0.1, "cost")}


def _acsi(world):
    blocks, paths = sat.acsi_model()
    items = [i for b in blocks.values() for i in b]
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    fit = sat.fit_path_model(firms, blocks, paths, bootstrap=30, seed=1)
    return (fit,), {"truth": sat.true_paths(world, sample=firms)}


def _process(world):
    # model 7 on the survey's scale means: image moderates value → satisfaction
    from crmlab.satisfaction import acsi_model
    blocks, _ = acsi_model()
    means = pd.DataFrame({c: world.survey[i].mean(axis=1) for c, i in blocks.items()})
    return (sat.process(means, "perceived_value", "loyalty", "satisfaction", "image", model=7,
                        boot=500, seed=1),), {}


def _kano(world):
    # Kano answers (1 like ... 5 dislike) made from the survey's 1-7 ratings: any valid
    # questionnaire will do, the chart is what is tested
    survey = world.survey.dropna(subset=[f"importance_{a}" for a in ATTRIBUTES]
                                 + [f"perceived_{a}" for a in ATTRIBUTES])
    data, pairs = {}, {}
    for a in ATTRIBUTES:
        data[f"f_{a}"] = np.clip(8 - survey[f"importance_{a}"].round(), 1, 5).astype(int)
        data[f"d_{a}"] = np.clip(survey[f"perceived_{a}"].round() - 2, 1, 5).astype(int)
        pairs[a] = (f"f_{a}", f"d_{a}")
    return (sat.kano_table(sat.kano_classify(pd.DataFrame(data), pairs)),), {}


def _segments(world):
    features = segment.customer_features(world).dropna()
    behaviour = ["revenue_per_year", "discount", "deliveries_per_order", "support_hours_per_year",
                 "visits_per_year", "share_raw_materials", "share_equipment", "share_services",
                 "share_consumables"]
    labels = pd.qcut(features["revenue_per_year"], 4, labels=[1, 2, 3, 4]).astype(int)
    return (np.log1p(features[behaviour]), labels, behaviour), {}


def _grades(world):
    orders = world.orders.assign(year=world.orders["date"].dt.year)
    yearly = orders.groupby(["year", "customer_id"])["net_revenue"].sum().reset_index()
    share = (yearly.groupby("year")["net_revenue"].rank(ascending=False, method="first")
             / yearly.groupby("year")["net_revenue"].transform("size"))
    yearly["grade"] = np.where(share <= 0.2, "A", np.where(share <= 0.5, "B", "C"))
    return yearly


def _survival(world):
    episodes = lifecycle.churn_episodes(world)
    customers = episodes.groupby("customer_id").agg(
        entry=("entry", "min"), exit=("exit", "max"), churned=("churned", "max"),
        segment=("segment", "first"))
    return (lifecycle.survival(customers, duration="exit", event="churned", entry="entry",
                               group="segment"),), {}


def _hazard(world):
    episodes = lifecycle.churn_episodes(world)
    fit = lifecycle.fit_churn_hazard(
        episodes, duration="exit", event="churned", entry="entry",
        covariates=["satisfaction", "complaint", "competitor_offer", "stage", "segment"],
        reference={"stage": "development", "segment": "service_intensive"})
    truth = world.truth["params"]["churn_hazard"]["log_hazard_ratio"]
    return (fit,), {"truth": {k: float(np.exp(v)) for k, v in truth.items()}}


def _gains(world):
    features = lifecycle.churn_features(world, include_last=True)
    known = features.dropna(subset=["churn_next_year"])
    predictors = ["tenure_years", "orders", "log_revenue", "revenue_trend", "days_since_order",
                  "complaints", "late_share", "days_late", "survey_satisfaction"]
    return (lifecycle.fit_churn_classifier(known, predictors, "churn_next_year",
                                           split_date="2024-01-01"),), {}


def _contracts(world):
    # two cohorts' customers still buying, made non-increasing as contract survivors are
    counts = lifecycle.cohort_retention(world.orders).counts.loc[[2019, 2020]]
    survivors = {f"cohort {c}": row.dropna().cummin().to_numpy() for c, row in counts.iterrows()}
    return (lifecycle.fit_sbg(survivors),), {}


def _btyd(world):
    """A Pareto/NBD fit in months on 2019-2023, the customers' summaries and the months in
    which each customer ordered (month 0 = the first month of the archive)."""
    orders = world.orders
    cal = lifecycle.rfm_summary(orders, "2023-12-31", freq="M")
    cal = cal[cal["T"] > 0]
    fit = lifecycle.fit_pareto_nbd(cal["frequency"], cal["recency"], cal["T"], time_unit="month")
    start = orders["date"].min()
    month = (orders["date"].dt.year - start.year) * 12 + orders["date"].dt.month - start.month
    months = pd.DataFrame({"customer_id": orders["customer_id"], "month": month}).drop_duplicates()
    months = months[months["customer_id"].isin(cal.index)]
    end = (2023 - start.year) * 12 + 13 - start.month  # months in the calibration period
    return cal, fit, months, end


def _calibration(world):
    cal, fit, months, end = _btyd(world)
    holdout = months[(months["month"] >= end) & (months["month"] < end + 12)]
    y = holdout.groupby("customer_id").size().reindex(cal.index, fill_value=0)
    return (lifecycle.calibration_by_frequency(fit, cal["frequency"], cal["recency"], cal["T"],
                                               y, 12),), {}


def _tracking(world):
    _, fit, months, end = _btyd(world)
    months = months[months["month"] < end + 12]
    first = months.groupby("customer_id")["month"].min()
    repeats = months.loc[months["month"] > months["customer_id"].map(first), "month"]
    return (lifecycle.repeat_tracking(fit, first.to_numpy(), repeats.to_numpy(),
                                      end=end + 11),), {}


def _cohorts(world):
    won = world.customers.loc[world.customers["customer_since"] >= "2019-01-01", "customer_id"]
    return (lifecycle.cohort_retention(world.orders[world.orders["customer_id"].isin(won)]),), {}


# name: (figure size as in the lesson, function of the world giving (args, kwargs))
CASES = {
    "pareto_curve": ((6, 4), lambda w: ((w.orders, "net_revenue"), {})),
    "pareto_chart": ((7, 4), lambda w: ((_archive(w), "revenue_12m"), {})),
    "score_breakdown": ((7, 5), lambda w: (
        (identify.score_customers(_archive(w), _CRITERIA),), {"top": 15})),
    "grade_stability": ((7, 4), lambda w: (
        (identify.weight_sensitivity(_archive(w), _CRITERIA, n=100, spread=0.2, seed=1),), {})),
    "ipa_plot": ((5.5, 4), lambda w: ((sat.ipa(w.survey, [f"importance_{a}" for a in ATTRIBUTES],
                                               [f"perceived_{a}" for a in ATTRIBUTES]),), {})),
    "gap_plot": ((6, 3), lambda w: ((sat.gap_scores(w.survey, [f"perceived_{a}" for a in ATTRIBUTES],
                                                    [f"expected_{a}" for a in ATTRIBUTES]),), {})),
    "path_diagram": ((13, 6), _acsi),
    "kano_plot": ((6, 5), _kano),
    "conditional_effect_plot": ((6, 4), _process),
    "value_map": ((6, 4.5), lambda w: (
        (value.delivered_value(w.value_audit, weights=value.AUDIT_SCALE),), {})),
    "value_waterfall": ((7, 4), lambda w: ((w.value_audit,), {"weights": value.AUDIT_SCALE})),
    "rfm_heatmap": ((6, 4.5), lambda w: (
        (segment.rfm_scores(segment.rfm(w.orders, "2025-12-31")),), {"value": "monetary"})),
    "segment_profile_plot": ((9, 3.2), _segments),
    "pyramid_plot": ((7, 3.2), lambda w: (
        (segment.customer_pyramid(segment.customer_profitability(w, "abc"), "profit"),), {})),
    "whale_curve_plot": ((6, 4), lambda w: ((segment.customer_profitability(w, "abc")["profit"],), {})),
    "retention_heatmap": ((7, 4), _cohorts),
    "survival_plot": ((7, 4), _survival),
    "hazard_ratio_plot": ((7, 4.5), _hazard),
    "gains_chart": ((5, 4.5), _gains),
    "contract_retention_plot": ((6, 4), _contracts),
    "calibration_plot": ((6, 4), _calibration),
    "frequency_recency_heatmap": ((6, 4.5), lambda w: (
        (lifecycle.frequency_recency_matrix(_btyd(w)[1], 36, max_frequency=20),), {})),
    "tracking_plot": ((6, 4), _tracking),
    "migration_heatmap": ((5, 4), lambda w: (
        (lifecycle.grade_migration(_grades(w)[["customer_id", "year", "grade"]],
                                   order=["A", "B", "C"], lost="lost"),), {})),
}

_INPUTS = {}


def _inputs(name, world):
    if name not in _INPUTS:
        _INPUTS[name] = CASES[name][1](world)
    return _INPUTS[name]


def test_every_plot_has_a_case():
    assert set(CASES) == set(plots.__all__), "add the new chart to CASES in tests/test_figures.py"


# --- drawing and looking at what was drawn ------------------------------------------------
def _draw(name, world, language, monkeypatch, size="lesson"):
    """Draw chart ``name``; return the figure, the texts the renderer drew (tick labels
    out of view and hidden texts are not drawn) with their boxes, and the warnings raised
    while plotting and drawing."""
    args, kwargs = _inputs(name, world)
    # the lesson's size, or matplotlib's default (6.4 x 4.8 in) as when no Axes is given
    fig, ax = plt.subplots(figsize=CASES[name][0] if size == "lesson" else None, dpi=100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(plots, name)(*args, language=language, ax=ax, **kwargs)
        fig.canvas.draw()  # lays the figure out and builds the renderer
        renderer = fig.canvas.get_renderer()
        calls, drawn = [], []
        draw_text, draw_text_artist = renderer.draw_text, Text.draw

        def record_call(*args, **kwargs):
            calls.append(1)
            return draw_text(*args, **kwargs)

        def record_text(self, renderer):
            before = len(calls)
            draw_text_artist(self, renderer)
            if len(calls) > before and self.get_text().strip():
                drawn.append(self)

        monkeypatch.setattr(renderer, "draw_text", record_call)
        monkeypatch.setattr(Text, "draw", record_text)
        fig.draw(renderer)
        monkeypatch.undo()
    return fig, drawn, [_rectangle(t, renderer) for t in drawn], caught


def _rectangle(text, renderer):
    """Corners of the text's own rectangle in pixels: rotated with the text (a label at 45°
    is a slanted rectangle, not its much larger axis-aligned box), its arrow left out."""
    box = Text.get_window_extent(text, renderer)  # axis-aligned box around the rotated text
    angle = np.deg2rad(text.get_rotation())
    rotation = text.get_rotation()
    text.set_rotation(0)
    flat = Text.get_window_extent(text, renderer)
    text.set_rotation(rotation)
    # a rotated rectangle's axis-aligned box has the same centre
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * [flat.width / 2, flat.height / 2]
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return half @ turn.T + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def _overlap(a, b) -> bool:
    """Whether two convex polygons overlap by more than TOLERANCE (separating axes)."""
    for poly in (a, b):
        for k in range(len(poly)):
            edge = poly[(k + 1) % len(poly)] - poly[k]
            normal = np.array([-edge[1], edge[0]]) / np.hypot(*edge)
            pa, pb = a @ normal, b @ normal
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= TOLERANCE:
                return False
    return True


def _overlaps(texts, rectangles):
    return [(texts[i].get_text(), texts[j].get_text())
            for i in range(len(texts)) for j in range(i + 1, len(texts))
            if _overlap(rectangles[i], rectangles[j])]


def _glyph_warnings(caught):
    return [str(w.message) for w in caught if re.search(r"Glyph .* missing", str(w.message))]


@pytest.mark.parametrize("size", ["lesson", "default"])
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_reads_well(name, language, size, world, monkeypatch):
    _base._WARNED["cjk"] = False  # the once-only warning comes again for this chart
    fig, texts, rectangles, caught = _draw(name, world, language, monkeypatch, size)
    assert len(texts) >= 3, f"{name}: too few texts drawn ({len(texts)})"
    overlapping = _overlaps(texts, rectangles)
    assert not overlapping, f"{name} ({language}): texts overlap: {overlapping}"
    offsets = [t for a in fig.axes for t in (a.xaxis.get_offset_text(), a.yaxis.get_offset_text())]
    assert not [t.get_text() for t in texts if t in offsets], \
        f"{name}: an axis shows an offset such as 1e7; use a readable unit"
    chinese = [t.get_text() for t in texts if CJK.search(t.get_text())]
    if language == "en":
        assert not chinese, f"{name}: Chinese in an English chart: {chinese}"
        assert not _glyph_warnings(caught)
        return
    assert chinese, f"{name}: no Chinese label in a Chinese chart"
    if _base.cjk_font() is not None:
        assert not _glyph_warnings(caught), f"{name}: glyphs missing: {_glyph_warnings(caught)[:3]}"
    else:  # no CJK font on this machine: the user is told how to get one
        assert [w for w in caught if issubclass(w.category, plots.CJKFontWarning)]


def test_cjk_font_covers_the_chinese_labels():
    """The font found has a glyph for every character of the Chinese label table; without
    one, asking for Chinese warns once and says how to install a font."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from crmlab.plots._labels import _TERMS_ZH, LABELS

    font = _base.cjk_font()
    if font is None:
        with pytest.warns(plots.CJKFontWarning, match="fonts-noto-cjk"):
            _base._WARNED["cjk"] = False
            _base.use_language_font([], "zh")
        return
    path = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    needed = {c for zh in [*(z for _, z in LABELS.values()), *_TERMS_ZH.values()] for c in zh
              if CJK.match(c)}
    assert needed and not [c for c in needed if ord(c) not in charmap]


def test_missing_cjk_font_warns_once_with_the_install_command(world, monkeypatch):
    monkeypatch.setattr(_base, "cjk_font", lambda: None)
    monkeypatch.setitem(_base._WARNED, "cjk", False)
    args, kwargs = _inputs("pareto_curve", world)
    with pytest.warns(plots.CJKFontWarning, match=r"apt-get install fonts-noto-cjk") as record:
        plots.pareto_curve(*args, language="zh", **kwargs)
        plots.pareto_curve(*args, language="zh", ax=plt.figure().gca(), **kwargs)
    assert len([w for w in record if issubclass(w.category, plots.CJKFontWarning)]) == 1


def test_set_language_is_the_default_and_a_call_overrides_it(world):
    args, kwargs = _inputs("whale_curve_plot", world)
    try:
        plots.set_language("zh")
        assert plots.get_language() == "zh"
        ax = plots.whale_curve_plot(*args, ax=plt.figure().gca(), **kwargs)
        assert ax.get_title() == "鲸鱼曲线"
        ax = plots.whale_curve_plot(*args, language="en", ax=plt.figure().gca(), **kwargs)
        assert ax.get_title() == "Whale curve"
    finally:
        plots.set_language("en")
    with pytest.raises(ValueError, match=r"set_language: language must be one of \['en', 'zh'\]"):
        plots.set_language("fr")
    with pytest.raises(ValueError, match="gap_plot: language must be one of"):
        plots.gap_plot(*_inputs("gap_plot", world)[0], language="cn")


def test_money_axis_is_in_million_cny_or_wan_yuan(world):
    args, kwargs = _inputs("pareto_chart", world)
    ax = plots.pareto_chart(*args, ax=plt.figure().gca(), **kwargs)
    assert ax.get_ylabel() == "12-month revenue per customer (million CNY)"
    assert ax.yaxis.get_major_formatter()(2e7, 0) == "20"
    ax = plots.pareto_chart(*args, language="zh", ax=plt.figure().gca(), **kwargs)
    assert ax.get_ylabel() == "每个客户的近12个月收入（万元）"
    assert ax.yaxis.get_major_formatter()(2e7, 0) == "2,000"


def test_one_colour_blind_safe_palette():
    assert plots.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")  # Okabe & Ito (2008)
    assert len(set(plots.PALETTE)) == len(plots.PALETTE) == 8
