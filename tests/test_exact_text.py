"""The ledger's fast string form is sympy's own `sstr`, character for character."""

from __future__ import annotations

import pytest
import sympy as sp

from engine.ledger.exact_text import exact_text
from tests.conftest import full_booklet

A, B, C = (sp.MatrixSymbol(name, 3, 3) for name in "ABC")
x = sp.MatrixSymbol("x", 3, 1)
t = sp.Symbol("t")


@pytest.mark.per_task
def test_every_claim_of_the_sheets_prints_as_sympy_prints_it():
    ledger = full_booklet().ledger
    differ = [
        claim.id
        for claim in ledger
        if claim.kind != "fact"
        and exact_text(ledger.exact(claim.id)) != sp.sstr(ledger.exact(claim.id))
    ]
    assert not differ


def test_matrix_expressions_with_signs_print_as_sympy_prints_them():
    expressions = [
        -2 * A * B,
        A - B * C,
        -A * B + C,
        -(A * B).T,
        (A - B) * C,
        -sp.Rational(1, 2) * x.T * A * x,
        sp.I * A * B,
        -sp.I * A,
        A * B - 3 * C * A,
        sp.Trace(-A * B) - t,
        sp.HadamardProduct(-A, B * C),
        (A * B) ** -1 - A.T,
        x.T * (A + A.T) * x,
    ]
    for expression in expressions:
        assert exact_text(expression) == sp.sstr(expression), expression
