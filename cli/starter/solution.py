"""@ID@: @TITLE@.

PARAMS is the statement's data (variant 0, the sheet's own numbers); solve(params) computes
every value the template shows and returns it in one frozen Result. Pure functions: no
printing, no LaTeX. Replace this working example (a derivative at a point) with your problem.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from solutions.variety import Pool

x = sp.Symbol("x")


@dataclass(frozen=True)
class Params:
    a: int  # f(x) = a x^2 + b x
    b: int
    x0: int  # the point


PARAMS = Params(a=2, b=-3, x0=1)


@dataclass(frozen=True)
class Result:
    f: sp.Expr  # a formula
    derivative: sp.Expr  # f'(x), a formula
    slope: sp.Expr  # f'(x0), a number
    grows: bool  # f'(x0) > 0: a fact, which chooses the text


def solve(p: Params) -> Result:
    f = p.a * x**2 + p.b * x
    derivative = sp.diff(f, x)
    slope = derivative.subs(x, p.x0)
    return Result(f, derivative, slope, bool(slope > 0))


# What the page calls each value: `\VAR{r.slope|named}` prints "f'(x_0) = ..." (a boxed answer
# pairs its symbol with its own value, and the key and the quiz name the answer by it).
SYMBOLS = {"slope": "f'(x_0)"}


# Seeded variants (`generate.py --variants 1-30`): every student gets other numbers. Variant 0
# is PARAMS; variants 1, 2, ... are distinct draws from the grid of `axes`, in a fixed shuffled
# order (solutions/variety.py). `build` gives the Params of a draw, or None for a draw that would
# not teach the point (here: a zero slope, where the question has no answer); `key` says when
# two draws are the same problem. Delete `variant` for a task whose numbers must not vary.
variant = Pool(
    axes={"a": [1, 2, 3, -1, -2], "b": range(-5, 6), "x0": range(-3, 4)},
    build=lambda a, b, x0: Params(a, b, x0) if 2 * a * x0 + b != 0 else None,
    key=lambda p: (p.a, p.b, p.x0),
    sheet=PARAMS,
)
