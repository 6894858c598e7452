"""The typical mistakes of the tasks built, with their values, for «Критерии оценивания»:
the rubric describes each mistake (engine/classroom/mistakes.py), the task's solution
computes it (`result.mistakes`: {name: {claim path of a graded answer: wrong value}}), and the
page prints the values, which makes them claims of the ledger that the oracles prove.

The two must agree, and a disagreement stops the build with the file to fix: a mistake the
rubric names that the solution does not compute (the rubric's line), one the solution computes
that the rubric does not describe, or a value at a path that is no graded answer of the
mistake's item (the solution module).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from engine.classroom.key import Answer
from engine.classroom.mistakes import Mistake
from engine.errors import UserError, located
from engine.ledger.claims import split_entry
from engine.registry import Task
from engine.render.views import ClaimRef, view


@dataclass(frozen=True)
class Shown:
    mistake: Mistake
    values: tuple[ClaimRef, ...]  # each with the right answer's symbol, else the key's `what`
    item: str = ""  # the item as the page names it (LaTeX), "" for a task's only item


def shown(
    tasks: list[Task],
    result_of: Callable[[Task], object],
    answers: list[Answer],
    mistakes: list[Mistake],
    symbols_of: Callable,
    titles: dict[tuple[str, str], str] | None = None,
) -> dict[str, list[Shown]]:
    """{task id: its mistakes with their values}, for the tasks built; `titles` names the
    items as the page does ({(task, item): LaTeX})."""
    titles = titles or {}
    found: dict[str, list[Shown]] = {}
    for task in tasks:
        declared = [m for m in mistakes if m.task == task.id]
        computed = getattr(result_of(task), "mistakes", None) or {}
        module = task.module.replace(".", "/") + ".py"
        symbols = symbols_of(task)
        found[task.id] = [  # a name the rubric misspells is told at its line, first
            replace(
                _shown(task, mistake, computed, answers, module, symbols),
                item=titles.get((task.id, mistake.item), mistake.item),
            )
            for mistake in declared
        ]
        described = {m.name for m in declared}
        for name in computed:
            if name not in described:
                raise UserError(
                    f"{module}: mistake {name!r} is computed but templates/rubric.toml does not "
                    f'describe it: add [["{task.id}".mistakes]] with name = "{name}"'
                )
    return found


def _shown(
    task: Task, mistake: Mistake, computed: dict, answers: list[Answer], module: str, symbols
) -> Shown:
    if mistake.name not in computed:
        has = ", ".join(computed) or "none"
        raise located(
            mistake.source,
            mistake.line,
            f"{task.id}: {module} computes no mistake {mistake.name!r} (result.mistakes has: "
            f"{has})",
        )
    paths = computed[mistake.name]
    graded = [a for a in answers if a.task == task.id and a.graded and a.item == mistake.item]
    values, used = [], set()
    for answer in graded:
        path = answer.claim[len(task.id) + 1 :]
        entry = split_entry(path)
        base = entry[0] if entry else path
        if base not in paths:
            continue
        used.add(base)
        ref = view(task.id, paths[base], f"mistakes.{mistake.name}.{base}", None, symbols)
        if entry:
            ref = ref[entry[1]]
        values.append(ref if ref.symbol else replace(ref, symbol=answer.what))
    stray = [path for path in paths if path not in used]
    if stray or not values:
        where = ", ".join(stray) if stray else "nothing"
        item = f"item «{mistake.item}»" if mistake.item else "the task"
        raise UserError(
            f"{module}: mistake {mistake.name!r} gives values at {where}; it must give values "
            f"of graded answers of {item} (their claims: "
            f"{', '.join(a.claim[len(task.id) + 1 :] for a in graded) or 'none'})"
        )
    return Shown(mistake, tuple(values))
