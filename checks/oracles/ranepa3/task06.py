"""Independent oracle for ranepa3.6: each function written in numpy; every line of each
derivation is checked as a directional derivative, each result by central differences."""

from __future__ import annotations

import numpy as np

from checks.oracles.numeric import ItemSpec, item_oracles, well_conditioned

N = 3


def vectors(rng, *names):
    return {name: rng.normal(size=(N, 1)) for name in names}


def positive_form(rng):
    """xᵀAx > 0 for every x ≠ 0, yet A is not symmetric (so A + Aᵀ is really tested)."""
    m = rng.normal(size=(N, N))
    skew = rng.normal(size=(N, N))
    return m @ m.T + np.eye(N) + (skew - skew.T)


def oracles(given) -> dict:
    specs = {
        "items.0": ItemSpec(
            lambda v: v["a"].T @ v["x"],
            "x",
            "dx",
            lambda rng: vectors(rng, "a", "x", "dx"),
            "gradient",
        ),
        "items.1": ItemSpec(
            lambda v: v["x"].T @ v["A"] @ v["x"],
            "x",
            "dx",
            lambda rng: vectors(rng, "x", "dx") | {"A": rng.normal(size=(N, N))},
            "gradient",
        ),
        "items.2": ItemSpec(
            lambda v: np.log(v["x"].T @ v["A"] @ v["x"]),
            "x",
            "dx",
            lambda rng: vectors(rng, "x", "dx") | {"A": positive_form(rng)},
            "gradient",
        ),
        "items.3": ItemSpec(
            lambda v: v["a"].T @ v["X"] @ v["A"] @ v["X"] @ v["a"],
            "X",
            "dX",
            lambda rng: vectors(rng, "a") | {n: rng.normal(size=(N, N)) for n in ("X", "A", "dX")},
            "gradient",
        ),
        "items.4": ItemSpec(
            lambda v: v["x"] @ v["x"].T @ v["x"],
            "x",
            "dx",
            lambda rng: vectors(rng, "x", "dx"),
            "jacobian",
        ),
        "items.5": ItemSpec(
            lambda v: np.linalg.inv(v["X"]),
            "X",
            "dX",
            lambda rng: {"X": well_conditioned(rng, N), "dX": rng.normal(size=(N, N))},
            "differential",
            has_steps=False,
        ),
        "items.6": ItemSpec(
            lambda v: np.linalg.det(v["X"]),
            "X",
            "dX",
            lambda rng: {"X": well_conditioned(rng, N), "dX": rng.normal(size=(N, N))},
            "gradient",
        ),
    }
    return item_oracles(specs)
