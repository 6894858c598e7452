"""The sheets and their tasks, in booklet order, read from templates/sheets.toml (content an
instructor edits; `generate.py new` appends to it). Importing this module is cheap: the file is
read on first use, and solution modules are named, not imported, so `generate.py --list` needs
neither sympy nor numpy. A mistake in the file is a UserError at its line.

An entry holds only what cannot be derived: the id, the title and the part. Every file of a
task follows from its id by one convention (`task_stem`):

    ranepa3.5  ->  solutions/ranepa3/task05.py          the mathematics
                   templates/ranepa3/task05.tex.j2      the Russian text
                   checks/oracles/ranepa3/task05.py     the independent oracles
                   tests/tasks/ranepa3/test_task05.py   extra tests (optional)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.errors import located
from engine.store import tomlfile

SHEETS_FILE = Path(__file__).resolve().parents[1] / "templates" / "sheets.toml"
MAX_VARIANT = 1_000_000  # the largest variant number asked for: far beyond every pool
SHEET_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")  # a Python package name: solutions/<sheet>/
TASK_NUMBER = re.compile(r"[1-9][0-9]{0,2}")


def task_stem(task_id: str) -> str:
    """`ranepa3.5` -> `ranepa3/task05`: the path of the task's files without suffix."""
    sheet, number = task_id.split(".")
    return f"{sheet}/task{int(number):02d}"


@dataclass(frozen=True)
class Part:
    id: str
    subject: str  # what its tasks are about, for the booklet's title
    credit: str = ""  # the sheet's own footnote on where these problems come from
    heading: str = ""  # the sheet's heading over these tasks, printed before the first
    epigraph: str = ""  # the sheet's epigraph under that heading


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str  # as on the sheet
    origin: str  # who set it, when, if the title does not say
    author: str  # who set it, for the PDF's metadata
    subject: str  # what its tasks are about, for the booklet's title
    parts: tuple[Part, ...] = ()

    @property
    def credit_part(self) -> str | None:
        """The part whose tasks the sheet's footnote credits (shown only with them)."""
        return next((p.id for p in self.parts if p.credit), None)

    @property
    def credit(self) -> str:
        return next((p.credit for p in self.parts if p.credit), "")


@dataclass(frozen=True)
class Task:
    id: str  # "<sheet>.<number>", as in shared/seeds/README.md
    title: str  # short Russian title for the heading and the table of contents
    part: str | None = None  # a part of the sheet with an introduction of its own

    @property
    def sheet(self) -> str:
        return self.id.split(".")[0]

    @property
    def number(self) -> str:
        return self.id.split(".")[1]

    @property
    def module(self) -> str:
        """The solution module: PARAMS (the sheet's data), solve(params), maybe a variant pool."""
        return "solutions." + task_stem(self.id).replace("/", ".")

    @property
    def template(self) -> str:
        """Under templates/: extends task.tex.j2, fills `statement` and `solution`."""
        return f"{task_stem(self.id)}.tex.j2"

    @property
    def part_template(self) -> str | None:
        """The part's introduction, if it has one: rendered once before its first task in a
        booklet."""
        path = f"{self.sheet}/{self.part}.tex.j2"
        return path if self.part and (SHEETS_FILE.parent / path).exists() else None

    @property
    def subject(self) -> str:
        sheet_ = sheet(self.sheet)
        return next((p.subject for p in sheet_.parts if p.id == self.part), sheet_.subject)


def __getattr__(name: str):
    """`registry.SHEETS` and `registry.TASKS`, read from the file when first asked for."""
    if name in ("SHEETS", "TASKS"):
        return _load()[name == "TASKS"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sheet(sheet_id: str) -> Sheet:
    return next(s for s in _load()[0] if s.id == sheet_id)


def select(ids: list[str] | None) -> list[Task]:
    """The named tasks in booklet order (all when `ids` is None); KeyError names unknown ids."""
    tasks = _load()[1]
    if ids is None:
        return list(tasks)
    known = {t.id for t in tasks}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(", ".join(unknown))
    return [t for t in tasks if t.id in set(ids)]


def fresh() -> tuple[tuple[Sheet, ...], tuple[Task, ...]]:
    """(sheets, tasks) read from the file now, not as first read (the file may have changed)."""
    return _load.__wrapped__(SHEETS_FILE)


@cache
def _load(path: Path = SHEETS_FILE) -> tuple[tuple[Sheet, ...], tuple[Task, ...]]:
    name = _shown(path)
    data, text = tomlfile.read(path, name, "list of sheets")
    sheets, tasks = [], []
    for sheet_id, table in data.items():
        at = _line(text, rf"^\[\s*[\"']?{re.escape(sheet_id)}[\"']?\s*\]")
        if not SHEET_ID.fullmatch(sheet_id) or not isinstance(table, dict):
            raise located(
                name,
                at,
                f"[{sheet_id}]: a sheet id is lower-case letters, digits "
                "and _, starting with a letter, and names a table",
            )
        fields = _fields(
            name,
            at,
            sheet_id,
            table,
            ("title", "author", "subject"),
            ("origin", "parts", "tasks"),
        )
        parts = _parts(name, text, sheet_id, table.get("parts", {}))
        sheets.append(
            Sheet(
                sheet_id,
                fields["title"],
                fields.get("origin", ""),
                fields["author"],
                fields["subject"],
                parts,
            )
        )
        for entry in table.get("tasks", []):
            tasks.append(_task(name, text, sheet_id, entry, {p.id for p in parts}, tasks))
    if not tasks:
        raise located(name, None, "no tasks: add one with `python generate.py new ID TITLE`")
    return tuple(sheets), tuple(tasks)


def _parts(name: str, text: str, sheet_id: str, table) -> tuple[Part, ...]:
    parts = []
    for part_id, entry in table.items():
        at = _line(text, rf"\[\s*{re.escape(sheet_id)}\.parts\.{re.escape(part_id)}\s*\]")
        fields = _fields(
            name,
            at,
            f"{sheet_id}.parts.{part_id}",
            entry,
            ("subject",),
            ("credit", "heading", "epigraph"),
        )
        extras = (fields.get(key, "") for key in ("credit", "heading", "epigraph"))
        parts.append(Part(part_id, fields["subject"], *extras))
    if sum(bool(p.credit) for p in parts) > 1:
        raise located(name, None, f"[{sheet_id}]: only one part can have a credit")
    return tuple(parts)


def _task(name, text, sheet_id, entry, parts, tasks) -> Task:
    task_id = entry.get("id") if isinstance(entry, dict) else None
    at = _line(text, rf"id\s*=\s*[\"']{re.escape(str(task_id))}[\"']")
    fields = _fields(name, at, f"task {task_id}", entry, ("id", "title"), ("part",))
    sheet_part, _, number = task_id.partition(".")
    if sheet_part != sheet_id or not TASK_NUMBER.fullmatch(number):
        raise located(
            name,
            at,
            f"task id {task_id!r}: write it as {sheet_id}.<number> "
            "(1 to 999, no leading zero) under [[" + sheet_id + ".tasks]]",
        )
    if any(t.id == task_id for t in tasks):
        raise located(name, at, f"task {task_id} is listed twice")
    if any(task_stem(t.id) == task_stem(task_id) for t in tasks):
        raise located(name, at, f"task {task_id} would share its files with another task")
    part = fields.get("part")
    if part is not None and part not in parts:
        known = ", ".join(sorted(parts)) or f"none: add [{sheet_id}.parts.{part}]"
        raise located(name, at, f"task {task_id}: no part {part!r} (parts: {known})")
    return Task(task_id, fields["title"], part)


def _fields(name: str, at: int | None, what: str, table, required, optional) -> dict:
    if not isinstance(table, dict):
        raise located(name, at, f"{what}: expected a table")
    unknown = sorted(set(table) - set(required) - set(optional))
    if unknown:
        allowed = ", ".join((*required, *optional))
        raise located(name, at, f"{what}: unknown key {unknown[0]!r} (known: {allowed})")
    for key in required:
        if key not in table:
            raise located(name, at, f"{what}: {key} is missing")
    texts = {"title", "author", "subject", "origin", "credit", "id", "part", "epigraph", "heading"}
    for key in set(table) & texts:
        if not isinstance(table[key], str) or (key != "origin" and not table[key].strip()):
            raise located(name, at, f"{what}: {key} must be a non-empty string")
    return table


def _line(text: str, pattern: str) -> int | None:
    found = re.search(pattern, text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
