"""Regression battery for class data (issue 22), what a class gives and gets as files, one
case per line: rosters and submissions read strictly at FILE:LINE, cells safe in a
spreadsheet, absurd arguments refused, a template in another encoding named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import generate
from engine import registry
from engine.classroom.csvfile import safe_cell
from engine.classroom.roster import read_roster, read_submissions
from engine.errors import UserError
from tests.class_battery import ONE_TASK

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
    from engine.store import tomlfile

    path = tmp_path / "key.toml"
    path.write_text("\ufeff[[answer]]\ntask = 'x'\n", encoding="utf-8")
    assert tomlfile.read(path, "key.toml", "key")[0] == {"answer": [{"task": "x"}]}


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
    ("--grade", "a.csv", "--gra", "b.csv"),
    ("--tex", "--out", "a", "--ou", "b"),
    ("--tex", "--roster", "r.csv", "--watch"),
    ("--grade", "a.csv", "--watch"),
    ("--tex", "--variants", "1-2", "--cluster", ""),
]


@pytest.mark.parametrize("args", BAD_ARGUMENTS)
def test_absurd_requests_are_bad_arguments(capsys, args):
    with pytest.raises(SystemExit) as stop:
        generate.parse_args(list(args))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert re.search(r"error: (argument |unrecognized arguments: )?--", err), err


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_a_template_saved_in_another_encoding_is_named_at_its_line(
    templates, tmp_path, capsys, encoding
):
    (task,) = registry.select([ONE_TASK])
    path = templates / task.template
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    args = ["--tex", "--only", ONE_TASK, "-q", "--out", str(tmp_path / "out")]
    assert generate.main(args) == 1
    err = capsys.readouterr().err
    assert f"{task.template}:" in err
    assert "not UTF-8 text" in err
