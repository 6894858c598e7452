r"""Figures drawn from computed data, as TikZ or pgfplots source for templates.

Every helper takes the renderer's `show` (which formats a claim and records it in the ledger)
as its first argument; `bound(show)` makes them template globals with `show` filled in, so a
template writes `\VAR{network(r.figure, weights=[given.W1, given.W2])}`. A new figure kind is a
function in a module here and one line in HELPERS.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from engine.figures import graphs, grids, networks, plots

HELPERS: dict[str, Callable[..., str]] = {
    "network": networks.network,  # a layered network from solutions.nets.NetworkSpec
    "graph": graphs.computational_graph,  # a computational graph (solutions.compgraph)
    "conv_window": grids.conv_window,  # a convolution kernel window on its input grid
    "curves": plots.curves,  # lines y(x), optionally log-scaled
    "regions": plots.regions,  # a two-class decision map with labelled points
}


def bound(show: Callable[[object], str]) -> dict[str, Callable[..., str]]:
    """The helpers as template globals, each drawing its claims through `show`."""
    return {name: partial(helper, show) for name, helper in HELPERS.items()}
