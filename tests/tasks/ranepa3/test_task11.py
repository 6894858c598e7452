"""ranepa3.11: the estimates maximise the likelihood on random samples (scipy's density)."""

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
