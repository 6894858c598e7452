"""ranepa3.6: seven vector and matrix derivatives, each by differentials.

Vectors are columns (n×1): the sheet says 1×n but writes aᵀx and xᵀAx, which need columns.
In 6.4 the formula has a matrix X (n×n) while the text names a vector x: we differentiate by X.

A variant replaces each item's function by another of its family (where B or a transpose
stands, in which order the factors come, what the inverse or the determinant is taken of) and
asks for the derivative's value at small integer data (n = 2); the sheet's items come with our
example data, worked in the solution.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from solutions import matrix_families as mf
from solutions import matrix_mistakes as mm
from solutions.differentials import Item, derivation
from solutions.forms import matrix, plus, scalar, times

n = sp.Symbol("n", integer=True, positive=True)
x, a, dx = matrix("x", n), matrix("a", n), matrix("dx", n)
A, B, X, dX = (matrix(name, n, n) for name in ("A", "B", "X", "dX"))
I, Xi = sp.Identity(n), sp.Inverse(X)
T = mf.tp


Params = mf.Params


@cache
def _sheet_items() -> tuple[Item, ...]:
    quadratic = scalar(times(x.T, A, x))
    return (
        derivation("6.1", times(a.T, x), "x", "gradient", a, ("linear", times(a.T, dx))),
        derivation(
            "6.2",
            times(x.T, A, x),
            "x",
            "gradient",
            times(plus(A, A.T), x),
            ("product", plus(times(dx.T, A, x), times(x.T, A, dx))),
            ("scalar_transpose", plus(times(x.T, A.T, dx), times(x.T, A, dx))),
            ("collect", times(x.T, plus(A, A.T), dx)),
        ),
        derivation(
            "6.3",
            sp.log(quadratic),
            "x",
            "gradient",
            times(1 / quadratic, plus(A, A.T), x),
            ("log", times(1 / quadratic, x.T, plus(A, A.T), dx)),
        ),
        derivation(
            "6.4",
            times(a.T, X, A, X, a),
            "X",
            "gradient",
            plus(times(a, a.T, X.T, A.T), times(A.T, X.T, a, a.T)),
            ("product", plus(times(a.T, dX, A, X, a), times(a.T, X, A, dX, a))),
            ("cyclic", plus(sp.Trace(times(A, X, a, a.T, dX)), sp.Trace(times(a, a.T, X, A, dX)))),
        ),
        derivation(
            "6.5",
            times(x, x.T, x),
            "x",
            "jacobian",
            plus(times(scalar(times(x.T, x)), I), times(2, x, x.T)),
            ("product", plus(times(dx, x.T, x), times(x, dx.T, x), times(x, x.T, dx))),
            ("scalar_transpose", plus(times(scalar(times(x.T, x)), dx), times(2, x, x.T, dx))),
            ("collect", times(plus(times(scalar(times(x.T, x)), I), times(2, x, x.T)), dx)),
        ),
        # d(X X⁻¹) = dI = 0 gives dX X⁻¹ + X d(X⁻¹) = 0; the page says this in words
        derivation("6.6", Xi, "X", "differential", times(-1, Xi, dX, Xi)),
        derivation(
            "6.7",
            sp.Determinant(X),
            "X",
            "gradient",
            times(sp.Determinant(X), sp.Transpose(Xi)),
            ("det", times(sp.Determinant(X), sp.Trace(times(Xi, dX)))),
        ),
    )


SHEET_DATA = (("a",), ("A", "x"), ("A", "x"), ("a", "A", "X"), ("x",), ("X", "dX"), ("X",))


# the variants' families: item k's member j (j = 0 is the sheet's, used where its data fit)


def _linear(x_first: bool, transposed: bool) -> Item:
    """aᵀMx or xᵀMa with M = B or Bᵀ."""
    M = B.T if transposed else B
    if not x_first:
        f = times(a.T, M, x)
        return derivation("6.1", f, "x", "gradient", times(T(M), a), ("linear", times(a.T, M, dx)))
    return derivation(
        "6.1",
        times(x.T, M, a),
        "x",
        "gradient",
        times(M, a),
        ("linear", times(dx.T, M, a)),
        ("scalar_transpose", times(a.T, T(M), dx)),
    )


def _form(factors: tuple, log: bool) -> Item:
    """xᵀMx, or ln(xᵀMx), with M a product of A, B and their transposes."""
    M, Mt = times(*factors), T(times(*factors))
    if log:
        q = scalar(times(x.T, M, x))
        return derivation(
            "6.3",
            sp.log(q),
            "x",
            "gradient",
            times(1 / q, plus(M, Mt), x),
            ("log", times(1 / q, x.T, plus(M, Mt), dx)),
        )
    return derivation(
        "6.2",
        times(x.T, M, x),
        "x",
        "gradient",
        times(plus(M, Mt), x),
        ("product", plus(times(dx.T, M, x), times(x.T, M, dx))),
        ("scalar_transpose", plus(times(x.T, Mt, dx), times(x.T, M, dx))),
        ("collect", times(x.T, plus(M, Mt), dx)),
    )


def _sandwich(left_t: bool, right_t: bool) -> Item:
    """aᵀ X₁ A X₂ a with X₁, X₂ each X or Xᵀ."""
    X1, X2 = (X.T if left_t else X), (X.T if right_t else X)
    dX1, dX2 = (dX.T if left_t else dX), (dX.T if right_t else dX)
    first, second = times(a.T, dX1, A, X2, a), times(a.T, X1, A, dX2, a)
    product = plus(first, second)
    # a term with dXᵀ is a number, equal to its transpose, which has dX
    turned = [T(term) if flip else term for term, flip in ((first, left_t), (second, right_t))]
    terms = [([a.T], [A, X2, a], left_t), ([a.T, X1, A], [a], right_t)]
    line, grad = mf.trace_terms(terms, dX)
    steps = [("product", product)]
    if left_t or right_t:
        steps.append(("scalar_transpose", plus(*turned)))
    steps.append(("cyclic", line))
    return derivation("6.4", times(a.T, X1, A, X2, a), "X", "gradient", grad, *steps)


def _outer(u, v, w) -> Item:
    """u vᵀ w with x in two of the places and a in the third: the Jacobian."""
    terms, moved, coeffs = [], [], []
    for slot, vec in enumerate((u, v, w)):
        if vec is not x:
            continue
        parts = [dx if k == slot else p for k, p in enumerate((u, v, w))]
        terms.append(times(parts[0], parts[1].T, parts[2]))
        if slot == 0:  # dx (vᵀw) = (vᵀw) dx
            coeffs.append(times(scalar(times(v.T, w)), I))
        elif slot == 1:  # u dxᵀ w = u wᵀ dx
            coeffs.append(times(u, w.T))
        else:
            coeffs.append(times(u, v.T))
        moved.append(times(coeffs[-1], dx) if slot else times(scalar(times(v.T, w)), dx))
    J = plus(*coeffs) if coeffs[0] != coeffs[-1] else times(2, coeffs[0])
    moved_line = plus(*moved) if coeffs[0] != coeffs[-1] else times(2, coeffs[0], dx)
    return derivation(
        "6.5",
        times(u, v.T, w),
        "x",
        "jacobian",
        J,
        ("product", plus(*terms)),
        ("scalar_transpose", moved_line),
        *([] if coeffs[0] == coeffs[-1] else [("collect", times(J, dx))]),
    )


def _cubic(left: bool) -> Item:
    """x xᵀAx, or A x xᵀx: the sheet's x xᵀx with a matrix, x in all three places."""
    if left:  # A x xᵀx = A (x xᵀx)
        q = scalar(times(x.T, x))
        J = times(A, plus(times(q, I), times(2, x, x.T)))
        return derivation(
            "6.5",
            times(A, x, x.T, x),
            "x",
            "jacobian",
            J,
            ("product", plus(times(A, dx, x.T, x), times(A, x, dx.T, x), times(A, x, x.T, dx))),
            ("scalar_transpose", plus(times(q, A, dx), times(2, A, x, x.T, dx))),
            ("collect", times(J, dx)),
        )
    q = scalar(times(x.T, A, x))
    J = plus(times(q, I), times(x, x.T, plus(A, A.T)))
    return derivation(
        "6.5",
        times(x, x.T, A, x),
        "x",
        "jacobian",
        J,
        ("product", plus(times(dx, x.T, A, x), times(x, dx.T, A, x), times(x, x.T, A, dx))),
        ("scalar_transpose", plus(times(q, dx), times(x, x.T, A.T, dx), times(x, x.T, A, dx))),
        ("collect", times(J, dx)),
    )


def _inverse(kind: str) -> Item:
    """A X⁻¹, X⁻¹ A, (AX)⁻¹ or (XA)⁻¹: the differential."""
    dXi = sp.MatrixSymbol(r"d(X^{-1})", n, n)
    if kind == "AXi":
        f, lin, res = times(A, Xi), times(A, dXi), times(-1, A, Xi, dX, Xi)
    elif kind == "XiA":
        f, lin, res = times(Xi, A), times(dXi, A), times(-1, Xi, dX, Xi, A)
    else:
        inner = times(A, X) if kind == "AX" else times(X, A)
        d_inner = times(A, dX) if kind == "AX" else times(dX, A)
        f = sp.Inverse(inner)
        res = times(-1, f, d_inner, f)
        return derivation("6.6", f, "X", "differential", res, ("inverse", res))
    return derivation("6.6", f, "X", "differential", res, ("linear", lin), ("inverse", res))


def _determinant(kind: str) -> Item:
    """det(AX), det(XA) or det(AXᵀ): the gradient."""
    inner = {"AX": times(A, X), "XA": times(X, A), "AXt": times(A, X.T)}[kind]
    d_inner = {"AX": times(A, dX), "XA": times(dX, A), "AXt": times(A, dX.T)}[kind]
    D, Yi = sp.Determinant(inner), sp.Inverse(inner)
    first = times(D, sp.Trace(times(Yi, d_inner)))
    if kind == "AX":
        return derivation("6.7", D, "X", "gradient", times(D, T(times(Yi, A))), ("det", first))
    P = [Yi] if kind == "XA" else [Yi, A]
    Q = [A] if kind == "XA" else []
    line, grad = mf.trace_terms([(P, Q, kind == "AXt")], dX)
    return derivation(
        "6.7", D, "X", "gradient", times(D, grad), ("det", first), ("cyclic", times(D, line))
    )


# item k: the names of its variants' data, and its family (member 0: the sheet's function)
FAMILIES = (
    (("a", "B"), [None] + [_linear(f, t) for f in (False, True) for t in (False, True)]),
    (("A", "B", "x"), [None] + [_form(m, log=False) for m in ((A, B), (A.T, B), (A, B.T), (B, A))]),
    (("A", "B", "x"), [None] + [_form(m, log=True) for m in ((A, B), (A.T, B), (A, B.T), (B, A))]),
    (
        ("a", "A", "X"),
        [None] + [_sandwich(lt, rt) for lt, rt in ((True, False), (False, True), (True, True))],
    ),
    (("a", "A", "x"), [None, _outer(x, a, x), _outer(x, x, a), _cubic(False), _cubic(True)]),
    (("A", "X", "dX"), [None] + [_inverse(k) for k in ("AXi", "XiA", "AX", "XA")]),
    (("A", "X"), [None] + [_determinant(k) for k in ("AX", "XA", "AXt")]),
)
VARIANT_MEMBERS = (
    [1, 2, 3, 4],
    [1, 2, 3, 4],
    [1, 2, 3, 4],
    [0, 1, 2, 3],
    [1, 2, 3, 4],
    [1, 2, 3, 4],
    [1, 2, 3],
)


TASK = mf.FamilyTask(_sheet_items, FAMILIES, SHEET_DATA)


# our example for the sheet's items
_M = sp.Matrix
PARAMS = TASK.sheet(
    (
        {"a": _M([1, 2])},
        {"A": _M([[1, 2], [0, 3]]), "x": _M([1, 1])},
        {"A": _M([[2, 1], [0, 1]]), "x": _M([1, 1])},
        {"a": _M([1, 1]), "A": _M([[1, 0], [1, 1]]), "X": _M([[1, 2], [0, 1]])},
        {"x": _M([1, 2])},
        {"X": _M([[2, 1], [1, 1]]), "dX": _M([[1, 0], [0, 0]])},
        {"X": _M([[2, 1], [1, 1]])},
    )
)

_VECTORS = [m for m in mf.integer_matrices(2, 1, -2, 3) if sum(v == 0 for (v,) in m) == 0]
_MATRICES = [m for m in mf.integer_matrices(2, 2, -2, 3) if sum(v == 0 for r in m for v in r) <= 1]
_INVERTIBLE = [m for m in _MATRICES if 1 <= abs(m[0][0] * m[1][1] - m[0][1] * m[1][0]) <= 3]
_CANDIDATES = {"a": _VECTORS, "x": _VECTORS, "A": _MATRICES, "B": _MATRICES, "X": _INVERTIBLE}
_CANDIDATES["dX"] = _MATRICES


def _member(k: int, choice: dict) -> int:
    """Item k's member: its axis's digit shifted by the sum of its data's digits. The walk's
    trailing digits (the members') repeat with its stride, and alone would keep an item's
    member for many variants in a row; the data's digits do not."""
    members = VARIANT_MEMBERS[k]
    shift = sum(choice[f"d{k}_{name}"] for name in FAMILIES[k][0])
    return members[(members.index(choice[f"m{k}"]) + shift) % len(members)]


def _draw(**choice):
    """A draft (mf.FamilyTask.draft); every item's data come from the same candidates."""
    members = [_member(k, choice) for k in range(len(FAMILIES))]
    return TASK.draft(choice, members, lambda k, member, name, index: _candidate(name, index))


def _candidate(name: str, index: int) -> tuple:
    return _CANDIDATES[name][index % len(_CANDIDATES[name])]


variant = TASK.pool(VARIANT_MEMBERS, _draw, 997, PARAMS)
"""Variants: each item's function from its family (6.1: aᵀBx, aᵀBᵀx, xᵀBa, xᵀBᵀa; 6.2 and
6.3: xᵀMx and ln(xᵀMx) with M = AB, AᵀB, ABᵀ, BA; 6.4: aᵀX₁AX₂a with X₁, X₂ each X or Xᵀ;
6.5: x aᵀx, x xᵀa, x xᵀAx, A x xᵀx (x in two or three places, each
needing the product rule); 6.6: AX⁻¹, X⁻¹A, (AX)⁻¹, (XA)⁻¹; 6.7: det(AX), det(XA), det(AXᵀ)),
its data 2×1 and 2×2 integers from -2..3 (vectors without zeros, matrices with at most one,
X with |det X| ≤ 3), f defined there (invertible matrices, ln of a positive number), the value
nonzero, entries with denominators ≤ 12. Two draws with the same values up to sign are one
problem. Seed 0 is the sheet, with our example data."""


# typical mistakes (templates/rubric.toml): name -> (the item's index, its wrong value)
MISTAKES = {
    "form_symmetric": (1, mm.symmetric_form),
    "sandwich_transposed": (3, mm.transposed),
    "first_factor_only": (4, mm.first_term("product")),
    "inverse_squared": (5, mm.inverse_squared),
}


@dataclass(frozen=True)
class Result:
    items: tuple[Item, ...]
    values: tuple[sp.Matrix, ...]  # each item's derivative at its data
    mistakes: dict[str, dict[str, sp.Matrix]]  # name -> {"values.k": the wrong value}


def solve(p: Params) -> Result:
    items, values = TASK.solved(p)
    return Result(items, values, mm.mistaken(items, p, MISTAKES))


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {
    "values.4": "J",
    "values.5": "df",
    "values.3": r"\nabla_X f",
    "values.6": r"\nabla_X f",
    "values.*": r"\nabla_x f",
}
