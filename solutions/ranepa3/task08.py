"""ranepa3.8: OLS, Q(w) = (y - Xw)ᵀ(y - Xw): dQ, the optimum, the GD step, d²Q.
X is n×k of full column rank, so XᵀX is invertible and the optimum is unique."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions import regression as ls
from solutions.differentials import Item, derivation
from solutions.forms import NO_NUMBERS, NoNumbers, minus, plus, times

PARAMS = NO_NUMBERS


@dataclass(frozen=True)
class Result:
    differential: Item  # dQ, line by line, and ∇Q
    gradient_alt: sp.MatrixExpr  # the same gradient as 2Xᵀ(Xw - y)
    optimum: sp.MatrixExpr  # (XᵀX)⁻¹Xᵀy
    step: sp.MatrixExpr  # w - γ∇Q
    second: sp.MatrixExpr  # d²Q
    hessian: sp.MatrixExpr  # 2XᵀX


def solve(_: NoNumbers) -> Result:
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
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "optimum": r"\hat w",
    "second": "d^2 Q",
    "hessian": r"\nabla^2_w Q",
}
