"""Regression battery for class data (issue 22), publishing, one case per line: a class run
that fails or is interrupted publishes nothing (or says what it published), re-issuing keeps
what was handed out, and nothing is written outside --out."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

import generate
from engine.classroom import issued
from engine.errors import UserError
from tests.class_battery import (
    ONE_TASK,
    OTHER_TASK,
    grade,
    issue,
    issue_sheets,
    item,
    snapshot,
)


def test_a_publish_that_fails_midway_puts_everything_back(tmp_path, capsys):
    out = tmp_path / "out"
    issue(out, {"bob": 1, "cat": 2}, {1: [item("a", 0.25)], 2: [item("a", -0.5)]})
    assert grade(tmp_path, f"bob,{ONE_TASK},a,0.25\n") == 0
    before = (out / "grades.csv").read_bytes()
    (out / "grades-items.csv").unlink()
    (out / "grades-items.csv").mkdir()
    assert grade(tmp_path, f"bob,{ONE_TASK},a,7\n") == 1
    assert "nothing was published" in capsys.readouterr().err
    assert (out / "grades.csv").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]


def fail_on(target: str, monkeypatch, module, name: str):
    """Make `module.name` fail for the job named `target`, as a build can."""
    real = getattr(module, name)

    def failing(job, *args):
        if str(getattr(job, "id", getattr(job, "variant", ""))) == target:
            raise UserError(f"a mistake that only {target} brings out")
        return real(job, *args)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.slow
def test_a_roster_run_that_fails_on_one_student_publishes_nothing(tmp_path, monkeypatch):
    from engine.builds import students

    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    before = snapshot(out)
    roster.write_text("id,name\nann,Анна\nbob,Борис\ncid,Вера\n", encoding="utf-8")
    fail_on("bob", monkeypatch, students, "build_student")
    assert issue_sheets(out, roster) == 1
    assert snapshot(out) == before
    assert not (out / "students" / "cid").exists()


def test_a_variants_run_whose_key_fails_publishes_nothing(tmp_path, monkeypatch):
    from engine.builds import answer_key

    out = tmp_path / "out"
    args = ["--tex", "--only", ONE_TASK, "--jobs", "1", "-q", "--out", str(out)]
    assert generate.main([*args, "--variants", "1-2"]) == 0
    before = snapshot(out)

    def broken(*_):
        raise UserError("templates/key.toml:3: a mistake in the key")

    monkeypatch.setattr(answer_key, "key_files", broken)
    assert generate.main([*args, "--variants", "1-3"]) == 1
    assert snapshot(out) == before


def test_the_record_holds_what_the_roster_key_says(tmp_path):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,=1+1\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    record = json.loads((out / issued.RECORD).read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((out / "roster-key.csv").read_text(encoding="utf-8"))))
    variant_of = {s["id"]: s["variant"] for s in record["students"]}
    for row in rows:
        items = {i["label"]: i for i in record["keys"][str(variant_of[row["id"]])]}
        assert float(row["answer"]) == pytest.approx(items[row["item"]]["value"], rel=1e-11)
    assert {row["name"] for row in rows} == {"Анна", "'=1+1"}


def test_reissuing_other_tasks_into_the_same_directory_is_refused(tmp_path, capsys):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    before = snapshot(out)
    assert issue_sheets(out, roster, only=OTHER_TASK) == 1
    assert "a new assignment goes into an --out of its own" in capsys.readouterr().err
    assert snapshot(out) == before


def test_reissuing_changed_numbers_to_students_who_hold_sheets_is_refused(
    tmp_path, capsys, monkeypatch
):
    """A solution fixed after the sheets went out: the students' papers keep the old numbers."""
    from engine.builds import students

    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    before = snapshot(out)
    real = students.variant_items

    def changed(variant, *rest):
        items = real(variant, *rest)
        if variant == 2:  # bob's
            items[0] = dataclasses.replace(items[0], value=items[0].value + 1)
        return items

    monkeypatch.setattr(students, "variant_items", changed)
    assert issue_sheets(out, roster) == 1
    err = capsys.readouterr().err
    assert "the numbers of variant(s) 2 differ" in err
    assert "(held by bob)" in err
    assert snapshot(out) == before


def test_an_interrupt_after_publishing_says_what_was_published(tmp_path, capsys, monkeypatch):
    from cli import classroom

    def interrupted_at_the_summary(quiet):
        def say(message):
            if message.startswith("graded"):
                raise KeyboardInterrupt

        return say

    monkeypatch.setattr(classroom, "messages", interrupted_at_the_summary)
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, f"bob,{ONE_TASK},a,0.25\n") == 130
    err = capsys.readouterr().err
    assert "interrupted after publishing" in err
    assert "unchanged" not in err


def test_a_failed_roster_run_leaves_no_new_folders(tmp_path, capsys):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    (out / "roster-key.csv").unlink()
    (out / "roster-key.csv").mkdir()
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 1
    assert "nothing was published" in capsys.readouterr().err
    assert sorted(p.name for p in (out / "students").iterdir()) == ["ann"]


@pytest.mark.parametrize("link", ["students", "students/ann"])
def test_sheets_are_never_written_through_a_link_out_of_the_directory(tmp_path, capsys, link):
    out, roster, elsewhere = tmp_path / "out", tmp_path / "roster.csv", tmp_path / "elsewhere"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    elsewhere.mkdir()
    (out / link).parent.mkdir(parents=True)
    (out / link).symlink_to(elsewhere)
    assert issue_sheets(out, roster) == 1
    assert "a symbolic link out of" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_a_students_folder_goes_is_told_as_such(tmp_path, capsys):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    (out / "students").mkdir(parents=True)
    (out / "students" / "ann").write_text("a file", encoding="utf-8")
    assert issue_sheets(out, roster) == 1
    assert "a file is in the way" in capsys.readouterr().err


def test_a_link_planted_at_a_temporary_name_is_not_followed(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    issue(out, {"bob": 1}, {1: [item("a", 0.25)]})
    victim.write_text("precious", encoding="utf-8")
    (out / ".grades.csv.tmp").symlink_to(victim)
    assert grade(tmp_path, f"bob,{ONE_TASK},a,0.25\n") == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "grades.csv").is_symlink()


def test_a_new_students_work_folder_goes_when_the_run_fails(tmp_path, monkeypatch):
    from engine.builds import students

    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    roster.write_text("id,name\nann,Анна\ncid,Вера\n", encoding="utf-8")

    def fails_after_typesetting_began(job):
        (out / "students" / job.id / ".latex-problems").mkdir(parents=True, exist_ok=True)
        raise UserError(f"LaTeX error in {job.id}'s sheet")

    monkeypatch.setattr(students, "build_student", fails_after_typesetting_began)
    assert issue_sheets(out, roster) == 1
    assert sorted(p.name for p in (out / "students").iterdir()) == ["ann"]


def test_a_sheet_issued_as_tex_replaces_the_pdf_of_an_earlier_issue(tmp_path):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    (out / "students" / "ann" / "problems.pdf").write_bytes(b"%PDF- an earlier variant")
    roster.write_text("id,name,variant\nann,Анна,5\n", encoding="utf-8")
    assert issue_sheets(out, roster) == 0
    assert not (out / "students" / "ann" / "problems.pdf").exists()


def test_an_interrupt_during_the_swap_waits_until_every_file_is_in(tmp_path, monkeypatch):
    import os
    import signal

    from engine.store import publish

    for name in ("a", "b"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    real = os.replace

    def interrupted(source, target):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between two renames
        return real(source, target)

    monkeypatch.setattr(publish.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.publish({tmp_path / "a": "new", tmp_path / "b": "new"})
    assert [(tmp_path / n).read_text(encoding="utf-8") for n in "ab"] == ["new", "new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]
    assert publish.PUBLISHED[-2:] == [tmp_path / "a", tmp_path / "b"]


def test_a_record_left_aside_by_a_cut_off_publish_stops_the_next_run(tmp_path, capsys):
    out = tmp_path / "out"
    issue(out, {"bob": 1}, {1: [item("a", 0.25)]})
    (out / issued.RECORD).rename(out / f".{issued.RECORD}.old")
    assert grade(tmp_path, f"bob,{ONE_TASK},a,0.25\n") == 1
    assert "a publish was cut off" in capsys.readouterr().err
