"""Random least-squares problems for the ranepa3.8 and ranepa3.9 oracles, and their
objectives written in numpy (not from the solution modules)."""

from __future__ import annotations

import numpy as np

N, K = 6, 3


def problem(rng: np.random.Generator, orthonormal: bool = False) -> dict:
    X = rng.normal(size=(N, K))
    if orthonormal:
        X = np.linalg.qr(X)[0]  # XᵀX = I
    w = rng.normal(size=(K, 1))
    w += np.sign(w) * 0.2  # every wᵢ away from 0, where |w| has no derivative
    return {
        "X": X,
        "y": rng.normal(size=(N, 1)),
        "w": w,
        "dw": rng.normal(size=(K, 1)),
        r"\gamma": rng.uniform(0.01, 0.5),
        r"\lambda": rng.uniform(0.2, 2.0),
    }


def squares(v, w=None):
    r = v["y"] - v["X"] @ (v["w"] if w is None else w)
    return (r.T @ r).item()


def ridge(v, w=None):
    w = v["w"] if w is None else w
    return squares(v, w) + v[r"\lambda"] * (w.T @ w).item()


def lasso(v, w=None):
    w = v["w"] if w is None else w
    return squares(v, w) + v[r"\lambda"] * float(np.abs(w).sum())
