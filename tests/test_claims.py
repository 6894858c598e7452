"""Every claim of the sheets' own numbers equals its independent oracle; none is unverified."""

from __future__ import annotations

import json

import pytest

from checks import verify
from tests.conftest import full_booklet

pytestmark = pytest.mark.per_task  # under --task, the task's claims alone


def claim_ids() -> list[str]:
    return [claim.id for claim in full_booklet().ledger]


@pytest.fixture(scope="module")
def oracles(booklet):
    return verify.all_oracles(booklet.ledger)


@pytest.mark.parametrize("claim_id", claim_ids())
def test_claim_matches_its_oracle(booklet, oracles, claim_id):
    verify.check(booklet.ledger, oracles, claim_id)


def test_every_claim_is_verified(booklet, oracles):
    missing = verify.unverified(booklet.ledger, oracles)
    assert not missing, f"{len(missing)} unverified claim(s): {missing}"


def test_every_oracle_is_shown(booklet, oracles):
    """An oracle for a value no longer on the page means a template lost a claim."""
    assert verify.stale(booklet.ledger, oracles) == []


def test_claims_json_has_the_published_fields(booklet):
    data = json.loads(booklet.ledger.to_json())
    assert {"template", "line", "text", "rule", "reason"} == set(data["typed"][0])
    assert len(data["claims"]) == len(booklet.ledger) > 0
    for claim in data["claims"]:
        assert set(claim) == {"id", "task", "kind", "exact", "value", "latex", "drawn", "symbol"}
        assert claim["id"].startswith(claim["task"] + ".")


def test_claims_json_exact_text_reads_back_as_the_proven_value(booklet):
    """The proof checks the recorded values themselves; claims.json publishes their text, so
    that text must parse back to the same value (engine/ledger/exact_text.py). Numbers and
    matrices: a formula is proven at random points from its value, not from its text."""
    import sympy

    wrong = []
    for claim in booklet.ledger:
        if claim.kind not in ("number", "matrix"):
            continue
        parsed, recorded = (
            sympy.sympify(claim.exact),
            verify.as_value(booklet.ledger.exact(claim.id)),
        )
        if not verify.equal(parsed, recorded):
            wrong.append(claim.id)
    assert not wrong, f"{len(wrong)} claim(s) whose exact text is another value: {wrong[:5]}"
