"""Exact derivatives of a family member by forward-mode differentiation: the variable enters as
a pair (value, tangent), every operation carries its first-order change, and the tangent of
the result along a direction E is the derivative along E. With integer data all of it is
rational arithmetic, where sympy's differentiation of the whole symbolic expression took a
tenth of a second per item.

A third route, beside the derivation's formula (checked at random points) and the solution's
numbers: the product rule, (A + εa)⁻¹ = A⁻¹ - εA⁻¹aA⁻¹, d det A = tr(adj(A) a) and
d ln t = dt / t, applied by the members' own code."""

from __future__ import annotations

import sympy as sp


class Pair:
    """A matrix (or a number) with its tangent, under what the members use: products, sums,
    transposes and inverses (another operation fails loudly, to be added here). No `shape`:
    sympy would take a pair with one for a matrix to convert, rather than leave `matrix @ pair`
    to the pair."""

    def __init__(self, value, tangent):
        self.value, self.tangent = value, tangent

    @property
    def T(self) -> Pair:
        return Pair(self.value.T, self.tangent.T)

    def inv(self) -> Pair:
        inverse = self.value.inv()
        return Pair(inverse, -inverse @ self.tangent @ inverse)

    def __matmul__(self, other) -> Pair:
        value, tangent = _split(other)
        return Pair(self.value @ value, self.tangent @ value + self.value @ tangent)

    def __rmatmul__(self, other) -> Pair:
        return Pair(other @ self.value, other @ self.tangent)

    def __add__(self, other) -> Pair:
        value, tangent = _split(other)
        return Pair(self.value + value, self.tangent + tangent)

    __radd__ = __add__


def _split(x) -> tuple:
    if isinstance(x, Pair):
        return x.value, x.tangent
    zero = sp.zeros(*x.shape) if isinstance(x, sp.MatrixBase) else sp.Integer(0)
    return x, zero


class Tangents:
    """The operations a member calls (families.Numpy, families.Sympy), on pairs."""

    @staticmethod
    def inv(m):
        return m.inv()

    @staticmethod
    def det(m):
        if not isinstance(m, Pair):
            return m.det()
        return Pair(m.value.det(), (m.value.adjugate() @ m.tangent).trace())

    @staticmethod
    def log(t):
        if not isinstance(t, Pair):
            return sp.log(t)
        return Pair(sp.log(t.value), t.tangent / t.value)

    @staticmethod
    def tr(m):
        if not isinstance(m, Pair):
            return m.trace()
        return Pair(m.value.trace(), m.tangent.trace())

    @staticmethod
    def s(m):
        """A 1×1 matrix as its number."""
        if isinstance(m, Pair):
            return Pair(*(_number(part) for part in (m.value, m.tangent)))
        return _number(m)


def _number(m):
    return m[0, 0] if isinstance(m, sp.MatrixBase) else m


def tangent(f, values: dict, variable: str, direction: sp.Matrix):
    """The derivative of f(Tangents, values) along `direction` of `variable` (a number or a
    matrix shaped like f's value)."""
    point = values[variable]
    out = f(Tangents, values | {variable: Pair(point, direction)})
    if not isinstance(out, Pair):  # f does not depend on the variable
        return sp.zeros(*out.shape) if isinstance(out, sp.MatrixBase) else sp.Integer(0)
    return out.tangent


def unit(shape: tuple[int, int], i: int, j: int) -> sp.Matrix:
    e = sp.zeros(*shape)
    e[i, j] = 1
    return e
