"""The seeds `generate.py --stress` checks: 1..N, and those that once failed, kept for good.

CI runs `make stress` (`--stress` with DEFAULT_STRESS seeds, compiling every other one), so a
property proven there needs no slow copy in the default test suite.
"""

from __future__ import annotations

import json
from pathlib import Path

REGRESSION_SEEDS = Path(__file__).with_name("regression_seeds.json")
DEFAULT_STRESS = 12  # `--stress` without a number: what CI runs
STRESS_PDF_EVERY = 2  # --stress N --pdf compiles seeds 2, 4, 6, ...


def stress_seeds(count: int) -> list[int]:
    """Seeds 1..count and every regression seed, in order."""
    return sorted(set(range(1, count + 1)) | set(regression_seeds()))


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
