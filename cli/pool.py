"""Work spread over processes (sympy is CPU-bound; threads would not help), bounded by the
cores and the work, and stopped at once by Ctrl-C or SIGTERM."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures import process as futures_process
from concurrent.futures.process import BrokenProcessPool

from cli.progress import Progress
from engine.errors import UserError


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a parallel run; `done` holds the results that finished."""

    def __init__(self, done: dict):
        super().__init__("interrupted")
        self.done = done


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def bounded_jobs(requested: int | None, work: int, say: Callable[[str], None]) -> int:
    """Processes to start: what was asked (all cores by default), never more than the cores
    or the pieces of work; says so when it lowers an explicit request."""
    limit = max(1, min(cores(), work))
    if requested is None:
        return limit
    if requested > limit:
        say(f"--jobs {requested} lowered to {limit} ({cores()} cores, {work} pieces of work)")
        return limit
    return requested


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run_parallel(
    work: Callable,
    items: Iterable,
    jobs: int,
    progress: Progress,
    name: Callable = str,
    cluster: str | None = None,
) -> list:
    """work(item) for every item on `jobs` processes, or on the dask scheduler at `cluster`
    (cli/cluster.py); results in item order; `name(item)` is what the progress bar says.
    Items are small frozen dataclasses (picklable, hashable). Ctrl-C or SIGTERM stops the
    work (kills local workers, cancels cluster tasks) and raises Interrupted with what
    finished."""
    items = list(items)
    done: dict = {}
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    hangup = signal.signal(signal.SIGHUP, _raise_interrupt)  # a closed terminal or ssh
    try:
        if cluster is not None:
            from cli.cluster import run_on_cluster

            gather = lambda futures: collect(futures, progress, name, done)
            run_on_cluster(work, items, cluster, gather, say=lambda line: _say(progress, line))
        elif jobs <= 1:
            for item in items:
                done[item] = work(item)
                progress.advance(name(item))
        else:
            _run_pool(work, items, jobs, progress, name, done)
    except KeyboardInterrupt:
        raise Interrupted(done) from None
    except BrokenProcessPool:
        # killed from outside (the kernel's out-of-memory killer, `kill`): the machine's
        # doing, not a mistake in the work, which would have raised its own exception
        raise UserError(
            "a worker process died before finishing (out of memory, or killed?); "
            f"try fewer processes (--jobs {max(1, jobs // 2)})"
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, hangup)
    return [done[item] for item in items]


def _say(progress: Progress, line: str) -> None:
    if progress.enabled:
        print(line, file=sys.stderr, flush=True)


def _run_pool(work, items, jobs, progress, name, done) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        collect({pool.submit(work, item): item for item in items}, progress, name, done)
    except BaseException:
        # a worker may be deep in sympy or latexmk: do not wait for it. active_children()
        # also finds one forked at this instant and not yet in the pool's list
        workers = {*getattr(pool, "_processes", {}).values(), *multiprocessing.active_children()}
        for process in workers:
            process.kill()
        for process in workers:
            process.join(timeout=5)  # reap: a killed worker is gone at once
        pool.shutdown(wait=False, cancel_futures=True)
        # give the pool's own thread a moment to see its workers gone: the interpreter's exit
        # would race it on the pool's closed pipe and print a traceback after our one message
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(timeout=5)
            # on a busy machine it may still be closing that pipe: the exit hook must not write
            # to it (the thread itself is still joined at exit, as every non-daemon thread)
            getattr(futures_process, "_threads_wakeups", {}).pop(manager, None)
        raise
    pool.shutdown()


def collect(pending: dict, progress: Progress, name: Callable, done: dict) -> None:
    """Wait for `pending` ({future: item}), recording each result in `done` as it comes."""
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            item = pending.pop(future)
            done[item] = future.result()
            progress.advance(name(item))
