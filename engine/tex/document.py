"""The LaTeX document: pylatex owns the class, packages and preamble; the body is the
rendered templates. `assemble` also returns where each rendered part landed in the file,
so a LaTeX error can be traced back to its template line (see `SourceMap`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pylatex import Command, Document, NoEscape, Package

from engine.render.templating import Rendered

_PART_MARK = "%% part "

# The boxes' titles and a correction's note, as every edition prints them (engine/web too).
REMARK_TITLE, CLARIFICATION_TITLE = "Замечание", "Уточнение к условию"
ORIGINAL_NOTE = "В исходном условии"

# A marked remark: where the sheet is ambiguous or wrong, and which reading is solved.
# Sharp corners: a rounded box costs TeX twice the time, a fifth of a booklet pass.
_REMARK_ENV = r"""
\newtcolorbox{remark}[1][]{sharp corners, colback=orange!6, colframe=orange!70!black, boxrule=0.5pt,
  left=4pt, right=4pt, top=3pt, bottom=3pt, fonttitle=\bfseries\small,
  title={<REMARK>\if\relax\detokenize{#1}\relax\else: #1\fi}}
\newtcolorbox{clarification}{sharp corners, colback=teal!5, colframe=teal!60!black, boxrule=0.5pt,
  left=4pt, right=4pt, top=3pt, bottom=3pt, fonttitle=\bfseries\small,
  title={<CLARIFICATION>}}
% Task headings ragged right, never hyphenated.
\makeatletter
\renewcommand\subsection{\@startsection{subsection}{2}{\z@}{-3.25ex\@plus -1ex \@minus -.2ex}%
  {1.5ex \@plus .2ex}{\normalfont\large\bfseries\raggedright\hyphenpenalty=10000}}
\makeatother
% A matrix keeps the text's row spacing inside a table that stretches its rows.
\AtBeginEnvironment{pmatrix}{\renewcommand{\arraystretch}{1}}
% A statement corrected in place: the corrected text, then a footnote with the sheet's own.
% In a display, \amendmark goes at the place and \amendnote{original} after the display.
% Marks in the Russian style, «слово¹⁾»: a bare superscript digit after a formula reads as a power.
\makeatletter
\renewcommand{\@makefnmark}{\hbox{\@textsuperscript{\normalfont\@thefnmark)}}}
\makeatother
\newcommand{\amended}[2]{#1\footnote{<ORIGINAL>: #2}}
\newcommand{\amendmark}{\ifmmode\text{\footnotemark}\else\footnotemark\fi}
\newcommand{\amendnote}[1]{\footnotetext{<ORIGINAL>: #1}}
% Words for one edition: \inprint{справа} in the PDF, \onscreen{ниже} on the web page
% (engine/web/latex_for_pandoc.py defines them the other way round).
\newcommand{\inprint}[1]{#1}
\newcommand{\onscreen}[1]{}
\newenvironment{captioned}{\par\medskip\noindent\begin{minipage}{\linewidth}\centering}%
  {\end{minipage}\par\medskip}
\newtcolorbox{answer}{sharp corners, colback=blue!4, colframe=blue!50!black, boxrule=0.4pt,
  left=4pt, right=4pt, top=2pt, bottom=2pt}
"""
for _mark, _text in [
    ("<REMARK>", REMARK_TITLE),
    ("<CLARIFICATION>", CLARIFICATION_TITLE),
    ("<ORIGINAL>", ORIGINAL_NOTE),
]:
    _REMARK_ENV = _REMARK_ENV.replace(_mark, _text)


def _document() -> Document:
    doc = Document(
        documentclass="article",
        document_options=["a4paper", "11pt"],
        fontenc="T2A",  # Cyrillic; cm-super supplies vector Type 1 fonts for it
        inputenc="utf8",
        lmodern=False,  # Latin Modern has no Cyrillic glyphs
        textcomp=True,
        page_numbers=True,
        geometry_options={"margin": "2.2cm"},
    )
    for name, options in [
        ("babel", ["russian"]),
        ("amsmath", None),
        ("mathtools", None),
        ("amssymb", None),
        ("booktabs", None),
        ("longtable", None),
        ("array", None),
        ("enumitem", None),
        ("xcolor", None),
        ("tcolorbox", None),
        ("needspace", None),  # a heading never alone at a page's foot
        ("etoolbox", None),
        ("tikz", None),
        ("pgfplots", None),
        ("hyperref", ["hidelinks"]),
    ]:
        doc.packages.append(Package(name, options=options))
    doc.preamble.append(NoEscape(r"\usetikzlibrary{arrows.meta,positioning}"))
    doc.preamble.append(NoEscape(r"\pgfplotsset{compat=1.18}"))
    doc.preamble.append(NoEscape(r"\setlength{\parindent}{0pt}\setlength{\parskip}{4pt plus 2pt}"))
    # inline formulas break after "=" or "+" only when nothing else fits: "x_1 =" at a line's
    # end and "-1" at the next line's start read as two formulas
    doc.preamble.append(NoEscape(r"\relpenalty=9000 \binoppenalty=9500"))
    # a paragraph with an unbreakable formula (brackets are kept whole: `{(1 - y)}`) may
    # stretch its spaces a little more rather than push the formula into the margin
    doc.preamble.append(NoEscape(r"\setlength{\emergencystretch}{3em}"))
    # headings unnumbered: "Задача 5" names a task, and "1.5" would clash with its items
    doc.preamble.append(NoEscape(r"\setcounter{secnumdepth}{0}"))
    doc.preamble.append(NoEscape(_REMARK_ENV))
    return doc


@dataclass(frozen=True)
class SourceMap:
    """Maps a line of the assembled .tex back to (template path, template line)."""

    starts: tuple[int, ...]  # 1-based .tex line of each part's first line
    parts: tuple[Rendered, ...]

    def locate(self, tex_line: int, column: int | None = None) -> tuple[str, int] | None:
        """(template path, line) that wrote `tex_line` (at `column`, if known); None for the
        preamble and other lines no template wrote."""
        k = bisect_right(self.starts, tex_line) - 1
        if k < 0:
            return None
        offset = tex_line - self.starts[k]
        part = self.parts[k]
        if offset >= len(part.lines):
            return None
        origin = part.origin(offset, column)
        return origin.template, origin.line


@dataclass(frozen=True)
class Metadata:
    """The PDF's document information (what a viewer shows under Properties)."""

    title: str
    author: str
    subject: str = "Обратное распространение ошибки и матричное дифференцирование"
    language: str = "ru-RU"

    def hypersetup(self) -> str:
        fields = {
            "pdftitle": self.title,
            "pdfauthor": self.author,
            "pdfsubject": self.subject,
            "pdflang": self.language,
        }
        return r"\hypersetup{" + ", ".join(f"{k}={{{v}}}" for k, v in fields.items()) + "}"


def assemble(
    title: str, parts: list[Rendered], metadata: Metadata, contents: bool = True
) -> tuple[str, SourceMap]:
    doc = _document()
    doc.preamble.append(NoEscape(metadata.hypersetup()))
    doc.preamble.append(Command("title", NoEscape(title)))
    doc.preamble.append(Command("date", ""))
    doc.append(NoEscape(r"\maketitle" + ("\n" r"\tableofcontents" if contents else "")))
    for k, part in enumerate(parts):
        doc.append(NoEscape(f"{_PART_MARK}{k}\n{part.text}"))
    tex = doc.dumps()
    starts = {}
    for number, line in enumerate(tex.splitlines(), start=1):
        if line.startswith(_PART_MARK):
            starts[int(line[len(_PART_MARK) :])] = number + 1
    return tex, SourceMap(tuple(starts[k] for k in range(len(parts))), tuple(parts))
