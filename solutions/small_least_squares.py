"""Small least-squares instances in exact integer and fraction arithmetic, for the variant
pools of ranepa3.9 (Ridge and Lasso): a pool walks thousands of draws and keys each by its
answers, which sympy would make slow. X is 3×2 as nested tuples, y and w are tuples."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import product


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
