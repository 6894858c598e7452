"""solutions/exact.py's sign: decided by digits where they can, exactly at 0."""

from __future__ import annotations

import pytest
import sympy as sp

from solutions.exact import exp_of, sign

e3 = sp.exp(3)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (sp.Rational(-3, 7), -1),
        (sp.Integer(0), 0),
        (e3 / (1 + e3) - sp.Rational(19, 20), 1),  # σ(3) ≈ 0.9526
        (1 / (1 + e3) - 1 + e3 / (1 + e3), 0),  # exactly 0, not structurally
        (sp.Rational(1, 10**40) - sp.exp(-100), 1),  # below the digits' threshold: simplify
    ],
)
def test_sign(number, expected):
    assert sign(number) == expected


def test_exp_of_a_nested_argument_keeps_its_value():
    inner = 1 / (1 + sp.exp(sp.Rational(-1, 2)))
    assert abs(sp.N(exp_of(inner) - sp.exp(sp.N(inner, 40)), 30)) < 1e-25
    assert exp_of(sp.Integer(0)) == 1  # evaluated when the argument has no exponentials
