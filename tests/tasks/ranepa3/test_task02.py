"""ranepa3.2's numbers by a third route: the loss of the stated network in numpy, its gradients
by central differences, for variants of every situation."""

from __future__ import annotations

import numpy as np
import pytest

from solutions.ranepa3.task02 import PARAMS, solve, variant

SEEDS = range(7)  # the sheet's example and variants 1-6: each situation twice


def loss(p, W1, W2, W3) -> float:
    f = (lambda t: np.maximum(t, 0)) if p.relu else (lambda t: 1 / (1 + np.exp(-t)))
    x = np.array(p.x, dtype=float)
    yhat = f(f(f(x @ W1) @ W2) @ W3)[0, 0]
    return 0.5 * (float(p.y) - yhat) ** 2


@pytest.mark.parametrize("seed", SEEDS)
def test_gradients_agree_with_central_differences(seed):
    p = variant(seed)
    shown = solve(p).numbers
    W = [np.array(m, dtype=float) for m in (p.W1, p.W2, p.W3)]
    for k, grad in enumerate((shown.grad_W1, shown.grad_W2, shown.grad_W3)):
        numeric = np.zeros_like(W[k])
        for index in np.ndindex(W[k].shape):
            step = np.zeros_like(W[k])
            step[index] = 1e-6
            plus, minus = list(W), list(W)
            plus[k], minus[k] = W[k] + step, W[k] - step
            numeric[index] = (loss(p, *plus) - loss(p, *minus)) / 2e-6
        assert np.allclose(np.array(grad, dtype=float), numeric, atol=1e-7), (seed, k)


def test_the_first_variants_show_every_situation_twice():
    shown = [variant.situation_of(n) for n in range(1, 7)]
    assert sorted(shown) == sorted(variant.situations * 2)


def test_the_examples_mistakes_by_hand():
    """x = (1, 2): z¹ = (3, 4), z² = (5, 7), ŷ = 3, δ³ = 1, δ² = W₃ᵀ = (2, -1). Through W₂
    instead of W₂ᵀ: δ¹ = (2, -1) W₂ = (-4, 1) and ∂L/∂W₁ = xᵀδ¹."""
    r = solve(PARAMS)
    n, wrong = r.numbers, r.mistakes
    assert wrong["w_not_transposed"]["numbers.grad_W1"].tolist() == [[-4, 1], [-8, 2]]
    for k in (1, 2, 3):
        assert wrong["error_sign"][f"numbers.grad_W{k}"] == -getattr(n, f"grad_W{k}")
    for k in (1, 2):
        assert wrong["gradient_transposed"][f"numbers.grad_W{k}"] == getattr(n, f"grad_W{k}").T


def test_the_output_error_is_a_plain_product():
    """δ³ = (ŷ - y) f'(z³): the output layer has one neuron, so the booklet writes a product of
    numbers there, and ∘ only where rows meet (δ² and δ¹)."""
    import sympy as sp

    backprop = solve(PARAMS).backprop
    assert r"\circ" not in sp.latex(backprop.delta[0])
    assert all(r"\circ" in sp.latex(d) for d in backprop.delta[1:])
    for gradient in solve(PARAMS).matrix_gradients:
        assert r"\circ" not in sp.latex(gradient).split(r"W_{3}^{T}")[0]
