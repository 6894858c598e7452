"""Derivations by differentials, as data: each line of `df = ... = ...` is a formula in the
differential (dx, dX), so a test can check every line, not just the answer, as a directional
derivative of f at random points. The template explains each line by its rule's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

RULES = (
    "linear",  # d(aᵀx) = aᵀdx, d(AXB) = A dX B
    "product",  # d(UV) = dU V + U dV
    "scalar_transpose",  # a number equals its transpose: dxᵀAx = xᵀAᵀdx
    "collect",  # a common factor taken out: xᵀAᵀdx + xᵀA dx = xᵀ(Aᵀ + A)dx
    "sigmoid",  # eᵘ/(1 + eᵘ) = σ(u)
    "trace",  # a number is its own trace: u = tr(u)
    "cyclic",  # tr(ABC) = tr(CAB), tr(Mᵀ) = tr(M)
    "log",  # d ln u = du / u
    "log_det",  # d ln det X = tr(X⁻¹ dX)
    "det",  # d det X = det X tr(X⁻¹ dX)
    "inverse",  # d(X⁻¹) = -X⁻¹ dX X⁻¹
    "inverse_transpose",  # d(X⁻ᵀ) = -X⁻ᵀ dXᵀ X⁻ᵀ
    "chain",  # d f(u) = f'(u) du
    "abs",  # d|u| = sign(u) du where u ≠ 0
)


@dataclass(frozen=True)
class Step:
    rule: str  # one of RULES: the template says it in words
    expr: sp.Expr  # df so far; contains the differential

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")


@dataclass(frozen=True)
class Item:
    label: str  # "6.1", as on the sheet
    function: sp.Expr  # f
    variable: str  # LaTeX name of the argument
    steps: tuple[Step, ...]  # df = steps[0] = steps[1] = ...
    kind: str  # "gradient", "jacobian" or "differential": what `result` is
    result: sp.Expr


def derivation(label, function, variable, kind, result, *steps) -> Item:
    """An item from (rule, formula) pairs, in the order they are written."""
    return Item(
        label, function, variable, tuple(Step(rule, expr) for rule, expr in steps), kind, result
    )
