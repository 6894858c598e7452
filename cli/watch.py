"""`generate.py --watch`: build, then build again on every save under templates/, solutions/
and engine/, one line per build. Each build runs in a fresh process, so an edited solution
module is imported anew; a failed build leaves the last good PDF in place for the viewer.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("templates", "solutions", "engine")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    said: str  # the build's last line: "wrote ...", "nothing changed ...", or the error


def run_build(argv: list[str]) -> Outcome:
    """One build in a fresh interpreter, as `generate.py <argv>` would run it."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    if run.returncode == 130:
        raise KeyboardInterrupt
    said = lines[-1] if lines else f"exit {run.returncode}"
    if run.returncode not in (0, 1, 2):  # a bug: the whole report, not its last line
        said = run.stderr.strip() or said
    return Outcome(run.returncode == 0, said)


def loop(
    batches: Iterable[set[tuple[object, str]]],
    build: Callable[[], Outcome],
    say: Callable[[str], None],
) -> int:
    """Build once, then once per batch of changes; Ctrl-C ends the loop (exit 130)."""
    try:
        say(_line("start", build()))
        for changes in batches:
            names = sorted({_relative(path) for _, path in changes})
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            say(_line(shown, build()))
    except KeyboardInterrupt:
        say("stopped watching; the last good outputs are in place")
        return 130
    return 0


def _line(what: str, outcome: Outcome) -> str:
    stamp = time.strftime("%H:%M:%S")
    if outcome.ok:
        return f"[{stamp}] {what}: {outcome.said.removeprefix('wrote ')}"
    return f"[{stamp}] {what}: {outcome.said}; the last good PDF stays"


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def watch(argv: list[str]) -> int:
    """`argv`: the command line without --watch, for each build."""
    import watchfiles

    folders = [ROOT / name for name in WATCHED]
    print(f"watching {', '.join(WATCHED)} (Ctrl-C stops)", file=sys.stderr, flush=True)
    batches = watchfiles.watch(
        *folders,
        watch_filter=watchfiles.PythonFilter(extra_extensions=(".j2", ".toml")),
        raise_interrupt=True,
    )
    return loop(batches, lambda: run_build(argv), lambda s: print(s, file=sys.stderr, flush=True))
