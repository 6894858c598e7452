"""What surrounds the tasks: «Обозначения» once, before the first sheet; «Уточнение к условию»
boxes after the statements, in the problem sheet and the booklet alike; the title names only
the subjects of the tasks built."""

from __future__ import annotations

import re

from engine import registry
from engine.builds import pipeline
from tests.conftest import full_problems

CLARIFIED = {
    "hse7.1", "hse7.2", "hse7.4", "ranepa3.1", "ranepa3.2", "ranepa3.3", "ranepa3.4",
    "ranepa3.5", "ranepa3.6", "ranepa3.7", "ranepa3.8", "ranepa3.9", "ranepa3.11", "ranepa3.12",
}  # fmt: skip


def clarified(tex: str) -> set[str]:
    """The tasks whose statement is followed by a clarification box."""
    tasks = re.split(r"\\label\{task:", tex)[1:]
    return {t.split("}")[0] for t in tasks if r"\begin{clarification}" in t}


def test_the_problem_sheet_clarifies_the_ambiguous_statements():
    assert clarified(full_problems().tex) == CLARIFIED


def test_the_booklet_shows_what_the_students_were_told_and_keeps_its_remarks(booklet):
    assert clarified(booklet.tex) == CLARIFIED
    assert booklet.tex.count(r"\begin{remark}") >= 10


def test_notation_is_stated_once_before_the_first_sheet(booklet):
    for tex in (booklet.tex, full_problems().tex):
        assert tex.count(r"\section{Обозначения}") == 1
        assert tex.index(r"\section{Обозначения}") < tex.index(r"\label{task:")


def test_the_title_names_the_subjects_built():
    backprop = pipeline.render(registry.select(["hse7.4"])).tex
    assert "обратному распространению ошибки}" in backprop
    assert "матричному" not in backprop.split(r"\begin{document}")[0]
    assert "Матричное дифференцирование." not in backprop  # nor does the notation


def test_every_network_figure_shows_where_its_output_leaves(booklet):
    pictures = re.findall(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", booklet.tex, re.S)
    networks = [p for p in pictures if "neuron/.style" in p]
    assert len(networks) >= 5
    assert all(re.search(r"-- \+\+\(12mm, 0\) node\[right\]", p) for p in networks)
