"""Are the variants different problems? Two variants of a task are the same problem when every
answer a reader sees is the same up to sign, whatever data the statements give.

Used by `generate.py --stress`: each seed's ledger gives one fingerprint per task; seeds that
share a fingerprint with each other or with the sheet (seed 0) are reported. A task with fewer
distinct variants than the run asks for repeats them in order (solutions/variety.py); such a
repeat is expected exactly when the seeds are a multiple of that count apart.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from checks.oracles import module_for
from engine.ledger.claims import Claim


def answers_up_to_sign(claims: list[Claim], task: str) -> Hashable:
    """The task's answers, each with its sign dropped, as one comparable value: the claims its
    oracle module names as what a grader compares (`ANSWERS`), or else every value a reader
    sees (not the data, not facts or plot points)."""
    declared = getattr(module_for(task), "ANSWERS", None)
    shown = [
        claim
        for claim in claims
        if claim.task == task
        and claim.kind != "fact"
        and not claim.drawn
        and (
            any(claim.id.startswith(f"{task}.{answer}") for answer in declared)
            if declared
            else not claim.id.startswith(f"{task}.given.")
        )
    ]
    return tuple(sorted((claim.id, _unsigned(claim)) for claim in shown))


def _unsigned(claim: Claim) -> Hashable:
    if claim.value is None:  # a formula: the same for every data set or not, never -itself
        return claim.exact
    magnitudes = np.abs(np.array(claim.value, dtype=float)).ravel()
    return tuple(float(f"{m:.9g}") for m in magnitudes)


def repeats(
    fingerprints: dict[int, dict[str, Hashable]], sizes: dict[str, int]
) -> list[tuple[int, str]]:
    """(seed, what it repeats) for each seed giving a task the same answers up to sign as an
    earlier seed (0: the sheet); `sizes` is each task's number of distinct variants, a repeat
    at a multiple of which is expected."""
    problems = []
    tasks = {task for by_task in fingerprints.values() for task in by_task}
    for task in sorted(tasks):
        first_seed: dict[Hashable, int] = {}
        for seed in sorted(fingerprints):
            fingerprint = fingerprints[seed].get(task)
            if fingerprint is None:
                continue
            earlier = first_seed.setdefault(fingerprint, seed)
            if earlier == seed:
                continue
            expected = earlier > 0 and (seed - earlier) % sizes.get(task, seed + 1) == 0
            if not expected:
                what = "the sheet" if earlier == 0 else f"seed {earlier}"
                problems.append((seed, f"{task}: the same answers up to sign as {what}"))
    return problems
