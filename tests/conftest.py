"""Shared fixtures: the ledger of a full render (no TeX), and one real PDF build per session."""
from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@cache
def full_booklet():
    """Every registered task rendered once (solutions + templates, no LaTeX)."""
    from engine import build, registry

    return build.render(registry.select(None))


@pytest.fixture(scope="session")
def booklet():
    return full_booklet()


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory):
    """The real `generate.py --pdf --problems` into a temporary directory:
    (out dir, pdftotext text of the booklet)."""
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `make test`, which installs TeX Live")
    import subprocess

    import generate

    out = tmp_path_factory.mktemp("build")
    assert generate.main(["--pdf", "--problems", "--quiet", "--out", str(out)]) == 0
    # -layout keeps a matrix row on one line even inside a table, as a reader sees it
    text = subprocess.run(["pdftotext", "-layout", str(out / "booklet.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return out, text
