"""Independent oracle for ranepa3.1. The graph is read as the page draws it:
u1 = x², u2 = xy, u3 = x + y, u4 = u3², f = u1 + u2 + u4. Values come from plain arithmetic,
adjoints from sympy's differentiation of f rewritten with that node as the variable, local
derivatives and path sums from central differences at random points."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, Satisfies, gradient

SHEET: dict = {}  # the sheet states no point: the page's choice is checked for being integers


def parts(x, y):
    u1, u2, u3 = x**2, x * y, x + y
    u4 = u3**2
    return {"x": x, "y": y, "u_{1}": u1, "u_{2}": u2, "u_{3}": u3, "u_{4}": u4, "f": u1 + u2 + u4}


def f(x, y):
    return x**2 + x * y + (x + y) ** 2


@cache
def point(seed: int) -> dict:
    x, y = np.random.default_rng(200 + seed).normal(size=2)
    v = parts(x, y)
    v["df/dx"] = gradient(lambda a: f(a[0], y), np.array([x]))[0]
    v["df/dy"] = gradient(lambda a: f(x, a[0]), np.array([y]))[0]
    return v


def at(expected) -> AtRandomPoints:
    return AtRandomPoints(point, lambda v: np.atleast_2d(expected(v)))


def local(parent_of, child: str) -> AtRandomPoints:
    """∂parent/∂child by central differences of the parent's own operation."""
    return at(lambda v: gradient(lambda a: parent_of(v | {child: a[0]}), np.array([v[child]]))[0])


def adjoints(X0, Y0) -> list:
    """∂f/∂node at the point: f written downstream of each node, differentiated by sympy."""
    x, y, u1, u2, u3, u4 = sp.symbols("x y u1 u2 u3 u4")
    downstream = [
        (f(x, y), x),
        (f(x, y), y),
        (u1 + x * y + (x + y) ** 2, u1),
        (x**2 + u2 + (x + y) ** 2, u2),
        (x**2 + x * y + u3**2, u3),
        (x**2 + x * y + u4, u4),
    ]
    at_point = {x: X0, y: Y0, u3: X0 + Y0}
    return [sp.diff(e, s).subs(at_point) for e, s in downstream] + [1]


def oracles(given) -> dict:
    names = ["x", "y", "u_{1}", "u_{2}", "u_{3}", "u_{4}", "f"]
    X0, Y0 = int(given["x"]), int(given["y"])
    is_point = Satisfies(
        lambda a, b: a.is_integer and b.is_integer,
        "a point with integer coordinates",
        ("given.x", "given.y"),
    )
    o = {
        "given.function": at(lambda v: f(v["x"], v["y"])),
        "given.x": is_point,
        "given.y": is_point,
    }
    values = parts(sp.Integer(X0), sp.Integer(Y0))
    o["value"] = values["f"]
    for k, (name, adjoint) in enumerate(zip(names, adjoints(X0, Y0), strict=True)):
        o[f"graph.nodes.{k}.value"] = values[name]
        o[f"graph.nodes.{k}.adjoint"] = adjoint
        if k >= 2:
            o[f"graph.nodes.{k}.definition"] = at(lambda v, name=name: v[name])
    operations = {
        "u_{1}": lambda v: v["x"] ** 2,
        "u_{2}": lambda v: v["x"] * v["y"],
        "u_{3}": lambda v: v["x"] + v["y"],
        "u_{4}": lambda v: v["u_{3}"] ** 2,
        "f": lambda v: v["u_{1}"] + v["u_{2}"] + v["u_{4}"],
    }
    edges = [
        ("x", "u_{1}"),
        ("x", "u_{2}"),
        ("y", "u_{2}"),
        ("x", "u_{3}"),
        ("y", "u_{3}"),
        ("u_{3}", "u_{4}"),
        ("u_{1}", "f"),
        ("u_{2}", "f"),
        ("u_{4}", "f"),
    ]
    at_point = parts(float(X0), float(Y0))
    for k, (child, parent) in enumerate(edges):
        o[f"graph.edges.{k}.local"] = local(operations[parent], child)
        o[f"graph.edges.{k}.local_value"] = sp.nsimplify(
            round(
                gradient(
                    lambda a, parent=parent, child=child: operations[parent](
                        at_point | {child: a[0]}
                    ),
                    np.array([at_point[child]]),
                )[0],
                6,
            )
        )
    for k, (var, truth) in enumerate((("x", "df/dx"), ("y", "df/dy"))):
        for form in ("paths", "collected", "direct"):
            o[f"partials.{k}.{form}"] = at(lambda v, truth=truth: v[truth])
        o[f"partials.{k}.value"] = sp.diff(f(*sp.symbols("x y")), sp.Symbol(var)).subs(
            {sp.Symbol("x"): X0, sp.Symbol("y"): Y0}
        )
    return o
