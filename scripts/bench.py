#!/usr/bin/env python3
"""Timings of the main commands against their goals (`make bench`). Not a test: numbers
depend on the machine; the goals are for the 2-core reference machine.

    --list (start-up)          goal < 0.5 s   (no sympy/numpy import)
    --tex                      goal < 10 s
    --pdf, cold (no aux files) goal < 60 s
    --pdf, repeated            goal < 30 s
    with --many (minutes):
    --variants 1-20, 1 process  goal < 600 s
    --variants 1-20, 2 processes goal < 0.6 × the 1-process time (the work parallelises)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "generate.py", *args],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        rows = [
            ("--list (start-up)", timed("--list"), 0.5),
            ("--tex", timed("--tex", "--out", str(out)), 10),
            ("--pdf, cold", timed("--pdf", "--out", str(out)), 60),
            ("--pdf, repeated", timed("--pdf", "--out", str(out)), 30),
        ]
        if "--many" in sys.argv:
            one = timed(
                "--pdf", "--variants", "1-20", "--jobs", "1", "--quiet", "--out", str(out / "1")
            )
            two = timed(
                "--pdf", "--variants", "1-20", "--jobs", "2", "--quiet", "--out", str(out / "2")
            )
            rows += [("20 variants, 1 job", one, 600), ("20 variants, 2 jobs", two, 0.6 * one)]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    failed = False
    for name, seconds, goal in rows:
        ok = seconds <= goal
        failed |= not ok
        print(f"{name:<20} {seconds:7.2f} s   goal < {goal:.4g} s   {'ok' if ok else 'SLOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
