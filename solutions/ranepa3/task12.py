"""ranepa3.12: the symmetric matrix X nearest to A in the Frobenius norm, by a Lagrangian.
The sheet writes the minimum over A; the unknown is X (A is given)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import NO_NUMBERS, NoNumbers, matrix, minus, plus, times, transposed

n = sp.Symbol("n", integer=True, positive=True)


PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Result:
    lagrangian: sp.Expr  # tr((X - A)ᵀ(X - A)) + tr(Λᵀ(X - Xᵀ))
    d_lagrangian: sp.Expr  # its differential in X
    grad: sp.MatrixExpr  # ∇_X of the Lagrangian
    stationary: sp.MatrixExpr  # the X where that gradient vanishes, for a given Λ
    stationary_transposed: sp.MatrixExpr  # its transpose
    multiplier_gap: sp.MatrixExpr  # Λ - Λᵀ at the optimum, = A - Aᵀ
    solution: sp.MatrixExpr  # ½(A + Aᵀ)
    distance: sp.Expr  # the least squared distance ‖X* - A‖²


def solve(_: NoNumbers) -> Result:
    X, A, L, dX = (matrix(name, n, n) for name in ("X", "A", r"\Lambda", "dX"))
    gap = minus(X, A)
    skew = minus(A, A.T)
    return Result(
        lagrangian=plus(sp.Trace(times(transposed(gap), gap)), sp.Trace(times(L.T, minus(X, X.T)))),
        d_lagrangian=sp.Trace(times(transposed(plus(times(2, gap), minus(L, L.T))), dX)),
        grad=plus(times(2, gap), minus(L, L.T)),
        stationary=minus(A, times(sp.Rational(1, 2), minus(L, L.T))),
        stationary_transposed=plus(A.T, times(sp.Rational(1, 2), minus(L, L.T))),
        multiplier_gap=minus(A, A.T),
        solution=times(sp.Rational(1, 2), plus(A, A.T)),
        distance=sp.Rational(1, 4) * sp.Trace(times(transposed(skew), skew)),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "solution": "X^{*}",
}
