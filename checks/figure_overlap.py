"""Labels printed over the lines of a figure or over each other. The page check
(checks/page_layout.py) sees words over words on a whole page; a figure needs more: an edge
passing under a label that has no white fill leaves no trace in the text, and a label's white
fill can hide half of the label next to it.

A figure is read twice: as drawn, and typeset again with the text of every node made
invisible, its fills and frames kept (engine/tex/pictures.py, `drawn_twice`). The drawn one
gives the labels' word boxes (poppler's `pdftotext -bbox-layout`); the text-less one,
rasterized, shows what lies under them. A label with a white fill hides the line under it in
both, and passes; a line drawn after the label, over its fill, shows in the text-less raster,
and is found. Two labels meet when their word boxes do (`_crossing`).

Each finding reads `<figure>: what`; none means the figure passes."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from checks.pdf_words import Word, pages

DPI = 144  # two pixels to the point: a semithick line is a pixel or two wide
DARK = 128  # of 255: a line's ink; a light fill (a grid's gray, a region's tint) is paler
INK = 4  # dark pixels in a label's core that make a line under it, not a stray edge pixel
_CORE = 0.25  # of a word's height, cut off above and below: its box runs from ascender to
# descender, the ink sits in the middle
_SIDE = 0.5  # pt cut off left and right: a line may end at a label's side, not cross it
_FILL = 1.0  # pt: how far a label's white fill reaches past its text, hiding what is there
_KERN = 0.5  # pt two words of one line may share: a kerned pair, a script at its base
_SCRIPT = 0.8  # of the base's height, at least: a word smaller than that is a script


def rasters(pdf: Path) -> list[np.ndarray]:
    """Each page of `pdf` in gray levels (0 black, 255 white), `DPI` pixels to the inch."""
    with tempfile.TemporaryDirectory(prefix="figure-raster-") as folder:
        root = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(root)],
            capture_output=True,
            check=True,
        )
        return [_pgm(path.read_bytes()) for path in sorted(Path(folder).glob("page-*.pgm"))]


def _pgm(pgm: bytes) -> np.ndarray:
    fields = pgm.split(maxsplit=4)  # P5, width, height, maximum, pixels
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(fields[4][: width * height], dtype=np.uint8).reshape(height, width)


def _dark_under(word: Word, gray: np.ndarray) -> int:
    """How many dark pixels of the text-less raster lie in the word's inked middle."""
    scale = DPI / 72
    inset = word.height * _CORE
    x0, x1 = (word.x0 + _SIDE) * scale, (word.x1 - _SIDE) * scale
    y0, y1 = (word.y0 + inset) * scale, (word.y1 - inset) * scale
    if x1 <= x0 or y1 <= y0:
        return 0
    cut = gray[int(y0) : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))]
    return int((cut < DARK).sum())


def _crossing(a: Word, b: Word) -> bool:
    """Whether two labels' words meet. Words poppler reads as different lines and of one size
    (not neighbours in one label, nor a script at its base) meet when their boxes come within
    the reach of a white fill, which hides what it covers, a word's upper half as much as all
    of it. Others (poppler reads two labels set side by side as one line) when their inked
    middles share some height and their widths overlap by more than a kern."""
    dx = min(a.x1, b.x1) - max(a.x0, b.x0)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if a.line != b.line and min(a.height, b.height) > _SCRIPT * max(a.height, b.height):
        return dx > -_FILL and dy > _CORE * min(a.height, b.height)
    return dx > _KERN and dy > _CORE * (a.height + b.height)


def over_labels(words: list[Word], name: str) -> list[str]:
    """Each pair of words of different labels printed over each other (or within a fill's
    reach). Accents and primes (no letter or digit) are set over their letter on purpose."""
    inked = sorted((w for w in words if any(c.isalnum() for c in w.text)), key=lambda w: w.x0)
    found = []
    for i, a in enumerate(inked):
        for b in inked[i + 1 :]:
            if b.x0 >= a.x1 + _FILL:
                break
            if _crossing(a, b):
                found.append(f"{name}: «{a.text}» printed over «{b.text}»")
    return found


def figure_findings(drawn: Path, bare: Path, names: list[str]) -> list[str]:
    """Labels over labels and labels over lines in figures typeset one to a page, as drawn in
    `drawn` and text-less in `bare`, page k named `names[k]`."""
    found = []
    for page, gray, name in zip(pages(drawn), rasters(bare), names, strict=True):
        found += over_labels(list(page.words), name)
        found += [
            f"{name}: «{word.text}» printed over a line"
            for word in page.words
            if word.text.strip() and _dark_under(word, gray) >= INK
        ]
    return found


def findings_of(names: list[str], pdf: bytes, textless: bytes) -> list[str]:
    """`figure_findings` of figures given as the bytes of the two PDFs."""
    with tempfile.TemporaryDirectory(prefix="figure-overlap-") as folder:
        drawn, bare = Path(folder) / "drawn.pdf", Path(folder) / "bare.pdf"
        drawn.write_bytes(pdf)
        bare.write_bytes(textless)
        return figure_findings(drawn, bare, names)
