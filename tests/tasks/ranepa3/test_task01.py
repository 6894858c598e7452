"""ranepa3.1: the variants' graphs read on the page, and no variant is another's mirror."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from engine.render.figures.graphs import BEND_GAP, routed_layout
from solutions.ranepa3.task01 import PARAMS, solve, variant

x, y = sp.symbols("x y")
VARIANTS = range(1, 101)


def clearance(graph) -> float:
    """The least vertical distance, in cm, between a node's centre and an edge that passes its
    column without ending at it."""
    names = [n.name for n in graph.nodes]
    edges = [(e.child, e.parent) for e in graph.edges]
    where, bends = routed_layout(names, edges)
    least = float("inf")
    for child, parent in edges:
        points = [where[child], *bends[(child, parent)], where[parent]]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            for name in set(names) - {child, parent}:
                xn, yn = where[name]
                if x0 <= xn <= x1:
                    least = min(least, abs(y0 + (y1 - y0) * (xn - x0) / (x1 - x0) - yn))
    return least


@pytest.mark.slow
def test_no_edge_runs_through_a_node_in_any_variant():
    for n in (0, *VARIANTS):
        assert clearance(solve(variant(n)).graph) >= BEND_GAP - 1e-9, n


def test_no_variant_is_the_mirror_of_another_or_of_the_sheet():
    def shown(n):
        p = variant(n)
        return str(sp.expand(p.function)), (p.x, p.y)

    def mirrored(n):
        p = variant(n)
        return str(sp.expand(p.function.xreplace({x: y, y: x}))), (p.y, p.x)

    problems = {shown(n) for n in (0, *VARIANTS)}
    assert len(problems) == 101
    assert not any(mirrored(n) in problems - {shown(n)} for n in (0, *VARIANTS))


def test_the_sheets_mistakes_by_hand():
    """f = x² + xy + (x + y)² at (1, 2): ∂f/∂x = 2x + y + 2(x + y) = 10, ∂f/∂y = x + 2(x + y) = 7.
    Without the exponents: x + y + (x + y) = 6 and x + (x + y) = 4; without the paths through
    x + y: 2x + y = 4 and x = 1; the edges out of x multiplied: 2x · y · 2(x + y) = 24, out of
    y: x · 2(x + y) = 6."""
    assert solve(PARAMS).mistakes == {
        "power_factor_lost": {"partials.0.value": 6, "partials.1.value": 4},
        "inner_paths_lost": {"partials.0.value": 4, "partials.1.value": 1},
        "branches_multiplied": {"partials.0.value": 24, "partials.1.value": 6},
    }


def test_every_mistake_changes_a_partial_in_nearly_every_variant():
    results = [solve(variant(seed)) for seed in range(1, 21)]
    for name in ("power_factor_lost", "inner_paths_lost", "branches_multiplied"):
        changed = [
            any(
                v != r.partials[int(path.split(".")[1])].value
                for path, v in r.mistakes[name].items()
            )
            for r in results
        ]
        assert sum(changed) >= 18, name
