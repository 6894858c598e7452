"""ranepa3.12: no symmetric perturbation of ½(A + Aᵀ) comes closer to A."""

from __future__ import annotations

import numpy as np
import pytest

from checks.oracles.numeric import evaluate


@pytest.mark.parametrize("seed", range(5))
def test_no_symmetric_matrix_is_closer(booklet, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(4, 4))
    best = evaluate(booklet.ledger.exact("ranepa3.12.solution"), {"A": A})
    assert np.allclose(best, best.T)
    distance = ((best - A) ** 2).sum()
    for _ in range(200):
        bump = rng.normal(size=(4, 4)) * rng.uniform(1e-3, 1)
        assert ((best + (bump + bump.T) / 2 - A) ** 2).sum() > distance
