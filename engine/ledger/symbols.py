"""A claim's symbol: what the page calls a value (L, p, w^1_0), declared beside the code that
computes it, in the solution module:

    SYMBOLS = {
        "classification.loss": "L",
        "layer1.output": "h",
        "layer1.output[i]": "h_{@i}",          # an entry: @i (and @j) count from 1
        "steps.*.w0_after[i]": r"w^{@i}_0",    # * is any item of a list; @n is its number from 1
        "given.W1": "W_1",
    }

A template prints "symbol = value" with `\\VAR{r.classification.loss|named}`, so it cannot pair
a symbol with another claim's value; the key and the quiz name a graded answer by its claim's
symbol. A path without a symbol has none (`named` on it is an error at its template line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_ENTRY = re.compile(r"\[(i|i,j)\]$")
_MISTAKE = re.compile(r"^mistakes\.[a-z][a-z0-9_]*\.")


class Symbols:
    """The symbols of one task's values, looked up by the claim path (without the task id)."""

    def __init__(self, table: Mapping[str, str], where: str = "SYMBOLS"):
        self._patterns: list[tuple[re.Pattern, str]] = []
        for key, symbol in table.items():
            if not isinstance(key, str) or not isinstance(symbol, str) or not symbol.strip():
                raise ValueError(f"{where}: {key!r}: a symbol is a path and its LaTeX")
            entry = _ENTRY.search(key)
            path = key[: entry.start()] if entry else key
            regex = re.escape(path).replace(r"\*", r"(?P<n>\d+)")
            if entry:
                regex += r"\[(?P<i>\d+)" + (r",(?P<j>\d+)" if "," in entry[1] else "") + r"\]"
            self._patterns.append((re.compile(regex + "$"), symbol))

    def __call__(self, path: str) -> str:
        """The symbol of the value at `path` (`layer1.output`, `steps.1.w0_after[2]`), or "";
        a typical mistake's value (`mistakes.<name>.<path>`) has the symbol of the right one."""
        path = _MISTAKE.sub("", path, count=1)
        for pattern, symbol in self._patterns:
            match = pattern.match(path)
            if match:
                return _numbered(symbol, match.groupdict())
        return ""


def _numbered(symbol: str, positions: dict) -> str:
    for name, value in positions.items():
        if value is not None:
            symbol = symbol.replace(f"@{name}", str(int(value) + 1))
    return symbol


def equation(symbol: str, shown: str, rounded: bool = False) -> str:
    """ "symbol = value" in LaTeX; `\\approx` where the value is shown rounded: when the
    caller says so (the `approx` filter), or when `shown` is the formatter's LaTeX of a value
    its decimal only approximates (`Latex.rounded`: a computed decimal such as a sympy Float,
    an irrational without its exact form). A `shown` that starts with `\\approx` brings its
    own relation."""
    if not symbol:
        return shown
    rounded = rounded or getattr(shown, "rounded", False)  # formatting.Latex
    relation = "" if shown.startswith(APPROX) else APPROX if rounded else "="
    return " ".join(filter(None, (symbol, relation, shown)))


APPROX = r"\approx"
NONE: Callable[[str], str] = Symbols({})
