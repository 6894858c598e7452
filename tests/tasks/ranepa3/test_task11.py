"""ranepa3.11: the estimates maximise the likelihood on random samples and on every variant's
sample (scipy's density)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from checks.oracles.numeric import gradient


def loglik(D, mu, Sigma):
    return multivariate_normal(mu.ravel(), Sigma).logpdf(D.T).sum()


def estimates(booklet, D):
    """μ̂ and Σ̂ as the booklet's formulas give them, evaluated on D."""
    from checks.oracles.numeric import evaluate

    mu = evaluate(booklet.ledger.exact("ranepa3.11.mu_hat"), {"D": D})
    sigma = evaluate(booklet.ledger.exact("ranepa3.11.sigma_hat"), {"D": D, r"\hat{\mu}": mu})
    return mu, sigma


@pytest.mark.parametrize("seed", range(5))
def test_gradient_vanishes_and_no_perturbation_does_better(booklet, seed):
    rng = np.random.default_rng(seed)
    n, m = 3, 40
    D = rng.multivariate_normal(rng.normal(size=n), np.diag(rng.uniform(0.5, 2, n)), size=m).T
    mu, sigma = estimates(booklet, D)
    best = loglik(D, mu, sigma)
    assert np.allclose(gradient(lambda x: loglik(D, x, sigma), mu), 0, atol=1e-5)
    for _ in range(50):
        bump = rng.normal(size=(n, n)) * 0.05
        shifted = sigma + (bump + bump.T) / 2
        if np.all(np.linalg.eigvalsh(shifted) > 0):
            assert loglik(D, mu + rng.normal(size=(n, 1)) * 0.05, shifted) <= best


@pytest.mark.parametrize("seed", range(1, 11))
def test_a_variants_estimates_maximise_its_samples_likelihood(seed):
    """The numbers of variant `seed`: no nearby (μ, Σ) gives its sample a higher likelihood."""
    from solutions.ranepa3 import task11

    params = task11.variant(seed)
    numeric = task11.solve(params).numeric
    D = np.array(params.D, dtype=float)
    mu, sigma = (np.array(m, dtype=float) for m in (numeric.mu_hat, numeric.sigma_hat))
    best = loglik(D, mu, sigma)
    rng = np.random.default_rng(seed)
    for _ in range(50):
        bump = rng.normal(size=(2, 2)) * 0.05
        shifted = sigma + (bump + bump.T) / 2
        if np.all(np.linalg.eigvalsh(shifted) > 0):
            assert loglik(D, mu + rng.normal(size=(2, 1)) * 0.05, shifted) <= best
