"""`generate.py check ID`: one task proven and typeset alone, in seconds, while it is written.

Solves and renders the task afresh (booklet and problem sheet), verifies every claim against
its oracle and says where each problem is (checks/report.py), verifies a few seeded variants
if the task has a pool (in forked workers, beside the sheet's own numbers), checks its rubric
and key entries, and compiles it alone into build/check/<ID>/. Exit 1 with every
problem listed; nothing of the main build changes."""

from __future__ import annotations

import functools
import importlib
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2

from checks import report
from engine import registry
from engine.errors import UserError, located
from engine.registry import task_stem

SAY = functools.partial(print, flush=True)  # each line as it happens, also into a pipe
VARIANTS = 3  # seeded variants verified: enough to catch a pool that breaks, still quick


def check(task_id: str, out_root: Path, say=SAY) -> int:
    started = time.perf_counter()
    task = _task(task_id)
    say(f"check {task.id}: {task.title}")
    from engine.builds import pipeline  # heavy: sympy, numpy, pylatex
    from engine.classroom import rubric
    from engine.store.publish import exclusive

    typed_problems = _typed_problems(task, pipeline)
    if typed_problems:  # every number typed without a source, at once (a build stops at one)
        print(*typed_problems, sep="\n", file=sys.stderr)
        print(
            f"error: {task.id}: {len(typed_problems)} problem(s); nothing compiled", file=sys.stderr
        )
        return 1
    varies = hasattr(importlib.import_module(task.module), "variant")
    count = min(VARIANTS, pipeline.variant_count(task.id, VARIANTS)) if varies else 0
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as workers:
        variants = [workers.submit(_variant, task, n) for n in range(1, count + 1)]
        clock = time.perf_counter()
        booklet = pipeline.render([task])  # afresh: every claim knows its template line
        pipeline.render([task], kind="problems")
        problems = report.problems(booklet.ledger)
        key_problems = _key_problems(task, booklet.ledger)
        claims = len(booklet.ledger)
        say(f"  the sheet's numbers: {claims} claims, {_told(problems)}{_took(clock)}")
        points = rubric.load(pipeline.RUBRIC, "templates/rubric.toml", [task.id], booklet.answers)
        items = points[task.id].items
        say(f"  rubric: {points[task.id].total} points over {len(items)} boxed answer(s)")
        found, told = [], set(problems)
        for n, future in enumerate(variants, start=1):
            data, variant_problems, variant_key = future.result()
            new = [p for p in variant_problems if p not in told]
            told |= set(new)
            found += [f"variant {n} ({data}): {p}" for p in new]
            key_problems = key_problems or variant_key
    if count:
        summary = _told(found) if found or not problems else "no other problem"
        say(f"  variants 1-{count}: {summary}{_took(clock)}")
    problems += found
    answers = _answers(task)
    if varies and not answers:
        say("  note: no key answers (rubric.toml or key.toml): the quiz and --roster's key skip it")
    if answers and not key_problems:
        say(f"  key: {len(answers)} answer(s), shown in every variant")
    problems += key_problems
    if problems:
        print(*problems, sep="\n", file=sys.stderr)
        print(f"error: {task.id}: {len(problems)} problem(s); nothing compiled", file=sys.stderr)
        return 1

    clock = time.perf_counter()
    out = out_root / "check" / task.id
    cache = pipeline.cache_dir(out_root)
    with exclusive(out, say):  # a second check of the task waits: TeX's work files are shared
        typeset = pipeline.build([task], out, pdf=True, problems=True, cache=cache)
    pdfs = ", ".join(_shown(out / f"{name}.pdf") for name in ("booklet", "problems"))
    say(f"  typeset alone: {pdfs}{_took(clock)}")
    off_page = _off_page(out, typeset.source_map)
    if off_page:
        print(*off_page, sep="\n", file=sys.stderr)
        print(f"error: {task.id}: {len(off_page)} thing(s) run off the page", file=sys.stderr)
        return 1
    say(f"ok: {task.id}, {claims} claims proven, in {time.perf_counter() - started:.1f} s")
    return 0


def _typed_problems(task: registry.Task, pipeline) -> list[str]:
    """Each number the task's templates type without a rule or a declaration, at its line."""
    from engine.ledger import typed
    from engine.ledger.claims import Ledger
    from engine.render.templating import Renderer

    renderer = Renderer(pipeline.TEMPLATES, pipeline.ROOT, Ledger())
    found = []
    try:
        names = typed.referenced(renderer.env, task.template)
    except jinja2.TemplateError:
        return []  # a missing or broken template: rendering says where, in its own words
    for name in names:
        path = renderer.relative(str(pipeline.TEMPLATES / name))
        found += [
            f"{path}:{line}: {message}"
            for line, message in typed.checked(renderer.env, name, renderer.relative)[1]
        ]
    return found


def _variant(task: registry.Task, variant: int) -> tuple[str, list[str], list[str]]:
    """(its data in a line, its problems, its key's problems), in a worker."""
    from checks import verify
    from engine.builds import pipeline

    ledger = pipeline.render([task], variant=variant).ledger
    data = _data(verify.given_of(ledger, task.id))
    return data, report.problems(ledger, stale_too=False), _key_problems(task, ledger)


def _off_page(out: Path, source_map) -> list[str]:
    """What TeX could not fit on the page (checks/layout.py), at the template line that wrote
    it where the booklet's source map knows it."""
    from checks.layout import OVERFULL, VISIBLE_PT

    found = []
    for name in ("booklet", "problems"):
        log = (out / f".latex-{name}" / f"{name}.log").read_text("utf-8", errors="replace")
        for match in OVERFULL.finditer(log):
            if float(match[2]) <= VISIBLE_PT:
                continue
            lines = re.search(r"lines? (\d+)", match[0])
            where = source_map.locate(int(lines[1])) if lines and name == "booklet" else None
            place = f"{where[0]}:{where[1]}" if where else f"{name}.pdf"
            found.append(f"{place}: runs off the page ({match[0]})")
    return found


def _answers(task: registry.Task) -> list:
    from engine.classroom import key

    return [a for a in key.load() if a.task == task.id]


def _key_problems(task: registry.Task, ledger) -> list[str]:
    from engine.classroom import key

    try:
        key.items(_answers(task), list(ledger))
    except UserError as err:
        return [str(err)]
    return []


def _task(task_id: str) -> registry.Task:
    try:
        task = registry.select([task_id])[0]
    except KeyError:
        known = ", ".join(t.id for t in registry.TASKS)
        raise UserError(
            f"no task {task_id!r} in templates/sheets.toml (tasks: {known}); "
            f'`python generate.py new {task_id} "Title"` creates one'
        ) from None
    stem = task_stem(task.id)
    for path in (f"solutions/{stem}.py", f"templates/{stem}.tex.j2", f"checks/oracles/{stem}.py"):
        if not (registry.SHEETS_FILE.parents[1] / path).is_file():
            raise located(path, None, f"missing: task {task.id} needs this file")
    return task


def _data(given: dict) -> str:
    """A variant's given data in one short line, so that a failure can be reproduced."""
    shown = [f"{name} = {' '.join(str(value).split())}" for name, value in given.items()]
    text = ", ".join(shown)
    return text if len(text) <= 120 else text[:117] + "..."


def _shown(path: Path) -> str:
    return os.path.relpath(path) if path.is_absolute() else str(path)


def _told(problems: list[str]) -> str:
    return "every one proven" if not problems else f"{len(problems)} problem(s)"


def _took(since: float) -> str:
    return f" ({time.perf_counter() - since:.1f} s)"
