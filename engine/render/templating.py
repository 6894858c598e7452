"""Jinja for LaTeX, set up so that an instructor's mistake fails loudly with file and line.

* Delimiters that LaTeX never uses: `\\VAR{...}` prints, `\\BLOCK{...}` is a statement,
  `\\#{...}` a comment.
* String literals are raw, so LaTeX can be written in them as it is (`"\\text{...}"`).
* Sandboxed and immutable; `StrictUndefined`: a typo is an error, never an empty string.
* Templates neither compute nor format. Arithmetic operators and number literals inside
  `\\VAR{}` are rejected when the template is loaded; the numeric filters (`round`, `sum`,
  ...) are removed. Every printed value passes through the ledger's formatter.
* Display filters: `approx` shows a claim as its rounded decimal only (the template writes
  `\\approx` before it), `brief` drops an irrational value's exact form but keeps its
  `\\approx` (for tables and inline math that cannot break), `factor` puts a negative
  number in parentheses, `dotted` writes a formula with a dot between all factors, `sci`
  writes a decimal as m·10^k with four significant digits (a column of mixed sizes).
* `table(head, rows)` writes a table of values in one number style (render/tables.py).
* Rendering keeps, for each output line, the template lines that produced it (see
  origins.py), so a LaTeX error in `build/booklet.tex` is reported at its template line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_STRING, Lexer, Token, TokenStream
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import UserError, located
from engine.ledger import symbols, typed
from engine.ledger.claims import Ledger
from engine.render import figures, origins, structure, tables, template_cache, template_errors
from engine.render.answers import Answers
from engine.render.views import ClaimRef, FactRef, group

DELIMITERS = {
    "block_start_string": r"\BLOCK{",
    "block_end_string": "}",
    "variable_start_string": r"\VAR{",
    "variable_end_string": "}",
    "comment_start_string": r"\#{",
    "comment_end_string": "}",
}
_ARITHMETIC = {"add", "sub", "mul", "div", "floordiv", "mod", "pow"}
# a page never loops more often; Jinja's sandbox allows 100000, and two nested loops of that
# would stall the build rather than fail
MAX_RANGE = 1000


class NoArithmetic(Extension):
    """Rejects `+ - * / // % **` anywhere and number literals in `\\VAR{}` (subscripts aside):
    a number computed or typed in a template would reach the page without a test."""

    def filter_stream(self, stream: TokenStream):
        in_variable, brackets = False, 0
        for token in stream:
            if token.type == "variable_begin":
                in_variable, brackets = True, 0
            elif token.type == "variable_end":
                in_variable = False
            elif token.type == "lbracket":
                brackets += 1
            elif token.type == "rbracket":
                brackets -= 1
            elif token.type in _ARITHMETIC:
                self._reject(stream, token, f"arithmetic ('{token.value}') in a template")
            elif token.type in ("integer", "float") and in_variable and not brackets:
                self._reject(stream, token, f"a number ({token.value}) typed into a template")
            yield token

    @staticmethod
    def _reject(stream: TokenStream, token, what: str):
        raise jinja2.TemplateSyntaxError(
            f"{what}; compute it in the solution module and show the result",
            token.lineno,
            stream.name,
            stream.filename,
        )


def approx(ref: ClaimRef) -> ClaimRef:
    r"""`$p \approx \VAR{x|approx}$`: the value as a rounded decimal, the number only (no
    exact form, no relation sign: the template writes the relation)."""
    return _with_setting(ref, "approx", "rounded")


def brief(ref: ClaimRef) -> ClaimRef:
    r"""`\VAR{x|brief}`: exact when rational, else `\approx` and the decimal (no exact form)."""
    return _with_setting(ref, "brief", "approx_only")


def sci(ref: ClaimRef) -> ClaimRef:
    r"""`\VAR{x|sci}`: a decimal as $m \cdot 10^k$ with four significant digits, zeros kept,
    so that a column of numbers of different sizes reads alike."""
    return _with_setting(ref, "sci", "scientific")


def named(ref: ClaimRef) -> ClaimRef:
    r"""`$\VAR{r.loss|named}$`: "L = 0{,}4655", the symbol from the solution's SYMBOLS, so a
    template cannot pair a symbol with another value (`\approx` when shown rounded)."""
    return _with_setting(ref, "named", "named")


def factor(ref: ClaimRef) -> ClaimRef:
    r"""`a \cdot \VAR{x|factor}`: a negative number in parentheses, as a factor is written."""
    return _with_setting(ref, "factor", "factor")


def _with_setting(ref, filter_name: str, setting: str) -> ClaimRef:
    if isinstance(ref, jinja2.Undefined):
        ref._fail_with_undefined_error()  # the misspelt name, not "not a claim"
    if not isinstance(ref, ClaimRef):
        raise jinja2.TemplateRuntimeError(f"'{filter_name}' applies to a claim, not to {ref!r}")
    return dataclasses.replace(ref, settings=(*ref.settings, (setting, True)))


class LatexLexer(Lexer):
    """String literals are raw: "\\frac{1}{2}" is what a LaTeX author typed. Jinja would unescape
    it like Python, turning \\f into a form feed, \\t of \\text into a tab, \\\\ into \\."""

    def wrap(self, stream, name=None, filename=None):
        for lineno, token, value in stream:
            if token == TOKEN_STRING:
                yield Token(lineno, TOKEN_STRING, self._normalize_newlines(value[1:-1]))
            else:
                yield from super().wrap(iter([(lineno, token, value)]), name, filename)


class LatexEnvironment(ImmutableSandboxedEnvironment):
    @functools.cached_property
    def lexer(self) -> Lexer:
        return LatexLexer(self)

    def parse(self, source, name=None, filename=None):
        return template_cache.parsed(self, super().parse, source, name, filename)


def bounded_range(*args) -> range:
    """The templates' `range`: whole numbers only and at most MAX_RANGE of them, each mistake
    a template error at its line (the sandbox's own raises OverflowError, read as a bug)."""
    try:
        numbers = range(*args)
        size = len(numbers)
    except OverflowError:
        size = None
    except TypeError:
        raise jinja2.TemplateRuntimeError("range() wants whole numbers (or a |length)") from None
    except ValueError as err:  # a step of 0
        raise jinja2.TemplateRuntimeError(str(err)) from None
    if size is None or size > MAX_RANGE:
        many = "too many" if size is None else size
        raise jinja2.TemplateRuntimeError(
            f"range() of {many} numbers: a template loops at most {MAX_RANGE} times "
            "(loop over the task's values instead)"
        )
    return numbers


def dotted(ref: ClaimRef) -> ClaimRef:
    r"""`\VAR{f|dotted}`: a formula with a dot between all factors (2x \cdot 1 + ...)."""
    return _with_setting(ref, "dotted", "dotted")


@dataclass(frozen=True)
class Rendered:
    text: str
    template: str  # path relative to the repository, for messages
    # for each output line, where its pieces came from (template path, line) by column
    lines: tuple[tuple[origins.Origin, ...], ...]

    def origin(self, line: int, column: int | None = None) -> origins.Origin:
        """Where the text at 0-based output `line` (and `column`, if known) came from."""
        return origins.at(self.lines[line], column)


class Renderer:
    """One per build: renders task templates, recording every shown value in `ledger`."""

    def __init__(
        self, template_root: Path, repo_root: Path, ledger: Ledger, answers: Answers | None = None
    ):
        self.root, self.repo_root, self.ledger = template_root, repo_root, ledger
        self.answers = answers if answers is not None else Answers()
        self._sources: dict[str, str] = {}
        # template path -> the numbers it types, each admitted by a rule or a declaration
        self.typed: dict[str, tuple[typed.Typed, ...]] = {}
        self.env = LatexEnvironment(
            loader=template_errors.CheckedLoader(template_root),
            undefined=template_errors.Missing,
            finalize=self._finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=[NoArithmetic, origins.LineMarkers],
            bytecode_cache=template_cache.CompiledTemplates(),
            **DELIMITERS,
        )
        for name in template_errors.NUMERIC_FILTERS:
            self.env.filters.pop(name, None)
        self.env.filters["approx"] = approx
        self.env.filters["brief"] = brief
        self.env.filters["factor"] = factor
        self.env.filters["sci"] = sci
        self.env.filters["dotted"] = dotted
        self.env.filters["named"] = named
        # `is true` / `is false` decide by a fact's value (and record it), as `if` does
        self.env.tests["true"] = lambda v: bool(v) if isinstance(v, FactRef) else v is True
        self.env.tests["false"] = lambda v: not v if isinstance(v, FactRef) else v is False
        self.env.globals["range"] = bounded_range
        self.env.globals.update(figures.bound(self.show))
        self.env.globals.update(tables.bound(self.show))  # one number style per table
        self.env.globals.update(final=self.answers.final, alternative=self.answers.alternative)

    def show(self, value) -> str:
        """LaTeX for a value a template prints; claims are recorded, raw numbers refused."""
        if isinstance(value, ClaimRef):
            self._place(value.id)
            settings = dict(value.settings)
            with_symbol = settings.pop("named", False)
            if with_symbol and not value.symbol:
                raise jinja2.TemplateRuntimeError(
                    f"{value.id} has no symbol to print: declare one in SYMBOLS of its "
                    "solution module (templates/README.md, «Symbols»)"
                )
            shown = self.ledger.record(
                value.id, value.task, value.value, symbol=value.symbol, **settings
            )
            if not with_symbol:
                return shown
            return symbols.equation(value.symbol, shown, rounded="rounded" in settings)
        if group(value):
            raise jinja2.TemplateRuntimeError(
                f"{group(value)} is a group of values, not one value: print one of them"
            )
        if isinstance(value, FactRef):
            raise jinja2.TemplateRuntimeError(
                f"{value.id} is a fact (true or false): it chooses text, "
                f"\\BLOCK{{if ...}}...\\BLOCK{{else}}...\\BLOCK{{endif}}, and is not printed"
            )
        if isinstance(value, (tuple, list, dict)):
            raise jinja2.TemplateRuntimeError(
                f"a {type(value).__name__} of {len(value)} items cannot be printed as one value; "
                "print its items one by one"
            )
        raise jinja2.TemplateRuntimeError(
            f"a number without a claim id cannot be shown ({value!r}); "
            "take it from the task's result or given data"
        )

    def record_fact(self, claim_id: str, task: str, value: bool) -> bool:
        """A fact a template branches on, recorded with the template line that asked."""
        self._place(claim_id)
        return self.ledger.record_fact(claim_id, task, value)

    def _place(self, claim_id: str) -> None:
        """Note the template line being rendered as where `claim_id` is first shown: the
        innermost frame of compiled template code (Jinja marks it `__jinja_template__`)."""
        if claim_id in self.ledger.places:
            return
        frame = sys._getframe(2)
        while frame is not None:
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                line = template.get_corresponding_lineno(frame.f_lineno)
                self.ledger.places[claim_id] = f"{self.relative(template.filename)}:{line}"
                return
            frame = frame.f_back

    def _finalize(self, value):
        if isinstance(value, jinja2.Undefined):
            return str(value)  # StrictUndefined raises here, with its own message
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # structural: loop.index, item numbers
        return self.show(value)

    def relative(self, filename: str | None) -> str:
        if not filename:
            return "<template>"
        path = Path(filename).resolve()
        try:
            return str(path.relative_to(self.repo_root))
        except ValueError:
            return str(path)

    def render(self, name: str, *, fills_task_frame: bool = False, **context) -> Rendered:
        """`name` rendered with `context`; `fills_task_frame`: a task template, which must
        extend task.tex.j2 and fill its blocks."""
        try:
            template = self.env.get_template(name)
            structure.check(self.env, name, self.relative, task=fills_task_frame)
            self.check_typed_numbers(name)
            return self._render_with_origin(template, self.relative(template.filename), context)
        except jinja2.TemplateNotFound as err:
            missing = self.relative(str(self.root / (err.name or name)))
            if err.name == name:
                raise UserError(f"{missing}: template not found") from None
            raise self._at_template_line(err, name, f"no template {missing}") from None
        except jinja2.TemplateSyntaxError as err:  # in this template, its parent or its macros
            line, message = template_errors.syntax(self.env, err)
            raise located(self.relative(err.filename), line, message) from None
        except jinja2.TemplateError as err:
            raise self._at_template_line(err, name, err.message) from None
        except RecursionError as err:
            if not template_errors.runaway_macro(err, self.root):
                raise  # deep in the generator's own code: a bug
            message = "a macro or include that calls itself without end (Python's recursion limit)"
            raise self._at_template_line(err, name, message, caller=False) from None
        except (TypeError, ValueError, LookupError, ArithmeticError) as err:
            if not template_errors.raised_in_template(err):
                raise  # inside the generator's code: a bug, with its traceback
            message = str(err)
            if isinstance(err, OverflowError):  # Python's words: "... into a C ssize_t"
                message = f"a number too large here ({err})"
            raise self._at_template_line(err, name, message) from None

    def check_typed_numbers(self, name: str) -> dict[str, tuple[typed.Typed, ...]]:
        """Every number `name` and the templates it uses type in their text must be admitted
        (engine.ledger.typed); a UserError at the first that is not. The numbers of each of
        these templates, by path (a cached task brings them back with `admit_typed`)."""
        try:
            names = typed.referenced(self.env, name)
        except jinja2.TemplateError:
            return {}  # a missing or broken template: render() reports it at its line
        found = {}
        for each in names:
            path = self.relative(str(self.root / each))
            if path not in self.typed:
                self.typed[path] = typed.of_template(self.env, each, self.relative)
            found[path] = self.typed[path]
        return found

    def admit_typed(self, found: dict[str, tuple[typed.Typed, ...]]) -> None:
        """The typed numbers an earlier build checked in templates unchanged since, as
        check_typed_numbers would find them again."""
        for path, numbers in found.items():
            self.typed.setdefault(path, numbers)

    def _at_template_line(
        self, err: BaseException, name: str, message: str, caller: bool = True
    ) -> UserError:
        """At the innermost template line the error passed through; a mistake inside a macro
        also names the line that called the macro (`caller`), where the arguments were
        written."""
        message = template_errors.plain(message)
        frames = template_errors.template_frames(err, self.root)
        if not frames:
            return located(self.relative(str(self.root / name)), None, message)
        inner = frames[-1]
        if caller and inner.macro and len(frames) > 1 and frames[-2] != inner:
            outer = frames[-2]
            message += f" (in a macro called from {self.relative(outer.file)}:{outer.line})"
        return located(self.relative(inner.file), inner.line, message)

    def _render_with_origin(self, template: jinja2.Template, path: str, context: dict) -> Rendered:
        # a value shown by its decimal alone (a sigmoid of a sigmoid) brings its own \approx:
        # the template's `L = \VAR{...}` must not read "L = ≈ 0,87"
        marked = relations_tidied(template.render(context))
        text, lines = origins.strip(marked, origins.Origin(0, template.name, 1))
        paths = {name: self.relative(str(self.root / name)) for name in _names(lines)}
        located_lines = tuple(
            tuple(piece._replace(template=paths[piece.template]) for piece in line)
            for line in lines
        )
        return Rendered(text, path, located_lines)


_EQUALS_APPROX = re.compile(r"= *\\approx(?![a-zA-Z])")


def relations_tidied(text: str) -> str:
    """A template's "= \\approx" before a value shown by its decimal alone, as "\\approx"."""
    return _EQUALS_APPROX.sub(r"\\approx", text)


def _names(lines) -> set[str]:
    return {piece.template for line in lines for piece in line}
