"""Independent oracle for ranepa3.6: each function of each item's family written once (numpy at
random points, sympy at the data); every line of each derivation is checked as a directional
derivative, each result by central differences, each value at the data by sympy's
differentiation entry by entry (checks/oracles/families.py). A variant's statement prints its
functions; the sheet's does not, and its items are the sheet's functions."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import sympy as sp

from checks.oracles import families as fam
from checks.oracles.families import Member, mat, vec
from checks.oracles.numeric import Satisfies, item_oracles

ITEMS = 7
ANSWERS = tuple(f"values.{k}" for k in range(ITEMS))  # what a grader compares


def _linear(left, middle, right):
    return lambda o, v: v[left].T @ middle(v) @ v[right]


def _form(M, log: bool):
    if log:
        return lambda o, v: o.log(o.s(v["x"].T @ M(v) @ v["x"]))
    return lambda o, v: v["x"].T @ M(v) @ v["x"]


_MS = {
    "A": lambda v: v["A"],
    "AB": lambda v: v["A"] @ v["B"],
    "A^T B": lambda v: v["A"].T @ v["B"],
    "A B^T": lambda v: v["A"] @ v["B"].T,
    "BA": lambda v: v["B"] @ v["A"],
}
_LINEAR = vec("a", "x", "dx") | mat("B")
_FORM = vec("x", "dx") | mat("A", "B")
_SANDWICH = vec("a") | mat("A", "X", "dX")
_OUTER = vec("x", "a", "dx")
_SQUARE = mat("A", "X", "dX")
_CUBIC = vec("x", "dx") | mat("A")


def _cube(v, M=None):
    """xᵀMx (xᵀx without M), a 1×1 array."""
    return v["x"].T @ (v["x"] if M is None else M @ v["x"])


def _sandwich(left_t: bool, right_t: bool):
    side = lambda v, t: v["X"].T if t else v["X"]
    return lambda o, v: v["a"].T @ side(v, left_t) @ v["A"] @ side(v, right_t) @ v["a"]


def _outer(u, w, z):
    return lambda o, v: v[u] @ v[w].T @ v[z]


FAMILIES = (
    {
        "a^T x": Member("x", "gradient", _LINEAR, lambda o, v: v["a"].T @ v["x"]),
        "a^T B x": Member("x", "gradient", _LINEAR, _linear("a", lambda v: v["B"], "x")),
        "a^T B^T x": Member("x", "gradient", _LINEAR, _linear("a", lambda v: v["B"].T, "x")),
        "x^T B a": Member("x", "gradient", _LINEAR, _linear("x", lambda v: v["B"], "a")),
        "x^T B^T a": Member("x", "gradient", _LINEAR, _linear("x", lambda v: v["B"].T, "a")),
    },
    {name: Member("x", "gradient", _FORM, _form(M, log=False)) for name, M in _MS.items()},
    {name: Member("x", "gradient", _FORM, _form(M, log=True)) for name, M in _MS.items()},
    {
        f"X{int(lt)}{int(rt)}": Member("X", "gradient", _SANDWICH, _sandwich(lt, rt))
        for lt in (False, True)
        for rt in (False, True)
    },
    {
        "".join(uwz): Member("x", "jacobian", _OUTER, _outer(*uwz))
        for uwz in (("x", "x", "x"), ("x", "a", "x"), ("x", "x", "a"), ("a", "x", "x"))
    }
    | {
        "x x^T A x": Member("x", "jacobian", _CUBIC, lambda o, v: v["x"] @ _cube(v, v["A"])),
        "A x x^T x": Member("x", "jacobian", _CUBIC, lambda o, v: v["A"] @ v["x"] @ _cube(v)),
    },
    {
        name: Member("X", "differential", _SQUARE, f, squares=("X", "A"))
        for name, f in {
            "X^-1": lambda o, v: o.inv(v["X"]),
            "A X^-1": lambda o, v: v["A"] @ o.inv(v["X"]),
            "X^-1 A": lambda o, v: o.inv(v["X"]) @ v["A"],
            "(AX)^-1": lambda o, v: o.inv(v["A"] @ v["X"]),
            "(XA)^-1": lambda o, v: o.inv(v["X"] @ v["A"]),
        }.items()
    },
    {
        name: Member("X", "gradient", _SQUARE, f, squares=("X", "A"))
        for name, f in {
            "det X": lambda o, v: o.det(v["X"]),
            "det AX": lambda o, v: o.det(v["A"] @ v["X"]),
            "det XA": lambda o, v: o.det(v["X"] @ v["A"]),
            "det AX^T": lambda o, v: o.det(v["A"] @ v["X"].T),
        }.items()
    },
)
SHEET_MEMBERS = (
    "a^T x",
    "A",
    "A",
    "X00",
    "xxx",
    "X^-1",
    "det X",
)  # the sheet's member of each family


def member_of(given, k: int) -> tuple[str | None, Member | None]:
    """The member of item k's family that the page states: the sheet's where the statement
    prints no function (the sheet's own booklet)."""
    printed = given.get(f"items.{k}.function")
    name = SHEET_MEMBERS[k] if printed is None else identified(k, printed)
    return name, FAMILIES[k].get(name)


@cache
def identified(k: int, printed) -> str | None:
    """The oracles, the invariants and a given function's check ask alike: identify once."""
    return fam.identify(printed, FAMILIES[k])


def value_at(k: int, name: str, data: dict) -> sp.Matrix:
    """The exact value, computed once per data set (the oracles and the invariants need it)."""
    return _value_at(k, name, tuple((key, sp.ImmutableMatrix(m)) for key, m in data.items()))


@cache
def _value_at(k: int, name: str, data: tuple) -> sp.Matrix:
    return fam.exact_value(FAMILIES[k][name], dict(data))


def data_of(given, k: int) -> dict:
    prefix = f"items.{k}.data."
    return {key[len(prefix) :]: value for key, value in given.items() if key.startswith(prefix)}


def oracles(given) -> dict:
    o = {"given.asked": "items.0.function" in given}
    for k in range(ITEMS):
        name, member = member_of(given, k)
        if f"items.{k}.function" in given:
            o[f"given.items.{k}.function"] = Satisfies(
                lambda f, k=k: identified(k, f) is not None,
                f"a function of the family of item 6.{k + 1}",
                (f"given.items.{k}.function",),
            )
        if member is None:
            continue
        spec = fam.spec(member)
        if name == "X^-1":  # the sheet's d(X⁻¹) is derived in words
            spec = replace(spec, has_steps=False)
        derivation = item_oracles({f"items.{k}": spec})
        o |= fam.fewer_points(derivation) if o["given.asked"] else derivation
        data = data_of(given, k)
        for key in data:
            shape = (2, 1) if member.shapes[key][1] == 1 else (2, 2)
            o[f"given.items.{k}.data.{key}"] = Satisfies(
                fam.integer_matrix(shape),
                f"an integer {shape[0]}×{shape[1]} matrix",
                (f"given.items.{k}.data.{key}",),
            )
        o[f"values.{k}"] = value_at(k, name, data)
    return o


def invariants(given) -> dict:
    checks = {}
    for k in range(ITEMS):
        name, member = member_of(given, k)
        checks[f"6.{k + 1}: the function is of the item's family"] = member is not None
        if member is not None:
            value = value_at(k, name, data_of(given, k))
            checks[f"6.{k + 1}: the derivative is not zero at the data"] = value != sp.zeros(
                *value.shape
            )
    return checks
