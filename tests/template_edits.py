"""Breaking a copy of the templates on purpose, and finding the broken line by its text (never
from the code under test)."""

from __future__ import annotations

from pathlib import Path


def edit(templates: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in templates/`name` with `new`."""
    path = templates / name
    source = path.read_text(encoding="utf-8")
    assert source.count(old) == 1, old
    path.write_text(source.replace(old, new), encoding="utf-8")


def line_of(templates: Path, name: str, text: str) -> int:
    """The 1-based line of templates/`name` holding `text`, which must occur on one line."""
    lines = (templates / name).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]
