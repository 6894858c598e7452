"""Independent oracle for ranepa3.10: the regularised logistic loss written in numpy,
differentiated by central differences; σ bound to 1/(1 + e^-t) at every point."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, ItemSpec, directional, gradient, item_oracles

N, K = 5, 3
T = sp.Dummy("t")
SIGMA = {r"\sigma": sp.Lambda(T, 1 / (1 + sp.exp(-T)))}


def term_point(rng):
    return SIGMA | {
        "x_i": rng.normal(size=(K, 1)),
        "w": rng.normal(size=(K, 1)),
        "dw": rng.normal(size=(K, 1)),
        "y_i": float(rng.choice([-1, 1])),
    }


def term(v):
    return np.log(1 + np.exp(-v["y_i"] * (v["x_i"].T @ v["w"])))


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(1010 + seed)
    return SIGMA | {
        "X": rng.normal(size=(N, K)),
        "y": rng.choice([-1.0, 1.0], size=(N, 1)),
        "w": rng.normal(size=(K, 1)),
        "dw": rng.normal(size=(K, 1)),
        r"\lambda": rng.uniform(0.1, 2),
    }


def loss(v, w):
    return (
        sum(np.log(1 + np.exp(-v["y"][i, 0] * (v["X"][i] @ w[:, 0]))) for i in range(N))
        + v[r"\lambda"] * (w.T @ w).item()
    )


def oracles(given) -> dict:
    o = item_oracles({"term": ItemSpec(term, "w", "dw", term_point, "gradient")})
    return o | {
        "differential": AtRandomPoints(
            point, lambda v: directional(lambda w: loss(v, w), v["w"], v["dw"])
        ),
        "penalty_differential": AtRandomPoints(
            point,
            lambda v: directional(lambda w: v[r"\lambda"] * (w.T @ w).item(), v["w"], v["dw"]),
        ),
        "gradient": AtRandomPoints(point, lambda v: gradient(lambda w: loss(v, w), v["w"])),
    }
