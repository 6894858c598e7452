"""One name per task: every registered task has its solution module, template and oracle
module at the paths its id gives (engine.registry.task_stem), and no such file is orphaned."""

from __future__ import annotations

import re

import pytest

from engine import registry
from engine.registry import task_stem
from tests.conftest import REPO, chosen_tasks

SHEETS = [sheet.id for sheet in registry.SHEETS]
# where a task's files live, relative to the repository: (folder, name pattern, required)
PLACES = {
    "solution": ("solutions", "{stem}.py", True),
    "template": ("templates", "{stem}.tex.j2", True),
    "oracle": ("checks/oracles", "{stem}.py", True),
    "extra tests": ("tests/tasks", "{sheet}/test_{name}.py", False),
}


def expected(task: registry.Task, place: str) -> str:
    folder, pattern, _ = PLACES[place]
    sheet, name = task_stem(task.id).split("/")
    return f"{folder}/" + pattern.format(stem=task_stem(task.id), sheet=sheet, name=name)


@pytest.mark.per_task
@pytest.mark.parametrize("task", chosen_tasks(), ids=lambda t: t.id)
@pytest.mark.parametrize("place", [p for p, (_, _, required) in PLACES.items() if required])
def test_every_task_has_its_files(task, place):
    assert (REPO / expected(task, place)).is_file(), f"{task.id}: missing {expected(task, place)}"


def test_no_orphaned_task_file():
    """Every file in a sheet's folder belongs to a registered task (or is a part's
    introduction, or a package marker)."""
    known = {expected(task, place) for task in registry.TASKS for place in PLACES}
    known |= {f"templates/{task.part_template}" for task in registry.TASKS if task.part_template}
    orphans = []
    for folder, _, _ in PLACES.values():
        for path in sorted((REPO / folder).glob("*/*")):
            relative = path.relative_to(REPO).as_posix()
            if path.is_dir() or path.name == "__init__.py" or "__pycache__" in relative:
                continue
            if path.parent.name not in SHEETS or relative not in known:
                orphans.append(relative)
    assert orphans == []


def test_sheet_folders_are_registered_sheets():
    for folder in ("solutions", "templates", "checks/oracles", "tests/tasks"):
        for path in (REPO / folder).iterdir():
            if path.is_dir() and not path.name.startswith("__"):
                assert path.name in SHEETS, f"{folder}/{path.name} is not a sheet of the registry"


def test_stems_follow_the_convention():
    for task in registry.TASKS:
        assert re.fullmatch(rf"{task.sheet}/task\d\d", task_stem(task.id))
