r"""Template mistakes told in an instructor's terms, at the line to fix.

Jinja's own messages speak of its internals ("unexpected char '\\' at 3288", "'engine.render.views.
RecordView object' has no attribute ...") and report an unclosed `\BLOCK{for}` where the
template ends. Here: a tag left open is found at its opening line, a missing field lists the
fields there are, a macro's mistake names the line that called it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import jinja2

from engine.errors import located
from engine.render import origins

# tags that need an \BLOCK{end...}; `set` only when it captures a block (no `=`)
_PAIRED = {"for", "if", "block", "macro", "call", "filter", "with", "autoescape", "trans"}
_TAGS = (
    _PAIRED
    | {f"end{tag}" for tag in _PAIRED | {"set"}}
    | {"elif", "else", "set", "import", "from", "include", "extends"}
)
_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'")
_UNCLOSED = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_UNEXPECTED_CHAR = re.compile(r"unexpected char '(.+)' at (\d+)")
_UNKNOWN_FILTER = re.compile(r"No filter named '(\w+)'")
_SHOWN_FIELDS = 12
# Jinja's filters that compute or format numbers: removed, every number is the ledger's
NUMERIC_FILTERS = ("abs", "float", "int", "round", "sum", "max", "min", "format", "filesizeformat")
_COMMENT = re.compile(r"\\#\{([^}]*)\}")
# far more template frames than any real nesting of templates, blocks and macros
_DEEPEST_NESTING = 100


class Missing(jinja2.StrictUndefined):
    """StrictUndefined whose message names what is there instead of Python's types."""

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint or obj is jinja2.utils.missing:
            return super()._undefined_message
        describe = getattr(type(obj), "_describe", None)  # views: not their __getattr__
        if describe is not None:
            return f"{describe(obj)} has no {name!r}"
        if isinstance(obj, Mapping):
            return f"no entry {name!r} here; there are: {_listed(list(obj))}"
        if isinstance(obj, (list, tuple)):
            return f"no element {name!r}: there are {len(obj)}, numbered from 0"
        kind = type(obj).__name__.lower()
        fields = [f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj) else []
        fields += [n for n, v in vars(type(obj)).items() if isinstance(v, property)]
        there = f"; it has: {_listed(fields)}" if fields else ""
        return f"a {kind} has no {name!r}{there}"


_INTERNAL_TYPES = {
    "ClaimRef": "a value",
    "FactRef": "a fact",
    "RecordView": "a group of values",
    "SequenceView": "a list",
}


def plain(message: str) -> str:
    """A message without the generator's internals: markers, Python type names."""
    message = origins.without_markers(message)
    message = re.sub(r"object of type ('\w+')", r"\1", message)
    for internal, words in _INTERNAL_TYPES.items():
        message = re.sub(rf"'?{internal}'?(?: object)?", words, message)
    return message


def _listed(names: list) -> str:
    shown = ", ".join(map(str, names[:_SHOWN_FIELDS]))
    return shown + (", ..." if len(names) > _SHOWN_FIELDS else "")


def check_comments(source: str, name: str, filename: str | None) -> None:
    """A comment ends at its first `}`: one with a brace pair inside (`\\#{ \\sum_{i} }`)
    would leave its tail on the page, so it is refused where it starts."""
    for found in _COMMENT.finditer(source):
        if "{" in found[1]:
            raise jinja2.TemplateSyntaxError(
                "a comment \\#{...} ends at its first '}': braces inside it leave the rest of "
                "the comment on the page (write it without braces), and a comment whose '}' is "
                "missing runs on into the text",
                source.count("\n", 0, found.start()) + 1,
                name,
                filename,
            )


class CheckedLoader(jinja2.FileSystemLoader):
    """Templates from files, each checked for what Jinja would accept but mean otherwise."""

    def get_source(self, environment, template):
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as err:  # saved in another encoding (cp1251, UTF-16...)
            root = Path(self.searchpath[0])
            shown = (root / template).relative_to(root.parent)  # templates/...
            line = err.object[: err.start].count(b"\n") + 1
            raise located(str(shown), line, "not UTF-8 text: save it as UTF-8") from None
        check_comments(source, template, filename)
        return source, filename, uptodate


def syntax(env: jinja2.Environment, err: jinja2.TemplateSyntaxError) -> tuple[int | None, str]:
    """(line, message) for a template that does not parse."""
    message, line = err.message or "", err.lineno
    char = _UNEXPECTED_CHAR.fullmatch(message)
    if char:
        shown = char[1].replace("\\\\", "\\")  # Jinja shows the character's repr
        if err.source is not None:  # the tag left open starts before: report its line
            offset = int(char[2])
            opener = max(err.source.rfind(start, 0, offset) for start in ("\\VAR{", "\\BLOCK{"))
            line = err.source.count("\n", 0, opener) + 1 if opener >= 0 else line
        return line, (
            f"unexpected '{shown}' inside a \\BLOCK{{...}} or \\VAR{{...}} tag: "
            "is the tag's closing '}' missing?"
        )
    filter_name = _UNKNOWN_FILTER.search(message)
    if filter_name and filter_name[1] in NUMERIC_FILTERS:
        return line, (
            f"the filter '{filter_name[1]}' is not available: numbers are computed and rounded in "
            "the solution module and formatted by the ledger; see templates/README.md"
        )
    if filter_name:
        close = difflib.get_close_matches(filter_name[1], list(env.filters), n=3)
        guess = f" (did you mean {' or '.join(close)}?)" if close else ""
        ours = sorted(
            n for n, f in env.filters.items() if f.__module__ == "engine.render.templating"
        )
        return line, (
            f"no filter named '{filter_name[1]}'{guess}; the display filters are "
            f"{', '.join(repr(n) for n in ours)}, see templates/README.md"
        )
    unknown = _UNKNOWN_TAG.search(message)
    if unknown and unknown[1] not in _TAGS:
        close = difflib.get_close_matches(unknown[1], sorted(_TAGS), n=1)
        guess = f" (did you mean {close[0]}?)" if close else ""
        return line, f"unknown tag \\BLOCK{{{unknown[1]}}}{guess}"
    unclosed = _UNCLOSED.search(message) or "Unexpected end of template" in message
    if unclosed and err.source is not None:
        opened = _open_tag(env, err.source)
        tag = unclosed[1] if isinstance(unclosed, re.Match) else opened and opened[0]
        if opened and opened[0].startswith("end") and opened[0][3:] in _PAIRED | {"set"}:
            return opened[1], (
                f"\\BLOCK{{{opened[0]}}} has no \\BLOCK{{{opened[0][3:]} ...}} to end: a stray "
                "end tag, or its opening tag is misspelt"
            )
        if opened and opened[0] == tag:
            return opened[1], (
                f"\\BLOCK{{{tag} ...}} is never closed: \\BLOCK{{end{tag}}} is missing "
                f"(Jinja noticed at line {line})"
            )
    return line, message


def _open_tag(env: jinja2.Environment, source: str) -> tuple[str, int] | None:
    """The innermost paired tag still open where the nesting first goes wrong: at an `end`
    tag that does not match it, or at the end of the template."""
    opened: list[tuple[str, int]] = []
    tag_next, pending_set = False, None
    try:
        for token in env.lexer.tokenize(source):
            if token.type == "block_begin":
                tag_next = True
                continue
            if tag_next and token.type == "name":
                tag = token.value
                if tag in _PAIRED:
                    opened.append((tag, token.lineno))
                elif tag == "set":
                    pending_set = token.lineno
                elif tag.startswith("end"):
                    if not any(kind == tag[3:] for kind, _ in opened):
                        return (tag, token.lineno)  # an end with nothing to end
                    if opened[-1][0] != tag[3:]:
                        return opened[-1]
                    opened.pop()
            elif token.type == "assign":
                pending_set = None
            elif token.type == "block_end" and pending_set is not None:
                opened.append(("set", pending_set))
                pending_set = None
            tag_next = False
    except jinja2.TemplateSyntaxError:
        return None
    return opened[-1] if opened else None


@dataclasses.dataclass(frozen=True)
class Frame:
    file: str
    line: int
    macro: bool  # a macro's body (or a call block's), not a template's top level or block


def template_frames(err: BaseException, root: Path) -> list[Frame]:
    """The traceback's frames in templates under `root`, outermost first: Jinja rewrites
    tracebacks so that a template's frames carry its file name and line."""
    root_path = str(root.resolve())
    frames: list[Frame] = []
    tb: TracebackType | None = err.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") and str(Path(code.co_filename).resolve()).startswith(
            root_path
        ):
            # Jinja names a frame after its block or the top level; a macro's is "template"
            frames.append(Frame(code.co_filename, tb.tb_lineno, code.co_name == "template"))
        tb = tb.tb_next
    return frames


def runaway_macro(err: RecursionError, root: Path) -> bool:
    """Python's recursion limit reached through templates under `root` (a macro calling
    itself, or two calling each other), not inside the generator's own code."""
    return len(template_frames(err, root)) > _DEEPEST_NESTING


def raised_in_template(err: BaseException) -> bool:
    """Raised by a template's own code (unpacking a row of the wrong length, say), or by
    Jinja or the standard library on its behalf (`|wordwrap(0)`, `"{:d}".format("a")`), not
    inside the generator's Python: then the template, not the generator, is wrong."""
    tb = err.__traceback__
    last = None
    while tb is not None:
        if not _on_templates_behalf(tb.tb_frame.f_code.co_filename):
            last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and last.endswith(".j2")


_JINJA = str(Path(jinja2.__file__).parent)
_STDLIB = sysconfig.get_paths()["stdlib"]


def _on_templates_behalf(filename: str) -> bool:
    """Code a template calls that is neither ours nor a template: Jinja, the standard library."""
    if filename.startswith(_JINJA):
        return True
    return filename.startswith(_STDLIB) and "site-packages" not in filename
