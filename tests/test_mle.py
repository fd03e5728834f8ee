"""crmlab._mle: converged digits and identification checks of the maximum-likelihood fits."""
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlab import _mle
from crmlab import lifecycle as lc
from crmlab import satisfaction as sat
from crmlab import value

CDNOW = Path(__file__).parent / "data" / "lifecycle" / "cdnow_summary.csv"


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(CDNOW)


def _perturbed(values, seed, size=1e-12):
    """The same numbers off by about a thousand units in the last place: what another
    processor's arithmetic does to them before they reach the fit."""
    rng = np.random.default_rng(seed)
    values = np.asarray(values, dtype=float)
    return values * (1 + size * rng.uniform(-1, 1, len(values)))


def test_maximize_converges_to_the_closed_form_normal_fit():
    """The ML estimates of a normal sample are its mean and its standard deviation with
    divisor n: the Newton polish lands on them to the stated step tolerance."""
    y = np.random.default_rng(3).normal(10.0, 2.0, 500)

    def objective(theta):  # theta = (mu, log sigma)
        mu, log_s = theta
        r = (y - mu) / np.exp(log_s)
        return (len(y) * log_s + 0.5 * r @ r,
                np.array([-np.sum(r) / np.exp(log_s), len(y) - r @ r]))

    fit = _mle.maximize(objective, [0.0, 0.0])
    assert fit.converged and fit.last_step < _mle.STEP_TOLERANCE
    assert fit.log_params[0] == pytest.approx(y.mean(), rel=1e-10)
    assert np.exp(fit.log_params[1]) == pytest.approx(y.std(), rel=1e-8)


def test_flat_directions_names_the_parameters_and_the_identified_ratio():
    # flat along (1, 1, 0) in log-parameters: q and gamma can grow together
    together = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    (involved, message), = _mle.flat_directions(together, ["q", "gamma", "p"])
    assert involved == ("q", "gamma") and "only their ratio is identified" in message
    hint = {frozenset({"q", "gamma"}): "only the mean is identified"}
    assert "only the mean is identified" in _mle.flat_directions(together, ["q", "gamma", "p"],
                                                                 hint)[0][1]
    against = np.array([[1.0, 1.0], [1.0, 1.0]])
    assert "only their product is identified" in _mle.flat_directions(against, ["a", "b"])[0][1]
    alone = np.diag([3.0, 1e-12])
    assert _mle.flat_directions(alone, ["a", "b"]) == [
        (("b",), "b is not identified: the likelihood is flat along it")]
    assert _mle.flat_directions(np.diag([3.0, 0.5]), ["a", "b"]) == []


def test_significant_digits_and_rounding():
    assert _mle.significant(996588.9364874689) == "9.966e+05"
    assert _mle.significant(0.03356040677860055) == "0.03356"
    out = _mle.round_significant(pd.Series([996588.93, 0.0335604, 0.0, np.nan], name="x"))
    assert out.iloc[:3].tolist() == [996600.0, 0.03356, 0.0] and np.isnan(out.iloc[3])


def test_fits_print_the_same_on_perturbed_data(cdnow):
    """Data off by 1e-12 (relative) stand for another processor's rounding: every printed
    digit of the BG/NBD and Gamma-Gamma fits must stay, and the estimates agree far below
    the printed precision (the optimizer's tolerance, 1e-8 relative, with room)."""
    x, tx, T = (cdnow[c].to_numpy(float) for c in ("x", "t_x", "T"))
    base = lc.fit_bgnbd(x, tx, T)
    moved = lc.fit_bgnbd(x, _perturbed(tx, 1), _perturbed(T, 2))
    assert repr(moved) == repr(base) and base.converged
    np.testing.assert_allclose(moved.params, base.params, rtol=1e-6)
    repeat = cdnow[cdnow["x"] > 0]
    base = lc.fit_gamma_gamma(repeat["x"], repeat["zbar"])
    moved = lc.fit_gamma_gamma(repeat["x"], _perturbed(repeat["zbar"], 3))
    assert repr(moved) == repr(base) and base.converged
    np.testing.assert_allclose(moved.params, base.params, rtol=1e-6)
    pd.testing.assert_frame_equal(moved.summary(), base.summary())


def test_gamma_gamma_says_when_mean_spends_do_not_differ():
    """Simulated with one spend rate for every customer (no gamma heterogeneity), q and
    gamma run off together; the fit says so and still recovers p and the mean spend."""
    rng = np.random.default_rng(1)
    x = 1 + rng.poisson(2, 2000)
    p, rate = 2.0, 0.01  # mean spend per transaction p / rate = 200
    zbar = rng.gamma(p * x, 1 / (rate * x))
    with pytest.warns(UserWarning, match="fit_gamma_gamma: .*q and gamma.*mean spend"):
        fit = lc.fit_gamma_gamma(x, zbar)
    assert not fit.identified["q"] and not fit.identified["gamma"] and fit.identified["p"]
    assert "'q': not identified" in repr(fit) and not fit.converged
    assert fit.summary()[["estimate", "se"]].loc[["q", "gamma"]].isna().all().all()
    se_p = np.sqrt(p / (x.sum()))  # rough: p is estimated from about sum(x) purchases
    assert abs(fit.params["p"] - p) < 5 * se_p * p
    assert fit.mean_spend == pytest.approx(zbar.mean(), rel=0.01)


def test_identified_fits_warn_about_nothing(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = lc.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert fit.identified.all() and fit.converged and fit.notes == ()


def test_ordinal_fit_warns_on_perfect_separation():
    rng = np.random.default_rng(1)
    d = pd.DataFrame({"x": np.repeat([0.0, 1, 2, 3], 20) + rng.normal(0, 0.01, 80),
                      "y": np.repeat([1, 2, 3, 4], 20)})
    with pytest.warns(UserWarning, match="fit_ordinal: .*separates the answers"):
        sat.fit_ordinal(d, "y ~ x")


def test_hazard_fit_warns_when_a_group_never_churns():
    rng = np.random.default_rng(1)
    d = pd.DataFrame({"t": rng.integers(1, 10, 200).astype(float), "g": np.repeat([0, 1], 100)})
    d["churned"] = np.where(d["g"] == 1, 0, rng.integers(0, 2, 200))
    with pytest.warns(UserWarning, match="fit_churn_hazard: .*g runs off"):
        lc.fit_churn_hazard(d, duration="t", event="churned", covariates=["g"])


def test_choice_fit_warns_when_an_attribute_always_wins():
    rng = np.random.default_rng(2)
    n = 60
    audit = pd.DataFrame({"customer_id": np.repeat(np.arange(n), 3),
                          "supplier": np.tile(["ours", "b", "c"], n),
                          "quality": rng.normal(size=3 * n), "price": rng.uniform(1, 2, 3 * n)})
    audit["chosen"] = audit.groupby("customer_id")["quality"].transform("max") == audit["quality"]
    with pytest.warns(UserWarning, match="fit_choice: .*quality"):
        value.fit_choice(audit, attributes=["quality", "price"], group="customer_id",
                         price="price")


def test_running_off_names_the_parameters_still_moving():
    """Where the optimizer stops on a ridge depends on the processor's rounding, so a fit
    that did not converge is judged by where its last Newton step was heading."""
    stuck = _mle.MLEstimate(log_params=np.array([9.9, 11.3, 0.1]), loglik=-1.0,
                            hessian=np.eye(3), converged=False, last_step=0.4,
                            direction=np.array([0.5, 0.6, 0.01]))
    hint = {frozenset({"alpha", "beta"}): "only the mean churn is identified"}
    assert _mle.running_off(stuck, ["alpha", "beta", "p"], hint) == [
        (("alpha", "beta"), "alpha and beta run off together: only the mean churn is identified")]
    rising = _mle.MLEstimate(log_params=np.zeros(2), loglik=-1.0, hessian=np.eye(2),
                             converged=False, last_step=0.4, direction=np.array([0.0, -2.0]))
    assert "keeps rising as b runs off" in _mle.running_off(rising, ["a", "b"])[0][1]
    done = _mle.MLEstimate(log_params=np.zeros(2), loglik=-1.0, hessian=np.eye(2),
                           converged=True, last_step=1e-12, direction=np.zeros(2))
    assert _mle.running_off(done, ["a", "b"]) == []
