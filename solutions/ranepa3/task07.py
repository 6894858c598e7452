"""ranepa3.7: eight matrix derivatives by differentials.

Sizes the sheet leaves open are chosen so that every formula is defined: 7.3-7.5 take X n×n
invertible (det X > 0 under ln); 7.4 takes A p×n and B n×p with A X⁻¹ B invertible (p = n,
A and B invertible, gives the short answer, a separate claim); 7.6 takes X n×k of full column
rank and A n×n with det(XᵀAX) > 0 (X square and invertible gives 2X⁻ᵀ, also a claim).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.differentials import Item, derivation
from solutions.forms import NO_NUMBERS, NoNumbers, matrix, plus, times

m, n, p, k = sp.symbols("m n p k", integer=True, positive=True)


PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Result:
    items: tuple[Item, ...]
    square_7_4: sp.MatrixExpr  # 7.4 when A and B are square and invertible
    square_7_6: sp.MatrixExpr  # 7.6 when X is square and invertible


def tr(*factors):
    return sp.Trace(times(*factors))


def solve(_: NoNumbers) -> Result:
    T, inv = sp.Transpose, sp.Inverse
    # 7.1 and 7.2 have their own sizes
    A1, X1, B1, dX1 = matrix("A", p, m), matrix("X", m, n), matrix("B", n, p), matrix("dX", m, n)
    A2, X2, dX2 = matrix("A", n, n), matrix("X", m, n), matrix("dX", m, n)
    X, dX, A, B = matrix("X", n, n), matrix("dX", n, n), matrix("A", n, n), matrix("B", n, n)
    Xi = inv(X)
    A4, B4 = matrix("A", p, n), matrix("B", n, p)
    M4 = times(A4, Xi, B4)
    X6, dX6 = matrix("X", n, k), matrix("dX", n, k)
    G6 = times(T(X6), A, X6)
    x, b, dx, dA = matrix("x", n), matrix("b", n), matrix("dx", n), matrix("dA", n, n)

    items = (
        derivation(
            "7.1",
            tr(A1, X1, B1),
            "X",
            "gradient",
            times(T(A1), T(B1)),
            ("linear", tr(A1, dX1, B1)),
            ("cyclic", tr(B1, A1, dX1)),
        ),
        derivation(
            "7.2",
            tr(A2, T(X2), X2),
            "X",
            "gradient",
            times(X2, plus(A2, T(A2))),
            ("product", plus(tr(A2, T(dX2), X2), tr(A2, T(X2), dX2))),
            ("cyclic", plus(tr(T(A2), T(X2), dX2), tr(A2, T(X2), dX2))),
            ("collect", sp.Trace(times(plus(times(T(A2), T(X2)), times(A2, T(X2))), dX2))),
        ),
        derivation(
            "7.3", sp.log(sp.Determinant(X)), "X", "gradient", T(Xi), ("log_det", tr(Xi, dX))
        ),
        derivation(
            "7.4",
            sp.log(sp.Determinant(M4)),
            "X",
            "gradient",
            times(-1, T(Xi), T(A4), T(inv(M4)), T(B4), T(Xi)),
            ("log_det", tr(inv(M4), A4, sp.MatrixSymbol(r"d(X^{-1})", n, n), B4)),
            ("inverse", times(-1, tr(inv(M4), A4, Xi, dX, Xi, B4))),
            ("cyclic", times(-1, tr(Xi, B4, inv(M4), A4, Xi, dX))),
        ),
        derivation(
            "7.5",
            tr(A, T(X), X, B, T(Xi)),
            "X",
            "gradient",
            plus(
                times(X, B, T(Xi), A),
                times(X, T(A), Xi, T(B)),
                times(-1, T(Xi), A, T(X), X, B, T(Xi)),
            ),
            (
                "product",
                plus(
                    tr(A, T(dX), X, B, T(Xi)),
                    tr(A, T(X), dX, B, T(Xi)),
                    tr(A, T(X), X, B, sp.MatrixSymbol(r"d(X^{-T})", n, n)),
                ),
            ),
            (
                "inverse_transpose",
                plus(
                    tr(A, T(dX), X, B, T(Xi)),
                    tr(A, T(X), dX, B, T(Xi)),
                    times(-1, tr(A, T(X), X, B, T(Xi), T(dX), T(Xi))),
                ),
            ),
            (
                "cyclic",
                plus(
                    tr(T(A), Xi, T(B), T(X), dX),
                    tr(B, T(Xi), A, T(X), dX),
                    times(-1, tr(Xi, T(B), T(X), X, T(A), Xi, dX)),
                ),
            ),
        ),
        derivation(
            "7.6",
            sp.log(sp.Determinant(G6)),
            "X",
            "gradient",
            plus(times(A, X6, inv(G6)), times(T(A), X6, inv(times(T(X6), T(A), X6)))),
            ("log_det", plus(tr(inv(G6), T(dX6), A, X6), tr(inv(G6), T(X6), A, dX6))),
            (
                "cyclic",
                plus(tr(inv(times(T(X6), T(A), X6)), T(X6), T(A), dX6), tr(inv(G6), T(X6), A, dX6)),
            ),
        ),
        derivation(
            "7.7",
            times(T(x), A, b),
            "x",
            "gradient",
            times(A, b),
            ("linear", times(T(dx), A, b)),
            ("scalar_transpose", times(T(b), T(A), dx)),
        ),
        derivation(
            "7.8",
            times(T(x), A, b),
            "A",
            "gradient",
            times(x, T(b)),
            ("linear", times(T(x), dA, b)),
            ("cyclic", tr(b, T(x), dA)),
        ),
    )
    return Result(items, times(-1, T(Xi)), times(2, T(Xi)))
