"""The grader's key for a set of variants: answer-key.csv, one row per graded number (the key's
items, labels counted from 1) for a grader to read in a spreadsheet, no LaTeX in it, and
answer-key.pdf with the key answers that templates/answer_key.tex.j2 selects.
"""

from __future__ import annotations

import csv
import decimal
import io
import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import jinja2

from engine import registry
from engine.builds.pipeline import ROOT, TEMPLATES, authors
from engine.classroom import key
from engine.classroom.csvfile import safe_cell
from engine.errors import located
from engine.ledger.claims import Claim, Ledger, split_entry
from engine.ledger.plain import plain, plain_text
from engine.ledger.symbols import equation
from engine.render import origins
from engine.render.templating import Renderer
from engine.tex.document import Metadata, assemble
from engine.tex.latex import compile_pdf

KEY_TEMPLATE = "answer_key.tex.j2"


HEADER = [
    "вариант",
    "листок",
    "задача",
    "метка",
    "вид",
    "обозначение",
    "что",
    "точно",
    "десятичное",
    "допуск",
    "баллы",
    "claim",
]
_TEXT_COLUMNS = ("листок", "задача", "метка", "вид", "обозначение", "что", "claim")
_RATIONAL = re.compile(r"-?[0-9]+(/[0-9]+)?")
_DECIMAL = re.compile(r"-?[0-9]+(,[0-9]+)?")
DIGITS = 6  # significant digits of the decimal column: a thousandth of the tolerance at most


def key_rows(variants: list[tuple[int, list[Claim]]], answers: list[key.Answer]) -> list[list]:
    """The rows of every variant, as HEADER names their cells: per graded number (key.items:
    labels count from 1) its row, «ответ», worth its share of the rubric's points, then a row
    per typical mistake that gives it another value, «ошибка: <name>», worth what the mistake
    keeps; then the numbers not graded (`graded = false`: intermediate values that earn
    partial credit, one of many right answers), «для сверки». Cells: the variant; the sheet's
    title and the task as the booklet's heading says it; the label; the kind; the symbol and
    the key's `what` (for a mistake, what it is) in plain text; the exact value where it is a
    whole number or a fraction (`3/4`), else empty; the value to DIGITS significant digits and
    the tolerance, with a decimal comma; the points; the claim id."""
    by_label = {(a.task, a.label): a for a in answers}
    steps = [replace(a, graded=True) for a in answers if not a.graded]
    rows = []
    for n, claims in variants:
        by_id = {claim.id: claim for claim in claims}
        numeric = [a for a in steps if by_id.get(a.claim) and by_id[a.claim].kind in NUMERIC]
        for item in key.items(answers, claims):
            answer = by_label[item.task, item.label.partition("[")[0]]
            rows.append(_row(n, item, answer, by_id, "ответ", _points(item.share)))
            for wrong in item.mistakes:
                mistaken = replace(item, value=wrong.value, tolerance=wrong.tolerance)
                kept = _points(item.share * wrong.keeps)
                row = _row(n, mistaken, answer, by_id, f"ошибка: {wrong.name}", kept)
                row[HEADER.index("что")] = plain_text(wrong.text)
                row[HEADER.index("точно")] = ""
                rows.append(row)
        for item in key.items(numeric, claims, mistakes=[]):
            answer = next(a for a in numeric if (a.task, a.label) == (item.task, _base(item)))
            rows.append(_row(n, item, answer, by_id, "для сверки", ""))
    return rows


NUMERIC = ("number", "matrix")


def _base(item: key.Item) -> str:
    return item.label.partition("[")[0]


def _row(n: int, item: key.Item, answer: key.Answer, by_id: dict, kind: str, points: str):
    whole = by_id[answer.claim]
    entry = by_id.get(item.claim, whole) if item.claim != answer.claim else whole
    task = registry.select([item.task])[0]
    return [
        n,
        registry.sheet(task.sheet).title,
        f"Задача {task.number}. {task.title}",
        item.label,
        kind,
        plain(entry.symbol or whole.symbol),
        plain(answer.what),
        _exact(whole, item.claim, item.value),
        comma_decimal(item.value, DIGITS),
        comma_decimal(item.tolerance),
        points,
        answer.claim,
    ]


def _points(share: Fraction) -> str:
    """Points with a decimal comma, three significant digits at most: `1,67`, `10`."""
    return comma_decimal(decimal.Decimal(share.numerator) / share.denominator, 3)


def _exact(claim: Claim, entry_id: str, value: float) -> str:
    """The exact value of `entry_id` (the claim or one of its entries) when it is rational,
    in plain notation (`-3/4`, `2`); empty when it is irrational or a float. A cell that does
    not agree with the float value (a matrix sympy wrote otherwise) is left empty too."""
    text = "".join(claim.exact.split())
    if claim.kind == "matrix":
        split = split_entry(entry_id)
        if not (text.startswith("Matrix([[") and text.endswith("]])")) or split is None:
            return ""
        rows = [row.split(",") for row in text[len("Matrix([[") : -len("]])")].split("],[")]
        if [len(row) for row in rows] != [len(row) for row in claim.value]:
            return ""  # a comma inside an entry (`Max(a,b)`): no reliable cells
        i, j = split[1] if len(split[1]) == 2 else (0, split[1][0])
        text = rows[i][j]
    if not _RATIONAL.fullmatch(text) or not math.isclose(
        float(Fraction(text)), value, rel_tol=1e-12, abs_tol=1e-300
    ):
        return ""
    return text


def comma_decimal(value: float | decimal.Decimal, digits: int = 12) -> str:
    """A plain decimal with a decimal comma (the Russian spreadsheets' number), `digits`
    significant digits at most, never an exponent: `-0,0407130`."""
    exact = decimal.Decimal(repr(float(value))) if isinstance(value, float) else value
    text = format(decimal.Context(prec=digits).plus(exact), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text.replace(".", ",")


def key_csv(
    variants: list[tuple[int, list[Claim]]], answers: list[key.Answer] | None = None
) -> str:
    """answer-key.csv for a grader reading it in a spreadsheet in a Russian locale: UTF-8 with
    a BOM (Excel reads the Cyrillic right), cells separated by semicolons, numbers with a
    decimal comma, so a double click opens it in columns with numbers as numbers. Every text
    cell goes through csvfile.safe_cell (a fraction `-1/2` stays text, never a formula or a
    date); the numbers are ours, in the one form `-?digits(,digits)?`, checked here."""
    answers = key.load() if answers is None else answers
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    text = [name in _TEXT_COLUMNS for name in HEADER]
    numbers = [HEADER.index(name) for name in ("десятичное", "допуск", "баллы")]
    for row in key_rows(variants, answers):
        if not all(
            _DECIMAL.fullmatch(row[k]) or (row[k] == "" and k == numbers[-1]) for k in numbers
        ):
            raise ValueError(f"not a plain decimal in {row}")
        cells = [cell if k in numbers else safe_cell(cell, text[k]) for k, cell in enumerate(row)]
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()


class ShownClaims(dict):
    """{claim id: LaTeX} of one variant; an id the key lists but the ledger lacks is an error
    (a template lost the claim, or the key names it wrongly), never an empty cell."""

    def __init__(self, variant: int, claims: list[Claim]):
        # a claim with a symbol reads "symbol = value", as its boxed answer does
        super().__init__((claim.id, equation(claim.symbol, claim.latex)) for claim in claims)
        self.variant = variant
        self.values = {claim.id: claim.latex for claim in claims}  # the value alone

    def __missing__(self, claim_id: str):
        return jinja2.StrictUndefined(
            hint=f"the key lists {claim_id!r}, which variant {self.variant} does not show"
        )


def key_tex(variants: list[tuple[int, list[Claim]]], path: Path = key.KEY, name: str = key.NAME):
    """(LaTeX source, source map) of the key for a grader, as answer_key.tex.j2 lays it out:
    per variant and task (named as the booklet's heading names it), the graded answers with
    their labels and points, the intermediate values that earn partial credit (`graded =
    false`) and the typical mistakes with what they keep and the values they give. The
    answers are templates/key.toml's and the rubric's (or `path`'s, shown as `name`); each
    `what` is marked with its line there (engine/render/origins.py), so a LaTeX mistake in it
    is reported at that line, not in the template."""
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
    mistakes = key.load_mistakes()
    laid_out = [(n, _blocks(claims, listed, mistakes)) for n, claims in shown]
    part = renderer.render(KEY_TEMPLATE, variants=laid_out)
    title = "Ключ ответов по вариантам"
    metadata = Metadata(title, authors(registry.select(built)))
    return assemble(title, [part], metadata, contents=False)


def _texttt(label: str) -> str:
    """A key's label (letters, digits, `_`, `.`) as LaTeX text."""
    return label.replace("_", r"\_")


@dataclass(frozen=True)
class TaskBlock:
    heading: str  # the sheet and the task, as the booklet's headings name them
    answers: list[tuple[str, str, str]]  # (label, what, value), LaTeX
    steps: list[tuple[str, str, str]]  # intermediate values, the same way
    # (what it is, the item, what its numbers earn, [(label, value)]), LaTeX
    mistakes: list[tuple[str, str, str, list[tuple[str, str]]]]


def _blocks(claims: ShownClaims, listed: list[key.Answer], mistakes) -> list[TaskBlock]:
    blocks = []
    for task in registry.select(list(dict.fromkeys(a.task for a in listed))):
        mine = [a for a in listed if a.task == task.id]

        def row(answer: key.Answer) -> tuple[str, str, str]:
            what = origins.marker(answer.path, answer.what_line) + answer.what
            return _texttt(answer.label), what, claims[answer.claim]

        wrong = []
        for mistake in (m for m in mistakes if m.task == task.id):
            asked = [a for a in mine if a.graded and a.item == mistake.item]
            values = [
                (_texttt(a.label), claims.values[mistake.claim(a.claim)])
                for a in asked
                if mistake.claim(a.claim) in claims
            ]
            if values:
                wrong.append((mistake.text, mistake.item, mistake.credit, values))
        sheet = registry.sheet(task.sheet).title
        sheet += "" if sheet.endswith((".", "!", "?")) else "."
        blocks.append(
            TaskBlock(
                f"{sheet} Задача {task.number}. {task.title}",
                [row(a) for a in mine if a.graded],
                [row(a) for a in mine if not a.graded],
                wrong,
            )
        )
    return blocks


def key_files(variants: list[tuple[int, list[Claim]]], out_root: Path, pdf: bool) -> dict:
    """{path: content} of answer-key.csv and, with pdf, answer-key.pdf, for the caller to
    publish with the variants."""
    files: dict[Path, bytes | str] = {out_root / "answer-key.csv": key_csv(variants)}
    tex, source_map = key_tex(variants)
    if pdf:
        key = compile_pdf(tex, out_root / ".latex-answer-key", source_map, "answer-key")
        files[out_root / "answer-key.pdf"] = key
    return files
