"""A ledger's problems told where an author fixes them: a claim at the template line that first
shows it (the ledger's `places`), an oracle at its line in checks/oracles/. Used by
`generate.py check ID`; the same rules as the claim tests (checks/verify.py)."""

from __future__ import annotations

import inspect
import re
import traceback
from pathlib import Path

from checks import verify
from checks.oracles import module_for
from engine.ledger.claims import Ledger
from engine.registry import task_stem

ROOT = Path(__file__).resolve().parents[1]


def problems(ledger: Ledger, stale_too: bool = True) -> list[str]:
    """Every claim without an oracle, every disagreement, every broken invariant and (with
    `stale_too`: the sheet's own numbers, where every oracle's value must be shown) every
    oracle whose claim the page no longer shows; each a line starting with its place."""
    try:
        oracles = verify.all_oracles(ledger)
    except Exception as err:  # the author's oracle module failed: say where, not a traceback
        return [_crash(err)]
    found = []
    for claim_id in verify.unverified(ledger, oracles):
        task, path = _split(ledger, claim_id)
        found.append(
            f"{_place(ledger, claim_id)}: {claim_id} has no oracle: add "
            f'"{verify.generic(path)}" to oracles() in {_oracle_file(task)}'
        )
    missing = set(verify.unverified(ledger, oracles))
    for claim in ledger:
        if claim.id in missing:
            continue  # told above
        try:
            verify.check(ledger, oracles, claim.id)
        except AssertionError as err:
            found.append(f"{_place(ledger, claim.id)}: {err}")
        except KeyError as err:
            found.append(
                f"{_place(ledger, claim.id)}: the oracle of {claim.id} needs {err}, which the "
                "page does not show (show it, or compute the oracle from what is shown)"
            )
        except Exception as err:  # a value of the wrong shape or kind cannot even be compared
            found.append(f"{_place(ledger, claim.id)}: {claim.id} could not be checked: {err!r}")
    found += _invariants(ledger)
    if stale_too:
        for claim_id in verify.stale(ledger, oracles):
            task, path = _split(ledger, claim_id)
            found.append(
                f"{_oracle_file(task)}:{_oracle_line(task, path)}: the oracle of {path!r} has "
                "no claim: the template no longer shows it (show it, or remove the oracle)"
            )
    return found


def _invariants(ledger: Ledger) -> list[str]:
    """Broken invariants; an invariant that cannot be evaluated (it needs a given value the
    page no longer shows) is told at its oracle module, not raised."""
    found = []
    for task in dict.fromkeys(claim.task for claim in ledger):
        try:
            found += verify.broken_invariants(ledger.only({task}))
        except Exception as err:
            found.append(
                _crash(err).replace("the oracles failed", f"the invariants of {task} failed")
            )
    return found


def _crash(err: Exception) -> str:
    """`file:line: what failed` at the innermost frame in checks/oracles/."""
    frames = [
        f for f in traceback.extract_tb(err.__traceback__) if "/checks/oracles/" in f.filename
    ]
    where = f"{_relative(frames[-1].filename)}:{frames[-1].lineno}" if frames else "checks/oracles"
    if isinstance(err, SyntaxError) and err.filename:
        where = f"{_relative(err.filename)}:{err.lineno}"
    detail = f"{type(err).__name__}: {err}"
    if isinstance(err, KeyError):
        detail = f"no given value {err} (the template prints given.<name> for each one it uses)"
    return f"{where}: the oracles failed: {detail}"


def _relative(filename: str) -> str:
    try:
        return str(Path(filename).relative_to(ROOT))
    except ValueError:
        return filename


def _split(ledger: Ledger, claim_id: str) -> tuple[str, str]:
    task = next((c.task for c in ledger if claim_id.startswith(c.task + ".")), "")
    return task, claim_id[len(task) + 1 :]


def _place(ledger: Ledger, claim_id: str) -> str:
    """The template line that first shows the claim; its template when the page came from the
    cache (rendered by an earlier build, with no lines kept)."""
    if claim_id in ledger.places:
        return ledger.places[claim_id]
    return f"templates/{task_stem(ledger[claim_id].task)}.tex.j2"


def _oracle_file(task: str) -> str:
    return _relative(inspect.getfile(module_for(task)))


def _oracle_line(task: str, path: str) -> int:
    """The line that names `path` as a key, else the line of `def oracles`."""
    lines = inspect.getsource(module_for(task)).splitlines()
    key = re.compile(rf"[\"']{re.escape(path)}[\"']\s*:")
    for pattern in (key, re.compile(r"^def oracles\b")):
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                return number
    return 1
