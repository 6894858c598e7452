"""hse7.4: a ReLU network 2 -> 2 -> 1 without biases that computes XOR with a threshold, and
why no linear classifier can.

Hidden neurons a₁ = ReLU(x₁ - x₂) and a₂ = ReLU(x₂ - x₁), output ŷ = a₁ + a₂ = |x₁ - x₂|:
0 on (0,0) and (1,1), 1 on (1,0) and (0,1); class 1 when ŷ ≥ the threshold ½.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.nets import Activation, Dense, forward, spec
from solutions.variety import Pool

R = sp.Rational


@dataclass(frozen=True)
class Params:
    W1: sp.Matrix  # 2×2, row vector times matrix as in solutions/nets.py
    W2: sp.Matrix  # 2×1
    threshold: sp.Rational
    inputs: tuple[sp.Matrix, ...]  # the four points (x₁, x₂)


PARAMS = Params(
    W1=sp.Matrix([[1, -1], [-1, 1]]),
    W2=sp.Matrix([[1], [1]]),
    threshold=R(1, 2),
    inputs=tuple(sp.Matrix([[a, b]]) for a in (0, 1) for b in (0, 1)),
)


def _scaled(c, d, share) -> Params:
    return Params(c * PARAMS.W1, d * PARAMS.W2, c * d * share, PARAMS.inputs)


variant = Pool(
    {
        "c": [R(1, 2), R(1), R(2), R(3)],
        "d": [R(1, 2), R(1), R(2), R(3)],
        "share": [R(1, 4), R(1, 2), R(3, 4)],
    },
    _scaled,
    key=lambda p: p.threshold,  # the statement's only number: the weights are the answer
    sheet=PARAMS,
)
"""Variants: the same construction scaled, W1 = c·((1, -1), (-1, 1)), W2 = d·(1, 1)ᵀ with
c, d ∈ {½, 1, 2, 3}, so ŷ = cd|x₁ - x₂| is 0 or cd on the four points, and the threshold
cd·¼, ½ or ¾ lies strictly between (no tie). Invariant, by construction and checked by the
oracle of the given weights: a valid XOR network whose hidden layer is needed (no linear
classifier does it). The statement gives only the threshold (any valid network answers
it), so no two variants share a threshold: 14 variants. Seed 0 is the solution with the
sheet's threshold ½."""


@dataclass(frozen=True)
class Row:
    x: sp.Matrix
    hidden_in: sp.Matrix  # x·W1
    hidden: sp.Matrix  # ReLU of it
    output: sp.Basic  # ŷ
    xor: sp.Integer  # the target
    predicted: sp.Integer  # [ŷ ≥ threshold]


@dataclass(frozen=True)
class Proof:
    """Class-1 points need w·x + b > 0, class-0 points w·x + b ≤ 0 (w = (w₁, w₂))."""

    sums_class1: sp.Expr  # (w₁ + b) + (w₂ + b): both > 0
    sums_class0: sp.Expr  # b + (w₁ + w₂ + b): both ≤ 0


@dataclass(frozen=True)
class Regions:
    """The decision regions over the square window², drawn exactly: class 1 is where
    |x₁ - x₂| ≥ region_width, two corner triangles of the square; class 0 the rest."""

    window: sp.Matrix  # (low, high)
    class1: tuple[sp.Matrix, ...]  # polygons, one vertex (x₁, x₂) per row


@dataclass(frozen=True)
class Result:
    rows: tuple[Row, ...]
    region_width: sp.Basic  # class 1 where |x₁ - x₂| ≥ this
    regions: Regions
    margin: sp.Basic  # least distance of an output from the threshold
    proof: Proof
    figure: object
    # the sheet's remark holds: with a sigmoid output, this threshold picks the likelier class
    threshold_is_max_probability: bool
    output_sums: bool  # the output weights are all 1: ŷ = a₁ + a₂


WINDOW = (sp.Rational(-1, 2), sp.Rational(3, 2))  # the square drawn: the four inputs and around


def decision_regions(width) -> Regions:
    """Below the line x₂ = x₁ - width and above x₂ = x₁ + width, cut by the window."""
    low, high = WINDOW
    corners = []
    if width < high - low:
        corners = [
            sp.Matrix([[low + width, low], [high, low], [high, high - width]]),
            sp.Matrix([[low, low + width], [low, high], [high - width, high]]),
        ]
    return Regions(sp.Matrix([list(WINDOW)]), tuple(corners))


def solve(p: Params) -> Result:
    width = p.threshold / (p.W1[0, 0] * p.W2[0])  # ŷ = W₁₁W₂|x₁ - x₂| for these weights
    layers = (Dense(p.W1), Activation("relu"), Dense(p.W2))
    rows = []
    for x in p.inputs:
        inputs = forward(layers, x)
        output = inputs[3][0]
        rows.append(
            Row(
                x,
                inputs[1],
                inputs[2],
                output,
                sp.Integer(int(x[0] != x[1])),
                sp.Integer(1 if output >= p.threshold else 0),
            )
        )
    w1, w2, b = sp.symbols("w_1 w_2 b")
    return Result(
        rows=tuple(rows),
        region_width=width,
        regions=decision_regions(width),
        margin=min(abs(r.output - p.threshold) for r in rows),
        proof=Proof(sums_class1=(w1 + b) + (w2 + b), sums_class0=b + (w1 + w2 + b)),
        figure=spec(layers, (("x_1", "x_2"), ("a_1", "a_2"), (r"\hat y",))),
        threshold_is_max_probability=p.threshold == sp.Rational(1, 2),
        output_sums=all(w == 1 for w in p.W2),
    )


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "given.W1": "W_1",
    "given.W2": "W_2",
}
