"""Grading a class: submitted notebooks re-executed, answers graded on each assigned world.

How answers are captured
------------------------
Before a submission runs, the grader adds three kinds of cells to an in-memory copy
(the student's file is never changed): a first cell defining a capture function; before
every check cell ``teach.check("NN.k", answer, world=...)`` a cell that snapshots
``answer`` (pickled at that moment, so later cells cannot change it); and a last cell
that writes the snapshots, and a few integrity facts, as JSON to a file of the grader's.
The capture reads the variable the check cell reads, so it works even when a student
redefines ``check``. The grader then unpickles each answer with a restricted unpickler
(numpy, pandas and plain Python values only) and compares it, in its own process, with
the reference computed on the world of the seed in the manifest, loaded before the
student's kernel starts: the kernel cannot change the seed, the world or ``check``.

Executing a submission runs the student's code with the grader's rights, as nbgrader
does: run ``grade`` in an account or container that holds nothing else of value.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import pickle
import re
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from crmlab._validate import check_path
from crmlab.teach._copies import (CHECK_CALL, GRADEBOOK_COLUMNS, MANIFEST_COLUMNS,
                                  SUMMARY_COLUMNS, _LOAD_CASE)
from crmlab.teach._core import (INSTRUCTOR_ENV, SECRET_FILE_ENV, _compare, _get, _reference,
                                check)

__all__ = ["grade"]

STATUSES = ("correct", "wrong", "missing", "error", "timeout")
_GRADER_TAG = "crmlab-grader"
_CAPTURE = '''\
def __crmlab_capture__(exercise_id, namespace, _store={}):
    import pickle
    if "answer" not in namespace:
        _store[exercise_id] = ["undefined", ""]
    else:
        try:
            _store[exercise_id] = ["ok", pickle.dumps(namespace["answer"], protocol=4)]
        except Exception as exc:
            _store[exercise_id] = ["unpicklable", f"{type(exc).__name__}: {exc}"]
    return _store'''
_DUMP = '''\
def __crmlab_dump__(path, world_name):
    import base64, hashlib, json, sys
    store = __crmlab_capture__.__defaults__[0]
    answers = {k: [s, base64.b64encode(v).decode() if isinstance(v, bytes) else v]
               for k, s_v in store.items() for s, v in [s_v]}
    module, core = sys.modules.get("crmlab.teach"), sys.modules.get("crmlab.teach._core")
    real = getattr(core, "check", None)
    code = getattr(real, "__code__", None)
    world = globals().get(world_name)
    facts = {"teach_is_module": globals().get("teach", module) is module and module is not None,
             "check_is_real": module is not None and getattr(module, "check", None) is real,
             "check_code": hashlib.sha256(code.co_code).hexdigest() if code else "",
             "world_seed": getattr(world, "seed", None)}
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"answers": answers, "integrity": facts}, file)
__crmlab_dump__(__PATH__, __WORLD__)'''
#: Source patterns that replace teach or check in a cell the student wrote.
_TAMPER = re.compile(r"\bdef\s+check\b|(?<![.\w])check\s*=(?!=)|\bteach\s*=(?!=)"
                     r"|\bteach\.\w+\s*=(?!=)|\bas\s+teach\b|\bimport\s+check\b"
                     r"|\bsetattr\s*\(|\b_core\b|sys\.modules")
_SEED_CALL = re.compile(r"\b(load_world|make_world|load_case)\s*\(|^\s*(world|case)\s*=(?!=)",
                        flags=re.M)
_SOLUTION_CALL = re.compile(r"\bsolution\s*\(|\bstudent_mode\s*\(\s*(on\s*=\s*)?(False|0)\s*\)")
_WORLD_ARG = re.compile(r"world\s*=\s*([A-Za-z_]\w*)\s*\)")


# --------------------------------------------------------------------------------------------
# Reading notebooks
# --------------------------------------------------------------------------------------------
def _check_cells(nb) -> dict[str, str]:
    """Exercise id -> source of its check cell, in notebook order."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            match = CHECK_CALL.search(cell.source)
            if match and match.group(1) not in found:
                found[match.group(1)] = cell.source.strip()
    return found


class _SafeUnpickler(pickle.Unpickler):
    """Only numpy, pandas and plain Python values: an answer cannot run code in the grader."""

    _MODULES = ("numpy", "pandas", "datetime", "collections", "copyreg", "decimal", "zoneinfo",
                "pytz", "dateutil")
    _BUILTINS = {"set", "frozenset", "list", "tuple", "dict", "slice", "complex", "range",
                 "bytearray", "bytes", "str", "int", "float", "bool", "object", "Ellipsis"}
    _DENIED = re.compile(r"load|read|eval|exec|system|open|import|compile|getattr|popen|call")

    def find_class(self, module, name):
        top = module.split(".")[0]
        if module == "builtins" and name in self._BUILTINS:
            return super().find_class(module, name)
        if top in self._MODULES and not self._DENIED.search(name.lower()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"answer refers to {module}.{name}, which the grader "
                                     f"does not load")


def _unpickle(text: str):
    return _SafeUnpickler(io.BytesIO(base64.b64decode(text))).load()


def _tamper_flags(submitted, copy, seed: int) -> list[str]:
    """What the submission changed that it must not: the seed, teach or check, exercises."""
    copy_sources = {c.source.strip() for c in copy.cells if c.cell_type == "code"}
    written = [c.source for c in submitted.cells
               if c.cell_type == "code" and c.source.strip() not in copy_sources]
    flags = []
    setup = [c.source for c in submitted.cells if c.cell_type == "code"
             and (f"load_world(seed={seed})" in c.source
                  or re.search(rf"load_case\([^)]*seed={seed}\)", c.source))]
    assigned = re.compile(rf"(?:\b(?:world|case)\s*=\s*)?(?:load_world\(seed={seed}\)|load_case\(\s*[\"'][A-Za-z0-9_]+[\"']"
                          rf"\s*,\s*seed={seed}\s*\))")
    if not setup or any(_SEED_CALL.search(assigned.sub("", s)) for s in written):
        flags.append("seed changed")
    if any(_TAMPER.search(s) for s in written):
        flags.append("check or teach replaced")
    if any(_SOLUTION_CALL.search(s) for s in written):
        flags.append("calls teach.solution")
    sub_checks = {c.source.strip() for c in submitted.cells if c.cell_type == "code"}
    missing = [i for i, s in _check_cells(copy).items() if s not in sub_checks]
    if missing:
        flags.append("exercise cells missing: " + " ".join(missing))
    return flags


def _grading_data(copy, seed: int):
    """The assigned world (or case), loaded by the grader before any student code runs."""
    from crmlab.datasets import load_case, load_world

    for cell in copy.cells:
        if cell.cell_type != "code":
            continue
        if f"load_world(seed={seed})" in cell.source:
            return load_world(seed=seed)
        match = re.search(rf"""load_case\(\s*["']([A-Za-z0-9_]+)["']\s*,\s*seed={seed}\s*\)""",
                          cell.source)
        if match:
            return load_case(match.group(1), seed=seed)
    raise ValueError(f"grade: the assigned copy does not load seed {seed} (load_world or "
                     f"load_case); was it written by assign?")


# --------------------------------------------------------------------------------------------
# One notebook, in a worker process
# --------------------------------------------------------------------------------------------
def _executable(submitted, exercises: list[str], dump_path: str):
    """The submission with the grader's capture cells added (an in-memory copy)."""
    import nbformat

    v4 = nbformat.v4
    nb = nbformat.reads(nbformat.writes(submitted), as_version=4)
    tag = {"tags": [_GRADER_TAG]}
    cells, world_name = [v4.new_code_cell(_CAPTURE, metadata=tag)], "world"
    for cell in nb.cells:
        match = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
        if match and match.group(1) in exercises:
            cells.append(v4.new_code_cell(
                f"__crmlab_capture__({match.group(1)!r}, globals());", metadata=tag))
            world_arg = _WORLD_ARG.search(cell.source)
            world_name = world_arg.group(1) if world_arg else world_name
        cells.append(cell)
    dump = _DUMP.replace("__PATH__", repr(dump_path)).replace("__WORLD__", repr(world_name))
    cells.append(v4.new_code_cell(dump, metadata=tag))
    nb.cells = cells
    return nb


def _answer_cell_failed(executed, exercise_id: str) -> bool:
    """Whether the student's code cell before this exercise's check cell raised."""
    previous = None
    for cell in executed.cells:
        if cell.cell_type != "code" or _GRADER_TAG in cell.metadata.get("tags", []):
            continue
        match = CHECK_CALL.search(cell.source)
        if match and match.group(1) == exercise_id:
            break
        previous = cell
    else:
        return False
    return previous is not None and any(o.get("output_type") == "error"
                                        for o in previous.get("outputs", []))


def _grade_notebook(job: dict) -> dict:
    """Execute one submission and grade its answers; never raises (errors become rows)."""
    import nbformat

    started = time.monotonic()
    result = dict(job=job, rows=[], flags=[], seconds=0.0)
    copy = nbformat.read(job["copy_path"], as_version=4)
    exercises = list(_check_cells(copy))

    def rows(status, message, **per_exercise):
        for ex in exercises:
            st, msg = per_exercise.get(ex, (status, message))
            result["rows"].append(dict(exercise=ex, status=st, message=msg))

    sub_path = Path(job["submission_path"])
    if not sub_path.is_file():
        rows("missing", "no notebook was submitted")
        result["flags"].append("not submitted")
        return result
    try:
        submitted = nbformat.read(sub_path, as_version=4)
    except Exception as exc:  # a file that is not a notebook is graded, not fatal
        rows("error", f"the file could not be read as a notebook ({type(exc).__name__})")
        return result
    result["flags"] = _tamper_flags(submitted, copy, job["seed"])
    try:
        data = _grading_data(copy, job["seed"])
        references = {}
        for ex in exercises:
            references[ex] = _reference(_get(ex, "grade"), data)
    except Exception as exc:
        rows("error", f"the grader could not compute the reference ({type(exc).__name__}: "
                      f"{exc}); tell the instructor")
        return result

    with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as tmp:
        dump = os.path.join(tmp, "answers.json")
        nb = _executable(submitted, exercises, dump)
        outcome = _execute(nb, sub_path.parent, job["timeout"])
        if outcome != "ok":
            status = "timeout" if outcome == "timeout" else "error"
            message = (f"the notebook did not finish within {job['timeout']:g} s"
                       if status == "timeout" else f"the notebook could not run ({outcome})")
            rows(status, message)
            result["seconds"] = time.monotonic() - started
            return result
        try:
            captured = json.loads(Path(dump).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            captured = {"answers": {}, "integrity": {}}
    facts = captured.get("integrity", {})
    real_code = hashlib.sha256(check.__code__.co_code).hexdigest()
    if (facts.get("teach_is_module") is False or facts.get("check_is_real") is False
            or facts.get("check_code") not in (None, real_code)) \
            and "check or teach replaced" not in result["flags"]:
        result["flags"].append("check or teach replaced")
    if facts.get("world_seed") not in (None, job["seed"]) and "seed changed" not in result["flags"]:
        result["flags"].append("seed changed")
    present = _check_cells(submitted)
    per_exercise = {}
    for ex in exercises:
        state, payload = captured.get("answers", {}).get(ex, ["absent", ""])
        if ex not in present or state in ("absent", "undefined"):
            per_exercise[ex] = ("missing", "no answer was found for this exercise")
        elif _answer_cell_failed(nb, ex):
            per_exercise[ex] = ("error", "the cell that sets answer raised an error")
        elif state != "ok":
            per_exercise[ex] = ("error", f"the answer could not be read ({payload})")
        else:
            try:
                answer = _unpickle(payload)
            except Exception as exc:
                per_exercise[ex] = ("error", f"the answer could not be read ({exc})")
                continue
            if answer is Ellipsis:
                per_exercise[ex] = ("missing", "no answer yet: the stub answer = ... is unchanged")
                continue
            verdict = _compare(answer, references[ex], _get(ex, "grade"))
            per_exercise[ex] = ("correct", "correct") if verdict.ok else \
                ("wrong", f"{verdict.en}; {verdict.zh}")
    rows("missing", "", **per_exercise)
    result["seconds"] = time.monotonic() - started
    return result


def _execute(nb, cwd: Path, timeout: float) -> str:
    """Run the notebook in a fresh kernel within ``timeout`` seconds: 'ok', 'timeout' or why not."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    deadline = time.monotonic() + timeout
    # The kernel runs in student mode whatever the grader's machine holds: no instructor key.
    os.environ.pop(INSTRUCTOR_ENV, None)
    os.environ[SECRET_FILE_ENV] = os.path.join(tempfile.gettempdir(), "crmlab-no-secret-here")
    client = NotebookClient(
        nb, kernel_name="python3", allow_errors=True, record_timing=False,
        startup_timeout=max(10, int(timeout)),
        timeout_func=lambda cell: max(1, math.ceil(deadline - time.monotonic())),
        resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute()
    except CellTimeoutError:
        return "timeout"
    except DeadKernelError:
        return "the kernel died"
    except Exception as exc:
        return "timeout" if time.monotonic() >= deadline else f"{type(exc).__name__}: {exc}"
    return "timeout" if time.monotonic() >= deadline + 1 else "ok"


def _safe_grade(job: dict) -> dict:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _grade_notebook(job)
    except Exception as exc:  # never let one notebook stop the batch
        return dict(job=job, rows=[], flags=[], seconds=0.0,
                    failure=f"{type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------------
def _read_manifest(manifest, func: str) -> tuple[pd.DataFrame, Path]:
    if not isinstance(manifest, (str, Path)):
        raise TypeError(f"{func}: manifest must be the path of manifest.csv written by assign; "
                        f"got {type(manifest).__name__}")
    path = check_path(manifest, func, "manifest")
    if not path.is_file():
        raise FileNotFoundError(f"{func}: manifest {str(path)!r} is not an existing file")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in MANIFEST_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{func}: manifest must have columns {list(MANIFEST_COLUMNS)}; "
                         f"missing {missing}")
    if table.empty:
        raise ValueError(f"{func}: manifest must list at least one copy; got no rows")
    bad = [s for s in table["seed"] if not s.isdigit()]
    if bad:
        raise ValueError(f"{func}: manifest seed must be non-negative integers; got {bad[:3]}")
    table["seed"] = table["seed"].astype(int)
    return table, path.parent


def grade(submissions, manifest, *, jobs: int | None = None, timeout: float = 600,
          out=None) -> pd.DataFrame:
    """Re-execute every submitted notebook and grade each answer on the student's world.

    Each submission ``SUBMISSIONS/<path>`` (``path`` as in the manifest, for example
    ``s001/00_welcome.ipynb``) runs in a fresh kernel, in parallel over ``jobs``
    processes, within ``timeout`` seconds; a notebook that raises, never ends or is
    absent gets its rows (status error, timeout or missing), never stops the batch.
    Each answer is graded in the grader's process against the reference computed on
    the world of the seed in the manifest (how: see the module's docstring).

    Parameters
    ----------
    submissions : str or Path
        Folder of submissions, laid out as the assigned copies.
    manifest : str or Path
        ``manifest.csv`` written by :func:`assign`; the copies beside it are the
        reference for tamper checks.
    jobs : int or None, default=None
        Notebooks run at once; None uses every core.
    timeout : float, default=600
        Seconds a notebook may run in all.
    out : str, Path or None, default=None
        Folder for ``gradebook.csv``, ``summary.csv`` and ``feedback/<student_id>.md``;
        None writes nothing.

    Returns
    -------
    pandas.DataFrame
        The gradebook, columns :data:`GRADEBOOK_COLUMNS`: one row per student and
        exercise; score 1 when correct, else 0, out of max_score 1; status one of
        correct, wrong, missing, error, timeout; flags the tampering found in that
        notebook (``seed changed``, ``check or teach replaced``, ``calls
        teach.solution``, ``exercise cells missing: ...``), separated by ``; ``.
        ``attrs["summary"]`` holds the per-student summary (:data:`SUMMARY_COLUMNS`),
        ``attrs["feedback"]`` the Markdown feedback per student and ``attrs["seconds"]``
        the time per notebook.
    """
    func = "grade"
    if not isinstance(submissions, (str, Path)):
        raise TypeError(f"{func}: submissions must be a folder path; got "
                        f"{type(submissions).__name__}")
    folder = check_path(submissions, func, "submissions")
    if not folder.is_dir():
        raise FileNotFoundError(f"{func}: submissions {str(folder)!r} is not an existing folder")
    table, copies = _read_manifest(manifest, func)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"{func}: jobs must be None or a positive integer; got {jobs!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
            or not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"{func}: timeout must be a positive number of seconds; got {timeout!r}")
    out_dir = None if out is None else check_path(out, func, "out")
    work = []
    for row in table.itertuples(index=False):
        copy_path = copies / row.path
        if not copy_path.is_file():
            raise FileNotFoundError(f"{func}: the assigned copy {str(copy_path)!r} named by the "
                                    f"manifest is missing")
        if hashlib.sha256(copy_path.read_bytes()).hexdigest() != row.sha256:
            raise ValueError(f"{func}: the assigned copy {str(copy_path)!r} changed since "
                             f"assign wrote it (sha256 differs from the manifest)")
        work.append(dict(student_id=row.student_id, name=row.name, seed=int(row.seed),
                         lesson=row.lesson, copy_path=str(copy_path),
                         submission_path=str(folder / row.path), timeout=float(timeout)))
    workers = min(len(work), jobs or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_safe_grade, job) for job in work]
        results = []
        for job, future in zip(work, futures):
            try:
                results.append(future.result())
            except Exception as exc:  # a worker that died (out of memory, killed)
                results.append(dict(job=job, rows=[], flags=[], seconds=0.0,
                                    failure=f"{type(exc).__name__}: {exc}"))
    return _gradebook(results, out_dir)


def _gradebook(results: list[dict], out_dir: Path | None) -> pd.DataFrame:
    from crmlab.teach._feedback import feedback_markdown

    rows, messages, seconds = [], [], {}
    for result in results:
        job = result["job"]
        seconds[(job["student_id"], job["lesson"])] = result["seconds"]
        exercise_rows = result["rows"]
        if "failure" in result:
            import nbformat

            copy = nbformat.read(job["copy_path"], as_version=4)
            exercise_rows = [dict(exercise=ex, status="error",
                                  message=f"the grader failed on this notebook "
                                          f"({result['failure']})")
                             for ex in _check_cells(copy)]
        for r in exercise_rows:
            rows.append(dict(student_id=job["student_id"], assignment=job["lesson"],
                             exercise=r["exercise"], score=int(r["status"] == "correct"),
                             max_score=1, status=r["status"], flags="; ".join(result["flags"])))
            messages.append(dict(student_id=job["student_id"], name=job["name"],
                                 assignment=job["lesson"], exercise=r["exercise"],
                                 status=r["status"], message=r["message"]))
    book = pd.DataFrame(rows, columns=list(GRADEBOOK_COLUMNS))
    names = {r["job"]["student_id"]: r["job"]["name"] for r in results}
    summary = (book.groupby(["assignment", "student_id"], sort=False)
               .agg(score=("score", "sum"), max_score=("max_score", "sum"),
                    flags=("flags", "first")).reset_index())
    summary["name"] = summary["student_id"].map(names)
    summary["raw_score"] = summary["score"]
    summary = summary[list(SUMMARY_COLUMNS)]
    feedback = feedback_markdown(pd.DataFrame(messages))
    book.attrs.update(summary=summary, feedback=feedback, seconds=seconds)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        book.to_csv(out_dir / "gradebook.csv", index=False)
        summary.to_csv(out_dir / "summary.csv", index=False)
        (out_dir / "feedback").mkdir(exist_ok=True)
        for student_id, text in feedback.items():
            (out_dir / "feedback" / f"{student_id}.md").write_text(text, encoding="utf-8")
    return book
