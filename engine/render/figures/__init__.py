r"""Figures drawn from computed data, as TikZ or pgfplots source for templates.

Every helper takes the renderer's `show` (which formats a claim and records it in the ledger)
as its first argument; `bound(show)` makes them template globals with `show` filled in, so a
template writes `\VAR{network(r.figure, weights=[given.W1, given.W2])}`. A new figure kind is a
function in a module here and one line in HELPERS.
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable

import jinja2

from engine.render.figures import charts, graphs, grids, networks, plots
from engine.render.figures.arguments import FigureArgumentError

HELPERS: dict[str, Callable[..., str]] = {
    "network": networks.network,  # a layered network from solutions.nets.NetworkSpec
    "graph": graphs.computational_graph,  # a computational graph (solutions.compgraph)
    "routed_graph": graphs.routed_graph,  # the same, long edges bent around the nodes
    "conv_window": grids.conv_window,  # a convolution kernel window on its input grid
    "curves": plots.curves,  # lines y(x), optionally log-scaled
    "regions": plots.regions,  # a two-class decision map with labelled points
    "bars": charts.bars,  # grouped bars over categories, values optionally written on top
    "points": charts.points,  # a scatter of (x, y) claims
}


def bound(show: Callable[[object], str]) -> dict[str, Callable[..., str]]:
    """The helpers as template globals, each drawing its claims through `show`. A template's
    wrong arguments are the template's error, at its line; anything else is a bug."""
    return {name: _checked(name, helper, show) for name, helper in HELPERS.items()}


def _checked(name: str, helper: Callable[..., str], show) -> Callable[..., str]:
    signature = inspect.signature(helper)
    parameters = list(signature.parameters.values())[1:]
    usage = f"{name}({', '.join(str(p.replace(annotation=p.empty)) for p in parameters)})"
    names = [p.name for p in parameters]

    @functools.wraps(helper)
    def call(*args, **kwargs) -> str:
        for unknown in set(kwargs) - set(names):
            close = difflib.get_close_matches(unknown, names, n=1)
            guess = f" (did you mean {close[0]}?)" if close else ""
            raise jinja2.TemplateRuntimeError(
                f"{name} has no argument '{unknown}'{guess}; it is {usage}"
            )
        try:
            signature.bind(show, *args, **kwargs)
        except TypeError as err:
            raise jinja2.TemplateRuntimeError(f"{name}: {err}; it is {usage}") from None
        try:
            return helper(show, *args, **kwargs)
        except FigureArgumentError as err:
            raise jinja2.TemplateRuntimeError(f"{name}: {err}") from None
        except (TypeError, AttributeError, ValueError, IndexError, KeyError) as err:
            # data of the wrong kind (a number where a list goes): most likely the template's
            raise jinja2.TemplateRuntimeError(
                f"{name} cannot be drawn from these arguments ({err}); it is {usage}"
            ) from None

    return call
