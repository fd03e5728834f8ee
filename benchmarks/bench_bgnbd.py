"""Time crmlab's BG/NBD fit on 2,000 and 200,000 customers against other implementations.

Two summaries (x, t_x, T, in weeks):

* the first 2,000 customers of Fader & Hardie's CDNOW sample
  (``tests/data/lifecycle/cdnow_summary.csv``);
* 200,000 customers drawn from BG/NBD with the CDNOW estimates of Fader, Hardie & Lee
  (2005) (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426), seed 2026, each observed for
  T ~ Uniform(27, 39) weeks after the first purchase. Purchase times are continuous, so
  no two customers share a summary and nothing can be pooled.

The other implementations are lifetimes' ``BetaGeoFitter`` (maximum likelihood) and
pymc-marketing's ``BetaGeoModel`` fitted by MAP with flat priors (the same estimate).
Neither is a dependency of crmlab, and lifetimes does not install next to the project's
pins, so each runs in an interpreter of its own, for example throw-away environments:

    python3 -m venv /tmp/lifetimes-env && /tmp/lifetimes-env/bin/pip install lifetimes
    python3 -m venv /tmp/pymcm-env && /tmp/pymcm-env/bin/pip install pymc-marketing
    python benchmarks/bench_bgnbd.py --lifetimes-python /tmp/lifetimes-env/bin/python \\
        --pymc-marketing-python /tmp/pymcm-env/bin/python

(or set LIFETIMES_PYTHON and PYMC_MARKETING_PYTHON). Each fit runs once to warm up, then
``--repeat`` times; the fastest run counts, as with timeit. Targets (issue 10): crmlab's
log-likelihood within 0.01 of the other's (each computed by its own code at its own
estimates) and crmlab's time at most 0.5 x the other's. Without another interpreter the
script only times crmlab and leaves results.md alone; otherwise it writes its section of
results.md and exits with 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOGLIK_TOLERANCE = 0.01
TIME_RATIO_TARGET = 0.5
SEED = 2026
CDNOW_PARAMS = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)


def cdnow(n_customers: int = 2000):
    data = pd.read_csv(ROOT / "tests" / "data" / "lifecycle" / "cdnow_summary.csv")
    data = data.head(n_customers)
    return tuple(data[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))


def simulated(n_customers: int = 200_000, seed: int = SEED, r=0.243, alpha=4.414, a=0.793,
              b=2.426):
    """BG/NBD summaries: purchases at rate lambda ~ Gamma(r, alpha) until dropout, which
    follows each repeat purchase with probability p ~ Beta(a, b).

    With N ~ Poisson(lambda T) purchases in (0, T] and dropout at purchase K ~ Geometric(p),
    x = min(N, K) and the x-th of N uniform purchase times is T · Beta(x, N - x + 1).
    """
    rng = np.random.default_rng(seed)
    T = rng.uniform(27, 39, n_customers)
    lam, p = rng.gamma(r, 1 / alpha, n_customers), rng.beta(a, b, n_customers)
    purchases = rng.poisson(lam * T)
    x = np.minimum(purchases, rng.geometric(p))
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), purchases - x + 1), 0.0)
    return x.astype(float), tx, T


SUMMARIES = {"cdnow": (cdnow, "first 2,000 customers of the CDNOW sample"),
             "simulated": (simulated, "200,000 customers simulated from BG/NBD, seed 2026")}


def fastest(fit, repeat: int):
    result = fit()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return min(times), result


def time_crmlab(x, tx, T, repeat):
    from crmlab.lifecycle import fit_bgnbd

    seconds, fit = fastest(lambda: fit_bgnbd(x, tx, T), repeat)
    return {"seconds": seconds, "params": fit.params.tolist(), "loglik": fit.loglik,
            "converged": fit.converged}


def time_lifetimes(x, tx, T, repeat):
    """lifetimes' BetaGeoFitter (maximum likelihood, autograd gradient, BFGS)."""
    import lifetimes
    from lifetimes import BetaGeoFitter

    seconds, fit = fastest(lambda: BetaGeoFitter().fit(x, tx, T), repeat)
    params = fit.params_[["r", "alpha", "a", "b"]].to_numpy()
    # _negative_log_likelihood is the mean over customers (weights 1, no penalty)
    mean = BetaGeoFitter._negative_log_likelihood(np.log(params), x.astype(int), tx, T,
                                                  np.ones(len(x)), 0.0)
    return {"seconds": seconds, "params": params.tolist(), "loglik": -float(mean) * len(x),
            "name": f"lifetimes {lifetimes.__version__} BetaGeoFitter"}


def time_pymc_marketing(x, tx, T, repeat):
    """pymc-marketing's BetaGeoModel, MAP with flat priors: the maximum-likelihood estimate.
    A fit builds the PyMC model and compiles it (PyTensor caches the compiled code)."""
    import warnings

    import pymc_marketing
    from pymc_extras.prior import Prior
    from pymc_marketing.clv import BetaGeoModel

    warnings.filterwarnings("ignore")
    data = pd.DataFrame({"customer_id": np.arange(len(x)), "frequency": x, "recency": tx, "T": T})
    flat = {name: Prior("HalfFlat") for name in ("r", "alpha", "a", "b")}

    def fit():
        model = BetaGeoModel(data=data, model_config=flat)
        model.fit(method="map", progressbar=False)
        return model

    seconds, model = fastest(fit, repeat)
    params = [float(model.idata.posterior[k].values.ravel()[0]) for k in ("r", "alpha", "a", "b")]
    logp = model.model.compile_logp(jacobian=False)  # flat priors add nothing: the log-likelihood
    point = {v.name: np.log(params[["r", "alpha", "a", "b"].index(v.name.removesuffix("_log__"))])
             for v in model.model.value_vars}
    return {"seconds": seconds, "params": params, "loglik": float(logp(point)),
            "name": f"pymc-marketing {pymc_marketing.__version__} BetaGeoModel (MAP, flat priors)"}


OTHERS = {"lifetimes": time_lifetimes, "pymc-marketing": time_pymc_marketing}


def run_other(other: str, python: str, summary: str, repeat: int) -> dict:
    """Time another implementation in its own interpreter (a child run of this script)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([python, __file__, "--child", summary, other, "--repeat", str(repeat)],
                          capture_output=True, text=True, env=env, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"{other} run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--lifetimes-python", default=os.environ.get("LIFETIMES_PYTHON"),
                        help="an interpreter with lifetimes installed")
    parser.add_argument("--pymc-marketing-python",
                        default=os.environ.get("PYMC_MARKETING_PYTHON"),
                        help="an interpreter with pymc-marketing installed")
    parser.add_argument("--child", nargs=2, metavar=("SUMMARY", "OTHER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # in the other interpreter: time it on one summary, print JSON
        summary, other = args.child
        print(json.dumps(OTHERS[other](*SUMMARIES[summary][0](), args.repeat)))
        return 0

    pythons = {other: python for other, python in (("lifetimes", args.lifetimes_python),
               ("pymc-marketing", args.pymc_marketing_python)) if python}
    rows, ok = [], True
    print(f"{'summary':<10} {'implementation':<40} {'seconds':>8} {'loglik':>14}   "
          "r       alpha   a       b")
    for summary, (make, label) in SUMMARIES.items():
        x, tx, T = make()
        ours = time_crmlab(x, tx, T, args.repeat)
        results = [("crmlab.lifecycle.fit_bgnbd", ours)]
        results += [(None, run_other(other, python, summary, args.repeat))
                    for other, python in pythons.items()]
        for name, res in results:
            print(f"{summary:<10} {(name or res['name'])[:40]:<40} {res['seconds']:8.4f} "
                  f"{res['loglik']:14.4f}   " + "  ".join(f"{p:6.4f}" for p in res["params"]))
        for _, theirs in results[1:]:
            gap = abs(ours["loglik"] - theirs["loglik"])
            ratio = ours["seconds"] / theirs["seconds"]
            met = gap <= LOGLIK_TOLERANCE and ratio <= TIME_RATIO_TARGET and ours["converged"]
            ok &= met
            rows.append(f"| {label} | {len(x):,} | {theirs['name']} | {ours['seconds']:.4f} | "
                        f"{theirs['seconds']:.4f} | {ratio:.2f} | {ours['loglik']:.3f} | "
                        f"{theirs['loglik']:.3f} | {gap:.4f} | {'yes' if met else '**no**'} |")
    if not pythons:
        print("No other implementation was run (see this script's docstring); "
              "results.md left alone.")
        return 0

    from bench_world import machine, save_section

    table = ["| summary | customers | other implementation | crmlab (s) | other (s) | ratio "
             "| crmlab LL | other LL | LL gap | met |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |", *rows]
    body = (f"`crmlab.lifecycle.fit_bgnbd` against other open-source implementations, each run "
            f"in its own environment; fastest of {args.repeat} runs after a warm-up. LL: each "
            f"implementation's log-likelihood, by its own code at its own estimates. Targets: "
            f"LL gap <= {LOGLIK_TOLERANCE:g} and ratio <= {TIME_RATIO_TARGET:g}.\n\n"
            + "\n".join(table) + "\n\n" + machine())
    save_section("BG/NBD fit", body)
    print("\n".join(table))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
