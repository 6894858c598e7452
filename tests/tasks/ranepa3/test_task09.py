"""ranepa3.9: Ridge's Hessian is positive definite even when XᵀX is singular, so its
stationary point is the minimum."""

from __future__ import annotations

import numpy as np
import pytest

from checks.oracles.numeric import evaluate


@pytest.mark.parametrize("seed", range(5))
def test_ridge_hessian_positive_definite_even_for_rank_deficient_X(booklet, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 3))  # rank 2 < 3 columns
    lam = rng.uniform(0.1, 1)
    H = evaluate(booklet.ledger.exact("ranepa3.9.ridge.hessian"), {"X": X, r"\lambda": lam})
    assert np.linalg.eigvalsh(2 * X.T @ X).min() < 1e-9 < np.linalg.eigvalsh(H).min()
