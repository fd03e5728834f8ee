"""crmlab.satisfaction: published references, recovery of the world's truth, bad inputs."""
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab import plots
from crmlab import satisfaction as sat
from crmlab.datasets import load_world

DATA = Path(__file__).parent / "data" / "satisfaction"
MOBI_BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)],
               "Expectation": [f"CUEX{i}" for i in range(1, 4)],
               "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
               "Satisfaction": [f"CUSA{i}" for i in range(1, 4)], "Complaints": ["CUSCO"],
               "Loyalty": [f"CUSL{i}" for i in range(1, 4)]}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
ATTRS = ["product", "service", "personnel", "image"]
MARKERS = ("marker_1", "marker_2", "marker_3")


@pytest.fixture(scope="module")
def mobi():
    return pd.read_csv(DATA / "ecsi_mobi.csv", index_col=0)


@pytest.fixture(scope="module")
def world():
    return load_world()


# --------------------------------------------------------------------------------------------
# Published references: the ECSI mobile-phone data
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scheme, smartpls", [("centroid", "centroid"), ("factorial", "factorial"),
                                              ("path", "path")])
def test_ecsi_mobi_path_coefficients_match_smartpls(mobi, scheme, smartpls):
    """ECSI model on the mobi data (Tenenhaus et al. 2005, CSDA 48: 159-205): path
    coefficients of SmartPLS 2.0.M3 as shipped with R's semPLS (tests/SmartPLS/results/ecsi,
    Monecke & Leisch 2012), centroid, factorial and path weighting schemes; to 4 decimals."""
    ref = pd.read_csv(DATA / "smartpls_ecsi_paths.csv").query("scheme == @smartpls")
    res = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, scheme=scheme, bootstrap=0,
                             scale=(1, 10))
    got = res.paths.merge(ref, on=["source", "target"], suffixes=("", "_smartpls"))
    assert len(got) == 12
    np.testing.assert_allclose(got["estimate"], got["estimate_smartpls"], atol=1e-4)
    assert res.params["Image -> Expectation"] == pytest.approx(ref.set_index(
        ["source", "target"]).loc[("Image", "Expectation"), "estimate"], abs=1e-4)


def test_ecsi_mobi_outer_weights_and_loadings_match_smartpls(mobi):
    """Path weighting: SmartPLS 2.0.M3 outer weights and loadings (semPLS tests/SmartPLS)."""
    ref = pd.read_csv(DATA / "smartpls_ecsi_path_weighting_outer.csv").set_index("item")
    res = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, bootstrap=0, scale=(1, 10))
    weights = res.weights.set_index("item")
    loadings = res.loadings.set_index("item")
    np.testing.assert_allclose(weights.loc[ref.index, "weight"], ref["weight"], atol=1e-4)
    np.testing.assert_allclose(loadings.loc[ref.index, "loading"], ref["loading"], atol=1e-4)
    assert (weights.loc[ref.index, "construct"] == ref["construct"]).all()


def test_ecsi_mobi_reliability_matches_seminr(mobi):
    """seminr's published fixture tests/fixtures/V_3_6_0/reliability.csv: alpha of the
    standardized items, rho_C, AVE and rho_A for Image, Expectation, Value -> Satisfaction
    (path weighting) on the mobi data."""
    ref = pd.read_csv(DATA / "seminr_mobi_reliability.csv").set_index("construct")
    blocks = {k: MOBI_BLOCKS[k] for k in ref.index}
    res = sat.fit_path_model(mobi, blocks, [(k, "Satisfaction") for k in ("Image", "Expectation", "Value")],
                             bootstrap=0, scale=(1, 10))
    rel = res.reliability.loc[ref.index]
    np.testing.assert_allclose(rel["alpha"], ref["alpha"], atol=1e-6)
    np.testing.assert_allclose(rel["composite_reliability"], ref["rho_c"], atol=1e-6)
    np.testing.assert_allclose(rel["ave"], ref["ave"], atol=1e-6)
    np.testing.assert_allclose(rel["rho_a"], ref["rho_a"], atol=1e-6)
    # the standalone functions give the same from the loadings
    np.testing.assert_allclose(sat.composite_reliability(res.loadings).loc[ref.index], ref["rho_c"],
                               atol=1e-6)
    np.testing.assert_allclose(sat.ave(res.loadings).loc[ref.index], ref["ave"], atol=1e-6)


def test_ecsi_mobi_consistent_pls_matches_seminr(mobi):
    """seminr's PLSc fixtures (path_coef1, rsquaredplsc, loadings1, rho1) for Image,
    Expectation, Value -> Satisfaction. They predate seminr's reliability.csv, which this
    module matches to 1e-6, and their rho_A differs from it in the 4th decimal. Paths and R²
    agree to 0.01, the exogenous blocks' consistent loadings to 0.001, and Satisfaction's
    (whose weights differ most between seminr releases) to 0.015."""
    ref = pd.read_csv(DATA / "seminr_mobi_plsc.csv")
    blocks = {k: MOBI_BLOCKS[k] for k in ("Image", "Expectation", "Value", "Satisfaction")}
    res = sat.fit_path_model(mobi, blocks, [(k, "Satisfaction") for k in ("Image", "Expectation", "Value")],
                             bootstrap=0, scale=(1, 10), consistent=True)
    paths = ref.query("kind == 'path'")
    np.testing.assert_allclose(res.params[paths["construct"] + " -> Satisfaction"], paths["value"],
                               atol=0.01)
    loadings = ref.query("kind == 'loading'").set_index("item")["value"]
    got = res.loadings.set_index("item").loc[loadings.index, "loading"]
    np.testing.assert_allclose(got, loadings, atol=0.015)
    exogenous = ~loadings.index.str.startswith("CUSA")
    np.testing.assert_allclose(got[exogenous], loadings[exogenous], atol=0.001)
    rho = ref.query("kind == 'rho_a'").set_index("construct")["value"]
    np.testing.assert_allclose(res.reliability.loc[rho.index, "rho_a"], rho, atol=0.002)
    assert res.r2["Satisfaction"] == pytest.approx(ref.query("kind == 'r2'")["value"].item(), abs=0.01)
    # PLSc only rescales: the weights are those of PLS, and the paths grow
    plain = sat.fit_path_model(mobi, blocks, [(k, "Satisfaction") for k in ("Image", "Expectation", "Value")],
                               bootstrap=0, scale=(1, 10))
    pd.testing.assert_frame_equal(res.weights, plain.weights)
    assert res.r2["Satisfaction"] > plain.r2["Satisfaction"] and res.consistent and not plain.consistent


def _common_factor_sample(n, seed, method_sd=0.0, marker=False):
    """Three reflective constructs, eta2 = 0.5 eta1 and eta3 = 0.3 eta1 + 0.4 eta2, three
    items each with loadings 0.8, 0.7, 0.6; an optional common-method factor added to every
    item (and to three marker items on an unrelated trait)."""
    rng = np.random.default_rng(seed)
    e1 = rng.standard_normal(n)
    e2 = 0.5 * e1 + np.sqrt(0.75) * rng.standard_normal(n)
    var3 = 0.3**2 + 0.4**2 + 2 * 0.3 * 0.4 * 0.5
    e3 = 0.3 * e1 + 0.4 * e2 + np.sqrt(1 - var3) * rng.standard_normal(n)
    method = method_sd * rng.standard_normal(n)
    data, blocks = {}, {}
    for name, eta in (("x", e1), ("y", e2), ("z", e3), ("m", rng.standard_normal(n))):
        blocks[name] = [f"{name}{k}" for k in range(3)]
        for item, lam in zip(blocks[name], (0.8, 0.7, 0.6)):
            data[item] = lam * eta + method + np.sqrt(1 - lam**2) * rng.standard_normal(n)
    markers = blocks.pop("m")
    frame = pd.DataFrame(data)
    return (frame if marker else frame.drop(columns=markers)), blocks, markers


def test_consistent_pls_recovers_a_common_factor_model():
    """Consistency (Dijkstra & Henseler 2015): on 100,000 draws of a common-factor model
    PLSc returns the population paths and loadings; PLS attenuates them."""
    data, blocks, _ = _common_factor_sample(100_000, seed=3)
    paths = [("x", "y"), ("x", "z"), ("y", "z")]
    truth = pd.Series([0.5, 0.3, 0.4], index=["x -> y", "x -> z", "y -> z"])
    plsc = sat.fit_path_model(data, blocks, paths, bootstrap=0, scale=None, consistent=True)
    pls = sat.fit_path_model(data, blocks, paths, bootstrap=0, scale=None)
    np.testing.assert_allclose(plsc.params[truth.index], truth, atol=0.01)
    np.testing.assert_allclose(plsc.loadings["loading"], [0.8, 0.7, 0.6] * 3, atol=0.01)
    assert pls.params["x -> y"] < 0.45
    assert (pls.loadings["loading"].to_numpy()[2::3] > 0.65).all()  # PLS loadings are inflated


def test_marker_correction_removes_common_method_variance():
    """With a common-method factor on every item, PLSc is biased; the marker items' mean
    correlation estimates the method share (0.25 / 1.25 = 0.2) and the corrected fit
    returns the population paths (Lindell & Whitney 2001)."""
    data, blocks, markers = _common_factor_sample(100_000, seed=4, method_sd=0.5, marker=True)
    paths = [("x", "y"), ("x", "z"), ("y", "z")]
    truth = pd.Series([0.5, 0.3, 0.4], index=["x -> y", "x -> z", "y -> z"])
    biased = sat.fit_path_model(data, blocks, paths, bootstrap=0, scale=None, consistent=True)
    fixed = sat.fit_path_model(data, blocks, paths, bootstrap=0, scale=None, consistent=True,
                               marker=markers)
    assert biased.params["x -> z"] > 0.35 and biased.marker_correlation is None
    assert fixed.marker_correlation == pytest.approx(0.2, abs=0.01)
    np.testing.assert_allclose(fixed.params[truth.index], truth, atol=0.015)
    # a marker that shares nothing with the items changes nothing
    clean, blocks, markers = _common_factor_sample(20_000, seed=5, marker=True)
    a = sat.fit_path_model(clean, blocks, paths, bootstrap=0, scale=None)
    b = sat.fit_path_model(clean, blocks, paths, bootstrap=0, scale=None, marker=markers)
    np.testing.assert_allclose(a.params, b.params, atol=0.01)


def test_cluster_bootstrap_resamples_whole_clusters(mobi):
    """Every respondent entered twice: resampling rows treats the copies as independent
    and shrinks the standard errors by about root 2; resampling respondents (clusters)
    gives the standard errors of the original data. One row per cluster reproduces the
    row bootstrap exactly."""
    kw = dict(bootstrap=200, seed=5, scale=(1, 10))
    once = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, **kw)
    same = sat.fit_path_model(mobi.assign(id=range(len(mobi))), MOBI_BLOCKS, MOBI_PATHS,
                              cluster="id", **kw)
    pd.testing.assert_frame_equal(once.paths, same.paths)
    twice = pd.concat([mobi.assign(id=range(len(mobi)))] * 2, ignore_index=True)
    rows = sat.fit_path_model(twice, MOBI_BLOCKS, MOBI_PATHS, **kw)
    clusters = sat.fit_path_model(twice, MOBI_BLOCKS, MOBI_PATHS, cluster="id", **kw)
    ratio = (clusters.paths["se"] / rows.paths["se"]).median()
    assert 1.25 < ratio < 1.6
    assert (clusters.paths["se"] / once.paths["se"]).median() == pytest.approx(1, abs=0.12)
    with pytest.raises(ValueError, match="cluster column 'id' has missing values"):
        sat.fit_path_model(twice.assign(id=np.nan), MOBI_BLOCKS, MOBI_PATHS, cluster="id", **kw)
    with pytest.raises(ValueError, match="column 'firm' not in data"):
        sat.fit_path_model(twice, MOBI_BLOCKS, MOBI_PATHS, cluster="firm", **kw)


@pytest.mark.parametrize("block, standardized, raw", [
    ("Image", 0.7228346, 0.7144468), ("Expectation", 0.4519026, 0.4325968),
    ("Value", 0.8236320, 0.8166945), ("Satisfaction", 0.7791950, 0.7701131)])
def test_cronbach_alpha_on_mobi_matches_published(mobi, block, standardized, raw):
    """Standardized alpha as seminr publishes it for the mobi blocks (reliability.csv above);
    raw alpha by the textbook formula k/(k-1)(1 - sum var_i / var_total)."""
    items = mobi[MOBI_BLOCKS[block]]
    res = sat.cronbach_alpha(items, scale=(1, 10))
    assert res.standardized == pytest.approx(standardized, abs=1e-6)
    assert res.alpha == pytest.approx(raw, abs=1e-6)
    k = items.shape[1]
    assert res.alpha == pytest.approx(k / (k - 1) * (1 - items.var().sum() / items.sum(axis=1).var()))
    assert res.ci_low < res.alpha < res.ci_high
    assert res.n_respondents == 250 and res.n_excluded == 0


def test_cronbach_alpha_feldt_interval():
    """Feldt (1965): 1 - (1 - alpha) F quantiles with (n - 1, (n - 1)(k - 1)) df."""
    rng = np.random.default_rng(3)
    f = rng.normal(size=120)
    items = pd.DataFrame({f"q{i}": np.clip(np.round(4 + f + rng.normal(size=120)), 1, 7)
                          for i in range(4)})
    res = sat.cronbach_alpha(items, confidence=0.90)
    df1, df2 = 119, 119 * 3
    assert res.ci_low == pytest.approx(1 - (1 - res.alpha) * stats.f.ppf(0.95, df1, df2))
    assert res.ci_high == pytest.approx(1 - (1 - res.alpha) * stats.f.ppf(0.05, df1, df2))
    assert res.meets_threshold == (res.alpha >= 0.7)
    assert list(res.summary().columns[:2]) == ["alpha", "standardized"]


def test_cronbach_alpha_missing_answers_listwise_or_pairwise():
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6, np.nan, np.nan],
                          "b": [2, 2, 3, 5, 5, 7, 4, np.nan],
                          "c": [1, 3, 3, 4, 6, 6, 5, np.nan]})
    with pytest.warns(UserWarning, match="listwise deletion dropped 1 of 7 respondents"):
        listwise = sat.cronbach_alpha(items)
    pairwise = sat.cronbach_alpha(items, missing="pairwise")
    assert listwise.n_respondents == 6 and listwise.n_excluded == 2
    assert pairwise.n_respondents == 7 and pairwise.n_excluded == 1  # the all-missing row
    assert listwise.alpha == sat.cronbach_alpha(items.dropna()).alpha
    assert pairwise.alpha != pytest.approx(listwise.alpha)


def test_item_total_and_alpha_if_deleted():
    rng = np.random.default_rng(0)
    f = rng.normal(size=300)
    items = pd.DataFrame({"good1": f + rng.normal(0, .5, 300), "good2": f + rng.normal(0, .5, 300),
                          "good3": f + rng.normal(0, .5, 300), "noise": rng.normal(size=300)})
    table = sat.item_total(items, scale=None)
    assert table["item_total_r"].idxmin() == "noise"
    assert table.loc["noise", "alpha_if_deleted"] > sat.cronbach_alpha(items, scale=None).alpha


def test_kmo_bartlett_on_one_factor_and_on_noise():
    rng = np.random.default_rng(1)
    f = rng.normal(size=400)
    factor = pd.DataFrame({f"q{i}": f + rng.normal(size=400) for i in range(5)})
    noise = pd.DataFrame(rng.normal(size=(400, 5)), columns=list("abcde"))
    good, bad = sat.kmo_bartlett(factor, scale=None), sat.kmo_bartlett(noise, scale=None)
    assert good.kmo > 0.8 and good.meets_threshold and good.p_value < 1e-10
    assert good.df == 10 and len(good.msa) == 5
    assert bad.p_value > 0.001 and bad.chi2 < good.chi2


def test_efa_recovers_two_factors_with_each_rotation():
    rng = np.random.default_rng(2)
    f, g = rng.normal(size=(2, 500))
    items = pd.DataFrame({"a1": f, "a2": f, "a3": f, "b1": g, "b2": g, "b3": g}) \
        + rng.normal(0, .6, (500, 6))
    for rotation in ("varimax", "promax", None):
        res = sat.efa(items, 2, rotation=rotation, scale=None)
        main = res.loadings.abs().idxmax(axis=1)
        assert main[["a1", "a2", "a3"]].nunique() == 1 and main[["b1", "b2", "b3"]].nunique() == 1
        assert main["a1"] != main["b1"]
    assert res.eigenvalues.iloc[:2].gt(1).all() and res.eigenvalues.iloc[2] < 1
    assert res.variance["cumulative"].iloc[-1] == pytest.approx(res.communalities.sum() / 6)


def test_composite_reliability_and_ave_formulas():
    lam = np.array([0.8, 0.7, 0.9])
    assert sat.composite_reliability(lam) == pytest.approx(2.4**2 / (2.4**2 + (3 - (lam**2).sum())))
    assert sat.ave(lam) == pytest.approx((lam**2).mean())
    long = pd.DataFrame({"construct": ["x", "x", "y", "y"], "loading": [0.8, 0.8, 0.6, 0.6]})
    assert sat.ave(long).to_dict() == pytest.approx({"x": 0.64, "y": 0.36})
    with pytest.raises(ValueError, match="standardized loadings lie in"):
        sat.ave([1.2, 0.5])


# --------------------------------------------------------------------------------------------
# Index, gaps, drivers, IPA, ordinal model
# --------------------------------------------------------------------------------------------
def test_satisfaction_index_classes_with_tolerance():
    data = pd.DataFrame({"perceived_a": [6, 5, 4, 7, np.nan], "expected_a": [5, 5, 4.1, 7, 5]})
    out = sat.satisfaction_index(data, ["perceived_a"], ["expected_a"], tolerance=0.05)
    assert out["satisfaction_class"].tolist()[:4] == ["highly satisfied", "satisfied", "satisfied",
                                                       "satisfied"]
    assert pd.isna(out["satisfaction_class"].iloc[4])
    assert out["satisfaction_class"].cat.ordered
    strict = sat.satisfaction_index(data, "perceived_a", "expected_a", tolerance=0.0)
    assert strict["satisfaction_class"].iloc[2] == "dissatisfied"
    with pytest.raises(ValueError, match="must be positive"):
        sat.satisfaction_index(data.assign(expected_a=0), "perceived_a", "expected_a")


def test_gap_scores_is_a_paired_t_test(world):
    gaps = sat.gap_scores(world.survey, [f"perceived_{a}" for a in ATTRS],
                          [f"expected_{a}" for a in ATTRS])
    pair = world.survey[["perceived_service", "expected_service"]].dropna()
    test = stats.ttest_rel(pair["perceived_service"], pair["expected_service"])
    row = gaps.loc["service"]
    assert row["t"] == pytest.approx(test.statistic) and row["p_value"] == pytest.approx(test.pvalue)
    assert row["ci_low"] < row["gap"] < row["ci_high"] and row["n"] == len(pair)
    assert list(gaps.index) == ATTRS


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=6), st.integers(min_value=0, max_value=10_000))
def test_relative_weights_and_lmg_sum_to_r2(p, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(80, p)) @ rng.normal(size=(p, p))
    data = pd.DataFrame(X, columns=[f"x{i}" for i in range(p)])
    data["y"] = X @ rng.normal(size=p) + rng.normal(size=80) * 2
    for method in ("relative_weights", "lmg"):
        res = sat.driver_analysis(data, "y", list(data.columns[:-1]), importance=method)
        assert res.table["importance"].sum() == pytest.approx(res.r2, rel=1e-9)
        assert (res.table["importance"] >= -1e-12).all()
        assert res.table["share"].sum() == pytest.approx(1.0)


def test_lmg_two_drivers_by_hand():
    """LMG with two drivers: each gets the mean of its first and last increment in R²."""
    rng = np.random.default_rng(5)
    data = pd.DataFrame(rng.normal(size=(200, 2)), columns=["a", "b"])
    data["a"] += 0.6 * data["b"]
    data["y"] = data["a"] + 0.5 * data["b"] + rng.normal(size=200)
    res = sat.driver_analysis(data, "y", ["a", "b"], importance="lmg")
    r2a, r2b = data["y"].corr(data["a"]) ** 2, data["y"].corr(data["b"]) ** 2
    assert res.table.loc["a", "importance"] == pytest.approx((r2a + res.r2 - r2b) / 2)
    assert res.table.loc["a", "vif"] == pytest.approx(1 / (1 - data["a"].corr(data["b"]) ** 2))


def test_derived_importance_follows_the_true_driver_weights(world):
    """Stated importance deliberately disagrees with the truth; derived importance does not."""
    survey = world.survey.assign(s=world.survey[["satis_1", "satis_2", "satis_3"]].mean(axis=1))
    res = sat.driver_analysis(survey, "s", [f"perceived_{a}" for a in ATTRS])
    true = pd.Series(world.truth["params"]["structural_model"]["driver_weights"])
    derived = res.table["importance"].set_axis(ATTRS)
    assert list(derived.sort_values().index) == list(true.sort_values().index)
    stated = sat.ipa(world.survey, [f"importance_{a}" for a in ATTRS], [f"perceived_{a}" for a in ATTRS])
    assert list(stated["importance"].sort_values().index) != list(true.sort_values().index)


def test_ipa_quadrants_centres_and_comparison():
    data = pd.DataFrame({"importance_a": [7.0], "importance_b": [6.0], "importance_c": [2.0],
                         "importance_d": [3.0], "perceived_a": [3.0], "perceived_b": [6.0],
                         "perceived_c": [2.0], "perceived_d": [6.5]})
    imp = [f"importance_{x}" for x in "abcd"]
    perf = [f"perceived_{x}" for x in "abcd"]
    table = sat.ipa(data, imp, perf)
    assert table["quadrant"].tolist() == ["concentrate here", "keep up the good work",
                                          "low priority", "possible overkill"]
    assert table.attrs["centre"] == (4.5, 4.375)
    fixed = sat.ipa(data, imp, perf, centre=(4, 4))
    assert fixed["quadrant"].tolist() == table["quadrant"].tolist()
    assert sat.ipa(data, imp, perf, centre="median").attrs["centre"] == (4.5, 4.5)
    derived = sat.ipa(data, {"perceived_a": 0.1, "perceived_b": 0.2, "perceived_c": 0.3,
                             "perceived_d": 0.4}, perf)
    both = sat.compare_importance(table, derived)
    assert both["stated_rank"].tolist() == [1, 2, 4, 3]
    assert both["derived_rank"].tolist() == [4, 3, 2, 1]
    assert not both["agree"].any()
    with pytest.raises(ValueError, match="no value for attributes"):
        sat.ipa(data, {"a": 1.0}, perf)


def test_fit_ordinal_recovers_a_slope():
    rng = np.random.default_rng(7)
    d = pd.DataFrame({"x": rng.normal(size=2000), "z": rng.normal(size=2000)})
    d["y"] = np.digitize(1.2 * d["x"] + rng.logistic(size=2000), [-2, -0.5, 0.5, 2]) + 1
    res = sat.fit_ordinal(d, "y ~ x + z")
    assert res.params["x"] == pytest.approx(1.2, abs=0.12)
    assert abs(res.params["z"]) < 0.12
    assert res.classes == (1, 2, 3, 4, 5) and res.n == 2000
    np.testing.assert_allclose(res.marginal_effects.sum(axis=1), 0, atol=1e-6)
    assert res.marginal_effects.loc["x", 5] > 0 > res.marginal_effects.loc["x", 1]
    proba = res.predict_proba(d.head(3))
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_allclose(res.probabilities["observed"], res.probabilities["predicted"], atol=0.02)


def test_fit_ordinal_reads_a_questionnaire_with_chinese_column_names():
    """A researcher's own questionnaire: names in Chinese, one with a space (quoted with
    patsy's Q()), a categorical term; the same fit as with ASCII names."""
    rng = np.random.default_rng(7)
    d = pd.DataFrame({"x": rng.normal(size=500), "z": rng.normal(size=500),
                      "g": rng.choice(["华东", "华南"], size=500)})
    d["y"] = np.digitize(1.2 * d["x"] + rng.logistic(size=500), [-2, -0.5, 0.5, 2]) + 1
    zh = d.rename(columns={"y": "总体满意度", "x": "产品质量", "z": "服务 质量", "g": "地区"})
    res = sat.fit_ordinal(zh, '总体满意度 ~ 产品质量 + Q("服务 质量") + C(地区)')
    ascii_ = sat.fit_ordinal(d, "y ~ x + z + C(g)")
    np.testing.assert_allclose(res.params.to_numpy(), ascii_.params.to_numpy(), rtol=1e-6)
    assert list(res.marginal_effects.index) == ["产品质量", "服务 质量"]
    with pytest.raises(ValueError, match=r"fit_ordinal: column '价格' not in data"):
        sat.fit_ordinal(zh, "总体满意度 ~ 价格")
    with pytest.raises(ValueError, match=r"quote a name with spaces or symbols as Q\('服务 质量'\)"):
        sat.fit_ordinal(zh, "总体满意度 ~ 服务 质量")


# --------------------------------------------------------------------------------------------
# The world: recovery of the true structural model, and behaviour afterwards
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def acsi(world):
    blocks, paths = sat.acsi_model()
    items = [i for b in blocks.values() for i in b]
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    res = sat.fit_path_model(firms, blocks, paths, bootstrap=300, seed=11)
    return res, res.paths.merge(sat.true_paths(world, sample=firms), on=["source", "target"])


def test_path_model_recovers_the_satisfaction_equation(acsi):
    """The drivers of satisfaction (expectation, four qualities, value) in the shipped world.

    Unit: the customer-year (respondents averaged), 1,024 of them, 300 bootstrap resamples.
    Each 95% interval contains the coefficient of the true latent values of the same
    customer-years (what perfect measurement would give), and lies within 0.06 of the
    world's parameter: the only parameter outside its interval is personnel (0.106), whose
    same-sample truth is 0.075 by chance. Since the world's satisfaction also carries last
    year's complaint handling (service recovery, which slow and refused resolutions of a
    customer with poor service make negative), the same-sample coefficient of service
    quality (0.335) lies just above its interval (0.211 to 0.317); the other five hold."""
    res, table = acsi
    drivers = table[table["target"] == "satisfaction"]
    assert len(drivers) == 6
    assert drivers["sample_true"].between(drivers["ci_low"], drivers["ci_high"]).sum() >= 5
    assert ((drivers["true"] - drivers["estimate"]).abs() < 0.06).all()
    assert drivers["true"].between(drivers["ci_low"], drivers["ci_high"]).sum() >= 5
    assert 0.45 < res.r2["satisfaction"] < 0.65 and res.bootstrap == 300


def test_halo_biases_paths_between_survey_constructs(acsi):
    """Plain PLS on the world: the respondent halo (sd 0.35 on every item) adds positive
    covariance between all constructs, so the negative satisfaction -> complaint path is
    pulled toward zero and satisfaction -> loyalty is inflated."""
    _, table = acsi
    paths = table.set_index(["source", "target"])
    assert paths.loc[("satisfaction", "complaint"), "ci_low"] > -0.45  # truth -0.5
    assert paths.loc[("satisfaction", "loyalty"), "estimate"] > 0.55   # truth 0.55


def test_marker_and_consistent_pls_recover_every_path(world):
    """With the survey's marker items (attitude to the colour blue, which share only the
    halo) and consistent PLS, all 17 paths' 95% intervals contain the coefficients of the
    true latent values of the same customer-years, complaint and loyalty included."""
    blocks, paths = sat.acsi_model()
    items = [i for b in blocks.values() for i in b] + list(MARKERS)
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    res = sat.fit_path_model(firms, blocks, paths, bootstrap=300, seed=11, consistent=True,
                             marker=list(MARKERS))
    table = res.paths.merge(sat.true_paths(world, sample=firms), on=["source", "target"])
    assert len(table) == 17
    assert table["sample_true"].between(table["ci_low"], table["ci_high"]).all()
    key = table.set_index(["source", "target"])
    assert key.loc[("satisfaction", "complaint"), "ci_high"] < -0.44  # truth -0.5
    assert 0.08 < res.marker_correlation < 0.12  # halo variance 0.1225 over item variance


def test_path_model_results_are_consistent(acsi):
    res, _ = acsi
    np.testing.assert_allclose(res.scores.std(ddof=1), 1)
    assert (res.paths["ci_low"] <= res.paths["estimate"]).all()
    assert (res.paths["estimate"] <= res.paths["ci_high"]).all()
    total = res.total_effects.set_index(["source", "target"])["estimate"]
    direct = res.params
    # satisfaction -> loyalty: direct plus the path through complaint
    expected = direct["satisfaction -> loyalty"] + direct["satisfaction -> complaint"] \
        * direct["complaint -> loyalty"]
    assert total[("satisfaction", "loyalty")] == pytest.approx(expected)
    assert res.reliability[["alpha_ok", "composite_reliability_ok", "ave_ok"]].all().all()
    assert res.fornell_larcker["passes"].all()
    assert set(res.summary().columns) >= {"source", "target", "estimate", "ci_low", "ci_high",
                                          "target_r2"}


def test_bootstrap_is_seeded(mobi):
    a = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, bootstrap=30, seed=1, scale=(1, 10))
    b = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, bootstrap=30, seed=1, scale=(1, 10))
    c = sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, bootstrap=30, seed=2, scale=(1, 10))
    pd.testing.assert_frame_equal(a.paths, b.paths)
    assert not a.paths["ci_low"].equals(c.paths["ci_low"])
    assert "ci_low" not in sat.fit_path_model(mobi, MOBI_BLOCKS, MOBI_PATHS, bootstrap=0,
                                              scale=(1, 10)).paths


def test_true_paths_follow_the_parameters(world):
    table = sat.true_paths(world).set_index(["source", "target"])["true"]
    sm = world.truth["params"]["structural_model"]
    scale = world.truth["scales"]["perceived_quality_scale"]
    assert table[("service_quality", "satisfaction")] == pytest.approx(
        sm["satisfaction"]["perceived_quality"] * sm["driver_weights"]["service"] / scale)
    assert table[("complaint", "loyalty")] == -0.25
    assert np.isnan(table[("image", "perceived_value")])


def test_satisfaction_to_behaviour_joins_the_order_book(world):
    joined = sat.satisfaction_to_behaviour(world)
    assert joined["year"].max() == 2024  # 2025 has no next year in the order book
    assert not joined.duplicated(["customer_id", "year"]).any()
    row = joined.iloc[10]
    orders = world.orders[world.orders["customer_id"] == row["customer_id"]]
    assert row["revenue_next"] == pytest.approx(
        orders.loc[orders["date"].dt.year == row["year"] + 1, "net_revenue"].sum())
    ended = world.relationships.query("churned")[["customer_id", "churn_date"]]
    dates = joined.merge(ended, on="customer_id", how="left")["churn_date"]
    after = (dates >= pd.to_datetime(joined["year"].astype(str) + "-11-01")) & \
        (dates.dt.year <= joined["year"] + 1)
    assert (after.to_numpy() == joined["churned_next"].to_numpy()).all()
    # satisfaction predicts behaviour in the right direction, but weakly
    assert joined["satisfaction"].corr(joined["share_of_wallet"]) > 0.3
    low = joined["satisfaction"] <= 4
    assert joined.loc[low, "churned_next"].mean() > joined.loc[~low, "churned_next"].mean()


# --------------------------------------------------------------------------------------------
# Bad inputs
# --------------------------------------------------------------------------------------------
def test_zero_variance_items_are_refused():
    items = pd.DataFrame({"a": [4, 4, 4, 4], "b": [1, 2, 3, 4], "c": [2, 3, 3, 5]})
    for func in (sat.cronbach_alpha, sat.item_total, sat.kmo_bartlett):
        with pytest.raises(ValueError, match=r"items \['a'\] have zero variance"):
            func(items, scale=(1, 5))
    with pytest.raises(ValueError, match="zero variance"):
        sat.fit_path_model(pd.concat([items.assign(d=[1, 2, 3, 4])] * 5),
                           {"x": ["a", "b"], "y": ["c", "d"]}, [("x", "y")], bootstrap=0)


def test_all_missing_respondents_are_excluded_and_an_empty_scale_refused():
    items = pd.DataFrame({"a": [1, 2, 3, np.nan, 5], "b": [2, 2, 4, np.nan, 5]})
    assert sat.cronbach_alpha(items, scale=(1, 5)).n_excluded == 1
    with pytest.raises(ValueError, match="fewer than 3 respondents answered any item"):
        sat.cronbach_alpha(pd.DataFrame({"a": [np.nan] * 4, "b": [np.nan] * 4}))


def test_likert_answers_out_of_range_are_refused():
    items = pd.DataFrame({"a": [1, 2, 9], "b": [2, 3, 4]})
    with pytest.raises(ValueError, match=r"cronbach_alpha: answers outside the Likert scale 1-7 in "
                       r"columns \['a'\] \(values found: 'a': 9\)"):
        sat.cronbach_alpha(items)
    assert sat.cronbach_alpha(items, scale=(1, 9)).n_items == 2
    with pytest.raises(ValueError, match="outside the Likert scale"):
        sat.fit_path_model(pd.DataFrame({"a": [0, 1, 2], "b": [1, 2, 3]}),
                           {"x": ["a"], "y": ["b"]}, [("x", "y")])
    with pytest.raises(TypeError, match="must be numeric"):
        sat.cronbach_alpha(pd.DataFrame({"a": ["x", "y", "z"], "b": [1, 2, 3]}))


@pytest.mark.parametrize("blocks, paths, match", [
    ({"x": ["a"], "y": ["b"]}, [("x", "z")], r"paths name unknown blocks \['z'\]"),
    ({"x": ["a"], "y": ["b"], "z": ["c"]}, [("x", "y"), ("y", "z"), ("z", "x")], "form a cycle"),
    ({"x": ["a"], "y": ["b"]}, [("x", "x"), ("x", "y")], "form a cycle: x -> x"),
    ({"x": ["a"], "y": ["b"], "z": ["c"]}, [("x", "y")], r"blocks \['z'\] are on no path"),
    ({"x": ["a", "b"], "y": ["b"]}, [("x", "y")], r"items \['b'\] belong to more than one block"),
    ({"x": ["a"], "y": ["nope"]}, [("x", "y")], "column 'nope' not in data"),
    ({"x": ["a"], "y": ["b"]}, [("x", "y"), ("x", "y")], "listed twice"),
])
def test_path_model_refuses_bad_models(blocks, paths, match):
    data = pd.DataFrame({"a": [1, 2, 3, 4] * 5, "b": [2, 1, 4, 3] * 5, "c": [1, 3, 2, 4] * 5})
    with pytest.raises(ValueError, match=match):
        sat.fit_path_model(data, blocks, paths, bootstrap=0)


def test_other_bad_arguments():
    data = pd.DataFrame({"a": [1, 2, 3, 4] * 5, "b": [2, 1, 4, 3] * 5})
    with pytest.raises(ValueError, match="scheme must be one of"):
        sat.fit_path_model(data, {"x": ["a"], "y": ["b"]}, [("x", "y")], scheme="mode b")
    with pytest.raises(TypeError, match="blocks must be a dict"):
        sat.fit_path_model(data, [["a"], ["b"]], [("x", "y")])
    with pytest.raises(TypeError, match="consistent must be True or False"):
        sat.fit_path_model(data, {"x": ["a"], "y": ["b"]}, [("x", "y")], consistent="yes")
    with pytest.raises(ValueError, match=r"marker items \['b'\] are also in blocks"):
        sat.fit_path_model(data, {"x": ["a"], "y": ["b"]}, [("x", "y")], marker=["b"])
    with pytest.raises(ValueError, match="column 'blue' not in data"):
        sat.fit_path_model(data, {"x": ["a"], "y": ["b"]}, [("x", "y")], marker=["blue"])
    with pytest.raises(ValueError, match="a marker must be unrelated to the constructs"):
        sat.fit_path_model(data.assign(c=data["a"]), {"x": ["a"], "y": ["b"]}, [("x", "y")],
                           marker=["c"], bootstrap=0)
    with pytest.raises(ValueError, match="same number of columns"):
        sat.gap_scores(data, ["a", "b"], ["a"])
    with pytest.raises(ValueError, match="outcome 'a' is also a driver"):
        sat.driver_analysis(data, "a", ["a", "b"])
    with pytest.raises(ValueError, match="needs at least 3 ordered classes"):
        sat.fit_ordinal(pd.DataFrame({"y": [1, 2] * 10, "x": range(20)}), "y ~ x")
    with pytest.raises(TypeError, match="must be a crmlab World"):
        sat.true_paths(data)


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------
def test_ipa_plot_draws_attributes_and_centre_lines():
    data = pd.DataFrame({"importance_a": [7.0], "importance_b": [3.0], "perceived_a": [3.0],
                         "perceived_b": [6.0]})
    table = sat.ipa(data, ["importance_a", "importance_b"], ["perceived_a", "perceived_b"])
    ax = plots.ipa_plot(table)
    assert ax is plt.gca()
    texts = [t.get_text() for t in ax.texts]
    assert {"a", "b", "concentrate here", "possible overkill"} <= set(texts)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [4.5, 4.5])  # performance centre
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [5.0, 5.0])  # importance centre


def test_gap_plot_draws_one_bar_per_attribute(world):
    gaps = sat.gap_scores(world.survey, [f"perceived_{a}" for a in ATTRS],
                          [f"expected_{a}" for a in ATTRS])
    fig, ax = plt.subplots()
    assert plots.gap_plot(gaps, ax=ax) is ax
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, gaps["gap"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ATTRS


def test_path_diagram_labels_coefficients_and_truth(acsi, world):
    res, _ = acsi
    fig, ax = plt.subplots()
    plots.path_diagram(res, ax=ax, truth=sat.true_paths(world))
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("satisfaction\nR² =") for t in texts)
    label = f"{res.params['satisfaction -> loyalty']:.2f}* (0.55)"
    assert label in texts
    assert len([t for t in texts if t and "\n" not in t and not t[0].isalpha()]) == len(res.paths)
    with pytest.raises(ValueError, match="positions has no place"):
        plots.path_diagram(res, positions={"satisfaction": (0, 0)})
