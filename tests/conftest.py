"""Shared fixtures: the ledger of a full render (no TeX), and one real PDF build per test run."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent.parent


@cache
def full_booklet():
    """Every registered task rendered once (solutions + templates, no LaTeX)."""
    from engine import registry
    from engine.builds import pipeline

    return pipeline.render(registry.select(None))


@cache
def full_problems():
    """The problem sheet's source (statements only, no LaTeX)."""
    from engine import registry
    from engine.builds import pipeline

    return pipeline.render(registry.select(None), kind="problems")


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


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory, worker_id):
    """The real `generate.py --pdf --problems`, built once per run (`built_once`).
    (out dir, pdftotext text of the booklet)."""
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `make test`, which installs TeX Live")

    def build(out: Path) -> None:
        import generate

        assert generate.main(["--pdf", "--problems", "--quiet", "--out", str(out)]) == 0

    out = built_once(tmp_path_factory, worker_id, "pdf-build", build)
    # -layout keeps a matrix row on one line even inside a table, as a reader sees it
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "booklet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out, text
