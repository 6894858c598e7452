"""ranepa3.5: Masha's network y = max(0; x·W1)·W2, layer by layer, then sigmoid + logloss.

The sheet numbers three layers (linear, ReLU, linear) and, for each, gives an input and an
incoming gradient; items 1-6 are solved with exactly those. Items 7-8 and the classification
part run the real pass for the target y, whatever the sheet's gradients were.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from solutions.exact import tidy
from solutions.layer_training import LayerPass, Training, layer_pass, logloss, mse, short, train
from solutions.nets import Activation, Dense, NetworkSpec, sigmoid, spec
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

# the teaching situations: which hidden neuron item 3's ReLU blocks, and whether the MSE step
# of item 8 kills the active neurons (every ReLU input negative after it) or keeps them active
BLOCKED = {  # which h_j are positive
    "neuron 1 blocked": (False, True),
    "neuron 2 blocked": (True, False),
    "none blocked": (True, True),
}
SITUATIONS = tuple(
    f"{blocked}, MSE step {fate}" for blocked in BLOCKED for fate in ("kills", "keeps")
)


def _step_in_floats(x, W1, W2, seed_of, gamma) -> tuple[np.ndarray, float]:
    """(h, ŷ) after one gradient step whose backward pass starts at seed_of(ŷ)."""
    h = x @ W1
    a = np.maximum(h, 0)
    seed = seed_of(a @ W2)
    W1_after = W1 - gamma * np.outer(x, seed * W2 * (h > 0))
    W2_after = W2 - gamma * seed * a
    h_after = x @ W1_after
    return h_after, float(np.maximum(h_after, 0) @ W2_after)


def _situation_in_floats(x, W1, W2, y, gamma) -> str | None:
    """The situation a draw shows, or None if it breaks the invariants (the exact facts of
    solve() confirm them on the page): at most one hidden neuron blocked, so that item 4
    shows ReLU at work; hidden units not tied to each other (det W₁ ≠ 0); the output, a
    logit in the classification part, at most SATURATION in size (the sigmoid is not
    saturated, so the logloss step visibly moves and no 10⁻⁵ appears); a step on MSE and a
    step on logloss each lower their loss (no explosion) and leave no ReLU input at exactly
    0; the MSE step either kills every neuron (the remark on dead neurons) or keeps the
    active ones active; the logloss step keeps them active."""
    h = x @ W1
    active = tuple(bool(v > 0) for v in h)
    if np.any(h == 0) or not any(active) or abs(np.linalg.det(W1)) < 1e-9:
        return None
    yhat = float(np.maximum(h, 0) @ W2)
    if abs(yhat) > SATURATION:
        return None
    mse = lambda out: (out - y) ** 2
    h_after, out = _step_in_floats(x, W1, W2, lambda o: 2 * (o - y), gamma)
    if not mse(out) < mse(yhat) - 1e-9 or np.any(np.abs(h_after) < 1e-9):
        return None  # a ReLU input of exactly 0 after the step has no derivative
    killed = bool(np.all(h_after < 0))
    if not killed and not np.array_equal(h_after > 0, h > 0):
        return None  # one of two active neurons killed: neither story of the page
    logloss = lambda z: np.logaddexp(0, -z) if y == 1 else np.logaddexp(0, z)
    h_after, z = _step_in_floats(x, W1, W2, lambda z: 1 / (1 + np.exp(-z)) - y, gamma)
    if not (logloss(z) < logloss(yhat) - 1e-9 and np.array_equal(h_after > 0, h > 0)):
        return None
    blocked = next(name for name, pattern in BLOCKED.items() if pattern == active)
    return f"{blocked}, MSE step {'kills' if killed else 'keeps'}"


@dataclass(frozen=True)
class _Draft:
    """A drawn data set as plain numbers, with its situation: the pool walks thousands of
    draws, and sympy matrices for each would take seconds."""

    x: tuple
    W1: tuple  # row by row
    W2: tuple
    y: int
    gamma: sp.Rational
    situation: str


def _draw(x1, x2, w11, w12, w21, w22, v1, v2, y, gamma) -> _Draft | None:
    draft = _Draft((x1, x2), (w11, w12, w21, w22), (v1, v2), y, gamma, "")
    shown = situation(draft)
    if shown is None or not all(short(w) for w in _mse_step_weights(draft)):
        return None
    return dataclasses.replace(draft, situation=shown)


def _mse_step_weights(draft: _Draft) -> list[Fraction]:
    """W₁ and W₂ after item 8's step, exactly: the graded answer a draw must keep readable
    (a decimal of at most three places, not 37/80)."""
    x, W1, W2 = ([Fraction(str(v)) for v in part] for part in (draft.x, draft.W1, draft.W2))
    gamma, y = Fraction(str(draft.gamma)), draft.y
    h = [x[0] * W1[j] + x[1] * W1[2 + j] for j in range(2)]
    a = [max(v, Fraction(0)) for v in h]
    seed = 2 * (a[0] * W2[0] + a[1] * W2[1] - y)
    g_h = [seed * W2[j] if h[j] > 0 else Fraction(0) for j in range(2)]
    W1_after = [W1[2 * i + j] - gamma * x[i] * g_h[j] for i in range(2) for j in range(2)]
    return W1_after + [W2[j] - gamma * seed * a[j] for j in range(2)]


def situation(p: Params | _Draft) -> str | None:
    """The situation of a draft (decided when drawn) or of a variant's Params."""
    if isinstance(p, _Draft) and p.situation:
        return p.situation
    floats = lambda values: np.array([float(v) for v in values])
    x, W1, W2 = floats(p.x), floats(p.W1).reshape(2, 2), floats(p.W2)
    return _situation_in_floats(x, W1, W2, int(p.y), float(p.gamma))


def _params(draft: _Draft) -> Params:
    x, W1 = sp.Matrix([list(draft.x)]), sp.Matrix(2, 2, list(draft.W1))
    W2, y = sp.Matrix([[v] for v in draft.W2]), sp.Integer(draft.y)
    h = x * W1
    a = h.applyfunc(lambda v: max(v, 0))
    g_yhat = sp.Matrix([[2 * ((a * W2)[0] - y)]])
    g_a = g_yhat * W2.T
    g_h = g_a.multiply_elementwise(h.applyfunc(lambda v: 1 if v > 0 else 0))
    return Params(x, W1, W2, h, a, g_h, g_a, g_yhat, y, draft.gamma)


def _problem(p: Params | _Draft) -> tuple:
    """The data up to the network's symmetries, which give the same answers up to sign and
    order: an input's sign (x_i and row i of W₁ negated together), the order of the inputs
    (x and the rows of W₁) and of the hidden neurons (the columns of W₁ and rows of W₂)."""
    x, W1, W2 = list(p.x), list(p.W1), list(p.W2)
    rows = [[W1[2 * i], W1[2 * i + 1]] for i in range(2)]
    for i in range(2):
        if x[i] < 0:
            x[i], rows[i] = -x[i], [-w for w in rows[i]]
    forms = []
    for inputs in ((0, 1), (1, 0)):
        for hidden in ((0, 1), (1, 0)):
            W1_ = tuple(rows[i][j] for i in inputs for j in hidden)
            forms.append((tuple(x[i] for i in inputs), W1_, tuple(W2[j] for j in hidden)))
    exact = lambda form: tuple(tuple(Fraction(str(v)) for v in part) for part in form)
    return (min(exact(f) for f in forms), int(p.y), Fraction(str(p.gamma)))


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
        "gamma": [sp.Integer(1), R(1, 2), R(1, 4), R(1, 10)],
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
    situations=SITUATIONS,
    situation=situation,
)
"""Variants with numbers a student can work by hand: x from small integers, weights from
halves and small integers, the class y ∈ {0, 1} (the classification part needs it),
γ ∈ {1, ½, ¼, 1/10}. The inputs and incoming gradients the items state are the true ones
(consistent), so the sheet's clarification about them is left out. The situations, taken in
turn: neuron 1, neuron 2 or neither blocked by the ReLU, and the MSE step killing the
neurons or keeping them active. Invariants (guarded by `_situation_in_floats`, stated as
facts on the page): both training steps lower the loss, and the MSE step kills all or none.
Seed 0 is the sheet."""


@dataclass(frozen=True)
class SheetCheck:
    forward_consistent: bool  # items 3 and 5 state what the previous layer really outputs
    chain_consistent: bool  # items 2 and 4 state what the next layer really passes back
    gradient_fits_target: bool  # item 6's gradient is dMSE/dŷ for the stated y
    true_seed: sp.Basic  # dMSE/dŷ = 2(ŷ - y) for the stated y
    fitting_target: sp.Basic  # the y for which 2(ŷ - y) is item 6's gradient


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
    relu_passes_all: bool  # both ReLU inputs item 3 states are positive
    blocked: sp.Integer  # the first neuron (1-based) with a negative ReLU input, 0 if none
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Basic]]


def _mistakes(layers, p: Params, mse_step: Training, c: Classification) -> dict:
    """Items 8 and c3 as a student who makes the mistake does them: the same steps with the
    step's sign turned, MSE's 2 lost, ∂L/∂W₁ transposed, or σ′(z) once more after p - y."""
    yhat = c.z
    on_mse = lambda seed, gamma: train(
        layers, p.x, seed, gamma, lambda out: mse(out, p.y), mse(yhat, p.y)
    )
    weights = lambda step, name="mse_step": {f"{name}.W1": step.W1, f"{name}.W2": step.W2}
    seed = tidy(c.dloss_dz * c.dp_dz)
    twice = train(layers, p.x, seed, p.gamma, lambda z: logloss(z, p.y), c.loss)
    return {
        "step_sign": weights(on_mse(mse_step.seed, -p.gamma)),
        "no_factor_two": weights(on_mse(mse_step.seed / 2, p.gamma)),
        "grad_w1_transposed": {
            "mse_step.W1": (p.W1 - p.gamma * mse_step.grad_W1.T).applyfunc(tidy)
        },
        "sigma_twice": {"classification.dloss_dz": seed} | weights(twice, "logloss_step"),
    }


def solve(p: Params) -> Result:
    layers = (Dense(p.W1), Activation("relu"), Dense(p.W2))
    layer1 = layer_pass(layers[0], p.x, p.g_h)
    relu = layer_pass(layers[1], p.h, p.g_a)
    layer3 = layer_pass(layers[2], p.a, p.g_yhat)

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

    mse_step = train(layers, p.x, dloss, p.gamma, lambda out: mse(out, p.y), mse(yhat, p.y))
    prob = tidy(sigmoid(yhat))
    dloss_dp = tidy(-p.y / prob + (1 - p.y) / (1 - prob))
    dloss_dz = tidy(prob - p.y)
    logloss_step = train(
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
        else train(
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
        relu_passes_all=all(bool(v > 0) for v in p.h),
        blocked=sp.Integer(next((k + 1 for k, v in enumerate(p.h) if v < 0), 0)),
        mistakes=_mistakes(layers, p, mse_step, classification),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "layer1.jacobian": r"\dfrac{\partial h}{\partial x}",
    "relu.jacobian": r"\dfrac{\partial a}{\partial h}",
    "layer3.output": r"\hat y",
    "regression.loss": "L",
    "regression.dloss": r"\dfrac{\partial L}{\partial \hat y}",
    "mse_step.out_after": r"\hat y",
    "mse_step.loss_after": "L",
    "mse_step.W1": "W_1",
    "mse_step.W2": "W_2",
    "classification.p": "p",
    "classification.p_after": "p",
    "classification.dp_dz": r"\sigma'(z)",
    "classification.loss": "L",
    "classification.dloss_dp": r"\dfrac{\partial L}{\partial p}",
    "classification.dloss_dz": r"\dfrac{\partial L}{\partial z}",
    "logloss_step.loss_after": "L",
    "logloss_step.W1": "W_1",
    "logloss_step.W2": "W_2",
    "layer1.outgoing": r"\dfrac{\partial L}{\partial x}",
    "relu.outgoing": r"\dfrac{\partial L}{\partial h}",
    "layer3.outgoing": r"\dfrac{\partial L}{\partial a}",
}
