"""hse7.3: why gradients vanish in deep sigmoid and tanh networks.

Exact part (sympy): σ' = σ(1 - σ) peaks at t = 0 with value ¼, tanh' = 1 - tanh² peaks at
t = 0 with value 1, and both fall off fast (saturation). The bound (¼)^(depth-1) on the
product of the activations' derivatives along a path of the backward pass.

Experiment (numpy, seeded): `depth` fully connected layers of `width` neurons, Glorot-normal
weights (standard deviation √(2 / (fan_in + fan_out))), zero biases, a batch of standard-normal
inputs, a mean-squared-error loss against standard-normal targets; the Frobenius norm of
∂L/∂W_k for every layer k, for sigmoid and for tanh. Since ∂L/∂W_k = a_(k-1)ᵀ δ_k, a flat
curve can hide a shrinking error signal δ_k = ∂L/∂z_k behind layer inputs a_(k-1) that grow
towards the input, so for tanh the two factors are reported too, with the mean tanh' per layer.

Variants: the depth, the width, the batch, the seed and the two points where the derivatives
are evaluated. The sheet asks only "why"; a variant's statement also asks for the numbers
(σ' and tanh' at the points, the bound (¼)^(depth-1), the experiment's ratios of gradient
norms), which the sheet's booklet shows as our illustration (`asked` is False).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from solutions.variety import Pool

t = sp.Symbol("t", real=True)


@dataclass(frozen=True)
class Params:
    depth: int
    width: int
    batch: int
    seed: int
    saturation_points: tuple[sp.Rational, ...]  # where the derivatives are shown to be small
    asked: bool = True  # the statement asks for the numbers (False: the sheet, "why" only)


PARAMS = Params(
    depth=10,
    width=32,
    batch=64,
    seed=0,
    saturation_points=(sp.Integer(2), sp.Integer(5)),
    asked=False,
)


def _draw(points, depth, width, batch, seed) -> Params:
    return Params(depth, width, batch, seed, points)


_NEAR = (sp.Rational(3, 2), sp.Integer(2), sp.Rational(5, 2), sp.Integer(3))
_FAR = tuple(sp.Integer(v) for v in (4, 5, 6, 7, 8))
variant = Pool(
    {
        "points": list(itertools.product(_NEAR, _FAR)),
        "depth": list(range(6, 13)),
        "width": [16, 24, 32, 48],
        "batch": [32, 48, 64],
        "seed": list(range(1, 41)),
    },
    _draw,
    # what a grader compares beyond the experiment's own numbers: σ', tanh' at the points and
    # the bound (¼)^(depth-1); the set-up (width, batch, seed) only changes the experiment
    key=lambda p: (p.depth, *p.saturation_points),
    sheet=PARAMS,
)
"""Variants: depth 6..12 (the sigmoid's first-layer gradient then always lies three or more
orders below the last's, and the plot and the table stay short), width 16..48, batch 32..64,
seed 1..40, a near point from 3/2..3 and a far one from 4..8 (t = 4 is not yet «почти ноль» for
σ': the fact far_saturated chooses the words). Invariant: the points are ordered, the sigmoid's
gradient vanishes by two orders or more. Distinct: depth and points (`key`)."""


@dataclass(frozen=True)
class Bounds:
    sigmoid_argmax: sp.Basic  # where σ' is largest
    sigmoid_max: sp.Basic  # σ'(0)
    tanh_argmax: sp.Basic
    tanh_max: sp.Basic
    sigmoid_at: tuple[sp.Basic, ...]  # σ' at the saturation points
    tanh_at: tuple[sp.Basic, ...]
    depth_factor: sp.Basic  # (max σ')^(depth - 1)
    # both derivatives at the far saturation point are under 5 % of their maxima: what the
    # page calls «почти равны нулю»
    far_saturated: bool


@dataclass(frozen=True)
class Curves:
    t: np.ndarray
    sigmoid: np.ndarray
    sigmoid_derivative: np.ndarray
    tanh: np.ndarray
    tanh_derivative: np.ndarray


@dataclass(frozen=True)
class Experiment:
    layers: np.ndarray  # 1..depth
    sigmoid: np.ndarray  # ‖∂L/∂W_k‖ per layer
    tanh: np.ndarray
    sigmoid_ratio: float  # first layer's norm over the last's
    tanh_ratio: float
    tanh_delta_ratio: float  # ‖δ_1‖ / ‖δ_depth‖: the error signal, first layer over last
    tanh_input_ratio: float  # ‖a_0‖ / ‖a_(depth-1)‖: the layers' inputs, first over last
    tanh_first_derivative: float  # mean tanh'(z_1) over the first layer's neurons and batch
    tanh_last_derivative: float
    sigmoid_vanishes: bool  # the first layer's gradient is 3 or more orders below the last's
    tanh_flat: bool  # the first layer's gradient is within a factor 3 of the last's
    tanh_delta_shrinks: bool  # ‖δ_1‖ < ‖δ_depth‖
    tanh_inputs_shrink: bool  # ‖a_0‖ > ‖a_(depth-1)‖: the first layer's input the largest
    tanh_each_layer_shrinks: bool  # ‖a_(k-1)‖ > ‖a_k‖ for every layer k


@dataclass(frozen=True)
class Result:
    bounds: Bounds
    curves: Curves
    experiment: Experiment
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the number they give}
    mistakes: dict[str, dict[str, object]]


def _peak(derivative):
    """(argmax, max) of a derivative that is even and peaks at a single critical point."""
    critical = [c for c in sp.solve(sp.diff(derivative, t), t) if c.is_real]
    best = max(critical, key=lambda c: derivative.subs(t, c))
    return best, sp.simplify(derivative.subs(t, best))


@cache
def _derivatives() -> tuple:
    """σ, σ', tanh' and both peaks: the same for every variant, and the slowest part of a
    variant's solve (sympy's solve and simplify), so computed once per process."""
    sigmoid = 1 / (1 + sp.exp(-t))
    d_sigmoid = sp.simplify(sp.diff(sigmoid, t))
    d_tanh = sp.simplify(sp.diff(sp.tanh(t), t))
    return sigmoid, d_sigmoid, d_tanh, _peak(d_sigmoid), _peak(d_tanh)


def bounds(p: Params, mistake: str = "right") -> Bounds:
    """The bounds; `mistake` switches on a typical slip: "sigma_forgot_factor" (σ' at the
    points taken as σ, the factor 1 - σ forgotten), "tanh_not_squared" (tanh' as 1 - tanh),
    "bound_k_factors" (all K factors σ'(s_k) in the bound, not the K - 1 above the first)."""
    _, d_sigmoid, d_tanh, (s_arg, s_max), (h_arg, h_max) = _derivatives()
    factors = p.depth if mistake == "bound_k_factors" else p.depth - 1
    return Bounds(
        s_arg,
        s_max,
        h_arg,
        h_max,
        tuple(
            _sigmoid_slope(v, forgot_factor=mistake == "sigma_forgot_factor")
            for v in p.saturation_points
        ),
        tuple(_tanh_slope(v, squared=mistake != "tanh_not_squared") for v in p.saturation_points),
        s_max**factors,
        bool(
            _share(d_sigmoid, s_max, p.saturation_points[-1]) < NEAR_ZERO
            and _share(d_tanh, h_max, p.saturation_points[-1]) < NEAR_ZERO
        ),
    )


# σ(1 - σ) = e^v/(1 + e^v)² and 1 - tanh² = 4e^(2v)/(1 + e^(2v))² at a point: the forms `tidy`
# gives, written directly (tidy takes a third of a second for each)
def _sigmoid_slope(v, forgot_factor=False):
    if forgot_factor:  # σ(v) alone, without its factor 1 - σ(v) = 1/(1 + e^v)
        return sp.exp(v) / (1 + sp.exp(v))
    return sp.exp(v) / (1 + sp.exp(v)) ** 2


def _tanh_slope(v, squared=True):
    if not squared:  # 1 - tanh v = 1 - (e^(2v) - 1)/(e^(2v) + 1)
        return 2 / (1 + sp.exp(2 * v))
    return 4 * sp.exp(2 * v) / (1 + sp.exp(2 * v)) ** 2


NEAR_ZERO = 0.05  # a share of the derivative's maximum


def _share(derivative, maximum, point) -> float:
    return float(derivative.subs(t, point) / maximum)


def curves() -> Curves:
    grid = np.linspace(-6, 6, 121)
    s = 1 / (1 + np.exp(-grid))
    return Curves(grid, s, s * (1 - s), np.tanh(grid), 1 - np.tanh(grid) ** 2)


ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a**2),
}


def initial_weights(p: Params, variance_as_std: bool = False) -> list[np.ndarray]:
    """Glorot-normal weights, drawn in layer order from one generator seeded with p.seed,
    after the inputs and targets (the order is part of the experiment's definition).
    `variance_as_std`: the typical slip of passing the variance 2/(n_in + n_out) to
    numpy's normal, whose scale is the standard deviation."""
    rng = np.random.default_rng(p.seed)
    rng.standard_normal((p.batch, p.width))  # inputs
    rng.standard_normal((p.batch, p.width))  # targets
    variance = 2 / (p.width + p.width)
    std = variance if variance_as_std else np.sqrt(variance)
    return [rng.normal(0, std, (p.width, p.width)) for _ in range(p.depth)]


def data(p: Params) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(p.seed)
    return rng.standard_normal((p.batch, p.width)), rng.standard_normal((p.batch, p.width))


@dataclass(frozen=True)
class Backward:
    gradient_norms: np.ndarray  # ‖∂L/∂W_k‖, k = 1..depth
    delta_norms: np.ndarray  # ‖∂L/∂z_k‖
    input_norms: np.ndarray  # ‖a_(k-1)‖
    mean_derivatives: np.ndarray  # mean f'(z_k)


def backward(p: Params, activation: str, variance_as_std: bool = False) -> Backward:
    """Backprop through a[k] = f(a[k-1] W_k); L = mean of squared errors of the last a."""
    f, f_prime_of_output = ACTIVATIONS[activation]
    x, target = data(p)
    weights = initial_weights(p, variance_as_std)
    outputs = [x]
    for W in weights:
        outputs.append(f(outputs[-1] @ W))
    upstream = 2 * (outputs[-1] - target) / outputs[-1].size  # ∂L/∂a_depth
    norms, deltas, derivatives = [], [], []
    for k in reversed(range(p.depth)):
        derivative = f_prime_of_output(outputs[k + 1])
        delta = upstream * derivative  # ∂L/∂z_k
        norms.append(np.linalg.norm(outputs[k].T @ delta))
        deltas.append(np.linalg.norm(delta))
        derivatives.append(derivative.mean())
        upstream = delta @ weights[k].T
    return Backward(
        np.array(norms[::-1]),
        np.array(deltas[::-1]),
        np.array([np.linalg.norm(a) for a in outputs[:-1]]),
        np.array(derivatives[::-1]),
    )


def experiment(p: Params) -> Experiment:
    sigmoid, tanh = backward(p, "sigmoid"), backward(p, "tanh")
    sigmoid_ratio = float(sigmoid.gradient_norms[0] / sigmoid.gradient_norms[-1])
    tanh_ratio = float(tanh.gradient_norms[0] / tanh.gradient_norms[-1])
    delta_ratio = float(tanh.delta_norms[0] / tanh.delta_norms[-1])
    input_ratio = float(tanh.input_norms[0] / tanh.input_norms[-1])
    return Experiment(
        layers=np.arange(1, p.depth + 1),
        sigmoid=sigmoid.gradient_norms,
        tanh=tanh.gradient_norms,
        sigmoid_ratio=sigmoid_ratio,
        tanh_ratio=tanh_ratio,
        tanh_delta_ratio=delta_ratio,
        tanh_input_ratio=input_ratio,
        tanh_first_derivative=float(tanh.mean_derivatives[0]),
        tanh_last_derivative=float(tanh.mean_derivatives[-1]),
        sigmoid_vanishes=sigmoid_ratio <= 1e-3,
        tanh_flat=1 / 3 <= tanh_ratio <= 3,
        tanh_delta_shrinks=delta_ratio < 1,
        tanh_inputs_shrink=input_ratio > 1,
        tanh_each_layer_shrinks=bool(np.all(np.diff(tanh.input_norms) < 0)),
    )


def _ratio(norms: np.ndarray, inverted: bool = False) -> float:
    """ρ = ‖∂L/∂W_1‖ / ‖∂L/∂W_K‖; `inverted`: the slip of dividing the last by the first."""
    return float(norms[-1] / norms[0] if inverted else norms[0] / norms[-1])


def _mistakes(p: Params, right: Experiment) -> dict[str, dict[str, object]]:
    """Each slip's numbers, where they differ from the right ones."""
    found: dict[str, dict[str, object]] = {}
    for name, part in (
        ("sigma_forgot_factor", "sigmoid_at"),
        ("tanh_not_squared", "tanh_at"),
    ):
        values = getattr(bounds(p, name), part)
        found[name] = {f"bounds.{part}.{n}": value for n, value in enumerate(values)}
    found["bound_k_factors"] = {"bounds.depth_factor": bounds(p, "bound_k_factors").depth_factor}
    found["variance_as_std"] = {
        f"experiment.{activation}_ratio": _ratio(
            backward(p, activation, variance_as_std=True).gradient_norms
        )
        for activation in ACTIVATIONS
    }
    found["ratio_inverted"] = {
        f"experiment.{activation}_ratio": _ratio(getattr(right, activation), inverted=True)
        for activation in ACTIVATIONS
    }
    return found


def solve(p: Params) -> Result:
    right = experiment(p)
    return Result(bounds=bounds(p), curves=curves(), experiment=right, mistakes=_mistakes(p, right))


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "bounds.sigmoid_at.*": r"\sigma'(t_{@n})",
    "bounds.tanh_at.*": r"\tanh'(t_{@n})",
    "bounds.depth_factor": r"(\sigma'_{\max})^{K-1}",
    "experiment.sigmoid_ratio": r"\rho_{\sigma}",
    "experiment.tanh_ratio": r"\rho_{\tanh}",
    # the mean of tanh' over a layer's neurons and the batch
    "experiment.tanh_first_derivative": r"\overline{\tanh'(s_1)}",
    "experiment.tanh_last_derivative": r"\overline{\tanh'(s_K)}",
}
