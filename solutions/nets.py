"""Small exact networks (sympy), in the row-vector convention of the ranepa3 sheet: a dense
layer maps a row x to x·W, and the gradient that flows back is a row too.

Every layer has `forward(x)`, `jacobian(x)` (the matrix of ∂ output_j / ∂ input_i, one row per
output) and `backward(x, g)`: given g = ∂L/∂output (a row), the gradient it passes back is
g·J. Dense layers also give ∂L/∂W = xᵀ·g. No autodiff: the tests check these against
sympy's differentiation and finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.exact import exp_of, sign, tidy

# Activation kinds a figure can draw; engine.render.figures.networks labels each one.
NEURON_KINDS = ("input", "relu", "sigmoid", "tanh", "f", "linear")


@dataclass(frozen=True)
class NetworkSpec:
    """A network's neuron columns for a figure: `names[k][i]` is the LaTeX name of neuron i of
    column k, `kinds[k]` its activation (one of NEURON_KINDS); column 0 is the input."""

    names: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]

    def __post_init__(self):
        if len(self.names) != len(self.kinds):
            raise ValueError("one activation kind per column")
        unknown = set(self.kinds) - set(NEURON_KINDS)
        if unknown:
            raise ValueError(f"unknown activation kinds {sorted(unknown)}")


def sigmoid(t):
    """The sheet's f(t) = e^t / (1 + e^t)."""
    e = exp_of(t)
    return e / (1 + e)


def _positive(t) -> bool:
    """Sign of an exact number; a ReLU input of exactly 0 has no derivative, so refuse it."""
    side = sign(t)
    if side == 0:
        raise ValueError("ReLU input is exactly 0: the derivative is undefined there")
    return side > 0


@dataclass(frozen=True)
class Dense:
    W: sp.Matrix
    b: sp.Matrix | None = None  # bias row (the weight of a constant input 1), if any

    def forward(self, x: sp.Matrix) -> sp.Matrix:
        return x * self.W + (self.b if self.b is not None else sp.zeros(1, self.W.shape[1]))

    def jacobian(self, x: sp.Matrix) -> sp.Matrix:
        return self.W.T

    def backward(self, x: sp.Matrix, g: sp.Matrix) -> sp.Matrix:
        return g * self.jacobian(x)

    def weight_grad(self, x: sp.Matrix, g: sp.Matrix) -> sp.Matrix:
        return x.T * g


@dataclass(frozen=True)
class Activation:
    kind: str  # "relu" or "sigmoid"

    def __post_init__(self):
        if self.kind not in ("relu", "sigmoid"):
            raise ValueError(f"unknown activation {self.kind!r}")

    def forward(self, x: sp.Matrix) -> sp.Matrix:
        if self.kind == "relu":  # ReLU(0) = 0 is fine; only its derivative is undefined
            return x.applyfunc(lambda t: t if sign(t) > 0 else sp.Integer(0))
        return x.applyfunc(lambda t: tidy(sigmoid(t)))

    def derivative(self, x: sp.Matrix) -> sp.Matrix:
        """f'(t) element-wise, as a row like x."""
        if self.kind == "relu":
            return x.applyfunc(lambda t: sp.Integer(1) if _positive(t) else sp.Integer(0))
        return x.applyfunc(lambda t: tidy(sigmoid(t) * (1 - sigmoid(t))))

    def jacobian(self, x: sp.Matrix) -> sp.Matrix:
        return sp.diag(*self.derivative(x))

    def backward(self, x: sp.Matrix, g: sp.Matrix) -> sp.Matrix:
        return g * self.jacobian(x)


@dataclass(frozen=True)
class Trace:
    """What one forward and backward pass through a layer stack produced."""

    inputs: tuple[sp.Matrix, ...]  # inputs[k] enters layer k; inputs[-1] is the output
    grads: tuple[sp.Matrix, ...]  # grads[k] = ∂L/∂inputs[k]; grads[-1] is the seed
    weight_grads: tuple[sp.Matrix | None, ...]  # ∂L/∂W of each dense layer, else None
    bias_grads: tuple[sp.Matrix | None, ...]  # ∂L/∂b = ∂L/∂output of a dense layer with bias


def forward(layers: tuple, x: sp.Matrix) -> list[sp.Matrix]:
    """What enters each layer, and at the end the output."""
    inputs = [x]
    for layer in layers:
        inputs.append(layer.forward(inputs[-1]))
    return inputs


def run(layers: tuple, x: sp.Matrix, seed: sp.Matrix) -> Trace:
    """Forward through `layers` from x, then backward from `seed` = ∂L/∂output."""
    inputs = forward(layers, x)
    grads = [seed]
    weight_grads, bias_grads = [], []
    for layer, layer_input in zip(reversed(layers), reversed(inputs[:-1]), strict=True):
        dense = isinstance(layer, Dense)
        weight_grads.insert(0, layer.weight_grad(layer_input, grads[0]) if dense else None)
        bias_grads.insert(0, grads[0] if dense and layer.b is not None else None)
        grads.insert(0, layer.backward(layer_input, grads[0]))
    return Trace(tuple(inputs), tuple(grads), tuple(weight_grads), tuple(bias_grads))


def gd_step(layers: tuple, trace: Trace, gamma) -> tuple:
    """The layer stack after one gradient step W <- W - gamma * dL/dW (and b likewise)."""
    return tuple(
        Dense(layer.W - gamma * gw, None if gb is None else layer.b - gamma * gb)
        if isinstance(layer, Dense)
        else layer
        for layer, gw, gb in zip(layers, trace.weight_grads, trace.bias_grads, strict=True)
    )


def spec(layers: tuple, names: tuple[tuple[str, ...], ...]) -> NetworkSpec:
    """The neuron columns of a dense/activation stack, for `engine.render.figures.networks.network`:
    a dense layer and the activation after it (if any; else "linear") make one column."""
    kinds = ["input"]
    for k, layer in enumerate(layers):
        if isinstance(layer, Dense):
            after = layers[k + 1] if k + 1 < len(layers) else None
            kinds.append(after.kind if isinstance(after, Activation) else "linear")
    widths = [layers[0].W.shape[0]] + [l.W.shape[1] for l in layers if isinstance(l, Dense)]
    if [len(column) for column in names] != widths:
        raise ValueError(f"neuron names {names} do not fit layer widths {widths}")
    return NetworkSpec(tuple(names), tuple(kinds))
