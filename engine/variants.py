"""One seeded variant, built as a unit of work for a process pool (cli/pool.py): its booklet
and, if asked, problem sheet in out_root/variant-N/; it returns its claims for the key, so
a failed variant loses nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import pipeline, registry
from engine.claims import Claim
from engine.errors import UserError


@dataclass(frozen=True)
class VariantJob:
    variant: int
    task_ids: tuple[str, ...]
    pdf: bool  # compile, or write the .tex only
    problems: bool  # also the problem sheet
    out_root: Path


def build_variant(job: VariantJob) -> list[Claim]:
    tasks = registry.select(list(job.task_ids))
    out = job.out_root / f"variant-{job.variant}"
    try:
        booklet = pipeline.build(
            tasks,
            out,
            job.pdf,
            job.problems,
            job.variant,
            cache=job.out_root / pipeline.CACHE,  # shared: most tasks are alike in every variant
            siblings=job.out_root,
        )
    except UserError as err:  # a mistake some numbers bring out: say which numbers
        raise UserError(f"{err} (variant {job.variant})") from None
    return list(booklet.ledger)
