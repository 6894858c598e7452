"""engine/store/memo.py: a result is made once per key, the least recently used goes first,
and a failure is raised, never kept."""

from __future__ import annotations

import pytest

from engine.store.memo import Memo


def test_each_key_is_made_once_and_the_least_recently_used_goes_first():
    made = []
    memo = Memo(2)
    make = lambda k: lambda: made.append(k) or k * 10
    assert [memo.get(k, make(k)) for k in (1, 2, 1, 3, 1, 2)] == [10, 20, 10, 30, 10, 20]
    assert made == [1, 2, 3, 2]  # 2 was the least recently used when 3 came


def test_a_failure_is_raised_and_not_kept():
    memo = Memo(4)
    with pytest.raises(ValueError, match="no"):
        memo.get("k", lambda: (_ for _ in ()).throw(ValueError("no")))
    assert memo.get("k", lambda: "made") == "made"
    with pytest.raises(TypeError):
        memo.get(["unhashable"], lambda: 0)
