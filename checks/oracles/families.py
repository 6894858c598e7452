"""Oracles for the families of matrix-calculus items (ranepa3.6, ranepa3.7), written apart from
the solutions: each member of a family is one function of its matrices, written once over a
choice of arithmetic (numpy for random points, sympy for exact values), so that

* the function a variant's statement prints is identified by comparing it, at a random point,
  with every member (an unknown function is a failure);
* the derivation's lines and result are checked against that member at random points by
  finite differences (numeric.ItemSpec);
* the derivative's value at the variant's integer data is found exactly by forward-mode
  differentiation in rational arithmetic (checks/oracles/tangents.py), entry by entry, not
  from the printed formula (sympy's differentiation where the variable has no value).

`FamilyTask` asks these of every item of a task; its module adds only what is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
import sympy as sp

from checks.oracles import tangents
from checks.oracles.numeric import (
    AtRandomPoints,
    ItemSpec,
    Satisfies,
    directional,
    evaluate,
    item_oracles,
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
    if member.variable in values:  # at a point: forward-mode, in rational arithmetic
        return _by_tangents(member, values)
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


def _by_tangents(member: Member, values: dict) -> sp.Matrix:
    """exact_value by checks/oracles/tangents.py: the derivative along each unit matrix (the
    gradient entry by entry, the Jacobian column by column) or along the differential."""
    shape = values[member.variable].shape
    along = lambda direction: tangents.tangent(member.f, values, member.variable, direction)
    units = [tangents.unit(shape, i, j) for i in range(shape[0]) for j in range(shape[1])]
    if member.kind == "differential":
        return sp.Matrix(along(values[differential_of(member)]))
    if member.kind == "jacobian":
        return sp.Matrix.hstack(*(sp.Matrix(list(along(e))) for e in units))
    return sp.Matrix(*shape, [tangents.Tangents.s(along(e)) for e in units])


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


def _any_integer_matrix(member: Member, key: str) -> tuple[Callable[[object], bool], str]:
    return integer_matrix(), "an integer matrix"


@dataclass(frozen=True, eq=False)  # hashed by identity: the caches below key on it
class FamilyTask:
    """A task whose item k is one member of families[k]: the sheet's own statement prints no
    function and means sheet_members[k]; a variant's prints the member it asks. `label` is the
    task's number as its items are numbered (6 for 6.1, 6.2, ...). What differs between the
    tasks: `spec_of(name, member)`, the derivation's checks, and `data_check(member, key)`, what
    a datum must be and its description."""

    label: str
    families: tuple[dict[str, Member], ...]
    sheet_members: tuple[str, ...]
    spec_of: Callable[[str, Member], ItemSpec] = lambda name, member: spec(member)
    data_check: Callable[[Member, str], tuple[Callable, str]] = _any_integer_matrix

    def member_of(self, given, k: int) -> tuple[str | None, Member | None]:
        """The member of item k's family that the page states: the sheet's where the statement
        prints no function (the sheet's own booklet)."""
        printed = given.get(f"items.{k}.function")
        name = self.sheet_members[k] if printed is None else _identified(self, k, printed)
        return name, self.families[k].get(name)

    def value_at(self, k: int, name: str, data: dict) -> sp.Matrix:
        """The exact value, computed once per data set (the oracles and the invariants need
        it)."""
        return _value_at(
            self, k, name, tuple((key, sp.ImmutableMatrix(m)) for key, m in data.items())
        )

    def oracles(self, given) -> dict:
        o = {"given.asked": "items.0.function" in given}
        for k in range(len(self.families)):
            name, member = self.member_of(given, k)
            if f"items.{k}.function" in given:
                o[f"given.items.{k}.function"] = Satisfies(
                    lambda f, k=k: _identified(self, k, f) is not None,
                    f"a function of the family of item {self.label}.{k + 1}",
                    (f"given.items.{k}.function",),
                )
            if member is None:
                continue
            derivation = item_oracles({f"items.{k}": self.spec_of(name, member)})
            o |= fewer_points(derivation) if o["given.asked"] else derivation
            data = data_of(given, k)
            for key in data:
                holds, description = self.data_check(member, key)
                path = f"given.items.{k}.data.{key}"
                o[path] = Satisfies(holds, description, (path,))
            o[f"values.{k}"] = self.value_at(k, name, data)
        return o

    def invariants(self, given) -> dict:
        checks = {}
        for k in range(len(self.families)):
            name, member = self.member_of(given, k)
            item = f"{self.label}.{k + 1}"
            checks[f"{item}: the function is of the item's family"] = member is not None
            if member is not None:
                value = self.value_at(k, name, data_of(given, k))
                checks[f"{item}: the derivative is not zero at the data"] = value != sp.zeros(
                    *value.shape
                )
        return checks


def data_of(given, k: int) -> dict:
    prefix = f"items.{k}.data."
    return {key[len(prefix) :]: value for key, value in given.items() if key.startswith(prefix)}


@cache
def _identified(task: FamilyTask, k: int, printed) -> str | None:
    """The oracles, the invariants and a given function's check ask alike: identify once."""
    return identify(printed, task.families[k])


@cache
def _value_at(task: FamilyTask, k: int, name: str, data: tuple) -> sp.Matrix:
    return exact_value(task.families[k][name], dict(data))
