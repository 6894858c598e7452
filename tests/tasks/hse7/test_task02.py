"""hse7.2: the booklet's ∂L/∂w_mn, as a sum over output positions of δ times the input
window, is scipy's cross-correlation of the input with δ, for every (m, n)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.signal import correlate2d

from checks.oracles.numeric import evaluate


@pytest.mark.parametrize("seed", range(3))
def test_gradient_is_a_cross_correlation_of_input_with_delta(booklet, seed):
    rng = np.random.default_rng(seed)
    H, W, K1, K2 = 6, 5, 2, 3
    x_prev, delta = rng.normal(size=(H, W)), rng.normal(size=(H - K1 + 1, W - K2 + 1))
    formula = booklet.ledger.exact("hse7.2.partial_w_delta")
    values = {
        "H": H,
        "W": W,
        "k_1": K1,
        "k_2": K2,
        "x^{l-1}": sp.Array(x_prev.tolist()),
        r"\delta^{l}": sp.Array(delta.tolist()),
    }
    booklet_grad = np.array(
        [
            [evaluate(formula, values | {"m": m, "n": n}).item() for n in range(K2)]
            for m in range(K1)
        ]
    )
    assert np.allclose(booklet_grad, correlate2d(x_prev, delta, mode="valid"))


@pytest.mark.parametrize("n", range(4))
def test_the_numeric_layer_agrees_with_scipy(n):
    """The variant's output map and ∂L/∂w, against scipy's correlation and expit, and ∂L/∂w
    against central differences of L = Σ x̄ ∘ g(corr(x, w)) in floats."""
    from scipy.special import expit

    from checks.oracles.numeric import gradient
    from solutions.hse7 import task02

    p = task02.variant(n)
    image, weights, x_bar = (
        np.array(m.tolist(), dtype=float) for m in (p.image, p.weights, p.x_bar)
    )
    numbers = task02.solve(p).numbers
    output = expit(correlate2d(image, weights, mode="valid"))
    assert np.allclose(np.array(numbers.output.evalf().tolist(), dtype=float), output)
    loss = lambda w: float((x_bar * expit(correlate2d(image, w, mode="valid"))).sum())
    grad = np.array(numbers.grad_w.evalf().tolist(), dtype=float)
    assert np.allclose(grad, gradient(loss, weights), atol=1e-7)
