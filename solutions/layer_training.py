"""One pass through a small network layer by layer, and one gradient step with what happens
after it (ranepa3.5): the values a page prints for a layer and for a step, the two losses.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from solutions.exact import sign, tidy
from solutions.nets import forward, gd_step, run, sigmoid


@dataclass(frozen=True)
class LayerPass:
    """One layer, forward with the sheet's input and backward with the sheet's gradient."""

    input: sp.Matrix
    output: sp.Matrix
    jacobian: sp.Matrix  # ∂ output / ∂ input, one row per output
    incoming: sp.Matrix  # ∂L/∂output, as given
    outgoing: sp.Matrix  # ∂L/∂input = incoming · jacobian


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
    kept_active: bool  # the neurons active before the step are active after it
    exact_hit: bool  # the step brought the loss to 0
    improved: bool  # the loss went down


def mse(out, y):
    return (out - y) ** 2


def logloss(z, y):
    """-(y ln p + (1 - y) ln(1 - p)), p = σ(z), with the logarithms expanded: ln(1 + e)."""
    p = sigmoid(z)
    logs = y * sp.log(tidy(p)) + (1 - y) * sp.log(tidy(1 - p))
    return tidy(sp.expand_log(-logs, force=True))


def negative(number) -> bool:
    """The sign of an exact number sympy cannot always decide symbolically (nested logs of
    exponentials): 30 digits decide it."""
    return bool(sp.re(sp.N(number, 30)) < 0)


def layer_pass(layer, x: sp.Matrix, incoming: sp.Matrix) -> LayerPass:
    return LayerPass(x, layer.forward(x), layer.jacobian(x), incoming, layer.backward(x, incoming))


def train(layers: tuple, x: sp.Matrix, seed, gamma, loss_of_output, loss_before) -> Training:
    trace = run(layers, x, sp.Matrix([[seed]]))
    stepped = gd_step(layers, trace, gamma)
    after = forward(stepped, x)  # no backward pass: a ReLU input may now be exactly 0
    loss_after = loss_of_output(after[3][0])
    # the values after the step are left as computed: the page shows a rational one exactly
    # and any other as its decimal (factoring them was most of the time of solving)
    return Training(
        seed=seed,
        g_a=trace.grads[2],
        g_h=trace.grads[1],
        g_x=trace.grads[0],
        grad_W1=trace.weight_grads[0],
        grad_W2=trace.weight_grads[2],
        W1=stepped[0].W,
        W2=stepped[2].W,
        h_after=after[1],
        a_after=after[2],
        out_after=after[3][0],
        loss_after=loss_after,
        all_dead=all(bool(v <= 0) for v in after[1]),
        kept_active=all(
            bool(v > 0) for v, before in zip(after[1], trace.inputs[1], strict=True) if before > 0
        ),
        exact_hit=sign(loss_after) == 0,
        improved=negative(loss_after - loss_before),
    )


def short(value) -> bool:
    """A decimal of at most three places, as the page writes a rational (else a fraction)."""
    return (Fraction(str(value)) * 1000).denominator == 1
