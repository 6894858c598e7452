"""pandoc's HTML finished for a browser: the page's landmarks, the pictures with their sizes
and a link to each alone, a punctuation mark kept on the line of the formula it ends, and
the small script (page.js) that fits a wide formula to the screen or shows that it scrolls.

pandoc's output is regular (one element per construct, attributes in a fixed order), so each
step is a rewrite of one construct it writes; tests/test_web.py and tests/test_browser.py
check the result in the page and in a real browser.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SCRIPT = Path(__file__).with_name("page.js")
_PT_TO_PX = 4 / 3
_SVG_SIZE = re.compile(rb'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"')
_STACKED = re.compile(r'<div class="stacked">\s*<table.*?</table>', re.S)
_HEADER = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_CELL = re.compile(r"<td(?![^>]*colspan)")  # a cell of one column (a sheet's title spans all)
# an inline formula and what may not start the next line after it: the marks that end a
# clause, a dash after a no-break space, a case ending (`$i$-го`)
_FORMULA_THEN_MARK = re.compile(
    r'(<math display="inline"(?:(?!</math>).)*</math>)((?:[.,;:!?)»]|\u00a0—|-[а-яё]+)+)', re.S
)
# pandoc writes `\hat` as a combining circumflex, which Chromium at times does not draw (4 of
# 212 hats on the sheets' page); MathML Core's accent is the spacing one
_COMBINING_HAT = '<mo accent="true">\u0302</mo>'
_SPACING_HAT = '<mo accent="true">\u02c6</mo>'
# TeX's `\,` in `50\,\%`, which pandoc writes as a six-per-em space: never a line's end
_THIN_SPACES = re.compile("[\u2006\u2009]")
_NARROW_NO_BREAK = "\u202f"
_NOTES = re.compile(r'<aside id="footnotes[^"]*"')


def finished(page: str) -> str:
    """The page with a <main> landmark after the table of contents, the script, each formula
    glued to the punctuation after it, and each cell of a stacked table labelled with its
    column's header (shown before it when the rows are cards, on a phone)."""
    head = f'  <script src="{SCRIPT.name}" defer></script>\n'
    head += '  <link rel="icon" href="data:," />\n'  # no request for /favicon.ico, no 404
    page = page.replace("</head>", head + "</head>", 1)
    start = page.index("</nav>") + len("</nav>") if "</nav>" in page else page.index("<body>") + 6
    end = page.rindex("</body>")
    page = page[:start] + "\n<main>" + page[start:end] + "</main>\n" + page[end:]
    page = _THIN_SPACES.sub(_NARROW_NO_BREAK, _STACKED.sub(_labelled, page))
    page = page.replace(_COMBINING_HAT, _SPACING_HAT)
    notes = iter(range(1, page.count("<aside") + 1))  # each block's footnotes: a landmark
    page = _NOTES.sub(lambda m: f'{m[0]} aria-label="Сноски, {next(notes)}"', page)
    return _FORMULA_THEN_MARK.sub(r'<span class="nobreak">\1\2</span>', page)


def _labelled(table: re.Match) -> str:
    labels = [re.sub(r"<[^>]+>|\s+", " ", header).strip() for header in _HEADER.findall(table[0])]
    rows = table[0].split("<tr")
    for n, row in enumerate(rows):
        cells = _CELL.split(row)
        if len(cells) == len(labels) + 1:  # a row of one cell a column
            rows[n] = cells[0] + "".join(
                f'<td data-label="{html.escape(label)}"' + rest
                for label, rest in zip(labels, cells[1:], strict=True)
            )
    return "<tr".join(rows)


def figure(src: str, svg: bytes, alternative: str) -> str:
    """The <figure> showing the SVG picture `svg` at `src`: at its own size, narrower on a
    small screen (pinch to zoom in), and a link to the picture alone."""
    size = _SVG_SIZE.search(svg[:2000])
    if size is None:
        raise ValueError(f"{src}: an SVG picture without a size in pt")
    width, height = (round(float(value) * _PT_TO_PX) for value in size.groups())
    return (
        f'<figure><a href="{src}"><img src="{src}" width="{width}" height="{height}" '
        f'alt="{html.escape(alternative)}" /></a></figure>'
    )
