"""CONTRIBUTING.md's walkthrough («Adding a task, end to end»), run as written on a copy of the
tree: its commands in order, the example's files written where the guide's code blocks say
(each block's first line names its file), and the error it quotes compared with what `check`
really prints. `python generate.py --pdf ...` runs as `--tex` here (the same build without
TeX: one real PDF is made by `check`); `make test` and pytest are this suite itself."""

from __future__ import annotations

import re
import sys

import pytest

from tests.conftest import REPO
from tests.trees import copy_tree, run

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
WALKTHROUGH = GUIDE[GUIDE.index("## Adding a task, end to end") :]
WALKTHROUGH = WALKTHROUGH[: WALKTHROUGH.index("\n## ", 3)]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
PATH = re.compile(r"^(?:# |\\#\{ )((?:solutions|templates|checks)/[\w./]+)")


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
        "templates/key.toml",
    }
    hand_written = sum(len(text.splitlines()) for text in files.values())
    assert hand_written < 150, f"the example is {hand_written} lines"


def test_the_walkthrough_runs_as_written(tree):
    pristine = {
        p: (tree / p).read_text(encoding="utf-8")
        for p in ("templates/rubric.toml", "templates/key.toml")
    }
    scaffold, publish = (commands(block) for block in blocks(WALKTHROUGH, "sh"))
    for args in scaffold:
        done = run(tree, *args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
    files = example_files()
    write_example(tree, files, pristine)

    oracle = tree / "checks/oracles/ranepa3/task13.py"
    without = "\n".join(
        line
        for line in files["checks/oracles/ranepa3/task13.py"].splitlines()
        if '"before":' not in line
    )
    oracle.write_text(without + "\n", encoding="utf-8")
    quoted = blocks(WALKTHROUGH, "text")[0].strip()
    told = run(tree, "check", "ranepa3.13")
    assert told.returncode == 1
    assert told.stderr.splitlines()[0] == quoted
    oracle.write_text(files["checks/oracles/ranepa3/task13.py"], encoding="utf-8")

    for args in publish:
        args = ["--tex" if a == "--pdf" else a for a in args]
        done = run(tree, *args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
    assert "Один шаг градиентного спуска" in (tree / "build/booklet.tex").read_text("utf-8")
    assert (tree / "build/check/ranepa3.13/booklet.pdf").is_file()
    key = (tree / "build/answer-key.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in key if ",ranepa3.13,ranepa3.13.w," in row] == [
        "1",
        "2",
        "3",
    ]


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
