"""Independent oracle for ranepa3.4: every formula is checked at random points against
central differences of a separately written numpy network (ReLU inputs kept away from 0)."""

from __future__ import annotations

from functools import cache

import numpy as np

from checks.oracles.numeric import AtRandomPoints, gradient


def G(of: str) -> str:
    """The name under which the page writes ∂L/∂<of>."""
    return rf"\frac{{\partial L}}{{\partial {of}}}"


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n, d, h = 4, 3, 5
    while True:
        X, W2 = rng.normal(size=(n, d)), rng.normal(size=(d, h))
        if np.min(np.abs(X @ W2)) > 0.05:  # finite differences must not cross a ReLU kink
            break
    W1, target, gamma = rng.normal(size=(h, 1)), rng.normal(size=(n, 1)), rng.uniform(0.1, 1)
    relu = lambda m: np.maximum(m, 0.0)
    loss_of_y = lambda y: float(np.sum((y - target) ** 2))
    H = X @ W2
    A = relu(H)
    y = A @ W1
    return {
        "X": X,
        "W_1": W1,
        "W_2": W2,
        r"\hat{y}": target,
        r"\gamma": gamma,
        "H": H,
        "A": A,
        "y": y,
        "D": (H > 0).astype(float),
        "L": loss_of_y(y),
        G("y"): gradient(loss_of_y, y),
        G("A"): gradient(lambda a: loss_of_y(a @ W1), A),
        G("H"): gradient(lambda m: loss_of_y(relu(m) @ W1), H),
        G("W_{1}"): gradient(lambda w: loss_of_y(A @ w), W1),
        G("W_{2}"): gradient(lambda w: loss_of_y(relu(X @ w) @ W1), W2),
        G("X"): gradient(lambda x: loss_of_y(relu(x @ W2) @ W1), X),
        # the reading L = ½ Σ (y - ŷ)²
        "half y": gradient(lambda y: loss_of_y(y) / 2, y),
        "half W_1": gradient(lambda w: loss_of_y(A @ w) / 2, W1),
        "half W_2": gradient(lambda w: loss_of_y(relu(X @ w) @ W1) / 2, W2),
    }


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, expected)


def oracles(given) -> dict:
    return {
        "forward.H": at(lambda v: v["X"] @ v["W_2"]),
        "forward.y": at(lambda v: v["A"] @ v["W_1"]),
        "forward.L": at(lambda v: np.array([[v["L"]]])),
        "backward.dL_dy": at(lambda v: v[G("y")]),
        "backward.dL_dW1": at(lambda v: v[G("W_{1}")]),
        "backward.dL_dA": at(lambda v: v[G("A")]),
        "backward.dL_dH": at(lambda v: v[G("H")]),
        "backward.dL_dW2": at(lambda v: v[G("W_{2}")]),
        "backward.dL_dX": at(lambda v: v[G("X")]),
        "step.W1": at(lambda v: v["W_1"] - v[r"\gamma"] * v[G("W_{1}")]),
        "step.W2": at(lambda v: v["W_2"] - v[r"\gamma"] * v[G("W_{2}")]),
        "step.W1_explicit": at(lambda v: v["W_1"] - v[r"\gamma"] * v[G("W_{1}")]),
        "step.W2_explicit": at(lambda v: v["W_2"] - v[r"\gamma"] * v[G("W_{2}")]),
        "half.dL_dy": at(lambda v: v["half y"]),
        "half.W1": at(lambda v: v["W_1"] - v[r"\gamma"] * v["half W_1"]),
        "half.W2": at(lambda v: v["W_2"] - v[r"\gamma"] * v["half W_2"]),
    }
