"""Covariance-based CFA / SEM (crmlab.satisfaction.fit_sem) against lavaan's published results,
and the measurement-quality and common-method checks."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlab.datasets import load_world
from crmlab.satisfaction import (acsi_model, fit_cfa, fit_path_model, fit_sem, harman_test, htmt,
                                 measurement_quality, single_factor_test, true_paths)

DATA = Path(__file__).parent / "data" / "satisfaction"
HS_MODEL = """visual  =~ x1 + x2 + x3
              textual =~ x4 + x5 + x6
              speed   =~ x7 + x8 + x9"""
PD_MODEL = """
  # measurement model
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + a*y2 + b*y3 + c*y4
    dem65 =~ y5 + a*y6 + b*y7 + c*y8
  # regressions
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
  # residual correlations
    y1 ~~ y5
    y2 ~~ y4 + y6
    y3 ~~ y7
    y4 ~~ y8
    y6 ~~ y8
"""


@pytest.fixture(scope="module")
def hs():
    return pd.read_csv(DATA / "holzinger_swineford1939.csv")


@pytest.fixture(scope="module")
def political():
    return pd.read_csv(DATA / "political_democracy.csv")


@pytest.fixture(scope="module")
def hs_fit(hs):
    return fit_cfa(hs, HS_MODEL)


def _row(res, lhs, op, rhs):
    p = res.params
    return p[(p.lhs == lhs) & (p.op == op) & (p.rhs == rhs)].iloc[0]


def test_holzinger_swineford_fit_matches_lavaan(hs_fit):
    # lavaan tutorial, "A first example: CFA" (https://lavaan.ugent.be/tutorial/cfa.html),
    # summary(fit, fit.measures = TRUE) with lavaan 0.6.
    f = hs_fit.fit_indices
    assert f["chi2"] == pytest.approx(85.306, abs=5e-4)
    assert f["df"] == 24
    assert f["chi2_baseline"] == pytest.approx(918.852, abs=5e-4)
    assert f["df_baseline"] == 36
    assert f["cfi"] == pytest.approx(0.931, abs=5e-4)
    assert f["tli"] == pytest.approx(0.896, abs=5e-4)
    assert f["rmsea"] == pytest.approx(0.092, abs=5e-4)
    assert f["rmsea_low"] == pytest.approx(0.071, abs=5e-4)
    assert f["rmsea_high"] == pytest.approx(0.114, abs=5e-4)
    assert f["srmr"] == pytest.approx(0.065, abs=5e-4)
    assert f["loglik"] == pytest.approx(-3737.745, abs=5e-4)
    assert f["aic"] == pytest.approx(7517.490, abs=5e-4)
    assert f["bic"] == pytest.approx(7595.339, abs=5e-4)
    assert f["npar"] == 21
    assert hs_fit.converged and hs_fit.n == 301


@pytest.mark.parametrize("lhs, op, rhs, est, se", [
    # lavaan tutorial (cfa.html), Latent Variables / Covariances / Variances
    ("visual", "=~", "x2", 0.554, 0.100), ("visual", "=~", "x3", 0.729, 0.109),
    ("textual", "=~", "x5", 1.113, 0.065), ("textual", "=~", "x6", 0.926, 0.055),
    ("speed", "=~", "x8", 1.180, 0.165), ("speed", "=~", "x9", 1.082, 0.151),
    ("visual", "~~", "textual", 0.408, 0.074), ("visual", "~~", "speed", 0.262, 0.056),
    ("textual", "~~", "speed", 0.173, 0.049),
    ("x1", "~~", "x1", 0.549, 0.114), ("x2", "~~", "x2", 1.134, 0.102),
    ("x3", "~~", "x3", 0.844, 0.091), ("x4", "~~", "x4", 0.371, 0.048),
    ("x5", "~~", "x5", 0.446, 0.058), ("x6", "~~", "x6", 0.356, 0.043),
    ("x7", "~~", "x7", 0.799, 0.081), ("x8", "~~", "x8", 0.488, 0.074),
    ("x9", "~~", "x9", 0.566, 0.071), ("visual", "~~", "visual", 0.809, 0.145),
    ("textual", "~~", "textual", 0.979, 0.112), ("speed", "~~", "speed", 0.384, 0.086),
])
def test_holzinger_swineford_estimates_match_lavaan(hs_fit, lhs, op, rhs, est, se):
    row = _row(hs_fit, lhs, op, rhs)
    assert row["est"] == pytest.approx(est, abs=5e-4)
    assert row["se"] == pytest.approx(se, abs=5e-4)


def test_holzinger_swineford_modification_index(hs_fit):
    # modindices(fit) in lavaan's tutorial (cfa / "modification indices"): the largest is
    # visual =~ x9, mi 36.411, epc 0.577.
    mi = hs_fit.modification_indices(minimum=10)
    top = mi.iloc[0]
    assert (top["lhs"], top["op"], top["rhs"]) == ("visual", "=~", "x9")
    assert top["mi"] == pytest.approx(36.411, abs=5e-4)
    assert top["epc"] == pytest.approx(0.577, abs=5e-4)
    assert mi["mi"].is_monotonic_decreasing and (mi["mi"] >= 10).all()


def test_holzinger_swineford_standardized_and_std_lv(hs, hs_fit):
    # std.all of x1 on visual: 0.772 (lavaan, summary(fit, standardized = TRUE))
    assert _row(hs_fit, "visual", "=~", "x1")["std_all"] == pytest.approx(0.772, abs=5e-4)
    assert _row(hs_fit, "visual", "~~", "textual")["std_all"] == pytest.approx(0.459, abs=5e-4)
    other = fit_cfa(hs, HS_MODEL, std_lv=True)  # the same model, identified by unit variances
    assert other.fit_indices["chi2"] == pytest.approx(hs_fit.fit_indices["chi2"], abs=1e-8)
    assert _row(other, "visual", "=~", "x1")["est"] == pytest.approx(0.900, abs=5e-4)
    pd.testing.assert_series_equal(other.params["std_all"], hs_fit.params["std_all"].set_axis(
        other.params.index), atol=1e-6)
    assert hs_fit.r2["x1"] == pytest.approx(1 - 0.404, abs=1e-3)


def test_political_democracy_matches_lavaan(political):
    # lavaan tutorial "SEM" (https://lavaan.ugent.be/tutorial/sem.html): without labels,
    # chi2 38.125 on 35 df; dem60 ~ ind60 1.483 (0.399), dem65 ~ ind60 0.572 (0.221),
    # dem65 ~ dem60 0.837 (0.098).
    free = fit_sem(political, PD_MODEL.replace("a*", "").replace("b*", "").replace("c*", ""))
    assert free.fit_indices["chi2"] == pytest.approx(38.125, abs=5e-4)
    assert free.fit_indices["df"] == 35
    for rhs, lhs, est, se in [("ind60", "dem60", 1.483, 0.399), ("ind60", "dem65", 0.572, 0.221),
                              ("dem60", "dem65", 0.837, 0.098)]:
        row = _row(free, lhs, "~", rhs)
        assert (row["est"], row["se"]) == pytest.approx((est, se), abs=5e-4)
    assert _row(free, "ind60", "=~", "x2")["est"] == pytest.approx(2.180, abs=5e-4)
    # With the tutorial's equality labels a, b, c (three constraints): chi2 40.179 on 38 df,
    # y2 (a) 1.191 (0.139), y3 (b) 1.175 (0.120), y4 (c) 1.251 (0.117), as in lavaan.
    eq = fit_sem(political, PD_MODEL)
    assert eq.fit_indices["chi2"] == pytest.approx(40.179, abs=5e-4)
    assert eq.fit_indices["df"] == 38
    for a, b, est, se in [("y2", "y6", 1.191, 0.139), ("y3", "y7", 1.175, 0.120),
                          ("y4", "y8", 1.251, 0.117)]:
        ra, rb = _row(eq, "dem60", "=~", a), _row(eq, "dem65", "=~", b)
        assert ra["est"] == rb["est"] == pytest.approx(est, abs=5e-4)
        assert ra["se"] == pytest.approx(se, abs=5e-4)
    # Δχ² of the three equality constraints
    assert eq.fit_indices["chi2"] - free.fit_indices["chi2"] == pytest.approx(2.054, abs=1e-3)
    assert {"dem60", "dem65", "y1"} <= set(eq.r2.index)


def test_blocks_and_paths_equal_the_syntax(political):
    blocks = {"ind60": ["x1", "x2", "x3"], "dem60": ["y1", "y2", "y3", "y4"],
              "dem65": ["y5", "y6", "y7", "y8"]}
    paths = [("ind60", "dem60"), ("ind60", "dem65"), ("dem60", "dem65")]
    a = fit_sem(political, blocks=blocks, paths=paths)
    b = fit_sem(political, "ind60 =~ x1 + x2 + x3; dem60 =~ y1 + y2 + y3 + y4\n"
                           "dem65 =~ y5 + y6 + y7 + y8; dem60 ~ ind60; dem65 ~ ind60 + dem60")
    assert a.fit_indices["chi2"] == pytest.approx(b.fit_indices["chi2"], abs=1e-8)
    assert a.fit_indices["df"] == 41


def _factor_data(n, seed, beta=0.6, loading=0.7):
    """Two standardized latents (ξ → η with β) measured by three items each."""
    rng = np.random.default_rng(seed)
    xi = rng.standard_normal(n)
    eta = beta * xi + np.sqrt(1 - beta**2) * rng.standard_normal(n)
    err = np.sqrt(1 - loading**2)
    cols = {f"x{i}": loading * xi + err * rng.standard_normal(n) for i in (1, 2, 3)}
    cols |= {f"y{i}": loading * eta + err * rng.standard_normal(n) for i in (1, 2, 3)}
    return pd.DataFrame(cols)


def test_cbsem_is_consistent_where_pls_is_attenuated():
    # With reliability CR = 0.74 per block, PLS's composites carry measurement error and its
    # path is biased towards 0 (about β·sqrt(ρ_x ρ_y)); ML SEM models the error and recovers β.
    data = _factor_data(20_000, seed=3)
    blocks = {"xi": ["x1", "x2", "x3"], "eta": ["y1", "y2", "y3"]}
    sem = fit_sem(data, blocks=blocks, paths=[("xi", "eta")])
    pls = fit_path_model(data, blocks, [("xi", "eta")], bootstrap=0, scale=None)
    beta_sem = _row(sem, "eta", "~", "xi")["std_all"]
    beta_pls = float(pls.paths["estimate"].iloc[0])
    assert beta_sem == pytest.approx(0.6, abs=0.02)
    assert beta_pls < 0.6 - 0.05
    quality = measurement_quality(sem)
    assert quality.reliability["composite_reliability"].to_numpy() == pytest.approx(
        0.7**2 * 9 / (0.7**2 * 9 + 3 * 0.51), abs=0.01)
    assert quality.reliability["ave"].to_numpy() == pytest.approx(0.49, abs=0.01)


def test_world_acsi_model_by_cbsem_and_pls():
    # On the world's survey (listwise complete answers) both methods recover the sign of every
    # path with a known truth; PLS lies closer to it here, because the world's answers are
    # rounded Likert composites rather than a linear factor model (see _factor_data for the
    # case where CB-SEM wins).
    world = load_world()
    survey = world.survey
    blocks, paths = acsi_model()
    with pytest.warns(UserWarning, match="missing values dropped"):
        sem = fit_sem(survey, blocks=blocks, paths=paths)
    assert sem.converged and sem.fit_indices["cfi"] > 0.95 and sem.fit_indices["rmsea"] < 0.06
    items = [i for v in blocks.values() for i in v]
    complete = survey.dropna(subset=items)
    truth = true_paths(world, complete)
    pls = fit_path_model(complete, blocks, paths, bootstrap=0).paths
    std = sem.params[sem.params["op"] == "~"].set_index(["rhs", "lhs"])["std_all"]
    truth["cbsem"] = [std[(s, t)] for s, t in zip(truth["source"], truth["target"])]
    truth["pls"] = pls["estimate"].to_numpy()
    known = truth.dropna(subset=["true"])
    big = known[known["sample_true"].abs() > 0.2]
    assert (np.sign(big["cbsem"]) == np.sign(big["sample_true"])).all()
    assert (np.sign(big["pls"]) == np.sign(big["sample_true"])).all()
    err_sem = (known["cbsem"] - known["sample_true"]).abs().mean()
    err_pls = (known["pls"] - known["sample_true"]).abs().mean()
    assert err_sem < 0.15 and err_pls < 0.1


def test_htmt_by_hand():
    # Henseler et al. (2015), eq. 6: mean heterotrait r over the geometric mean of the mean
    # monotrait r.
    d = _factor_data(500, seed=1)
    R = d.corr()
    hetero = R.loc[["y1", "y2", "y3"], ["x1", "x2", "x3"]].to_numpy().mean()
    mono = [R.loc[b, b].to_numpy()[np.triu_indices(3, 1)].mean()
            for b in (["x1", "x2", "x3"], ["y1", "y2", "y3"])]
    out = htmt(d, {"xi": ["x1", "x2", "x3"], "eta": ["y1", "y2", "y3"]})
    assert out.loc["eta", "xi"] == pytest.approx(hetero / np.sqrt(mono[0] * mono[1]), abs=1e-12)
    assert np.isnan(out.loc["xi", "eta"])


def test_measurement_quality_of_pls_result():
    d = _factor_data(2000, seed=2)
    blocks = {"xi": ["x1", "x2", "x3"], "eta": ["y1", "y2", "y3"]}
    pls = fit_path_model(d, blocks, [("xi", "eta")], bootstrap=200, seed=1, scale=None)
    q = measurement_quality(pls, d)
    assert q.method == "PLS"
    assert q.reliability["composite_reliability"].to_numpy() == pytest.approx(
        pls.reliability["composite_reliability"].to_numpy(), abs=1e-12)
    assert q.htmt.loc["eta", "xi"] == pytest.approx(0.6, abs=0.05)  # HTMT estimates cor(ξ, η)
    assert bool(q.summary()["htmt_ok"].all())
    # bootstrap t and p of the paths
    row = pls.summary().iloc[0]
    assert list(pls.paths.columns) == ["source", "target", "estimate", "se", "ci_low", "ci_high"]
    assert row["t"] == pytest.approx(row["estimate"] / row["se"])
    assert row["p"] < 1e-6
    with pytest.raises(TypeError, match="^measurement_quality: result"):
        measurement_quality("not a fit")


def test_harman_and_single_factor():
    d = _factor_data(1000, seed=4, beta=0.3)
    h = harman_test(d)
    ev = np.linalg.eigvalsh(d.corr().to_numpy())
    assert h.first_share == pytest.approx(ev.max() / 6, abs=1e-12)
    assert h.passes and h.n_factors == 2
    # one common factor behind every item: the first factor takes most of the variance
    rng = np.random.default_rng(0)
    f = rng.standard_normal(1000)
    common = pd.DataFrame({f"v{i}": 0.9 * f + 0.3 * rng.standard_normal(1000) for i in range(6)})
    assert not harman_test(common).passes
    out = single_factor_test(d, {"xi": ["x1", "x2", "x3"], "eta": ["y1", "y2", "y3"]})
    assert out.loc["measurement", "delta_df"] == 1
    assert out.loc["measurement", "p"] < 1e-10
    assert out.loc["single_factor", "cfi"] < out.loc["measurement", "cfi"]


def test_not_identified_and_heywood_warn(hs):
    # two indicators of an uncorrelated factor: the loading and the variance trade off
    with pytest.warns(UserWarning, match="^fit_cfa: .*not identified|^fit_cfa: .*flat"):
        fit_cfa(hs, "f =~ x1 + x2\ng =~ x4 + x5 + x6\nf ~~ 0*g")
    d = _factor_data(300, seed=5)
    d["x1"] = d["x2"] + 0.01 * np.random.default_rng(1).standard_normal(300)
    with pytest.warns(UserWarning, match="Heywood|not identified"):
        fit_cfa(d, {"xi": ["x1", "x2", "x3"], "eta": ["y1", "y2", "y3"]})


@pytest.mark.parametrize("model, match", [
    ("visual => x1", "cannot read model line"),
    ("visual =~ x1 + 2x", "cannot read term"),
    ("visual =~ x1 + nothere", "neither latent"),
    ("visual =~ x1 + x2 + x3\nvisual =~ x2", "given twice"),
])
def test_bad_models(hs, model, match):
    with pytest.raises(ValueError, match=f"^fit_sem: .*{match}"):
        fit_sem(hs, model)


def test_bad_arguments(hs):
    with pytest.raises(ValueError, match="^fit_sem: give either model"):
        fit_sem(hs)
    with pytest.raises(TypeError, match="^fit_sem: std_lv"):
        fit_sem(hs, HS_MODEL, std_lv="yes")
    with pytest.raises(ValueError, match="^fit_cfa: model has a regression"):
        fit_cfa(hs, HS_MODEL + "\nspeed ~ visual")
    with pytest.raises(TypeError, match="^fit_sem: column 'school' must be numeric"):
        fit_sem(hs, "f =~ x1 + x2 + school")
    with pytest.raises(ValueError, match="^htmt: blocks"):
        htmt(hs, {"a": ["x1"], "b": ["x2", "x3"]})


def test_report_tables_and_interpretations(hs, hs_fit):
    from crmlab import report

    fit = report.table(hs_fit)
    frame = fit.to_frame()
    assert frame.iloc[:, 1].tolist()[:2] == ["85.31", "24"]
    assert "[.071, .114]" in frame.iloc[:, 1].tolist()
    loadings = report.table(hs_fit, part="loadings", language="zh").to_frame()
    assert loadings.shape == (9, 7) and loadings.iloc[1, 2] == "0.554"
    text = report.interpret(hs_fit)
    assert "CFI = .931" in text and "Hu & Bentler 1999" in text and "fits poorly" in text
    zh = report.interpret(measurement_quality(hs_fit), "zh")
    assert "Henseler" in zh and "visual、speed 未达标" in zh
    harman = harman_test(hs[[f"x{i}" for i in range(1, 10)]])
    assert "35.7%" in report.interpret(harman) and "Podsakoff" in report.interpret(harman)
    assert report.table(measurement_quality(hs_fit), part="htmt").to_frame().shape == (3, 4)
    with pytest.raises(ValueError, match="^table: part"):
        report.table(hs_fit, part="htmt")
