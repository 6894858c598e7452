r"""A LaTeX error, told at the template line where the mistake is.

TeX names the line where it noticed a problem, which is not always where it was made:
an argument left open (`\textbf{` without `}`) is noticed at a blank line or at the end of
the file, a `\begin{itemize}` without its `\end` at `\end{document}`, a bad heading when the
table of contents reads it back from an auxiliary file. For these, the clues in the log
(engine/tex/texlog.py) lead back into the .tex file: the runaway argument's first words, the
`\begin`'s line, the heading's text. What no clue leads back from is reported honestly, with
TeX's own words and the .tex line.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UserError, located
from engine.tex.document import SourceMap
from engine.tex.texlog import TexError

_TOKEN = re.compile(r"\\[A-Za-z@]+|\w+")
_COMMENT = re.compile(r"(?<!\\)%.*")
_WORDS_TO_MATCH = 8
# a file TeX was refused (kpathsea's paranoid mode): an absolute path, `..` or a dot file
_OUTSIDE = re.compile(r"(File|write on file) `((?:/|\.\./|\.[^/])[^']*)'")
# the command whose argument ran away: an environment's name when it collects its body
_RAN_AWAY = re.compile(r"(?:scanning use of|before) \\([A-Za-z@]+\*?)")
_LEFT_RIGHT = re.compile(r"\\(left|right)(?![A-Za-z])")
# where a formula, and so a \left ... \right pair, cannot reach back past
_MATH_START = re.compile(r"\\begin\{|(?<!\\)\\\[|\n\s*\n")
_CONTEXT_SHOWN = 60
_TAIL_TOKENS = 6


def explain(error: TexError | None, tex: str, tex_path: Path, source_map: SourceMap) -> UserError:
    if error is None:
        return UserError(f"{tex_path}: LaTeX failed; see {tex_path.with_suffix('.log')}")
    return _Source(tex, tex_path, source_map).explain(_in_main_file(error, tex, tex_path))


@dataclass(frozen=True)
class _Source:
    """The .tex file TeX read, and the map from its lines to template lines."""

    tex: str
    path: Path
    source_map: SourceMap

    def at(self, tex_line: int, column: int | None, message: str) -> UserError:
        """An error at `tex_line`, reported at the template line that wrote it."""
        origin = self.source_map.locate(tex_line, column)
        if origin is None:
            return located(str(self.path), tex_line, message)
        return located(*origin, f"{message} (at {self.path}:{tex_line})")

    def at_offset(self, offset: int, message: str) -> UserError:
        line, column = _line_and_column(self.tex, offset)
        return self.at(line, column, message)

    def explain(self, error: TexError) -> UserError:
        ours = error.file is not None and Path(error.file).name == self.path.name
        detail = f"LaTeX error: {_tidy(error.message)}"
        refused = _OUTSIDE.search(error.message)
        if refused:  # TeX says "not found" even of a file that exists
            verb = "read" if refused[1] == "File" else "write"
            detail = (
                f"LaTeX error: TeX may not {verb} {refused[2]}: it reads and writes files only "
                "inside its build directory"
            )
        # TeX read up to here: where a mistake noticed late can have been made
        end = _offset_of_line(self.tex, error.line) if ours and error.line else len(self.tex)
        if error.begun_at is not None and ours:
            return self.unended_environment(error)
        if error.runaway:
            found = self.runaway(error, end, detail)
            if found:
                return found
        if error.at_page_break:
            return self.at_page_break(error, end, detail)
        if error.in_auxiliary_file:
            return self.auxiliary(error, detail)
        context = _context(error.before)
        if ours and error.line and error.argument:
            found = self.in_argument(error, detail)
            if found:
                return found
        if ours and error.line:
            lines = self.tex.splitlines()
            line = lines[error.line - 1] if error.line <= len(lines) else ""
            column = _column(line, error.before)
            found = self.unbalanced(error.message, end, column)
            return found or self.at(error.line, column, detail + context)
        if error.file:
            return located(error.file, error.line, detail + context)
        return located(str(self.path), None, f"{detail}{context}; TeX gives no line for it")

    def unended_environment(self, error: TexError) -> UserError:
        """`\\begin{x} on input line N ended by \\end{y}`: at the \\begin when nothing else
        ends it, at the wrong \\end otherwise."""
        env = re.search(r"\\begin\{([^}]*)\}", error.message)
        begin = rf"\begin{{{env[1] if env else '...'}}}"
        opened = self.source_map.locate(error.begun_at)
        if r"ended by \end{document}" in error.message or opened is None:
            return self.at(error.begun_at, None, f"LaTeX error: {begin} is never ended")
        ended = re.search(r"ended by (\\end\{[^}]*\})", error.message)
        by = ended[1] if ended else r"an \end"
        where = f"{opened[0]}:{opened[1]}"
        return self.at(error.line, None, f"LaTeX error: {by} ends {begin} of {where}")

    def unbalanced(self, message: str, line_start: int, column: int | None) -> UserError | None:
        """A brace or a \\left that TeX notices unclosed later than it was opened: found at
        the opening."""
        if column is None:
            return None
        error_at = line_start + column + 1
        detail = f"LaTeX error: {_tidy(message)}"
        if message.startswith("Missing } inserted"):
            brace = _unclosed_brace(self.tex, line_start, error_at)
            if brace is not None:
                return self.at_offset(brace, f"{detail}; the brace opened here is never closed")
        if "forgotten \\right" in message or message.startswith("Missing \\right"):
            left = _unclosed_left(self.tex, error_at)
            if left is not None:
                return self.at_offset(left, f"{detail}; this \\left has no \\right")
        return None

    def in_argument(self, error: TexError, detail: str) -> UserError | None:
        """An error inside an argument TeX read as a whole (the body of align*, read at its
        \\end): the argument's last words, as TeX shows them, end where the error is."""
        # A package's internal macros (hyperref's \Hy@make@anchor before a \tag) are not in
        # the source: leave them out of what is looked for.
        tail = [t[0] for t in _tokens(error.argument) if "@" not in t[0]][-_TAIL_TOKENS:]
        end = _offset_of_line(self.tex, error.line + 1)
        found = _fragment_offsets(self.tex, " ".join(tail), end)
        if not found:
            return None
        last = _tokens(self.tex[found[-1] : end])[len(tail) - 1]
        return self.at_offset(found[-1] + last.start(), f"{detail} [{tail[-1]}]")

    def runaway(self, error: TexError, end: int, detail: str) -> UserError | None:
        """An argument that never ended: found by its first words, then the first brace in it
        that is still open where TeX gave up. An environment that collects its body (align*)
        runs away when its \\end is missing: found at its \\begin."""
        command = _RAN_AWAY.search(error.message)
        begin = self.tex.rfind(rf"\begin{{{command[1]}}}", 0, end) if command else -1
        ended = self.tex.find(rf"\end{{{command[1]}}}", end) if command else -1
        following = self.tex.find(rf"\begin{{{command[1]}}}", end) if command else -1
        its_end_follows = ended >= 0 and (following < 0 or ended < following)
        if begin >= 0 and error.line and its_end_follows and "Paragraph ended" in error.message:
            return self.at(
                error.line,
                None,
                f"LaTeX error: a blank line inside \\begin{{{command[1]}}}, which allows none "
                "(delete it, or start it with %)",
            )
        if begin >= 0:
            brace = _unclosed_brace(self.tex, begin, end)
            if brace is not None:
                return self.at_offset(brace, f"{detail}; the brace opened here is never closed")
            message = f"LaTeX error: \\begin{{{command[1]}}} is never ended"
            return self.at_offset(begin, f"{message} ({_tidy(error.message)})")
        for start in reversed(_fragment_offsets(self.tex, error.runaway, end)):
            brace = _unclosed_brace(self.tex, _back_to_brace(self.tex, start, error.runaway), end)
            if brace is not None:
                return self.at_offset(brace, f"{detail}; the brace opened here is never closed")
            return self.at_offset(start, f"{detail}; the unfinished argument begins here")
        return None

    def at_page_break(self, error: TexError, end: int, detail: str) -> UserError:
        """An error TeX made while completing a page, after reading further on: the text of a
        failed \\write is found before that point; otherwise say honestly where TeX was."""
        if error.written:
            found = _fragment_offsets(self.tex, error.written, end, least=1)
            if found:
                written = f"{detail}{_context(error.written)}"
                return self.at_offset(found[-1], f"{written}, in text written out at a page break")
        return self.at(
            error.line or 1,
            None,
            f"{detail}; TeX noticed it while completing a page, so the mistake may be on an "
            "earlier line of this page",
        )

    def auxiliary(self, error: TexError, detail: str) -> UserError:
        """An error in a file the previous run wrote (.toc, .aux): a heading as read back.
        Find the heading by its words; failing that, show the auxiliary line itself."""
        aux = self.path.parent / Path(error.file).name
        try:
            text = aux.read_text(encoding="utf-8", errors="replace").splitlines()[error.line - 1]
        except (OSError, IndexError):
            text = ""
        # \contentsline {subsection}{\numberline {1.4}Heading}{page}{anchor}, numbered or not
        heading = re.search(r"\\contentsline \{\w+\}\{(?:\\numberline \{[^}]*\})?(.*)", text)
        found = _fragment_offsets(self.tex, heading[1], len(self.tex)) if heading else []
        if found:
            where = f"{error.file}:{error.line}"
            return self.at_offset(found[0], f"{detail} in {where}, read back from this heading")
        shown = f": {text.strip()}" if text.strip() else ""
        return located(str(aux), error.line, f"{detail}; written by an earlier run{shown}")


def _in_main_file(error: TexError, tex: str, tex_path: Path) -> TexError:
    """Some errors (a missing \\input file) come without file:line, but with TeX's `l.<n>`
    context: when that line of the .tex file reads as TeX showed it, the error is there."""
    if error.file or not error.context_line or not error.before:
        return error
    lines = tex.splitlines()
    if error.context_line > len(lines):
        return error
    if _column(lines[error.context_line - 1], error.before) is None:
        return error
    return dataclasses.replace(error, file=f"./{tex_path.name}", line=error.context_line)


def _tidy(message: str) -> str:
    """TeX's message without its token-list spacing (`\\textbf .`) and final period."""
    message = re.sub(r"\s+", " ", message).strip()
    message = re.sub(r"(\\[A-Za-z@]+) (?=[.,;:)]|$)", r"\1", message)
    return message.removesuffix(".")


def _context(before: str) -> str:
    """TeX's view of the text up to the error, cut to its end: an undefined command is last."""
    shown = before.replace("\ufffd", "").strip()  # TeX may cut a letter's UTF-8 bytes
    if len(shown) > _CONTEXT_SHOWN:
        shown = "..." + shown[-_CONTEXT_SHOWN:]
    return f" [{shown}]" if shown else ""


def _unclosed_left(tex: str, end: int) -> int | None:
    """The offset of the last \\left before `end` (in the same formula) without its \\right."""
    starts = [m.end() for m in _MATH_START.finditer(tex, 0, end)]
    depth = 0
    for found in reversed(list(_LEFT_RIGHT.finditer(tex, starts[-1] if starts else 0, end))):
        if found[1] == "right":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return found.start()
    return None


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(_COMMENT.sub(lambda m: " " * len(m[0]), text)))


def _fragment_offsets(tex: str, fragment: str, end: int, least: int = 2) -> list[int]:
    """Offsets in `tex` before `end` where the words and control sequences of `fragment`
    (as TeX prints tokens: spaces and line breaks may differ) begin; `least` tokens are
    needed to recognise it by."""
    wanted = [t[0] for t in _tokens(fragment)][:_WORDS_TO_MATCH]
    if len(wanted) < least:
        return []
    tokens = _tokens(tex[:end])
    words = [t[0] for t in tokens]
    return [
        tokens[k].start()
        for k in range(len(words) - len(wanted) + 1)
        if words[k : k + len(wanted)] == wanted
    ]


def _back_to_brace(tex: str, start: int, runaway: str) -> int:
    """A runaway argument printed from its `{`: start the search at that brace."""
    if runaway.lstrip().startswith("{"):
        brace = tex.rfind("{", 0, start)
        if brace >= 0 and not tex[brace + 1 : start].strip():
            return brace
    return start


def _unclosed_brace(tex: str, start: int, end: int) -> int | None:
    """The offset of the first `{` in tex[start:end] that is not closed before `end`."""
    opened: list[int] = []
    k = start
    while k < end:
        char = tex[k]
        if char == "\\":
            k += 2  # \{ \} \\ \% are not braces or comments
            continue
        if char == "%":
            newline = tex.find("\n", k)
            k = end if newline < 0 else newline
            continue
        if char == "{":
            opened.append(k)
        elif char == "}" and opened:
            opened.pop()
        k += 1
    return opened[0] if opened else None


def _offset_of_line(tex: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = tex.find("\n", offset) + 1
        if offset == 0:
            return len(tex)
    return offset


def _line_and_column(tex: str, offset: int) -> tuple[int, int]:
    line = tex.count("\n", 0, offset) + 1
    return line, offset - (tex.rfind("\n", 0, offset) + 1)


def _column(line: str, before: str) -> int | None:
    """The column of the error in `line`, from TeX's view of the line up to it (which may
    start with `...` when TeX cut it short)."""
    if not before:
        return None
    shown = before.removeprefix("...")
    found = line.rfind(shown) if shown else -1
    return found + len(shown) - 1 if found >= 0 else None
