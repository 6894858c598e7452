"""The CI workflow: valid for GitHub (the schema GitHub's own tooling publishes, vendored by
check-jsonschema), shell steps that parse, the README's commands, and artifact paths that
a real build writes."""

from __future__ import annotations

import fnmatch
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "booklet.yml"


def lint(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def workflow() -> dict:
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_the_workflow_lints_clean():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04", "runs_on: x"),
        encoding="utf-8",
    )
    assert lint(broken).returncode != 0


@pytest.mark.parametrize("script", [s["run"] for s in steps() if "run" in s])
def test_every_shell_step_parses(script):
    result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_it_runs_on_push_and_pull_request_the_readme_way():
    triggers = workflow()["on"]
    assert {"push", "pull_request"} <= set(triggers)
    commands = [s["run"] for s in steps() if "run" in s]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("make lint", "make test"):
        assert command in commands
        assert command in readme


def test_it_caches_debian_packages_and_the_venv():
    cached = [s["with"]["path"] for s in steps() if s.get("uses", "").startswith("actions/cache")]
    assert ".venv" in cached
    assert "${{ env.APT_CACHE_DIR }}" in cached
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "APT_CACHE_DIR" in setup


@pytest.mark.pdf
def test_the_uploaded_paths_are_what_a_build_writes(pdf_build):
    """Every artifact path outside the variant set matches a file `--pdf --problems` wrote."""
    out, _ = pdf_build
    upload = next(s for s in steps() if s.get("with", {}).get("name") == "booklet")
    written = [p.name for p in out.iterdir()]
    for pattern in upload["with"]["path"].split():
        if pattern.startswith("build/variants/"):
            continue
        name = pattern.removeprefix("build/").rstrip("/")  # a folder: all it holds
        assert fnmatch.filter(written, name), (pattern, written)


def test_the_browser_tests_screenshots_are_uploaded_even_when_a_test_fails():
    from tests import test_browser

    upload = next(s for s in steps() if s.get("with", {}).get("name") == "screenshots")
    assert upload["if"] == "${{ !cancelled() }}"
    folder = REPO / upload["with"]["path"]
    assert folder == test_browser.REPO / "build" / "screenshots"
