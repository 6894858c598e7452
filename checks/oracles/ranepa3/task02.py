"""Independent oracle for ranepa3.2: a 2-2-2-1 tanh network written here in numpy. Each
formula of the page is checked at random weights and inputs (five seeds): values against
this forward pass, every derivative against central differences of L = 1/2 (y - ŷ)²."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, gradient

T = sp.Dummy("t")


def forward(x, W1, W2, W3):
    z1 = x @ W1
    a1 = np.tanh(z1)
    z2 = a1 @ W2
    a2 = np.tanh(z2)
    z3 = a2 @ W3
    return z1, a1, z2, a2, z3, np.tanh(z3)


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(100 + seed)
    x, y = rng.normal(size=(1, 2)), rng.normal()
    W1, W2, W3 = rng.normal(size=(2, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2, 1))
    z1, a1, z2, a2, z3, yhat = forward(x, W1, W2, W3)

    def loss(out):
        return float(np.sum(0.5 * (y - out) ** 2))

    v = {
        "x": x,
        "y": y,
        r"\hat{y}": float(yhat[0, 0]),
        "W_1": W1,
        "W_2": W2,
        "W_3": W3,
        "a^{1}": a1,
        "a^{2}": a2,
        "z^{3}": float(z3[0, 0]),
        "f": sp.Lambda(T, sp.tanh(T)),
        "f'": sp.Lambda(T, 1 - sp.tanh(T) ** 2),
        "L": loss(yhat),
        "dW1": gradient(lambda w: loss(forward(x, w, W2, W3)[-1]), W1),
        "dW2": gradient(lambda w: loss(forward(x, W1, w, W3)[-1]), W2),
        "dW3": gradient(lambda w: loss(forward(x, W1, W2, w)[-1]), W3),
        # δ^k = ∂L/∂z^k: the rest of the network as a function of z^k
        r"\delta^{3}": gradient(lambda z: loss(np.tanh(z)), z3),
        r"\delta^{2}": gradient(lambda z: loss(np.tanh(np.tanh(z) @ W3)), z2),
        r"\delta^{1}": gradient(lambda z: loss(np.tanh(np.tanh(np.tanh(z) @ W2) @ W3)), z1),
    }
    for k, z in ((1, z1), (2, z2), (3, z3)):
        v[f"f'(z^{{{k}}})"] = 1 - np.tanh(z) ** 2
    for i in (1, 2):
        v[f"x_{{{i}}}"] = x[0, i - 1]
        v[f"w^{{3}}_{{{i}}}"] = W3[i - 1, 0]
        for k, a, z in ((1, a1, z1), (2, a2, z2)):
            v[f"a^{{{k}}}_{{{i}}}"], v[f"z^{{{k}}}_{{{i}}}"] = a[0, i - 1], z[0, i - 1]
        for j in (1, 2):
            v[f"w^{{1}}_{{{i}{j}}}"], v[f"w^{{2}}_{{{i}{j}}}"] = W1[i - 1, j - 1], W2[i - 1, j - 1]
    return v


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def oracles(given) -> dict:
    o = {
        "composite.layer1.0": at(lambda v: (v["x"] @ v["W_1"])[0, 0]),
        "composite.layer1.1": at(lambda v: (v["x"] @ v["W_1"])[0, 1]),
        "composite.layer2.0": at(lambda v: v["z^{2}_{1}"]),
        "composite.layer2.1": at(lambda v: v["z^{2}_{2}"]),
        "composite.output": at(lambda v: v[r"\hat{y}"]),
        "composite.full_terms.0": at(lambda v: v["W_3"][0, 0] * v["a^{2}"][0, 0]),
        "composite.full_terms.1": at(lambda v: v["W_3"][1, 0] * v["a^{2}"][0, 1]),
        "matrix_form.yhat": at(lambda v: v[r"\hat{y}"]),
        "matrix_form.z.0": at(lambda v: v["x"] @ v["W_1"]),
        "matrix_form.z.1": at(lambda v: v["a^{1}"] @ v["W_2"]),
        "matrix_form.z.2": at(lambda v: v["a^{2}"] @ v["W_3"]),
    }
    # the ten partial derivatives, in the page's order: layer 3, then 2, then 1
    order = [("dW3", i, 0) for i in (0, 1)]
    order += [(name, i, j) for name in ("dW2", "dW1") for i in (0, 1) for j in (0, 1)]
    for n, (name, i, j) in enumerate(order):
        o[f"elementwise.{n}.formula"] = at(lambda v, name=name, i=i, j=j: v[name][i, j])
    for n, name in enumerate(("dW3", "dW2", "dW1")):
        o[f"matrix_gradients.{n}"] = at(lambda v, name=name: v[name])
        o[f"backprop.grads.{n}"] = at(lambda v, name=name: v[name])
    for n, k in enumerate((3, 2, 1)):
        o[f"backprop.delta.{n}"] = at(lambda v, k=k: v[f"\\delta^{{{k}}}"])
    return o
