"""ranepa3.6: the tests of a task with families (tests/matrix_families.py) on its items."""

from __future__ import annotations

from checks.oracles.ranepa3 import task06 as oracle
from solutions.ranepa3 import task06 as task
from tests.matrix_families import FamilyTests


class TestFamilies(FamilyTests):
    task, oracle = task, oracle
    members = tuple((k, j) for k, members in enumerate(task.VARIANT_MEMBERS) for j in members)
