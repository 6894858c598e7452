"""Work spread over processes (sympy is CPU-bound; threads would not help)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed

from cli.progress import Progress


def default_jobs() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def run_parallel(
    work: Callable, items: Iterable, jobs: int, progress: Progress, name: Callable = str
) -> list:
    """work(item) for every item on `jobs` processes; results in item order; `name(item)`
    is what the progress bar says. Items are small frozen dataclasses (picklable, hashable)."""
    items = list(items)
    if jobs <= 1:
        results = []
        for item in items:
            results.append(work(item))
            progress.advance(name(item))
        return results
    done = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(work, item): item for item in items}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            progress.advance(name(futures[future]))
    return [done[item] for item in items]
