"""hse7.2: ∂L/∂w_mn of a convolutional layer x^l_ij = g(Σ_m Σ_n w_mn x^(l-1)_(i+m, j+n)),
a k₁×k₂ kernel over an H×W input, no bias, sigmoid g. Indices from 0, as on the sheet: output
positions i = 0..H-k₁, j = 0..W-k₂. PARAMS holds example sizes for the figure only.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

H, W, k1, k2 = sp.symbols("H W k_1 k_2", integer=True, positive=True)
i, j, m, n = sp.symbols("i j m n", integer=True, nonnegative=True)


@dataclass(frozen=True)
class Params:
    """Sizes of the example in the figure, and the kernel position it shows."""

    height: sp.Integer
    width: sp.Integer
    kernel: tuple[sp.Integer, sp.Integer]
    position: tuple[sp.Integer, sp.Integer]


PARAMS = Params(
    sp.Integer(5), sp.Integer(6), (sp.Integer(3), sp.Integer(3)), (sp.Integer(1), sp.Integer(2))
)


@dataclass(frozen=True)
class Example:
    output_height: sp.Integer
    output_width: sp.Integer


@dataclass(frozen=True)
class Result:
    pre_activation: sp.Expr  # z^l_ij
    output_rows: sp.Expr  # H - k₁ + 1
    output_cols: sp.Expr  # W - k₂ + 1
    partial_w: sp.Expr  # ∂L/∂w_mn, summed over every output position
    delta: sp.Expr  # δ_ij = ∂L/∂z_ij
    partial_w_delta: sp.Expr  # the same with δ: a cross-correlation of the input with δ
    example: Example


def solve(p: Params) -> Result:
    w, x, x_prev = sp.IndexedBase("w^{l}"), sp.IndexedBase("x^{l}"), sp.IndexedBase("x^{l-1}")
    bar, delta = sp.IndexedBase(r"\bar{x}^{l}"), sp.IndexedBase(r"\delta^{l}")
    window = x_prev[i + m, j + n]
    over_outputs = ((i, 0, H - k1), (j, 0, W - k2))
    local = sp.Mul(x[i, j], sp.Add(1, -x[i, j], evaluate=False), evaluate=False)  # g'(z_ij)
    rows = sp.Add(H, -k1, 1, evaluate=False)  # written H - k₁ + 1
    cols = sp.Add(W, -k2, 1, evaluate=False)
    at = {H: p.height, W: p.width, k1: p.kernel[0], k2: p.kernel[1]}
    return Result(
        pre_activation=sp.Sum(
            sp.Mul(w[m, n], window, evaluate=False), (m, 0, k1 - 1), (n, 0, k2 - 1)
        ),
        output_rows=rows,
        output_cols=cols,
        partial_w=sp.Sum(sp.Mul(bar[i, j], local, window, evaluate=False), *over_outputs),
        delta=sp.Mul(bar[i, j], local, evaluate=False),
        partial_w_delta=sp.Sum(sp.Mul(delta[i, j], window, evaluate=False), *over_outputs),
        example=Example(sp.sympify(rows.subs(at)), sp.sympify(cols.subs(at))),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "partial_w": r"\frac{\partial L}{\partial w^{l}_{mn}}",
}
