"""ranepa3.2: the 2-2-2-1 network of figure 1 (no biases, f on every neuron, the output too),
L = 1/2 (y - ŷ)², as formulas: the composite function, its matrix form, the gradients
element-wise and in matrix form, and the δ recursion of backprop.

w^k_ij goes from neuron i of the previous layer to neuron j of layer k, so a layer is a row
times a matrix: z^k = a^(k-1) W_k, a^k = f(z^k), a^0 = x, ŷ = a^3 (seeds README).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from solutions.forms import hadamard, matrix, minus, times
from solutions.nets import NetworkSpec

WIDTHS = (2, 2, 2, 1)
f, f_prime = sp.Function("f"), sp.Function("f'")


@dataclass(frozen=True)
class Params:
    widths: tuple[int, ...] = WIDTHS


PARAMS = Params()


def weight_name(k: int, i: int, j: int, widths=WIDTHS) -> str:
    """w^k_ij as the figure writes it; the single output neuron drops its index (w^3_i)."""
    return f"w^{{{k}}}_{{{i}{j}}}" if widths[k] > 1 else f"w^{{{k}}}_{{{i}}}"


def neuron_name(letter: str, k: int, j: int, widths=WIDTHS) -> str:
    return f"{letter}^{{{k}}}_{{{j}}}" if widths[k] > 1 else f"{letter}^{{{k}}}"


@dataclass(frozen=True)
class Partial:
    weight: str  # LaTeX name of the weight
    formula: sp.Expr  # ∂L/∂weight


@dataclass(frozen=True)
class Composite:
    layer1: tuple[sp.Expr, ...]  # z^1_j in x and w^1
    layer2: tuple[sp.Expr, ...]  # z^2_j in f(z^1) and w^2
    output: sp.Expr  # ŷ in f(z^2) and w^3
    full_terms: tuple[sp.Expr, ...]  # ŷ = f(sum of these): the outer terms, fully substituted


@dataclass(frozen=True)
class MatrixForm:
    yhat: sp.MatrixExpr  # f(f(f(x W1) W2) W3)
    z: tuple[sp.MatrixExpr, ...]  # z^1 = x W1, z^2 = a^1 W2, z^3 = a^2 W3


@dataclass(frozen=True)
class Backprop:
    delta: tuple[sp.MatrixExpr, ...]  # δ^3, δ^2, δ^1: each from the one before
    grads: tuple[sp.MatrixExpr, ...]  # ∂L/∂W_3, ∂L/∂W_2, ∂L/∂W_1 from δ


@dataclass(frozen=True)
class Result:
    composite: Composite
    matrix_form: MatrixForm
    elementwise: tuple[Partial, ...]  # all ten ∂L/∂w, layer 3 first
    matrix_gradients: tuple[sp.MatrixExpr, ...]  # ∂L/∂W_3, ∂L/∂W_2, ∂L/∂W_1 written out
    backprop: Backprop
    figure: NetworkSpec
    weight_names: tuple  # per layer, the grid of w^k_ij for the figure's edges


def mul(*factors):
    return sp.Mul(*factors, evaluate=False)


def _composite(x, w) -> Composite:
    layer1 = tuple(sp.Add(*(w[1][i][j] * x[i] for i in range(2))) for j in range(2))
    z1 = [sp.Symbol(neuron_name("z", 1, j + 1)) for j in range(2)]
    layer2 = tuple(sp.Add(*(w[2][i][j] * f(z1[i]) for i in range(2))) for j in range(2))
    z2 = [sp.Symbol(neuron_name("z", 2, j + 1)) for j in range(2)]
    output = f(sp.Add(*(w[3][i][0] * f(z2[i]) for i in range(2))))
    inner = {z1[j]: layer1[j] for j in range(2)}
    terms = tuple(w[3][i][0] * f(layer2[i].xreplace(inner)) for i in range(2))
    return Composite(layer1, layer2, output, terms)


def _elementwise(x, w) -> tuple[Partial, ...]:
    yhat, y = sp.Symbol(r"\hat{y}"), sp.Symbol("y")
    z = {(k, j): sp.Symbol(neuron_name("z", k, j)) for k in (1, 2, 3) for j in (1, 2)}
    a = {(k, j): sp.Symbol(neuron_name("a", k, j)) for k in (1, 2) for j in (1, 2)}
    error = sp.Add(yhat, -y, evaluate=False)
    top = (error, f_prime(z[3, 1]))
    out = [Partial(weight_name(3, i, 1), mul(*top, a[2, i])) for i in (1, 2)]
    out += [
        Partial(weight_name(2, i, j), mul(*top, w[3][j - 1][0], f_prime(z[2, j]), a[1, i]))
        for i in (1, 2)
        for j in (1, 2)
    ]
    for i in (1, 2):
        for j in (1, 2):
            through = sp.Add(
                *(mul(w[3][k - 1][0], f_prime(z[2, k]), w[2][j - 1][k - 1]) for k in (1, 2)),
                evaluate=False,
            )
            out.append(
                Partial(weight_name(1, i, j), mul(*top, through, f_prime(z[1, j]), x[i - 1]))
            )
    return tuple(out)


def solve(p: Params) -> Result:
    x = [sp.Symbol(f"x_{{{i}}}") for i in (1, 2)]
    w = {
        k: [
            [sp.Symbol(weight_name(k, i, j, p.widths)) for j in range(1, p.widths[k] + 1)]
            for i in range(1, p.widths[k - 1] + 1)
        ]
        for k in (1, 2, 3)
    }

    X, yhat, y = matrix("x", 1, 2), matrix(r"\hat{y}", 1, 1), matrix("y", 1, 1)
    W = {k: matrix(f"W_{k}", p.widths[k - 1], p.widths[k]) for k in (1, 2, 3)}
    a = {0: X} | {k: matrix(f"a^{{{k}}}", 1, p.widths[k]) for k in (1, 2)}
    fz = {k: matrix(f"f'(z^{{{k}}})", 1, p.widths[k]) for k in (1, 2, 3)}  # f' element-wise
    delta = {k: matrix(f"\\delta^{{{k}}}", 1, p.widths[k]) for k in (1, 2, 3)}
    t = sp.Dummy("t")
    elementwise_f = lambda m: ElementwiseApplyFunction(sp.Lambda(t, f(t)), m)

    error = minus(yhat, y)
    deltas = (
        hadamard(error, fz[3]),
        hadamard(times(delta[3], W[3].T), fz[2]),
        hadamard(times(delta[2], W[2].T), fz[1]),
    )
    written_out = [hadamard(error, fz[3])]
    for k in (2, 1):
        written_out.append(hadamard(times(written_out[-1], W[k + 1].T), fz[k]))
    return Result(
        composite=_composite(x, w),
        matrix_form=MatrixForm(
            yhat=elementwise_f(
                times(elementwise_f(times(elementwise_f(times(X, W[1])), W[2])), W[3])
            ),
            z=(times(X, W[1]), times(a[1], W[2]), times(a[2], W[3])),
        ),
        elementwise=_elementwise(x, w),
        matrix_gradients=tuple(times(a[k - 1].T, written_out[3 - k]) for k in (3, 2, 1)),
        backprop=Backprop(deltas, tuple(times(a[k - 1].T, delta[k]) for k in (3, 2, 1))),
        figure=NetworkSpec(
            (("x_1", "x_2"), ("a^1_1", "a^1_2"), ("a^2_1", "a^2_2"), (r"\hat y",)),
            ("input", "f", "f", "f"),
        ),
        weight_names=tuple(tuple(tuple(str(s) for s in row) for row in w[k]) for k in (1, 2, 3)),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "matrix_form.yhat": r"\hat y",
}
