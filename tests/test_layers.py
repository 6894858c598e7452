"""The layers import one way (CONTRIBUTING.md):

    generate.py, cli/  ->  engine/  ->  solutions/
            |                 ^
            v                 | the ledger and the task list only
         checks/  ------------+          (checks never imports solutions/)

and nothing outside tests/ imports tests/. Inside engine/ the rooms import one way too
(engine/__init__.py): each room only the rooms before it in ROOMS and the shared modules, and
no room holds more than a quarter of the engine's lines. Read from the source, not from a
running import."""

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
ALLOWED = {"checks": ("engine.ledger.claims", "engine.registry")}


ROOMS = ("store", "ledger", "render", "tex", "web", "classroom", "builds")
SHARED = ("engine.errors", "engine.registry")  # what every room may import


def room_of(path: Path) -> str | None:
    parts = path.relative_to(REPO).parts
    return parts[1] if parts[0] == "engine" and len(parts) > 2 else None


def room_violations(room: str | None, source: str) -> list[str]:
    """Imports of a later room (or, from a shared module, of any room but the store)."""
    allowed = ROOMS[: ROOMS.index(room) + 1] if room else ("store",)
    return sorted(
        module
        for module in imported_modules(source)
        if _under(module, "engine")
        and not any(_under(module, shared) for shared in SHARED)
        and module != "engine"
        and module.split(".")[1] not in allowed
    )


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
            "from engine.render.figures import networks",
            ["engine.render.figures", "engine.render.figures.networks"],
        ),
        ("solutions", "import numpy\nfrom solutions.forms import times", []),
        (
            "checks",
            "def f():\n    from solutions.nets import Dense",
            ["solutions.nets", "solutions.nets.Dense"],
        ),
        ("checks", "from engine.ledger.claims import Ledger", []),
        (
            "checks",
            "from engine.builds import pipeline",
            ["engine.builds", "engine.builds.pipeline"],
        ),
        ("engine", "import tests.conftest", ["tests.conftest"]),
        (
            "engine",
            "from checks.verify import failures",
            ["checks.verify", "checks.verify.failures"],
        ),
        ("cli", "from engine.builds import pipeline\nfrom checks import verify", []),
    ],
)
def test_the_rule_catches_a_wrong_arrow(layer, source, expected):
    assert violations(layer, source) == expected


ENGINE_FILES = sorted((REPO / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_rooms_import_one_way(path):
    bad = room_violations(room_of(path), path.read_text(encoding="utf-8"))
    assert not bad, f"{path.relative_to(REPO)} must not import {bad} (see engine/__init__.py)"


def test_every_engine_module_is_in_a_room_or_shared():
    loose = [
        str(p.relative_to(REPO))
        for p in ENGINE_FILES
        if room_of(p) is None and p.name != "__init__.py" and f"engine.{p.stem}" not in SHARED
    ]
    assert not loose, f"modules outside the rooms: {loose}"
    assert sorted(
        p.name for p in (REPO / "engine").iterdir() if p.is_dir() and p.name != "__pycache__"
    ) == sorted(ROOMS)


def test_no_room_holds_more_than_a_quarter_of_the_engine():
    def lines(files):
        return sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files)

    total = lines(ENGINE_FILES)
    sizes = {room: lines((REPO / "engine" / room).rglob("*.py")) for room in ROOMS}
    assert max(sizes.values()) <= total / 4, f"{sizes} of {total} lines"


@pytest.mark.parametrize(
    ("room", "source", "expected"),
    [
        ("tex", "from engine.render.origins import x\nfrom engine.store import cache", []),
        ("tex", "from engine.classroom import key", ["engine.classroom", "engine.classroom.key"]),
        (
            "store",
            "from engine.ledger.claims import Claim",
            ["engine.ledger.claims", "engine.ledger.claims.Claim"],
        ),
        (None, "from engine.store.tomlfile import read", []),
        (None, "from engine.builds import pipeline", ["engine.builds", "engine.builds.pipeline"]),
        ("builds", "from engine import registry, errors", []),
    ],
)
def test_the_room_rule_catches_a_wrong_arrow(room, source, expected):
    assert room_violations(room, source) == expected
