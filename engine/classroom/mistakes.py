"""Typical mistakes, written in templates/rubric.toml below a task's table:

    [["ranepa3.3".mistakes]]
    name = "updated_weights"    # the solution's result.mistakes["updated_weights"]
    item = ""                   # the rubric item it costs; may be left out when the task has one
    keeps = 5                   # the points of that item an answer with this mistake keeps
    text = 'при обратном проходе взят уже обновлённый вес $w^3_1$'

Each number the mistake changes earns `keeps / points` of its share of the item, in
«Критерии оценивания», the key, the quiz and `--grade` alike; the numbers it leaves as they
are earn their full share.

The solution module computes each mistake as a variation of its own computation: its result's
`mistakes` maps the name to {claim path of a graded answer: the value the mistake gives there}
(`{"steps.1.w0_after": ...}`). «Критерии оценивания» prints those values, so they are claims
of the ledger (`<task>.mistakes.<name>.<path>`), proven by the task's oracle like any other;
the key, the quiz and `--grade` read them from there (key.items). A mistake whose value
falls within an answer's tolerance of the right one is not told apart from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from engine.errors import located
from engine.ledger.plain import plain_text
from engine.store import tomlfile

_HEADER = re.compile(
    r"^[ \t]*\[\[[ \t]*[\"']([^\"']+)[\"'][ \t]*\.[ \t]*mistakes[ \t]*\]\]", re.MULTILINE
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {"name", "item", "keeps", "text"}
_NOT_IN_FEEDBACK = set("<>&~{}\\")
_THIN_PERCENT = r"\,\%"
# text Moodle would read as an answer field (moodle.py refuses it in any question text)
_CLOZE_FIELD = re.compile(r"\{\d*:[A-Z_]+:")


@dataclass(frozen=True)
class Mistake:
    task: str
    name: str  # the key of the solution's result.mistakes
    item: str  # the rubric item it costs
    keeps: int  # points of the item kept
    points: int  # the item's points
    text: str  # LaTeX text: what the mistake is
    line: int  # of its [["<task>".mistakes]] header in the rubric
    source: str  # the rubric, as messages name it

    @property
    def part(self) -> str:
        """The part of a number's credit kept, as the page prints it: `40 %`, `1/3`."""
        return part(self.share)

    @property
    def credit(self) -> str:
        """What the numbers this mistake changes earn, as a sentence of «Критерии оценивания»:
        «Числа, затронутые этой ошибкой, оцениваются в 40 % своих баллов»."""
        if not self.keeps:
            return "Числа, затронутые этой ошибкой, не засчитываются"
        shown = self.part.replace(" %", _THIN_PERCENT)  # LaTeX: 40\,\%
        return f"Числа, затронутые этой ошибкой, оцениваются в {shown} своих баллов"

    @property
    def share(self) -> Fraction:
        """The part of a field's credit an answer with this mistake keeps."""
        return Fraction(self.keeps, self.points)

    def claim(self, answer_claim: str) -> str:
        """The claim id of this mistake's value where `answer_claim` (`<task>.<path>`) is right."""
        return f"{self.task}.mistakes.{self.name}.{answer_claim[len(self.task) + 1 :]}"


def part(share: Fraction) -> str:
    """A share as a reader takes it in: whole per cent (`40 %`), else a fraction (`1/3`),
    never a rounded percentage."""
    hundredths = share * 100
    if hundredths.denominator == 1:
        return f"{hundredths.numerator} %"
    return f"{share.numerator}/{share.denominator}"


def load(path: Path, name: str, points: dict[str, dict[str, int]]) -> list[Mistake]:
    """The rubric's mistakes, checked against its `points` ({task: {item: points}})."""
    if not path.is_file():
        return []
    data, text = tomlfile.read(path, name, "rubric")
    headers = [(m[1], text.count("\n", 0, m.start()) + 1) for m in _HEADER.finditer(text)]
    found: list[Mistake] = []
    for task in dict.fromkeys(task for task, _ in headers):
        lines = [line for other, line in headers if other == task]
        entries = data.get(task, {}).get("mistakes") if isinstance(data.get(task), dict) else None
        if not isinstance(entries, list) or len(entries) != len(lines):
            raise located(name, lines[0], f'mistakes of {task} must be [["{task}".mistakes]]')
        for entry, line in zip(entries, lines, strict=True):
            found.append(_mistake(task, entry, line, name, points.get(task)))
            if [m.name for m in found if m.task == task].count(found[-1].name) > 1:
                raise located(name, line, f"{task}: mistake {found[-1].name!r} twice")
    return found


def _mistake(task: str, entry, line: int, name: str, items: dict[str, int] | None) -> Mistake:
    if not isinstance(entry, dict):
        raise located(name, line, "a mistake is a table: name, item, keeps, text")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise located(name, line, f"{task}: unknown field(s) {', '.join(sorted(unknown))}")
    if items is None:
        raise located(name, line, f'{task}: give the task its points first (["{task}"])')
    label = entry.get("name")
    if not isinstance(label, str) or not _NAME.match(label):
        raise located(name, line, f"{task}: name must be the solution's key: a-z, 0-9, _")
    item = entry.get("item", "" if len(items) == 1 else None)
    if item is None and len(items) > 1:
        known = ", ".join(f'"{i}"' for i in items)
        raise located(name, line, f"{task} {label}: name the item it costs: item = ({known})")
    if item == "" and len(items) == 1:
        item = next(iter(items))
    if item not in items:
        known = ", ".join(f'"{i}"' for i in items)
        raise located(name, line, f"{task} {label}: item {item!r} is not one of {known}")
    keeps = entry.get("keeps")
    if not isinstance(keeps, int) or isinstance(keeps, bool) or not 0 <= keeps < items[item]:
        raise located(
            name,
            line,
            f"{task} {label}: keeps must be a whole number of points from 0 to "
            f"{items[item] - 1} (the item has {items[item]})",
        )
    said = entry.get("text")
    if not isinstance(said, str) or not said.strip():
        raise located(name, line, f"{task} {label}: text must say what the mistake is")
    control = tomlfile.control_character(said)
    problem = f"contains {control}" if control else tomlfile.latex_mistake(said, math=False)
    if problem is None and _CLOZE_FIELD.search(said):
        problem = "contains text Moodle would read as an answer field; reword it"
    unsafe = sorted(set(plain_text(said)) & _NOT_IN_FEEDBACK) if problem is None else []
    if unsafe:  # cloze ends a feedback at ~ or }, and decodes HTML in it
        problem = f"shows {' '.join(unsafe)} in plain text, which a Moodle feedback cannot hold"
    if problem:
        raise located(name, line, f"{task} {label}: text {problem}")
    return Mistake(task, label, item, keeps, items[item], said.strip(), line, name)
