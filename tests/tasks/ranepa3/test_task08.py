"""ranepa3.8: the Hessian the booklet states is positive definite for a full-rank X, so the
stationary point is the minimum."""

from __future__ import annotations

import numpy as np
import pytest

from checks.oracles.numeric import evaluate


@pytest.mark.parametrize("seed", range(5))
def test_ols_hessian_positive_definite_for_full_rank(booklet, seed):
    X = np.random.default_rng(seed).normal(size=(6, 3))
    H = evaluate(booklet.ledger.exact("ranepa3.8.hessian"), {"X": X})
    assert np.linalg.eigvalsh(H).min() > 0
