"""The authoring loop on a copy of the tree: `generate.py new` writes a task that `generate.py
check` proves and typesets as generated, a broken oracle or template is told at its line, and
a mistake in the command is one message with nothing written."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

CONTENT = ("engine", "solutions", "checks", "cli", "templates", "generate.py", "pyproject.toml")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__")
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy(source, copy / name)
    return copy


def run(tree, *args):
    return subprocess.run(
        [sys.executable, "generate.py", *args], cwd=tree, capture_output=True, text=True
    )


def test_a_new_task_is_proven_and_typeset_as_generated(tree):
    made = run(tree, "new", "ranepa3.13", "Производная в точке")
    assert made.returncode == 0, made.stderr
    stem = "ranepa3/task13"
    for path in (f"solutions/{stem}.py", f"templates/{stem}.tex.j2", f"checks/oracles/{stem}.py"):
        assert path in made.stdout
        assert (tree / path).is_file()
    assert 'id = "ranepa3.13"' in (tree / "templates/sheets.toml").read_text(encoding="utf-8")
    checked = run(tree, "check", "ranepa3.13")
    assert checked.returncode == 0, checked.stderr
    assert "ok: ranepa3.13" in checked.stdout
    assert "variants 1-3: every one proven" in checked.stdout
    pdf = tree / "build/check/ranepa3.13/booklet.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "Задача 13. Производная в точке" in text
    listed = run(tree, "--list")
    assert "ranepa3.13" in listed.stdout


def test_a_broken_task_is_told_at_its_lines(tree):
    if not (tree / "checks/oracles/ranepa3/task13.py").exists():
        assert run(tree, "new", "ranepa3.13", "Производная в точке").returncode == 0
    oracle = tree / "checks/oracles/ranepa3/task13.py"
    original = oracle.read_text(encoding="utf-8")
    broken = original.replace('"grows": bool(slope > 0),', '"gone": 1,')
    oracle.write_text(broken.replace('"slope": slope,', '"slope": slope + 1,'), encoding="utf-8")
    try:
        checked = run(tree, "check", "ranepa3.13")
    finally:
        oracle.write_text(original, encoding="utf-8")
    template = (tree / "templates/ranepa3/task13.tex.j2").read_text(encoding="utf-8").splitlines()
    grows_line = next(n for n, line in enumerate(template, 1) if "if r.grows" in line)
    gone_line = next(n for n, line in enumerate(broken.splitlines(), 1) if '"gone"' in line)
    assert checked.returncode == 1
    told = checked.stderr.splitlines()
    assert (
        f"templates/ranepa3/task13.tex.j2:{grows_line}: ranepa3.13.grows has no oracle" in (told[0])
    )
    assert any("ranepa3.13.slope: shown " in line for line in told)
    assert f"checks/oracles/ranepa3/task13.py:{gone_line}: the oracle of 'gone'" in checked.stderr
    assert "nothing compiled" in told[-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "hse7.1", "Т"), "error: task hse7.1 exists already"),
        (("new", "hse7.05", "Т"), "error: task id 'hse7.05': write it as <sheet>.<number>"),
        (("new", "hse7.9", " "), "error: the title is empty"),
        (("new", "fresh.1", "Т"), "error: sheet 'fresh' is new: give --sheet-title"),
        (("check", "hse7.99"), "error: no task 'hse7.99' in templates/sheets.toml"),
    ],
)
def test_a_mistake_is_one_message_and_writes_nothing(tree, args, message):
    before = {p: p.read_bytes() for p in (tree / "templates").glob("*.toml")}
    done = run(tree, *args)
    assert done.returncode == 1
    assert done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in (tree / "templates").glob("*.toml")} == before


def test_a_new_sheet_gets_its_packages_and_entry(tree):
    made = run(tree, "new", "demo.1", "Пример", "--sheet-title", "Листок", "--subject", "примерам")
    assert made.returncode == 0, made.stderr
    assert (tree / "solutions/demo/__init__.py").is_file()
    assert (tree / "checks/oracles/demo/__init__.py").is_file()
    listed = run(tree, "--list").stdout
    assert "demo: Листок" in listed
    assert "demo.1" in listed
