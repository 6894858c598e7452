"""Seeds that once failed `generate.py --stress`, kept for good: the test suite runs each."""

from __future__ import annotations

import json
from pathlib import Path

REGRESSION_SEEDS = Path(__file__).with_name("regression_seeds.json")


def regression_seeds() -> list[int]:
    return json.loads(REGRESSION_SEEDS.read_text(encoding="utf-8"))


def remember(seeds: list[int], fallback: Path) -> Path:
    """Add `seeds` to the kept list in a source checkout; an installed copy is not edited, the
    seeds go to `fallback` instead. Returns the file written."""
    if _in_checkout():
        kept = set(regression_seeds()) | set(seeds)
        REGRESSION_SEEDS.write_text(json.dumps(sorted(kept)) + "\n", encoding="utf-8")
        return REGRESSION_SEEDS
    fallback.parent.mkdir(parents=True, exist_ok=True)
    fallback.write_text(json.dumps(sorted(set(seeds))) + "\n", encoding="utf-8")
    return fallback


def _in_checkout() -> bool:
    return (REGRESSION_SEEDS.parent.parent / "pyproject.toml").is_file()
