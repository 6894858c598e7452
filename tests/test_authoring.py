"""The authoring loop on a copy of the tree: `generate.py new` writes a task that `generate.py
check` proves and typesets as generated, a broken oracle or template is told at its line, and
a mistake in the command is one message with nothing written."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest

from tests.trees import copy_tree, run


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_tree(tmp_path_factory.mktemp("tree"))


def free_id(tree, sheet: str = "ranepa3") -> str:
    """The next task number of `sheet` (the copy may already hold scaffolded tasks)."""
    text = (tree / "templates/sheets.toml").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(rf'id = "{sheet}\.(\d+)"', text)]
    return f"{sheet}.{max(numbers, default=0) + 1}"


@pytest.fixture(scope="module")
def scaffolded(tree):
    """(id, the output of `new`) of a task scaffolded into the copy."""
    task_id = free_id(tree)
    made = run(tree, "new", task_id, "Производная в точке")
    assert made.returncode == 0, made.stderr
    return task_id, made.stdout


def paths(task_id: str) -> dict[str, str]:
    sheet, number = task_id.split(".")
    stem = f"{sheet}/task{int(number):02d}"
    return {
        "solution": f"solutions/{stem}.py",
        "template": f"templates/{stem}.tex.j2",
        "oracle": f"checks/oracles/{stem}.py",
    }


def test_a_new_task_is_proven_and_typeset_as_generated(tree, scaffolded):
    task_id, said = scaffolded
    for path in paths(task_id).values():
        assert path in said
        assert (tree / path).is_file()
    assert f'id = "{task_id}"' in (tree / "templates/sheets.toml").read_text(encoding="utf-8")
    checked = run(tree, "check", task_id)
    assert checked.returncode == 0, checked.stderr
    assert f"ok: {task_id}" in checked.stdout
    assert "variants 1-3: every one proven" in checked.stdout
    pdf = tree / f"build/check/{task_id}/booklet.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert f"Задача {task_id.split('.')[1]}. Производная в точке" in text
    assert task_id in run(tree, "--list").stdout


def test_a_broken_task_is_told_at_its_lines(tree, scaffolded):
    task_id, _ = scaffolded
    files = paths(task_id)
    oracle = tree / files["oracle"]
    original = oracle.read_text(encoding="utf-8")
    broken = original.replace('"grows": bool(slope > 0),', '"gone": 1,')
    oracle.write_text(broken.replace('"slope": slope,', '"slope": slope + 1,'), encoding="utf-8")
    try:
        checked = run(tree, "check", task_id)
    finally:
        oracle.write_text(original, encoding="utf-8")
    template = (tree / files["template"]).read_text(encoding="utf-8").splitlines()
    grows_line = next(n for n, line in enumerate(template, 1) if "if r.grows" in line)
    gone_line = next(n for n, line in enumerate(broken.splitlines(), 1) if '"gone"' in line)
    assert checked.returncode == 1
    told = checked.stderr.splitlines()
    assert told[0].startswith(f"{files['template']}:{grows_line}: {task_id}.grows has no oracle")
    assert any(f"{task_id}.slope: shown " in line for line in told)
    assert f"{files['oracle']}:{gone_line}: the oracle of 'gone'" in checked.stderr
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
    sheet = next(f"demo{n}" for n in range(100) if not (tree / f"solutions/demo{n}").exists())
    made = run(tree, "new", f"{sheet}.1", "Пример", "--sheet-title", "Листок", "--subject", "всему")
    assert made.returncode == 0, made.stderr
    assert (tree / f"solutions/{sheet}/__init__.py").is_file()
    assert (tree / f"checks/oracles/{sheet}/__init__.py").is_file()
    listed = run(tree, "--list").stdout
    assert f"{sheet}: Листок" in listed
    assert f"{sheet}.1" in listed


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--list",), ("--tex",), ("check", "hse7.1")])
def test_a_broken_task_list_is_one_message_at_its_line(tree, args):
    sheets = tree / "templates/sheets.toml"
    original = sheets.read_text(encoding="utf-8")
    sheets.write_text(original.replace('id = "hse7.2"', 'id = "hse7.02"', 1), encoding="utf-8")
    try:
        done = run(tree, *args)
    finally:
        sheets.write_text(original, encoding="utf-8")
    line = next(n for n, text in enumerate(original.splitlines(), 1) if 'id = "hse7.2"' in text)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: templates/sheets.toml:{line}: task id 'hse7.02'")
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_check_with_its_workers(tree):
    started = subprocess.Popen(
        [sys.executable, "generate.py", "check", "ranepa3.3"],
        cwd=tree,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert started.stdout.readline().startswith("check ranepa3.3:")  # working now: seconds left
    started.send_signal(signal.SIGINT)
    _, err = started.communicate(timeout=60)
    assert started.returncode == 130
    assert err.strip().endswith("interrupted")
    assert "Traceback" not in err


@pytest.mark.slow
def test_what_runs_off_the_page_is_told_at_its_template_line(tree, scaffolded):
    task_id, _ = scaffolded
    template = tree / paths(task_id)["template"]
    original = template.read_text(encoding="utf-8")
    lines = original.splitlines()
    at = next(n for n, line in enumerate(lines) if "block solution" in line) + 1
    lines.insert(at, r"\noindent\rule{30cm}{1pt}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        checked = run(tree, "check", task_id)
    finally:
        template.write_text(original, encoding="utf-8")
    assert checked.returncode == 1
    assert checked.stderr.startswith(f"{paths(task_id)['template']}:{at + 1}: runs off the page")


def test_two_new_tasks_at_once_both_land(tree):
    first = free_id(tree)
    sheet, number = first.split(".")
    ids = [first, f"{sheet}.{int(number) + 1}"]
    started = [
        subprocess.Popen(
            [sys.executable, "generate.py", "new", task_id, "Параллельно"],
            cwd=tree,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for task_id in ids
    ]
    assert [process.wait(timeout=60) for process in started] == [0, 0]
    sheets = (tree / "templates/sheets.toml").read_text(encoding="utf-8")
    rubric = (tree / "templates/rubric.toml").read_text(encoding="utf-8")
    for task_id in ids:
        assert f'id = "{task_id}"' in sheets
        assert f'["{task_id}"]' in rubric
