"""What the class batteries share: a record written as --roster writes it, grading without
building sheets, and a snapshot of an output directory."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import generate
from engine.classroom import issued
from engine.classroom.key import Item
from tests.key_values import graded_ids

GRADED = graded_ids()  # sheets can be issued of the tasks templates/key.toml grades
assert len(GRADED) >= 2, "the class batteries need two tasks with graded answers in key.toml"
ONE_TASK, OTHER_TASK = GRADED[:2]


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


def snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "/." not in f"/{p.relative_to(out)}"
    }


def issue_sheets(out: Path, roster: Path, only: str = ONE_TASK) -> int:
    """`generate.py --tex --roster` into `out`, in this process."""
    args = ["--tex", "--roster", str(roster), "--only", only, "--jobs", "1", "-q"]
    return generate.main([*args, "--out", str(out)])
