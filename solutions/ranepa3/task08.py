"""ranepa3.8: OLS, Q(w) = (y - Xw)ᵀ(y - Xw): dQ, the optimum, the GD step, d²Q.
X is n×k of full column rank, so XᵀX is invertible and the optimum is unique. The general
formulas are then worked at a small numeric X (3×2 integers) and y, so that the optimum, one
gradient step and the Hessian are numbers to grade: a variant's statement gives them, the
sheet gives none and the page works our example."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from solutions import regression as ls
from solutions.differentials import Item, derivation
from solutions.forms import minus, plus, times
from solutions.variety import Pool

R = sp.Rational


@dataclass(frozen=True)
class Params:
    X: sp.Matrix  # 3×2 integers, full column rank
    y: sp.Matrix  # 3×1 integers, not in the column space of X (the fit is not exact)
    w0: sp.Matrix  # where the gradient step starts
    gamma: sp.Rational  # its learning rate
    asked: bool  # the statement gives the numbers (False: the sheet, our example)


# the sheet gives no numbers: our example, a line w₁ + w₂t through (0, 1), (1, 2), (2, 4)
PARAMS = Params(
    X=sp.Matrix([[1, 0], [1, 1], [1, 2]]),
    y=sp.Matrix([1, 2, 4]),
    w0=sp.Matrix([0, 0]),
    gamma=R(1, 10),
    asked=False,
)

MAX_DET = 20  # det XᵀX at most this: (XᵀX)⁻¹ = adj/det stays a hand-sized fraction
DECREASES, OVERSHOOTS = "the step lowers Q", "the step is too long: Q grows"


def _answers(X, y, w0, gamma) -> tuple | None:
    """The graded numbers in exact fractions, or None when the draw breaks an invariant:
    (ŵ, ∇Q(w₀), w₁, 2XᵀX, Q(w₀), Q(w₁), Q(ŵ)); each vector as a tuple."""
    if any(row == (0, 0) for row in X) or sum(v == 0 for row in X for v in row) > 2:
        return None  # an observation without features; a matrix of mostly zeros
    gram = [[sum(row[p] * row[q] for row in X) for q in range(2)] for p in range(2)]
    det = gram[0][0] * gram[1][1] - gram[0][1] ** 2
    if not 0 < det <= MAX_DET:
        return None
    moment = [sum(row[p] * t for row, t in zip(X, y, strict=True)) for p in range(2)]
    optimum = (
        Fraction(gram[1][1] * moment[0] - gram[0][1] * moment[1], det),
        Fraction(gram[0][0] * moment[1] - gram[0][1] * moment[0], det),
    )
    loss = lambda w: sum(
        (t - row[0] * w[0] - row[1] * w[1]) ** 2 for row, t in zip(X, y, strict=True)
    )
    residual0 = [t - row[0] * w0[0] - row[1] * w0[1] for row, t in zip(X, y, strict=True)]
    grad = tuple(
        -2 * sum(row[p] * e for row, e in zip(X, residual0, strict=True)) for p in range(2)
    )
    w1 = tuple(w0[p] - gamma * grad[p] for p in range(2))
    before, after, least = loss(w0), loss(w1), loss(optimum)
    if least == 0 or after == before or grad == (0, 0):
        return None  # an exact fit; a step that leaves Q as it was; w₀ already optimal
    hessian = tuple(2 * v for v in gram[0] + gram[1])
    return optimum, grad, w1, hessian, before, after, least


def _draw(x11, x12, x21, x22, x31, x32, y1, y2, y3, w0, gamma):
    draft = ((x11, x12), (x21, x22), (x31, x32)), (y1, y2, y3), w0, gamma
    return None if _answers(*_plain(draft)) is None else draft


def _plain(p) -> tuple:
    """(X, y, w₀, γ) in ints and a Fraction, from a draft or from Params (the sheet's)."""
    if isinstance(p, Params):
        p = (p.X.tolist(), list(p.y), tuple(p.w0), p.gamma)
    X, y, w0, gamma = p
    ints = lambda values: tuple(int(v) for v in values)
    gamma = Fraction(int(sp.numer(gamma)), int(sp.denom(gamma)))
    return tuple(ints(row) for row in X), ints(y), ints(w0), gamma


def _key(p) -> tuple:
    """The graded numbers up to sign, blind to the order of the two columns (a mirror)."""
    X, y, w0, gamma = _plain(p)
    unsigned = []
    for order in ((0, 1), (1, 0)):
        flipped = [tuple(row[j] for j in order) for row in X]
        answers = _answers(flipped, y, tuple(w0[j] for j in order), gamma)
        unsigned.append(tuple(abs(v) for part in answers for v in _flat(part)))
    return min(unsigned)


def _flat(part) -> tuple:
    return part if isinstance(part, tuple) else (part,)


def _params(draft) -> Params:
    X, y, w0, gamma = draft
    return Params(sp.Matrix(X), sp.Matrix(y), sp.Matrix(w0), gamma, asked=True)


def _situation(p) -> str:
    answers = _answers(*_plain(p))
    return DECREASES if answers[5] < answers[4] else OVERSHOOTS


_ENTRIES = [-1, 0, 1, 2, 3]
_TARGETS = [-2, -1, 0, 1, 2, 3]
variant = Pool(
    {
        "x11": _ENTRIES,
        "x12": _ENTRIES,
        "x21": _ENTRIES,
        "x22": _ENTRIES,
        "x31": _ENTRIES,
        "x32": _ENTRIES,
        "y1": _TARGETS,
        "y2": _TARGETS,
        "y3": _TARGETS,
        "w0": [(0, 0), (1, 0), (0, 1), (1, 1), (1, -1)],
        "gamma": [R(1, 20), R(1, 10), R(1, 5)],
    },
    _draw,
    key=_key,
    sheet=PARAMS,
    finish=_params,
    situations=(DECREASES, OVERSHOOTS),
    situation=_situation,
)
"""Variants: X is 3×2 with entries from -1..3, at most two of them 0 and no row of zeros, of
full column rank with det XᵀX ≤ 20 (the inverse is adj/det with a small denominator); y from
-2..3, never in the column space of X (Q(ŵ) > 0); the step starts at a small w₀ ≠ ŵ with
γ ∈ {1/20, 1/10, 1/5}. Situations, in turn: the step lowers Q, or γ is too long for this X
and Q grows (γ > ‖g‖²/‖Xg‖²), which the page explains. Two draws with the same graded
numbers up to sign and the order of the columns are one problem. Seed 0 is the sheet, which
gives no numbers: the page works our example, a line through three points."""


@dataclass(frozen=True)
class Numbers:
    """The formulas at the variant's X, y."""

    gram: sp.Matrix  # XᵀX
    moment: sp.Matrix  # Xᵀy
    det: sp.Integer  # det XᵀX
    adjugate: sp.Matrix  # (XᵀX)⁻¹ = adjugate / det
    scaled: sp.Matrix  # adjugate · Xᵀy = det · ŵ, integers
    optimum: sp.Matrix  # ŵ
    fitted_residual: sp.Matrix  # y - Xŵ
    normal: sp.Matrix  # Xᵀ(y - Xŵ) = 0
    least: sp.Rational  # Q(ŵ)
    residual0: sp.Matrix  # y - Xw₀
    gradient: sp.Matrix  # ∇Q(w₀) = -2Xᵀ(y - Xw₀)
    step: sp.Matrix  # w₁ = w₀ - γ∇Q(w₀)
    before: sp.Integer  # Q(w₀)
    after: sp.Rational  # Q(w₁)
    decreased: bool  # Q(w₁) < Q(w₀)
    grad_norm2: sp.Integer  # ‖g‖²
    push_norm2: sp.Integer  # ‖Xg‖²
    longest: sp.Rational  # ‖g‖²/‖Xg‖²: the step along -g lowers Q for γ below it
    hessian: sp.Matrix  # 2XᵀX
    hessian_det: sp.Integer  # its determinant (Sylvester's criterion with its corner)
    positive_definite: bool


@dataclass(frozen=True)
class Result:
    differential: Item  # dQ, line by line, and ∇Q
    gradient_alt: sp.MatrixExpr  # the same gradient as 2Xᵀ(Xw - y)
    optimum: sp.MatrixExpr  # (XᵀX)⁻¹Xᵀy
    step: sp.MatrixExpr  # w - γ∇Q
    second: sp.MatrixExpr  # d²Q
    hessian: sp.MatrixExpr  # 2XᵀX
    numbers: Numbers
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def _numbers(p: Params, off_diagonal=-1, factor=-2) -> Numbers:
    """The formulas at the data. The rest switch a typical mistake on: the adjugate of XᵀX
    with its off-diagonal entries times -`off_diagonal` (1: their signs not changed);
    ∇Q = `factor`·Xᵀ(y - Xw) (2: the minus of d(y - Xw) = -X dw lost; -1: the 2 lost)."""
    X, y, w0 = p.X, p.y, p.w0
    gram, moment = X.T * X, X.T * y
    adjugate = sp.Matrix(
        [[gram[1, 1], off_diagonal * gram[0, 1]], [off_diagonal * gram[1, 0], gram[0, 0]]]
    )
    optimum = adjugate * moment / gram.det()
    fitted_residual = y - X * optimum
    residual0 = y - X * w0
    grad = factor * X.T * residual0
    step = w0 - p.gamma * grad
    loss = lambda w: ((y - X * w).T * (y - X * w))[0]
    hessian = 2 * gram
    grad_norm2, push_norm2 = (grad.T * grad)[0], ((X * grad).T * (X * grad))[0]
    return Numbers(
        gram=gram,
        moment=moment,
        det=gram.det(),
        adjugate=adjugate,
        scaled=adjugate * moment,
        optimum=optimum,
        fitted_residual=fitted_residual,
        normal=X.T * fitted_residual,
        least=loss(optimum),
        residual0=residual0,
        gradient=grad,
        step=step,
        before=loss(w0),
        after=loss(step),
        decreased=bool(loss(step) < loss(w0)),
        grad_norm2=grad_norm2,
        push_norm2=push_norm2,
        longest=R(grad_norm2, push_norm2),
        hessian=hessian,
        hessian_det=hessian.det(),
        positive_definite=bool(hessian[0, 0] > 0 and hessian.det() > 0),
    )


def solve(p: Params) -> Result:
    gradient = ls.squares_gradient()
    return Result(
        differential=derivation(
            "8", ls.squares(), "w", "gradient", gradient, *ls.squares_differential_steps()
        ),
        gradient_alt=times(2, ls.X.T, minus(times(ls.X, ls.w), ls.y)),
        optimum=times(sp.Inverse(times(ls.X.T, ls.X)), ls.X.T, ls.y),
        step=plus(ls.w, times(2, ls.gamma, ls.X.T, ls.residual)),
        second=ls.second_differential(),
        hessian=times(2, ls.X.T, ls.X),
        numbers=_numbers(p),
        mistakes=_mistakes(p),
    )


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    def stepped(numbers: Numbers) -> dict:
        return {
            "numbers.gradient": numbers.gradient,
            "numbers.step": numbers.step,
            "numbers.after": numbers.after,
        }

    return {
        "adjugate_signs": {"numbers.optimum": _numbers(p, off_diagonal=1).optimum},
        "gradient_sign": stepped(_numbers(p, factor=2)),
        "two_forgotten": stepped(_numbers(p, factor=-1)),
    }


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "optimum": r"\hat w",
    "second": "d^2 Q",
    "hessian": r"\nabla^2_w Q",
    "numbers.optimum": r"\hat w",
    "numbers.gradient": r"\nabla_w Q(w_0)",
    "numbers.step": "w_1",
    "numbers.hessian": r"\nabla^2_w Q",
    "numbers.least": r"Q(\hat w)",
    "numbers.before": "Q(w_0)",
    "numbers.after": "Q(w_1)",
}
