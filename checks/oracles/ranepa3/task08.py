"""Independent oracle for ranepa3.8 (OLS): central differences of Q written in numpy, the
optimum from numpy's least-squares solver, d²Q from second differences. At the variant's X
and y: Q written as a polynomial in w₁, w₂ entry by entry, differentiated by sympy, its
stationary point solved by sympy, its Hessian by sympy's `hessian`, definiteness from the
eigenvalues."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles import least_squares as ls
from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    Satisfies,
    gradient,
    hessian,
    item_oracles,
    same,
    second_directional,
)

# what a grader compares: the numbers at the variant's X and y
ANSWERS = ("numbers.optimum", "numbers.gradient", "numbers.step", "numbers.hessian")
# our example, which the sheet's page works (the sheet gives no numbers): no variant repeats it
EXAMPLE = {
    "X": [[1, 0], [1, 1], [1, 2]],
    "y": [[1], [2], [4]],
    "w0": [[0], [0]],
    "gamma": sp.Rational(1, 10),
}


@cache
def point(seed: int) -> dict:
    return ls.problem(np.random.default_rng(800 + seed))


def grad(v):
    return gradient(lambda w: ls.squares(v, w), v["w"])


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, expected)


def full_rank(X) -> bool:
    X = sp.Matrix(X)
    return X.shape == (3, 2) and X.rank() == 2 and all(v.is_integer for v in X)


class Instance:
    """Q(w) = Σᵢ (yᵢ - xᵢ₁w₁ - xᵢ₂w₂)² at the given data, as a sympy polynomial."""

    def __init__(self, given):
        self.X, self.y = sp.Matrix(given["X"]), sp.Matrix(given["y"])
        self.w0, self.gamma = sp.Matrix(given["w0"]), sp.sympify(given["gamma"])
        self.w = sp.symbols("w1 w2", real=True)
        self.Q = sp.expand(
            sum(
                (self.y[i] - sum(self.X[i, j] * self.w[j] for j in range(2))) ** 2
                for i in range(self.X.rows)
            )
        )
        self.grad = sp.Matrix([sp.diff(self.Q, wj) for wj in self.w])
        self.hessian = sp.hessian(self.Q, self.w)
        solution = sp.solve(list(self.grad), self.w, dict=True)
        self.optimum = sp.Matrix([solution[0][wj] for wj in self.w])
        self.g0 = self.at(self.grad, self.w0)
        self.w1 = self.w0 - self.gamma * self.g0

    def at(self, expr, w):
        return expr.subs(dict(zip(self.w, w, strict=True)))

    def loss(self, w):
        return self.at(self.Q, w)


def numbers(given) -> dict:
    q = Instance(given)
    X, y = q.X, q.y
    t = sp.Symbol("t", positive=True)
    # the step length at which Q(w₀ - t g) is back at Q(w₀): the other root of the parabola
    back = [r for r in sp.solve(sp.expand(q.loss(q.w0 - t * q.g0) - q.loss(q.w0)), t) if r > 0]
    gram = sp.Matrix(2, 2, lambda i, j: sum(X[k, i] * X[k, j] for k in range(X.rows)))
    eigen = q.hessian.eigenvals()
    return {
        "numbers.gram": gram,
        "numbers.moment": sp.Matrix([sum(X[k, j] * y[k] for k in range(X.rows)) for j in (0, 1)]),
        "numbers.det": q.hessian.det() / 4,
        "numbers.adjugate": gram.inv() * gram.det(),
        "numbers.optimum": q.optimum,
        "numbers.scaled": q.optimum * gram.det(),
        "numbers.fitted_residual": sp.Matrix(
            [q.at(y[i] - X[i, 0] * q.w[0] - X[i, 1] * q.w[1], q.optimum) for i in range(X.rows)]
        ),
        "numbers.normal": -q.at(q.grad, q.optimum) / 2,
        "numbers.least": q.loss(q.optimum),
        "numbers.residual0": y - X * q.w0,
        "numbers.gradient": q.g0,
        "numbers.step": q.w1,
        "numbers.before": q.loss(q.w0),
        "numbers.after": q.loss(q.w1),
        "numbers.decreased": bool(q.loss(q.w1) < q.loss(q.w0)),
        "numbers.grad_norm2": sum(v**2 for v in q.g0),
        "numbers.push_norm2": sum(v**2 for v in X * q.g0),
        "numbers.longest": back[0],
        "numbers.hessian": q.hessian,
        "numbers.hessian_det": q.hessian.det(),
        "numbers.positive_definite": bool(all(ev > 0 for ev in eigen)),
    }


def mistakes(given) -> dict:
    """The typical mistakes' answers from sympy's polynomial Q: the inverse of the Gram
    matrix with its off-diagonal entries negated (the adjugate's signs not changed) applied to
    Xᵀy; the gradient of Q negated or halved, the step from it and Q there."""
    q = Instance(given)
    inverse = (q.X.T * q.X).inv()
    unsigned = sp.Matrix(2, 2, lambda i, j: inverse[i, j] * (1 if i == j else -1))
    o = {"mistakes.adjugate_signs.numbers.optimum": unsigned * (q.X.T * q.y)}
    for name, g in (("gradient_sign", -q.g0), ("two_forgotten", q.g0 / 2)):
        w1 = q.w0 - q.gamma * g
        o |= {
            f"mistakes.{name}.numbers.gradient": g,
            f"mistakes.{name}.numbers.step": w1,
            f"mistakes.{name}.numbers.after": q.loss(w1),
        }
    return o


def oracles(given) -> dict:
    o = item_oracles({"differential": ItemSpec(ls.squares, "w", "dw", ls.problem, "gradient")})
    data = {
        "given.X": Satisfies(full_rank, "a 3×2 integer matrix of full column rank", ("given.X",)),
        "given.y": Satisfies(
            lambda y: sp.Matrix(y).shape == (3, 1), "a column of three", ("given.y",)
        ),
        "given.w0": Satisfies(
            lambda w: sp.Matrix(w).shape == (2, 1), "a column of two", ("given.w0",)
        ),
        "given.gamma": Satisfies(lambda g: 0 < g < 1, "0 < γ < 1", ("given.gamma",)),
        "given.asked": not all(same(given[name], EXAMPLE[name]) for name in EXAMPLE),
    }
    return (
        o
        | data
        | numbers(given)
        | mistakes(given)
        | {
            "gradient_alt": at(grad),
            "optimum": at(lambda v: np.linalg.lstsq(v["X"], v["y"], rcond=None)[0]),
            "step": at(lambda v: v["w"] - v[r"\gamma"] * grad(v)),
            "second": at(lambda v: second_directional(lambda w: ls.squares(v, w), v["w"], v["dw"])),
            "hessian": at(lambda v: hessian(lambda w: ls.squares(v, w), v["w"])),
        }
    )


def invariants(given) -> dict:
    q = Instance(given)
    gram_det = (q.X.T * q.X).det()
    return {
        "X has full column rank and det XᵀX ≤ 20": full_rank(q.X) and 0 < gram_det <= 20,
        "no row of X is zero": all(any(q.X[i, j] != 0 for j in (0, 1)) for i in range(3)),
        "y is not in the column space of X (Q(ŵ) > 0)": q.loss(q.optimum) > 0,
        "w₀ is not the optimum and the step changes Q": q.g0 != sp.zeros(2, 1)
        and q.loss(q.w1) != q.loss(q.w0),
    }
