"""TikZ network diagrams generated from a layer description.

The structure (`solutions.nets.NetworkSpec`: neuron names and activations per column) comes
from the same layer stack the solution computes with; the numbers come from the template as claim
references (`weights`, and optionally per-column pre-activations, outputs, gradients and
biases, drawn as a constant input 1 with its weight), or as LaTeX strings where the
figure shows symbols rather than numbers (a problem statement),
so every label is formatted by the one formatter and recorded in the ledger.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from engine.render.figures.arguments import FigureArgumentError
from engine.render.figures.described import described, listed
from engine.render.views import ClaimRef
from solutions.nets import NetworkSpec

COLUMN_GAP = 3.6  # cm between neuron columns
BIASED_GAP = 4.1  # with bias inputs: a value, a bias and its weight share the space between
ROW_GAP = 2.6  # cm between neurons of a column: room for a value above and a gradient below

# the label inside a neuron of each kind of solutions.nets.NEURON_KINDS
ACTIVATION_LABEL = {
    "input": None,  # the neuron's own name is shown
    "relu": r"\scriptstyle\mathrm{ReLU}",  # four letters fit the circle only small
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "f": r"f",
    "linear": r"\Sigma",
}


def _entry(ref, i: int):
    """Entry i of a row vector reference, shown compactly: a figure has no room for exact
    irrational forms (the derivation next to it shows them)."""
    entry = ref[i] if ref.shape and max(ref.shape) > 1 else ref
    return dataclasses.replace(entry, settings=(*entry.settings, ("approx_only", True)))


def _label(show, item, *index) -> str:
    """A label: LaTeX text as it is (one symbol for every edge, or a grid of symbols such as
    w^1_{12} indexed like the matrix), or a claim shown."""
    if isinstance(item, str):
        return item
    if not isinstance(item, ClaimRef):
        return item[index[0]][index[1]]
    return show(_entry(item[index] if item.shape else item, 0))


def network(
    show: Callable[[object], str],
    spec: NetworkSpec,
    weights: Sequence,
    values: Sequence | None = None,
    grads: Sequence | None = None,
    pre: Sequence | None = None,
    biases: Sequence | None = None,
) -> str:
    """TikZ source; `show` turns a claim reference into LaTeX (and records it)."""
    names = [list(column) for column in spec.names]
    kinds = list(spec.kinds)
    columns = len(names)
    if len(weights) != columns - 1:
        raise FigureArgumentError(
            f"this network has {columns} columns of neurons, so it needs {columns - 1} weight "
            f"labels (one per layer of edges), not {len(weights)}"
        )
    for label, given in (("values", values), ("grads", grads), ("pre", pre), ("biases", biases)):
        if given is not None and len(given) != columns:
            raise FigureArgumentError(
                f"{label}: {len(given)} given for a network of {columns} columns (one per "
                "column; none where a column has nothing to show)"
            )
    lines = [
        r"\begin{tikzpicture}[",
        r"  neuron/.style={circle, draw, thick, minimum size=11mm, inner sep=1pt},",
        r"  fwd/.style={font=\footnotesize, text=blue!60!black},",
        r"  bwd/.style={font=\footnotesize, text=red!70!black},",
        r"  weight/.style={font=\footnotesize, fill=white, inner sep=1pt},",
        r"  bias/.style={font=\footnotesize, inner sep=2pt},",
        r"  edge/.style={-{Stealth[length=2mm]}, semithick}]",
    ]
    beside_biases = []  # placed after the bias labels they make room for
    gap = BIASED_GAP if biases is not None else COLUMN_GAP
    for k, column in enumerate(names):
        top = (len(column) - 1) * ROW_GAP / 2
        for i, name in enumerate(column):
            label = ACTIVATION_LABEL[kinds[k]] or name
            at = f"({k * gap:.2f}, {top - i * ROW_GAP:.2f})"
            lines.append(rf"\node[neuron] (n{k}-{i}) at {at} {{${label}$}};")
            beside_bias = _pick(biases, k) is not None
            (beside_biases if beside_bias else lines).extend(
                _annotations(
                    show,
                    k,
                    i,
                    name if kinds[k] != "input" else None,
                    _pick(values, k),
                    _pick(grads, k),
                    _pick(pre, k),
                    beside_bias=beside_bias,
                )
            )
    for k, column in enumerate(names):
        bias = _pick(biases, k)
        valued = _pick(values, k) is not None or _pick(pre, k) is not None
        for i in range(len(column) if bias is not None else 0):
            lines.append(rf"\node[bias, above left=9mm and 7mm of n{k}-{i}] (b{k}-{i}) {{$1$}};")
            named = f" (w{k}-{i})" if valued else ""  # the value beside it keeps clear of it
            lines.append(
                # beside the short arrow, as the sheet draws it: on it, a wide label hid it
                rf"\draw[edge] (b{k}-{i}) -- node[weight, pos=0.5, right=1pt]{named} "
                rf"{{${_label(show, bias, 0, i)}$}} (n{k}-{i});"
            )
    lines.extend(beside_biases)
    for k, matrix in enumerate(weights):
        for i in range(len(names[k])):
            for j in range(len(names[k + 1])):
                label = _label(show, matrix, i, j)
                # a crossing edge's label sits nearer its source, away from the crossing
                if len(names[k]) == len(names[k + 1]) == 1:
                    pos = 0.5  # a chain: mid-edge, clear of both circles
                elif len(names[k]) == 1 or len(names[k + 1]) == 1 or i == j:
                    pos = 0.3
                else:
                    pos = 0.2
                edge = rf"node[weight, pos={pos}] {{${label}$}}"
                lines.append(rf"\draw[edge] (n{k}-{i}) -- {edge} (n{k + 1}-{j});")
    for i, name in enumerate(names[-1]):  # where the network's answer leaves it
        lines.append(rf"\draw[edge] (n{columns - 1}-{i}) -- ++(12mm, 0) node[right] {{${name}$}};")
    lines.append(r"\end{tikzpicture}")
    return described("\n".join(lines), *_description(names, kinds, values, grads, pre, biases))


_KIND_WORD = {"relu": "ReLU", "sigmoid": "сигмоида", "tanh": "tanh", "f": "f", "linear": "сумма"}


def _description(names, kinds, values, grads, pre, biases) -> list[str]:
    layers = [f"вход {listed(f'${name}$' for name in names[0])}"]
    for column, kind in zip(names[1:-1], kinds[1:-1], strict=True):
        layers.append(f"слой из нейронов {listed(f'${n}$' for n in column)} ({_KIND_WORD[kind]})")
    layers.append(
        f"выход {listed(f'${n}$' for n in names[-1])} ({_KIND_WORD.get(kinds[-1], kinds[-1])})"
    )
    shown = ["На рёбрах — веса"]
    if biases is not None:
        shown.append("у нейронов — смещения (вход 1 со своим весом)")
    if values is not None or pre is not None:
        shown.append("над нейронами — значения прямого прохода")
    if grads is not None:
        shown.append("под нейронами — градиенты обратного прохода")
    return [f"Схема сети слева направо: {'; '.join(layers)}.", f"{'; '.join(shown)}."]


def _pick(column_refs: Sequence | None, k: int):
    return column_refs[k] if column_refs is not None and k < len(column_refs) else None


def _annotations(
    show, k: int, i: int, name: str | None, value, grad, pre, beside_bias: bool
) -> list[str]:
    """Forward value above the neuron (`name = pre -> out` for activations), gradient below.
    A bias input comes in from the upper left, so then the value starts near the neuron's
    right side and runs right, clear of the bias's label however wide (`w{k}-{i}`, drawn
    before it)."""
    forward = ""
    if pre is not None:
        forward += show(_entry(pre, i)) + r" \mapsto "
    if value is not None:
        shown = show(_entry(value, i))
        # "z \mapsto \approx a" would set the two relations flush: "0,6 ↦≈ 0,65"
        forward += ("{} " if forward and shown.startswith(r"\approx") else "") + shown
    out = []
    if forward and name and pre is None:
        forward = f"{name} = {forward}"
    if forward and beside_bias:
        # right of the neuron's top, and right of the bias label however wide that is
        out += [
            rf"\path (w{k}-{i}.east); \pgfgetlastxy{{\biasx}}{{\biasy}}",
            rf"\path (n{k}-{i}.north east); \pgfgetlastxy{{\neuronx}}{{\neurony}}",
            r"\pgfmathsetlengthmacro{\valuex}{max(\biasx + 2.5mm, \neuronx - 3mm)}",
            rf"\node[fwd, anchor=south west] at (\valuex, \neurony + 2pt) {{${forward}$}};",
        ]
    elif forward:
        out.append(rf"\node[fwd, above=1pt of n{k}-{i}] {{${forward}$}};")
    if grad is not None:
        out.append(rf"\node[bwd, below=1pt of n{k}-{i}] {{${show(_entry(grad, i))}$}};")
    return out
