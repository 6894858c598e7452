"""Exact simplification that keeps the forms a student writes by hand.

`sympy.simplify` is free to answer e^(5/8)/(1+e^(5/8))^2 as 1/(4 cosh^2(5/16)): equal, and
useless on the page. `tidy` instead reads the expression as a rational function of one base
u = e^a (every exponential must be a power of it) and factors it, which gives
u/(1+u)^2 back as e^(5/8)/(1+e^(5/8))^2. Anything else is left as computed: `simplify` on
nested exponentials can take minutes.
"""

from __future__ import annotations

import sympy as sp


def tidy(expr):
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(tidy)
    expr = sp.sympify(expr)
    # e^4 and e^-4 tie on size: break the tie by sympy's own order, not by the set's (which
    # follows Python's hash seed and made claims.json differ from run to run)
    exponentials = sorted(
        expr.atoms(sp.exp), key=lambda e: (abs(e.args[0]), sp.default_sort_key(e))
    )
    if not exponentials:
        return _rational_form(expr)
    base = exponentials[0].args[0]
    powers = {e: sp.simplify(e.args[0] / base) for e in exponentials}
    if not all(k.is_integer for k in powers.values()):
        return expr  # several unrelated exponentials: no tidier form worth minutes of simplify
    u = sp.Dummy("u", positive=True)
    rational = expr.xreplace({e: u**k for e, k in powers.items()})  # structural, unlike subs
    if rational.has(sp.exp):
        return expr
    return _rational_form(rational).xreplace({u: sp.exp(base)})


def _rational_form(expr):
    """numerator / factored denominator, keeping the numerator's sign where it stands
    ((1 - 3e)/(2(1 + e)), not -(3e - 1)/(2(1 + e)))."""
    if expr.is_Rational:
        return expr
    numerator, denominator = sp.fraction(sp.cancel(expr))
    factored = sp.factor(numerator)
    if isinstance(factored, sp.Mul) and not factored.could_extract_minus_sign():
        numerator = factored  # (E - 4)(3E - 1) reads better than 3e² - 13e + 4
    else:
        numerator = sp.factor_terms(numerator)
    return numerator / sp.factor(denominator)
