"""Progress on stderr: a message per step of one build, a bar for many."""

from __future__ import annotations

import sys
import time


def messages(quiet: bool):
    """A callable that prints one progress message (or nothing when quiet)."""
    if quiet:
        return lambda _: None
    return lambda message: print(message, file=sys.stderr, flush=True)


class Progress:
    """A one-line bar on stderr: [#####-----] 5/10 label. Into a file or a pipe (a CI log),
    where a carriage return does not go back, a line when the first item is done and at every
    tenth of the work instead."""

    def __init__(self, total: int, label: str, enabled: bool = True, width: int = 30):
        self.total, self.label, self.enabled, self.width = total, label, enabled, width
        self.done, self.started = 0, time.perf_counter()

    def advance(self, note: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = self.width * self.done // self.total
        elapsed = time.perf_counter() - self.started
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {self.label} {elapsed:5.0f} s {note:<20}"
        if sys.stderr.isatty():
            end = "\n" if self.done == self.total else ""
            print("\r" + line, end=end, file=sys.stderr, flush=True)
        elif self.done == 1 or self.done * 10 // self.total > (self.done - 1) * 10 // self.total:
            print(line.rstrip(), file=sys.stderr, flush=True)
