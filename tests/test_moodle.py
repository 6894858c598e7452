"""`--variants A-B --moodle`: moodle-quiz.xml parses as XML, has a category per variant and a
cloze question per task with graded answers, and every numeric field holds the value of its
claim in that variant's ledger (rendered here, apart from the quiz) with the tolerance of its
fourth significant digit. The quiz is the run's `variants_build` (conftest.py): every task,
the ungraded ones too, in variants 1-3."""

from __future__ import annotations

import base64
import collections
import math
import re
import xml.etree.ElementTree as ET

import pytest

import generate
from engine import registry
from engine.builds import pipeline
from engine.store.cache import Store
from tests import key_values, moodle_cloze
from tests.conftest import VARIANTS

pytestmark = pytest.mark.pdf  # the statements' pictures are typeset and rasterized
# a field: its label, weight, right value and tolerance, then any typical mistakes' answers
FIELD = re.compile(
    r"<code>([^<]+)</code>[^\n]*?\{(\d+):NUMERICAL:=([-0-9.]+):([0-9.]+)(?:#[^~}]*)?[^}]*\}"
)
GRADED = key_values.graded_ids()  # a question each, in booklet order
UNGRADED = key_values.ungraded_ids()  # built too, and no question for them
assert UNGRADED, "the quiz's build needs a task the key grades nothing of"


@pytest.fixture(scope="session")
def quiz(variants_build):
    return (variants_build / "moodle-quiz.xml").read_bytes()


@pytest.fixture(scope="module")
def ledger_value(key_value):
    return key_value  # conftest.py's, shared with the class's tests


@pytest.mark.slow
def test_the_quiz_is_utf8_xml_with_a_category_per_variant(quiz):
    assert quiz.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.fromstring(quiz)
    assert root.tag == "quiz"
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert [c.rsplit("/", 1)[1] for c in categories] == [f"Вариант {n}" for n in VARIANTS]
    questions = [q for q in root if q.get("type") == "cloze"]
    assert [q.findtext("idnumber") for q in questions] == [
        f"v{n}-{task}" for n in VARIANTS for task in GRADED
    ]


def clozes(quiz: bytes):
    """Each cloze question of the quiz: (its element, its variant number, its task id, its
    HTML)."""
    for question in ET.fromstring(quiz).iter("question"):
        if question.get("type") == "cloze":
            variant, task = re.fullmatch(r"v(\d+)-(.+)", question.findtext("idnumber")).groups()
            yield question, int(variant), task, question.findtext("questiontext/text")


@pytest.mark.slow
def test_every_field_is_its_claim_in_the_variants_ledger(quiz, ledger_value):
    fields = 0
    for question, variant, task, html in clozes(quiz):
        found = FIELD.findall(html)
        assert found, task
        assert len(found) == len(re.findall(r"\{\d+:NUMERICAL:", html))
        # Moodle's own parser (ported) reads exactly these fields, and nothing else
        read = [(f.type, f.weight, f.answers[0]) for f in moodle_cloze.fields(html)]
        assert read == [("NUMERICAL", w, (value, tol)) for _, w, value, tol in found]
        # a field per number the key grades, by key.toml and the variant's own ledger
        assert [label for label, _, _, _ in found] == ledger_value.labels(variant, task)
        feedback = question.findtext("generalfeedback/text")  # shown after the attempt
        for label, _, value, tolerance in found:
            assert f"<code>{label}</code>: {value} (±{tolerance})" in feedback
        for label, _, value, tolerance in found:
            expected = ledger_value(variant, task, label)
            assert float(value) == pytest.approx(expected, rel=1e-10, abs=1e-12), label
            digit = 10.0 ** (math.floor(math.log10(abs(expected))) - 3) if expected else 1e-4
            assert float(tolerance) == pytest.approx(5 * digit), label  # five units
            fields += 1
    assert fields > 0


@pytest.mark.slow
def test_each_question_is_worth_k_times_the_rubric_points_it_asks(quiz):
    """Moodle's mark of a cloze question is the sum of its fields' weights: the rubric's points
    of the items asked, times one K for the whole quiz, the least that gives every field a
    whole weight of at least 1; within an item the weights differ by at most 1."""
    points, items = key_values.rubric_items()
    questions = []  # (task, question text, [(item, weight)])
    for _, _, task, html in clozes(quiz):
        fields = [
            (items[(task, label.split("[")[0])], int(weight))
            for label, weight, _, _ in FIELD.findall(html)
        ]
        questions.append((task, html, fields))
    counts = [(task, collections.Counter(i for i, _ in fields)) for task, _, fields in questions]
    k = next(
        k
        for k in range(1, 10_000)
        if all(k * points[task][i] >= n for task, c in counts for i, n in c.items())
    )
    assert k > 1  # some item has more fields than points
    for (task, html, fields), (_, count) in zip(questions, counts, strict=True):
        asked = set(count)
        assert sum(w for _, w in fields) == k * sum(points[task][i] for i in asked), task
        for item in asked:  # the item's points, split as evenly as whole weights allow
            its = [w for i, w in fields if i == item]
            assert sum(its) == k * points[task][item], (task, item)
            assert max(its) - min(its) <= 1, (task, item)
        marks = re.search(r"<p>Вопрос стоит (\d+) = (\d+) × (\d+)[^<]*</p>", html)
        assert marks, task
        assert int(marks[2]) == k
        assert int(marks[1]) == sum(w for _, w in fields)
        left = [i for i in points[task] if i not in asked]
        unasked = marks[0].partition("не спрашиваются")[2]
        assert bool(left) == bool(unasked), task
        for item in left:
            assert f"«{item}» ({points[task][item]} балл" in unasked, (task, item)
        for item in asked - {""}:
            assert f"«{item}»" not in unasked, (task, item)


@pytest.mark.slow
def test_statements_are_html_with_mathjax_and_embedded_pictures(quiz, shared_cache):
    for question, variant, task, _ in clozes(quiz):
        sheet = pipeline.render(  # the task's problem sheet, as the students' paper has it
            registry.select([task]),
            kind="problems",
            variant=variant,
            store=Store(shared_cache),
        ).tex
        text = question.find("questiontext")
        html = text.findtext("text")
        assert "\\(" in html
        assert "$" not in html
        assert '"---' not in html
        assert ("Уточнение к условию" in html) == (r"\begin{clarification}" in sheet), task
        files = text.findall("file")
        assert len(files) == sheet.count(r"\begin{tikzpicture}"), task  # every picture
        for embedded in files:
            assert base64.b64decode(embedded.text).startswith(b"\x89PNG")
            assert f'src="@@PLUGINFILE@@/{embedded.get("name")}"' in html


def test_moodle_needs_variants(capsys):
    with pytest.raises(SystemExit):
        generate.main(["--tex", "--moodle"])
    assert "--moodle goes with --variants" in capsys.readouterr().err


@pytest.mark.slow
def test_each_typical_mistake_is_a_partly_right_answer_with_its_feedback(quiz, ledger_value):
    """After the right value, a field offers the typical mistakes of its item as the key's rule
    says (tests/key_values.offered: the ledger's claims `<task>.mistakes.<name>.<path>`), each
    with its own tolerance, worth keeps/points of the field, with feedback naming it."""
    offered = 0
    for _, variant, task, html in clozes(quiz):
        read = moodle_cloze.fields(html)
        for (label, _, _, _), field in zip(FIELD.findall(html), read, strict=True):
            expected = key_values.offered(ledger_value, variant, task, label)
            assert len(field.answers) == 1 + len(expected), (task, label)
            assert field.fractions[0] == 1.0
            for (answer, margin), fraction, said, (wrong, share, _) in zip(
                field.answers[1:], field.fractions[1:], field.feedbacks[1:], expected, strict=True
            ):
                assert float(answer) == pytest.approx(wrong, rel=1e-10, abs=1e-12), label
                assert float(margin) == pytest.approx(key_values.five_units(wrong)), label
                assert fraction == pytest.approx(share, abs=1e-6)
                assert said.startswith("Типичная ошибка: ")
                assert "<" not in said
                offered += 1
    assert offered > 0
