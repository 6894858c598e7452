"""A bounded, thread-safe memo kept for the life of a process.

Parsing a template, scanning its typed numbers and formatting a value are pure functions of
their inputs, asked for again and again by one build and by the next build of a `--watch`
session or a class's worker. Each keeps its results here; a key holds everything the result
depends on (a template's source text, not its name), so an edit is a miss, never a stale hit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Memo:
    """Up to `limit` results, the least recently used dropped first (dask threads may ask
    side by side)."""

    def __init__(self, limit: int):
        self._items: OrderedDict = OrderedDict()
        self._limit, self._lock = limit, threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        """The result kept for `key`, or `make()`'s, kept. TypeError if `key` is unhashable;
        what `make` raises is raised and nothing is kept."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        made = make()
        with self._lock:
            self._items[key] = made
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return made
