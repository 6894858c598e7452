"""TikZ network diagrams generated from a layer description.

The structure (`NetworkSpec`: neuron names and activations per column) comes from the same
layer stack the solution computes with; the numbers come from the template as claim
references (`weights`, and optionally per-column pre-activations, outputs and gradients),
so every label is formatted by the one formatter and recorded in the ledger.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

COLUMN_GAP = 3.6  # cm between neuron columns
ROW_GAP = 2.6  # cm between neurons of a column: room for a value above and a gradient below

ACTIVATION_LABEL = {
    "input": None,  # the neuron's own name is shown
    "relu": r"\mathrm{ReLU}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "f": r"f",
    "linear": r"\Sigma",
}


@dataclass(frozen=True)
class NetworkSpec:
    """Columns of neurons: `names[k][i]` is the LaTeX name of neuron i of column k,
    `kinds[k]` its activation (a key of ACTIVATION_LABEL); column 0 is the input."""

    names: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]

    def __post_init__(self):
        if len(self.names) != len(self.kinds):
            raise ValueError("one activation kind per column")
        unknown = set(self.kinds) - set(ACTIVATION_LABEL)
        if unknown:
            raise ValueError(f"unknown activation kinds {sorted(unknown)}")


def _entry(ref, i: int):
    """Entry i of a row vector reference (or the reference itself for a scalar)."""
    return ref[i] if ref.shape and max(ref.shape) > 1 else ref


def network(
    show: Callable[[object], str],
    spec,
    weights: Sequence,
    values: Sequence | None = None,
    grads: Sequence | None = None,
    pre: Sequence | None = None,
) -> str:
    """TikZ source; `show` turns a claim reference into LaTeX (and records it)."""
    names = [list(column) for column in spec.names]
    kinds = list(spec.kinds)
    columns = len(names)
    if len(weights) != columns - 1:
        raise ValueError(f"{columns} columns need {columns - 1} weight matrices")
    lines = [
        r"\begin{tikzpicture}[",
        r"  neuron/.style={circle, draw, thick, minimum size=11mm, inner sep=1pt},",
        r"  fwd/.style={font=\footnotesize, text=blue!60!black},",
        r"  bwd/.style={font=\footnotesize, text=red!70!black},",
        r"  weight/.style={font=\footnotesize, fill=white, inner sep=1pt},",
        r"  edge/.style={-{Stealth[length=2mm]}, semithick}]",
    ]
    for k, column in enumerate(names):
        top = (len(column) - 1) * ROW_GAP / 2
        for i, name in enumerate(column):
            label = ACTIVATION_LABEL[kinds[k]] or name
            lines.append(
                rf"\node[neuron] (n{k}-{i}) at ({k * COLUMN_GAP:.2f}, {top - i * ROW_GAP:.2f}) {{${label}$}};"
            )
            lines.extend(_annotations(show, k, i, name if kinds[k] != "input" else None,
                                      _pick(values, k), _pick(grads, k), _pick(pre, k)))
    for k, matrix in enumerate(weights):
        for i in range(len(names[k])):
            for j in range(len(names[k + 1])):
                label = show(matrix[i, j])
                lines.append(
                    rf"\draw[edge] (n{k}-{i}) -- node[weight, pos=0.3] {{${label}$}} (n{k + 1}-{j});"
                )
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _pick(column_refs: Sequence | None, k: int):
    return column_refs[k] if column_refs is not None and k < len(column_refs) else None


def _annotations(show, k: int, i: int, name: str | None, value, grad, pre) -> list[str]:
    """Forward value above the neuron (`name = pre -> out` for activations), gradient below."""
    forward = ""
    if pre is not None:
        forward += show(_entry(pre, i)) + r" \mapsto "
    if value is not None:
        forward += show(_entry(value, i))
    out = []
    if forward:
        prefix = f"{name} = " if name and pre is None else ""
        out.append(rf"\node[fwd, above=1pt of n{k}-{i}] {{${prefix}{forward}$}};")
    if grad is not None:
        out.append(rf"\node[bwd, below=1pt of n{k}-{i}] {{${show(_entry(grad, i))}$}};")
    return out
