"""A class: the roster (`id,name` and optionally `variant`), who gets which variant, and the
submissions (`id,task,item,answer`) graded against the key (engine/key.py).

Variants: a student's `variant` cell if it has one; the others, in the order of their ids
(sorted as text), get 1, 2, 3, ..., skipping the variants given in the file, so no two
students share a variant unless the file says so. The assignment depends on the ids only,
not on the order of the rows.

A mistake in either file (a header that is not the expected one, a missing or repeated id, a
variant that is not a positive whole number, a row with too few or too many cells) stops with
the file's name and line. A submission row that cannot count (an unknown student, task or
item, an answer that is not a number) is reported and counts as wrong, never as right.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from engine.errors import UserError, located

ROSTER_HEADER = ["id", "name"]
SUBMISSION_HEADER = ["id", "task", "item", "answer"]
_ID = re.compile(r"^[\w.-]+$")  # a directory name of its own: students/<id>/
_MINUSES = "\u2212\u2012\u2013\u2014"  # a true minus and the dashes people type for one
_SPACES = " \u00a0\u202f\u2009\t"


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    variant: int
    line: int


@dataclass(frozen=True)
class Submitted:
    student: str
    task: str
    item: str
    answer: str
    line: int


def read_roster(path: Path) -> list[Student]:
    rows = _rows(path, "roster", ROSTER_HEADER, optional=["variant"])
    given: dict[str, int] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        student = row["id"]
        if not _ID.match(student):
            raise located(str(path), line, f"id {student!r}: letters, digits, '.', '-', '_'")
        if student in seen:
            raise located(str(path), line, f"id {student!r} already on line {seen[student]}")
        seen[student] = line
        if not row["name"]:
            raise located(str(path), line, f"{student}: no name")
        cell = row.get("variant") or ""
        if cell:
            if not cell.isdigit() or int(cell) < 1:
                raise located(str(path), line, f"variant {cell!r}: a positive whole number")
            given[student] = int(cell)
    taken = set(given.values())
    free = (n for n in range(1, len(rows) + len(taken) + 1) if n not in taken)
    assigned = {student: next(free) for student in sorted(seen) if student not in given}
    return [
        Student(row["id"], row["name"], given.get(row["id"]) or assigned[row["id"]], line)
        for line, row in rows
    ]


def read_submissions(path: Path) -> list[Submitted]:
    return [
        Submitted(row["id"], row["task"], row["item"], row["answer"], line)
        for line, row in _rows(path, "submissions", SUBMISSION_HEADER)
    ]


def parse_answer(text: str) -> Fraction | None:
    """A number as people write it: `-0,25`, `−0.25`, `1 234,5`, `3/4`, `-1/8`; None if it
    is not one."""
    cleaned = text.strip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    for minus in _MINUSES:
        cleaned = cleaned.replace(minus, "-")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)(/[-+]?\d+(\.\d*)?)?", cleaned):
        return None
    try:
        number = Fraction(cleaned.split("/")[0])
        if "/" in cleaned:
            number /= Fraction(cleaned.split("/")[1])
    except (ValueError, ZeroDivisionError):
        return None
    return number


def _rows(path: Path, what: str, header: list[str], optional=()) -> list[tuple[int, dict]]:
    """(line, {column: cell}) of a CSV file with this header (and perhaps `optional` columns)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise UserError(f"{path}: cannot read the {what}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise located(str(path), None, f"the {what} is not UTF-8 text") from None
    reader = csv.reader(text.splitlines())
    try:
        columns = [c.strip() for c in next(reader)]
    except StopIteration:
        raise located(str(path), None, f"the {what} is empty") from None
    allowed = [header + list(extra) for extra in _subsets(list(optional))]
    if columns not in allowed:
        wanted = " or ".join(",".join(a) for a in allowed)
        raise located(str(path), 1, f"the header must be {wanted}, not {','.join(columns)}")
    rows = []
    for cells in reader:
        line = reader.line_num  # a quoted cell may span lines: the row's last line
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) != len(columns):
            raise located(str(path), line, f"{len(cells)} cells, the header has {len(columns)}")
        rows.append((line, {c: cell.strip() for c, cell in zip(columns, cells, strict=True)}))
    return rows


def _subsets(optional: list[str]) -> list[list[str]]:
    return [[]] + [optional[: k + 1] for k in range(len(optional))]
