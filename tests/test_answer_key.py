"""The grader's key: every claim that templates/key.toml lists is in the ledger of the
variants it is rendered for, and a listed claim that is missing stops the build at the key's
line instead of leaving an empty row."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sympy

from engine.builds import answer_key, pipeline
from engine.classroom import key
from engine.errors import UserError
from engine.store.cache import Store
from tests.conftest import chosen_tasks


@pytest.fixture(scope="module")
def variant_one(shared_cache):
    """Variant 1 of the tasks of the run that the key has answers of (the key says which)."""
    listed = {answer.task for answer in key.load()}
    tasks = [task for task in chosen_tasks() if task.id in listed]
    if not tasks:
        pytest.skip("templates/key.toml has no answers of the tasks of this run")
    store = Store(shared_cache)  # the run's cache: tests/test_fragments.py proves it faithful
    return list(pipeline.render(tasks, variant=1, store=store).ledger)


def listed_in(claims) -> list[key.Answer]:
    """The key's answers of the tasks `claims` come from."""
    built = {claim.task for claim in claims}
    return [answer for answer in key.load() if answer.task in built]


def names(tex: str, task_id: str) -> bool:
    """`task_id` stands in `tex` as a whole id (ranepa3.1 is not inside ranepa3.12)."""
    return re.search(rf"{re.escape(task_id)}(?![0-9])", tex) is not None


@pytest.mark.per_task
def test_every_listed_claim_is_shown_by_the_sheets_and_a_variant(booklet, variant_one):
    tex, _ = answer_key.key_tex([(0, list(booklet.ledger)), (1, variant_one)])
    assert tex.count(r"\midrule") >= 3  # the header rule and one per variant
    for answer in listed_in(variant_one):
        assert names(tex, answer.task), answer


@pytest.mark.per_task
def test_a_listed_claim_missing_from_a_ledger_names_the_answers_line(variant_one):
    for answer in listed_in(variant_one):
        lost = [claim for claim in variant_one if claim.id != answer.claim]
        with pytest.raises(UserError) as error:
            answer_key.key_tex([(1, lost)])
        message = str(error.value)
        assert message.startswith(f"{answer.source}:{answer.line}:"), message  # key or rubric
        assert f"{answer.claim!r}, which variant 1 does not show" in message


def test_tasks_not_built_are_left_out_of_the_key(variant_one):
    built = sorted({claim.task for claim in variant_one})
    if len(built) < 2:
        pytest.skip("the key has answers of one task of this run: nothing to leave out")
    one, *others = built
    tex, _ = answer_key.key_tex([(1, [claim for claim in variant_one if claim.task == one])])
    assert names(tex, one)
    assert not [task for task in others if names(tex, task)]


@pytest.mark.per_task
def test_the_csv_has_a_row_per_text_claim(variant_one):
    rows = list(csv.reader(io.StringIO(answer_key.key_csv([(1, variant_one)]))))
    assert rows[0] == ["variant", "task", "claim", "exact", "decimal", "latex"]
    by_id = {row[2]: row for row in rows[1:]}
    shown_as_text = [c for c in variant_one if not c.drawn and c.kind != "fact"]
    assert len(rows) - 1 == len(shown_as_text)
    assert set(by_id) == {c.id for c in shown_as_text}  # facts and plot data are left out
    for claim in shown_as_text:
        if claim.kind != "number":
            continue
        row = by_id[claim.id]  # spreadsheet-readable, not only LaTeX
        exact = row[3].removeprefix("'")  # a fraction is kept as text in a spreadsheet
        assert float(row[4]) == pytest.approx(float(sympy.sympify(exact))), claim.id
