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


@pytest.mark.parametrize("seed", range(5))
def test_q_along_the_antigradient_is_the_parabola_the_page_states(seed):
    """Q(w₀ - t g) = Q(w₀) - t‖g‖² + t²‖Xg‖², with g = ∇Q(w₀): why a long step makes Q grow."""
    rng = np.random.default_rng(seed)
    X, y, w0, t = rng.normal(size=(3, 2)), rng.normal(size=(3, 1)), rng.normal(size=(2, 1)), 0.3
    Q = lambda w: float(np.sum((y - X @ w) ** 2))
    g = -2 * X.T @ (y - X @ w0)
    assert Q(w0 - t * g) == pytest.approx(Q(w0) - t * np.sum(g**2) + t**2 * np.sum((X @ g) ** 2))
