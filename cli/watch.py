"""`generate.py --watch`: build, then build again on every save under templates/, solutions/,
engine/ and checks/ (the oracles), one line per build. Each build runs in a fresh process
(forked from a server that holds sympy and the other libraries), so an edited module is
imported anew; a failed build leaves the last good PDF in place for the viewer.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("templates", "solutions", "engine", "checks")  # checks: the proof of each build


@dataclass(frozen=True)
class Outcome:
    ok: bool
    said: str  # the build's last line: "wrote ...", "nothing changed ...", or the error


# third-party libraries only: the engine and the solutions are imported afresh by each build
_PRELOADED = ["sympy", "numpy", "jinja2", "pylatex", "filelock", "pylatex.utils"]
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(_PRELOADED)


def run_build(main: Callable[[list[str]], int], argv: list[str]) -> Outcome:
    """One build, `main(argv)` (generate.py's, passed by reference and imported anew), in a
    fresh process forked from a server that has the heavy libraries loaded: an edited module
    of engine/ or solutions/ is imported anew, and a build does not wait for sympy."""
    parent, child = _context.Pipe(duplex=False)
    process = _context.Process(target=_build_in_child, args=(main, argv, child), daemon=True)
    try:
        process.start()
        child.close()
        try:
            code, output = parent.recv()
        except EOFError:  # the build's process died without a word
            code, output = 3, f"the build's process died (exit {process.exitcode})"
        process.join()
    except KeyboardInterrupt:
        process.kill()
        raise
    if code == 130:
        raise KeyboardInterrupt
    lines = [line for line in output.splitlines() if line.strip()]
    said = lines[-1] if lines else f"exit {code}"
    if code not in (0, 1, 2):  # a bug: the whole report, not its last line
        said = output.strip() or said
    return Outcome(code == 0, said)


def _build_in_child(main: Callable[[list[str]], int], argv: list[str], connection) -> None:
    output = io.StringIO()
    with contextlib.redirect_stderr(output):
        try:
            code = main(argv)
        except SystemExit as stop:  # the argument parser's verdict
            code = stop.code if isinstance(stop.code, int) else 2
        except BaseException:
            traceback.print_exc()
            code = 3
    connection.send((code, output.getvalue()))
    connection.close()
    os._exit(0)  # the result is sent: skip tearing sympy down


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


def watch(main: Callable[[list[str]], int], argv: list[str]) -> int:
    """`main(argv)` once per build; `argv`: the command line without --watch."""
    import watchfiles

    folders = [ROOT / name for name in WATCHED]
    print(f"watching {', '.join(WATCHED)} (Ctrl-C stops)", file=sys.stderr, flush=True)
    batches = watchfiles.watch(
        *folders,
        watch_filter=watchfiles.PythonFilter(extra_extensions=(".j2", ".toml")),
        step=20,  # ms of quiet after a save before building (an editor writes in one go)
        raise_interrupt=True,
    )
    say = lambda line: print(line, file=sys.stderr, flush=True)
    return loop(batches, lambda: run_build(main, argv), say)
