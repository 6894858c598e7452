"""The one place that writes outputs: a file, or a set of files published together.

Every file is written under a temporary name in its target directory and renamed into place
only when all of the set are written, so a failure part-way leaves the previous outputs as
they were and no temporary file behind.
"""

from __future__ import annotations

import os
from pathlib import Path


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def publish(files: dict[Path, bytes | str]) -> list[Path]:
    """Write `files` ({path: content}) so that either all of them change or none."""
    written: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(path)
            written.append(tmp)
            tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except BaseException:
        for tmp in written:
            tmp.unlink(missing_ok=True)
        raise
    for path in files:
        os.replace(_temporary(path), path)
    return list(files)


def write_atomically(path: Path, data: bytes | str) -> None:
    """One file, replaced in one step."""
    publish({path: data})
