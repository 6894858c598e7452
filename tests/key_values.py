"""The numbers templates/key.toml grades and the labels they go by (`8.W1[2,1]`), found
through the key's answers (engine.classroom.key.load) and a variant's own ledger, rendered here
and not through the code under test (the key's items, the Moodle quiz, the roster's key): an
oracle for what those write. Which tasks are graded is read from the key, never listed here."""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path

from engine import registry
from engine.builds import pipeline
from engine.classroom import key
from engine.store.cache import Store


def graded_ids(tasks: list[registry.Task] | None = None) -> list[str]:
    """The tasks (of `tasks`, every task by default) with a graded answer, in booklet order."""
    graded = {answer.task for answer in key.load() if answer.graded}
    return [task.id for task in _or_all(tasks) if task.id in graded]


def ungraded_ids(tasks: list[registry.Task] | None = None) -> list[str]:
    """The tasks (of `tasks`, every task by default) the key grades nothing of."""
    graded = set(graded_ids(tasks))
    return [task.id for task in _or_all(tasks) if task.id not in graded]


def _or_all(tasks: list[registry.Task] | None) -> list[registry.Task]:
    return list(registry.TASKS) if tasks is None else tasks


def entry_labels(label: str, value) -> list[str]:
    """The labels of the numbers one answer grades, by the rule key.toml states: the label of
    one number; `label[k]` for each entry of a row or a column, `label[i,j]` (row, column,
    each counted from 1, as the booklet counts neurons and weights) for each entry of a
    matrix."""
    if not isinstance(value, list):
        return [label]
    rows, columns = len(value), len(value[0])
    if rows == 1 or columns == 1:
        return [f"{label}[{k}]" for k in range(1, rows * columns + 1)]
    return [f"{label}[{i},{j}]" for i in range(1, rows + 1) for j in range(1, columns + 1)]


def entry_value(value, label: str) -> float:
    """The number `label` (entries counted from 1) names inside `value`, the value of its
    answer's claim; an index of 0 or past the end is an error, never another entry."""
    _, _, index = label.partition("[")
    if not index:
        return value
    place = [int(k) for k in index.rstrip("]").split(",")]
    if min(place) < 1:
        raise IndexError(f"{label}: entries count from 1")
    if len(place) == 1:
        return [entry for row in value for entry in row][place[0] - 1]
    return value[place[0] - 1][place[1] - 1]


class Finder:
    """The key's numbers in any variant, rendering each variant once from `cache`: the graded
    tasks of the run (tests/conftest.chosen_ids) in one render, its ledger split by task (a
    task's numbers are seeded by the variant and the task alone, not by the tasks beside it)."""

    def __init__(self, cache: Path):
        self.answers = [answer for answer in key.load() if answer.graded]
        self.cache = cache
        self.ledgers: dict[tuple[int, str], dict] = {}

    def ledger(self, variant: int, task: str) -> dict:
        if (variant, task) not in self.ledgers:
            from tests.conftest import chosen_ids

            graded = {answer.task for answer in self.answers}
            batch = [t for t in chosen_ids() if t in graded]
            ids = batch if task in batch else [task]
            rendered = pipeline.render(
                registry.select(ids), variant=variant, store=Store(self.cache)
            )
            for one in ids:
                self.ledgers[variant, one] = {c.id: c for c in rendered.ledger if c.task == one}
        return self.ledgers[variant, task]

    def labels(self, variant: int, task: str) -> list[str]:
        """Every label the key grades of `task` in `variant`, in the key's order."""
        ledger = self.ledger(variant, task)
        return [
            label
            for answer in self.answers
            if answer.task == task
            for label in entry_labels(answer.label, ledger[answer.claim].value)
        ]

    def __call__(self, variant: int, task: str, label: str) -> float:
        """The number `label` of `task` names in `variant`."""
        base = label.partition("[")[0]
        (answer,) = [a for a in self.answers if a.task == task and a.label == base]
        return entry_value(self.ledger(variant, task)[answer.claim].value, label)


def finder(cache: Path) -> Finder:
    """value_of(variant, task, label), and `.labels(variant, task)`."""
    return Finder(cache)


def rubric_items() -> tuple[dict, dict]:
    """({task: {item: points}}, {(task, label): item} of the graded answers) from
    templates/rubric.toml and templates/key.toml as tomllib reads them: an answer's item is
    its `item`, else the longest part of its label before a "." (or the whole label) that is
    an item, else "" for a task whose only item is "". Read again for every call, parsed
    once per text (callers must not change what it returns)."""
    return _items(_read("rubric.toml"), _read("key.toml"))


def _read(name: str) -> str:
    return (pipeline.TEMPLATES / name).read_text(encoding="utf-8")


@cache
def _items(rubric_text: str, key_text: str) -> tuple[dict, dict]:
    rubric, keyed = tomllib.loads(rubric_text), tomllib.loads(key_text)
    points = {task: entry["points"] for task, entry in rubric.items()}
    answers = [{**a, "task": task} for task, e in rubric.items() for a in e.get("answers", [])]
    answers += keyed.get("answer", [])
    items = {}
    for answer in answers:
        task, label = answer["task"], answer["label"]
        parts = label.split(".")
        prefixes = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        default = next((p for p in prefixes if p in points[task]), None)
        if default is None and list(points[task]) == [""]:
            default = ""
        if answer.get("graded", True):
            items[(task, label)] = answer.get("item", default)
    return points, items


def rubric_mistakes() -> dict[str, list[dict]]:
    """{task: its [[task.mistakes]] tables} as tomllib reads templates/rubric.toml (parsed
    once per text, like rubric_items)."""
    return _mistakes(_read("rubric.toml"))


@cache
def _mistakes(rubric_text: str) -> dict[str, list[dict]]:
    rubric = tomllib.loads(rubric_text)
    return {task: entry.get("mistakes", []) for task, entry in rubric.items()}


def asked_points(task: str) -> int:
    """The rubric's points of the items of `task` that have a graded number."""
    points, items = rubric_items()
    return sum(points[task][item] for item in {i for (t, _), i in items.items() if t == task})


def mistake_value(finder: Finder, variant: int, task: str, name: str, label: str) -> float | None:
    """The value typical mistake `name` gives the number `label` in `variant`: the ledger's
    claim `<task>.mistakes.<name>.<the answer's path>`, or None where the mistake gives none."""
    base, _, index = label.partition("[")
    (answer,) = [a for a in finder.answers if a.task == task and a.label == base]
    path = answer.claim[len(task) + 1 :]
    ledger = finder.ledger(variant, task)
    claim = ledger.get(f"{task}.mistakes.{name}.{path}")
    if claim is None:
        return None
    return entry_value(claim.value, label) if index else claim.value


def five_units(value: float) -> float:
    """The tolerance key.toml states: five units of the fourth significant digit, 0.0005 at 0."""
    return 5 * 10.0 ** (math.floor(math.log10(abs(value))) - 3) if value else 0.0005


def offered(finder: Finder, variant: int, task: str, label: str) -> list[tuple[float, float, list]]:
    """The wrong answers the key offers for `label`, by the rule CONTRIBUTING.md states: each
    typical mistake of the number's rubric item, in the rubric's order, with the value the
    ledger gives it; one within the right value's tolerance is graded right and left out; one
    within an earlier offered value's tolerance joins it (the larger part kept). As (value,
    part of the field kept, names)."""
    points, items = rubric_items()
    item = items[(task, label.partition("[")[0])]
    right = finder(variant, task, label)
    found: list[tuple[float, float, list]] = []
    for mistake in rubric_mistakes().get(task, []):
        if mistake.get("item", next(iter(points[task]))) != item:
            continue
        wrong = mistake_value(finder, variant, task, mistake["name"], label)
        if wrong is None or abs(wrong - right) <= five_units(right):
            continue
        part = mistake["keeps"] / points[task][item]
        same = [k for k, (v, _, _) in enumerate(found) if abs(wrong - v) <= five_units(v)]
        if same:
            value, kept, names = found[same[0]]
            found[same[0]] = (value, max(kept, part), [*names, mistake["name"]])
        else:
            found.append((wrong, part, [mistake["name"]]))
    return found
