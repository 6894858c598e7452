"""Figure helpers: every neuron kind a solution can name has a label, and every helper
reaches templates through the one registration in engine.render.figures."""

from __future__ import annotations

from engine.builds.pipeline import ROOT, TEMPLATES
from engine.ledger.claims import Ledger
from engine.render import figures
from engine.render.figures.networks import ACTIVATION_LABEL
from engine.render.templating import Renderer
from solutions.nets import NEURON_KINDS


def test_every_neuron_kind_has_a_label():
    assert set(ACTIVATION_LABEL) == set(NEURON_KINDS)


def test_every_helper_is_a_template_global():
    renderer = Renderer(TEMPLATES, ROOT, Ledger())
    assert set(figures.HELPERS) <= set(renderer.env.globals)
