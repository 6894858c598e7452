"""ranepa3.9: Ridge, (y - Xw)ᵀ(y - Xw) + λwᵀw, and Lasso, (y - Xw)ᵀ(y - Xw) + λ‖w‖₁ (the
sheet's |w| read as the L1 norm). Lasso is not differentiable where some wᵢ = 0: its
derivative is a subgradient, its optimum has no closed form in general, and with orthonormal
columns (XᵀX = I) it is soft thresholding of Xᵀy."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions import regression as ls
from solutions.differentials import Item, derivation
from solutions.forms import NO_NUMBERS, NoNumbers, elementwise, hadamard, plus, scalar, times

t = sp.Dummy("t")


PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Ridge:
    differential: Item
    optimum: sp.MatrixExpr  # (XᵀX + λI)⁻¹Xᵀy
    step: sp.MatrixExpr
    second: sp.MatrixExpr
    hessian: sp.MatrixExpr  # 2(XᵀX + λI)


@dataclass(frozen=True)
class Lasso:
    differential: Item  # where no wᵢ is 0
    smooth_gradient: sp.MatrixExpr  # g = -2Xᵀ(y - Xw), the differentiable part
    step: sp.MatrixExpr  # subgradient step with sign(w)
    orthonormal_optimum: sp.MatrixExpr  # sign(Xᵀy) ∘ max(|Xᵀy| - λ/2, 0) when XᵀX = I


@dataclass(frozen=True)
class Result:
    ridge: Ridge
    lasso: Lasso


def solve(_: NoNumbers) -> Result:
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
    )
    sign_w = elementwise(sp.sign(t), t, w)
    norm1 = scalar(times(sp.OneMatrix(1, ls.k), elementwise(sp.Abs(t), t, w)))
    lasso_gradient = plus(ls.squares_gradient(), times(lam, sign_w))
    z = times(X.T, y)
    lasso = Lasso(
        differential=derivation(
            "9.2",
            plus(scalar(ls.squares()), lam * norm1),
            "w",
            "gradient",
            lasso_gradient,
            ("chain", plus(squares_steps[1][1], times(lam, sign_w.T, dw))),
        ),
        smooth_gradient=ls.squares_gradient(),
        step=ls.gd_step(lasso_gradient),
        orthonormal_optimum=hadamard(
            elementwise(sp.sign(t), t, z), elementwise(sp.Max(sp.Abs(t) - lam / 2, 0), t, z)
        ),
    )
    return Result(ridge, lasso)


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "ridge.optimum": r"\hat w",
    "ridge.second": "d^2 Q",
    "ridge.hessian": r"\nabla^2_w Q",
    "lasso.smooth_gradient": "g",
    "lasso.orthonormal_optimum": r"\hat w",
}
