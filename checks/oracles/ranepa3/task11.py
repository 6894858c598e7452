"""Independent oracle for ranepa3.11: the log-likelihood from scipy's multivariate normal;
its derivatives by central differences of a separately written per-observation sum (which
also accepts a non-symmetric Σ, so every entry can be perturbed); the estimates from numpy's
mean and biased covariance. At the given sample: μ̂ and Σ̂ exactly from the moments
(Σ̂ = mean of XXᵀ minus μ̂μ̂ᵀ, not the centred sum), and every gradient value by central
differences of the log-likelihood in 60-digit arithmetic (mpmath)."""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import mpmath
import numpy as np
import sympy as sp
from scipy.stats import multivariate_normal

from checks.oracles.numeric import AtRandomPoints, Satisfies, directional, gradient, same

N, M = 3, 8
# The sheet gives no sample: the booklet's example for the sheet's numbers (it asks nothing)
EXAMPLE = sp.Matrix([[1, 3, 1, 3], [2, 2, 0, 4]])
ANSWERS = (
    "numeric.mu_hat",
    "numeric.sigma_hat",
    "numeric.grad_mu_origin",
    "numeric.grad_sigma_origin",
)


def spd(rng, size):
    a = rng.normal(size=(size, size))
    return a @ a.T + size * np.eye(size)


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(1100 + seed)
    D = rng.normal(size=(N, M)) + rng.normal(size=(N, 1))
    return {
        "D": D,
        r"\mu": rng.normal(size=(N, 1)),
        r"\Sigma": spd(rng, N),
        r"d\mu": rng.normal(size=(N, 1)),
        r"d\Sigma": rng.normal(size=(N, N)),
        r"\hat{\mu}": D.mean(axis=1, keepdims=True),
    }


def loglik(D, mu, Sigma):
    """Σᵢ ln p(Xᵢ), one observation at a time."""
    inverse, (_, logdet) = np.linalg.inv(Sigma), np.linalg.slogdet(Sigma)
    total = 0.0
    for i in range(D.shape[1]):
        r = D[:, [i]] - mu
        total += -0.5 * (N * np.log(2 * np.pi) + logdet + (r.T @ inverse @ r).item())
    return total


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def observations(D) -> list[list[Fraction]]:
    D = sp.Matrix(D)
    return [[Fraction(int(D[r, c])) for r in range(D.rows)] for c in range(D.cols)]


def moments(D) -> tuple[sp.Matrix, sp.Matrix]:
    """μ̂ = the mean point, Σ̂ = the mean of XXᵀ minus μ̂μ̂ᵀ, in exact fractions."""
    points = observations(D)
    count, size = len(points), len(points[0])
    mean = [sum(p[r] for p in points) / count for r in range(size)]
    second = [[sum(p[r] * p[c] for p in points) / count for c in range(size)] for r in range(size)]
    cov = [[second[r][c] - mean[r] * mean[c] for c in range(size)] for r in range(size)]
    exact = lambda q: sp.Rational(q.numerator, q.denominator)
    return sp.Matrix([[exact(v)] for v in mean]), sp.Matrix(cov).applyfunc(exact)


def mp_loglik(points, mu, Sigma) -> mpmath.mpf:
    """Σᵢ ln p(Xᵢ) in mpmath, observation by observation (Σ need not be symmetric)."""
    size = len(points[0])
    inverse, logdet = mpmath.inverse(Sigma), mpmath.log(mpmath.det(Sigma))
    total = mpmath.mpf(0)
    for p in points:
        r = mpmath.matrix([mpmath.mpf(p[k].numerator) - mu[k] for k in range(size)])
        total += -(size * mpmath.log(2 * mpmath.pi) + logdet + (r.T * inverse * r)[0]) / 2
    return total


def mp_gradients(D, mu, Sigma) -> tuple[sp.Matrix, sp.Matrix]:
    """(∇_μ ℓ, ∇_Σ ℓ) at exact μ, Σ by central differences with step 10⁻²⁵ at 60 digits (the
    truncation error is about 10⁻⁵⁰): entry by entry, Σ's entries perturbed one at a time."""
    points = observations(D)
    size = len(points[0])
    with mpmath.workdps(60):
        h = mpmath.mpf("1e-25")
        mp = lambda M: mpmath.matrix(
            [[mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in row] for row in M.tolist()]
        )
        mu0, S0 = mp(sp.Matrix(mu)), mp(sp.Matrix(Sigma))
        g_mu, g_sigma = sp.zeros(size, 1), sp.zeros(size, size)
        for k in range(size):
            step = mpmath.matrix(size, 1)
            step[k] = h
            diff = mp_loglik(points, mu0 + step, S0) - mp_loglik(points, mu0 - step, S0)
            g_mu[k] = sp.Float(mpmath.nstr(diff / (2 * h), 40), 40)
        for r in range(size):
            for c in range(size):
                step = mpmath.matrix(size, size)
                step[r, c] = h
                diff = mp_loglik(points, mu0, S0 + step) - mp_loglik(points, mu0, S0 - step)
                g_sigma[r, c] = sp.Float(mpmath.nstr(diff / (2 * h), 40), 40)
    return g_mu, g_sigma


def sample(given) -> dict:
    D = sp.Matrix(given["D"])
    size, count = D.shape
    mu_hat, sigma_hat = moments(D)
    centred = sp.Matrix(size, count, lambda r, c: D[r, c] - mu_hat[r])
    origin, eye = sp.zeros(size, 1), sp.eye(size)
    at_origin, at_hat = mp_gradients(D, origin, eye), mp_gradients(D, mu_hat, sigma_hat)
    covariance = sigma_hat[0, 1]
    return {
        "numeric.m": count,
        "numeric.total": sp.Matrix([sum(D.row(r)) for r in range(size)]),
        "numeric.mu_hat": mu_hat,
        "numeric.centred": centred,
        "numeric.scatter": count * sigma_hat,
        "numeric.sigma_hat": sigma_hat,
        "numeric.det": sigma_hat[0, 0] * sigma_hat[1, 1] - sigma_hat[0, 1] * sigma_hat[1, 0],
        "numeric.positive": bool(covariance > 0),
        "numeric.gram": sp.Matrix(size, size, lambda r, c: D.row(r).dot(D.row(c))),
        "numeric.grad_mu_origin": at_origin[0],
        "numeric.grad_sigma_origin": at_origin[1],
        "numeric.grad_mu_hat": at_hat[0],
        "numeric.grad_sigma_hat": at_hat[1],
    } | ({} if covariance > 0 else {"numeric.negative": bool(covariance < 0)})  # asked if not >


def mistakes(given) -> dict:
    """The typical mistakes' answers from the moments and the numeric gradients at (0, I):
    Σ̂·m/(m - 1); ∇_Σ without its ½ is twice the gradient; with d(Σ⁻¹) = +Σ⁻¹dΣΣ⁻¹ the data
    term ½DDᵀ (= ∇_Σ + ½mI at Σ = I) changes sign: -∇_Σ - mI; ∇_μ with the sign lost."""
    D = sp.Matrix(given["D"])
    size, count = D.shape
    sigma_hat = moments(D)[1]
    g_mu, g_sigma = mp_gradients(D, sp.zeros(size, 1), sp.eye(size))
    return {
        "mistakes.unbiased.numeric.sigma_hat": sigma_hat * count / (count - 1),
        "mistakes.half_forgotten.numeric.grad_sigma_origin": 2 * g_sigma,
        "mistakes.inverse_sign.numeric.grad_sigma_origin": -g_sigma - count * sp.eye(size),
        "mistakes.mu_sign.numeric.grad_mu_origin": -g_mu,
    }


def data_oracles(given) -> dict:
    return {
        "given.D": Satisfies(
            lambda D: sp.Matrix(D).rows == 2 and all(v.is_integer for v in sp.Matrix(D)),
            "an integer sample in R² (2 rows)",
            ("given.D",),
        ),
        "given.asked": not same(given["D"], EXAMPLE),
    }


def invariants(given) -> dict:
    D = sp.Matrix(given["D"])
    mu_hat, sigma_hat = moments(D)
    return {
        "more observations than coordinates (m > n)": D.cols > D.rows,
        "Σ̂ is non-singular (the points are not on one line)": sigma_hat.det() != 0,
        "μ̂ has integer entries": all(v.is_integer for v in mu_hat),
        "the observations are distinct": len({tuple(D.col(c)) for c in range(D.cols)}) == D.cols,
    }


def oracles(given) -> dict:
    of_mu = lambda v: lambda mu: loglik(v["D"], mu, v[r"\Sigma"])
    of_sigma = lambda v: lambda s: loglik(v["D"], v[r"\mu"], s)
    return (
        {
            "loglik": at(
                lambda v: multivariate_normal(v[r"\mu"][:, 0], v[r"\Sigma"]).logpdf(v["D"].T).sum()
            ),
            "d_trace_mu": at(
                lambda v: directional(
                    lambda mu: sum(
                        (
                            (v["D"][:, [i]] - mu).T
                            @ np.linalg.inv(v[r"\Sigma"])
                            @ (v["D"][:, [i]] - mu)
                        ).item()
                        for i in range(M)
                    ),
                    v[r"\mu"],
                    v[r"d\mu"],
                )
            ),
            "sigma_stationary": at(
                lambda v: (
                    sum(
                        (v["D"][:, [i]] - v[r"\mu"]) @ (v["D"][:, [i]] - v[r"\mu"]).T
                        for i in range(M)
                    )
                    / M
                )
            ),
            "d_mu": at(lambda v: directional(of_mu(v), v[r"\mu"], v[r"d\mu"])),
            "grad_mu": at(lambda v: gradient(of_mu(v), v[r"\mu"])),
            "d_sigma": at(lambda v: directional(of_sigma(v), v[r"\Sigma"], v[r"d\Sigma"])),
            "grad_sigma": at(lambda v: gradient(of_sigma(v), v[r"\Sigma"])),
            "mu_hat": at(lambda v: v["D"].mean(axis=1, keepdims=True)),
            "sigma_hat": at(lambda v: np.cov(v["D"], bias=True)),
        }
        | data_oracles(given)
        | sample(given)
        | mistakes(given)
    )
