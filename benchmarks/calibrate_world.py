"""Measure the standardisation constants of make_world's latent model.

The generator rescales perceived value and perceived quality to mean 0 and
standard deviation 1, and sizes the noise of satisfaction and loyalty so that
their variance is one. The constants depend only on PARAMS, so they are measured
once on a large world and written into crmlab/datasets/_world.py. Run this after
changing PARAMS and copy the printed line into the module.

    python benchmarks/calibrate_world.py [--n 200000]
"""
import argparse

import numpy as np
import pandas as pd

from crmlab.datasets import _world


def measure(n: int, seed: int = 1) -> dict:
    saved = (_world._PV_CENTRE, _world._PV_SCALE, _world._PQ_SCALE, _world._SAT_NOISE,
             _world._LOY_NOISE)
    _world._PV_CENTRE, _world._PV_SCALE, _world._PQ_SCALE = 0.0, 1.0, 1.0
    _world._SAT_NOISE = _world._LOY_NOISE = 0.0
    try:
        gen = _world._Generator(np.random.default_rng(seed), n, pd.Timestamp("2019-01-01"),
                                pd.Timestamp("2025-12-31"))
        gen.tables = {}
        gen.customers()
        gen.perceptions()
        sm = _world.PARAMS["structural_model"]
        advantage = gen.perceived_value
        pv = (advantage - advantage.mean()) / advantage.std()
        pq = gen.perceived_quality / gen.perceived_quality.std()
        b = sm["satisfaction"]
        sat_pred = (b["expectation"] * gen.expectation + b["perceived_quality"] * pq
                    + b["perceived_value"] * pv)
        sat_noise = np.sqrt(max(0.05, 1 - sat_pred.var()))
        sat = sat_pred + sat_noise * np.random.default_rng(seed + 1).standard_normal(sat_pred.shape)
        c = sm["complaint"]["satisfaction"]
        comp = c * sat + np.sqrt(1 - c**2) * np.random.default_rng(seed + 2).standard_normal(sat.shape)
        lo = sm["loyalty"]
        loy_pred = lo["satisfaction"] * sat + lo["complaint"] * comp
        return {"_PV_CENTRE": round(float(advantage.mean()), 4),
                "_PV_SCALE": round(float(advantage.std()), 4),
                "_PQ_SCALE": round(float(gen.perceived_quality.std()), 4),
                "_SAT_NOISE": round(float(sat_noise), 4),
                "_LOY_NOISE": round(float(np.sqrt(max(0.05, 1 - loy_pred.var()))), 4)}
    finally:
        (_world._PV_CENTRE, _world._PV_SCALE, _world._PQ_SCALE, _world._SAT_NOISE,
         _world._LOY_NOISE) = saved


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    for name, value in measure(args.n).items():
        print(f"{name} = {value}")
