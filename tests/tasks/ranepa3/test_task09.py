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


@pytest.mark.parametrize("n", range(0, 40, 3))
def test_lasso_moves_each_least_squares_weight_to_zero_by_lambda_over_2d(n):
    """What the page says of its numbers: ŵⱼ = (D⁻¹z)ⱼ ∓ λ/(2dⱼ), or 0 where that shift would
    cross zero."""
    from solutions.ranepa3 import task09

    p = task09.variant(n)
    numbers = task09.solve(p).lasso.numbers
    for j in range(2):
        shift = p.lasso_lam / (2 * numbers.gram[j, j])
        ols, found = numbers.least_squares[j], numbers.optimum[j]
        if abs(ols) > shift:
            assert found == ols - shift * (1 if ols > 0 else -1)
        else:
            assert found == 0
