"""`generate.py new ID "Title"`: the first draft of a task, written in content folders only.

Writes a working example (a derivative at a point) that `generate.py check ID` proves and
typesets as generated: the solution module, the template, the oracle, the task's entry in
templates/sheets.toml, and in templates/rubric.toml its points with the answer to grade. The
author then replaces the example with the problem. Nothing is overwritten: an existing task
or file stops it, and the files are written together or not at all (engine/store/publish.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from filelock import FileLock

from engine import registry
from engine.errors import UserError
from engine.registry import SHEET_ID, TASK_NUMBER, task_stem
from engine.store.publish import publish

STARTER = Path(__file__).resolve().parent / "starter"


def new_task(task_id: str, title: str, sheet_title: str | None, subject: str | None) -> list[str]:
    """The files written, as paths relative to the repository, in the order to edit them."""
    root = registry.SHEETS_FILE.parents[1]
    sheet, _, number = task_id.partition(".")
    if not SHEET_ID.fullmatch(sheet) or not TASK_NUMBER.fullmatch(number):
        raise UserError(
            f"task id {task_id!r}: write it as <sheet>.<number>, e.g. ranepa3.13 (a sheet id is "
            "lower-case letters, digits and _; the number 1 to 999 without a leading zero)"
        )
    title = " ".join(title.split())
    if not title:
        raise UserError("the title is empty: give a short Russian title in quotes")
    lock = root / "build" / ".new.lock"  # two `new` at once: each reads what the other wrote
    lock.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(lock):
        return _written(root, task_id, title, sheet_title, subject)


def _written(root: Path, task_id: str, title: str, sheet_title, subject) -> list[str]:
    sheet = task_id.partition(".")[0]
    sheets, tasks = registry.fresh()
    known = {t.id for t in tasks}
    if task_id in known:
        raise UserError(f"task {task_id} exists already (templates/sheets.toml); pick a number")
    stem = task_stem(task_id)
    paths = {
        "solution": f"solutions/{stem}.py",
        "template": f"templates/{stem}.tex.j2",
        "oracle": f"checks/oracles/{stem}.py",
    }
    for path in paths.values():
        if (root / path).exists():
            raise UserError(f"{path} exists already; move it away or pick another number")
    files: dict[Path, str] = {}
    for kind, path in paths.items():
        starter = (STARTER / Path(path).name.replace(Path(stem).name, kind)).read_text("utf-8")
        text = starter.replace("@ID@", task_id).replace("@TITLE@", title)
        files[root / path] = text.replace("@STEM@", stem)
    sheets_text = registry.SHEETS_FILE.read_text(encoding="utf-8")
    if sheet in {s.id for s in sheets}:
        files[registry.SHEETS_FILE] = _with_task(sheets_text, sheet, task_id, title)
    else:
        if not sheet_title or not subject:
            raise UserError(
                f"sheet {sheet!r} is new: give --sheet-title (as on the sheet) and --subject "
                "(the booklet's title reads «Решения задач по <subject>»)"
            )
        files[registry.SHEETS_FILE] = _with_sheet(sheets_text, sheet, sheet_title, subject)
        files[registry.SHEETS_FILE] = _with_task(files[registry.SHEETS_FILE], sheet, task_id, title)
        for package in (f"solutions/{sheet}", f"checks/oracles/{sheet}"):
            if not (root / package / "__init__.py").exists():
                files[root / package / "__init__.py"] = ""
    rubric = root / "templates" / "rubric.toml"
    files[rubric] = rubric.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + _grading(task_id)
    publish(files)
    return [*paths.values(), "templates/sheets.toml", "templates/rubric.toml"]


def _with_task(text: str, sheet: str, task_id: str, title: str) -> str:
    """`text` with the task appended to the end of its sheet's section."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\s*[\"']?{re.escape(sheet)}[\"']?\s*\]")
    start = next(i for i, line in enumerate(lines) if header.match(line))
    own = re.compile(rf"^\s*\[\[?\s*[\"']?{re.escape(sheet)}[\"']?\s*[.\]]")
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].lstrip().startswith("[") and not own.match(lines[i])
        ),
        len(lines),
    )
    while end > start and not lines[end - 1].strip():
        end -= 1
    entry = ["", f"[[{sheet}.tasks]]", f"id = {_string(task_id)}", f"title = {_string(title)}"]
    return "\n".join([*lines[:end], *entry, *lines[end:]]) + "\n"


def _with_sheet(text: str, sheet: str, title: str, subject: str) -> str:
    fields = [
        f"title = {_string(title)}",
        f"author = {_string(title)}",
        f"subject = {_string(subject)}",
    ]
    return text.rstrip("\n") + f"\n\n[{sheet}]\n" + "\n".join(fields) + "\n"


def _grading(task_id: str) -> str:
    """The task's rubric table and its key answer, in one place (engine/classroom/key.py)."""
    name = _string(task_id)
    return (
        f'[{name}]\ntotal = 10\npoints = {{ "" = 10 }}\n'
        'partial = { "" = \'верная производная без значения в точке "--- 5\' }\n\n'
        f'[[{name}.answers]]\nlabel = "slope"\nclaim = "slope"\nwhat = \'f^{{\\prime}}(x_0)\'\n'
    )


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
