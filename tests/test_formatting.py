"""The one formatter: a table of cases, and properties over random values."""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from engine.ledger.formatting import latex, needles, skeleton

R = sp.Rational


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, "3"),
        (-2, "-2"),
        (np.int64(7), "7"),
        (sp.Integer(-5), "-5"),
        (R(1, 2), "0{,}5"),
        (R(-7, 2), "-3{,}5"),
        (R(1, 8), "0{,}125"),
        (R(1, 16), r"\frac{1}{16}"),  # four decimal places: a fraction reads better
        (R(-1, 3), r"-\frac{1}{3}"),
        (sp.E / (1 + sp.E), r"\frac{e}{1 + e} \approx 0{,}7311"),
        (sp.log(1 + sp.E), r"\ln{\left(1 + e \right)} \approx 1{,}313"),
        (sp.sqrt(2), r"\sqrt{2} \approx 1{,}414"),
        (0.19661193, "0{,}1966"),
        (2.0, "2"),
        (-0.5, "-0{,}5"),
        (1.5e-7, r"1{,}5 \cdot 10^{-7}"),
        (12345.678, "12346"),
        (sp.Matrix([[1, -1], [R(1, 2), 0]]), r"\begin{pmatrix} 1 & -1 \\ 0{,}5 & 0 \end{pmatrix}"),
        (sp.Matrix([[4]]), "4"),
        (np.array([0.5, -1.25]), r"\begin{pmatrix} 0{,}5 & -1{,}25 \end{pmatrix}"),
        (
            sp.Matrix([[sp.E, 1]]),
            r"\begin{pmatrix} e & 1 \end{pmatrix} \approx "
            r"\begin{pmatrix} 2{,}718 & 1 \end{pmatrix}",
        ),
        (sp.Symbol("x") ** 2 / 2, r"\frac{x^{2}}{2}"),
    ],
)
def test_latex(value, expected):
    assert latex(value) == expected


@pytest.mark.parametrize(
    ("value", "settings", "expected"),
    [
        (sp.E / (1 + sp.E), {"approx_only": True}, r"\approx 0{,}7311"),
        (sp.pi, {"digits": 6}, r"\pi \approx 3{,}14159"),
        (R(1, 16), {"max_exact_decimals": 4}, "0{,}0625"),
    ],
)
def test_settings(value, settings, expected):
    assert latex(value, **settings) == expected


def test_unknown_setting_is_rejected():
    with pytest.raises(TypeError, match=r"unknown formatting setting\(s\) \['digit'\]"):
        latex(1, digit=3)


@pytest.mark.parametrize("value", [True, "1", float("nan"), np.zeros((2, 2, 2))])
def test_not_a_number_is_rejected(value):
    with pytest.raises((TypeError, ValueError)):
        latex(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2, ("−2",)),
        (R(-1, 3), ("1", "3")),  # a fraction's parts land on separate lines of the PDF text
        (sp.Matrix([[1, -1], [R(1, 2), 0]]), ("1 −1", "0,5 0")),  # one needle per matrix row
        (sp.E, ("2,718",)),
    ],
)
def test_needles(value, expected):
    assert needles(value) == expected


def test_skeleton_keeps_numbers_and_minus_only():
    assert skeleton("x = (1, −2) и y=-0,5\n") == "1, −2 −0,5"


def parse_shown(text: str) -> decimal.Decimal:
    """The number a reader sees in a formatted decimal (plain or scientific)."""
    text = text.replace(r"\approx ", "").replace("{,}", ".")
    if r"\cdot 10^" in text:
        mantissa, exponent = text.split(r" \cdot 10^")
        return decimal.Decimal(mantissa) * decimal.Decimal(10) ** int(exponent.strip("{}"))
    return decimal.Decimal(text)


@given(st.fractions(max_denominator=10**6).filter(lambda f: f.denominator > 1))
def test_rationals_stay_exact(value: Fraction):
    shown = latex(R(value.numerator, value.denominator))
    if r"\frac" in shown:
        sign = -1 if shown.startswith("-") else 1
        numerator, denominator = shown.lstrip("-").removeprefix(r"\frac{").rstrip("}").split("}{")
        assert Fraction(sign * int(numerator), int(denominator)) == value
    else:
        assert parse_shown(shown) == decimal.Decimal(value.numerator) / value.denominator


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_float_is_rounded_to_four_significant_digits(value: float):
    shown = parse_shown(latex(value))
    if value == 0:
        assert shown == 0
        return
    unit = 10.0 ** (math.floor(math.log10(abs(value))) - 3)  # one unit in the 4th digit
    if 1e-4 <= abs(value) < 1e6:
        unit = min(unit, 1.0)  # never coarser than units
    assert abs(float(shown) - value) <= unit / 2 * (1 + 1e-9)


@given(st.integers(min_value=2, max_value=10**6).filter(lambda n: math.isqrt(n) ** 2 != n))
def test_irrational_shows_exact_form_and_correct_rounding(n: int):
    shown = latex(sp.sqrt(n))
    exact, approx = shown.split(r" \approx ")
    assert exact.startswith(r"\sqrt") or "sqrt" in exact
    true = decimal.Decimal(str(sp.N(sp.sqrt(n), 40)))
    digits = 4
    quantum = decimal.Decimal(1).scaleb(min(true.adjusted() - digits + 1, 0))
    assert parse_shown(approx) == true.quantize(quantum, rounding=decimal.ROUND_HALF_EVEN)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (sp.Integer(-4), r"\left(-4\right)"),
        (sp.Integer(4), "4"),
        (sp.Rational(-1, 2), r"\left(-0{,}5\right)"),
    ],
)
def test_a_negative_factor_is_written_in_parentheses(value, shown):
    assert latex(value, factor=True) == shown
