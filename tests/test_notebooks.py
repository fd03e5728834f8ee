"""The lessons as lessons: structure, committed state, and student copies that work.

nbval (``make test``) re-executes every notebook and compares outputs; these tests
check what nbval does not: that each notebook is shaped like a lesson, that it was
committed executed top to bottom, that its exercises are registered, and that its
student copy keeps no solution and still runs up to the first exercise.
"""
import json
import re
from pathlib import Path

import nbformat
import pytest

from crmlab import teach

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_lessons():
    assert NOTEBOOKS, "no notebooks/NN_topic.ipynb found"


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def lesson(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_lesson_opens_with_bilingual_title_and_goals(lesson):
    path, nb = lesson
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert CHINESE.search(first.source), "the title needs its Chinese form"
    assert "Learning goals" in first.source
    assert re.fullmatch(r"\d\d_[a-z0-9_]+", path.stem)


def test_lesson_is_committed_executed_in_order_without_errors(lesson):
    _, nb = lesson
    counts = [c.execution_count for c in code_cells(nb)]
    assert None not in counts
    assert counts == list(range(1, len(counts) + 1))
    errors = [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_lesson_exercises_are_registered_and_checked_after_a_solution(lesson):
    path, nb = lesson
    registered = set(teach.exercises(lesson=path.stem[:2])["id"])
    checked = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        match = re.search(r'teach\.check\("(\d\d\.\d+)", answer', cell.source)
        if cell.cell_type == "code" and match:
            checked.append(match.group(1))
            previous = next(c for c in reversed(cells[:i]) if c.cell_type == "code")
            assert "solution" in previous.metadata.get("tags", []), match.group(1)
    assert len(checked) >= 2
    assert set(checked) <= registered
    assert len(checked) == len(set(checked))


def test_student_copy_has_no_solution_and_runs_to_the_first_exercise(lesson, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    path, nb = lesson
    solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    copy_path = tmp_path / path.name
    assert teach.make_student_copy(path, copy_path) == len(solutions)
    text = copy_path.read_text(encoding="utf-8")
    lesson_lines = {line for c in nb.cells if "solution" not in c.metadata.get("tags", [])
                    for line in c.source.splitlines()}
    for source in solutions:
        for line in source.splitlines():
            if line.strip() and line not in lesson_lines:
                assert json.dumps(line)[1:-1] not in text, line
    copy = nbformat.read(copy_path, as_version=4)
    first = next(i for i, c in enumerate(copy.cells) if "exercise" in c.metadata.get("tags", []))
    copy.cells = copy.cells[:first]
    nbclient.NotebookClient(copy, timeout=120, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
