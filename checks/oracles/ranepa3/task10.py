"""Independent oracle for ranepa3.10: the regularised logistic loss written in numpy,
differentiated by central differences; σ bound to 1/(1 + e^-t) at every point. At the given
data: margins by explicit sums, each weight as e^(-m)/(1 + e^(-m)), Q exactly, and ∇Q(w) by
central differences of Q in 50-digit arithmetic (mpmath), the step and Q after it from that."""

from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    Satisfies,
    directional,
    gradient,
    item_oracles,
    same,
)

N, K = 5, 3
# The sheet gives no data: the booklet's example for the sheet's numbers (it asks nothing)
EXAMPLE = {"X": sp.Matrix([[1, 2], [2, -1], [-1, 0]]), "y": sp.Matrix([1, -1, -1])}
# what a grader compares (numeric.loss also covers numeric.loss_after)
ANSWERS = ("numeric.loss", "numeric.gradient", "numeric.step")
CONFIDENT = 3  # σ(-3) < 0.05
T = sp.Dummy("t")
SIGMA = {r"\sigma": sp.Lambda(T, 1 / (1 + sp.exp(-T)))}


def term_point(rng):
    return SIGMA | {
        "x_i": rng.normal(size=(K, 1)),
        "w": rng.normal(size=(K, 1)),
        "dw": rng.normal(size=(K, 1)),
        "y_i": float(rng.choice([-1, 1])),
    }


def term(v):
    return np.log(1 + np.exp(-v["y_i"] * (v["x_i"].T @ v["w"])))


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(1010 + seed)
    return SIGMA | {
        "X": rng.normal(size=(N, K)),
        "y": rng.choice([-1.0, 1.0], size=(N, 1)),
        "w": rng.normal(size=(K, 1)),
        "dw": rng.normal(size=(K, 1)),
        r"\lambda": rng.uniform(0.1, 2),
    }


def loss(v, w):
    return (
        sum(np.log(1 + np.exp(-v["y"][i, 0] * (v["X"][i] @ w[:, 0]))) for i in range(N))
        + v[r"\lambda"] * (w.T @ w).item()
    )


class Data:
    """The variant's data as plain rationals, and Q written observation by observation."""

    def __init__(self, given):
        self.X = [[sp.Rational(v) for v in row] for row in sp.Matrix(given["X"]).tolist()]
        self.y = [int(v) for v in sp.Matrix(given["y"])]
        self.w = [sp.Rational(v) for v in sp.Matrix(given["w"])]
        self.lam, self.gamma = sp.Rational(given["lam"]), sp.Rational(given["gamma"])
        self.margins = [
            yi * sum(a * b for a, b in zip(row, self.w, strict=True))
            for row, yi in zip(self.X, self.y, strict=True)
        ]

    def loss_exact(self):
        return sum(sp.log(1 + sp.exp(-m)) for m in self.margins) + self.lam * sum(
            v**2 for v in self.w
        )

    def loss_mp(self, w) -> mpmath.mpf:
        total = mpmath.mpf(0)
        for row, yi in zip(self.X, self.y, strict=True):
            margin = yi * mpmath.fsum(
                mpmath.mpf(a.p) / a.q * b for a, b in zip(row, w, strict=True)
            )
            total += mpmath.log1p(mpmath.exp(-margin))
        return total + mpmath.mpf(self.lam.p) / self.lam.q * mpmath.fsum(v * v for v in w)

    def numbers(self) -> dict:
        """∇Q(w) by central differences (step 10⁻²⁰, 50 digits: error about 10⁻⁴⁰), the step
        w - γ∇Q(w) and Q there."""
        with mpmath.workdps(50):
            h = mpmath.mpf("1e-20")
            w = [mpmath.mpf(v.p) / v.q for v in self.w]
            grad = []
            for j in range(len(w)):
                up = [v + (h if i == j else 0) for i, v in enumerate(w)]
                down = [v - (h if i == j else 0) for i, v in enumerate(w)]
                grad.append((self.loss_mp(up) - self.loss_mp(down)) / (2 * h))
            gamma = mpmath.mpf(self.gamma.p) / self.gamma.q
            step = [v - gamma * g for v, g in zip(w, grad, strict=True)]
            before, after = self.loss_mp(w), self.loss_mp(step)
            pull = [yi / (1 + mpmath.exp(m)) for yi, m in zip(self.y, self.margins, strict=True)]
            as_sympy = lambda x: sp.Float(mpmath.nstr(x, 45), 45)
            column = lambda values: sp.Matrix([as_sympy(v) for v in values])
            return {
                "numeric.pull": column(pull),
                "numeric.gradient": column(grad),
                "numeric.step": column(step),
                "numeric.loss_after": as_sympy(after),
                "numeric.decreased": bool(after < before),
            }


def mistakes(given) -> dict:
    """The typical mistakes' answers in 50-digit arithmetic: each wrong gradient written as an
    explicit sum over the observations (or, for the penalty's lost 2, the central-difference
    gradient minus λw), then the step and Q, written observation by observation, after it."""
    data = Data(given)
    with mpmath.workdps(50):
        mp = lambda q: mpmath.mpf(q.p) / q.q
        w, lam, gamma = [mp(v) for v in data.w], mp(data.lam), mp(data.gamma)
        rows = list(zip(data.X, data.y, data.margins, strict=True))

        def summed(weight):  # -Σ weight(yᵢ, mᵢ) xᵢ + 2λw
            return [
                -mpmath.fsum(weight(yi, mp(m)) * mp(row[j]) for row, yi, m in rows) + 2 * lam * w[j]
                for j in range(len(w))
            ]

        exact = [mpmath.mpf(str(sp.N(v, 50))) for v in data.numbers()["numeric.gradient"]]
        wrong = {
            "sigma_sign": summed(lambda yi, m: yi * mpmath.exp(m) / (1 + mpmath.exp(m))),
            "labels_lost": summed(lambda yi, m: mpmath.exp(-m) / (1 + mpmath.exp(-m))),
            "penalty_halved": [g - lam * v for g, v in zip(exact, w, strict=True)],
        }
        as_sympy = lambda x: sp.Float(mpmath.nstr(x, 45), 45)
        o = {}
        for name, grad in wrong.items():
            step = [v - gamma * g for v, g in zip(w, grad, strict=True)]
            o |= {
                f"mistakes.{name}.numeric.gradient": sp.Matrix([as_sympy(g) for g in grad]),
                f"mistakes.{name}.numeric.step": sp.Matrix([as_sympy(v) for v in step]),
                f"mistakes.{name}.numeric.loss_after": as_sympy(data.loss_mp(step)),
            }
    return o


def numeric(given) -> dict:
    data = Data(given)
    weight = lambda m: sp.exp(-m) / (1 + sp.exp(-m))  # σ(-m), written otherwise than 1/(1 + eᵐ)
    rows = {}
    for i, m in enumerate(data.margins):
        rows |= {
            f"numeric.observations.{i}.margin": m,
            f"numeric.observations.{i}.weight": weight(m),
            f"numeric.observations.{i}.term": sp.log(1 + sp.exp(-m)),
        }
    top, low = max(data.margins), min(data.margins)
    confident, mistaken = bool(top >= CONFIDENT), bool(low < 0)
    shown = {"numeric.top_margin": top, "numeric.top_weight": weight(top)} if confident else {}
    if mistaken:
        shown |= {"numeric.low_margin": low, "numeric.low_weight": weight(low)}
    return (
        rows
        | shown
        | data.numbers()
        | {
            "numeric.n": len(data.X),
            "numeric.penalty": data.lam * sum(v**2 for v in data.w),
            "numeric.loss": data.loss_exact(),
            "numeric.confident": confident,
            "numeric.mistaken": mistaken,
        }
    )


def integers(M) -> bool:
    return all(sp.sympify(v).is_integer for v in sp.Matrix(M))


def data_oracles(given) -> dict:
    positive = lambda v: sp.sympify(v) > 0
    return {
        "given.X": Satisfies(
            lambda X: integers(X) and sp.Matrix(X).shape in ((3, 2), (3, 3)),
            "three integer points in R² or R³",
            ("given.X",),
        ),
        "given.y": Satisfies(
            lambda y: all(v in (1, -1) for v in sp.Matrix(y)), "labels ±1", ("given.y",)
        ),
        "given.w": Satisfies(integers, "an integer weight vector", ("given.w",)),
        "given.lam": Satisfies(positive, "λ > 0", ("given.lam",)),
        "given.gamma": Satisfies(positive, "γ > 0", ("given.gamma",)),
        "given.asked": not (same(given["X"], EXAMPLE["X"]) and same(given["y"], EXAMPLE["y"])),
    }


def invariants(given) -> dict:
    data, X = Data(given), sp.Matrix(given["X"])
    return {
        "w ≠ 0": any(data.w),
        "the points span R^k and none is 0": X.rank() == X.cols and all(any(r) for r in data.X),
        "both classes occur": len(set(data.y)) == 2,
        "the margins are distinct and at most 4 in size": len(set(data.margins))
        == len(data.margins)
        and max(abs(m) for m in data.margins) <= 4,
        "some observation is classified confidently or wrongly": max(data.margins) >= CONFIDENT
        or min(data.margins) < 0,
        "the step lowers Q": data.numbers()["numeric.decreased"],
    }


def oracles(given) -> dict:
    o = item_oracles({"term": ItemSpec(term, "w", "dw", term_point, "gradient")})
    return (
        o
        | {
            "differential": AtRandomPoints(
                point, lambda v: directional(lambda w: loss(v, w), v["w"], v["dw"])
            ),
            "penalty_differential": AtRandomPoints(
                point,
                lambda v: directional(lambda w: v[r"\lambda"] * (w.T @ w).item(), v["w"], v["dw"]),
            ),
            "gradient": AtRandomPoints(point, lambda v: gradient(lambda w: loss(v, w), v["w"])),
        }
        | data_oracles(given)
        | numeric(given)
        | mistakes(given)
    )
