"""ranepa3.12: the symmetric (or, in some variants, skew-symmetric) matrix X nearest to A in
the Frobenius norm, by a Lagrangian. The sheet writes the minimum over A; the unknown is X.

The derivation is general (n×n); the numbers are those of one integer A: on the sheet an
example of ours (the sheet gives no matrix), in a variant the matrix its statement gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import matrix, minus, plus, times, transposed
from solutions.variety import Pool

n = sp.Symbol("n", integer=True, positive=True)


@dataclass(frozen=True)
class Params:
    A: sp.Matrix  # integer, 2×2 or 3×3
    skew: bool  # the constraint: Xᵀ = -X instead of the sheet's Xᵀ = X
    asked: bool  # the statement gives A and asks for numbers (False: the sheet, our example)


PARAMS = Params(A=sp.Matrix([[2, 3], [-1, 1]]), skew=False, asked=False)


def nearest(A: sp.Matrix, skew: bool, divisor=2) -> sp.Matrix:
    """The projection onto the family: ½(A ∓ Aᵀ) (`divisor` 1: the ½ forgotten)."""
    return (A - A.T) / divisor if skew else (A + A.T) / divisor


def _draw(skew, size, a11, a12, a13, a21, a22, a23, a31, a32, a33) -> Params | None:
    rows = [[a11, a12, a13], [a21, a22, a23], [a31, a32, a33]]
    A = sp.Matrix([row[:size] for row in rows[:size]])
    if A == A.T or A == -A.T:  # already in the family, or its projection is 0: nothing to find
        return None
    if sum(1 for a in A if a == 0) > size:  # a hand-friendly matrix, not a sparse one
        return None
    return Params(A, skew, asked=True)


variant = Pool(
    {
        "skew": [False, True],
        "size": [2, 3],
        **{f"a{i}{j}": list(range(-3, 4)) for i in range(1, 4) for j in range(1, 4)},
    },
    _draw,
    # what a grader compares: the family, |X*| entry by entry and ‖X* - A‖ (A and -A, A and Aᵀ
    # give the same answers up to sign)
    key=lambda p: (
        p.skew,
        p.A.shape,
        tuple(abs(x) for x in nearest(p.A, p.skew)),
        sum(x**2 for x in p.A - nearest(p.A, p.skew)),
    ),
    sheet=PARAMS,
    situations=("symmetric", "skew"),
    situation=lambda p: "skew" if p.skew else "symmetric",
)
"""Variants: the sheet's family (nearest symmetric, Xᵀ = X) and the nearest skew-symmetric
matrix (Xᵀ = -X, the Lagrangian's multipliers combine as Λ + Λᵀ), taken in turn; A is a 2×2
or 3×3 integer matrix with entries -3..3 and at most one zero per row on average.
Invariants: A is not already in the family and not in the other one (then X* would be 0), so
the distance and X* are both nonzero. Seed 0 is the sheet (our example A)."""


@dataclass(frozen=True)
class Numeric:
    """The formulas at the given A."""

    A_T: sp.Matrix
    doubled: sp.Matrix  # A ± Aᵀ
    solution: sp.Matrix  # X*
    residual: sp.Matrix  # A - X*: the other family's part
    objective_grad: sp.Matrix  # ∇‖X - A‖² at X*: 2(X* - A)
    multipliers: sp.Matrix  # Λ ∓ Λᵀ at the optimum
    inner: sp.Rational  # tr(X*ᵀ(A - X*)) = 0: the two parts are orthogonal
    distance_sq: sp.Rational
    distance: sp.Expr  # ‖X* - A‖


@dataclass(frozen=True)
class Result:
    lagrangian: sp.Expr  # tr((X - A)ᵀ(X - A)) + tr(Λᵀ(X ∓ Xᵀ))
    d_lagrangian: sp.Expr  # its differential in X
    grad: sp.MatrixExpr  # ∇_X of the Lagrangian
    stationary: sp.MatrixExpr  # the X where that gradient vanishes, for a given Λ
    stationary_transposed: sp.MatrixExpr  # its transpose
    multiplier_gap: sp.MatrixExpr  # Λ ∓ Λᵀ at the optimum, = A ∓ Aᵀ
    solution: sp.MatrixExpr  # ½(A ± Aᵀ)
    distance: sp.Expr  # the least squared distance ‖X* - A‖²
    numeric: Numeric
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Expr]]


def solve(p: Params) -> Result:
    X, A, L, dX = (matrix(name, n, n) for name in ("X", "A", r"\Lambda", "dX"))
    # the constraint X ∓ Xᵀ = 0, its multipliers' combination Λ ∓ Λᵀ, and the answer ½(A ± Aᵀ)
    both = (lambda a, b: plus(a, b)) if p.skew else (lambda a, b: minus(a, b))
    other = (lambda a, b: minus(a, b)) if p.skew else (lambda a, b: plus(a, b))
    gap = minus(X, A)
    combined = both(L, L.T)
    part = both(A, A.T)  # 2(A - X*): twice the other family's part
    half = sp.Rational(1, 2)
    return Result(
        lagrangian=plus(sp.Trace(times(transposed(gap), gap)), sp.Trace(times(L.T, both(X, X.T)))),
        d_lagrangian=sp.Trace(times(transposed(plus(times(2, gap), combined)), dX)),
        grad=plus(times(2, gap), combined),
        stationary=minus(A, times(half, combined)),
        stationary_transposed=(
            minus(A.T, times(half, combined)) if p.skew else plus(A.T, times(half, combined))
        ),
        multiplier_gap=part,
        solution=times(half, other(A, A.T)),
        distance=sp.Rational(1, 4) * sp.Trace(times(transposed(part), part)),
        numeric=_numeric(p),
        mistakes=_mistakes(p),
    )


def _numeric(p: Params, divisor=2) -> Numeric:
    best = nearest(p.A, p.skew, divisor)
    residual = p.A - best
    squared = sum(x**2 for x in residual)
    return Numeric(
        A_T=p.A.T,
        doubled=2 * best,
        solution=best,
        residual=residual,
        objective_grad=2 * (best - p.A),
        multipliers=2 * residual,
        inner=sum(x * y for x, y in zip(best, residual, strict=True)),
        distance_sq=squared,
        distance=sp.sqrt(squared),
    )


def _mistakes(p: Params) -> dict[str, dict[str, sp.Expr]]:
    def told(numeric: Numeric, squared: bool = False) -> dict[str, sp.Expr]:
        distance = numeric.distance_sq if squared else numeric.distance
        return {"numeric.solution": numeric.solution, "numeric.distance": distance}

    return {
        # 2(X - A) + (Λ ∓ Λᵀ) = 0 solved without its ½: X* = A ± Aᵀ
        "half_forgotten": told(_numeric(p, divisor=1)),
        # the symmetric and the skew-symmetric parts of A confused: the other part
        "parts_swapped": told(_numeric(Params(p.A, not p.skew, p.asked))),
        "distance_squared": {"numeric.distance": _numeric(p).distance_sq},
    }


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "solution": "X^{*}",
    "numeric.solution": "X^{*}",
    "numeric.distance": r"\lVert X^{*} - A \rVert",
}
