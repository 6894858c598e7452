"""ranepa3.7: eight matrix derivatives by differentials.

Sizes the sheet leaves open are chosen so that every formula is defined: 7.3-7.5 take X n×n
invertible (det X > 0 under ln); 7.4 takes A p×n and B n×p with A X⁻¹ B invertible (p = n,
A and B invertible, gives the short answer, a separate claim); 7.6 takes X n×k of full column
rank and A n×n with det(XᵀAX) > 0 (X square and invertible gives 2X⁻ᵀ, also a claim).

A variant replaces each item's function by another of its family (a transpose, the order of
the factors, an inverse, what the determinant is taken of) and asks for the derivative's value
at small integer data: 2×2 matrices, a row and a column in 7.4 (p = 1), a 3×2 or 2×3 X and
a 3×3 A in 7.6; 7.7 and 7.8 differentiate one function. The sheet's items come with our
example data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from solutions import matrix_families as mf
from solutions import matrix_mistakes as mm
from solutions.differentials import Item, derivation
from solutions.forms import matrix, plus, times

m, n, p, k = sp.symbols("m n p k", integer=True, positive=True)
T, inv, tp = sp.Transpose, sp.Inverse, mf.tp
X, dX, A, B = matrix("X", n, n), matrix("dX", n, n), matrix("A", n, n), matrix("B", n, n)
Xi = inv(X)
x, b, dx, dA = matrix("x", n), matrix("b", n), matrix("dx", n), matrix("dA", n, n)
A4, B4 = matrix("A", p, n), matrix("B", n, p)
dXi, dXit = sp.MatrixSymbol(r"d(X^{-1})", n, n), sp.MatrixSymbol(r"d(X^{-T})", n, n)


Params, tr = mf.Params, mf.tr


@cache
def _sheet_items() -> tuple[Item, ...]:
    # 7.1 and 7.2 have their own sizes
    A1, X1, B1, dX1 = matrix("A", p, m), matrix("X", m, n), matrix("B", n, p), matrix("dX", m, n)
    A2, X2, dX2 = matrix("A", n, n), matrix("X", m, n), matrix("dX", m, n)
    M4 = times(A4, Xi, B4)
    X6, dX6 = matrix("X", n, k), matrix("dX", n, k)
    G6 = times(T(X6), A, X6)
    return (
        derivation(
            "7.1",
            tr(A1, X1, B1),
            "X",
            "gradient",
            times(T(A1), T(B1)),
            ("linear", tr(A1, dX1, B1)),
            ("cyclic", tr(B1, A1, dX1)),
        ),
        derivation(
            "7.2",
            tr(A2, T(X2), X2),
            "X",
            "gradient",
            times(X2, plus(A2, T(A2))),
            ("product", plus(tr(A2, T(dX2), X2), tr(A2, T(X2), dX2))),
            ("cyclic", plus(tr(T(A2), T(X2), dX2), tr(A2, T(X2), dX2))),
            ("collect", sp.Trace(times(plus(times(T(A2), T(X2)), times(A2, T(X2))), dX2))),
        ),
        derivation(
            "7.3", sp.log(sp.Determinant(X)), "X", "gradient", T(Xi), ("log_det", tr(Xi, dX))
        ),
        derivation(
            "7.4",
            sp.log(sp.Determinant(M4)),
            "X",
            "gradient",
            times(-1, T(Xi), T(A4), T(inv(M4)), T(B4), T(Xi)),
            ("log_det", tr(inv(M4), A4, dXi, B4)),
            ("inverse", times(-1, tr(inv(M4), A4, Xi, dX, Xi, B4))),
            ("cyclic", times(-1, tr(Xi, B4, inv(M4), A4, Xi, dX))),
        ),
        derivation(
            "7.5",
            tr(A, T(X), X, B, T(Xi)),
            "X",
            "gradient",
            plus(
                times(X, B, T(Xi), A),
                times(X, T(A), Xi, T(B)),
                times(-1, T(Xi), A, T(X), X, B, T(Xi)),
            ),
            (
                "product",
                plus(tr(A, T(dX), X, B, T(Xi)), tr(A, T(X), dX, B, T(Xi)), tr(A, T(X), X, B, dXit)),
            ),
            (
                "inverse_transpose",
                plus(
                    tr(A, T(dX), X, B, T(Xi)),
                    tr(A, T(X), dX, B, T(Xi)),
                    times(-1, tr(A, T(X), X, B, T(Xi), T(dX), T(Xi))),
                ),
            ),
            (
                "cyclic",
                plus(
                    tr(T(A), Xi, T(B), T(X), dX),
                    tr(B, T(Xi), A, T(X), dX),
                    times(-1, tr(Xi, T(B), T(X), X, T(A), Xi, dX)),
                ),
            ),
        ),
        derivation(
            "7.6",
            sp.log(sp.Determinant(G6)),
            "X",
            "gradient",
            plus(times(A, X6, inv(G6)), times(T(A), X6, inv(times(T(X6), T(A), X6)))),
            ("log_det", plus(tr(inv(G6), T(dX6), A, X6), tr(inv(G6), T(X6), A, dX6))),
            (
                "cyclic",
                plus(tr(inv(times(T(X6), T(A), X6)), T(X6), T(A), dX6), tr(inv(G6), T(X6), A, dX6)),
            ),
        ),
        derivation(
            "7.7",
            times(T(x), A, b),
            "x",
            "gradient",
            times(A, b),
            ("linear", times(T(dx), A, b)),
            ("scalar_transpose", times(T(b), T(A), dx)),
        ),
        derivation(
            "7.8",
            times(T(x), A, b),
            "A",
            "gradient",
            times(x, T(b)),
            ("linear", times(T(x), dA, b)),
            ("cyclic", tr(b, T(x), dA)),
        ),
    )


SHEET_DATA = (
    ("A", "B"),
    ("A", "X"),
    ("X",),
    ("A", "B", "X"),
    ("A", "B", "X"),
    ("X", "A"),
    ("A", "b"),
    ("x", "b"),
)


# the variants' families: item k's member j (j = 0 is the sheet's, used where its data fit)


def _traced(kind: str) -> Item:
    """7.1: tr(AXᵀB), tr(AᵀXB), tr(BXA)."""
    P, Q, t = {"AXtB": ([A], [B], True), "AtXB": ([A.T], [B], False), "BXA": ([B], [A], False)}[
        kind
    ]
    Xs, dXs = (X.T, dX.T) if t else (X, dX)
    return mf.by_trace("7.1", tr(*P, Xs, *Q), ("linear", tr(*P, dXs, *Q)), [(P, Q, t)], "X", dX)


def _quadratic(kind: str) -> Item:
    """7.2: tr(AXXᵀ), tr(XᵀAX), tr(XAXᵀ)."""
    if kind == "AXXt":
        f, first = tr(A, X, X.T), plus(tr(A, dX, X.T), tr(A, X, dX.T))
        terms = [([A], [X.T], False), ([A, X], [], True)]
    elif kind == "XtAX":
        f, first = tr(X.T, A, X), plus(tr(dX.T, A, X), tr(X.T, A, dX))
        terms = [([], [A, X], True), ([X.T, A], [], False)]
    else:
        f, first = tr(X, A, X.T), plus(tr(dX, A, X.T), tr(X, A, dX.T))
        terms = [([], [A, X.T], False), ([X, A], [], True)]
    return mf.by_trace("7.2", f, ("product", first), terms, "X", dX)


def _log_det(kind: str) -> Item:
    """7.3: ln det(A + X), ln det(A + Xᵀ), ln det(AX)."""
    inner = {"A+X": plus(A, X), "A+Xt": plus(A, X.T), "AX": times(A, X)}[kind]
    Yi = inv(inner)
    f = sp.log(sp.Determinant(inner))
    if kind == "A+X":
        return derivation("7.3", f, "X", "gradient", T(Yi), ("log_det", tr(Yi, dX)))
    if kind == "AX":
        return derivation("7.3", f, "X", "gradient", tp(times(Yi, A)), ("log_det", tr(Yi, A, dX)))
    return mf.by_trace("7.3", f, ("log_det", tr(Yi, dX.T)), [([Yi], [], True)], "X", dX)


def _bilinear_log(left, right, transposed: bool) -> Item:
    """7.4 with a row A and a column B: ln det(L X⁻¹ R) or ln det(L X⁻ᵀ R), L a row (A or Bᵀ),
    R a column (B or Aᵀ): the sheet's AX⁻¹B with a transpose on X or on one side."""
    Y = T(Xi) if transposed else Xi
    Mi = inv(times(left, Y, right))
    f = sp.log(sp.Determinant(times(left, Y, right)))
    d_inv = ("inverse_transpose", dXit, dX.T) if transposed else ("inverse", dXi, dX)
    line, grad = mf.trace_terms([([Mi, left, Y], [Y, right], transposed)], dX)
    return derivation(
        "7.4",
        f,
        "X",
        "gradient",
        times(-1, grad),
        ("log_det", tr(Mi, left, d_inv[1], right)),
        (d_inv[0], times(-1, tr(Mi, left, Y, d_inv[2], Y, right))),
        ("cyclic", times(-1, line)),
    )


def _similar(first_t: bool, second_t: bool, last_t: bool) -> Item:
    """7.5: tr(A X₁ X₂ B X₃) with X₁X₂ = XᵀX or XXᵀ and X₃ = X⁻¹ or X⁻ᵀ: the sheet's
    tr(AXᵀXBX⁻ᵀ) with the transposes moved."""
    X1, X2 = (X.T if first_t else X), (X.T if second_t else X)
    dX1, dX2 = (dX.T if first_t else dX), (dX.T if second_t else dX)
    X3, dX3 = (T(Xi), dXit) if last_t else (Xi, dXi)
    d_last = times(-1, tr(A, X1, X2, B, X3, dX.T if last_t else dX, X3))
    terms = [([A], [X2, B, X3], first_t), ([A, X1], [B, X3], second_t)]
    pieces = [mf.trace_terms([term], dX) for term in terms]
    last_line, last_grad = mf.trace_terms([([A, X1, X2, B, X3], [X3], last_t)], dX)
    return derivation(
        "7.5",
        tr(A, X1, X2, B, X3),
        "X",
        "gradient",
        plus(pieces[0][1], pieces[1][1], times(-1, last_grad)),
        ("product", plus(tr(A, dX1, X2, B, X3), tr(A, X1, dX2, B, X3), tr(A, X1, X2, B, dX3))),
        (
            "inverse_transpose" if last_t else "inverse",
            plus(tr(A, dX1, X2, B, X3), tr(A, X1, dX2, B, X3), d_last),
        ),
        ("cyclic", plus(pieces[0][0], pieces[1][0], times(-1, last_line))),
    )


def _gram_log() -> Item:
    """7.6: ln det(XAXᵀ) with X k×n."""
    Xw, dXw = matrix("X", k, n), matrix("dX", k, n)
    G = times(Xw, A, Xw.T)
    Gi = inv(G)
    first = plus(tr(Gi, dXw, A, Xw.T), tr(Gi, Xw, A, dXw.T))
    terms = [([Gi], [A, Xw.T], False), ([Gi, Xw, A], [], True)]
    return mf.by_trace("7.6", sp.log(sp.Determinant(G)), ("log_det", first), terms, "X", dXw)


def _scalar_product(kind: str, by_A: bool) -> Item:
    """7.7 (by x) and 7.8 (by A): bᵀAx, xᵀAᵀb, bᵀAᵀx."""
    label = "7.8" if by_A else "7.7"
    left, M, right = {"bAx": (b, A, x), "xAtb": (x, A.T, b), "bAtx": (b, A.T, x)}[kind]
    f = times(left.T, M, right)
    if by_A:
        dM, t = (dA.T, True) if M != A else (dA, False)
        first = ("linear", times(left.T, dM, right))
        return mf.by_trace(label, f, first, [([left.T], [right], t)], "A", dA)
    if right is x:
        return derivation(
            label, f, "x", "gradient", tp(times(left.T, M)), ("linear", times(left.T, M, dx))
        )
    return derivation(
        label,
        f,
        "x",
        "gradient",
        times(M, right),
        ("linear", times(dx.T, M, right)),
        ("scalar_transpose", times(right.T, tp(M), dx)),
    )


# 7.4's (row, column, X transposed) and 7.5's (X₁ = Xᵀ, X₂ = Xᵀ, X₃ = X⁻ᵀ) beside the sheet's
_ROW_COLUMN = ((A4, B4, True), (A4, A4.T, False), (B4.T, B4, True))
_TRANSPOSES = ((True, False, False), (False, True, True), (False, True, False))
# item k: the names of its variants' data, and its family (member 0: the sheet's function)
FAMILIES = (
    (("A", "B"), [None] + [_traced(kind) for kind in ("AXtB", "AtXB", "BXA")]),
    (("A", "X"), [None] + [_quadratic(kind) for kind in ("AXXt", "XtAX", "XAXt")]),
    (("A", "X"), [None] + [_log_det(kind) for kind in ("A+X", "A+Xt", "AX")]),
    (
        ("A", "B", "X"),
        [None, *(_bilinear_log(*sides) for sides in _ROW_COLUMN)],
    ),
    (
        ("A", "B", "X"),
        [None, *(_similar(*ts) for ts in _TRANSPOSES)],
    ),
    (("X", "A"), [None, _gram_log()]),
    (("A", "b"), [None] + [_scalar_product(kind, False) for kind in ("bAx", "xAtb", "bAtx")]),
    (("x", "b"), [None] + [_scalar_product(kind, True) for kind in ("bAx", "xAtb", "bAtx")]),
)
VARIANT_MEMBERS = (
    [0, 1, 2, 3],
    [0, 1, 2, 3],
    [1, 2, 3],
    [0, 1, 2, 3],
    [0, 1, 2, 3],
    [0, 1],
    [0, 1, 2, 3],
)


TASK = mf.FamilyTask(_sheet_items, FAMILIES, SHEET_DATA)


# our example for the sheet's items
_M = sp.Matrix
_EXAMPLE = (
    {"A": _M([[1, 2], [0, 1]]), "B": _M([[1, 0], [1, 1]])},
    {"A": _M([[1, 1], [0, 1]]), "X": _M([[1, 0], [1, 2]])},
    {"X": _M([[2, 1], [1, 1]])},
    {"A": _M([[1, 1]]), "B": _M([[1], [1]]), "X": _M([[2, 1], [1, 1]])},
    {"A": _M([[1, 0], [1, 1]]), "B": _M([[1, 1], [0, 1]]), "X": _M([[2, 1], [1, 1]])},
    {"X": _M([[1, 0], [0, 1], [1, 1]]), "A": _M([[2, 0, 0], [0, 1, 0], [0, 0, 1]])},
    {"A": _M([[1, 2], [3, 4]]), "b": _M([1, 1])},
    {"x": _M([1, 2]), "b": _M([1, 1])},
)
PARAMS = TASK.sheet(_EXAMPLE)


def _shape(k: int, member: int, name: str) -> tuple[int, int, int, int]:
    """(rows, cols, lowest, highest entry) of a datum."""
    if k == 3 and name in "AB":  # a row and a column: AX⁻¹B is a number
        return (1, 2, -2, 3) if name == "A" else (2, 1, -2, 3)
    if k == 5:  # XᵀAX with X 3×2, XAXᵀ with X 2×3
        return {"A": (3, 3, -1, 2), "X": (2, 3, -1, 2) if member else (3, 2, -1, 2)}[name]
    return (2, 1, -2, 3) if name in "xb" else (2, 2, -2, 3)


def _datum(k: int, member: int, name: str, index: int):
    """The index-th candidate for a datum, or None if it is not hand-friendly: vectors and
    rows without zeros, 2×2 matrices with at most one, a square X with 1 ≤ |det X| ≤ 3."""
    rows, cols, low, high = _shape(k, member, name)
    count = (high - low + 1) ** (rows * cols)
    M = mf.integer_matrix(index % count, rows, cols, low, high)
    zeros = sum(v == 0 for row in M for v in row)
    if (1 in (rows, cols) and zeros) or (rows == cols == 2 and zeros > 1) or zeros > 3:
        return None
    if name == "X" and rows == cols and not 1 <= abs(mf.determinant(M)) <= 3:
        return None
    return M


def _member(j: int, choice: dict, mix: int) -> int:
    """Item j's member: its axis's digit shifted by the draw's digits. The walk's trailing
    digits (the members') repeat with its stride and alone would keep an item's member for
    many variants in a row."""
    members = VARIANT_MEMBERS[j]
    return members[(members.index(choice[f"m{j}"]) + mix + j) % len(members)]


def _draw(**choice):
    """A draft (mf.FamilyTask.draft); 7.8 takes 7.7's function. Every item's member and data
    are shifted by the sum of all the data digits, which changes from one draw to the next: an
    axis the walk turns slowly (one of the last) alone would give neighbouring variants the
    same item."""
    mix = sum(choice[axis] for axis in _DATA_AXES)
    members = [_member(min(j, 6), choice, mix) for j in range(len(FAMILIES))]
    return TASK.draft(choice, members, _datum, lambda j: (j + 1) * mix)


_DATA_AXES = TASK.data_axes()
variant = TASK.pool(VARIANT_MEMBERS, _draw, 4099, PARAMS)
"""Variants: each item's function from its family (7.1: tr(AXB), tr(AXᵀB), tr(AᵀXB), tr(BXA);
7.2: tr(AXᵀX), tr(AXXᵀ), tr(XᵀAX), tr(XAXᵀ); 7.3: ln det(A + X), ln det(A + Xᵀ), ln det(AX);
7.4 with a row A and a column B: ln det(AX⁻¹B), ln det(AX⁻ᵀB), ln det(AX⁻¹Aᵀ), ln det(BᵀX⁻ᵀB);
7.5: tr(AXᵀXBX⁻ᵀ), tr(AXᵀXBX⁻¹), tr(AXXᵀBX⁻ᵀ), tr(AXXᵀBX⁻¹); 7.6: ln det(XᵀAX),
ln det(XAXᵀ); 7.7 and 7.8: xᵀAb, bᵀAx, xᵀAᵀb, bᵀAᵀx), its data integers (2×2 and 2×1
from -2..3, 7.6's from -1..2), f defined there, the value nonzero with denominators ≤ 12. Two
draws with the same values up to sign are one problem. Seed 0 is the sheet, with our example
data."""


# typical mistakes (templates/rubric.toml): name -> (the item's index, its wrong value)
MISTAKES = {
    "product_term_lost": (1, mm.without_transposed_differential("product")),
    "inverse_sign": (4, mm.sign_lost(("inverse", "inverse_transpose"))),
    "gram_term_lost": (5, mm.without_transposed_differential("log_det")),
    "outer_transposed": (7, mm.transposed),
}


@dataclass(frozen=True)
class Result:
    items: tuple[Item, ...]
    values: tuple[sp.Matrix, ...]  # each item's derivative at its data
    square_7_4: sp.MatrixExpr  # 7.4 when A and B are square and invertible
    square_7_6: sp.MatrixExpr  # 7.6 when X is square and invertible
    mistakes: dict[str, dict[str, sp.Matrix]]  # name -> {"values.k": the wrong value}


def solve(p: Params) -> Result:
    items, values = TASK.solved(p)
    wrong = mm.mistaken(items, p, MISTAKES)
    return Result(items, values, times(-1, T(Xi)), times(2, T(Xi)), wrong)


# what the page calls each value: boxed answers, the key and the quiz print "symbol = value"
SYMBOLS = {"values.6": r"\nabla_x f", "values.7": r"\nabla_A f", "values.*": r"\nabla_X f"}
