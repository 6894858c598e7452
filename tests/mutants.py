"""Mutants of the shipped templates and solution modules, for tests/test_mutations.py.

Each is one edit of one real file, found by a rule (never a list of edits known to be caught):

* swap: a `\\VAR{r...}`/`\\VAR{given...}` the sheets' booklet shows prints another claim of the
  same task, of the same kind and shape where there is one, that prints differently (its
  filters kept);
* typed: a number a `\\VAR{}` of a claim printed is typed in its place as printed ("printed")
  or with its last digit changed ("wrong"), or a sentence `Итак, $L \\approx 0{,}47$.` opens
  the solution with a claim's value rounded by hand ("sentence");
* constant: a constant the template declares (on a line the page shows) is typed with its last
  digit one higher (`^2` -> `^3`, `\\frac12` -> `\\frac13`); a numeric literal of a solution
  module is changed (`2` -> `3`, `0.5` -> `0.25`);
* drop: a factor is dropped in a solution module: an operand of `*`, `@` or a product call
  (`times`, `Mul`, `hadamard`, ...), a divisor, a `.T`, a `transposed(...)`.

Solution mutants are made only on the lines solving the sheets' numbers runs (a line run for
variants alone changes nothing the sheets' build shows), and the PARAMS of the sheet.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("swap", "typed", "constant", "drop")
# a \VAR{...}: the tag ends at the first } outside a string literal (as Jinja's lexer reads it)
VAR = re.compile(r"\\VAR\{((?:\"[^\"]*\"|'[^']*'|[^}\"'])*)\}")
_TAGS = re.compile(r"\\(?:VAR|BLOCK)\{(?:\"[^\"]*\"|'[^']*'|[^}\"'])*\}|\\#\{[^}]*\}")
_PATH = re.compile(r"(r|given)((?:\.\w+|\[\s*\d+\s*(?:,\s*\d+\s*)?\])+)")
_NUMBER = re.compile(r"\d+(?:\{,\}\d+|\.\d+)?")
# LaTeX a printed number may hold besides digits
_NUMERIC = re.compile(r"\\(?:[dt]?frac|approx|left|right|cdot|sqrt|pi)(?![a-zA-Z])|\\[,;!]")
_PRODUCTS = {"times", "Mul", "MatMul", "hadamard", "HadamardProduct", "multiply_elementwise"}
_TRANSPOSES = {"transposed", "Transpose"}
SENTENCES_PER_TASK = 3
CLAIM = "QQC"  # what a claim printed starts with in a marked render (a loop index is no claim)


@dataclass(frozen=True)
class Mutant:
    kind: str  # one of KINDS
    form: str  # how: swap; printed, wrong, sentence; template, solution; operand, transpose, ...
    path: str  # the file edited, from the repository's root
    line: int
    start: int  # source[start:end] of the real file is replaced by `new`
    end: int
    new: str
    tasks: tuple[str, ...]  # the tasks whose pages the edit can change
    original: str = field(repr=False, compare=False)  # the real file's text

    @property
    def old(self) -> str:
        return self.original[self.start : self.end]

    def source(self) -> str:
        return self.original[: self.start] + self.new + self.original[self.end :]

    def __str__(self) -> str:
        old, new = (" ".join(text.split())[:70] for text in (self.old, self.new))
        return f"{self.path}:{self.line}: {old!r} -> {new!r} ({self.form})"


def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _tags(source: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TAGS.finditer(source)]


def occurrences(source: str) -> list[re.Match]:
    """The `\\VAR{...}` tags of a template, comments left out."""
    comments = [m.span() for m in re.finditer(r"\\#\{[^}]*\}", source)]
    return [m for m in VAR.finditer(source) if not any(a <= m.start() < b for a, b in comments)]


def marked(source: str) -> tuple[str, str]:
    """`source` with every `\\VAR{}` between markers (letters only, so no typed number), and
    the pattern that finds what each printed: group 1 its offset's key, group 2 the text."""
    pieces, last = [], 0
    for m in occurrences(source):
        key = "".join(chr(ord("a") + int(d)) for d in str(m.start()))
        pieces += [source[last : m.start()], f"QZ{key}L", m.group(), f"QZ{key}R"]
        last = m.end()
    pieces.append(source[last:])
    return "".join(pieces), r"QZ([a-j]+)L(.*?)QZ\1R"


def printed(rendered: str, pattern: str) -> dict[int, str]:
    """Offset of each `\\VAR{}` shown (at least once) -> what it printed first (starting with
    CLAIM if a claim)."""
    found: dict[int, str] = {}
    for m in re.finditer(pattern, rendered, re.DOTALL):
        found.setdefault(int("".join(str(ord(c) - ord("a")) for c in m.group(1))), m.group(2))
    return found


def claim_of(task: str, expression: str, claims: dict) -> str | None:
    """The claim id a `\\VAR{}` path prints (`r.steps[1].w` -> `<task>.steps.1.w`)."""
    match = _PATH.fullmatch(expression.replace(" ", ""))
    if not match:
        return None  # a loop variable, a macro call, a figure
    parts = re.findall(r"\.(\w+)|\[([^\]]*)\]", match.group(2))
    path = ["given"] * (match.group(1) == "given") + [name or index for name, index in parts]
    items = ".".join(path)
    entry = ".".join(path[:-1]) + f"[{path[-1]}]" if parts[-1][1] else None
    return next((f"{task}.{c}" for c in (entry, items) if c and f"{task}.{c}" in claims), None)


def expression(task: str, claim_id: str) -> str:
    """The template path that prints a claim (`<task>.steps.1.w` -> `r.steps[1].w`)."""
    path, entry = re.fullmatch(r"(.*?)(\[[\d,]+\])?", claim_id[len(task) + 1 :]).groups()
    parts = path.split(".")
    text = "given" if parts[0] == "given" else "r." + parts[0]
    for part in parts[1:]:
        text += f"[{part}]" if part.isdigit() else f".{part}"
    return text + (entry or "").replace(",", ", ")


def numeric(text: str) -> bool:
    """Whether a printed value is a number (not a matrix, a formula or words)."""
    rest = _NUMERIC.sub("", text)
    return bool(re.search(r"\d", rest)) and bool(re.fullmatch(r"[-\d\s{},.()^+/e]*", rest))


def _bumped(number: str) -> str:
    """The last digit one higher (9 -> 0): `2` -> `3`, `0{,}4655` -> `0{,}4656`."""
    at = max(i for i, c in enumerate(number) if c.isdigit())
    return number[:at] + str((int(number[at]) + 1) % 10) + number[at + 1 :]


def _shape(claim) -> tuple:
    value = claim.value
    return (len(value), len(value[0])) if isinstance(value, list) else ()


def template_mutants(task, path, source, claims, shown, constants) -> Iterator[Mutant]:
    """Swaps, typed numbers and changed constants of a task template. `claims`: id -> Claim
    of the sheets' render; `shown`: `printed()` of its `\\VAR{}`s; `constants`: line -> the
    numbers the build admitted there as declared constants."""

    def make(kind, form, start, end, new):
        return Mutant(kind, form, path, _line(source, start), start, end, new, (task,), source)

    for m in occurrences(source):
        if m.start() not in shown:
            continue  # not on the sheets' page (a branch taken for some variants only)
        text = shown[m.start()]
        if text.startswith(CLAIM) and numeric(text := text.removeprefix(CLAIM)):
            yield make("typed", "printed", *m.span(), text)
            yield make("typed", "wrong", *m.span(), _bumped(text))
        swap = _swap(task, m, claims)
        if swap:
            yield make("swap", "swap", *m.span(), swap)
    opening = source.find("\\BLOCK{block solution}")
    if opening >= 0:
        at = source.index("\n", opening) + 1
        numbers = [c for c in claims.values() if c.kind == "number" and not c.drawn]
        rng = random.Random(path)
        for claim in rng.sample(numbers, min(SENTENCES_PER_TASK, len(numbers))):
            value = f"{claim.value:.2f}".replace(".", "{,}")
            sentence = f"Итак, ${claim.symbol or 'L'} \\approx {value}$.\n"
            yield make("typed", "sentence", at, at, sentence)
    tags = _tags(source)
    for m in _NUMBER.finditer(source):
        if any(a <= m.start() < b for a, b in tags):
            continue
        line, before = _line(source, m.start()), source[max(0, m.start() - 80) : m.start()]
        if re.search(r"\\[dt]?frac$", before) and len(m.group()) == 2:
            digits = [(m.start() + i, m.group()[i]) for i in range(2)]  # \frac12: two arguments
        elif re.search(r"\w$|_\{[^{}]*$", before):
            continue  # part of a name or a number, in a subscript
        else:
            digits = [(m.start(), m.group())]
        for start, number in digits:
            if number.replace("{,}", ",").replace(".", ",") in constants.get(line, ()):
                yield make("constant", "template", start, start + len(number), _bumped(number))


def _swap(task: str, m: re.Match, claims: dict) -> str | None:
    """Another claim of the task for this `\\VAR{}` to print, as a `\\VAR{}`; None if none."""
    shown, bar, filters = m.group(1).partition("|")
    claim_id = claim_of(task, shown.strip(), claims)
    if claim_id is None or claims[claim_id].kind == "fact":
        return None
    this = claims[claim_id]

    def fits(other, same_kind: bool) -> bool:
        return (
            other.id != claim_id
            and other.kind in ("number", "matrix", "formula")
            and not other.drawn
            and other.latex != this.latex
            and not other.id.startswith(claim_id + "[")
            and not claim_id.startswith(other.id + "[")
            and (other.symbol or "named" not in filters)
            and (not same_kind or (other.kind, _shape(other)) == (this.kind, _shape(this)))
        )

    for same_kind in (True, False):  # the same kind of value where there is one
        pool = sorted(c.id for c in claims.values() if fits(c, same_kind))
        if pool:
            other = random.Random(f"{task}:{m.start()}").choice(pool)
            return "\\VAR{" + expression(task, other) + bar + filters + "}"
    return None


def solution_mutants(path: str, source: str, runs: dict[int, tuple[str, ...]]) -> Iterator[Mutant]:
    """Changed literals and dropped factors of a solution module, on the lines in `runs`
    (line -> the tasks whose sheet's solve runs it) and in the module's PARAMS (read by the
    build), or the module constants those lines read."""
    tree = ast.parse(source)
    starts = [0]
    for text in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(text))
    lines = source.splitlines()

    def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:col].decode())

    def span(node) -> tuple[int, int]:
        return offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)

    def text(node) -> str:
        return source[slice(*span(node))]

    runs = dict(runs)
    everyone = tuple(sorted({t for tasks in runs.values() for t in tasks}))
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.lineno in runs}
    for statement in tree.body:  # the sheet's data and the constants the solving reads
        names = [t.id for t in getattr(statement, "targets", []) if isinstance(t, ast.Name)]
        if names and (names[0] == "PARAMS" or names[0] in read):
            for line in range(statement.lineno, statement.end_lineno + 1):
                runs.setdefault(line, everyone)
    seen = set()
    for node in ast.walk(tree):
        tasks = runs.get(getattr(node, "lineno", 0))
        if not tasks:
            continue
        for kind, form, new in _edits(node, text):
            start, end = span(node)
            if (start, end, new) not in seen:
                seen.add((start, end, new))
                yield Mutant(kind, form, path, node.lineno, start, end, new, tasks, source)


def _edits(node, text) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        value = node.value + 1 if type(node.value) is int else (node.value / 2 or 1.0)
        yield "constant", "solution", repr(value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.MatMult):
        yield "drop", "operand", f"({text(node.left)})"
        yield "drop", "operand", f"({text(node.right)})"
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        yield "drop", "divisor", f"({text(node.left)})"
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        yield "drop", "transpose", f"({text(node.value)})"
    elif isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        args = node.args
        if name in _TRANSPOSES and len(args) == 1:
            yield "drop", "transpose", f"({text(args[0])})"
        elif name == "multiply_elementwise" and len(args) == 1:
            yield "drop", "operand", f"({text(node.func.value)})"
        elif name in _PRODUCTS and len(args) == 2 and name.startswith(("hadamard", "Hadamard")):
            yield from (("drop", "operand", f"({text(a)})") for a in args)
        elif name in _PRODUCTS and len(args) >= 2 and not any(_starred(a) for a in args):
            keywords = [text(k) for k in node.keywords]
            for i in range(len(args)):
                rest = [text(a) for j, a in enumerate(args) if j != i] + keywords
                yield "drop", "operand", f"{text(node.func)}({', '.join(rest)})"


def _starred(node) -> bool:
    return isinstance(node, ast.Starred)
