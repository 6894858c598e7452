"""ranepa3.5: Masha's network y = max(0; x·W1)·W2, layer by layer, then sigmoid + logloss.

The sheet numbers three layers (linear, ReLU, linear) and, for each, gives an input and an
incoming gradient; items 1-6 are solved with exactly those. Items 7-8 and the classification
part run the real pass for the target y, whatever the sheet's gradients were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from solutions.exact import tidy
from solutions.nets import Activation, Dense, NetworkSpec, forward, gd_step, run, sigmoid, spec
from solutions.variety import Pool

R = sp.Rational


@dataclass(frozen=True)
class Params:
    x: sp.Matrix  # the observation (a row)
    W1: sp.Matrix
    W2: sp.Matrix
    h: sp.Matrix  # input of the ReLU, as item 3 states it
    a: sp.Matrix  # input of the second linear layer, as item 5 states it
    g_h: sp.Matrix  # gradient arriving at the first linear layer (item 2)
    g_a: sp.Matrix  # gradient arriving at the ReLU (item 4)
    g_yhat: sp.Matrix  # gradient arriving at the second linear layer (item 6)
    y: sp.Integer  # the target (item 7; the classification part keeps it as the class)
    gamma: sp.Integer  # learning rate (item 8)


PARAMS = Params(
    x=sp.Matrix([[1, 2]]),
    W1=sp.Matrix([[1, -1], [R(1, 2), 0]]),
    W2=sp.Matrix([[R(1, 2)], [1]]),
    h=sp.Matrix([[2, -1]]),
    a=sp.Matrix([[2, 0]]),
    g_h=sp.Matrix([[-1, 0]]),
    g_a=sp.Matrix([[-1, -2]]),
    g_yhat=sp.Matrix([[-2]]),
    y=sp.Integer(0),
    gamma=sp.Integer(1),
)


SATURATION = 4  # |logit| beyond which σ is within 2 % of 0 or 1


def _step_in_floats(x, W1, W2, seed_of, gamma) -> tuple[np.ndarray, float]:
    """(h, ŷ) after one gradient step whose backward pass starts at seed_of(ŷ)."""
    h = x @ W1
    a = np.maximum(h, 0)
    seed = seed_of(a @ W2)
    W1_after = W1 - gamma * np.outer(x, seed * W2 * (h > 0))
    W2_after = W2 - gamma * seed * a
    h_after = x @ W1_after
    return h_after, float(np.maximum(h_after, 0) @ W2_after)


def _admissible(x, W1, W2, y, gamma) -> bool:
    """The invariants, in floats (the exact facts of solve() confirm them on the page): one
    hidden neuron active and one blocked (item 4 shows ReLU stopping a gradient); the output,
    a logit in the classification part, is at most SATURATION in size (the sigmoid is not
    saturated, so the logloss step visibly moves and no 10⁻⁵ appears); a step on
    MSE and a step on logloss each lower their loss (no explosion) and leave no ReLU input
    at exactly 0; the logloss step keeps the neuron active. The MSE step may kill it, as on
    the sheet: a remark explains."""
    h = x @ W1
    if sorted(np.sign(h)) != [-1, 1] or abs(np.linalg.det(W1)) < 1e-9:
        return False  # one ReLU blocked; hidden units not tied to each other (det W₁ ≠ 0)
    yhat = float(np.maximum(h, 0) @ W2)
    if abs(yhat) > SATURATION:
        return False
    mse = lambda out: (out - y) ** 2
    h_after, out = _step_in_floats(x, W1, W2, lambda o: 2 * (o - y), gamma)
    if not mse(out) < mse(yhat) - 1e-9 or np.any(np.abs(h_after) < 1e-9):
        return False  # a ReLU input of exactly 0 after the step has no derivative
    logloss = lambda z: np.logaddexp(0, -z) if y == 1 else np.logaddexp(0, z)
    h_after, z = _step_in_floats(x, W1, W2, lambda z: 1 / (1 + np.exp(-z)) - y, gamma)
    return logloss(z) < logloss(yhat) - 1e-9 and np.array_equal(h_after > 0, h > 0)


def _draw(x1, x2, w11, w12, w21, w22, v1, v2, y, gamma) -> Params | None:
    floats = lambda *values: np.array([float(v) for v in values])
    if not _admissible(
        floats(x1, x2), floats(w11, w12, w21, w22).reshape(2, 2), floats(v1, v2), y, float(gamma)
    ):
        return None
    x, W1 = sp.Matrix([[x1, x2]]), sp.Matrix([[w11, w12], [w21, w22]])
    W2, y = sp.Matrix([[v1], [v2]]), sp.Integer(y)
    h = x * W1
    a = h.applyfunc(lambda v: max(v, 0))
    g_yhat = sp.Matrix([[2 * ((a * W2)[0] - y)]])
    g_a = g_yhat * W2.T
    g_h = g_a.multiply_elementwise(h.applyfunc(lambda v: 1 if v > 0 else 0))
    return Params(x, W1, W2, h, a, g_h, g_a, g_yhat, y, gamma)


_WEIGHTS = [R(-1), R(-1, 2), R(1, 2), R(1), R(2)]
variant = Pool(
    {
        "x1": [1, 2, 3, -1],
        "x2": [1, 2, 3, -1],
        "w11": _WEIGHTS,
        "w12": _WEIGHTS,
        "w21": _WEIGHTS,
        "w22": _WEIGHTS,
        "v1": [R(1, 2), R(1), R(-1), R(2)],
        "v2": [R(1, 2), R(1), R(-1), R(2)],
        "y": [0, 1],
        "gamma": [sp.Integer(1), R(1, 2)],
    },
    _draw,
    key=lambda p: (tuple(p.x), tuple(p.W1), tuple(p.W2), p.y, p.gamma),
    sheet=PARAMS,
)
"""Variants with numbers a student can work by hand: x from small integers, weights from
halves and small integers, the class y ∈ {0, 1} (the classification part needs it), γ = 1
or ½. The inputs and incoming gradients the items state are the true ones (consistent).
Invariants (guarded by `_admissible`, stated as facts on the page): one ReLU blocks its
gradient, and both training steps lower the loss.
Seed 0 is the sheet."""


@dataclass(frozen=True)
class LayerPass:
    """One layer, forward with the sheet's input and backward with the sheet's gradient."""

    input: sp.Matrix
    output: sp.Matrix
    jacobian: sp.Matrix  # ∂ output / ∂ input, one row per output
    incoming: sp.Matrix  # ∂L/∂output, as given
    outgoing: sp.Matrix  # ∂L/∂input = incoming · jacobian


@dataclass(frozen=True)
class SheetCheck:
    forward_consistent: bool  # items 3 and 5 state what the previous layer really outputs
    chain_consistent: bool  # items 2 and 4 state what the next layer really passes back
    gradient_fits_target: bool  # item 6's gradient is dMSE/dŷ for the stated y
    true_seed: sp.Basic  # dMSE/dŷ = 2(ŷ - y) for the stated y
    fitting_target: sp.Basic  # the y for which 2(ŷ - y) is item 6's gradient


@dataclass(frozen=True)
class Training:
    """The backward pass from a loss and one gradient step, and the forward pass after it."""

    seed: sp.Basic  # ∂L/∂(last linear output)
    g_a: sp.Matrix
    g_h: sp.Matrix
    g_x: sp.Matrix
    grad_W1: sp.Matrix
    grad_W2: sp.Matrix
    W1: sp.Matrix  # after the step
    W2: sp.Matrix
    h_after: sp.Matrix
    a_after: sp.Matrix
    out_after: sp.Basic
    loss_after: sp.Basic
    all_dead: bool  # no hidden neuron active for this x after the step
    exact_hit: bool  # the step brought the loss to 0
    improved: bool  # the loss went down


@dataclass(frozen=True)
class Regression:
    yhat: sp.Basic
    loss: sp.Basic  # MSE on one observation: (ŷ - y)^2
    dloss: sp.Basic  # dMSE/dŷ
    seed: sp.Basic  # the gradient the backward pass starts with
    passed: sp.Basic  # what MSE hands to the last layer: seed · dMSE/dŷ


@dataclass(frozen=True)
class Classification:
    z: sp.Basic  # output of the second linear layer, now a logit
    p: sp.Basic  # sigmoid(z)
    dp_dz: sp.Basic
    loss: sp.Basic  # logloss for the class y
    dloss_dp: sp.Basic
    dloss_dz: sp.Basic  # = p - y
    scale: sp.Basic  # every gradient is the regression one times this
    p_after: sp.Basic


@dataclass(frozen=True)
class Result:
    layer1: LayerPass
    relu: LayerPass
    layer3: LayerPass
    check: SheetCheck
    regression: Regression
    mse_step: Training
    sheet_step: Training  # item 8 from the sheet's chain (item 6's gradient), when it differs
    classification: Classification
    logloss_step: Training
    figure: NetworkSpec
    relu_blocks_one: bool  # of the two ReLU inputs item 3 states, one is negative, one positive
    blocked: sp.Integer  # the first neuron (1-based) with a negative ReLU input, 0 if none


def mse(out, y):
    return (out - y) ** 2


def logloss(z, y):
    """-(y ln p + (1 - y) ln(1 - p)), p = σ(z), with the logarithms expanded: ln(1 + e)."""
    p = sigmoid(z)
    logs = y * sp.log(tidy(p)) + (1 - y) * sp.log(tidy(1 - p))
    return tidy(sp.expand_log(-logs, force=True))


def _negative(number) -> bool:
    """The sign of an exact number sympy cannot always decide symbolically (nested logs of
    exponentials): 30 digits decide it."""
    return bool(sp.re(sp.N(number, 30)) < 0)


def _layer(layer, x: sp.Matrix, incoming: sp.Matrix) -> LayerPass:
    return LayerPass(x, layer.forward(x), layer.jacobian(x), incoming, layer.backward(x, incoming))


def _train(layers: tuple, x: sp.Matrix, seed, gamma, loss_of_output, loss_before) -> Training:
    trace = run(layers, x, sp.Matrix([[seed]]))
    stepped = gd_step(layers, trace, gamma)
    after = forward(stepped, x)  # no backward pass: a ReLU input may now be exactly 0
    simple = lambda m: m.applyfunc(tidy)
    return Training(
        seed=seed,
        g_a=trace.grads[2],
        g_h=trace.grads[1],
        g_x=trace.grads[0],
        grad_W1=trace.weight_grads[0],
        grad_W2=trace.weight_grads[2],
        W1=simple(stepped[0].W),
        W2=simple(stepped[2].W),
        h_after=simple(after[1]),
        a_after=simple(after[2]),
        out_after=tidy(after[3][0]),
        loss_after=tidy(loss_of_output(after[3][0])),
        all_dead=all(bool(v <= 0) for v in after[1]),
        exact_hit=tidy(loss_of_output(after[3][0])) == 0,
        improved=_negative(loss_of_output(after[3][0]) - loss_before),
    )


def solve(p: Params) -> Result:
    layers = (Dense(p.W1), Activation("relu"), Dense(p.W2))
    layer1 = _layer(layers[0], p.x, p.g_h)
    relu = _layer(layers[1], p.h, p.g_a)
    layer3 = _layer(layers[2], p.a, p.g_yhat)

    yhat = layers[2].forward(layers[1].forward(layers[0].forward(p.x)))[0]
    dloss = 2 * (yhat - p.y)
    regression = Regression(yhat, mse(yhat, p.y), dloss, sp.Integer(1), dloss)
    check = SheetCheck(
        forward_consistent=layer1.output == p.h and relu.output == p.a,
        chain_consistent=layer3.outgoing == p.g_a and relu.outgoing == p.g_h,
        gradient_fits_target=p.g_yhat[0] == dloss,
        true_seed=dloss,
        fitting_target=yhat - p.g_yhat[0] / 2,
    )

    mse_step = _train(layers, p.x, dloss, p.gamma, lambda out: mse(out, p.y), mse(yhat, p.y))
    prob = tidy(sigmoid(yhat))
    dloss_dp = tidy(-p.y / prob + (1 - p.y) / (1 - prob))
    dloss_dz = tidy(prob - p.y)
    logloss_step = _train(
        layers, p.x, dloss_dz, p.gamma, lambda z: logloss(z, p.y), logloss(yhat, p.y)
    )
    classification = Classification(
        z=yhat,
        p=prob,
        dp_dz=tidy(prob * (1 - prob)),
        loss=logloss(yhat, p.y),
        dloss_dp=dloss_dp,
        dloss_dz=dloss_dz,
        scale=tidy(dloss_dz / dloss),
        p_after=tidy(sigmoid(logloss_step.out_after)),
    )
    return Result(
        layer1=layer1,
        relu=relu,
        layer3=layer3,
        check=check,
        regression=regression,
        mse_step=mse_step,
        # the sheet's gradients are MSE's for the target its item 6 implies
        sheet_step=mse_step
        if check.gradient_fits_target
        else _train(
            layers,
            p.x,
            p.g_yhat[0],
            p.gamma,
            lambda out: mse(out, check.fitting_target),
            mse(yhat, check.fitting_target),
        ),
        classification=classification,
        logloss_step=logloss_step,
        figure=spec(layers, (("x_1", "x_2"), ("a_1", "a_2"), (r"\hat y",))),
        relu_blocks_one=sorted(bool(v > 0) for v in p.h) == [False, True],
        blocked=sp.Integer(next((k + 1 for k, v in enumerate(p.h) if v < 0), 0)),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "layer1.jacobian": r"\dfrac{\partial h}{\partial x}",
    "relu.jacobian": r"\dfrac{\partial a}{\partial h}",
    "regression.loss": "L",
    "regression.dloss": r"\dfrac{\partial L}{\partial \hat y}",
    "mse_step.W1": "W_1",
    "mse_step.W2": "W_2",
    "classification.p": "p",
    "classification.dp_dz": r"\sigma'(z)",
    "classification.loss": "L",
    "classification.dloss_dp": r"\dfrac{\partial L}{\partial p}",
    "logloss_step.W1": "W_1",
    "logloss_step.W2": "W_2",
    "layer1.outgoing": r"\dfrac{\partial L}{\partial x}",
    "relu.outgoing": r"\dfrac{\partial L}{\partial h}",
    "layer3.outgoing": r"\dfrac{\partial L}{\partial a}",
}
