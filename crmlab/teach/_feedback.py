"""Feedback for students after grading: per exercise right or wrong and the hint, never the value."""
from __future__ import annotations

import pandas as pd

from crmlab.teach._core import _get

__all__: list[str] = []

_VERDICT = {"correct": "✔ correct / 正确", "wrong": "✘ not yet / 还不对",
            "missing": "— no answer / 未作答", "error": "✘ error / 出错",
            "timeout": "⏱ timed out / 超时"}


def feedback_markdown(messages: pd.DataFrame) -> dict[str, str]:
    """One Markdown text per student: each lesson, each exercise's verdict, what is wrong
    (a direction and a band for numbers, sizes for sets) and the hints. The messages come
    from the comparison with the reference, which never prints the reference value."""
    texts = {}
    if messages.empty:
        return texts
    for student_id, mine in messages.groupby("student_id", sort=False):
        name = mine["name"].iloc[0]
        lines = [f"# Feedback · {name or student_id} ({student_id})", ""]
        for lesson, rows in mine.groupby("assignment", sort=False):
            score = int((rows["status"] == "correct").sum())
            lines += [f"## {lesson}: {score} of {len(rows)} correct", ""]
            for row in rows.itertuples(index=False):
                lines.append(f"- **{row.exercise}** {_VERDICT[row.status]}")
                if row.status != "correct":
                    if row.message:
                        lines.append(f"  - {row.message}")
                    exercise = _get(row.exercise, "grade")
                    if exercise.idea_en.strip():
                        lines.append(f"  - Idea: {exercise.idea_en}")
                        lines.append(f"  - 思路：{exercise.idea_zh}")
                    lines.append(f"  - Hint: {exercise.hint_en}")
                    lines.append(f"  - 提示：{exercise.hint_zh}")
            lines.append("")
        texts[student_id] = "\n".join(lines)
    return texts
