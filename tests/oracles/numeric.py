"""Checking symbolic claims numerically: one evaluator and one finite-difference gradient
serve every formula of every task.

The oracle of a formula is `AtRandomPoints`: it draws a random point (values for every symbol
the formula may name, intermediates included, computed by the oracle's own forward pass and
finite differences) and says what the formula must equal there.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef


@dataclass(frozen=True)
class AtRandomPoints:
    sample: Callable[[int], dict]  # seed -> {symbol name: array, float, or sympy Lambda}
    expected: Callable[[dict], np.ndarray]
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)


def evaluate(expr, values: dict) -> np.ndarray:
    """A sympy (matrix) expression at a point; symbols are looked up by their name."""
    matrices = expr.atoms(sp.MatrixSymbol)
    dims = {}
    for m in matrices:
        for size, actual in zip(m.shape, np.shape(values[m.name])):
            if isinstance(size, sp.Symbol):
                dims[size] = actual
    expr = expr.subs(dims)
    mapping = {m: sp.ImmutableMatrix(np.atleast_2d(values[m.name]))
               for m in expr.atoms(sp.MatrixSymbol)}
    mapping |= {s: sp.Float(values[s.name]) for s in expr.free_symbols
                if isinstance(s, sp.Symbol) and s.name in values}
    result = expr.xreplace(mapping).doit()
    functions = {name: f for name, f in values.items() if isinstance(f, sp.Lambda)}
    if functions:  # an undefined f (or f') of the formula, bound at this point
        result = result.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in functions,
            lambda e: functions[e.func.__name__](*e.args),
        )
    return np.array(sp.Matrix(result).evalf() if hasattr(result, "shape") else [[result]],
                    dtype=float)


def gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function of an array: the gradient, shaped like x."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
