"""Typical mistakes as an instructor writes them in templates/rubric.toml and a solution
computes them: every mistake in the description stops the build with the file and the line
(engine/classroom/mistakes.py), and a disagreement between the rubric and the solution names
the file to fix (engine/builds/mistaken.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sympy as sp

from engine import registry
from engine.builds import mistaken
from engine.classroom import key, mistakes
from engine.errors import UserError
from engine.ledger.symbols import NONE

POINTS = {"ranepa3.3": {"": 10}, "ranepa3.4": {"выходы": 2, "производные": 5, "шаг": 3}}
GOOD = """["ranepa3.3"]
total = 10

[["ranepa3.3".mistakes]]
name = "sigma_twice"
keeps = 5
text = 'производная сигмоиды учтена дважды: $\\delta_3 = (\\hat y - y)\\,\\sigma^{\\prime}(z_3)$'
"""


def load(tmp_path, text: str):
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    return mistakes.load(path, "templates/rubric.toml", POINTS)


def test_a_mistake_is_read_with_its_item_and_share(tmp_path):
    (found,) = load(tmp_path, GOOD)
    assert (found.task, found.name, found.item, found.keeps, found.points) == (
        "ranepa3.3",
        "sigma_twice",
        "",
        5,
        10,
    )
    assert found.share == 0.5
    assert found.line == 4
    assert found.claim("ranepa3.3.steps.1.w0_after[0]") == (
        "ranepa3.3.mistakes.sigma_twice.steps.1.w0_after[0]"
    )


MISTAKES = [
    ("keeps = 5", "keeps = 10", "keeps must be a whole number of points from 0 to 9"),
    ("keeps = 5", "keeps = -1", "keeps must be a whole number"),
    ("keeps = 5", 'keeps = "5"', "keeps must be a whole number"),
    ('name = "sigma_twice"', 'name = "Sigma-Twice"', "name must be the solution's key"),
    ("keeps = 5", 'keeps = 5\nitem = "2"', "item '2' is not one of"),
    ("keeps = 5", "keeps = 5\npoints = 3", "unknown field(s) points"),
    ("text = '", "text = '{1:NUMERICAL:=1} ", "Moodle would read as an answer field"),
    ("text = '", "text = 'a < b, ", "shows < in plain text"),
    ("text = '", "text = '50% ", "% would comment out"),
]


@pytest.mark.parametrize(("old", "new", "words"), MISTAKES)
def test_a_mistake_in_a_description_names_its_line(tmp_path, old, new, words):
    with pytest.raises(UserError) as error:
        load(tmp_path, GOOD.replace(old, new, 1))
    message = str(error.value)
    assert message.startswith("templates/rubric.toml:4: "), message
    assert words in message, message


def test_a_task_with_several_items_needs_the_item_named(tmp_path):
    text = GOOD.replace('"ranepa3.3"', '"ranepa3.4"')
    with pytest.raises(UserError) as error:
        load(tmp_path, text)
    assert 'name the item it costs: item = ("выходы", "производные", "шаг")' in str(error.value)


def test_a_mistake_named_twice_is_refused(tmp_path):
    twice = GOOD + GOOD.split("\n", 3)[3]
    with pytest.raises(UserError) as error:
        load(tmp_path, twice)
    assert str(error.value) == "templates/rubric.toml:8: ranepa3.3: mistake 'sigma_twice' twice"


def shown(computed: dict, declared: list):
    task = registry.select(["ranepa3.3"])[0]
    answers = [a for a in key.load() if a.task == "ranepa3.3"]
    result = SimpleNamespace(mistakes=computed)
    return mistaken.shown([task], lambda _: result, answers, declared, lambda _: NONE)


def test_the_rubric_and_the_solution_must_agree(tmp_path):
    (declared,) = load(tmp_path, GOOD)
    value = {"steps.1.w0_after": sp.Matrix([[0.5, 0.25, 0.125]])}
    (found,) = shown({"sigma_twice": value}, [declared])["ranepa3.3"]
    assert [v.id for v in found.values] == [
        f"ranepa3.3.mistakes.sigma_twice.steps.1.w0_after[{k}]" for k in range(3)
    ]
    with pytest.raises(UserError) as error:
        shown({}, [declared])
    assert str(error.value).startswith("templates/rubric.toml:4: ranepa3.3: ")
    assert "computes no mistake 'sigma_twice'" in str(error.value)
    with pytest.raises(UserError) as error:
        shown({"sigma_twice": value, "other": value}, [declared])
    assert "mistake 'other' is computed but templates/rubric.toml does not describe" in str(
        error.value
    )
    with pytest.raises(UserError) as error:
        shown({"sigma_twice": {"steps.0.loss": sp.Integer(1)}}, [declared])
    assert str(error.value).startswith("solutions/ranepa3/task03.py: mistake 'sigma_twice' ")
    assert "gives values at steps.0.loss" in str(error.value)


def test_a_record_issued_before_mistakes_grades_one_point_per_number(tmp_path):
    """issued.json of format 1 (no items, shares or mistakes) still grades what it holds."""
    import json

    from engine.classroom import issued

    data = {
        "format": 1,
        "commit": "abc",
        "tasks": ["ranepa3.3"],
        "students": [{"id": "ann", "name": "Анна", "variant": 1}],
        "former": [],
        "keys": {
            "1": [
                {
                    "task": "ranepa3.3",
                    "label": "w1_0",
                    "claim": "c",
                    "value": 0.5,
                    "tolerance": "0.0005",
                }
            ]
        },
    }
    data["checksum"] = issued._checksum(data)
    (tmp_path / issued.RECORD).write_text(json.dumps(data), encoding="utf-8")
    (item,) = issued.load(tmp_path).keys[1]
    assert (item.value, item.share, item.mistakes, item.item) == (0.5, 1, (), "")


def test_a_mistake_is_credited_in_a_sentence_of_its_own(tmp_path):
    """The share is said of the numbers «этой ошибкой» touches, never of a pronoun with no
    noun before it, and a share of 0 says they do not count."""
    (declared,) = load(tmp_path, GOOD)
    assert declared.credit == r"Числа, затронутые этой ошибкой, оцениваются в 50\,\% своих баллов"
    nothing = load(tmp_path, GOOD.replace("keeps = 5", "keeps = 0"))[0]
    assert nothing.credit == "Числа, затронутые этой ошибкой, не засчитываются"


def right_result(computed: dict, w0_after) -> SimpleNamespace:
    """A ranepa3.3 result whose right weights after the second step are `w0_after`."""
    steps = [SimpleNamespace(w0_after=None), SimpleNamespace(w0_after=w0_after)]
    return SimpleNamespace(mistakes=computed, steps=steps)


def shown_with(result, declared):
    task = registry.select(["ranepa3.3"])[0]
    answers = [a for a in key.load() if a.task == "ranepa3.3"]
    return mistaken.shown([task], lambda _: result, answers, declared, lambda _: NONE)


def test_a_value_the_key_cannot_tell_from_the_right_one_is_not_listed(tmp_path):
    """The key's rule (five units of the fourth significant digit, entry by entry): a mistake
    whose every number lies within it is left out of the criteria, as the key leaves it out;
    one number outside it keeps the value."""
    (declared,) = load(tmp_path, GOOD)
    right = sp.Matrix([[0.5, 0.25, 0.125]])
    # every entry within 5 units of its 4th significant digit (here ± 0.0005 for all three)
    inside = sp.Matrix([[0.5004, 0.2504, 0.1254]])
    hidden = {"sigma_twice": {"steps.1.w0_after": inside}}
    assert shown_with(right_result(hidden, right), [declared])["ranepa3.3"] == []
    # the last entry just outside (0.1256 - 0.125 > 0.0005): only that number is listed
    outside = sp.Matrix([[0.5, 0.2504, 0.1256]])
    seen = {"sigma_twice": {"steps.1.w0_after": outside}}
    (found,) = shown_with(right_result(seen, right), [declared])["ranepa3.3"]
    assert [v.id[-3:] for v in found.values] == ["[2]"]


def test_the_item_of_a_mistake_is_named_as_a_sentence_names_it(tmp_path):
    text = GOOD.replace('["ranepa3.3"]', '["ranepa3.4"]').replace('"ranepa3.3".', '"ranepa3.4".')
    text = text.replace("keeps = 5", 'keeps = 1\nitem = "производные"')
    (declared,) = load(tmp_path, text)
    task = registry.select(["ranepa3.4"])[0]
    answers = [a for a in key.load() if a.task == "ranepa3.4" and a.item == "производные"]
    path = answers[0].claim[len("ranepa3.4") + 1 :]
    wrong = {"sigma_twice": {path: sp.Integer(123456)}}
    result = SimpleNamespace(mistakes=wrong)
    titles = {("ranepa3.4", "производные"): "градиенты"}
    found = mistaken.shown([task], lambda _: result, answers, [declared], lambda _: NONE, titles)
    assert found["ranepa3.4"][0].item == "пункт «градиенты»"
