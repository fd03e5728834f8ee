"""Seconds to execute each lesson notebook, next to a bare notebook.

The bare notebook only imports the stack (pandas, numpy, matplotlib, seaborn,
statsmodels, scikit-learn) and loads the world, so the ratio shows what a
lesson costs beyond starting a kernel, importing and loading. Notebooks run
with nbclient and the kernel ``python3`` in notebooks/, in memory: no file is
changed. A warm-up run of the bare notebook comes first and is not counted.

    python benchmarks/bench_notebooks.py                     # every notebooks/*.ipynb
    python benchmarks/bench_notebooks.py notebooks/00_welcome.ipynb --no-save
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bench_world import RESULTS, ROOT, machine, save_section

NOTEBOOKS = ROOT / "notebooks"
BARE_SOURCE = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import sklearn
import statsmodels.api as sm

from crmlab.datasets import load_world

world = load_world()"""


def bare_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BARE_SOURCE)]
    return notebook


def run(notebook: nbformat.NotebookNode, timeout: float) -> float:
    """Execute notebook top to bottom (kernel start included); return wall seconds."""
    client = NotebookClient(notebook, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to time (default: every notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per cell")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results.md")
    args = parser.parse_args(argv)

    paths = sorted(args.notebooks) or sorted(NOTEBOOKS.glob("*.ipynb"))
    print("warm-up (bare notebook) ...", flush=True)
    run(bare_notebook(), args.timeout)
    bare = run(bare_notebook(), args.timeout)
    print(f"bare notebook: {bare:.2f} s", flush=True)

    rows = ["| notebook | seconds | bare notebook (s) | ratio |", "| --- | ---: | ---: | ---: |"]
    times = []
    for path in paths:
        seconds = run(nbformat.read(path, as_version=4), args.timeout)
        times.append(seconds)
        print(f"{path.name}: {seconds:.2f} s", flush=True)
        rows.append(f"| {path.name} | {seconds:.2f} | {bare:.2f} | {seconds / bare:.1f} |")
    if not paths:
        rows.append(f"| (no lesson notebooks yet) | | {bare:.2f} | |")
    met = True
    if times:
        limit = 2.0 * len(times) * bare
        suite_ok, slowest_ok = sum(times) <= limit, max(times) <= 20
        met = suite_ok and slowest_ok
        yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
        rows += ["", "| target | measured | limit | met |", "| --- | ---: | ---: | --- |",
                 f"| whole suite <= 2 x notebooks x bare | {sum(times):.1f} s | {limit:.1f} s "
                 f"| {yes(suite_ok)} |",
                 f"| slowest notebook <= 20 s | {max(times):.1f} s | 20 s | {yes(slowest_ok)} |"]
    report, about = "\n".join(rows), machine()
    print(f"\n{report}\n\n{about}")
    if not args.no_save:
        save_section("notebooks", "Each notebook executed top to bottom with nbclient (kernel "
                                  "`python3`, kernel start included), after a warm-up run of the "
                                  "bare notebook, which imports the stack and calls "
                                  f"`load_world()`.\n\n{report}\n\n{about}")
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
