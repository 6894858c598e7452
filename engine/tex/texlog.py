r"""Reading the first error out of a TeX log (run with -file-line-error and unwrapped lines,
see engine/tex/latex.py): where TeX says it is, what it says, and the clues TeX leaves for
errors it reports somewhere else than where they were made.

    ./booklet.tex:75: Paragraph ended before \gather* was complete.   <- file, line, message
    l.75 ...some text                                                  <- the line up to the error
    Runaway argument?                                                  <- an argument that never
    {Правило накопления. Каждый узел ...\ETC.                             closed, as it began
    ./booklet.tex:110: LaTeX Error: \begin{itemize} on input line 78 ended by \end{document}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FILE_LINE = re.compile(
    r"^(?P<file>[^:\s]+\.(?:tex|sty|cls|def|cfg|fd|aux|toc|out|lof|lot|bbl)):(?P<line>\d+): "
    r"(?P<message>.*)$"
)
_CONTEXT = re.compile(r"^l\.(?P<line>\d+) (?P<before>.*)$")
_BEGUN = re.compile(r"\\begin\{(?P<env>[^}]*)\} on input line (?P<line>\d+) ended by")
_LATEX_PREFIX = re.compile(r"^(?:LaTeX|Package \S+) Error: ")
# auxiliary files a run writes and the next run reads back
AUXILIARY = (".aux", ".toc", ".out", ".lof", ".lot")


@dataclass(frozen=True)
class TexError:
    message: str
    file: str | None = None  # as TeX names it, e.g. ./booklet.tex
    line: int | None = None
    before: str = ""  # the input line up to the point of the error, if TeX showed it
    context_line: int | None = None  # the line number TeX showed with it (`l.<n>`)
    runaway: str = ""  # the start of an argument that never ended, if any
    begun_at: int | None = None  # for \begin{..} ended by the wrong \end: the \begin's line
    written: str = ""  # the text of a deferred \write that failed when a page was completed
    argument: str = ""  # an argument TeX was reading, up to the error (a collected align* body)
    at_page_break: bool = False  # TeX was completing a page (output routine or \write)

    @property
    def in_auxiliary_file(self) -> bool:
        return bool(self.file) and self.file.endswith(AUXILIARY)


def first_error(log: str) -> TexError | None:
    lines = log.splitlines()
    for k, line in enumerate(lines):
        match = _FILE_LINE.match(line)
        if not (match or line.startswith("! ")):
            continue
        message = (match["message"] if match else line[2:]).strip()
        if message.startswith("==> Fatal error occurred"):
            continue  # the summary of an earlier error that carried no location
        message = _LATEX_PREFIX.sub("", message)
        begun = _BEGUN.search(message)
        context = _context(lines[k + 1 : k + 14])
        shown = _shown_contexts(lines[k + 1 : k + 14])
        return TexError(
            message=message,
            file=match["file"] if match else None,
            line=int(match["line"]) if match else None,
            before=context["before"] if context else "",
            context_line=int(context["line"]) if context else None,
            runaway=_runaway(lines[max(0, k - 3) : k]),
            begun_at=int(begun["line"]) if begun else None,
            written=shown.get("write", ""),
            argument=shown.get("argument", ""),
            at_page_break=bool({"write", "output"} & shown.keys()),
        )
    return None


def _context(following: list[str]) -> re.Match | None:
    """TeX's `l.<n> <text>` line after an error: the input line up to the error."""
    for line in following:
        found = _CONTEXT.match(line)
        if found:
            return found
    return None


def _shown_contexts(following: list[str]) -> dict[str, str]:
    """The token lists TeX shows between an error and its `l.<n>` line, by kind:
    `<write> \\foo ...` is the text of a \\write, `<output>` the output routine, `<argument>`
    an argument read as a whole (the body of align*, which TeX reads at its \\end)."""
    shown = {}
    for line in following:
        if _CONTEXT.match(line):
            break
        found = re.match(r"^<(write|output|argument)> ?(.*)$", line)
        if found:
            shown.setdefault(found[1], found[2].strip())
    return shown


def _runaway(preceding: list[str]) -> str:
    """The text after `Runaway argument?` (or definition, preamble, text) just before the
    error: the beginning of what TeX was still reading when it gave up."""
    for k, line in enumerate(preceding[:-1]):
        if re.match(r"^Runaway (?:argument|definition|preamble|text)\?$", line):
            return preceding[k + 1].removesuffix(r"\ETC.")
    return ""
