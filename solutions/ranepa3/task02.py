"""ranepa3.2: the 2-2-2-1 network of figure 1 (no biases, f on every neuron, the output too),
L = 1/2 (y - ŷ)², as formulas: the composite function, its matrix form, the gradients
element-wise and in matrix form, and the δ recursion of backprop.

w^k_ij goes from neuron i of the previous layer to neuron j of layer k, so a layer is a row
times a matrix: z^k = a^(k-1) W_k, a^k = f(z^k), a^0 = x, ŷ = a^3 (seeds README).

Item 4 also runs the algorithm on numbers: f = ReLU or the sigmoid, an input x, a target y
and the three weight matrices. The sheet gives none: its booklet runs an example of ours
(PARAMS, said so on the page); a variant states its numbers in item 4 and the key grades ŷ,
L and the three gradients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from solutions.forms import hadamard, matrix, minus, times
from solutions.nets import NetworkSpec
from solutions.variety import Pool

WIDTHS = (2, 2, 2, 1)
f, f_prime = sp.Function("f"), sp.Function("f'")


@dataclass(frozen=True)
class Params:
    relu: bool  # f of the numbers: ReLU, else the sigmoid e^t / (1 + e^t)
    x: sp.ImmutableMatrix  # the input (a row)
    y: sp.Integer  # the target
    W1: sp.ImmutableMatrix  # 2×2
    W2: sp.ImmutableMatrix  # 2×2
    W3: sp.ImmutableMatrix  # 2×1
    widths: tuple[int, ...] = WIDTHS


M = sp.ImmutableMatrix
PARAMS = Params(  # the sheet gives no numbers: our example, every neuron active
    relu=True,
    x=M([[1, 2]]),
    y=sp.Integer(2),
    W1=M([[1, 2], [1, 1]]),
    W2=M([[-1, 1], [2, 1]]),
    W3=M([[2], [-1]]),
)


def weight_name(k: int, i: int, j: int, widths=WIDTHS) -> str:
    """w^k_ij as the figure writes it; the single output neuron drops its index (w^3_i)."""
    return f"w^{{{k}}}_{{{i}{j}}}" if widths[k] > 1 else f"w^{{{k}}}_{{{i}}}"


def neuron_name(letter: str, k: int, j: int, widths=WIDTHS) -> str:
    return f"{letter}^{{{k}}}_{{{j}}}" if widths[k] > 1 else f"{letter}^{{{k}}}"


# --- the numbers of item 4 ---------------------------------------------------------------

LIMIT = 60  # the largest |number| a ReLU variant shows: hand arithmetic
SATURATION = 4  # the largest |z| a sigmoid variant feeds σ: beyond it σ' is under 2 %
SMALL = 1e-3  # the least |number| a sigmoid variant shows: σ' ≤ 1/4 per layer shrinks δ¹
DIGITS = 30  # of a sigmoid variant's numbers: exact forms of σ(σ(σ(·))) only slow it down
SITUATIONS = ("sigmoid", "ReLU, every neuron active", "ReLU, a hidden neuron off")


def _float_pass(relu: bool, x, y, W1, W2, W3) -> tuple[list, list]:
    """(every z, the graded answers ŷ, L, δ³, δ², δ¹ and the gradients) in floats, for the
    pool's checks: the exact pass of a million draws would take hours."""
    f = (lambda t: max(t, 0.0)) if relu else (lambda t: 1 / (1 + math.exp(-t)))
    df = (lambda t: float(t > 0)) if relu else (lambda t: f(t) * (1 - f(t)))
    layer = lambda a, W: [sum(a[i] * W[i][j] for i in range(len(a))) for j in range(len(W[0]))]
    z1 = layer(x, W1)
    z2 = layer([f(t) for t in z1], W2)
    z3 = layer([f(t) for t in z2], W3)
    yhat = f(z3[0])
    d3 = [(yhat - y) * df(z3[0])]
    back = lambda d, W: [sum(d[j] * W[i][j] for j in range(len(d))) for i in range(len(W))]
    d2 = [b * df(t) for b, t in zip(back(d3, W3), z2, strict=True)]
    d1 = [b * df(t) for b, t in zip(back(d2, W2), z1, strict=True)]
    outer = lambda a, d: [ai * dj for ai in a for dj in d]
    grads = outer([f(t) for t in z2], d3) + outer([f(t) for t in z1], d2) + outer(x, d1)
    return z1 + z2 + z3, [yhat, (y - yhat) ** 2 / 2, *d3, *d2, *d1, *grads]


def _draw(relu, x1, x2, y, w11, w12, w21, w22, v11, v12, v21, v22, u1, u2) -> tuple | None:
    """A draft (plain tuples) whose numbers read: no z is 0 (ReLU has no derivative there),
    the two neurons of a hidden layer get different inputs, ŷ ≠ y, and no δ is 0 but where
    a neuron is off; under ReLU the output neuron is on, at most one hidden neuron is off and
    no number exceeds LIMIT; under the sigmoid y is a class, no |z| exceeds SATURATION and
    no number is below SMALL (a gradient of 10⁻⁶ reads as 0 and cannot be graded)."""
    draft = (relu, (x1, x2), y, ((w11, w12), (w21, w22)), ((v11, v12), (v21, v22)), ((u1,), (u2,)))
    zs, answers = _float_pass(*draft)
    if 0 in zs or answers[0] == y or zs[0] == zs[1] or zs[2] == zs[3]:
        return None  # (two neurons of a layer with one input would be one neuron twice)
    deltas = answers[5:7] + answers[3:5] + answers[2:3]  # δ¹, δ², δ³: in the order of zs
    if any(abs(d) < 1e-12 for d, z in zip(deltas, zs, strict=True) if z > 0 or not relu):
        return None  # a δ cancelled out by chance would pass for a neuron that is off
    if relu:
        if zs[-1] < 0 or sum(z < 0 for z in zs[:4]) > 1:
            return None
        if max(map(abs, zs + answers)) > LIMIT:
            return None
    elif y > 1 or max(map(abs, zs)) > SATURATION or min(map(abs, zs + answers)) < SMALL:
        return None
    return draft


def _params(draft: tuple) -> Params:
    relu, x, y, W1, W2, W3 = draft
    return Params(relu, M([x]), sp.Integer(y), M(W1), M(W2), M(W3))


def _floats(p: Params | tuple) -> tuple:
    """A draft or Params as _float_pass takes it."""
    if isinstance(p, Params):
        p = (p.relu, list(p.x), p.y, p.W1.tolist(), p.W2.tolist(), p.W3.tolist())
    relu, x, y, *weights = p
    matrix_of = lambda W: [[float(v) for v in row] for row in W]
    return relu, [float(v) for v in x], float(y), *map(matrix_of, weights)


def _problem(p: Params | tuple) -> tuple:
    """What a grader compares, blind to renaming the inputs or the neurons of a layer (the same
    network drawn otherwise): the activation and the sizes of the graded numbers as a set."""
    answers = _float_pass(*_floats(p))[1]
    return _floats(p)[0], tuple(sorted(round(abs(v), 6) for v in answers))


def _situation(p: Params | tuple) -> str:
    if not _floats(p)[0]:
        return SITUATIONS[0]
    zs = _float_pass(*_floats(p))[0]
    return SITUATIONS[2] if min(zs[:4]) < 0 else SITUATIONS[1]


_W = [-2, -1, 1, 2]
variant = Pool(
    {"relu": [True, False], "x1": [1, 2, -1], "x2": [1, 2, -1], "y": [0, 1, 2]}
    | dict.fromkeys(("w11", "w12", "w21", "w22", "v11", "v12", "v21", "v22"), _W)
    | {"u1": _W, "u2": _W},
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
    situations=SITUATIONS,
    situation=_situation,
)
"""Variants: f = ReLU or σ, x from {1, 2, -1}², y ∈ {0, 1, 2} (a class 0 or 1 under σ),
weights from {±1, ±2}. Situations: the sigmoid (decimals, f' = f(1 - f)); ReLU with every
neuron active (the pass is linear there); ReLU with one hidden neuron off (its δ is 0 and
its weights do not learn). Invariants (`_draw`, and the oracle's): no z is 0, ŷ ≠ y, the
output neuron is on, no saturated sigmoid, ReLU's numbers within ±60, every shown number 0
or at least 10⁻³ in size. Renaming inputs or hidden neurons gives the same problem. Seed 0
is the sheet's example."""


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
class Numbers:
    """Item 4's algorithm on the numbers: rows, as the formulas have them."""

    z1: sp.Matrix  # x W1
    a1: sp.Matrix  # f(z1)
    z2: sp.Matrix  # a1 W2
    a2: sp.Matrix
    z3: sp.Basic  # a2 W3
    yhat: sp.Basic  # f(z3)
    loss: sp.Basic  # ½ (y - ŷ)²
    error: sp.Basic  # ŷ - y
    fprime3: sp.Basic  # f'(z3)
    delta3: sp.Basic  # (ŷ - y) f'(z3)
    back2: sp.Matrix  # δ³ W3ᵀ
    fprime2: sp.Matrix
    delta2: sp.Matrix  # back2 ∘ f'(z2)
    back1: sp.Matrix  # δ² W2ᵀ
    fprime1: sp.Matrix
    delta1: sp.Matrix
    grad_W3: sp.Matrix  # a2ᵀ δ³
    grad_W2: sp.Matrix  # a1ᵀ δ²
    grad_W1: sp.Matrix  # xᵀ δ¹
    stated: bool  # the statement gives the numbers (a variant); the sheet's booklet: example
    off: bool  # a hidden ReLU neuron is off
    off_layer: int  # its layer and number (1-based), when off
    off_neuron: int
    next_layer: int  # the layer its output feeds


def _numbers(
    p: Params, *, error_sign: int = 1, w_transposed: bool = True, outer_transposed: bool = False
) -> Numbers:
    """Item 4's pass; a student's variations: `error_sign=-1` differentiates ½(y - ŷ)² as
    y - ŷ, `w_transposed=False` sends δ² back through W₂ instead of W₂ᵀ,
    `outer_transposed=True` takes each gradient as δᵀa instead of aᵀδ."""
    if p.relu:
        f = lambda t: t if t > 0 else sp.Integer(0)
        df = lambda t: sp.Integer(1 if t > 0 else 0)
    else:  # three nested sigmoids: decimals (30 digits), as a student computes them
        f = lambda t: 1 / (1 + sp.exp(-sp.Float(t, DIGITS)))
        df = lambda t: f(t) * (1 - f(t))
    x = sp.Matrix(p.x)
    z1 = x * p.W1
    a1 = z1.applyfunc(f)
    z2 = a1 * p.W2
    a2 = z2.applyfunc(f)
    z3 = (a2 * p.W3)[0]
    yhat = f(z3)
    fprime = [z.applyfunc(df) for z in (z1, z2)] + [df(z3)]
    delta3 = error_sign * (yhat - p.y) * fprime[2]
    back2 = delta3 * p.W3.T
    delta2 = back2.multiply_elementwise(fprime[1])
    back1 = delta2 * (p.W2.T if w_transposed else p.W2)
    delta1 = back1.multiply_elementwise(fprime[0])
    off = [(k, j) for k, z in ((1, z1), (2, z2)) for j in (0, 1) if p.relu and z[j] < 0]
    layer, neuron = off[0] if off else (0, -1)
    pairs = ((a2, sp.Matrix([[delta3]])), (a1, delta2), (x, delta1))
    grads = [d.T * a if outer_transposed else a.T * d for a, d in pairs]
    return Numbers(
        z1, a1, z2, a2, z3, yhat, (p.y - yhat) ** 2 / 2, yhat - p.y, fprime[2], delta3,
        back2, fprime[1], delta2, back1, fprime[0], delta1,
        *grads,
        p != PARAMS, bool(off), layer, neuron + 1, layer + 1,
    )  # fmt: skip


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    def gradients(numbers: Numbers, *names: str) -> dict[str, sp.Matrix]:
        return {f"numbers.{name}": getattr(numbers, name) for name in names}

    everything = ("grad_W3", "grad_W2", "grad_W1")
    return {
        "error_sign": gradients(_numbers(p, error_sign=-1), *everything),
        "w_not_transposed": gradients(_numbers(p, w_transposed=False), "grad_W1"),
        # ∂L/∂W₃ transposed is a row of the same numbers: told apart only by its shape
        "gradient_transposed": gradients(_numbers(p, outer_transposed=True), *everything[1:]),
    }


@dataclass(frozen=True)
class Result:
    numbers: Numbers
    composite: Composite
    matrix_form: MatrixForm
    elementwise: tuple[Partial, ...]  # all ten ∂L/∂w, layer 3 first
    matrix_gradients: tuple[sp.MatrixExpr, ...]  # ∂L/∂W_3, ∂L/∂W_2, ∂L/∂W_1 written out
    backprop: Backprop
    figure: NetworkSpec
    weight_names: tuple  # per layer, the grid of w^k_ij for the figure's edges
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


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
    # the output layer is one neuron: (ŷ - y) f'(z³) is a product of numbers, written plain
    output_delta = times(error, fz[3])
    deltas = (
        output_delta,
        hadamard(times(delta[3], W[3].T), fz[2]),
        hadamard(times(delta[2], W[2].T), fz[1]),
    )
    written_out = [output_delta]
    for k in (2, 1):
        written_out.append(hadamard(times(written_out[-1], W[k + 1].T), fz[k]))
    return Result(
        numbers=_numbers(p),
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
        mistakes=_mistakes(p),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "matrix_form.yhat": r"\hat y",
    "numbers.yhat": r"\hat y",
    "numbers.loss": "L",
    "numbers.grad_W1": r"\dfrac{\partial L}{\partial W_1}",
    "numbers.grad_W2": r"\dfrac{\partial L}{\partial W_2}",
    "numbers.grad_W3": r"\dfrac{\partial L}{\partial W_3}",
}
