"""Independent oracle for hse7.4. XOR and the four points are typed from the sheet; the
weights are one of many right answers, so they are checked by the property (a separately
written numpy network with them computes XOR); values derived from them are recomputed by
that network from the published weights."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, FromClaims, Satisfies

SHEET = {"threshold": sp.Rational(1, 2)}  # the sheet's example threshold
POINTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
XOR = {p: int(p[0] != p[1]) for p in POINTS}
WEIGHTS = ("given.W1", "given.W2", "given.threshold")
# the statement's only number; any network computing XOR with it is an answer
ANSWERS = ("given.threshold",)


def as_float(m):
    return np.array(sp.Matrix(m).evalf() if isinstance(m, sp.MatrixBase) else m, dtype=float)


def network(W1, W2, x):
    hidden_in = np.array([x], dtype=float) @ as_float(W1)
    hidden = np.maximum(hidden_in, 0)
    return hidden_in, hidden, (hidden @ as_float(W2)).item()


def computes_xor(W1, W2, threshold):
    return all((network(W1, W2, p)[2] >= float(threshold)) == bool(XOR[p]) for p in POINTS)


def exact_regions(W1, W2, threshold, window, *polygons) -> bool:
    """The class-1 polygons are the network's class-1 region: on a fine grid over the window,
    a point is inside a polygon exactly when the network (as written here, for all points at
    once) says class 1, except within one grid step of a polygon's edge."""
    low, high = as_float(window).ravel()
    axis = np.linspace(low, high, 161)
    x, y = (g.ravel() for g in np.meshgrid(axis, axis))
    outputs = np.maximum(np.stack([x, y], axis=1) @ as_float(W1), 0) @ as_float(W2)
    class1 = outputs[:, 0] >= float(threshold)
    shapes = [as_float(p) for p in polygons]
    inside = np.zeros_like(class1)
    near = np.zeros_like(class1)
    for vertices in shapes:
        inside |= _inside(vertices, x, y)
        near |= _distance_to_edges(vertices, x, y) < axis[1] - axis[0]
    return bool(np.all((inside == class1) | near))


def _edges(vertices):
    return zip(vertices, np.roll(vertices, -1, axis=0), strict=True)


def _inside(vertices, x, y):
    """Ray casting: a ray from (x, y) to the right crosses the boundary an odd number of times."""
    crossings = np.zeros(x.shape, dtype=int)
    for (x1, y1), (x2, y2) in _edges(vertices):
        if y1 == y2:
            continue
        spans = (y1 > y) != (y2 > y)
        crossings += spans & (x < x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return crossings % 2 == 1


def _distance_to_edges(vertices, x, y):
    points = np.stack([x, y], axis=1)
    best = np.full(x.shape, np.inf)
    for a, b in _edges(vertices):
        t = np.clip((points - a) @ (b - a) / np.dot(b - a, b - a), 0, 1)
        best = np.minimum(best, np.linalg.norm(points - (a + t[:, None] * (b - a)), axis=1))
    return best


def picks_likelier_class(threshold) -> bool:
    """Class 1 when a probability q is at least the threshold; the likelier class is 1 when
    q ≥ 1 - q. The two rules agree on every q exactly when the threshold is ½."""
    q = np.linspace(0.001, 0.999, 999)
    return bool(np.array_equal(q >= float(threshold), q >= 1 - q))


def oracles(given) -> dict:
    o = {
        "given.W1": Satisfies(
            computes_xor, "weights under which the network computes XOR", WEIGHTS
        ),
        "given.W2": Satisfies(
            computes_xor, "weights under which the network computes XOR", WEIGHTS
        ),
        "given.threshold": Satisfies(
            computes_xor, "a threshold under which the network computes XOR", WEIGHTS
        ),
        # ŷ grows linearly with |x₁ - x₂| (it is the output at (1, 0) when that is 1)
        "region_width": FromClaims(
            lambda W1, W2, t: float(t) / network(W1, W2, (1, 0))[2], WEIGHTS
        ),
        "margin": FromClaims(
            lambda W1, W2, t: min(abs(network(W1, W2, p)[2] - float(t)) for p in POINTS), WEIGHTS
        ),
        **{
            f"regions.class1.{k}": Satisfies(
                exact_regions,
                "the network's class-1 region, drawn exactly",
                (*WEIGHTS, "regions.window", "regions.class1.0", "regions.class1.1"),
            )
            for k in range(2)
        },
        "regions.window": Satisfies(
            lambda w: as_float(w).min() < 0 and as_float(w).max() > 1,
            "a window covering both inputs 0 and 1",
            ("regions.window",),
        ),
        "threshold_is_max_probability": FromClaims(picks_likelier_class, ("given.threshold",)),
        "output_sums": FromClaims(
            lambda W1, W2, t: bool(np.allclose(as_float(W2).ravel(), 1)), WEIGHTS
        ),
    }
    for k, p in enumerate(POINTS):
        o[f"rows.{k}.x"] = sp.Matrix([p])
        o[f"rows.{k}.xor"] = XOR[p]
        o[f"rows.{k}.predicted"] = XOR[p]
        for n, name in enumerate(("hidden_in", "hidden")):
            o[f"rows.{k}.{name}"] = FromClaims(
                lambda W1, W2, t, p=p, n=n: network(W1, W2, p)[n], WEIGHTS
            )
        o[f"rows.{k}.output"] = FromClaims(lambda W1, W2, t, p=p: network(W1, W2, p)[2], WEIGHTS)

    def sample(seed):
        w1, w2, b = np.random.default_rng(40 + seed).normal(size=3)
        return {"w_1": w1, "w_2": w2, "b": b}

    o["proof.sums_class1"] = AtRandomPoints(
        sample, lambda v: (v["w_1"] + v["b"]) + (v["w_2"] + v["b"])
    )
    o["proof.sums_class0"] = AtRandomPoints(
        sample, lambda v: v["b"] + (v["w_1"] + v["w_2"] + v["b"])
    )
    return o


def invariants(given) -> dict:
    """A valid XOR network, with every output strictly away from the threshold."""
    weights = (given["W1"], given["W2"], given["threshold"])
    margin = min(abs(network(*weights[:2], p)[2] - float(weights[2])) for p in POINTS)
    return {"computes XOR": computes_xor(*weights), "no output on the threshold": margin > 0}
