"""Building matrix formulas the way a textbook writes them.

Formulas are sympy matrix expressions: the page shows `sympy.latex` of exactly the expression
the tests evaluate at random points, so the two cannot drift apart. sympy would reorder
2(y - ŷ) into -2ŷ + 2y; these helpers build unevaluated expressions, and the formatter
prints symbolic expressions in construction order.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement


@dataclass(frozen=True)
class NoNumbers:
    """PARAMS of a task about formulas only: the sheet gives no numbers to vary."""


NO_NUMBERS = NoNumbers()


def matrix(name: str, rows, cols=1) -> sp.MatrixSymbol:
    """A named matrix; `name` is its LaTeX (e.g. r"\\hat{y}", "W_1")."""
    return sp.MatrixSymbol(name, rows, cols)


def gradient(of: str, wrt: sp.MatrixSymbol) -> sp.MatrixSymbol:
    """The symbol ∂<of>/∂<wrt>, shaped like `wrt` (the gradient has the argument's shape)."""
    return sp.MatrixSymbol(rf"\frac{{\partial {of}}}{{\partial {sp.latex(wrt)}}}", *wrt.shape)


def times(*factors):
    return sp.MatMul(*factors, evaluate=False)


def minus(a, b):
    return sp.MatAdd(a, sp.MatMul(-1, b, evaluate=False), evaluate=False)


def plus(*terms):
    if not any(isinstance(t, sp.MatrixExpr) for t in terms):  # traces, determinants: numbers
        return sp.Add(*terms, evaluate=False)
    return sp.MatAdd(*terms, evaluate=False)


def hadamard(a, b):
    """Element-wise product a ∘ b."""
    return sp.HadamardProduct(a, b)


def transposed(expr):
    """(y - ŷ)ᵀ as written, not distributed into yᵀ - ŷᵀ."""
    return sp.Transpose(expr)


def scalar(expr):
    """A 1×1 matrix product (xᵀAx) as a number that can divide and multiply (indexing it
    would expand the product into a sum over entries)."""
    return MatrixElement(expr, 0, 0)


def elementwise(body, t: sp.Symbol, m):
    """The scalar function t -> body applied to every entry of m (printed on m itself)."""
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

    return ElementwiseApplyFunction(sp.Lambda(t, body), m)
