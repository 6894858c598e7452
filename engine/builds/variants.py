"""One seeded variant, built as a unit of work for a process pool (cli/pool.py): its booklet
and, if asked, problem sheet in out_root/variant-N/; it returns its claims for the key (and,
for a Moodle quiz, its statements), so a failed variant loses nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine import registry
from engine.builds import pipeline
from engine.errors import UserError
from engine.ledger.claims import Claim
from engine.store.cache import Store
from engine.web.edition import companion


@dataclass(frozen=True)
class VariantJob:
    variant: int
    task_ids: tuple[str, ...]
    pdf: bool  # compile, or write the .tex only
    problems: bool  # also the problem sheet
    out_root: Path
    statements: bool = False  # also return each task's statement (for a Moodle quiz)
    prove: Callable | None = None  # cli/proof.py's prove: the claims checked before publishing
    html: bool = False  # also the web edition of each document (engine/web/)


@dataclass(frozen=True)
class Built:
    claims: list[Claim]
    statements: dict[str, str]  # task id -> its LaTeX in the problem sheet, if asked for
    files: dict  # {path: content}: the caller publishes every variant and the key at once


def build_variant(job: VariantJob) -> Built:
    tasks = registry.select(list(job.task_ids))
    out = job.out_root / f"variant-{job.variant}"
    cache = pipeline.cache_dir(job.out_root)
    delivered: dict = {}
    try:
        booklet = pipeline.build(
            tasks,
            out,
            job.pdf,
            job.problems,
            job.variant,
            cache=cache,  # shared: most tasks are alike in every variant
            siblings=job.out_root,
            publisher=delivered.update,
            prove=job.prove,
            companions=companion(out) if job.html else None,
        )
        statements = {}
        if job.statements:  # from the cache: the problem sheet's tasks are rendered already
            sheet = pipeline.render(tasks, kind="problems", variant=job.variant, store=Store(cache))
            statements = sheet.task_texts
    except UserError as err:  # a mistake some numbers bring out: say which numbers
        raise UserError(f"{err} (variant {job.variant})") from None
    return Built(list(booklet.ledger), statements, delivered)
