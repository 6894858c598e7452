"""The key answers, templates/key.toml: what answer-key.pdf lists, and the numbers a student's
answer is graded against (the Moodle quiz, the roster's key, `--grade`).

An answer names a claim; a vector or matrix is graded entry by entry, so one answer becomes
one `Item` per number, labelled `8.W1[1,0]` (or `2.dL_dx[1]` for a row or a column). Every
value comes from the variant's ledger, never from this file.

Tolerance: the booklet shows four significant digits, and a student working by hand rounds
along the way, so an answer is right within five units of its fourth significant digit
(|x − value| ≤ 5·10^(e−3) for value = m·10^e, 1 ≤ |m| < 10; about ±0,05 % to ±0,5 %), and
within 0.0005 of 0. Six significant digits in the intermediate steps always land inside (a
reviewer's recomputation of all 100 variants of ranepa3.3 found four digits throughout too
coarse for one unit).
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from pathlib import Path

from engine import registry
from engine.errors import located
from engine.ledger.claims import Claim
from engine.store import tomlfile

KEY = Path(__file__).resolve().parents[2] / "templates" / "key.toml"
NAME = "templates/key.toml"
_LABEL = re.compile(r"^[\w.]+$")
_ANSWER = re.compile(r"^[ \t]*\[\[[ \t]*answer[ \t]*\]\]", re.MULTILINE)
_FIELDS = {"task", "label", "claim", "what", "graded"}
_ZERO_TOLERANCE = decimal.Decimal("0.0005")
_UNITS = 5  # of the fourth significant digit


@dataclass(frozen=True)
class Answer:
    task: str
    label: str
    claim: str  # claim id: the task id, a dot, the path
    what: str  # LaTeX, for answer-key.pdf
    graded: bool
    line: int  # in key.toml, for messages: the line of its [[answer]]
    what_line: int = 0  # the line of its `what` (LaTeX errors and the quiz name it)


@dataclass(frozen=True)
class Item:
    """One number to grade."""

    task: str
    label: str  # `8.W1[1,0]`
    claim: str  # the claim id of the number (`ranepa3.5.mse_step.W1[1,0]`)
    value: float
    tolerance: decimal.Decimal

    @property
    def answer(self) -> str:
        return dot_decimal(self.value)


def load(path: Path = KEY, name: str = NAME) -> list[Answer]:
    """The key's answers, checked: known fields, texts where texts belong, unique labels."""
    data, text = tomlfile.read(path, name, "key")
    if set(data) - {"answer"}:
        raise located(name, None, f"unknown table(s) {', '.join(sorted(set(data) - {'answer'}))}")
    entries = data.get("answer", [])
    starts = [text.count("\n", 0, m.start()) + 1 for m in _ANSWER.finditer(text)]
    if not isinstance(entries, list) or len(starts) != len(entries):
        raise located(name, None, "answers must be [[answer]] tables")
    answers: list[Answer] = []
    for k, (entry, line) in enumerate(zip(entries, starts, strict=True)):
        last = starts[k + 1] - 1 if k + 1 < len(starts) else None
        what_line = tomlfile.key_line(text, line, last, "what") or line
        answers.append(_answer(entry, line, what_line, name))
        labels = [(a.task, a.label.casefold()) for a in answers]  # graded as typed, any case
        if labels.count(labels[-1]) > 1:
            twin = next(a.label for a in answers if (a.task, a.label.casefold()) == labels[-1])
            same = "twice" if twin == answers[-1].label else f"and {twin!r} differ only in case"
            raise located(name, line, f"{answers[-1].task}: label {answers[-1].label!r} {same}")
    return answers


def _answer(entry: dict, line: int, what_line: int, name: str) -> Answer:
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
    claim = f"{entry['task']}.{entry['claim']}"
    return Answer(entry["task"], entry["label"], claim, entry["what"], graded, line, what_line)


def items(answers: list[Answer], claims: list[Claim], name: str = NAME) -> list[Item]:
    """The numbers to grade in one variant, whose ledger is `claims`, in key order; answers
    of tasks not built are left out."""
    by_id = {claim.id: claim for claim in claims}
    built = {claim.task for claim in claims}
    found: list[Item] = []
    for answer in answers:
        if not answer.graded or answer.task not in built:
            continue
        claim = by_id.get(answer.claim)
        if claim is None:
            raise located(name, answer.line, f"{answer.claim} is not shown by the booklet")
        if claim.kind not in ("number", "matrix") or claim.value is None:
            raise located(name, answer.line, f"{answer.claim} is not a number (graded = false?)")
        found += _entries(answer, claim)
    return found


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
        return [Item(answer.task, answer.label, claim.id, claim.value, tolerance(claim.value))]
    rows = claim.value
    vector = len(rows) == 1 or all(len(row) == 1 for row in rows)
    made = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            index = f"{i + j}" if vector else f"{i},{j}"
            label = f"{answer.label}[{index}]"
            made.append(Item(answer.task, label, f"{claim.id}[{i},{j}]", value, tolerance(value)))
    return made


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
