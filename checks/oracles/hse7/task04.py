"""Independent oracle for hse7.4. The four points and their classes are the statement's (on the
sheet, where the statement says them in words, XOR on 0 and 1, typed from the sheet); the
weights are one of many right answers, so they are checked by the property (a separately
written numpy network with them gives the required classes); values derived from them are
recomputed by that network from the published weights."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, FromClaims, Satisfies

SHEET = {"threshold": sp.Rational(1, 2)}  # the sheet's example threshold
SHEET_POINTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
XOR = [0, 1, 1, 0]  # on the sheet's points
WEIGHTS = ("given.W1", "given.W2", "given.threshold")
# what a grader compares (checks/distinct.py): the data and the check table; any network
# giving the classes with the threshold is an answer
ANSWERS = ("given.threshold", "rows")


def as_float(m):
    return np.array(sp.Matrix(m).evalf() if isinstance(m, sp.MatrixBase) else m, dtype=float)


def network(W1, W2, x):
    hidden_in = np.array([x], dtype=float) @ as_float(W1)
    hidden = np.maximum(hidden_in, 0)
    return hidden_in, hidden, (hidden @ as_float(W2)).item()


def task(given) -> tuple[list, list]:
    """The four points and the classes required on them."""
    if "inputs.0" not in given:  # the sheet: said in words
        return SHEET_POINTS, XOR
    points = [tuple(int(v) for v in sp.Matrix(given[f"inputs.{k}"])) for k in range(4)]
    return points, [int(given[f"classes.{k}"]) for k in range(4)]


def computes(points, classes):
    """holds(W1, W2, t): the network gives every point its class."""
    return lambda W1, W2, t: all(
        (network(W1, W2, p)[2] >= float(t)) == bool(k) for p, k in zip(points, classes, strict=True)
    )


def is_grid(points) -> bool:
    """(a, c), (a, d), (b, c), (b, d) with a < b and c < d: two codes per input."""
    (a, c), (a2, d), (b, c2), (b2, d2) = points
    return a == a2 and b == b2 and c == c2 and d == d2 and a < b and c < d


def xor_or_xnor(points, classes) -> str | None:
    """Which of the two the classes are, reading the larger code of an input as «true»."""
    *_, (b, d) = points
    bits = [(int(x == b), int(y == d)) for x, y in points]
    xor = [int(p != q) for p, q in bits]
    return "XOR" if classes == xor else "XNOR" if classes == [1 - k for k in xor] else None


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


def form_value(form, p) -> float:
    x1, x2 = sp.symbols("x_1 x_2")
    return float(sp.sympify(form).subs({x1: p[0], x2: p[1]}))


def output_is_modulus_of(W1, W2, form) -> bool:
    """ŷ(x) = v·|s(x)| for one v, at random points: the network is the modulus of the form."""
    rng = np.random.default_rng(44)
    ratios = []
    for p in rng.normal(size=(12, 2)):
        s = form_value(form, p)
        ratios.append(network(W1, W2, p)[2] / abs(s))
    return bool(np.allclose(ratios, ratios[0]) and ratios[0] != 0)


def weight_of(W1, W2, form) -> float:
    """v in ŷ = v|s|, read off the network at a point where s = 1."""
    x1, x2 = sp.symbols("x_1 x_2")
    coefficients = [float(sp.sympify(form).coeff(x)) for x in (x1, x2)]
    k = int(np.argmax(np.abs(coefficients)))
    point = [0.0, 0.0]
    point[k] = 1 / coefficients[k]
    return network(W1, W2, point)[2]


def oracles(given) -> dict:
    points, classes = task(given)
    holds = computes(points, classes)
    o = {
        "given.W1": Satisfies(holds, "weights under which the network gives the classes", WEIGHTS),
        "given.W2": Satisfies(holds, "weights under which the network gives the classes", WEIGHTS),
        "given.threshold": Satisfies(
            holds, "a threshold under which the network gives the classes", WEIGHTS
        ),
        "margin": FromClaims(
            lambda W1, W2, t: min(abs(network(W1, W2, p)[2] - float(t)) for p in points), WEIGHTS
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
            lambda w: (
                as_float(w).min() < min(min(p) for p in points)
                and as_float(w).max() > max(max(p) for p in points)
            ),
            "a window around all four points",
            ("regions.window",),
        ),
        "threshold_is_max_probability": FromClaims(picks_likelier_class, ("given.threshold",)),
        "output_sums": FromClaims(
            lambda W1, W2, t: bool(np.allclose(as_float(W2).ravel(), 1)), WEIGHTS
        ),
        "plain_xor": points == SHEET_POINTS and classes == XOR,
        "xnor": xor_or_xnor(points, classes) == "XNOR",
    }
    if "inputs.0" in given:  # the statement's table
        data = tuple(f"given.{name}.{k}" for name in ("inputs", "classes") for k in range(4))
        well_posed = lambda *values: (
            is_grid([tuple(int(v) for v in sp.Matrix(x)) for x in values[:4]])
            and xor_or_xnor([tuple(sp.Matrix(x)) for x in values[:4]], [int(k) for k in values[4:]])
        )
        o |= {
            name: Satisfies(well_posed, "a grid of codes with XOR or XNOR", data) for name in data
        }
    form = (*WEIGHTS[:2], "form")
    o["form"] = Satisfies(output_is_modulus_of, "a form whose modulus the network outputs", form)
    # the class near s = 0 is the one the sign of v keeps above a negative threshold
    near = lambda W1, W2, f: 1 if weight_of(W1, W2, f) < 0 else 0
    o["class1_near"] = FromClaims(lambda W1, W2, f: near(W1, W2, f) == 1, form)
    o["region_width"] = FromClaims(
        lambda W1, W2, t, f: float(t) / weight_of(W1, W2, f), (*WEIGHTS, "form")
    )
    if o["plain_xor"]:  # the sheet's idea is told in its own words, without the bounds
        return o | _rows(points, classes) | _proof(points, classes) | _origin()
    o["near_max"] = FromClaims(
        lambda W1, W2, f: max(
            abs(form_value(f, p))
            for p, k in zip(points, classes, strict=True)
            if k == near(W1, W2, f)
        ),
        form,
    )
    # the near class on the line s = 0 itself: the form vanishes at both its points
    o["near_on_line"] = FromClaims(
        lambda W1, W2, f: all(
            form_value(f, p) == 0
            for p, k in zip(points, classes, strict=True)
            if k == near(W1, W2, f)
        ),
        form,
    )
    o["far_min"] = FromClaims(
        lambda W1, W2, f: min(
            abs(form_value(f, p))
            for p, k in zip(points, classes, strict=True)
            if k != near(W1, W2, f)
        ),
        form,
    )
    return o | _rows(points, classes) | _proof(points, classes)


def _rows(points, classes) -> dict:
    """The check table, recomputed by the numpy network from the published weights."""
    o = {}
    for k, p in enumerate(points):
        o[f"rows.{k}.x"] = sp.Matrix([p])
        o[f"rows.{k}.target"] = classes[k]
        o[f"rows.{k}.predicted"] = classes[k]
        for n, name in enumerate(("hidden_in", "hidden")):
            o[f"rows.{k}.{name}"] = FromClaims(
                lambda W1, W2, t, p=p, n=n: network(W1, W2, p)[n], WEIGHTS
            )
        o[f"rows.{k}.output"] = FromClaims(lambda W1, W2, t, p=p: network(W1, W2, p)[2], WEIGHTS)
    return o


def _proof(points, classes) -> dict:
    """The inequalities w₁x₁ + w₂x₂ + b of each point, and the two sums, at random w, b."""

    def sample(seed):
        w1, w2, b = np.random.default_rng(40 + seed).normal(size=3)
        return {"w_1": w1, "w_2": w2, "b": b}

    o = {}
    for c in (0, 1):
        mine = [p for p, k in zip(points, classes, strict=True) if k == c]
        o[f"proof.sums_class{c}"] = AtRandomPoints(
            sample, lambda v, mine=mine: sum(v["w_1"] * x + v["w_2"] * y + v["b"] for x, y in mine)
        )
        # the sheet's order: (0,0) before (1,1), (1,0) before (0,1), as bits of the codes
        rank = {(0, 0): 0, (1, 1): 1, (1, 0): 2, (0, 1): 3}
        bit = lambda p: (int(p[0] != points[0][0]), int(p[1] != points[0][1]))
        for n, p in enumerate(sorted(mine, key=lambda p: rank[bit(p)])):
            o[f"proof.class{c}.{n}.x"] = sp.Matrix([p])
            o[f"proof.class{c}.{n}.expr"] = AtRandomPoints(
                sample, lambda v, p=p: v["w_1"] * p[0] + v["w_2"] * p[1] + v["b"]
            )
    return o


def probability(output: float) -> float:
    """The sigmoid, written through tanh: σ(z) = (1 + tanh(z/2)) / 2."""
    return 0.5 * (1 + np.tanh(output / 2))


def _origin() -> dict:
    """The remark on (0, 0): the numpy network's output there at random weights (not the
    published ones: the remark says «whatever the weights»), and, from the published network,
    its probability under the sheet's sigmoid reading against the threshold."""

    def weights(seed):
        rng = np.random.default_rng(60 + seed)
        return {"W1": rng.normal(size=(2, 2)), "W2": rng.normal(size=(2, 1))}

    at_origin = lambda W1, W2: network(W1, W2, (0, 0))[2]
    return {
        "origin.output": AtRandomPoints(weights, lambda v: at_origin(v["W1"], v["W2"])),
        "origin.probability": FromClaims(lambda W1, W2, t: probability(at_origin(W1, W2)), WEIGHTS),
        "origin.tie": FromClaims(
            lambda W1, W2, t: bool(probability(at_origin(W1, W2)) == float(t)), WEIGHTS
        ),
        "origin.threshold_positive": FromClaims(
            lambda W1, W2, t: bool(float(t) > at_origin(W1, W2)), WEIGHTS
        ),
    }


def invariants(given) -> dict:
    """The network gives the required classes, every output strictly away from the threshold;
    the task is XOR or XNOR on two codes per input."""
    points, classes = task(given)
    weights = (given["W1"], given["W2"], given["threshold"])
    margin = min(abs(network(*weights[:2], p)[2] - float(weights[2])) for p in points)
    return {
        "gives the classes": computes(points, classes)(*weights),
        "no output on the threshold": margin > 0,
        "XOR or XNOR on a grid of codes": is_grid(points)
        and xor_or_xnor(points, classes) is not None,
    }
