"""ranepa3.1: the computational graph of f(x, y) = x² + xy + (x + y)², its local derivatives,
a forward and a backward pass at a point, and the partials of f collected along the paths.

The sheet states no point; the passes run at PARAMS.point, our choice, said in a remark. A
variant states its own function of the sheet's family and its point, and asks for the
partials' values there, which the key grades.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import sympy as sp

from solutions.compgraph import Edge, Graph, Node, build, conventional, in_inputs, path_sum
from solutions.variety import Pool

x, y = sp.symbols("x y")


@dataclass(frozen=True)
class Params:
    function: sp.Expr
    x: sp.Integer  # the point of the numeric passes (the sheet has none: ours on the sheet)
    y: sp.Integer


PARAMS = Params(
    function=sp.Add(x**2, x * y, (x + y) ** 2, evaluate=False),  # in the sheet's order
    x=sp.Integer(1),
    y=sp.Integer(2),
)

# The sheet's family: a sum of three terms, each one or two operations on the inputs: a
# power of one input, their product, a power of their sum, an input times their sum, or x·y²
# (x²y would print as y x²).
TERMS = (
    x**2,
    y**2,
    x**3,
    y**3,
    x * y,
    x * y**2,
    (x + y) ** 2,
    (x + y) ** 3,
    x * (x + y),
    y * (x + y),
)
LIMIT = 100  # the largest |value| a node or an adjoint may take: hand arithmetic
COORDINATES = [sp.Integer(v) for v in (-2, -1, 1, 2, 3)]
SITUATIONS = ("only inputs branch", "an inner node branches")


def _shared(graph: Graph) -> Node | None:
    """The inner node that feeds several operations, if any (three terms leave room for one)."""
    uses = [sum(1 for e in graph.edges if e.child == n.name) for n in graph.nodes]
    shared = [
        n for n, k in zip(graph.nodes, uses, strict=True) if n.definition is not None and k > 1
    ]
    assert len(shared) <= 1, shared
    return shared[0] if shared else None


def _operands(e: sp.Expr) -> tuple:
    return (e.base,) if isinstance(e, sp.Pow) else e.args


def _depth(e: sp.Expr) -> int:
    """Operations from an input to e (an integer power is one operation)."""
    return 0 if e.is_Symbol else 1 + max(_depth(o) for o in _operands(e))


def _passes(terms: tuple, a: int, b: int) -> tuple[dict, dict]:
    """Values and adjoints of every operation of Σ terms at (a, b), in Python integers: the
    pool checks a thousand draws, and the graph of each in sympy would take seconds."""
    order: list = []

    def visit(e):
        if not e.is_Symbol and e not in order:
            for o in _operands(e):
                visit(o)
            order.append(e)

    for t in terms:
        visit(t)
    value = {x: a, y: b}
    for e in order:
        v = [value[o] for o in _operands(e)]
        value[e] = (
            v[0] ** int(e.exp) if isinstance(e, sp.Pow) else sum(v) if e.is_Add else math.prod(v)
        )
    adjoint = dict.fromkeys([x, y, *order], 0) | dict.fromkeys(terms, 1)
    for e in reversed(order):
        operands = _operands(e)
        for k, o in enumerate(operands):
            if isinstance(e, sp.Pow):
                local = int(e.exp) * value[o] ** (int(e.exp) - 1)
            elif e.is_Add:
                local = 1
            else:
                local = math.prod(value[p] for j, p in enumerate(operands) if j != k)
            adjoint[o] += adjoint[e] * local
    return value, adjoint


@cache
def _partials(terms: tuple) -> tuple[sp.Expr, sp.Expr]:
    return tuple(sp.expand(sp.diff(sp.Add(*terms), v)) for v in (x, y))


def _branching(terms: tuple) -> bool:
    """Whether an inner operation feeds several operations (as _shared tells of the graph)."""
    inner = [
        o for t in terms for e in sp.preorder_traversal(t) if not e.is_Symbol for o in _operands(e)
    ]
    return any(not o.is_Symbol and (inner.count(o) + (o in terms)) > 1 for o in set(inner))


def _draw(terms: tuple, a: sp.Integer, b: sp.Integer) -> Params | None:
    """Three different terms that use both inputs, at least one of two operations (so the
    graph has an inner layer as on the sheet) and one with both inputs; every value and
    adjoint at most LIMIT in size and both partials non-zero at the point."""
    if not {x, y} <= set().union(*(t.free_symbols for t in terms)):
        return None
    if max(_depth(t) for t in terms) < 2 or all(len(t.free_symbols) < 2 for t in terms):
        return None
    value, adjoint = _passes(terms, int(a), int(b))
    value[None] = sum(value[t] for t in terms)  # f itself
    if max(map(abs, [*value.values(), *adjoint.values()])) > LIMIT or 0 in (adjoint[x], adjoint[y]):
        return None
    # in sympy's order of terms, which the graph numbers by, so that the page prints them so
    return Params(sp.Add(*sp.Add(*terms).as_ordered_terms(), evaluate=False), a, b)


def _problem(p: Params) -> tuple:
    """What a grader compares, the same for a draw and its mirror (x and y swapped): the
    partials as polynomials and their sizes at the point."""
    fx, fy = _partials(p.function.args)
    at = [abs(d.subs({x: p.x, y: p.y})) for d in (fx, fy)]
    swap = {x: y, y: x}
    mirrored = (str(fy.xreplace(swap)), str(fx.xreplace(swap)), at[1], at[0])
    return min((str(fx), str(fy), *at), mirrored)


def _situation(p: Params) -> str:
    return SITUATIONS[1] if _branching(p.function.args) else SITUATIONS[0]


variant = Pool(
    {"terms": list(combinations(TERMS, 3)), "a": COORDINATES, "b": COORDINATES},
    _draw,
    key=_problem,
    sheet=PARAMS,
    situations=SITUATIONS,
    situation=_situation,
)
"""Variants: f is a sum of three different terms of TERMS (the sheet's kinds: a power of an
input, a product, a power of the sum; also an input times the sum and x·y², which share an
inner node with another term), at a point with coordinates in {-2, -1, 1, 2, 3}. Situations:
only the inputs feed several operations (as on the sheet), or an inner node does too (its
adjoint is then a sum as well). Invariants: the graph has at most three operations from an
input to f, values and adjoints stay within ±100, both partials are non-zero at the point.
Mirror images (x and y swapped) are one problem. Seed 0 is the sheet."""


@dataclass(frozen=True)
class Partial:
    variable: str
    paths: sp.Expr  # sum over paths of products of local derivatives, in the nodes' names
    collected: sp.Expr  # the same in x and y
    direct: sp.Expr  # sympy's differentiation of f
    value: sp.Basic  # at the point, from the backward pass


@dataclass(frozen=True)
class Result:
    graph: Graph
    value: sp.Basic  # f at the point
    partials: tuple[Partial, ...]
    point_stated: bool  # a variant's statement gives the point; the sheet gives none
    shared: Node | None  # the inner node that feeds several operations
    branching: bool  # there is one
    bracketed: bool  # a direct derivative keeps brackets: it equals `collected` once expanded
    # typical mistakes (templates/rubric.toml): name -> {answer's path: the value they give}
    mistakes: dict[str, dict[str, sp.Basic]]


def _path_values(graph: Graph, source: str, *, power_factor: bool = True, longest: int = 0):
    """∂f/∂source at the point as the sum over paths of the products of the local derivatives'
    values, as the page collects it; a student's variations: `power_factor=False` takes the
    local derivative of uⁿ as uⁿ⁻¹ (the exponent not brought down), `longest=2` keeps only the
    paths input → term → f (the paths through an inner node lost)."""
    definition = {node.name: node.definition for node in graph.nodes}
    output = graph.nodes[-1].name

    def local(edge: Edge):
        power = definition[edge.parent]
        if not power_factor and isinstance(power, sp.Pow):
            return edge.local_value / power.exp
        return edge.local_value

    def paths(name):
        if name == output:
            return [[]]
        return [[e, *rest] for e in graph.edges if e.child == name for rest in paths(e.parent)]

    kept = [path for path in paths(source) if not longest or len(path) <= longest]
    return sp.Add(*(sp.Mul(*(local(e) for e in path)) for path in kept))


def _multiplied(graph: Graph) -> dict[str, sp.Basic]:
    """The backward pass of a student who multiplies what comes into a node along its several
    outgoing edges instead of adding it: {node: its "gradient"}."""
    adjoint = {graph.nodes[-1].name: sp.Integer(1)}
    for node in reversed(graph.nodes[:-1]):  # a node's parents come after it
        adjoint[node.name] = sp.Mul(
            *(adjoint[e.parent] * e.local_value for e in graph.edges if e.child == node.name)
        )
    return adjoint


def _mistakes(graph: Graph) -> dict[str, dict[str, sp.Basic]]:
    def values(multiplied: bool = False, **mistake):
        """The partials the mistake changes (both when it changes neither at this point)."""
        right = [_path_values(graph, str(v)) for v in (x, y)]
        if multiplied:
            wrong = [_multiplied(graph)[str(v)] for v in (x, y)]
        else:
            wrong = [_path_values(graph, str(v), **mistake) for v in (x, y)]
        changed = [k for k in range(2) if wrong[k] != right[k]] or [0, 1]
        return {f"partials.{k}.value": wrong[k] for k in changed}

    return {
        "power_factor_lost": values(power_factor=False),
        "inner_paths_lost": values(longest=2),
        "branches_multiplied": values(multiplied=True),
    }


def solve(p: Params) -> Result:
    graph = build(p.function, {x: p.x, y: p.y})
    adjoint = {node.name: node.adjoint for node in graph.nodes}
    partials = tuple(
        Partial(
            str(v),
            path_sum(graph, str(v)),
            in_inputs(graph, path_sum(graph, str(v))),
            conventional(sp.diff(p.function, v)),
            adjoint[str(v)],
        )
        for v in (x, y)
    )
    shared = _shared(graph)
    bracketed = any(
        o.is_Add
        for partial in partials
        for e in sp.preorder_traversal(partial.direct)
        if e.is_Mul or e.is_Pow
        for o in e.args
    )
    return Result(
        graph,
        graph.nodes[-1].value,
        partials,
        p != PARAMS,
        shared,
        shared is not None,
        bracketed,
        _mistakes(graph),
    )


SYMBOLS = {
    "partials.0.value": r"\dfrac{\partial f}{\partial x}",
    "partials.1.value": r"\dfrac{\partial f}{\partial y}",
}
