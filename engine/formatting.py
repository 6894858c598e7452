"""The one formatter for every number and formula on the page (prose, displays, TikZ labels).

`latex(value)` dispatches on type, as sympy's printers do:

* integers as they are, with a true minus (TeX's math-mode `-`);
* rationals exactly: as a decimal when the expansion terminates within `max_exact_decimals`
  places (0,5 and 3,125 are exact and are how the sheets write them), otherwise as `\\frac`;
* irrational exact numbers as their exact form followed by `\\approx` and the value rounded
  to `digits` significant digits (computed from the exact value, not from a float);
* floats as decimals rounded to `digits` significant digits (scientific when tiny or huge);
* matrices and numpy arrays entry by entry in `pmatrix` (a 1-D array is a row vector);
* other sympy expressions (free symbols) through `sympy.latex`.

`approx_only=True` drops the exact form of irrational values (for a long exact form that
teaches nothing, e.g. a sigmoid of a sigmoid); the rounded decimal keeps its `\approx`.

Russian typography throughout: decimal comma written `{,}` so TeX adds no space after it.

`needles(value)` gives the strings a reader's PDF text extraction must contain for the value
to count as shown; it follows the same decisions as `latex`, so the two never disagree.
"""
from __future__ import annotations

import decimal
from dataclasses import dataclass, fields
from functools import singledispatch

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

MINUS = "\u2212"  # what pdftotext extracts for TeX's math minus


@dataclass(frozen=True)
class Style:
    digits: int = 4  # significant digits of a rounded decimal
    max_exact_decimals: int = 3  # longest terminating expansion still written as a decimal
    approx_only: bool = False  # irrational values: just "\approx decimal", no exact form
    dotted: bool = False  # formulas: a \cdot between all factors (products along paths)
    machine: bool = False  # plot data for pgfplots: a plain decimal point, no braces


@dataclass(frozen=True)
class Shown:
    latex: str
    needles: tuple[str, ...]  # normalised text fragments the PDF must contain
    simple: bool = True  # one line of text, no fraction: can be joined into a matrix row


def latex(value, **settings) -> str:
    """LaTeX (math-mode content) for `value`; unknown settings are rejected, not ignored."""
    style = _style(settings)
    if style.machine:
        return _machine(value, style)
    return _shown(value, style).latex


def _machine(value, style: Style) -> str:
    """Plot coordinates: numbers pgfplots can read (0.5, -1.25e-07), rows by spaces and
    newlines; rounded to `digits` + 2 significant digits, more than a plot can show."""
    array = np.asarray(sp.Matrix(value).evalf() if isinstance(value, sp.MatrixBase) else value,
                       dtype=float)
    fmt = f"{{:.{style.digits + 2}g}}"
    rows = np.atleast_2d(array)
    return "\n".join(" ".join(fmt.format(x) for x in row) for row in rows)


def needles(value, **settings) -> tuple[str, ...]:
    """Normalised text (see `skeleton`) that a PDF showing `value` must contain."""
    return _shown(value, _style(settings)).needles


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


def _decimal_latex(d: decimal.Decimal) -> str:
    """A finite Decimal in plain or scientific notation, decimal comma, no trailing zeros."""
    if d == 0:
        return "0"
    exponent = d.adjusted()
    if -4 <= exponent < 6:
        text = _strip_zeros(format(d, "f"))
        return text.replace(".", "{,}")
    mantissa = _strip_zeros(format(d.scaleb(-exponent), "f")).replace(".", "{,}")
    return f"{mantissa} \\cdot 10^{{{exponent}}}"


def _strip_zeros(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_significant(d: decimal.Decimal, digits: int) -> decimal.Decimal:
    """`d` rounded half-even to `digits` significant digits, never coarser than units
    for numbers below 10**6 (so 1234,5 keeps its integer part)."""
    if d == 0:
        return d
    exponent = d.adjusted()
    quantum = exponent - digits + 1
    if -4 <= exponent < 6:
        quantum = min(quantum, 0)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        return d.quantize(decimal.Decimal(1).scaleb(quantum), rounding=decimal.ROUND_HALF_EVEN)


def _rounded(d: decimal.Decimal, style: Style) -> Shown:
    text = _decimal_latex(round_significant(d, style.digits))
    return Shown(text, (skeleton(text.split("\\cdot")[0]),))


def _exact_decimal(value: sp.Basic, places: int = 60) -> decimal.Decimal:
    evaluated = sp.N(value, places)
    if not evaluated.is_real:
        raise ValueError(f"cannot show a non-real number as a decimal: {value}")
    return decimal.Decimal(str(evaluated))


def _terminating_places(q: int) -> int | None:
    """Decimal places of 1/q if its expansion terminates, else None."""
    twos = fives = 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    return max(twos, fives) if q == 1 else None


def _rational(value: sp.Rational, style: Style) -> Shown:
    p, q = int(value.p), int(value.q)
    if q == 1:
        return _plain(str(p))
    places = _terminating_places(q)
    if places is not None and places <= style.max_exact_decimals:
        d = decimal.Decimal(p) / decimal.Decimal(q)
        return _plain(_decimal_latex(d))
    sign = "-" if p < 0 else ""
    return Shown(f"{sign}\\frac{{{abs(p)}}}{{{q}}}", (str(abs(p)), str(q)), simple=False)


def _irrational(value: sp.Basic, style: Style) -> Shown:
    approx = _rounded(_exact_decimal(value), style)
    if style.approx_only:
        return Shown(f"\\approx {approx.latex}", approx.needles, simple=False)
    return Shown(f"{_sympy_latex(value)} \\approx {approx.latex}", approx.needles, simple=False)


def _sympy_latex(expr: sp.Basic) -> str:
    return sp.latex(expr, decimal_separator="comma", ln_notation=True)


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
    return _rounded(decimal.Decimal(float(value)), style)


@_shown.register
def _(value: sp.Float, style: Style) -> Shown:
    return _rounded(decimal.Decimal(str(value)), style)


@_shown.register
def _(value: sp.Rational, style: Style) -> Shown:
    return _rational(value, style)


class _FormulaPrinter(LatexPrinter):
    """sympy's LaTeX printer, keeping a formula as its author built it (solutions/forms.py).

    sympy prints a negative term of a sum by negating it, an evaluated operation that
    reorders what is inside (W - 2γAᵀ(y - ŷ) came out as W - 2γAᵀ(-ŷ + y)); here the -1
    factor is only dropped."""

    def _print_MatAdd(self, expr):
        pieces = []
        for term in expr.args:
            negative = isinstance(term, sp.MatMul) and term.args[0] == -1
            if negative:
                rest = term.args[1:]
                term = rest[0] if len(rest) == 1 else sp.MatMul(*rest, evaluate=False)
            text = self._print(term)
            pieces.append(("- " if negative else "+ ") + text if pieces or negative else text)
        return " ".join(pieces)


    def _print_ElementwiseApplyFunction(self, expr):
        """A function applied element-wise is written on the matrix itself: f(XW), sign(w),
        max(|z| - λ/2, 0): the function's body with the matrix in place of its variable."""
        function = expr.function
        if not isinstance(function, sp.Lambda):
            return rf"{self._print(sp.Symbol(str(function)))}\left({self._print(expr.expr)}\right)"
        (variable,), body = function.variables, function.expr
        if isinstance(body, AppliedUndef) and body.args == (variable,):
            return rf"{self._print(sp.Symbol(str(body.func)))}\left({self._print(expr.expr)}\right)"
        placeholder = sp.Symbol(self._print(expr.expr))
        return self._print(body.xreplace({variable: placeholder}))

    def _wrapped(self, expr) -> str:
        """A symbol as it is, anything longer in parentheses."""
        text = self._print(expr)
        return text if isinstance(expr, sp.MatrixSymbol | sp.Symbol) else rf"\left({text}\right)"

    def _print_MatrixElement(self, expr):
        """The only entry of a 1×1 product (xᵀAx as a scalar) is written as the product;
        1ᵀ|w| is the L1 norm ‖w‖₁."""
        if _is_l1_norm(expr.parent):
            return rf"\lVert {self._print(expr.parent.args[1].expr)} \rVert_1"
        if expr.parent.shape == (1, 1):
            return self._print(expr.parent)
        return super()._print_MatrixElement(expr)

    def _print_Determinant(self, expr):
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Indexed(self, expr):
        """w^{l}_{ij}: single-letter indices run together under the base, as the sheets write
        them; compound ones get commas (x_{i+m, j+n})."""
        simple = all(index.is_Atom for index in expr.indices)
        indices = ("" if simple else ", ").join(self._print(index) for index in expr.indices)
        return f"{self._print(expr.base)}_{{{indices}}}"

    def _print_Sum(self, expr):
        """Nested sums with bounds as written by hand: sum_{m=0}^{k_1 - 1}."""
        head = "".join(rf"\sum_{{{self._print(var)}={self._print(_numbers_last(lo))}}}"
                       rf"^{{{self._print(_numbers_last(hi))}}} " for var, lo, hi in expr.limits)
        return head + self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)

    def _print_Identity(self, expr):
        return "I"

    def _print_OneMatrix(self, expr):
        """The column of ones 1, and the row 1ᵀ."""
        return r"\mathbf{1}^{T}" if expr.shape[0] == 1 and expr.shape[1] != 1 else r"\mathbf{1}"

    def _print_HadamardProduct(self, expr):
        """u ∘ v, with parentheses only around sums."""
        return r" \circ ".join(rf"\left({self._print(a)}\right)" if isinstance(a, sp.MatAdd)
                                else self._print(a) for a in expr.args)

    def _print_Transpose(self, expr):
        """X^{-T} for the transpose of an inverse, as matrix calculus writes it."""
        if isinstance(expr.arg, sp.Inverse):
            return rf"{self._wrapped(expr.arg.arg)}^{{-T}}"
        return super()._print_Transpose(expr)

    def _print_MatMul(self, expr):
        """Products as written by hand: a number in front without parentheses (½ (A + Aᵀ)),
        a scalar factor that is itself a product in parentheses ((xᵀx) dx)."""
        args = list(expr.args)
        sign = ""
        if not isinstance(args[0], sp.MatrixExpr) and args[0].could_extract_minus_sign():
            sign, args[0] = "- ", -args[0]
            if args[0] == 1 and len(args) > 1:
                args = args[1:]
        pieces = []
        for arg in args:
            if not isinstance(arg, sp.MatrixExpr) and (arg.is_Number or sp.fraction(arg)[1] != 1):
                pieces.append(self._print(arg))  # ½, 1/m, e^u/(1 + e^u): no parentheses
            elif len(args) > 1 and (isinstance(arg, sp.MatAdd | sp.Add) or (
                    isinstance(arg, MatrixElement) and isinstance(arg.parent, sp.MatMul)
                    and not _is_l1_norm(arg.parent)) or (
                    isinstance(arg, sp.MatMul) and arg.could_extract_minus_sign())):
                pieces.append(rf"\left({self._print(arg)}\right)")
            elif isinstance(arg, sp.MatMul):  # a product inside a product needs no parentheses
                pieces.append(self._print(arg))
            else:
                pieces.append(self.parenthesize(arg, PRECEDENCE["Mul"], strict=False))
        return sign + " ".join(pieces)

    def _hprint_Function(self, func: str) -> str:
        """An undefined function in italics as one letter would be (f', not upright f')."""
        return func if func.endswith("'") else super()._hprint_Function(func)


def _numbers_last(expr):
    """k_1 - 1 rather than sympy's -1 + k_1 (a summation bound, a size)."""
    if isinstance(expr, sp.Add):
        terms = sorted(expr.args, key=lambda t: t.is_Number)
        return sp.Add(*terms, evaluate=False)
    return expr


def _is_l1_norm(expr) -> bool:
    """1ᵀ|w|: a row of ones times the element-wise absolute value of a vector."""
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

    if not (isinstance(expr, sp.MatMul) and len(expr.args) == 2):
        return False
    ones, absolute = expr.args
    return (isinstance(ones, sp.OneMatrix) and isinstance(absolute, ElementwiseApplyFunction)
            and isinstance(absolute.function, sp.Lambda)
            and absolute.function.expr == sp.Abs(absolute.function.variables[0]))


_SETTINGS = {"order": "none", "decimal_separator": "comma", "ln_notation": True}
_FORMULAS = {False: _FormulaPrinter(_SETTINGS),
             True: _FormulaPrinter(_SETTINGS | {"mul_symbol": "dot"})}


def _formula(expr, style: Style) -> str:
    return _FORMULAS[style.dotted].doprint(expr)


@_shown.register
def _(value: sp.Basic, style: Style) -> Shown:
    if value.free_symbols:
        return Shown(_formula(value, style), ())
    if value.is_rational:
        return _rational(sp.Rational(value), style)
    return _irrational(value, style)


# --- matrices ------------------------------------------------------------------------------


def _pmatrix(rows: list[list[str]]) -> str:
    body = r" \\ ".join(" & ".join(row) for row in rows)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


def _grid(entries: list[list[Shown]]) -> Shown:
    found: list[str] = []
    for row in entries:
        if all(e.simple for e in row):
            found.append(" ".join(n for e in row for n in e.needles))
        else:
            found.extend(n for e in row for n in e.needles)
    return Shown(_pmatrix([[e.latex for e in row] for row in entries]), tuple(found), simple=False)


@_shown.register
def _(value: sp.MatrixBase, style: Style) -> Shown:
    if value.shape == (1, 1):  # a 1x1 result (x·w) is a number to the reader
        return _shown(value[0, 0], style)
    rows = value.tolist()
    if any(e.free_symbols for row in rows for e in row):
        return Shown(_pmatrix([[_formula(e, style) for e in row] for row in rows]), ())
    if all(e.is_rational for row in rows for e in row):
        return _grid([[_rational(sp.Rational(e), style) for e in row] for row in rows])
    exact = _pmatrix([[_sympy_latex(e) for e in row] for row in rows])
    approx = _grid([[_approx_entry(e, style) for e in row] for row in rows])
    if style.approx_only:
        return Shown(f"\\approx {approx.latex}", approx.needles, simple=False)
    return Shown(f"{exact} \\approx {approx.latex}", approx.needles, simple=False)


def _approx_entry(entry: sp.Basic, style: Style) -> Shown:
    if entry.is_rational:
        return _rational(sp.Rational(entry), style)
    return _rounded(_exact_decimal(entry), style)


@_shown.register
def _(value: np.ndarray, style: Style) -> Shown:
    if value.ndim == 0:
        return _shown(value.item(), style)
    if value.ndim > 2:
        raise TypeError(f"cannot show a {value.ndim}-dimensional array")
    rows = np.atleast_2d(value)
    return _grid([[_shown(x.item(), style) for x in row] for row in rows])
