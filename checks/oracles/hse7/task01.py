"""Independent oracle for hse7.1: a random sigmoid layer under a random smooth downstream
loss, written in numpy; every derivative by central differences, the incoming gradient x̄^l
and δ^l = ∂L/∂z^l included. Indices i, j (from 1) are drawn at random per point.

The numeric example exactly: the loss x̄ᵀ x^l (any loss whose gradient at x^l is x̄ has the
same first derivatives) written as one sympy expression in symbols for W, b and x^(l-1), with
the sigmoid as e^s/(1 + e^s), differentiated by sympy and evaluated at the given numbers."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, Satisfies, gradient

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


# the layer the booklet works as its example on the sheet, which gives no numbers
EXAMPLE = {
    "W": sp.Matrix([[1, -1, 2], [2, 0, -1]]),
    "b": sp.Matrix([-1, 0]),
    "x_prev": sp.Matrix([1, 3, 2]),
    "x_bar": sp.Matrix([2, -1]),
}
SATURATION = 3  # |s| beyond this: a saturated neuron, not a hand-friendly example
DATA = ("given.W", "given.b", "given.x_prev", "given.x_bar")


def shaped(W, b, x_prev, x_bar) -> bool:
    """A layer with 2 outputs and 2 or 3 inputs, vectors as columns of matching sizes."""
    return (
        W.shape[0] == 2
        and W.shape[1] in (2, 3)
        and b.shape == x_bar.shape == (W.shape[0], 1)
        and x_prev.shape == (W.shape[1], 1)
    )


def _logistic(p):
    return sp.exp(p) / (1 + sp.exp(p))


def example(W, b, x_prev, x_bar, activation=_logistic) -> dict:
    """Every number of the example, from sympy's derivatives of L = x̄ᵀ g(W x + b) (g the
    sigmoid unless `activation` is given)."""
    rows, cols = W.shape
    w = sp.Matrix(rows, cols, lambda r, c: sp.Symbol(f"w{r}{c}"))
    c = sp.Matrix(rows, 1, lambda r, _: sp.Symbol(f"b{r}"))
    u = sp.Matrix(cols, 1, lambda r, _: sp.Symbol(f"u{r}"))
    pre = [sum(w[r, k] * u[k] for k in range(cols)) + c[r] for r in range(rows)]
    out = [activation(p) for p in pre]
    loss = sum(x_bar[r] * out[r] for r in range(rows))
    at = {w[r, k]: W[r, k] for r in range(rows) for k in range(cols)}
    at |= {c[r]: b[r] for r in range(rows)} | {u[k]: x_prev[k] for k in range(cols)}
    z = sp.Symbol("z")
    g = sp.exp(z) / (1 + sp.exp(z))
    return {
        "example.s": sp.Matrix([p.xreplace(at) for p in pre]),
        "example.x": sp.Matrix([o.xreplace(at) for o in out]),
        "example.local": sp.Matrix([sp.diff(g, z).subs(z, p.xreplace(at)) for p in pre]),
        "example.delta": sp.Matrix([sp.diff(loss, c[r]).xreplace(at) for r in range(rows)]),
        "example.grad_W": sp.Matrix(rows, cols, lambda r, k: sp.diff(loss, w[r, k]).xreplace(at)),
        "example.grad_b": sp.Matrix([sp.diff(loss, c[r]).xreplace(at) for r in range(rows)]),
        "example.grad_prev": sp.Matrix([sp.diff(loss, u[k]).xreplace(at) for k in range(cols)]),
    }


def mistakes(W, b, x_prev, x_bar, right: dict) -> dict:
    """The gradients each typical slip gives, as the exact derivatives of another layer: a
    forgotten g'(s) is the layer without activation (g(s) = s, g' = 1); g'(s) taken as σ(s) is
    the layer with softplus log(1 + eˢ), whose derivative is σ; a forgotten factor x_j makes
    every column of ∂L/∂W the right ∂L/∂b."""
    parts = ("grad_W", "grad_b", "grad_prev")
    linear = example(W, b, x_prev, x_bar, activation=lambda p: p)
    softplus = example(W, b, x_prev, x_bar, activation=lambda p: sp.log(1 + sp.exp(p)))
    found = {
        f"mistakes.{name}.example.{part}": numbers[f"example.{part}"]
        for name, numbers in (("no_sigmoid_derivative", linear), ("sigma_as_derivative", softplus))
        for part in parts
    }
    grad_b = right["example.grad_b"]
    found["mistakes.forgot_input.example.grad_W"] = sp.Matrix(
        W.rows, W.cols, lambda r, _: grad_b[r]
    )
    return found


def oracles(given) -> dict:
    i, j = lambda v: v["i"] - 1, lambda v: v["j"] - 1
    data = [given[name.removeprefix("given.")] for name in DATA]
    valid = Satisfies(shaped, "a layer with 2 outputs and 2 or 3 inputs", DATA)
    # the statement gives the layer unless it is the example the sheet's booklet works
    asked = any(given[name].shape != m.shape or given[name] != m for name, m in EXAMPLE.items())
    numbers = example(*data)
    return (
        dict.fromkeys(DATA, valid)
        | numbers
        | mistakes(*data, numbers)
        | {"given.asked": asked}
        | {
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
    )


def invariants(given) -> dict:
    W, b, x_prev, x_bar = (given[name.removeprefix("given.")] for name in DATA)
    s = W * x_prev + b
    return {
        "a layer with 2 outputs and 2 or 3 inputs": shaped(W, b, x_prev, x_bar),
        "no neuron saturated: |s_i| ≤ 3": all(abs(v) <= SATURATION for v in s),
        "integer weights, biases and inputs": all(v.is_integer for v in (*W, *b, *x_prev)),
        "no zero input and no zero incoming gradient": all(v != 0 for v in (*x_prev, *x_bar)),
        # else two columns of ∂L/∂W = δ xᵀ agree up to sign and hide a forgotten factor x_j
        "no two inputs equal up to sign": len({abs(v) for v in x_prev}) == len(x_prev),
        "no zero row or column of W": all(any(W.row(r)) for r in range(W.rows))
        and all(any(W.col(k)) for k in range(W.cols)),
    }


# what a grader compares: the example's three gradients
ANSWERS = ("example.grad_W", "example.grad_b", "example.grad_prev")
