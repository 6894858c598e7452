"""Regression battery for class data (issue 22), grading, one case per line: grades follow
what was handed out (issued.json), a record that is damaged or edited is refused, answers are
matched as typed, and every row that cannot count is kept."""

from __future__ import annotations

import csv
import json

import pytest

from engine.classroom import issued
from tests.class_battery import ONE_TASK, grade, issue, item

ASSIGNMENTS = [
    # (issued before {id: variant} or None, the roster [(id, variant cell)], expected {id: variant})
    (
        None,
        [("zed", None), ("abe", 2), ("mid", None), ("bob", None)],
        {"abe": 2, "bob": 1, "mid": 3, "zed": 4},
    ),
    (
        {"bob": 1, "mid": 2},
        [("aaa", None), ("bob", None), ("mid", None)],
        {"aaa": 3, "bob": 1, "mid": 2},
    ),
    (
        {"bob": 1, "mid": 2, "zed": 3},
        [("mid", None), ("zed", None), ("new", None)],
        {"mid": 2, "zed": 3, "new": 4},
    ),
    ({"bob": 1, "mid": 2}, [("mid", None), ("bob", 5)], {"mid": 2, "bob": 5}),
    ({"bob": 1}, [("bob", None), ("amy", 1)], {"bob": 1, "amy": 1}),
]


@pytest.mark.parametrize(("before", "roster", "expected"), ASSIGNMENTS)
def test_adding_or_removing_a_student_never_moves_anyone_else(before, roster, expected):
    previous = None
    if before is not None:
        students = tuple(issued.Student(s, s, v) for s, v in before.items())
        previous = issued.Issued("c", (ONE_TASK,), students, {v: [] for v in before.values()})
    students = issued.assign([(s, s, cell) for s, cell in roster], previous)
    assert {s.id: s.variant for s in students} == expected


def test_grades_follow_the_record_not_a_reordered_roster(tmp_path):
    """The found fault: a late student sorting first shifted everyone's variant."""
    issue(tmp_path / "out", {"bob": 1, "cat": 2}, {1: [item("a", 0.25)], 2: [item("a", -0.5)]})
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nbob,Борис\ncat,Вера\n", encoding="utf-8")
    assert (
        grade(
            tmp_path, f'bob,{ONE_TASK},a,"0,25"\ncat,{ONE_TASK},a,−0.5\n', "--roster", str(roster)
        )
        == 0
    )
    rows = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert [(r["id"], r["variant"], r["score"]) for r in rows] == [
        ("bob", "1", "1"),
        ("cat", "2", "1"),
    ]
    assert rows[0]["name"] == "'=name bob"  # a formula in a name stays text


GRADE_MISTAKES = [
    # (roster text given with --grade, words of the message)
    ("id,name\naaa,Ася\nbob,Борис\ncat,Вера\n", "aaa (line 2): no sheet was issued"),
    (
        "id,name,variant\nbob,Борис,2\ncat,Вера,\n",
        "bob (line 2): issued variant 1, the roster says 2",
    ),
]


@pytest.mark.parametrize(("roster_text", "words"), GRADE_MISTAKES)
def test_a_roster_that_no_longer_matches_stops_grading(tmp_path, capsys, roster_text, words):
    issue(tmp_path / "out", {"bob": 1, "cat": 2}, {1: [item("a", 0.25)], 2: [item("a", -0.5)]})
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_text, encoding="utf-8")
    assert grade(tmp_path, f"bob,{ONE_TASK},a,1\n", "--roster", str(roster)) == 1
    assert words in capsys.readouterr().err
    assert not (tmp_path / "out" / "grades.csv").exists()


def sound_record() -> dict:
    """A record of two students on variants 1 and 2, as --roster writes it."""
    keys = {1: [item("a", 0.25), item("b", 2.0)], 2: [item("a", -0.5), item("b", 3.0)]}
    students = (issued.Student("bob", "Борис", 1), issued.Student("cat", "Вера", 2))
    return json.loads(issued.Issued("c", (ONE_TASK,), students, keys).to_json())


def first_key(d: dict) -> dict:
    return d["keys"]["1"][0]


def drop(mapping: dict, name: str) -> None:
    del mapping[name]


RECORDS = [
    # (what, an edit of a sound record, whether the edit also fixes the checksum, words)
    ("no record", None, False, "no sheets were issued"),
    ("not JSON", lambda d: "{not json", False, "is damaged"),
    ("another format", lambda d: d.update(format=99), True, "is damaged"),
    ("a value edited by hand", lambda d: first_key(d).update(value=1.0), False, "checksum"),
    ("the checksum removed", lambda d: drop(d, "checksum"), False, "checksum"),
    ("a key row twice", lambda d: d["keys"]["1"].append(first_key(d)), True, "an item twice"),
    ("a student twice", lambda d: d["students"].append(d["students"][0]), True, "twice"),
    ("an empty key of one variant", lambda d: d["keys"].update({"1": []}), True, "same tasks"),
    ("every key empty", lambda d: d["keys"].update({"1": [], "2": []}), True, "nothing to grade"),
    ("a negative tolerance", lambda d: first_key(d).update(tolerance="-1"), True, "tolerance"),
    ("a NaN tolerance", lambda d: first_key(d).update(tolerance="NaN"), True, "tolerance"),
    ("a value true", lambda d: first_key(d).update(value=True), True, "not a number"),
    ("a value of 400 digits", lambda d: first_key(d).update(value=10**400), True, "damaged"),
    ("a value text", lambda d: first_key(d).update(value="1"), True, "not a number"),
    ("a variant with no key", lambda d: drop(d["keys"], "2"), True, "no key for variant"),
    ("a variant as text", lambda d: d["students"][0].update(variant="1"), True, "a number"),
    ("a name as a number", lambda d: d["students"][0].update(name=5), True, "must be text"),
    ("a task not listed", lambda d: d.update(tasks=[]), True, "tasks the record does not list"),
    ("a student without id", lambda d: drop(d["students"][0], "id"), True, "is damaged"),
]


@pytest.mark.parametrize(
    ("edit", "fixed", "words"), [r[1:] for r in RECORDS], ids=[r[0] for r in RECORDS]
)
def test_grading_without_a_sound_record_stops(tmp_path, capsys, edit, fixed, words):
    if edit is not None:
        data = sound_record()
        text = edit(data)
        if fixed:
            data.pop("checksum", None)
            data["checksum"] = issued._checksum(data)
        (tmp_path / "out").mkdir()
        written = text if isinstance(text, str) else json.dumps(data, ensure_ascii=False)
        (tmp_path / "out" / issued.RECORD).write_text(written, encoding="utf-8")
    assert grade(tmp_path, f"bob,{ONE_TASK},a,1\n") == 1
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_record_that_is_not_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / issued.RECORD).symlink_to("/dev/zero")
    assert grade(tmp_path, f"bob,{ONE_TASK},a,1\n") == 1
    assert "not a regular file" in capsys.readouterr().err


def test_grading_into_a_file_says_it_is_not_a_directory(tmp_path, capsys):
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    assert grade(tmp_path, f"bob,{ONE_TASK},a,1\n") == 1
    assert "out: not a directory" in capsys.readouterr().err


ANSWERS_AS_TYPED = [
    # (a submitted row as typed, whether it counts as the right answer to bob's item `a`)
    (f"bob,{ONE_TASK},a,0.25", True),
    (f"BOB,{ONE_TASK},a,0.25", True),  # the roster refuses ids that differ only in case
    (f"bob\u200b,{ONE_TASK},a,0.25", True),  # a zero-width space pasted along
    (f"bob,{ONE_TASK.upper()},A,0.25", True),
    (f"bob,{ONE_TASK},a,2.5E-1", True),
    (f'bob,{ONE_TASK},a,"2,5e-1"', True),
    (f"bob,{ONE_TASK},a,0.25\u200b", True),
    (f"'bob,{ONE_TASK},a,0.25", True),  # an id copied from our CSV, apostrophe and all
    (f"bob,{ONE_TASK},a,0.26", False),
]


@pytest.mark.parametrize(("row", "right"), ANSWERS_AS_TYPED)
def test_answers_are_matched_as_typed_on_any_system(tmp_path, row, right):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, row + "\n") == 0
    grades = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert grades[0]["score"] == ("1" if right else "0")


def test_a_label_in_another_unicode_form_is_the_same_label(tmp_path):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("й1", 0.25)]})  # composed й
    assert grade(tmp_path, f"bob,{ONE_TASK},и\u03061,0.25\n") == 0  # и + combining breve
    grades = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert grades[0]["score"] == "1"


def test_rows_that_cannot_count_are_all_kept_and_told_apart(tmp_path, capsys):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    rows = f"zed,{ONE_TASK},a,1\nbob,{ONE_TASK}5,a,1\nbob,{ONE_TASK},zz,1\n" * 30
    assert grade(tmp_path, rows) == 0
    err = capsys.readouterr().err
    assert "no student 'zed' was issued a sheet" in err
    assert f"no task '{ONE_TASK}5' on the issued sheets" in err
    assert "has no item 'zz'" in err
    assert "... and 70 more" in err
    kept = (tmp_path / "out" / "grades-problems.csv").read_text(encoding="utf-8")
    assert len(kept.splitlines()) == 1 + 90


def test_ids_a_spreadsheet_would_read_as_numbers_stay_text(tmp_path):
    issue(tmp_path / "out", {"1.50": 1, "10.0": 1, "0012": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, f"1.50,{ONE_TASK},a,0.25\n") == 0
    text = (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["'1.50", "'10.0", "'0012"]


def test_a_student_who_leaves_and_returns_keeps_their_variant_and_nobody_takes_it():
    keys = {v: [item("a", v / 4)] for v in (1, 2, 3)}
    first = issued.Issued(
        "c", (ONE_TASK,), issued.assign([(s, s, None) for s in "abc"], None), keys
    )
    assert {s.id: s.variant for s in first.students} == {"a": 1, "b": 2, "c": 3}

    def issue_to(previous, ids):
        students = issued.assign([(s, s, None) for s in ids], previous)
        held = {s.variant: [item("a", s.variant / 4)] for s in students}
        return issued.reissued(previous, students, held, (ONE_TASK,), "c")

    without_a = issue_to(first, ["b", "c"])
    assert [s.id for s in without_a.former] == ["a"]
    with_newcomer = issue_to(without_a, ["b", "c", "d"])
    assert with_newcomer.everyone() == {"a": 1, "b": 2, "c": 3, "d": 4}
    back = issue_to(with_newcomer, ["a", "b", "c", "d"])
    assert {s.id: s.variant for s in back.students} == {"a": 1, "b": 2, "c": 3, "d": 4}
    data = json.loads(back.to_json())
    data.pop("checksum")
    assert issued._checked(data).everyone() == back.everyone()  # the record keeps them


def test_entries_are_graded_by_labels_counted_from_one(tmp_path, capsys):
    """The record holds the key's labels (`W[1,1]` is the first entry); a label counted from 0
    matches no item, counts as missing, and its problem says how entries are counted."""
    first, second = item("W[1,1]", 0.25), item("W[1,2]", -0.5)
    issue(tmp_path / "out", {"bob": 1}, {1: [first, second]})
    answers = f'bob,{ONE_TASK},"W[1,1]",0.25\nbob,{ONE_TASK},"W[0,1]",-0.5\n'
    assert grade(tmp_path, answers) == 0
    grades = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert (grades[0]["score"], grades[0]["max"]) == ("1", "2")
    err = capsys.readouterr().err
    assert "has no item 'W[0,1]'" in err
    assert "entries count from 1" in err
