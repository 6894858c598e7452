"""templates/key.toml: the numbers a student is graded against, one per entry of a vector or
matrix, each with the tolerance its shown precision allows; mistakes in the file are reported
at its line."""

from __future__ import annotations

import decimal

import pytest

from engine.builds import pipeline
from engine.classroom import key
from engine.errors import UserError
from engine.store.cache import Store


@pytest.fixture(scope="module")
def variant_two(shared_cache):
    store = Store(shared_cache)  # the run's cache: tests/test_fragments.py proves it faithful
    return list(pipeline.render(pipeline.varying_tasks(), variant=2, store=store).ledger)


def test_every_graded_number_is_an_entry_of_the_claim_it_names(variant_two):
    values = {claim.id: claim.value for claim in variant_two}
    items = key.items(key.load(), variant_two)
    assert {item.task for item in items} == {"ranepa3.3", "ranepa3.5"}  # hse7.4 is open
    for item in items:
        if item.claim in values:  # a number the key names
            assert item.value == values[item.claim]
            continue
        parent, _, index = item.claim.rpartition("[")  # `[i,j]` of a matrix the key names
        i, j = (int(k) for k in index.rstrip("]").split(","))
        assert item.value == values[parent][i][j]
    labels = [item.label for item in items]
    assert len(labels) == len(set(labels))
    assert {"8.W1[1,0]", "2.dL_dx[1]", "7.MSE"} <= set(labels)


@pytest.mark.parametrize(
    ("value", "tolerance"),
    [(0.04071302, "0.00005"), (-2.5, "0.005"), (1234.5, "5"), (0.0, "0.0005"), (1.0, "0.005")],
)
def test_tolerance_is_five_units_of_the_fourth_significant_digit(value, tolerance):
    assert key.tolerance(value) == decimal.Decimal(tolerance)
    rounded = float(f"{value:.4g}")  # what the booklet shows
    assert abs(rounded - value) <= key.tolerance(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.5, "0.5"), (-0.0407130298712345, "-0.0407130298712"), (1e-7, "0.0000001"), (3.0, "3")],
)
def test_answers_are_plain_dot_decimals(value, text):
    assert key.dot_decimal(value) == text


MISTAKES = [
    (
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nclaim = "a"\nwhat = "w"\ncolour = 1\n',
        1,
        "unknown field(s) colour",
    ),
    (
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x y"\nclaim = "a"\nwhat = "w"\n',
        1,
        "letters, digits",
    ),
    (
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nclaim = "a"\nwhat = "w"\n\n'
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nclaim = "b"\nwhat = "w"\n',
        7,
        "twice",
    ),
    ('[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nwhat = "w"\n', 1, "claim must be given"),
    (
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nclaim = "a"\nwhat = "w"\ngraded = "no"\n',
        1,
        "graded must be true or false",
    ),
    ('[[answers]]\ntask = "ranepa3.5"\n', None, "unknown table(s) answers"),
    ('[[answer]]\ntask = "ranepa3.5\n', 2, ""),
]


@pytest.mark.parametrize(("text", "line", "words"), MISTAKES)
def test_a_mistake_in_the_key_names_its_line(tmp_path, text, line, words):
    path = tmp_path / "key.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as error:
        key.load(path)
    where = f"templates/key.toml:{line}: " if line else "templates/key.toml: "
    assert str(error.value).startswith(where), str(error.value)
    assert words in str(error.value)


def test_a_graded_answer_must_be_a_shown_number(tmp_path, variant_two):
    path = tmp_path / "key.toml"
    path.write_text(
        '[[answer]]\ntask = "ranepa3.5"\nlabel = "x"\nclaim = "nosuch"\nwhat = "w"\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"ranepa3\.5\.nosuch is not shown"):
        key.items(key.load(path), variant_two)
