"""The build proves before it publishes: every claim of every task a build rendered is checked
against its oracle (checks/report.py) while TeX compiles, and a failure publishes nothing.

A task's proof is kept in the build's cache, keyed by its claims (ids, kinds, exact values), its
oracle module and the shared code of checks/ (not the other tasks' oracles): an edit
re-verifies only the tasks whose numbers or oracles it changed.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from checks import report
from engine.errors import UserError
from engine.ledger.claims import Ledger
from engine.registry import task_stem
from engine.store.cache import Store, digest

CHECKS = Path(__file__).resolve().parents[1] / "checks"
_VERSION = "1"  # of what a proof entry means: a change here makes every old proof a miss


def prove(ledger: Ledger, variant: int, store: Store | None) -> list[str]:
    """The tasks verified now (the others were proven before); UserError listing every
    problem, each at its place, if a claim is not proven. `variant` 0 is the sheets' own
    numbers, where an oracle without its claim is a problem too (a variant may rightly leave
    a remark out)."""
    problems, verified = [], []
    for task in dict.fromkeys(claim.task for claim in ledger):
        part = ledger.only({task})
        key = _key(task, part, variant == 0)
        stricter = _key(task, part, True)  # the sheets' proof of the same claims covers it
        if store is not None and any(store.get("proof", k) is not None for k in {key, stricter}):
            continue
        found = report.problems(part, stale_too=variant == 0)
        # its page came from the cache (only the criteria's mistakes were rendered now):
        # render it afresh for the lines
        if found and any(claim.id not in part.places for claim in part):
            found = report.problems(_afresh(task, variant), stale_too=variant == 0)
        verified.append(task)
        if not found and store is not None:
            store.put("proof", key, b"proven")
        problems += found
    if problems:
        which = f" of variant {variant}" if variant else ""
        raise UserError(
            "\n".join(problems) + f"\n{len(problems)} claim problem(s){which}: nothing published"
            " (python generate.py check ID tells one task's problems in seconds)"
        )
    return verified


def _afresh(task: str, variant: int) -> Ledger:
    from engine import registry
    from engine.builds import pipeline

    return pipeline.render(registry.select([task]), variant=variant).ledger


def _key(task: str, part: Ledger, stale_too: bool) -> str:
    claims = json.dumps([[c.id, c.kind, c.exact, c.value] for c in part], default=str)
    oracle = CHECKS / "oracles" / f"{task_stem(task)}.py"
    source = oracle.read_text(encoding="utf-8") if oracle.is_file() else ""
    return digest(_VERSION, str(stale_too), _shared_source(), source, claims)


@functools.cache
def _shared_source() -> str:
    """checks/ but the tasks' own oracle modules (checks/oracles/<sheet>/...)."""
    files = sorted(CHECKS.glob("*.py")) + sorted((CHECKS / "oracles").glob("*.py"))
    return digest(*(f"{p.relative_to(CHECKS)}\0{p.read_text(encoding='utf-8')}" for p in files))
