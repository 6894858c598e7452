"""The oracles' evaluator: a formula compiled to numpy gives what sympy's own substitution
gives, for every kind of node the derivations use, and a formula numpy cannot write still
evaluates (by sympy)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from checks.oracles import numeric

n = sp.Symbol("n")
X, Y = sp.MatrixSymbol("X", n, n), sp.MatrixSymbol("Y", n, n)
a = sp.MatrixSymbol("a^{l-1}", n, 1)  # a name lambdify cannot write in Python
t, c = sp.Symbol("t"), sp.Symbol(r"\gamma")
f = sp.Function("f")
T = sp.Dummy("T")

FORMULAS = {
    "product with a scalar": c * X * Y.T,
    "sum of products": X * Y + 2 * Y.T * X - c * sp.Identity(n),
    "inverse": (X.T * X + c * sp.Identity(n)).inv() * X.T * a,
    "trace": sp.Trace(X * Y.T) * c,
    "determinant and log": sp.log(sp.Determinant(X.T * X)) - sp.Trace(X.inv()),
    "quadratic form": (a.T * X * a)[0, 0] + t**2 / 2,
    "Hadamard product": sp.HadamardProduct(X, Y) * a,
    "ones": sp.OneMatrix(1, n) * X * a,
    "entry": X[0, 1] * sp.exp(t) - Y[1, 0],
    "applied elementwise": X.applyfunc(sp.Lambda(T, sp.tanh(T))) * a,
    "undefined function bound": f(t) * X,
}


def point(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    square = rng.normal(size=(3, 3)) + 3 * np.eye(3)
    return {
        "X": square,
        "Y": rng.normal(size=(3, 3)),
        "a^{l-1}": rng.normal(size=(3, 1)),
        "t": float(rng.normal()),
        r"\gamma": float(rng.uniform(0.5, 2)),
        "f": sp.Lambda(T, 1 / (1 + sp.exp(-T))),
    }


@pytest.mark.parametrize("name", FORMULAS)
def test_the_compiled_formula_is_sympys_value(name):
    formula = FORMULAS[name]
    for seed in range(3):
        values = point(seed)
        dims = numeric._dimensions(formula, values)
        by_sympy = numeric._substituted(formula.subs(dims), values)
        assert np.allclose(numeric.evaluate(formula, values), by_sympy, rtol=1e-10), name


def test_most_kinds_compile_and_what_cannot_still_evaluates():
    values = point(0)
    compiled = [
        name
        for name, formula in FORMULAS.items()
        if numeric._compiled(
            formula,
            tuple(numeric._dimensions(formula, values).items()),
            (("f", values["f"]),),
        )
        is not None
    ]
    assert set(FORMULAS) - set(compiled) == set()
    shrunk = sp.Function("Shrunk")  # a function numpy does not know: sympy evaluates it
    unknown = X.applyfunc(sp.Lambda(T, shrunk(T)))
    assert numeric._compiled(unknown, ((n, 3),), ()) is None


def test_a_sum_over_indices_compiles_once_its_bounds_are_known():
    """x_1..x_n counted from 1, as formulas write them; n is the point's whole number."""
    i, m = sp.Idx("i"), sp.Symbol("m", integer=True)
    x, w = sp.IndexedBase("x"), sp.IndexedBase("w")
    formula = sp.Sum(w[i] * x[i] ** 2, (i, 1, m)) / m
    values = {"x": np.array([[1.0], [2.0], [3.0]]), "w": np.array([2.0, -1.0, 0.5]), "m": 3}
    expected = (2 * 1 - 1 * 4 + 0.5 * 9) / 3
    assert numeric._compiled(formula, ((m, 3),), ()) is not None
    assert numeric.evaluate(formula, values) == pytest.approx(expected)
    dims = {m: 3}
    assert numeric._substituted(formula.subs(dims), values) == pytest.approx(expected)


def test_a_wrong_formula_is_told_apart():
    values = point(1)
    right, wrong = X * Y.T, Y.T * X
    assert not np.allclose(numeric.evaluate(right, values), numeric.evaluate(wrong, values))
    expected = values["X"] @ values["Y"].T
    assert np.allclose(numeric.evaluate(right, values), expected)


def test_exact_values_are_equal_in_any_form_and_only_then():
    from checks.verify import equal

    assert equal(sp.tanh(1) ** 2 + 1 / sp.cosh(1) ** 2, sp.Integer(1))
    assert equal(
        sp.exp(sp.Rational(5, 8)) / (1 + sp.exp(sp.Rational(5, 8))) ** 2,
        1 / (4 * sp.cosh(sp.Rational(5, 16)) ** 2),
    )
    assert not equal(sp.sqrt(2), sp.sqrt(2) + sp.Rational(1, 10**55))
    assert not equal(
        sp.Integer(10) ** 30 * sp.pi, sp.Integer(10) ** 30 * sp.pi + sp.Rational(1, 10**20)
    )
