"""Families of matrix-calculus items (ranepa3.6, ranepa3.7): pieces shared by their variants.

A variant replaces a sheet's function by another member of its family (a transpose, another
order of the factors, an inverse) and asks for the derivative's value at small integer
matrices. This module has what the two tasks share: their Params, transposing a product as a
reader writes it, turning trace terms into a gradient, evaluating a formula exactly at given
matrices in fractions (a pool checks thousands of draws; sympy's own evaluation would be too
slow), and the pool's steps: data that fit an item, a draw's key, its Params; `FamilyTask`
puts a task's items, its families and its pool together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from solutions.differentials import Item, derivation
from solutions.forms import plus, times
from solutions.variety import Pool

Mat = list[list[Fraction]]


@dataclass(frozen=True)
class Statement:
    """One item as a variant states it: f, and the data its derivative is evaluated at."""

    function: sp.Expr
    member: int  # which of the item's family (0: the sheet's function)
    names: tuple[str, ...]  # the data's names, in the order printed
    data: dict  # name -> integer matrix


@dataclass(frozen=True)
class Params:
    items: tuple[Statement, ...]
    asked: bool  # the statement gives the data (False: the sheet, our example)


def tp(e):
    """The transpose written as by hand: (PQ)ᵀ = QᵀPᵀ, (Xᵀ)ᵀ = X, (X⁻¹)ᵀ = X⁻ᵀ."""
    if isinstance(e, sp.Transpose):
        return e.arg
    if isinstance(e, sp.MatrixSymbol):
        return e.T
    if isinstance(e, sp.MatMul):
        scalars = [f for f in e.args if not f.is_Matrix]
        matrices = [f for f in e.args if f.is_Matrix]
        return times(*scalars, *(tp(f) for f in reversed(matrices)))
    if isinstance(e, sp.MatAdd):
        return plus(*(tp(t) for t in e.args))
    return sp.Transpose(e)  # an inverse or an identity


def chain(*factors):
    """A product of the factors that are there (an empty side of dX is left out)."""
    present = [f for f in factors if f is not None]
    return present[0] if len(present) == 1 else times(*present)


def trace_terms(terms, dX):
    """tr(P dX Q) and tr(P dXᵀ Q) terms (P, Q lists of factors, flag: dX transposed) brought
    to tr(M dX) by the cyclic rule: (the line Σ tr(M dX), the gradient Σ Mᵀ)."""
    lines, grads = [], []
    for P, Q, transposed in terms:
        M = [tp(f) for f in reversed(P)] + [tp(f) for f in reversed(Q)] if transposed else Q + P
        lines.append(sp.Trace(chain(*M, dX)))
        grads.append(tp(chain(*M)))
    return plus(*lines) if len(lines) > 1 else lines[0], plus(*grads) if len(grads) > 1 else grads[
        0
    ]


def tr(*factors):
    return sp.Trace(times(*factors))


def by_trace(label, f, first, terms, variable, differential) -> Item:
    """f whose differential `first` (a rule and a line) is a sum of trace terms (trace_terms),
    brought to tr(M dX) by the cyclic rule."""
    line, grad = trace_terms(terms, differential)
    return derivation(label, f, variable, "gradient", grad, first, ("cyclic", line))


# exact values at small matrices, in fractions


def evaluate(expr, data: dict[str, Mat]):
    """expr (a sympy matrix formula) at the given matrices: a Fraction or a list of rows."""
    dims = {}
    for m in expr.atoms(sp.MatrixSymbol):
        for size, actual in zip(m.shape, (len(data[m.name]), len(data[m.name][0])), strict=True):
            if isinstance(size, sp.Symbol):
                dims[size] = actual
    return _eval(expr, data, dims)


def _eval(e, data, dims):
    if isinstance(e, sp.MatrixSymbol):
        return [list(row) for row in data[e.name]]
    if isinstance(e, sp.Identity):
        k = int(e.shape[0].subs(dims))
        return [[Fraction(int(i == j)) for j in range(k)] for i in range(k)]
    args = [_eval(a, data, dims) for a in e.args] if not isinstance(e, MatrixElement) else []
    if isinstance(e, sp.MatMul | sp.Mul):
        out = Fraction(1)
        for a in args:
            out = _mul(out, a)
        return out
    if isinstance(e, sp.MatAdd | sp.Add):
        out = args[0]
        for a in args[1:]:
            out = _add(out, a)
        return out
    if isinstance(e, sp.Transpose):
        return [list(col) for col in zip(*args[0], strict=True)]
    if isinstance(e, sp.Inverse):
        return inverse(args[0])
    if isinstance(e, sp.Determinant):
        return determinant(args[0])
    if isinstance(e, sp.Trace):
        return sum(args[0][i][i] for i in range(len(args[0])))
    if isinstance(e, MatrixElement):
        return _eval(e.parent, data, dims)[int(e.i)][int(e.j)]
    if isinstance(e, sp.Pow):
        return args[0] ** int(e.exp)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    raise ValueError(f"cannot evaluate {e} exactly")


def _mul(a, b):
    if not isinstance(a, list) or not isinstance(b, list):
        s, m = (a, b) if not isinstance(a, list) else (b, a)
        return s * m if not isinstance(m, list) else [[s * v for v in row] for row in m]
    return [
        [sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def _add(a, b):
    if isinstance(a, list):
        return [[x + y for x, y in zip(r, s, strict=True)] for r, s in zip(a, b, strict=True)]
    return a + b


def determinant(m: Mat) -> Fraction:
    """By elimination, in fractions."""
    m = [list(map(Fraction, row)) for row in m]
    det = Fraction(1)
    for c in range(len(m)):
        pivot = next((r for r in range(c, len(m)) if m[r][c] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != c:
            m[c], m[pivot] = m[pivot], m[c]
            det = -det
        det *= m[c][c]
        for r in range(c + 1, len(m)):
            factor = m[r][c] / m[c][c]
            m[r] = [x - factor * y for x, y in zip(m[r], m[c], strict=True)]
    return det


def inverse(m: Mat) -> Mat:
    """Gauss-Jordan in fractions; ValueError for a singular matrix."""
    size = len(m)
    rows = [
        list(map(Fraction, row)) + [Fraction(int(i == j)) for j in range(size)]
        for i, row in enumerate(m)
    ]
    for c in range(size):
        pivot = next((r for r in range(c, size) if rows[r][c] != 0), None)
        if pivot is None:
            raise ValueError("singular")
        rows[c], rows[pivot] = rows[pivot], rows[c]
        rows[c] = [x / rows[c][c] for x in rows[c]]
        for r in range(size):
            if r != c and rows[r][c] != 0:
                factor = rows[r][c]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[c], strict=True)]
    return [row[size:] for row in rows]


def defined(function, data: dict[str, Mat]) -> bool:
    """Whether the function is defined at the data: every inverse's matrix invertible, every
    logarithm's argument positive."""
    try:
        for inv in function.atoms(sp.Inverse):
            if determinant(evaluate(inv.arg, data)) == 0:
                return False
        return all(_scalar(evaluate(log.args[0], data)) > 0 for log in function.atoms(sp.log))
    except ValueError:
        return False


def _scalar(v):
    return v[0][0] if isinstance(v, list) else v


def as_sympy(v) -> sp.Matrix:
    """A value in fractions as a sympy matrix (a number as 1×1)."""
    rows = v if isinstance(v, list) else [[v]]
    return sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in row] for row in rows])


def flat(v) -> tuple:
    return tuple(x for row in v for x in row) if isinstance(v, list) else (v,)


def plain(v) -> bool:
    """A hand-sized value: no entry with a denominator above 12 or a size above 60."""
    return all(x.denominator <= 12 and abs(x) <= 60 for x in flat(v))


def integer_matrices(rows: int, cols: int, low: int, high: int) -> list[tuple]:
    """Every rows×cols matrix of integers low..high, as a tuple of row tuples."""
    cells = product(range(low, high + 1), repeat=rows * cols)
    return [tuple(tuple(c[i * cols : (i + 1) * cols]) for i in range(rows)) for c in cells]


def integer_matrix(index: int, rows: int, cols: int, low: int, high: int) -> tuple:
    """The index-th rows×cols matrix of integers low..high (every index gives one; no list of
    them all is kept)."""
    base, cells = high - low + 1, []
    for _ in range(rows * cols):
        index, digit = divmod(index, base)
        cells.append(low + digit)
    return tuple(tuple(cells[i * cols : (i + 1) * cols]) for i in range(rows))


def primes_from(start: int, count: int) -> list[int]:
    """`count` primes from `start` on: the sizes of a pool's data axes, all different, so that
    the pool's walk does not draw the same digit on every axis of one size."""
    found, candidate = [], start
    while len(found) < count:
        if all(candidate % d for d in range(2, int(candidate**0.5) + 1)):
            found.append(candidate)
        candidate += 1
    return found


# the pools' steps, alike in both tasks


def fractions(m) -> Mat:
    """An integer matrix (sympy, or a tuple of rows) in fractions."""
    rows = m.tolist() if isinstance(m, sp.MatrixBase) else m
    return [[Fraction(int(v)) for v in row] for row in rows]


def value_at(item: Item, data: dict):
    """The derivative's value at the data in fractions, or None where f is not defined there,
    the value needs an inverse that does not exist, is zero or is not hand-sized."""
    exact = {name: fractions(m) for name, m in data.items()}
    if not defined(item.function, exact):
        return None
    try:
        value = evaluate(item.result, exact)
    except ValueError:
        return None
    return value if plain(value) and any(flat(value)) else None


def fitting(item: Item, names, datum, start: dict) -> tuple | None:
    """(data, value) at the first data that fit the item: datum(name, index) gives a candidate
    or None; the drawn indices `start` come first, then the next ones at a fixed stride, so
    that a misfit of one item does not cost the whole draw."""
    for attempt in range(200):
        data = {name: datum(name, start[name] + 7919 * attempt) for name in names}
        if all(m is not None for m in data.values()):
            value = value_at(item, data)
            if value is not None:
                return data, value
    return None


def draft_key(p, item_of) -> tuple:
    """The derivatives' values up to sign (what a grader compares) of a draft, a tuple of
    (member, data, |value| entries), or of Params (the sheet's)."""
    if isinstance(p, Params):
        p = tuple(
            (s.member, s.data, tuple(abs(v) for v in flat(value_at(item_of(k, s.member), s.data))))
            for k, s in enumerate(p.items)
        )
    return tuple(values for _, _, values in p)


def from_draft(draft, item_of, names_of) -> Params:
    return Params(
        items=tuple(
            Statement(
                item_of(k, member).function,
                member,
                names_of(k, member),
                {name: sp.Matrix(m) for name, m in data.items()},
            )
            for k, (member, data, _) in enumerate(draft)
        ),
        asked=True,
    )


def values(items, p: Params) -> tuple[sp.Matrix, ...]:
    """Each item's derivative at its statement's data."""
    return tuple(
        as_sympy(evaluate(item.result, {n: fractions(m) for n, m in s.data.items()}))
        for item, s in zip(items, p.items, strict=True)
    )


@dataclass(frozen=True)
class FamilyTask:
    """A task's items, each with its family: item k's member 0 is the sheet's item
    (sheet_items()[k], evaluated at the data sheet_data[k] names), and families[k] is (the
    names of its variants' data, [None, member 1, member 2, ...])."""

    sheet_items: Callable[[], tuple[Item, ...]]
    families: tuple
    sheet_data: tuple[tuple[str, ...], ...]

    def item(self, k: int, member: int) -> Item:
        return self.sheet_items()[k] if member == 0 else self.families[k][1][member]

    def names(self, k: int, member: int) -> tuple[str, ...]:
        """The data a member's derivative is evaluated at: its family's that it has."""
        if member == 0:
            return self.sheet_data[k]
        item = self.item(k, member)
        symbols = item.function.atoms(sp.MatrixSymbol) | item.result.atoms(sp.MatrixSymbol)
        return tuple(name for name in self.families[k][0] if name in {s.name for s in symbols})

    def sheet(self, examples) -> Params:
        """The sheet's Params: its items at our example data."""
        return Params(
            items=tuple(
                Statement(self.item(k, 0).function, 0, self.sheet_data[k], data)
                for k, data in enumerate(examples)
            ),
            asked=False,
        )

    def solved(self, p: Params) -> tuple[tuple[Item, ...], tuple[sp.Matrix, ...]]:
        """The items p states and their derivatives' values at its data."""
        items = tuple(self.item(k, s.member) for k, s in enumerate(p.items))
        return items, values(items, p)

    def data_axes(self) -> list[str]:
        """The pool's axis of each item's datum: d{k}_{name}."""
        return [f"d{k}_{name}" for k, (names, _) in enumerate(self.families) for name in names]

    def draft(
        self,
        choice: dict,
        members: Sequence[int],
        datum: Callable[[int, int, str, int], tuple | None],
        shift: Callable[[int], int] = lambda k: 0,
    ) -> tuple | None:
        """A draft: per item (member, data as integer tuples, |value| entries), or None where
        an item has no data that fit. members[k] is item k's member, datum(k, member, name,
        index) a candidate datum or None; item k's search starts at its axes' digits moved by
        shift(k)."""
        items = []
        for k, member in enumerate(members):
            names = self.names(k, member)
            start = {name: choice[f"d{k}_{name}"] + shift(k) for name in names}
            candidate = lambda name, index, k=k, member=member: datum(k, member, name, index)
            found = fitting(self.item(k, member), names, candidate, start)
            if found is None:
                return None
            data, value = found
            items.append((member, data, tuple(abs(v) for v in flat(value))))
        return tuple(items)

    def pool(self, variant_members, draw, first_prime: int, sheet: Params) -> Pool:
        """Variants: axis m{k} picks item k's member, each data axis (a prime number of
        digits from first_prime on) the index of a datum's candidate."""
        axes = self.data_axes()
        return Pool(
            {f"m{k}": members for k, members in enumerate(variant_members)}
            | {
                axis: range(size)
                for axis, size in zip(axes, primes_from(first_prime, len(axes)), strict=True)
            },
            draw,
            key=lambda p: draft_key(p, self.item),
            sheet=sheet,
            finish=lambda draft: from_draft(draft, self.item, self.names),
        )
