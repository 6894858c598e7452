"""sympy's string form of a value (`sympy.sstr`), for the ledger's `exact` field, without its
cost on matrix products.

sympy decides whether to bracket a product by asking `could_extract_minus_sign`, which for a
matrix product builds `-A*B` and simplifies it (`MatMul.doit`): most of the time of a build's
ledger went there. A matrix product's sign is its numeric coefficient, read here directly. The
output is character for character sympy's own (tests compare the two on every claim).
"""

from __future__ import annotations

from sympy.core.mul import _keep_coeff
from sympy.matrices.expressions.matmul import MatMul
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter


def _precedence(item) -> int:
    if isinstance(item, MatMul):
        coefficient = item.args[0]
        negative = coefficient.is_Number and coefficient.is_extended_negative
        return PRECEDENCE["Add"] if negative else PRECEDENCE["Mul"]
    return precedence(item)


class _ExactPrinter(StrPrinter):
    def parenthesize(self, item, level, strict=False):
        if _precedence(item) < level or (not strict and _precedence(item) <= level):
            return f"({self._print(item)})"
        return self._print(item)

    def _print_MatMul(self, expr):
        coefficient, factors = expr.as_coeff_mmul()
        sign = ""
        if coefficient.is_number:
            real, imaginary = coefficient.as_real_imag()
            if (imaginary.is_zero and real.is_negative) or (real.is_zero and imaginary.is_negative):
                expr = _keep_coeff(-coefficient, factors)
                sign = "-"
        level = _precedence(expr)
        return sign + "*".join(self.parenthesize(arg, level) for arg in expr.args)

    def _print_MatAdd(self, expr):
        level = _precedence(expr)
        parts = []
        for term in self._as_ordered_terms(expr):
            text = self._print(term)
            sign = "+"
            if text.startswith("-") and not term.is_Add:
                sign, text = "-", text[1:]
            bracketed = _precedence(term) < level or term.is_Add
            parts += [sign, f"({text})" if bracketed else text]
        first = parts.pop(0)
        return ("" if first == "+" else first) + " ".join(parts)


_PRINTER = _ExactPrinter()


def exact_text(value) -> str:
    """`sympy.sstr(value)`, faster on matrix expressions."""
    return _PRINTER.doprint(value)
