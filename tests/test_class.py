"""crmlab.teach for a class: assign (a world per student) and grade (the class in one command).

A class of five students works a tiny lesson of three exercises (00.1 a number, 00.3 a
text, 00.4 a set). Their submissions are right, wrong or missing, tampered with (seed
changed, check redefined, an exercise cell deleted), raising, and never ending; the
gradebook must equal the expected scores exactly.
"""
import base64
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crmlab import teach
from crmlab.datasets import load_world
from crmlab.teach import _core, _grade

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 30  # seconds a submission may run; a normal one takes about 5
SOLUTIONS = {
    "00.1": 'orders = world.orders\n'
            'answer = orders.loc[orders["date"].dt.year == 2024, "net_revenue"].sum()',
    "00.3": 'orders = world.orders[world.orders["date"].dt.year == 2025]\n'
            'lines = orders.merge(world.customers[["customer_id", "industry"]], on="customer_id")\n'
            'g = lines.groupby("industry", observed=True)\n'
            'answer = str((g["gross_profit"].sum() / g["customer_id"].nunique()).idxmax())',
    "00.4": 'answer = set(world.orders.groupby("customer_id")["net_revenue"].sum()'
            '.nlargest(5).index)',
}
SECRET_LINE = "SOLUTION_ONLY_LINE_4f1c"


def write_tiny_lesson(folder: Path) -> Path:
    """A lesson of three exercises shaped like the real ones (setup, solution, check)."""
    v4 = nbformat.v4
    nb = v4.new_notebook()
    cells = [v4.new_markdown_cell("# 00 · A tiny lesson\n\n小课\n\n**Learning goals**\n- test"),
             v4.new_code_cell("import pandas as pd\n\nfrom crmlab import teach\n"
                              "from crmlab.datasets import load_world\n\n"
                              "world = load_world()\nworld.seed", execution_count=1,
                              outputs=[v4.new_output("execute_result", execution_count=1,
                                                     data={"text/plain": "2026"})])]
    for n, (exercise_id, source) in enumerate(SOLUTIONS.items()):
        cells += [
            v4.new_markdown_cell(f"**Exercise {exercise_id}.** {teach.get(exercise_id).question}"),
            v4.new_code_cell(f"# {SECRET_LINE}\n{source}", metadata={"tags": ["solution"]},
                             execution_count=2 + 2 * n),
            v4.new_code_cell(f'teach.check("{exercise_id}", answer, world=world)',
                             execution_count=3 + 2 * n,
                             outputs=[v4.new_output("stream", name="stdout",
                                                    text=f"✔ {exercise_id} correct / 正确\n")]),
        ]
    nb.cells = cells
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "00_tiny.ipynb")
    return folder / "00_tiny.ipynb"


def stub_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"
            and "exercise" in c.metadata.get("tags", [])]


def check_cell(nb, exercise_id):
    return next(c for c in nb.cells if f'teach.check("{exercise_id}"' in c.source)


def submit(copy: Path, dst: Path, answers: dict, edit=None):
    """A submission: the copy with these answer cells (id -> source) and an optional edit."""
    nb = nbformat.read(copy, as_version=4)
    for cell, exercise_id in zip(stub_cells(nb), SOLUTIONS):
        if exercise_id in answers:
            cell.source = answers[exercise_id]
    if edit:
        edit(nb)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


def tamper(seed):
    def edit(nb):
        setup = next(c for c in nb.cells if c.cell_type == "code" and "load_world(seed=" in c.source)
        setup.source = setup.source.replace(f"load_world(seed={seed})",
                                            f"load_world(seed={seed + 1})")
        position = nb.cells.index(setup) + 1
        nb.cells.insert(position, nbformat.v4.new_code_cell(
            'def check(*args, **kwargs):\n    print("✔ correct")\n    return True\n\n'
            'teach.check = check'))
        nb.cells.remove(check_cell(nb, "00.4"))
    return edit


# Expected gradebook: (student, exercise) -> status; and the flags per student.
EXPECTED = {
    "s1": {"00.1": "correct", "00.3": "correct", "00.4": "correct"},
    "s2": {"00.1": "wrong", "00.3": "wrong", "00.4": "missing"},
    "s3": {"00.1": "wrong", "00.3": "wrong", "00.4": "missing"},
    "s4": {"00.1": "correct", "00.3": "error", "00.4": "correct"},
    "s5": {"00.1": "timeout", "00.3": "timeout", "00.4": "timeout"},
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    lesson = write_tiny_lesson(root / "lessons")
    roster = pd.DataFrame({"student_id": list(EXPECTED),
                           "name": ["Li Wei", "Wang Fang", "Zhang Min", "Liu Yang", "Chen Jie"]})
    roster.to_csv(root / "roster.csv", index=False)
    manifest = teach.assign(root / "roster.csv", root / "lessons", root / "class",
                            secret_file=root / "instructor" / "secret")
    seeds = dict(zip(manifest["student_id"], manifest["seed"]))
    copies = {sid: root / "class" / sid / "00_tiny.ipynb" for sid in EXPECTED}
    subs = root / "submissions"
    submit(copies["s1"], subs / "s1" / "00_tiny.ipynb", SOLUTIONS)
    submit(copies["s2"], subs / "s2" / "00_tiny.ipynb",
           {"00.1": SOLUTIONS["00.1"] + " * 1.3", "00.3": 'answer = "shipbuilding"'})
    submit(copies["s3"], subs / "s3" / "00_tiny.ipynb",
           {"00.1": SOLUTIONS["00.1"], "00.3": 'answer = "no such industry"'},
           edit=tamper(seeds["s3"]))
    submit(copies["s4"], subs / "s4" / "00_tiny.ipynb",
           {**SOLUTIONS, "00.3": "answer = 1 / 0"})
    submit(copies["s5"], subs / "s5" / "00_tiny.ipynb",
           {**SOLUTIONS, "00.1": "while True:\n    pass"})
    book = teach.grade(subs, root / "class" / "manifest.csv", jobs=2, timeout=TIMEOUT,
                       out=root / "grades")
    return dict(root=root, lesson=lesson, manifest=manifest, seeds=seeds, copies=copies,
                book=book, subs=subs)


# --------------------------------------------------------------------------------------------
# Assign
# --------------------------------------------------------------------------------------------
def test_manifest_records_who_got_what(course):
    manifest = pd.read_csv(course["root"] / "class" / "manifest.csv", dtype={"seed": int})
    assert list(manifest.columns) == list(teach.MANIFEST_COLUMNS)
    assert manifest["student_id"].tolist() == list(EXPECTED)
    assert set(manifest["lesson"]) == {"00_tiny"}
    assert manifest["path"].tolist() == [f"{s}/00_tiny.ipynb" for s in EXPECTED]
    import hashlib
    for row in manifest.itertuples():
        digest = hashlib.sha256((course["root"] / "class" / row.path).read_bytes()).hexdigest()
        assert digest == row.sha256


def test_seeds_come_from_the_secret_reproducibly_and_differ(course, tmp_path):
    secret = (course["root"] / "instructor" / "secret").read_text().strip()
    assert len(secret) >= 32
    seeds = course["seeds"]
    assert seeds == {sid: teach.student_seed(sid, secret) for sid in EXPECTED}
    assert len(set(seeds.values())) == len(seeds)
    assert all(0 <= s < 2**32 for s in seeds.values())
    # the same secret gives the same seeds; another secret, other seeds
    again = teach.assign(course["root"] / "roster.csv", course["root"] / "lessons",
                         tmp_path / "again", secret_file=course["root"] / "instructor" / "secret")
    assert dict(zip(again["student_id"], again["seed"])) == seeds
    assert not again.attrs["secret_created"]
    other = teach.assign(course["root"] / "roster.csv", course["root"] / "lessons",
                         tmp_path / "other", secret_file=tmp_path / "other_secret")
    assert other.attrs["secret_created"] and (tmp_path / "other_secret").is_file()
    assert not set(other["seed"]) & set(seeds.values())


def test_roster_seed_is_used_when_given(tmp_path, course):
    roster = pd.DataFrame({"student_id": ["a1", "a2"], "name": ["A", "B"], "seed": [7, None]})
    manifest = teach.assign(roster, course["root"] / "lessons", tmp_path / "out",
                            secret_file=tmp_path / "secret")
    assert manifest["seed"].tolist()[0] == 7
    secret = (tmp_path / "secret").read_text().strip()
    assert manifest["seed"].tolist()[1] == teach.student_seed("a2", secret)


def test_student_copy_has_no_solution_and_no_check_output(course):
    for sid, path in course["copies"].items():
        text = path.read_text(encoding="utf-8")
        assert SECRET_LINE not in text
        for source in SOLUTIONS.values():
            for line in source.splitlines():
                assert line.strip() not in text or line.strip() in ("on=\"customer_id\")",)
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and "teach.check(" in cell.source:
                assert cell.outputs == [] and cell.execution_count is None
        assert "✔" not in text
        assert len(stub_cells(nb)) == 3


def test_student_copy_loads_the_students_world_and_says_so(course):
    for sid, path in course["copies"].items():
        seed = course["seeds"][sid]
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        assert first.cell_type == "markdown"
        assert f"seed {seed}" in first.source and "2026" in first.source
        assert re.search(r"[\u4e00-\u9fff]", first.source)
        setup = next(c for c in nb.cells if c.cell_type == "code" and "load_world(" in c.source)
        assert f"world = load_world(seed={seed})" in setup.source
        assert "teach.student_mode(True)" in setup.source
        assert setup.outputs == []  # they showed the shipped world
        assert nb.metadata["crmlab"] == {"student_id": sid, "seed": seed, "lesson": "00_tiny"}


def test_assign_a_real_lesson_with_a_case(tmp_path):
    roster = pd.DataFrame({"student_id": ["s1"], "name": ["Li"], "seed": [5]})
    manifest = teach.assign(roster, ROOT / "notebooks", tmp_path / "out", lessons=[0, "07"],
                            secret_file=tmp_path / "secret")
    assert manifest["lesson"].tolist() == ["00_welcome", "07_case_shrimp_feed"]
    case = (tmp_path / "out" / "s1" / "07_case_shrimp_feed.ipynb").read_text(encoding="utf-8")
    assert 'load_case(\\"shrimp_feed\\", seed=5)' in case
    assert not (tmp_path / "secret").exists()  # every seed given: no secret needed


# --------------------------------------------------------------------------------------------
# Grade
# --------------------------------------------------------------------------------------------
def test_gradebook_equals_the_expected_scores(course):
    book = course["book"]
    assert list(book.columns) == list(teach.GRADEBOOK_COLUMNS)
    got = {(r.student_id, r.exercise): r.status for r in book.itertuples()}
    expected = {(sid, ex): status for sid, row in EXPECTED.items() for ex, status in row.items()}
    assert got == expected
    assert (book["score"] == (book["status"] == "correct").astype(int)).all()
    assert (book["max_score"] == 1).all() and (book["assignment"] == "00_tiny").all()
    summary = book.attrs["summary"]
    assert list(summary.columns) == list(teach.SUMMARY_COLUMNS)
    assert dict(zip(summary["student_id"], summary["score"])) == {
        "s1": 3, "s2": 0, "s3": 0, "s4": 2, "s5": 0}
    assert (summary["max_score"] == 3).all()


def test_gradebook_files_are_written(course):
    grades = course["root"] / "grades"
    book = pd.read_csv(grades / "gradebook.csv", keep_default_na=False)
    assert len(book) == 15 and list(book.columns) == list(teach.GRADEBOOK_COLUMNS)
    summary = pd.read_csv(grades / "summary.csv", keep_default_na=False)
    assert summary["score"].tolist() == [3, 0, 0, 2, 0]
    assert {p.name for p in (grades / "feedback").iterdir()} == {f"{s}.md" for s in EXPECTED}


def test_tampering_is_flagged(course):
    flags = course["book"].groupby("student_id")["flags"].first()
    assert flags["s1"] == flags["s2"] == flags["s4"] == flags["s5"] == ""
    assert "seed changed" in flags["s3"]
    assert "check or teach replaced" in flags["s3"]
    assert "exercise cells missing: 00.4" in flags["s3"]


def test_feedback_gives_direction_and_hint_never_the_value(course):
    feedback = (course["root"] / "grades" / "feedback" / "s2.md").read_text(encoding="utf-8")
    assert "# Feedback · Wang Fang (s2)" in feedback
    assert "00_tiny: 0 of 3 correct" in feedback
    assert "above the reference (off by 10% to 50%)" in feedback
    assert teach.get("00.1").hint_en in feedback and teach.get("00.1").hint_zh in feedback
    world = load_world(seed=course["seeds"]["s2"])
    reference = teach.solution("00.1", world)
    for shown in (f"{reference}", f"{reference:.0f}", f"{reference:,.0f}", f"{reference:.2f}",
                  f"{reference * 1.3:.0f}"):
        assert shown not in feedback
    assert teach.solution("00.3", world) not in feedback.lower()
    for customer in teach.solution("00.4", world):
        assert customer not in feedback
    timeout = (course["root"] / "grades" / "feedback" / "s5.md").read_text(encoding="utf-8")
    assert f"did not finish within {TIMEOUT} s" in timeout


def test_submission_missing_and_cli(course, tmp_path):
    """The command line grades a class; an absent notebook is 'missing', not a crash."""
    manifest = pd.read_csv(course["root"] / "class" / "manifest.csv", dtype=str)
    manifest.iloc[:2].to_csv(course["root"] / "class" / "two.csv", index=False)
    subs = tmp_path / "subs"
    submit(course["copies"]["s1"], subs / "s1" / "00_tiny.ipynb", SOLUTIONS)
    result = run_cli("grade", subs, "--manifest", course["root"] / "class" / "two.csv",
                     "--timeout", TIMEOUT, "--out", tmp_path / "grades", "--jobs", 2, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^s1\s+00_tiny\s+3 / 3$", result.stdout, flags=re.M)
    assert re.search(r"^s2\s+00_tiny\s+0 / 3  FLAGGED: not submitted$", result.stdout, flags=re.M)
    book = pd.read_csv(tmp_path / "grades" / "gradebook.csv", keep_default_na=False)
    assert book.loc[book["student_id"] == "s2", "status"].tolist() == ["missing"] * 3


def test_cli_assign(course, tmp_path):
    result = run_cli("assign", course["root"] / "roster.csv", course["root"] / "lessons",
                     tmp_path / "class", "--lessons", "00", "--secret-file",
                     tmp_path / "keys" / "secret", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"created the course secret {tmp_path / 'keys' / 'secret'}" in result.stdout
    assert "wrote 5 copies for 5 students" in result.stdout
    assert (tmp_path / "class" / "manifest.csv").is_file()
    result = run_cli("assign", course["root"] / "roster.csv", course["root"] / "lessons",
                     tmp_path / "class", "--lessons", "42", "--secret-file",
                     tmp_path / "keys" / "secret", cwd=tmp_path)
    assert result.returncode == 2 and "lessons must be lesson numbers" in result.stderr


def run_cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    return subprocess.run([sys.executable, "-m", "crmlab.teach", *map(str, args)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def test_answers_cannot_run_code_in_the_grader():
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    payload = base64.b64encode(pickle.dumps(Evil())).decode()
    with pytest.raises(pickle.UnpicklingError, match="does not load"):
        _grade._unpickle(payload)
    frame = pd.DataFrame({"a": [1.5, 2.0]}, index=pd.Index(["x", "y"], name="id"))
    restored = _grade._unpickle(base64.b64encode(pickle.dumps(frame)).decode())
    pd.testing.assert_frame_equal(restored, frame)
    assert _grade._unpickle(base64.b64encode(pickle.dumps({"C1", "C2"})).decode()) == {"C1", "C2"}


def test_tamper_flags_by_source(course):
    copy = nbformat.read(course["copies"]["s1"], as_version=4)
    seed = course["seeds"]["s1"]
    assert _grade._tamper_flags(copy, copy, seed) == []
    for source, flag in [("answer = teach.solution('00.1', world)", "calls teach.solution"),
                         ("from crmlab.datasets import make_world\nworld = make_world(seed=1)",
                          "seed changed"),
                         ("import crmlab.teach as teach", "check or teach replaced"),
                         ("check = print", "check or teach replaced"),
                         ("teach.student_mode(False)", "calls teach.solution")]:
        nb = nbformat.read(course["copies"]["s1"], as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(source))
        assert flag in _grade._tamper_flags(nb, copy, seed), source
    nb = nbformat.read(course["copies"]["s1"], as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"again = load_world(seed={seed})\nanswer == 1"))
    assert _grade._tamper_flags(nb, copy, seed) == []


# --------------------------------------------------------------------------------------------
# Student and instructor modes
# --------------------------------------------------------------------------------------------
@pytest.fixture
def student(monkeypatch, tmp_path):
    monkeypatch.delenv(_core.INSTRUCTOR_ENV, raising=False)
    monkeypatch.setenv(_core.SECRET_FILE_ENV, str(tmp_path / "no_secret_here"))
    previous = teach.student_mode(True)
    yield tmp_path
    teach.student_mode(previous)


def test_solution_is_hidden_in_student_mode(student, monkeypatch):
    world = load_world()
    with pytest.raises(PermissionError, match=r"^solution: reference answers are not shown"):
        teach.solution("00.1", world)
    assert teach.check("00.1", 0.0, world=world) is False  # check still works
    monkeypatch.setenv(_core.INSTRUCTOR_ENV, "1")
    assert teach.instructor_mode()
    assert teach.solution("00.1", world) > 0
    monkeypatch.delenv(_core.INSTRUCTOR_ENV)
    (student / "no_secret_here").write_text("x" * 40)  # the course secret file is the key
    assert teach.instructor_mode()
    assert teach.solution("00.1", world) > 0


def test_normal_mode_shows_solutions(monkeypatch, tmp_path):
    monkeypatch.delenv(_core.INSTRUCTOR_ENV, raising=False)
    monkeypatch.setenv(_core.SECRET_FILE_ENV, str(tmp_path / "none"))
    assert not teach.instructor_mode()
    previous = teach.student_mode(False)
    try:
        assert teach.solution("00.1", load_world()) > 0
    finally:
        teach.student_mode(previous)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("roster, message", [
    (pd.DataFrame({"id": ["a"], "name": ["A"]}), r"^assign: roster must have columns student_id, name"),
    (pd.DataFrame({"student_id": [], "name": []}), r"^assign: roster must list at least one student"),
    (pd.DataFrame({"student_id": ["a", "a"], "name": ["A", "B"]}), r"student_id must be unique"),
    (pd.DataFrame({"student_id": ["../x"], "name": ["A"]}), r"student_id must be letters"),
    (pd.DataFrame({"student_id": ["a"], "name": ["A"], "seed": [-3]}), r"seed must be empty or an"),
    (pd.DataFrame({"student_id": ["a"], "name": ["A"], "seed": ["x"]}), r"seed must be empty or an"),
])
def test_assign_refuses_a_bad_roster(roster, message, course, tmp_path):
    with pytest.raises(ValueError, match=message):
        teach.assign(roster, course["root"] / "lessons", tmp_path / "out",
                     secret_file=tmp_path / "secret")


def test_assign_refuses_bad_arguments(course, tmp_path):
    roster = pd.DataFrame({"student_id": ["a"], "name": ["A"]})
    with pytest.raises(TypeError, match=r"^assign: roster must be a CSV path or a DataFrame"):
        teach.assign(None, course["root"] / "lessons", tmp_path / "out")
    with pytest.raises(FileNotFoundError, match=r"^assign: roster .* is not an existing CSV"):
        teach.assign(tmp_path / "none.csv", course["root"] / "lessons", tmp_path / "out")
    with pytest.raises(ValueError, match=r"^assign: lessons must be lesson numbers found in"):
        teach.assign(roster, course["root"] / "lessons", tmp_path / "out", lessons=["05"],
                     secret_file=tmp_path / "secret")
    with pytest.raises(ValueError, match=r"^assign: secret_file must lie outside the folders"):
        teach.assign(roster, course["root"] / "lessons", tmp_path / "out",
                     secret_file=tmp_path / "out" / "secret")
    (tmp_path / "short").write_text("abc")
    with pytest.raises(ValueError, match=r"^assign: secret_file .* must hold at least 16"):
        teach.assign(roster, course["root"] / "lessons", tmp_path / "out",
                     secret_file=tmp_path / "short")
    with pytest.raises(FileNotFoundError, match=r"^assign: notebooks .* is not an existing"):
        teach.assign(roster, tmp_path / "nowhere", tmp_path / "out")


def test_student_seed_refuses_bad_input():
    with pytest.raises(TypeError, match=r"^student_seed: student_id must be a non-empty string"):
        teach.student_seed(7, "x" * 20)
    with pytest.raises(ValueError, match=r"^student_seed: secret must be a string of at least 16"):
        teach.student_seed("s1", "short")
    with pytest.raises(TypeError, match=r"^student_mode: on must be True or False"):
        teach.student_mode("yes")


def test_grade_refuses_bad_arguments(course, tmp_path):
    manifest = course["root"] / "class" / "manifest.csv"
    with pytest.raises(FileNotFoundError, match=r"^grade: submissions .* is not an existing"):
        teach.grade(tmp_path / "none", manifest)
    with pytest.raises(TypeError, match=r"^grade: submissions must be a folder path"):
        teach.grade(pd.DataFrame(), manifest)
    with pytest.raises(FileNotFoundError, match=r"^grade: manifest .* is not an existing file"):
        teach.grade(tmp_path, tmp_path / "manifest.csv")
    with pytest.raises(ValueError, match=r"^grade: jobs must be None or a positive integer"):
        teach.grade(tmp_path, manifest, jobs=0)
    with pytest.raises(ValueError, match=r"^grade: timeout must be a positive number"):
        teach.grade(tmp_path, manifest, timeout=float("nan"))
    pd.DataFrame({"student_id": ["a"]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValueError, match=r"^grade: manifest must have columns"):
        teach.grade(tmp_path, tmp_path / "bad.csv")


def test_grade_refuses_a_changed_copy(course, tmp_path):
    import shutil
    shutil.copytree(course["root"] / "class", tmp_path / "class")
    copy = tmp_path / "class" / "s1" / "00_tiny.ipynb"
    copy.write_text(copy.read_text(encoding="utf-8").replace("Exercise", "Exercice"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"^grade: the assigned copy .* changed since assign"):
        teach.grade(tmp_path, tmp_path / "class" / "manifest.csv")
