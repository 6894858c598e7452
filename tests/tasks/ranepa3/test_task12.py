"""ranepa3.12: no matrix of the family (symmetric, or skew-symmetric in some variants) comes
closer to A than X*."""

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


@pytest.mark.parametrize("seed", range(1, 21))
def test_a_variants_numbers_are_the_nearest_of_its_family(seed):
    """Symmetric or skew-symmetric by the variant's statement: X* is in the family, and no
    matrix of the family comes closer to the variant's A."""
    from solutions.ranepa3 import task12

    params = task12.variant(seed)
    sign = -1 if params.skew else 1
    A = np.array(params.A, dtype=float)
    best = np.array(task12.solve(params).numeric.solution, dtype=float)
    assert np.allclose(best.T, sign * best)
    distance = ((best - A) ** 2).sum()
    assert distance > 0
    assert np.any(best != 0)
    rng = np.random.default_rng(seed)
    for _ in range(100):
        bump = rng.normal(size=A.shape)
        assert ((best + (bump + sign * bump.T) / 2 - A) ** 2).sum() > distance
