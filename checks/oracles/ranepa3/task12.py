"""Independent oracle for ranepa3.12: the nearest matrix of the family (symmetric, Xᵀ = X, or
skew-symmetric, Xᵀ = -X) as a linear least-squares problem over a basis of the family (numpy's
lstsq); the Lagrangian's derivatives by central differences at random points. At the given
integer A: X* and Λ ∓ Λᵀ from the Lagrange system entry by entry (sympy's diff and solve),
∇‖X - A‖² at X* by central differences (exact in rationals: the function is quadratic)."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, Satisfies, directional, gradient, same

N = 4
# The sheet gives no matrix: the booklet's example for the sheet's numbers (it asks nothing)
EXAMPLE = sp.Matrix([[2, 3], [-1, 1]])
ANSWERS = ("solution", "numeric.solution", "numeric.distance")  # what a grader compares


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(1200 + seed)
    return {name: rng.normal(size=(N, N)) for name in ("A", "X", r"\Lambda", "dX")}


def family_sign(given) -> int:
    """Xᵀ = sign·X: 1 for the sheet's symmetric matrices, -1 for skew-symmetric ones."""
    return -1 if given.get("skew") else 1


def nearest(A, sign):
    """argmin ‖S - A‖² over S with Sᵀ = sign·S, parametrised by a basis of that family."""
    size = A.shape[0]
    basis = []
    for i in range(size):
        for j in range(i if sign == 1 else i + 1, size):
            e = np.zeros((size, size))
            e[i, j] += 1.0
            e[j, i] += sign
            basis.append(e.ravel())
    theta = np.linalg.lstsq(np.array(basis).T, A.ravel(), rcond=None)[0]
    return (np.array(basis).T @ theta).reshape(size, size)


def lagrangian(v, X, sign):
    return ((X - v["A"]) ** 2).sum() + np.trace(v[r"\Lambda"].T @ (X - sign * X.T))


def stationary(v, sign):
    """The X with ∇_X L = 0: the Lagrangian is quadratic in X with ∇²L = 2I, so one Newton
    step from 0 (with a numeric gradient) lands on it."""
    zero = np.zeros((N, N))
    return zero - gradient(lambda X: lagrangian(v, X, sign), zero) / 2


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def lagrange_system(A: sp.Matrix, sign: int):
    """X* and the unique combination Λ - sign·Λᵀ from ∂L/∂x_ij = 0 and the constraints, with
    L = Σ (x_ij - a_ij)² + Σ λ_ij (x_ij - sign·x_ji) written entry by entry."""
    size = A.shape[0]
    x = sp.Matrix(size, size, lambda i, j: sp.Symbol(f"x{i}{j}"))
    lam = sp.Matrix(size, size, lambda i, j: sp.Symbol(f"l{i}{j}"))
    L = sum((x[i, j] - A[i, j]) ** 2 for i in range(size) for j in range(size))
    L += sum(lam[i, j] * (x[i, j] - sign * x[j, i]) for i in range(size) for j in range(size))
    equations = [sp.diff(L, s) for s in x] + [
        x[i, j] - sign * x[j, i] for i, j in np.ndindex(size, size)
    ]
    (solution,) = sp.solve(equations, list(x) + list(lam), dict=True)
    best = x.subs(solution)
    combined = (lam - sign * lam.T).subs(solution).applyfunc(sp.simplify)
    return best, combined


def quadratic_gradient(f, X: sp.Matrix) -> sp.Matrix:
    """Central differences with step 1, exact for a quadratic f."""

    def unit(i, j):
        return sp.Matrix(X.shape[0], X.shape[1], lambda a, b: int((a, b) == (i, j)))

    return sp.Matrix(
        X.shape[0], X.shape[1], lambda i, j: (f(X + unit(i, j)) - f(X - unit(i, j))) / 2
    )


def integer_square(A) -> bool:
    A = sp.Matrix(A)
    return A.shape in ((2, 2), (3, 3)) and all(a.is_integer for a in A)


def numeric(given) -> dict:
    A, sign = sp.Matrix(given["A"]), family_sign(given)
    size = A.shape[0]
    best, combined = lagrange_system(A, sign)
    residual = A - best
    squared = sum(r**2 for r in residual)
    f = lambda X: sum((X[i, j] - A[i, j]) ** 2 for i in range(size) for j in range(size))
    return {
        "numeric.A_T": sp.Matrix(size, size, lambda i, j: A[j, i]),
        "numeric.doubled": sp.Matrix(size, size, lambda i, j: A[i, j] + sign * A[j, i]),
        "numeric.solution": best,
        "numeric.residual": residual,
        "numeric.objective_grad": quadratic_gradient(f, best),
        "numeric.multipliers": combined,
        "numeric.inner": (best.T * residual).trace(),
        "numeric.distance_sq": squared,
        "numeric.distance": sp.sqrt(squared),
    }


def mistakes(given) -> dict:
    """The typical mistakes' answers, from the Lagrange system solved entry by entry: the ½
    forgotten doubles X*; the parts confused: the Lagrange system of the other family; the
    distance left squared."""
    A, sign = sp.Matrix(given["A"]), family_sign(given)
    norm = lambda M: sp.sqrt(sum(v**2 for v in M))
    doubled = 2 * lagrange_system(A, sign)[0]
    other = lagrange_system(A, -sign)[0]
    right = lagrange_system(A, sign)[0]
    return {
        "mistakes.half_forgotten.numeric.solution": doubled,
        "mistakes.half_forgotten.numeric.distance": norm(doubled - A),
        "mistakes.parts_swapped.numeric.solution": other,
        "mistakes.parts_swapped.numeric.distance": norm(other - A),
        "mistakes.distance_squared.numeric.distance": norm(right - A) ** 2,
    }


def oracles(given) -> dict:
    sign = family_sign(given)
    L = lambda v, X: lagrangian(v, X, sign)
    return (
        {
            "given.A": Satisfies(integer_square, "an integer 2×2 or 3×3 matrix", ("given.A",)),
            "given.skew": bool(given.get("skew")),  # the statement's word: data, as A is
            "given.asked": not same(given["A"], EXAMPLE),
            "lagrangian": at(lambda v: L(v, v["X"])),
            "d_lagrangian": at(lambda v: directional(lambda X: L(v, X), v["X"], v["dX"])),
            "grad": at(lambda v: gradient(lambda X: L(v, X), v["X"])),
            # ∇_X L = 0 solved numerically for X, and the transpose of that
            "stationary": at(lambda v: stationary(v, sign)),
            "stationary_transposed": at(lambda v: stationary(v, sign).T),
            # stationarity 2(X* - A) + (Λ ∓ Λᵀ) = 0 at the numeric optimum
            "multiplier_gap": at(lambda v: -2 * (nearest(v["A"], sign) - v["A"])),
            "solution": at(lambda v: nearest(v["A"], sign)),
            "distance": at(lambda v: ((nearest(v["A"], sign) - v["A"]) ** 2).sum()),
        }
        | numeric(given)
        | mistakes(given)
    )


def invariants(given) -> dict:
    A, sign = sp.Matrix(given["A"]), family_sign(given)
    return {
        "A is an integer 2×2 or 3×3 matrix": integer_square(A),
        "A is not in the family already (the distance is not 0)": sign * A != A.T,
        "A is not in the other family (X* is not 0)": -sign * A != A.T,
    }
