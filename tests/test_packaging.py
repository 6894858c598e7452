"""The product as pip installs it: the wheel carries the templates, the oracles and the
regression seeds, and `generate.py --stress` runs from it outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow  # built end to end: `make test-all` runs it

SHIPPED = (
    "pyproject.toml",
    "README.md",
    "generate.py",
    "engine",
    "solutions",
    "checks",
    "cli",
    "templates",
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of this tree (setuptools writes build/ where it builds),
    unpacked as pip installs a pure-Python wheel."""
    source = tmp_path_factory.mktemp("source")
    for name in SHIPPED:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        cwd=dist,
    )
    (wheel,) = dist.glob("*.whl")
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(site)
    return site


def test_the_wheel_carries_templates_oracles_and_seeds(installed):
    for path in (
        "generate.py",
        "templates/ranepa3/task05.tex.j2",
        "templates/README.md",
        "checks/oracles/ranepa3/task05.py",
        "checks/regression_seeds.json",
        "engine/render/figures/networks.py",
        "cli/commands.py",
        "engine/web/style.css",  # the web edition's page needs both beside the HTML
        "engine/web/page.js",
    ):
        assert (installed / path).is_file(), path


def test_stress_runs_from_the_installed_copy_outside_the_repository(installed, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    code = (
        "import engine, generate, sys; print(engine.__file__); "
        "sys.exit(generate.main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--stress", "1", "--only", "hse7.4", "--jobs", "1", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(installed))  # not the checkout
