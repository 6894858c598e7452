"""Independent oracle for ranepa3.6: each function of each item's family written once (numpy at
random points, sympy at the data); every line of each derivation is checked as a directional
derivative, each result by central differences, each value at the data by sympy's
differentiation entry by entry (checks/oracles/families.py). A variant's statement prints its
functions; the sheet's does not, and its items are the sheet's functions."""

from __future__ import annotations

from dataclasses import replace

from checks.oracles import families as fam
from checks.oracles.families import Member, mat, vec

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


def _spec(name: str, member: Member) -> fam.ItemSpec:
    spec = fam.spec(member)
    if name == "X^-1":  # the sheet's d(X⁻¹) is derived in words
        spec = replace(spec, has_steps=False)
    return spec


def _data_check(member: Member, key: str):
    """The data are 2×1 and 2×2 (n = 2)."""
    shape = (2, 1) if member.shapes[key][1] == 1 else (2, 2)
    return fam.integer_matrix(shape), f"an integer {shape[0]}×{shape[1]} matrix"


TASK = fam.FamilyTask("6", FAMILIES, SHEET_MEMBERS, _spec, _data_check)
oracles, invariants = TASK.oracles, TASK.invariants
