"""Every exercise's answer depends on the student's world, and no lesson prints it above the
exercise.

Issue 17: students with different seeds must not be able to copy answers from each other,
and a student copy must not show an answer on screen before its exercise. The worlds of
seeds 2026 (shipped), 7 and 31 are loaded once per session (``load_world(seed=...)``
caches generated worlds under ``$CRMLAB_CACHE``).
"""
import re
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmlab import teach
from crmlab.datasets import load_case, load_world
from crmlab.datasets._cases import CASES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (2026, 7, 31)
#: Exercises allowed to have the same reference on every seed, with the reason. None: every
#: answer is a function of the student's world.
SAME_ON_EVERY_SEED: dict[str, str] = {}
EXERCISE_IDS = teach.exercises()["id"].tolist()
#: Answers still found above their exercise in the shipped lessons. None: every exercise
#: asks for a quantity its lesson does not print (issue 17).
KNOWN_LEAKS: set[str] = set()


@pytest.fixture(scope="session")
def worlds():
    return {seed: load_world() if seed == 2026 else load_world(seed=seed) for seed in SEEDS}


@pytest.fixture(scope="session")
def cases():
    return {(name, seed): load_case(name) if seed == 2026 else load_case(name, seed=seed)
            for name in CASES for seed in SEEDS}


def data_for(exercise_id, seed, worlds, cases):
    """The world of this seed, or for an exercise on a case study that case."""
    tables = teach.get(exercise_id).tables
    if tables is None or set(tables) <= set(teach.WORLD_TABLES):
        return worlds[seed]
    name = next(n for n, c in CASES.items() if set(tables) <= set(c["tables"]))
    return cases[(name, seed)]


def reference(exercise_id, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return teach.solution(exercise_id, data)


def same(a, b) -> bool:
    if isinstance(a, (pd.Series, pd.DataFrame)):
        return a.equals(b)
    if isinstance(a, (float, np.floating)):
        return bool(np.isclose(a, b, rtol=1e-9, atol=0))
    return a == b


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_reference_differs_between_seeds(exercise_id, worlds, cases):
    refs = [reference(exercise_id, data_for(exercise_id, seed, worlds, cases)) for seed in SEEDS]
    identical = all(same(refs[0], r) for r in refs[1:])
    if exercise_id in SAME_ON_EVERY_SEED:
        assert identical, f"{exercise_id} is allowed to be seed-free but differs: drop it"
    else:
        assert not identical, (f"{exercise_id} has the same reference {refs[0]!r} on seeds "
                               f"{SEEDS}: students could copy it from each other")


# --------------------------------------------------------------------------------------------
# No answer printed above its exercise, in the student copy
# --------------------------------------------------------------------------------------------
def number_forms(value: float) -> set[str]:
    """How a table or a print would show this number: 2-4 significant digits, 2-3 decimals,
    as a percentage with 0-1 decimals, and whole numbers with or without thousands commas."""
    v = float(value)
    if v == 0 or not np.isfinite(v):
        return set()
    forms = set()
    if v == round(v) and abs(v) >= 1:
        forms |= {f"{v:.0f}", f"{v:,.0f}"}
        if abs(v) < 1_000:  # a small count: the number itself is the only form
            return forms
    if abs(v) >= 1_000:
        forms |= {f"{v:,.0f}", f"{v:.0f}", f"{v:,.2f}", f"{v:.2f}", f"{v / 1e4:,.1f}"}
        if abs(v) >= 1e7:  # millions, as the lessons print large sums
            forms |= {f"{v / 1e6:,.2f}", f"{v / 1e6:,.1f}"}
        return forms
    for digits in (2, 3, 4):
        forms.add(np.format_float_positional(float(f"{v:.{digits}g}"), trim="-"))
    forms |= {f"{v:.2f}", f"{v:.3f}"}
    if abs(v) <= 1:
        forms |= {f"{100 * v:.1f}%", f"{100 * v:.0f}%", f"{100 * v:.1f}"}
    # a form with fewer than two digits ("2", "0.5") matches any table by chance
    return {f for f in forms if sum(ch.isdigit() for ch in f.lstrip("-0.")) >= 2}


def found(form: str, text: str) -> bool:
    """The form as a whole number in the text: not part of a longer number."""
    return re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) is not None


def shape(token: str) -> str:
    return re.sub(r"\d", "0", token)


def leak(answer, text: str) -> str | None:
    """What in this output shows the answer, or None."""
    if isinstance(answer, (bool, np.bool_, str)):
        return None  # a label: printed everywhere, its presence does not give it away
    if isinstance(answer, (int, float, np.integer, np.floating)):
        hits = [f for f in number_forms(answer) if found(f, text)]
        return f"{answer!r} printed as {hits}" if hits else None
    if isinstance(answer, (set, frozenset, list, tuple)):
        items = [str(a) for a in answer]
        if not items or not all(found(i, text) for i in items):
            return None
        # all members shown, and they are most of what the output lists of their kind:
        shapes = {shape(i) for i in items}
        kind = {t for t in re.findall(r"[\w.]+", text) if shape(t) in shapes}
        return f"all of {sorted(items)} listed" if len(kind) <= 2 * len(items) else None
    if isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
        if len(answer) and all(any(found(f, text) for f in number_forms(v))
                               for v in answer.dropna()):
            return "every value of the Series printed"
        return None
    return None  # a DataFrame: hundreds of values, never printed whole


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "\n".join(parts)


NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_answer_printed_above_its_exercise(notebook, tmp_path, worlds, cases):
    copy = tmp_path / notebook.name
    teach.make_student_copy(notebook, copy)
    nb = nbformat.read(copy, as_version=4)
    leaks, known, checked = [], set(), 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for exercise_id in re.findall(r"\*\*Exercise (\d\d\.\d+)\.\*\*", cell.source):
            if exercise_id not in EXERCISE_IDS:
                continue  # a discussion exercise, not checked
            answer = reference(exercise_id, data_for(exercise_id, 2026, worlds, cases))
            checked += 1
            for above in nb.cells[:i]:
                if above.cell_type == "code" and (why := leak(answer, output_text(above))):
                    if exercise_id in KNOWN_LEAKS:
                        known.add(exercise_id)
                    else:
                        leaks.append(f"{exercise_id}: {why} in the cell\n{above.source[:200]}")
    assert checked, f"{notebook.name} has no checked exercise"
    assert not leaks, "\n\n".join(leaks)
    listed = {e for e in KNOWN_LEAKS if e.startswith(notebook.name[:2])}
    assert known == listed, f"no longer leaking, remove from KNOWN_LEAKS: {sorted(listed - known)}"


def test_the_leak_search_finds_what_a_table_shows():
    """The search itself: 0.751 printed as 0.751, 75.1 % or 0.75 is found; 0.7512 is not 0.751."""
    assert leak(0.7508982, "captured  0.751") and leak(0.7508982, "75.1% of profit")
    assert leak(0.7508982, "| 0.75 |") and not leak(0.7508982, "0.7521 and 10.751")
    assert leak(28, "True  5  23  28") and not leak(28, "C000028 and 2,028")
    assert not leak(2.0202, "k = 2 clusters")
    assert leak(354446309.19, "354,446,309") and leak(354446309.19, "354.45 million")
    assert leak({"C000001", "C000002"}, "C000001\nC000002\n") and not leak(
        {"C000001", "C000002"}, " ".join(f"C{n:06d}" for n in range(1, 40)))
    assert leak(pd.Series([0.25, 0.5]), "2019 0.250\n2020 0.500") and leak("service", "x") is None
