"""Independent oracle for hse7.2: a random image and kernel under a random smooth downstream
loss. The layer's forward pass is a valid correlation over numpy's sliding windows (not the
sheet's double sum); every derivative, and x̄ and δ themselves, are central differences.
Indices are from 0, as on the sheet.

The numeric layer exactly: the loss Σ x̄_ij x^l_ij (any loss whose gradient at x^l is x̄ has the
same first derivatives) as one sympy expression in symbols for the kernel, with the output
built by numpy's sliding windows over the input and the sigmoid as e^s/(1 + e^s),
differentiated by sympy and evaluated at the given kernel."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, FromClaims, Satisfies, gradient

H, W, K1, K2 = 5, 6, 3, 2


def correlate2d(x: np.ndarray, w: np.ndarray, mode: str = "valid") -> np.ndarray:
    """Valid cross-correlation: the kernel over every window of x (scipy.signal's, whose
    import alone costs a build a second and a half)."""
    assert mode == "valid"
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape)
    return np.einsum("ijkl,kl->ij", windows, w)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@cache
def point(seed: int) -> dict:
    rng = np.random.default_rng(7200 + seed)
    x_prev, w = rng.normal(size=(H, W)), rng.normal(size=(K1, K2))
    z = correlate2d(x_prev, w, mode="valid")
    c = rng.normal(size=z.shape)

    def downstream(x):  # any smooth function of the layer's output
        return float((c * np.tanh(x)).sum() + 0.3 * (x**2).sum())

    x = sigmoid(z)
    return {
        "H": H,
        "W": W,
        "k_1": K1,
        "k_2": K2,
        "i": int(rng.integers(0, z.shape[0])),
        "j": int(rng.integers(0, z.shape[1])),
        "m": int(rng.integers(0, K1)),
        "n": int(rng.integers(0, K2)),
        "x^{l-1}": sp.Array(x_prev.tolist()),
        "w^{l}": sp.Array(w.tolist()),
        "x^{l}": sp.Array(x.tolist()),
        r"\bar{x}^{l}": sp.Array(gradient(downstream, x).tolist()),
        r"\delta^{l}": sp.Array(gradient(lambda z_: downstream(sigmoid(z_)), z).tolist()),
        "z": z,
        "dw": gradient(lambda w_: downstream(sigmoid(correlate2d(x_prev, w_, mode="valid"))), w),
        "dz": gradient(lambda z_: downstream(sigmoid(z_)), z),
    }


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def fits(height, width, kernel_rows, kernel_cols, row, col):
    return row + kernel_rows <= height and col + kernel_cols <= width


EXAMPLE = (
    "given.height",
    "given.width",
    "given.kernel.0",
    "given.kernel.1",
    "given.position.0",
    "given.position.1",
)


def example_output(axis: int) -> FromClaims:
    """The output size of the figure's example, from a valid correlation of its sizes."""

    def size(height, width, kernel_rows, kernel_cols, *_):
        shape = correlate2d(
            np.zeros((int(height), int(width))),
            np.zeros((int(kernel_rows), int(kernel_cols))),
            mode="valid",
        ).shape
        return shape[axis]

    return FromClaims(size, EXAMPLE)


# the layer the booklet works as its example on the sheet, which gives no numbers
SHEET_LAYER = {
    "image": sp.Matrix([[1, 0, 2], [-1, 1, 1], [2, 1, 0]]),
    "weights": sp.Matrix([[1, -1], [0, 1]]),
    "x_bar": sp.Matrix([[1, -2], [2, 1]]),
}
SATURATION = 3  # |s| beyond this: a saturated neuron, not a hand-friendly example
LAYER = ("given.image", "given.weights", "given.x_bar")


def shaped(image, weights, x_bar) -> bool:
    """A 2×2 kernel over a 3×3, 3×4 or 4×3 input, x̄ of the output's size."""
    return (
        image.shape in ((3, 3), (3, 4), (4, 3))
        and weights.shape == (2, 2)
        and x_bar.shape == (image.shape[0] - 1, image.shape[1] - 1)
    )


def layer(image, weights, x_bar) -> dict:
    """Every number of the numeric layer: the output by numpy's sliding windows, the
    derivatives by sympy, each of L = Σ x̄ ∘ g(s) as a function of one variable (a sigmoid's
    argument, or one kernel entry with the others fixed)."""
    k1, k2 = weights.shape
    windows = np.lib.stride_tricks.sliding_window_view(
        np.array(image.tolist(), dtype=object), (k1, k2)
    )
    u = sp.Symbol("u")
    g = sp.exp(u) / (1 + sp.exp(u))

    def pre(kernel):  # the sigmoids' arguments, one sympy sum per output position
        return sp.Matrix((windows * np.array(kernel, dtype=object)).sum(axis=(2, 3)).tolist())

    def loss(kernel):
        return sum(x_bar[k] * g.xreplace({u: v}) for k, v in enumerate(pre(kernel)))

    def d_weight(m, n):
        kernel = weights.tolist()
        kernel[m][n] = u
        return sp.diff(loss(kernel), u).xreplace({u: weights[m, n]})

    s = pre(weights.tolist())
    return {
        "numbers.s": s,
        "numbers.output": s.applyfunc(lambda v: g.xreplace({u: v})),
        "numbers.local": s.applyfunc(lambda v: sp.diff(g, u).xreplace({u: v})),
        "numbers.delta": sp.Matrix(
            s.rows, s.cols, lambda i, j: sp.diff(x_bar[i, j] * g, u).xreplace({u: s[i, j]})
        ),
        "numbers.grad_w": sp.Matrix(k1, k2, d_weight),
    }


def slipped(image, weights, x_bar, *, flip=False, linear=False, short=False) -> dict:
    """The output and ∂L/∂w a typical slip gives, as the exact derivatives of the layer the
    student in effect differentiates: `flip` builds every output from the kernel turned by 180°
    (a convolution), `linear` drops the sigmoid from the loss (g' = 1), `short` leaves the last
    row and column of output positions out of L."""
    k1, k2 = weights.shape
    windows = np.lib.stride_tricks.sliding_window_view(
        np.array(image.tolist(), dtype=object), (k1, k2)
    )
    u = sp.Symbol("u")

    def logistic(v):
        return sp.exp(v) / (1 + sp.exp(v))

    def pre(kernel):
        kernel = np.array(kernel, dtype=object)
        return (windows * (kernel[::-1, ::-1] if flip else kernel)).sum(axis=(2, 3))

    def loss(kernel):
        s = pre(kernel)
        rows, cols = (s.shape[0] - 1, s.shape[1] - 1) if short else s.shape
        return sum(
            x_bar[i, j] * (s[i, j] if linear else logistic(s[i, j]))
            for i in range(rows)
            for j in range(cols)
        )

    def d_weight(m, n):
        kernel = weights.tolist()
        kernel[m][n] = u
        return sp.diff(loss(kernel), u).xreplace({u: weights[m, n]})

    return {
        "numbers.output": sp.Matrix(pre(weights.tolist()).tolist()).applyfunc(logistic),
        "numbers.grad_w": sp.Matrix(k1, k2, d_weight),
    }


def mistakes(image, weights, x_bar) -> dict:
    kinds = {
        "limits_short": ({"short": True}, ("numbers.grad_w",)),
        "no_sigmoid_derivative": ({"linear": True}, ("numbers.grad_w",)),
        "flipped_kernel": ({"flip": True}, ("numbers.output", "numbers.grad_w")),
    }
    found = {}
    for name, (how, paths) in kinds.items():
        numbers = slipped(image, weights, x_bar, **how)
        found |= {f"mistakes.{name}.{path}": numbers[path] for path in paths}
    return found


def oracles(given) -> dict:
    o = {
        name: Satisfies(fits, "an example whose kernel window fits in the input", EXAMPLE)
        for name in EXAMPLE
    }
    data = [given[name.removeprefix("given.")] for name in LAYER]
    valid = Satisfies(shaped, "a 2×2 kernel over a 3×3, 3×4 or 4×3 input", LAYER)
    # the statement gives the layer unless it is the example the sheet's booklet works
    asked = any(given[n].shape != m.shape or given[n] != m for n, m in SHEET_LAYER.items())
    o |= dict.fromkeys(LAYER, valid) | layer(*data) | mistakes(*data) | {"given.asked": asked}
    return o | {
        "pre_activation": at(lambda v: v["z"][v["i"], v["j"]]),
        "output_rows": at(lambda v: v["z"].shape[0]),
        "output_cols": at(lambda v: v["z"].shape[1]),
        "partial_w": at(lambda v: v["dw"][v["m"], v["n"]]),
        "delta": at(lambda v: v["dz"][v["i"], v["j"]]),
        "partial_w_delta": at(lambda v: v["dw"][v["m"], v["n"]]),
        "example.output_height": example_output(0),
        "example.output_width": example_output(1),
    }


def invariants(given) -> dict:
    image, weights, x_bar = (given[name.removeprefix("given.")] for name in LAYER)
    s = correlate2d(np.array(image.tolist(), dtype=int), np.array(weights.tolist(), dtype=int))
    return {
        "a 2×2 kernel over a 3×3, 3×4 or 4×3 input": shaped(image, weights, x_bar),
        "no neuron saturated: |s_ij| ≤ 3": bool(np.abs(s).max() <= SATURATION),
        "integer input and kernel": all(v.is_integer for v in (*image, *weights)),
        "no zero incoming gradient": all(v != 0 for v in x_bar),
        "at most one zero in the kernel, two in the input": sum(v == 0 for v in weights) <= 1
        and sum(v == 0 for v in image) <= 2,
    }


# what a grader compares: the output map and the kernel's gradient
ANSWERS = ("numbers.output", "numbers.grad_w")
