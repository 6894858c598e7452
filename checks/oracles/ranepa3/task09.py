"""Independent oracle for ranepa3.9: Ridge and Lasso objectives written in numpy. Ridge's
optimum from least squares on the augmented system [X; √λ I] w ≈ [y; 0]; Lasso's optimum for
orthonormal (and orthogonal) columns from scipy's bounded L-BFGS-B on w = u - v, u, v ≥ 0 (no
closed form used).

At the variant's numbers: Ridge's Q as a sympy polynomial in w₁, w₂, differentiated and solved
by sympy; Lasso's optimum by trying every sign pattern of (w₁, w₂) (each wⱼ < 0, = 0 or > 0),
solving the smooth problem on it exactly and keeping the pattern whose subgradient conditions
hold: no orthogonality and no thresholding used."""

from __future__ import annotations

from functools import cache
from itertools import product

import numpy as np
import sympy as sp
from scipy.optimize import minimize

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
from checks.oracles.once import per_given

# what a grader compares: the numbers of both parts
ANSWERS = (
    "ridge.numbers.optimum",
    "ridge.numbers.step",
    "ridge.numbers.hessian",
    "lasso.numbers.optimum",
    "lasso.numbers.step",
)
# our example, which the sheet's page works (the sheet gives no numbers): no variant repeats it
EXAMPLE = {
    "ridge_X": [[1, 0], [1, 1], [1, 2]],
    "ridge_y": [[1], [2], [4]],
    "ridge_lam": 1,
    "ridge_w0": [[1], [1]],
    "lasso_X": [[1, 1], [1, -1], [1, 0]],
    "lasso_y": [[3], [1], [2]],
    "lasso_lam": 6,
    "lasso_w0": [[1], [1]],
    "gamma": sp.Rational(1, 10),
}
MAX_DET = 40


@cache
def point(seed: int, orthonormal: bool = False) -> dict:
    return ls.problem(np.random.default_rng(900 + seed), orthonormal)


@cache
def orthogonal_point(seed: int) -> dict:
    """Orthogonal columns of different lengths: XᵀX diagonal, not I."""
    v = dict(point(seed, orthonormal=True))
    v["X"] = v["X"] * np.random.default_rng(950 + seed).uniform(0.5, 2.0, size=ls.K)
    return v


def at(expected, sample=None, atol: float = 1e-6) -> AtRandomPoints:
    return AtRandomPoints(sample or point, expected, atol=atol)


def ridge_optimum(v):
    root = np.sqrt(v[r"\lambda"]) * np.eye(ls.K)
    stacked = np.vstack([v["X"], root]), np.vstack([v["y"], np.zeros((ls.K, 1))])
    return np.linalg.lstsq(*stacked, rcond=None)[0]


def lasso_optimum(v):
    def objective(uv):
        w = (uv[: ls.K] - uv[ls.K :]).reshape(-1, 1)
        return ls.lasso(v, w)

    found = minimize(
        objective,
        np.zeros(2 * ls.K),
        method="L-BFGS-B",
        bounds=[(0, None)] * (2 * ls.K),
        options={"ftol": 1e-15, "gtol": 1e-12},
    )
    return (found.x[: ls.K] - found.x[ls.K :]).reshape(-1, 1)


class Squares:
    """Σᵢ (yᵢ - xᵢ₁w₁ - xᵢ₂w₂)² at given data, a sympy polynomial, and its derivatives."""

    def __init__(self, X, y):
        self.X, self.y = sp.Matrix(X), sp.Matrix(y)
        self.w = sp.symbols("w1 w2", real=True)
        self.Q = sp.expand(
            sum(
                (self.y[i] - self.X[i, 0] * self.w[0] - self.X[i, 1] * self.w[1]) ** 2
                for i in range(self.X.rows)
            )
        )
        self.grad = sp.Matrix([sp.diff(self.Q, wj) for wj in self.w])

    def at(self, expr, w):
        return expr.subs(dict(zip(self.w, list(w), strict=True)))


@per_given
def ridge_numbers(given) -> dict:
    sq = Squares(given["ridge_X"], given["ridge_y"])
    lam, w0 = sp.sympify(given["ridge_lam"]), sp.Matrix(given["ridge_w0"])
    penalty = lam * (sq.w[0] ** 2 + sq.w[1] ** 2)
    Q = sq.Q + penalty
    grad = sp.Matrix([sp.diff(Q, wj) for wj in sq.w])
    H = sp.hessian(Q, sq.w)
    solution = sp.solve(list(grad), sq.w, dict=True)[0]
    optimum = sp.Matrix([solution[wj] for wj in sq.w])
    gram = sp.hessian(sq.Q, sq.w) / 2
    shifted = H / 2
    g0 = sq.at(grad, w0)
    return {
        "ridge.numbers.gram": gram,
        "ridge.numbers.gram_det": gram.det(),
        "ridge.numbers.singular": bool(sq.X.rank() < 2),
        "ridge.numbers.shifted": shifted,
        "ridge.numbers.shifted_det": shifted.det(),
        "ridge.numbers.adjugate": shifted.inv() * shifted.det(),
        "ridge.numbers.moment": -sq.at(sq.grad, (0, 0)) / 2,
        "ridge.numbers.scaled": optimum * shifted.det(),
        "ridge.numbers.optimum": optimum,
        "ridge.numbers.data_gradient": sq.at(sq.grad, w0),
        "ridge.numbers.penalty_gradient": sp.Matrix([sp.diff(penalty, wj) for wj in sq.w]).subs(
            dict(zip(sq.w, w0, strict=True))
        ),
        "ridge.numbers.gradient": g0,
        "ridge.numbers.step": w0 - sp.sympify(given["gamma"]) * g0,
        "ridge.numbers.hessian": H,
        "ridge.numbers.hessian_det": H.det(),
        "ridge.numbers.positive_definite": bool(all(ev > 0 for ev in H.eigenvals())),
    }


def lasso_by_sign_patterns(sq: Squares, lam) -> sp.Matrix:
    """The minimiser of sq.Q + λ(|w₁| + |w₂|): on each sign pattern the objective is smooth;
    its stationary point there is the optimum when its signs match and the subgradient
    conditions hold for the zero weights."""
    for pattern in product((-1, 0, 1), repeat=2):
        free = [wj for wj, s in zip(sq.w, pattern, strict=True) if s != 0]
        fixed = {wj: 0 for wj, s in zip(sq.w, pattern, strict=True) if s == 0}
        smooth = sq.Q.subs(fixed) + lam * sum(
            s * wj for wj, s in zip(sq.w, pattern, strict=True) if s
        )
        found = sp.solve([sp.diff(smooth, wj) for wj in free], free, dict=True) if free else [{}]
        if not found:
            continue
        w = sp.Matrix([found[0].get(wj, fixed.get(wj)) for wj in sq.w])
        g = sq.at(sq.grad, w)
        if all(
            sp.sign(wj) == s if s else abs(gj) <= lam
            for wj, gj, s in zip(w, g, pattern, strict=True)
        ):
            return w
    raise ValueError("no sign pattern satisfies the optimality conditions")


@per_given
def lasso_numbers(given) -> dict:
    sq = Squares(given["lasso_X"], given["lasso_y"])
    lam, w0 = sp.sympify(given["lasso_lam"]), sp.Matrix(given["lasso_w0"])
    optimum = lasso_by_sign_patterns(sq, lam)
    D = sp.hessian(sq.Q, sq.w) / 2
    z = -sq.at(sq.grad, (0, 0)) / 2
    g_opt = sq.at(sq.grad, optimum)
    sign_w0 = sp.Matrix([sp.sign(v) for v in w0])
    smooth = sq.at(sq.grad, w0)
    o = {
        "lasso.numbers.gram": D,
        # orthonormal columns: every column of length 1 and the columns orthogonal
        "lasso.numbers.identity": bool(
            all(sum(v**2 for v in sq.X.col(j)) == 1 for j in range(2))
            and sq.X.col(0).dot(sq.X.col(1)) == 0
        ),
        "lasso.numbers.moment": z,
        "lasso.numbers.threshold": lam / 2,
        "lasso.numbers.soft": D * optimum,
        "lasso.numbers.optimum": optimum,
        "lasso.numbers.least_squares": sq.X.solve_least_squares(sq.y),
        "lasso.numbers.optimum_gradient": g_opt,
        # the conditions, checked again at the published optimum: a subgradient 0 exists
        "lasso.numbers.optimal": bool(
            all(
                g + lam * sp.sign(w) == 0 if w else abs(g) <= lam
                for g, w in zip(g_opt, optimum, strict=True)
            )
        ),
        "lasso.numbers.sign_w0": sign_w0,
        "lasso.numbers.smooth_gradient": smooth,
        "lasso.numbers.subgradient": smooth + lam * sign_w0,
        "lasso.numbers.step": w0 - sp.sympify(given["gamma"]) * (smooth + lam * sign_w0),
    }
    for j in range(2):
        o[f"lasso.numbers.components.{j}.size"] = abs(z[j])
        o[f"lasso.numbers.components.{j}.kept"] = bool(optimum[j] != 0)
    return o


def mistakes(given) -> dict:
    """The typical mistakes' answers from the polynomials: Ridge's optimum through the inverse
    of the Hessian's half with its off-diagonal entries negated, or as the stationary point of
    Q with the penalty 2λ‖w‖², and the step with the gradient of the squares alone; Lasso's
    threshold λ instead of λ/2 is Lasso with the penalty 2λ (solved by sign patterns), and XᵀX
    taken as I gives the soft-thresholded z, that is D·ŵ."""
    gamma = sp.sympify(given["gamma"])
    sq = Squares(given["ridge_X"], given["ridge_y"])
    lam, w0 = sp.sympify(given["ridge_lam"]), sp.Matrix(given["ridge_w0"])
    inverse = (sp.hessian(sq.Q, sq.w) / 2 + lam * sp.eye(2)).inv()
    unsigned = sp.Matrix(2, 2, lambda i, j: inverse[i, j] * (1 if i == j else -1))
    z = -sq.at(sq.grad, (0, 0)) / 2
    doubled = sq.Q + 2 * lam * (sq.w[0] ** 2 + sq.w[1] ** 2)
    found = sp.solve([sp.diff(doubled, wj) for wj in sq.w], sq.w, dict=True)[0]
    lsq = Squares(given["lasso_X"], given["lasso_y"])
    lasso_lam = sp.sympify(given["lasso_lam"])
    D = sp.hessian(lsq.Q, lsq.w) / 2
    return {
        "mistakes.ridge_adjugate_signs.ridge.numbers.optimum": unsigned * z,
        "mistakes.ridge_penalty_doubled.ridge.numbers.optimum": sp.Matrix(
            [found[wj] for wj in sq.w]
        ),
        "mistakes.ridge_penalty_forgotten.ridge.numbers.step": w0 - gamma * sq.at(sq.grad, w0),
        "mistakes.lasso_threshold.lasso.numbers.optimum": lasso_by_sign_patterns(
            lsq, 2 * lasso_lam
        ),
        "mistakes.lasso_gram_ignored.lasso.numbers.optimum": D
        * lasso_by_sign_patterns(lsq, lasso_lam),
    }


def integer_3x2(X) -> bool:
    X = sp.Matrix(X)
    return X.shape == (3, 2) and all(v.is_integer for v in X) and X.rank() >= 1


def column(size):
    return lambda v: sp.Matrix(v).shape == (size, 1) and all(x.is_integer for x in sp.Matrix(v))


def data_oracles(given) -> dict:
    def check(path, holds, description):
        return Satisfies(holds, description, (path,))

    positive_integer = lambda v: sp.sympify(v).is_integer and v > 0
    return {
        "given.ridge_X": check("given.ridge_X", integer_3x2, "a nonzero 3×2 integer matrix"),
        "given.lasso_X": check(
            "given.lasso_X",
            lambda X: integer_3x2(X) and (sp.Matrix(X).T * sp.Matrix(X)).is_diagonal(),
            "a 3×2 integer matrix with orthogonal columns",
        ),
        "given.ridge_y": check("given.ridge_y", column(3), "an integer column of three"),
        "given.lasso_y": check("given.lasso_y", column(3), "an integer column of three"),
        "given.ridge_w0": check("given.ridge_w0", column(2), "an integer column of two"),
        "given.lasso_w0": check("given.lasso_w0", column(2), "an integer column of two"),
        "given.ridge_lam": check("given.ridge_lam", positive_integer, "λ a positive integer"),
        "given.lasso_lam": check("given.lasso_lam", positive_integer, "λ a positive integer"),
        "given.gamma": check("given.gamma", lambda g: 0 < g < 1, "0 < γ < 1"),
        "given.asked": not all(same(given[name], EXAMPLE[name]) for name in EXAMPLE),
    }


def oracles(given) -> dict:
    o = item_oracles(
        {
            "ridge.differential": ItemSpec(ls.ridge, "w", "dw", ls.problem, "gradient"),
            "lasso.differential": ItemSpec(ls.lasso, "w", "dw", ls.problem, "gradient"),
        }
    )
    ridge_grad = lambda v: gradient(lambda w: ls.ridge(v, w), v["w"])
    lasso_grad = lambda v: gradient(lambda w: ls.lasso(v, w), v["w"])
    ridge_at = lambda f: lambda v: f(lambda w: ls.ridge(v, w), v)
    return (
        o
        | data_oracles(given)
        | ridge_numbers(given)
        | lasso_numbers(given)
        | mistakes(given)
        | {
            "ridge.optimum": at(ridge_optimum),
            "ridge.step": at(lambda v: v["w"] - v[r"\gamma"] * ridge_grad(v)),
            "ridge.second": at(ridge_at(lambda f, v: second_directional(f, v["w"], v["dw"]))),
            "ridge.hessian": at(ridge_at(lambda f, v: hessian(f, v["w"]))),
            "lasso.smooth_gradient": at(lambda v: gradient(lambda w: ls.squares(v, w), v["w"])),
            "lasso.step": at(lambda v: v["w"] - v[r"\gamma"] * lasso_grad(v)),
            "lasso.orthonormal_optimum": at(
                lasso_optimum, lambda seed: point(seed, orthonormal=True), atol=1e-5
            ),
            "lasso.diagonal_optimum": at(lasso_optimum, orthogonal_point, atol=1e-5),
        }
    )


def invariants(given) -> dict:
    rX, lX = sp.Matrix(given["ridge_X"]), sp.Matrix(given["lasso_X"])
    ridge = ridge_numbers(given)
    lasso = lasso_numbers(given)
    z, half = lasso["lasso.numbers.moment"], sp.sympify(given["lasso_lam"]) / 2
    hand_sized = (rX.T * rX + given["ridge_lam"] * sp.eye(2)).det() <= MAX_DET
    no_zero_row = lambda X: all(any(X[i, j] != 0 for j in (0, 1)) for i in range(3))
    return {
        "Ridge: X has no row of zeros and det(XᵀX + λI) ≤ 40": no_zero_row(rX) and hand_sized,
        "Ridge: w₀ is not the optimum": ridge["ridge.numbers.gradient"] != sp.zeros(2, 1),
        "Lasso: X has orthogonal columns and no row of zeros": (lX.T * lX).is_diagonal()
        and lX.rank() == 2
        and no_zero_row(lX),
        "Lasso: no (Xᵀy)ⱼ at 0 or at the threshold ±λ/2": all(abs(v) not in (0, half) for v in z),
        "Lasso: ŵ ≠ 0 and w₀ ≠ ŵ": lasso["lasso.numbers.optimum"] != sp.zeros(2, 1)
        and sp.Matrix(given["lasso_w0"]) != lasso["lasso.numbers.optimum"],
    }
