"""TikZ and pgfplots pictures typeset once, on their own, and included in the documents as PDF.

A third of a booklet pass went into drawing its pictures, the same ones on every pass and in
every build. Each picture is keyed by its source, the preamble it is drawn with and the TeX
installation; one that is not in the cache (engine/cache.py) is typeset with the others
missing, as pages of a few small documents compiled side by side (the `preview` package
crops each page to its picture), split into one PDF per picture with poppler's `pdfseparate`
and stored. The document then includes each picture's PDF where its source stood, on as
many lines, so that a LaTeX error is still reported at its template line. The text of an
included picture stays text: searchable and in vector fonts.

Nothing here can make a build fail: a picture that does not compile alone stays in the
document as it was written, and the document's own compile reports its error at its line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from engine import preamble as formats
from engine.cache import Store, digest
from engine.preamble import installation

_VERSION = "1"
_PICTURE = re.compile(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", re.S)
_BEGIN = r"\begin{document}"
_CROP = "\n".join(
    [
        r"\usepackage[active,tightpage]{preview}",
        r"\setlength\PreviewBorder{0pt}",
        r"\PreviewEnvironment{tikzpicture}",
    ]
)
_PER_BATCH = 4  # fewer pictures than this to a process: starting TeX would cost more
KIND = "picture"


def prepare(
    texs: list[str],
    store: Store,
    environment: dict[str, str],
    progress: Callable[[str], None] = lambda _: None,
    made_format: str | None = None,
) -> None:
    """Typeset and store every picture of `texs` that the store does not hold; with the
    preamble's format (engine/preamble.py) when `made_format` names one."""
    drawn = []
    for tex in texs:
        preamble = formats.dumped_part(tex)
        if preamble is not None:
            drawn += [(preamble, picture) for picture in _PICTURE.findall(tex)]
    prepare_drawn(drawn, store, environment, progress, made_format)


def prepare_drawn(
    drawn: list[tuple[str, str]],
    store: Store,
    environment: dict[str, str],
    progress: Callable[[str], None] = lambda _: None,
    made_format: str | None = None,
    processes: int | None = None,
) -> None:
    """`prepare` for pictures given as (dumped preamble, source), on up to `processes`
    processes (default: one per core)."""
    missing: dict[str, tuple[str, str]] = {}
    for preamble, picture in drawn:
        key = key_of(preamble, picture)
        if key not in missing and store.get(KIND, key) is None:
            missing[key] = (preamble, picture)
    if not missing or not _tools():
        return
    processes = processes or os.cpu_count() or 1
    by_preamble: dict[str, list[tuple[str, str]]] = {}
    for key, (preamble, picture) in missing.items():
        by_preamble.setdefault(preamble, []).append((key, picture))
    batches = [
        (preamble, pictures[k :: _batches(len(pictures), processes)])
        for preamble, pictures in by_preamble.items()
        for k in range(_batches(len(pictures), processes))
    ]
    progress(f"typesetting {len(missing)} new picture(s) in {len(batches)} process(es)")

    def typeset(batch: tuple[str, list[tuple[str, str]]]) -> dict[str, bytes]:
        preamble, pictures = batch
        usable = made_format if made_format == formats.part_key(preamble) else None
        return _typeset(preamble, pictures, environment, store, usable)

    with ThreadPoolExecutor(min(len(batches), processes)) as pool:
        for typeset_pdfs in pool.map(typeset, batches):
            for key, pdf in typeset_pdfs.items():
                store.put(KIND, key, pdf)


def included(tex: str, store: Store, work_dir: Path) -> str:
    """`tex` with each stored picture replaced by its PDF (written into `work_dir`)."""
    preamble = formats.dumped_part(tex)
    used: set[str] = set()

    def include(match: re.Match) -> str:
        picture = match.group(0)
        pdf = None if preamble is None else store.get(KIND, key_of(preamble, picture))
        if pdf is None:
            return picture
        name = f"picture-{key_of(preamble, picture)[:20]}.pdf"
        path = work_dir / name
        if not path.exists() or path.read_bytes() != pdf:
            path.write_bytes(pdf)
        used.add(name)
        return rf"\includegraphics{{{name}}}" + "%\n" * picture.count("\n")

    work_dir.mkdir(parents=True, exist_ok=True)
    result = _PICTURE.sub(include, tex)
    for old in work_dir.glob("picture-*.pdf"):
        if old.name not in used:
            old.unlink(missing_ok=True)
    return result


def key_of(preamble: str, picture: str) -> str:
    return digest(_VERSION, installation(), preamble, picture)


def _batches(count: int, processes: int) -> int:
    return max(1, min(processes, count // _PER_BATCH))


def drawn_in(text: str) -> list[str]:
    """The sources of the pictures in a piece of a document."""
    return _PICTURE.findall(text)


def _typeset(
    preamble: str,
    pictures: list[tuple[str, str]],
    environment: dict[str, str],
    store: Store,
    made_format: str | None,
) -> dict[str, bytes]:
    """{key: PDF} of the pictures, typeset in one document; empty if it does not compile."""
    with tempfile.TemporaryDirectory(prefix="pictures-") as folder:
        work = Path(folder)
        body = "\n".join(picture for _, picture in pictures)
        fmt = formats.install(made_format, store, work)
        head = formats.ending(preamble) if fmt is not None else preamble
        source = f"{head}\n{_CROP}\n{_BEGIN}\n{body}\n\\end{{document}}\n"
        (work / "pictures.tex").write_text(source, encoding="utf-8")
        flags = ["-interaction=batchmode", "-halt-on-error", "-no-shell-escape"]
        flags += [f"-fmt={fmt}"] if fmt is not None else []
        try:
            formats.run_quietly(["pdflatex", *flags, "pictures.tex"], work, environment)
            formats.run_quietly(["pdfseparate", "pictures.pdf", "page-%d.pdf"], work)
        except (subprocess.SubprocessError, OSError):
            return {}  # left in the document: its compile reports the error at its line
        pages = [work / f"page-{n}.pdf" for n in range(1, len(pictures) + 1)]
        extra = work / f"page-{len(pages) + 1}.pdf"
        if not all(page.exists() for page in pages) or extra.exists():
            return {}  # a page count that does not match: do not guess which is which
        return {key: page.read_bytes() for (key, _), page in zip(pictures, pages, strict=True)}


@cache
def _tools() -> bool:
    return all(shutil.which(tool) for tool in ("pdflatex", "pdfseparate"))
