"""Independent oracle for hse7.3.

Bounds: σ' and tanh' maximised on a fine numeric grid, their peak values from plugging the
peak into hand-written derivatives, values at points from scipy's expit. Curves: recomputed
from the published t with scipy and numpy. Experiment: the documented set-up rebuilt here,
the gradients obtained by multiplying explicit per-sample Jacobian matrices (not the batched
backward pass of the solution); test_hse7_3.py checks this oracle itself by finite
differences on a small network.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import numpy as np
import sympy as sp
from scipy.special import expit

from checks.oracles.numeric import FromClaims, Satisfies

ACT = {
    "sigmoid": (expit, lambda z: expit(z) * (1 - expit(z))),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
}


def setup(depth, width, batch, seed, scale=None):
    """Inputs, targets, then Glorot-normal weights in layer order, from one seeded generator
    (the set-up the booklet describes); `scale`: another standard deviation of the weights."""
    rng = np.random.default_rng(seed)
    x, target = rng.standard_normal((batch, width)), rng.standard_normal((batch, width))
    std = np.sqrt(1 / width) if scale is None else scale
    weights = [rng.normal(0, std, (width, width)) for _ in range(depth)]
    return x, target, weights


def jacobian_backward(activation, x, target, weights):
    """∂L/∂W_k and ∂L/∂z_k, L = mean squared error, sample by sample with explicit Jacobians:
    ∂L/∂z_k = ∂L/∂a_L · J_L ⋯ J_(k+1) · diag f'(z_k), where J_j = diag f'(z_j) W_jᵀ; also
    the layers' inputs a_(k-1) and derivatives f'(z_k), one row per sample."""
    f, f_prime = ACT[activation]
    depth = len(weights)
    grads = [np.zeros_like(W) for W in weights]
    deltas = [np.zeros_like(x) for _ in weights]
    inputs = [np.zeros_like(x) for _ in weights]
    derivatives = [np.zeros_like(x) for _ in weights]
    for s in range(x.shape[0]):
        a, zs = [x[s]], []
        for W in weights:
            zs.append(a[-1] @ W)
            a.append(f(zs[-1]))
        row = 2 * (a[-1] - target[s]) / target.size
        chain = np.eye(len(row))
        for k in reversed(range(depth)):
            local = np.diag(f_prime(zs[k]))
            deltas[k][s] = row @ chain @ local
            inputs[k][s], derivatives[k][s] = a[k], f_prime(zs[k])
            grads[k] += np.outer(a[k], deltas[k][s])
            chain = chain @ local @ weights[k].T
    return grads, deltas, inputs, derivatives


def jacobian_gradients(activation, x, target, weights):
    return jacobian_backward(activation, x, target, weights)[0]


@cache
def backward_of(activation, settings, scale=None):
    """The Jacobian-product backward pass of the set-up, once per process (the oracles and the
    invariants both read it)."""
    return jacobian_backward(activation, *setup(*settings, scale=scale))


def norms(activation, settings, scale=None):
    return np.array([np.linalg.norm(g) for g in backward_of(activation, settings, scale)[0]])


def mistakes(settings, points) -> dict:
    """The numbers of the typical slips, each from its own formula: σ(t) = expit(t) for σ' with
    the factor 1 - σ forgotten, 1 - tanh t for tanh', (¼)^K for a bound over all K layers, the
    experiment with weights of standard deviation 1/n (the variance 2/(n + n) passed as numpy's
    scale), and ‖∂L/∂W_K‖ / ‖∂L/∂W_1‖ for ρ turned upside down."""
    depth, width = settings[0], settings[1]
    found = {
        f"mistakes.sigma_forgot_factor.bounds.sigmoid_at.{n}": float(expit(t))
        for n, t in enumerate(points)
    }
    found |= {
        f"mistakes.tanh_not_squared.bounds.tanh_at.{n}": float(1 - np.tanh(t))
        for n, t in enumerate(points)
    }
    found["mistakes.bound_k_factors.bounds.depth_factor"] = sp.Rational(Fraction(1, 4) ** depth)
    for activation in ACT:
        small = norms(activation, settings, scale=1 / width)
        right = norms(activation, settings)
        found[f"mistakes.variance_as_std.experiment.{activation}_ratio"] = small[0] / small[-1]
        found[f"mistakes.ratio_inverted.experiment.{activation}_ratio"] = right[-1] / right[0]
    return found


def tanh_signals(settings) -> dict:
    """What a flat tanh curve is made of: the error signal's and the inputs' norms, first
    layer over last, and the mean tanh' of the first and last layers."""
    _, deltas, inputs, derivatives = backward_of("tanh", settings)
    delta_ratio = np.linalg.norm(deltas[0]) / np.linalg.norm(deltas[-1])
    input_ratio = np.linalg.norm(inputs[0]) / np.linalg.norm(inputs[-1])
    return {
        "experiment.tanh_delta_ratio": delta_ratio,
        "experiment.tanh_input_ratio": input_ratio,
        "experiment.tanh_first_derivative": derivatives[0].mean(),
        "experiment.tanh_last_derivative": derivatives[-1].mean(),
        "experiment.tanh_delta_shrinks": bool(delta_ratio < 1),
        "experiment.tanh_inputs_shrink": bool(input_ratio > 1),
        # «каждый слой сжимает сигнал»: every layer's input smaller than the one before
        "experiment.tanh_each_layer_shrinks": all(
            np.linalg.norm(inputs[k]) > np.linalg.norm(inputs[k + 1])
            for k in range(len(inputs) - 1)
        ),
    }


def peak(derivative):
    grid = np.linspace(-8, 8, 16001)
    return float(np.round(grid[np.argmax(derivative(grid))], 6))


# the set-up the booklet illustrates the sheet with (the sheet gives no numbers)
EXAMPLE = {"depth": 10, "width": 32, "batch": 64, "seed": 0, "points": (2, 5)}


def settings_of(given) -> tuple[int, ...]:
    return tuple(int(given[name]) for name in ("depth", "width", "batch", "seed"))


def points_of(given) -> tuple:
    return (sp.Rational(given["saturation_points.0"]), sp.Rational(given["saturation_points.1"]))


def oracles(given) -> dict:
    """From the published set-up (the experiment's definition), checked for being sensible."""
    settings = settings_of(given)
    DEPTH = settings[0]
    POINTS = tuple(float(v) for v in points_of(given))
    sigmoid_norms, tanh_norms = norms("sigmoid", settings), norms("tanh", settings)
    t = sp.Symbol("t")
    names = ("depth", "width", "batch", "seed", "saturation_points.0", "saturation_points.1")
    sensible = Satisfies(
        lambda d, w, b, s, p0, p1: d >= 3 and w >= 2 and b >= 1 and s >= 0 and 0 < p0 < p1,
        "a deep network and saturation points right of 0",
        tuple(f"given.{n}" for n in names),
    )
    return {
        **{f"given.{n}": sensible for n in names},
        "bounds.sigmoid_argmax": peak(ACT["sigmoid"][1]),
        "bounds.tanh_argmax": peak(ACT["tanh"][1]),
        "bounds.sigmoid_max": (sp.exp(t) / (1 + sp.exp(t)) ** 2).subs(t, 0),
        "bounds.tanh_max": (1 - sp.tanh(t) ** 2).subs(t, 0),
        "bounds.sigmoid_at.0": float(ACT["sigmoid"][1](POINTS[0])),
        "bounds.sigmoid_at.1": float(ACT["sigmoid"][1](POINTS[1])),
        "bounds.tanh_at.0": float(ACT["tanh"][1](POINTS[0])),
        "bounds.tanh_at.1": float(ACT["tanh"][1](POINTS[1])),
        "bounds.depth_factor": sp.Rational(Fraction(1, 4) ** (DEPTH - 1)),
        # «почти равны нулю»: each derivative under 5 % of its maximum (¼ and 1)
        "bounds.far_saturated": bool(
            ACT["sigmoid"][1](POINTS[1]) < 0.05 * 0.25 and ACT["tanh"][1](POINTS[1]) < 0.05
        ),
        "given.asked": (*settings, points_of(given))
        != tuple(EXAMPLE[name] for name in ("depth", "width", "batch", "seed", "points")),
        "curves.t": Satisfies(
            lambda t_: (
                min(np.array(t_, dtype=float).ravel())
                <= -4
                <= 4
                <= max(np.array(t_, dtype=float).ravel())
            ),
            "a range that shows the saturation on both sides",
            ("curves.t",),
        ),
        "curves.sigmoid": FromClaims(lambda t_: expit(np.array(t_, dtype=float)), ("curves.t",)),
        "curves.sigmoid_derivative": FromClaims(
            lambda t_: ACT["sigmoid"][1](np.array(t_, dtype=float)), ("curves.t",)
        ),
        "curves.tanh": FromClaims(lambda t_: np.tanh(np.array(t_, dtype=float)), ("curves.t",)),
        "curves.tanh_derivative": FromClaims(
            lambda t_: ACT["tanh"][1](np.array(t_, dtype=float)), ("curves.t",)
        ),
        "experiment.layers": sp.Matrix([list(range(1, DEPTH + 1))]),
        "experiment.sigmoid": sp.Matrix([sigmoid_norms.tolist()]),
        "experiment.tanh": sp.Matrix([tanh_norms.tolist()]),
        "experiment.sigmoid_ratio": sigmoid_norms[0] / sigmoid_norms[-1],
        "experiment.tanh_ratio": tanh_norms[0] / tanh_norms[-1],
        # "many orders": three or more; "flat": within a factor of three
        "experiment.sigmoid_vanishes": bool(np.log10(sigmoid_norms[-1] / sigmoid_norms[0]) >= 3),
        "experiment.tanh_flat": bool(abs(np.log(tanh_norms[0] / tanh_norms[-1])) <= np.log(3)),
        **tanh_signals(settings),
        **mistakes(settings, POINTS),
    }


def invariants(given) -> dict:
    settings, (near, far) = settings_of(given), points_of(given)
    sigmoid_norms = norms("sigmoid", settings)
    return {
        "a deep network: 6 to 12 layers": 6 <= settings[0] <= 12,
        "a near point before a far one, both right of 0": 0 < near < far,
        "the sigmoid's first-layer gradient two orders or more below the last's": bool(
            sigmoid_norms[0] <= 1e-2 * sigmoid_norms[-1]
        ),
    }


# what a grader compares: the numbers a variant asks for
ANSWERS = (
    "bounds.sigmoid_at",
    "bounds.tanh_at",
    "bounds.depth_factor",
    "experiment.sigmoid_ratio",
    "experiment.tanh_ratio",
)
