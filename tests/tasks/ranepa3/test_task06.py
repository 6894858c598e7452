"""ranepa3.6: every function a variant can state is one the oracle knows, every member's
derivation (each line, the result) agrees with the oracle's own function by finite differences,
and the exact evaluation the variant pool relies on agrees with sympy's own."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from checks.oracles import families as fam
from checks.oracles.numeric import evaluate, item_oracles
from checks.oracles.ranepa3 import task06 as oracle
from solutions import matrix_families as mf
from solutions.ranepa3 import task06 as task

MEMBERS = [(k, j) for k, members in enumerate(task.VARIANT_MEMBERS) for j in members]


@pytest.mark.parametrize(("k", "j"), MEMBERS)
def test_every_variant_function_is_a_member_the_oracle_knows(k, j):
    assert fam.identify(task._item(k, j).function, oracle.FAMILIES[k]) is not None


@pytest.mark.parametrize(("k", "j"), MEMBERS)
def test_every_member_is_derived_as_finite_differences_say(k, j):
    item = task._item(k, j)
    member = oracle.FAMILIES[k][fam.identify(item.function, oracle.FAMILIES[k])]
    checks = item_oracles({"p": fam.spec(member)})
    lines = {"p.function": item.function, "p.result": item.result}
    lines |= {f"p.steps.{i}.expr": step.expr for i, step in enumerate(item.steps)}
    for path, formula in lines.items():
        check = checks.get(path, checks["p.steps.*.expr"])
        for seed in check.seeds:
            point = check.sample(seed)
            got, want = evaluate(formula, point), check.expected(point)
            assert np.allclose(got, want, rtol=1e-5, atol=check.atol), (path, seed)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_fraction_evaluation_agrees_with_sympy(n):
    p = task.variant(n)
    for statement, item, value in zip(
        p.items, task.solve(p).items, task.solve(p).values, strict=True
    ):
        dims = {}
        for m in item.result.atoms(sp.MatrixSymbol):
            for size, actual in zip(
                m.shape, statement.data.get(m.name, sp.zeros(2, 1)).shape, strict=False
            ):
                if isinstance(size, sp.Symbol):
                    dims[size] = actual
        result = item.result.subs(dims)
        mapping = {
            m: sp.ImmutableMatrix(statement.data[m.name]) for m in result.atoms(sp.MatrixSymbol)
        }
        assert sp.Matrix(result.xreplace(mapping).doit()).applyfunc(sp.simplify) == value
        assert mf.plain([[mf.Fraction(int(sp.numer(v)), int(sp.denom(v))) for v in value]])
