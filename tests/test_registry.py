"""templates/sheets.toml, the task list an instructor edits: read in file order, every mistake
one message at its line, and the booklet's title built from the subjects it names."""

from __future__ import annotations

import pytest

from engine import registry
from engine.errors import UserError

HEAD = '[s]\ntitle = "Лист"\nauthor = "Я"\nsubject = "всему"\n'


def load(tmp_path, text: str):
    path = tmp_path / "sheets.toml"
    path.write_text(text, encoding="utf-8")
    return registry._load.__wrapped__(path)


def test_the_shipped_file_lists_every_task_once_in_order():
    ids = [t.id for t in registry.TASKS]
    assert len(ids) == len(set(ids)) > 0
    for sheet in registry.SHEETS:
        numbers = [int(t.number) for t in registry.TASKS if t.sheet == sheet.id]
        assert numbers == sorted(numbers), sheet.id


def test_tasks_read_in_file_order_with_their_parts(tmp_path):
    text = HEAD + '[s.parts.p]\nsubject = "частному"\ncredit = "Откуда"\n'
    text += (
        '[[s.tasks]]\nid = "s.2"\ntitle = "Б"\npart = "p"\n[[s.tasks]]\nid = "s.1"\ntitle = "А"\n'
    )
    sheets, tasks = load(tmp_path, text)
    assert [(t.id, t.title, t.part) for t in tasks] == [("s.2", "Б", "p"), ("s.1", "А", None)]
    assert (sheets[0].credit_part, sheets[0].credit) == ("p", "Откуда")


def test_an_epigraph_and_a_part_heading_are_read(tmp_path):
    text = HEAD + '[s.parts.p]\nsubject = "частному"\nheading = "Часть"\nepigraph = "Эпиграф"\n'
    text += '[[s.tasks]]\nid = "s.1"\ntitle = "А"\npart = "p"\n'
    sheets, tasks = load(tmp_path, text)
    assert [(p.id, p.heading, p.epigraph) for p in sheets[0].parts] == [("p", "Часть", "Эпиграф")]
    assert tasks[0].part_template is None  # no templates/s/p.tex.j2: a heading, no introduction


@pytest.mark.parametrize(
    ("tail", "line", "message"),
    [
        ('[[s.tasks]]\nid = "t.1"\ntitle = "А"\n', 6, "write it as s.<number>"),
        ('[[s.tasks]]\nid = "s.01"\ntitle = "А"\n', 6, "no leading zero"),
        ('[[s.tasks]]\nid = "s.1"\n', 6, "title is missing"),
        ('[[s.tasks]]\nid = "s.1"\ntitle = ""\n', 6, "title must be a non-empty string"),
        ('[[s.tasks]]\nid = "s.1"\ntitle = "А"\ntitel = "Б"\n', 6, "unknown key 'titel'"),
        ('[[s.tasks]]\nid = "s.1"\ntitle = "А"\npart = "q"\n', 6, "no part 'q'"),
        (
            '[[s.tasks]]\nid = "s.1"\ntitle = "А"\n[[s.tasks]]\nid = "s.1"\ntitle = "Б"\n',
            6,
            "listed twice",
        ),
        ('[[s.tasks]]\nid = "s.1"\ntitle = "А"\nid = "s.2"\n', 8, "Cannot overwrite"),
        ("", None, "no tasks"),
        ('[s.parts.p]\nsubject = "Ч"\nheading = 1\n', 5, "heading must be a non-empty string"),
    ],
)
def test_a_mistake_is_told_at_its_line(tmp_path, tail, line, message):
    with pytest.raises(UserError) as caught:
        load(tmp_path, HEAD + tail)
    where = f"sheets.toml:{line}: " if line else "sheets.toml: "
    assert where in str(caught.value)
    assert message in str(caught.value)


def test_a_sheet_id_must_name_a_package(tmp_path):
    with pytest.raises(UserError, match=r"sheets.toml:1: \[S-1\]: a sheet id"):
        load(tmp_path, '["S-1"]\ntitle = "x"\n')


def test_the_title_names_each_subject_once_in_order():
    from engine.builds.pipeline import subject

    first, *_rest = registry.TASKS
    every = dict.fromkeys(t.subject for t in registry.TASKS)
    assert subject([first]) == "по " + first.subject
    assert subject(list(registry.TASKS)) == "по " + " и ".join(every)
