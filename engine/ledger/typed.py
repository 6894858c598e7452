r"""Numbers a template types in its own text, each accounted for.

A value from the data reaches the page through `\VAR{}` and is a claim. What a template types
itself must be one of:

* structural, recognised by rule: an index (`x_1`, `w^{(2)}`, `z^1_2`, `a_{k-1}`), a layout
  parameter (`\\[3pt]`, `\needspace{8\baselineskip}`, `\renewcommand{\arraystretch}{1.2}`,
  a colour mix `blue!60`), a label (a number after the name of a numbered thing: «задача 1»,
  «шаг~2», «класс 0»; an item number opening a heading, `\paragraph{2. ...}`; a page «с.~79»),
  or part of an identifier (`ranepa3.3`, `\label{...}`);
* a constant the template declares with its reason, in one comment:

      \#{ constants
          2: the square in the loss, the two inputs of the network
          0 1: the inputs of XOR and its classes
      }

Anything else is an error at its line: a typed result would reach the page untested. A
declared constant that the template never types is an error too, so the list stays true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from engine.errors import located
from engine.store.memo import Memo


@dataclass(frozen=True)
class Typed:
    template: str  # path relative to the repository
    line: int
    text: str  # as it prints: "0,5", "2"
    rule: str  # index, layout, label, identifier, constant, or data (of a TOML file)
    reason: str  # a constant's declared reason; else what the rule recognised


DECLARATION = "constants"
_NUMBER = re.compile(r"\d+(?:\{,\}\d+|\.\d+(?![\d.]))?")
_UNIT = re.compile(
    r"\s*(?:pt|em|ex|cm|mm|in|bp|mu|sp|\\[a-z]*(?:skip|width|height|sep|size|length)\b)"
)
_LAYOUT_COMMANDS = frozenset(
    {"needspace", "vspace", "hspace", "setlength", "addtolength", "renewcommand", "setcounter"}
    | {"multicolumn", "multirow", "cline", "cmidrule", "scalebox", "resizebox", "raisebox"}
    | {"rule", "linespread", "enlargethispage", "kern", "parbox", "makebox", "arraystretch"}
    | {"tabcolsep"}
)
_REFERENCE_COMMANDS = frozenset({"label", "ref", "pageref", "eqref", "hyperref", "cite"})
_HEADINGS = frozenset(
    {"paragraph", "subparagraph", "subsubsection", "subsection", "section", "textbf", "item"}
)
# the names of numbered things: the number after one of them is its label, not a value
_NUMBERED = re.compile(
    r"(?:задач|пункт|шаг|слой|сло[еяю]|нейрон|класс|набор|вариант|рисун|формул|строк|столб|"
    r"этап|итераци|вход|выход|уровн|№)[а-яё]*[\s~]*(?:\d+\s*(?:,|и|или|--|-)[\s~]*)*$",
    re.IGNORECASE,
)
# the arguments of these calls name an item of the sheet («классификация, 1»)
_ITEM_NAMING = frozenset({"final"})
_PAGE = re.compile(r"(?:\bс\.|\bстр\.)[\s~]*$")


def declared(comment: str, path: str, line: int) -> dict[str, tuple[str, int]] | None:
    """The constants a `\\#{ constants ...}` comment declares: text -> (reason, line)."""
    lines = comment.strip("\n").split("\n")
    if lines[0].split()[:1] != [DECLARATION]:
        return None
    found: dict[str, tuple[str, int]] = {}
    for offset, entry in enumerate(lines[1:], start=1):
        if not entry.strip():
            continue
        at = line + offset + comment[: comment.index(lines[0])].count("\n")
        values, colon, reason = entry.partition(":")
        if not colon or not reason.strip() or not values.split():
            raise located(path, at, "declare a constant as 'value(s): reason' ('2: the square')")
        for value in values.split():
            if not _NUMBER.fullmatch(value.replace(",", "{,}")):
                raise located(path, at, f"'{value}' is not a number (write 0,5 for one half)")
            found[printed(value.replace(",", "{,}"))] = (reason.strip(), at)
    return found


def printed(source: str) -> str:
    """A number as the page prints it: `0{,}5` and `0.5` read `0,5`."""
    return source.replace("{,}", ",").replace(".", ",")


def scan(text: str, lines: list[tuple[int, int]], path: str, constants: dict):
    """Every number in `text` (a template's literal text, tags replaced by a blank) with the
    rule that admits it, and the (line, number) of those nothing admits; `lines` maps
    offsets to template lines: (offset, line) ascending."""
    found, unaccounted, groups = [], [], _groups(text)
    for match in _numbers(text):
        line = _line_at(lines, match.start(), text)
        value = printed(match.group())
        rule = _rule(text, match.start(), match.end(), groups)
        if rule is None and value in constants:
            found.append(Typed(path, line, value, "constant", constants[value][0]))
        elif rule is None:
            unaccounted.append((line, value))
        else:
            found.append(Typed(path, line, value, rule[0], rule[1]))
    return found, unaccounted


def undeclared_message(value: str) -> str:
    return (
        f"the number {value} is typed in the text: print the value with \\VAR{{...}} from the "
        "task's result or data, or, if it belongs to the formula's shape, declare it with its "
        f"reason in the template's \\#{{ {DECLARATION} ... }} comment (templates/README.md)"
    )


def _numbers(text: str):
    """Number tokens, not the digits of a name (`x1`, `ranepa3`); `\\frac12` is 1 and 2."""
    for match in _NUMBER.finditer(text):
        before = text[: match.start()]
        glued = re.search(r"(\\?)([A-Za-z]+)$", before)
        if glued and not glued.group(1):
            continue  # the digits of a name
        if glued and glued.group(2) in ("frac", "dfrac", "tfrac") and len(match.group()) == 2:
            for i in range(2):  # TeX reads each digit as one argument
                yield re.compile(r"\d").match(text, match.start() + i)
            continue
        if before.endswith(".") and re.search(r"[A-Za-z]\d*\.$", before):
            continue  # a dotted identifier such as ranepa3.3 was skipped as a whole above
        yield match


def _rule(text: str, start: int, end: int, groups) -> tuple[str, str] | None:
    before = text[:start]
    if re.search(r"[A-Za-z]\w*\.$", before):
        return "identifier", "part of an identifier"
    if before.endswith("_"):
        return "index", "a subscript"
    if before.endswith("^"):
        after = text[end : end + 1]
        return ("index", "a superscript before a subscript") if after == "_" else None
    if _UNIT.match(text, end) or re.search(r"!$", before) or re.match(r"!", text[end:]):
        return "layout", "a length or a colour mix"
    for owner, opened in reversed(groups(start)):
        if owner == "_":
            return "index", "a subscript"
        if owner == "^":
            content = text[opened : _closing(text, opened)]
            if re.search(r"[A-Za-z(]", content) or text[_closing(text, opened) + 1 :][:1] == "_":
                return "index", "a superscript label"
            break
        if owner in _LAYOUT_COMMANDS:
            return "layout", f"an argument of \\{owner}"
        if owner in _REFERENCE_COMMANDS:
            return "identifier", f"an argument of \\{owner}"
        if owner in _HEADINGS and not text[opened:start].strip() and text[end : end + 1] in ".)":
            return "label", "an item number opening a heading"
    if re.search(r"(?<![\\\w])[ijkl]\s*=\s*$", before):
        return "index", "the value of an index (k = 1)"
    if _NUMBERED.search(before[-40:].replace("$", "")):
        return "label", "the number of a numbered thing"
    if _PAGE.search(before[-10:]):
        return "label", "a page reference"
    return None


def _groups(text: str):
    """For a position, the brace groups around it, outermost first: (owner, offset after
    `{`), where owner is `_`, `^`, a command's name (arguments after the first too) or ''."""
    spans, stack = [], []
    for i, char in enumerate(text):
        if char == "{" and (i == 0 or text[i - 1] != "\\"):
            stack.append((_owner(text, i), i + 1))
        elif char == "}" and (i == 0 or text[i - 1] != "\\") and stack:
            owner, opened = stack.pop()
            spans.append((opened, i, owner))

    def around(position: int) -> list[tuple[str, int]]:
        inside = [(o, s) for s, e, o in spans if s <= position <= e]
        return sorted(inside, key=lambda pair: pair[1])

    return around


def _owner(text: str, brace: int) -> str:
    """What a `{` at `brace` belongs to: `_`, `^`, or the command before it, skipping the
    arguments in between (the second argument of \\renewcommand belongs to it too)."""
    i = brace - 1
    while i >= 0:
        char = text[i]
        if char in "_^":
            return char
        if char in "}]":
            i = _opening(text, i) - 1
            continue
        command = re.search(r"\\([A-Za-z]+)\*?$", text[: i + 1])
        return command.group(1) if command else ""
    return ""


def _opening(text: str, closing: int) -> int:
    pairs = {"}": "{", "]": "["}
    close, depth = text[closing], 0
    for i in range(closing, -1, -1):
        if text[i] == close:
            depth += 1
        elif text[i] == pairs[close]:
            depth -= 1
            if depth == 0:
                return i
    return 0


def _closing(text: str, opened: int) -> int:
    depth = 1
    for i in range(opened, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def _line_at(lines: list[tuple[int, int]], offset: int, text: str) -> int:
    base_offset, base_line = max((pair for pair in lines if pair[0] <= offset), default=(0, 1))
    return base_line + text.count("\n", base_offset, offset)


def of_template(env: jinja2.Environment, name: str, relative) -> tuple[Typed, ...]:
    """The numbers template `name` types (its literal text and string arguments), each
    admitted by a rule or a declaration; UserError at the first one that is not."""
    found, problems = checked(env, name, relative)
    if problems:
        raise located(relative(env.loader.get_source(env, name)[1]), *problems[0])
    return found


def checked(env: jinja2.Environment, name: str, relative):
    """(the numbers admitted, the (line, message) of every problem) for template `name`."""
    source, filename, _ = env.loader.get_source(env, name)
    return of_source(env, source, relative(filename))


def of_source(env: jinja2.Environment, source: str, path: str):
    """What `_of_source` finds, once per process for a template's text: every build has its
    own environment, all of one kind (delimiters and lexer alike)."""
    return _SCANNED.get((type(env), source, path), lambda: _of_source(env, source, path))


_SCANNED = Memo(1024)


def _of_source(env: jinja2.Environment, source: str, path: str):
    pieces, lines, constants, length = [], [], {}, 0
    name, call = "", ""
    for line, kind, value in env.lexer.tokeniter(source, path):
        if kind == "name":
            name = value
        elif kind == "operator":
            call = name if value == "(" else "" if value == ")" else call
        if kind == "comment":
            constants.update(declared(value, path, line) or {})
            continue
        if kind == "data":
            text = re.sub(r"(?<!\\)%[^\n]*", "", value)  # a LaTeX comment never prints
        elif kind == "string" and call not in _ITEM_NAMING and not _NUMBER.fullmatch(value[1:-1]):
            text = value[1:-1]  # LaTeX passed to a macro; a bare "1" names an item
        else:
            pieces.append(" ")
            length += 1
            continue
        lines.append((length, line))
        pieces.append(text)
        length += len(text)
    found, unaccounted = scan("".join(pieces), lines, path, constants)
    used = {t.text for t in found if t.rule == "constant"}
    problems = [(line, undeclared_message(value)) for line, value in unaccounted]
    problems += [
        (line, f"the constant {value} is declared but never typed here")
        for value, (_, line) in constants.items()
        if value not in used
    ]
    return tuple(found), tuple(sorted(problems))


def in_content(text: str, source: str, reason: str) -> tuple[Typed, ...]:
    """The numbers of text an instructor keeps in a data file and a template prints as it is
    (a sheet's origin, the rubric's points): accounted as that file's data, with `reason`."""
    return tuple(Typed(source, 0, printed(m.group()), "data", reason) for m in _numbers(text))


def referenced(env: jinja2.Environment, name: str) -> list[str]:
    """`name` and every template it extends, imports or includes by a literal name."""
    seen: list[str] = []

    def visit(current: str) -> None:
        if current in seen:
            return
        seen.append(current)
        source, filename, _ = env.loader.get_source(env, current)
        tree = env.parse(source, current, filename)
        for node in tree.find_all((nodes.Extends, nodes.Import, nodes.FromImport, nodes.Include)):
            if isinstance(node.template, nodes.Const):
                visit(node.template.value)

    visit(name)
    return seen
