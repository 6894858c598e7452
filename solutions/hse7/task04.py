"""hse7.4: a ReLU network 2 -> 2 -> 1 without biases that computes XOR (or XNOR) with a
threshold, and why no linear classifier can.

Every network here is a modulus: hidden neurons a₁ = ReLU(s) and a₂ = ReLU(-s) of one linear
form s = u₁x₁ + u₂x₂, output ŷ = v(a₁ + a₂) = v|s|. The form is chosen so that the points of
one class lie near the line s = 0 and those of the other far from it; v > 0 puts class 1
far (threshold t > 0), v < 0 puts class 1 near (t < 0). On the sheet s = x₁ - x₂, v = 1:
ŷ = |x₁ - x₂| is 0 on (0,0) and (1,1), 1 on (1,0) and (0,1); class 1 when ŷ ≥ ½.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from solutions.nets import Activation, Dense, forward, sigmoid, spec
from solutions.variety import Pool

R = sp.Rational
BITS = ((0, 0), (0, 1), (1, 0), (1, 1))  # the order of the four points: (bit of x₁, bit of x₂)


@dataclass(frozen=True)
class Params:
    W1: sp.Matrix  # 2×2, row vector times matrix as in solutions/nets.py
    W2: sp.Matrix  # 2×1
    threshold: sp.Rational
    inputs: tuple[sp.Matrix, ...]  # the four points (x₁, x₂), in the order of BITS
    classes: tuple[sp.Integer, ...]  # the class the network must give on each point


PARAMS = Params(
    W1=sp.Matrix([[1, -1], [-1, 1]]),
    W2=sp.Matrix([[1], [1]]),
    threshold=R(1, 2),
    inputs=tuple(sp.Matrix([[a, b]]) for a, b in BITS),
    classes=tuple(sp.Integer(int(a != b)) for a, b in BITS),
)

# --- the construction: a linear form, an output weight ----------------------------------

FORMS = [  # u = (u₁, u₂): small coprime integers, the first non-zero one positive (±u: one |s|)
    (p, q) for p in range(4) for q in range(-3, 4) if math.gcd(p, q) == 1 and (p > 0 or q > 0)
]
SCALES = [Fraction(n, d) for n, d in ((1, 4), (1, 3), (1, 2), (1, 1), (2, 1), (3, 1), (4, 1))]
GAP = 2  # the far class's least |s| is at least GAP times the near class's largest


def modulus_network(points, classes, threshold) -> tuple[tuple, Fraction] | None:
    """(u, v): the simplest form s = u·x under which the class that must lie near s = 0 does
    (class 0 if t > 0, class 1 if t < 0) with a clear gap, and an output weight v = ±c from
    SCALES that puts the threshold in the middle of the gap; None if no form has the gap."""
    found = _form(tuple(points), tuple(classes), 0 if threshold > 0 else 1)
    if found is None:
        return None
    u, inside, outside = found
    middle = Fraction(inside + outside, 2)
    c = min(SCALES, key=lambda c: (abs(abs(threshold) / c - middle), c))
    if not inside < abs(threshold) / c < outside:
        return None
    return u, c if threshold > 0 else -c


@functools.cache  # the pool asks again for each threshold
def _form(points: tuple, classes: tuple, near: int) -> tuple | None:
    """(u, the near class's largest |s|, the far class's least |s|) for the best form."""
    best = None
    for u in FORMS:
        size = [abs(u[0] * x + u[1] * y) for x, y in points]
        inside = max(m for m, k in zip(size, classes, strict=True) if k == near)
        outside = min(m for m, k in zip(size, classes, strict=True) if k != near)
        if outside == 0 or outside < GAP * inside:
            continue
        score = (Fraction(inside, outside), abs(u[0]) + abs(u[1]), u)
        if best is None or score < best[0]:
            best = (score, u, inside, outside)
    return None if best is None else best[1:]


# --- the pool ---------------------------------------------------------------------------

CODES = [(lo, hi) for lo in range(-4, 5) for hi in range(-4, 5) if lo < hi]
SITUATIONS = ("XOR, t > 0", "XOR, t < 0", "XNOR, t > 0", "XNOR, t < 0")


@dataclass(frozen=True)
class _Draft:
    """A drawn problem in plain numbers: the pool walks thousands of draws."""

    codes: tuple  # ((false, true) of x₁, (false, true) of x₂)
    xnor: bool
    threshold: Fraction
    u: tuple
    v: Fraction


def _points(codes) -> list[tuple]:
    return [(codes[0][a], codes[1][b]) for a, b in BITS]


def _classes(xnor: bool) -> list[int]:
    return [int((a != b) != xnor) for a, b in BITS]


def _draw(code1, code2, target, sign, size) -> _Draft | None:
    if math.gcd(*code1, *code2) != 1:
        return None  # a common factor of the codes: a rescaled copy of smaller codes
    xnor, threshold = target == "XNOR", sign * size
    found = modulus_network(_points((code1, code2)), _classes(xnor), threshold)
    if found is None:
        return None
    return _Draft((code1, code2), xnor, threshold, *found)


def _params(draft: _Draft) -> Params:
    (u1, u2), v = draft.u, R(draft.v.numerator, draft.v.denominator)
    return Params(
        W1=sp.Matrix([[u1, -u1], [u2, -u2]]),
        W2=sp.Matrix([[v], [v]]),
        threshold=R(draft.threshold.numerator, draft.threshold.denominator),
        inputs=tuple(sp.Matrix([[x, y]]) for x, y in _points(draft.codes)),
        classes=tuple(sp.Integer(k) for k in _classes(draft.xnor)),
    )


def _codes_of(p: Params | _Draft) -> tuple:
    if isinstance(p, _Draft):
        return p.codes
    return tuple((int(p.inputs[0][i]), int(p.inputs[3][i])) for i in range(2))


def _xnor_of(p: Params | _Draft) -> bool:
    return p.xnor if isinstance(p, _Draft) else p.classes[0] == 1


def situation(p: Params | _Draft) -> str:
    return f"{'XNOR' if _xnor_of(p) else 'XOR'}, t {'>' if p.threshold > 0 else '<'} 0"


def _problem(p: Params | _Draft) -> tuple:
    """The problem up to what does not change it: the threshold's size (the output weight
    absorbs it), a common positive scale of the inputs, the order of the inputs, negating both
    inputs (the same network), and the complement (XOR with t is XNOR with -t, the output
    negated). What remains: the codes' shape and which class must lie near the line s = 0."""
    codes, xnor = _codes_of(p), _xnor_of(p)
    near_is_class1 = p.threshold < 0
    forms = []
    for first, second in (codes, codes[::-1]):
        for negate in (False, True):
            pair = [(-hi, -lo) if negate else (lo, hi) for lo, hi in (first, second)]
            scale = math.gcd(*(abs(v) for code in pair for v in code)) or 1
            forms.append(tuple(tuple(v // scale for v in code) for code in pair))
    return (min(forms), xnor != near_is_class1)


variant = Pool(
    {
        "code1": CODES,
        "code2": CODES,
        "target": ["XOR", "XNOR"],
        "sign": [1, -1],
        "size": [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3), Fraction(3, 2)],
    },
    _draw,
    key=_problem,
    sheet=PARAMS,
    finish=_params,
    situations=SITUATIONS,
    situation=situation,
)
"""Variants: each input coded by two integers from -4..4 (the smaller is «false»), the
target XOR or XNOR, a threshold ±½, ±1, ±3/2, ±2 or ±3. The situations, taken in turn, are
the target and the threshold's sign: which class must lie near the line s = 0 and which
far, so the network's form and the sign of its output weight change with them. Invariant,
checked by the oracle from the published network: it gives the required class on all four
points, every output strictly away from the threshold. No two variants are one problem up to
scale, order, sign of the inputs or the complement (`_problem`). Seed 0 is the sheet."""


@dataclass(frozen=True)
class Row:
    x: sp.Matrix
    hidden_in: sp.Matrix  # x·W1
    hidden: sp.Matrix  # ReLU of it
    output: sp.Basic  # ŷ
    target: sp.Integer  # the class required
    predicted: sp.Integer  # [ŷ ≥ threshold]


@dataclass(frozen=True)
class Inequality:
    """What a linear classifier w·x + b needs at one point."""

    x: sp.Matrix
    expr: sp.Expr  # w₁x₁ + w₂x₂ + b


@dataclass(frozen=True)
class Proof:
    """Class-1 points need w·x + b > 0, class-0 points w·x + b ≤ 0 (w = (w₁, w₂)). The two
    points of each class have the same sum, so the two sums of inequalities clash."""

    class0: tuple[Inequality, ...]
    class1: tuple[Inequality, ...]
    sums_class1: sp.Expr  # both > 0, added
    sums_class0: sp.Expr  # both ≤ 0, added


@dataclass(frozen=True)
class Regions:
    """The decision regions over the square window², drawn exactly: class 1 is where
    v|s| ≥ t, outside a strip around s = 0 (v > 0) or the strip itself (v < 0), in two
    pieces."""

    window: sp.Matrix  # (low, high)
    class1: tuple[sp.Matrix, sp.Matrix]  # polygons, one vertex (x₁, x₂) per row


@dataclass(frozen=True)
class Origin:
    """The point (0, 0) of a network without biases: every layer maps zero to zero, so the
    output there is 0 whatever the weights, and the sheet's sigmoid reading gives it p = ½."""

    output: sp.Basic  # ŷ at (0, 0), computed with symbolic weights: the same for all weights
    probability: sp.Basic  # the sigmoid of that output
    tie: bool  # a fact: that probability is the threshold (a tie under the sigmoid reading)
    threshold_positive: bool  # a fact: the threshold lies above that output: (0, 0) gets class 0


def origin(threshold) -> Origin:
    weights = sp.Matrix(2, 2, sp.symbols("w_11 w_12 w_21 w_22")), sp.Matrix(sp.symbols("v_1 v_2"))
    layers = (Dense(weights[0]), Activation("relu"), Dense(weights[1]))
    output = forward(layers, sp.zeros(1, 2))[3][0]
    probability = sigmoid(output)
    return Origin(output, probability, bool(probability == threshold), bool(threshold > output))


@dataclass(frozen=True)
class Result:
    rows: tuple[Row, ...]
    form: sp.Expr  # s = u₁x₁ + u₂x₂, the first hidden neuron's input
    near_max: sp.Basic  # the largest |s| of the class near s = 0
    near_on_line: bool  # a fact: that class lies on the line s = 0 itself (near_max = 0)
    far_min: sp.Basic  # the least |s| of the other class
    region_width: sp.Basic  # the strip is |s| < this (v > 0) or |s| ≤ this (v < 0)
    regions: Regions
    margin: sp.Basic  # least distance of an output from the threshold
    proof: Proof
    figure: object
    # the sheet's remark holds: with a sigmoid output, this threshold picks the likelier class
    threshold_is_max_probability: bool
    output_sums: bool  # the output weights are all 1: ŷ = a₁ + a₂
    plain_xor: bool  # the sheet's task: XOR on inputs 0 and 1, told in the sheet's words
    xnor: bool  # the target is XNOR
    class1_near: bool  # class 1 lies in the strip around s = 0 (v < 0, t < 0)
    origin: Origin  # the remark on the point (0, 0), told on the sheet


def _clip(polygon: list, a, b, c) -> list:
    """The part of a convex polygon where a·x₁ + b·x₂ ≥ c (Sutherland–Hodgman, exact)."""
    kept = []
    for k, p in enumerate(polygon):
        q = polygon[(k + 1) % len(polygon)]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp >= 0:
            kept.append(p)
        if fp * fq < 0:  # the edge crosses the line strictly inside
            t = fp / (fp - fq)
            kept.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return kept


def decision_regions(points, u, width, inside: bool) -> Regions:
    """Class 1 within the square from the least coordinate of the points less ½ to the
    largest plus ½ (on the sheet -½..3/2), in two pieces: the strip |s| ≤ width halved by
    s = 0 when class 1 is the strip, else the half-planes s ≥ width and s ≤ -width. Neither
    piece is empty: the two far points lie on opposite sides of s = 0 (their values of s add
    up to those of the near points, a sum smaller than either in size), so both half-planes
    and the line between them cross the square."""
    low = min(v for p in points for v in p) - R(1, 2)
    high = max(v for p in points for v in p) + R(1, 2)
    square = [(low, low), (high, low), (high, high), (low, high)]
    a, b = u
    if inside:
        pieces = [
            _clip(_clip(square, a, b, 0), -a, -b, -width),
            _clip(_clip(square, -a, -b, 0), a, b, -width),
        ]
    else:
        pieces = [_clip(square, a, b, width), _clip(square, -a, -b, width)]
    return Regions(sp.Matrix([[low, high]]), tuple(sp.Matrix([list(p) for p in q]) for q in pieces))


ORDER = (0, 3, 2, 1)  # the points in the proof, as the sheet lists them: (0,0), (1,1), (1,0), (0,1)


def _linear(w1, w2, b, x, count=1) -> sp.Expr:
    """w₁x₁ + w₂x₂ + b (summed over `count` points with coordinate sums x)."""
    return _sum_of([x[0] * w1, x[1] * w2, count * b])


def _sum_of(terms) -> sp.Expr:
    """A sum as written by hand: in the order given, zero terms left out."""
    terms = [t for t in terms if t != 0]
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def solve(p: Params) -> Result:
    layers = (Dense(p.W1), Activation("relu"), Dense(p.W2))
    rows = []
    for x, target in zip(p.inputs, p.classes, strict=True):
        inputs = forward(layers, x)
        output = inputs[3][0]
        predicted = sp.Integer(int(bool(output >= p.threshold)))
        rows.append(Row(x, inputs[1], inputs[2], output, target, predicted))
    x1, x2, w1, w2, b = sp.symbols("x_1 x_2 w_1 w_2 b")
    u, v = (p.W1[0, 0], p.W1[1, 0]), p.W2[0]
    size = [abs(u[0] * x[0] + u[1] * x[1]) for x in p.inputs]
    near = 0 if v > 0 else 1
    inside = [m for m, k in zip(size, p.classes, strict=True) if k == near]
    outside = [m for m, k in zip(size, p.classes, strict=True) if k != near]
    by_class = [
        [
            Inequality(p.inputs[k], _linear(w1, w2, b, p.inputs[k]))
            for k in ORDER
            if p.classes[k] == c
        ]
        for c in (0, 1)
    ]
    points = [tuple(x) for x in p.inputs]
    return Result(
        rows=tuple(rows),
        form=_sum_of([u[0] * x1, u[1] * x2]),
        near_max=max(inside),
        near_on_line=max(inside) == 0,
        far_min=min(outside),
        region_width=p.threshold / v,
        regions=decision_regions(points, u, p.threshold / v, inside=v < 0),
        margin=min(abs(r.output - p.threshold) for r in rows),
        proof=Proof(
            class0=tuple(by_class[0]),
            class1=tuple(by_class[1]),
            sums_class1=_linear(w1, w2, b, by_class[1][0].x + by_class[1][1].x, 2),
            sums_class0=_linear(w1, w2, b, by_class[0][0].x + by_class[0][1].x, 2),
        ),
        figure=spec(layers, (("x_1", "x_2"), ("a_1", "a_2"), (r"\hat y",))),
        threshold_is_max_probability=p.threshold == R(1, 2),
        output_sums=all(w == 1 for w in p.W2),
        plain_xor=points == list(BITS) and list(p.classes) == [0, 1, 1, 0],
        xnor=p.classes[0] == 1,
        class1_near=bool(v < 0),
        origin=origin(p.threshold),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "given.W1": "W_1",
    "given.W2": "W_2",
    "rows.*.predicted": r"\text{класс}_{@n}",
}
