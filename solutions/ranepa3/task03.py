"""ranepa3.3: Vovochka's chain x -> n1 -> n2 -> n3 -> y of sigmoid neurons with biases,
zero initial weights on the sheet, gamma = 1, two SGD steps (one observation each).

The sheet names no loss and no order of the observations. The main reading: logloss (the
natural loss of a sigmoid classifier) and the observations in the order given; the remark
compares it with 1/2 (y - yhat)^2 and with the reversed order, computed by the same code.

From the sheet's all-zero start every value has an exact form a student can write
(e^a/(1 + e^a)); from any other start the sigmoids nest from the first step, so the chain is
computed as a student computes it, in decimals (40 digits carried, four shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from solutions.exact import tidy
from solutions.nets import Activation, Dense, NetworkSpec, gd_step, run, spec
from solutions.variety import Pool

NEURONS = 3
SATURATION = 3  # the largest |z| a variant's sigmoid sees
PRECISION = 40  # digits carried where the page shows decimals
R = sp.Rational


@dataclass(frozen=True)
class Params:
    xs: tuple[sp.Integer, ...]  # the observations, in the sheet's order
    ys: tuple[sp.Integer, ...]
    gamma: sp.Integer
    w0: sp.Matrix  # initial biases w_0^k, k = 1..3 (a row)
    w1: sp.Matrix  # initial weights w_1^k


PARAMS = Params(
    xs=(sp.Integer(1), sp.Integer(5)),
    ys=(sp.Integer(1), sp.Integer(0)),
    gamma=sp.Integer(1),
    w0=sp.zeros(1, NEURONS),
    w1=sp.zeros(1, NEURONS),
)


@dataclass(frozen=True)
class _Draft:
    """A drawn Params with plain tuples for weights: the pool walks thousands of draws, and
    sympy matrices for each would take seconds."""

    xs: tuple
    ys: tuple
    gamma: sp.Basic
    w0: tuple
    w1: tuple


def _params(draft: _Draft) -> Params:
    return Params(draft.xs, draft.ys, draft.gamma, sp.Matrix([draft.w0]), sp.Matrix([draft.w1]))


def _simulate(p: Params | _Draft) -> tuple[list[float], list[float]]:
    """The main reading in floats: every z_k of both steps, and the six gradients of each
    step (∂L/∂w^k_0 = δ_k, then ∂L/∂w^k_1 = δ_k a_{k-1})."""
    w0, w1 = ([float(w) for w in m] for m in (p.w0, p.w1))
    gamma, zs, gradients = float(p.gamma), [], []
    for x, y in zip(p.xs, p.ys, strict=True):
        a = [float(x)]
        for k in range(NEURONS):
            zs.append(w0[k] + w1[k] * a[-1])
            a.append(1 / (1 + math.exp(-zs[-1])))
        delta = [0.0, 0.0, a[3] - float(y)]  # logloss over a sigmoid
        for k in (1, 0):
            delta[k] = delta[k + 1] * w1[k + 1] * a[k + 1] * (1 - a[k + 1])
        gradients += [*delta, *(d * a_k for d, a_k in zip(delta, a[:NEURONS], strict=True))]
        w0 = [w - gamma * d for w, d in zip(w0, delta, strict=True)]
        w1 = [w - gamma * d * a_k for w, d, a_k in zip(w1, delta, a[:NEURONS], strict=True)]
    return zs, gradients


def _problem(p: Params | _Draft) -> tuple:
    """What a grader compares: the twelve gradients of the two steps, up to sign. The weights
    move by exactly these (times γ); mirrors (σ(-z) = 1 - σ(z): labels swapped, the last
    neuron negated) and inputs that cannot matter give the same gradients: one problem."""
    return tuple(round(abs(g), 6) for g in _simulate(p)[1])


# which initial w^k_1 are zero: the teaching situation (see `situation`)
PATTERNS = {
    "all w_1 nonzero": (1, 1, 1),
    "w^1_1 = 0": (0, 1, 1),
    "w^2_1 = 0": (1, 0, 1),
    "w^3_1 = 0": (1, 1, 0),
    "all w_1 zero, x does not matter": (0, 0, 0),
}


def situation(p: Params | _Draft) -> str:
    kept = tuple(int(w != 0) for w in p.w1)
    return next(name for name, pattern in PATTERNS.items() if pattern == kept)


def _draw(pattern, x1, x2, b1, b2, b3, w11, w21, w31, labels, gamma) -> _Draft | None:
    """Initial weights w_1 drawn non-zero where the pattern keeps them, biases drawn; two
    distinct inputs. No sigmoid is saturated on either step (|z| ≤ 3): e^10 and 10^-7 are
    neither hand-friendly nor fit a table."""
    if x1 == x2:
        return None
    drawn = zip((w11, w21, w31), pattern, strict=True)
    w1 = tuple(w if keep else sp.Integer(0) for w, keep in drawn)
    draft = _Draft((x1, x2), labels, gamma, (b1, b2, b3), w1)
    if max(abs(z) for z in _simulate(draft)[0]) > SATURATION:
        return None
    return draft


_INPUTS = [sp.Integer(v) for v in (1, 2, 3, -1, -2)]
_WEIGHTS = [sp.Integer(1), sp.Integer(-1), sp.Integer(2), sp.Integer(-2), R(1, 2), R(-1, 2)]
_BIASES = [sp.Integer(0), sp.Integer(1), sp.Integer(-1), R(1, 2), R(-1, 2)]
variant = Pool(
    {
        "pattern": list(PATTERNS.values()),
        "x1": _INPUTS,
        "x2": _INPUTS,
        "b1": _BIASES,
        "b2": _BIASES,
        "b3": _BIASES,
        "w11": _WEIGHTS,
        "w21": _WEIGHTS,
        "w31": _WEIGHTS,
        "labels": [(sp.Integer(1), sp.Integer(0)), (sp.Integer(0), sp.Integer(1))],
        "gamma": [sp.Integer(1), R(1, 2), sp.Integer(2)],
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
    situations=tuple(PATTERNS),
    situation=situation,
)
"""Variants: two distinct inputs from small integers, one observation of each class in
either order, γ ∈ {½, 1, 2}, biases from {0, ±½, ±1} and weights w_1 from {±½, ±1, ±2},
stated in the statement. The situations, taken in turn, are which w^k_1 start at zero:
none (the gradient reaches every neuron at once), w^1_1 (x enters only through the gradient
δ_1 x), w^2_1 (the first neuron waits a step), w^3_1 (only the last neuron moves first, as
on the sheet), all three (as on the sheet: x cannot matter, and the page says so).
Invariants: the weights change on both steps, no |z| above 3, and x changes the answer
unless every w^k_1 starts at zero. Seed 0 is the sheet."""


@dataclass(frozen=True)
class Step:
    """One SGD step on one observation; rows hold neurons 1..3."""

    x: sp.Basic
    y: sp.Basic
    w0: sp.Matrix  # before the step
    w1: sp.Matrix
    z: sp.Matrix  # z_k = w_0^k + w_1^k a_{k-1}, a_0 = x
    a: sp.Matrix  # a_k = sigma(z_k); a_3 = yhat
    loss: sp.Basic
    delta: sp.Matrix  # dL/dz_k
    grad_w0: sp.Matrix  # dL/dw_0^k = delta_k
    grad_w1: sp.Matrix  # dL/dw_1^k = delta_k a_{k-1}
    w0_after: sp.Matrix
    w1_after: sp.Matrix


@dataclass(frozen=True)
class Reading:
    """Another reading of the sheet: which loss, which order; the weights after two steps."""

    loss: str  # "logloss" or "half_mse"
    order: str  # "given" (x1 first, as the sheet lists them) or "reversed"
    w0: sp.Matrix
    w1: sp.Matrix


@dataclass(frozen=True)
class Result:
    steps: tuple[Step, ...]
    readings: tuple[Reading, ...]
    figure: NetworkSpec
    only_last_moves: bool  # step 1 changes the third neuron's weights and no other's
    first_blocked: bool  # step 1 changes the second and third neurons, not the first
    all_move: bool  # step 1 changes all six weights
    zero_weight_learns: bool  # w^1_1 starts at 0 and step 1 changes it (by δ_1 x_1)
    joins_on_step2: bool  # step 1 leaves a neuron, step 2 changes all six weights
    first_still: bool  # step 2 leaves the first neuron's weights as they were
    first_still_in_every_reading: bool  # ...whatever the loss and the order
    half_mse_steps_shorter: bool  # every weight moves less in total under ½(y - ŷ)²
    x_drops_out: bool  # the weights after both steps are the same for any inputs x
    a1_sees_x: bool  # on step 1, a_1 depends on x_1 (w^1_1 ≠ 0)
    a2_sees_x: bool  # on step 1, a_2 depends on x_1 (w^1_1 ≠ 0 and w^2_1 ≠ 0)
    w1_zero: bool  # all initial w^k_1 are zero
    zero_start: bool  # all initial weights are zero (the sheet's initialisation, exact forms)
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the weights they give}
    mistakes: dict[str, dict[str, sp.Matrix]]


def loss_value(kind: str, yhat, y):
    if kind == "logloss":
        logs = y * sp.log(tidy(yhat)) + (1 - y) * sp.log(tidy(1 - yhat))
        return tidy(sp.expand_log(-logs, force=True))
    return (y - yhat) ** 2 / 2


def loss_slope(kind: str, yhat, y):
    """dL/dyhat: the seed of the backward pass."""
    if kind == "logloss":
        return -y / yhat + (1 - y) / (1 - yhat)
    return yhat - y


def _layers(w0: sp.Matrix, w1: sp.Matrix) -> tuple:
    layers = []
    for k in range(NEURONS):
        layers += [Dense(sp.Matrix([[w1[k]]]), sp.Matrix([[w0[k]]])), Activation("sigmoid")]
    return tuple(layers)


def _row(values) -> sp.Matrix:
    return sp.Matrix([[tidy(v) for v in values]])


def _decimal(weights: sp.Matrix) -> sp.Matrix:
    """Weights as 40-digit decimals, so every value computed from them is one; a zero stays
    an exact zero, so a path it blocks stays exactly blocked."""
    return weights.applyfunc(lambda w: w if w == 0 else sp.Float(w, PRECISION))


def sgd_step(kind: str, w0: sp.Matrix, w1: sp.Matrix, x, y, gamma, decimals: bool) -> Step:
    layers = _layers(_decimal(w0), _decimal(w1)) if decimals else _layers(w0, w1)
    forward = run(layers, sp.Matrix([[x]]), sp.Matrix([[0]])).inputs
    yhat = forward[-1][0]
    trace = run(layers, sp.Matrix([[x]]), sp.Matrix([[loss_slope(kind, yhat, y)]]))
    stepped = gd_step(layers, trace, gamma)
    dense = range(0, 2 * NEURONS, 2)
    return Step(
        x=x,
        y=y,
        w0=w0,
        w1=w1,
        z=_row(trace.inputs[k + 1][0] for k in dense),
        a=_row(trace.inputs[k + 2][0] for k in dense),
        loss=loss_value(kind, yhat, y),
        delta=_row(trace.bias_grads[k][0] for k in dense),
        grad_w0=_row(trace.bias_grads[k][0] for k in dense),
        grad_w1=_row(trace.weight_grads[k][0] for k in dense),
        w0_after=_row(stepped[k].b[0] for k in dense),
        w1_after=_row(stepped[k].W[0] for k in dense),
    )


def train(p: Params, kind: str, reversed_order: bool) -> tuple[Step, ...]:
    order = list(zip(p.xs, p.ys, strict=True))[:: -1 if reversed_order else 1]
    decimals = not _zero_start(p)
    steps, w0, w1 = [], p.w0, p.w1
    for x, y in order:
        steps.append(sgd_step(kind, w0, w1, x, y, p.gamma, decimals))
        w0, w1 = steps[-1].w0_after, steps[-1].w1_after
    return tuple(steps)


def _zero_start(p: Params) -> bool:
    return all(w == 0 for w in (*p.w0, *p.w1))


def _zero(value) -> bool:
    """Zero by value: a 40-digit decimal 0.0 is not equal to sympy's exact 0, only zero."""
    return bool(sp.sympify(value).is_zero)


def _moved(step: Step) -> list[bool]:
    """For each neuron: does this step change its weights?"""
    return [
        not (_zero(step.w0_after[k] - step.w0[k]) and _zero(step.w1_after[k] - step.w1[k]))
        for k in range(NEURONS)
    ]


def _all_six_move(step: Step) -> bool:
    return not any(_zero(g) for g in (*step.grad_w0, *step.grad_w1))


def _travel(p: Params, reading: Reading) -> sp.Basic:
    """How far the weights moved in total (sum of absolute changes) after both steps."""
    changes = [*(reading.w0 - p.w0), *(reading.w1 - p.w1)]
    return sum(abs(sp.N(c, 30)) for c in changes)


def _x_drops_out(steps: tuple[Step, ...]) -> bool:
    """x enters only through z_1 = w^1_0 + w^1_1 x and ∂L/∂w^1_1 = δ_1 x: with w^1_1 = 0 and
    δ_1 = 0 at every step the weights never see it."""
    return all(_zero(step.w1[0]) and _zero(step.delta[0]) for step in steps)


def _updated_too_soon(p: Params, kind: str) -> tuple[sp.Matrix, sp.Matrix]:
    """The weights after both steps when each neuron is updated as soon as its gradient is
    known and the backward pass then goes on through the updated weight w^{k+1}_1."""
    w0, w1 = list(_decimal(p.w0)), list(_decimal(p.w1))
    for x, y in zip(p.xs, p.ys, strict=True):
        a = [sp.Float(x, PRECISION)]
        for k in range(NEURONS):
            a.append(1 / (1 + sp.exp(-(w0[k] + w1[k] * a[k]))))
        delta = loss_slope(kind, a[-1], y) * a[-1] * (1 - a[-1])
        for k in reversed(range(NEURONS)):
            w0[k], w1[k] = w0[k] - p.gamma * delta, w1[k] - p.gamma * delta * a[k]
            delta = delta * w1[k] * a[k] * (1 - a[k])  # w1[k] is already the new one
    return _row(sp.N(w, PRECISION) for w in w0), _row(sp.N(w, PRECISION) for w in w1)


def _mistakes(p: Params, by_order: dict) -> dict[str, dict[str, sp.Matrix]]:
    def after(w0, w1):
        return {"steps.1.w0_after": w0, "steps.1.w1_after": w1}

    half = by_order["half_mse", "given"]  # its δ₃ = (ŷ − y)·σ′(z₃): logloss's with σ′ again
    backwards = by_order["logloss", "reversed"]
    return {
        "updated_too_soon": after(*_updated_too_soon(p, "logloss")),
        "sigma_twice": after(half.w0, half.w1),
        "order_reversed": after(backwards.w0, backwards.w1),
    }


def solve(p: Params) -> Result:
    readings, trained = [], {}
    for kind in ("logloss", "half_mse"):
        for order in ("given", "reversed"):
            trained[kind, order] = train(p, kind, reversed_order=order == "reversed")
            last = trained[kind, order][-1]
            readings.append(Reading(kind, order, last.w0_after, last.w1_after))
    names = (("x",), ("a_1",), ("a_2",), (r"\hat y",))
    steps = trained["logloss", "given"]
    by_order = {(r.loss, r.order): r for r in readings}
    first, second = _moved(steps[0]), _moved(steps[1])
    return Result(
        steps=steps,
        readings=tuple(readings),
        figure=spec(_layers(p.w0, p.w1), names),
        only_last_moves=first == [False, False, True],
        first_blocked=first == [False, True, True],
        all_move=_all_six_move(steps[0]),
        zero_weight_learns=_zero(p.w1[0]) and not _zero(steps[0].grad_w1[0]),
        joins_on_step2=not all(first) and _all_six_move(steps[1]),
        first_still=not second[0],
        first_still_in_every_reading=all(
            _zero(r.w0[0] - p.w0[0]) and _zero(r.w1[0] - p.w1[0]) for r in readings
        ),
        half_mse_steps_shorter=all(
            _travel(p, by_order["half_mse", order]) < _travel(p, by_order["logloss", order])
            for order in ("given", "reversed")
        ),
        x_drops_out=_x_drops_out(steps),
        a1_sees_x=p.w1[0] != 0,
        a2_sees_x=p.w1[0] != 0 and p.w1[1] != 0,
        w1_zero=all(w == 0 for w in p.w1),
        zero_start=_zero_start(p),
        mistakes=_mistakes(p, by_order),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "steps.*.w0_after": "(w^1_0, w^2_0, w^3_0)",
    "steps.*.w1_after": "(w^1_1, w^2_1, w^3_1)",
    "steps.*.w0_after[i]": "w^{@i}_0",
    "steps.*.w1_after[i]": "w^{@i}_1",
}
