"""A copy of the project's tree for tests that add content (a task, a sheet) and run
generate.py in it, so the working tree is never touched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# requirements.lock too: cached solves are keyed by it (engine/builds/fragments.py), so that
# builds in the copy share the run's cache (conftest.py `shared_cache`) with the real tree's
CONTENT = (
    "engine",
    "solutions",
    "checks",
    "cli",
    "templates",
    "generate.py",
    "pyproject.toml",
    "requirements.lock",
)


def copy_tree(destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__")
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy(source, destination / name)
    return destination


def run(tree: Path, *args: str) -> subprocess.CompletedProcess:
    """`python generate.py *args` in `tree`."""
    return subprocess.run(
        [sys.executable, "generate.py", *args], cwd=tree, capture_output=True, text=True
    )
