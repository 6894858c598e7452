"""The page check (checks/page_layout.py) finds each defect a reviewer saw at print size when
it is planted in a small document compiled with the booklet's own preamble and toolchain, and
finds nothing in the same document without the defect.

Where a finding names a page or a source line, the expectation is read from the planted
document (the line that holds the planted text), never from the check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks import page_layout
from checks.pdf_words import Page, Word, pages
from engine.store.cache import Store
from engine.tex import preamble
from engine.tex.document import Metadata, assemble
from engine.tex.latex import compile_pdf, tex_environment

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs TeX Live"),
]

SENTENCE = (
    "Градиент функции потерь по весам слоя равен произведению ошибки слоя на его вход, "
    "и поэтому обратный проход повторяет прямой в обратном порядке. "
)
PARAGRAPH = SENTENCE * 6 + "\n\n"
FULL_PAGES = PARAGRAPH * 12  # a little over two pages of text

# a figure whose labels sit apart, and the scripts, accents and limits that stack by design
FIGURE = r"""
\begin{center}\begin{tikzpicture}
\draw (0,0) -- (4,0);
\node[above] at (0,0) {$\approx 0{,}4805$};
\node[below] at (0,0) {$-0{,}75$};
\node at (4,0) {$w^{1}_{11} + \hat{y} + \sum_{i=1}^{n} x_i^2 + \frac{a}{b}$};
\end{tikzpicture}\end{center}
"""
OVERPRINTED = r"""
\begin{center}\begin{tikzpicture}
\node at (0,0) {$\approx 0{,}4805$};
\node at (0.15,0.05) {$-0{,}75$};
\end{tikzpicture}\end{center}
"""
# an inline formula broken inside its bracket, and prose in brackets broken as TeX may
BROKEN = (
    r"Берём logloss $L = -\bigl(y \ln \hat y + (1 - {}\penalty-10000 y) \ln (1 - \hat y)\bigr)$"
    " на каждом наблюдении.\n\n"
)
PROSE_IN_BRACKETS = (
    r"Веса меняются (например, веса,\newline смещения и входы, где $x = 1$,\newline"
    " а $y = 2$) на каждом шаге (по правилу $w \\gets w - \\gamma g$, где $g ={}$\\newline"
    " градиент потерь).\n\n"
)
STRETCHED = r"Короткая строка\linebreak{} и длинное продолжение абзаца." + "\n\n"
LEFT_EMPTY = PARAGRAPH * 2 + "\\newpage\n"


def _empty() -> tuple[str, dict]:
    return assemble("Проверка страниц", [], Metadata("Проверка", "Тест"), False)


@pytest.fixture(scope="module")
def store(shared_cache) -> Store:
    """The run's cache, holding the precompiled preamble the booklet compiles with
    (engine/tex/preamble.py: the same lines, each pass starting with its packages loaded;
    without it, as for the booklet, the documents compile from the preamble's text)."""
    store = Store(shared_cache)
    preamble.ensure(_empty()[0], store, tex_environment())
    return store


def build(tmp_path: Path, body: str, name: str, store: Store) -> tuple[Path, str, str]:
    """Compile `body` after the booklet's preamble and title, as the booklet compiles (with
    the run's cache: its format); the PDF, its log and source."""
    tex, source_map = _empty()
    tex = tex.replace("\\end{document}", body + "\n\\end{document}")
    work = tmp_path / name
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(compile_pdf(tex, work, source_map, name=name, store=store))
    return pdf, (work / f"{name}.log").read_text(encoding="latin-1"), tex


def findings(tmp_path: Path, store: Store, body: str, name: str = "doc") -> dict[str, list[str]]:
    pdf, log, tex = build(tmp_path, body, name, store)
    return page_layout.page_findings(pdf, log, tex)


CLEAN = FULL_PAGES + FIGURE + PROSE_IN_BRACKETS + FULL_PAGES


def test_a_clean_document_gives_no_finding(tmp_path, store):
    assert findings(tmp_path, store, CLEAN) == {
        "overlapping text": [],
        "pages left empty": [],
        "stretched lines": [],
        "formulas broken inside brackets": [],
    }


@pytest.mark.slow
def test_a_label_printed_over_another_is_found(tmp_path, store):
    found = findings(tmp_path, store, OVERPRINTED)
    assert len(found["overlapping text"]) == 1
    assert "p. 1:" in found["overlapping text"][0]
    assert "0,4805" in found["overlapping text"][0]
    assert "0,75" in found["overlapping text"][0]


def test_a_page_left_half_empty_before_ordinary_text_is_found(tmp_path, store):
    pdf, log, tex = build(tmp_path, LEFT_EMPTY + FULL_PAGES, "empty", store)
    found = page_layout.page_findings(pdf, log, tex)["pages left empty"]
    # the title and two paragraphs fill about half of the first page, then \newpage
    first = pages(pdf)[0]
    end = max(w.y1 for w in first.words if not w.text.isdigit())
    assert end < 0.6 * first.height  # the plant does leave the page half empty
    assert len(found) == 1
    assert "p. 1:" in found[0]
    assert "p. 2 starts with «Градиент" in found[0]


@pytest.mark.slow
def test_a_clearpage_before_a_section_is_a_reason(tmp_path, store):
    body = PARAGRAPH * 2 + "\\clearpage\\section{Новый раздел}\n" + FULL_PAGES
    assert findings(tmp_path, store, body, "cleared")["pages left empty"] == []
    # the same heading pushed over by \needspace is no reason: it could have started here
    pushed = body.replace("\\clearpage", "\\needspace{60\\baselineskip}")
    found = findings(tmp_path, store, pushed, "pushed")["pages left empty"]
    assert len(found) == 1
    assert "p. 2 starts with «Новый раздел" in found[0]


TALL_FIGURE = r"""
\begin{center}\begin{tikzpicture}
\node at (0,0) {верх рисунка};
\draw (0,-0.5) rectangle (6,-16);
\node at (3,-16.5) {низ рисунка};
\end{tikzpicture}\end{center}
"""


@pytest.mark.slow
def test_a_figure_taller_than_the_space_left_is_a_reason(tmp_path, store):
    pdf, log, tex = build(tmp_path, PARAGRAPH * 2 + TALL_FIGURE + FULL_PAGES, "tall", store)
    first, second = pages(pdf)[:2]
    assert "верх" not in {w.text for w in first.words}  # the figure did move to page 2
    assert "верх" in {w.text for w in second.words}
    assert page_layout.page_findings(pdf, log, tex)["pages left empty"] == []


def test_a_stretched_line_is_found_with_its_source_line(tmp_path, store):
    pdf, log, tex = build(tmp_path, PARAGRAPH + STRETCHED + PARAGRAPH, "stretched", store)
    found = page_layout.stretched_lines(log, pdf.name)
    line = next(n for n, text in enumerate(tex.splitlines(), 1) if "Короткая строка" in text)
    assert len(found) == 1
    assert "p. 1:" in found[0]
    assert "badness 10000" in found[0]
    assert f"lines {line}--" in found[0]  # the paragraph from the planted line


def test_only_a_badness_of_5000_or_more_is_a_stretched_line():
    log = (
        "[1] [2\n\n]\n"
        "Underfull \\hbox (badness 4999) in paragraph at lines 10--12\n"
        "Underfull \\hbox (badness 5000) in paragraph at lines 20--22\n[3]\n"
        "Underfull \\hbox (badness 10000) in alignment at lines 30--31\n"
    )
    assert page_layout.stretched_lines(log, "x.pdf") == [
        "x.pdf: p. 3: stretched line, badness 5000 in paragraph at lines 20--22",
        "x.pdf: p. 4: stretched line, badness 10000 in alignment at lines 30--31",
    ]


def t2a(text: str) -> str:
    """Cyrillic as TeX's log prints it in the T2A encoding (А-я at 0xC0-0xFF), read as latin-1."""
    return "".join(
        chr(0xC0 + "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя".index(c))
        if c.isalpha()
        else c
        for c in text
    )


def page_with(number: int, *texts: str) -> Page:
    words = tuple(
        Word(t, 60.0 + 40 * k, 100.0, 95.0 + 40 * k, 110.0, 0) for k, t in enumerate(texts)
    )
    return Page(number, 595.0, 842.0, words)


def test_a_stretched_line_is_placed_on_the_page_that_prints_it():
    log = (
        "[2]\nUnderfull \\hbox (badness 7064) in paragraph at lines 5--8\n"
        f"[]\\T2A/cmr/bx/n/10.95 {t2a('Ответ к пун')}[]{t2a('кту')} 1.\n []\n\n[3] [4]\n"
    )
    printed = [page_with(3, "Градиент", "слоя"), page_with(4, "Ответ", "к", "пункту", "1.")]
    assert page_layout.stretched_lines(log, "x.pdf", printed) == [
        "x.pdf: p. 4: stretched line, badness 7064 in paragraph at lines 5--8"
    ]
    printed = [page_with(3, "Ответ", "к", "пункту", "1."), page_with(4, "Градиент")]
    assert "p. 3:" in page_layout.stretched_lines(log, "x.pdf", printed)[0]


def test_a_formula_broken_inside_its_bracket_is_found(tmp_path, store):
    found = findings(tmp_path, store, PARAGRAPH + BROKEN + PARAGRAPH)[
        "formulas broken inside brackets"
    ]
    assert len(found) == 1
    assert "p. 1:" in found[0]
    assert "(1 −" in found[0]


@pytest.mark.slow
def test_prose_in_brackets_broken_over_lines_is_no_broken_formula(tmp_path, store):
    pdf, _, _ = build(tmp_path, PARAGRAPH + PROSE_IN_BRACKETS, "prose", store)
    lines = [" ".join(w.text for w in row) for p in pages(pdf) for row in p.rows()]
    # the planted brackets do span lines (else the test proves nothing)
    opened = next(k for k, text in enumerate(lines) if "(например" in text)
    assert ")" not in lines[opened].split("(например")[1]
    assert page_layout.broken_brackets(pages(pdf), pdf.name) == []
