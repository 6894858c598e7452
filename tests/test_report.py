"""Problems of a ledger told where an author fixes them (checks/report.py), and never a claim
left unverified in silence (checks/verify.py's failures)."""

from __future__ import annotations

import sympy as sp

from checks import report, verify
from checks.oracles.numeric import FromClaims
from engine.ledger.claims import Ledger


def ledger_of(**values) -> Ledger:
    ledger = Ledger()
    for path, value in values.items():
        ledger.record(f"t.{path}", "t", value)
        ledger.places[f"t.{path}"] = f"templates/t/task01.tex.j2:{len(ledger)}"
    return ledger


def test_an_oracle_input_the_page_does_not_show_is_a_problem(monkeypatch):
    ledger = ledger_of(loss=sp.Integer(4))
    oracles = {"t.loss": FromClaims(lambda w: w**2, ("w",))}
    monkeypatch.setattr(verify, "all_oracles", lambda _: oracles)
    monkeypatch.setattr(verify, "broken_invariants", lambda _: [])
    assert verify.failures(ledger) == [
        "t.loss: its oracle needs 't.w', which the page does not show"
    ]
    told = report.problems(ledger, stale_too=False)
    assert told == [
        "templates/t/task01.tex.j2:1: the oracle of t.loss needs 't.w', which the page does not "
        "show (show it, or compute the oracle from what is shown)"
    ]


def test_a_claim_without_an_oracle_is_told_once_at_its_line(monkeypatch):
    ledger = ledger_of(w=sp.Integer(2), loss=sp.Integer(4))
    monkeypatch.setattr(verify, "all_oracles", lambda _: {"t.w": sp.Integer(2)})
    monkeypatch.setattr(verify, "broken_invariants", lambda _: [])
    monkeypatch.setattr(report, "_oracle_file", lambda task: "checks/oracles/t/task01.py")
    assert report.problems(ledger, stale_too=False) == [
        'templates/t/task01.tex.j2:2: t.loss has no oracle: add "loss" to oracles() in '
        "checks/oracles/t/task01.py"
    ]
