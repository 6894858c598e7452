"""The proof's fast digits (checks/digits.py) against sympy's evalf, and the comparison's
return to evalf where the fast digits doubt."""

from __future__ import annotations

import sympy as sp

from checks import verify
from checks.digits import Unknown, careful_digits, digits, fast_digits

SIGMOID = lambda t: 1 / (1 + sp.exp(-t))


def test_fast_digits_agree_with_evalf_to_80_digits():
    nested = SIGMOID(SIGMOID(sp.Rational(3, 7)) * 2 - SIGMOID(sp.Rational(-5, 8)))
    values = [
        nested,
        sp.log(1 + sp.exp(-3)) + sp.Rational(5, 8),
        sp.sqrt(2) * sp.pi - sp.E,
        sp.Max(sp.Rational(1, 3), sp.exp(-1)) * sp.tanh(sp.Rational(1, 2)),
        sp.Float("0.119202922022117555940270858698", 30) * 7,
    ]
    for value in values:
        assert abs(sp.Float(fast_digits(value), 80) - sp.N(value, 80)) < sp.Float("1e-78", 80)


def test_a_node_it_does_not_know_goes_to_evalf():
    value = sp.gamma(sp.Rational(1, 3)) + 1
    try:
        fast_digits(value)
    except Unknown:
        pass
    else:
        raise AssertionError("gamma is not one of the fast evaluator's nodes")
    assert digits(value) == careful_digits(value)


def test_cancellation_beyond_the_working_digits_is_decided_by_evalf():
    huge = sp.exp(300)
    one = sp.Mul(huge, 1 + 1 / huge, evaluate=False) - huge  # exactly 1
    assert abs(fast_digits(one)) < 1e-10  # the fast digits lose it entirely ...
    assert verify.equal(one, sp.Integer(1))  # ... and the comparison does not trust them
    assert not verify.equal(one, sp.Integer(2))


def test_different_values_stay_different():
    a = SIGMOID(sp.Rational(1, 2))
    assert not verify.equal(a, a + sp.Rational(1, 10**50))
    assert verify.equal(a, sp.exp(sp.Rational(1, 2)) / (sp.exp(sp.Rational(1, 2)) + 1))
