"""Independent oracle for ranepa3.7: each function of each item's family written once (numpy at
random points, sympy at the data); every line of each derivation is checked as a directional
derivative, each gradient by central differences, each value at the data by sympy's
differentiation entry by entry (checks/oracles/families.py). Differentials of X⁻¹ and X⁻ᵀ
that a line names are themselves finite differences. A variant's statement prints its
functions; the sheet's does not, and its items are the sheet's functions."""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.oracles import families as fam
from checks.oracles.families import Member, mat, vec
from checks.oracles.numeric import AtRandomPoints, directional, gradient, well_conditioned

N, P, M, K = fam.N, 2, 4, 2
ITEMS = 8
ANSWERS = tuple(f"values.{k}" for k in range(ITEMS))  # what a grader compares


def logdet(m):
    sign, value = np.linalg.slogdet(m)
    assert sign > 0, "the oracle samples only points where det > 0"
    return value


def positive_form(rng, size):
    m = rng.normal(size=(size, size))
    skew = rng.normal(size=(size, size))
    return m @ m.T + np.eye(size) + (skew - skew.T)


def with_inverse_differentials(v):
    """Values for the symbols d(X⁻¹) and d(X⁻ᵀ) that a line of a derivation may name."""
    d_inv = directional(np.linalg.inv, v["X"], v["dX"])
    return v | {r"d(X^{-1})": d_inv, r"d(X^{-T})": d_inv.T}


def sample_7_4(rng, p=P):
    while True:
        v = {"X": well_conditioned(rng, N, positive_det=True), "dX": rng.normal(size=(N, N))}
        v |= {"A": rng.normal(size=(p, N)), "B": rng.normal(size=(N, p))}
        inner = v["A"] @ np.linalg.inv(v["X"]) @ v["B"]
        if np.linalg.det(inner) > 0.1 and np.linalg.cond(inner) < 50:
            return with_inverse_differentials(v)


def f_7_4(v):
    return logdet(v["A"] @ np.linalg.inv(v["X"]) @ v["B"])


def f_7_6(v):
    return logdet(v["X"].T @ v["A"] @ v["X"])


def sample_7_6(rng, rows=N + 1, cols=K):
    """X of full column rank, A with xᵀAx > 0, so that det(XᵀAX) > 0."""
    return {
        "X": well_conditioned(rng, rows, cols),
        "A": positive_form(rng, rows),
        "dX": rng.normal(size=(rows, cols)),
    }


_SQUARE = mat("A", "B", "X", "dX")
_ROWCOL = {"A": (P, N), "B": (N, P)} | mat("X", "dX")
_WIDE = {"A": (N + 1, N + 1), "X": (N + 1, K), "dX": (N + 1, K)}
_TALL = {"A": (N + 1, N + 1), "X": (K, N + 1), "dX": (K, N + 1)}
_PRODUCT = vec("x", "b", "dx") | mat("A", "dA")


def _g(shapes, f, variable="X"):
    return Member(variable, "gradient", shapes, f)


def _similar(o, v, gram, transposed: bool):
    """A · gram · B · X⁻¹ (or X⁻ᵀ)."""
    inverse = o.inv(v["X"])
    return v["A"] @ gram @ v["B"] @ (inverse.T if transposed else inverse)


def _logdet(o, m):
    return o.log(o.det(m))


def _products(variable: str) -> dict:
    d = "dx" if variable == "x" else "dA"
    shapes = _PRODUCT | ({"dx": (N, 1)} if d == "dx" else {"dA": (N, N)})
    return {
        name: Member(variable, "gradient", shapes, f, squares=())
        for name, f in {
            "xAb": lambda o, v: v["x"].T @ v["A"] @ v["b"],
            "bAx": lambda o, v: v["b"].T @ v["A"] @ v["x"],
            "xAtb": lambda o, v: v["x"].T @ v["A"].T @ v["b"],
            "bAtx": lambda o, v: v["b"].T @ v["A"].T @ v["x"],
        }.items()
    }


FAMILIES = (
    {
        "tr AXB": _g(
            {"A": (P, M), "X": (M, N), "B": (N, P), "dX": (M, N)},
            lambda o, v: o.tr(v["A"] @ v["X"] @ v["B"]),
        ),
        "tr AXtB": _g(_SQUARE, lambda o, v: o.tr(v["A"] @ v["X"].T @ v["B"])),
        "tr AtXB": _g(_SQUARE, lambda o, v: o.tr(v["A"].T @ v["X"] @ v["B"])),
        "tr BXA": _g(_SQUARE, lambda o, v: o.tr(v["B"] @ v["X"] @ v["A"])),
    },
    {
        "tr AXtX": _g(
            {"A": (N, N), "X": (M, N), "dX": (M, N)},
            lambda o, v: o.tr(v["A"] @ v["X"].T @ v["X"]),
        ),
        "tr AXXt": _g(_SQUARE, lambda o, v: o.tr(v["A"] @ v["X"] @ v["X"].T)),
        "tr XtAX": _g(_SQUARE, lambda o, v: o.tr(v["X"].T @ v["A"] @ v["X"])),
        "tr XAXt": _g(_SQUARE, lambda o, v: o.tr(v["X"] @ v["A"] @ v["X"].T)),
    },
    {
        "ln det X": _g(_SQUARE, lambda o, v: _logdet(o, v["X"])),
        "ln det A+X": _g(_SQUARE, lambda o, v: _logdet(o, v["A"] + v["X"])),
        "ln det A+Xt": _g(_SQUARE, lambda o, v: _logdet(o, v["A"] + v["X"].T)),
        "ln det AX": _g(_SQUARE, lambda o, v: _logdet(o, v["A"] @ v["X"])),
    },
    {
        "ln det AXiB": _g(_ROWCOL, lambda o, v: _logdet(o, v["A"] @ o.inv(v["X"]) @ v["B"])),
        "ln det AXitB": _g(_ROWCOL, lambda o, v: _logdet(o, v["A"] @ o.inv(v["X"]).T @ v["B"])),
        "ln det AXiAt": _g(_ROWCOL, lambda o, v: _logdet(o, v["A"] @ o.inv(v["X"]) @ v["A"].T)),
        "ln det BtXitB": _g(_ROWCOL, lambda o, v: _logdet(o, v["B"].T @ o.inv(v["X"]).T @ v["B"])),
    },
    {
        "tr AXtXBXit": _g(
            _SQUARE, lambda o, v: o.tr(v["A"] @ v["X"].T @ v["X"] @ v["B"] @ o.inv(v["X"]).T)
        ),
        "tr AXtXBXi": _g(_SQUARE, lambda o, v: o.tr(_similar(o, v, v["X"].T @ v["X"], False))),
        "tr AXXtBXit": _g(_SQUARE, lambda o, v: o.tr(_similar(o, v, v["X"] @ v["X"].T, True))),
        "tr AXXtBXi": _g(_SQUARE, lambda o, v: o.tr(_similar(o, v, v["X"] @ v["X"].T, False))),
    },
    {
        "ln det XtAX": Member(
            "X", "gradient", _WIDE, lambda o, v: _logdet(o, v["X"].T @ v["A"] @ v["X"]), ()
        ),
        "ln det XAXt": Member(
            "X", "gradient", _TALL, lambda o, v: _logdet(o, v["X"] @ v["A"] @ v["X"].T), ()
        ),
    },
    _products("x"),
    _products("A"),
)
SHEET_MEMBERS = (
    "tr AXB",
    "tr AXtX",
    "ln det X",
    "ln det AXiB",
    "tr AXtXBXit",
    "ln det XtAX",
    "xAb",
    "xAb",
)


TASK = fam.FamilyTask("7", FAMILIES, SHEET_MEMBERS)
invariants = TASK.invariants


# one occurrence of X held at the data (X0) while the others vary: the product rule's term
# of that occurrence forgotten (7.2, 7.6), or 7.5's two parts (X⁻¹ held, then XᵀX or XXᵀ)
_HELD = {
    "tr AXtX": lambda o, v: o.tr(v["A"] @ v["X0"].T @ v["X"]),
    "tr AXXt": lambda o, v: o.tr(v["A"] @ v["X"] @ v["X0"].T),
    "tr XtAX": lambda o, v: o.tr(v["X0"].T @ v["A"] @ v["X"]),
    "tr XAXt": lambda o, v: o.tr(v["X"] @ v["A"] @ v["X0"].T),
    "ln det XtAX": lambda o, v: _logdet(o, v["X0"].T @ v["A"] @ v["X"]),
    "ln det XAXt": lambda o, v: _logdet(o, v["X"] @ v["A"] @ v["X0"].T),
}
_PARTS_7_5 = {  # (the Gram matrix of Y, X⁻ᵀ rather than X⁻¹)
    "tr AXtXBXit": (lambda Y: Y.T @ Y, True),
    "tr AXtXBXi": (lambda Y: Y.T @ Y, False),
    "tr AXXtBXit": (lambda Y: Y @ Y.T, True),
    "tr AXXtBXi": (lambda Y: Y @ Y.T, False),
}


def _held_gradient(f, data: dict) -> sp.Matrix:
    """The gradient by X of f(o, v) with X0 held at X's value, by sympy's differentiation."""
    return fam.exact_value(Member("X", "gradient", {}, f, ()), data | {"X0": data["X"]})


def mistakes(given) -> dict:
    """7.2 and 7.6 by differentiating f with one X held; 7.5 as the gradient with X⁻¹ held
    minus the gradient with XᵀX (XXᵀ) held, which is the term of d(X⁻¹) with its sign turned;
    7.8 the exact gradient transposed."""
    o = {}
    data = lambda k: {key: sp.Matrix(m) for key, m in fam.data_of(given, k).items()}
    for k, name in ((1, "product_term_lost"), (5, "gram_term_lost")):
        member, _ = TASK.member_of(given, k)
        o[f"mistakes.{name}.values.{k}"] = _held_gradient(_HELD[member], data(k))
    member, _ = TASK.member_of(given, 4)
    gram, transposed = _PARTS_7_5[member]
    inverse = lambda Y: Y.inv().T if transposed else Y.inv()
    part = lambda g, i: lambda o, v: o.tr(v["A"] @ gram(v[g]) @ v["B"] @ inverse(v[i]))
    o["mistakes.inverse_sign.values.4"] = _held_gradient(part("X", "X0"), data(4)) - (
        _held_gradient(part("X0", "X"), data(4))
    )
    member, _ = TASK.member_of(given, 7)
    o["mistakes.outer_transposed.values.7"] = TASK.value_at(7, member, data(7)).T
    return o


def oracles(given) -> dict:
    o = TASK.oracles(given) | mistakes(given)
    # the short answers: square invertible A, B in 7.4; square invertible X in 7.6
    square_7_4 = lambda seed: sample_7_4(np.random.default_rng(7400 + seed), p=N)
    square_7_6 = lambda seed: sample_7_6(np.random.default_rng(7600 + seed), N, N)
    o["square_7_4"] = AtRandomPoints(
        square_7_4, lambda v: gradient(lambda z: f_7_4(v | {"X": z}), v["X"])
    )
    o["square_7_6"] = AtRandomPoints(
        square_7_6, lambda v: gradient(lambda z: f_7_6(v | {"X": z}), v["X"])
    )
    return o
