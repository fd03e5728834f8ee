"""Teaching kit: exercises, answer checks, student copies, and a class assigned and graded.

Every exercise carries a reference solution, a function of the world. An answer is
checked against the reference computed on the *same* world, so an instructor can
hand each student a different seed (``load_world(seed=...)``) and the checks still
hold. Student copies replace every notebook cell tagged ``solution`` by a stub.

For a class: :func:`assign` writes each student a copy of the chosen lessons on
their own world (a seed derived from the student id and a course secret,
:func:`student_seed`) and a manifest; :func:`grade` re-executes the submitted
notebooks in fresh kernels, in parallel, and grades every answer against the
reference computed on the student's assigned world in the grader's own process.

Examples
--------
>>> from crmlab import teach
>>> teach.get("00.1").kind
'number'
>>> "00.1" in teach.exercises()["id"].tolist()
True

From a shell::

    python -m crmlab.teach list [--lesson 00]
    python -m crmlab.teach student notebooks/ student_notebooks/
    python -m crmlab.teach assign roster.csv notebooks/ class/ --lessons 00 05
    python -m crmlab.teach grade submissions/ --manifest class/manifest.csv --out grades/
"""
from crmlab.teach._core import (HINT_AFTER, INSTRUCTOR_ENV, KINDS, SECRET_FILE_ENV, WORLD_TABLES,
                                Exercise, check, exercises, get, hints, instructor_mode, register,
                                solution, student_mode)
from crmlab.teach._copies import (GRADEBOOK_COLUMNS, MANIFEST_COLUMNS, SUMMARY_COLUMNS, assign,
                                  make_student_copies, make_student_copy, student_seed)
from crmlab.teach._grade import grade
from crmlab.teach._cli import main

__all__ = ["KINDS", "WORLD_TABLES", "HINT_AFTER", "INSTRUCTOR_ENV", "SECRET_FILE_ENV", "MANIFEST_COLUMNS",
           "GRADEBOOK_COLUMNS", "SUMMARY_COLUMNS", "Exercise", "register", "exercises", "get",
           "solution", "check", "hints", "student_mode", "instructor_mode", "make_student_copy",
           "make_student_copies", "student_seed", "assign", "grade", "main"]
