"""Lesson 13 reads two data sets, the world and the maintenance-contract case, while a grader
loads one per notebook (the world of the setup cell). Exercises 13.1 and 13.2 therefore take
the case or a world (then the case of the world's seed): the same reference either way, a
different one on every seed, and graded correct end to end on an assigned seed. Its
notebook prints no answer above its exercise (issue 17)."""
import re
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from test_exercise_answers import leak, output_text

from crmlab import teach
from crmlab.datasets import load_case, load_world

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "13_contracts_and_occasions.ipynb"
SEEDS = (2026, 7, 31)
IDS = ["13.1", "13.2", "13.3", "13.4"]
ON_THE_CASE = {"13.1", "13.2"}


@pytest.fixture(scope="module")
def data():
    return {seed: (load_world() if seed == 2026 else load_world(seed=seed),
                   load_case("maintenance_contracts") if seed == 2026
                   else load_case("maintenance_contracts", seed=seed)) for seed in SEEDS}


def reference(exercise_id, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return teach.get(exercise_id).solution(data)


def test_the_lesson_registers_its_exercises():
    assert teach.exercises(lesson="13")["id"].tolist() == IDS
    for exercise_id in IDS:
        exercise = teach.get(exercise_id)
        assert exercise.idea_en and exercise.idea_zh and exercise.hint_en and exercise.hint_zh
        assert (set(exercise.tables) == {"contracts"}) == (exercise_id in ON_THE_CASE)


@pytest.mark.parametrize("exercise_id", IDS)
def test_references_differ_between_seeds(exercise_id, data):
    refs = [reference(exercise_id, data[seed][1 if exercise_id in ON_THE_CASE else 0])
            for seed in SEEDS]
    assert len({round(r, 6) for r in refs}) == len(SEEDS), refs


@pytest.mark.parametrize("exercise_id", sorted(ON_THE_CASE))
def test_a_contract_exercise_reads_the_case_of_the_worlds_seed(exercise_id, data):
    for seed in SEEDS:
        world, case = data[seed]
        assert reference(exercise_id, world) == reference(exercise_id, case)


def test_no_answer_is_printed_above_its_exercise(data, tmp_path):
    copy = tmp_path / LESSON.name
    teach.make_student_copy(LESSON, copy)
    nb = nbformat.read(copy, as_version=4)
    world, case = data[2026]
    checked = []
    for i, cell in enumerate(nb.cells):
        for exercise_id in re.findall(r"\*\*Exercise (\d\d\.\d+)\.\*\*", cell.source):
            if exercise_id not in IDS:
                continue
            answer = reference(exercise_id, case if exercise_id in ON_THE_CASE else world)
            checked.append(exercise_id)
            for above in nb.cells[:i]:
                if above.cell_type == "code":
                    assert not leak(answer, output_text(above)), (exercise_id, above.source)
    assert checked == IDS


def test_an_assigned_copy_solved_with_the_lessons_solutions_grades_correct(tmp_path):
    """Seed 7: the copy loads world and case with the seed, the grader loads the world and
    still computes the contract exercises on the case of seed 7."""
    roster = pd.DataFrame({"student_id": ["s1"], "name": ["Li"], "seed": [7]})
    manifest = teach.assign(roster, ROOT / "notebooks", tmp_path / "class", lessons=["13"],
                            secret_file=tmp_path / "secret")
    copy = tmp_path / "class" / manifest.loc[0, "path"]
    nb = nbformat.read(copy, as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code" and "load_world(" in c.source)
    assert "load_world(seed=7)" in setup.source
    assert 'load_case("maintenance_contracts", seed=7)' in setup.source
    lesson = nbformat.read(LESSON, as_version=4)
    solutions = [c.source for c in lesson.cells if "solution" in c.metadata.get("tags", [])]
    stubs = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(stubs) == len(solutions) == len(IDS)
    for stub, source in zip(stubs, solutions):
        stub.source = source
    submitted = tmp_path / "submissions" / manifest.loc[0, "path"]
    submitted.parent.mkdir(parents=True)
    nbformat.write(nb, submitted)
    book = teach.grade(tmp_path / "submissions", tmp_path / "class" / "manifest.csv", jobs=1,
                       timeout=300)
    assert book["status"].tolist() == ["correct"] * len(IDS), book[["exercise", "message"]]
    assert not book["flags"].fillna("").str.strip().any()
