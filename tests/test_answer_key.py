"""The grader's key: every claim that templates/key.toml lists is in the ledger of the
variants it is rendered for, and a listed claim that is missing stops the build at the key's
line instead of leaving an empty row."""

from __future__ import annotations

import csv
import io

import pytest
import sympy

from engine.builds import answer_key, pipeline
from engine.errors import UserError
from engine.store.cache import Store


@pytest.fixture(scope="module")
def variant_one(shared_cache):
    store = Store(shared_cache)  # the run's cache: tests/test_fragments.py proves it faithful
    return list(pipeline.render(pipeline.varying_tasks(), variant=1, store=store).ledger)


def test_every_listed_claim_is_shown_by_the_sheets_and_a_variant(booklet, variant_one):
    tex, _ = answer_key.key_tex([(0, list(booklet.ledger)), (1, variant_one)])
    assert tex.count(r"\midrule") >= 3  # the header rule and one per variant


def test_a_listed_claim_missing_from_a_ledger_names_the_key_template(variant_one):
    lost = [claim for claim in variant_one if claim.id != "ranepa3.5.regression.loss"]
    with pytest.raises(UserError) as error:
        answer_key.key_tex([(1, lost)])
    message = str(error.value)
    assert message.startswith("templates/key.toml:")
    assert "'ranepa3.5.regression.loss', which variant 1 does not show" in message


def test_tasks_not_built_are_left_out_of_the_key(variant_one):
    only_xor = [claim for claim in variant_one if claim.task == "hse7.4"]
    tex, _ = answer_key.key_tex([(1, only_xor)])
    assert "hse7.4" in tex
    assert "ranepa3.5" not in tex


def test_the_csv_has_a_row_per_text_claim(variant_one):
    rows = list(csv.reader(io.StringIO(answer_key.key_csv([(1, variant_one)]))))
    assert rows[0] == ["variant", "task", "claim", "exact", "decimal", "latex"]
    by_id = {row[2]: row for row in rows[1:]}
    loss = by_id["ranepa3.5.regression.loss"]  # spreadsheet-readable, not only LaTeX
    exact = loss[3].removeprefix("'")  # a fraction is kept as text in a spreadsheet
    assert float(loss[4]) == pytest.approx(float(sympy.sympify(exact)))
    shown_as_text = [c for c in variant_one if not c.drawn and c.kind != "fact"]
    assert len(rows) - 1 == len(shown_as_text)
    assert any(c.kind == "fact" for c in variant_one)  # facts exist, and are left out
