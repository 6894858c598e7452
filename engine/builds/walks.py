"""Variant N of a task, resuming its pool's walk from the build's cache.

Variant N is the N-th admissible draw of the task's pool (solutions/variety.py), found by
walking the pool's grid from its start: variant 100 of every task cost a fresh process about
7 s, before solving anything. The walk is a pure function of the task module's code, so it is
kept in the cache under the module's solve key (engine/builds/fragments.py, variant 0) and a
new process, a class's worker or a dask worker takes it up where the last one stopped.
"""

from __future__ import annotations

import importlib

from engine.builds.fragments import solve_key
from engine.registry import Task
from engine.store.cache import Store

KIND = "walk"


def drawn(task: Task, variant: int, store: Store | None):
    """The task's data in variant `variant` (>= 1) of its pool."""
    pool = importlib.import_module(task.module).variant
    if store is None or not hasattr(pool, "snapshot") or pool.walked_to(variant):
        return pool(variant)
    key = solve_key(task.module, 0, store)
    kept = store.load(KIND, key)
    if isinstance(kept, dict):
        pool.resume(kept)
    walked = pool.walked
    data = pool(variant)
    if pool.walked > walked:
        store.dump(KIND, key, pool.snapshot())
    return data
