"""ranepa3.6: seven vector and matrix derivatives, each by differentials.

Vectors are columns (n×1): the sheet says 1×n but writes aᵀx and xᵀAx, which need columns.
In 6.4 the formula has a matrix X (n×n) while the text names a vector x: we differentiate by X.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.differentials import Item, derivation
from solutions.forms import matrix, plus, scalar, times

n = sp.Symbol("n", integer=True, positive=True)


@dataclass(frozen=True)
class Params:
    size: sp.Symbol = n


PARAMS = Params()


@dataclass(frozen=True)
class Result:
    items: tuple[Item, ...]


def solve(p: Params) -> Result:
    x, a, dx = matrix("x", p.size), matrix("a", p.size), matrix("dx", p.size)
    A, X, dX = (
        matrix("A", p.size, p.size),
        matrix("X", p.size, p.size),
        matrix("dX", p.size, p.size),
    )
    I, Xi = sp.Identity(p.size), sp.Inverse(X)
    quadratic = scalar(times(x.T, A, x))
    items = (
        derivation("6.1", times(a.T, x), "x", "gradient", a, ("linear", times(a.T, dx))),
        derivation(
            "6.2",
            times(x.T, A, x),
            "x",
            "gradient",
            times(plus(A, A.T), x),
            ("product", plus(times(dx.T, A, x), times(x.T, A, dx))),
            ("scalar_transpose", plus(times(x.T, A.T, dx), times(x.T, A, dx))),
            ("collect", times(x.T, plus(A, A.T), dx)),
        ),
        derivation(
            "6.3",
            sp.log(quadratic),
            "x",
            "gradient",
            times(1 / quadratic, plus(A, A.T), x),
            ("log", times(1 / quadratic, x.T, plus(A, A.T), dx)),
        ),
        derivation(
            "6.4",
            times(a.T, X, A, X, a),
            "X",
            "gradient",
            plus(times(a, a.T, X.T, A.T), times(A.T, X.T, a, a.T)),
            ("product", plus(times(a.T, dX, A, X, a), times(a.T, X, A, dX, a))),
            ("cyclic", plus(sp.Trace(times(A, X, a, a.T, dX)), sp.Trace(times(a, a.T, X, A, dX)))),
        ),
        derivation(
            "6.5",
            times(x, x.T, x),
            "x",
            "jacobian",
            plus(times(scalar(times(x.T, x)), I), times(2, x, x.T)),
            ("product", plus(times(dx, x.T, x), times(x, dx.T, x), times(x, x.T, dx))),
            ("scalar_transpose", plus(times(scalar(times(x.T, x)), dx), times(2, x, x.T, dx))),
            ("collect", times(plus(times(scalar(times(x.T, x)), I), times(2, x, x.T)), dx)),
        ),
        # d(X X⁻¹) = dI = 0 gives dX X⁻¹ + X d(X⁻¹) = 0; the page says this in words
        derivation("6.6", Xi, "X", "differential", times(-1, Xi, dX, Xi)),
        derivation(
            "6.7",
            sp.Determinant(X),
            "X",
            "gradient",
            times(sp.Determinant(X), sp.Transpose(Xi)),
            ("det", times(sp.Determinant(X), sp.Trace(times(Xi, dX)))),
        ),
    )
    return Result(items)
