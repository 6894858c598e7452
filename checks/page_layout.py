"""What a reader sees on the printed page that TeX's overfull boxes (checks/layout.py) miss:
words printed over other words, pages left more than a third empty, lines TeX had to stretch,
and inline formulas broken inside their brackets. Read from a compiled PDF (poppler's word
boxes, checks/pdf_words.py), its TeX log and its TeX source.

Each check returns human-readable findings `<file>: p. N: what`; none means the pages pass."""

from __future__ import annotations

import itertools
import re
import statistics
from pathlib import Path

from checks.pdf_words import Page, Word, pages, text_of

# --- words over words ---------------------------------------------------------------------------

# a word's box runs from the font's ascender to its descender; the ink sits in its middle half
_CORE = 0.25
OVERLAP = 0.2  # of the smaller word's core: scripts and stacked limits stay under it


def _core(w: Word) -> tuple[float, float, float, float]:
    inset = w.height * _CORE
    return w.x0, w.y0 + inset, w.x1, w.y1 - inset


def _covered(a: Word, b: Word) -> float:
    """How much of the smaller core the two cores share, from 0 to 1."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = _core(a), _core(b)
    dx, dy = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
    if dx <= 0 or dy <= 0:
        return 0.0
    smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return dx * dy / smaller if smaller > 0 else 0.0


def overlapping_words(pdf_pages: list[Page], name: str) -> list[str]:
    """Two words of different lines whose inked middles cross: a figure's label printed over
    another label or over a formula. Accents and primes (no letter or digit) are set over
    their letter on purpose and never count; nor does a word printed twice in one place."""
    found = []
    for page in pdf_pages:
        words = sorted((w for w in page.words if any(c.isalnum() for c in w.text)), key=_left)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b.x0 >= a.x1:
                    break
                same = a.text == b.text and abs(a.x0 - b.x0) < 1 and abs(a.y0 - b.y0) < 1
                if a.line != b.line and not same and _covered(a, b) > OVERLAP:
                    found.append(f"{name}: p. {page.number}: «{a.text}» printed over «{b.text}»")
    return found


def _left(w: Word) -> float:
    return w.x0


# --- pages left empty ---------------------------------------------------------------------------

# of the text height: about a third (word boxes stop short of the text area by a few points)
EMPTY = 0.3


def _is_folio(page: Page, row: list[Word]) -> bool:
    return text_of(row).isdigit() and row[0].y0 > 0.9 * page.height


def _body(page: Page) -> list[list[Word]]:
    return [row for row in page.rows() if not _is_folio(page, row)]


def empty_pages(pdf_pages: list[Page], name: str, tex: str = "") -> list[str]:
    """Pages whose text leaves more than `EMPTY` of the text height below it, unless the
    page ends the document, the next page opens a section the source starts with \\clearpage,
    or the next page opens with a figure, table or display (centred, no paragraph text)
    taller than the space left, which could not have started here."""
    bodies = [_body(page) for page in pdf_pages]
    filled = [b for b in bodies if b]
    if len(filled) < 2:
        return []
    top = statistics.median(b[0][0].y0 for b in filled)
    bottom = statistics.median(sorted(max(w.y1 for w in b[-1]) for b in filled)[len(filled) // 2 :])
    margin = statistics.median(min(w.x0 for w in b[0]) for b in filled)
    height = bottom - top
    cleared = _cleared_titles(tex)
    found = []
    for page, body, after in zip(pdf_pages, bodies, bodies[1:], strict=False):
        end = max((w.y1 for row in body for w in row), default=top)
        left = (bottom - end) / height
        if left <= EMPTY or not after:
            continue
        opening = text_of(after[0])
        if _skeleton(opening) and any(_skeleton(opening).startswith(t) for t in cleared):
            continue  # a \clearpage before a new section
        unit = _opening_unit(after, margin)
        if unit > bottom - end:
            continue  # a picture or display taller than the space left
        found.append(
            f"{name}: p. {page.number}: {left:.0%} of the text height left empty; "
            f"p. {page.number + 1} starts with «{opening[:60]}»"
        )
    return found


def _opening_unit(rows: list[list[Word]], margin: float) -> float:
    """The height of what opens a page before its first line of paragraph text (a row that
    starts at the left margin or a box's inset): 0 when the page opens with text."""
    for row in rows:
        if row[0].x0 - margin < 12 and sum(any(c.isalpha() for c in w.text) for w in row) >= 2:
            return row[0].y0 - rows[0][0].y0
    return rows[-1][0].y1 - rows[0][0].y0


_CLEARED = re.compile(r"\\clearpage\s*(?:%[^\n]*\n\s*)*\\section\*?\{([^{}\n]*)")


def _cleared_titles(tex: str) -> set[str]:
    return {_skeleton(m.group(1)) for m in _CLEARED.finditer(tex)} - {""}


def _skeleton(text: str) -> str:
    """Letters and digits only: a title as typed and as printed compare alike."""
    return "".join(c for c in re.sub(r"\\[a-zA-Z]+", "", text) if c.isalnum()).lower()


# --- stretched lines -----------------------------------------------------------------------------

STRETCHED = 5000  # TeX's badness: 100 is a full stretch of every space, 10000 is "infinitely bad"
_UNDERFULL = re.compile(
    r"Underfull \\hbox \(badness (\d+)\) ((?:in paragraph|in alignment|detected) at lines? [\d-]+)"
)
_SHIPPED = re.compile(r"\[(\d+)(?=[\s\]<{])")


def stretched_lines(log: str, name: str, pdf_pages: list[Page] = ()) -> list[str]:
    """TeX's underfull lines of badness `STRETCHED` or more: spaces pulled wide in a paragraph
    or a box, with the source lines the log gives and the page. TeX sets a paragraph before
    it ships the page out, so the line lands on the page after the last one shipped or on the
    one after that: of the two, the one that prints the line's words (read from the log as
    latin-1, see `_words_set`), else the first."""
    shipped = [(m.start(), int(m.group(1))) for m in _SHIPPED.finditer(log)]
    printed = {page.number: {w.text.strip(".,;:") for w in page.words} for page in pdf_pages}
    found = []
    for m in _UNDERFULL.finditer(log):
        if int(m.group(1)) < STRETCHED:
            continue
        before = [n for at, n in shipped if at < m.start()]
        first = before[-1] + 1 if before else 1
        words = _words_set(log[m.end() : log.find("\n\n", m.end())])
        page = max((first, first + 1), key=lambda n: (len(words & printed.get(n, set())), -n))
        found.append(f"{name}: p. {page}: stretched line, badness {m.group(1)} {m.group(2)}")
    return found


def _words_set(display: str) -> set[str]:
    """The Cyrillic words of TeX's display of a line: its T2A font codes 0xC0-0xFF are А-я,
    which a log read as latin-1 keeps (as UTF-8 they are lost)."""
    cyrillic = "".join(chr(ord(c) - 0xC0 + 0x410) if "\xc0" <= c <= "\xff" else c for c in display)
    return set(re.findall("[\u0410-\u044f]{3,}", cyrillic))


# --- formulas broken inside brackets ------------------------------------------------------------

_OPEN, _CLOSE = "([", ")]"
_MATH_SIGNS = set("=+−-·×/∗<>≤≥≈∑∂^_")


def _unclosed_tail(text: str) -> str | None:
    """What follows the last bracket the text leaves open, or None when it closes them all."""
    opened: list[int] = []
    for i, c in enumerate(text):
        if c in _OPEN:
            opened.append(i)
        elif c in _CLOSE and opened:
            opened.pop()
    return text[opened[-1] + 1 :] if opened else None


def _closing_head(text: str) -> str | None:
    """What comes before the first bracket the text closes without opening it, or None."""
    depth = 0
    for i, c in enumerate(text):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                return text[:i]
            depth -= 1
    return None


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _formula_part(text: str) -> bool:
    """No Cyrillic word (prose in brackets is Russian), and a sign of a formula or nothing."""
    return not _cyrillic(text) and (not text.strip() or any(c in _MATH_SIGNS for c in text))


def broken_brackets(pdf_pages: list[Page], name: str) -> list[str]:
    """An inline formula broken at a line's end inside its brackets: a paragraph line that
    leaves a bracket open on a formula and the next line, starting at the same left edge,
    closes it before any word of prose."""
    found = []
    for page in pdf_pages:
        rows = _body(page)
        for row, below in itertools.pairwise(rows):
            line, next_line = text_of(row), text_of(below)
            tail, head = _unclosed_tail(line), _closing_head(next_line)
            if tail is None or head is None or abs(row[0].x0 - below[0].x0) > 1:
                continue
            if below[0].y0 - row[-1].y1 > row[0].height or not line.rstrip().endswith(
                (*_MATH_SIGNS, *_OPEN, ",")
            ):
                continue
            if _formula_part(tail) and not _cyrillic(head):
                found.append(
                    f"{name}: p. {page.number}: formula broken inside brackets: "
                    f"«…{line[-30:]}» / «{next_line[:30]}…»"
                )
    return found


# --- all of them ---------------------------------------------------------------------------------


def page_findings(pdf: Path, log: str = "", tex: str = "") -> dict[str, list[str]]:
    """Every check on one compiled document, by kind; `log` read as latin-1 (see
    `stretched_lines`)."""
    name, read = Path(pdf).name, pages(Path(pdf))
    return {
        "overlapping text": overlapping_words(read, name),
        "pages left empty": empty_pages(read, name, tex),
        "stretched lines": stretched_lines(log, name, read),
        "formulas broken inside brackets": broken_brackets(read, name),
    }


def findings_in(out_dir: Path, name: str) -> list[str]:
    """The findings of `name`.pdf as built by engine.builds.pipeline in `out_dir`."""
    work = out_dir / f".latex-{name}"
    log, tex = work / f"{name}.log", work / f"{name}.tex"
    return [
        finding
        for kind in page_findings(
            out_dir / f"{name}.pdf",
            log.read_text(encoding="latin-1") if log.exists() else "",
            tex.read_text(encoding="utf-8", errors="replace") if tex.exists() else "",
        ).values()
        for finding in kind
    ]
