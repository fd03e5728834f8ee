"""Student copies of the lessons, and a class assigned: a world per student and a manifest."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

import pandas as pd

from crmlab._validate import check_path
from crmlab.teach._core import STUB_CODE, STUB_MARKDOWN, _default_secret_file

__all__ = ["MANIFEST_COLUMNS", "GRADEBOOK_COLUMNS", "SUMMARY_COLUMNS", "make_student_copy",
           "make_student_copies", "student_seed", "assign"]

#: Columns of manifest.csv: who got which lesson on which world, and the copy's hash.
MANIFEST_COLUMNS = ("student_id", "name", "seed", "lesson", "path", "sha256")
#: Columns of gradebook.csv, one row per student and exercise (nbgrader's names where
#: nbgrader has one: student_id, assignment, score, max_score).
GRADEBOOK_COLUMNS = ("student_id", "assignment", "exercise", "score", "max_score", "status",
                     "flags")
#: Columns of summary.csv, one row per student and lesson, as nbgrader's ``export``
#: (assignment, student_id, raw_score, score, max_score) plus the name and the flags.
SUMMARY_COLUMNS = ("assignment", "student_id", "name", "raw_score", "score", "max_score",
                   "flags")
#: A code cell that checks an exercise: ``teach.check("NN.k", answer, world=world)``.
CHECK_CALL = re.compile(r"""\bteach\.check\(\s*["']([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)["']""")
#: The shipped world's seed, quoted by every lesson's text.
SHIPPED_SEED = 2026
_STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_LOAD_WORLD = re.compile(r"\bload_world\(\s*\)")
_LOAD_CASE = re.compile(r"""\bload_case\(\s*(["'][A-Za-z0-9_]+["'])\s*\)""")


def _strip_solutions(nb) -> int:
    """Replace every cell tagged ``solution`` by a stub tagged ``exercise``; count them."""
    replaced = 0
    for cell in nb.cells:
        tags = list(cell.get("metadata", {}).get("tags", []))
        if "solution" not in tags:
            continue
        tags = [t for t in tags if t != "solution"]
        cell.metadata["tags"] = tags + ([] if "exercise" in tags else ["exercise"])
        if cell.cell_type == "code":
            cell.source = STUB_CODE
            cell.outputs = []
            cell.execution_count = None
        else:
            cell.source = STUB_MARKDOWN
            cell.pop("attachments", None)
        replaced += 1
    return replaced


def make_student_copy(src_path, dst_path) -> int:
    """Write a copy of a notebook with every ``solution`` cell replaced by a stub.

    A code cell tagged ``solution`` becomes ``answer = ...`` under a bilingual
    comment, with its outputs cleared; a markdown cell tagged ``solution`` becomes a
    one-line prompt. Either way the ``solution`` tag is replaced by ``exercise``.
    All other cells are copied unchanged, outputs included.

    Parameters
    ----------
    src_path : str or Path
        The instructor's notebook (``.ipynb``).
    dst_path : str or Path
        Where to write the student copy; parent folders are created.

    Returns
    -------
    int
        Number of solution cells replaced.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> from crmlab.teach import make_student_copy
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]})]
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> nbformat.write(nb, folder / "lesson.ipynb")
    >>> make_student_copy(folder / "lesson.ipynb", folder / "student" / "lesson.ipynb")
    1
    """
    import nbformat

    src = check_path(src_path, "make_student_copy", "src_path")
    dst = check_path(dst_path, "make_student_copy", "dst_path")
    if not src.is_file():
        raise FileNotFoundError(f"make_student_copy: src_path {str(src)!r} is not an existing "
                                f"notebook file")
    if src.suffix != ".ipynb":
        raise ValueError(f"make_student_copy: src_path must be a notebook (.ipynb); "
                         f"got {str(src)!r}")
    if dst.resolve() == src.resolve():
        raise ValueError(f"make_student_copy: dst_path {str(dst)!r} is the source notebook; "
                         f"choose another place so the solutions are not overwritten")
    nb = nbformat.read(src, as_version=4)
    replaced = _strip_solutions(nb)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)
    return replaced


def make_student_copies(src, outdir) -> dict[Path, int]:
    """Write student copies of a notebook or of every notebook in a folder.

    Parameters
    ----------
    src : str or Path
        A notebook (``.ipynb``) or a folder; notebooks in sub-folders keep their
        relative place, hidden folders (``.ipynb_checkpoints``) and ``outdir`` are
        skipped.
    outdir : str or Path
        Folder for the copies; created if needed. It must differ from ``src``.

    Returns
    -------
    dict of Path to int
        Each copy written and the number of solution cells replaced in it.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> from crmlab.teach import make_student_copies
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> nbformat.write(nbformat.v4.new_notebook(), folder / "00_welcome.ipynb")
    >>> [(p.name, n) for p, n in make_student_copies(folder, folder / "student").items()]
    [('00_welcome.ipynb', 0)]
    """
    src = check_path(src, "make_student_copies", "src")
    out = check_path(outdir, "make_student_copies", "outdir")
    if not src.exists():
        raise FileNotFoundError(f"make_student_copies: src {str(src)!r} does not exist; give a "
                                f"notebook (.ipynb) or a folder of notebooks")
    if src.is_file():
        return {out / src.name: make_student_copy(src, out / src.name)}
    if out.resolve() == src.resolve():
        raise ValueError(f"make_student_copies: outdir {str(out)!r} is the source folder; "
                         f"choose another folder so the solutions are not overwritten")
    notebooks = sorted(
        p for p in src.rglob("*.ipynb")
        if not any(part.startswith(".") for part in p.relative_to(src).parts)
        and out.resolve() not in p.resolve().parents)
    if not notebooks:
        raise ValueError(f"make_student_copies: no notebooks (*.ipynb) found in {str(src)!r}")
    return {out / p.relative_to(src): make_student_copy(p, out / p.relative_to(src))
            for p in notebooks}


# --------------------------------------------------------------------------------------------
# A class: seeds, copies on each student's world, the manifest
# --------------------------------------------------------------------------------------------
def student_seed(student_id: str, secret: str) -> int:
    """The world seed of a student: HMAC-SHA256 of the id under the course secret, 32 bits.

    Reproducible by whoever holds the secret (the instructor), unguessable by students
    who know only their classmates' ids.

    Parameters
    ----------
    student_id : str
        The student's id as in the roster.
    secret : str
        The course secret (the text of the course secret file).

    Returns
    -------
    int
        A seed in ``[0, 2**32)``: the first four bytes of the digest, big-endian.

    Examples
    --------
    >>> from crmlab.teach import student_seed
    >>> student_seed("s001", "a course secret of ours") == student_seed("s001", "a course secret of ours")
    True
    >>> student_seed("s001", "a course secret of ours") != student_seed("s002", "a course secret of ours")
    True
    """
    if not isinstance(student_id, str) or not student_id.strip():
        raise TypeError(f"student_seed: student_id must be a non-empty string; got "
                        f"{student_id!r}")
    if not isinstance(secret, str) or len(secret.strip()) < 16:
        raise ValueError("student_seed: secret must be a string of at least 16 characters "
                         "(the course secret file's text); got "
                         + (type(secret).__name__ if not isinstance(secret, str)
                            else f"{len(secret.strip())} characters"))
    digest = hmac.new(secret.strip().encode("utf-8"), student_id.strip().encode("utf-8"),
                      hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def _course_secret(path: Path, func: str) -> tuple[str, bool]:
    """Read the course secret, creating the file with a random value if absent."""
    if path.is_dir():
        raise ValueError(f"{func}: secret_file must be a file; {str(path)!r} is a folder")
    if path.is_file():
        secret = path.read_text(encoding="utf-8").strip()
        if len(secret) < 16:
            raise ValueError(f"{func}: secret_file {str(path)!r} must hold at least 16 "
                             f"characters; got {len(secret)}")
        return secret, False
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(0o600)
    return secret, True


def _read_roster(roster, func: str) -> pd.DataFrame:
    if isinstance(roster, pd.DataFrame):
        table = roster.copy()
    elif isinstance(roster, (str, Path)):
        path = check_path(roster, func, "roster")
        if not path.is_file():
            raise FileNotFoundError(f"{func}: roster {str(path)!r} is not an existing CSV file")
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        raise TypeError(f"{func}: roster must be a CSV path or a DataFrame with columns "
                        f"student_id, name and optional seed; got {type(roster).__name__}")
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in ("student_id", "name") if c not in table.columns]
    if missing:
        raise ValueError(f"{func}: roster must have columns student_id, name (seed optional); "
                         f"missing {missing}; got {list(table.columns)}")
    if table.empty:
        raise ValueError(f"{func}: roster must list at least one student; got no rows")
    ids = table["student_id"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    bad = [v for v in ids if not _STUDENT_ID.fullmatch(v)]
    if bad:
        raise ValueError(f"{func}: roster student_id must be letters, digits, '.', '_' or '-' "
                         f"(it names a folder); got {bad[:5]}")
    duplicated = sorted(set(ids[ids.duplicated()]))
    if duplicated:
        raise ValueError(f"{func}: roster student_id must be unique; got duplicates "
                         f"{duplicated[:5]}")
    seeds = []
    raw = table["seed"] if "seed" in table.columns else pd.Series([""] * len(table))
    for student, value in zip(ids, raw):
        text = "" if pd.isna(value) else str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if text and (not text.isdigit() or int(text) >= 2**32):
            raise ValueError(f"{func}: roster seed must be empty or an integer in [0, 2**32); "
                             f"got {value!r} for student {student!r}")
        seeds.append(int(text) if text else None)
    names = table["name"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    return pd.DataFrame({"student_id": ids.tolist(), "name": names.tolist(), "seed": seeds})


def _lesson_notebooks(notebooks, lessons, func: str) -> list[Path]:
    folder = check_path(notebooks, func, "notebooks")
    if not folder.is_dir():
        raise FileNotFoundError(f"{func}: notebooks {str(folder)!r} is not an existing folder "
                                f"of lessons (NN_topic.ipynb)")
    found = {p.name[:2]: p for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}
    if not found:
        raise ValueError(f"{func}: no lessons (NN_topic.ipynb) found in {str(folder)!r}")
    if lessons is None:
        return list(found.values())
    if isinstance(lessons, (str, int)):
        lessons = [lessons]
    chosen = []
    for lesson in lessons:
        key = f"{lesson:02d}" if isinstance(lesson, int) and not isinstance(lesson, bool) \
            else str(lesson).strip()
        if key not in found:
            raise ValueError(f"{func}: lessons must be lesson numbers found in "
                             f"{str(folder)!r} ({sorted(found)}); got {lesson!r}")
        if found[key] not in chosen:
            chosen.append(found[key])
    return chosen


def _world_note(student_id: str, name: str, seed: int) -> str:
    who = f"{name} ({student_id})" if name else student_id
    return (f"**Your world: seed {seed}** · {who}\n\n"
            f"This copy loads the world generated for you: `load_world(seed={seed})` in the "
            f"setup cell. The lesson's text and its stored outputs quote the shipped world "
            f"(seed {SHIPPED_SEED}), so your numbers will differ from the text: run every "
            f"cell from the top and read your own output. Your answers are checked, and "
            f"graded, on your world; do not change the seed, `teach` or `teach.check`.\n\n"
            f"**你的专属世界：种子 {seed}** · 本副本在设置单元中加载 `load_world(seed={seed})`。"
            f"课文和保存的输出引用的是随包发布的世界（种子 {SHIPPED_SEED}），所以你的数字会与课文不同："
            f"请从头运行每个单元，以你自己的输出为准。答案按你的世界检查和评分；请勿修改种子、"
            f"`teach` 或 `teach.check`。")


def _assigned_copy(src: Path, student_id: str, name: str, seed: int, func: str):
    """The student copy of one lesson on the student's world, as a notebook node."""
    import nbformat

    nb = nbformat.read(src, as_version=4)
    _strip_solutions(nb)
    setup = next((c for c in nb.cells if c.cell_type == "code"
                  and (_LOAD_WORLD.search(c.source) or _LOAD_CASE.search(c.source))), None)
    if setup is None:
        raise ValueError(f"{func}: lesson {src.name} must load its data in a setup cell with "
                         f"load_world() or load_case(\"name\"); found neither")
    source = _LOAD_WORLD.sub(f"load_world(seed={seed})", setup.source)
    source = _LOAD_CASE.sub(lambda m: f"load_case({m.group(1)}, seed={seed})", source)
    lines = source.splitlines()
    first_load = next(i for i, line in enumerate(lines) if "load_world(seed=" in line
                      or re.search(r"load_case\(.*seed=", line))
    mode = ["teach.student_mode(True)  # teach.solution stays hidden in a student copy"]
    if not re.search(r"^from crmlab import .*\bteach\b|^import crmlab\.teach as teach",
                     setup.source, flags=re.M):
        mode.insert(0, "from crmlab import teach")
    setup.source = "\n".join(lines[:first_load] + mode + lines[first_load:])
    setup.outputs, setup.execution_count = [], None  # they showed the shipped world
    for cell in nb.cells:
        if cell.cell_type == "code" and CHECK_CALL.search(cell.source):
            cell.outputs, cell.execution_count = [], None
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(
        _world_note(student_id, name, seed), metadata={"tags": ["crmlab-world"]}))
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):  # cell ids came with nbformat 4.5
        nb.cells[0].pop("id", None)
    nb.metadata.setdefault("crmlab", {}).update(student_id=student_id, seed=int(seed),
                                                lesson=src.stem)
    return nb


def assign(roster, notebooks, outdir, *, lessons=None, secret_file=None) -> pd.DataFrame:
    """Write every student a copy of the chosen lessons on their own world, and a manifest.

    Each copy has its solutions replaced by stubs (as :func:`make_student_copy`), the
    outputs of its check cells and of its setup cell cleared, its setup cell loading
    ``load_world(seed=NNN)`` (or ``load_case(name, seed=NNN)``) and switching on
    :func:`student_mode`, and a first markdown cell naming the student's world.

    Parameters
    ----------
    roster : str, Path or DataFrame
        A CSV (or table) with columns ``student_id``, ``name`` and optionally ``seed``.
        An empty seed is :func:`student_seed` of the id under the course secret.
    notebooks : str or Path
        The folder of lessons (``NN_topic.ipynb``).
    outdir : str or Path
        Where ``<student_id>/<lesson>.ipynb`` and ``manifest.csv`` are written.
    lessons : list of str or int, or None, default=None
        The lessons to assign (``["02", 5]``); None assigns every lesson.
    secret_file : str, Path or None, default=None
        The course secret; created with a random value if absent. None means
        ``$CRMLAB_SECRET_FILE`` or ``~/.config/crmlab/course_secret``. It must lie
        outside ``outdir`` and ``notebooks``, which students receive.

    Returns
    -------
    pandas.DataFrame
        The manifest, columns :data:`MANIFEST_COLUMNS` (``path`` relative to
        ``outdir``); ``attrs["secret_file"]``, ``attrs["secret_used"]`` and
        ``attrs["secret_created"]`` say where the secret is, whether a seed was derived
        from it and whether it was created now.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib, crmlab
    >>> from crmlab.teach import assign
    >>> lessons = pathlib.Path(crmlab.__file__).parents[1] / "notebooks"
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> roster = pd.DataFrame({"student_id": ["s1"], "name": ["Li Wei"], "seed": [7]})
    >>> manifest = assign(roster, lessons, tmp / "class", lessons=["00"],
    ...                   secret_file=tmp / "secret")
    >>> manifest.loc[0, "path"], int(manifest.loc[0, "seed"])
    ('s1/00_welcome.ipynb', 7)
    """
    import nbformat

    func = "assign"
    table = _read_roster(roster, func)
    sources = _lesson_notebooks(notebooks, lessons, func)
    out = check_path(outdir, func, "outdir")
    if out.exists() and not out.is_dir():
        raise ValueError(f"{func}: outdir must be a folder; {str(out)!r} is a file")
    lesson_folder = check_path(notebooks, func, "notebooks").resolve()
    if out.resolve() == lesson_folder:
        raise ValueError(f"{func}: outdir {str(out)!r} is the lessons' folder; choose another")
    secret_path = _default_secret_file() if secret_file is None else \
        check_path(secret_file, func, "secret_file")
    for shared in (out.resolve(), lesson_folder):
        if shared in secret_path.resolve().parents:
            raise ValueError(f"{func}: secret_file must lie outside the folders students "
                             f"receive; {str(secret_path)!r} is inside {str(shared)!r}")
    created, used = False, bool(table["seed"].isna().any())
    if used:
        secret, created = _course_secret(secret_path, func)
        table["seed"] = [student_seed(sid, secret) if pd.isna(seed) else int(seed)
                         for sid, seed in zip(table["student_id"], table["seed"])]
    rows = []
    for student in table.itertuples(index=False):
        for src in sources:
            nb = _assigned_copy(src, student.student_id, student.name, int(student.seed), func)
            relative = f"{student.student_id}/{src.name}"
            (out / student.student_id).mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out / relative)
            digest = hashlib.sha256((out / relative).read_bytes()).hexdigest()
            rows.append(dict(student_id=student.student_id, name=student.name,
                             seed=int(student.seed), lesson=src.stem, path=relative,
                             sha256=digest))
    manifest = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    manifest.to_csv(out / "manifest.csv", index=False)
    manifest.attrs.update(secret_file=str(secret_path), secret_created=created,
                          secret_used=used)
    return manifest
