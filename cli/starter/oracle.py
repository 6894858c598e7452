"""Independent oracle for @ID@: every value the page shows, reached another way than
solutions/@STEM@.py (which this module never imports).

`oracles(given)` gets the statement's numbers as the page prints them ({"a": 2, ...}) and
returns {claim path: oracle} for every claim the template shows: given numbers, values,
formulas and facts. An oracle is a value (compared exactly, or to 1e-9 for floats), a
FromClaims (computed from other shown claims), a Satisfies (a property, for data that may be
any of many right answers) or an AtRandomPoints (a formula checked numerically). A value shown
without an oracle, or an oracle whose value is no longer shown, fails `generate.py check`.
A task with variants also states `invariants(given)`: what every variant must keep.
"""

from __future__ import annotations

import sympy as sp

from checks.oracles.numeric import FromClaims, Satisfies

X, H = sp.symbols("x h")


def oracles(given: dict) -> dict:
    a, b, x0 = given["a"], given["b"], given["x0"]

    def f(t):
        return a * t**2 + b * t

    slope = (f(x0 + 1) - f(x0 - 1)) / 2  # a symmetric difference is exact for a parabola
    statement = Satisfies(
        lambda a, b, x0: all(v.is_integer and abs(v) <= 9 for v in (a, b, x0)),
        "small whole numbers, easy to work with by hand",
        ("given.a", "given.b", "given.x0"),
    )
    return {
        "given.a": statement,
        "given.b": statement,
        "given.x0": statement,
        "f": f(X),
        "derivative": FromClaims(
            lambda shown: sp.limit((shown.subs(X, X + H) - shown) / H, H, 0), ("f",)
        ),
        "slope": slope,
        "grows": bool(slope > 0),
    }


def invariants(given: dict) -> dict[str, bool]:
    """What every seeded variant must keep to teach the point (checked for each one)."""
    a, b, x0 = given["a"], given["b"], given["x0"]
    return {"a parabola": a != 0, "the slope has a sign": 2 * a * x0 + b != 0}
