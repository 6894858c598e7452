#!/usr/bin/env python3
"""Timings of the main commands against their goals (`make bench`). Not a test: numbers
depend on the machine; the goals are for the 2-core reference machine.

    --list (start-up)          goal < 0.5 s   (no sympy/numpy import)
    --tex                      goal < 10 s
    --pdf, cold (no aux files) goal < 60 s
    --pdf, repeated            goal < 30 s
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
    subprocess.run([sys.executable, "generate.py", *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    finally:
        shutil.rmtree(out, ignore_errors=True)
    failed = False
    for name, seconds, goal in rows:
        ok = seconds <= goal
        failed |= not ok
        print(f"{name:<20} {seconds:7.2f} s   goal < {goal:g} s   {'ok' if ok else 'SLOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
