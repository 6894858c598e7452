"""Independent oracle for ranepa3.11: the log-likelihood from scipy's multivariate normal;
its derivatives by central differences of a separately written per-observation sum (which
also accepts a non-symmetric Σ, so every entry can be perturbed); the estimates from numpy's
mean and biased covariance."""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.stats import multivariate_normal

from checks.oracles.numeric import AtRandomPoints, directional, gradient

N, M = 3, 8


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


def oracles(given) -> dict:
    of_mu = lambda v: lambda mu: loglik(v["D"], mu, v[r"\Sigma"])
    of_sigma = lambda v: lambda s: loglik(v["D"], v[r"\mu"], s)
    return {
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
                sum((v["D"][:, [i]] - v[r"\mu"]) @ (v["D"][:, [i]] - v[r"\mu"]).T for i in range(M))
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
