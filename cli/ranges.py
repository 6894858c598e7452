"""Parsing the numeric ranges the command line takes."""

from __future__ import annotations

import re

from engine.registry import MAX_VARIANT

MAX_VARIANTS = 1000  # per run: a large course, with every variant distinct in the big pools
_RANGE = re.compile(r"([0-9]+)(?:-([0-9]+))?")  # ASCII digits only: no +1, 1_0 or ١


def parse_range(text: str) -> range:
    """`3-7` -> 3..7 inclusive; a single `5` is 5..5. ValueError says what is wrong."""
    found = _RANGE.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"--variants wants A-B with whole numbers, got {text!r}")
    a, b = int(found[1]), int(found[2] or found[1])
    if a < 1 or b < a or b > MAX_VARIANT:
        raise ValueError(f"--variants wants 1 ≤ A ≤ B ≤ {MAX_VARIANT}, got {text!r}")
    if b - a + 1 > MAX_VARIANTS:
        raise ValueError(
            f"--variants {text}: {b - a + 1} variants; at most {MAX_VARIANTS} in one run"
        )
    return range(a, b + 1)


def parse_variant(text: str) -> int:
    """`--variant N`: 0 (the sheets) up to MAX_VARIANT."""
    if not re.fullmatch(r"[0-9]+", text.strip()) or int(text) > MAX_VARIANT:
        raise ValueError(f"--variant wants a whole number from 0 to {MAX_VARIANT}, got {text!r}")
    return int(text)
