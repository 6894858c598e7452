"""hse7.1: ∂L/∂w^l_ij of a fully connected sigmoid layer x^l_i = g(Σ_j w^l_ij x^(l-1)_j + b^l_i).

Vectors are columns here, as on the sheet: x^l = g(W^l x^(l-1) + b^l), W^l is d_out×d_in.
x̄^l_i = ∂L/∂x^l_i is what the later layers send back (the loss depends on x^l only through them).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.forms import NO_NUMBERS, NoNumbers, hadamard, matrix, minus, times, transposed

i, j = sp.symbols("i j", integer=True, positive=True)
d_in, d_out = sp.symbols(r"d_{in} d_{out}", integer=True, positive=True)


PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Result:
    pre_activation: sp.Expr  # z^l_i
    sigmoid_derivative: sp.Expr  # g'(t) in terms of g
    partial_w: sp.Expr  # ∂L/∂w^l_ij
    partial_b: sp.Expr  # ∂L/∂b^l_i
    partial_prev: sp.Expr  # ∂L/∂x^(l-1)_j: what this layer sends back
    delta: sp.MatrixExpr  # δ^l = x̄^l ∘ x^l ∘ (1 - x^l)
    grad_W: sp.MatrixExpr
    grad_b: sp.MatrixExpr
    grad_prev: sp.MatrixExpr


def solve(_: NoNumbers) -> Result:
    w, b = sp.IndexedBase("w^{l}"), sp.IndexedBase("b^{l}")
    x, x_prev, g_up = (
        sp.IndexedBase("x^{l}"),
        sp.IndexedBase("x^{l-1}"),
        sp.IndexedBase(r"\bar{x}^{l}"),
    )
    t = sp.Symbol("t")
    g = sp.Function("g")
    local = sp.Mul(x[i], sp.Add(1, -x[i], evaluate=False), evaluate=False)  # g'(z_i)
    X, X_prev, G = matrix("x^{l}", d_out), matrix("x^{l-1}", d_in), matrix(r"\bar{x}^{l}", d_out)
    W = matrix("W^{l}", d_out, d_in)
    delta = hadamard(hadamard(G, X), minus(sp.OneMatrix(d_out, 1), X))
    D = matrix(r"\delta^{l}", d_out)
    return Result(
        pre_activation=sp.Add(
            sp.Sum(sp.Mul(w[i, j], x_prev[j], evaluate=False), (j, 1, d_in)), b[i], evaluate=False
        ),
        sigmoid_derivative=sp.Mul(g(t), sp.Add(1, -g(t), evaluate=False), evaluate=False),
        partial_w=sp.Mul(g_up[i], local, x_prev[j], evaluate=False),
        partial_b=sp.Mul(g_up[i], local, evaluate=False),
        partial_prev=sp.Sum(sp.Mul(g_up[i], local, w[i, j], evaluate=False), (i, 1, d_out)),
        delta=delta,
        grad_W=times(D, transposed(X_prev)),
        grad_b=D,
        grad_prev=times(W.T, D),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "partial_w": r"\dfrac{\partial L}{\partial w^{l}_{ij}}",
    "partial_b": r"\dfrac{\partial L}{\partial b^{l}_{i}}",
}
