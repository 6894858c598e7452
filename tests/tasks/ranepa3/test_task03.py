"""ranepa3.3 by a second route: plain float SGD with finite-difference gradients."""

from __future__ import annotations

import numpy as np
import pytest

OBSERVATIONS = [(1.0, 1.0), (5.0, 0.0)]
LOSSES = {
    "logloss": lambda yhat, y: -(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)),
    "half_mse": lambda yhat, y: 0.5 * (y - yhat) ** 2,
}


def predict(w, x):
    a = x
    for k in range(3):
        a = 1.0 / (1.0 + np.exp(-(w[k] + w[3 + k] * a)))
    return a


def sgd(kind, reversed_order, eps=1e-6):
    w = np.zeros(6)
    for x, y in OBSERVATIONS[:: -1 if reversed_order else 1]:
        loss = lambda v, x=x, y=y: LOSSES[kind](predict(v, x), y)
        grad = np.array([(loss(w + eps * e) - loss(w - eps * e)) / (2 * eps) for e in np.eye(6)])
        w = w - 1.0 * grad
    return w


@pytest.mark.parametrize(
    ("n", "kind", "reversed_order"),
    [(0, "logloss", False), (1, "logloss", True), (2, "half_mse", False), (3, "half_mse", True)],
)
def test_weights_after_two_steps(booklet, n, kind, reversed_order):
    w = sgd(kind, reversed_order)
    shown = lambda name: [
        booklet.ledger[f"ranepa3.3.readings.{n}.{name}[{k}]"].value for k in range(3)
    ]
    assert np.allclose(shown("w0"), w[:3], atol=1e-8)
    assert np.allclose(shown("w1"), w[3:], atol=1e-8)


def test_only_the_last_neuron_moves_at_step_one(booklet):
    moved = np.abs(sgd("logloss", False)[[0, 3]])  # neuron 1 never moves in two steps
    assert np.allclose(moved, 0)
    step1 = [booklet.ledger[f"ranepa3.3.steps.0.grad_w1[{k}]"].value for k in range(3)]
    assert step1[0] == step1[1] == 0
    assert step1[2] != 0


def sgd_from(p, kind="logloss", eps=1e-6):
    """The variant's two steps in floats, gradients by central differences."""
    w = np.array([float(v) for v in (*p.w0, *p.w1)])
    for x, y in zip((float(v) for v in p.xs), (float(v) for v in p.ys), strict=True):
        loss = lambda v, x=x, y=y: LOSSES[kind](predict(v, x), y)
        grad = np.array([(loss(w + eps * e) - loss(w - eps * e)) / (2 * eps) for e in np.eye(6)])
        w = w - float(p.gamma) * grad
    return w


@pytest.mark.parametrize("seed", range(1, 11))
def test_variants_train_as_finite_differences_say(seed):
    """Decimal variants (sigmoids nested from the first step) by a second route."""
    from solutions.ranepa3 import task03

    p = task03.variant(seed)
    last = task03.solve(p).steps[-1]
    shown = np.array([float(v) for v in (*last.w0_after, *last.w1_after)])
    assert np.allclose(shown, sgd_from(p), atol=1e-7)


def test_the_inputs_matter_in_four_variants_of_five():
    """x changes the answer unless every w^k_1 starts at zero; the pool deals those last."""
    from solutions.ranepa3 import task03

    told = [task03.solve(task03.variant(n)).x_drops_out for n in range(1, 11)]
    assert told == [n % 5 == 0 for n in range(1, 11)]
