"""Final answers: one box at least per task, all in «Сводка ответов» with the page of their
box; «Критерии оценивания» from templates/rubric.toml, whose mistakes are told at their line."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import pytest

from engine import registry
from engine.builds import pipeline
from engine.classroom import rubric
from engine.errors import UserError
from engine.render.answers import Answers, Final
from engine.render.origins import without_markers
from engine.render.templating import relations_tidied
from engine.store.cache import Store
from tests.conftest import chosen_tasks, full_problems, template_source


def summary_of(tex: str) -> str:
    start = tex.index(r"\section{Сводка ответов}")
    return tex[start : tex.index(r"\section{Критерии оценивания}")]


@pytest.mark.per_task
def test_every_task_boxes_a_final_answer(booklet):
    boxed = {final.task for final in booklet.answers.finals}
    assert [t.id for t in chosen_tasks() if t.id not in boxed] == []


@pytest.mark.per_task
def test_the_summary_repeats_every_box_and_refers_to_it(booklet):
    summary = summary_of(booklet.tex)
    for final in booklet.answers.finals:
        body = relations_tidied(without_markers(final.body))
        assert booklet.tex.count(body) >= 2, final  # in the task's box and in the summary
        assert body in summary, final
        assert rf"\pageref{{{final.label}}}" in summary
        assert booklet.tex.count(rf"\label{{{final.label}}}") == 1


@pytest.mark.per_task
def test_alternative_answers_are_verified_claims(booklet):
    """Each other reading the rubric accepts shows values recorded (and so checked) as claims."""
    alternatives = booklet.answers.alternatives
    calling = {t.id for t in chosen_tasks() if "call alternative(" in template_source(t)}
    assert {a.task for a in alternatives} == calling, "the templates that call alternative(...)"
    shown = {claim.latex for claim in booklet.ledger}
    for alternative in alternatives:
        body = relations_tidied(without_markers(alternative.body))
        assert any(latex in body for latex in shown), alternative
        assert body in booklet.tex


def test_other_readings_are_credited_only_where_the_sheets_were_handed_out(shared_cache):
    """A variant's statements carry the clarifications, so its criteria credit their reading
    only; the sheets' booklet lists the other readings' answers."""
    task = next(t for t in registry.TASKS if "call alternative(" in template_source(t))
    rubric_of = lambda tex: tex[tex.index(r"\section{Критерии оценивания}") :]
    store = Store(shared_cache)  # the run's solves (tests/test_fragments.py: faithful)
    rendered = (pipeline.render([task], variant=n, store=store).tex for n in (0, 1))
    sheets, variant = (rubric_of(tex) for tex in rendered)
    for sheets_only in ("исходным листкам", "другие прочтения"):
        assert sheets_only in sheets
        assert sheets_only not in variant
    assert "засчитывается только это прочтение" in variant


@pytest.mark.per_task
def test_the_problem_sheet_has_no_answers():
    problems = full_problems()
    assert "Сводка ответов" not in problems.tex
    assert r"\begin{answer}" not in problems.tex


@pytest.mark.pdf
def test_each_summary_page_is_the_page_of_the_box(pdf_build):
    out, _ = pdf_build
    aux = (out / ".latex-booklet" / "booklet.aux").read_text(encoding="utf-8", errors="replace")
    pages = dict(re.findall(r"\\newlabel\{(answer:[^}]*)\}\{\{[^}]*\}\{(\d+)\}", aux))
    assert len(pages) >= len(registry.TASKS)
    whole = subprocess.run(  # pdftotext ends each page with a form feed
        ["pdftotext", str(out / "booklet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    texts = whole.split("\f")
    for label, page in pages.items():
        assert "Ответ" in texts[int(page) - 1], (label, page)


# --- the rubric file ---------------------------------------------------------------------


def answers_of(task: str, *items: str) -> Answers:
    answers = Answers()
    answers.finals += [Final(task, item, item, "x", f"answer:{k}") for k, item in enumerate(items)]
    return answers


def load(tmp_path, text: str, answers: Answers):
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    return rubric.load(path, "templates/rubric.toml", ["t.1"], answers)


def test_a_valid_rubric_is_read_in_the_order_of_the_boxes(tmp_path):
    text = '["t.1"]\ntotal = 3\npoints = { "2" = 1, "1" = 2 }\npartial = { "1" = "half" }\n'
    loaded = load(tmp_path, text, answers_of("t.1", "1", "2"))["t.1"]
    assert [(i.item, i.points, i.partial) for i in loaded.items] == [("1", 2, "half"), ("2", 1, "")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '# points\n\n["t.1"]\ntotal = 4\npoints = { "1" = 2, "2" = 1 }\n',
            "templates/rubric.toml:3: t.1: the points add up to 3, not total = 4",
        ),
        (
            '["t.1"]\ntotal = 3\npoints = { "1" = 3 }\n',
            'templates/rubric.toml:1: t.1: no points for "2" (the task boxes "1", "2")',
        ),
        (
            '["t.1"]\ntotal = 3\npoints = { "1" = 1, "2" = 1, "3" = 1 }\n',
            '"3" not boxed as final answers',
        ),
        ('["t.2"]\ntotal = 1\n', "templates/rubric.toml: no entry for task t.1"),
        ('["t.1"]\ntotal = 3\npoints = { "1" = 2, "2" = 1.0 }\n', "positive whole numbers"),
        ('["t.1"]\ntotal = 3\npoints = { "1" = 2, "2" = 1 \n', "templates/rubric.toml:3:"),
        ('["t.1"]\ntotal = 3\npoints = { "1" = 2, "2" = 1 }\nbonus = 1\n', "unknown key(s) bonus"),
    ],
    ids=["sum", "missing item", "extra item", "no task", "not whole", "toml syntax", "unknown"],
)
def test_a_rubric_mistake_is_told_at_its_line(tmp_path, text, message):
    with pytest.raises(UserError) as raised:
        load(tmp_path, text, answers_of("t.1", "1", "2"))
    assert message in str(raised.value)


def shipped_rubric() -> dict:
    return tomllib.loads(pipeline.RUBRIC.read_text(encoding="utf-8"))


@pytest.mark.per_task
def test_the_shipped_rubric_fits_a_build_of_some_tasks():
    """The last task of each sheet (the task of --task): its rubric table in the booklet."""
    some = list({task.sheet: task for task in chosen_tasks()}.values())
    booklet = pipeline.render(some)
    criteria = booklet.tex[booklet.tex.index(r"\section{Критерии оценивания}") :]
    shipped = shipped_rubric()
    for task in some:
        assert f"{task.number} (всего {shipped[task.id]['total']})" in criteria, task.id
        sheet_total = sum(shipped[t.id]["total"] for t in some if t.sheet == task.sheet)
        assert f"Всего баллов за листок: {sheet_total}." in criteria


@pytest.mark.per_task
def test_a_broken_rubric_stops_the_build(tmp_path, monkeypatch):
    task = chosen_tasks()[-1]
    points = shipped_rubric()[task.id]["points"]
    written = ", ".join(
        f"{json.dumps(item, ensure_ascii=False)} = {n}" for item, n in points.items()
    )
    total = sum(points.values())
    broken = tmp_path / "rubric.toml"
    text = f'["{task.id}"]\ntotal = {total + 1}\npoints = {{ {written} }}\n'
    broken.write_text(text, encoding="utf-8")
    monkeypatch.setattr(pipeline, "RUBRIC", broken)
    message = f"{task.id}: the points add up to {total}, not total = {total + 1}"
    with pytest.raises(UserError, match=re.escape(message)):
        pipeline.render([task])


ITEM_NAMES = [  # the item's title -> box heading, «Пункт» column, in a sentence
    ("3", "Ответ к пункту 3.", "3", "пункт 3"),
    ("6.2", "Ответ к пункту 6.2.", "6.2", "пункт 6.2"),
    ("Ridge 1", "Ответ к пункту 1 (Ridge).", "1 (Ridge)", "Ridge, пункт 1"),
    (
        "классификация, 3",
        "Ответ к пункту 3 (классификация).",
        "3 (классификация)",
        "классификация, пункт 3",
    ),
    ("градиенты", "Ответ: градиенты.", "градиенты", "пункт «градиенты»"),
    (r"$\hat\Sigma$", r"Ответ для $\hat\Sigma$.", r"$\hat\Sigma$", r"пункт $\hat\Sigma$"),
]


@pytest.mark.parametrize(("title", "heading", "column", "sentence"), ITEM_NAMES)
def test_an_item_is_named_as_russian_names_it(title, heading, column, sentence):
    """A number inside a named part reads «пункт 1 (Ridge)», never «пункт Ridge 1»; an item
    named in words is quoted in a sentence and follows a colon in a heading."""
    from engine.render.answers import answer_heading, item_column, item_reference

    assert answer_heading(title) == heading
    assert item_column(title) == column
    assert item_reference(title) == sentence
    assert answer_heading("") == "Ответ."


@pytest.mark.per_task
def test_the_criteria_read_as_sentences(booklet):
    """No item inserted raw, no parenthesis after a parenthesis, no pronoun without its noun,
    no colon after a colon in a typical mistake's line."""
    criteria = without_markers(booklet.tex[booklet.tex.index(r"\section{Критерии оценивания}") :])
    summary = without_markers(summary_of(booklet.tex))
    for raw in ("пункт Ridge", "пункт Lasso", "пункт классификация", "(пункт градиенты)"):
        assert raw not in criteria + summary
    assert "она меняет" not in criteria
    assert re.search(r"\)\s*\(пункт", criteria) is None
    for line in criteria.splitlines():
        if line.lstrip().startswith(r"\item") and "этой ошибкой" in line:
            said = line.split("Числа, затронутые этой ошибкой")[0]
            outside_math = re.sub(r"\$[^$]*\$", "", said)
            assert outside_math.count(":") <= 1, line
    headings = re.findall(r"\\textbf\{(Ответ[^}]*)\}", without_markers(booklet.tex))
    assert not [h for h in headings if re.search(r"пункту [A-Za-zА-Яа-я]|\(\w+, \d", h)]
