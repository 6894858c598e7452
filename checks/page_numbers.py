"""The numbers a compiled PDF prints, page by page, each with the structural rule that explains
it, if one does (`RULES`); checks/page_accounts.py matches the rest to the ledger.

The PDF is read with poppler's `pdftotext -bbox-layout`: every word with its box. The boxes
decide what plain text cannot: a subscript or exponent is a word of its own, set smaller and
touching its base, so `x_1`, `W_2^T`, `w^1_{11}` are names wherever the text layout puts the
digits (plain pdftotext splits `w^1_{11}` over two lines, leaving a bare `11`).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from checks.pdf_words import Word, rows_of, text_of
from checks.pdf_words import pages as pdf_pages

# --- numbers on the pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    page: int  # from 1
    token: str  # unsigned, decimal comma: "0,4655"; a dotted section number stays "3.5"
    context: str
    rule: str = ""  # the structural rule that explains it, or ""


class Page:
    def __init__(self, number: int, height: float, words: list[Word]):
        self.number, self.height, self.words, self.rows = number, height, words, rows_of(words)
        self.row_of = {w: row for row in self.rows for w in row}
        self._by_edge = sorted(words, key=lambda w: w.x1)
        self._edges = [w.x1 for w in self._by_edge]
        self.labels, self.ticks = _label_cells(self), _scale_words(self)  # the rules' findings

    def ending_near(self, x: float, tolerance: float) -> list[Word]:
        """The words whose right edge is within `tolerance` of `x`."""
        low = bisect.bisect_left(self._edges, x - tolerance)
        return self._by_edge[low : bisect.bisect(self._edges, x + tolerance)]


class Token(NamedTuple):
    text: str
    word: Word
    start: int  # where the token begins in word.text
    row: list[Word]


_TOKEN = re.compile(r"\d+(?:\.\d+)+|\d+(?:,\d+)?")


def _pages(pdf: Path) -> list[Page]:
    return [Page(p.number, p.height, list(p.words)) for p in pdf_pages(pdf)]


def _ends_with_letter(text: str, latin_or_greek: bool = False) -> bool:
    last = "".join(c for c in text if not unicodedata.combining(c))[-1:]  # x̄ ends with x
    name = unicodedata.name(last, "") if last else ""
    return last.isalpha() and (
        not latin_or_greek or name.startswith(("LATIN", "GREEK", "MICRO", "SCRIPT"))
    )


def _stacked(word: Word) -> bool:
    """Digits one above the other that pdftotext joined into one word: a subscript under a
    superscript (`a^2_1` reads `21`) or a small fraction (`\\frac14` reads `14`). A digit is
    about half as wide as it is high; these are several digits high and one wide."""
    digits = len(word.text)
    return word.text.isdigit() and digits > 1 and word.height * digits > 3.2 * (word.x1 - word.x0)


def _script_of_name(word: Word, page: Page) -> bool:
    """Is `word` a sub- or superscript of a name? It touches (within an italic correction) a
    word on its left ending with a Latin or Greek letter (x, W, δ; a Cyrillic word never takes
    a digit script) and is set smaller than it (but not 2.5 times: a rotated axis title is no
    base), or is a subscript and a superscript stacked (`_stacked`)."""
    return any(
        (2.5 * word.height > base.height > 1.25 * word.height or _stacked(word))
        and base.beside(word)
        and _ends_with_letter(base.text, latin_or_greek=True)
        for base in page.ending_near(word.x0, 2.0)
        if base is not word
    )


def _tokens(page: Page) -> list[Token]:
    """The number tokens of a page. Digits after a letter in one word (x1, w13, hse7, ranepa3.5)
    or opening a script of a name (`_script_of_name`) belong to the name: they are no number."""
    tokens = []
    for word in page.words:
        for match in _TOKEN.finditer(word.text):
            before = word.text[: match.start()]
            if _ends_with_letter(before) or (not before and _script_of_name(word, page)):
                continue
            row = page.row_of[word]
            if _stacked(word):  # a fraction 1 over 4: two numbers, top to bottom
                tokens += [Token(digit, word, i, row) for i, digit in enumerate(word.text)]
            else:
                tokens.append(Token(match.group(), word, match.start(), row))
    return tokens


# --- structural numbers, each by a stated rule -------------------------------------------------

# the names of numbered things: the number after one, or in a column under one, labels it
_NUMBERED = re.compile(
    r"(?:\b(?:задач|пункт|вариант|рисун|таблиц|глав|раздел)[а-яё]*|\b(?:рис|табл|с|стр|п)\.|№)$",
    re.IGNORECASE,
)


def folio(token: Token, page: Page) -> bool:
    """The page number: a number alone on a line in the bottom tenth of the page."""
    return len(token.row) == 1 and token.word.y0 > 0.9 * page.height


def contents_entry(token: Token, page: Page) -> bool:
    """A page number in the table of contents: the number ending a line on the page headed
    «Содержание», or ending a line that leads to it through leader dots (`. . .`)."""
    if token.row[-1] is not token.word or token.word.text != token.text:
        return False
    leaders = sum(w.text == "." for w in token.row) >= 3
    return leaders or any(text_of(row) == "Содержание" for row in page.rows)


def dotted_number(token: Token, page: Page) -> bool:
    """A section or item number (`3.5`, `6.1`): the booklet writes a decimal with a comma, so
    a point between digits never separates the places of a value."""
    return "." in token.text


def label_after_name(token: Token, page: Page) -> bool:
    """The label of a numbered thing: a number right after the word naming it («Задача 3»,
    «пункт 2», «п. 2», «Вариант 7», «№7»), or the page of a reference («с. 79», «стр. 3»)."""
    at = token.row.index(token.word)
    before = token.word.text[: token.start] or (token.row[at - 1].text if at else "")
    return bool(_NUMBERED.search(before))


def item_label(token: Token, page: Page) -> bool:
    """An item label opening a line: `1.`, `2)` or `(3)`, the line's first word."""
    return token.row[0] is token.word and bool(re.fullmatch(r"\(?\d+[.)]", token.word.text))


def label_column(token: Token, page: Page) -> bool:
    """In a table column headed by the name of a numbered thing (Задача, Пункт, Вариант,
    Стр.) the first number of each cell is a label. A header is a line without digits naming
    two numbered things or more, capitalised; the table ends at a line starting left of its
    first column (prose after it; a heading spanning the table starts in its first column)."""
    return (token.word, token.start) in page.labels


def _label_cells(page: Page) -> set[tuple[Word, int]]:
    firsts: set[tuple[Word, int]] = set()
    for top, header in enumerate(page.rows):
        named = [w for w in header if w.text[:1].isupper() and _NUMBERED.fullmatch(w.text)]
        if len(named) < 2 or any(c.isdigit() for c in text_of(header)):
            continue
        ends = {a: b.x0 - 2 for a, b in itertools.pairwise([*header, Word("", 1e9, 0, 0, 0)])}
        for row in page.rows[top + 1 :]:
            if row[0].x0 < header[0].x0 - 2:
                break
            for name in named:
                cell = [
                    w for w in row if name.x0 - 2 <= w.x0 < ends[name] and _TOKEN.search(w.text)
                ]
                if cell:
                    firsts.add((cell[0], _TOKEN.search(cell[0].text).start()))
    return firsts


def scale(token: Token, page: Page) -> bool:
    """A chart axis's tick labels (or any scale): three or more numbers standing alone (just
    before one, nothing but a number: `1,307 · 10^{-7}` is no tick) in one line or one column,
    equally spaced, whose values step evenly (`−1 0 1`; on a log axis the exponents of `10^k`).
    Their positions follow from their values: they say nothing of their own."""
    return token.word in page.ticks


def _scale_words(page: Page) -> set[Word]:
    powers = {  # a log axis labels its ticks 10^k: the raised exponent is the value
        ten: power
        for ten in page.words
        if ten.text == "10"
        for power in page.words
        if -0.5 <= power.x0 - ten.x1 <= 1 and power.y0 < ten.y0 - 0.5 and ten.beside(power)
    }
    marks = [  # (the word, its value, the words it covers)
        (w, _signed(powers.get(w, w).text), {w, powers.get(w, w)})
        for w in page.words
        if w not in powers.values() and _signed(powers.get(w, w).text) is not None
    ]
    numbers = {w for m in marks for w in m[2]}
    alone = [  # a rotated axis title (tall) may stand just before a tick label
        m
        for m in marks
        if not any(
            w not in numbers and w.beside(m[0]) and w.height < 2.5 * m[0].height
            for w in page.ending_near(m[0].x0 - 2, 2.5)
        )
    ]
    ticks: set[Word] = set()
    for line in (True, False):  # a line of labels with one top, or a right-aligned column
        aligned, along = (
            (lambda w: w.y0, lambda w: w.x0 + w.x1) if line else (lambda w: w.x1, lambda w: w.y0)
        )
        groups: list[list] = []
        for mark in sorted(alone, key=lambda m: aligned(m[0])):
            if groups and aligned(mark[0]) - aligned(groups[-1][0][0]) <= 1.5:
                groups[-1].append(mark)
            else:
                groups.append([mark])
        for group in groups:
            group.sort(key=lambda m: along(m[0]))
            run = group[:2]
            for mark in [*group[2:], None]:
                if mark and _steps_evenly([(along(m[0]), m[1]) for m in [*run, mark]]):
                    run.append(mark)
                    continue
                if len(run) >= 3:
                    ticks.update(w for m in run for w in m[2])
                run = [run[-1], mark] if mark else []
    return ticks


def _steps_evenly(points: list[tuple[float, float]]) -> bool:
    """Equal gaps in position (within a tenth), equal non-zero steps in value."""
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(points)]
    steps = [b[1] - a[1] for a, b in itertools.pairwise(points)]
    even = max(steps) - min(steps) <= 1e-9 * max(map(abs, steps))
    return min(gaps) > 0 and max(gaps) - min(gaps) <= 0.1 * min(gaps) and steps[0] != 0 and even


def _signed(text: str) -> float | None:
    match = re.fullmatch(r"([−-]?)(\d+(?:,\d+)?)", text)
    return (-1 if match[1] else 1) * float(match[2].replace(",", ".")) if match else None


RULES = (folio, contents_entry, dotted_number, label_after_name, item_label, label_column, scale)


# --- the check ---------------------------------------------------------------------------------


def numbers_on_pages(pdf: Path) -> list[Found]:
    """Every number token printed in `pdf`, page by page, with its line for context and the
    structural rule that explains it (`rule`, empty when none does)."""
    return [found for page in _pages(Path(pdf)) for found in numbers_on(page)]


def lines(pdf: Path) -> list[str]:
    """The text of `pdf` line by line as a reader sees it (`_rows`): a matrix row stays one
    line even where pdftotext's own layout splits it by its entries' baselines."""
    return [text_of(row) for page in _pages(Path(pdf)) for row in rows_of(page.words)]


def numbers_on(page: Page) -> list[Found]:
    """The number tokens of one page (`numbers_on_pages`)."""
    return [
        Found(page.number, t.text, _context(t), next((r.__name__ for r in RULES if r(t, page)), ""))
        for t in _tokens(page)
    ]


def _context(token: Token, width: int = 60) -> str:
    upto = text_of(token.row[: token.row.index(token.word) + 1])  # the line up to the token's word
    at = len(upto) - len(token.word.text) + token.start
    return text_of(token.row)[max(0, at - width // 2) :][:width].strip()
