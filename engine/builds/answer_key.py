"""The grader's key for a set of variants: answer-key.csv with every claim a reader sees as
text, and answer-key.pdf with the key answers that templates/answer_key.tex.j2 selects.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from engine import registry
from engine.builds.pipeline import ROOT, TEMPLATES, authors
from engine.classroom import key
from engine.classroom.csvfile import write_table
from engine.errors import located
from engine.ledger.claims import Claim, Ledger
from engine.ledger.symbols import equation
from engine.render import origins
from engine.render.templating import Renderer
from engine.tex.document import Metadata, assemble
from engine.tex.latex import compile_pdf

KEY_TEMPLATE = "answer_key.tex.j2"


def key_rows(variants: list[tuple[int, list[Claim]]]) -> list[tuple]:
    """(variant, task, claim id, exact value, decimal value, shown LaTeX) for every claim of
    every variant that a reader sees as text (plot coordinates and facts, which choose text,
    are left out). The exact value is sympy's (`-1/2`, `Matrix([[2, -1]])`, `exp(5/8)/...`),
    the decimal one plain JSON (a number or nested lists; empty for a formula)."""
    return [
        (n, claim.task, claim.id, _one_line(claim.exact), _decimal(claim.value), claim.latex)
        for n, claims in variants
        for claim in claims
        if not claim.drawn and claim.kind != "fact"
    ]


def _one_line(exact: str) -> str:
    """sympy writes a matrix over several lines; a spreadsheet cell wants one."""
    return " ".join(exact.split())


def _decimal(value) -> str | float:
    """A number stays a number (`1e-05` too: it is one to a spreadsheet); a matrix is JSON."""
    if value is None:
        return ""
    return value if isinstance(value, int | float) else json.dumps(value)


def key_csv(variants: list[tuple[int, list[Claim]]]) -> str:
    """Safe to open in a spreadsheet (classroom/csvfile.py): `-1/2` stays text, not a formula."""
    header = ["variant", "task", "claim", "exact", "decimal", "latex"]
    return write_table(header, key_rows(variants), ("task", "claim", "exact", "latex"))


class ShownClaims(dict):
    """{claim id: LaTeX} of one variant; an id the key lists but the ledger lacks is an error
    (a template lost the claim, or the key names it wrongly), never an empty cell."""

    def __init__(self, variant: int, claims: list[Claim]):
        # a claim with a symbol reads "symbol = value", as its boxed answer does
        super().__init__((claim.id, equation(claim.symbol, claim.latex)) for claim in claims)
        self.variant = variant

    def __missing__(self, claim_id: str):
        return jinja2.StrictUndefined(
            hint=f"the key lists {claim_id!r}, which variant {self.variant} does not show"
        )


def key_tex(variants: list[tuple[int, list[Claim]]], path: Path = key.KEY, name: str = key.NAME):
    """(LaTeX source, source map) of the key answers of templates/key.toml (or `path`, shown
    as `name`), as answer_key.tex.j2 lays them out. Each `what` is marked with its line in
    the key (engine/render/origins.py): a LaTeX mistake in it is reported there, not in the
    template."""
    renderer = Renderer(TEMPLATES, ROOT, Ledger())
    shown = [(n, ShownClaims(n, claims)) for n, claims in variants]
    built = sorted({claim.task for _, claims in variants for claim in claims})
    listed = [a for a in key.load(path, name) if a.task in built]
    for n, claims in shown:
        for answer in listed:
            if answer.claim not in claims:
                raise located(
                    answer.source,
                    answer.line,
                    f"the key lists {answer.claim!r}, which variant {n} does not show",
                )
    table = [(a.task, origins.marker(a.path, a.what_line) + a.what, a.claim) for a in listed]
    part = renderer.render(KEY_TEMPLATE, variants=shown, tasks=built, key=table)
    title = "Ключ ответов по вариантам"
    metadata = Metadata(title, authors(registry.select(built)))
    return assemble(title, [part], metadata, contents=False)


def key_files(variants: list[tuple[int, list[Claim]]], out_root: Path, pdf: bool) -> dict:
    """{path: content} of answer-key.csv and, with pdf, answer-key.pdf, for the caller to
    publish with the variants."""
    files: dict[Path, bytes | str] = {out_root / "answer-key.csv": key_csv(variants)}
    tex, source_map = key_tex(variants)
    if pdf:
        key = compile_pdf(tex, out_root / ".latex-answer-key", source_map, "answer-key")
        files[out_root / "answer-key.pdf"] = key
    return files
