"""A compiled PDF as a reader sees its pages: every word with its box, grouped in the lines
poppler's `pdftotext -bbox-layout` finds (a figure's label is a line of its own) and in rows
(the words whose middles share a band: a line of a paragraph with its subscripts).

Coordinates are PostScript points from the page's top-left corner, y growing downwards."""

from __future__ import annotations

import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

_NS = "{http://www.w3.org/1999/xhtml}"


class Word(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    line: int = 0  # the pdftotext line it belongs to, numbered through the page

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def beside(self, other: Word) -> bool:
        """Whether the two share some height: on one line, or a script beside its base."""
        return self.y0 < other.y1 and other.y0 < self.y1

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    words: tuple[Word, ...]

    def rows(self) -> list[list[Word]]:
        return rows_of(list(self.words))


def rows_of(words: list[Word]) -> list[list[Word]]:
    """Lines as a reader sees them: a word joins the row whose band holds its middle;
    full-size words found the rows (scripts and tall delimiters never do), so a script or a
    table cell stays on its line however pdftotext orders its words."""
    if not words:
        return []
    typical = statistics.median(w.height for w in words)
    bands: list[tuple[float, float, list[Word]]] = []
    for word in sorted(words, key=lambda w: (w.height > 1.5 * typical, -w.height, w.y0)):
        holding = [b for b in bands if b[0] <= word.middle <= b[1]]
        if holding:
            min(holding, key=lambda b: abs(b[0] + b[1] - 2 * word.middle))[2].append(word)
        else:
            bands.append((word.y0, word.y1, [word]))
    return [sorted(b[2], key=lambda w: w.x0) for b in sorted(bands, key=lambda b: b[0])]


def text_of(row: list[Word]) -> str:
    """A row's words joined as printed: a space where a gap shows."""
    return "".join(
        (" " if i and w.x0 - row[i - 1].x1 >= 0.5 else "") + w.text for i, w in enumerate(row)
    )


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # glyphs without a Unicode mapping come out as control characters, which XML forbids
    xml = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    found = []
    for n, page in enumerate(ET.fromstring(xml).iter(_NS + "page"), start=1):
        words = [
            Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), k)
            for k, line in enumerate(page.iter(_NS + "line"))
            for w in line.iter(_NS + "word")
        ]
        found.append(Page(n, float(page.get("width")), float(page.get("height")), tuple(words)))
    return found
