"""The number a key item names (`8.W1[1,0]`), found through templates/key.toml and a
variant's own ledger, rendered here and not through the code under test (the Moodle quiz, the
roster's key): an oracle for what those write."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from pathlib import Path

from engine import registry
from engine.builds import pipeline
from engine.store.cache import Store


def finder(cache: Path) -> Callable[[int, str, str], float]:
    """value_of(variant, task, label), rendering each (variant, task) once from `cache`."""
    key = tomllib.loads((pipeline.TEMPLATES / "key.toml").read_text(encoding="utf-8"))

    @functools.cache
    def ledger(variant: int, task: str) -> dict:
        tasks, store = registry.select([task]), Store(cache)
        return {c.id: c for c in pipeline.render(tasks, variant=variant, store=store).ledger}

    def value_of(variant: int, task: str, label: str) -> float:
        base, _, index = label.partition("[")
        (answer,) = [a for a in key["answer"] if a["task"] == task and a["label"] == base]
        value = ledger(variant, task)[f"{task}.{answer['claim']}"].value
        if not index:
            return value
        indices = [int(k) for k in index.rstrip("]").split(",")]
        flat = [entry for row in value for entry in row]
        return flat[indices[0]] if len(indices) == 1 else value[indices[0]][indices[1]]

    return value_of
