"""ranepa3.7: the tests of a task with families (tests/matrix_families.py) on its items."""

from __future__ import annotations

from checks.oracles.ranepa3 import task07 as oracle
from solutions.ranepa3 import task07 as task
from tests.matrix_families import FamilyTests


class TestFamilies(FamilyTests):
    task, oracle = task, oracle
    members = tuple(  # 7.8 takes 7.7's member
        (k, j)
        for k, members in enumerate([*task.VARIANT_MEMBERS, task.VARIANT_MEMBERS[-1]])
        for j in members
    )
