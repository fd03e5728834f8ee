"""The exercise registry, the reference solutions and ``check``; the student and instructor modes."""
from __future__ import annotations

import math
import numbers
import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from crmlab._validate import check_number

__all__ = ["KINDS", "WORLD_TABLES", "HINT_AFTER", "Exercise", "register", "exercises", "get",
           "solution", "check", "hints", "student_mode", "instructor_mode"]

#: How an answer can be compared with its reference.
KINDS = ("number", "text", "set", "sequence", "series", "frame")
#: The world's tables that an exercise may read.
WORLD_TABLES = ("customers", "contacts", "orders", "invoices", "tickets", "activities",
                "survey", "value_audit", "relationships")
STUB_CODE = "# Exercise: write your answer here  (练习：在此写下你的答案)\nanswer = ..."
STUB_MARKDOWN = "**Exercise:** write your answer here (练习：在此写下你的答案)"


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """One exercise: a question, its reference solution and bilingual hints.

    Parameters
    ----------
    id : str
        Exercise id, ``"<lesson>.<number>"``, for example ``"00.1"``.
    question : str
        The question in English, with units and definitions precise enough that a
        student can reach the exact answer.
    solution : callable
        ``solution(world) -> answer``, the reference answer on a given world.
    hint_en, hint_zh : str
        The second hint, in English and in Chinese: names the function or the steps,
        never gives code that computes the answer. :func:`check` shows it from the
        :data:`HINT_AFTER`-th wrong answer on.
    idea_en, idea_zh : str, default=""
        The first hint: the idea, with no code and no function name, shown from the
        first wrong answer. Both or neither; without them the first hint points back
        to the question.
    kind : {"number", "text", "set", "sequence", "series", "frame"} or None, default=None
        How answers are compared; None infers it from the reference answer's type.
        number: within tolerance; text: ignoring case, spaces and underscores; set:
        order-free labels; sequence: ordered items; series / frame: after aligning
        the index (and columns), numbers within tolerance.
    tolerance : float, default=1e-6
        Relative tolerance for numbers.
    atol : float, default=1e-9
        Absolute tolerance for numbers (matters only near zero).
    tables : tuple of str or None, default=None
        Tables the solution reads, of the world or of a case study; the world
        (or case) passed to :func:`check` must have them. None means all tables
        of a world.
    """

    id: str
    question: str
    solution: Callable[[Any], Any]
    hint_en: str
    hint_zh: str
    idea_en: str = ""
    idea_zh: str = ""
    kind: str | None = None
    tolerance: float = 1e-6
    atol: float = 1e-9
    tables: tuple[str, ...] | None = None

    def __post_init__(self):
        if not isinstance(self.id, str) or not re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+",
                                                             self.id):
            raise ValueError(f"Exercise: id must be a string such as '00.1'; got {self.id!r}")
        for name in ("question", "hint_en", "hint_zh"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"Exercise {self.id}: {name} must be a non-empty string; "
                                 f"got {value!r}")
        for name in ("idea_en", "idea_zh"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Exercise {self.id}: {name} must be a string; got "
                                f"{type(getattr(self, name)).__name__}")
        if bool(self.idea_en.strip()) != bool(self.idea_zh.strip()):
            raise ValueError(f"Exercise {self.id}: idea_en and idea_zh must be given together "
                             f"(the first hint in both languages); got idea_en="
                             f"{self.idea_en!r}, idea_zh={self.idea_zh!r}")
        if not callable(self.solution):
            raise TypeError(f"Exercise {self.id}: solution must be a callable world -> answer; "
                            f"got {type(self.solution).__name__}")
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"Exercise {self.id}: kind must be None or one of {list(KINDS)}; "
                             f"got {self.kind!r}")
        check_number(self.tolerance, f"Exercise {self.id}", "tolerance", low=0)
        check_number(self.atol, f"Exercise {self.id}", "atol", low=0)
        if self.tables is not None:
            tables = (self.tables,) if isinstance(self.tables, str) else tuple(self.tables)
            known = _known_tables()
            unknown = [t for t in tables if t not in known]
            if unknown:
                raise ValueError(f"Exercise {self.id}: tables {unknown} are not tables of the "
                                 f"world or a case study; valid: {sorted(known)}")
            object.__setattr__(self, "tables", tables)

    @property
    def lesson(self) -> str:
        """The lesson part of the id (``"00"`` for ``"00.1"``)."""
        return self.id.split(".")[0]


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------
_REGISTRY: dict[str, Exercise] = {}
_LOADED = False


def _known_tables() -> set:
    """Tables an exercise may read: the world's and every case study's."""
    from crmlab.datasets._cases import CASES

    return set(WORLD_TABLES).union(*(case["tables"] for case in CASES.values()))


def _ensure_loaded() -> None:
    # The lesson exercises register themselves on import; import them on first lookup.
    global _LOADED
    if not _LOADED:
        _LOADED = True
        import crmlab.exercises  # noqa: F401


def _sort_key(exercise_id: str):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in exercise_id.split(".")]


def register(exercise: Exercise, *, replace: bool = False) -> Exercise:
    """Add an exercise to the registry.

    Parameters
    ----------
    exercise : Exercise
        The exercise to add.
    replace : bool, default=False
        Replace an exercise with the same id instead of raising.

    Returns
    -------
    Exercise
        The exercise, registered.

    Examples
    --------
    >>> from crmlab.teach import Exercise, register
    >>> ex = register(Exercise(id="99.1", question="How many customers are in the archive?",
    ...                        solution=lambda world: len(world.customers),
    ...                        hint_en="Count the rows of world.customers.",
    ...                        hint_zh="数一数 world.customers 的行数。", tables=("customers",)),
    ...               replace=True)
    >>> ex.id
    '99.1'
    """
    if not isinstance(exercise, Exercise):
        raise TypeError(f"register: exercise must be a crmlab.teach.Exercise; "
                        f"got {type(exercise).__name__}")
    if exercise.id in _REGISTRY and not replace:
        raise ValueError(f"register: an exercise with id {exercise.id!r} is already registered; "
                         f"choose another id or pass replace=True")
    _REGISTRY[exercise.id] = exercise
    return exercise


def exercises(lesson: str | int | None = None) -> pd.DataFrame:
    """List the registered exercises.

    Parameters
    ----------
    lesson : str, int or None, default=None
        Only this lesson's exercises (``"00"`` or ``0``); None lists all.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``lesson``, ``question`` and ``kind`` (``"inferred"`` when
        the kind follows from the reference answer), sorted by id.

    Examples
    --------
    >>> from crmlab.teach import exercises
    >>> exercises(lesson=0)["id"].head(3).tolist()
    ['00.1', '00.2', '00.3']
    """
    _ensure_loaded()
    if lesson is not None:
        if isinstance(lesson, (int, np.integer)) and not isinstance(lesson, bool):
            lesson = f"{int(lesson):02d}"
        if not isinstance(lesson, str):
            raise TypeError(f"exercises: lesson must be None, a string such as '00' or an "
                            f"integer; got {lesson!r}")
        if not re.fullmatch(r"\d{2}", lesson):
            raise ValueError(f"exercises: lesson must be a lesson number such as '00' or 3; "
                             f"got {lesson!r}")
    rows = [dict(id=ex.id, lesson=ex.lesson, question=ex.question, kind=ex.kind or "inferred")
            for ex in sorted(_REGISTRY.values(), key=lambda ex: _sort_key(ex.id))
            if lesson is None or ex.lesson == lesson]
    return pd.DataFrame(rows, columns=["id", "lesson", "question", "kind"])


def get(exercise_id: str) -> Exercise:
    """Return the registered exercise with this id.

    Parameters
    ----------
    exercise_id : str
        For example ``"00.1"``.

    Returns
    -------
    Exercise

    Examples
    --------
    >>> from crmlab.teach import get
    >>> print(get("00.1").hint_zh)  # doctest: +ELLIPSIS
    按 date 列的年份筛选 ...
    """
    return _get(exercise_id, "get")


def _get(exercise_id: str, func: str) -> Exercise:
    _ensure_loaded()
    if not isinstance(exercise_id, str):
        raise TypeError(f"{func}: exercise_id must be a string such as '00.1'; "
                        f"got {type(exercise_id).__name__}")
    if exercise_id not in _REGISTRY:
        valid = sorted(_REGISTRY, key=_sort_key)
        raise ValueError(f"{func}: unknown exercise id {exercise_id!r}; valid ids: {valid}")
    return _REGISTRY[exercise_id]


def _check_world(world, exercise: Exercise, func: str) -> None:
    tables = WORLD_TABLES if exercise.tables is None else exercise.tables
    if world is None or isinstance(world, (str, pd.DataFrame)):
        raise TypeError(f"{func}: world must be a crmlab World, from "
                        f"crmlab.datasets.load_world() or make_world(); got "
                        f"{type(world).__name__}")
    missing = [t for t in tables if not isinstance(getattr(world, t, None), pd.DataFrame)]
    if missing:
        raise TypeError(f"{func}: world must be a crmlab World, from "
                        f"crmlab.datasets.load_world() or make_world(); this "
                        f"{type(world).__name__} has no table {missing} (as a DataFrame)")


def solution(exercise_id: str, world) -> Any:
    """Return the reference answer of an exercise on a world.

    Parameters
    ----------
    exercise_id : str
        For example ``"00.1"``.
    world : World
        The world the answer is computed on.

    Returns
    -------
    object
        The reference answer (a number, text, set, sequence, Series or DataFrame).

    Raises
    ------
    PermissionError
        In student mode (:func:`student_mode`, switched on by the setup cell of an
        assigned copy) unless instructor mode is on (:func:`instructor_mode`). This
        is a deterrent, not security: a student can read the package's source.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> from crmlab.teach import solution
    >>> world = make_world(n_customers=60, seed=1)
    >>> solution("00.2", world) <= 1
    True
    """
    exercise = _get(exercise_id, "solution")
    if _MODE["student"] and not instructor_mode():
        raise PermissionError(
            f"solution: reference answers are not shown in a student copy; use "
            f"check({exercise_id!r}, answer, world=world) for a verdict and a hint. (An "
            f"instructor sets CRMLAB_INSTRUCTOR=1 or keeps the course secret file.)")
    _check_world(world, exercise, "solution")
    return _reference(exercise, world)


# --------------------------------------------------------------------------------------------
# Student and instructor modes
# --------------------------------------------------------------------------------------------
_MODE = {"student": False}
#: Wrong answers to one exercise in this process after which check() adds the second hint.
HINT_AFTER = 3
#: Wrong answers per exercise id in this process (for the two-step hints).
_TRIES: dict[str, int] = {}
#: The first hint of an exercise without an idea: back to the question.
GENERIC_IDEA = ("Re-read the question: which table, which rows (year, stage, segment), which "
                "measure and which unit does it ask for?",
                "请重读题目：用哪张表、哪些行（年份、阶段、细分）、什么指标、什么单位？")
#: The answers given to check() in this process, the last one per exercise id.
_CHECKED: dict[str, Any] = {}
#: Environment variable that switches instructor mode on ("1").
INSTRUCTOR_ENV = "CRMLAB_INSTRUCTOR"
#: Environment variable naming the course secret file (default below).
SECRET_FILE_ENV = "CRMLAB_SECRET_FILE"


def _default_secret_file() -> Path:
    """The course secret: ``$CRMLAB_SECRET_FILE`` or ``~/.config/crmlab/course_secret``."""
    if os.environ.get(SECRET_FILE_ENV):
        return Path(os.environ[SECRET_FILE_ENV]).expanduser()
    return Path.home() / ".config" / "crmlab" / "course_secret"


def student_mode(on: bool = True) -> bool:
    """Switch student mode on or off in this session; returns the previous state.

    In student mode :func:`solution` refuses to show reference answers unless
    :func:`instructor_mode` is on. The setup cell of every copy written by
    ``python -m crmlab.teach assign`` switches it on. A deterrent, not security:
    grading recomputes every reference in the grader's own process.

    Parameters
    ----------
    on : bool, default=True

    Returns
    -------
    bool
        Whether student mode was on before the call.

    Examples
    --------
    >>> from crmlab import teach
    >>> previous = teach.student_mode(True)
    >>> teach.student_mode(previous)
    True
    """
    if not isinstance(on, (bool, np.bool_)):
        raise TypeError(f"student_mode: on must be True or False; got {on!r}")
    previous, _MODE["student"] = _MODE["student"], bool(on)
    return previous


def instructor_mode() -> bool:
    """Whether instructor mode is on: ``CRMLAB_INSTRUCTOR=1`` or the course secret file exists.

    The course secret file is the one ``python -m crmlab.teach assign`` creates
    (``$CRMLAB_SECRET_FILE``, default ``~/.config/crmlab/course_secret``); it lives on
    the instructor's machine, never in a student's copy.

    Examples
    --------
    >>> from crmlab import teach
    >>> isinstance(teach.instructor_mode(), bool)
    True
    """
    return os.environ.get(INSTRUCTOR_ENV, "") == "1" or _default_secret_file().is_file()


# --------------------------------------------------------------------------------------------
# Comparing answers
# --------------------------------------------------------------------------------------------
class _Outcome(NamedTuple):
    ok: bool
    en: str = ""
    zh: str = ""


def _reference(exercise, world):
    """The reference answer, without the warnings its methods may raise on this world (a
    scale end nobody chose, respondents dropped): they concern the instructor's solution,
    not the student's answer, and would print under every check cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return exercise.solution(world)


def _infer_kind(reference) -> str:
    if isinstance(reference, pd.DataFrame):
        return "frame"
    if isinstance(reference, pd.Series):
        return "series"
    if isinstance(reference, str):
        return "text"
    if isinstance(reference, (set, frozenset)):
        return "set"
    if isinstance(reference, (list, tuple, pd.Index)) or \
            (isinstance(reference, np.ndarray) and reference.ndim == 1):
        return "sequence"
    if _is_number(reference):
        return "number"
    raise TypeError(f"check: cannot infer how to compare a reference answer of type "
                    f"{type(reference).__name__}; give the exercise an explicit kind")


def _is_number(value) -> bool:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _type_name(value) -> str:
    return type(value).__name__


def _norm_text(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().casefold())


def _label(value):
    """A comparable form of a label: text normalised, numpy scalars as Python scalars."""
    if isinstance(value, str):
        return _norm_text(value)
    if isinstance(value, tuple):
        return tuple(_label(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


#: How far a wrong number is from the reference, in bands that give the direction without
#: pinning the value: (largest relative distance, English, Chinese).
DISTANCE_BANDS = ((0.10, "slightly {side} the reference (off by less than 10%)",
                   "略{side}（偏差不到 10%）"),
                  (0.50, "{side} the reference (off by 10% to 50%)", "{side}（偏差 10% 到 50%）"),
                  (math.inf, "well {side} the reference (off by more than 50%)",
                   "明显{side}（偏差超过 50%）"))


def _distance_band(answer: float, reference: float) -> tuple[str, str]:
    """Direction and band of a wrong number: "slightly above", "below", "well above"."""
    relative = abs(answer - reference) / abs(reference)
    side, side_zh = ("above", "偏高") if answer > reference else ("below", "偏低")
    for limit, en, zh in DISTANCE_BANDS:
        if relative < limit:
            return en.format(side=side), zh.format(side=side_zh)
    raise AssertionError("unreachable: the last band has no upper limit")


def _unit_note(answer: float, reference: float) -> tuple[str, str]:
    ratio = answer / reference
    if math.isclose(ratio, -1, rel_tol=1e-3):
        return " — the sign is wrong", "——正负号错了"
    for factor in (100, 1_000, 10_000, 1_000_000):
        for r, en, zh in ((factor, "large", "大"), (1 / factor, "small", "小")):
            if math.isclose(ratio, r, rel_tol=0.01):
                return (f" — about {factor:,} times too {en}: check the units (share or "
                        f"percent, yuan or 万元 / thousands / millions)",
                        f"——约{zh}了 {factor:,} 倍：请检查单位（比例或百分数，元或万元、千元、百万元）")
    return "", ""


def _compare_number(answer, reference, ex: Exercise) -> _Outcome:
    if not _is_number(answer):
        return _Outcome(False, f"expected a single number (int or float), got "
                        f"{_type_name(answer)}", f"答案应为一个数字，你给的是 {_type_name(answer)}")
    a, r = float(np.asarray(answer)), float(np.asarray(reference))
    if not math.isfinite(a):
        return _Outcome(False, f"your answer is {a} — look for missing values or a division "
                        f"by zero", f"你的答案是 {a}，请检查缺失值或除以零")
    if abs(a - r) <= max(ex.tolerance * abs(r), ex.atol):
        return _Outcome(True)
    if r == 0:
        side, side_zh = ("high", "高") if a > r else ("low", "低")
        return _Outcome(False, f"your answer is too {side}", f"你的答案偏{side_zh}")
    band_en, band_zh = _distance_band(a, r)
    note_en, note_zh = _unit_note(a, r)
    return _Outcome(False, f"your answer is {band_en}{note_en}", f"你的答案{band_zh}{note_zh}")


def _compare_text(answer, reference, ex: Exercise) -> _Outcome:
    if not isinstance(answer, str):
        return _Outcome(False, f"expected a text (str), got {_type_name(answer)}",
                        f"答案应为文本（str），你给的是 {_type_name(answer)}")
    if _norm_text(answer) == _norm_text(str(reference)):
        return _Outcome(True)
    return _Outcome(False, f"{answer!r} is not the expected answer", f"{answer!r} 不是正确答案")


def _as_items(answer, *, ordered: bool):
    """The items of a collection answer, or None if it is not one."""
    if isinstance(answer, (str, bytes, Mapping, pd.DataFrame)):
        return None
    if ordered and isinstance(answer, (set, frozenset)):
        return None
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    if isinstance(answer, (pd.Series, pd.Index)):
        return answer.tolist()
    if isinstance(answer, (set, frozenset, list, tuple, np.ndarray)):
        return list(answer)
    return None


def _compare_set(answer, reference, ex: Exercise) -> _Outcome:
    items = _as_items(answer, ordered=False)
    if items is None:
        return _Outcome(False, f"expected a collection of labels (set, list, tuple, array or "
                        f"Series), got {_type_name(answer)}",
                        f"答案应为一组标签（set、list、tuple、array 或 Series），你给的是 "
                        f"{_type_name(answer)}")
    mine, expected = {_label(v) for v in items}, {_label(v) for v in reference}
    if mine == expected:
        return _Outcome(True)
    extra, missing = len(mine - expected), len(expected - mine)
    return _Outcome(False, f"{extra} of your {len(mine)} items should not be there and "
                    f"{missing} expected items are missing",
                    f"你的 {len(mine)} 项中有 {extra} 项不该出现，另缺少 {missing} 项")


def _items_equal(a, r, ex: Exercise) -> bool:
    if _is_number(r) and _is_number(a):
        a, r = float(a), float(r)
        return math.isfinite(a) and abs(a - r) <= max(ex.tolerance * abs(r), ex.atol)
    return _label(a) == _label(r)


def _compare_sequence(answer, reference, ex: Exercise) -> _Outcome:
    items = _as_items(answer, ordered=True)
    if items is None:
        return _Outcome(False, f"expected an ordered sequence (list, tuple, array or Series), "
                        f"got {_type_name(answer)}",
                        f"答案应为有序序列（list、tuple、array 或 Series），你给的是 "
                        f"{_type_name(answer)}")
    expected = list(reference)
    if len(items) != len(expected):
        return _Outcome(False, f"your sequence has {len(items)} items; expected {len(expected)}",
                        f"你的序列有 {len(items)} 项，应为 {len(expected)} 项")
    for position, (a, r) in enumerate(zip(items, expected), start=1):
        if not _items_equal(a, r, ex):
            return _Outcome(False, f"item {position} (counting from 1) is not right",
                            f"第 {position} 项不对")
    return _Outcome(True)


def _relabel(index: pd.Index) -> list:
    return [_label(v) for v in index]


def _align(answer: pd.Series | pd.DataFrame, reference: pd.Series | pd.DataFrame):
    """Positions of the reference's index labels in the answer, or an _Outcome on mismatch."""
    mine, expected = _relabel(answer.index), _relabel(reference.index)
    if len(set(mine)) != len(mine):
        return _Outcome(False, "the index of your answer has duplicate labels",
                        "你的答案的索引有重复标签")
    missing = [v for v in expected if v not in set(mine)]
    extra = [v for v in mine if v not in set(expected)]
    if missing or extra:
        # The expected labels are part of the reference: count them, never name them.
        return _Outcome(False, f"the index does not match: {len(missing)} expected labels "
                        f"missing, unexpected {extra[:5]}{' …' if len(extra) > 5 else ''}",
                        f"索引不一致：缺少 {len(missing)} 个标签，多出 {len(extra)} 个标签")
    where = {v: i for i, v in enumerate(mine)}
    return [where[v] for v in expected]


def _values_equal(answer: pd.Series, reference: pd.Series, ex: Exercise) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(reference) and not pd.api.types.is_bool_dtype(reference):
        a = pd.to_numeric(answer, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        r = reference.to_numpy(dtype=float, na_value=np.nan)
        return np.isclose(a, r, rtol=ex.tolerance, atol=ex.atol, equal_nan=True)
    a = [None if pd.isna(v) else _label(v) for v in answer]
    r = [None if pd.isna(v) else _label(v) for v in reference]
    return np.array([x == y for x, y in zip(a, r)], dtype=bool)


def _compare_series(answer, reference, ex: Exercise) -> _Outcome:
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    elif isinstance(answer, Mapping):
        answer = pd.Series(dict(answer))
    if not isinstance(answer, pd.Series):
        return _Outcome(False, f"expected a pandas Series, got {_type_name(answer)}",
                        f"答案应为 pandas Series，你给的是 {_type_name(answer)}")
    order = _align(answer, reference)
    if isinstance(order, _Outcome):
        return order
    equal = _values_equal(answer.iloc[order], reference, ex)
    if equal.all():
        return _Outcome(True)
    first = reference.index[int(np.flatnonzero(~equal)[0])]
    first = first.item() if isinstance(first, np.generic) else first
    return _Outcome(False, f"values differ at {int((~equal).sum())} of {len(equal)} labels, "
                    f"for example {first!r}",
                    f"{len(equal)} 个标签中有 {int((~equal).sum())} 个的值不对，例如 {first!r}")


def _compare_frame(answer, reference, ex: Exercise) -> _Outcome:
    if not isinstance(answer, pd.DataFrame):
        return _Outcome(False, f"expected a pandas DataFrame, got {_type_name(answer)}",
                        f"答案应为 pandas DataFrame，你给的是 {_type_name(answer)}")
    columns = {_label(c): c for c in answer.columns}
    missing = [c for c in reference.columns if _label(c) not in columns]
    extra = [c for c in answer.columns if _label(c) not in {_label(c) for c in reference.columns}]
    if missing or extra:
        return _Outcome(False, f"the columns do not match: missing {missing}, unexpected {extra}",
                        f"列不一致：缺少 {missing}，多出 {extra}")
    order = _align(answer, reference)
    if isinstance(order, _Outcome):
        return order
    for column in reference.columns:
        equal = _values_equal(answer[columns[_label(column)]].iloc[order], reference[column], ex)
        if not equal.all():
            return _Outcome(False, f"column {column!r}: values differ in {int((~equal).sum())} "
                            f"of {len(equal)} rows",
                            f"列 {column!r}：{len(equal)} 行中有 {int((~equal).sum())} 行的值不对")
    return _Outcome(True)


_COMPARE = dict(number=_compare_number, text=_compare_text, set=_compare_set,
                sequence=_compare_sequence, series=_compare_series, frame=_compare_frame)


def _compare(answer, reference, ex: Exercise) -> _Outcome:
    if answer is Ellipsis:
        return _Outcome(False, "no answer yet: replace ... with your answer",
                        "还没有作答：请把 ... 换成你的答案")
    if answer is None:
        return _Outcome(False, "your answer is None (did a function forget to return?)",
                        "你的答案是 None（函数是否忘了 return？）")
    kind = ex.kind or _infer_kind(reference)
    try:
        return _COMPARE[kind](answer, reference, ex)
    except Exception as exc:  # an odd answer must give a verdict, not a traceback
        return _Outcome(False, f"your answer could not be compared ({type(exc).__name__}: "
                        f"{exc})", "无法比较你的答案")


def check(exercise_id: str, answer, *, world) -> bool:
    """Check an answer against the reference solution computed on the same world.

    Prints one verdict line in English and Chinese: ``✔`` when correct; ``✘`` with
    what is wrong and the hints when not. For a number, the direction and a band
    (slightly / clearly / well above or below); never a percentage that would pin the
    reference value, which is never shown.

    The answer is also recorded (the last one per exercise) in this process, so that
    a session can list what it has checked; grading does not rely on this record
    (see ``crmlab.teach.grade``).

    Parameters
    ----------
    exercise_id : str
        For example ``"00.1"``; see :func:`exercises`.
    answer : object
        The student's answer: a number, text, collection, Series or DataFrame, as
        the question asks. An answer of the wrong type is "not yet", not an error.
    world : World
        The world the student worked on (``crmlab.datasets.load_world(seed=...)``).

    Returns
    -------
    bool
        True when the answer is correct.

    Notes
    -----
    Numbers are correct when :math:`|a - r| \\le \\max(\\text{tolerance}\\,|r|,\\ \\text{atol})`
    for answer :math:`a` and reference :math:`r`; NaN is never correct. Texts are
    compared ignoring case, surrounding spaces and the difference between ``_`` and
    a space.

    Examples
    --------
    >>> from crmlab.datasets import make_world
    >>> from crmlab.teach import check, solution
    >>> world = make_world(n_customers=60, seed=1)
    >>> check("00.1", solution("00.1", world), world=world)
    ✔ 00.1 correct / 正确
    True
    >>> check("00.1", 0.0, world=world)  # doctest: +ELLIPSIS
    ✘ 00.1 not yet / 还不对 — your answer is well below the reference (off by more than 50%); ...
    False
    """
    exercise = _get(exercise_id, "check")
    _check_world(world, exercise, "check")
    _CHECKED[exercise.id] = answer
    reference = _reference(exercise, world)
    outcome = _compare(answer, reference, exercise)
    if outcome.ok:
        print(f"✔ {exercise.id} correct / 正确")
    elif answer is Ellipsis:
        print(f"✘ {exercise.id} not yet / 还不对 — {outcome.en}; {outcome.zh}.")
    else:
        _TRIES[exercise.id] = _TRIES.get(exercise.id, 0) + 1
        print(f"✘ {exercise.id} not yet / 还不对 — {outcome.en}; {outcome.zh}. "
              f"{hints(exercise.id, _TRIES[exercise.id])}")
    return outcome.ok


def hints(exercise_id: str, tries: int = 1) -> str:
    """The hints a student sees after this many wrong answers to an exercise.

    Two steps: from the first wrong answer the idea (no code, no function name);
    from the :data:`HINT_AFTER`-th on also the second hint, which names the function.
    Neither gives code that computes the answer.

    Parameters
    ----------
    exercise_id : str
        For example ``"00.3"``.
    tries : int, default=1
        Wrong answers so far (at least 1).

    Returns
    -------
    str
        The hint text, English then Chinese.

    Examples
    --------
    >>> from crmlab import teach
    >>> "merge" in teach.hints("00.3", tries=1), "merge" in teach.hints("00.3", tries=3)
    (False, True)
    """
    exercise = _get(exercise_id, "hints")
    if isinstance(tries, bool) or not isinstance(tries, (int, np.integer)):
        raise TypeError(f"hints: tries must be a whole number of wrong answers (>= 1); got "
                        f"{type(tries).__name__}")
    if tries < 1:
        raise ValueError(f"hints: tries must be at least 1 (the hints follow a wrong answer); "
                         f"got {tries}")
    idea_en, idea_zh = ((exercise.idea_en, exercise.idea_zh) if exercise.idea_en.strip()
                        else GENERIC_IDEA)
    text = f"Idea: {idea_en} 思路：{idea_zh}"
    if tries >= HINT_AFTER:
        text += f" Hint: {exercise.hint_en} 提示：{exercise.hint_zh}"
    return text
