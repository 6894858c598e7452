"""sympy's LaTeX printer as the page writes exact numbers: a sum never opens with a negative
number, ln 2 without brackets, a decimal comma (used by engine.ledger.formatting)."""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter


class _ExactPrinter(LatexPrinter):
    """sympy's printer, except that a sum never starts with a negative number (e - 4, not
    -4 + e); the expression itself is not rebuilt (that would distribute 2(1 + e))."""

    def _print_Add(self, expr, order=None):
        terms = list(self._as_ordered_terms(expr, order=order))
        if len(terms) > 1 and terms[0].is_Number and terms[0] < 0:
            return super()._print_Add(sp.Add(*terms[1:], terms[0], evaluate=False), order="none")
        if len(terms) == 2 and terms[1].is_Number and terms[1] > 0 and isinstance(terms[0], sp.exp):
            # 1 + e^{-4}, as 1 + e^{5/8} is printed: the sigmoid's denominator reads one way
            return super()._print_Add(sp.Add(terms[1], terms[0], evaluate=False), order="none")
        return super()._print_Add(expr, order)

    def _print_log(self, expr, exp=None):
        """ln 2, ln 3/2 as written by hand; brackets only around a sum or a product."""
        arg = expr.args[0]
        if exp is None and (arg.is_Integer or arg.is_Symbol) and arg.is_positive is not False:
            return f"\\ln {self._print(arg)}"
        return super()._print_log(expr, exp)


_EXACT = _ExactPrinter({"decimal_separator": "comma", "ln_notation": True})


def exact_latex(expr: sp.Basic) -> str:
    """An exact number in LaTeX, as `_ExactPrinter` writes it (decimal comma, ln)."""
    return _EXACT.doprint(expr)
