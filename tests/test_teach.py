"""crmlab.teach: the exercise registry, check() and student copies of notebooks."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmlab import teach
from crmlab.datasets import make_world
from crmlab.datasets._cases import CASES
from crmlab.teach import Exercise, _core

ROOT = Path(__file__).resolve().parents[1]
SECRET = "SECRET_SOLUTION_7f3a9c"
STUB = "# Exercise: write your answer here  (练习：在此写下你的答案)\nanswer = ..."


@pytest.fixture(scope="module")
def world():
    return make_world(n_customers=80, seed=11)


@pytest.fixture(scope="module")
def other_world():
    return make_world(n_customers=80, seed=12)


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registry, so exercises added by a test do not leak."""
    teach.exercises()  # load the lesson exercises first
    monkeypatch.setattr(_core, "_REGISTRY", dict(_core._REGISTRY))
    return _core._REGISTRY


def fixed(reference, kind=None, exercise_id="99.1", replace=False, **options):
    """Register an exercise whose reference answer is ``reference`` on any world."""
    return teach.register(Exercise(
        id=exercise_id, question="A test question.", solution=lambda world: reference,
        hint_en="Think again.", hint_zh="再想一想。", kind=kind, tables=("orders",), **options),
        replace=replace)


def verdict(capsys):
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out  # exactly one line
    return out


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------
def test_lesson00_exercises_are_registered():
    table = teach.exercises()
    assert list(table.columns) == ["id", "lesson", "question", "kind"]
    assert {"00.1", "00.2", "00.3"} <= set(table["id"])
    assert teach.exercises(lesson=0)["id"].tolist() == teach.exercises(lesson="00")["id"].tolist()
    assert teach.exercises(lesson="42").empty


def test_exercises_sorted_by_lesson_and_number(registry):
    for exercise_id in ("00.10", "00.9"):
        fixed(1.0, exercise_id=exercise_id)
    ids = teach.exercises(lesson="00")["id"].tolist()
    assert ids.index("00.9") < ids.index("00.10")


def test_get_returns_the_exercise():
    exercise = teach.get("00.1")
    assert isinstance(exercise, Exercise)
    assert exercise.id == "00.1" and exercise.lesson == "00"


def test_get_unknown_id_lists_valid_ids():
    with pytest.raises(ValueError, match=r"unknown exercise id '99\.99'; valid ids: \[.*'00\.1'"):
        teach.get("99.99")


def test_get_rejects_non_string_ids():
    with pytest.raises(TypeError, match="exercise_id must be a string"):
        teach.get(0.1)


def test_register_rejects_duplicate_ids(registry):
    fixed(1.0)
    with pytest.raises(ValueError, match=r"id '99\.1' is already registered.*replace=True"):
        fixed(2.0)
    with pytest.raises(ValueError, match=r"'00\.1' is already registered"):
        teach.register(teach.get("00.1"))


def test_register_replace(registry):
    fixed(1.0)
    fixed(2.0, replace=True)
    assert teach.get("99.1").solution(None) == 2.0


def test_register_rejects_non_exercises(registry):
    with pytest.raises(TypeError, match="exercise must be a crmlab.teach.Exercise"):
        teach.register({"id": "99.1"})


@pytest.mark.parametrize("change, message", [
    (dict(id="first"), "id must be a string such as '00.1'"),
    (dict(question="  "), "question must be a non-empty string"),
    (dict(hint_zh=""), "hint_zh must be a non-empty string"),
    (dict(solution=42), "solution must be a callable"),
    (dict(kind="matrix"), "kind must be None or one of"),
    (dict(tables=("orders", "ledger")), r"tables \['ledger'\] are not tables of the world or a case"),
    (dict(tolerance=-1.0), "tolerance must be in"),
])
def test_exercise_validates_its_fields(change, message):
    fields = dict(id="99.1", question="q", solution=lambda w: 1, hint_en="h", hint_zh="提示")
    with pytest.raises((ValueError, TypeError), match=message):
        Exercise(**{**fields, **change})


def test_exercise_is_frozen():
    with pytest.raises(AttributeError):
        teach.get("00.1").tolerance = 1.0


@pytest.mark.parametrize("exercise_id", teach.exercises()["id"].tolist())
def test_every_exercise_has_a_question_and_hints_in_both_languages(exercise_id):
    exercise = teach.get(exercise_id)
    han = re.compile(r"[\u4e00-\u9fff]")
    assert len(exercise.question) > 40
    assert re.search(r"[A-Za-z]{3}", exercise.hint_en) and not han.search(
        exercise.hint_en.replace("万元", ""))
    assert han.search(exercise.hint_zh)
    assert exercise.kind in teach.KINDS


# --------------------------------------------------------------------------------------------
# Reference solutions on the real world
# --------------------------------------------------------------------------------------------
def data_for(exercise_id, world):
    """The world, or for an exercise on a case study that case (generated, seed 11)."""
    tables = teach.get(exercise_id).tables
    if tables is None or set(tables) <= set(teach.WORLD_TABLES):
        return world
    case = next(c for c in CASES.values() if set(tables) <= set(c["tables"]))
    return case["make"](seed=11)


@pytest.mark.parametrize("exercise_id", teach.exercises()["id"].tolist())
def test_check_passes_with_the_solution_of_the_same_world(exercise_id, world, capsys):
    data = data_for(exercise_id, world)
    answer = teach.solution(exercise_id, data)
    assert teach.check(exercise_id, answer, world=data) is True
    assert verdict(capsys).startswith(f"✔ {exercise_id} correct / 正确")


@pytest.mark.parametrize("exercise_id", ["00.1", "00.2", "00.4", "00.5"])
def test_solutions_differ_between_seeds(exercise_id, world, other_world, capsys):
    mine = teach.solution(exercise_id, world)
    theirs = teach.solution(exercise_id, other_world)
    if isinstance(mine, pd.Series):
        assert not mine.equals(theirs)
    else:
        assert mine != theirs
    # an answer copied from a classmate with another seed does not pass
    assert teach.check(exercise_id, theirs, world=world) is False


def test_solution_00_1_by_hand(world):
    """Total 2024 net revenue, recomputed line by line."""
    total = sum(row.net_revenue for row in world.orders.itertuples() if row.date.year == 2024)
    assert teach.solution("00.1", world) == pytest.approx(total, rel=1e-12)


def test_solution_00_2_by_hand(world):
    """Pareto share, recomputed with a plain loop as the question states it."""
    revenue = {}
    for row in world.orders.itertuples():
        revenue[row.customer_id] = revenue.get(row.customer_id, 0.0) + row.net_revenue
    values = sorted((v for v in revenue.values() if v > 0), reverse=True)
    total, running, k = sum(values), 0.0, 0
    for value in values:
        running += value
        k += 1
        if running >= 0.8 * total:
            break
    share = teach.solution("00.2", world)
    assert share == pytest.approx(k / len(values))
    assert 0 < share < 1


def test_solution_00_3_by_hand(world):
    industry = dict(zip(world.customers["customer_id"], world.customers["industry"].astype(str)))
    profit, buyers = {}, {}
    for row in world.orders.itertuples():
        if row.date.year == 2025:
            key = industry[row.customer_id]
            profit[key] = profit.get(key, 0.0) + row.gross_profit
            buyers.setdefault(key, set()).add(row.customer_id)
    per_customer = {key: profit[key] / len(buyers[key]) for key in profit}
    assert teach.solution("00.3", world) == max(per_customer, key=per_customer.get)


def test_student_style_answers_pass(world, capsys):
    orders = world.orders
    revenue_2024 = orders[orders["date"].dt.year == 2024]["net_revenue"].sum()  # numpy float
    assert teach.check("00.1", revenue_2024, world=world)
    by_year = orders.groupby(orders["date"].dt.year)["net_revenue"].sum()  # int32 index "date"
    assert teach.check("00.5", by_year.sort_index(ascending=False), world=world)
    top5 = orders.groupby("customer_id")["net_revenue"].sum().nlargest(5).index
    assert teach.check("00.4", top5, world=world)
    assert teach.check("00.3", teach.solution("00.3", world).upper() + " ", world=world)
    capsys.readouterr()


def test_a_tiny_answer_is_well_below(world, capsys):
    reference = teach.solution("00.1", world)
    assert teach.check("00.1", reference * 0.0004, world=world) is False
    out = verdict(capsys)
    assert "well below the reference (off by more than 50%)" in out and "明显偏低" in out
    assert teach.check("00.1", 0.0, world=world) is False
    assert "well below" in verdict(capsys)


@pytest.mark.parametrize("factor, band", [
    (1.05, "slightly above the reference (off by less than 10%)"),
    (0.95, "slightly below the reference (off by less than 10%)"),
    (1.3, "your answer is above the reference (off by 10% to 50%)"),
    (0.7, "your answer is below the reference (off by 10% to 50%)"),
    (1.7, "well above the reference (off by more than 50%)"),
    (0.2, "well below the reference (off by more than 50%)")])
def test_wrong_number_reports_a_band_but_not_the_reference(world, capsys, factor, band):
    """The direction and a band, never a percentage that would pin the reference."""
    reference = teach.solution("00.1", world)
    assert teach.check("00.1", reference * factor, world=world) is False
    out = verdict(capsys)
    assert out.startswith("✘ 00.1 not yet / 还不对")
    assert band in out
    assert "Hint:" in out and "提示：" in out
    assert not re.search(r"\d+(\.\d+)?% too", out)
    for shown in (f"{reference}", f"{reference:.0f}", f"{reference:,.0f}", f"{reference:.2f}"):
        assert shown not in out


def test_bands_for_a_negative_reference(registry, world, capsys):
    fixed(-100.0)
    assert not teach.check("99.1", -104.0, world=world)
    assert "slightly below" in verdict(capsys)
    assert not teach.check("99.1", -10.0, world=world)
    assert "well above" in verdict(capsys)


def test_unit_slip_is_named(world, capsys):
    assert not teach.check("00.1", teach.solution("00.1", world) / 10_000, world=world)
    assert "10,000 times too small" in verdict(capsys)
    assert not teach.check("00.2", teach.solution("00.2", world) * 100, world=world)
    assert "100 times too large" in verdict(capsys)


# --------------------------------------------------------------------------------------------
# check(): numbers, texts, sets, sequences, Series, DataFrames, wrong types
# --------------------------------------------------------------------------------------------
def test_number_within_and_outside_tolerance(registry, world, capsys):
    fixed(1234.5)
    assert teach.check("99.1", 1234.5 * (1 + 5e-7), world=world) is True
    assert teach.check("99.1", np.float32(1234.5), world=world) is True
    assert teach.check("99.1", np.array(1234.5), world=world) is True
    assert teach.check("99.1", 1234.5 * (1 + 5e-6), world=world) is False
    out = capsys.readouterr().out
    assert "1234" not in out and "slightly above" in out


def test_number_tolerance_is_configurable(registry, world, capsys):
    fixed(200.0, tolerance=0.01)
    assert teach.check("99.1", 201.9, world=world)
    assert not teach.check("99.1", 202.1, world=world)
    capsys.readouterr()


def test_number_near_zero_uses_the_absolute_tolerance(registry, world, capsys):
    fixed(0.0)
    assert teach.check("99.1", 1e-12, world=world)
    assert not teach.check("99.1", -0.01, world=world)
    assert "too low" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [float("nan"), np.nan, float("inf"), -np.inf])
def test_nan_or_infinite_answer_is_wrong(answer, registry, world, capsys):
    fixed(3.0)
    assert teach.check("99.1", answer, world=world) is False
    assert "missing values" in verdict(capsys)


@pytest.mark.parametrize("answer, typename", [
    ("3.0", "str"), (True, "bool"), ([3.0], "list"), (pd.Series([3.0]), "Series"),
    ({"a": 3.0}, "dict")])
def test_number_of_wrong_type_is_not_yet_not_an_error(answer, typename, registry, world, capsys):
    fixed(3.0)
    assert teach.check("99.1", answer, world=world) is False
    out = verdict(capsys)
    assert f"expected a single number (int or float), got {typename}" in out
    assert "答案应为一个数字" in out


def test_unanswered_stub_and_none(registry, world, capsys):
    fixed(3.0)
    assert teach.check("99.1", ..., world=world) is False
    assert "no answer yet" in verdict(capsys)
    assert teach.check("99.1", None, world=world) is False
    assert "forget to return" in verdict(capsys)


def test_text_ignores_case_spaces_and_underscores(registry, world, capsys):
    fixed("food_processing")
    for answer in ("food_processing", "Food Processing", "  FOOD_processing  ",
                   np.str_("food processing")):
        assert teach.check("99.1", answer, world=world) is True
    assert teach.check("99.1", "energy", world=world) is False
    assert "'energy' is not the expected answer" in capsys.readouterr().out.splitlines()[-1]
    assert teach.check("99.1", 7, world=world) is False
    assert "expected a text (str), got int" in verdict(capsys)


def test_set_is_order_free(registry, world, capsys):
    fixed({"C000001", "C000002", "C000003"})
    for answer in (["C000003", "C000001", "C000002"], ("C000001", "C000002", "C000003"),
                   pd.Series(["C000002", "C000003", "C000001"]),
                   pd.Index(["C000002", "C000003", "C000001"]),
                   np.array(["C000001", "C000003", "C000002", "C000001"])):
        assert teach.check("99.1", answer, world=world) is True
    assert teach.check("99.1", ["C000001", "C000002", "C000009"], world=world) is False
    out = capsys.readouterr().out.splitlines()[-1]
    assert "1 of your 3 items should not be there and 1 expected items are missing" in out
    assert teach.check("99.1", "C000001", world=world) is False
    assert "expected a collection of labels" in verdict(capsys)


def test_sequence_keeps_order_and_tolerance(registry, world, capsys):
    fixed(["mature", 2.0, "decline"], kind="sequence")
    assert teach.check("99.1", ("Mature", 2.0 + 1e-9, "decline"), world=world) is True
    assert teach.check("99.1", ["decline", 2.0, "mature"], world=world) is False
    assert "item 1 (counting from 1) is not right" in capsys.readouterr().out.splitlines()[-1]
    assert teach.check("99.1", ["mature", 2.0], world=world) is False
    assert "your sequence has 2 items; expected 3" in verdict(capsys)
    assert teach.check("99.1", {"mature", 2.0, "decline"}, world=world) is False
    assert "expected an ordered sequence" in verdict(capsys)


def test_series_aligned_on_index(registry, world, capsys):
    reference = pd.Series([10.0, 20.0, 30.0], index=pd.Index([2019, 2020, 2021], name="year"))
    fixed(reference)
    assert teach.get("99.1").kind is None
    assert teach.exercises().set_index("id").loc["99.1", "kind"] == "inferred"
    shuffled = pd.Series([30.0, 10.0, 20.0 * (1 + 1e-8)],
                         index=pd.Index([2021, 2019, 2020], dtype="int32", name="date"))
    assert teach.check("99.1", shuffled, world=world) is True
    assert teach.check("99.1", shuffled.to_frame("revenue"), world=world) is True
    assert teach.check("99.1", {2019: 10.0, 2020: 20.0, 2021: 30.0}, world=world) is True
    capsys.readouterr()
    assert teach.check("99.1", shuffled * 1.1, world=world) is False
    assert "values differ at 3 of 3 labels" in verdict(capsys)
    assert teach.check("99.1", shuffled.iloc[:2], world=world) is False
    out = verdict(capsys)
    assert "the index does not match: 1 expected labels missing, unexpected []" in out
    assert "2020" not in out  # the expected labels belong to the reference
    assert teach.check("99.1", shuffled.to_numpy(), world=world) is False
    assert "expected a pandas Series, got ndarray" in verdict(capsys)


def test_series_of_labels(registry, world, capsys):
    fixed(pd.Series(["A", "B", None], index=["C1", "C2", "C3"]))
    assert teach.check("99.1", pd.Series([np.nan, "b", "a"], index=["C3", "C2", "C1"]),
                       world=world)
    assert not teach.check("99.1", pd.Series(["A", "A", None], index=["C1", "C2", "C3"]),
                           world=world)
    capsys.readouterr()


def test_frame_aligned_on_index_and_columns(registry, world, capsys):
    reference = pd.DataFrame({"grade": ["A", "B"], "revenue": [100.0, 50.0]},
                             index=pd.Index(["C1", "C2"], name="customer_id"))
    fixed(reference)
    answer = reference.loc[["C2", "C1"], ["revenue", "grade"]]
    assert teach.check("99.1", answer, world=world) is True
    capsys.readouterr()
    assert teach.check("99.1", answer.assign(revenue=[50.0, 101.0]), world=world) is False
    assert "column 'revenue': values differ in 1 of 2 rows" in verdict(capsys)
    assert teach.check("99.1", answer.drop(columns="grade"), world=world) is False
    assert "the columns do not match: missing ['grade']" in verdict(capsys)
    assert teach.check("99.1", reference["revenue"], world=world) is False
    assert "expected a pandas DataFrame, got Series" in verdict(capsys)


def test_check_validates_the_world(registry, capsys):
    with pytest.raises(TypeError, match="world must be a crmlab World.*got NoneType"):
        teach.check("00.1", 1.0, world=None)
    with pytest.raises(TypeError, match=r"has no table \['orders'\]"):
        teach.check("00.1", 1.0, world=SimpleNamespace(customers=pd.DataFrame()))
    with pytest.raises(TypeError, match="world must be a crmlab World"):
        teach.solution("00.3", pd.DataFrame())
    with pytest.raises(ValueError, match="unknown exercise id"):
        teach.check("7.7", 1.0, world=None)
    assert capsys.readouterr().out == ""


def test_check_requires_world_as_keyword(world):
    with pytest.raises(TypeError):
        teach.check("00.1", 1.0, world)


# --------------------------------------------------------------------------------------------
# Student copies
# --------------------------------------------------------------------------------------------
def write_lesson(path: Path) -> nbformat.NotebookNode:
    """A small lesson: setup, markdown, a solution cell (with a secret), a check, more."""
    v4 = nbformat.v4
    nb = v4.new_notebook()
    solution_cell = v4.new_code_cell(
        f"{SECRET} = 17\nanswer = {SECRET} * x", metadata={"tags": ["solution", "keep-me"]},
        execution_count=3,
        outputs=[v4.new_output("execute_result", data={"text/plain": f"'{SECRET}'"},
                               execution_count=3)])
    nb.cells = [
        v4.new_markdown_cell("# Lesson 99: a test\n\n第 99 课"),
        v4.new_code_cell("import math\nx = math.sqrt(4)", execution_count=1,
                         outputs=[v4.new_output("stream", name="stdout", text="ready\n")]),
        v4.new_markdown_cell("**Exercise 99.1.** Multiply x by the secret number."),
        solution_cell,
        v4.new_markdown_cell(f"Why? Because {SECRET}.", metadata={"tags": ["solution"]}),
        v4.new_code_cell("from crmlab.teach import check\ncheck('99.1', answer, world=world)"),
        v4.new_code_cell("print('after the check')"),
    ]
    nbformat.write(nb, path)
    return nbformat.read(path, as_version=4)


def test_student_copy_replaces_solutions(tmp_path):
    original = write_lesson(tmp_path / "99_test.ipynb")
    replaced = teach.make_student_copy(tmp_path / "99_test.ipynb", tmp_path / "out" / "99.ipynb")
    assert replaced == 2
    text = (tmp_path / "out" / "99.ipynb").read_text(encoding="utf-8")
    assert SECRET not in text
    copy = nbformat.read(tmp_path / "out" / "99.ipynb", as_version=4)
    nbformat.validate(copy)
    stub = copy.cells[3]
    assert stub.cell_type == "code" and stub.source == STUB
    assert stub.outputs == [] and stub.execution_count is None
    assert stub.metadata["tags"] == ["keep-me", "exercise"]
    assert copy.cells[4].cell_type == "markdown"
    assert copy.cells[4].metadata["tags"] == ["exercise"]
    assert "练习" in copy.cells[4].source
    for i in (0, 1, 2, 5, 6):  # everything else is untouched, outputs included
        assert copy.cells[i] == original.cells[i]
    assert copy.metadata == original.metadata
    assert json.loads(text)["nbformat"] == 4


def test_student_copy_runs_up_to_the_first_check(tmp_path):
    nbclient = pytest.importorskip("nbclient")
    write_lesson(tmp_path / "99_test.ipynb")
    teach.make_student_copy(tmp_path / "99_test.ipynb", tmp_path / "99_student.ipynb")
    copy = nbformat.read(tmp_path / "99_student.ipynb", as_version=4)
    first_check = next(i for i, cell in enumerate(copy.cells)
                       if cell.cell_type == "code" and "check(" in cell.source)
    copy.cells = copy.cells[:first_check] + [nbformat.v4.new_code_cell("print(answer)")]
    client = nbclient.NotebookClient(copy, timeout=60, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    assert copy.cells[-1].outputs[0]["text"] == "Ellipsis\n"


def test_student_copies_of_a_folder(tmp_path):
    src = tmp_path / "notebooks"
    (src / "cases").mkdir(parents=True)
    (src / ".ipynb_checkpoints").mkdir()
    write_lesson(src / "00_welcome.ipynb")
    write_lesson(src / "cases" / "case_a.ipynb")
    write_lesson(src / ".ipynb_checkpoints" / "00_welcome-checkpoint.ipynb")
    (src / "notes.txt").write_text("not a notebook")
    written = teach.make_student_copies(src, tmp_path / "student")
    assert written == {tmp_path / "student" / "00_welcome.ipynb": 2,
                       tmp_path / "student" / "cases" / "case_a.ipynb": 2}
    for path in written:
        assert SECRET not in path.read_text(encoding="utf-8")
    # an output folder inside the source folder is not copied into itself on a second run
    teach.make_student_copies(src, src / "student")
    assert set(teach.make_student_copies(src, src / "student")) == {
        src / "student" / "00_welcome.ipynb", src / "student" / "cases" / "case_a.ipynb"}


def test_student_copies_of_a_single_notebook(tmp_path):
    write_lesson(tmp_path / "00_welcome.ipynb")
    written = teach.make_student_copies(tmp_path / "00_welcome.ipynb", tmp_path / "student")
    assert written == {tmp_path / "student" / "00_welcome.ipynb": 2}


def test_student_copy_errors(tmp_path):
    write_lesson(tmp_path / "00.ipynb")
    with pytest.raises(FileNotFoundError, match="src_path .* is not an existing notebook"):
        teach.make_student_copy(tmp_path / "missing.ipynb", tmp_path / "out.ipynb")
    with pytest.raises(ValueError, match="is the source notebook"):
        teach.make_student_copy(tmp_path / "00.ipynb", tmp_path / "." / "00.ipynb")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match=r"must be a notebook \(\.ipynb\)"):
        teach.make_student_copy(tmp_path / "notes.txt", tmp_path / "out.ipynb")
    with pytest.raises(FileNotFoundError, match="src .* does not exist"):
        teach.make_student_copies(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ValueError, match="outdir .* is the source folder"):
        teach.make_student_copies(tmp_path, tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"no notebooks \(\*\.ipynb\) found"):
        teach.make_student_copies(tmp_path / "empty", tmp_path / "out")


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------
def run_cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    return subprocess.run([sys.executable, "-m", "crmlab.teach", *map(str, args)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def test_cli_writes_student_copies(tmp_path):
    write_lesson(tmp_path / "00_welcome.ipynb")
    result = run_cli("student", tmp_path, tmp_path / "student", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 solution cells replaced" in result.stdout
    assert SECRET not in (tmp_path / "student" / "00_welcome.ipynb").read_text(encoding="utf-8")


def test_cli_missing_source_exits_with_2(tmp_path):
    result = run_cli("student", tmp_path / "missing", tmp_path / "student", cwd=tmp_path)
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "student").exists()


def test_cli_help_and_list(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0 and "student" in result.stdout
    result = run_cli("student", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "SRC" in result.stdout and "OUTDIR" in result.stdout
    result = run_cli("list", "--lesson", "00", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^00\.1\s+number\s+What was", result.stdout, flags=re.M)
    assert run_cli(cwd=tmp_path).returncode == 2  # no command


def test_main_in_process(tmp_path, capsys):
    write_lesson(tmp_path / "00.ipynb")
    assert teach.main(["student", str(tmp_path / "00.ipynb"), str(tmp_path / "s")]) == 0
    assert "wrote" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        teach.main(["student", str(tmp_path / "gone"), str(tmp_path / "s")])
    assert exit_info.value.code == 2


# --------------------------------------------------------------------------------------------
# Two-step hints: the idea first (no code, no function name), the function after more tries
# --------------------------------------------------------------------------------------------
def test_hints_come_in_two_steps(world, capsys, monkeypatch):
    monkeypatch.setattr(_core, "_TRIES", {})
    exercise = teach.get("00.3")
    for tries in range(1, teach.HINT_AFTER + 1):
        teach.check("00.3", "no such industry", world=world)
        line = verdict(capsys)
        assert exercise.idea_en in line and exercise.idea_zh in line
        assert (exercise.hint_en in line) is (tries >= teach.HINT_AFTER)
    teach.check("00.3", ..., world=world)  # the unanswered stub gets no hint at all
    assert "Idea" not in verdict(capsys)


#: Code in a hint: a call (a name then "("), any "=" (assignment, ==, <=), or brackets
#: (indexing, a list). A hint names functions and columns in prose; it never computes.
HINT_CODE = re.compile(r"[A-Za-z_]\w*\(|=|[\[\]]")
#: In an idea, also no name from the code at all: no dotted name (module.function), no
#: snake_case identifier (function, column or argument names), no backticks.
IDEA_CODE = re.compile(HINT_CODE.pattern + r"|[A-Za-z_]\w*\.[A-Za-z_]|[A-Za-z0-9]_[A-Za-z0-9]|`")


def test_the_code_patterns_catch_code_and_spare_prose():
    for code in ("orders['date'].dt.year", "m = a / b", "np.exp(1 / b)", "x == 'A'",
                 "groupby('customer_id')", "share <= 0.2", "fit.params.loc"):
        assert HINT_CODE.search(code) or IDEA_CODE.search(code), code
    assert IDEA_CODE.search("use lifecycle.survival") and IDEA_CODE.search("net_revenue")
    for prose in ("Call lifecycle.survival on the tickets, then read its table at 30 days.",
                  "按 customer_id 分组（用 groupby），再求和。", "at most 0.2 of the buyers (20 %)"):
        assert not HINT_CODE.search(prose), prose
    assert not IDEA_CODE.search("Keep the buyers of 2024 (one row each), then take a share "
                                "of 0.2 of them.")


@pytest.mark.parametrize("exercise_id", teach.exercises()["id"].tolist())
def test_every_exercise_has_an_idea_and_hints_without_code(exercise_id):
    """Issue 17: the first hint (idea) in both languages without code or function names;
    the second hint names the function and the steps in prose, never code that computes."""
    exercise = teach.get(exercise_id)
    for idea in (exercise.idea_en, exercise.idea_zh):
        assert idea.strip(), f"{exercise_id} has no idea (first hint)"
        assert not IDEA_CODE.search(idea), f"{exercise_id} idea: {idea}"
    for hint in (exercise.hint_en, exercise.hint_zh):
        assert not HINT_CODE.search(hint), f"{exercise_id} hint: {hint}"


def test_hints_without_an_idea_point_back_to_the_question(registry):
    fixed(1.0)
    assert teach.hints("99.1", 1).startswith("Idea: Re-read the question")
    with pytest.raises(ValueError, match="hints: tries must be at least 1"):
        teach.hints("99.1", 0)
    with pytest.raises(ValueError, match="idea_en and idea_zh must be given together"):
        teach.Exercise(id="99.2", question="q" * 50, solution=lambda w: 1, hint_en="h",
                       hint_zh="提示", idea_en="an idea")
