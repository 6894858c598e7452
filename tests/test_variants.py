"""Seeded variants: every claim of every variant is verified by the same independent oracles
(0 unverified). The default run proves variant 7 (tests/test_pdf.py, which compiles it) and
variants 1 and 7 against their golden files; CI's `make stress` (`generate.py --stress`)
proves seeds 1..DEFAULT_STRESS and every seed that ever failed (checks/regression_seeds.json),
and `pytest -m stress` runs the same here, with twenty more."""

from __future__ import annotations

import pytest

from checks import seeds, verify
from engine.builds import pipeline
from tests.conftest import chosen_ids

pytestmark = pytest.mark.per_task  # under --task, that task's variants (if it has any)
VARYING = pipeline.varying_tasks(chosen_ids())  # those with a `variant` pool
STRESSED = seeds.stress_seeds(seeds.DEFAULT_STRESS) if VARYING else []
MORE = range(seeds.DEFAULT_STRESS + 1, seeds.DEFAULT_STRESS + 21) if VARYING else []


@pytest.mark.stress
@pytest.mark.parametrize("seed", STRESSED)
def test_every_claim_of_a_variant_is_verified(seed):
    ledger = pipeline.render(VARYING, variant=seed).ledger
    assert verify.failures(ledger) == []


@pytest.mark.stress
@pytest.mark.parametrize("seed", MORE)
def test_more_seeds(seed):
    ledger = pipeline.render(VARYING, variant=seed).ledger
    assert verify.failures(ledger) == []


@pytest.mark.skipif(not VARYING, reason="no task of this run draws variants")
def test_variants_differ_and_variant_zero_is_the_sheet():
    sheet = pipeline.render(VARYING).ledger
    for task in VARYING:
        assert pipeline.given_data(task, 0) == __import__(task.module, fromlist=["_"]).PARAMS
        assert pipeline.given_data(task, 1) != pipeline.given_data(task, 0), task.id
    assert len(sheet) > 0
