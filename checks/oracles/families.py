"""Oracles for the families of matrix-calculus items (ranepa3.6, ranepa3.7), written apart from
the solutions: each member of a family is one function of its matrices, written once over a
choice of arithmetic (numpy for random points, sympy for exact values), so that

* the function a variant's statement prints is identified by comparing it, at a random point,
  with every member (an unknown function is a failure);
* the derivation's lines and result are checked against that member at random points by
  finite differences (numeric.ItemSpec);
* the derivative's value at the variant's integer data is found exactly by sympy's
  differentiation entry by entry, not from the printed formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import sympy as sp

from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    directional,
    evaluate,
    well_conditioned,
)

N = 3  # the size n of random points


class Numpy:
    inv = staticmethod(np.linalg.inv)
    det = staticmethod(np.linalg.det)
    log = staticmethod(np.log)
    tr = staticmethod(np.trace)

    @staticmethod
    def s(m):
        """A 1×1 matrix as its number."""
        return m[0, 0] if np.ndim(m) == 2 else m


class Sympy:
    inv = staticmethod(lambda m: m.inv())
    det = staticmethod(lambda m: m.det())
    log = staticmethod(sp.log)
    tr = staticmethod(lambda m: m.trace())

    @staticmethod
    def s(m):
        return m[0, 0] if isinstance(m, sp.MatrixBase) else m


@dataclass(frozen=True)
class Member:
    """One function of a family. `shapes` gives every symbol's (rows, cols) at random points
    (the differential's too); `f(ops, values)` is the function."""

    variable: str
    kind: str  # "gradient", "jacobian" or "differential"
    shapes: dict[str, tuple[int, int]]
    f: Callable
    squares: tuple[str, ...] = field(default=("X",))  # kept far from singular, det > 0


def vec(*names) -> dict:
    return dict.fromkeys(names, (N, 1))


def mat(*names) -> dict:
    return dict.fromkeys(names, (N, N))


def differential_of(member: Member) -> str:
    return "d" + member.variable


def sample(member: Member, rng: np.random.Generator) -> dict:
    """A random point where the member is defined (logarithms of positive numbers), with the
    differential and the differentials of X⁻¹ and X⁻ᵀ that a line may name."""
    for _ in range(1000):
        v = {}
        for name, (rows, cols) in member.shapes.items():
            square = name in member.squares and rows == cols
            v[name] = (
                well_conditioned(rng, rows, positive_det=True)
                if square
                else rng.normal(size=(rows, cols))
            )
        with np.errstate(all="ignore"):
            value = np.asarray(member.f(Numpy, v), dtype=float)
        if np.all(np.isfinite(value)):
            break
    else:
        raise RuntimeError("no point where the function is defined")
    if "X" in v and "dX" in v and v["X"].shape[0] == v["X"].shape[1]:
        d_inv = directional(np.linalg.inv, v["X"], v["dX"])
        v |= {r"d(X^{-1})": d_inv, r"d(X^{-T})": d_inv.T}
    return v


def spec(member: Member) -> ItemSpec:
    return ItemSpec(
        lambda v: member.f(Numpy, v),
        member.variable,
        differential_of(member),
        lambda rng: sample(member, rng),
        member.kind,
    )


def identify(expr, members: dict) -> str | None:
    """The name of the member whose function `expr` is (compared at two random points), or
    None."""
    for name, member in members.items():
        try:
            if all(
                np.allclose(
                    evaluate(expr, v),
                    np.atleast_2d(np.asarray(member.f(Numpy, v), dtype=float)),
                    rtol=1e-9,
                    atol=1e-12,
                )
                for v in (sample(member, np.random.default_rng(s)) for s in (61, 62))
            ):
                return name
        except (KeyError, ValueError, TypeError, sp.ShapeError, AttributeError):
            continue
    return None


def exact_value(member: Member, data: dict) -> sp.Matrix:
    """The derivative of the member at the integer data (sympy matrices), by differentiating
    its function entry by entry: the gradient (shaped like the variable), the Jacobian, or the
    differential along data['d' + variable]."""
    values = {name: sp.Matrix(m) for name, m in data.items()}
    rows, cols = _variable_shape(member, values)
    entries = sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"v_{i}_{j}", real=True))
    point = values.get(member.variable)
    at = (
        {}
        if point is None
        else {entries[i, j]: point[i, j] for i in range(rows) for j in range(cols)}
    )
    if member.kind == "differential":
        t = sp.Symbol("t", real=True)
        along = values[differential_of(member)]
        F = sp.Matrix(member.f(Sympy, values | {member.variable: entries + t * along}))
        return F.applyfunc(lambda e: sp.simplify(sp.diff(e, t).subs(t, 0).subs(at)))
    F = member.f(Sympy, values | {member.variable: entries})
    if member.kind == "jacobian":
        return sp.Matrix(F).jacobian(list(entries)).subs(at)
    F = Sympy.s(F)
    grad = entries.applyfunc(lambda e: sp.diff(F, e))
    grad = grad.subs(at)
    if grad.free_symbols:
        raise ValueError("the gradient depends on the variable, whose value is not given")
    return grad.applyfunc(sp.simplify)


def _variable_shape(member: Member, values: dict) -> tuple[int, int]:
    """The variable's shape at the data: its own, or what its place in f implies: each size
    of the member's random points (they differ: P, M, N) stands for the data's size there."""
    if member.variable in values:
        return values[member.variable].shape
    sizes = {}
    for name, value in values.items():
        for size, actual in zip(member.shapes[name], value.shape, strict=True):
            sizes[size] = actual
    rows, cols = member.shapes[member.variable]
    return sizes[rows], sizes[cols]


def integer_matrix(shape=None) -> Callable[[object], bool]:
    def holds(m) -> bool:
        m = sp.Matrix(m)
        return all(v.is_integer for v in m) and (shape is None or m.shape == shape)

    return holds


def fewer_points(oracles: dict, seeds=(0, 1, 2)) -> dict:
    """The formula oracles at three random points instead of five: a variant's derivations are
    the same family members at every variant (each checked at five on the sheet or in its own
    variants), and three points already tell two rational functions apart; the proof of a
    variant costs about half."""
    return {
        key: replace(o, seeds=seeds) if isinstance(o, AtRandomPoints) else o
        for key, o in oracles.items()
    }
