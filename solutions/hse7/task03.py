"""hse7.3: why gradients vanish in deep sigmoid and tanh networks.

Exact part (sympy): σ' = σ(1 - σ) peaks at t = 0 with value ¼, tanh' = 1 - tanh² peaks at
t = 0 with value 1, and both fall off fast (saturation). The bound (¼)^(depth-1) on the
product of the activations' derivatives along a path of the backward pass.

Experiment (numpy, seeded): `depth` fully connected layers of `width` neurons, Glorot-normal
weights (standard deviation √(2 / (fan_in + fan_out))), zero biases, a batch of standard-normal
inputs, a mean-squared-error loss against standard-normal targets; the Frobenius norm of
∂L/∂W_k for every layer k, for sigmoid and for tanh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from solutions.exact import tidy

t = sp.Symbol("t", real=True)


@dataclass(frozen=True)
class Params:
    depth: int
    width: int
    batch: int
    seed: int
    saturation_points: tuple[int, ...]  # where the derivatives are shown to be small


PARAMS = Params(depth=10, width=32, batch=64, seed=0, saturation_points=(2, 5))


@dataclass(frozen=True)
class Bounds:
    sigmoid_argmax: sp.Basic  # where σ' is largest
    sigmoid_max: sp.Basic  # σ'(0)
    tanh_argmax: sp.Basic
    tanh_max: sp.Basic
    sigmoid_at: tuple[sp.Basic, ...]  # σ' at the saturation points
    tanh_at: tuple[sp.Basic, ...]
    depth_factor: sp.Basic  # (max σ')^(depth - 1)


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


@dataclass(frozen=True)
class Result:
    bounds: Bounds
    curves: Curves
    experiment: Experiment


def _peak(derivative):
    """(argmax, max) of a derivative that is even and peaks at a single critical point."""
    critical = [c for c in sp.solve(sp.diff(derivative, t), t) if c.is_real]
    best = max(critical, key=lambda c: derivative.subs(t, c))
    return best, sp.simplify(derivative.subs(t, best))


def bounds(p: Params) -> Bounds:
    sigmoid = 1 / (1 + sp.exp(-t))
    d_sigmoid = sp.simplify(sp.diff(sigmoid, t))
    d_tanh = sp.simplify(sp.diff(sp.tanh(t), t))
    (s_arg, s_max), (h_arg, h_max) = _peak(d_sigmoid), _peak(d_tanh)
    in_exponentials = d_tanh.rewrite(sp.exp)
    return Bounds(
        s_arg,
        s_max,
        h_arg,
        h_max,
        tuple(tidy((sigmoid * (1 - sigmoid)).subs(t, v)) for v in p.saturation_points),
        tuple(tidy(in_exponentials.subs(t, v)) for v in p.saturation_points),
        s_max ** (p.depth - 1),
    )


def curves() -> Curves:
    grid = np.linspace(-6, 6, 121)
    s = 1 / (1 + np.exp(-grid))
    return Curves(grid, s, s * (1 - s), np.tanh(grid), 1 - np.tanh(grid) ** 2)


ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a**2),
}


def initial_weights(p: Params) -> list[np.ndarray]:
    """Glorot-normal weights, drawn in layer order from one generator seeded with p.seed,
    after the inputs and targets (the order is part of the experiment's definition)."""
    rng = np.random.default_rng(p.seed)
    rng.standard_normal((p.batch, p.width))  # inputs
    rng.standard_normal((p.batch, p.width))  # targets
    std = np.sqrt(2 / (p.width + p.width))
    return [rng.normal(0, std, (p.width, p.width)) for _ in range(p.depth)]


def data(p: Params) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(p.seed)
    return rng.standard_normal((p.batch, p.width)), rng.standard_normal((p.batch, p.width))


def gradient_norms(p: Params, activation: str) -> np.ndarray:
    """Backprop through a[k] = f(a[k-1] W_k); L = mean of squared errors of the last a."""
    f, f_prime_of_output = ACTIVATIONS[activation]
    x, target = data(p)
    weights = initial_weights(p)
    outputs = [x]
    for W in weights:
        outputs.append(f(outputs[-1] @ W))
    upstream = 2 * (outputs[-1] - target) / outputs[-1].size  # ∂L/∂a_depth
    norms = []
    for k in reversed(range(p.depth)):
        delta = upstream * f_prime_of_output(outputs[k + 1])  # ∂L/∂z_k
        norms.append(np.linalg.norm(outputs[k].T @ delta))
        upstream = delta @ weights[k].T
    return np.array(norms[::-1])


def solve(p: Params) -> Result:
    norms = {name: gradient_norms(p, name) for name in ACTIVATIONS}
    return Result(
        bounds=bounds(p),
        curves=curves(),
        experiment=Experiment(
            layers=np.arange(1, p.depth + 1),
            sigmoid=norms["sigmoid"],
            tanh=norms["tanh"],
            sigmoid_ratio=float(norms["sigmoid"][0] / norms["sigmoid"][-1]),
            tanh_ratio=float(norms["tanh"][0] / norms["tanh"][-1]),
        ),
    )
