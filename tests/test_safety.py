"""Safe builds, as an instructor and a CI system meet them: every mistake gives one message
with the file and line, the right exit code, no traceback, and the last good outputs stay
byte-identical; concurrent and interrupted builds never publish a broken file."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

import generate
from engine.builds import pipeline
from engine.errors import UserError
from engine.store import uptodate
from engine.store.publish import check_pdf
from tests.conftest import REPO
from tests.template_edits import edit, line_of

TASK = "ranepa3/task04.tex.j2"  # formulas only: quick to solve


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "generate.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
    )


def snapshot(out) -> dict:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture
def good_build(tmp_path, monkeypatch):
    """A copy of the templates to break, and a good --tex build of ranepa3.4 made from it."""
    shutil.copytree(pipeline.TEMPLATES, tmp_path / "templates")
    monkeypatch.setattr(pipeline, "TEMPLATES", tmp_path / "templates")
    monkeypatch.setattr(uptodate, "TEMPLATES", tmp_path / "templates")
    monkeypatch.setattr(pipeline, "ROOT", tmp_path)
    out = tmp_path / "out"
    assert generate.main(["--tex", "--quiet", "--only", "ranepa3.4", "--out", str(out)]) == 0
    return tmp_path / "templates" / TASK, out


def _replace(old, new):
    def edit(source: str) -> str:
        assert old in source
        return source.replace(old, new, 1)

    return edit


def _solution_emptied(source: str) -> str:
    return (
        source[: source.index(r"\BLOCK{block solution}")]
        + "\\BLOCK{block solution}\n\\BLOCK{endblock}\n"
    )


TEMPLATE_MISTAKES = [
    (
        "misspelt block",
        _replace(r"\BLOCK{block solution}", r"\BLOCK{block soluton}"),
        "unknown block 'soluton': task.tex.j2 has clarification, solution, statement",
    ),
    (
        "text outside the blocks",
        _replace(r"\BLOCK{block statement}", "stray\n\\BLOCK{block statement}"),
        "text outside the blocks of a template that extends task.tex.j2 is never printed",
    ),
    (
        "undefined name outside the blocks",
        _replace(r"\BLOCK{block statement}", "\\VAR{nope}\n\\BLOCK{block statement}"),
        "text outside the blocks of a template that extends task.tex.j2 is never printed",
    ),
    ("empty template", lambda source: "", "a task template starts with"),
    ("empty solution", _solution_emptied, "the block 'solution' is empty"),
    (
        "arithmetic",
        _replace(r"\BLOCK{block solution}", "\\BLOCK{block solution}\n\\VAR{r.x - 1}"),
        "arithmetic ('-') in a template",
    ),
    (
        "typed number",
        _replace(r"\BLOCK{block solution}", "\\BLOCK{block solution}\n\\VAR{42}"),
        "a number (42) typed into a template",
    ),
    (
        "unclosed tag",
        _replace(r"\BLOCK{block solution}", "\\BLOCK{block solution}\n\\BLOCK{if true}"),
        "\\BLOCK{if ...} is never closed: \\BLOCK{endif} is missing",
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "message"), TEMPLATE_MISTAKES, ids=[c[0] for c in TEMPLATE_MISTAKES]
)
def test_template_mistake_is_one_located_message_and_keeps_the_outputs(
    good_build, capsys, case, edit, message
):
    template, out = good_build
    before = snapshot(out)
    template.write_text(edit(template.read_text(encoding="utf-8")), encoding="utf-8")
    assert generate.main(["--tex", "--quiet", "--only", "ranepa3.4", "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: templates/{TASK}:"), error
    assert message in error
    assert len(error.splitlines()) == 1
    assert snapshot(out) == before


CLI_MISTAKES = [
    (("--tex", "--only", ",,"), 2, "--only names no task"),
    (("--tex", "--only", ""), 2, "--only names no task"),
    (
        ("--tex", "--only", "ranepa3.4", "--out", "/proc/x"),
        1,
        "/proc/x: cannot create the output directory",
    ),
    (("--fields", "hse7.9"), 2, "unknown task id(s): hse7.9"),
    (("--tex", "--variants", "3-1"), 2, "--variants wants 1 ≤ A ≤ B"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), CLI_MISTAKES, ids=[" ".join(c[0]) for c in CLI_MISTAKES]
)
def test_command_line_mistake(args, code, message):
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_out_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("--tex", "--only", "ranepa3.4", "--out", str(tmp_path / "file"))
    assert result.returncode == 1
    assert "exists and is not a directory" in result.stderr


def test_a_write_failure_publishes_nothing(tmp_path, monkeypatch):
    """The last file of a set fails to write (a full disk, a read-only directory): none of
    the set changes, no .tmp is left."""
    from engine.store import publish

    (tmp_path / "a.tex").write_text("old a")
    (tmp_path / "b.pdf").write_text("old b")
    real = publish._write_new

    def failing(path, data):
        if path.name == ".b.pdf.tmp":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(publish, "_write_new", failing)
    with pytest.raises(UserError, match="No space left on device"):
        publish.publish({tmp_path / "a.tex": "new a", tmp_path / "b.pdf": b"new b"})
    assert (tmp_path / "a.tex").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tex", "b.pdf"]


@pytest.mark.parametrize("data", [b"", b"%PDF-1.5\n1 0 obj", b"<html>%%EOF"])
def test_an_incomplete_pdf_is_never_published(tmp_path, data):
    with pytest.raises(UserError, match="incomplete PDF"):
        check_pdf(data, tmp_path / "x.pdf")


@pytest.mark.slow
def test_missing_tex_is_one_message(tmp_path):
    """latexmk present but pdflatex missing: say so (not a stale log)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "latexmk").symlink_to(shutil.which("latexmk") or "/usr/bin/latexmk")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.path.dirname(sys.executable)}"}
    result = run("--pdf", "--only", "ranepa3.4", "--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 1
    assert "pdflatex not found" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_jobs_are_bounded_by_the_work(tmp_path):
    out = tmp_path / "out"
    result = run(
        "--tex", "--variants", "1-1", "--jobs", "40", "--only", "hse7.4", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "--jobs 40 lowered to 1" in result.stderr


def start_variants(tmp_path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(REPO / "generate.py"),
            "--tex",
            "--variants",
            "1-200",
            "--jobs",
            "2",
            "--only",
            "ranepa3.3",
            "--out",
            str(tmp_path),
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=True,
    )


def wait_until_building(process: subprocess.Popen, timeout: float = 30) -> None:
    """Until the first variant is finished (the progress bar says 1/200): the pool is up.
    Nothing is published before the end, so no file on disk tells."""
    deadline, seen = time.monotonic() + timeout, b""
    fd = process.stderr.fileno()
    while b"1/200 variants" not in seen:
        assert time.monotonic() < deadline, f"no variant finished: {seen[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"the build stopped: {seen[-500:]!r}"
            seen += chunk


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGHUP, False)],
    ids=[
        "SIGTERM to the main process",
        "Ctrl-C: SIGINT to the whole process group",
        "SIGHUP: the terminal closed",
    ],
)
def test_a_signal_stops_variants_and_their_workers(tmp_path, signum, to_group):
    """A terminal's Ctrl-C reaches every process of the foreground group, workers too; a
    service manager's SIGTERM only the main process. Either way: one line, exit 130 within
    seconds, no worker left, nothing published."""
    process = start_variants(tmp_path)
    wait_until_building(process)
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=15)  # far less than 200 variants take
    assert process.returncode == 130
    assert "interrupted after" in stderr
    assert "nothing published" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "answer-key.csv").exists()
    assert not list(tmp_path.glob("variant-*/booklet.tex"))
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""


@pytest.mark.slow
@pytest.mark.pdf
def test_two_builds_at_once_into_one_directory_publish_a_complete_pdf(tmp_path):
    command = [
        sys.executable,
        str(REPO / "generate.py"),
        "--pdf",
        "--only",
        "ranepa3.4",
        "--out",
        str(tmp_path),
    ]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO)
    errors = [first.communicate(timeout=300)[1], second.communicate(timeout=300)[1]]
    assert (first.returncode, second.returncode) == (0, 0), errors
    assert any("waiting for it to finish" in e for e in errors)
    info = subprocess.run(["pdfinfo", str(tmp_path / "booklet.pdf")], capture_output=True)
    assert info.returncode == 0
    assert not list(tmp_path.glob(".*.tmp"))


def _broken_solve(given):
    raise ZeroDivisionError("a slip in the solution module")


@pytest.mark.parametrize(
    ("args", "which"),
    [
        (("--tex", "--only", "ranepa3.3"), r"task ranepa3\.3 \("),
        (("--tex", "--variants", "2-3", "--jobs", "2", "--only", "ranepa3.3"), r"variant [23] "),
    ],
    ids=["booklet", "variants on two processes"],
)
def test_a_crash_in_a_solution_module_is_a_named_bug(tmp_path, monkeypatch, capsys, args, which):
    """A bug keeps its traceback (it is for the developer), names the task and variant, and
    says it is not the user's mistake; exit 3, nothing published."""
    from engine.builds import pipeline
    from solutions.ranepa3 import task03

    monkeypatch.setattr(task03, "solve", _broken_solve)
    # patched, not edited: a shared cache would hide it
    monkeypatch.setenv(pipeline.CACHE_VARIABLE, str(tmp_path / "private-cache"))
    assert generate.main([*args, "--quiet", "--out", str(tmp_path)]) == 3
    error = capsys.readouterr().err
    assert "Traceback" in error
    assert "ZeroDivisionError: a slip in the solution module" in error
    assert re.search(which, error)
    assert "solutions/ranepa3/task03.py, templates/ranepa3/task03.tex.j2" in error
    assert "a bug in the generator, not in your input" in error
    assert not list(tmp_path.rglob("*.tex"))


# (case, shared template, old text, new text, task that uses it, words of the message)
SHARED_TEMPLATE_MISTAKES = [
    (
        "undefined name in the task frame",
        "task.tex.j2",
        r"\label{task:\VAR{task.id}}",
        r"\label{task:\VAR{task.idd}}",
        "ranepa3.4",
        "a task has no 'idd'; it has: id, title, part",
    ),
    (
        "undefined name in a macro",
        "macros.tex.j2",
        r"\textbf{\VAR{item.label}.}",
        r"\textbf{\VAR{item.lable}.}",
        "ranepa3.6",
        "lable",
    ),
    (
        "syntax error in a macro file",
        "macros.tex.j2",
        "\\end{align*}\n\\BLOCK{endif}",
        "\\end{align*}\n\\BLOCK{endfi}",
        "ranepa3.6",
        "endfi",
    ),
    (
        "undefined name in the sheet heading",
        "sheet.tex.j2",
        r"\VAR{sheet.title}",
        r"\VAR{sheet.titel}",
        "ranepa3.4",
        "titel",
    ),
]


@pytest.mark.parametrize(
    ("case", "template", "old", "new", "task", "words"),
    SHARED_TEMPLATE_MISTAKES,
    ids=[m[0] for m in SHARED_TEMPLATE_MISTAKES],
)
def test_a_mistake_in_a_shared_template_is_reported_there(
    good_build, capsys, case, template, old, new, task, words
):
    """Not in the task template that uses it: in the parent, macro or sheet file itself, at
    the line of the mistake (found here by its text)."""
    templates = good_build[0].parent.parent
    edit(templates, template, old, new)
    line = line_of(templates, template, new.splitlines()[-1])
    out = good_build[1]
    before = snapshot(out)
    assert generate.main(["--tex", "--quiet", "--only", task, "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: templates/{template}:{line}: "), error
    assert words in error
    assert snapshot(out) == before
