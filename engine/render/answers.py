"""Final answers, collected as the tasks render, for the booklet's «Сводка ответов» and
«Критерии оценивания».

A task template boxes its final answer with a call block,

    \\BLOCK{call final("2")}$\\hat w = \\VAR{r.optimum}$\\BLOCK{endcall}

(`final("mu", "$\\hat\\mu$")` names the item on the page otherwise than in rubric.toml)

and names an answer accepted under another reading of the sheet (not printed in place, only
in the rubric) with

    \\BLOCK{call alternative("2", "при $L = \\frac12 (y - \\hat y)^2$")}...\\BLOCK{endcall}

The body is rendered once, inside the task, so its values are the task's claims; the summary
and the rubric print the same text again and never type a number of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jinja2

from engine.render.origins import without_markers


@dataclass(frozen=True)
class Final:
    task: str  # task id
    item: str  # the sheet's item ("" for a task with one answer), as rubric.toml names it
    title: str  # LaTeX: how the page names the item (the item itself unless given)
    body: str  # LaTeX, as the box shows it
    label: str  # \label of the box, for the summary's page reference

    @property
    def column(self) -> str:
        """The item as the summary's «Пункт» column names it: `1 (Ridge)`."""
        return item_column(self.title) if self.title else ""


@dataclass(frozen=True)
class Alternative:
    task: str
    item: str
    reading: str  # LaTeX: under which reading of the sheet this answer is right
    body: str

    @property
    def item_phrase(self) -> str:
        """«пункт 2», or «пункт «производные и шаг»» for an item named in words."""
        return item_reference(self.item)

    @property
    def lead(self) -> str:
        """The item opening a line: «Пункт 8», «Ridge, пункт 1»."""
        phrase = self.item_phrase
        return phrase[0].upper() + phrase[1:]


@dataclass(frozen=True)
class ItemName:
    """An item's name as the page gives it: a number (`3`, `6.2`), a number within a named
    part (`Ridge 1`, `классификация, 1`), words (`градиенты`) or a formula (`$\\hat\\mu$`)."""

    number: str = ""  # `3`, `6.2`; "" for an item named in words or by its formula
    part: str = ""  # `Ridge`, `классификация`: the part of the task the number counts in
    words: str = ""  # the name otherwise (LaTeX)

    @property
    def formula(self) -> bool:
        plain = without_markers(self.words)
        return plain.startswith("$") and plain.endswith("$")


def item_name(title: str) -> ItemName:
    plain = without_markers(title).strip()
    numbered = _NUMBERED.fullmatch(plain)
    if numbered:
        return ItemName(numbered["number"], (numbered["part"] or "").strip())
    return ItemName(words=title.strip())


def answer_heading(title: str) -> str:
    """The box's heading: «Ответ к пункту 3.», «Ответ к пункту 1 (Ridge).», «Ответ: прямой
    проход.» for an item named in words, «Ответ для $\\hat\\mu$.» for one named by its
    formula, «Ответ.» alone."""
    if not title:
        return "Ответ."
    name = item_name(title)
    if name.number:
        part = f" ({name.part})" if name.part else ""
        return f"Ответ к пункту {name.number}{part}."
    return f"Ответ для {name.words}." if name.formula else f"Ответ: {name.words}."


def item_column(title: str) -> str:
    """The item in a table's «Пункт» column: `3`, `1 (Ridge)`, `градиенты`."""
    name = item_name(title)
    if name.number:
        return f"{name.number} ({name.part})" if name.part else name.number
    return name.words


def item_reference(title: str) -> str:
    """The item named in a sentence, as a parenthesis holds it: «пункт 3», «Ridge, пункт 1»,
    «пункт «градиенты»», «пункт $\\hat\\mu$»."""
    name = item_name(title)
    if name.number:
        return f"{name.part}, пункт {name.number}" if name.part else f"пункт {name.number}"
    return f"пункт {name.words}" if name.formula else f"пункт «{name.words}»"


# `3`, `6.2`, `Ridge 1`, `классификация, 1`
_NUMBERED = re.compile(r"(?:(?P<part>[^\W\d_][\w ]*?),? )?(?P<number>[0-9]+(?:\.[0-9]+)?)")


@dataclass
class Answers:
    """One per build; `task` is the id of the task being rendered."""

    task: str | None = None
    finals: list[Final] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)

    def final(self, item: str = "", title: str = "", caller=None) -> str:
        """The boxed answer, recorded for the summary."""
        task, item = self._current("final"), without_markers(str(item))
        if any(f.task == task and f.item == item for f in self.finals):
            raise jinja2.TemplateRuntimeError(
                f"two final answers for item {item!r} of {task}: give each its own item"
            )
        body = caller().strip()
        # numbered within the task: the label does not depend on the tasks before it
        label = f"answer:{task}:{sum(f.task == task for f in self.finals)}"
        title = title or item
        self.finals.append(Final(task, item, title, body, label))
        heading = answer_heading(title)
        # \nopagebreak: the box stays on the page of the line that leads into it;
        # \phantomsection: the summary's link jumps to the box, not to the task's heading
        return (
            f"\\nopagebreak\\begin{{answer}}\\phantomsection\\label{{{label}}}"
            f"\\textbf{{{heading}}}\n"
            f"{body}\n\\end{{answer}}"
        )

    def alternative(self, item: str = "", reading: str = "", caller=None) -> str:
        """Recorded for the rubric; prints nothing where it stands."""
        task, item = self._current("alternative"), without_markers(str(item))
        if not reading:
            raise jinja2.TemplateRuntimeError(
                'an alternative answer needs the reading it belongs to: alternative("2", "при ...")'
            )
        reading = without_markers(reading).strip()
        self.alternatives.append(Alternative(task, item, reading, caller().strip()))
        return ""

    @staticmethod
    def column(title: str) -> str:
        """For a rubric's table: the item as a «Пункт» column names it (`item_column`)."""
        return item_column(title) if title else ""

    def _current(self, what: str) -> str:
        if self.task is None:
            raise jinja2.TemplateRuntimeError(f"'{what}' belongs in a task's solution")
        return self.task

    def of(self, task_id: str) -> tuple[list[Final], list[Alternative]]:
        return (
            [f for f in self.finals if f.task == task_id],
            [a for a in self.alternatives if a.task == task_id],
        )
