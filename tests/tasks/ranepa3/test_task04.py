"""ranepa3.4 beyond the claim oracle: the numbers of the batch by central differences of a
separately written float network, and each variant's situation told by the page's facts."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from checks.oracles.numeric import gradient
from solutions.ranepa3 import task04


def floats(m) -> np.ndarray:
    return np.array(m.tolist(), dtype=float)


def loss(X, target, W2, W1) -> float:
    return float(np.sum((np.maximum(X @ W2, 0.0) @ W1 - target) ** 2))


@pytest.mark.parametrize("seed", range(9))
def test_the_batch_gradients_and_step_are_central_differences(seed):
    p = task04.variant(seed)
    n = task04.solve(p).numbers
    X, W2, W1, target = (floats(m) for m in (p.X, p.W2, p.W1, p.target))
    gamma = float(p.gamma)
    grad_W2 = gradient(lambda w: loss(X, target, w, W1), W2)
    grad_W1 = gradient(lambda w: loss(X, target, W2, w), W1)
    assert np.allclose(floats(n.dL_dW2), grad_W2, atol=1e-5)
    assert np.allclose(floats(n.dL_dW1), grad_W1, atol=1e-5)
    assert np.allclose(floats(n.W2_after), W2 - gamma * grad_W2, atol=1e-6)
    assert np.allclose(floats(n.W1_after), W1 - gamma * grad_W1, atol=1e-6)
    assert float(n.loss) == pytest.approx(loss(X, target, W2, W1))
    after = loss(X, target, W2 - gamma * grad_W2, W1 - gamma * grad_W1)
    assert float(n.loss_after) == pytest.approx(after)
    assert after < float(n.loss)
    # each observation's share of dL/dW2 is the gradient of its own squared error
    for i, part in enumerate(n.parts):
        own = gradient(lambda w, i=i: loss(X[i : i + 1], target[i : i + 1], w, W1), W2)
        assert np.allclose(floats(part), own, atol=1e-5)


@pytest.mark.parametrize("seed", range(1, 9))
def test_each_situation_tells_its_story(seed):
    """The pool's situation (which units ReLU switches off where) is what the page's facts
    say, for two rounds of the four situations."""
    p = task04.variant(seed)
    n = task04.solve(p).numbers
    shown = task04.variant.situation_of(seed)
    assert shown == task04.SITUATIONS[(seed - 1) % len(task04.SITUATIONS)]
    facts = (n.all_active, n.one_off, n.split, n.dead)
    assert facts == tuple(name == shown for name in task04.SITUATIONS)
    H = floats(n.H)
    if n.dead:  # the dead unit's weights get no gradient
        unit = int(n.off_unit) - 1
        assert np.all(H[:, unit] < 0)
        assert not np.any(floats(n.dL_dW2)[:, unit])
        assert not floats(n.dL_dW1)[unit, 0]
    if n.one_off:
        assert H[int(n.off_row) - 1, int(n.off_unit) - 1] < 0
        assert not floats(n.parts[int(n.off_row) - 1])[:, int(n.off_unit) - 1].any()


def test_variants_state_their_numbers_and_the_sheet_works_an_example():
    assert not task04.PARAMS.asked
    assert all(task04.variant(seed).asked for seed in range(1, 5))


def test_the_examples_mistakes_by_hand():
    """H = [[3, 1], [1, -3]], y = (5, 1), ∂L/∂y = (2, -2), ∂L/∂A = [[2, 4], [-2, -4]],
    ∂L/∂H = [[2, 4], [-2, 0]], ∂L/∂W₁ = (4, 2), ∂L/∂W₂ = [[-2, 4], [6, 8]], γ = 1/50."""
    wrong = task04.solve(task04.PARAMS).mistakes
    M = sp.Matrix
    assert wrong["two_lost"] == {
        "numbers.dL_dW1": M([[2], [1]]),
        "numbers.dL_dW2": M([[-1, 2], [3, 4]]),
    }
    assert wrong["mask_forgotten"] == {"numbers.dL_dW2": M([[-2, -4], [6, 12]])}
    assert wrong["w2_grad_transposed"] == {"numbers.dL_dW2": M([[-2, 6], [4, 8]])}
    R = sp.Rational
    assert wrong["step_sign"] == {
        "numbers.W1_after": M([[R(27, 25)], [R(51, 25)]]),
        "numbers.W2_after": M([[R(24, 25), -R(23, 25)], [R(28, 25), R(29, 25)]]),
    }
