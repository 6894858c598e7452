"""The tests a matrix-calculus task with families (ranepa3.6, ranepa3.7) shares: every function a
variant can state is one the oracle knows, every member's derivation (each line, the result)
agrees with the oracle's own function by finite differences, and the exact evaluation the
variant pool relies on agrees with sympy's own. A task's tests/tasks file subclasses
`FamilyTests` (a Test… class there) with its solution and oracle modules and its (item, member)
pairs; the class lives here, not in tests/tasks/, which holds one file per task."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
import sympy as sp

from checks.oracles import families as fam
from checks.oracles.numeric import evaluate, item_oracles
from solutions import matrix_families as mf


class FamilyTests:
    task: ModuleType  # the solution module
    oracle: ModuleType  # the oracle module
    members: tuple[tuple[int, int], ...]  # (item, member) of every function a variant can state

    def pytest_generate_tests(self, metafunc):
        """Each subclass's own (item, member) pairs: a parametrize mark here could not know
        them."""
        if "member" in metafunc.fixturenames:
            metafunc.parametrize(("k", "member"), self.members)

    def _identified(self, k, member):
        item = self.task.TASK.item(k, member)
        return item, fam.identify(item.function, self.oracle.FAMILIES[k])

    def test_every_variant_function_is_a_member_the_oracle_knows(self, k, member):
        assert self._identified(k, member)[1] is not None

    def test_every_member_is_derived_as_finite_differences_say(self, k, member):
        item, name = self._identified(k, member)
        checks = item_oracles({"p": fam.spec(self.oracle.FAMILIES[k][name])})
        lines = {"p.function": item.function, "p.result": item.result}
        lines |= {f"p.steps.{i}.expr": step.expr for i, step in enumerate(item.steps)}
        for path, formula in lines.items():
            check = checks.get(path, checks["p.steps.*.expr"])
            for seed in check.seeds:
                point = check.sample(seed)
                got, want = evaluate(formula, point), check.expected(point)
                assert np.allclose(got, want, rtol=1e-5, atol=check.atol), (path, seed)

    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_fraction_evaluation_agrees_with_sympy(self, n):
        p = self.task.variant(n)
        solved = self.task.solve(p)
        for statement, item, value in zip(p.items, solved.items, solved.values, strict=True):
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

    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_the_exact_value_is_the_derivative_sympy_takes(self, n):
        """The oracle's forward-mode values (checks/oracles/tangents.py) against sympy's
        differentiation of the member with every entry of the variable a symbol."""
        for k, statement in enumerate(self.task.variant(n).items):
            name = fam.identify(statement.function, self.oracle.FAMILIES[k])
            member = self.oracle.FAMILIES[k][name]
            values = {key: sp.Matrix(m) for key, m in statement.data.items()}
            if member.variable not in values:
                continue  # no point: the oracle differentiates symbolically itself
            assert fam.exact_value(member, values) == _symbolic(member, values), (k, name)


def _symbolic(member: fam.Member, values: dict) -> sp.Matrix:
    point = values[member.variable]
    entries = sp.Matrix(*point.shape, lambda i, j: sp.Symbol(f"v_{i}_{j}"))
    at = dict(zip(entries, point, strict=True))
    if member.kind == "differential":
        t = sp.Symbol("t")
        moved = values | {member.variable: entries + t * values["d" + member.variable]}
        F = sp.Matrix(member.f(fam.Sympy, moved))
        return F.applyfunc(lambda e: sp.simplify(sp.diff(e, t).subs(t, 0).subs(at)))
    F = member.f(fam.Sympy, values | {member.variable: entries})
    if member.kind == "jacobian":
        return sp.Matrix(F).jacobian(list(entries)).subs(at)
    F = fam.Sympy.s(F)
    return entries.applyfunc(lambda e: sp.simplify(sp.diff(F, e).subs(at)))
