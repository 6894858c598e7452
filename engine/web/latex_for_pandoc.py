"""A built document's LaTeX rewritten into what pandoc reads: the body and title alone (the
preamble redefines sectioning for TeX's page layout), the boxes' titles written out, babel's
Russian shorthands, the derivations' step justifications and the spacing commands pandoc's
TeX math reader does not know. Every rewrite keeps the meaning; a construct left over makes
pandoc warn, and the web edition treats a warning as an error (`--fail-if-warnings`), so
nothing is dropped silently.
"""

from __future__ import annotations

import re

from engine.tex.document import CLARIFICATION_TITLE, ORIGINAL_NOTE, REMARK_TITLE

# babel's shorthands, and the \jot between rows of fractions
BABEL = [
    ('"---', "—"),
    ('"--~', "–"),
    ('"~', "-"),
    ("<<", "«"),
    (">>", "»"),
    (r"\\[\jot]", r"\\[3pt]"),
]
_SPACED_DASH = re.compile(r'\s+"---')


def without_babel(text: str) -> str:
    """`text` without babel's shorthands, which pandoc does not read. A dash after a space
    never starts a line: a no-break space before it, as babel's `"---` gives in TeX."""
    text = _SPACED_DASH.sub("~—", text)
    for babel, plain in BABEL:
        text = text.replace(babel, plain)
    return text


# a correction in place (engine/tex/document.py), for a page without numbered footnotes (a
# quiz's question): the sheet's words in brackets after it
_IN_SENTENCE = ORIGINAL_NOTE[0].lower() + ORIGINAL_NOTE[1:]  # «(в исходном условии: …)»
_SCREEN_WORDS = r"\newcommand{\inprint}[1]{}\newcommand{\onscreen}[1]{#1}"  # the page's words
MACROS = (
    rf"\newcommand{{\amended}}[2]{{#1 ({_IN_SENTENCE}: #2)}}"
    r"\newcommand{\amendmark}{}"
    rf"\newcommand{{\amendnote}}[1]{{({ORIGINAL_NOTE}: #1)}}"
    f"{_SCREEN_WORDS}\n"
)
# ...and for the web edition, a footnote as in the PDF, which the page shows after the
# paragraph that calls it (edition.py: --reference-location=block); a display's or a list's
# correction, whose mark a page cannot place inside a formula, is a paragraph of its own
# after it (a footnote's mark alone there would seem to belong to the next paragraph)
FOOTNOTED = (
    rf"\newcommand{{\amended}}[2]{{#1\footnote{{{ORIGINAL_NOTE}: #2}}}}"
    r"\newcommand{\amendmark}{}"
    rf"\newcommand{{\amendnote}}[1]{{\par\textit{{({ORIGINAL_NOTE}: #1)}}\par}}"
    f"{_SCREEN_WORDS}\n"
)
_BEGIN = r"\begin{document}"
_TITLE = re.compile(r"^\\title\{.*\}%?$", re.M)
_REMARK = re.compile(r"\\begin\{remark\}(?:\[([^\]]*)\])?")
_CLARIFICATION = r"\begin{clarification}"
# a derivation's step and its justification (templates/macros.tex.j2): a column of its own
_JUSTIFIED = re.compile(r"\\tag\*\{\\small\\itshape\\color\{[^{}]*\}((?:[^{}]|\{[^{}]*\})*)\}")
_SIZED = re.compile(r"\\(big|Big|bigg|Bigg)[lr](?![a-zA-Z])")  # \Bigl( -> \Big(
# a decimal comma, `0{,}25`: a point to pandoc, so that the number stays one <mn> (a
# screen reader says «ноль целых двадцать пять сотых», not «ноль, запятая, двадцать пять»);
# the page shows it as a comma again (engine/web/edition.py)
DECIMAL = re.compile(r"(\d)\{,\}(\d)")
# TeX's line-breaking of a table cell (templates' `\spaceskip=... \relax` lines): nothing
# a browser needs, and pandoc would print the glue
_CELL_BREAKING = re.compile(r"^\\spaceskip=.*$\n?", re.M)
# a table's column types with TeX's spacing and paragraph settings (`@{}`, `>{...}`,
# `p{2.6cm}`): the plain types pandoc reads, one per column
_LONGTABLE = re.compile(r"\\begin\{longtable\}\{(.*)\}$", re.M)
# a table whose columns put every cell in math mode (`>{$}c<{$}`): pandoc drops the column
# type, so each such cell gets its own dollars
_TABLE = re.compile(r"(\\begin\{(tabular|longtable)\}\{(.*)\}\s*$)(.*?)(\\end\{\2\})", re.M | re.S)
_MATH_COLUMN = r">{$}"
_RULE = re.compile(
    r"^\s*(?:\\(?:toprule|midrule|bottomrule|hline|endhead|endfirsthead)\b\s*"
    r"|\\cmidrule(?:\([a-z]*\))?\{[^{}]*\}\s*)*"
)
_SPANNING = re.compile(r"\\multicolumn\{(\d+)\}\{((?:[^{}]|\{[^{}]*\})*)\}")
_SPACING = re.compile(r"[@<>]\{(?:[^{}]|\{[^{}]*\})*\}")
_SIZED_COLUMN = re.compile(r"([pmb])\{(?:[^{}]|\{[^{}]*\})*\}")
# «Сводка ответов» names the page of each answer; a web page links to it instead
_PAGE_REFERENCE = re.compile(r"\\pageref\{([^{}]*)\}")
# `$…$;\quad для`: a space in text after a formula, which pandoc's reader drops
_TEXT_QUAD = re.compile(r"(\$[;,.:])\\q?quad(?![a-zA-Z])")
_MATH_ONLY_LAYOUT = [r"\renewcommand{\arraystretch}{1.3}", r"\nobreak"]


def pandoc_source(tex: str) -> str:
    """The document `tex` as pandoc's LaTeX reader takes it."""
    head, begin, body = tex.partition(_BEGIN)
    title = _TITLE.search(head)
    body = _REMARK.sub(_remark_titled, body)
    body = body.replace(_CLARIFICATION, rf"{_CLARIFICATION}\textbf{{{CLARIFICATION_TITLE}.}} ")
    body = without_babel(body)
    body = _JUSTIFIED.sub(r"&& \\text{\1}", body)
    body = _SIZED.sub(r"\\\1", body)
    body = DECIMAL.sub(r"\1.\2", body)
    body = _CELL_BREAKING.sub("", body)
    body = _TABLE.sub(_math_cells, body)
    # a long table (the summary, the rubric, the key) is a list of entries: on a phone each
    # row becomes a card (engine/web/markup.py labels its cells, style.css lays them out)
    body = body.replace(r"\begin{longtable}", r"\begin{stacked}\begin{longtable}")
    body = body.replace(r"\end{longtable}", r"\end{longtable}\end{stacked}")
    body = _LONGTABLE.sub(_plain_columns, body)
    body = _SPANNING.sub(lambda m: rf"\multicolumn{{{m[1]}}}{{{_plain(m[2])}}}", body)
    body = body.replace(r"\\*", r"\\")  # a row kept with the next: pandoc prints the star
    body = _TEXT_QUAD.sub(r"\1 ", body)
    body = _PAGE_REFERENCE.sub(r"\\hyperref[\1]{→}", body)
    for layout in _MATH_ONLY_LAYOUT:
        body = body.replace(layout, "")
    heading = title.group(0) + "\n" if title else ""
    return "\\documentclass{article}\n" + FOOTNOTED + heading + begin + body


def _remark_titled(match: re.Match) -> str:
    topic = match.group(1)
    title = f"{REMARK_TITLE}: {topic}." if topic else f"{REMARK_TITLE}."
    return rf"\begin{{remark}}\textbf{{{title}}} "


def _plain_columns(match: re.Match) -> str:
    return r"\begin{longtable}{" + _plain(match.group(1)) + "}"


def _plain(spec: str) -> str:
    """`@{}l >{\\raggedright}p{2.6cm} r@{}` -> `llr`: a sized column is left-aligned text."""
    return "".join(c for c in _SIZED_COLUMN.sub("l", _SPACING.sub("", spec)) if c in "lcr")


def _math_cells(match: re.Match) -> str:
    head, _, spec, rows, end = match.groups()
    math = [_MATH_COLUMN in column for column in _columns(spec)]
    if not any(math):
        return match.group(0)
    kept = []
    for row in _split(rows, "\\\\"):
        rule = _RULE.match(row)
        cells = _split(row[rule.end() :], "&")
        cells = [
            f"${cell.strip()}$" if n < len(math) and math[n] and cell.strip() else cell
            for n, cell in enumerate(cells)
        ]
        kept.append(row[: rule.end()] + "&".join(cells))
    return head + "\\\\".join(kept) + end


def _columns(spec: str) -> list[str]:
    """`>{$}c<{$} l` -> ['>{$}c<{$}', 'l']: each column's type with what comes before and
    after it."""
    columns, pending = [], ""
    for piece in re.findall(r"[@<>!]\{(?:[^{}]|\{[^{}]*\})*\}|[pmb]\{[^{}]*\}|[lcrX]|\|", spec):
        if piece[0] == "<" and columns:
            columns[-1] += piece
        elif piece[0] in ">@!" or piece == "|":
            pending += piece
        else:
            columns.append(pending + piece)
            pending = ""
    return columns


def _split(text: str, separator: str) -> list[str]:
    """`text` split at `separator` where it stands outside braces and math."""
    parts, depth, start, n = [], 0, 0, 0
    while n < len(text):
        char = text[n]
        if char == "\\" and not text.startswith(separator, n):
            n += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, n):
            parts.append(text[start:n])
            n += len(separator)
            start = n
            continue
        n += 1
    parts.append(text[start:])
    return parts
