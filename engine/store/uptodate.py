"""Whether a build would write what is already there, decided before anything heavy is
imported: `generate.py --pdf` with nothing changed answers in a fraction of a second.

A build's fingerprint hashes everything it reads (the engine, the solution modules, the oracles,
templates and the rubric, the command line's choices, the Python and dependency versions,
the PDF date). A finished build records it, with a hash of each file it published, in
`<out>/.inputs.json`. A later build with the same fingerprint whose files are all still
there, byte for byte, has nothing to do. A missing, corrupt or foreign record, or an output
edited or deleted since, means a full build: the record is never trusted beyond what it can
prove.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # a checkout or the installed tree
CODE = (ROOT / "engine", ROOT / "solutions", ROOT / "checks", ROOT / "cli" / "proof.py")
TEMPLATES = ROOT / "templates"  # tests build from a copy: they point this at it
RECORD = ".inputs.json"
FIXED_EPOCH = "1700000000"  # a date for PDFs built outside git


def git(*args: str) -> str | None:
    """What `git ARGS` prints in the checkout this code is in; None outside one."""
    try:
        run = subprocess.run(
            ["git", *args],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else None


def source_date_epoch() -> str:
    """SOURCE_DATE_EPOCH for reproducible PDFs: the caller's, else the last commit's time in
    a checkout, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    epoch = git("log", "-1", "--format=%ct")
    return epoch if epoch is not None and epoch.isdigit() else FIXED_EPOCH


def fingerprint(request: dict) -> str:
    """A hash of everything a build with these choices (`request`) would read."""
    digest = hashlib.sha256()
    context = {"request": request, "python": sys.version, "epoch": source_date_epoch()}
    digest.update(json.dumps(context, sort_keys=True, default=str).encode())
    lock = ROOT / "requirements.lock"
    sources = [lock] if lock.exists() else []
    for place in (*CODE, TEMPLATES):
        files = [place] if place.is_file() else sorted(place.rglob("*"))
        sources += [p for p in files if p.is_file() and _source(p)]
    for path in sources:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _source(path: Path) -> bool:
    return "__pycache__" not in path.parts and not path.name.endswith((".pyc", ".swp", "~"))


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out_dir: Path, print_: str) -> bool:
    """Whether `out_dir` holds a finished build with this fingerprint, intact."""
    try:
        record = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
        if record["fingerprint"] != print_ or not record["outputs"]:
            return False
        return all(
            _file_hash(out_dir / name) == digest for name, digest in record["outputs"].items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False  # no record, or one this code did not write: build


def record(out_dir: Path, print_: str, outputs: list[Path]) -> None:
    """Note a finished build. Written after its files: a build that fails or is interrupted
    leaves the previous record, which still describes the previous files (or, if they
    changed, no longer matches their hashes)."""
    entry = {
        "fingerprint": print_,
        "outputs": {p.name: _file_hash(p) for p in outputs if p.parent == out_dir},
    }
    temporary = out_dir / f"{RECORD}.tmp"
    temporary.write_text(json.dumps(entry, indent=1), encoding="utf-8")
    os.replace(temporary, out_dir / RECORD)
