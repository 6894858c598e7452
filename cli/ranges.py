"""Parsing the numeric ranges the command line takes."""

from __future__ import annotations

MAX_VARIANTS = 1000  # per run: a large course, with every variant distinct in the big pools


def parse_range(text: str) -> range:
    """`3-7` -> 3..7 inclusive; a single `5` is 5..5. ValueError says what is wrong."""
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"--variants wants A-B with integers, got {text!r}") from None
    if a < 1 or b < a:
        raise ValueError(f"--variants wants 1 ≤ A ≤ B, got {text!r}")
    if b - a + 1 > MAX_VARIANTS:
        raise ValueError(
            f"--variants {text}: {b - a + 1} variants; at most {MAX_VARIANTS} in one run"
        )
    return range(a, b + 1)
