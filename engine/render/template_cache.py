"""Each template parsed and compiled once per process, however many builds render it.

A build makes its own Jinja environment (its filters are bound to its ledger), and the checks
of a template's shape and typed numbers parse every template they visit again: a variant
parsed the same few templates hundreds of times. Both caches are keyed by the template's
source text as well as its name, so an edit (under `--watch` too) is a miss, never a stale hit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import jinja2
from jinja2 import nodes

_LIMIT = 1024  # templates (a course has a few hundred); the oldest go first


class _Bounded:
    """A thread-safe least-recently-used dict (dask threads may render side by side)."""

    def __init__(self, limit: int):
        self._items: OrderedDict = OrderedDict()
        self._limit, self._lock = limit, threading.Lock()

    def get(self, key):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)


_trees = _Bounded(_LIMIT)
_bytecode = _Bounded(_LIMIT)


def parsed(env: jinja2.Environment, parse, source: str, name, filename) -> nodes.Template:
    """`parse(source, name, filename)` once per source; the tree is shared, so its readers
    (the shape and number checks, the reference scan) must not change it."""
    key = (type(env), source, name, filename)
    tree = _trees.get(key)
    if tree is None:
        tree = parse(source, name, filename)
        _trees.put(key, tree)
    return tree


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache kept in memory: Jinja checks each entry's source checksum, so an
    edited template compiles afresh."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = _bytecode.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _bytecode.put(bucket.key, bucket.bytecode_to_string())
