"""The figure check (checks/figure_overlap.py) finds a label printed over a line or over another
label, passes a label whose white fill hides the line under it, and finds nothing in the
figures of the sheets and of a few variants."""

from __future__ import annotations

import shutil
from typing import NamedTuple

import pytest

from checks.figure_overlap import findings_of
from engine import registry
from engine.builds import pipeline
from engine.render.figures import HELPERS, graphs, networks
from engine.render.views import ClaimRef
from engine.store.cache import Store
from engine.tex import pictures
from engine.tex.document import Metadata, assemble
from engine.tex.latex import tex_environment
from solutions.nets import NetworkSpec
from tests.conftest import VARIANTS

pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs TeX Live")

LABEL = r"$0{,}25$"
# (what is drawn, what the check must say of it: None when it passes)
PLANTED = {
    "label over a line": (
        rf"\draw (0,0) -- (3,0); \node at (1.5,0) {{{LABEL}}};",
        "«0,25» printed over a line",
    ),
    "label over a slanted line": (
        rf"\draw (0,-1) -- (3,1); \node at (1.5,0) {{{LABEL}}};",
        "«0,25» printed over a line",
    ),
    "line drawn over a filled label": (
        rf"\node[fill=white] at (1.5,0) {{{LABEL}}}; \draw (0,0) -- (3,0);",
        "«0,25» printed over a line",
    ),
    "label over a label": (
        r"\node at (0,0) {$-0{,}75$}; \node at (0.2,0.05) {$\approx 0{,}4805$};",
        "«−0,75» printed over «0,4805»",
    ),
    "labels side by side, overlapping": (
        r"\node at (0,0) {$0{,}4805$}; \node at (0.4,0) {$-0{,}75$};",
        "«0,4805» printed over «−0,75»",
    ),
    "a white fill over a label's upper half": (
        r"\node at (0,0) {$0{,}4805$}; \node[fill=white] at (0,0.2) {$-0{,}75$};",
        "«0,4805» printed over «−0,75»",
    ),
    "label with scripts": (r"\node {$w^1_{12} \approx a_1^2$};", None),
    "label on a white fill over a line": (
        rf"\draw (0,0) -- (3,0); \node[fill=white] at (1.5,0) {{{LABEL}}};",
        None,
    ),
    "label above a line": (rf"\draw (0,0) -- (3,0); \node[above] at (1.5,0) {{{LABEL}}};", None),
    "labels apart": (r"\node at (0,0) {$-0{,}75$}; \node at (2,0) {$0{,}4805$};", None),
    "label in a circle": (r"\node[circle, draw, minimum size=11mm] {$\sigma$};", None),
}


def _document(*figures: str) -> str:
    empty = assemble("", [], Metadata("", ""))[0]
    return empty.replace(r"\end{document}", "\n".join(figures) + "\n\\end{document}")


def checked(store: Store, tex: str) -> list[str]:
    """Findings of every picture of `tex`, named by its place among them."""
    drawn = pictures.drawn_twice(tex, store, tex_environment())
    assert drawn is not None, "the pictures did not typeset"
    sources, pdf, bare = drawn
    return findings_of([f"figure {k + 1}" for k in range(len(sources))], pdf, bare)


def test_each_planted_overlap_is_found_and_nothing_else(shared_cache):
    body = [
        rf"\begin{{tikzpicture}}{drawing}\end{{tikzpicture}}" for drawing, _ in PLANTED.values()
    ]
    found = checked(Store(shared_cache), _document(*body))
    expected = [
        f"figure {k}: {said}"
        for k, (_, said) in enumerate(PLANTED.values(), start=1)
        if said is not None
    ]
    assert found == expected


def test_the_text_less_twin_keeps_the_options_and_the_layout():
    assert pictures.textless(r"\begin{tikzpicture}[x=2cm] \end{tikzpicture}") == (
        r"\begin{tikzpicture}[every node/.append style={text opacity=0},x=2cm] \end{tikzpicture}"
    )
    assert pictures.textless(r"\begin{tikzpicture} \end{tikzpicture}") == (
        r"\begin{tikzpicture}[every node/.append style={text opacity=0}] \end{tikzpicture}"
    )


def test_a_wide_bias_label_keeps_clear_of_the_neurons_value(shared_cache):
    """The value beside a neuron with a bias starts right of the bias's label, however wide
    (the reviewer's «−0,75» printed over «≈ 0,4805»)."""
    shown = {"a": r"\approx 0{,}4805", "x": "1"}
    chain = NetworkSpec((("x",), ("a_1",)), ("input", "sigmoid"))
    wide = r"w_0 - \eta\,\partial L/\partial w_0 = -0{,}75"
    figure = networks.network(
        lambda ref: shown[ref.id],
        chain,
        weights=["w_1"],
        values=[ClaimRef("t", "x", 1.0), ClaimRef("t", "a", 0.4805)],
        biases=[None, wide],
    )
    assert checked(Store(shared_cache), _document(figure)) == []


class Node(NamedTuple):
    name: str
    definition: str | None


class Edge(NamedTuple):
    child: str
    parent: str
    local: str
    local_value: str = ""


class Graph(NamedTuple):
    nodes: list
    edges: list


def test_the_labels_of_a_fan_of_edges_stand_apart():
    """Four edges leave x for ends 1.1 cm apart: at one place along them their labels would
    print over each other, so every other one moves further on."""
    ends = {"u1": 2.2, "u3": 1.1, "u5": 0.0, "u4": -1.1, "far": -4.0}
    places = graphs.label_places(ends, lambda edge: "x")
    near, far = graphs.NEAR, graphs.FAR
    assert places == {"u1": near, "u3": far, "u5": near, "u4": far, "far": near}
    apart = {"a": 2.0, "b": 0.0}  # 2 cm apart: room enough at the near place
    assert graphs.label_places(apart, lambda edge: "x") == {"a": near, "b": near}
    alone = {"a": 0.0, "b": 0.0}  # one edge from each of two nodes
    assert graphs.label_places(alone, lambda edge: edge) == {"a": near, "b": near}


def test_a_crowded_routed_graph_prints_no_label_over_another(shared_cache):
    """ranepa3.1's variant 21 as it was: x feeds four nodes, two of them columns away."""
    nodes = [
        Node("x", None),
        Node("y", None),
        Node("u_1", "x^3"),
        Node("u_2", "y^2"),
        Node("u_4", "x + y"),
        Node("u_5", "u_4 x"),
        Node("u_3", "u_2 x"),
        Node("f", "u_1 + u_3 + u_5"),
    ]
    edges = [
        Edge("x", "u_1", "3x^2"),
        Edge("x", "u_3", "u_2"),
        Edge("x", "u_5", "u_4"),
        Edge("x", "u_4", "1"),
        Edge("y", "u_4", "1"),
        Edge("y", "u_2", "2y"),
        Edge("u_4", "u_5", "x"),
        Edge("u_2", "u_3", "x"),
        Edge("u_1", "f", "1"),
        Edge("u_5", "f", "1"),
        Edge("u_3", "f", "1"),
    ]
    figure = graphs.routed_graph(lambda text: text, Graph(nodes, edges))
    assert checked(Store(shared_cache), _document(figure)) == []


def _figure_tasks() -> list:
    """The tasks whose templates call a figure helper: the only ones with pictures."""
    return [
        task
        for task in registry.select(None)
        if any(
            f"{name}(" in (pipeline.TEMPLATES / task.template).read_text(encoding="utf-8")
            for name in HELPERS
        )
    ]


# the sheets and two of the variants tests/conftest.py's `variants_build` makes: their solves
# (and pictures) come from the run's cache (tests/test_fragments.py proves it faithful)
# `make stress` checks the figures of every compiled seed, the quick suite the planted ones
@pytest.mark.slow
@pytest.mark.parametrize("variant", [0, VARIANTS[1], VARIANTS[2]])
def test_no_figure_prints_a_label_over_a_line_or_a_label(shared_cache, variant):
    store = Store(shared_cache)
    tex = pipeline.render(_figure_tasks(), variant=variant, store=store).tex
    assert pictures.drawn_in(tex), "no figure to check"
    assert checked(store, tex) == []
