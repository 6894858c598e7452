"""ranepa3.8-9: the Hessians the booklet states are positive definite, so the stationary
points are minima; Ridge's even when XᵀX is singular."""
from __future__ import annotations

import numpy as np
import pytest

from tests.oracles.numeric import evaluate


@pytest.mark.parametrize("seed", range(5))
def test_ols_hessian_positive_definite_for_full_rank(booklet, seed):
    X = np.random.default_rng(seed).normal(size=(6, 3))
    H = evaluate(booklet.ledger.exact("ranepa3.8.hessian"), {"X": X})
    assert np.linalg.eigvalsh(H).min() > 0


@pytest.mark.parametrize("seed", range(5))
def test_ridge_hessian_positive_definite_even_for_rank_deficient_X(booklet, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 3))  # rank 2 < 3 columns
    lam = rng.uniform(0.1, 1)
    H = evaluate(booklet.ledger.exact("ranepa3.9.ridge.hessian"), {"X": X, r"\lambda": lam})
    assert np.linalg.eigvalsh(2 * X.T @ X).min() < 1e-9 < np.linalg.eigvalsh(H).min()
