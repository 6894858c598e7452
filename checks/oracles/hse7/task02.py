"""Independent oracle for hse7.2: a random image and kernel under a random smooth downstream
loss. The layer's forward pass is a valid correlation over numpy's sliding windows (not the
sheet's double sum); every derivative, and x̄ and δ themselves, are central differences.
Indices are from 0, as on the sheet."""

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


def oracles(given) -> dict:
    o = {
        name: Satisfies(fits, "an example whose kernel window fits in the input", EXAMPLE)
        for name in EXAMPLE
    }
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
