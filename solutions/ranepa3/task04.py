"""ranepa3.4: y = f(X·W2)·W1 with f = ReLU and L = (y - ŷ)², backprop in matrix form.

The sheet gives no sizes and calls the network's output y and the target ŷ. We take X as
n×d (one observation per row), W2 as d×h, W1 as h×1, and L = (y - ŷ)ᵀ(y - ŷ), the sum of
squared errors (one observation: n = 1). Intermediates get names (H = XW2, A = f(H),
D = f'(H)) so each formula shows one step of the accumulation.

The formulas are then run on a batch of two observations (n = d = h = 2), so that the outputs,
the gradients and the step are numbers to grade and the accumulation over observations is
seen: a variant's statement gives the numbers, the sheet gives none and the page works our
example. The situations are which hidden units ReLU switches off on which observation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from solutions.forms import gradient, hadamard, matrix, minus, times, transposed
from solutions.variety import Pool

n, d, h = sp.symbols("n d h", integer=True, positive=True)


# --- a numeric batch: the algorithm on numbers ---------------------------------------------

R = sp.Rational
LIMIT = 40  # the largest |number| of the pass: hand arithmetic
# the teaching situations, by which hidden units ReLU switches off on which observation
SITUATIONS = (
    "every unit active",  # D is all ones: the pass is linear on this batch
    "one unit off on one observation",  # its column of dL/dW2 comes from the other one only
    "each observation its own unit",  # every unit learns from exactly one observation
    "a unit off on the whole batch",  # a dead unit: neither its W2 column nor W1 entry learns
)


@dataclass(frozen=True)
class Params:
    """The numbers: a batch of two observations (rows of X), two inputs, two hidden units."""

    X: sp.Matrix  # n×d = 2×2
    W2: sp.Matrix  # d×h = 2×2
    W1: sp.Matrix  # h×1 = 2×1
    target: sp.Matrix  # ŷ (the sheet's name for the right answers), n×1
    gamma: sp.Rational
    asked: bool = True  # the statement gives the numbers (False: the sheet, our example)


def _pass(X, W2, W1, target, gamma) -> dict:
    """The whole numeric pass in Fractions (cheap enough for the pool's walk): rows as lists."""
    rows, cols = range(len(X)), range(len(W1))
    dot = lambda u, v: sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))
    column = lambda W, j: [W[k][j] for k in range(len(W))]
    H = [[dot(X[i], column(W2, j)) for j in cols] for i in rows]
    A = [[max(v, Fraction(0)) for v in row] for row in H]
    y = [dot(A[i], W1) for i in rows]
    dy = [2 * (y[i] - target[i]) for i in rows]
    dH = [[dy[i] * W1[j] if H[i][j] > 0 else Fraction(0) for j in cols] for i in rows]
    dW1 = [dot(column(A, j), dy) for j in cols]
    dW2 = [[dot(column(X, k), column(dH, j)) for j in cols] for k in range(len(W2))]
    W1_after = [W1[j] - gamma * dW1[j] for j in cols]
    W2_after = [[W2[k][j] - gamma * dW2[k][j] for j in cols] for k in range(len(W2))]
    loss = lambda W2, W1: sum(
        (dot([max(dot(X[i], column(W2, j)), Fraction(0)) for j in cols], W1) - target[i]) ** 2
        for i in rows
    )
    return {
        "H": H, "y": y, "dy": dy, "dW1": dW1, "dW2": dW2, "W1_after": W1_after,
        "W2_after": W2_after, "loss": loss(W2, W1), "loss_after": loss(W2_after, W1_after),
    }  # fmt: skip


def _situation_of(H) -> str | None:
    """The situation of ReLU's inputs H, or None for a pattern the page tells no story of."""
    off = [(i, j) for i in range(2) for j in range(2) if H[i][j] < 0]
    if not off:
        return SITUATIONS[0]
    if len(off) == 1:
        return SITUATIONS[1]
    if len(off) == 2 and off[0][0] != off[1][0]:  # two observations...
        return SITUATIONS[2] if off[0][1] != off[1][1] else SITUATIONS[3]  # ...two units or one
    return None  # an observation with every unit off (its y is 0 whatever W1), or more


def _admissible(draft) -> bool:
    """The invariants: no ReLU input is 0 (ReLU has no derivative there); the pattern of
    active units is one of the situations; the observations and the hidden units are not
    tied (det X ≠ 0, det W2 ≠ 0); every observation's error is non-zero (each adds to the
    sums); numbers of hand size; the step lowers the loss."""
    X, W2, W1, target, gamma = draft
    det = lambda M: M[0][0] * M[1][1] - M[0][1] * M[1][0]
    if det(X) == 0 or det(W2) == 0:
        return False
    numbers = _pass(X, W2, W1, target, gamma)
    H = numbers["H"]
    if any(v == 0 for row in H for v in row) or _situation_of(H) is None:
        return False
    if any(d == 0 for d in numbers["dy"]):
        return False
    flat = [v for row in H for v in row] + numbers["y"] + numbers["dW1"]
    flat += [v for row in numbers["dW2"] for v in row]
    if max(abs(v) for v in flat) > LIMIT:
        return False
    return numbers["loss_after"] < numbers["loss"]


def _draft(p: Params | tuple) -> tuple:
    """(X, W2, W1, ŷ, γ) as lists of Fractions, from a draft or from Params."""
    if isinstance(p, Params):
        rows = lambda M: [[Fraction(str(v)) for v in M.row(i)] for i in range(M.rows)]
        return (
            rows(p.X), rows(p.W2), [Fraction(str(v)) for v in p.W1],
            [Fraction(str(v)) for v in p.target], Fraction(str(p.gamma)),
        )  # fmt: skip
    return p


def _draw(x1, x2, c1, c2, w1, t, gamma) -> tuple | None:
    """x1, x2: the rows of X; c1, c2: the columns of W2; w1: W1; t: ŷ."""
    F = lambda values: [Fraction(v) for v in values]
    W2 = [[Fraction(c1[k]), Fraction(c2[k])] for k in range(2)]
    draft = ([F(x1), F(x2)], W2, F(w1), F(t), Fraction(str(gamma)))
    return draft if _admissible(draft) else None


def _problem(p: Params | tuple) -> tuple:
    """What a grader compares, blind to renaming the observations, the inputs or the hidden
    units and to the signs that give the same answers up to sign (an input's column of X with
    its row of W2; W1 with ŷ): the graded numbers' sizes as a multiset."""
    n = _pass(*_draft(p))
    graded = n["y"] + n["dW1"] + n["W1_after"] + [n["loss"]]
    graded += [v for row in n["dW2"] + n["W2_after"] for v in row]
    return tuple(sorted(abs(v) for v in graded))


def situation(p: Params | tuple) -> str:
    return _situation_of(_pass(*_draft(p))["H"])


def _params(draft: tuple) -> Params:
    X, W2, W1, target, gamma = draft
    exact = lambda v: sp.Rational(v.numerator, v.denominator)
    M = lambda rows: sp.Matrix([[exact(v) for v in row] for row in rows])
    return Params(M(X), M(W2), M([[v] for v in W1]), M([[v] for v in target]), exact(gamma))


# the sheet gives no numbers: our example, a batch where one unit is off on one observation
PARAMS = Params(
    X=sp.Matrix([[1, 2], [2, -1]]),
    W2=sp.Matrix([[1, -1], [1, 1]]),
    W1=sp.Matrix([[1], [2]]),
    target=sp.Matrix([[4], [2]]),
    gamma=R(1, 50),
    asked=False,
)

_ROWS = [(a, b) for a in (-2, -1, 1, 2) for b in (-2, -1, 0, 1, 2) if (a, b) != (0, 0)]
variant = Pool(
    {
        "x1": _ROWS,
        "c1": _ROWS,
        "x2": _ROWS,
        "c2": _ROWS,
        "w1": [(a, b) for a in (-2, -1, 1, 2) for b in (-2, -1, 1, 2)],
        "t": [(a, b) for a in range(-2, 4) for b in range(-2, 4)],
        "gamma": [R(1, 10), R(1, 20), R(1, 50), R(1, 100)],
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
    situations=SITUATIONS,
    situation=situation,
)
"""Variants: a batch of two observations with two inputs, two hidden units; X and W2 from
small integers (rows of X and columns of W2 from {±1, ±2} × {0, ±1, ±2}), W1 from {±1, ±2},
ŷ from -2..3, γ ∈ {1/10, 1/20, 1/50, 1/100}. Situations in turn: every unit active, one unit
off on one observation, each observation its own unit, a unit off on the whole batch.
Invariants (`_admissible`, and the oracle's): no ReLU input 0, every error non-zero,
det X ≠ 0, det W2 ≠ 0, numbers within ±40, the step lowers L. Seed 0 is the sheet's example."""


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
class Numbers:
    """The pass on the batch, exact: each value the shape of its formula's."""

    H: sp.Matrix  # X W2
    D: sp.Matrix  # [H > 0]
    A: sp.Matrix  # max(0; H)
    y: sp.Matrix  # A W1
    loss: sp.Rational  # Σ (y_i - ŷ_i)²
    dL_dy: sp.Matrix  # 2(y - ŷ)
    dL_dW1: sp.Matrix  # Aᵀ ∂L/∂y
    dL_dA: sp.Matrix  # ∂L/∂y W1ᵀ
    dL_dH: sp.Matrix  # ∂L/∂A ∘ D
    parts: tuple[sp.Matrix, ...]  # x_iᵀ (∂L/∂H)_i: each observation's share of ∂L/∂W2
    dL_dW2: sp.Matrix  # Xᵀ ∂L/∂H, their sum
    W1_after: sp.Matrix  # W1 - γ ∂L/∂W1
    W2_after: sp.Matrix
    loss_after: sp.Rational  # L at the new weights
    short_after: bool  # loss_after is a decimal of at most three places (else shown ≈)
    improved: bool  # the step lowered L
    all_active: bool  # the situations (solutions.ranepa3.task04.SITUATIONS)
    one_off: bool
    split: bool
    dead: bool
    off_row: sp.Integer  # one_off: the observation (1-based) where the unit is off
    other_row: sp.Integer  # one_off: the other observation
    off_unit: sp.Integer  # one_off, dead: the unit that is off
    silent_after: bool  # after the step no unit is active on any observation: output 0, no learning


@dataclass(frozen=True)
class Result:
    forward: Forward
    backward: Backward
    step: Step
    half: HalfLoss
    numbers: Numbers
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    def picked(numbers: Numbers, *names: str) -> dict[str, sp.Matrix]:
        return {f"numbers.{name}": getattr(numbers, name) for name in names}

    return {
        "two_lost": picked(numbers(p, factor=1), "dL_dW1", "dL_dW2"),
        "mask_forgotten": picked(numbers(p, masked=False), "dL_dW2"),
        "w2_grad_transposed": picked(numbers(p, transposed=True), "dL_dW2"),
        "step_sign": picked(numbers(p, step=1), "W1_after", "W2_after"),
    }


def _short(value: sp.Rational) -> bool:
    """A decimal of at most three places, as the page writes a rational (else a fraction)."""
    return bool((value * 1000).is_integer)


def numbers(
    p: Params, *, factor: int = 2, masked: bool = True, transposed: bool = False, step: int = -1
) -> Numbers:
    """The pass on the batch; a student's variations: `factor=1` loses the 2 of the square in
    ∂L/∂y, `masked=False` forgets ∘ D (ReLU's derivative), `transposed=True` takes ∂L/∂W₂ as
    (∂L/∂H)ᵀ X, `step=1` steps along the gradient (W + γ∇)."""
    H = p.X * p.W2
    D = H.applyfunc(lambda v: sp.Integer(1 if v > 0 else 0))
    A = H.applyfunc(lambda v: max(v, sp.Integer(0)))
    y = A * p.W1
    errors = y - p.target
    dL_dy = factor * errors
    dL_dA = dL_dy * p.W1.T
    dL_dH = dL_dA.multiply_elementwise(D) if masked else dL_dA
    parts = tuple(p.X.row(i).T * dL_dH.row(i) for i in range(p.X.rows))
    dL_dW1, dL_dW2 = A.T * dL_dy, dL_dH.T * p.X if transposed else p.X.T * dL_dH
    W1_after, W2_after = p.W1 + step * p.gamma * dL_dW1, p.W2 + step * p.gamma * dL_dW2
    after = (p.X * W2_after).applyfunc(lambda v: max(v, sp.Integer(0))) * W1_after - p.target
    loss, loss_after = (errors.T * errors)[0], (after.T * after)[0]
    off = [(i, j) for i in range(H.rows) for j in range(H.cols) if H[i, j] < 0]
    shown = situation(p)
    row, unit = off[0] if off else (0, 0)
    return Numbers(
        H, D, A, y, loss, dL_dy, dL_dW1, dL_dA, dL_dH, parts, dL_dW2, W1_after, W2_after,
        loss_after, _short(loss_after), bool(loss_after < loss),
        *(shown == name for name in SITUATIONS),
        sp.Integer(row + 1), sp.Integer(2 - row), sp.Integer(unit + 1),
        all(v <= 0 for v in p.X * W2_after),
    )  # fmt: skip


def solve(p: Params) -> Result:
    X, W1, W2 = matrix("X", n, d), matrix("W_1", h), matrix("W_2", d, h)
    target, y = matrix(r"\hat{y}", n), matrix("y", n)
    A, D = matrix("A", n, h), matrix("D", n, h)  # A = max(0; H), D = [H > 0] element-wise
    H = matrix("H", n, h)
    gamma = sp.Symbol(r"\gamma", positive=True)
    g = {piece: gradient("L", piece) for piece in (y, A, H, W1, W2)}

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
        numbers=numbers(p),
        mistakes=_mistakes(p),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "forward.H": "H",
    "forward.y": "y",
    "forward.L": "L",
    "numbers.H": "H",
    "numbers.A": "A",
    "numbers.y": "y",
    "numbers.loss": "L",
    "numbers.dL_dy": r"\dfrac{\partial L}{\partial y}",
    "numbers.dL_dW1": r"\dfrac{\partial L}{\partial W_1}",
    "numbers.dL_dH": r"\dfrac{\partial L}{\partial H}",
    "numbers.dL_dW2": r"\dfrac{\partial L}{\partial W_2}",
    "numbers.W1_after": "W_1",
    "numbers.W2_after": "W_2",
}
