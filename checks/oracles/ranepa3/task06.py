"""Independent oracle for ranepa3.6: each function of each item's family written once (numpy at
random points, sympy at the data); every line of each derivation is checked as a directional
derivative, each result by central differences, each value at the data by sympy's
differentiation entry by entry (checks/oracles/families.py). A variant's statement prints its
functions; the sheet's does not, and its items are the sheet's functions."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

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
invariants = TASK.invariants

# 6.5 with only the first x varying (x0: the others, held at the data): "only the first
# factor differentiated"
_FIRST_ONLY = {
    "xxx": lambda o, v: v["x"] @ v["x0"].T @ v["x0"],
    "xax": lambda o, v: v["x"] @ v["a"].T @ v["x0"],
    "xxa": lambda o, v: v["x"] @ v["x0"].T @ v["a"],
    "axx": lambda o, v: v["a"] @ v["x"].T @ v["x0"],
    "x x^T A x": lambda o, v: v["x"] @ v["x0"].T @ v["A"] @ v["x0"],
    "A x x^T x": lambda o, v: v["A"] @ v["x"] @ v["x0"].T @ v["x0"],
}
# 6.6 as P Y⁻¹ Q: (P, Y, dY, Q) at the data; d(Y⁻¹) taken as -Y⁻² dY
_INVERSE_PARTS = {
    "X^-1": lambda v, I: (I, v["X"], v["dX"], I),
    "A X^-1": lambda v, I: (v["A"], v["X"], v["dX"], I),
    "X^-1 A": lambda v, I: (I, v["X"], v["dX"], v["A"]),
    "(AX)^-1": lambda v, I: (I, v["A"] * v["X"], v["A"] * v["dX"], I),
    "(XA)^-1": lambda v, I: (I, v["X"] * v["A"], v["dX"] * v["A"], I),
}


def mistakes(given) -> dict:
    """The mistakes' values, each found its own way: 6.2 as 2Mx with the family's M; 6.4 the
    exact gradient transposed; 6.5 by sympy's Jacobian of f with only its first x varying;
    6.6 as -P Y⁻¹Y⁻¹ dY Q from the member's parts."""
    o = {}
    for k, name in ((1, "form_symmetric"), (3, "sandwich_transposed")):
        member, _ = TASK.member_of(given, k)
        v = {key: sp.Matrix(m) for key, m in fam.data_of(given, k).items()}
        o[f"mistakes.{name}.values.{k}"] = (
            2 * _MS[member](v) * v["x"] if k == 1 else TASK.value_at(k, member, v).T
        )
    member, _ = TASK.member_of(given, 4)
    v = {key: sp.Matrix(m) for key, m in fam.data_of(given, 4).items()}
    first = Member("x", "jacobian", {}, _FIRST_ONLY[member], squares=())
    o["mistakes.first_factor_only.values.4"] = fam.exact_value(first, v | {"x0": v["x"]})
    member, _ = TASK.member_of(given, 5)
    v = {key: sp.Matrix(m) for key, m in fam.data_of(given, 5).items()}
    P, Y, dY, Q = _INVERSE_PARTS[member](v, sp.eye(2))
    o["mistakes.inverse_squared.values.5"] = -P * Y.inv() * Y.inv() * dY * Q
    return o


def oracles(given) -> dict:
    return TASK.oracles(given) | mistakes(given)
