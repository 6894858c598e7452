"""What a class was handed out: `<out>/issued.json`, written by `--roster` together with the
students' sheets and the roster's key, and the only thing `--grade` grades against.

It holds the commit the sheets came from, the tasks, every student's id, name and variant,
and each variant's key items (value and tolerance), so grading needs neither the roster nor
the code that made the sheets: a later edit, a new student or a re-sorted roster cannot
change anyone's grade. A checksum of the content is kept in it: a record changed by hand, or
damaged, is refused, never graded against.

Who gets which variant (`assign`): a student's `variant` cell if the roster gives one; else
the variant they were issued before (also after leaving the roster and coming back); else,
for students new to the class, in the order of their ids, the smallest variants nobody holds
or held. Adding or removing a student never moves anyone else.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import math
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from engine.classroom.key import Item, Wrong
from engine.errors import UserError
from engine.store import uptodate

RECORD = "issued.json"
FORMAT = 2  # 2: each number's rubric item, share of points and typical mistakes
READABLE = (1, 2)  # a record of format 1 grades one point per number, no mistakes
MAX_BYTES = 100 * 1024 * 1024  # thousands of students with every item of every variant


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    variant: int


@dataclass(frozen=True)
class Issued:
    commit: str
    tasks: tuple[str, ...]
    students: tuple[Student, ...]
    keys: dict[int, list[Item]]  # variant -> its graded items
    former: tuple[Student, ...] = ()  # issued a sheet once, no longer on the roster

    def everyone(self) -> dict[str, int]:
        """Every student ever issued a sheet here, with their variant."""
        return {s.id: s.variant for s in (*self.former, *self.students)}

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "commit": self.commit,
            "tasks": list(self.tasks),
            "students": [{"id": s.id, "name": s.name, "variant": s.variant} for s in self.students],
            "former": [{"id": s.id, "name": s.name, "variant": s.variant} for s in self.former],
            "keys": {
                str(variant): [
                    {
                        "task": i.task,
                        "label": i.label,
                        "claim": i.claim,
                        "value": i.value,
                        "tolerance": str(i.tolerance),
                        "item": i.item,
                        "share": str(i.share),
                        "mistakes": [
                            {
                                "name": w.name,
                                "text": w.text,
                                "value": w.value,
                                "keeps": str(w.keeps),
                            }
                            for w in i.mistakes
                        ],
                    }
                    for i in items
                ]
                for variant, items in sorted(self.keys.items())
            },
        }
        data["checksum"] = _checksum(data)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _checksum(data: dict) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def load(out: Path) -> Issued | None:
    """The record in `out`, None if there is none; a damaged or edited one is a UserError."""
    path = out / RECORD
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise ValueError("not a regular file of a sensible size")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if path.with_name(f".{RECORD}.old").exists():  # aside while publishing, never back
            raise UserError(
                f"{path}: missing, but .{RECORD}.old is beside it: a publish was cut off; "
                f"restore it (mv .{RECORD}.old {RECORD}) before issuing or grading"
            ) from None
        return None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise UserError(f"{path}: cannot read the record of the issued sheets ({err})") from None
    try:
        data = json.loads(text, parse_constant=_refuse)
        if not isinstance(data, dict) or data.get("format") not in READABLE:
            raise ValueError(f"not a record of format {' or '.join(map(str, READABLE))}")
        if data.pop("checksum", None) != _checksum(data):
            raise ValueError("its checksum does not match: it was changed after it was written")
        return _checked(data)
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OverflowError,
        decimal.InvalidOperation,
        ZeroDivisionError,
    ) as err:
        raise UserError(
            f"{path}: the record of the issued sheets is damaged ({err}); restore it from a "
            "backup (grades follow it), or remove it to issue every sheet afresh with --roster"
        ) from None


def _refuse(constant: str):
    raise ValueError(f"{constant} is not a number")


def _checked(data: dict) -> Issued:
    """The record's content, checked for what a grade relies on."""
    students = tuple(_student(s) for s in data["students"])
    former = tuple(_student(s) for s in data["former"])
    ids = [s.id for s in (*students, *former)]
    if len(set(ids)) != len(ids):
        raise ValueError("a student is listed twice")
    keys = {int(variant): [_item(i) for i in items] for variant, items in data["keys"].items()}
    missing = {s.variant for s in (*students, *former)} - set(keys)
    if missing:
        raise ValueError(f"no key for variant(s) {sorted(missing)}")
    labels = {v: [(i.task, i.label) for i in items] for v, items in keys.items()}
    # a variant's matrix may be 2×2 where another's is 3×3: the items differ, the tasks do not
    graded = {frozenset(task for task, _ in found) for found in labels.values()}
    if len(graded) > 1 or any(len(set(found)) != len(found) for found in labels.values()):
        raise ValueError(
            "the variants' keys do not grade the same tasks, or a key lists an item twice"
        )
    tasks = tuple(data["tasks"])
    if not all(isinstance(t, str) for t in tasks) or {
        i.task for v in keys.values() for i in v
    } - set(tasks):
        raise ValueError("the keys name tasks the record does not list")
    return Issued(str(data["commit"]), tasks, students, keys, former)


def _student(entry: dict) -> Student:
    sid, name, variant = entry["id"], entry["name"], entry["variant"]
    if not (isinstance(sid, str) and isinstance(name, str)) or type(variant) is not int:
        raise ValueError(f"student {sid!r}: id and name must be text, the variant a number")
    if variant < 1:
        raise ValueError(f"student {sid!r}: variant {variant}")
    return Student(sid, name, variant)


def _item(entry: dict) -> Item:
    value, tolerance = _number(entry, entry["value"]), decimal.Decimal(entry["tolerance"])
    if not tolerance.is_finite() or tolerance <= 0:
        raise ValueError(f"{entry['label']}: tolerance {tolerance}")
    share = _share(entry, entry.get("share", "1"), positive=True)
    wrong = tuple(
        Wrong(str(w["name"]), str(w["text"]), _number(entry, w["value"]), _share(entry, w["keeps"]))
        for w in entry.get("mistakes", ())
    )
    item = str(entry.get("item", ""))
    task, label, claim = entry["task"], entry["label"], entry["claim"]
    return Item(task, label, claim, value, tolerance, item=item, mistakes=wrong, share=share)


def _number(entry: dict, value) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValueError(f"{entry['label']}: value {value!r} is not a number")
    return float(value)


def _share(entry: dict, text, positive: bool = False) -> Fraction:
    """A share of points written as a fraction (`5/3`): positive, or from 0 below 1."""
    share = Fraction(str(text))
    if (share <= 0 or share > 1000) if positive else not 0 <= share < 1:
        raise ValueError(f"{entry['label']}: share {text!r}")
    return share


def assign(roster: list[tuple[str, str, int | None]], previous: Issued | None) -> list[Student]:
    """Each (id, name, variant cell or None) of the roster with its variant (the module's
    docstring says how), in roster order."""
    before = previous.everyone() if previous else {}
    chosen = {sid: cell if cell is not None else before.get(sid) for sid, _, cell in roster}
    taken = {v for v in chosen.values() if v is not None} | set(before.values())
    new = sorted(sid for sid, variant in chosen.items() if variant is None)
    free = (n for n in range(1, len(taken) + len(new) + 2) if n not in taken)
    chosen |= {sid: next(free) for sid in new}
    return [Student(sid, name, chosen[sid]) for sid, name, _ in roster]


_AFRESH = (
    "a new assignment goes into an --out of its own; to replace what was issued, remove {path} "
    "(every student then gets a sheet afresh)"
)


def check_same_tasks(previous: Issued | None, tasks: tuple[str, ...], out: Path) -> None:
    """Re-issuing into `out` keeps its tasks: sheets already handed out must stay gradable."""
    if previous is not None and set(previous.tasks) != set(tasks):
        raise UserError(
            f"{out / RECORD}: the sheets issued here have {', '.join(previous.tasks)}; this "
            f"run has {', '.join(tasks)}: " + _AFRESH.format(path=out / RECORD)
        )


def check_same_numbers(
    previous: Issued | None, students: list[Student], keys: dict[int, list[Item]], out: Path
) -> None:
    """A student who keeps their variant must keep its numbers: their sheet is already
    handed out (the numbers change when a solution or the key changed since)."""
    if previous is None:
        return
    before = previous.everyone()
    changed = sorted(
        {
            s.variant
            for s in students
            if before.get(s.id) == s.variant
            and _numbers(keys[s.variant]) != _numbers(previous.keys[s.variant])
        }
    )
    if changed:
        holders = [s.id for s in students if s.variant in changed and before.get(s.id) == s.variant]
        raise UserError(
            f"{out / RECORD}: the numbers of variant(s) {', '.join(map(str, changed))} differ "
            f"from the sheets issued at commit {previous.commit} (held by {', '.join(holders)}); "
            "grades follow what was handed out: " + _AFRESH.format(path=out / RECORD)
        )


def _numbers(items: list[Item]) -> list[tuple]:
    return sorted((i.claim, i.value, i.tolerance) for i in items)  # labels may be renamed


def reissued(
    previous: Issued | None, students: list[Student], keys: dict[int, list[Item]], tasks, made
) -> Issued:
    """The record after issuing to `students`: whoever held a sheet and is not on the roster
    now is kept as former (their variant stays theirs, with its key, should they return)."""
    on_roster = {s.id for s in students}
    former = () if previous is None else (*previous.former, *previous.students)
    former = tuple(s for s in former if s.id not in on_roster)
    kept = {s.variant: previous.keys[s.variant] for s in former if s.variant not in keys}
    return Issued(made, tuple(tasks), tuple(students), keys | kept, former)


def moved(students: list[Student], previous: Issued | None) -> list[str]:
    """Students whose variant differs from the one they were issued, as `id (3 -> 5)`."""
    before = previous.everyone() if previous else {}
    return [
        f"{s.id} ({before[s.id]} -> {s.variant})"
        for s in students
        if s.id in before and before[s.id] != s.variant
    ]


def commit() -> str:
    """The commit the sheets are built from (`+` if the tree has uncommitted changes), or
    'unknown' outside a git checkout."""
    return uptodate.git("describe", "--always", "--dirty=+", "--abbrev=12") or "unknown"
