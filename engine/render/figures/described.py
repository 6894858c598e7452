"""A figure's description for a reader who cannot see it, built from the data it is drawn
from: a TeX comment `% alt: …` before the picture's end, which TeX ignores and the web
edition gives the picture as its alternative text (engine/web/edition.py)."""

from __future__ import annotations

import re

ALT = "% alt: "
_SPACES = re.compile(r"[ \t\n]+")
_END = r"\end{tikzpicture}"


def described(tikz: str, *sentences: str) -> str:
    """The picture `tikz` with its description (LaTeX fragments allowed: the web edition
    writes them as plain text), on one line."""
    # not str.split(): it would take the template's line markers (engine/render/origins.py)
    # for spaces
    text = " ".join(_SPACES.sub(" ", s).strip(" ") for s in sentences if _SPACES.sub("", s))
    head, end, tail = tikz.rpartition(_END)
    return f"{head}{ALT}{text}\n{end}{tail}" if end else tikz


def listed(items) -> str:
    return ", ".join(str(item) for item in items)


def spoken(token: str) -> str:
    """A coordinate as pgfplots reads it (`-0.25`) as the page prints numbers: `−0,25`."""
    return token.replace("-", "−").replace(".", ",")
