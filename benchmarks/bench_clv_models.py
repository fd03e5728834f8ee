"""Time crmlab's Pareto/NBD, BG/BB, Gamma-Gamma and sBG fits against other implementations.

Against lifetimes (each fit on the same data, lifetimes in an interpreter of its own, as in
``bench_bgnbd.py``; lifetimes does not install next to the project's pins):

* Pareto/NBD (``ParetoNBDFitter``): Fader & Hardie's CDNOW sample (2,357 customers,
  ``tests/data/lifecycle/cdnow_summary.csv``) and 20,000 customers drawn with its
  estimates over 39 weeks (continuous times: nothing can be pooled);
* BG/BB (``BetaGeoBetaBinomFitter``): the donation table of Fader, Hardie & Shang (2010)
  (22 rows, 11,104 donors) and 200,000 customers over 10 occasions as the grouped
  (x, t_x, count) table both libraries take;
* Gamma-Gamma (``GammaGammaFitter``): CDNOW's 946 repeat buyers and 100,000 simulated ones
  (BG/NBD itself is ``bench_bgnbd.py``'s).

lifetimes has no shifted beta-geometric (sBG) model, so ``fit_sbg`` is compared with the
estimates Fader & Hardie (2007) publish for their two cohorts and with a direct scipy
implementation (the same likelihood summed over customers, Nelder-Mead to 1e-10), on the
two cohorts and on 100,000 customers' (lifetime, churned) drawn from Beta(0.7, 2.5) churn.

    python3 -m venv /tmp/lifetimes-env && /tmp/lifetimes-env/bin/pip install lifetimes
    .venv/bin/python benchmarks/bench_clv_models.py --lifetimes-python /tmp/lifetimes-env/bin/python

Each fit runs once to warm up, then ``--repeat`` times; the fastest run counts, as with
timeit. Targets (issue 19): crmlab at most 0.5 x the other's time, log-likelihoods (each by
its own code at its own estimates) within 0.01. Without lifetimes only the sBG comparison
and crmlab's times are printed and results.md is left alone; otherwise the script writes
its section of results.md and exits with 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "lifecycle"

LOGLIK_TOLERANCE = 0.01
TIME_RATIO_TARGET = 0.5
SEED = 2026
#: Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing
#: 21(1): the two cohorts (years 0-7) and the published sBG estimates.
SBG_PUBLISHED = {
    "high end": ([1000, 869, 743, 653, 593, 551, 517, 491], {"alpha": 0.668, "beta": 3.806}),
    "regular": ([1000, 631, 468, 382, 326, 289, 262, 241], {"alpha": 0.704, "beta": 1.182}),
}


# --- data, built the same way in every interpreter -------------------------------------------
def cdnow():
    data = pd.read_csv(DATA / "cdnow_summary.csv")
    return {k: data[c].to_numpy(dtype=float) for k, c in (("x", "x"), ("tx", "t_x"),
                                                          ("T", "T"), ("z", "zbar"))}


def pnbd_cdnow():
    d = cdnow()
    return d["x"], d["tx"], d["T"]


def pnbd_simulated(n=20_000):
    rng = np.random.default_rng(SEED)
    lam, mu = rng.gamma(0.553, 1 / 10.58, n), rng.gamma(0.606, 1 / 11.67, n)
    until = np.minimum(rng.exponential(1 / mu), 39.0)
    x = rng.poisson(lam * until).astype(float)
    tx = np.where(x > 0, until * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    return x, tx, np.full(n, 39.0)


def bgbb_donations():
    d = pd.read_csv(DATA / "donations.csv")
    return tuple(d[c].to_numpy(dtype=float) for c in ("x", "t_x", "n", "count"))


def bgbb_simulated(n=200_000, k=10):
    rng = np.random.default_rng(SEED)
    p, th = rng.beta(1.204, 0.75, n), rng.beta(0.657, 2.783, n)
    alive_for = np.minimum(rng.geometric(th) - 1, k)
    buys = (rng.random((n, k)) < p[:, None]) & (np.arange(1, k + 1) <= alive_for[:, None])
    x = buys.sum(axis=1)
    tx = np.where(x > 0, k - np.argmax(buys[:, ::-1], axis=1), 0)
    g = pd.DataFrame({"x": x, "t_x": tx}).value_counts().rename("count").reset_index()
    g = g.sort_values(["x", "t_x"], ignore_index=True)
    return (g["x"].to_numpy(float), g["t_x"].to_numpy(float), np.full(len(g), float(k)),
            g["count"].to_numpy(float))


def gg_cdnow():
    d = cdnow()
    repeat = d["x"] > 0
    return d["x"][repeat], d["z"][repeat]


def gg_simulated(n=100_000, p=6.25, q=3.74, gamma=15.44):
    rng = np.random.default_rng(SEED)
    x = 1 + rng.poisson(2.0, n)
    nu = rng.gamma(q, 1 / gamma, n)
    return x.astype(float), rng.gamma(p * x, 1 / (x * nu))


CASES = {  # name: (model, data, label)
    "pnbd_cdnow": ("Pareto/NBD", pnbd_cdnow, "CDNOW, 2,357 customers"),
    "pnbd_simulated": ("Pareto/NBD", pnbd_simulated, "20,000 simulated customers"),
    "bgbb_donations": ("BG/BB", bgbb_donations, "donations, 11,104 donors (22 rows)"),
    "bgbb_simulated": ("BG/BB", bgbb_simulated, "200,000 simulated customers, grouped"),
    "gg_cdnow": ("Gamma-Gamma", gg_cdnow, "CDNOW repeat buyers, 946"),
    "gg_simulated": ("Gamma-Gamma", gg_simulated, "100,000 simulated repeat buyers"),
}


def fastest(fit, repeat: int):
    result = fit()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return min(times), result


# --- crmlab ----------------------------------------------------------------------------------
def time_crmlab(case: str, repeat: int) -> dict:
    from crmlab import lifecycle as lc

    model, make, _ = CASES[case]
    data = make()
    fit = {"Pareto/NBD": lambda: lc.fit_pareto_nbd(*data),
           "BG/BB": lambda: lc.fit_bgbb(*data),
           "Gamma-Gamma": lambda: lc.fit_gamma_gamma(*data)}[model]
    seconds, res = fastest(fit, repeat)
    return {"seconds": seconds, "params": res.params.tolist(), "loglik": res.loglik,
            "converged": bool(res.converged), "n": int(res.n)}


# --- lifetimes (run in its own interpreter) --------------------------------------------------
def time_lifetimes(case: str, repeat: int) -> dict:
    import lifetimes
    from lifetimes import BetaGeoBetaBinomFitter, GammaGammaFitter, ParetoNBDFitter

    model, make, _ = CASES[case]
    data = make()
    if model == "Pareto/NBD":
        x, tx, T = data
        seconds, fit = fastest(lambda: ParetoNBDFitter().fit(x, tx, T), repeat)
        params = fit.params_[["r", "alpha", "s", "beta"]].to_numpy()
        # the sum over customers (weights 1, no penalty)
        loglik = -float(ParetoNBDFitter._negative_log_likelihood(params, x, tx, T,
                                                                 np.ones(len(x)), 0.0))
        name = "ParetoNBDFitter"
    elif model == "BG/BB":
        x, tx, n, count = data
        seconds, fit = fastest(lambda: BetaGeoBetaBinomFitter().fit(x, tx, n, count), repeat)
        params = fit.params_[["alpha", "beta", "gamma", "delta"]].to_numpy()
        # the weighted mean over customers
        loglik = -float(BetaGeoBetaBinomFitter._negative_log_likelihood(
            np.log(params), x, tx, n, count, 0.0)) * count.sum()
        name = "BetaGeoBetaBinomFitter"
    else:
        x, z = data
        seconds, fit = fastest(lambda: GammaGammaFitter().fit(x, z), repeat)
        params = fit.params_[["p", "q", "v"]].to_numpy()
        loglik = -float(GammaGammaFitter._negative_log_likelihood(
            np.log(params), x, z, np.ones(len(x)), 0.0)) * len(x)
        name = "GammaGammaFitter"
    return {"seconds": seconds, "params": params.tolist(), "loglik": loglik,
            "name": f"lifetimes {lifetimes.__version__} {name}"}


def run_lifetimes(python: str, case: str, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH="")
    done = subprocess.run([python, __file__, "--child", case, "--repeat", str(repeat)],
                          capture_output=True, text=True, env=env, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"lifetimes run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- sBG: published estimates and a direct scipy implementation -------------------------------
def sbg_direct(churn_t, churn_n, alive_t, alive_n):
    """The sBG log-likelihood written out and maximised with scipy's Nelder-Mead."""
    from scipy import optimize, special

    def negative(log_params):
        a, b = np.exp(log_params)
        return -(churn_n @ (special.betaln(a + 1, b + churn_t - 1) - special.betaln(a, b))
                 + alive_n @ (special.betaln(a, b + alive_t) - special.betaln(a, b)))

    res = optimize.minimize(negative, np.zeros(2), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 10_000})
    return np.exp(res.x), -res.fun


def sbg_cases(repeat: int):
    from crmlab import lifecycle as lc

    rows, ok = [], True
    for name, (counts, published) in SBG_PUBLISHED.items():
        c = np.array(counts, dtype=float)
        t = np.arange(1, len(c), dtype=float)
        ours_s, ours = fastest(lambda: lc.fit_sbg(counts), repeat)
        direct_s, (direct, direct_ll) = fastest(
            lambda: sbg_direct(t, c[:-1] - c[1:], np.array([t[-1]]), c[-1:]), repeat)
        gap = abs(ours.loglik - direct_ll)
        pub_gap = max(abs(ours.params[k] - v) for k, v in published.items())
        met = gap <= LOGLIK_TOLERANCE and pub_gap <= 5e-4 and ours.converged
        ok &= met
        rows.append((f"{name} cohort (Fader & Hardie 2007)", 1000, ours_s, direct_s,
                     ours.params.tolist(), direct.tolist(),
                     f"published α = {published['alpha']}, β = {published['beta']}",
                     ours.loglik, direct_ll, met))
    rng = np.random.default_rng(SEED)
    life = rng.geometric(rng.beta(0.7, 2.5, 100_000))
    lifetimes, churned = np.minimum(life, 10), life <= 10
    ours_s, ours = fastest(lambda: lc.fit_sbg(lifetimes=lifetimes, churned=churned), repeat)
    lt = lifetimes.astype(float)
    direct_s, (direct, direct_ll) = fastest(
        lambda: sbg_direct(lt[churned], np.ones(churned.sum()), lt[~churned],
                           np.ones((~churned).sum())), repeat)
    gap = abs(ours.loglik - direct_ll)
    met = gap <= LOGLIK_TOLERANCE and ours.converged
    ok &= met
    rows.append(("100,000 simulated customers", 100_000, ours_s, direct_s, ours.params.tolist(),
                 direct.tolist(), "truth α = 0.7, β = 2.5", ours.loglik, direct_ll, met))
    return rows, ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--lifetimes-python", default=os.environ.get("LIFETIMES_PYTHON"),
                        help="an interpreter with lifetimes installed")
    parser.add_argument("--child", metavar="CASE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.child:  # in lifetimes' interpreter: time one case, print JSON
        print(json.dumps(time_lifetimes(args.child, args.repeat)))
        return 0

    ok, lines = True, []
    print(f"{'model':<12} {'data':<38} {'crmlab s':>9} {'other s':>9} {'ratio':>6} "
          f"{'crmlab LL':>14} {'other LL':>14}")
    for case, (model, _, label) in CASES.items():
        ours = time_crmlab(case, args.repeat)
        if not args.lifetimes_python:
            print(f"{model:<12} {label:<38} {ours['seconds']:9.4f} {'':>9} {'':>6} "
                  f"{ours['loglik']:14.4f}")
            continue
        theirs = run_lifetimes(args.lifetimes_python, case, args.repeat)
        gap = abs(ours["loglik"] - theirs["loglik"])
        ratio = ours["seconds"] / theirs["seconds"]
        met = gap <= LOGLIK_TOLERANCE and ratio <= TIME_RATIO_TARGET and ours["converged"]
        ok &= met
        print(f"{model:<12} {label:<38} {ours['seconds']:9.4f} {theirs['seconds']:9.4f} "
              f"{ratio:6.2f} {ours['loglik']:14.4f} {theirs['loglik']:14.4f}")
        lines.append(f"| {model} | {label} | {theirs['name']} | {ours['seconds']:.4f} | "
                     f"{theirs['seconds']:.4f} | {ratio:.2f} | {ours['loglik']:.3f} | "
                     f"{theirs['loglik']:.3f} | {gap:.4f} | {'yes' if met else '**no**'} |")

    sbg_rows, sbg_ok = sbg_cases(args.repeat)
    ok &= sbg_ok
    print("\nsBG (lifetimes has none): crmlab against the published estimates and a direct "
          "scipy implementation")
    sbg_lines = []
    for (label, n, ours_s, direct_s, ours_p, direct_p, reference, ours_ll, direct_ll,
         met) in sbg_rows:
        fmt = lambda p: ", ".join(f"{v:.4f}" for v in p)  # noqa: E731
        print(f"  {label}: crmlab {ours_s:.4f} s ({fmt(ours_p)}; LL {ours_ll:.4f}), "
              f"scipy direct {direct_s:.4f} s ({fmt(direct_p)}; LL {direct_ll:.4f}); "
              f"{reference}")
        sbg_lines.append(f"| {label} | {n:,} | {ours_s:.4f} | {direct_s:.4f} | "
                         f"{ours_s / direct_s:.2f} | {fmt(ours_p)} | {fmt(direct_p)} | "
                         f"{reference} | {abs(ours_ll - direct_ll):.4f} | "
                         f"{'yes' if met else '**no**'} |")
    if not args.lifetimes_python:
        print("lifetimes was not run (see this script's docstring); results.md left alone.")
        return 0 if ok else 1

    from bench_world import machine, save_section

    table = ["| model | data | other implementation | crmlab (s) | other (s) | ratio | "
             "crmlab LL | other LL | LL gap | met |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |", *lines]
    sbg = ["| sBG data | customers | crmlab (s) | scipy direct (s) | ratio | crmlab α, β | "
           "scipy α, β | reference | LL gap | met |",
           "| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | --- |", *sbg_lines]
    body = (f"crmlab's Pareto/NBD, BG/BB and Gamma-Gamma fits against lifetimes (its own "
            f"interpreter), fastest of {args.repeat} runs after a warm-up. LL: each "
            f"implementation's log-likelihood, by its own code at its own estimates. Targets: "
            f"LL gap <= {LOGLIK_TOLERANCE:g} and ratio <= {TIME_RATIO_TARGET:g}.\n\n"
            + "\n".join(table) + "\n\nlifetimes has no sBG: `fit_sbg` against Fader & Hardie's "
            "(2007) published estimates (within 5e-4) and a direct scipy implementation "
            "(Nelder-Mead, LL within 0.01).\n\n" + "\n".join(sbg) + "\n\n" + machine())
    save_section("CLV models: Pareto/NBD, BG/BB, Gamma-Gamma, sBG", body)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
