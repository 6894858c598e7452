"""The one formatter for every number and formula on the page (prose, displays, TikZ labels).

`latex(value)` dispatches on type, as sympy's printers do:

* integers as they are, with a true minus (TeX's math-mode `-`);
* rationals exactly: as a decimal when the expansion terminates within `max_exact_decimals`
  places (0,5 and 3,125 are exact and are how the sheets write them), otherwise as `\\frac`;
* irrational exact numbers as their exact form followed by `\\approx` and the value rounded
  to `digits` significant digits (computed from the exact value, not from a float);
* floats (Python, numpy, sympy's `Float`) as decimals: as they are when `digits` significant
  digits show them whole (2,5; a computed value to within the last digits of its precision),
  otherwise rounded (m·10^k when tiny, huge, or rounded above its units: 9,774·10^5);
* matrices and numpy arrays entry by entry in `pmatrix` (a 1-D array is a row vector), in
  one form, as a table (below), at the text's own row spacing;
* formulas (sympy expressions with free symbols) through `engine.ledger.formulas`, in the order
  they were built.

`approx_only=True` drops the exact form of irrational values (for a long exact form that
teaches nothing); the rounded decimal keeps its `\approx`, and a rounded float gets one. A
sigmoid of a sigmoid (an exponential inside an exponential) always goes without its exact
form.

A rounded decimal always shows `digits` significant digits, trailing zeros included (0,1050,
not 0,105, which would claim three), and is marked `rounded`: the string `latex` returns is a
`Latex` that knows it, so `symbols.equation` writes «w ≈ −1,000», not «w = −1», wherever the
string is passed on (a boxed answer, the key). An exact decimal is never padded (0,5, 3,125),
except in a matrix marked ≈ as a whole: there every entry shows `digits` digits (0,5000).

A table, and a matrix, decides for all its numbers together (`engine.ledger.number_forms`):
`fractions` (every rational as a fraction: (5/6; 3/2), not (5/6; 1,5)) or `decimals` (every
rational as a decimal: exact up to LONGEST_DECIMAL places, else rounded and marked).

Russian typography throughout: decimal comma written `{,}` so TeX adds no space after it.

`needles(value)` gives the strings a reader's PDF text extraction must contain for the value
to count as shown; it follows the same decisions as `latex`, so the two never disagree.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, fields, replace
from functools import singledispatch

import numpy as np
import sympy as sp
from mpmath import libmp as mlib

from engine.ledger import number_forms as forms
from engine.ledger.exact_printer import exact_latex as _sympy_latex
from engine.ledger.formulas import formula
from engine.store.memo import Memo

MINUS = "\u2212"  # what pdftotext extracts for TeX's math minus
LONGEST_DECIMAL = 6  # places of an exact decimal in a table of decimals (-0,46875)


@dataclass(frozen=True)
class Style:
    digits: int = forms.DIGITS  # significant digits of a rounded decimal
    max_exact_decimals: int = forms.MAX_EXACT_DECIMALS  # longest terminating decimal written
    approx_only: bool = False  # irrational values: just "\approx decimal", no exact form
    dotted: bool = False  # formulas: a \cdot between all factors (products along paths)
    machine: bool = False  # plot data for pgfplots: a plain decimal point, no braces
    rounded: bool = False  # the rounded decimal only (matrices entry by entry), no relation
    factor: bool = False  # a factor in a product: a negative number in parentheses
    scientific: bool = False  # decimals as m·10^k with `digits` digits, zeros kept (a column)
    # a table's one form (engine.ledger.number_forms): every non-integer rational as a fraction,
    # or as a decimal (exact up to LONGEST_DECIMAL places, else rounded and marked so)
    fractions: bool = False
    decimals: bool = False


@dataclass(frozen=True)
class Shown:
    latex: str
    needles: tuple[str, ...]  # normalised text fragments the PDF must contain
    simple: bool = True  # one line of text, no fraction: can be joined into a matrix row
    rounded: bool = False  # opens with a decimal that only approximates the value


class Latex(str):
    """What `latex` returns: the LaTeX, and whether it opens with a rounded decimal (a value
    shown rounded with no relation of its own), so that "symbol = value" is written with
    `\\approx` by whoever receives the string (`symbols.equation`)."""

    rounded: bool

    def __new__(cls, text: str, rounded: bool = False):
        self = super().__new__(cls, text)
        self.rounded = rounded
        return self

    def __reduce__(self):  # pickled with its mark (the build cache, worker processes)
        return (Latex, (str(self), self.rounded))


def latex(value, **settings) -> str:
    """LaTeX (math-mode content) for `value`, as a `Latex`; unknown settings are rejected,
    not ignored."""
    style = _style(settings)
    if style.machine:
        return _machine(value, style)
    shown = _displayed(value, style)
    return Latex(shown.latex, shown.rounded)


def _displayed(value, style: Style) -> Shown:
    # a pure function of the value and the style, asked for again and again (a claim shown
    # in its derivation, its answer and the summary; a variant's slips): kept per process,
    # keyed by type too (2 and 2.0 are equal keys)
    key = (type(value), sp.ImmutableMatrix(value) if isinstance(value, sp.MatrixBase) else value)
    try:
        hash(key)
    except TypeError:  # an array: formatted afresh
        return _displayed_afresh(value, style)
    return _SHOWN.get((*key, style), lambda: _displayed_afresh(value, style))


_SHOWN = Memo(50_000)


def _displayed_afresh(value, style: Style) -> Shown:
    shown = _rounded_value(value, style) if style.rounded else _shown(value, style)
    if style.approx_only and shown.rounded:  # a computed decimal, as an irrational's decimal
        shown = Shown(f"\\approx {shown.latex}", shown.needles, simple=False)
    if style.factor and _negative_number(value):  # 1 \cdot (-4), not 1 \cdot -4
        return replace(shown, latex=f"\\left({shown.latex}\\right)")
    return shown


def _negative_number(value) -> bool:
    if isinstance(value, sp.MatrixBase | np.ndarray):
        return False
    number = sp.sympify(value)
    return bool(number.is_number and number.is_real and number < 0)


def _rounded_value(value, style: Style) -> Shown:
    """A number, or each entry of a matrix, as a decimal rounded to `digits` significant
    digits; integers as they are."""
    if isinstance(value, np.ndarray):
        value = sp.Matrix(np.atleast_2d(value).tolist())
    if isinstance(value, sp.MatrixBase):
        if value.shape == (1, 1):
            return _rounded_value(value[0, 0], style)
        return _matrix(value.tolist(), style, lambda e: _rounded_value(e, style))
    if isinstance(value, float | np.floating | sp.Float):  # a decimal already
        return _shown(value, style)
    value = sp.sympify(value)
    if value.free_symbols:
        raise TypeError(f"a formula has no decimal value to round: {value}")
    if value.is_Integer:
        return _plain(str(int(value)))
    return _decimal(forms.exact_decimal(value), style)


def _machine(value, style: Style) -> str:
    """Plot coordinates: numbers pgfplots can read (0.5, -1.25e-07), rows by spaces and
    newlines; rounded to `digits` + 2 significant digits, more than a plot can show."""
    array = np.asarray(
        sp.Matrix(value).evalf() if isinstance(value, sp.MatrixBase) else value, dtype=float
    )
    fmt = f"{{:.{style.digits + 2}g}}"
    rows = np.atleast_2d(array)
    return "\n".join(" ".join(fmt.format(x) for x in row) for row in rows)


def needles(value, **settings) -> tuple[str, ...]:
    """Normalised text (see `skeleton`) that a PDF showing `value` must contain."""
    return _displayed(value, _style(settings)).needles


def skeleton(text: str) -> str:
    """Digits, decimal commas, minus signs and single spaces between groups: what survives
    any PDF text layout. Line breaks are kept, so a needle cannot span two lines."""
    text = text.replace("{,}", ",").replace("-", MINUS)
    kept = "".join(ch if ch.isdigit() or ch in "," + MINUS + "\n" else " " for ch in text)
    return "\n".join(" ".join(line.split()) for line in kept.split("\n")).strip()


def _style(settings: dict) -> Style:
    known = {f.name for f in fields(Style)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TypeError(f"unknown formatting setting(s) {unknown}; known: {sorted(known)}")
    return Style(**settings)


# --- scalars -------------------------------------------------------------------------------


def _plain(text: str) -> Shown:
    return Shown(text, (skeleton(text),))


def _decimal(
    d: decimal.Decimal,
    style: Style,
    noise: decimal.Decimal | None = None,
    padded: bool = False,
) -> Shown:
    """`d` as it is when `digits` significant digits show it whole (to within `noise`: the
    error a computed value carries in its last digits), else rounded to `digits` significant
    digits with trailing zeros, and marked `rounded`. `padded`: `digits` significant digits
    even when they show it whole (0,5000: an exact entry of a matrix marked ≈)."""
    noise = decimal.Decimal(0) if noise is None else noise
    if style.scientific and d != 0:
        exponent = d.adjusted()
        mantissa = forms.quantized(d.scaleb(-exponent), 1 - style.digits)
        if abs(mantissa) >= 10:  # 9,9996 rounds up to 10,00
            mantissa = forms.quantized(mantissa.scaleb(-1), 1 - style.digits)
            exponent += 1
        text = f"{format(mantissa, 'f').replace('.', '{,}')} \\cdot 10^{{{exponent}}}"
        rounded = abs(d - mantissa.scaleb(exponent)) > noise
        return Shown(text, (skeleton(text.split("\\cdot")[0]),), rounded=rounded)
    shown = forms.round_significant(d, style.digits)
    rounded = abs(d - shown) > noise
    text = forms.decimal_text(shown if rounded or padded else forms.whole(shown))
    return Shown(text, (skeleton(text.split("\\cdot")[0]),), rounded=rounded)


def _rational(value: sp.Rational, style: Style) -> Shown:
    p, q = int(value.p), int(value.q)
    if q == 1:
        return _plain(str(p))
    places = forms.terminating_places(q)
    longest = LONGEST_DECIMAL if style.decimals else style.max_exact_decimals
    if places is not None and places <= longest and not style.fractions:
        d = decimal.Decimal(p) / decimal.Decimal(q)
        return _plain(forms.decimal_text(d.normalize()))
    if style.decimals:  # a decimal table: 1/3 as 0,3333, marked rounded
        return _decimal(forms.exact_decimal(value), style)
    sign = "-" if p < 0 else ""
    return Shown(f"{sign}\\frac{{{abs(p)}}}{{{q}}}", (str(abs(p)), str(q)), simple=False)


def nested_exponential(expr: sp.Basic) -> bool:
    """An exponential of an exponential (a sigmoid of a sigmoid): an exact form no one
    writes by hand or checks by eye, so it is shown by its decimal alone."""
    return any(e.args[0].has(sp.exp, sp.E) for e in sp.sympify(expr).atoms(sp.exp))  # e is E


def _irrational(value: sp.Basic, style: Style) -> Shown:
    approx = _decimal(forms.exact_decimal(value), style)
    if style.approx_only or nested_exponential(value):
        return Shown(f"\\approx {approx.latex}", approx.needles, simple=False)
    return Shown(f"{_sympy_latex(value)} \\approx {approx.latex}", approx.needles, simple=False)


@singledispatch
def _shown(value, style: Style) -> Shown:
    raise TypeError(f"no formatting rule for {type(value).__name__}: {value!r}")


@_shown.register
def _(value: bool, style: Style) -> Shown:
    raise TypeError(f"a boolean is not a number to show: {value!r}")


@_shown.register(int)
@_shown.register(np.integer)
def _(value, style: Style) -> Shown:
    return _plain(str(int(value)))


@_shown.register(float)
@_shown.register(np.floating)
def _(value, style: Style) -> Shown:
    if not np.isfinite(value):
        raise ValueError(f"cannot show a non-finite number: {value!r}")
    d = decimal.Decimal(float(value))
    return _decimal(d, style, forms.noise_of(d, np.finfo(type(value)).precision))


@_shown.register
def _(value: sp.Float, style: Style) -> Shown:
    if not value.is_finite:
        raise ValueError(f"cannot show a non-finite number: {value!r}")
    d = decimal.Decimal(str(value))  # its own digits (sp.N would invent more)
    return _decimal(d, style, forms.noise_of(d, mlib.prec_to_dps(value._prec)))


@_shown.register
def _(value: sp.Rational, style: Style) -> Shown:
    return _rational(value, style)


@_shown.register
def _(value: sp.Basic, style: Style) -> Shown:
    if value.free_symbols:
        return Shown(formula(value, dotted=style.dotted), ())
    if value.is_rational:
        return _rational(sp.Rational(value), style)
    return _irrational(value, style)


# --- matrices ------------------------------------------------------------------------------


def _pmatrix(rows: list[list[str]]) -> str:
    """A pmatrix (the preamble keeps it at the text's row spacing inside stretched tables);
    rows of fractions a `\\jot` apart, so that stacked fractions do not touch."""
    tall = any("\\frac" in entry for row in rows for entry in row)
    body = (r" \\[\jot] " if tall else r" \\ ").join(" & ".join(row) for row in rows)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


def _grid(entries: list[list[Shown]], rounded: bool | None = None) -> Shown:
    found: list[str] = []
    for row in entries:
        if all(e.simple for e in row):
            found.append(" ".join(n for e in row for n in e.needles))
        else:
            found.extend(n for e in row for n in e.needles)
    if rounded is None:
        rounded = any(e.rounded for row in entries for e in row)
    latex = _pmatrix([[e.latex for e in row] for row in entries])
    return Shown(latex, tuple(found), simple=False, rounded=rounded)


def _entry_decimal(entry) -> tuple[decimal.Decimal, decimal.Decimal]:
    """A number's exact decimal, and what it may be off by (a computed float's last digit)."""
    if isinstance(entry, int | np.integer):
        return decimal.Decimal(int(entry)), decimal.Decimal(0)
    if isinstance(entry, float | np.floating):
        d = decimal.Decimal(float(entry))
        return d, forms.noise_of(d, np.finfo(type(entry)).precision)
    if isinstance(entry, sp.Float):
        d = decimal.Decimal(str(entry))
        return d, forms.noise_of(d, mlib.prec_to_dps(entry._prec))
    return forms.exact_decimal(sp.sympify(entry)), decimal.Decimal(0)


def _padded(entry, style: Style) -> Shown:
    """An entry of a matrix marked ≈: `digits` significant digits, exact or not (0,5000,
    -1,000), so that every number under the one ≈ keeps its promise; zero stays 0."""
    d, noise = _entry_decimal(entry)
    if d == 0:
        return _plain("0")
    return _decimal(d, style, noise, padded=True)


def _matrix(values: list[list], style: Style, entry) -> Shown:
    """Entries shown by `entry` in one pmatrix. When one is rounded, the matrix is marked
    rounded as a whole (one ≈ before it), and every entry is shown `_padded`."""
    grid = [[entry(v) for v in row] for row in values]
    if not any(e.rounded for row in grid for e in row):
        return _grid(grid)
    return _grid([[_padded(v, style) for v in row] for row in values], rounded=True)


def _one_form(numbers: list, style: Style) -> Style:
    """A matrix in one form, as a table (engine.ledger.number_forms): fractions when every
    entry is an integer or a short fraction and one needs a fraction (5/6; 3/2), decimals
    otherwise (0,8; 1,267 — rounded ones marked). A table's own choice stands."""
    if style.fractions or style.decimals:
        return style
    if forms.fractions_form(numbers):
        return replace(style, fractions=True)
    return replace(style, decimals=True)


@_shown.register
def _(value: sp.MatrixBase, style: Style) -> Shown:
    if value.shape == (1, 1):  # a 1x1 result (x·w) is a number to the reader
        return _shown(value[0, 0], style)
    rows = value.tolist()
    if any(e.free_symbols for row in rows for e in row):
        return Shown(_pmatrix([[formula(e, dotted=style.dotted) for e in row] for row in rows]), ())
    style = _one_form([e for row in rows for e in row], style)
    if all(e.is_rational for row in rows for e in row):
        return _matrix(rows, style, lambda e: _rational(sp.Rational(e), style))
    approx = _matrix(rows, style, lambda e: _approx_entry(e, style))
    if all(e.is_rational or isinstance(e, sp.Float) for row in rows for e in row):
        return approx  # decimals
    exact = _pmatrix([[_sympy_latex(e) for e in row] for row in rows])
    if style.approx_only or any(nested_exponential(e) for row in rows for e in row):
        return Shown(f"\\approx {approx.latex}", approx.needles, simple=False)
    return Shown(f"{exact} \\approx {approx.latex}", approx.needles, simple=False)


def _approx_entry(entry: sp.Basic, style: Style) -> Shown:
    if entry.is_rational:
        return _rational(sp.Rational(entry), style)
    if isinstance(entry, sp.Float):
        return _shown(entry, style)
    return _decimal(forms.exact_decimal(entry), style)


@_shown.register
def _(value: np.ndarray, style: Style) -> Shown:
    if value.ndim == 0:
        return _shown(value.item(), style)
    if value.ndim > 2:
        raise TypeError(f"cannot show a {value.ndim}-dimensional array")
    rows = [[x.item() for x in row] for row in np.atleast_2d(value)]
    return _matrix(rows, style, lambda x: _shown(x, style))
