"""Independent oracle for ranepa3.2: a 2-2-2-1 tanh network written here in numpy. Each
formula of the page is checked at random weights and inputs (five seeds): values against
this forward pass, every derivative against central differences of L = 1/2 (y - ŷ)². Item 4's
numbers: L as one sympy expression of the weights (ReLU as Max, σ as 1/(1 + e^-t)),
differentiated by sympy and evaluated at the stated data."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.digits import digits
from checks.oracles.numeric import AtRandomPoints, Satisfies, gradient
from checks.oracles.once import per_given

T = sp.Dummy("t")


def forward(x, W1, W2, W3):
    z1 = x @ W1
    a1 = np.tanh(z1)
    z2 = a1 @ W2
    a2 = np.tanh(z2)
    z3 = a2 @ W3
    return z1, a1, z2, a2, z3, np.tanh(z3)


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(100 + seed)
    x, y = rng.normal(size=(1, 2)), rng.normal()
    W1, W2, W3 = rng.normal(size=(2, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2, 1))
    z1, a1, z2, a2, z3, yhat = forward(x, W1, W2, W3)

    def loss(out):
        return float(np.sum(0.5 * (y - out) ** 2))

    v = {
        "x": x,
        "y": y,
        r"\hat{y}": float(yhat[0, 0]),
        "W_1": W1,
        "W_2": W2,
        "W_3": W3,
        "a^{1}": a1,
        "a^{2}": a2,
        "z^{3}": float(z3[0, 0]),
        "f": sp.Lambda(T, sp.tanh(T)),
        "f'": sp.Lambda(T, 1 - sp.tanh(T) ** 2),
        "L": loss(yhat),
        "dW1": gradient(lambda w: loss(forward(x, w, W2, W3)[-1]), W1),
        "dW2": gradient(lambda w: loss(forward(x, W1, w, W3)[-1]), W2),
        "dW3": gradient(lambda w: loss(forward(x, W1, W2, w)[-1]), W3),
        # δ^k = ∂L/∂z^k: the rest of the network as a function of z^k
        r"\delta^{3}": gradient(lambda z: loss(np.tanh(z)), z3),
        r"\delta^{2}": gradient(lambda z: loss(np.tanh(np.tanh(z) @ W3)), z2),
        r"\delta^{1}": gradient(lambda z: loss(np.tanh(np.tanh(np.tanh(z) @ W2) @ W3)), z1),
    }
    for k, z in ((1, z1), (2, z2), (3, z3)):
        v[f"f'(z^{{{k}}})"] = 1 - np.tanh(z) ** 2
    for i in (1, 2):
        v[f"x_{{{i}}}"] = x[0, i - 1]
        v[f"w^{{3}}_{{{i}}}"] = W3[i - 1, 0]
        for k, a, z in ((1, a1, z1), (2, a2, z2)):
            v[f"a^{{{k}}}_{{{i}}}"], v[f"z^{{{k}}}_{{{i}}}"] = a[0, i - 1], z[0, i - 1]
        for j in (1, 2):
            v[f"w^{{1}}_{{{i}{j}}}"], v[f"w^{{2}}_{{{i}{j}}}"] = W1[i - 1, j - 1], W2[i - 1, j - 1]
    return v


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def oracles(given) -> dict:
    o = numbers_oracles(given) | {
        "composite.layer1.0": at(lambda v: (v["x"] @ v["W_1"])[0, 0]),
        "composite.layer1.1": at(lambda v: (v["x"] @ v["W_1"])[0, 1]),
        "composite.layer2.0": at(lambda v: v["z^{2}_{1}"]),
        "composite.layer2.1": at(lambda v: v["z^{2}_{2}"]),
        "composite.output": at(lambda v: v[r"\hat{y}"]),
        "composite.full_terms.0": at(lambda v: v["W_3"][0, 0] * v["a^{2}"][0, 0]),
        "composite.full_terms.1": at(lambda v: v["W_3"][1, 0] * v["a^{2}"][0, 1]),
        "matrix_form.yhat": at(lambda v: v[r"\hat{y}"]),
        "matrix_form.z.0": at(lambda v: v["x"] @ v["W_1"]),
        "matrix_form.z.1": at(lambda v: v["a^{1}"] @ v["W_2"]),
        "matrix_form.z.2": at(lambda v: v["a^{2}"] @ v["W_3"]),
    }
    # the ten partial derivatives, in the page's order: layer 3, then 2, then 1
    order = [("dW3", i, 0) for i in (0, 1)]
    order += [(name, i, j) for name in ("dW2", "dW1") for i in (0, 1) for j in (0, 1)]
    for n, (name, i, j) in enumerate(order):
        o[f"elementwise.{n}.formula"] = at(lambda v, name=name, i=i, j=j: v[name][i, j])
    for n, name in enumerate(("dW3", "dW2", "dW1")):
        o[f"matrix_gradients.{n}"] = at(lambda v, name=name: v[name])
        o[f"backprop.grads.{n}"] = at(lambda v, name=name: v[name])
    for n, k in enumerate((3, 2, 1)):
        o[f"backprop.delta.{n}"] = at(lambda v, k=k: v[f"\\delta^{{{k}}}"])
    return o


# --- item 4 on numbers: L written as one sympy expression of the weights, differentiated ---

EXAMPLE = {  # the booklet's own example (the sheet gives no numbers)
    "x": [[1, 2]],
    "y": 2,
    "W1": [[1, 2], [1, 1]],
    "W2": [[-1, 1], [2, 1]],
    "W3": [[2], [-1]],
}
ANSWERS = ("numbers.yhat", "numbers.loss", "numbers.grad_W")  # what the key grades


def activation(relu: bool):
    return (lambda t: sp.Max(0, t)) if relu else (lambda t: 1 / (1 + sp.exp(-t)))


@per_given
def exact_pass(given) -> dict:
    """Every number of item 4: the forward pass by the layer formulas, every derivative as
    the derivative of L written out in whatever it is taken by."""
    relu = bool(given["relu"])
    f = activation(relu)
    x, y = sp.Matrix(given["x"]), sp.sympify(given["y"])
    W = {k: sp.Matrix(given[f"W{k}"]) for k in (1, 2, 3)}
    rows = lambda name, n: sp.Matrix([sp.symbols(f"{name}1:{n + 1}")])

    def downstream(k: int, start):
        """ŷ as a function of the row that enters layer k + 1 (a^k; a^0 = x)."""
        a = start
        for j in range(k + 1, 4):
            a = (a * W[j]).applyfunc(f)
        return a[0]

    def gradient_at(expr, row, value) -> sp.Matrix:
        return sp.Matrix([[sp.diff(expr, s) for s in row]]).xreplace(
            dict(zip(row, value, strict=True))
        )

    loss = lambda out: (y - out) ** 2 / 2
    v = {"z1": x * W[1]}
    v["a1"] = v["z1"].applyfunc(f)
    v["z2"] = v["a1"] * W[2]
    v["a2"] = v["z2"].applyfunc(f)
    v["z3"] = (v["a2"] * W[3])[0]
    v["yhat"] = f(v["z3"])
    v["loss"] = loss(v["yhat"])
    v["error"] = v["yhat"] - y
    t = sp.Symbol("t")
    slope = lambda z: sp.diff(f(t), t).subs(t, z)
    v["fprime1"], v["fprime2"] = v["z1"].applyfunc(slope), v["z2"].applyfunc(slope)
    v["fprime3"] = slope(v["z3"])
    z3 = sp.Symbol("z3")
    v["delta3"] = sp.diff(loss(f(z3)), z3).subs(z3, v["z3"])
    for k in (1, 2):  # δ^k = ∂L/∂z^k and ∂L/∂a^k, the rest of the network as a function of them
        z, a = rows(f"z{k}_", 2), rows(f"a{k}_", 2)
        v[f"delta{k}"] = gradient_at(loss(downstream(k, z.applyfunc(f))), z, v[f"z{k}"])
        v[f"back{k}"] = gradient_at(loss(downstream(k, a)), a, v[f"a{k}"])
    weights = {k: sp.Matrix(*W[k].shape, lambda i, j, k=k: sp.Symbol(f"w{k}_{i}{j}")) for k in W}
    net = x
    for k in (1, 2, 3):
        net = (net * weights[k]).applyfunc(f)
    at = {weights[k][i]: W[k][i] for k in W for i in range(len(W[k]))}
    L = loss(net[0])
    for k in (1, 2, 3):
        v[f"grad_W{k}"] = weights[k].applyfunc(lambda w: sp.diff(L, w)).xreplace(at)
    return v


def mistakes(given, v: dict) -> dict:
    """The typical mistakes from this oracle's own numbers: y - ŷ for ŷ - y is the gradient of
    -L; δᵀa for aᵀδ is the gradient transposed; δ² sent back through W₂ (not W₂ᵀ), index by
    index: ∂L/∂w¹_ki = x_k f'(z¹_i) Σ_j δ²_j w²_ji."""
    W2, x = sp.Matrix(given["W2"]), sp.Matrix(given["x"])
    wrong_W1 = sp.Matrix(
        2,
        2,
        lambda k, i: x[k] * v["fprime1"][i] * sum(v["delta2"][j] * W2[j, i] for j in range(2)),
    )
    o = {f"mistakes.error_sign.numbers.grad_W{k}": -v[f"grad_W{k}"] for k in (1, 2, 3)}
    o |= {f"mistakes.gradient_transposed.numbers.grad_W{k}": v[f"grad_W{k}"].T for k in (1, 2)}
    return o | {"mistakes.w_not_transposed.numbers.grad_W1": wrong_W1}


def numbers_oracles(given) -> dict:
    v = exact_pass(given)
    o = {f"numbers.{name}": value for name, value in v.items()} | mistakes(given, v)
    relu = bool(given["relu"])
    hidden = [(k, j) for k in (1, 2) for j in (0, 1) if relu and v[f"z{k}"][j] < 0]
    o["numbers.off"] = bool(hidden)
    if hidden:
        ((layer, neuron),) = hidden
        o["numbers.off_layer"] = sp.Integer(layer)
        o["numbers.off_neuron"] = sp.Integer(neuron + 1)
        o["numbers.next_layer"] = sp.Integer(layer + 1)
    example = (
        all(
            sp.Matrix(given[name]) == sp.Matrix(value)
            if isinstance(value, list)
            else given[name] == value
            for name, value in EXAMPLE.items()
        )
        and relu
    )
    o["numbers.stated"] = not example
    holds = lambda *values: all(sp.sympify(u).is_integer for m in values for u in sp.Matrix([m]))
    data = ("given.x", "given.y", "given.W1", "given.W2", "given.W3")
    o |= dict.fromkeys(data, Satisfies(holds, "integer data", data))
    o["given.relu"] = relu
    return o


def invariants(given) -> dict:
    v = exact_pass(given)
    relu = bool(given["relu"])
    zs = [*v["z1"], *v["z2"], v["z3"]]
    shown = [*zs, v["yhat"], v["loss"], *v["delta1"], *v["delta2"], v["delta3"]]
    shown += [*v["grad_W1"], *v["grad_W2"], *v["grad_W3"]]
    hidden_off = [bool(digits(z) < 0) for z in zs[:4]]
    deltas = [*v["delta1"], *v["delta2"], v["delta3"]]
    nonzero = lambda e: abs(digits(e)) > 1e-20  # nested exponentials: decided numerically
    printed = [u for value in v.values() for u in sp.Matrix([value])]  # every number item 4 shows
    readable = lambda u: (relu and u == 0) or abs(digits(u)) >= 1e-3  # ReLU's 0 are exact
    return {
        "no neuron gets exactly 0": all(map(nonzero, zs)),
        "ŷ ≠ y": nonzero(v["yhat"] - given["y"]),
        "two neurons of a layer get different inputs": nonzero(zs[0] - zs[1])
        and nonzero(zs[2] - zs[3]),
        "a δ is 0 only where its neuron is off": all(
            nonzero(d) for d, z in zip(deltas, zs, strict=True) if not relu or z > 0
        ),
        "ReLU: the output neuron is on": not relu or zs[4] > 0,
        "ReLU: at most one hidden neuron is off": not relu or sum(hidden_off) <= 1,
        "ReLU: numbers within ±60": not relu or max(abs(u) for u in shown) <= 60,
        "σ: no |z| above 4, y a class": relu
        or (max(abs(digits(z)) for z in zs) <= 4 and given["y"] in (0, 1)),
        "every number shown is 0 or at least 10⁻³ in size": all(map(readable, printed)),
    }
