"""One number style per group of numbers: a table, a matrix.

The formatter (`formatting.latex`) decides a lone value's form; a table, and a matrix or
vector, decides for all its numbers together, so that a reader compares like with like:

* **one form per table**: fractions when every number is an exact rational, every fraction
  among them is short (`short_fraction`) and at least one needs a fraction (its decimal has
  more than three places, or does not terminate); decimals otherwise. In a table of
  decimals an exact rational keeps its exact decimal up to `formatting.LONGEST_DECIMAL`
  places (-0,46875) and is rounded beyond that; an irrational value drops its exact form.
  So -1/16 never stands beside -0,125, nor 5/6 beside 1,5 in one vector (5/6; 3/2).
* **one exponent style per column**: when one number of a column, rounded to its shown
  digits, needs the form m·10^k (below 10^-4, from 10^6, or rounded above its units:
  977423,3 is 9,774·10^5), the whole column is written so; otherwise none of it is.
* **rounded entries marked**: a table cell has no relation sign of its own, so every entry
  shown rounded is written with ≈ (`approx_only`); an exact entry is written as it is.

`column_settings(columns)` gives, for each column (a list of its cells' values: numbers,
matrices, arrays; anything else, such as a label, is ignored), the settings its numbers are
formatted with. The decimal text every form is written in (significant digits, the decimal
comma, m·10^k) is here too.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence

import numpy as np
import sympy as sp

SHORT_DENOMINATOR = 100  # a short fraction: denominator below this ...
SHORT_NUMERATOR = 1000  # ... and numerator below this in absolute value (-15/32, 7/12)
PLAIN_EXPONENTS = range(-4, 6)  # decimal exponents written plainly (0,0001 to 999999)
DIGITS = 4  # significant digits of a rounded decimal (formatting.Style's default)
MAX_EXACT_DECIMALS = 3  # longest terminating decimal a lone rational is written as


def quantized(d: decimal.Decimal, quantum: int) -> decimal.Decimal:
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        return d.quantize(decimal.Decimal(1).scaleb(quantum), rounding=decimal.ROUND_HALF_EVEN)


def round_significant(d: decimal.Decimal, digits: int) -> decimal.Decimal:
    """`d` rounded half-even to `digits` significant digits, trailing zeros kept in its
    exponent (0,10499 -> 0,1050; 9,99996 -> 10,00; 977423,3 -> 9,774E+5)."""
    if d == 0:
        return d
    exponent = d.adjusted()
    while True:
        rounded = quantized(d, exponent - digits + 1)
        if rounded.adjusted() <= exponent:
            return rounded
        exponent = rounded.adjusted()  # rounding carried into a new leading digit


def numbers(value) -> list:
    """The scalar numbers a cell shows: a matrix or array entry by entry; a label (a string)
    or a formula, nothing."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, np.ndarray):
        return [x.item() for x in np.atleast_1d(value).ravel()]
    if isinstance(value, sp.MatrixBase):
        return [e for e in value if not e.free_symbols]
    if isinstance(value, int | float | np.number):
        return [value.item() if isinstance(value, np.number) else value]
    if isinstance(value, sp.Basic) and value.is_number:
        return [value]
    return []


def _rational(number) -> sp.Rational | None:
    """The number as an exact rational, or None (a computed float, an irrational)."""
    if isinstance(number, float):
        return None
    if isinstance(number, int):
        return sp.Integer(number)
    if isinstance(number, sp.Basic) and number.is_rational and not isinstance(number, sp.Float):
        return sp.Rational(number)
    return None


def terminating_places(q: int) -> int | None:
    """Decimal places of 1/q if its expansion terminates, else None."""
    twos = fives = 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    return max(twos, fives) if q == 1 else None


def short_fraction(r: sp.Rational) -> bool:
    return int(r.q) < SHORT_DENOMINATOR and abs(int(r.p)) < SHORT_NUMERATOR


def needs_fraction(r: sp.Rational) -> bool:
    """What the formatter writes as a fraction by itself: more than three decimal places."""
    places = terminating_places(int(r.q))
    return places is None or places > MAX_EXACT_DECIMALS


def fractions_form(all_numbers: Iterable) -> bool:
    """Whether a table (or a matrix) of these numbers is written in fractions (see the
    module's rules)."""
    rationals = [_rational(n) for n in all_numbers]
    if not rationals or any(r is None for r in rationals):
        return False
    fractional = [r for r in rationals if r.q != 1]
    return any(needs_fraction(r) for r in fractional) and all(map(short_fraction, fractional))


def _as_decimal(number) -> decimal.Decimal | None:
    try:
        if isinstance(number, float):
            return decimal.Decimal(number)
        evaluated = sp.N(number, 30)
        if not evaluated.is_real:
            return None
        return decimal.Decimal(str(evaluated))
    except (TypeError, ValueError, decimal.InvalidOperation):
        return None


def needs_exponent(number) -> bool:
    """Whether the number, rounded to the digits shown, is written as m·10^k: its decimal
    exponent lies outside PLAIN_EXPONENTS, or rounding drops digits of its integer part
    (977423,3 is 9,774·10^5: four digits, not six). Exact integers are written plainly."""
    if _rational(number) is not None and _rational(number).q == 1:
        return False
    d = _as_decimal(number)
    if d is None or d == 0 or not d.is_finite():
        return False
    shown = round_significant(d, DIGITS)
    above_units = shown.as_tuple().exponent > 0 and shown != d
    return shown.adjusted() not in PLAIN_EXPONENTS or above_units


def column_settings(columns: Sequence[Sequence]) -> list[dict[str, bool]]:
    """For each column, the formatting settings of its numbers (module docstring)."""
    per_column = [[n for cell in column for n in numbers(cell)] for column in columns]
    fractions = fractions_form(n for column in per_column for n in column)
    settings = []
    for column in per_column:
        if fractions:
            settings.append({"fractions": True})
            continue
        each = {"decimals": True, "approx_only": True}
        if any(needs_exponent(n) for n in column):
            each["scientific"] = True
        settings.append(each)
    return settings


# --- decimal text ----------------------------------------------------------------------------


def decimal_text(d: decimal.Decimal) -> str:
    """A finite Decimal with the digits it has (its exponent keeps trailing zeros: 0.1050),
    plainly, or as m·10^k when tiny, huge, or known only above its units (9.774E+5: four
    digits, not 977400); decimal comma."""
    if d == 0:
        return "0"
    exponent = d.adjusted()
    if -4 <= exponent < 6 and d.as_tuple().exponent <= 0:
        return format(d, "f").replace(".", "{,}")
    mantissa = format(d.scaleb(-exponent), "f").replace(".", "{,}")
    return f"{mantissa} \\cdot 10^{{{exponent}}}"


def whole(d: decimal.Decimal) -> decimal.Decimal:
    """An exact `d` with no trailing zeros: after its decimal comma, or in the mantissa of
    the form m·10^k; a number written plainly keeps all its integer digits (120000)."""
    d = d.normalize()
    plain = d.as_tuple().exponent > 0 and d.adjusted() < 6
    return d.quantize(decimal.Decimal(1)) if plain else d


def noise_of(d: decimal.Decimal, precision: int) -> decimal.Decimal:
    """What a value computed with `precision` significant digits may be off by: a unit of
    its last digit (0,1 + 0,2 in floats is 0,3, shown as it is)."""
    return abs(d).scaleb(1 - precision)


def exact_decimal(value: sp.Basic, places: int = 60) -> decimal.Decimal:
    evaluated = sp.N(value, places)
    if not evaluated.is_real:
        raise ValueError(f"cannot show a non-real number as a decimal: {value}")
    return decimal.Decimal(str(evaluated))
