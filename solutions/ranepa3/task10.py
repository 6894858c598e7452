"""ranepa3.10: regularised logistic loss Q(w) = Σ ln(1 + exp(-yᵢxᵢᵀw)) + λwᵀw, yᵢ = ±1.

One term is derived by differentials; the sum is then written with the matrix X whose rows
are xᵢᵀ (n×k) and the column y of labels, σ(t) = 1/(1 + e^(-t)) applied element-wise.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.differentials import Item, derivation
from solutions.forms import (
    NO_NUMBERS,
    NoNumbers,
    elementwise,
    hadamard,
    matrix,
    plus,
    scalar,
    times,
    transposed,
)

n, k = sp.symbols("n k", integer=True, positive=True)
sigma = sp.Function(r"\sigma")
t = sp.Dummy("t")


PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Result:
    term: Item  # one observation's loss, by differentials
    penalty_differential: sp.Expr  # d(λwᵀw)
    differential: sp.Expr  # dQ for the whole sum, matrix form
    gradient: sp.MatrixExpr  # ∇Q, a k×1 column


def solve(_: NoNumbers) -> Result:
    x, w, dw = matrix("x_i", k), matrix("w", k), matrix("dw", k)
    y_i = sp.Symbol("y_i")
    X, y = matrix("X", n, k), matrix("y", n)
    lam = sp.Symbol(r"\lambda", positive=True)
    margin = -y_i * scalar(times(x.T, w))  # -yᵢ xᵢᵀ w, a number
    term = derivation(
        "",
        sp.log(1 + sp.exp(margin)),
        "w",
        "gradient",
        times(-y_i, sigma(margin), x),
        ("chain", times(sp.exp(margin) / (1 + sp.exp(margin)), -y_i, x.T, dw)),
        ("sigmoid", times(-y_i, sigma(margin), x.T, dw)),
    )
    weights = hadamard(y, elementwise(sigma(t), t, hadamard(times(-1, y), times(X, w))))
    return Result(
        term=term,
        penalty_differential=times(2, lam, w.T, dw),
        differential=plus(times(-1, transposed(weights), X, dw), times(2, lam, w.T, dw)),
        gradient=plus(times(-1, X.T, weights), times(2, lam, w)),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "differential": "dQ",
    "gradient": r"\nabla Q",
}
