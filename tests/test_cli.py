"""generate.py as a user runs it: help, listing, bad arguments, the TeX-free build."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from engine import registry
from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "generate.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_documents_every_flag():
    result = run("--help")
    assert result.returncode == 0
    for flag in (
        "--pdf",
        "--tex",
        "--list",
        "--only",
        "--out",
        "--quiet",
        "--problems",
        "--variant",
        "--variants",
        "--jobs",
        "--stress",
        "--fields",
    ):
        assert flag in result.stdout


def test_list_shows_every_task_in_sheet_order():
    result = run("--list")
    assert result.returncode == 0
    shown = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert shown == [task.id for task in registry.TASKS]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "one of the arguments --pdf --tex --stress --list --fields is required"),
        (("--tex", "--only", "ranepa3.99"), "unknown task id(s): ranepa3.99; see --list"),
        (("--pdf", "--tex"), "not allowed with argument"),
    ],
)
def test_bad_arguments_exit_2_with_one_message(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_tex_writes_source_and_claims_without_tex(tmp_path):
    result = run("--tex", "--quiet", "--only", "ranepa3.5", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "booklet.tex").read_text(encoding="utf-8").startswith(r"\documentclass")
    claims = json.loads((tmp_path / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert claims
    assert all(c["task"] == "ranepa3.5" for c in claims)
    assert not (tmp_path / "booklet.pdf").exists()


def test_listing_does_not_import_the_heavy_libraries():
    code = "import sys, generate; generate.main(['--list']); print('sympy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip().endswith("False")


@pytest.mark.slow
def test_variants_build_each_variant_and_the_key(tmp_path):
    result = run(
        "--tex",
        "--quiet",
        "--variants",
        "1-2",
        "--jobs",
        "1",
        "--only",
        "ranepa3.1,hse7.4",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    # semicolons, decimal commas and a BOM: a spreadsheet in a Russian locale opens it as is
    with open(tmp_path / "answer-key.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["вариант", "листок", "задача", "метка"]
    assert {row[0] for row in rows[1:]} == {"1", "2"}
    assert all(row[3] and "\n" not in row[3] for row in rows[1:])
    for n in (1, 2):
        claims = json.loads((tmp_path / f"variant-{n}" / "claims.json").read_text(encoding="utf-8"))
        assert {c["task"] for c in claims["claims"]} == {"ranepa3.1", "hse7.4"}


@pytest.mark.parametrize(
    "args",
    [
        ("--tex", "--variants", "7-3"),
        ("--tex", "--variants", "x"),
        ("--tex", "--variants", "0-2"),
        ("--stress", "0"),
        ("--tex", "--jobs", "0"),
        ("--tex", "--variant", "-1"),
    ],
)
def test_bad_numbers_are_bad_arguments(args):
    result = run(*args)
    assert result.returncode == 2
    assert "error: --" in result.stderr
    assert "Traceback" not in result.stderr


def test_fields_lists_what_a_template_can_print():
    result = run("--fields", "ranepa3.5")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert "given.W1" in names
    assert "r.mse_step.grad_W1" in names


def test_fields_takes_one_task():
    result = run("--fields", "ranepa3.5,hse7.1")
    assert result.returncode == 2
    assert "--fields takes one task id" in result.stderr
