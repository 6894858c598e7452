"""Independent oracle for ranepa3.7: each function written in numpy; every line of each
derivation is checked as a directional derivative, each gradient by central differences.
Differentials of X⁻¹ and X⁻ᵀ that a line names are themselves finite differences."""

from __future__ import annotations

import numpy as np

from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    directional,
    gradient,
    item_oracles,
    well_conditioned,
)

N, P, M, K = 3, 2, 4, 2


def logdet(m):
    sign, value = np.linalg.slogdet(m)
    assert sign > 0, "the oracle samples only points where det > 0"
    return value


def positive_form(rng, size):
    m = rng.normal(size=(size, size))
    skew = rng.normal(size=(size, size))
    return m @ m.T + np.eye(size) + (skew - skew.T)


def with_inverse_differentials(v):
    """Values for the symbols d(X⁻¹) and d(X⁻ᵀ) that a line of a derivation may name."""
    d_inv = directional(np.linalg.inv, v["X"], v["dX"])
    return v | {r"d(X^{-1})": d_inv, r"d(X^{-T})": d_inv.T}


def square(rng):
    return {"X": well_conditioned(rng, N, positive_det=True), "dX": rng.normal(size=(N, N))}


def sample_7_4(rng, p=P):
    while True:
        v = square(rng) | {"A": rng.normal(size=(p, N)), "B": rng.normal(size=(N, p))}
        inner = v["A"] @ np.linalg.inv(v["X"]) @ v["B"]
        if np.linalg.det(inner) > 0.1 and np.linalg.cond(inner) < 50:
            return with_inverse_differentials(v)


def f_7_4(v):
    return logdet(v["A"] @ np.linalg.inv(v["X"]) @ v["B"])


def f_7_6(v):
    return logdet(v["X"].T @ v["A"] @ v["X"])


def sample_7_6(rng, rows=N + 1, cols=K):
    """X of full column rank, A with xᵀAx > 0, so that det(XᵀAX) > 0."""
    return {
        "X": well_conditioned(rng, rows, cols),
        "A": positive_form(rng, rows),
        "dX": rng.normal(size=(rows, cols)),
    }


def oracles(given) -> dict:
    inv = np.linalg.inv
    specs = {
        "items.0": ItemSpec(
            lambda v: np.trace(v["A"] @ v["X"] @ v["B"]),
            "X",
            "dX",
            lambda rng: {
                "A": rng.normal(size=(P, M)),
                "X": rng.normal(size=(M, N)),
                "B": rng.normal(size=(N, P)),
                "dX": rng.normal(size=(M, N)),
            },
            "gradient",
        ),
        "items.1": ItemSpec(
            lambda v: np.trace(v["A"] @ v["X"].T @ v["X"]),
            "X",
            "dX",
            lambda rng: {
                "A": rng.normal(size=(N, N)),
                "X": rng.normal(size=(M, N)),
                "dX": rng.normal(size=(M, N)),
            },
            "gradient",
        ),
        "items.2": ItemSpec(lambda v: logdet(v["X"]), "X", "dX", square, "gradient"),
        "items.3": ItemSpec(f_7_4, "X", "dX", sample_7_4, "gradient"),
        "items.4": ItemSpec(
            lambda v: np.trace(v["A"] @ v["X"].T @ v["X"] @ v["B"] @ inv(v["X"]).T),
            "X",
            "dX",
            lambda rng: with_inverse_differentials(
                square(rng) | {"A": rng.normal(size=(N, N)), "B": rng.normal(size=(N, N))}
            ),
            "gradient",
        ),
        "items.5": ItemSpec(f_7_6, "X", "dX", sample_7_6, "gradient"),
        "items.6": ItemSpec(
            lambda v: v["x"].T @ v["A"] @ v["b"],
            "x",
            "dx",
            lambda rng: {
                "x": rng.normal(size=(N, 1)),
                "b": rng.normal(size=(N, 1)),
                "dx": rng.normal(size=(N, 1)),
                "A": rng.normal(size=(N, N)),
            },
            "gradient",
        ),
        "items.7": ItemSpec(
            lambda v: v["x"].T @ v["A"] @ v["b"],
            "A",
            "dA",
            lambda rng: {
                "x": rng.normal(size=(N, 1)),
                "b": rng.normal(size=(N, 1)),
                "A": rng.normal(size=(N, N)),
                "dA": rng.normal(size=(N, N)),
            },
            "gradient",
        ),
    }
    o = item_oracles(specs)
    # the short answers: square invertible A, B in 7.4; square invertible X in 7.6
    square_7_4 = lambda seed: sample_7_4(np.random.default_rng(7400 + seed), p=N)
    square_7_6 = lambda seed: sample_7_6(np.random.default_rng(7600 + seed), N, N)
    o["square_7_4"] = AtRandomPoints(
        square_7_4, lambda v: gradient(lambda z: f_7_4(v | {"X": z}), v["X"])
    )
    o["square_7_6"] = AtRandomPoints(
        square_7_6, lambda v: gradient(lambda z: f_7_6(v | {"X": z}), v["X"])
    )
    return o
