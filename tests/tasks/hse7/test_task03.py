"""hse7.3: the oracle's Jacobian-product gradients are themselves right (finite differences
on a small network), so agreeing with them means something."""

from __future__ import annotations

import numpy as np
import pytest

from checks.oracles.hse7.task03 import ACT, jacobian_gradients, setup
from checks.oracles.numeric import gradient


@pytest.mark.parametrize("activation", sorted(ACT))
def test_oracle_gradients_match_finite_differences(activation):
    x, target, weights = setup(depth=3, width=4, batch=5, seed=1)
    f = ACT[activation][0]

    def loss(W, k):
        a = x
        for j, Wj in enumerate(weights):
            a = f(a @ (W if j == k else Wj))
        return float(np.mean((a - target) ** 2))

    for k, g in enumerate(jacobian_gradients(activation, x, target, weights)):
        assert np.allclose(g, gradient(lambda W, k=k: loss(W, k), weights[k]), atol=1e-7)
