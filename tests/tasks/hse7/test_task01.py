"""hse7.1: the numeric layer's gradients are those of L = x̄ᵀ g(W x + b) by central differences
in floats, for the sheet's example and a few variants."""

from __future__ import annotations

import numpy as np
import pytest

from checks.oracles.numeric import gradient
from solutions.hse7 import task01


def floats(m) -> np.ndarray:
    return np.array(m.evalf().tolist(), dtype=float)


@pytest.mark.parametrize("n", range(4))
def test_the_numeric_layer_matches_finite_differences(n):
    p = task01.variant(n)
    W, b, x, x_bar = (floats(m) for m in (p.W, p.b, p.x_prev, p.x_bar))
    numbers = task01.solve(p).example

    def loss(W_, b_, x_):
        return float((x_bar * (1 / (1 + np.exp(-(W_ @ x_ + b_))))).sum())

    assert np.allclose(floats(numbers.grad_W), gradient(lambda w: loss(w, b, x), W), atol=1e-7)
    assert np.allclose(floats(numbers.grad_b), gradient(lambda c: loss(W, c, x), b), atol=1e-7)
    assert np.allclose(floats(numbers.grad_prev), gradient(lambda u: loss(W, b, u), x), atol=1e-7)
