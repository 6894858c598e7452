"""Independent oracle for hse7.1: a random sigmoid layer under a random smooth downstream
loss, written in numpy; every derivative by central differences, the incoming gradient x̄^l
and δ^l = ∂L/∂z^l included. Indices i, j (from 1) are drawn at random per point."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, gradient

D_IN, D_OUT = 4, 3
T = sp.Dummy("t")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(7100 + seed)
    W, b, x_prev = (
        rng.normal(size=(D_OUT, D_IN)),
        rng.normal(size=(D_OUT, 1)),
        rng.normal(size=(D_IN, 1)),
    )
    c, M, P = rng.normal(size=3), rng.normal(size=(3, D_OUT)), rng.normal(size=(D_OUT, D_OUT))

    def downstream(x):  # any differentiable function of the layer's output
        return float(c @ np.tanh(M @ x)[:, 0] + (x.T @ P @ x).item())

    def loss(W_, b_, xp):
        return downstream(sigmoid(W_ @ xp + b_))

    z = W @ x_prev + b
    x = sigmoid(z)
    return {
        "i": int(rng.integers(1, D_OUT + 1)),
        "j": int(rng.integers(1, D_IN + 1)),
        "t": rng.normal(),
        "d_{in}": D_IN,
        "d_{out}": D_OUT,
        "g": sp.Lambda(T, 1 / (1 + sp.exp(-T))),
        "w^{l}": W,
        "W^{l}": W,
        "b^{l}": b,
        "x^{l-1}": x_prev,
        "x^{l}": x,
        r"\bar{x}^{l}": gradient(downstream, x),
        r"\delta^{l}": gradient(lambda z_: downstream(sigmoid(z_)), z),
        "dW": gradient(lambda W_: loss(W_, b, x_prev), W),
        "db": gradient(lambda b_: loss(W, b_, x_prev), b),
        "dx": gradient(lambda xp: loss(W, b, xp), x_prev),
        "z": z,
    }


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def oracles(given) -> dict:
    i, j = lambda v: v["i"] - 1, lambda v: v["j"] - 1
    return {
        "pre_activation": at(lambda v: v["z"][i(v), 0]),
        "sigmoid_derivative": at(
            lambda v: gradient(lambda t: sigmoid(t).sum(), np.array([v["t"]]))[0]
        ),
        "partial_w": at(lambda v: v["dW"][i(v), j(v)]),
        "partial_b": at(lambda v: v["db"][i(v), 0]),
        "partial_prev": at(lambda v: v["dx"][j(v), 0]),
        "delta": at(lambda v: v[r"\delta^{l}"]),
        "grad_W": at(lambda v: v["dW"]),
        "grad_b": at(lambda v: v["db"]),
        "grad_prev": at(lambda v: v["dx"]),
    }
