"""Small least-squares instances in exact integer and fraction arithmetic, for the variant
pools of ranepa3.9 (Ridge and Lasso): a pool walks thousands of draws and keys each by its
answers, which sympy would make slow. X is 3×2 as nested tuples, y and w are tuples."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import cache
from itertools import product

# det(XᵀX + λI) at most this in ranepa3.9: the inverse adj/det has a hand-sized denominator
RIDGE_MAX_DET = 40


def gram(X) -> list[list[int]]:
    """XᵀX."""
    return [[sum(row[p] * row[q] for row in X) for q in range(2)] for p in range(2)]


def moment(X, y) -> list[int]:
    """Xᵀy."""
    return [sum(row[p] * v for row, v in zip(X, y, strict=True)) for p in range(2)]


def squares_gradient(X, y, w) -> tuple:
    """-2Xᵀ(y - Xw), the gradient of (y - Xw)ᵀ(y - Xw)."""
    residual = [v - row[0] * w[0] - row[1] * w[1] for row, v in zip(X, y, strict=True)]
    return tuple(-2 * sum(row[p] * e for row, e in zip(X, residual, strict=True)) for p in (0, 1))


def sign(v) -> int:
    return (v > 0) - (v < 0)


def singular(X) -> bool:
    """Whether XᵀX is singular: the two columns are proportional."""
    g = gram(X)
    return g[0][0] * g[1][1] == g[0][1] ** 2


@cache
def matrices(low: int, orthogonal: bool, proportional: bool = False) -> list[tuple]:
    """3×2 integer matrices from low..low+4 with no row of zeros and at most two zero entries:
    with orthogonal columns, or else of full rank or with proportional columns."""
    columns = list(product(range(low, low + 5), repeat=3))
    found = []
    for a, b in product(columns, repeat=2):
        X = tuple(zip(a, b, strict=True))
        if (0, 0) in X or (a + b).count(0) > 2:
            continue
        if (gram(X)[0][1] == 0) if orthogonal else (singular(X) == proportional):
            found.append(X)
    return found


def unsigned_up_to_mirror(answers: Callable[..., tuple], X, y, lam, w0, gamma) -> tuple:
    """answers(X, y, λ, w₀, γ) (tuples of numbers) up to sign, the same whichever of the two
    columns comes first (a mirror: the weights swap places)."""
    seen = []
    for order in ((0, 1), (1, 0)):
        swapped = tuple(tuple(row[j] for j in order) for row in X)
        found = answers(swapped, y, lam, tuple(w0[j] for j in order), gamma)
        seen.append(tuple(abs(v) for part in found for v in part))
    return min(seen)


def ridge_answers(X, y, lam, w0, gamma) -> tuple | None:
    """ranepa3.9's Ridge graded numbers (ŵ, w₁, 2(XᵀX + λI)) in fractions, or None for a draw
    that breaks an invariant."""
    if not any(y):
        return None
    g = gram(X)
    shifted = [[g[p][q] + lam * (p == q) for q in (0, 1)] for p in (0, 1)]
    det = shifted[0][0] * shifted[1][1] - shifted[0][1] ** 2
    if det > RIDGE_MAX_DET:
        return None
    z = moment(X, y)
    optimum = (
        Fraction(shifted[1][1] * z[0] - shifted[0][1] * z[1], det),
        Fraction(shifted[0][0] * z[1] - shifted[0][1] * z[0], det),
    )
    grad = [g + 2 * lam * w for g, w in zip(squares_gradient(X, y, w0), w0, strict=True)]
    if grad == [0, 0]:
        return None  # w₀ already optimal
    step = tuple(w - gamma * g for w, g in zip(w0, grad, strict=True))
    return optimum, step, tuple(2 * v for v in shifted[0] + shifted[1])


def lasso_answers(X, y, lam, w0, gamma) -> tuple | None:
    """ranepa3.9's Lasso graded numbers (ŵ, w₁) in fractions, or None for a draw that breaks an
    invariant: exactly the diagonal XᵀX of orthogonal columns, no zⱼ = 0 (least squares would
    drop that weight too), no |zⱼ| at the threshold λ/2, not both weights zeroed."""
    g = gram(X)
    z = moment(X, y)
    if g[0][1] != 0 or 0 in z or any(2 * abs(v) == lam for v in z):
        return None  # a feature least squares drops too; a weight at the threshold
    if all(2 * abs(v) < lam for v in z):
        return None  # ŵ = 0: nothing left to select
    optimum = tuple(
        Fraction(sign(v) * (2 * abs(v) - lam), 2 * g[j][j]) if 2 * abs(v) > lam else 0
        for j, v in enumerate(z)
    )
    if tuple(w0) == optimum:
        return None
    sub = [g + lam * sign(w) for g, w in zip(squares_gradient(X, y, w0), w0, strict=True)]
    step = tuple(w - gamma * g for w, g in zip(w0, sub, strict=True))
    return optimum, step
