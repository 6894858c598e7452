"""hse7.1: ∂L/∂w^l_ij of a fully connected sigmoid layer x^l_i = g(Σ_j w^l_ij x^(l-1)_j + b^l_i).

Vectors are columns here, as on the sheet: x^l = g(W^l x^(l-1) + b^l), W^l is d_out×d_in.
x̄^l_i = ∂L/∂x^l_i is what the later layers send back (the loss depends on x^l only through them).

The general formula is the sheet's question; a small numeric layer (2 outputs, 2 or 3 inputs,
small integer weights, an input and an incoming gradient x̄^l) gives every variant numbers to
grade: ∂L/∂W^l, ∂L/∂b^l and the gradient ∂L/∂x^(l-1) the layer passes back, exact (sigmoids
of integers), shown as the decimals a student computes. The sheet gives no numbers: there the
layer is our example, worked in the solution (`asked` is False).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import sympy as sp

from solutions.exact import tidy
from solutions.forms import hadamard, matrix, minus, times, transposed
from solutions.nets import sigmoid
from solutions.variety import Pool

i, j = sp.symbols("i j", integer=True, positive=True)
d_in, d_out = sp.symbols(r"d_{in} d_{out}", integer=True, positive=True)

SATURATION = 3  # the largest |s| a variant's sigmoid sees: no neuron deep in saturation


@dataclass(frozen=True)
class Params:
    """The numeric layer: W is d_out×d_in, the vectors are columns."""

    W: sp.Matrix
    b: sp.Matrix
    x_prev: sp.Matrix  # x^(l-1), the layer's input
    x_bar: sp.Matrix  # x̄^l = ∂L/∂x^l, from the later layers
    asked: bool = True  # the statement gives the layer (False: the sheet, our example)


def _column(*values) -> sp.Matrix:
    return sp.Matrix([sp.sympify(v) for v in values])


PARAMS = Params(
    W=sp.Matrix([[1, -1, 2], [2, 0, -1]]),
    b=_column(-1, 0),
    x_prev=_column(1, 3, 2),
    x_bar=_column(2, -1),
    asked=False,
)


def _draw(x, b, g, row1, row2) -> tuple | None:
    """A draft (W rows, b, x, x̄ as tuples of ints and Rationals), or None if a row or column
    of W is zero, W has more than one zero, or a neuron is saturated (|s| > SATURATION)."""
    W = (row1[: len(x)], row2[: len(x)])
    if sum(w == 0 for row in W for w in row) > 1 or not all(any(row) for row in W):
        return None
    s = [sum(w * v for w, v in zip(row, x, strict=True)) + c for row, c in zip(W, b, strict=True)]
    if any(abs(value) > SATURATION for value in s):
        return None
    return (W, b, x, g)


def _answers(draft) -> list[float]:
    """∂L/∂W, ∂L/∂b and ∂L/∂x^(l-1) in floats, entry by entry."""
    W, b, x, g = draft
    delta = []
    for row, c, up in zip(W, b, g, strict=True):
        a = 1 / (1 + math.exp(-(sum(w * v for w, v in zip(row, x, strict=True)) + c)))
        delta.append(float(up) * a * (1 - a))
    grad_W = [d * v for d in delta for v in x]
    grad_prev = [sum(W[k][col] * delta[k] for k in range(len(W))) for col in range(len(x))]
    return grad_W + delta + grad_prev


def _problem(p) -> tuple:
    """What a grader compares, up to sign and mirror: the multiset of the answers' magnitudes.
    Renaming the outputs or the inputs permutes the answers; x̄ -> -x̄ negates them all; W, b
    -> -W, -b keeps g'(s) = g'(-s) and so every answer up to sign."""
    draft = p if isinstance(p, tuple) else _draft(p)
    return tuple(sorted(round(abs(v), 6) for v in _answers(draft)))


def _draft(p: Params) -> tuple:
    W = tuple(tuple(int(w) for w in p.W.row(k)) for k in range(p.W.rows))
    return (W, tuple(p.b), tuple(p.x_prev), tuple(p.x_bar))


def _params(draft) -> Params:
    W, b, x, g = draft
    return Params(sp.Matrix(W), _column(*b), _column(*x), _column(*g))


_ENTRIES = (-2, -1, 0, 1, 2)
_HALF = sp.Rational(1, 2)
_UPSTREAM = (sp.Integer(-2), sp.Integer(-1), -_HALF, _HALF, sp.Integer(1), sp.Integer(2))


def _inputs(size: int) -> list[tuple[int, ...]]:
    """Inputs from ±1, ±2, ±3 whose entries differ in size: the columns of ∂L/∂W = δ xᵀ then
    differ even up to sign, so a forgotten factor x_j shows in the answer."""
    values = (-3, -2, -1, 1, 2, 3)
    return [x for x in itertools.product(values, repeat=size) if len({abs(v) for v in x}) == size]


# the vectors first: the pool's walk turns its first axes fastest, so they vary from one
# variant to the next (a later axis changes in long runs); the 2-input layers twice (24 inputs
# against 48), so that about half the layers have 2 inputs and half 3
_INPUTS = _inputs(2) * 2 + _inputs(3)
variant = Pool(
    {
        "x": _INPUTS,
        "b": list(itertools.product((-1, 0, 1), repeat=2)),
        "g": list(itertools.product(_UPSTREAM, repeat=2)),
        "row1": list(itertools.product(_ENTRIES, repeat=3)),
        "row2": list(itertools.product(_ENTRIES, repeat=3)),
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
)
"""Variants: 2 outputs and 2 or 3 inputs; weights from -2..2 with at most one zero and no zero
row or column; biases from -1..1; inputs from ±1, ±2, ±3, no two of the same size; x̄ from ±½,
±1, ±2. Invariants: no neuron saturated (|s_i| ≤ 3), no zero input, no zero x̄ (every answer
can be non-zero and tells a formula slip), no two inputs equal up to sign (no two columns of
∂L/∂W equal up to sign). Distinct up to sign and renaming of neurons (`_problem`)."""


@dataclass(frozen=True)
class Example:
    """The numeric layer, forward and backward."""

    s: sp.Matrix  # W x^(l-1) + b
    x: sp.Matrix  # x^l = g(s)
    local: sp.Matrix  # g'(s) = x^l ∘ (1 - x^l)
    delta: sp.Matrix  # δ^l = x̄^l ∘ g'(s)
    grad_W: sp.Matrix  # δ^l x^(l-1)ᵀ
    grad_b: sp.Matrix  # δ^l
    grad_prev: sp.Matrix  # W^lᵀ δ^l


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
    example: Example
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the gradient they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


# g'(s) as the right answer and as two typical slips take it: left out (∂x/∂s forgotten in the
# chain rule) or g(s) itself (the factor 1 - g(s) forgotten)
_LOCAL = {
    "right": lambda t: sigmoid(t) * (1 - sigmoid(t)),
    "no_sigmoid_derivative": lambda t: sp.Integer(1),
    "sigma_as_derivative": sigmoid,
}


def example(p: Params, mistake: str = "right") -> Example:
    """The numeric layer; `mistake` switches on a typical slip: a wrong g'(s) (a key of
    _LOCAL), or "forgot_input": ∂s_i/∂w_ij = x_j left out, so ∂L/∂W = δ 1ᵀ."""
    s = p.W * p.x_prev + p.b
    x = s.applyfunc(lambda t: tidy(sigmoid(t)))
    slope = _LOCAL.get(mistake, _LOCAL["right"])
    local = s.applyfunc(lambda t: tidy(slope(t)))
    delta = sp.Matrix([tidy(g * d) for g, d in zip(p.x_bar, local, strict=True)])
    inputs = sp.ones(*p.x_prev.shape) if mistake == "forgot_input" else p.x_prev
    return Example(
        s=s,
        x=x,
        local=local,
        delta=delta,
        # shown as decimals: left as the products give them (factoring them took most of solving)
        grad_W=delta * inputs.T,
        grad_b=delta,
        grad_prev=p.W.T * delta,
    )


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    """Each slip's gradients, where they differ from the right ones (forgot_input: ∂L/∂W)."""
    found = {}
    for name in ("no_sigmoid_derivative", "sigma_as_derivative", "forgot_input"):
        wrong = example(p, name)
        parts = ("grad_W",) if name == "forgot_input" else ("grad_W", "grad_b", "grad_prev")
        found[name] = {f"example.{part}": getattr(wrong, part) for part in parts}
    return found


def solve(p: Params) -> Result:
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
        example=example(p),
        mistakes=_mistakes(p),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "partial_w": r"\dfrac{\partial L}{\partial w^{l}_{ij}}",
    "partial_b": r"\dfrac{\partial L}{\partial b^{l}_{i}}",
    "example.grad_W": r"\frac{\partial L}{\partial W^{l}}",
    "example.grad_W[i,j]": r"\frac{\partial L}{\partial w^{l}_{@i@j}}",
    "example.grad_b": r"\frac{\partial L}{\partial b^{l}}",
    "example.grad_b[i]": r"\frac{\partial L}{\partial b^{l}_{@i}}",
    "example.grad_prev": r"\frac{\partial L}{\partial x^{l-1}}",
    "example.grad_prev[i]": r"\frac{\partial L}{\partial x^{l-1}_{@i}}",
}
