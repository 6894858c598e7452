"""A computational graph built from a sympy expression tree: one node per distinct
subexpression (a variable used twice is one node), each defined by its operation on its
children, with the local derivative on every edge, and forward and backward passes.

Integer exponents belong to their power node ((·)² is one operation), not separate nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True)
class Node:
    name: str  # LaTeX name: an input's own symbol, u_k inside, the function's name at the top
    definition: sp.Expr | None  # in the children's names; None for an input
    value: sp.Basic  # forward pass at the point
    adjoint: sp.Basic  # backward pass: ∂f/∂(this node) at the point


@dataclass(frozen=True)
class Edge:
    child: str  # node names
    parent: str
    local: sp.Expr  # ∂parent/∂child, in the children's names
    local_value: sp.Basic  # its value at the point


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]  # inputs first, then in evaluation order; the output last
    edges: tuple[Edge, ...]


def _operands(expr: sp.Expr) -> list[sp.Expr]:
    """Children in the order the formula is written (x² + xy + (x + y)², not sympy's)."""
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer:
        return [expr.base]
    if isinstance(expr, sp.Add):
        return list(expr.as_ordered_terms())
    if isinstance(expr, sp.Mul):
        return list(expr.as_ordered_factors())
    return list(expr.args)


def build(expr: sp.Expr, point: dict, output_name: str = "f") -> Graph:
    """The graph of `expr` evaluated at `point` ({input symbol: value})."""
    order: list[sp.Expr] = []

    def visit(e):
        if e in order:
            return
        for operand in _operands(e):
            visit(operand)
        order.append(e)

    visit(expr)
    inputs = [e for e in order if e.is_Symbol]
    inner = [e for e in order if not e.is_Symbol]
    names = {e: str(e) for e in inputs}
    names |= {e: f"u_{{{k}}}" for k, e in enumerate(inner[:-1], start=1)}
    names[expr] = output_name
    symbol = {e: sp.Symbol(names[e]) for e in order}

    definition = {e: e.func(*[symbol[o] for o in _operands(e)], *_exponent(e)) for e in inner}
    value = {e: e.subs(point) for e in order}
    at = {symbol[e]: value[e] for e in order}
    local = {(c, e): sp.diff(definition[e], symbol[c]) for e in inner for c in _operands(e)}

    adjoint = {expr: sp.Integer(1)}
    for e in reversed(order[:-1]):  # parents come after children in `order`
        adjoint[e] = sum(adjoint[p] * local[(e, p)].subs(at) for p in inner if (e, p) in local)
    nodes = tuple(Node(names[e], definition.get(e), value[e], adjoint[e]) for e in inputs + inner)
    edges = tuple(
        Edge(names[c], names[e], derivative, derivative.subs(at))
        for (c, e), derivative in local.items()
    )
    return Graph(nodes, edges)


def _exponent(e) -> tuple:
    return (e.exp,) if isinstance(e, sp.Pow) and e.exp.is_Integer else ()


def path_sum(graph: Graph, source: str) -> sp.Expr:
    """∂f/∂source as the sum over all paths to the output of the products of the local
    derivatives along them, unevaluated and in the nodes' names."""
    by_parent: dict[str, list[Edge]] = {}
    for edge in graph.edges:
        by_parent.setdefault(edge.child, []).append(edge)
    output = graph.nodes[-1].name

    def paths(name):
        if name == output:
            return [[]]
        return [[edge, *rest] for edge in by_parent.get(name, []) for rest in paths(edge.parent)]

    terms = [sp.Mul(*[edge.local for edge in path], evaluate=False) for path in paths(source)]
    return sp.Add(*terms, evaluate=False)


def in_inputs(graph: Graph, expr: sp.Expr) -> sp.Expr:
    """`expr` with every inner node's name replaced by what it computes from the inputs."""
    return conventional(sp.expand(expr.xreplace(meanings(graph)).doit()))


def conventional(expr: sp.Expr) -> sp.Expr:
    """A sum in the usual order (4x + 3y): the formatter prints terms as they stand."""
    if isinstance(expr, sp.Add):
        return sp.Add(*expr.as_ordered_terms(), evaluate=False)
    return expr


def meanings(graph: Graph) -> dict:
    """Each inner node's symbol -> its expression in the inputs."""
    meaning: dict = {}
    for node in graph.nodes:
        if node.definition is not None:
            meaning[sp.Symbol(node.name)] = node.definition.xreplace(meaning)
    return meaning
