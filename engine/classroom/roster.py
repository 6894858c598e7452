"""A class's input files: the roster (`id,name` and optionally `variant`) and the submissions
(`id,task,item,answer`), read strictly (csvfile.py), every mistake at its FILE:LINE.

Ids name a directory of their own (students/<id>/): a letter or digit first, then letters,
digits, `.`, `_` or `-`, at most 64 in all (so never `.` or `..`). Names are cleaned and
checked for what the sheet's fonts can set (names.py). A variant cell is empty or a
positive whole number in ASCII digits. Who gets which variant is issued.py's business.

A submission row that cannot count (an unknown student, task or item, an answer that is not
a number) is reported by the grader and counts as wrong, never as right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from engine.classroom.csvfile import read_table
from engine.classroom.names import student_name
from engine.errors import located
from engine.registry import MAX_VARIANT

ROSTER_HEADER = ["id", "name"]
SUBMISSION_HEADER = ["id", "task", "item", "answer"]
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_VARIANT = re.compile(r"[0-9]+")
_MINUSES = "\u2212\u2012\u2013\u2014"  # a true minus and the dashes people type for one
_SPACES = " \u00a0\u202f\u2009\t"


@dataclass(frozen=True)
class Enrolled:
    """A row of the roster: the variant is None when the file leaves it to us."""

    id: str
    name: str
    variant: int | None
    line: int


@dataclass(frozen=True)
class Submitted:
    student: str
    task: str
    item: str
    answer: str
    line: int


def read_roster(path: Path) -> list[Enrolled]:
    rows = read_table(path, "roster", ROSTER_HEADER, optional=["variant"])
    if not rows:
        raise located(str(path), None, "the roster has a header but no students")
    seen: dict[str, tuple[str, int]] = {}
    enrolled = []
    for line, row in rows:
        student = row["id"]
        if not _ID.fullmatch(student):
            raise located(
                str(path),
                line,
                f"id {student!r}: a letter or digit first, then letters, digits, '.', '_' "
                "or '-' (at most 64)",
            )
        if student.casefold() in seen:
            twin, first = seen[student.casefold()]
            same = "already" if twin == student else f"differs only in case from {twin!r}"
            raise located(str(path), line, f"id {student!r} {same} on line {first}")
        seen[student.casefold()] = (student, line)  # one folder on Windows and macOS
        if not row["name"]:
            raise located(str(path), line, f"{student}: no name")
        name = student_name(row["name"], str(path), line)
        cell = row.get("variant") or ""
        if cell and (not _VARIANT.fullmatch(cell) or not 1 <= int(cell) <= MAX_VARIANT):
            raise located(
                str(path),
                line,
                f"variant {cell[:20]!r}: a whole number from 1 to {MAX_VARIANT} (digits 0-9)",
            )
        enrolled.append(Enrolled(student, name, int(cell) if cell else None, line))
    return enrolled


def read_submissions(path: Path) -> list[Submitted]:
    rows = read_table(path, "submissions file", SUBMISSION_HEADER)
    if not rows:
        raise located(str(path), None, "the submissions file has a header but no answers")
    return [
        Submitted(row["id"], row["task"], row["item"], row["answer"], line) for line, row in rows
    ]


def visible(text: str) -> str:
    """`text` without invisible characters (zero-width spaces, direction marks, a BOM) that
    copying from a page or a chat brings along, and without surrounding spaces."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def parse_answer(text: str) -> Fraction | None:
    """A number as people write it: `-0,25`, `−0.25`, `1 234,5`, `3/4`, `-1/8`, `6,623E-1`
    (invisible characters ignored); None if it is not one."""
    cleaned = visible(text)
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    for minus in _MINUSES:
        cleaned = cleaned.replace(minus, "-")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(
        r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]{1,3})?(/[-+]?[0-9]+(\.[0-9]*)?)?",
        cleaned,
    ):
        return None
    try:
        number = Fraction(cleaned.split("/")[0])
        if "/" in cleaned:
            number /= Fraction(cleaned.split("/")[1])
    except (ValueError, ZeroDivisionError):
        return None
    return number
