"""Lesson 11 (the empirical chapter of a thesis): its Word file, its exercises, its answers.

The lesson's code cells up to the export are run in a temporary folder, as a student runs
them, and the .docx they write is read back with python-docx. The exercises' references
must differ between the worlds (and Kano cases) of seeds 2026, 7 and 31, and the lesson
must not print an answer above its exercise (the search of ``test_exercise_answers``).
"""
import re
import warnings
from pathlib import Path

import docx
import matplotlib.pyplot as plt
import nbformat
import pytest

from crmlab import teach
from crmlab.datasets import load_case, load_world
from test_exercise_answers import leak, output_text

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "11_thesis_chapter.ipynb"
SEEDS = (2026, 7, 31)
EXERCISES = teach.exercises(lesson="11")["id"].tolist()
CAPTIONS = ["Sample description", "Reliability of the scales", "KMO and Bartlett's test",
            "Reliability and convergent validity", "Discriminant validity (HTMT)",
            "Harman's single-factor test", "Model fit", "Confirmatory factor analysis: loadings",
            "Structural model: path coefficients (CB-SEM)", "Mediation effects (bootstrap test)",
            "Moderated mediation (bootstrap test)",
            "Kano classification of the service attributes",
            "Fuzzy evaluation of the quality attributes"]


def lesson_cells():
    return nbformat.read(LESSON, as_version=4).cells


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Run the lesson's code up to and including its export cell in a fresh folder."""
    folder = tmp_path_factory.mktemp("lesson11")
    namespace = {}
    code = [c.source for c in lesson_cells() if c.cell_type == "code"]
    last = next(i for i, source in enumerate(code) if "chapter.save(" in source)
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings():
        mp.chdir(folder)
        warnings.simplefilter("ignore")
        for source in code[:last + 1]:
            exec(compile(source, str(LESSON), "exec"), namespace)
    plt.close("all")
    return folder / "output" / "thesis_chapter.docx", namespace


def test_the_lesson_writes_its_tables_to_word(written):
    path, namespace = written
    assert path.is_file()
    document = docx.Document(str(path))
    assert len(document.tables) == len(CAPTIONS) == len(namespace["chapter"].tables)
    text = [p.text for p in document.paragraphs]
    for number, caption in enumerate(CAPTIONS, start=1):
        assert f"Table {number}  {caption}" in text, caption
    assert "表 12  服务属性的KANO分类" in text
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert headers[1] == ["Construct", "Items", "Cronbach's α", "95% CI", "n"]
    assert headers[0] == ["variable", "category", "n", "proportion"]
    assert headers[11] == ["Attribute", "Attractive A", "One-dimensional O", "Must-be M",
                           "Indifferent I", "Reverse R", "Questionable Q", "n", "Category",
                           "Better", "Worse"]
    assert headers[12][:3] == ["Criterion", "Weight", "很满意"] and len(headers[12]) == 9
    kano = document.tables[11]
    categories = {row.cells[0].text: row.cells[8].text.split()[0] for row in kano.rows[1:]}
    assert categories == load_case("kano_survey").truth["categories"]
    fuzzy = document.tables[12]
    assert [row.cells[0].text for row in fuzzy.rows][-1] == "Evaluation vector B"
    assert any("Lee & Newcomb 1997" in t for t in text)
    assert any("maximum-membership principle" in t and "Liu et al. 1999" in t for t in text)
    assert len(document.tables[1].rows) == 1 + 9  # header and the nine scales
    assert any("Nunnally" in t for t in text) and any("Preacher & Hayes" in t for t in text)


def test_output_folder_is_ignored_by_git():
    assert "notebooks/output/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.fixture(scope="module")
def data():
    return {s: load_world() if s == 2026 else load_world(seed=s) for s in SEEDS}


def reference(exercise_id, seed, data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return teach.solution(exercise_id, data[seed])


def test_setup_cell_loads_the_kano_case_with_the_world():
    """teach.assign gives the student's seed to every load in the setup cell, and the grader
    computes 11.5's reference from the world's seed: both must see the same Kano case."""
    setup = next(c.source for c in lesson_cells() if c.cell_type == "code")
    assert "world = load_world()" in setup and 'kano = load_case("kano_survey")' in setup


def test_kano_exercise_reads_the_case_of_the_worlds_seed(data):
    from crmlab.satisfaction import kano_classify, kano_table
    for seed in (2026, 7):
        case = load_case("kano_survey") if seed == 2026 else load_case("kano_survey", seed=seed)
        large = case.kano_answers[case.kano_answers["size"] == "large"]
        table = kano_table(kano_classify(large, {"support": ("functional_technical_support",
                                                             "dysfunctional_technical_support")}))
        assert reference("11.5", seed, data) == table.loc["support", "worse"]


def test_lesson_has_at_least_five_exercises():
    assert len(EXERCISES) >= 5
    assert EXERCISES[:5] == ["11.1", "11.2", "11.3", "11.4", "11.5"]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_references_differ_across_seeds(exercise_id, data):
    refs = [reference(exercise_id, seed, data) for seed in SEEDS]
    assert len({round(r, 9) for r in refs}) == len(SEEDS), refs


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_no_answer_printed_above_its_exercise(exercise_id, data):
    cells = lesson_cells()
    at = next(i for i, c in enumerate(cells) if c.cell_type == "markdown"
              and re.search(rf"\*\*Exercise {re.escape(exercise_id)}\.\*\*", c.source))
    answer = reference(exercise_id, 2026, data)
    leaks = [why for c in cells[:at] if c.cell_type == "code"
             and "solution" not in c.metadata.get("tags", [])
             and (why := leak(answer, output_text(c)))]
    assert not leaks, leaks
