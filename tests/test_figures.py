"""Figure helpers: every neuron kind a solution can name has a label, and every helper
reaches templates through the one registration in engine.render.figures."""

from __future__ import annotations

from engine.builds.pipeline import ROOT, TEMPLATES
from engine.ledger.claims import Ledger
from engine.render import figures
from engine.render.figures.graphs import BORDER, MARGIN, NEAR, clear_place
from engine.render.figures.networks import ACTIVATION_LABEL
from engine.render.templating import Renderer
from solutions.nets import NEURON_KINDS


def test_every_neuron_kind_has_a_label():
    assert set(ACTIVATION_LABEL) == set(NEURON_KINDS)


def test_every_helper_is_a_template_global():
    renderer = Renderer(TEMPLATES, ROOT, Ledger())
    assert set(figures.HELPERS) <= set(renderer.env.globals)


def test_an_edge_label_moves_off_a_crossing_with_another_edge():
    """ranepa3.1's routed graph: a label where another edge crosses could belong to either."""
    stretch = [(0.0, 0.0), (4.0, 0.0)]
    crossing_at = BORDER + NEAR * (1 - BORDER)  # the other edge crosses under the label
    other = [[(4.0 * crossing_at, -1.0), (4.0 * crossing_at, 1.0)]]
    moved = clear_place(stretch, NEAR, other)
    assert moved != NEAR
    assert abs(BORDER + moved * (1 - BORDER) - crossing_at) >= MARGIN
    assert clear_place(stretch, NEAR, [[(0.0, 1.0), (4.0, 1.0)]]) == NEAR  # no crossing
