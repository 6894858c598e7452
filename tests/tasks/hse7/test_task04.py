"""hse7.4: no linear classifier separates XOR, checked by an LP solver independently of the
booklet's proof."""

from __future__ import annotations

import numpy as np
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
