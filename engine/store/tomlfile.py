"""Reading a TOML file an instructor edits (the rubric, the key): a file that cannot be read
or parsed is one message with the file's name and, when TOML says it, the line."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from engine.errors import located


def read(path: Path, name: str, what: str) -> tuple[dict, str]:
    """(the parsed data, the text) of `path`; `name` is the path as messages show it."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # Windows editors
    except OSError as err:
        raise located(name, None, f"cannot read the {what}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise located(name, None, f"the {what} is not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        raise located(name, int(found[1]) if found else None, str(err)) from None


def key_line(text: str, first: int, last: int | None, key: str) -> int | None:
    """The line (1-based) in lines first..last (to the end when None) where `key = ...` is
    written, bare or quoted; None when it is not written there in that form."""
    setting = re.compile(
        rf'^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|\'{re.escape(key)}\')[ \t]*='
    )
    lines = text.splitlines()
    for number in range(first, min(last or len(lines), len(lines)) + 1):
        if setting.match(lines[number - 1]):
            return number
    return None


def control_character(value: str) -> str | None:
    """The first control character in `value` other than a line break or a tab, as `U+0001`:
    such a character breaks the quiz's XML and marks of our own in the LaTeX source."""
    for char in value:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            return f"U+{ord(char):04X}"
    return None


def latex_mistake(value: str, math: bool) -> str | None:
    """What in `value` (LaTeX for one cell of a table: a formula when `math`) would break the
    table it is printed in, or None. TeX would notice these rows later or elsewhere."""
    depth, dollars, k = 0, 0, 0
    while k < len(value):
        char, following = value[k], value[k + 1 : k + 2]
        if char == "\\":
            if following == "\\":
                return r"\\ would end the table's row here"
            k += 2  # \{ \} \& \% \$ are characters, not markup
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "a } closes no {"
        elif char in "&%#":
            meaning = {
                "&": "would start a new column of the table",
                "%": "would comment out the rest of the table's row",
                "#": "is TeX's parameter character",
            }[char]
            return f"{char} {meaning} (write \\{char} for the character)"
        elif char == "$":
            if math:
                return "$ inside a formula (this text is typeset as a formula already)"
            dollars += 1
        k += 1
    if depth > 0:
        return "a { is never closed"
    if dollars % 2:
        return "a formula begun with $ is never closed"
    if re.search(r"\\(begin|end|par)(?![A-Za-z])", value):
        return "an environment or a paragraph break cannot go in one cell of a table"
    return None
