"""Printing formulas as a person writes them by hand.

sympy's LaTeX printer is right but reorders and decorates: 2(y - ŷ) comes out -2ŷ + 2y,
½(A + Aᵀ) as (½)(A + Aᵀ), det X as |X|, the transpose of an inverse as (X⁻¹)ᵀ. Formulas are
built unevaluated in the order they are written (solutions/forms.py) and printed here in
that order, in the notation of the sheets (tr, det, X⁻ᵀ, ‖w‖₁, f(XW) element-wise, Σ with
bounds k₁ − 1).
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE


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
        if isinstance(expr.expr, sp.Transpose):  # sign(w)ᵀ, not sign(wᵀ): the same, read easier
            inner = type(expr)(function, expr.expr.arg)
            return rf"{self._print(inner)}^{{T}}"
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
        """det X for one matrix, det(XᵀAX) for a product, as by hand."""
        if isinstance(expr.arg, sp.MatrixSymbol):
            return rf"\det {self._print(expr.arg)}"
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_log(self, expr):
        """ln det X without brackets around the determinant."""
        if isinstance(expr.args[0], sp.Determinant):
            return rf"\ln {self._print(expr.args[0])}"
        return super()._print_log(expr)

    def _print_Indexed(self, expr):
        """w^{l}_{ij}: single-letter indices run together under the base, as the sheets write
        them; compound ones get commas (x_{i+m, j+n})."""
        simple = all(index.is_Atom for index in expr.indices)
        indices = ("" if simple else ", ").join(self._print(index) for index in expr.indices)
        return f"{self._print(expr.base)}_{{{indices}}}"

    def _print_Sum(self, expr):
        """Nested sums with bounds as written by hand: sum_{m=0}^{k_1 - 1}."""
        head = "".join(
            rf"\sum_{{{self._print(var)}={self._print(_numbers_last(lo))}}}"
            rf"^{{{self._print(_numbers_last(hi))}}} "
            for var, lo, hi in expr.limits
        )
        return head + self.parenthesize(expr.function, PRECEDENCE["Mul"], strict=True)

    def _print_Identity(self, expr):
        return "I"

    def _print_OneMatrix(self, expr):
        """The column of ones 1, and the row 1ᵀ."""
        return r"\mathbf{1}^{T}" if expr.shape[0] == 1 and expr.shape[1] != 1 else r"\mathbf{1}"

    def _print_HadamardProduct(self, expr):
        """u ∘ v, with parentheses only around sums."""
        return r" \circ ".join(
            rf"\left({self._print(a)}\right)" if isinstance(a, sp.MatAdd) else self._print(a)
            for a in expr.args
        )

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
            elif len(args) > 1 and (
                isinstance(arg, sp.MatAdd | sp.Add)
                or (
                    isinstance(arg, MatrixElement)
                    and isinstance(arg.parent, sp.MatMul)
                    and not _is_l1_norm(arg.parent)
                )
                or (isinstance(arg, sp.MatMul) and arg.could_extract_minus_sign())
            ):
                pieces.append(rf"\left({self._print(arg)}\right)")
            elif isinstance(arg, sp.MatMul):  # a product inside a product needs no parentheses
                pieces.append(self._print(arg))
            elif isinstance(arg, sp.Determinant) and arg is not args[-1]:
                pieces.append(rf"\left({self._print(arg)}\right)")  # (det X) X^{-T}
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
    return (
        isinstance(ones, sp.OneMatrix)
        and isinstance(absolute, ElementwiseApplyFunction)
        and isinstance(absolute.function, sp.Lambda)
        and absolute.function.expr == sp.Abs(absolute.function.variables[0])
    )


_SETTINGS = {"order": "none", "decimal_separator": "comma", "ln_notation": True}
_FORMULAS = {
    False: _FormulaPrinter(_SETTINGS),
    True: _FormulaPrinter(_SETTINGS | {"mul_symbol": "dot"}),
}


def formula(expr, dotted: bool = False) -> str:
    """LaTeX of a formula (an expression with free symbols), terms kept as built."""
    return _FORMULAS[dotted].doprint(expr)
