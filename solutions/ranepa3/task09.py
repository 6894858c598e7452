"""ranepa3.9: Ridge, (y - Xw)ᵀ(y - Xw) + λwᵀw, and Lasso, (y - Xw)ᵀ(y - Xw) + λ‖w‖₁ (the
sheet's |w| read as the L1 norm). Lasso is not differentiable where some wᵢ = 0: its
derivative is a subgradient, its optimum has no closed form in general, and with orthonormal
columns (XᵀX = I) it is soft thresholding of Xᵀy; with orthogonal columns (XᵀX = D diagonal)
each wⱼ is thresholded and divided by dⱼ.

The general formulas are then worked at small numeric data, each part its own: for Ridge a
3×2 integer X (in some variants with proportional columns, where least squares has no unique
optimum and Ridge still has one), for Lasso a 3×2 integer X with orthogonal columns, so that
its optimum is found by hand. A variant's statement gives the numbers; the sheet gives none
and the page works our example."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import sympy as sp

from solutions import regression as ls
from solutions import small_least_squares as sls
from solutions.differentials import Item, derivation
from solutions.forms import elementwise, hadamard, plus, scalar, times
from solutions.variety import Pool

t = sp.Dummy("t")
R = sp.Rational


@dataclass(frozen=True)
class Params:
    ridge_X: sp.Matrix  # 3×2 integers: full column rank, or proportional columns
    ridge_y: sp.Matrix
    ridge_lam: sp.Integer
    ridge_w0: sp.Matrix  # where Ridge's step starts
    lasso_X: sp.Matrix  # 3×2 integers with orthogonal columns
    lasso_y: sp.Matrix
    lasso_lam: sp.Integer
    lasso_w0: sp.Matrix  # where Lasso's step starts
    gamma: sp.Rational  # the learning rate of both steps
    asked: bool  # the statement gives the numbers (False: the sheet, our example)


# the sheet gives no numbers: our example
PARAMS = Params(
    ridge_X=sp.Matrix([[1, 0], [1, 1], [1, 2]]),
    ridge_y=sp.Matrix([1, 2, 4]),
    ridge_lam=sp.Integer(1),
    ridge_w0=sp.Matrix([1, 1]),
    lasso_X=sp.Matrix([[1, 1], [1, -1], [1, 0]]),
    lasso_y=sp.Matrix([3, 1, 2]),
    lasso_lam=sp.Integer(6),
    lasso_w0=sp.Matrix([1, 1]),
    gamma=R(1, 10),
    asked=False,
)


@dataclass(frozen=True)
class _Draft:
    ridge: tuple  # (X, y, λ, w₀)
    lasso: tuple
    gamma: Fraction


def _plain(p) -> _Draft:
    """A draft from the sheet's Params (the key and the situation read drafts)."""
    if isinstance(p, _Draft):
        return p
    part = lambda X, y, lam, w0: (
        tuple(tuple(int(v) for v in row) for row in X.tolist()),
        tuple(int(v) for v in y),
        int(lam),
        tuple(int(v) for v in w0),
    )
    gamma = Fraction(int(sp.numer(p.gamma)), int(sp.denom(p.gamma)))
    return _Draft(
        part(p.ridge_X, p.ridge_y, p.ridge_lam, p.ridge_w0),
        part(p.lasso_X, p.lasso_y, p.lasso_lam, p.lasso_w0),
        gamma,
    )


def _key(p) -> tuple:
    d = _plain(p)
    return (
        sls.unsigned_up_to_mirror(sls.ridge_answers, *d.ridge, d.gamma),
        sls.unsigned_up_to_mirror(sls.lasso_answers, *d.lasso, d.gamma),
    )


COLLINEAR, INDEPENDENT = "proportional columns", "independent columns"
SELECTS, KEEPS = "Lasso zeroes a weight", "Lasso keeps both weights"


def _situation(p) -> str:
    d = _plain(p)
    zeroed = 0 in sls.lasso_answers(*d.lasso, d.gamma)[0]
    return (
        f"{COLLINEAR if sls.singular(d.ridge[0]) else INDEPENDENT}; {SELECTS if zeroed else KEEPS}"
    )


def _draw(
    collinear,
    ridge_pick,
    ridge_y,
    ridge_lam,
    ridge_w0,
    lasso_pick,
    lasso_y,
    lasso_lam,
    lasso_w0,
    gamma,
):
    """A draft: the matrices are picked from the lists above (a pick wraps around a list)."""
    ridge_Xs, lasso_Xs = sls.matrices(-1, False, collinear), sls.matrices(-2, True)
    ridge = (ridge_Xs[ridge_pick % len(ridge_Xs)], ridge_y, ridge_lam, ridge_w0)
    lasso = (lasso_Xs[lasso_pick % len(lasso_Xs)], lasso_y, lasso_lam, lasso_w0)
    if sls.ridge_answers(*ridge, gamma) is None or sls.lasso_answers(*lasso, gamma) is None:
        return None
    return _Draft(ridge, lasso, gamma)


def _params(d: _Draft) -> Params:
    (rX, ry, rl, rw), (lX, ly, ll, lw) = d.ridge, d.lasso
    M, I = sp.Matrix, sp.Integer
    gamma = R(d.gamma.numerator, d.gamma.denominator)
    return Params(M(rX), M(ry), I(rl), M(rw), M(lX), M(ly), I(ll), M(lw), gamma, asked=True)


_SMALL = [(1, 0), (0, 1), (1, 1), (1, -1), (-1, 1), (2, 1), (1, 2)]
variant = Pool(
    {
        "collinear": [False, True],
        "ridge_pick": range(997),
        "ridge_y": list(product(range(-2, 4), repeat=3)),
        "ridge_lam": [1, 2, 3],
        "ridge_w0": _SMALL,
        "lasso_pick": range(991),
        "lasso_y": list(product(range(-3, 4), repeat=3)),
        "lasso_lam": [2, 4, 6, 8],
        "lasso_w0": _SMALL,
        "gamma": [Fraction(1, 10), Fraction(1, 20)],
    },
    _draw,
    key=_key,
    sheet=PARAMS,
    finish=_params,
    situations=tuple(f"{r}; {s}" for r in (INDEPENDENT, COLLINEAR) for s in (SELECTS, KEEPS)),
    situation=_situation,
)
"""Variants: Ridge on a 3×2 X from -1..3 (no row of zeros, at most two zeros), in turn of
full rank or with proportional columns (XᵀX singular), det(XᵀX + λI) ≤ 40, y from -2..3,
λ ∈ {1, 2, 3}; Lasso on a 3×2 X from -2..2 with orthogonal columns, y from -3..3,
λ ∈ {2, 4, 6, 8}, no (Xᵀy)ⱼ equal to 0 or ±λ/2, in turn one weight zeroed or both kept (never
both zeroed); the steps start at a small w₀ ≠ ŵ with γ ∈ {1/10, 1/20}. The four situations
come in turn. Two draws with the same graded numbers of both parts up to sign and the order
of the columns are one problem. Seed 0 is the sheet, which gives no numbers: the page works
our example."""


@dataclass(frozen=True)
class RidgeNumbers:
    """Ridge's formulas at the variant's X, y, λ."""

    gram: sp.Matrix  # XᵀX
    gram_det: sp.Integer  # 0 when the columns are proportional
    singular: bool
    shifted: sp.Matrix  # XᵀX + λI
    shifted_det: sp.Integer
    adjugate: sp.Matrix  # (XᵀX + λI)⁻¹ = adjugate / det
    moment: sp.Matrix  # Xᵀy
    scaled: sp.Matrix  # adjugate · Xᵀy
    optimum: sp.Matrix
    data_gradient: sp.Matrix  # -2Xᵀ(y - Xw₀)
    penalty_gradient: sp.Matrix  # 2λw₀
    gradient: sp.Matrix  # their sum, ∇Q(w₀)
    step: sp.Matrix  # w₁ = w₀ - γ∇Q(w₀)
    hessian: sp.Matrix  # 2(XᵀX + λI)
    hessian_det: sp.Integer
    positive_definite: bool  # Sylvester: the corner and the determinant are positive


@dataclass(frozen=True)
class Component:
    size: sp.Integer  # |zⱼ|, zⱼ = (Xᵀy)ⱼ
    kept: bool  # |zⱼ| > λ/2: ŵⱼ ≠ 0


@dataclass(frozen=True)
class LassoNumbers:
    """Lasso's optimum and step at the variant's X (orthogonal columns), y, λ."""

    gram: sp.Matrix  # XᵀX = D, diagonal
    identity: bool  # D = I: the sheet's orthonormal case itself
    moment: sp.Matrix  # z = Xᵀy
    threshold: sp.Rational  # λ/2
    components: tuple[Component, ...]
    soft: sp.Matrix  # sign(z) ∘ max(|z| - λ/2, 0)
    optimum: sp.Matrix  # D⁻¹ · soft
    least_squares: sp.Matrix  # D⁻¹z, the optimum without the penalty, for comparison
    optimum_gradient: sp.Matrix  # -2Xᵀ(y - Xŵ), for the check of the optimality conditions
    optimal: bool  # the subgradient conditions hold at ŵ
    sign_w0: sp.Matrix
    smooth_gradient: sp.Matrix  # -2Xᵀ(y - Xw₀)
    subgradient: sp.Matrix  # smooth_gradient + λ sign(w₀)
    step: sp.Matrix  # w₁ = w₀ - γ · subgradient


@dataclass(frozen=True)
class Ridge:
    differential: Item
    optimum: sp.MatrixExpr  # (XᵀX + λI)⁻¹Xᵀy
    step: sp.MatrixExpr
    second: sp.MatrixExpr
    hessian: sp.MatrixExpr  # 2(XᵀX + λI)
    numbers: RidgeNumbers


@dataclass(frozen=True)
class Lasso:
    differential: Item  # where no wᵢ is 0
    smooth_gradient: sp.MatrixExpr  # g = -2Xᵀ(y - Xw), the differentiable part
    step: sp.MatrixExpr  # subgradient step with sign(w)
    orthonormal_optimum: sp.MatrixExpr  # sign(Xᵀy) ∘ max(|Xᵀy| - λ/2, 0) when XᵀX = I
    diagonal_optimum: sp.MatrixExpr  # (XᵀX)⁻¹ times the same when XᵀX is diagonal
    numbers: LassoNumbers


@dataclass(frozen=True)
class Result:
    ridge: Ridge
    lasso: Lasso
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def _mistakes(p: Params) -> dict[str, dict[str, sp.Matrix]]:
    ridge = lambda **mistake: _ridge_numbers(
        p.ridge_X, p.ridge_y, p.ridge_lam, p.ridge_w0, p.gamma, **mistake
    )
    lasso = lambda **mistake: (
        _lasso_numbers(p.lasso_X, p.lasso_y, p.lasso_lam, p.lasso_w0, p.gamma, **mistake).optimum
    )
    return {
        "ridge_adjugate_signs": {"ridge.numbers.optimum": ridge(off_diagonal=1).optimum},
        "ridge_penalty_doubled": {"ridge.numbers.optimum": ridge(shift=2).optimum},
        "ridge_penalty_forgotten": {"ridge.numbers.step": ridge(penalty=0).step},
        "lasso_threshold": {"lasso.numbers.optimum": lasso(halves=1)},
        "lasso_gram_ignored": {"lasso.numbers.optimum": lasso(scaled=False)},
    }


def _ridge_numbers(X, y, lam, w0, gamma, off_diagonal=-1, shift=1, penalty=2) -> RidgeNumbers:
    """Ridge's formulas at the data. The rest switch a typical mistake on: the adjugate's
    off-diagonal entries times -`off_diagonal` (1: their signs not changed); XᵀX + `shift`·λI
    (2: the penalty's 2λw not halved with the rest); ∇Q with `penalty`·λw₀ (0: forgotten)."""
    gram, moment = X.T * X, X.T * y
    shifted = gram + shift * lam * sp.eye(2)
    (a, b), (c, d) = shifted.tolist()
    adjugate = sp.Matrix([[d, off_diagonal * b], [off_diagonal * c, a]])
    data_gradient = -2 * X.T * (y - X * w0)
    gradient = data_gradient + penalty * lam * w0
    hessian = 2 * shifted
    return RidgeNumbers(
        gram=gram,
        gram_det=gram.det(),
        singular=bool(gram.det() == 0),
        shifted=shifted,
        shifted_det=shifted.det(),
        adjugate=adjugate,
        moment=moment,
        scaled=adjugate * moment,
        optimum=adjugate * moment / shifted.det(),
        data_gradient=data_gradient,
        penalty_gradient=penalty * lam * w0,
        gradient=gradient,
        step=w0 - gamma * gradient,
        hessian=hessian,
        hessian_det=hessian.det(),
        positive_definite=bool(hessian[0, 0] > 0 and hessian.det() > 0),
    )


def _lasso_numbers(X, y, lam, w0, gamma, halves=2, scaled=True) -> LassoNumbers:
    """Lasso's formulas at the data. The rest switch a typical mistake on: the threshold
    λ/`halves` (1: λ, the 2 of the square's gradient lost); `scaled` False: XᵀX taken as I."""
    gram, z = X.T * X, X.T * y
    threshold = lam / halves
    soft = z.applyfunc(lambda v: sp.sign(v) * sp.Max(abs(v) - threshold, 0))
    optimum = (gram.inv() if scaled else sp.eye(2)) * soft
    optimum_gradient = -2 * X.T * (y - X * optimum)
    conditions = [
        g + lam * sp.sign(w) == 0 if w != 0 else abs(g) <= lam
        for g, w in zip(optimum_gradient, optimum, strict=True)
    ]
    sign_w0 = w0.applyfunc(sp.sign)
    smooth = -2 * X.T * (y - X * w0)
    subgradient = smooth + lam * sign_w0
    return LassoNumbers(
        gram=gram,
        identity=gram == sp.eye(2),
        moment=z,
        threshold=threshold,
        components=tuple(Component(abs(v), bool(abs(v) > threshold)) for v in z),
        soft=soft,
        optimum=optimum,
        least_squares=gram.inv() * z,
        optimum_gradient=optimum_gradient,
        optimal=all(bool(c) for c in conditions),
        sign_w0=sign_w0,
        smooth_gradient=smooth,
        subgradient=subgradient,
        step=w0 - gamma * subgradient,
    )


def solve(p: Params) -> Result:
    X, y, w, dw, lam = ls.X, ls.y, ls.w, ls.dw, ls.lam
    squares_steps = ls.squares_differential_steps()
    ridge_gradient = plus(ls.squares_gradient(), times(2, lam, w))
    ridge = Ridge(
        differential=derivation(
            "9.1",
            plus(ls.squares(), ls.ridge_penalty()),
            "w",
            "gradient",
            ridge_gradient,
            ("product", plus(squares_steps[0][1], times(lam, dw.T, w), times(lam, w.T, dw))),
            ("scalar_transpose", plus(squares_steps[1][1], times(2, lam, w.T, dw))),
        ),
        optimum=times(sp.Inverse(plus(times(X.T, X), times(lam, ls.I))), X.T, y),
        step=ls.gd_step(ridge_gradient),
        second=ls.second_differential(times(lam, ls.I)),
        hessian=times(2, plus(times(X.T, X), times(lam, ls.I))),
        numbers=_ridge_numbers(p.ridge_X, p.ridge_y, p.ridge_lam, p.ridge_w0, p.gamma),
    )
    sign_w = elementwise(sp.sign(t), t, w)
    norm1 = scalar(times(sp.OneMatrix(1, ls.k), elementwise(sp.Abs(t), t, w)))
    lasso_gradient = plus(ls.squares_gradient(), times(lam, sign_w))
    z = times(X.T, y)
    soft = hadamard(elementwise(sp.sign(t), t, z), elementwise(ls.Shrunk(sp.Abs(t), lam / 2), t, z))
    lasso = Lasso(
        differential=derivation(
            "9.2",
            plus(scalar(ls.squares()), lam * norm1),
            "w",
            "gradient",
            lasso_gradient,
            ("abs", plus(squares_steps[1][1], times(lam, sign_w.T, dw))),
        ),
        smooth_gradient=ls.squares_gradient(),
        step=ls.gd_step(lasso_gradient),
        orthonormal_optimum=soft,
        diagonal_optimum=times(sp.Inverse(times(X.T, X)), soft),
        numbers=_lasso_numbers(p.lasso_X, p.lasso_y, p.lasso_lam, p.lasso_w0, p.gamma),
    )
    return Result(ridge, lasso, _mistakes(p))


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "ridge.optimum": r"\hat w",
    "ridge.second": "d^2 Q",
    "ridge.hessian": r"\nabla^2_w Q",
    "ridge.numbers.optimum": r"\hat w",
    "ridge.numbers.step": "w_1",
    "ridge.numbers.hessian": r"\nabla^2_w Q",
    "lasso.smooth_gradient": "g",
    "lasso.orthonormal_optimum": r"\hat w",
    "lasso.diagonal_optimum": r"\hat w",
    "lasso.numbers.optimum": r"\hat w",
    "lasso.numbers.step": "w_1",
}
