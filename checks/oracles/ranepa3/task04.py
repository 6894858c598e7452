"""Independent oracle for ranepa3.4: every formula is checked at random points against
central differences of a separately written numpy network (ReLU inputs kept away from 0);
the numbers of the batch by sympy's differentiation of the loss written out entry by entry,
with max(0, ·) in it, so no matrix formula of the page is used to check itself."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, Satisfies, gradient, same
from checks.oracles.once import per_given

DATA = ("given.X", "given.W2", "given.W1", "given.target", "given.gamma")
EXAMPLE = {  # the sheet gives no numbers: the example its booklet works
    "X": sp.Matrix([[1, 2], [2, -1]]),
    "W2": sp.Matrix([[1, -1], [1, 1]]),
    "W1": sp.Matrix([[1], [2]]),
    "target": sp.Matrix([[4], [2]]),
    "gamma": sp.Rational(1, 50),
}
ANSWERS = tuple(  # what the key grades
    f"numbers.{name}" for name in ("y", "loss", "dL_dW1", "dL_dW2", "W1_after", "W2_after")
)


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


def _loss(X, target, W2, W1):
    """Σ_i (Σ_j max(0, Σ_k x_ik w2_kj) w1_j - ŷ_i)², entry by entry."""
    n, d, h = X.rows, X.cols, W1.rows
    hidden = lambda i, j: sp.Max(0, sum(X[i, k] * W2[k, j] for k in range(d)))
    return [(sum(hidden(i, j) * W1[j] for j in range(h)) - target[i]) ** 2 for i in range(n)]


def _derivatives(f, symbols: sp.Matrix, values: sp.Matrix) -> sp.Matrix:
    """∂f/∂(each symbol) at symbols = values, in the symbols' shape."""
    point = dict(zip(symbols, values, strict=True))
    return symbols.applyfunc(lambda s: sp.diff(f, s).xreplace(point))


@per_given
def batch(given) -> dict:
    """The numbers of the batch: each gradient as sympy's derivative of the loss in the
    piece's own symbols, at the given point."""
    X, W2, W1 = (sp.Matrix(given[name]) for name in ("X", "W2", "W1"))
    target, gamma = sp.Matrix(given["target"]), given["gamma"]
    n, d, h = X.rows, X.cols, W1.rows
    v = sp.Matrix(d, h, lambda k, j: sp.Symbol(f"v{k}{j}"))
    u = sp.Matrix(h, 1, lambda j, _: sp.Symbol(f"u{j}"))
    at = dict(zip(v, W2, strict=True)) | dict(zip(u, W1, strict=True))
    terms = _loss(X, target, v, u)
    loss = sum(terms)
    d_of = lambda f, m: m.applyfunc(lambda s: sp.diff(f, s).xreplace(at))
    H = sp.Matrix(n, h, lambda i, j: sum(X[i, k] * W2[k, j] for k in range(d)))
    A = H.applyfunc(lambda z: sp.Max(0, z))
    y = sp.Matrix(n, 1, lambda i, _: sum(A[i, j] * W1[j] for j in range(h)))
    s = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"s{i}"))  # outputs
    a = sp.Matrix(n, h, lambda i, j: sp.Symbol(f"a{i}{j}"))  # ReLU outputs
    z = sp.Matrix(n, h, lambda i, j: sp.Symbol(f"z{i}{j}"))  # ReLU inputs
    of_s = sum((s[i] - target[i]) ** 2 for i in range(n))
    of_a = sum((sum(a[i, j] * W1[j] for j in range(h)) - target[i]) ** 2 for i in range(n))
    of_z = of_a.xreplace({a[i, j]: sp.Max(0, z[i, j]) for i in range(n) for j in range(h)})
    grad_W1, grad_W2 = d_of(loss, u), d_of(loss, v)
    W1_after, W2_after = W1 - gamma * grad_W1, W2 - gamma * grad_W2
    after = sum(_loss(X, target, W2_after, W1_after))
    off = [(i, j) for i in range(n) for j in range(h) if H[i, j] < 0]
    dead = [j for j in range(h) if all(H[i, j] < 0 for i in range(n))]
    return {
        "numbers.H": H,
        "numbers.D": H.applyfunc(lambda z: sp.Heaviside(z)),
        "numbers.A": A,
        "numbers.y": y,
        "numbers.loss": loss.xreplace(at),
        "numbers.dL_dy": _derivatives(of_s, s, y),
        "numbers.dL_dW1": grad_W1,
        "numbers.dL_dA": _derivatives(of_a, a, A),
        "numbers.dL_dH": _derivatives(of_z, z, H),
        "numbers.dL_dW2": grad_W2,
        **{f"numbers.parts.{i}": d_of(terms[i], v) for i in range(n)},
        "numbers.W1_after": W1_after,
        "numbers.W2_after": W2_after,
        "numbers.loss_after": after,
        "numbers.short_after": bool((after * 1000).is_integer),
        "numbers.improved": bool(after < loss.xreplace(at)),
        "numbers.all_active": not off,
        "numbers.one_off": len(off) == 1,
        "numbers.split": len(off) == 2 and not dead and len({i for i, _ in off}) == 2,
        "numbers.dead": len(off) == 2 and len(dead) == 1,
        "numbers.off_row": sp.Integer(off[0][0] + 1) if off else None,
        "numbers.other_row": sp.Integer(n - off[0][0]) if off else None,
        "numbers.off_unit": sp.Integer(off[0][1] + 1) if off else None,
        "numbers.silent_after": all(
            sum(X[i, k] * W2_after[k, j] for k in range(d)) <= 0 for i in range(n) for j in range(h)
        ),
    }


def mistakes(given, o: dict) -> dict:
    """The typical mistakes from this oracle's own numbers: without the 2 of the square every
    gradient is that of ½ Σ (y - ŷ)², half the true one; without ∘ D, ∂L/∂W₂ sums x_ik ∂L/∂a_ij
    over the observations i (index by index); transposed, it is the true one transposed; the
    step along the gradient is W + γ ∇."""
    X, gamma = sp.Matrix(given["X"]), given["gamma"]
    dA, dW1, dW2 = o["numbers.dL_dA"], o["numbers.dL_dW1"], o["numbers.dL_dW2"]
    unmasked = sp.Matrix(
        X.cols, dA.cols, lambda k, j: sum(X[i, k] * dA[i, j] for i in range(X.rows))
    )
    return {
        "mistakes.two_lost.numbers.dL_dW1": dW1 / 2,
        "mistakes.two_lost.numbers.dL_dW2": dW2 / 2,
        "mistakes.mask_forgotten.numbers.dL_dW2": unmasked,
        "mistakes.w2_grad_transposed.numbers.dL_dW2": dW2.T,
        "mistakes.step_sign.numbers.W1_after": sp.Matrix(given["W1"]) + gamma * dW1,
        "mistakes.step_sign.numbers.W2_after": sp.Matrix(given["W2"]) + gamma * dW2,
    }


def _valid(X, W2, W1, target, gamma) -> bool:
    """A batch of two observations with two inputs and two hidden units, γ in (0, 1)."""
    shapes = (X.shape, W2.shape, W1.shape, target.shape) == ((2, 2), (2, 2), (2, 1), (2, 1))
    return shapes and 0 < gamma < 1


def oracles(given) -> dict:
    asked = not all(same(given[name], value) for name, value in EXAMPLE.items())
    numbers = {k: v for k, v in batch(given).items() if v is not None}
    numbers |= mistakes(given, numbers)
    valid = Satisfies(_valid, "a batch of 2 observations, 2 inputs, 2 hidden units", DATA)
    return (
        dict.fromkeys(DATA, valid)
        | numbers
        | {"given.asked": asked}
        | {
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
    )


def invariants(given) -> dict:
    o = batch(given)
    H, dy = o["numbers.H"], o["numbers.dL_dy"]
    return {
        "no ReLU input is 0": all(v != 0 for v in H),
        "the pattern of active units is one of the four situations": sum(
            o[f"numbers.{name}"] for name in ("all_active", "one_off", "split", "dead")
        )
        == 1,
        "every observation's error is non-zero": all(v != 0 for v in dy),
        "observations and hidden units are not tied": sp.Matrix(given["X"]).det() != 0
        and sp.Matrix(given["W2"]).det() != 0,
        "the numbers of the pass are within ±40": all(
            abs(v) <= 40 for name in ("H", "y", "dL_dW1", "dL_dW2") for v in o[f"numbers.{name}"]
        ),
        "the step lowers the loss": o["numbers.improved"],
    }
