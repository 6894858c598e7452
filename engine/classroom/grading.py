"""Submissions graded against the key each student was issued (issued.py): exact
arithmetic, an answer right when it is within the item's tolerance (key.py) of the key's
value. Items are matched by the labels of that key (entries counted from 1, key.py); a label
counted from 0 matches nothing and its problem says so.

Scores are the rubric's points: a number is worth its share of its rubric item (key.Item.share,
the item's points split among its numbers, as the quiz weighs its fields), and an answer equal
to a typical mistake's value (key.Wrong) keeps the part of the share the rubric gives that
mistake and is named in `typical`."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from engine.classroom.issued import Student
from engine.classroom.key import Item, Wrong
from engine.classroom.roster import Submitted, parse_answer, visible

_ZERO_INDEX = re.compile(r"\[\s*(0+\s*(,|\])|[0-9]+\s*,\s*0+\s*\])")


@dataclass(frozen=True)
class Grades:
    students: list[tuple[str, str, int, Fraction, Fraction]]  # id, name, variant, score, max
    items: list[tuple[str, str, int, int, int, int]]  # task, item, right, typical, wrong, missing
    problems: list[tuple[int, str]]  # (line, what) of the rows that could not count
    skipped: int  # answers to issued tasks left out by --only
    # answers that match a typical mistake: id, variant, task, item, answer, the mistake's
    # name, what it is (LaTeX), the points kept
    typical: list[tuple[str, int, str, str, str, str, str, Fraction]] = field(default_factory=list)


def same(text: str) -> str:
    """How an id, a task or a label is compared: as typed on any keyboard or system (NFC, no
    invisible characters, surrounding spaces and case ignored)."""
    shown = visible(unicodedata.normalize("NFC", text))
    return shown.removeprefix("'").casefold()  # copied from our CSV: `'0012` is 0012


def grade(
    students: list[Student],
    submitted: list[Submitted],
    keys: dict[int, list[Item]],
    issued_tasks: tuple[str, ...] = (),
) -> Grades:
    """`keys`: the items of each variant to grade; `issued_tasks`: every task on the sheets
    (answers to those not in `keys`, left out by --only, are skipped without a word)."""
    roster = {same(s.id): s for s in students}
    graded_tasks = {same(i.task) for items in keys.values() for i in items}
    other_tasks = {same(t) for t in issued_tasks} - graded_tasks
    lookup = {v: {(same(i.task), same(i.label)): i for i in items} for v, items in keys.items()}
    answers: dict[tuple[str, Item], Submitted] = {}
    problems: list[tuple[int, str]] = []
    skipped = 0
    for row in submitted:
        student = roster.get(same(row.student))
        if same(row.task) in other_tasks:
            skipped += 1
            continue
        if student is None:
            problems.append(
                (row.line, f"no student {row.student!r} was issued a sheet; not graded")
            )
            continue
        if same(row.task) not in graded_tasks:
            problems.append((row.line, f"no task {row.task!r} on the issued sheets; not graded"))
            continue
        item = lookup[student.variant].get((same(row.task), same(row.item)))
        if item is None:
            problems.append(
                (
                    row.line,
                    f"{student.id} (variant {student.variant}) has no item {row.item!r} in "
                    f"task {row.task}; not graded" + _counted_from_zero(row.item),
                )
            )
            continue
        found = (student.id, item)
        if found in answers:
            problems.append(
                (
                    row.line,
                    f"a second answer to {item.task} {item.label} by {student.id} "
                    f"(line {answers[found].line}); the later one counts",
                )
            )
        answers[found] = row
    right, known, wrong, missing = Counter(), Counter(), Counter(), Counter()
    table, typical = [], []
    for student in students:
        score = Fraction(0)
        for item in keys[student.variant]:
            label = (item.task, item.label)
            row = answers.get((student.id, item))
            if row is None:
                missing[label] += 1
                continue
            number = parse_answer(row.answer)
            if number is None:
                problems.append((row.line, f"{row.answer!r} is not a number; wrong"))
            mistake = None if number is None else matched_mistake(number, item)
            if number is not None and within(number, item):
                right[label] += 1
                score += item.share
            elif mistake is not None:
                known[label] += 1
                kept = item.share * mistake.keeps
                score += kept
                typical.append(
                    (
                        student.id,
                        student.variant,
                        item.task,
                        item.label,
                        row.answer.strip(),
                        mistake.name,
                        mistake.text,
                        kept,
                    )
                )
            else:
                wrong[label] += 1
        worth = sum((item.share for item in keys[student.variant]), Fraction(0))
        table.append((student.id, student.name, student.variant, score, worth))
    labels = list(dict.fromkeys((i.task, i.label) for s in students for i in keys[s.variant]))
    items = [
        (t, i, right[(t, i)], known[(t, i)], wrong[(t, i)], missing[(t, i)]) for t, i in labels
    ]
    problems.sort(key=lambda problem: problem[0])
    return Grades(table, items, problems, skipped, typical)


def _counted_from_zero(label: str) -> str:
    """A hint for a label whose entry index has a 0 (`8.W1[0,1]`): the key counts from 1."""
    if _ZERO_INDEX.search(visible(label)):
        return " (entries count from 1: the first is [1], or [1,1] in a matrix)"
    return ""


def within(number: Fraction, item: Item) -> bool:
    return abs(number - Fraction(item.value)) <= Fraction(item.tolerance)


def matched_mistake(number: Fraction, item: Item) -> Wrong | None:
    """The typical mistake whose value `number` is within the tolerance of (key.Wrong: the
    intervals of an item's mistakes are apart, so at most one)."""
    return next(
        (w for w in item.mistakes if abs(number - Fraction(w.value)) <= Fraction(w.tolerance)),
        None,
    )
