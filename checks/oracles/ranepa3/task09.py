"""Independent oracle for ranepa3.9: Ridge and Lasso objectives written in numpy. Ridge's
optimum from least squares on the augmented system [X; √λ I] w ≈ [y; 0]; Lasso's optimum for
orthonormal columns from scipy's bounded L-BFGS-B on w = u - v, u, v ≥ 0 (no closed form used)."""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.optimize import minimize

from checks.oracles import least_squares as ls
from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    gradient,
    hessian,
    item_oracles,
    second_directional,
)


@cache
def point(seed: int, orthonormal: bool = False) -> dict:
    return ls.problem(np.random.default_rng(900 + seed), orthonormal)


def at(expected, orthonormal: bool = False, atol: float = 1e-6) -> AtRandomPoints:
    return AtRandomPoints(lambda seed: point(seed, orthonormal), expected, atol=atol)


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


def oracles(given) -> dict:
    o = item_oracles(
        {
            "ridge.differential": ItemSpec(ls.ridge, "w", "dw", ls.problem, "gradient"),
            "lasso.differential": ItemSpec(ls.lasso, "w", "dw", ls.problem, "gradient"),
        }
    )
    ridge_grad = lambda v: gradient(lambda w: ls.ridge(v, w), v["w"])
    lasso_grad = lambda v: gradient(lambda w: ls.lasso(v, w), v["w"])
    return o | {
        "ridge.optimum": at(ridge_optimum),
        "ridge.step": at(lambda v: v["w"] - v[r"\gamma"] * ridge_grad(v)),
        "ridge.second": at(lambda v: second_directional(lambda w: ls.ridge(v, w), v["w"], v["dw"])),
        "ridge.hessian": at(lambda v: hessian(lambda w: ls.ridge(v, w), v["w"])),
        "lasso.smooth_gradient": at(lambda v: gradient(lambda w: ls.squares(v, w), v["w"])),
        "lasso.step": at(lambda v: v["w"] - v[r"\gamma"] * lasso_grad(v)),
        "lasso.orthonormal_optimum": at(lasso_optimum, orthonormal=True, atol=1e-5),
    }
