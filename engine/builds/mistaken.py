"""The typical mistakes of the tasks built, with their values, for «Критерии оценивания»:
the rubric describes each mistake (engine/classroom/mistakes.py), the task's solution
computes it (`result.mistakes`: {name: {claim path of a graded answer: wrong value}}), and the
page prints the values, which makes them claims of the ledger that the oracles prove.

A value the key cannot tell from the right one (every number of it within the right one's
tolerance, engine/classroom/key.py) is left out, as the key and the quiz leave it out; a
mistake that shows in none of its values on these numbers is not listed.

The two must agree, and a disagreement stops the build with the file to fix: a mistake the
rubric names that the solution does not compute (the rubric's line), one the solution computes
that the rubric does not describe, or a value at a path that is no graded answer of the
mistake's item (the solution module).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from engine.classroom.key import Answer, near, tolerance
from engine.classroom.mistakes import Mistake
from engine.errors import UserError, located
from engine.ledger.claims import as_sympy, float_value, split_entry
from engine.registry import Task
from engine.render.answers import item_reference
from engine.render.views import ClaimRef, view


@dataclass(frozen=True)
class Shown:
    mistake: Mistake
    values: tuple[ClaimRef, ...]  # each with the right answer's symbol, else the key's `what`
    item: str = ""  # the item as a sentence names it («Ridge, пункт 1»), "" for a task's only


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
        result = result_of(task)
        computed = getattr(result, "mistakes", None) or {}
        module = task.module.replace(".", "/") + ".py"
        symbols = symbols_of(task)
        listed = []  # a name the rubric misspells is told at its line, first
        for mistake in declared:
            told = _shown(task, result, mistake, computed, answers, module, symbols)
            title = titles.get((task.id, mistake.item), mistake.item)
            if told.values:
                listed.append(replace(told, item=item_reference(title) if title else ""))
        found[task.id] = listed
        described = {m.name for m in declared}
        for name in computed:
            if name not in described:
                raise UserError(
                    f"{module}: mistake {name!r} is computed but templates/rubric.toml does not "
                    f'describe it: add [["{task.id}".mistakes]] with name = "{name}"'
                )
    return found


def _shown(
    task: Task,
    result,
    mistake: Mistake,
    computed: dict,
    answers: list[Answer],
    module: str,
    symbols,
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
    values, used, hidden = [], set(), 0
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
        if _told_apart(ref.value, _right(result, path)):
            values.append(ref if ref.symbol else replace(ref, symbol=answer.what))
        else:
            hidden += 1
    stray = [path for path in paths if path not in used]
    if stray or not (values or hidden):
        where = ", ".join(stray) if stray else "nothing"
        item = f"item «{mistake.item}»" if mistake.item else "the task"
        raise UserError(
            f"{module}: mistake {mistake.name!r} gives values at {where}; it must give values "
            f"of graded answers of {item} (their claims: "
            f"{', '.join(a.claim[len(task.id) + 1 :] for a in graded) or 'none'})"
        )
    return Shown(mistake, tuple(values))


def _right(result, path: str):
    """The right value at a graded answer's claim path (`bounds.sigmoid_at.0`, `x[1]`), or
    None where the result does not hold it."""
    entry = split_entry(path)
    value = result
    try:
        for name in (entry[0] if entry else path).split("."):
            if name.isdigit():
                value = value[int(name)]
            elif isinstance(value, Mapping):
                value = value[name]
            else:
                value = getattr(value, name)
        return value[entry[1] if len(entry[1]) > 1 else entry[1][0]] if entry else value
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


def _told_apart(wrong, right) -> bool:
    """Whether the key tells the mistake's value from the right one: some number of it lies
    outside the right one's tolerance (engine/classroom/key.py), or their shapes differ."""
    if right is None:
        return True
    wrong, right = (float_value(as_sympy(v)) for v in (wrong, right))
    if wrong is None or right is None:
        return True
    if isinstance(right, list) != isinstance(wrong, list):
        return True
    if not isinstance(right, list):
        return not near(wrong, right, tolerance(right))
    pairs = [(len(a), len(b)) for a, b in zip(wrong, right, strict=False)]
    if len(wrong) != len(right) or any(a != b for a, b in pairs):
        return True
    return any(
        not near(w, r, tolerance(r))
        for row_w, row_r in zip(wrong, right, strict=True)
        for w, r in zip(row_w, row_r, strict=True)
    )
