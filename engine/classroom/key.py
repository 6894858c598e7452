"""The key answers, templates/key.toml: what answer-key.pdf lists, and the numbers a student's
answer is graded against (the Moodle quiz, the roster's key, `--grade`). A task's answers may
also stand beside its points in templates/rubric.toml, as `[["<task>".answers]]` tables
without `task`: one file then holds all a task's grading.

An answer names a claim; a vector or matrix is graded entry by entry, so one answer becomes
one `Item` per number, labelled `8.W1[2,1]` (row 2, column 1) or `2.dL_dx[2]` for a row or a
column. Entries count from 1, as the booklet counts neurons and weights («нейрон 2», w^1_1),
wherever a label is shown (the PDF and CSV keys, the roster's key, the quiz, `--grade`); the
item's claim keeps the ledger's own index from 0 (`...mse_step.W1[1,0]`). A task whose page
counts its own indices from 0 (hse7.2's m, n) is still labelled from 1: a label names the
place in the printed matrix, not the task's index. Every value comes from the variant's
ledger, never from this file.

Tolerance: the booklet shows four significant digits, and a student working by hand rounds
along the way, so an answer is right within five units of its fourth significant digit
(|x − value| ≤ 5·10^(e−3) for value = m·10^e, 1 ≤ |m| < 10; about ±0,05 % to ±0,5 %), and
within 0.0005 of 0. Six significant digits in the intermediate steps always land inside (a
reviewer's recomputation of all 100 variants of ranepa3.3 found four digits throughout too
coarse for one unit).
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from engine import registry
from engine.classroom import mistakes as mistakes_file
from engine.classroom.mistakes import Mistake
from engine.errors import located
from engine.ledger.claims import Claim, split_entry
from engine.store import tomlfile

KEY = Path(__file__).resolve().parents[2] / "templates" / "key.toml"
NAME = "templates/key.toml"
RUBRIC = KEY.with_name("rubric.toml")
RUBRIC_NAME = "templates/rubric.toml"
_LABEL = re.compile(r"^[\w.]+$")
_ANSWER = re.compile(r"^[ \t]*\[\[[ \t]*answer[ \t]*\]\]", re.MULTILINE)
_FIELDS = {"task", "label", "claim", "what", "graded", "item"}
_ZERO_TOLERANCE = decimal.Decimal("0.0005")
_UNITS = 5  # of the fourth significant digit


@dataclass(frozen=True)
class Answer:
    task: str
    label: str
    claim: str  # claim id: the task id, a dot, the path
    what: str  # LaTeX, for answer-key.pdf
    graded: bool
    line: int  # in its file, for messages: the line of its [[answer]]
    what_line: int = 0  # the line of its `what` (LaTeX errors and the quiz name it)
    source: str = NAME  # its file, as messages show it
    path: str = ""  # its file's absolute path, for LaTeX error markers
    item: str = ""  # the rubric item (a key of its task's `points`) the answer is graded under


@dataclass(frozen=True)
class Wrong:
    """The value a typical mistake (engine/classroom/mistakes.py) gives for one number."""

    name: str  # the mistake's name in the rubric
    text: str  # LaTeX text: what the mistake is
    value: float
    keeps: Fraction  # the part of the number's credit kept

    @property
    def answer(self) -> str:
        return dot_decimal(self.value)

    @property
    def tolerance(self) -> decimal.Decimal:
        """Its own: five units of its fourth significant digit, as for a right value (a
        mistake can be a thousand times the right value, or a thousandth of it)."""
        return tolerance(self.value)


@dataclass(frozen=True)
class Item:
    """One number to grade."""

    task: str
    label: str  # `8.W1[2,1]`: entries count from 1
    claim: str  # the claim id of the number (`ranepa3.5.mse_step.W1[1,0]`, the ledger's index)
    value: float
    tolerance: decimal.Decimal
    symbol: str = ""  # the claim's symbol (LaTeX), for a whole value that has one
    item: str = ""  # the rubric item it is graded under (Answer.item)
    mistakes: tuple[Wrong, ...] = ()  # known wrong values, told apart from the right one
    share: Fraction = Fraction(1)  # the rubric's points it is worth: its item's, shared

    @property
    def answer(self) -> str:
        return dot_decimal(self.value)


def load(
    path: Path = KEY, name: str = NAME, rubric: Path = RUBRIC, rubric_name: str = RUBRIC_NAME
) -> list[Answer]:
    """The key's answers, then those written in the rubric, checked: known fields, texts
    where texts belong, labels unique within a task, and each graded answer under one of
    its task's items in the rubric's `points` (see `item_of`). Read on every call, checked
    once per text of the two files (a class asks for it per variant and per student)."""
    return list(_loaded(path, name, rubric, rubric_name, _text(path), _text(rubric)))


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None  # _loaded's reading says what is wrong, at the file


@functools.lru_cache(maxsize=16)
def _loaded(path, name, rubric, rubric_name, _key_text, _rubric_text) -> tuple[Answer, ...]:
    return tuple(_load(path, name, rubric, rubric_name))


def _load(path: Path, name: str, rubric: Path, rubric_name: str) -> list[Answer]:
    data, text = tomlfile.read(path, name, "key")
    if set(data) - {"answer"}:
        raise located(name, None, f"unknown table(s) {', '.join(sorted(set(data) - {'answer'}))}")
    entries = data.get("answer", [])
    starts = [text.count("\n", 0, m.start()) + 1 for m in _ANSWER.finditer(text)]
    if not isinstance(entries, list) or len(starts) != len(entries):
        raise located(name, None, "answers must be [[answer]] tables")
    found = [(e, line, text, starts, name, path) for e, line in zip(entries, starts, strict=True)]
    found += _in_rubric(rubric, rubric_name)
    answers: list[Answer] = []
    named: dict[int, tuple[str | None, int]] = {}  # answer's index -> (its item =, that line)
    for entry, line, source_text, lines, source, where in found:
        following = [n for n in lines if n > line]
        end = min(following) - 1 if following else None
        what_line = tomlfile.key_line(source_text, line, end, "what") or line
        item_line = tomlfile.key_line(source_text, line, end, "item") or line
        answers.append(_answer(entry, line, what_line, source, str(where.resolve())))
        named[len(answers) - 1] = (entry.get("item"), item_line)
        labels = [(a.task, a.label.casefold()) for a in answers]  # graded as typed, any case
        if labels.count(labels[-1]) > 1:
            twin = next(a.label for a in answers if (a.task, a.label.casefold()) == labels[-1])
            same = "twice" if twin == answers[-1].label else f"and {twin!r} differ only in case"
            raise located(source, line, f"{answers[-1].task}: label {answers[-1].label!r} {same}")
    table = points(rubric, rubric_name)
    return [
        _with_item(answer, *named[k], table.get(answer.task)) for k, answer in enumerate(answers)
    ]


def points(path: Path = RUBRIC, name: str = RUBRIC_NAME) -> dict[str, dict[str, int]]:
    """{task: {item: points}} as the rubric's `points` tables give them (rubric.py checks them
    against the booklet); a task without a `points` table is left out."""
    if not path.is_file():
        return {}
    data, _ = tomlfile.read(path, name, "rubric")
    return {
        task: dict(entry["points"])
        for task, entry in data.items()
        if isinstance(entry, dict) and isinstance(entry.get("points"), dict)
    }


def item_of(label: str, items: dict[str, int] | None) -> str | None:
    """The rubric item an answer labelled `label` belongs to when it does not say: the longest
    part of the label before a "." (or the whole label) that is an item (`2.dL_dx` -> "2",
    `6.1` -> "6.1"); "" when the task's only item is ""; None when neither applies. Without
    the task's items, the label's part before its first "."."""
    if items is None:
        return label.split(".", 1)[0]
    parts = label.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in items:
            return ".".join(parts[:end])
    return "" if set(items) == {""} else None


def _with_item(answer: Answer, item: str | None, line: int, items: dict | None) -> Answer:
    """The answer with its rubric item: the one it names (`item`, written at `line`), else
    `item_of` its label; a graded answer whose item is not one of its task's points is
    stopped at the line of its item (of the answer when it names none)."""
    chosen = item if item is not None else item_of(answer.label, items)
    if items is not None and answer.graded and chosen not in items:
        said = f"item {chosen!r} is not an" if chosen is not None else "its label names no"
        known = ", ".join(f'"{i}"' for i in items)
        raise located(
            answer.source,
            line if item is not None else answer.line,
            f"{answer.task} {answer.label}: {said} item of the task's points in the rubric "
            f'({known}); name it: item = "..."',
        )
    return replace(answer, item=chosen or "")


_RUBRIC_ANSWER = re.compile(
    r"^[ \t]*\[\[[ \t]*[\"']([^\"']+)[\"'][ \t]*\.[ \t]*answers[ \t]*\]\]", re.MULTILINE
)


def _in_rubric(path: Path, name: str) -> list[tuple]:
    """The `[["<task>".answers]]` tables of the rubric, each as (entry with its task, line,
    text, header lines, name, path), in the file's order."""
    if not path.is_file():
        return []
    data, text = tomlfile.read(path, name, "rubric")
    found = [(m[1], text.count("\n", 0, m.start()) + 1) for m in _RUBRIC_ANSWER.finditer(text)]
    headers = _headers(text)
    result = []
    for task in dict.fromkeys(task for task, _ in found):
        entries = data.get(task, {}).get("answers") if isinstance(data.get(task), dict) else None
        lines = [line for other, line in found if other == task]
        if not isinstance(entries, list) or len(entries) != len(lines):
            raise located(name, lines[0], f'answers of {task} must be [["{task}".answers]] tables')
        for entry, line in zip(entries, lines, strict=True):
            if not isinstance(entry, dict) or "task" in entry:
                raise located(name, line, "no task here: the answer belongs to the table's task")
            result.append(({**entry, "task": task}, line, text, headers, name, path))
    return sorted(result, key=lambda answer: answer[1])


def _headers(text: str) -> list[int]:
    """The lines of the file's table headers: where an answer's fields end."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith("[")]


def _answer(entry: dict, line: int, what_line: int, name: str, path: str = "") -> Answer:
    unknown = set(entry) - _FIELDS
    if unknown:
        raise located(name, line, f"unknown field(s) {', '.join(sorted(unknown))}")
    for field in ("task", "label", "claim", "what"):
        if not isinstance(entry.get(field), str) or not entry[field]:
            raise located(name, line, f"{field} must be given, as text")
    if entry["task"] not in _task_ids():  # a typo would drop the answer from quiz and grading
        raise located(name, line, f"unknown task {entry['task']!r}; see generate.py --list")
    control = tomlfile.control_character(entry["what"])
    if control:
        raise located(name, what_line, f"what contains the control character {control}")
    mistake = tomlfile.latex_mistake(entry["what"], math=True)
    if mistake:  # answer-key.pdf prints `what` as a formula in a table's cell
        raise located(name, what_line, f"what: {mistake}")
    if not _LABEL.match(entry["label"]):
        raise located(name, line, f"label {entry['label']!r}: letters, digits, _ and . only")
    graded = entry.get("graded", True)
    if not isinstance(graded, bool):
        raise located(name, line, "graded must be true or false")
    if "item" in entry and not isinstance(entry["item"], str):
        raise located(name, line, "item must be text: a key of the task's points")
    claim = f"{entry['task']}.{entry['claim']}"
    label, what = entry["label"], entry["what"]
    return Answer(entry["task"], label, claim, what, graded, line, what_line, name, path)


def items(
    answers: list[Answer], claims: list[Claim], mistakes: list[Mistake] | None = None
) -> list[Item]:
    """The numbers to grade in one variant, whose ledger is `claims`, in key order, each with
    the values the rubric's typical mistakes (`mistakes`, the rubric's unless given) give it
    where the ledger has them; answers of tasks not built are left out."""
    mistakes = load_mistakes() if mistakes is None else mistakes
    by_id = {claim.id: claim for claim in claims}
    built = {claim.task for claim in claims}
    found: list[Item] = []
    for answer in answers:
        if not answer.graded or answer.task not in built:
            continue
        claim = by_id.get(answer.claim)
        if claim is None:
            raise located(answer.source, answer.line, f"{answer.claim} is not shown by the booklet")
        if claim.kind not in ("number", "matrix") or claim.value is None:
            message = f"{answer.claim} is not a number (graded = false?)"
            raise located(answer.source, answer.line, message)
        mine = [m for m in mistakes if m.task == answer.task and m.item == answer.item]
        found += [_with_mistakes(item, answer, mine, by_id) for item in _entries(answer, claim)]
    return _shared(found, points())


def _shared(found: list[Item], table: dict[str, dict[str, int]]) -> list[Item]:
    """The items with their share of the rubric: the points of their item, split equally
    among its numbers (one point per number for a task the rubric gives no points)."""
    count = Counter((item.task, item.item) for item in found)
    return [
        replace(item, share=Fraction(table[item.task][item.item], count[item.task, item.item]))
        if item.item in table.get(item.task, {})
        else item
        for item in found
    ]


def load_mistakes(rubric: Path = RUBRIC, rubric_name: str = RUBRIC_NAME) -> list[Mistake]:
    return mistakes_file.load(rubric, rubric_name, points(rubric, rubric_name))


def _with_mistakes(item: Item, answer: Answer, mistakes: list[Mistake], by_id: dict) -> Item:
    """The item with the wrong values its mistakes give, where the ledger shows them. A value
    within the right one's tolerance is graded right and left out; one within an earlier
    mistake's tolerance is that mistake's too: they are told as one (`a / b`), keeping the
    larger part, as Moodle and `--grade` take the first answer a typed number matches."""
    index = split_entry(item.claim) if item.claim != answer.claim else None
    wrong: list[Wrong] = []
    for mistake in mistakes:
        shown = by_id.get(mistake.claim(answer.claim))
        if shown is None or not isinstance(shown.value, (int, float, list)):
            continue
        value = shown.value
        if index is not None:  # an entry [i,j] of a matrix the mistake gives whole
            i, j = index[1]
            same_shape = isinstance(value, list) and len(value) > i and len(value[i]) > j
            value = value[i][j] if same_shape else None
        if not isinstance(value, (int, float)) or near(value, item.value, item.tolerance):
            continue
        same = next((k for k, w in enumerate(wrong) if near(value, w.value, w.tolerance)), None)
        if same is None:
            wrong.append(Wrong(mistake.name, mistake.text, float(value), mistake.share))
            continue
        first = wrong[same]
        wrong[same] = Wrong(
            f"{first.name} / {mistake.name}",
            f"{first.text}; или {mistake.text}",
            first.value,
            max(first.keeps, mistake.share),
        )
    return replace(item, mistakes=tuple(wrong))


def near(value: float, other: float, margin: decimal.Decimal) -> bool:
    """Whether `value` is graded as `other`, within `margin` (the key's one rule)."""
    return abs(value - other) <= float(margin)


def graded_tasks(answers: list[Answer]) -> set[str]:
    """The tasks that have at least one graded answer."""
    return {answer.task for answer in answers if answer.graded}


def require_graded(answers: list[Answer], task_ids: list[str], name: str = NAME) -> None:
    """Stop when none of `task_ids` has a graded answer: a quiz or a roster's key of them
    would have nothing to grade."""
    if not graded_tasks(answers) & set(task_ids):
        built = ", ".join(task_ids) or "none"
        raise located(
            name,
            None,
            f"no graded answers for the tasks built ({built}): nothing to grade; add "
            "[[answer]] entries for them, or build tasks that have some",
        )


def _entries(answer: Answer, claim: Claim) -> list[Item]:
    if not isinstance(claim.value, list):
        value = claim.value
        shown = tolerance(value)
        return [Item(answer.task, answer.label, claim.id, value, shown, claim.symbol, answer.item)]
    rows = claim.value
    vector = len(rows) == 1 or all(len(row) == 1 for row in rows)
    made = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            label = entry_label(answer.label, i, j, vector)
            made.append(
                Item(
                    answer.task,
                    label,
                    f"{claim.id}[{i},{j}]",
                    value,
                    tolerance(value),
                    item=answer.item,
                )
            )
    return made


def entry_label(label: str, i: int, j: int, vector: bool) -> str:
    """The label of entry (i, j), counted from 0 as Python does, of the answer `label`: its
    place counted from 1, `label[k]` in a row or a column, `label[row,column]` in a matrix."""
    return f"{label}[{i + j + 1}]" if vector else f"{label}[{i + 1},{j + 1}]"


def tolerance(value: float) -> decimal.Decimal:
    """Five units of the fourth significant digit (see the module's docstring)."""
    if value == 0:
        return _ZERO_TOLERANCE
    return decimal.Decimal(_UNITS).scaleb(math.floor(math.log10(abs(value))) - 3)


def dot_decimal(value: float | decimal.Decimal) -> str:
    """A plain decimal with a dot, twelve significant digits at most, never an exponent."""
    exact = decimal.Decimal(repr(float(value))) if isinstance(value, float) else value
    shown = decimal.Context(prec=12).plus(exact)
    text = format(shown, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _task_ids() -> frozenset[str]:
    return frozenset(task.id for task in registry.TASKS)
