"""Regression battery for class data (issue 22): what a TA or an attacker gives the class
commands, one case per line. Grades follow what was handed out, the readers never merge or
drop a row, ids stay inside students/, the CSV files we write are safe in a spreadsheet, and
a failed or interrupted class run publishes nothing."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import generate
from engine import issued
from engine.csvfile import safe_cell
from engine.errors import UserError
from engine.key import Item
from engine.roster import read_roster, read_submissions

ONE_TASK = "ranepa3.3"

ROSTERS = [
    # (what, the file's text, the line named, words of the message)
    ("unclosed quote swallows students", 'id,name\na,"Анна\nb,Борис\nc,Вера\n', 2, "never closed"),
    ("quoted cell over two lines", 'id,name\na,"Анна\nИванова"\nb,Борис\n', 2, "runs over lines"),
    ("text after a closing quote", 'id,name\na,"Анна"x\n', 2, "not valid CSV"),
    ("a NUL byte", "id,name\na,Ан\0на\n", 2, "NUL byte"),
    ("a cell over the csv limit", "id,name\na," + "x" * 200_000 + "\n", 2, "more than"),
    ("a long cell", "id,name\na," + "x" * 5000 + "\n", 2, "a cell of 5000 characters"),
    ("header only", "id,name\n", None, "a header but no students"),
    ("empty file", "", None, "is empty"),
    ("id ..", "id,name\n..,Анна\n", 2, "a letter or digit first"),
    ("id .", "id,name\n.,Анна\n", 2, "a letter or digit first"),
    ("id with a slash", "id,name\na/b,Анна\n", 2, "a letter or digit first"),
    ("id with a leading dash", "id,name\n-rf,Анна\n", 2, "a letter or digit first"),
    ("id of 65 characters", "id,name\n" + "a" * 65 + ",Анна\n", 2, "at most 64"),
    ("id with a space", "id,name\nan na,Анна\n", 2, "a letter or digit first"),
    ("variant ²", "id,name,variant\na,Анна,²\n", 2, "digits 0-9"),
    ("variant Arabic-Indic 3", "id,name,variant\na,Анна,٣\n", 2, "digits 0-9"),
    ("variant 0", "id,name,variant\na,Анна,0\n", 2, "a whole number from 1 to 1000000"),
    ("variant -1", "id,name,variant\na,Анна,-1\n", 2, "a whole number from 1"),
    ("variant 1.5", "id,name,variant\na,Анна,1.5\n", 2, "a whole number from 1"),
    ("variant of 20 digits", "id,name,variant\na,Анна," + "9" * 20 + "\n", 2, "to 1000000"),
    ("repeated id", "id,name\na,Анна\na,Ася\n", 3, "already on line 2"),
    ("ids that clash on Windows", "id,name\nann,Анна\nAnn,Ася\n", 3, "only in case from 'ann'"),
    ("semicolons, header wrong", "name;id\na;b\n", 1, "the header must be id,name"),
    ("wrong header", "name,id\na,b\n", 1, "the header must be id,name"),
    ("too many cells", "id,name\na,Анна,3\n", 2, "3 cells, the header has 2"),
    ("no name", "id,name\na,\n", 2, "a: no name"),
]


@pytest.mark.parametrize(
    ("text", "line", "words"), [c[1:] for c in ROSTERS], ids=[c[0] for c in ROSTERS]
)
def test_a_bad_roster_is_refused_at_its_line(tmp_path, text, line, words):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_roster(path)
    where = f"{path}:{line}: " if line else f"{path}: "
    assert str(error.value).startswith(where), str(error.value)
    assert words in str(error.value)


def test_files_that_are_not_rosters_are_refused(tmp_path):
    (tmp_path / "cp1251.csv").write_bytes("id,name\nа,Анна\n".encode("cp1251"))
    (tmp_path / "utf16.csv").write_text("id,name\na,Анна\n", encoding="utf-16")
    cases = [
        (tmp_path / "cp1251.csv", "not UTF-8 text"),
        (tmp_path / "utf16.csv", "NUL byte"),
        (tmp_path, "must be a file"),
        (tmp_path / "missing.csv", "cannot read the roster"),
        (Path("/dev/zero"), "must be a file"),
    ]
    for path, words in cases:
        with pytest.raises(UserError, match=words):
            read_roster(path)


def test_rows_are_read_as_csv_not_as_lines(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes('\ufeffid,name\r\na,"Иванова, Анна"\r\n\r\nb,Борис\r\n'.encode())
    assert [(s.id, s.name, s.line) for s in read_roster(path)] == [
        ("a", "Иванова, Анна", 2),
        ("b", "Борис", 4),
    ]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_spreadsheets_separator_is_read_from_the_header(tmp_path, separator):
    path = tmp_path / "answers.csv"
    text = f"id{separator}task{separator}item{separator}answer\na{separator}t{separator}"
    path.write_text(text + f'"8.W1[1,0]"{separator}"-0,25"\n', encoding="utf-8")
    [row] = read_submissions(path)
    assert (row.student, row.task, row.item, row.answer) == ("a", "t", "8.W1[1,0]", "-0,25")


def test_a_toml_file_saved_with_a_bom_is_read(tmp_path):
    from engine import tomlfile

    path = tmp_path / "key.toml"
    path.write_text("\ufeff[[answer]]\ntask = 'x'\n", encoding="utf-8")
    assert tomlfile.read(path, "key.toml", "key")[0] == {"answer": [{"task": "x"}]}


def test_grading_into_a_file_says_it_is_not_a_directory(tmp_path, capsys):
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    assert grade(tmp_path, "bob,ranepa3.3,a,1\n") == 1
    assert "out: not a directory" in capsys.readouterr().err


def test_a_submissions_file_with_no_answers_is_refused(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("id,task,item,answer\n", encoding="utf-8")
    with pytest.raises(UserError, match="a header but no answers"):
        read_submissions(path)


CELLS = [
    # (written, as it must appear in the file)
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+7 900", "'+7 900"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-1/2", "'-1/2"),
    ("-0{,}5", "'-0{,}5"),
    ("1/2", "'1/2"),
    ("3-4", "'3-4"),
    ("12:30", "'12:30"),
    ("1,5", "'1,5"),
    ("1e5", "'1e5"),
    ("1E-3", "'1E-3"),
    ("0012", "'0012"),
    ("5%", "'5%"),
    ("(12)", "'(12)"),
    (".5", "'.5"),
    ("1 000", "'1 000"),
    ("Mar-5", "'Mar-5"),
    ("5-mar", "'5-mar"),
    ("TRUE", "'TRUE"),
    ("false", "'false"),
    ("Infinity", "'Infinity"),
    ("s1", "s1"),
    ("st-007", "st-007"),
    ("Марта", "Марта"),
    ("Mark", "Mark"),
    ("-0.5", "-0.5"),
    ("0.25", "0.25"),
    ("0", "0"),
    ("12", "12"),
    ("0.00005", "0.00005"),
    ("Анна", "Анна"),
    ("Matrix([[2, -1]])", "Matrix([[2, -1]])"),
    ("\\frac{1}{2}", "\\frac{1}{2}"),
    (3, 3),
]


@pytest.mark.parametrize(("cell", "written"), CELLS)
def test_cells_are_safe_in_a_spreadsheet_and_numbers_stay_numbers(cell, written):
    assert safe_cell(cell) == written


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


def item(label: str, value: float) -> Item:
    return Item(ONE_TASK, label, f"{ONE_TASK}.{label}", value, Decimal("0.0005"))


def issue(out: Path, students: dict[str, int], keys: dict[int, list[Item]]) -> None:
    """A record as --roster writes it, for grading without building sheets."""
    record = issued.Issued(
        "test",
        (ONE_TASK,),
        tuple(issued.Student(s, f"=name {s}", v) for s, v in students.items()),
        keys,
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / issued.RECORD).write_text(record.to_json(), encoding="utf-8")


def grade(tmp_path: Path, answers: str, *extra: str) -> int:
    path = tmp_path / "answers.csv"
    path.write_text("id,task,item,answer\n" + answers, encoding="utf-8")
    return generate.main(["--grade", str(path), "--quiet", "--out", str(tmp_path / "out"), *extra])


def test_grades_follow_the_record_not_a_reordered_roster(tmp_path):
    """The found fault: a late student sorting first shifted everyone's variant."""
    issue(tmp_path / "out", {"bob": 1, "cat": 2}, {1: [item("a", 0.25)], 2: [item("a", -0.5)]})
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nbob,Борис\ncat,Вера\n", encoding="utf-8")
    assert (
        grade(tmp_path, 'bob,ranepa3.3,a,"0,25"\ncat,ranepa3.3,a,−0.5\n', "--roster", str(roster))
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
    assert grade(tmp_path, "bob,ranepa3.3,a,1\n", "--roster", str(roster)) == 1
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
    ("a key row twice", lambda d: d["keys"]["1"].append(first_key(d)), True, "once each"),
    ("a student twice", lambda d: d["students"].append(d["students"][0]), True, "twice"),
    ("an empty key of one variant", lambda d: d["keys"].update({"1": []}), True, "same items"),
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
    assert grade(tmp_path, "bob,ranepa3.3,a,1\n") == 1
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_record_that_is_not_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / issued.RECORD).symlink_to("/dev/zero")
    assert grade(tmp_path, "bob,ranepa3.3,a,1\n") == 1
    assert "not a regular file" in capsys.readouterr().err


def test_a_publish_that_fails_midway_puts_everything_back(tmp_path, capsys):
    out = tmp_path / "out"
    issue(out, {"bob": 1, "cat": 2}, {1: [item("a", 0.25)], 2: [item("a", -0.5)]})
    assert grade(tmp_path, "bob,ranepa3.3,a,0.25\n") == 0
    before = (out / "grades.csv").read_bytes()
    (out / "grades-items.csv").unlink()
    (out / "grades-items.csv").mkdir()
    assert grade(tmp_path, "bob,ranepa3.3,a,7\n") == 1
    assert "nothing was published" in capsys.readouterr().err
    assert (out / "grades.csv").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]


BAD_ARGUMENTS = [
    ("--tex", "--variants", "1-1000000000"),
    ("--grade", "a.csv", "--cluster", "tcp://127.0.0.1:1"),
    ("--grade", "a.csv", "--pdf"),
    ("--tex", "--out", ""),
    ("--grade", " "),
    ("--tex", "--roster", ""),
    ("--tex", "--variants", ""),
    ("--tex", "--variants", "1-"),
    ("--tex", "--variants", "1_0-1_2"),
    ("--tex", "--variants", "+1-+3"),
    ("--tex", "--variants", "１-３"),
    ("--tex", "--variants", "99999999999999999999"),
    ("--tex", "--variant", "99999999999999999999"),
    ("--tex", "--variant", "٣"),
    ("--list", "--grade", "a.csv"),
    ("--grade", "a.csv", "--grade", "b.csv"),
    ("--grade=a.csv", "--grade", "b.csv"),
    ("--tex", "--out", "a", "--out", "b"),
    ("--grade", "a.csv", "--stress", "2"),
    ("--grade", "a.csv", "--problems"),
    ("--tex", "--variants", "1-2", "--cluster", ""),
]


@pytest.mark.parametrize("args", BAD_ARGUMENTS)
def test_absurd_requests_are_bad_arguments(capsys, args):
    with pytest.raises(SystemExit) as stop:
        generate.parse_args(list(args))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "error: --" in err or "error: argument --" in err


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "/." not in f"/{p.relative_to(out)}"
    }


def fail_on(target: str, monkeypatch, module, name: str):
    """Make `module.name` fail for the job named `target`, as a build can."""
    real = getattr(module, name)

    def failing(job, *args):
        if str(getattr(job, "id", getattr(job, "variant", ""))) == target:
            raise UserError(f"a mistake that only {target} brings out")
        return real(job, *args)

    monkeypatch.setattr(module, name, failing)


def test_a_roster_run_that_fails_on_one_student_publishes_nothing(tmp_path, monkeypatch):
    from engine import students

    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    args = [
        "--tex",
        "--roster",
        str(roster),
        "--only",
        ONE_TASK,
        "--jobs",
        "1",
        "-q",
        "--out",
        str(out),
    ]
    assert generate.main(args) == 0
    before = snapshot(out)
    roster.write_text("id,name\nann,Анна\nbob,Борис\ncid,Вера\n", encoding="utf-8")
    fail_on("bob", monkeypatch, students, "build_student")
    assert generate.main(args) == 1
    assert snapshot(out) == before
    assert not (out / "students" / "cid").exists()


def test_a_variants_run_whose_key_fails_publishes_nothing(tmp_path, monkeypatch):
    from engine import answer_key

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
    args = [
        "--tex",
        "--roster",
        str(roster),
        "--only",
        ONE_TASK,
        "--jobs",
        "1",
        "-q",
        "--out",
        str(out),
    ]
    assert generate.main(args) == 0
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
    args = ["--tex", "--roster", str(roster), "--jobs", "1", "-q", "--out", str(out)]
    assert generate.main([*args, "--only", ONE_TASK]) == 0
    before = snapshot(out)
    assert generate.main([*args, "--only", "ranepa3.5"]) == 1
    assert "a new assignment goes into an --out of its own" in capsys.readouterr().err
    assert snapshot(out) == before


def test_reissuing_changed_numbers_to_students_who_hold_sheets_is_refused(
    tmp_path, capsys, monkeypatch
):
    """A solution fixed after the sheets went out: the students' papers keep the old numbers."""
    from engine import students

    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    args = ["--tex", "--roster", str(roster), "--only", ONE_TASK, "--jobs", "1", "-q"]
    assert generate.main([*args, "--out", str(out)]) == 0
    before = snapshot(out)
    real = students.variant_items

    def changed(variant, *rest):
        items = real(variant, *rest)
        if variant == 2:  # bob's
            items[0] = dataclasses.replace(items[0], value=items[0].value + 1)
        return items

    monkeypatch.setattr(students, "variant_items", changed)
    assert generate.main([*args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "the numbers of variant(s) 2 differ" in err
    assert "(held by bob)" in err
    assert snapshot(out) == before


ANSWERS_AS_TYPED = [
    # (a submitted row as typed, whether it counts as the right answer to bob's item `a`)
    ("bob,ranepa3.3,a,0.25", True),
    ("BOB,ranepa3.3,a,0.25", True),  # the roster refuses ids that differ only in case
    ("bob\u200b,ranepa3.3,a,0.25", True),  # a zero-width space pasted along
    ("bob,RANEPA3.3,A,0.25", True),
    ("bob,ranepa3.3,a,2.5E-1", True),
    ('bob,ranepa3.3,a,"2,5e-1"', True),
    ("bob,ranepa3.3,a,0.25\u200b", True),
    ("bob,ranepa3.3,a,0.26", False),
]


@pytest.mark.parametrize(("row", "right"), ANSWERS_AS_TYPED)
def test_answers_are_matched_as_typed_on_any_system(tmp_path, row, right):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, row + "\n") == 0
    grades = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert grades[0]["score"] == ("1" if right else "0")


def test_a_label_in_another_unicode_form_is_the_same_label(tmp_path):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("й1", 0.25)]})  # composed й
    assert grade(tmp_path, "bob,ranepa3.3,и\u03061,0.25\n") == 0  # и + combining breve
    grades = list(csv.DictReader((tmp_path / "out" / "grades.csv").open(encoding="utf-8")))
    assert grades[0]["score"] == "1"


def test_rows_that_cannot_count_are_all_kept_and_told_apart(tmp_path, capsys):
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    rows = "zed,ranepa3.3,a,1\nbob,ranepa3.55,a,1\nbob,ranepa3.3,zz,1\n" * 30
    assert grade(tmp_path, rows) == 0
    err = capsys.readouterr().err
    assert "no student 'zed' was issued a sheet" in err
    assert "no task 'ranepa3.55' on the issued sheets" in err
    assert "has no item 'zz'" in err
    assert "... and 70 more" in err
    kept = (tmp_path / "out" / "grades-problems.csv").read_text(encoding="utf-8")
    assert len(kept.splitlines()) == 1 + 90


def test_ids_a_spreadsheet_would_read_as_numbers_stay_text(tmp_path):
    issue(tmp_path / "out", {"1.50": 1, "10.0": 1, "0012": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, "1.50,ranepa3.3,a,0.25\n") == 0
    text = (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["'1.50", "'10.0", "'0012"]


def test_an_interrupt_after_publishing_says_what_was_published(tmp_path, capsys, monkeypatch):
    from cli import classroom

    def interrupted_at_the_summary(quiet):
        def say(message):
            if message.startswith("graded"):
                raise KeyboardInterrupt

        return say

    monkeypatch.setattr(classroom, "messages", interrupted_at_the_summary)
    issue(tmp_path / "out", {"bob": 1}, {1: [item("a", 0.25)]})
    assert grade(tmp_path, "bob,ranepa3.3,a,0.25\n") == 130
    err = capsys.readouterr().err
    assert "interrupted after publishing" in err
    assert "unchanged" not in err


def test_a_failed_roster_run_leaves_no_new_folders(tmp_path, capsys):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    args = ["--tex", "--roster", str(roster), "--only", ONE_TASK, "--jobs", "1", "-q"]
    assert generate.main([*args, "--out", str(out)]) == 0
    (out / "roster-key.csv").unlink()
    (out / "roster-key.csv").mkdir()
    roster.write_text("id,name\nann,Анна\nbob,Борис\n", encoding="utf-8")
    assert generate.main([*args, "--out", str(out)]) == 1
    assert "nothing was published" in capsys.readouterr().err
    assert sorted(p.name for p in (out / "students").iterdir()) == ["ann"]


@pytest.mark.parametrize("link", ["students", "students/ann"])
def test_sheets_are_never_written_through_a_link_out_of_the_directory(tmp_path, capsys, link):
    out, roster, elsewhere = tmp_path / "out", tmp_path / "roster.csv", tmp_path / "elsewhere"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    elsewhere.mkdir()
    (out / link).parent.mkdir(parents=True)
    (out / link).symlink_to(elsewhere)
    args = ["--tex", "--roster", str(roster), "--only", ONE_TASK, "--jobs", "1", "-q"]
    assert generate.main([*args, "--out", str(out)]) == 1
    assert "a symbolic link out of" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_a_students_folder_goes_is_told_as_such(tmp_path, capsys):
    out, roster = tmp_path / "out", tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Анна\n", encoding="utf-8")
    (out / "students").mkdir(parents=True)
    (out / "students" / "ann").write_text("a file", encoding="utf-8")
    args = ["--tex", "--roster", str(roster), "--only", ONE_TASK, "--jobs", "1", "-q"]
    assert generate.main([*args, "--out", str(out)]) == 1
    assert "a file is in the way" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_a_template_saved_in_another_encoding_is_named_at_its_line(
    templates, tmp_path, capsys, encoding
):
    path = templates / "ranepa3" / "task03.tex.j2"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    args = ["--tex", "--only", ONE_TASK, "-q", "--out", str(tmp_path / "out")]
    assert generate.main(args) == 1
    err = capsys.readouterr().err
    assert "ranepa3/task03.tex.j2:" in err
    assert "not UTF-8 text" in err
