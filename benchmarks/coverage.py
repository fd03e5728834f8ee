"""Recovery across seeds: the ACSI path model and the service response against the truth.

A validation study, not a timing: on worlds of 600 customers with seeds 1..N it fits

* the ACSI model of ``crmlab.satisfaction.acsi_model`` on the firms (respondents
  averaged per customer and year) three ways, plain PLS, consistent PLS with the marker
  correction, and the same with a customer-cluster bootstrap (200 resamples each), and
  counts how often each 95 % interval contains the same-sample truth
  (``true_paths(world, sample=...)["sample_true"]``), with the root mean squared error;
* ``crmlab.value.service_response``, and counts how often its 95 % interval contains the
  world's true slope.

It prints both tables and writes them to ``results.md`` (section "coverage"). About four
minutes for 20 seeds on two cores; ``make bench`` does not run it.

    python benchmarks/coverage.py [--seeds 20] [--no-save]
"""
import argparse
import sys

import numpy as np
import pandas as pd

from bench_world import machine, save_section

MARKERS = ["marker_1", "marker_2", "marker_3"]
FITS = {"plain PLS": {}, "PLSc + marker": dict(consistent=True, marker=MARKERS),
        "PLSc + marker, cluster bootstrap": dict(consistent=True, marker=MARKERS,
                                                 cluster="customer_id")}


def path_model(world, seed: int) -> pd.DataFrame:
    from crmlab import satisfaction as sat

    blocks, paths = sat.acsi_model()
    items = [i for block in blocks.values() for i in block] + MARKERS
    firms = world.survey.groupby(["customer_id", "year"], as_index=False)[items].mean()
    truth = sat.true_paths(world, sample=firms)
    out = []
    for label, options in FITS.items():
        fit = sat.fit_path_model(firms, blocks, paths, bootstrap=200, seed=seed, **options)
        table = fit.paths.merge(truth, on=["source", "target"])
        out.append(table.assign(fit=label, error=table["estimate"] - table["sample_true"],
                                covered=table["sample_true"].between(table["ci_low"],
                                                                     table["ci_high"])))
    return pd.concat(out)


def main(argv=None) -> int:
    from crmlab.datasets import make_world
    from crmlab.value import service_response

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    paths, slopes = [], []
    for seed in range(1, args.seeds + 1):
        world = make_world(seed=seed)
        paths.append(path_model(world, seed))
        r = service_response(world)
        slopes.append((r.slope, r.ci_low, r.ci_high, r.true_slope))
        print(f"seed {seed} done", flush=True)
    d = pd.concat(paths)
    rows = ["| fit | intervals | coverage | RMSE | complaint and loyalty paths covered |",
            "| --- | ---: | ---: | ---: | ---: |"]
    for label in FITS:
        g = d[d["fit"] == label]
        key = g[g["target"].isin(["complaint", "loyalty"])]
        rows.append(f"| {label} | {len(g)} | {g['covered'].mean():.3f} | "
                    f"{np.sqrt((g['error'] ** 2).mean()):.3f} | {key['covered'].mean():.3f} |")
    s = np.array(slopes)
    covered = (s[:, 1] <= s[:, 3]) & (s[:, 3] <= s[:, 2])
    rows += ["", "| service response | seeds | mean slope | sd | truth | coverage | mean CI width |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| `value.service_response` | {len(s)} | {s[:, 0].mean():.3f} | "
             f"{s[:, 0].std(ddof=1):.3f} | {s[0, 3]:.3f} | {covered.mean():.2f} | "
             f"{(s[:, 2] - s[:, 1]).mean():.3f} |"]
    report, about = "\n".join(rows), machine()
    print(f"\n{report}\n\n{about}")
    if not args.no_save:
        save_section("coverage", f"Worlds of 600 customers, seeds 1-{args.seeds}; 95 % "
                                 f"percentile intervals from 200 bootstrap resamples, against "
                                 f"the same-sample truth of each path.\n\n{report}\n\n{about}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
