"""Compiling with latexmk, and mapping a LaTeX error back to its template line.

latexmk runs in `build/.latex-<name>/` (its aux files make repeated builds fast) with nonstop
mode, halt-on-error, file:line errors and no shell escape. The caller publishes the PDF
(engine/publish.py) only when this succeeds. We run latexmk ourselves rather than through
pylatex's `generate_pdf`, which prints the whole TeX log on failure and cannot report an error
at its template line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from engine.document import SourceMap
from engine.errors import UserError, located
from engine.publish import check_pdf, write_atomically

LATEXMK_FLAGS = [
    "-pdf",
    "-interaction=nonstopmode",
    "-halt-on-error",
    "-file-line-error",
    "-no-shell-escape",
    "-silent",
]
_FILE_LINE_ERROR = re.compile(
    r"^(?P<file>[^:\s]+\.(?:tex|sty|cls|def)):(?P<line>\d+): (?P<msg>.*)$"
)
_TIMEOUT_S = 300
# A date for PDFs built outside git: the same bytes from the same sources anywhere.
_FIXED_EPOCH = "1700000000"


def source_date_epoch() -> str:
    """SOURCE_DATE_EPOCH for reproducible PDFs: the caller's, else the last commit's time in
    a checkout, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        run = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return _FIXED_EPOCH
    epoch = run.stdout.strip()
    return epoch if run.returncode == 0 and epoch.isdigit() else _FIXED_EPOCH


def tex_environment() -> dict[str, str]:
    """latexmk's environment: dates from SOURCE_DATE_EPOCH (no build time in the PDF), and
    TeX confined to its work directory: kpathsea's paranoid mode refuses absolute paths,
    `..` and dot files in \\input and \\openout (system packages are found by search)."""
    return os.environ | {
        "SOURCE_DATE_EPOCH": source_date_epoch(),
        "FORCE_SOURCE_DATE": "1",
        "openin_any": "p",
        "openout_any": "p",
    }


def compile_pdf(tex: str, work_dir: Path, source_map: SourceMap, name: str = "booklet") -> bytes:
    """Compile `tex` in `work_dir`; return the PDF's bytes, or raise a located UserError."""
    for program in ("latexmk", "pdflatex"):
        if shutil.which(program) is None:
            raise UserError(f"{program} not found: run `make pdf` once to install TeX Live")
    work_dir.mkdir(parents=True, exist_ok=True)
    tex_path = work_dir / f"{name}.tex"
    write_atomically(tex_path, tex)
    try:
        run = subprocess.run(
            ["latexmk", *LATEXMK_FLAGS, tex_path.name],
            cwd=work_dir,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            env=tex_environment(),
        )
    except subprocess.TimeoutExpired:
        raise UserError(f"{tex_path}: LaTeX did not finish in {_TIMEOUT_S} s") from None
    pdf = work_dir / f"{name}.pdf"
    if run.returncode != 0 or not pdf.exists():
        log = work_dir / f"{name}.log"
        log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else run.stdout
        raise latex_error(log_text, tex_path, source_map)
    return check_pdf(pdf.read_bytes(), pdf)


def latex_error(log: str, tex_path: Path, source_map: SourceMap) -> UserError:
    """The first error of a TeX log, reported at the template line it came from."""
    lines = log.splitlines()
    for k, line in enumerate(lines):
        match = _FILE_LINE_ERROR.match(line)
        if match or line.startswith("! "):
            message = (match["msg"] if match else line[2:]).strip()
            context = _context(lines[k + 1 : k + 12])
            detail = f"LaTeX error: {message}" + (f" [{context}]" if context else "")
            if match and Path(match["file"]).name == tex_path.name:
                tex_line = int(match["line"])
                origin = source_map.locate(tex_line)
                where = f"{tex_path}:{tex_line}"
                if origin:
                    return located(origin[0], origin[1], f"{detail} (at {where})")
                return located(str(tex_path), tex_line, detail)
            if match:
                return located(match["file"], int(match["line"]), detail)
            return located(str(tex_path), None, detail)
    return UserError(f"{tex_path}: LaTeX failed; see {tex_path.with_suffix('.log')}")


def _context(following: list[str]) -> str:
    """TeX's `l.<n> <text>` line after an error: the source text it stopped at."""
    for line in following:
        if re.match(r"^l\.\d+ ", line):
            return line.split(" ", 1)[1].strip()
    return ""
