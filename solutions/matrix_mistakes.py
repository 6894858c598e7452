"""Typical mistakes in the matrix-calculus items (ranepa3.6, ranepa3.7), each a variation of the
item's own derivation: a term of one of its lines of df left out or its sign turned, the answer
transposed, a rule applied the way it works for numbers. The wrong line is read off at the
statement's data as the right answer is: a gradient's entry (i, j) is df at dX = E_ij, a
Jacobian's column j is df at dx = e_j, a differential is df at the data's dX.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import sympy as sp

from solutions import matrix_families as mf
from solutions.differentials import Item
from solutions.forms import plus, times

# a mistake: (the index of the item it is made in, its wrong value at an item and its data)
Wrong = Callable[[Item, dict], sp.Matrix]


def mistaken(items, p: mf.Params, mistakes: dict[str, tuple[int, Wrong]]) -> dict:
    """{name: {"values.k": the wrong value of item k}} at each item's data (the task's
    result.mistakes)."""
    return {
        name: {f"values.{k}": wrong(items[k], p.items[k].data)}
        for name, (k, wrong) in mistakes.items()
    }


def _exact(data: dict) -> dict:
    return {name: mf.fractions(m) for name, m in data.items()}


def value(expr, data: dict) -> sp.Matrix:
    return mf.as_sympy(mf.evaluate(expr, _exact(data)))


def line_value(item: Item, line, data: dict) -> sp.Matrix:
    """The derivative a line of df gives at the data (see the module's docstring)."""
    if item.kind == "differential":
        return value(line, data)
    d = next(s for s in line.atoms(sp.MatrixSymbol) if s.name == "d" + item.variable)
    sizes = {}
    for s in line.atoms(sp.MatrixSymbol):
        if s.name in data:
            for size, actual in zip(s.shape, data[s.name].shape, strict=True):
                sizes[size] = actual
    rows, cols = (int(sp.sympify(size).subs(sizes)) for size in d.shape)
    exact = _exact(data)

    def at(i, j):
        unit = [[Fraction(int((r, c) == (i, j))) for c in range(cols)] for r in range(rows)]
        return mf.evaluate(line, exact | {d.name: unit})

    if item.kind == "jacobian":  # dx a column: df = J dx, column j at dx = e_j
        columns = [at(j, 0) for j in range(rows)]
        return mf.as_sympy([[columns[j][i][0] for j in range(rows)] for i in range(rows)])
    number = lambda v: v[0][0] if isinstance(v, list) else v
    return mf.as_sympy([[number(at(i, j)) for j in range(cols)] for i in range(rows)])


def _terms(line) -> list:
    return list(line.args) if isinstance(line, sp.MatAdd | sp.Add) else [line]


def _line(item: Item, rules: tuple[str, ...]):
    return next(step.expr for step in item.steps if step.rule in rules)


def transposed(item: Item, data: dict) -> sp.Matrix:
    """The gradient M read off df = tr(M dX) without transposing it."""
    return value(item.result, data).T


def first_term(rule: str) -> Wrong:
    """Only the first term of the line `rule` gives: the product rule applied to the first
    factor with the variable, the others taken for constants."""
    return lambda item, data: line_value(item, _terms(_line(item, (rule,)))[0], data)


def without_transposed_differential(rule: str) -> Wrong:
    """The line `rule` without its term in dXᵀ: the product rule's term of the transposed
    factor forgotten."""

    def wrong(item: Item, data: dict) -> sp.Matrix:
        d = "d" + item.variable
        flipped = lambda t: any(
            isinstance(e, sp.Transpose) and getattr(e.arg, "name", None) == d
            for e in sp.preorder_traversal(t)
        )
        kept = [t for t in _terms(_line(item, (rule,))) if not flipped(t)]
        return line_value(item, plus(*kept) if len(kept) > 1 else kept[0], data)

    return wrong


def sign_lost(rules: tuple[str, ...]) -> Wrong:
    """The first line of `rules` with its negative term taken with a plus: the minus of
    d(X⁻¹) = -X⁻¹ dX X⁻¹ lost."""

    def wrong(item: Item, data: dict) -> sp.Matrix:
        negative = lambda t: isinstance(t, sp.MatMul | sp.Mul) and t.args[0] == -1
        terms = [times(-1, t) if negative(t) else t for t in _terms(_line(item, rules))]
        return line_value(item, plus(*terms), data)

    return wrong


def inverse_squared(item: Item, data: dict) -> sp.Matrix:
    """d(Y⁻¹) = -Y⁻¹ dY Y⁻¹ taken as -Y⁻² dY, as for numbers: the second Y⁻¹ of the answer
    moved next to the first."""
    factors = list(item.result.args)
    where = [i for i, f in enumerate(factors) if isinstance(f, sp.Inverse)]
    first, last = where[0], where[-1]
    moved = [*factors[: first + 1], factors[last], *factors[first + 1 : last]]
    return value(times(*moved, *factors[last + 1 :]), data)


def symmetric_form(item: Item, data: dict) -> sp.Matrix:
    """∇ xᵀMx taken as 2Mx, the rule for a symmetric M, with this item's M."""
    _xt, *middle, x = item.function.args
    return value(times(2, *middle, x), data)
