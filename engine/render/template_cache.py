"""Each template parsed and compiled once per process, however many builds render it.

A build makes its own Jinja environment (its filters are bound to its ledger), and the checks
of a template's shape and typed numbers parse every template they visit again: a variant
parsed the same few templates hundreds of times. Both caches are keyed by the template's
source text as well as its name, so an edit (under `--watch` too) is a miss, never a stale hit.
"""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from engine.store.memo import Memo

_LIMIT = 1024  # templates (a course has a few hundred); the oldest go first
_trees = Memo(_LIMIT)
_bytecode: dict[str, bytes] = {}  # by Jinja's bucket key (name and file); one entry each


def parsed(env: jinja2.Environment, parse, source: str, name, filename) -> nodes.Template:
    """`parse(source, name, filename)` once per source; the tree is shared, so its readers
    (the shape and number checks, the reference scan) must not change it."""
    key = (type(env), source, name, filename)
    return _trees.get(key, lambda: parse(source, name, filename))


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache kept in memory: Jinja checks each entry's source checksum, so an
    edited template compiles afresh."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = _bytecode.get(bucket.key)
        if code is not None:  # an older source's is refused by Jinja's checksum
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _bytecode[bucket.key] = bucket.bytecode_to_string()
