"""The grading rubric, templates/rubric.toml: points for every boxed final answer, and what
earns part of them. Instructors edit it; a mistake stops the build with the file and line.

    ["ranepa3.5"]                    # a task id, as in `generate.py --list`
    total = 10                       # the task's points...
    points = { "1" = 1, "8" = 3 }    # ...split over its final answers ("" = the only one)
    partial = { "8" = "..." }        # optional: what earns part of an item's points (LaTeX)

Checked against the registry and the rendered booklet: every table names a registered task,
every task built has an entry, its points add up to `total`, and its items are exactly the
items the task boxes as final answers. A `partial` text reaches the LaTeX source marked with
its line here (engine/render/origins.py), so a LaTeX mistake in it is reported at this file's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from engine import registry
from engine.errors import located
from engine.render import origins
from engine.render.answers import Answers
from engine.store import tomlfile


@dataclass(frozen=True)
class Item:
    item: str
    title: str  # LaTeX: how the booklet names the item
    points: int
    partial: str  # "" when the item is all or nothing
    source: str = ""  # where `partial` is written: the rubric's path and line, as a marker

    @property
    def partial_tex(self) -> str:
        """`partial` as rubric.tex.j2 prints it: marked with its line in the rubric."""
        return self.source + self.partial if self.partial else ""


@dataclass(frozen=True)
class TaskRubric:
    task: str
    total: int
    items: tuple[Item, ...]


def load(path: Path, name: str, task_ids: list[str], answers: Answers) -> dict[str, TaskRubric]:
    """{task id: its rubric} for the tasks built, validated against their final answers;
    `name` is the path as messages show it."""
    data, text = tomlfile.read(path, name, "rubric")
    for task in task_ids:
        if task not in data:
            head, _, rest = task.partition(".")
            if isinstance(data.get(head), dict) and rest in data[head]:  # [hse7.1] unquoted
                message = f'no entry for task {task}: write the id in quotes: ["{task}"]'
                raise located(name, _line(text, head), message)
            raise located(name, None, f'no entry for task {task}: add ["{task}"] with its points')
    for task, entry in data.items():
        if task not in _task_ids() and task not in task_ids:  # a typo: a task without points
            raise located(name, _line(text, task), _unknown(task, entry))
    source = str(path.resolve())
    return {task: _task(task, data[task], answers, text, name, source) for task in task_ids}


def _unknown(task: str, entry) -> str:
    message = f"unknown task {task!r}; see generate.py --list"
    if isinstance(entry, dict):  # [hse7.1] unquoted is the table "1" inside the table "hse7"
        dotted = [f"{task}.{k}" for k in entry if f"{task}.{k}" in _task_ids()]
        if dotted:
            message += f' (write the id in quotes: ["{dotted[0]}"])'
    return message


def _task(task: str, entry, answers: Answers, text: str, name: str, path: str) -> TaskRubric:
    where = _line(text, task)
    if not isinstance(entry, dict):
        raise located(name, where, f'["{task}"] must be a table with total and points')
    # answers: key.py's; mistakes: mistakes.py's
    unknown = set(entry) - {"total", "points", "partial", "answers", "mistakes"}
    if unknown:
        raise located(name, where, f"{task}: unknown key(s) {', '.join(sorted(unknown))}")
    total, points = entry.get("total"), entry.get("points", {})
    partial = entry.get("partial", {})
    if not _whole(total):
        raise located(name, where, f"{task}: total must be a positive whole number of points")
    if not isinstance(points, dict) or not all(_whole(p) for p in points.values()):
        raise located(name, where, f"{task}: points must map items to positive whole numbers")
    boxed = answers.of(task)[0]
    finals = [f.item for f in boxed]
    missing = [i for i in finals if i not in points]
    extra = [i for i in points if i not in finals]
    if missing or extra:
        said = [f"no points for {_items(missing)}" if missing else ""]
        said.append(f"{_items(extra)} not boxed as final answers" if extra else "")
        boxed = _items(finals)
        message = f"{task}: {'; '.join(s for s in said if s)} (the task boxes {boxed})"
        raise located(name, where, message)
    if sum(points.values()) != total:
        raise located(
            name, where, f"{task}: the points add up to {sum(points.values())}, not total = {total}"
        )
    if not isinstance(partial, dict) or not set(partial) <= set(points):
        raise located(name, where, f"{task}: partial names items that have no points")
    at = tomlfile.key_line(text, where, _section_end(text, where), "partial") if where else None
    for item, said in partial.items():
        if not isinstance(said, str):
            raise located(name, at or where, f'{task}: partial "{item}" must be text')
        control = tomlfile.control_character(said)
        mistake = f"contains {control}" if control else tomlfile.latex_mistake(said, math=False)
        if mistake:  # rubric.tex.j2 prints it in a table's cell
            raise located(name, at or where, f'{task}: partial "{item}": {mistake}')
    source = origins.marker(path, at or where or 1)
    items = tuple(
        Item(f.item, f.title, points[f.item], partial.get(f.item, ""), source) for f in boxed
    )
    return TaskRubric(task, total, items)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _items(items: list[str]) -> str:
    return ", ".join(f'"{i}"' for i in items) or "nothing"


def _line(text: str, task: str) -> int | None:
    """The line of the task's table header: `["hse7.1"]`, or a header that starts with the
    name unquoted (`[hse7.1]` is the table "hse7")."""
    quoted = re.compile(rf'^[ \t]*\[[ \t]*"{re.escape(task)}"[ \t]*\]', re.MULTILINE)
    bare = re.compile(rf"^[ \t]*\[[ \t]*{re.escape(task)}(?![\w-])", re.MULTILINE)
    found = quoted.search(text) or bare.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _section_end(text: str, header: int) -> int | None:
    """The last line of the table whose header is at line `header`."""
    for number, line in enumerate(text.splitlines()[header:], start=header + 1):
        if line.lstrip().startswith("["):
            return number - 1
    return None


def _task_ids() -> frozenset[str]:
    return frozenset(task.id for task in registry.TASKS)
