"""Many variants at once: build them in parallel across the cores with a progress bar, and
write the grader's answer key (a CSV of every claim, a compact PDF of the key answers).

Workers are separate processes (sympy is CPU-bound, threads would not help); each builds one
variant into build/variant-N/ and returns its claims, so a failed variant loses nothing else.
"""
from __future__ import annotations

import csv
import io
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from engine.errors import UserError


def parse_range(text: str) -> range:
    """"3-7" -> 3..7 inclusive; a single "5" is 5..5."""
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError:
        raise UserError(f"--variants wants A-B with integers, got {text!r}") from None
    if a < 1 or b < a:
        raise UserError(f"--variants wants 1 ≤ A ≤ B, got {text!r}")
    return range(a, b + 1)


class Progress:
    """A one-line bar on stderr: [#####-----] 5/10 label."""

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
        end = "\n" if self.done == self.total else ""
        print(f"\r[{bar}] {self.done}/{self.total} {self.label} {elapsed:5.0f} s {note:<20}",
              end=end, file=sys.stderr, flush=True)


def run_parallel(work: Callable, items: Iterable, jobs: int, progress: Progress,
                 name: Callable = str) -> list:
    """work(item) for every item on `jobs` processes; results in item order; `name(item)`
    is what the progress bar says."""
    items = list(items)
    if jobs <= 1:
        results = []
        for item in items:
            results.append(work(item))
            progress.advance(name(item))
        return results
    results = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(work, item): item for item in items}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            progress.advance(name(futures[future]))
    return [results[item] for item in items]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def key_rows(variants: list[tuple[int, list]]) -> list[tuple]:
    """(variant, task, claim id, shown LaTeX) for every claim of every variant that a reader
    sees as text (plot coordinates are left out)."""
    return [(n, claim.task, claim.id, claim.latex) for n, claims in variants for claim in claims
            if not claim.drawn]


def write_key_csv(rows: list[tuple], path: Path) -> None:
    from engine.latex import write_atomically

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["variant", "task", "claim", "shown"])
    writer.writerows(rows)
    write_atomically(path, buffer.getvalue())
