"""The one formatter: a table of cases, and properties over random values."""

from __future__ import annotations

import decimal
import math
import pickle
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from engine.ledger.formatting import latex, needles, skeleton
from engine.ledger.symbols import equation

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


def four_digits(value) -> str:
    """The value to four significant digits as Python's decimal context rounds it (trailing
    zeros kept: a context of precision 4 keeps four digits), with a decimal comma; for values
    between 1e-4 and 1e4, where the page writes decimals plainly."""
    if isinstance(value, float | np.floating):
        exact = decimal.Decimal(float(value))
    else:
        exact = decimal.Decimal(str(sp.N(value, 50)))
    rounded = decimal.Context(prec=4, rounding=decimal.ROUND_HALF_EVEN).create_decimal(exact)
    return format(rounded, "f").replace(".", "{,}")


ROUNDED = [  # values no four digits show whole: four digits, trailing zeros kept
    0.10499,  # the 0,105 that read as three digits
    -0.12700001,  # and its -0,127
    sp.Float("-1.0003", 40),  # ranepa3.3's 40-digit weights: not «w = -1»
    sp.Float("1.99967212311713548729068", 40),
    0.958022557514146,  # hse7.3's derivative, once printed 0,958
    1.0999999,
    9.99996,  # rounds up into a new digit: 10,00, not 10,000
    -0.000250004,
    np.float64(0.4899999),
    sp.sqrt(22),  # 4,690
    5 * sp.sqrt(3),  # 8,660
    sp.sqrt(102),  # 10,10
    sp.E / (1 + sp.E),
]


@pytest.mark.parametrize("value", ROUNDED, ids=str)
def test_a_rounded_decimal_shows_four_significant_digits_with_its_zeros(value):
    shown = latex(value, rounded=True)
    assert shown == four_digits(value)
    digits = shown.lstrip("-").replace("{,}", "").lstrip("0")
    assert len(digits) == 4
    assert needles(value, rounded=True) == (skeleton(shown),)
    assert latex(value, approx_only=True) == rf"\approx {shown}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (R(1, 2), "0{,}5"),  # the sheets' numbers stay as they are written
        (R(25, 8), "3{,}125"),
        (R(-3, 4), "-0{,}75"),
        (2.0, "2"),
        (0.1 + 0.2, "0{,}3"),  # a float's last-digit noise is not a rounding
        (np.float64(-0.0625), "-0{,}0625"),
        (sp.Float("2.5", 40), "2{,}5"),
        (sp.Float("-1", 40), "-1"),
        (sp.Float("0.1", 40), "0{,}1"),
        (1.5e-7, r"1{,}5 \cdot 10^{-7}"),
    ],
)
def test_an_exact_decimal_is_not_padded_and_reads_equal(value, shown):
    assert latex(value) == shown
    assert latex(value, rounded=True) == shown
    assert latex(value, approx_only=True) == shown
    assert equation("w", latex(value)) == f"w = {shown}"


@pytest.mark.parametrize(
    ("value", "settings", "expected"),
    [
        (sp.Float("-1.0003", 40), {}, r"w \approx -1{,}000"),
        (sp.Float("-1.0003", 40), {"approx_only": True}, r"w \approx -1{,}000"),
        (0.19661193, {}, r"w \approx 0{,}1966"),
        (np.float64(977423.33), {}, r"w \approx 977423"),
        (sp.sqrt(2), {}, r"w = \sqrt{2} \approx 1{,}414"),  # the exact form comes first
        (sp.sqrt(2), {"rounded": True}, r"w \approx 1{,}414"),
        (sp.sqrt(2), {"approx_only": True}, r"w \approx 1{,}414"),
        (R(1, 3), {"rounded": True}, r"w \approx 0{,}3333"),
        (R(1, 3), {}, r"w = \frac{1}{3}"),
        (
            sp.Matrix([[sp.Float("0.5", 40), sp.Float("0.53054", 40)]]),
            {},
            r"w \approx \begin{pmatrix} 0{,}5 & 0{,}5305 \end{pmatrix}",
        ),
        (
            sp.Matrix([[sp.Float("0.5", 40), sp.Float("-1", 40)]]),
            {},
            r"w = \begin{pmatrix} 0{,}5 & -1 \end{pmatrix}",
        ),
        (np.array([0.5, 0.25]), {}, r"w = \begin{pmatrix} 0{,}5 & 0{,}25 \end{pmatrix}"),
        (sp.Integer(-4), {"factor": True}, r"w = \left(-4\right)"),
        (-0.10499, {"factor": True}, r"w \approx \left(-0{,}1050\right)"),
    ],
)
def test_a_value_its_decimal_only_approximates_is_named_with_approx(value, settings, expected):
    """`equation` takes the relation from the LaTeX itself, as the key does (it has no
    settings, only each claim's recorded LaTeX), even after the LaTeX was pickled."""
    shown = pickle.loads(pickle.dumps(latex(value, **settings)))
    assert equation("w", shown) == expected


@pytest.mark.parametrize(
    ("value", "settings", "expected"),
    [
        (999999.7, {}, r"1{,}000 \cdot 10^{6}"),  # the carry reaches the exponent form
        (0.000099996, {}, "0{,}0001000"),  # ...and leaves it
        (1.23456e20, {}, r"1{,}235 \cdot 10^{20}"),
        (-3.07296e-5, {}, r"-3{,}073 \cdot 10^{-5}"),
        (3e-5, {}, r"3 \cdot 10^{-5}"),
        (0.5, {"scientific": True}, r"5{,}000 \cdot 10^{-1}"),
        (0.00049626, {"scientific": True}, r"4{,}963 \cdot 10^{-4}"),
    ],
)
def test_tiny_and_huge_decimals(value, settings, expected):
    assert latex(value, **settings) == expected


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
    assert approx == four_digits(sp.sqrt(n))  # the zeros too: sqrt(22) is 4,690


@given(
    st.floats(min_value=1e-4, max_value=9999, allow_nan=False).filter(
        lambda x: abs(x - float(decimal.Context(prec=4).create_decimal(x))) > 1e-13 * x
    )
)
def test_a_float_four_digits_do_not_show_whole_has_four_digits(value: float):
    assert latex(value) == four_digits(value)
    assert latex(-value) == four_digits(-value)


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
