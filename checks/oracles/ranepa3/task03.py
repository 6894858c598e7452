"""Independent oracle for ranepa3.3 (Vovochka). Imports nothing from solutions/.

The loss of one observation is written as one sympy expression of all six weights and
differentiated directly; delta_k = dL/dz_k is read off as dL/dw_0^k (dz_k/dw_0^k = 1), not
computed by the backward recursion; the sigmoid is 1/(1 + e^-t). From the sheet's zero start
the values are exact; from any other start the sigmoids nest from the first step, and the
derivatives are evaluated to 60 digits instead (the page shows decimals there).
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import sympy as sp
from sympy import Matrix

from checks.oracles.numeric import Satisfies

# the sheet: two observations, γ = 1 (test_sheets.py checks variant 0); zero initial weights,
# which a statement states in words (a variant with other weights shows them as given.w0/w1)
SHEET = {"xs.0": 1, "xs.1": 5, "ys.0": 1, "ys.1": 0, "gamma": 1}
# what a grader compares between variants (checks/distinct.py): the gradients of all six
# weights on both steps, by which the weights move; variants that differ only in starting
# weights that never matter, or are mirrors of each other, are one problem
ANSWERS = tuple(f"steps.{n}.{g}" for n in (0, 1) for g in ("grad_w0", "grad_w1"))
W0 = [sp.Symbol(f"b{k}") for k in range(3)]
W1 = [sp.Symbol(f"w{k}") for k in range(3)]
DIGITS = 60
ZERO = 1e-40  # a gradient this small at 60 digits is a zero the data make exact


def sigmoid(t):
    return 1 / (1 + sp.exp(-t))


def losses(kind):
    if kind == "logloss":
        return lambda yhat, y: -(y * sp.log(yhat) + (1 - y) * sp.log(1 - yhat))
    return lambda yhat, y: (y - yhat) ** 2 / 2


def chain(x):
    """z_k and a_k of the chain as expressions in the weight symbols."""
    z, a, previous = [], [], x
    for k in range(3):
        z.append(W0[k] + W1[k] * previous)
        a.append(sigmoid(z[-1]))
        previous = a[-1]
    return z, a


_X, _Y = sp.Symbol("x"), sp.Symbol("y")  # an observation, an argument like the weights


@functools.cache
def _at_digits(kind):
    """z, a, the loss and its six derivatives as one function of the weights and the
    observation, evaluated by mpmath: sympy's own evalf of nested sigmoids at 60 digits is a
    hundred times slower. Compiled once per loss for every variant."""
    z, a = chain(_X)
    loss = losses(kind)(a[-1], _Y)
    derivatives = (sp.diff(loss, s) for s in W0 + W1)
    return sp.lambdify([*W0, *W1, _X, _Y], [*z, *a, loss, *derivatives], "mpmath")


def _by_digits(kind, weights, x, y) -> tuple[list, list, object, list]:
    """(z, a, loss, gradient) at the weights, to 60 digits."""
    with mpmath.workdps(DIGITS):
        arguments = (mpmath.mpf(sp.Float(v, DIGITS)._mpf_) for v in (*weights, x, y))
        shown = [sp.Float(v, DIGITS) for v in _at_digits(kind)(*arguments)]
    return shown[:3], shown[3:6], shown[6], shown[7:]


def step(kind, weights, x, y, gamma, exact):
    """One SGD step; exact values, or 60-digit ones where exact forms would nest sigmoids
    (sympy evaluates those for minutes; the page shows them as decimals anyway)."""
    z, a = chain(x)
    loss = losses(kind)(a[-1], y)
    if exact:
        at = dict(zip(W0 + W1, weights, strict=True))
        grad = [sp.diff(loss, s).subs(at) for s in W0 + W1]
        z, a, loss = [e.subs(at) for e in z], [e.subs(at) for e in a], loss.subs(at)
    else:
        z, a, loss, grad = _by_digits(kind, weights, x, y)
    after = [w - gamma * g for w, g in zip(weights, grad, strict=True)]
    return after, {
        "x": x,
        "y": y,
        "w0": Matrix([weights[:3]]),
        "w1": Matrix([weights[3:]]),
        "z": Matrix([z]),
        "a": Matrix([a]),
        "loss": loss,
        "delta": Matrix([grad[:3]]),
        "grad_w0": Matrix([grad[:3]]),
        "grad_w1": Matrix([grad[3:]]),
        "w0_after": Matrix([after[:3]]),
        "w1_after": Matrix([after[3:]]),
    }


@functools.cache  # the readings and the facts retrace the same training
def _train(kind, reversed_order, observations, gamma, start):
    weights, steps = list(start), []
    exact = all(w == 0 for w in start)
    for x, y in observations[:: -1 if reversed_order else 1]:
        weights, values = step(kind, weights, x, y, gamma, exact)
        steps.append(values)
    return steps


def well_posed(x1, x2, y1, y2, gamma):
    return x1 != x2 and {y1, y2} == {0, 1} and gamma > 0


def train(kind, reversed_order, observations, gamma, start):
    return _train(kind, reversed_order, tuple(map(tuple, observations)), gamma, tuple(start))


def final_weights(kind, reversed_order, observations, gamma, start) -> np.ndarray:
    last = train(kind, reversed_order, observations, gamma, start)[-1]
    return np.array([float(v) for v in (*last["w0_after"], *last["w1_after"])])


def is_zero(value) -> bool:
    return abs(float(value)) < ZERO


def facts(observations, gamma, start) -> dict:
    """The sentences of the solution, decided from this oracle's own training."""
    first, second = train("logloss", False, observations, gamma, start)
    zero = lambda grads: all(is_zero(g) for g in grads)
    neuron = lambda s, k: [s["grad_w0"][k], s["grad_w1"][k]]  # a neuron moves: not both zero
    moves = lambda s: [not zero(neuron(s, k)) for k in range(3)]
    all_six = lambda s: not any(is_zero(g) for g in (*s["grad_w0"], *s["grad_w1"]))
    readings = [(k, r) for k in ("logloss", "half_mse") for r in (False, True)]
    finals = {r: final_weights(*r, observations, gamma, start) for r in readings}
    initial = np.array([float(w) for w in start])
    travel = {reading: np.abs(w - initial).sum() for reading, w in finals.items()}
    # other inputs, same labels: the answer moves if x matters
    shifted = [(x + sp.Rational(17, 10), y) for x, y in observations]
    moved_x1 = [(observations[0][0] + sp.Rational(17, 10), observations[0][1]), observations[1]]
    first_shifted = train("logloss", False, moved_x1, gamma, start)[0]
    sees = lambda k: not is_zero(first["a"][k] - first_shifted["a"][k])
    return {
        "zero_start": all(w == 0 for w in start),
        "w1_zero": all(w == 0 for w in start[3:]),
        "only_last_moves": moves(first) == [False, False, True],
        "first_blocked": moves(first) == [False, True, True],
        "all_move": all_six(first),
        "zero_weight_learns": start[3] == 0 and not is_zero(first["grad_w1"][0]),
        "joins_on_step2": not all(moves(first)) and all_six(second),
        "first_still": zero(neuron(second, 0)),
        "first_still_in_every_reading": all(
            abs(w[0] - initial[0]) < ZERO and abs(w[3] - initial[3]) < ZERO for w in finals.values()
        ),
        "half_mse_steps_shorter": all(
            travel["half_mse", r] < travel["logloss", r] for r in (False, True)
        ),
        "x_drops_out": bool(
            np.allclose(
                finals["logloss", False], final_weights("logloss", False, shifted, gamma, start)
            )
        ),
        "a1_sees_x": sees(0),
        "a2_sees_x": sees(1),
    }


def oracles(given) -> dict:
    observations = [(given["xs.0"], given["ys.0"]), (given["xs.1"], given["ys.1"])]
    gamma = given["gamma"]
    start = [*_initial(given, "w0"), *_initial(given, "w1")]
    data = tuple(f"given.{name}" for name in SHEET)
    o = {
        f"given.{name}": Satisfies(
            well_posed, "two distinct inputs, one of each class, γ > 0", data
        )
        for name in SHEET
    }
    for name in ("w0", "w1"):
        if name not in given:  # zero weights, said in words
            continue
        o[f"given.{name}"] = Satisfies(
            lambda w: sp.Matrix(w).shape == (1, 3),
            "a row of three initial weights",
            (f"given.{name}",),
        )
    for n, values in enumerate(train("logloss", False, observations, gamma, start)):
        o |= {f"steps.{n}.{name}": value for name, value in values.items()}
    readings = [("logloss", False), ("logloss", True), ("half_mse", False), ("half_mse", True)]
    for n, (kind, reversed_order) in enumerate(readings):
        last = train(kind, reversed_order, observations, gamma, start)[-1]
        o[f"readings.{n}.w0"] = last["w0_after"]
        o[f"readings.{n}.w1"] = last["w1_after"]
    o |= mistakes(observations, gamma, start)
    told = facts(observations, gamma, start)
    # the page tells one story per step: the first that holds, in the order of these lists;
    # a fact that only chooses among the stories after the one told is not shown (rule 8)
    for stories in (
        ["only_last_moves", "first_blocked", "zero_weight_learns", "all_move"],
        ["first_still", "joins_on_step2"],
    ):
        told_one = next((name for name in stories if told[name]), None)
        if told_one is not None:
            for name in stories[stories.index(told_one) + 1 :]:
                del told[name]
    if not (told.get("first_blocked") or told.get("all_move")):
        del told["a1_sees_x"]  # said only in those two stories
    if not told["only_last_moves"]:
        del told["a2_sees_x"]
    if not told["first_still"]:
        del told["w1_zero"]
    return o | {name: bool(value) for name, value in told.items()}


def mistaken(observations, gamma, start, *, early=False, sigma_twice=False) -> np.ndarray:
    """The six weights after both steps as a student who makes the mistake computes them, in
    floats, layer by layer (w0 then w1): `early` updates each neuron before going back through
    it, so the next δ uses the new w^{k+1}_1; `sigma_twice` multiplies logloss's ŷ - y by
    σ'(z_3) once more."""
    b, w = np.array(start[:3], dtype=float), np.array(start[3:], dtype=float)
    for x, y in observations:
        a = [float(x)]
        for k in range(3):
            a.append(0.5 * (1 + np.tanh((b[k] + w[k] * a[k]) / 2)))  # σ(t), another way
        g = a[3] - float(y)
        if sigma_twice:
            g *= a[3] * (1 - a[3])
        grads = np.zeros(6)
        for k in (2, 1, 0):
            grads[k], grads[3 + k] = g, g * a[k]
            if early:
                b[k], w[k] = b[k] - gamma * grads[k], w[k] - gamma * grads[3 + k]
            g *= w[k] * a[k] * (1 - a[k])
        if not early:
            b, w = b - gamma * grads[:3], w - gamma * grads[3:]
    return np.concatenate([b, w])


def mistakes(observations, gamma, start) -> dict:
    gamma, start = float(gamma), [float(v) for v in start]
    found = {
        "updated_too_soon": mistaken(observations, gamma, start, early=True),
        "sigma_twice": mistaken(observations, gamma, start, sigma_twice=True),
        "order_reversed": mistaken(observations[::-1], gamma, start),
    }
    return {
        f"mistakes.{name}.steps.1.{part}": Matrix([list(weights[3 * n : 3 * n + 3])])
        for name, weights in found.items()
        for n, part in enumerate(("w0_after", "w1_after"))
    }


def _initial(given, name) -> list:
    """The initial weights the statement gives, or zeros where it says \"zero weights\"."""
    if name in given:
        return list(sp.Matrix(given[name]))
    return [sp.Integer(0)] * 3


def invariants(given) -> dict:
    """A real change of weights: each of the two steps moves some weight; numbers a student
    can handle: no sigmoid input beyond 3 in size; and the inputs matter unless every w^k_1
    starts at zero (then the page says they do not)."""
    observations = [(given["xs.0"], given["ys.0"]), (given["xs.1"], given["ys.1"])]
    start = [*_initial(given, "w0"), *_initial(given, "w1")]
    steps = train("logloss", False, observations, given["gamma"], start)
    moved = [not all(is_zero(g) for g in (*s["grad_w0"], *s["grad_w1"])) for s in steps]
    largest = max(abs(float(z)) for s in steps for z in s["z"])
    told = facts(observations, given["gamma"], start)
    return {
        "both steps change the weights": all(moved),
        "no sigmoid is saturated (|z| ≤ 3)": largest <= 3,
        "x matters unless every w^k_1 starts at zero": told["x_drops_out"] == told["w1_zero"],
    }
