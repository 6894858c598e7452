"""What surrounds the tasks: «Обозначения» once, before the first sheet; «Уточнение к условию»
boxes after the statements, in the problem sheet and the booklet alike; the title names only
the subjects of the tasks built."""

from __future__ import annotations

import re

import pytest

from engine import registry
from engine.builds import pipeline
from tests.conftest import chosen_tasks, full_problems, template_source


def with_block(name: str) -> set[str]:
    """The tasks of the run whose template fills the block `name` (see task.tex.j2) with more
    than comments (the scaffold's clarification block holds only a comment: no box)."""
    return {t.id for t in chosen_tasks() if block_text(template_source(t), name)}


def block_text(source: str, name: str) -> str:
    opening = f"\\BLOCK{{block {name}}}"
    if opening not in source:
        return ""
    body = source.split(opening, 1)[1].split("\\BLOCK{endblock}", 1)[0]
    return re.sub(r"\\#\{[^}]*\}", "", body).strip()


def sections(tex: str) -> dict[str, str]:
    """Each task's text, from its label to the next task's or the next sheet's heading (a
    sheet may open with a remark of its own)."""
    parts = re.split(r"\\label\{task:", tex)[1:]
    return {part.split("}")[0]: re.split(r"\\section\{", part)[0] for part in parts}


def clarified(tex: str) -> set[str]:
    """The tasks whose statement is followed by a clarification box."""
    return {task for task, text in sections(tex).items() if r"\begin{clarification}" in text}


@pytest.mark.per_task
def test_the_problem_sheet_clarifies_the_ambiguous_statements():
    assert clarified(full_problems().tex) == with_block("clarification")


@pytest.mark.per_task
def test_the_booklet_shows_what_the_students_were_told_and_keeps_its_remarks(booklet):
    assert clarified(booklet.tex) == with_block("clarification")
    remarking = {t.id for t in chosen_tasks() if r"\begin{remark}" in template_source(t)}
    shown = {task for task, text in sections(booklet.tex).items() if r"\begin{remark}" in text}
    assert shown == remarking


def test_notation_is_stated_once_before_the_first_sheet(booklet):
    for tex in (booklet.tex, full_problems().tex):
        assert tex.count(r"\section{Обозначения}") == 1
        assert tex.index(r"\section{Обозначения}") < tex.index(r"\label{task:")


def test_the_title_names_the_subjects_built():
    task = next(t for t in registry.TASKS if t.part is None)  # of its sheet's own subject
    others = {t.subject for t in registry.TASKS} - {task.subject}
    tex = pipeline.render([task]).tex
    title = tex.split(r"\begin{document}")[0]
    assert f"по {task.subject}}}" in title
    assert [subject for subject in others if subject in title] == []
    assert "Матричное дифференцирование." not in tex  # nor does the notation


@pytest.mark.per_task
def test_every_network_figure_shows_where_its_output_leaves(booklet):
    pictures = re.findall(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", booklet.tex, re.S)
    networks = [p for p in pictures if "neuron/.style" in p]
    drawing = [t for t in chosen_tasks() if "network(" in template_source(t)]
    assert len(networks) >= len(drawing)
    assert all(re.search(r"-- \+\+\(12mm, 0\) node\[right\]", p) for p in networks)
