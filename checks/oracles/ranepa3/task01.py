"""Independent oracle for ranepa3.1. The graph is read as the page names it: the inputs x and y,
then u_1, u_2, ... for the distinct operations in the order they are done reading the formula
left to right (terms and factors in the order the page prints them), f last. Values come from
plain arithmetic on the operations, adjoints from sympy's differentiation of f with that
node's subexpression made a variable, local derivatives and path sums from central
differences at random points."""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from checks.oracles.numeric import AtRandomPoints, Satisfies, gradient

X, Y = sp.symbols("x y")
SHEET = {"function": "x**2 + x*y + (x + y)**2"}
SHEET_POINT = (1, 2)  # the booklet's choice: the sheet states no point
ANSWERS = ("partials",)  # what a grader compares: the partials and their values at the point
LIMIT = 100


def operands(e: sp.Expr) -> list:
    """What an operation works on, in the order the page prints them (formulas are printed
    as built): the terms of a sum, the factors of a product, the base of a power."""
    return [e.base] if isinstance(e, sp.Pow) else list(e.args)


def operate(e: sp.Expr, values: list):
    """The operation of node e on its operands' values."""
    if isinstance(e, sp.Pow):
        return values[0] ** int(e.exp)
    return sum(values) if e.is_Add else math.prod(values)


def nodes_of(f: sp.Expr) -> list:
    """The inputs in the order the formula first names them, the operations in the order
    they are done reading it left to right, f last."""
    done: list = []
    stack = [(f, False)]
    while stack:  # a left-to-right post-order walk, each node once
        e, expanded = stack.pop()
        if e in done:
            continue
        if expanded or e.is_Symbol:
            done.append(e)
            continue
        stack.append((e, True))
        stack.extend((o, False) for o in reversed(operands(e)))
    return [e for e in done if e.is_Symbol] + [e for e in done if not e.is_Symbol]


def names_of(nodes: list) -> dict:
    inner = {e: f"u_{{{k}}}" for k, e in enumerate(nodes[2:-1], start=1)}
    return {X: "x", Y: "y", **inner, nodes[-1]: "f"}


def forward(nodes: list, a, b) -> dict:
    """Every node's value at (x, y) = (a, b), by its own operation."""
    value = {X: a, Y: b}
    for e in nodes[2:]:
        value[e] = operate(e, [value[o] for o in operands(e)])
    return value


def in_family(f) -> bool:
    """Three different terms, each one or two operations (+, ·, integer powers) on x, y."""

    def depth(e):
        if e.is_Symbol:
            return 0
        if not (e.is_Add or e.is_Mul or (isinstance(e, sp.Pow) and e.exp.is_Integer)):
            return 99
        if any(o.is_Number for o in e.args if not isinstance(e, sp.Pow)):
            return 99  # a coefficient would be a node of its own
        return 1 + max(depth(o) for o in operands(e))

    terms = f.args
    return (
        f.is_Add
        and len(set(terms)) == 3
        and f.free_symbols == {X, Y}
        and all(1 <= depth(t) <= 2 for t in terms)
    )


def adjoint(f, node, point: dict):
    """∂f/∂node at the point: f with the node's subexpression as a variable."""
    s = sp.Dummy("s")
    at = {s: node.xreplace(point), **point}
    return sp.diff(f.xreplace({node: s}), s).xreplace(at)


def oracles(given) -> dict:
    f = given["function"]
    X0, Y0 = int(given["x"]), int(given["y"])
    nodes = nodes_of(f)
    name = names_of(nodes)
    point = {X: sp.Integer(X0), Y: sp.Integer(Y0)}

    samples = {}
    for seed in range(5):
        a, b = np.random.default_rng(200 + seed).normal(size=2)
        v = {name[e]: value for e, value in forward(nodes, a, b).items()}
        total = lambda p: forward(nodes, p[0], p[1])[nodes[-1]]
        v["df/dx"], v["df/dy"] = gradient(total, np.array([a, b]))
        samples[seed] = v
    at = lambda expected: AtRandomPoints(samples.__getitem__, lambda v: np.atleast_2d(expected(v)))

    is_point = Satisfies(
        lambda a, b: a.is_integer and b.is_integer,
        "a point with integer coordinates",
        ("given.x", "given.y"),
    )
    family = "a sum of three different terms, each one or two operations on x and y"
    o = {
        "given.function": Satisfies(in_family, family, ("given.function",)),
        "given.x": is_point,
        "given.y": is_point,
    }
    exact = forward(nodes, point[X], point[Y])
    o["value"] = exact[nodes[-1]]
    for k, e in enumerate(nodes):
        o[f"graph.nodes.{k}.value"] = exact[e]
        o[f"graph.nodes.{k}.adjoint"] = adjoint(f, e, point)
        if k >= 2:
            o[f"graph.nodes.{k}.definition"] = at(lambda v, n=name[e]: v[n])

    def local(parent, j: int, v: dict) -> float:
        """∂parent/∂(its j-th operand), the other operands held, by central differences."""
        values = [v[name[o]] for o in operands(parent)]
        vary = lambda t: operate(parent, [*values[:j], t[0], *values[j + 1 :]])
        return gradient(vary, np.array([values[j]]))[0]

    at_point = {name[e]: float(value) for e, value in exact.items()}
    edges = [(e, j) for e in nodes[2:] for j in range(len(operands(e)))]
    for k, (parent, j) in enumerate(edges):
        o[f"graph.edges.{k}.local"] = at(lambda v, p=parent, j=j: local(p, j, v))
        o[f"graph.edges.{k}.local_value"] = sp.nsimplify(round(local(parent, j, at_point), 6))

    for k, var in enumerate((X, Y)):
        truth = f"df/d{var}"
        for form in ("paths", "collected", "direct"):
            o[f"partials.{k}.{form}"] = at(lambda v, truth=truth: v[truth])
        o[f"partials.{k}.value"] = sp.diff(f, var).xreplace(point)

    o |= mistakes(f, point)
    sheet = set(f.args) == set(sp.sympify(SHEET["function"]).args) and (X0, Y0) == SHEET_POINT
    o["point_stated"] = not sheet
    direct = [sp.diff(f, var) for var in (X, Y)]
    o["bracketed"] = any(sp.expand(d) != d for d in direct)  # sympy keeps 3(x + y)² as it is
    shared = [e for e in nodes[2:-1] if sum(e in operands(p) for p in nodes[2:]) > 1]
    o["branching"] = bool(shared)
    if shared:
        o["shared.definition"] = at(lambda v: v[name[shared[0]]])
    return o


def dual(e: sp.Expr, var, point: dict, *, exponent_kept: bool = True) -> tuple:
    """(value, ∂/∂var) of e at the point in forward mode, up the expression tree; with
    `exponent_kept=False` a power rule that forgets the exponent: d(uⁿ) = uⁿ⁻¹ du."""
    if e.is_Symbol:
        return point[e], sp.Integer(1 if e == var else 0)
    parts = [dual(o, var, point, exponent_kept=exponent_kept) for o in operands(e)]
    if isinstance(e, sp.Pow):
        (u, du), n = parts[0], int(e.exp)
        return u**n, (n if exponent_kept else 1) * u ** (n - 1) * du
    if e.is_Add:
        return sum(p[0] for p in parts), sum(p[1] for p in parts)
    value = math.prod(p[0] for p in parts)
    slope = sum(
        du * math.prod(q[0] for j, q in enumerate(parts) if j != k)
        for k, (_, du) in enumerate(parts)
    )
    return value, slope


def direct_terms(f, var, point: dict):
    """The student who keeps only the edges from var straight into a term of f: Σ over the
    terms of ∂term/∂(its operand var), the other operands held at their values."""
    return sum(
        (
            slot_slope(term, k, point)
            for term in f.args
            for k, o in enumerate(operands(term))
            if o == var
        ),
        sp.Integer(0),
    )


def multiplied(f, node, point: dict):
    """The "gradient" of node when what comes in along its outgoing edges is multiplied, not
    added: the product over the operations that use it of their own such value times their
    derivative in it (sympy's, with the node made a variable), recursively up to f."""
    if node == f:
        return sp.Integer(1)
    factor = sp.Integer(1)
    for parent in nodes_of(f)[2:]:
        for k, o in enumerate(operands(parent)):
            if o == node:
                factor *= multiplied(f, parent, point) * slot_slope(parent, k, point)
    return factor


def slot_slope(parent, k: int, point: dict):
    """∂parent/∂(its k-th operand), the other operands held, at the point (sympy)."""
    s = sp.Dummy("s")
    slots = operands(parent)
    held = [s if j == k else p for j, p in enumerate(slots)]
    rebuilt = parent.func(*held, *([parent.exp] if isinstance(parent, sp.Pow) else []))
    return sp.diff(rebuilt, s).xreplace({s: slots[k].xreplace(point)}).xreplace(point)


def mistakes(f, point: dict) -> dict:
    o = {}
    for k, var in enumerate((X, Y)):
        o[f"mistakes.power_factor_lost.partials.{k}.value"] = dual(
            f, var, point, exponent_kept=False
        )[1]
        o[f"mistakes.inner_paths_lost.partials.{k}.value"] = direct_terms(f, var, point)
        o[f"mistakes.branches_multiplied.partials.{k}.value"] = multiplied(f, var, point)
    return o


def invariants(given) -> dict:
    f = given["function"]
    nodes = nodes_of(f)
    point = {X: given["x"], Y: given["y"]}
    values = list(forward(nodes, point[X], point[Y]).values())
    adjoints = [adjoint(f, e, point) for e in nodes]
    return {
        "f is a sum of three terms of the sheet's kinds": in_family(f),
        "the point has integer non-zero coordinates": all(
            c.is_integer and c != 0 for c in point.values()
        ),
        "values and adjoints at most 100 in size": max(map(abs, values + adjoints)) <= LIMIT,
        "both partials are non-zero at the point": 0 not in adjoints[:2],
    }
