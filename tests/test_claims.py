"""Every claim in the ledger equals its independent oracle; no claim goes unverified."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import sympy as sp

from engine import registry
from engine.claims import split_entry
from tests.conftest import full_booklet
from tests.oracles import for_task
from tests.oracles.numeric import AtRandomPoints, FromClaims, Satisfies, evaluate


def all_oracles() -> dict:
    merged = {}
    for task in registry.TASKS:
        merged |= for_task(task.id)
    return merged


def generic(claim_id: str) -> str:
    """`...steps.3.expr` -> `...steps.*.expr`: one oracle serves every line of a derivation."""
    return re.sub(r"\.steps\.\d+\.", ".steps.*.", claim_id)


def oracle_for(claim_id: str):
    """The oracle value of a claim; an entry `a[i,j]` is taken from the oracle of `a`."""
    oracles = all_oracles()
    for key in (claim_id, generic(claim_id)):
        if key in oracles:
            return oracles[key]
    entry = split_entry(claim_id)
    if entry and entry[0] in oracles:
        parent, index = oracles[entry[0]], entry[1]
        pick = lambda value: as_value(value)[index if len(index) > 1 else index[0]]  # noqa: E731
        if isinstance(parent, Satisfies):
            return parent  # the property of the whole covers its entries
        if isinstance(parent, FromClaims):
            return FromClaims(lambda *values: pick(parent.compute(*values)), parent.inputs)
        return pick(parent)
    raise KeyError(claim_id)


def as_value(x):
    if isinstance(x, np.ndarray):
        x = sp.Matrix(np.atleast_2d(x).tolist())
    x = sp.sympify(x)
    return x[0, 0] if isinstance(x, sp.MatrixBase) and x.shape == (1, 1) else x


def approximate(x) -> bool:
    """Computed in floating point (an experiment), so compared with a tolerance."""
    return bool(getattr(x, "atoms", lambda *_: ())(sp.Float))


def equal(a, b) -> bool:
    a, b = as_value(a), as_value(b)
    if approximate(a) or approximate(b):
        got, want = np.array(sp.N(a), dtype=float), np.array(sp.N(b), dtype=float)
        return got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)
                and a.shape == b.shape and all(equal(x, y) for x, y in zip(a, b)))
    difference = sp.simplify(a - b)
    if difference == 0:
        return True
    # an exact zero sympy could not simplify still evaluates to (numerically) nothing
    return not difference.free_symbols and abs(sp.N(difference, 80)) < sp.Float("1e-60")


def claim_ids() -> list[str]:
    return [claim.id for claim in full_booklet().ledger]


@pytest.mark.parametrize("claim_id", claim_ids())
def test_claim_matches_its_oracle(booklet, claim_id):
    claim = booklet.ledger[claim_id]
    expected = oracle_for(claim_id)
    published = [booklet.ledger.exact(f"{claim.task}.{path}")
                 for path in getattr(expected, "inputs", ())]
    if isinstance(expected, Satisfies):
        assert expected.holds(*published), f"{claim_id}: not {expected.description}"
        return
    if isinstance(expected, FromClaims):
        expected = expected.compute(*published)
    if isinstance(expected, AtRandomPoints):
        formula = booklet.ledger.exact(claim_id)
        for seed in expected.seeds:
            point = expected.sample(seed)
            got, want = evaluate(formula, point), expected.expected(point)
            assert np.allclose(got, want, rtol=1e-5, atol=expected.atol), f"{claim_id} at seed {seed}"
        return
    published = sp.sympify(claim.exact)  # what claims.json says, parsed back
    assert equal(published, expected), f"{claim_id}: shown {claim.exact}, oracle {expected}"
    expected = as_value(expected)
    if claim.value is not None:
        floats = sp.Matrix(claim.value) if isinstance(claim.value, list) else claim.value
        assert equal(sp.Matrix(floats).evalf() if isinstance(floats, sp.Matrix) else floats,
                     sp.N(expected)) or _close(claim.value, expected), claim_id


def _close(value, expected) -> bool:
    if isinstance(value, list):
        flat = [x for row in value for x in row]
        exp = list(expected) if isinstance(expected, sp.MatrixBase) else [expected]
        return all(abs(v - float(e)) <= 1e-12 * max(1, abs(float(e))) for v, e in zip(flat, exp))
    return abs(value - float(expected)) <= 1e-12 * max(1, abs(float(expected)))


def test_every_claim_is_verified(booklet):
    unverified = []
    for claim in booklet.ledger:
        try:
            oracle_for(claim.id)
        except KeyError:
            unverified.append(claim.id)
    assert not unverified, f"{len(unverified)} unverified claim(s): {unverified}"


def test_every_oracle_is_shown(booklet):
    """An oracle for a value no longer on the page means a template lost a claim."""
    shown = {claim.id for claim in booklet.ledger}
    shown |= {entry[0] for entry in map(split_entry, shown) if entry}
    shown |= {generic(claim_id) for claim_id in shown}
    assert sorted(set(all_oracles()) - shown) == []


def test_claims_json_has_the_published_fields(booklet):
    data = json.loads(booklet.ledger.to_json())
    assert len(data["claims"]) == len(booklet.ledger) > 0
    for claim in data["claims"]:
        assert set(claim) == {"id", "task", "exact", "value", "latex", "drawn"}
        assert claim["id"].startswith(claim["task"] + ".")
