"""CONTRIBUTING.md's walkthrough («Adding a task, end to end»), run as written on a copy of the
tree: its commands in order, the example's files written where the guide's code blocks say
(each block's first line names its file), and the error it quotes compared with what `check`
really prints. `python generate.py --pdf ...` runs as `--tex` here (the same build without
TeX: one real PDF is made by `check`); `make test` and pytest are this suite itself. When the
tree already has the example's task (an instructor followed the guide), the walkthrough runs
with the sheet's next free number instead."""

from __future__ import annotations

import re
import sys

import pytest

from tests.conftest import REPO
from tests.trees import copy_tree, run

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
WALKTHROUGH = GUIDE[GUIDE.index("## Adding a task, end to end") :]
WALKTHROUGH = WALKTHROUGH[: WALKTHROUGH.index("\n## ", 3)]
EXAMPLE = "ranepa3.13"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
PATH = re.compile(r"^(?:# |\\#\{ )((?:solutions|templates|checks)/[\w./]+)")


def free_id(tree) -> str:
    """The example's id if it is free in `tree`, else the sheet's next free number."""
    text = (tree / "templates/sheets.toml").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r'id = "ranepa3\.(\d+)"', text)]
    return EXAMPLE if int(EXAMPLE.split(".")[1]) not in numbers else f"ranepa3.{max(numbers) + 1}"


def renumbered(text: str, task_id: str) -> str:
    number = int(task_id.split(".")[1])
    return text.replace(EXAMPLE, task_id).replace("task13", f"task{number:02d}")


def blocks(text: str, language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(text) if lang == language]


def example_files() -> dict[str, str]:
    """{path: text} of every block in the guide whose first line names a file."""
    found = {}
    for _, body in BLOCK.findall(GUIDE):
        named = PATH.match(body)
        if named:
            found[named[1]] = body
    return found


def commands(block: str) -> list[list[str]]:
    """The generate.py commands of a shell block, as argument lists (quotes honoured)."""
    import shlex

    return [
        shlex.split(line)[2:]
        for line in block.splitlines()
        if line.startswith("python generate.py ")
    ]


def write_example(tree, files: dict[str, str], pristine: dict[str, str]) -> None:
    for path, text in files.items():
        target = tree / path
        if path.endswith(".toml"):
            entry = text.split("\n", 1)[1]  # without the line naming the file
            if path == "templates/sheets.toml":
                assert entry.strip() in target.read_text(encoding="utf-8"), "`new` wrote it"
                continue
            target.write_text(pristine[path].rstrip("\n") + "\n\n" + entry, encoding="utf-8")
        else:
            target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_tree(tmp_path_factory.mktemp("guide"))


def test_the_example_names_each_of_its_files():
    files = example_files()
    assert set(files) == {
        "solutions/ranepa3/task13.py",
        "templates/ranepa3/task13.tex.j2",
        "checks/oracles/ranepa3/task13.py",
        "templates/sheets.toml",
        "templates/rubric.toml",
    }
    hand_written = sum(len(text.splitlines()) for text in files.values())
    assert hand_written < 150, f"the example is {hand_written} lines"


@pytest.mark.slow
def test_the_walkthrough_runs_as_written(tree, variants_build):
    """The guide's variants of every task were cached by the run's `variants_build`, which
    the commands here find through the shared cache: they solve and prove the new task."""
    task_id = free_id(tree)
    oracle_path = renumbered("checks/oracles/ranepa3/task13.py", task_id)
    pristine = {p: (tree / p).read_text(encoding="utf-8") for p in ("templates/rubric.toml",)}
    scaffold, publish = (commands(renumbered(b, task_id)) for b in blocks(WALKTHROUGH, "sh"))
    for args in scaffold:
        done = run(tree, *args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
    files = {renumbered(p, task_id): renumbered(t, task_id) for p, t in example_files().items()}
    write_example(tree, files, pristine)

    oracle = tree / oracle_path
    without = "\n".join(line for line in files[oracle_path].splitlines() if '"before":' not in line)
    oracle.write_text(without + "\n", encoding="utf-8")
    quoted = renumbered(blocks(WALKTHROUGH, "text")[0].strip(), task_id)
    told = run(tree, "check", task_id)
    assert told.returncode == 1
    assert told.stderr.splitlines()[0] == quoted
    oracle.write_text(files[oracle_path], encoding="utf-8")

    for args in publish:
        args = ["--tex" if a == "--pdf" else a for a in args]
        done = run(tree, *args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
    assert "Один шаг градиентного спуска" in (tree / "build/booklet.tex").read_text("utf-8")
    assert (tree / f"build/check/{task_id}/booklet.pdf").is_file()
    key = (tree / "build/answer-key.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = [row.split(";") for row in key]  # the guide's task has no text with a semicolon
    assert {row[0] for row in rows if row[-1] == f"{task_id}.w"} == {"1", "2", "3"}


def test_the_walkthrough_runs_beside_the_example_task_itself(tmp_path):
    """An instructor who followed the guide has ranepa3.13: the guide's test still runs."""
    tree = copy_tree(tmp_path)
    if free_id(tree) == EXAMPLE:
        assert run(tree, "new", EXAMPLE, "Пример").returncode == 0
    other = free_id(tree)
    assert other != EXAMPLE
    number = int(other.split(".")[1])
    assert renumbered("checks/oracles/ranepa3/task13.py", other) == (
        f"checks/oracles/ranepa3/task{number:02d}.py"
    )


def test_the_python_in_the_guide_is_what_ruff_accepts(tree):
    files = example_files()
    sources = [text for path, text in files.items() if path.endswith(".py")]
    for source in sources:
        done = __import__("subprocess").run(
            [sys.executable, "-m", "ruff", "check", "--quiet", "-"],
            input=source,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stdout
