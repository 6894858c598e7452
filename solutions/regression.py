"""The pieces of least squares shared by ranepa3.8 (OLS) and ranepa3.9 (Ridge, Lasso):
X is n×k, y n×1, w k×1; Q(w) = (y - Xw)ᵀ(y - Xw) [+ a penalty]."""

from __future__ import annotations

import sympy as sp

from solutions.forms import matrix, minus, plus, times, transposed

n, k = sp.symbols("n k", integer=True, positive=True)
X, y, w, dw = matrix("X", n, k), matrix("y", n), matrix("w", k), matrix("dw", k)
lam, gamma = sp.Symbol(r"\lambda", positive=True), sp.Symbol(r"\gamma", positive=True)
I = sp.Identity(k)
residual = minus(y, times(X, w))  # y - Xw


def squares():
    """(y - Xw)ᵀ(y - Xw)."""
    return times(transposed(residual), residual)


def squares_differential_steps():
    """The lines of d[(y - Xw)ᵀ(y - Xw)], rule by rule."""
    return (
        (
            "product",
            plus(
                times(transposed(times(-1, X, dw)), residual),
                times(transposed(residual), times(-1, X, dw)),
            ),
        ),
        ("scalar_transpose", times(-2, transposed(residual), X, dw)),
    )


def squares_gradient():
    return times(-2, X.T, residual)


def ridge_penalty():
    return times(lam, w.T, w)


def second_differential(extra=None):
    """d²Q = 2 dwᵀ(XᵀX [+ λI]) dw, with dw fixed."""
    inner = times(X.T, X) if extra is None else plus(times(X.T, X), extra)
    return times(2, dw.T, inner, dw)


def gd_step(gradient):
    return minus(w, times(gamma, gradient))


class Shrunk(sp.Function):
    """max(u - c, 0), Lasso's soft threshold, as it is written by hand: the part above the
    threshold first (sympy's Max sorts 0 first and its sum puts -λ/2 before |Xᵀy|); at
    numbers, the number."""

    nargs = 2

    @classmethod
    def eval(cls, u, c):
        if u.is_number and c.is_number:
            return sp.Max(u - c, 0)
        return None

    def _latex(self, printer):
        u, (over, under) = self.args[0], self.args[1].as_numer_denom()
        c = printer._print(over) + (f"/{printer._print(under)}" if under != 1 else "")
        return rf"\max\left({printer._print(u)} - {c}, 0\right)"
