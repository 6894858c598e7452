"""Shared fixtures: the ledger of a full render (no TeX), and one real PDF build per test run.

`pytest --task ID` runs only the tests concerning one task, on that task alone: its claims
against its oracles, its tests/tasks/ file, its key and rubric entries, its variants
(`.venv/bin/python -m pytest -q --task ranepa3.5`). Such a test is marked `per_task` and takes
the tasks it checks from `chosen_tasks()` (every task without --task); the rest is deselected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent.parent
PER_TASK = (
    "per_task: checks each task of the run (chosen_tasks()); --task ID keeps it, for ID alone"
)
_chosen: list[str] | None = None  # the --task of this run (None: every task), see pytest_configure


def cases(rows, slow=frozenset(), name=lambda row: row[0]) -> list:
    """`rows` as pytest.param named by `name`; those named in `slow` are marked slow (the quick
    suite keeps the commonest cases of a battery, `make test-all` runs every one)."""
    unknown = set(slow) - {name(row) for row in rows}
    assert not unknown, f"no such case: {sorted(unknown)}"
    return [
        pytest.param(*row, id=name(row), marks=pytest.mark.slow if name(row) in slow else ())
        for row in rows
    ]


def chosen_tasks():
    """The tasks this run checks: the one --task names, or every registered task."""
    from engine import registry

    return registry.select(_chosen)


def chosen_ids() -> list[str]:
    return [task.id for task in chosen_tasks()]


@cache
def full_booklet():
    """Every task of the run (chosen_tasks) rendered once (solutions + templates, no LaTeX)."""
    from engine.builds import pipeline

    return pipeline.render(chosen_tasks())


@cache
def full_problems():
    """The problem sheet's source (statements only, no LaTeX)."""
    from engine.builds import pipeline

    return pipeline.render(chosen_tasks(), kind="problems")


def template_source(task) -> str:
    """The text of a task's template, as its author wrote it."""
    from engine.builds import pipeline

    return (pipeline.TEMPLATES / task.template).read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory, worker_id):
    """Every build of the run shares one cache (content-addressed, signed, written atomically:
    safe across xdist workers), so the preamble's format and the pictures are made once per run,
    not once per test. Tests of the cache itself make their own."""
    from engine.builds import pipeline

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if worker_id != "master" else base) / "shared-cache"
    original = os.environ.get(pipeline.CACHE_VARIABLE)
    os.environ[pipeline.CACHE_VARIABLE] = str(shared)  # builds in subprocesses share it too
    yield shared
    if original is None:
        del os.environ[pipeline.CACHE_VARIABLE]
    else:
        os.environ[pipeline.CACHE_VARIABLE] = original


@pytest.fixture(scope="session")
def booklet():
    return full_booklet()


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A copy of the templates, used by the build in place of the real ones, to break."""
    from engine.builds import pipeline
    from engine.store import uptodate

    shutil.copytree(pipeline.TEMPLATES, tmp_path / "templates")
    monkeypatch.setattr(pipeline, "TEMPLATES", tmp_path / "templates")
    monkeypatch.setattr(uptodate, "TEMPLATES", tmp_path / "templates")
    monkeypatch.setattr(pipeline, "ROOT", tmp_path)
    return tmp_path / "templates"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current render (review the diff before committing)",
    )
    parser.addoption(
        "--task",
        metavar="ID",
        help="run only the tests concerning task ID (its claims, tests/tasks/ file, key and "
        "rubric entries, variants), rendering it alone; see `python generate.py --list`",
    )


def pytest_configure(config):
    global _chosen
    config.addinivalue_line("markers", PER_TASK)
    task_id = config.getoption("--task")
    if task_id is None:
        return
    from engine import registry

    try:
        registry.select([task_id])
    except KeyError:
        known = ", ".join(task.id for task in registry.TASKS)
        raise pytest.UsageError(f"--task {task_id}: no such task (known: {known})") from None
    _chosen = [task_id]


def pytest_report_header(config):
    if _chosen:
        (task,) = chosen_tasks()
        return f"--task {task.id} ({task.title}): only the tests concerning it, on it alone"
    return None


def pytest_ignore_collect(collection_path, config):
    """Under --task, modules with no per_task test are not even imported (quicker start)."""
    if not _chosen or not collection_path.name.startswith("test_") or collection_path.is_dir():
        return None
    if collection_path.is_relative_to(REPO / "tests" / "tasks"):
        return collection_path != _own_tests()
    return "per_task" not in collection_path.read_text(encoding="utf-8") or None


def _own_tests() -> Path:
    from engine.registry import task_stem

    sheet, name = task_stem(_chosen[0]).split("/")
    return REPO / "tests" / "tasks" / sheet / f"test_{name}.py"


def pytest_collection_modifyitems(config, items):
    """Under --task, keep the task's own tests/tasks/ file and the tests marked per_task."""
    if not _chosen:
        return
    tasks, own = REPO / "tests" / "tasks", _own_tests()
    kept, dropped = [], []
    for item in items:
        path = Path(item.path)
        if path.is_relative_to(tasks):
            keep = path == own
        else:
            keep = item.get_closest_marker("per_task") is not None
        (kept if keep else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter, config):
    if _chosen:  # the header is not shown under -q
        terminalreporter.write_line(f"--task {_chosen[0]}: the tests concerning it only")


def built_once(tmp_path_factory, worker_id: str, name: str, build) -> Path:
    """`build(out)` run once per test run however many xdist workers ask for it: the first
    builds into a directory they share, the others wait on a file lock and reuse it."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each worker's basetemp sits in the run's own directory
        shared = shared.parent
    out = shared / name
    with FileLock(str(shared / f"{name}.lock")):
        if not (out / "done").exists():
            out.mkdir(parents=True, exist_ok=True)
            build(out)
            (out / "done").touch()
    return out


VARIANTS = (1, 2, 3)  # the seeded variants the suite builds of every task (`variants_build`)


@pytest.fixture(scope="session")
def key_value(shared_cache):
    """tests/key_values.py's oracle of the key's numbers, `key_value(variant, task, label)`: one
    per worker, so that the class's and the quiz's tests render each variant's ledger once."""
    from tests import key_values

    return key_values.finder(shared_cache)


@pytest.fixture(scope="session")
def variants_build(tmp_path_factory, worker_id) -> Path:
    """The real `generate.py --tex --variants 1-3 --moodle --html` of every task, built once per run
    (`built_once`) on every core: its out dir. Its quiz is the one tests/test_moodle.py
    reads; and it fills the run's shared cache with what the class (tests/test_classroom.py)
    and the guide's walkthrough (tests/test_guide.py) build again: each variant's solve
    results, fragments and proofs, the statements' pictures. They ask for this fixture first,
    so that this work is done once per run, not by both workers at the same time."""

    def build(out: Path) -> None:
        import generate

        numbers = f"{VARIANTS[0]}-{VARIANTS[-1]}"
        args = ["--tex", "--variants", numbers, "--moodle", "--html", "--quiet"]
        assert generate.main([*args, "--out", str(out)]) == 0

    return built_once(tmp_path_factory, worker_id, "variants-build", build)


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory, worker_id):
    """The real `generate.py --pdf --problems --html`, built once per run (`built_once`).
    (out dir, pdftotext text of the booklet)."""
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `make test`, which installs TeX Live")

    def build(out: Path) -> None:
        import generate

        assert generate.main(["--pdf", "--problems", "--html", "--quiet", "--out", str(out)]) == 0

    out = built_once(tmp_path_factory, worker_id, "pdf-build", build)
    # -layout keeps a matrix row on one line even inside a table, as a reader sees it
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "booklet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out, text
