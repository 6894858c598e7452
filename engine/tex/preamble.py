"""The documents' preamble precompiled into a TeX format (mylatexformat), so that a pass starts
with its packages loaded: a quarter of a booklet pass was reading them again.

The format is made from the preamble up to its metadata (`\\hypersetup`, the title), which
differ between the booklet, the problem sheet and the variants; one format serves them all.
It is keyed by that preamble and the TeX installation and kept in the cache (engine/store/cache.py),
signed like any entry: TeX never loads a format this build did not make. Compiling with it,
the document says where the dumped part ends (`\\endofdump`, at the start of the first
metadata line, so that every line keeps its number). If the format cannot be made, documents compile
without it, only slower. It is dumped with a fixed date, like the pictures: its bytes do not
depend on the SOURCE_DATE_EPOCH of the build that made it (the date a document shows is set
when it runs, not when the format was dumped).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from engine.store.cache import Store, digest
from engine.store.uptodate import FIXED_EPOCH

KIND = "format"
END = r"\endofdump"
_METADATA = (r"\hypersetup", r"\title", r"\date")
_TIMEOUT_S = 300


def dumped_part(tex: str) -> str | None:
    """The preamble up to its metadata, or None when the document has none to split at."""
    cut = _cut(tex)
    return None if cut is None else tex[:cut]


def marked(tex: str) -> str:
    """`tex` for compiling with the format: the end of the dumped part marked at the start of
    the first metadata line (no line added: errors keep their line numbers)."""
    cut = _cut(tex)
    return tex if cut is None else tex[:cut] + END + tex[cut:]


def key(tex: str) -> str | None:
    part = dumped_part(tex)
    return None if part is None else part_key(part)


def part_key(part: str) -> str:
    """The key of the format made from the dumped part `part`."""
    return digest(KIND, installation(), part)


def ending(part: str) -> str:
    """A dumped part followed by a document that loads more: `part`, its end marked."""
    return part + END


def ensure(tex: str, store: Store, environment: dict[str, str]) -> str | None:
    """Make the format of `tex`'s preamble unless the store has it; its key, or None."""
    part = dumped_part(tex)
    return None if part is None else ensure_part(part, store, environment)


def ensure_part(part: str, store: Store, environment: dict[str, str]) -> str | None:
    """`ensure` for a dumped part (what `dumped_part` returns)."""
    made = part_key(part)
    if store.get(KIND, made) is not None:
        return made
    with tempfile.TemporaryDirectory(prefix="format-") as folder:
        work = Path(folder)
        source = ending(part) + "\n\\begin{document}\n\\end{document}\n"  # never read
        (work / "preamble.tex").write_text(source, encoding="utf-8")
        command = [
            "pdftex",
            "-ini",
            "-interaction=batchmode",
            "-halt-on-error",
            "-jobname=preamble",
            "&pdflatex",
            "mylatexformat.ltx",
            "preamble.tex",
        ]
        try:
            run_quietly(command, work, undated(environment))
            store.put(KIND, made, (work / "preamble.fmt").read_bytes())
        except (subprocess.SubprocessError, OSError):
            return None
    return made


def run_quietly(command: list[str], work: Path, environment: dict[str, str] | None = None):
    """Run a TeX tool in `work`, its output kept from the terminal; raises on failure."""
    subprocess.run(
        command,
        cwd=work,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=_TIMEOUT_S,
        check=True,
    )


def install(made: str | None, store: Store, work_dir: Path) -> str | None:
    """Put the format keyed `made` into `work_dir`; the name to give `pdflatex -fmt`."""
    if made is None:
        return None
    name = f"preamble-{made[:20]}"
    path = work_dir / f"{name}.fmt"
    data = store.get(KIND, made)
    if data is None:
        return None
    if path.exists() and path.read_bytes() == data:  # TeX loads only the format we made
        return name
    work_dir.mkdir(parents=True, exist_ok=True)
    for old in work_dir.glob("preamble-*.fmt"):
        old.unlink(missing_ok=True)
    temporary = work_dir / f"{name}.part"
    temporary.write_bytes(data)
    temporary.replace(path)
    return name


def _cut(tex: str) -> int | None:
    """Where the metadata starts: the first of its lines before \\begin{document}."""
    end = tex.find(r"\begin{document}")
    if end < 0:
        return None
    offset = 0
    for line in tex[:end].splitlines(keepends=True):
        if line.startswith(_METADATA):
            return offset
        offset += len(line)
    return None


@cache
def installation() -> str:
    """The TeX installation, as far as formats and pictures depend on it: an upgrade redoes
    them."""
    found = shutil.which("pdftex")
    if found is None:
        return ""
    stat = Path(found).resolve().stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def undated(environment: dict[str, str]) -> dict[str, str]:
    """`environment` with a fixed date, for what the cache keeps (a format, pictures): the
    bytes of a cached artefact must not carry the date of the build that made it."""
    return environment | {"SOURCE_DATE_EPOCH": FIXED_EPOCH, "FORCE_SOURCE_DATE": "1"}
