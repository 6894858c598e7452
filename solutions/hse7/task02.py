"""hse7.2: ∂L/∂w_mn of a convolutional layer x^l_ij = g(Σ_m Σ_n w_mn x^(l-1)_(i+m, j+n)),
a k₁×k₂ kernel over an H×W input, no bias, sigmoid g. Indices from 0, as on the sheet: output
positions i = 0..H-k₁, j = 0..W-k₂.

The general formula is the sheet's question; a small numeric layer (a 3×3, 3×4 or 4×3 input of
small integers, a 2×2 kernel, an incoming gradient x̄^l of the output's size) gives every
variant numbers to grade: the output map x^l and ∂L/∂w, by the same cross-correlation formula,
exact (sigmoids of integers) and shown as the decimals a student computes. The sheet gives no
numbers: there the layer is our example, worked in the solution (`asked` is False). The sizes
of the figure (the window of a 3×3 kernel on a 5×6 input) are the same in every variant.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import sympy as sp

from solutions.exact import tidy
from solutions.nets import sigmoid
from solutions.variety import Pool

H, W, k1, k2 = sp.symbols("H W k_1 k_2", integer=True, positive=True)
i, j, m, n = sp.symbols("i j m n", integer=True, nonnegative=True)


SATURATION = 3  # the largest |s| a variant's sigmoid sees: no neuron deep in saturation


@dataclass(frozen=True)
class Params:
    """Sizes of the figure's example and the kernel position it shows; the numeric layer."""

    height: sp.Integer
    width: sp.Integer
    kernel: tuple[sp.Integer, sp.Integer]
    position: tuple[sp.Integer, sp.Integer]
    image: sp.Matrix  # x^(l-1)
    weights: sp.Matrix  # the 2×2 kernel w^l
    x_bar: sp.Matrix  # ∂L/∂x^l, the output's size
    asked: bool = True  # the statement gives the layer (False: the sheet, our example)


_FIGURE = (
    sp.Integer(5),
    sp.Integer(6),
    (sp.Integer(3), sp.Integer(3)),
    (sp.Integer(1), sp.Integer(2)),
)
PARAMS = Params(
    *_FIGURE,
    image=sp.Matrix([[1, 0, 2], [-1, 1, 1], [2, 1, 0]]),
    weights=sp.Matrix([[1, -1], [0, 1]]),
    x_bar=sp.Matrix([[1, -2], [2, 1]]),
    asked=False,
)


def correlate(image, kernel) -> list[list]:
    """The valid cross-correlation Σ_m Σ_n kernel[m][n] image[i + m][j + n], as nested lists."""
    k1, k2 = len(kernel), len(kernel[0])
    return [
        [
            sum(kernel[m][n] * image[i + m][j + n] for m in range(k1) for n in range(k2))
            for j in range(len(image[0]) - k2 + 1)
        ]
        for i in range(len(image) - k1 + 1)
    ]


def _draw(shape, kernel, x_bar, r0, r1, r2, r3) -> tuple | None:
    """A draft (image, kernel, x̄ as nested tuples of ints), or None if the kernel has more
    than one zero, the image more than two, or a neuron is saturated (|s| > SATURATION)."""
    rows, cols = shape
    image = tuple(r[:cols] for r in (r0, r1, r2, r3)[:rows])
    K = (kernel[:2], kernel[2:])
    if sum(w == 0 for w in kernel) > 1 or sum(v == 0 for row in image for v in row) > 2:
        return None
    s = correlate(image, K)
    if any(abs(v) > SATURATION for row in s for v in row):
        return None
    out_cols = cols - 1
    g = tuple(x_bar[k * out_cols : (k + 1) * out_cols] for k in range(rows - 1))
    return (image, K, g)


def _answers(draft) -> tuple[list[float], list[float]]:
    """The output map and ∂L/∂w in floats, entry by entry."""
    image, K, g = draft
    s = correlate(image, K)
    out = [[1 / (1 + math.exp(-v)) for v in row] for row in s]
    delta = [
        [float(up) * a * (1 - a) for up, a in zip(gs, os, strict=True)]
        for gs, os in zip(g, out, strict=True)
    ]
    grad = correlate(image, delta)
    return [a for row in out for a in row], [d for row in grad for d in row]


def _problem(p) -> tuple:
    """What a grader compares, up to sign and mirror: the multisets of the output map and of
    the magnitudes of ∂L/∂w. Transposing or flipping the input, the kernel and x̄ together
    permutes both; x̄ -> -x̄ negates ∂L/∂w."""
    out, grad = _answers(p if isinstance(p, tuple) else _draft(p))
    return (tuple(sorted(round(a, 6) for a in out)), tuple(sorted(round(abs(d), 6) for d in grad)))


def _draft(p: Params) -> tuple:
    return tuple(
        tuple(tuple(int(v) for v in m.row(k)) for k in range(m.rows))
        for m in (p.image, p.weights, p.x_bar)
    )


def _params(draft) -> Params:
    image, K, g = draft
    return Params(*_FIGURE, sp.Matrix(image), sp.Matrix(K), sp.Matrix(g))


_ROWS = list(itertools.product((-1, 0, 1, 2), repeat=4))
# the shape and the kernel first: the pool's walk turns its first axes fastest, so they vary
# from one variant to the next (a later axis changes in long runs)
variant = Pool(
    {
        "shape": [(3, 3), (3, 4), (4, 3)],
        "kernel": list(itertools.product((-1, 0, 1, 2), repeat=4)),
        "x_bar": list(itertools.product((-2, -1, 1, 2), repeat=6)),
        "r0": _ROWS,
        "r1": _ROWS,
        "r2": _ROWS,
        "r3": _ROWS,
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
)
"""Variants: a 3×3, 3×4 or 4×3 input of integers from -1..2 with at most two zeros, a 2×2
kernel from -1..2 with at most one zero, x̄ from ±1, ±2. Invariants: no neuron saturated
(|s_ij| ≤ 3), no zero x̄ (every output position sends a gradient back). Distinct up to sign
and mirror (`_problem`)."""


@dataclass(frozen=True)
class Example:
    output_height: sp.Integer
    output_width: sp.Integer


@dataclass(frozen=True)
class Numbers:
    """The numeric layer, forward and backward."""

    s: sp.Matrix  # the cross-correlation of the input with the kernel
    output: sp.Matrix  # x^l = g(s)
    local: sp.Matrix  # g'(s) = x^l ∘ (1 - x^l)
    delta: sp.Matrix  # δ^l = x̄^l ∘ g'(s)
    grad_w: sp.Matrix  # ∂L/∂w: the cross-correlation of the input with δ^l


@dataclass(frozen=True)
class Result:
    pre_activation: sp.Expr  # z^l_ij
    output_rows: sp.Expr  # H - k₁ + 1
    output_cols: sp.Expr  # W - k₂ + 1
    partial_w: sp.Expr  # ∂L/∂w_mn, summed over every output position
    delta: sp.Expr  # δ_ij = ∂L/∂z_ij
    partial_w_delta: sp.Expr  # the same with δ: a cross-correlation of the input with δ
    example: Example
    numbers: Numbers
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the map they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def _flipped(m: sp.Matrix) -> sp.Matrix:
    """m turned by 180°: rows and columns in reverse order."""
    return sp.Matrix([row[::-1] for row in m.tolist()[::-1]])


def numbers(p: Params, mistake: str = "right") -> Numbers:
    """The numeric layer; `mistake` switches on a typical slip: "flipped_kernel" applies the
    kernel as a convolution does, turned by 180° (x_(i-m, j-n) read as a window), forward and
    backward; "no_sigmoid_derivative" leaves g'(s) out of δ; "limits_short" ends the sum over
    output positions one row and one column early (H - k₁ taken for the count of positions)."""
    image = p.image.tolist()
    turn = _flipped if mistake == "flipped_kernel" else (lambda m: m)
    s = sp.Matrix(correlate(image, turn(p.weights).tolist()))
    output = s.applyfunc(lambda t: tidy(sigmoid(t)))
    if mistake == "no_sigmoid_derivative":
        local = sp.ones(*s.shape)
    else:
        local = s.applyfunc(lambda t: tidy(sigmoid(t) * (1 - sigmoid(t))))
    delta = local.multiply_elementwise(p.x_bar).applyfunc(tidy)
    summed = delta[:-1, :-1] if mistake == "limits_short" else delta
    seen = [row[: len(row) - delta.cols + summed.cols] for row in image]  # the windows summed
    grad = sp.Matrix(correlate(seen[: len(seen) - delta.rows + summed.rows], summed.tolist()))
    return Numbers(s, output, local, delta, turn(grad))


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    """Each slip's numbers, where they differ from the right ones."""
    found = {}
    for name in ("limits_short", "no_sigmoid_derivative", "flipped_kernel"):
        wrong = numbers(p, name)
        found[name] = {"numbers.grad_w": wrong.grad_w}
        if name == "flipped_kernel":
            found[name]["numbers.output"] = wrong.output
    return found


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
        numbers=numbers(p),
        mistakes=_mistakes(p),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "partial_w": r"\frac{\partial L}{\partial w^{l}_{mn}}",
    # whole maps only: the page counts indices from 0, an entry's symbol would count from 1
    "numbers.output": "x^{l}",
    "numbers.grad_w": r"\frac{\partial L}{\partial w^{l}}",
}
