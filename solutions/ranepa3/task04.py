"""ranepa3.4: y = f(X·W2)·W1 with f = ReLU and L = (y - ŷ)², backprop in matrix form.

The sheet gives no sizes and calls the network's output y and the target ŷ. We take X as
n×d (one observation per row), W2 as d×h, W1 as h×1, and L = (y - ŷ)ᵀ(y - ŷ), the sum of
squared errors (one observation: n = 1). Intermediates get names (H = XW2, A = f(H),
D = f'(H)) so each formula shows one step of the accumulation.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import gradient, hadamard, matrix, minus, times, transposed

n, d, h = sp.symbols("n d h", integer=True, positive=True)


@dataclass(frozen=True)
class Params:
    """No numbers: the task is about formulas. Only the names of the pieces."""

    loss_name: str = "L"


PARAMS = Params()


@dataclass(frozen=True)
class Forward:
    H: sp.MatrixExpr  # = X W2, n×h
    y: sp.MatrixExpr  # = A W1, n×1
    L: sp.MatrixExpr  # = (y - ŷ)ᵀ(y - ŷ), 1×1


@dataclass(frozen=True)
class Backward:
    """∂L/∂(each piece), each the shape of the piece; every line uses the one before."""

    dL_dy: sp.MatrixExpr
    dL_dW1: sp.MatrixExpr
    dL_dA: sp.MatrixExpr
    dL_dH: sp.MatrixExpr
    dL_dW2: sp.MatrixExpr
    dL_dX: sp.MatrixExpr


@dataclass(frozen=True)
class Step:
    W1: sp.MatrixExpr  # W1 - γ ∂L/∂W1
    W2: sp.MatrixExpr
    W1_explicit: sp.MatrixExpr  # the same, with the gradients written out
    W2_explicit: sp.MatrixExpr


@dataclass(frozen=True)
class HalfLoss:
    """The other common reading, L = ½ Σ (y - ŷ)²: every gradient is half as large."""

    dL_dy: sp.MatrixExpr
    W1: sp.MatrixExpr  # after the step, gradients written out
    W2: sp.MatrixExpr


@dataclass(frozen=True)
class Result:
    forward: Forward
    backward: Backward
    step: Step
    half: HalfLoss


def solve(p: Params) -> Result:
    X, W1, W2 = matrix("X", n, d), matrix("W_1", h), matrix("W_2", d, h)
    target, y = matrix(r"\hat{y}", n), matrix("y", n)
    A, D = matrix("A", n, h), matrix("D", n, h)  # A = max(0; H), D = [H > 0] element-wise
    H = matrix("H", n, h)
    gamma = sp.Symbol(r"\gamma", positive=True)
    g = {piece: gradient(p.loss_name, piece) for piece in (y, A, H, W1, W2)}

    backward = Backward(
        dL_dy=times(2, minus(y, target)),
        dL_dW1=times(A.T, g[y]),
        dL_dA=times(g[y], W1.T),
        dL_dH=hadamard(g[A], D),
        dL_dW2=times(X.T, g[H]),
        dL_dX=times(g[H], W2.T),
    )
    return Result(
        forward=Forward(
            H=times(X, W2),
            y=times(A, W1),
            L=times(transposed(minus(y, target)), minus(y, target)),
        ),
        backward=backward,
        step=Step(
            W1=minus(W1, times(gamma, g[W1])),
            W2=minus(W2, times(gamma, g[W2])),
            # the scalar 2 of ∂L/∂y in front, as one writes it by hand
            W1_explicit=minus(W1, times(2, gamma, A.T, minus(y, target))),
            W2_explicit=minus(W2, times(2, gamma, X.T, hadamard(times(minus(y, target), W1.T), D))),
        ),
        half=HalfLoss(
            dL_dy=minus(y, target),
            W1=minus(W1, times(gamma, A.T, minus(y, target))),
            W2=minus(W2, times(gamma, X.T, hadamard(times(minus(y, target), W1.T), D))),
        ),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "forward.H": "H",
    "forward.y": "y",
    "forward.L": "L",
}
