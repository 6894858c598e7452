"""Independent oracles, one module per task: `oracles(given)` -> {claim path: oracle}.

An oracle never imports solutions/: it starts from the task's published data (`given`, the
sheet's numbers for variant 0, which tests/test_sheets.py checks against the module's SHEET,
typed from the sheet) and reaches each value by another route (sympy differentiation of the
whole loss, explicit sums, a different form of the sigmoid, finite differences, a solver).
The module of task `ranepa3.5` is `checks.oracles.ranepa3.task05` (engine.registry.task_stem).
"""

from __future__ import annotations

import importlib

from engine.registry import task_stem


def module_for(task_id: str):
    return importlib.import_module("checks.oracles." + task_stem(task_id).replace("/", "."))


def for_task(task_id: str, given: dict) -> dict:
    """{full claim id: oracle} for one task with the given data."""
    oracles = module_for(task_id).oracles(given)
    return {f"{task_id}.{path}": value for path, value in oracles.items()}


def invariants_for(task_id: str, given: dict) -> dict[str, bool]:
    """{what a variant of the task must keep: holds}; empty for a task without variants."""
    module = module_for(task_id)
    return module.invariants(given) if hasattr(module, "invariants") else {}
