"""templates/key.toml: the numbers a student is graded against, one per entry of a vector or
matrix, each with the tolerance its shown precision allows; mistakes in the file are reported
at its line."""

from __future__ import annotations

import decimal
import re

import pytest

from engine import registry
from engine.builds import pipeline
from engine.classroom import key
from engine.errors import UserError
from engine.ledger.claims import Claim
from engine.store.cache import Store
from tests.conftest import chosen_tasks
from tests.key_values import entry_labels, entry_value

TASK = registry.TASKS[0].id  # any registered task: the mistakes below are the file's own


@pytest.fixture(scope="module")
def variant_two(shared_cache):
    """Variant 2 of the tasks of the run that the key has answers of (the key says which)."""
    listed = {answer.task for answer in key.load()}
    tasks = [task for task in chosen_tasks() if task.id in listed]
    if not tasks:
        pytest.skip("templates/key.toml has no answers of the tasks of this run")
    store = Store(shared_cache)  # the run's cache: tests/test_fragments.py proves it faithful
    return list(pipeline.render(tasks, variant=2, store=store).ledger)


@pytest.mark.slow
@pytest.mark.per_task
def test_every_graded_number_is_an_entry_of_the_claim_it_names(variant_two):
    values = {claim.id: claim.value for claim in variant_two}
    built = {claim.task for claim in variant_two}
    graded = [a for a in key.load() if a.graded and a.task in built]
    items = key.items(key.load(), variant_two)
    assert {item.task for item in items} == {answer.task for answer in graded}
    for item in items:
        if item.claim in values:  # a number the key names
            assert item.value == values[item.claim]
            continue
        parent, _, index = item.claim.rpartition("[")  # `[i,j]` of a matrix the key names
        i, j = (int(k) for k in index.rstrip("]").split(","))
        assert item.value == values[parent][i][j]
    # one item per number of each graded answer, labelled as key.toml's header says (from 1)
    expected = [
        (answer.task, label, entry_value(values[answer.claim], label))
        for answer in graded
        for label in entry_labels(answer.label, values[answer.claim])
    ]
    assert [(item.task, item.label, item.value) for item in items] == expected
    labels = [(item.task, item.label) for item in items]  # unique within a task
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize(
    ("value", "labels"),
    [
        (
            [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
            ["m[1,1]", "m[1,2]", "m[2,1]", "m[2,2]", "m[3,1]", "m[3,2]"],
        ),
        ([[1.0], [2.0], [3.0]], ["m[1]", "m[2]", "m[3]"]),
        ([[1.0, 2.0]], ["m[1]", "m[2]"]),
        (0.5, ["m"]),
    ],
)
def test_entries_are_labelled_from_one_as_the_booklet_counts(value, labels):
    """«нейрон 2», w^1_1: the key, the quiz, the roster's key and --grade all show these labels
    (one index base everywhere); the claim keeps the ledger's index from 0."""
    kind = "matrix" if isinstance(value, list) else "number"
    claim = Claim(f"{TASK}.a", TASK, kind, "", value, "")
    answer = key.Answer(TASK, "m", f"{TASK}.a", "w", True, 1)
    made = key.items([answer], [claim])
    assert [item.label for item in made] == labels
    assert [item.value for item in made] == [
        v for row in (value if isinstance(value, list) else [[value]]) for v in row
    ]
    if kind == "matrix":
        assert made[0].claim == f"{TASK}.a[0,0]"  # the ledger's own index


@pytest.mark.slow
@pytest.mark.per_task
def test_no_graded_label_counts_from_zero(variant_two):
    """Whatever the oracle says: an index 0 in any label of any graded number is a bug."""
    for item in key.items(key.load(), variant_two):
        _, _, index = item.label.partition("[")
        if index:
            assert all(int(k) >= 1 for k in index.rstrip("]").split(",")), item.label


def test_every_task_but_one_has_graded_numbers():
    """The key, the roster and the quiz grade at least 15 of the 16 tasks; hse7.4's network is
    a free answer, yet its classes on the four inputs are graded."""
    graded = {answer.task for answer in key.load() if answer.graded}
    ungraded = sorted({task.id for task in registry.TASKS} - graded)
    assert len(ungraded) <= 1, ungraded


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
        f'[[answer]]\ntask = "{TASK}"\nlabel = "x"\nclaim = "a"\nwhat = "w"\ncolour = 1\n',
        1,
        "unknown field(s) colour",
    ),
    (
        f'[[answer]]\ntask = "{TASK}"\nlabel = "x y"\nclaim = "a"\nwhat = "w"\n',
        1,
        "letters, digits",
    ),
    (
        f'[[answer]]\ntask = "{TASK}"\nlabel = "x"\nclaim = "a"\nwhat = "w"\n\n'
        f'[[answer]]\ntask = "{TASK}"\nlabel = "x"\nclaim = "b"\nwhat = "w"\n',
        7,
        "twice",
    ),
    (f'[[answer]]\ntask = "{TASK}"\nlabel = "x"\nwhat = "w"\n', 1, "claim must be given"),
    (
        f'[[answer]]\ntask = "{TASK}"\nlabel = "x"\nclaim = "a"\nwhat = "w"\ngraded = "no"\n',
        1,
        "graded must be true or false",
    ),
    (f'[[answers]]\ntask = "{TASK}"\n', None, "unknown table(s) answers"),
    (f'[[answer]]\ntask = "{TASK}\n', 2, ""),
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


@pytest.mark.slow
def test_a_graded_answer_must_be_a_shown_number(tmp_path, variant_two):
    task = variant_two[0].task
    path = tmp_path / "key.toml"
    path.write_text(
        f'[[answer]]\ntask = "{task}"\nlabel = "x"\nclaim = "nosuch"\nwhat = "w"\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=rf"{re.escape(task)}\.nosuch is not shown"):
        key.items(key.load(path), variant_two)


RUBRIC_WITH_ANSWERS = """["hse7.4"]
total = 10
points = { "1" = 6, "2" = 4 }

[["hse7.4".answers]]
label = "t"
claim = "given.threshold"
what = 't'
item = "1"

[["hse7.1".answers]]
label = "x"
claim = "whatever"
what = 'x'
graded = false
"""


def test_a_tasks_answers_may_stand_beside_its_points_in_the_rubric(tmp_path):
    (tmp_path / "key.toml").write_text("", encoding="utf-8")
    (tmp_path / "rubric.toml").write_text(RUBRIC_WITH_ANSWERS, encoding="utf-8")
    answers = key.load(tmp_path / "key.toml", "k.toml", tmp_path / "rubric.toml", "r.toml")
    assert [(a.task, a.label, a.claim, a.graded, a.source, a.line, a.item) for a in answers] == [
        ("hse7.4", "t", "hse7.4.given.threshold", True, "r.toml", 5, "1"),
        ("hse7.1", "x", "hse7.1.whatever", False, "r.toml", 11, "x"),  # no points here
    ]
    assert answers[0].what_line == 8


@pytest.mark.parametrize(
    ("label", "items", "expected"),
    [
        ("2.dL_dx", {"1": 1, "2": 1}, "2"),  # the part before the first "."
        ("6.1", {"6.1": 1, "6.2": 1}, "6.1"),  # the whole label
        ("6.1.x", {"6": 1, "6.1": 1}, "6.1"),  # the longest part that is an item
        ("mu", {"mu": 2, "Sigma": 4}, "mu"),
        ("w1_0", {"": 10}, ""),  # the only item
        ("grad_mu0", {"mu": 2, "Sigma": 4}, None),  # must be named
        ("cls.p", {"c1": 1, "8": 2}, None),
        ("cls.p", None, "cls"),  # no points known: the part before the first "."
    ],
)
def test_an_answers_item_is_its_labels_item_unless_named(label, items, expected):
    assert key.item_of(label, items) == expected


def test_every_graded_answer_of_the_real_rubric_has_an_item_with_points():
    import tomllib

    table = tomllib.loads(key.RUBRIC.read_text(encoding="utf-8"))
    for answer in key.load():
        if answer.graded:
            assert answer.item in table[answer.task]["points"], (answer.task, answer.label)


@pytest.mark.parametrize(
    ("key_text", "rubric_change", "message"),
    [
        ("", ('label = "t"', 'label = "t"\ntask = "hse7.1"'), "r.toml:5: no task here"),
        (
            '[[answer]]\ntask = "hse7.4"\nlabel = "T"\nclaim = "a"\nwhat = "a"\n',
            ("", ""),
            "r.toml:5: hse7.4: label 't' and 'T' differ only in case",
        ),
        ("", ("what = 't'", "wat = 't'"), "r.toml:5: unknown field(s) wat"),
        # a graded answer belongs to one of its task's items, at the line of its `item`
        ("", ('item = "1"', 'item = "3"'), "r.toml:9: hse7.4 t: item '3' is not an item of"),
        ("", ('item = "1"', 'item = ""'), "r.toml:9: hse7.4 t: item '' is not an item of"),
        ("", ('item = "1"', ""), "r.toml:5: hse7.4 t: its label names no item of"),
        ("", ('item = "1"', "item = 1"), "r.toml:5: item must be text"),
        (
            '# key\n[[answer]]\ntask = "hse7.4"\nlabel = "u"\nclaim = "a"\nwhat = "a"\n'
            'item = "c1"\n',
            ("", ""),
            "k.toml:7: hse7.4 u: item 'c1' is not an item of the task's points in the rubric",
        ),
    ],
)
def test_a_mistake_in_a_rubric_answer_is_told_at_its_line(
    tmp_path, key_text, rubric_change, message
):
    (tmp_path / "key.toml").write_text(key_text, encoding="utf-8")
    rubric = RUBRIC_WITH_ANSWERS.replace(*rubric_change, 1) if rubric_change[0] else None
    (tmp_path / "rubric.toml").write_text(rubric or RUBRIC_WITH_ANSWERS, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        key.load(tmp_path / "key.toml", "k.toml", tmp_path / "rubric.toml", "r.toml")
    assert str(caught.value).startswith(message)
