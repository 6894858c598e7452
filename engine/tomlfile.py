"""Reading a TOML file an instructor edits (the rubric, the key): a file that cannot be read
or parsed is one message with the file's name and, when TOML says it, the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from engine.errors import located


def read(path: Path, name: str, what: str) -> tuple[dict, str]:
    """(the parsed data, the text) of `path`; `name` is the path as messages show it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise located(name, None, f"cannot read the {what}: {err.strerror}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"line (\d+)", str(err))
        raise located(name, int(found[1]) if found else None, str(err)) from None
