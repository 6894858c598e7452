"""Independent oracles, one module per task: `oracles()` -> {claim path: exact value}.

An oracle never imports solutions/: it starts from the sheet's numbers and reaches each value
by another route (sympy differentiation of the whole loss, explicit sums, a different form
of the sigmoid, a solver). The claim tests compare every ledger claim with its oracle.
"""
from __future__ import annotations

import importlib
from functools import cache


@cache
def for_task(task_id: str) -> dict:
    """{full claim id: exact value} for one task."""
    module = importlib.import_module(f"tests.oracles.{task_id.replace('.', '_')}")
    return {f"{task_id}.{path}": value for path, value in module.oracles().items()}
