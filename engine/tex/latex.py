"""Compiling with latexmk; a failure is reported at its template line (engine/tex/latex_errors.py).

latexmk runs in `build/.latex-<name>/` (its aux files make repeated builds fast) with nonstop
mode, halt-on-error, file:line errors and no shell escape. The caller publishes the PDF
(engine/store/publish.py) only when this succeeds. We run latexmk ourselves rather than through
pylatex's `generate_pdf`, which prints the whole TeX log on failure and cannot report an error
at its template line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from engine.errors import UserError
from engine.store.cache import Store
from engine.store.publish import check_pdf, write_atomically
from engine.store.uptodate import source_date_epoch
from engine.tex import pictures, preamble
from engine.tex.document import SourceMap
from engine.tex.latex_errors import explain
from engine.tex.texlog import TexError, first_error

LATEXMK_FLAGS = [
    "-pdf",
    "-interaction=nonstopmode",
    "-halt-on-error",
    "-file-line-error",
    "-no-shell-escape",
    "-silent",
]
_TIMEOUT_S = 300


def tex_environment() -> dict[str, str]:
    """latexmk's environment: dates from SOURCE_DATE_EPOCH (no build time in the PDF), and
    TeX confined to its work directory: kpathsea's paranoid mode refuses absolute paths,
    `..` and dot files in \\input and \\openout (system packages are found by search)."""
    return os.environ | {
        "SOURCE_DATE_EPOCH": source_date_epoch(),
        "FORCE_SOURCE_DATE": "1",
        "openin_any": "p",
        "openout_any": "p",
        # whole lines in the log: an error's message, context and runaway text unbroken
        "max_print_line": "10000",
        "error_line": "254",
        "half_error_line": "238",
    }


def compile_pdf(
    tex: str,
    work_dir: Path,
    source_map: SourceMap,
    name: str = "booklet",
    store: Store | None = None,
    siblings: list[Path] = (),
) -> bytes:
    """Compile `tex` in `work_dir`; return the PDF's bytes, or raise a located UserError.
    With a `store`, the pictures it holds are included as PDF (engine/tex/pictures.py) and the
    preamble's format, if it holds one, is used (engine/tex/preamble.py). A first compile starts
    from the cross-references of the newest finished build among `siblings` (work directories
    of other variants): when its pages fall alike, one pass is enough, and latexmk still
    runs another whenever they do not.

    A failure that may come from an earlier run's auxiliary files (garbage in the .aux, a
    heading in the .toc that no longer exists) is retried once from an empty directory
    before it is reported: a fixed template must not stay broken."""
    for program in ("latexmk", "pdflatex"):
        if shutil.which(program) is None:
            raise UserError(f"{program} not found: run `make pdf` once to install TeX Live")

    def run() -> str | None:
        if store is None:
            return _run_latexmk(tex, work_dir, name)
        typeset = pictures.included(tex, store, work_dir)
        fmt = preamble.install(preamble.key(tex), store, work_dir)
        if fmt is not None:
            typeset = preamble.marked(typeset)
        return _run_latexmk(typeset, work_dir, name, fmt)

    had_earlier_run = any(work_dir.glob(f"{name}.*")) or _seed(work_dir, name, siblings)
    log = run()
    if log is not None and had_earlier_run and _may_be_stale(first_error(log), source_map):
        shutil.rmtree(work_dir)
        log = run()
    if log is not None:
        raise explain(first_error(log), tex, work_dir / f"{name}.tex", source_map)
    return check_pdf((work_dir / f"{name}.pdf").read_bytes(), work_dir / f"{name}.pdf")


def _run_latexmk(tex: str, work_dir: Path, name: str, fmt: str | None = None) -> str | None:
    """None when latexmk made the PDF, else the log to find the error in."""
    work_dir.mkdir(parents=True, exist_ok=True)
    tex_path = work_dir / f"{name}.tex"
    write_atomically(tex_path, tex)
    started = time.time()
    with_format = [f"-pdflatex=pdflatex -fmt={fmt} %O %S"] if fmt is not None else []
    environment = tex_environment()
    # latexmk reruns on changed files, not on a changed environment: a PDF of another date
    # would be kept as up to date
    dated = work_dir / f"{name}.date"
    date = environment["SOURCE_DATE_EPOCH"]
    forced = [] if _read(dated) == date else ["-g"]
    try:
        run = subprocess.run(
            ["latexmk", *LATEXMK_FLAGS, *with_format, *forced, tex_path.name],
            cwd=work_dir,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        raise UserError(f"{tex_path}: LaTeX did not finish in {_TIMEOUT_S} s") from None
    if run.returncode == 0 and (work_dir / f"{name}.pdf").exists():
        with contextlib.suppress(OSError):  # unrecorded: the next run is forced again
            write_atomically(dated, date)
        return None
    log = work_dir / f"{name}.log"
    if log.exists() and log.stat().st_mtime >= started - 1:  # not an earlier run's log
        return log.read_text(encoding="utf-8", errors="replace")
    return run.stdout + run.stderr


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


_CROSS_REFERENCES = (".aux", ".toc", ".out", ".fdb_latexmk")


def _seed(work_dir: Path, name: str, siblings: list[Path]) -> bool:
    """Copy the cross-references of the newest finished sibling build; whether it did."""
    finished = [folder for folder in siblings if folder != work_dir and _finished(folder, name)]
    if not finished:
        return False
    newest = max(finished, key=lambda folder: (folder / f"{name}.fdb_latexmk").stat().st_mtime)
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        for suffix in _CROSS_REFERENCES:
            shutil.copyfile(newest / f"{name}{suffix}", work_dir / f"{name}{suffix}")
    except OSError:  # a sibling cleaned up meanwhile: start from nothing
        for suffix in _CROSS_REFERENCES:
            (work_dir / f"{name}{suffix}").unlink(missing_ok=True)
        return False
    return True


def _finished(folder: Path, name: str) -> bool:
    """A compile that succeeded after it last wrote its cross-references (not one under way):
    its date file is written once latexmk has made the PDF. Published or not: the variants
    and the students of one class are published together at the end, and each starts from
    the ones compiled before it."""
    try:
        compiled = max((folder / f"{name}{s}").stat().st_mtime for s in _CROSS_REFERENCES)
        return (folder / f"{name}.date").stat().st_mtime >= compiled
    except OSError:
        return False


def _may_be_stale(error: TexError | None, source_map: SourceMap) -> bool:
    """Whether the error may lie in what an earlier run left behind rather than in the
    templates: no error found, an error in an auxiliary file, or an error on a line no
    template wrote (\\begin{document} and \\tableofcontents read the auxiliary files)."""
    if error is None or error.in_auxiliary_file:
        return True
    if error.runaway or error.begun_at is not None or error.line is None:
        return False
    return source_map.locate(error.line) is None
