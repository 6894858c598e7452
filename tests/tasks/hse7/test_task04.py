"""hse7.4: no linear classifier separates XOR, checked by an LP solver independently of the
booklet's proof."""

from __future__ import annotations

import numpy as np
import sympy
from scipy.optimize import linprog


def test_xor_is_not_linearly_separable():
    """Find w₁, w₂, b with w·x + b ≥ 1 on class 1 and ≤ -1 on class 0 (any separating line can
    be scaled to this margin): the LP must be infeasible."""
    points = {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}
    rows, bounds = [], []
    for (x1, x2), label in points.items():
        sign = -1 if label else 1  # class 1: -(w·x + b) ≤ -1; class 0: w·x + b ≤ -1
        rows.append([sign * x1, sign * x2, sign])
        bounds.append(-1)
    result = linprog(np.zeros(3), A_ub=rows, b_ub=bounds, bounds=[(None, None)] * 3)
    assert result.status == 2  # infeasible


def test_the_lp_check_finds_a_separable_function():
    """The same LP on AND is feasible: the check above can fail."""
    points = {(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1}
    rows = [
        [(-1 if label else 1) * x1, (-1 if label else 1) * x2, -1 if label else 1]
        for (x1, x2), label in points.items()
    ]
    result = linprog(np.zeros(3), A_ub=rows, b_ub=[-1] * 4, bounds=[(None, None)] * 3)
    assert result.status == 0


def test_the_region_oracle_rejects_a_misdrawn_region():
    """The drawn class-1 triangles are checked against the network itself: a boundary moved
    by a tenth fails, as does a missing triangle."""
    from checks.oracles.hse7.task04 import exact_regions
    from solutions.hse7 import task04

    p = task04.PARAMS
    regions = task04.solve(p).regions
    args = (p.W1, p.W2, p.threshold, regions.window)
    assert exact_regions(*args, *regions.class1)
    shifted = regions.class1[0] + sympy.Matrix([[sympy.Rational(1, 10), 0]] * 3)
    assert not exact_regions(*args, shifted, regions.class1[1])
    assert not exact_regions(*args, regions.class1[0])


def test_the_origin_remark_holds_for_any_weights_and_only_without_biases():
    """The remark on (0, 0): a network 2 -> 2 -> 1 without biases outputs 0 there for random
    weights, the sigmoid of 0 is the sheet's example threshold ½ (a tie), and the same network
    with a bias does not output 0 there (the check can fail)."""
    import math

    rng = np.random.default_rng(7)
    for _ in range(20):
        W1, W2 = rng.normal(size=(2, 2)), rng.normal(size=(2, 1))
        b = rng.uniform(0.1, 1, size=2)  # positive biases pass ReLU
        x = np.zeros((1, 2))
        assert (np.maximum(x @ W1, 0) @ W2).item() == 0
        assert abs((np.maximum(x @ W1 + b, 0) @ W2).item()) > 1e-9
    assert 1 / (1 + math.exp(-0.0)) == 0.5


def test_the_origin_facts_follow_the_threshold():
    """On the sheet the sigmoid reading ties at (0, 0) and the threshold ½ lies above its
    output; under a negative threshold neither holds (so the remark's facts can be false)."""
    from solutions.hse7 import task04

    sheet = task04.solve(task04.PARAMS).origin
    assert (sheet.output, sheet.probability, sheet.tie, sheet.threshold_positive) == (
        0,
        sympy.Rational(1, 2),
        True,
        True,
    )
    negative = task04.origin(sympy.Rational(-1, 2))
    assert (negative.tie, negative.threshold_positive) == (False, False)
