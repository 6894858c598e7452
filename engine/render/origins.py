"""Where each piece of rendered text came from: template file and line, down to the column.

A Jinja extension marks the template text as it is compiled: every run of literal text
starts with an invisible marker naming its template and line, and every line break in it is
followed by the next line's marker. The markers ride along through blocks, parent
templates, imported macros and `call` blocks alike, so the rendered text itself says which
template line wrote each character. String literals passed to a macro or a figure helper
(`\\VAR{table(["k = 1"], ...)}`) are marked too: what a macro prints from them is
found at the line of the call, not in the macro. `strip` removes them and returns the map.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# Control characters that neither LaTeX sources nor templates contain.
_START, _SEP, _END = "\x02", "\x1f", "\x03"
_MARKER = re.compile(f"{_START}([^{_SEP}]*){_SEP}(\\d+){_END}")


class Origin(NamedTuple):
    column: int  # from this column of the output line on...
    template: str  # ...the text came from this template (name under the template root)
    line: int  # ...at this line


def marker(template: str, line: int) -> str:
    return f"{_START}{template}{_SEP}{line}{_END}"


class LineMarkers(Extension):
    """Marks the literal text of every template with its template and line."""

    def filter_stream(self, stream: TokenStream):
        name = stream.name or "<string>"
        brackets: list[bool] = []  # open brackets, each: is it a call's argument list?
        before: list[str] = ["", ""]  # the two previous token types
        for token in stream:
            if token.type == "data":
                pieces = token.value.split("\n")
                marked = [marker(name, token.lineno + k) + piece for k, piece in enumerate(pieces)]
                token = Token(token.lineno, "data", "\n".join(marked))
            elif token.type in ("lparen", "lbracket", "lbrace"):
                brackets.append(_opens_call(token.type, before))
            elif token.type in ("rparen", "rbracket", "rbrace") and brackets:
                brackets.pop()
            elif token.type == "string" and any(brackets):
                token = Token(token.lineno, "string", marker(name, token.lineno) + token.value)
            elif token.type in ("block_end", "variable_end"):
                brackets.clear()
            before = [before[1], token.type]
            yield token


def _opens_call(kind: str, before: list[str]) -> bool:
    """`name(` not after `.` or `|`: a macro or global helper, whose string arguments are
    text to print; a method's or filter's may be compared or looked up, so stay unmarked."""
    return kind == "lparen" and before[1] == "name" and before[0] not in ("dot", "pipe")


def without_markers(text: str) -> str:
    return _MARKER.sub("", text)


def strip(text: str, default: Origin) -> tuple[str, tuple[tuple[Origin, ...], ...]]:
    """(text without markers, for each output line the origins of its pieces by column).

    A line's first piece is where its first visible character came from; a line that starts
    with a printed value (no marker of its own yet) belongs to the template line that
    printed it, the last marker before it."""
    current = default
    clean_lines, origins = [], []
    for raw in text.split("\n"):
        before_line = current
        pieces: list[Origin] = []
        clean, position = [], 0
        for found in _MARKER.finditer(raw):
            clean.append(raw[position : found.start()])
            position = found.end()
            column = sum(map(len, clean))
            current = Origin(column, found[1], int(found[2]))
            if pieces and pieces[-1].column == column:
                pieces.pop()  # an empty run of text: the later marker wins
            pieces.append(current)
        clean.append(raw[position:])
        line = "".join(clean)
        visible = len(line) - len(line.lstrip())
        leading = [p for p in pieces if p.column <= visible]
        first = leading[-1] if leading else before_line
        rest = [p for p in pieces if p.column > visible]
        clean_lines.append(line)
        origins.append((first._replace(column=0), *rest))
    return "\n".join(clean_lines), tuple(origins)


def at(pieces: tuple[Origin, ...], column: int | None) -> Origin:
    """The origin of the character at `column` of a line (its start when unknown)."""
    if column is None:
        return pieces[0]
    found = pieces[0]
    for piece in pieces:
        if piece.column <= column:
            found = piece
    return found
