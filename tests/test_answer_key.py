"""The grader's key: every claim that templates/key.toml lists is in the ledger of the
variants it is rendered for, and a listed claim that is missing stops the build at the key's
line instead of leaving an empty row; answer-key.csv has one row per graded number, labelled
from 1, in plain text a grader reads in a spreadsheet (no LaTeX), its values found here
through the ledger."""

from __future__ import annotations

import collections
import csv
import importlib
import io
import math
import re

import pytest
import sympy

from engine import registry
from engine.builds import answer_key, pipeline
from engine.classroom import key
from engine.errors import UserError
from engine.ledger.plain import plain, plain_text
from engine.store.cache import Store
from tests import key_values
from tests.conftest import chosen_tasks
from tests.key_values import entry_labels, entry_value


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
    """The task's heading stands in `tex` as the booklet names it: its number and title."""
    task = registry.select([task_id])[0]
    return f"Задача {task.number}. {task.title}" in tex


@pytest.mark.slow
@pytest.mark.per_task
def test_every_listed_claim_is_shown_by_the_sheets_and_a_variant(booklet, variant_one):
    tex, _ = answer_key.key_tex([(0, list(booklet.ledger)), (1, variant_one)])
    assert tex.count(r"\midrule") >= 2  # a task's table, under its header, in each variant
    for answer in listed_in(variant_one):
        assert names(tex, answer.task), answer


@pytest.mark.slow
@pytest.mark.per_task
def test_a_listed_claim_missing_from_a_ledger_names_the_answers_line(variant_one):
    for answer in listed_in(variant_one):
        # the answer's task alone (a build of it), less the one claim
        mine = [claim for claim in variant_one if claim.task == answer.task]
        lost = [claim for claim in mine if claim.id != answer.claim]
        assert len(lost) == len(mine) - 1
        with pytest.raises(UserError) as error:
            answer_key.key_tex([(1, lost)])
        message = str(error.value)
        assert message.startswith(f"{answer.source}:{answer.line}:"), message  # key or rubric
        assert f"{answer.claim!r}, which variant 1 does not show" in message


@pytest.mark.slow
def test_tasks_not_built_are_left_out_of_the_key(variant_one):
    built = sorted({claim.task for claim in variant_one})
    if len(built) < 2:
        pytest.skip("the key has answers of one task of this run: nothing to leave out")
    one, *others = built
    tex, _ = answer_key.key_tex([(1, [claim for claim in variant_one if claim.task == one])])
    assert names(tex, one)
    assert not [task for task in others if names(tex, task)]


# the columns README promises a TA, in its words
HEADER_LINE = "вариант;листок;задача;метка;вид;обозначение;что;точно;десятичное;допуск;баллы;claim"
HEADER = HEADER_LINE.split(";")


def read_key(text: str) -> list[dict[str, str]]:
    """The CSV as a spreadsheet in a Russian locale reads it: a BOM, semicolons."""
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def comma_number(cell: str) -> float:
    """A number as a spreadsheet in a Russian locale reads it: digits, a decimal comma."""
    assert re.fullmatch(r"-?[0-9]+(,[0-9]+)?", cell), cell
    return float(cell.replace(",", "."))


def entry_exact(claim, label: str):
    """The sympy value of the entry `label` (counted from 1) of `claim`, from its exact form."""
    value = sympy.sympify(claim.exact)
    _, _, index = label.partition("[")
    if not index:
        return value
    place = [int(k) - 1 for k in index.rstrip("]").split(",")]
    return list(value)[place[0]] if len(place) == 1 else value[place[0], place[1]]


@pytest.mark.slow
@pytest.mark.per_task
def test_the_csv_has_a_row_per_graded_number_a_grader_can_read(variant_one):
    """One row per graded entry, labels from 1 (tests/key_values.py), values found through the
    ledger: the decimal to six significant digits, the exact value wherever sympy's is a
    rational number, the tolerance of five units of the fourth significant digit."""
    rows = [r for r in read_key(answer_key.key_csv([(3, variant_one)])) if r["вид"] == "ответ"]
    ledger = {claim.id: claim for claim in variant_one}
    built = {claim.task for claim in variant_one}
    expected = [
        (answer, label)
        for answer in key.load()
        if answer.graded and answer.task in built
        for label in entry_labels(answer.label, ledger[answer.claim].value)
    ]
    assert [(r["claim"], r["метка"]) for r in rows] == [(a.claim, lbl) for a, lbl in expected]
    for row, (answer, label) in zip(rows, expected, strict=True):
        task = registry.select([answer.task])[0]
        assert row["вариант"] == "3"
        assert row["листок"] == registry.sheet(task.sheet).title
        assert row["задача"] == f"Задача {task.number}. {task.title}"
        value = entry_value(ledger[answer.claim].value, label)
        assert comma_number(row["десятичное"]) == pytest.approx(value, rel=5e-6, abs=1e-12)
        digit = 10 ** (math.floor(math.log10(abs(value))) - 3) if value else 0.0001
        assert comma_number(row["допуск"]) == pytest.approx(5 * digit), label
        exact = entry_exact(ledger[answer.claim], label)
        if exact.is_Rational:
            assert sympy.Rational(row["точно"].removeprefix("'")) == exact, label
        else:
            assert row["точно"] == "", label


@pytest.mark.slow
@pytest.mark.per_task
def test_typical_mistakes_and_numbers_not_graded_have_rows_of_their_own(variant_one, key_value):
    """After a graded number's row, a row per wrong answer the key offers for it
    (tests/key_values.offered: the rubric's typical mistakes, values from the ledger), with its
    own tolerance and the points it keeps; the `graded = false` answers follow, with no
    points."""
    rows = read_key(answer_key.key_csv([(1, variant_one)]))
    finder = key_value  # conftest.py's, shared with the quiz's and the class's tests
    points, items = key_values.rubric_items()
    shares = collections.Counter(
        (_task_label(r)[0], items[_task_label(r)]) for r in rows if r["вид"] == "ответ"
    )
    right, wrong_rows, seen = None, [], 0

    def check(right, wrong_rows):
        task, base = _task_label(right)
        expected = key_values.offered(finder, 1, task, right["метка"])
        assert len(wrong_rows) == len(expected), right["метка"]
        item = items[(task, base)]
        for row, (value, part, names) in zip(wrong_rows, expected, strict=True):
            assert row["вид"] == "ошибка: " + " / ".join(names)
            assert row["метка"] == right["метка"]
            assert comma_number(row["десятичное"]) == pytest.approx(value, rel=5e-6, abs=1e-12)
            assert comma_number(row["допуск"]) == pytest.approx(key_values.five_units(value))
            kept = points[task][item] / shares[(task, item)] * part
            assert comma_number(row["баллы"]) == pytest.approx(kept, rel=5e-3)
        return len(expected)

    for row in rows:
        if row["вид"].startswith("ошибка: "):
            wrong_rows.append(row)
            continue
        if right is not None:
            seen += check(right, wrong_rows)
        right, wrong_rows = (row if row["вид"] == "ответ" else None), []
        if row["вид"] == "для сверки":
            assert row["баллы"] == ""
            assert _task_label(row) in {(a.task, a.label) for a in key.load() if not a.graded}
    if right is not None:
        seen += check(right, wrong_rows)
    assert seen or not any(key_values.rubric_mistakes().get(t) for t, _ in shares)


def _task_label(row: dict) -> tuple[str, str]:
    """(task id, the key's label) of a CSV row."""
    sheet, number = row["claim"].split(".")[:2]
    return f"{sheet}.{number}", row["метка"].partition("[")[0]


@pytest.mark.slow
@pytest.mark.per_task
def test_no_latex_and_no_index_from_zero_in_the_csv(variant_one):
    rows = read_key(answer_key.key_csv([(1, variant_one)]))
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not re.search(r"[\\{}$^]|\\[a-z]", cell), (column, cell)
        _, _, index = row["метка"].partition("[")
        assert not index or min(int(k) for k in index.rstrip("]").split(",")) >= 1, row
    assert any(row["обозначение"] for row in rows)


def symbols_of_every_task() -> list[str]:
    """Every symbol the solution modules declare, numbered as the ledger numbers them."""
    found = []
    for task in registry.TASKS:
        table = getattr(importlib.import_module(task.module), "SYMBOLS", {})
        found += [re.sub(r"@[ijn]", "2", symbol) for symbol in table.values()]
    return found


def test_every_symbol_and_every_what_reads_as_plain_text():
    texts = symbols_of_every_task() + [answer.what for answer in key.load()]
    assert len(texts) > 50
    for latex in texts:
        shown = plain(latex)
        assert shown, latex
        assert not re.search(r"[\\{}$^]", shown), (latex, shown)
        assert not re.search(r"\b(frac|dfrac|partial|nabla|hat|text|sigma|prime)\b", shown)


def test_every_typical_mistake_reads_as_plain_text():
    """Its text is the quiz's feedback and the CSV's `что`: no LaTeX may be left in it."""
    texts = [m["text"] for found in key_values.rubric_mistakes().values() for m in found]
    assert len(texts) > 30
    for latex in texts:
        shown = plain_text(latex)
        assert not re.search(r"[\\{}$^]", shown), (latex, shown)
        commands = r"frac|partial|nabla|hat|text|sigma|prime|sum|Lambda|gamma|(?<![a-z])[mp][mp]"
        assert not re.search(commands, shown), (latex, shown)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\dfrac{\partial L}{\partial W_1}", "∂L/∂W₁"),
        (r"\hat y", "ŷ"),
        (r"w^{2}_0", "w²₀"),
        (r"(w^1_0, w^2_0, w^3_0)", "(w¹₀, w²₀, w³₀)"),
        (r"\frac{\partial L}{\partial x^{l-1}_{2}}", "∂L/∂xˡ⁻¹₂"),
        (r"(\sigma'_{\max})^{K-1}", "(σ′ₘₐₓ)ᴷ⁻¹"),
        (r"\sigma^{\prime}(t_1)", "σ′(t₁)"),
        (r"\nabla_\mu \ell(\mu_0, \Sigma_0)", "∇_μ ℓ(μ₀, Σ₀)"),
        (r"\nabla^2_w Q", "∇²_w Q"),
        (r"\lVert X^{*} - A \rVert", "‖X* − A‖"),
        (r"w_1 = w - \gamma \nabla Q(w)", "w₁ = w − γ∇Q(w)"),
        (r"\text{производная logloss по } p \text{ (п. 2)}", "производная logloss по p (п. 2)"),
        (r"\rho_{\sigma} \text{ (эксперимент)}", "ρ_σ (эксперимент)"),
        (r"\text{класс}_{3}", "класс₃"),
    ],
)
def test_symbols_read_as_the_booklet_prints_them(latex, text):
    assert plain(latex) == text


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(-0.0407130298712, 6, "-0,040713"), (0.5, 12, "0,5"), (1e-7, 6, "0,0000001"), (3.0, 6, "3")],
)
def test_numbers_have_a_decimal_comma(value, digits, text):
    assert answer_key.comma_decimal(value, digits) == text
