"""The command line: ``python -m crmlab.teach {list,student,assign,grade} ...``."""
from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from crmlab.teach._copies import assign, make_student_copies
from crmlab.teach._core import exercises
from crmlab.teach._grade import grade

__all__ = ["main"]


def main(argv: Iterable[str] | None = None) -> int:
    """Command line: ``python -m crmlab.teach {list,student,assign,grade} ...``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teach",
        description="crmlab teaching kit: the list of exercises, student copies of the lesson "
                    "notebooks, and a class assigned (a world per student) and graded.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    student = commands.add_parser(
        "student", help="write student copies with the solution cells replaced by stubs",
        description="Copy a notebook, or every notebook in a folder, replacing each cell "
                    "tagged 'solution' by an 'answer = ...' stub tagged 'exercise'.")
    student.add_argument("src", metavar="SRC", help="a notebook (.ipynb) or a folder of notebooks")
    student.add_argument("outdir", metavar="OUTDIR", help="folder for the student copies")
    listing = commands.add_parser("list", help="list the registered exercises")
    listing.add_argument("--lesson", default=None, help="only this lesson, for example 00")
    assigning = commands.add_parser(
        "assign", help="give every student of a roster their own world and copies of lessons",
        description="Write OUT/<student_id>/<lesson>.ipynb for every student of the roster "
                    "(solutions removed, check outputs cleared, the world loaded with the "
                    "student's seed) and OUT/manifest.csv. A missing seed is derived from the "
                    "student id and the course secret (HMAC-SHA256).")
    assigning.add_argument("roster", metavar="ROSTER.csv",
                           help="columns student_id, name and optional seed")
    assigning.add_argument("notebooks", metavar="NOTEBOOKS", help="folder of lessons NN_topic.ipynb")
    assigning.add_argument("outdir", metavar="OUT", help="folder for the copies and the manifest")
    assigning.add_argument("--lessons", nargs="+", default=None, metavar="NN",
                           help="lessons to assign, for example 02 05 (default: all)")
    assigning.add_argument("--secret-file", default=None, metavar="PATH",
                           help="course secret, created if absent (default: $CRMLAB_SECRET_FILE "
                                "or ~/.config/crmlab/course_secret); keep it out of OUT")
    grading = commands.add_parser(
        "grade", help="re-execute the submitted notebooks and write the gradebook",
        description="Run every submission SUBMISSIONS/<student_id>/<lesson>.ipynb in a fresh "
                    "kernel, grade each answer on the student's assigned world, and write "
                    "gradebook.csv, summary.csv and feedback/<student_id>.md.")
    grading.add_argument("submissions", metavar="SUBMISSIONS", help="folder of submissions")
    grading.add_argument("--manifest", required=True, metavar="MANIFEST",
                         help="manifest.csv written by assign")
    grading.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="notebooks run at once (default: every core)")
    grading.add_argument("--timeout", type=float, default=600, metavar="S",
                         help="seconds a notebook may run in all (default: 600)")
    grading.add_argument("--out", default="grades", metavar="GRADES",
                         help="folder for the gradebook and feedback (default: grades)")
    if argv is not None and (not isinstance(argv, (list, tuple))
                             or not all(isinstance(a, str) for a in argv)):
        raise TypeError(f"main: argv must be None (the command line) or a list of strings such "
                        f"as ['list', '--lesson', '00']; got {type(argv).__name__}")
    args = parser.parse_args(None if argv is None else list(argv))

    if args.command == "list":
        for row in exercises(args.lesson).itertuples():
            print(f"{row.id:<7} {row.kind:<9} {row.question}")
        return 0
    if args.command == "assign":
        try:
            manifest = assign(args.roster, args.notebooks, args.outdir, lessons=args.lessons,
                              secret_file=args.secret_file)
        except (OSError, ValueError, TypeError) as exc:
            assigning.error(str(exc))
        if manifest.attrs["secret_created"]:
            print(f"created the course secret {manifest.attrs['secret_file']}: keep it, private; "
                  f"it derives every seed")
        elif manifest.attrs["secret_used"]:
            print(f"course secret: {manifest.attrs['secret_file']} (seeds where the roster has "
                  f"none)")
        students = manifest["student_id"].nunique()
        print(f"wrote {len(manifest)} copies for {students} student{'' if students == 1 else 's'} "
              f"into {args.outdir}; manifest: {Path(args.outdir) / 'manifest.csv'}")
        return 0
    if args.command == "grade":
        try:
            book = grade(args.submissions, args.manifest, jobs=args.jobs, timeout=args.timeout,
                         out=args.out)
        except (OSError, ValueError, TypeError) as exc:
            grading.error(str(exc))
        summary = book.attrs["summary"]
        for row in summary.itertuples(index=False):
            flags = f"  FLAGGED: {row.flags}" if row.flags else ""
            print(f"{row.student_id:<12} {row.assignment:<28} {row.score:>3} / {row.max_score}{flags}")
        counts = book["status"].value_counts()
        print(f"graded {len(summary)} notebooks: " + ", ".join(
            f"{counts.get(s, 0)} {s}" for s in ("correct", "wrong", "missing", "error", "timeout")))
        print(f"wrote {Path(args.out) / 'gradebook.csv'}, {Path(args.out) / 'summary.csv'} and "
              f"{Path(args.out) / 'feedback'}/")
        return 0
    if not Path(args.src).exists():
        student.error(f"SRC {args.src!r} does not exist; give a notebook (.ipynb) or a folder "
                      f"of notebooks")
    try:
        written = make_student_copies(args.src, args.outdir)
    except (OSError, ValueError) as exc:
        student.error(str(exc))
    for path, replaced in written.items():
        print(f"wrote {path} ({replaced} solution cell{'' if replaced == 1 else 's'} replaced)")
    return 0
