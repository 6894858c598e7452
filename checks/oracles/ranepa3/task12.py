"""Independent oracle for ranepa3.12: the nearest symmetric matrix as a linear least-squares
problem over the n(n+1)/2 free entries (numpy's lstsq); Λ - Λᵀ from stationarity at that
numeric optimum; the Lagrangian's derivatives by central differences."""

from __future__ import annotations

from functools import cache

import numpy as np

from checks.oracles.numeric import AtRandomPoints, directional, gradient

N = 4


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(1200 + seed)
    return {name: rng.normal(size=(N, N)) for name in ("A", "X", r"\Lambda", "dX")}


def nearest_symmetric(A):
    """argmin ‖S - A‖² over symmetric S, parametrised by its upper triangle."""
    pairs = [(i, j) for i in range(N) for j in range(i, N)]
    basis = []
    for i, j in pairs:
        e = np.zeros((N, N))
        e[i, j] = e[j, i] = 1.0
        basis.append(e.ravel())
    theta = np.linalg.lstsq(np.array(basis).T, A.ravel(), rcond=None)[0]
    return (np.array(basis).T @ theta).reshape(N, N)


def stationary(v):
    """The X with ∇_X L = 0: the Lagrangian is quadratic in X, so one Newton step from 0
    (numeric gradient and Hessian-free: ∇²L = 2I) lands on it."""
    zero = np.zeros((N, N))
    return zero - gradient(lambda X: lagrangian(v, X), zero) / 2


def lagrangian(v, X):
    return ((X - v["A"]) ** 2).sum() + np.trace(v[r"\Lambda"].T @ (X - X.T))


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def oracles(given) -> dict:
    return {
        "lagrangian": at(lambda v: lagrangian(v, v["X"])),
        "d_lagrangian": at(lambda v: directional(lambda X: lagrangian(v, X), v["X"], v["dX"])),
        "grad": at(lambda v: gradient(lambda X: lagrangian(v, X), v["X"])),
        # stationarity 2(X* - A) + (Λ - Λᵀ) = 0 at the numeric optimum
        # ∇_X L = 0 solved numerically for X, the transpose of that
        "stationary": at(lambda v: stationary(v)),
        "stationary_transposed": at(lambda v: stationary(v).T),
        "multiplier_gap": at(lambda v: -2 * (nearest_symmetric(v["A"]) - v["A"])),
        "solution": at(lambda v: nearest_symmetric(v["A"])),
        "distance": at(lambda v: ((nearest_symmetric(v["A"]) - v["A"]) ** 2).sum()),
    }
