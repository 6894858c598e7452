"""Figure helpers: every neuron kind a solution can name has a label, and every helper
reaches templates through the one registration in engine.figures."""

from __future__ import annotations

from engine import figures
from engine.claims import Ledger
from engine.figures.networks import ACTIVATION_LABEL
from engine.pipeline import ROOT, TEMPLATES
from engine.templating import Renderer
from solutions.nets import NEURON_KINDS


def test_every_neuron_kind_has_a_label():
    assert set(ACTIVATION_LABEL) == set(NEURON_KINDS)


def test_every_helper_is_a_template_global():
    renderer = Renderer(TEMPLATES, ROOT, Ledger())
    assert set(figures.HELPERS) <= set(renderer.env.globals)
