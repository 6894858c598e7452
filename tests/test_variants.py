"""Seeded variants: every claim of every variant is verified by the same independent oracles
(0 unverified), for a sample of seeds and for every seed that ever failed (kept for good in
regression_seeds.json by `generate.py --stress`)."""

from __future__ import annotations

import pytest

from checks import seeds, verify
from engine.builds import pipeline
from tests.conftest import chosen_ids

pytestmark = pytest.mark.per_task  # under --task, that task's variants (if it has any)
REGRESSION_SEEDS = seeds.regression_seeds()
# with the regression seeds; tests/test_pdf.py verifies variant 7, which it compiles;
# -m stress and --stress run many more
SAMPLE_SEEDS: list[int] = []
VARYING = pipeline.varying_tasks(chosen_ids())  # those with a `variant` pool
SEEDS = sorted(set(SAMPLE_SEEDS) | set(REGRESSION_SEEDS)) if VARYING else []


@pytest.mark.parametrize("seed", SEEDS)
def test_every_claim_of_a_variant_is_verified(seed):
    ledger = pipeline.render(VARYING, variant=seed).ledger
    assert verify.failures(ledger) == []


@pytest.mark.stress
@pytest.mark.parametrize("seed", range(2, 22) if VARYING else [])
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
