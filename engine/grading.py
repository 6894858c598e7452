"""Submissions graded against the key each student was issued (engine/issued.py): exact
arithmetic, an answer right when it is within the item's tolerance (engine/key.py) of the key's
value."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from engine.issued import Student
from engine.key import Item
from engine.roster import Submitted, parse_answer


@dataclass(frozen=True)
class Grades:
    students: list[tuple[str, str, int, int, int]]  # id, name, variant, score, max
    items: list[tuple[str, str, int, int, int]]  # task, item, right, wrong, missing
    problems: list[str]  # rows that could not count, each with its line


def grade(
    students: list[Student], submitted: list[Submitted], keys: dict[int, list[Item]], name: str
) -> Grades:
    """`keys`: the items of each variant; `name`: the submissions file, for the problems."""
    roster = {s.id: s for s in students}
    answers: dict[tuple[str, str, str], Submitted] = {}
    problems: list[tuple[int, str]] = []  # (line, what)
    for row in submitted:
        student = roster.get(row.student)
        if student is None:
            problems.append((row.line, f"no student {row.student!r} in the roster; not graded"))
            continue
        items = {(i.task, i.label) for i in keys[student.variant]}
        if (row.task, row.item) not in items:
            problems.append(
                (
                    row.line,
                    f"{row.student} (variant {student.variant}) has no item {row.item!r} in "
                    f"task {row.task!r}; not graded",
                )
            )
            continue
        found = (row.student, row.task, row.item)
        if found in answers:
            problems.append(
                (
                    row.line,
                    f"a second answer to {row.task} {row.item} by {row.student} "
                    f"(line {answers[found].line}); the later one counts",
                )
            )
        answers[found] = row
    right, wrong, missing = Counter(), Counter(), Counter()
    table = []
    for student in students:
        score = 0
        for item in keys[student.variant]:
            label = (item.task, item.label)
            row = answers.get((student.id, *label))
            if row is None:
                missing[label] += 1
                continue
            number = parse_answer(row.answer)
            if number is None:
                problems.append((row.line, f"{row.answer!r} is not a number; wrong"))
            if number is not None and within(number, item):
                right[label] += 1
                score += 1
            else:
                wrong[label] += 1
        table.append((student.id, student.name, student.variant, score, len(keys[student.variant])))
    labels = list(dict.fromkeys((i.task, i.label) for s in students for i in keys[s.variant]))
    items = [(t, i, right[(t, i)], wrong[(t, i)], missing[(t, i)]) for t, i in labels]
    problems.sort(key=lambda problem: problem[0])
    return Grades(table, items, [f"{name}:{line}: {text}" for line, text in problems])


def within(number: Fraction, item: Item) -> bool:
    return abs(number - Fraction(item.value)) <= Fraction(item.tolerance)
