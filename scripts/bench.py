#!/usr/bin/env python3
"""The authoring loop's speed as ratios to bare `latexmk -pdf` on the same booklet.tex,
measured side by side in one run (`make bench`). Not a test: seconds depend on the machine,
ratios much less. Goals (issue 13), for the 2-core reference machine:

    cold `generate.py --pdf` (no build/)         <= 1.0 x bare latexmk
    one word added to one template -> new PDF    <= 0.3 x  (also timed under --watch)
    nothing changed, `--pdf` again               <= 0.3 s wall
    10 variants with problem sheets, --jobs 2    <= 2.5 x

It works on a copy of the repository (the edit touches the copy's template, never yours).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("generate.py", "cli", "engine", "solutions", "templates", "checks")
EDITED = Path("templates/ranepa3/task12.tex.j2")  # a small task: the edit, not the task, is timed


def seconds(*command: str, cwd: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{run.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def generate(copy: Path, *args: str) -> float:
    return seconds(sys.executable, "generate.py", "--quiet", *args, cwd=copy)


def bare_latexmk(tex: Path, work: Path) -> float:
    work.mkdir()
    shutil.copy(tex, work / "booklet.tex")
    flags = ("-pdf", "-interaction=nonstopmode", "-silent")
    return seconds("latexmk", *flags, "booklet.tex", cwd=work)


def edit_under_watch(copy: Path) -> float:
    """Seconds from saving a template to the new PDF in place, with `--pdf --watch` running
    (what an instructor with a PDF viewer open waits for): the median of three edits."""
    pdf = copy / "build" / "booklet.pdf"
    watcher = subprocess.Popen(
        [sys.executable, "generate.py", "--pdf", "--watch"],
        cwd=copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in watcher.stderr:  # its first build, then it waits for saves
            if "start:" in line:
                break
        time.sleep(1)  # watching begins once the first build is done
        template = copy / EDITED
        times = []
        for word in ("вновь", "опять", "снова"):
            before = pdf.stat().st_mtime_ns
            text = template.read_text(encoding="utf-8")
            started = time.perf_counter()
            template.write_text(text.replace("Найдите", f"Найдите {word},", 1), encoding="utf-8")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
            watcher.stderr.readline()  # its line for this build
        return sorted(times)[1]
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=30)


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    copy = root / "repo"
    copy.mkdir()
    try:
        for name in COPIED:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, copy / name)
        cold = generate(copy, "--pdf")
        bare = bare_latexmk(copy / "build" / "booklet.tex", root / "bare")
        noop = generate(copy, "--pdf")
        template = copy / EDITED
        template.write_text(
            template.read_text(encoding="utf-8").replace(
                "Найдите симметричную", "Найдите, пожалуйста, симметричную", 1
            ),
            encoding="utf-8",
        )
        edit = generate(copy, "--pdf")
        watched = edit_under_watch(copy)
        variants = generate(copy, "--pdf", "--problems", "--variants", "1-10", "--jobs", "2")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = [
        ("cold --pdf", cold / bare, 1.0, "x"),
        ("one-template edit -> PDF", edit / bare, 0.3, "x"),
        ("  the same, under --watch", watched / bare, 0.3, "x"),
        ("no-op --pdf", noop, 0.3, "s"),
        ("10 variants + sheets, 2 jobs", variants / bare, 2.5, "x"),
    ]
    print(f"bare latexmk -pdf on booklet.tex: {bare:.2f} s")
    failed = False
    for name, value, goal, unit in rows:
        ok = value <= goal
        failed |= not ok
        shown = f"{value:.2f} {unit}"
        print(f"{name:<30} {shown:>9}   goal <= {goal} {unit}   {'ok' if ok else 'SLOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
