"""A class: the roster and who gets which variant, named problem sheets with the roster's key,
and submissions graded exactly: right, wrong, a decimal comma, a true minus, a fraction, and
rows that cannot count, which never count as right."""

from __future__ import annotations

import collections
import csv
import subprocess
from fractions import Fraction

import pytest

import generate
from engine.classroom import issued
from engine.classroom.roster import parse_answer, read_roster
from engine.errors import UserError
from tests import key_values
from tests.conftest import built_once

TASKS = ",".join(key_values.graded_ids())  # the tasks key.toml grades


def roster_file(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_variants_go_by_id_and_skip_those_the_file_gives(tmp_path):
    def variants(text):
        rows = [(e.id, e.name, e.variant) for e in read_roster(roster_file(tmp_path, text))]
        return {s.id: s.variant for s in issued.assign(rows, None)}

    students = variants("id,name,variant\nzed,Зоя,\nabe,Антон,2\nmid,Мира,\nbob,Борис,\n")
    assert students == {"abe": 2, "bob": 1, "mid": 3, "zed": 4}
    shuffled = "id,name,variant\nmid,Мира,\nbob,Борис,\nabe,Антон,2\nzed,Зоя,\n"
    assert variants(shuffled) == students


ROSTER_MISTAKES = [
    ("name,id\na,b\n", 1, "the header must be id,name or id,name,variant"),
    ("id,name\na,Анна\na,Ася\n", 3, "id 'a' already on line 2"),
    ("id,name,variant\na,Анна,0\n", 2, "a whole number from 1 to"),
    ("id,name\na,Анна,3\n", 2, "3 cells, the header has 2"),
    ("id,name\n../x,Анна\n", 2, "letters, digits"),
    ("id,name\na,\n", 2, "a: no name"),
]


@pytest.mark.parametrize(("text", "line", "words"), ROSTER_MISTAKES)
def test_a_mistake_in_the_roster_names_its_line(tmp_path, text, line, words):
    path = roster_file(tmp_path, text)
    with pytest.raises(UserError) as error:
        read_roster(path)
    assert str(error.value).startswith(f"{path}:{line}: "), str(error.value)
    assert words in str(error.value)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0,5", Fraction(1, 2)),
        ("\u22120.25", Fraction(-1, 4)),
        ("1 234,5", Fraction(2469, 2)),
        ("3/4", Fraction(3, 4)),
        ("-1/8", Fraction(-1, 8)),
        (" 2 ", Fraction(2)),
        ("abc", None),
        ("1/0", None),
        ("", None),
        ("1,2,3", None),
        ("0x10", None),
    ],
)
def test_answers_are_read_as_people_write_them(text, number):
    assert parse_answer(text) == number


@pytest.fixture(scope="session")
def class_of_three(tmp_path_factory, worker_id, variants_build):
    """Named sheets of variants 1-3, whose solves, fragments and proofs the run's
    `variants_build` (conftest.py) has cached: this build adds the sheets' TeX."""

    def build(out):
        roster = out / "roster.csv"
        roster.write_text("id,name\nann,Анна Иванова\nbob,Борис & Co\ncat,Вера_Сидорова\n")
        args = ["--pdf", "--roster", str(roster), "--only", TASKS, "--quiet", "--out", str(out)]
        assert generate.main(args) == 0

    out = built_once(tmp_path_factory, worker_id, "class", build)
    roster = out / "roster.csv"
    return out, roster


@pytest.mark.slow
@pytest.mark.pdf
def test_each_student_has_a_named_sheet_of_their_variant(class_of_three):
    out, _ = class_of_three
    for student, name, variant in [("ann", "Анна Иванова", 1), ("bob", "Борис & Co", 2)]:
        cover = subprocess.run(
            ["pdftotext", "-l", "1", str(out / "students" / student / "problems.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert name in cover
        assert f"Вариант {variant}" in cover


@pytest.mark.slow
@pytest.mark.pdf
def test_the_roster_key_holds_each_students_numbers(class_of_three, key_value):
    out, _ = class_of_three
    rows = list(csv.DictReader((out / "roster-key.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "name", "variant", "task", "item", "answer", "tolerance"]
    assert {row["id"] for row in rows} == {"ann", "bob", "cat"}
    for row in rows:
        expected = key_value(int(row["variant"]), row["task"], row["item"])
        assert float(row["answer"]) == pytest.approx(expected, rel=1e-10, abs=1e-12)


@pytest.mark.slow
@pytest.mark.pdf
def test_submissions_are_graded_exactly(class_of_three, key_value, capsys):
    out, roster = class_of_three
    rows = list(csv.DictReader((out / "roster-key.csv").open(encoding="utf-8")))
    ann = [r for r in rows if r["id"] == "ann"]
    submissions = out / "answers.csv"
    with submissions.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "task", "item", "answer"])
        for k, row in enumerate(ann):  # the ledger's value, as a student would round it
            value = key_value(1, row["task"], row["item"])
            shown = f"{value:.4g}"
            if k % 2:  # a decimal comma and a true minus
                shown = shown.replace(".", ",").replace("-", "\u2212")
            writer.writerow(["ann", row["task"], row["item"], shown])
        first, *more = [r for r in rows if r["id"] == "bob"]
        wrong = key_value(2, first["task"], first["item"]) + 1
        writer.writerow(["bob", first["task"], first["item"], f"{wrong}"])
        if more:
            writer.writerow(["bob", more[0]["task"], more[0]["item"], "three"])
        writer.writerow(["zoe", first["task"], first["item"], "0"])
        writer.writerow(["cat", first["task"], "nosuch", "0"])
    args = ["--roster", str(roster), "--grade", str(submissions), "--only", TASKS]
    assert generate.main([*args, "--quiet", "--out", str(out)]) == 0
    graded = {r["id"]: r for r in csv.DictReader((out / "grades.csv").open(encoding="utf-8"))}
    # the rubric's points of the items asked, every number right
    worth = sum(key_values.asked_points(task) for task in TASKS.split(","))
    assert float(graded["ann"]["score"]) == float(graded["ann"]["max"]) == worth
    assert graded["bob"]["score"] == "0"
    assert graded["cat"]["score"] == "0"
    items = {
        (r["task"], r["item"]): r
        for r in csv.DictReader((out / "grades-items.csv").open(encoding="utf-8"))
    }
    counted = items[(first["task"], first["item"])]
    assert (counted["right"], counted["wrong"], counted["missing"]) == ("1", "1", "1")
    warnings = capsys.readouterr().err
    assert "no student 'zoe'" in warnings
    assert "has no item 'nosuch'" in warnings
    assert ("'three' is not a number; wrong" in warnings) == bool(more)


def test_a_malformed_submissions_file_stops_with_its_line(tmp_path, capsys):
    roster = roster_file(tmp_path, "id,name\nann,Анна\n")
    answers = tmp_path / "answers.csv"
    answers.write_text("id,task,item,answer\nann,ranepa3.3,w1_0\n", encoding="utf-8")
    args = ["--roster", str(roster), "--grade", str(answers), "--quiet", "--out", str(tmp_path)]
    assert generate.main(args) == 1
    assert f"{answers}:2: 3 cells, the header has 4" in capsys.readouterr().err
    assert not (tmp_path / "grades.csv").exists()


@pytest.mark.slow
@pytest.mark.pdf
def test_answers_with_a_typical_mistake_keep_its_points_and_are_named(class_of_three, key_value):
    """bob types, for every number of each graded task, the first wrong answer the key offers
    for it in his variant (tests/key_values.offered): grades-mistakes.csv names the mistake for
    each such answer, and his score is the part of each number's share that the mistake keeps,
    the share being the rubric item's points split among its numbers."""
    out, roster = class_of_three
    points, items = key_values.rubric_items()
    mistakes = {t: m for t, m in key_values.rubric_mistakes().items() if m}
    rows = list(csv.DictReader((out / "roster-key.csv").open(encoding="utf-8")))
    bob = [r for r in rows if r["id"] == "bob" and r["task"] in mistakes]
    typed, expected = [], 0.0
    item_of = {(r["task"], r["item"]): items[(r["task"], r["item"].split("[")[0])] for r in bob}
    fields = collections.Counter((task, item) for (task, _), item in item_of.items())
    for row in bob:
        task, label = row["task"], row["item"]
        found = key_values.offered(key_value, 2, task, label)
        if not found:
            continue
        wrong, part, names = found[0]
        typed.append((task, label, f"{wrong:.6g}", " / ".join(names)))
        item = item_of[(task, label)]
        expected += points[task][item] / fields[(task, item)] * part
    assert typed, "no task of the class has a typical mistake that changes a number"
    submissions = out / "mistaken.csv"
    with submissions.open("w", encoding="utf-8", newline="") as file:  # `W1[1,2]` is quoted
        csv.writer(file).writerows(
            [["id", "task", "item", "answer"], *(["bob", t, lb, v] for t, lb, v, _ in typed)]
        )
    args = ["--roster", str(roster), "--grade", str(submissions), "--only", TASKS, "--quiet"]
    assert generate.main([*args, "--out", str(out)]) == 0
    named = list(csv.DictReader((out / "grades-mistakes.csv").open(encoding="utf-8")))
    assert [(r["id"], r["task"], r["item"], r["mistake"]) for r in named] == [
        ("bob", t, label, name) for t, label, _, name in typed
    ]
    graded = {r["id"]: r for r in csv.DictReader((out / "grades.csv").open(encoding="utf-8"))}
    assert float(graded["bob"]["score"]) == pytest.approx(expected, abs=0.006)
