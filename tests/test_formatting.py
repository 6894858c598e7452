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
from engine.tex.document import Metadata

R = sp.Rational


def matrix(body: str) -> str:
    """A pmatrix of one-line entries as the formatter writes it: the row spacing of the text,
    whatever stretch a table around it set."""
    return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"


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
        (12345.678, r"1{,}235 \cdot 10^{4}"),  # four digits, not 12346
        (sp.Matrix([[1, -1], [R(1, 2), 0]]), matrix(r"1 & -1 \\ 0{,}5 & 0")),
        (sp.Matrix([[4]]), "4"),
        (np.array([0.5, -1.25]), matrix(r"0{,}5 & -1{,}25")),
        (
            sp.Matrix([[sp.E, 1]]),
            matrix("e & 1") + r" \approx " + matrix(r"2{,}718 & 1{,}000"),
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
        (np.float64(977423.33), {}, r"w \approx 9{,}774 \cdot 10^{5}"),
        (sp.sqrt(2), {}, r"w = \sqrt{2} \approx 1{,}414"),  # the exact form comes first
        (sp.sqrt(2), {"rounded": True}, r"w \approx 1{,}414"),
        (sp.sqrt(2), {"approx_only": True}, r"w \approx 1{,}414"),
        (R(1, 3), {"rounded": True}, r"w \approx 0{,}3333"),
        (R(1, 3), {}, r"w = \frac{1}{3}"),
        (
            sp.Matrix([[sp.Float("0.5", 40), sp.Float("0.53054", 40)]]),
            {},
            r"w \approx " + matrix(r"0{,}5000 & 0{,}5305"),
        ),
        (
            sp.Matrix([[sp.Float("0.5", 40), sp.Float("-1", 40)]]),
            {},
            r"w = " + matrix(r"0{,}5 & -1"),
        ),
        (np.array([0.5, 0.25]), {}, r"w = " + matrix(r"0{,}5 & 0{,}25")),
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


# --- one form per matrix, and what a single ≈ before a matrix promises ---------------------


def entries(shown: str) -> list[str]:
    """The entries of the (last) pmatrix in `shown`, as written."""
    body = shown.rsplit(r"\begin{pmatrix}", 1)[1].split(r"\end{pmatrix}")[0]
    rows = body.replace(r"\\[\jot]", r"\\").split(r"\\")
    return [cell.strip() for row in rows for cell in row.split("&")]


def entry_value(text: str) -> Fraction:
    if text.lstrip("-").startswith(r"\frac"):
        sign = -1 if text.startswith("-") else 1
        numerator, denominator = text.lstrip("-").removeprefix(r"\frac{").rstrip("}").split("}{")
        return sign * Fraction(int(numerator), int(denominator))
    return Fraction(parse_shown(text))


def significant_digits(text: str) -> int:
    """Significant digits a reader counts in a written decimal (trailing zeros included)."""
    mantissa = text.split(r"\cdot")[0].strip().lstrip("-").replace("{,}", "")
    return len(mantissa.lstrip("0")) if mantissa.strip("0") else 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [  # the readers' vectors: (5/6; 1,5), (0,8; 19/15), (5/12; -0,75), criteria (-0,5 1/16 ...)
        (sp.Matrix([R(5, 6), R(3, 2)]), [r"\frac{5}{6}", r"\frac{3}{2}"]),
        (sp.Matrix([R(4, 5), R(19, 15)]), [r"\frac{4}{5}", r"\frac{19}{15}"]),
        (sp.Matrix([R(65, 6), R(17, 2)]), [r"\frac{65}{6}", r"\frac{17}{2}"]),
        (sp.Matrix([R(5, 12), R(-3, 4)]), [r"\frac{5}{12}", r"-\frac{3}{4}"]),
        (
            sp.Matrix([[R(-1, 2), R(1, 16)], [R(-1, 2), R(-5, 16)]]),
            [r"-\frac{1}{2}", r"\frac{1}{16}", r"-\frac{1}{2}", r"-\frac{5}{16}"],
        ),
        (sp.Matrix([1, R(-41, 16)]), ["1", r"-\frac{41}{16}"]),
        # a long fraction: decimals for all, every entry to four digits under one ≈
        (sp.Matrix([R(1, 1024), R(1, 2)]), ["0{,}0009766", "0{,}5000"]),
        # a computed decimal beside a fraction: decimals for all
        (sp.Matrix([sp.Float("0.25", 40), R(5, 6)]), ["0{,}2500", "0{,}8333"]),
        (sp.Matrix([R(1, 2), R(5, 4)]), ["0{,}5", "1{,}25"]),  # no fraction needed: as written
    ],
)
def test_a_matrix_is_in_one_form(value, expected):
    shown = latex(value)
    assert entries(shown) == expected
    cells = entries(shown)
    assert not (any(r"\frac" in c for c in cells) and any("{,}" in c for c in cells))


@given(
    st.lists(st.fractions(max_denominator=40), min_size=2, max_size=6).filter(
        lambda xs: any(x.denominator > 1 for x in xs)
    )
)
def test_no_matrix_of_rationals_mixes_fractions_and_decimals(values: list[Fraction]):
    shown = latex(sp.Matrix([[R(x.numerator, x.denominator) for x in values]]))
    cells = entries(shown)
    fractions = [c for c in cells if r"\frac" in c]
    decimals = [c for c in cells if "{,}" in c]
    assert not (fractions and decimals), shown
    approx = shown.rounded
    for cell, value in zip(cells, values, strict=True):
        if approx and value != 0:
            assert significant_digits(cell) == 4, shown
            assert abs(entry_value(cell) - value) <= abs(value) / 2000, shown
        else:
            assert entry_value(cell) == value, shown


@pytest.mark.parametrize(
    "value",
    [  # the readers' «≈» matrices with exact entries among rounded ones
        sp.Matrix([[sp.E / (1 + sp.E)], [R(1, 2)]]),  # x^l ≈ (0,7311; 0,5)
        np.array([[0.39322386, 1.1796716, 0.78644773], [-0.25, -0.75, -0.5]]),
        np.array([[0.6345, -1.0], [-0.2311, 0.0]]) + np.array([[1e-5, 0], [1e-5, 0]]),
        sp.Matrix([[sp.Float("1.4621171573", 40), R(-1, 2)]]),
    ],
)
def test_every_entry_under_one_approx_has_four_significant_digits(value):
    shown = latex(value, approx_only=True)
    assert shown.startswith(r"\approx ")
    source = sp.Matrix(np.atleast_2d(value).tolist()) if isinstance(value, np.ndarray) else value
    for cell, exact in zip(entries(shown), list(sp.Matrix(source)), strict=True):
        if exact.is_zero:
            assert cell == "0"
            continue
        assert significant_digits(cell) == 4, (cell, shown)
        expected = decimal.Context(prec=4, rounding=decimal.ROUND_HALF_EVEN).create_decimal(
            decimal.Decimal(str(sp.N(exact, 30)))
        )
        assert parse_shown(cell) == expected, (cell, shown)
    assert r"\approx" not in latex(np.array([0.5, -0.25]))  # exact: no ≈, no padding
    assert entries(latex(np.array([0.5, -0.25]))) == ["0{,}5", "-0{,}25"]


@given(st.floats(min_value=1e4, max_value=1e12, allow_nan=False))
def test_a_large_rounded_value_shows_four_digits_in_exponent_form(value: float):
    shown = latex(value)
    exact = decimal.Decimal(value)
    rounded = decimal.Context(prec=4, rounding=decimal.ROUND_HALF_EVEN).create_decimal(exact)
    noise = exact.scaleb(-14)  # a float's last digits
    if abs(rounded - exact) <= noise:  # four digits show it whole: written as it is
        assert abs(parse_shown(shown) - exact) <= noise
        return
    assert significant_digits(shown) == 4, shown
    assert r"\cdot 10^" in shown, shown
    assert parse_shown(shown) == rounded


def test_the_matrix_keeps_the_texts_row_spacing():
    """A table or summary sets a stretch for its rows; a matrix must not inherit it (its
    brackets stood twice as tall): the preamble resets it in every pmatrix. Rows of fractions
    stand a \\jot apart, so they do not touch. No digit is typed for it: the page-number
    check would count it as printed."""
    from engine.tex.document import assemble

    preamble = assemble("", [], Metadata("", ""))[0].split(r"\begin{document}")[0]
    assert r"\AtBeginEnvironment{pmatrix}{\renewcommand{\arraystretch}{1}}" in preamble
    one_line = latex(np.array([[0.5], [1.25]]))
    assert one_line == matrix(r"0{,}5 \\ 1{,}25")
    fractions = latex(sp.Matrix([R(5, 6), R(3, 2)]))
    assert fractions == matrix(r"\frac{5}{6} \\[\jot] \frac{3}{2}")
    for shown, numbers in ((one_line, ("0{,}5", "1{,}25")), (fractions, ("5", "6", "3", "2"))):
        rest = shown
        for number in numbers:
            rest = rest.replace(number, "", 1)
        assert not any(ch.isdigit() for ch in rest), shown
