"""Checking a ledger against the independent oracles: used by the claim tests (the sheets'
numbers), the variant tests and `generate.py --stress` (seeded variants).

Only the ledger (engine.ledger.claims) is read from the engine; the values are recomputed by the
oracles of checks/oracles, which never import solutions/."""

from __future__ import annotations

import re

import numpy as np
import sympy as sp

from checks.digits import careful_digits, digits
from checks.oracles import for_task, invariants_for
from checks.oracles.numeric import AtRandomPoints, FromClaims, Satisfies, evaluate
from engine.ledger.claims import Ledger, split_entry

_TOLERANCE = sp.Float("1e-60", 80)


def given_of(ledger: Ledger, task: str) -> dict:
    """The task's published data: {path after `given.`: exact value}."""
    prefix = f"{task}.given."
    return {
        claim.id[len(prefix) :]: ledger.exact(claim.id)
        for claim in ledger
        if claim.id.startswith(prefix) and not split_entry(claim.id)
    }


def all_oracles(ledger: Ledger) -> dict:
    merged = {}
    for task in dict.fromkeys(claim.task for claim in ledger):
        merged |= for_task(task, given_of(ledger, task))
    return merged


def generic(claim_id: str) -> str:
    """`...steps.3.expr` -> `...steps.*.expr`: one oracle serves every line of a derivation."""
    return re.sub(r"\.steps\.\d+\.", ".steps.*.", claim_id)


def oracle_for(oracles: dict, claim_id: str):
    """The oracle of a claim; an entry `a[i,j]` is taken from the oracle of `a`."""
    for key in (claim_id, generic(claim_id)):
        if key in oracles:
            return oracles[key]
    entry = split_entry(claim_id)
    if entry and entry[0] in oracles:
        parent, index = oracles[entry[0]], entry[1]
        pick = lambda value: as_value(value)[index if len(index) > 1 else index[0]]
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
        got, want = to_floats(a), to_floats(b)
        return got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return (
            isinstance(a, sp.MatrixBase)
            and isinstance(b, sp.MatrixBase)
            and a.shape == b.shape
            and all(equal(x, y) for x, y in zip(a, b, strict=True))
        )
    difference = a - b
    if difference == 0:
        return True
    if not difference.free_symbols:  # numbers: 80 digits of each decide (simplify can take
        # minutes, and evaluating the difference itself chases its cancellation to the end)
        # the fast digits where they agree; evalf's, which chase any cancellation, otherwise
        return _close(digits(a), digits(b)) or _close(careful_digits(a), careful_digits(b))
    return sp.simplify(difference) == 0


def _close(x, y) -> bool:
    return abs(x - y) <= _TOLERANCE * max(1, abs(y))


def check(ledger: Ledger, oracles: dict, claim_id: str) -> None:
    """AssertionError with the reason if the claim disagrees with its oracle."""
    claim = ledger[claim_id]
    expected = oracle_for(oracles, claim_id)
    published = [ledger.exact(f"{claim.task}.{path}") for path in getattr(expected, "inputs", ())]
    if isinstance(expected, Satisfies):
        assert expected.holds(*published), f"{claim_id}: not {expected.description}"
        return
    if isinstance(expected, FromClaims):
        expected = expected.compute(*published)
    if claim.kind == "fact" or isinstance(expected, bool):
        assert claim.kind == "fact" and isinstance(expected, bool), (
            f"{claim_id}: a fact on one side only (shown {claim.kind}, oracle {expected!r})"
        )
        assert claim.value is expected, (
            f"{claim_id}: the page says {claim.value}, oracle {expected}"
        )
        return
    if isinstance(expected, AtRandomPoints):
        formula = ledger.exact(claim_id)
        for seed in expected.seeds:
            point = expected.sample(seed)
            got, want = evaluate(formula, point), expected.expected(point)
            assert np.allclose(got, want, rtol=1e-5, atol=expected.atol), (
                f"{claim_id} at seed {seed}"
            )
        return
    # the recorded value itself (claims.json's text of it parses back to it: tests/test_claims)
    assert equal(ledger.exact(claim_id), expected), (
        f"{claim_id}: shown {claim.exact}, oracle {expected}"
    )
    if claim.value is not None:  # claims.json's float value agrees too
        got, want = np.array(claim.value, dtype=float).ravel(), to_floats(expected).ravel()
        assert got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12), claim_id


def to_floats(x) -> np.ndarray:
    x = as_value(x)
    if isinstance(x, sp.MatrixBase):
        return np.array([[float(digits(e)) for e in row] for row in x.tolist()], dtype=float)
    return np.array(float(digits(x)))


def unverified(ledger: Ledger, oracles: dict) -> list[str]:
    missing = []
    for claim in ledger:
        try:
            oracle_for(oracles, claim.id)
        except KeyError:
            missing.append(claim.id)
    return missing


def stale(ledger: Ledger, oracles: dict) -> list[str]:
    """Oracles whose claim is not on the page: a template lost a claim."""
    shown = {claim.id for claim in ledger}
    shown |= {entry[0] for entry in map(split_entry, shown) if entry}
    shown |= {generic(claim_id) for claim_id in shown}
    return sorted(set(oracles) - shown)


def broken_invariants(ledger: Ledger) -> list[str]:
    """The pedagogical invariants (checks/oracles/*: invariants) a variant's data break."""
    return [
        f"{task}: invariant broken: {name}"
        for task in dict.fromkeys(claim.task for claim in ledger)
        for name, holds in invariants_for(task, given_of(ledger, task)).items()
        if not holds
    ]


def failures(ledger: Ledger) -> list[str]:
    """Everything wrong with a variant's ledger: unverified claims, disagreements and broken
    invariants. (Stale oracles are not: a variant may rightly hide a remark, e.g. when its
    data are consistent.)"""
    oracles = all_oracles(ledger)
    missing = unverified(ledger, oracles)
    problems = [f"unverified: {i}" for i in missing]
    problems += broken_invariants(ledger)
    for claim in ledger:
        if claim.id in missing:
            continue
        try:
            check(ledger, oracles, claim.id)
        except AssertionError as err:
            problems.append(str(err))
        except KeyError as err:  # an input of its oracle is not on the page: not verified
            problems.append(f"{claim.id}: its oracle needs {err}, which the page does not show")
    return problems
