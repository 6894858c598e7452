"""TikZ and pgfplots pictures typeset once, on their own, and included in the documents as PDF.

A third of a booklet pass went into drawing its pictures, the same ones on every pass and in
every build. Each picture is keyed by its source, the preamble it is drawn with and the TeX
installation; one that is not in the cache (engine/store/cache.py) is typeset alone in a small
document (the `preview` package crops the page to it), several such documents side by side,
and stored. The document then includes each picture's PDF where its source stood, on as
many lines, so that a LaTeX error is still reported at its template line. The text of an
included picture stays text: searchable and in vector fonts.

A picture's bytes depend on its key alone, so that a PDF does not depend on what the cache
held before: one picture to a document (pictures typeset together share font subsets, which
then depend on which others happened to be missing) and a fixed date (SOURCE_DATE_EPOCH
would otherwise stick in the cache with the build that made the picture).

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

from engine.errors import UserError
from engine.store.cache import Store, digest
from engine.tex import preamble as formats
from engine.tex.preamble import installation

_VERSION = "2"  # 2: one picture to a document, a fixed date, no /ID
_PICTURE = re.compile(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", re.S)
_BEGIN = r"\begin{document}"
_CROP = "\n".join(
    [
        r"\usepackage[active,tightpage]{preview}",
        r"\setlength\PreviewBorder{0pt}",
        r"\PreviewEnvironment{tikzpicture}",
        r"\pdftrailerid{}",  # no /ID: pdfTeX would hash the work directory's random path
    ]
)
KIND = "picture"


def prepare(
    texs: list[str],
    store: Store,
    environment: dict[str, str],
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Typeset and store every picture of `texs` that the store does not hold."""
    drawn = []
    for tex in texs:
        preamble = formats.dumped_part(tex)
        if preamble is not None:
            drawn += [(preamble, picture) for picture in _PICTURE.findall(tex)]
    prepare_drawn(drawn, store, environment, progress)


def prepare_drawn(
    drawn: list[tuple[str, str]],
    store: Store,
    environment: dict[str, str],
    progress: Callable[[str], None] = lambda _: None,
    processes: int | None = None,
) -> None:
    """`prepare` for pictures given as (dumped preamble, source), on up to `processes`
    processes (default: one per core). Always with the preamble's format (engine/tex/preamble.py)
    when it can be made: TeX numbers its fonts otherwise, and the picture's bytes differ."""
    missing: dict[str, tuple[str, str]] = {}
    for preamble, picture in drawn:
        key = key_of(preamble, picture)
        if key not in missing and store.get(KIND, key) is None:
            missing[key] = (preamble, picture)
    if not missing or not _tools():
        return
    processes = min(len(missing), processes or os.cpu_count() or 1)
    progress(f"typesetting {len(missing)} new picture(s) in {processes} process(es)")
    undated = formats.undated(environment)
    with tempfile.TemporaryDirectory(prefix="pictures-") as folder:
        work = Path(folder)
        fmts = {  # installed once for all the pictures drawn with it
            part: formats.install(formats.ensure_part(part, store, environment), store, work)
            for part in {part for part, _ in missing.values()}
        }

        def typeset(item: tuple[str, tuple[str, str]]) -> tuple[str, bytes | None]:
            key, (preamble, picture) = item
            return key, _typeset(preamble, picture, key, work, undated, fmts[preamble])

        with ThreadPoolExecutor(processes) as pool:
            for key, pdf in pool.map(typeset, missing.items()):
                if pdf is not None:
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


def converted(
    part: str, source: str, store: Store, kind: str, command: list[str], product: str
) -> bytes:
    """The picture `source` (typeset under the preamble `part` by prepare_drawn) converted by a
    poppler `command` that reads picture.pdf and writes `product`, kept in the cache under
    `kind`: the web edition's SVG, the quiz's PNG."""
    picture = key_of(part, source)
    key = digest(kind, picture, *command)
    made = store.get(kind, key)
    if made is None:
        pdf = store.get(KIND, picture)
        if pdf is None:
            raise UserError("a picture did not typeset; build with --pdf to see why")
        with tempfile.TemporaryDirectory(prefix=f"{kind}-") as folder:
            work = Path(folder)
            (work / "picture.pdf").write_bytes(pdf)
            try:
                subprocess.run(command, cwd=work, check=True, capture_output=True)
                made = (work / product).read_bytes()
            except (subprocess.SubprocessError, OSError) as err:
                raise UserError(f"{command[0]} could not convert a picture: {err}") from None
        store.put(kind, key, made)
    return made


def drawn_in(text: str) -> list[str]:
    """The sources of the pictures in a piece of a document."""
    return _PICTURE.findall(text)


_HIDDEN = "every node/.append style={text opacity=0}"
_OPENING = r"\begin{tikzpicture}"


def textless(picture: str) -> str:
    """The picture with the text of every node made invisible, its fills and frames kept: what
    the labels are printed over (checks/figure_overlap.py). Laid out exactly as the picture."""
    rest = picture[len(_OPENING) :]
    if rest.startswith("["):
        return f"{_OPENING}[{_HIDDEN},{rest[1:]}"
    return f"{_OPENING}[{_HIDDEN}]{rest}"


def drawn_twice(
    tex: str, store: Store, environment: dict[str, str]
) -> tuple[list[str], bytes, bytes] | None:
    """The pictures of the document `tex` typeset together, one to a page, as drawn and
    `textless`: (their sources, the PDF, the text-less PDF), page k of each the k-th source;
    None if there are none or they do not compile. Two TeX runs side by side, however many the
    pictures: a check reads them, no document includes them, so nothing is stored."""
    part = formats.dumped_part(tex)
    sources = list(dict.fromkeys(_PICTURE.findall(tex)))
    if part is None or not sources or not _tools():
        return None
    undated = formats.undated(environment)
    with tempfile.TemporaryDirectory(prefix="pictures-") as folder:
        work = Path(folder)
        fmt = formats.install(formats.ensure_part(part, store, environment), store, work)

        def typeset(name: str, drawn: list[str]) -> bytes | None:
            return _typeset_pages(part, drawn, name, work, undated, fmt)

        with ThreadPoolExecutor(2) as pool:
            pdf = pool.submit(typeset, "drawn", sources)
            bare = pool.submit(typeset, "bare", [textless(s) for s in sources])
            pdf, bare = pdf.result(), bare.result()
    return None if pdf is None or bare is None else (sources, pdf, bare)


def _typeset(
    preamble: str,
    picture: str,
    key: str,
    work: Path,
    environment: dict[str, str],
    fmt: str | None,
) -> bytes | None:
    """The picture's PDF, typeset alone in `work` (with the format named `fmt` there, if
    any); None if it does not compile. Named by its key: nothing in its bytes depends on
    which other pictures were typeset beside it."""
    return _typeset_pages(preamble, [picture], f"picture-{key[:20]}", work, environment, fmt)


def _typeset_pages(
    preamble: str,
    drawn: list[str],
    name: str,
    work: Path,
    environment: dict[str, str],
    fmt: str | None,
) -> bytes | None:
    """The pictures `drawn` typeset in one document `name` in `work`, one to a page; None if
    it does not compile or its pages are not the pictures."""
    head = formats.ending(preamble) if fmt is not None else preamble
    body = "\n".join(drawn)
    source = f"{head}\n{_CROP}\n{_BEGIN}\n{body}\n\\end{{document}}\n"
    (work / f"{name}.tex").write_text(source, encoding="utf-8")
    flags = ["-interaction=batchmode", "-halt-on-error", "-no-shell-escape"]
    flags += [f"-fmt={fmt}"] if fmt is not None else []
    try:
        formats.run_quietly(["pdflatex", *flags, f"{name}.tex"], work, environment)
        log = (work / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        pages = "1 page," if len(drawn) == 1 else f"{len(drawn)} pages,"
        if f"Output written on {name}.pdf ({pages}" not in log:
            return None  # not one page each: do not guess which page is which picture
        return (work / f"{name}.pdf").read_bytes()
    except (subprocess.SubprocessError, OSError):
        return None  # left in the document: its compile reports the error at its line


@cache
def _tools() -> bool:
    return shutil.which("pdflatex") is not None
