"""Grading a class: one lesson for 30 students, each on their own world, in one command.

``crmlab.teach.assign`` writes 30 copies of the lesson (seeds derived from a throwaway
course secret); the synthetic submissions are those copies with the instructor's
solutions filled into the answer cells. ``crmlab.teach.grade`` then re-executes all 30 in
fresh kernels over every core and grades them. Each student's world is built for the
first time during grading (a fresh ``CRMLAB_CACHE``), as on an instructor's first run;
``--warm`` reuses the cache instead. Every answer must come back correct. Target
(issue "run a class"): at most 4 minutes for the class on a 2-core machine.

    python benchmarks/bench_grading.py [--students 30] [--lesson 00] [--jobs N] [--warm] [--no-save]
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd

from bench_world import machine, save_section

ROOT = Path(__file__).resolve().parent.parent
TARGET = 240.0


def fill_solutions(lesson: Path, copy: Path, dst: Path) -> None:
    """The copy with the lesson's solution cells put back into its answer cells."""
    original = nbformat.read(lesson, as_version=4)
    solutions = [c.source for c in original.cells
                 if c.cell_type == "code" and "solution" in c.metadata.get("tags", [])]
    nb = nbformat.read(copy, as_version=4)
    stubs = [c for c in nb.cells
             if c.cell_type == "code" and "exercise" in c.metadata.get("tags", [])]
    for cell, source in zip(stubs, solutions, strict=True):
        cell.source = source
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--lesson", default="00", help="lesson number (default: 00)")
    parser.add_argument("--jobs", type=int, default=None, help="default: every core")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--warm", action="store_true",
                        help="keep the worlds cached in $CRMLAB_CACHE (default: build them)")
    parser.add_argument("--no-save", action="store_true", help="do not write results.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-grading-") as tmp:
        tmp = Path(tmp)
        if not args.warm:
            os.environ["CRMLAB_CACHE"] = str(tmp / "cache")
        from crmlab import teach

        roster = pd.DataFrame({"student_id": [f"s{i:03d}" for i in range(1, args.students + 1)],
                               "name": [f"Student {i}" for i in range(1, args.students + 1)]})
        manifest = teach.assign(roster, ROOT / "notebooks", tmp / "class",
                                lessons=[args.lesson], secret_file=tmp / "secret")
        lesson = ROOT / "notebooks" / f"{manifest.loc[0, 'lesson']}.ipynb"
        for row in manifest.itertuples():
            fill_solutions(lesson, tmp / "class" / row.path, tmp / "submissions" / row.path)
        jobs = args.jobs or os.cpu_count()
        start = time.perf_counter()
        book = teach.grade(tmp / "submissions", tmp / "class" / "manifest.csv", jobs=jobs,
                           timeout=args.timeout, out=tmp / "grades")
        seconds = time.perf_counter() - start
    per_notebook = pd.Series(book.attrs["seconds"])
    statuses = book["status"].value_counts().to_dict()
    n = len(manifest)
    ok = statuses.get("correct", 0) == len(book) and seconds <= TARGET
    lines = [
        f"Lesson {lesson.stem}, {n} students, {len(book)} answers, {jobs} jobs, worlds "
        f"{'cached' if args.warm else 'built during grading'}.",
        "",
        "| measure | seconds |",
        "| --- | --- |",
        f"| the class, in all | {seconds:.1f} (target <= {TARGET:.0f}) |",
        f"| per notebook, wall clock / {n} | {seconds / n:.1f} |",
        f"| per notebook, in its worker (median, max) | {per_notebook.median():.1f}, "
        f"{per_notebook.max():.1f} |",
        "",
        f"Statuses: {statuses}. {machine()}",
    ]
    print("\n".join(lines))
    if not args.no_save:
        save_section("bench_grading.py: grading a class", "\n".join(lines))
    if not ok:
        print("MISSED: " + ("not every answer is correct" if statuses.get("correct", 0) != len(book)
                            else f"{seconds:.0f} s > {TARGET:.0f} s"), file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
