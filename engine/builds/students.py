"""Units of work for a class, for a process pool (cli/pool.py): one student's named problem
sheet, and one variant's key items. Both read the shared cache, so the tasks whose numbers do
not vary are rendered once for the whole class."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from engine import registry
from engine.builds import pipeline
from engine.classroom import key
from engine.errors import UserError
from engine.store.cache import Store
from engine.tex.warmup import Warmup


@dataclass(frozen=True)
class StudentJob:
    id: str
    name: str
    variant: int
    line: int  # in the roster, for messages
    task_ids: tuple[str, ...]
    pdf: bool
    out_root: Path
    prove: Callable | None = None  # cli/proof.py's prove: the variant's claims, before publishing


@dataclass(frozen=True)
class Sheet:
    items: list[key.Item]  # the student's key
    files: dict  # {path: content}: the caller publishes the whole class at once


def build_student(job: StudentJob) -> Sheet:
    """students/<id>/problems.tex (and .pdf) with the student's name and variant on the
    cover; the items of the student's key."""
    tasks = registry.select(list(job.task_ids))
    cache = pipeline.cache_dir(job.out_root)
    out = job.out_root / "students" / job.id
    try:
        with ExitStack() as stack:
            store = pipeline.usable_store(cache, stack)  # a PDF's pictures come from a store
            sheet = pipeline.render(
                tasks, kind="problems", variant=job.variant, store=store, student=job.name
            )
            if job.pdf:
                Warmup(store).ready([sheet.tex])  # the preamble's format and the pictures
            siblings = job.out_root / "students"
            files = pipeline.outputs(
                sheet, out, "problems", job.pdf, store=store, siblings=siblings
            )
    except UserError as err:
        raise UserError(f"{err} (student {job.id}, roster line {job.line})") from None
    return Sheet(variant_items(job.variant, job.task_ids, cache, job.prove), files)


def variant_items(
    variant: int, task_ids: tuple[str, ...], cache: Path, prove: Callable | None = None
) -> list[key.Item]:
    """The graded numbers of a variant: its booklet's ledger through the key. With `prove`,
    every claim of the variant's booklet is proven first (the sheet shows its data, the key
    its answers: both come from these claims)."""
    answers = key.load()
    graded = [t for t in task_ids if any(a.task == t and a.graded for a in answers)]
    if not graded and prove is None:
        return []
    store = Store(cache)
    booklet = pipeline.render(
        registry.select(list(task_ids) if prove else graded), variant=variant, store=store
    )
    if prove is not None:
        prove(booklet.ledger, variant, store)
    return key.items(answers, list(booklet.ledger))


@dataclass(frozen=True)
class KeyJob:
    variant: int
    task_ids: tuple[str, ...]
    cache: Path


def key_of(job: KeyJob) -> list[key.Item]:
    return variant_items(job.variant, job.task_ids, job.cache)
