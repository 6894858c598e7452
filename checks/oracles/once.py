"""A computation from a task's data done once per data: the oracles and the invariants of a
task both start from it, and a build asks both."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

_KEPT = 32  # data sets per function: a build proves one variant at a time per process


def per_given(function):
    """function(given), kept by the text of the data (sympy matrices are not hashable). Its
    result is shared: callers build new values from it and never change it."""
    kept: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(function)
    def once(given):
        key = tuple(sorted((name, str(value)) for name, value in given.items()))
        with lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = function(given)
        with lock:
            kept[key] = value
            while len(kept) > _KEPT:
                kept.popitem(last=False)
        return value

    return once
