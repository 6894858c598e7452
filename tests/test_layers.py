"""The layers import one way (CONTRIBUTING.md):

    generate.py, cli/  ->  engine/  ->  solutions/
            |                 ^
            v                 | the ledger and the task list only
         checks/  ------------+          (checks never imports solutions/)

and nothing outside tests/ imports tests/. Read from the source, not from a running import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

LAYERS = ("engine", "solutions", "checks", "cli", "tests", "generate")
# layer -> the first-party modules it must not import (a prefix forbids its sub-modules too)
FORBIDDEN = {
    "solutions": ("engine", "checks", "cli", "tests", "generate"),
    "engine": ("checks", "cli", "tests", "generate"),
    "checks": ("solutions", "cli", "tests", "generate", "engine"),
    "cli": ("tests", "generate"),
    "generate": ("tests",),
}
# what checks/ may read of the engine: the ledger it verifies and the task naming rule
ALLOWED = {"checks": ("engine.claims", "engine.registry")}


def imported_modules(source: str) -> set[str]:
    """Absolute first-party modules a source file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return {name for name in found if name.split(".")[0] in LAYERS}


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(layer: str, source: str) -> list[str]:
    bad = []
    for module in sorted(imported_modules(source)):
        if any(_under(module, allowed) for allowed in ALLOWED.get(layer, ())):
            continue
        if any(_under(module, forbidden) for forbidden in FORBIDDEN.get(layer, ())):
            bad.append(module)
    return bad


def sources() -> list[Path]:
    files = [REPO / "generate.py"]
    for layer in ("engine", "solutions", "checks", "cli", "tests", "scripts"):
        files += sorted((REPO / layer).rglob("*.py"))
    return files


def layer_of(path: Path) -> str:
    relative = path.relative_to(REPO)
    return relative.stem if len(relative.parts) == 1 else relative.parts[0]


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_imports_follow_the_layers(path):
    layer = layer_of(path)
    bad = violations(layer, path.read_text(encoding="utf-8"))
    if layer != "tests":
        bad += [m for m in imported_modules(path.read_text(encoding="utf-8")) if _under(m, "tests")]
    assert not bad, f"{path.relative_to(REPO)} ({layer}) must not import {sorted(set(bad))}"


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        (
            "solutions",
            "from engine.figures import networks",
            ["engine.figures", "engine.figures.networks"],
        ),
        ("solutions", "import numpy\nfrom solutions.forms import times", []),
        (
            "checks",
            "def f():\n    from solutions.nets import Dense",
            ["solutions.nets", "solutions.nets.Dense"],
        ),
        ("checks", "from engine.claims import Ledger", []),
        ("checks", "from engine import pipeline", ["engine", "engine.pipeline"]),
        ("engine", "import tests.conftest", ["tests.conftest"]),
        (
            "engine",
            "from checks.verify import failures",
            ["checks.verify", "checks.verify.failures"],
        ),
        ("cli", "from engine import pipeline\nfrom checks import verify", []),
    ],
)
def test_the_rule_catches_a_wrong_arrow(layer, source, expected):
    assert violations(layer, source) == expected
