"""ranepa3.5 beyond the claim oracle: the gradients by finite differences on a separately
written float network, and the sheet's inconsistency that the remark reports."""

from __future__ import annotations

import numpy as np
import pytest

X = np.array([1.0, 2.0])
W1 = np.array([[1.0, -1.0], [0.5, 0.0]])
W2 = np.array([0.5, 1.0])
Y = 0.0


def output(w1, w2, x=X):
    return np.maximum(0.0, x @ w1) @ w2


LOSSES = {
    "mse_step": lambda out: (out - Y) ** 2,
    "logloss_step": lambda out: -np.log(1.0 - 1.0 / (1.0 + np.exp(-out))),  # class y = 0
}


def numeric_gradients(loss, eps=1e-6):
    def total(flat):
        return loss(output(flat[:4].reshape(2, 2), flat[4:]))

    flat = np.concatenate([W1.ravel(), W2])
    grad = np.array(
        [(total(flat + eps * e) - total(flat - eps * e)) / (2 * eps) for e in np.eye(flat.size)]
    )
    return grad[:4].reshape(2, 2), grad[4:].reshape(2, 1)


@pytest.mark.parametrize("step", sorted(LOSSES))
def test_weight_gradients_match_finite_differences(booklet, step):
    grad_w1, grad_w2 = numeric_gradients(LOSSES[step])
    claims = booklet.ledger
    assert np.allclose(claims[f"ranepa3.5.{step}.grad_W1"].value, grad_w1, atol=1e-6)
    assert np.allclose(claims[f"ranepa3.5.{step}.grad_W2"].value, grad_w2, atol=1e-6)
    new_w1 = W1 - grad_w1
    new_w2 = W2 - grad_w2.ravel()
    assert np.isclose(
        claims[f"ranepa3.5.{step}.loss_after"].value,
        LOSSES[step](output(new_w1, new_w2)),
        atol=1e-6,
    )


def test_sheet_gradient_fits_another_target(booklet):
    """The sheet sends -2 into the last layer; with y = 0 MSE sends +2: the remark says so."""
    yhat = output(W1, W2)
    assert 2 * (yhat - Y) == 2.0
    claims = booklet.ledger
    assert claims["ranepa3.5.check.true_seed"].value == 2 * (yhat - Y)
    assert 2 * (yhat - claims["ranepa3.5.check.fitting_target"].value) == -2.0


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1, 13))
def test_each_situation_tells_its_story(seed):
    """The pool's situation (which neuron is blocked, whether the MSE step kills) is what
    the page's facts say, for two rounds of the six situations."""
    from solutions.ranepa3 import task05

    p = task05.variant(seed)
    r = task05.solve(p)
    blocked, fate = task05.variant.situation_of(seed).split(", MSE step ")
    assert r.relu_passes_all == (blocked == "none blocked")
    assert r.relu_blocks_one == (blocked != "none blocked")
    if r.relu_blocks_one:
        assert blocked == f"neuron {r.blocked} blocked"
    assert r.mse_step.all_dead == (fate == "kills") != r.mse_step.kept_active
    assert r.check.gradient_fits_target  # a variant's stated gradients are consistent
    h_after = np.array([float(v) for v in r.mse_step.h_after])
    x = np.array([float(v) for v in p.x])
    assert np.allclose(h_after, x @ np.array(r.mse_step.W1.tolist(), dtype=float))
