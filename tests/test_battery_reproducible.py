"""The same commit gives the same PDF bytes whatever the cache and the work directory held
before, or the build says why it cannot (issue 22, item 10). One case per line: the state a
build meets, and the bytes it publishes compared with a clean build's.

Builds run in this process (no Python start, no sympy import per build) on one task with
pictures; every build sets the date, so that a commit made meanwhile cannot move it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.builds import pipeline
from tests.conftest import built_once

pytestmark = pytest.mark.slow  # built end to end: `make test-all` runs it

ONLY = "hse7.3"  # two pictures, quick to solve
DATE = "1650000000"
OTHER_DATE = "1600000000"


def build(out: Path, cache: Path | None = None, date: str = DATE) -> tuple[int, str]:
    """`generate.py --pdf` into `out` with its own `.cache` (or `cache`); (exit code, stderr)."""
    import generate

    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(err):
        patch.setenv("SOURCE_DATE_EPOCH", date)
        if cache is None:
            patch.delenv(pipeline.CACHE_VARIABLE, raising=False)
        else:
            patch.setenv(pipeline.CACHE_VARIABLE, str(cache))
        code = generate.main(["--pdf", "--only", ONLY, "--quiet", "--out", str(out)])
    return code, err.getvalue()


@pytest.fixture(scope="session")
def clean(tmp_path_factory, worker_id) -> Path:
    """A clean build (empty output directory, empty cache), once per test run."""

    def make(out: Path) -> None:
        code, err = build(out / "out")
        assert code == 0, err

    return built_once(tmp_path_factory, worker_id, "reproducible-clean", make) / "out"


def warm(clean: Path, out: Path) -> None:
    """`out` gets a copy of the clean build's cache: all its pictures and its format."""
    shutil.copytree(clean / ".cache", out / ".cache")


def earlier_date(clean: Path, out: Path) -> None:
    """Built into the same directory and cache with another date: latexmk's PDF and the
    cached pictures must not keep it."""
    assert build(out, date=OTHER_DATE)[0] == 0


def read_only_cache(clean: Path, out: Path) -> None:
    warm(clean, out)
    for folder, _, files in os.walk(out / ".cache"):
        for name in [*files, ""]:
            os.chmod(Path(folder, name), stat.S_IRUSR | (stat.S_IXUSR if not name else 0))


def cache_is_a_file(clean: Path, out: Path) -> None:
    """Unwritable even for root: the private cache must make the same pictures."""
    out.mkdir()
    (out / ".cache").write_text("not a directory")


def garbage_key(clean: Path, out: Path) -> None:
    warm(clean, out)
    (out / ".cache" / "key").write_bytes(b"\x00garbage")


def key_is_a_directory(clean: Path, out: Path) -> None:
    warm(clean, out)
    (out / ".cache" / "key").unlink()
    (out / ".cache" / "key").mkdir()


def garbage_aux(clean: Path, out: Path) -> None:
    warm(clean, out)
    work = out / ".latex-booklet"
    work.mkdir(parents=True)
    heading = "\\@writefile{toc}{\\contentsline {section}{X}{9}{}}"
    (work / "booklet.aux").write_text(f"\\relax\n{heading}\n")
    (work / "booklet.toc").write_text("\\contentsline {section}{Junk}{42}{}%\n")
    for suffix in (".out", ".fdb_latexmk", ".log", ".pdf", ".date"):
        (work / f"booklet{suffix}").write_bytes(os.urandom(512))


def deleted_cache(clean: Path, out: Path) -> None:
    """Deleted after a build, the build record with it (as after an edit and its revert)."""
    warm(clean, out)
    assert build(out)[0] == 0
    shutil.rmtree(out / ".cache")
    (out / ".inputs.json").unlink()


# (prior state, may the build refuse it with a message rather than build, what stderr says)
CASES = [
    pytest.param(earlier_date, False, "", id="built-before-with-another-SOURCE_DATE_EPOCH"),
    pytest.param(read_only_cache, False, "", id="cache-read-only"),
    pytest.param(cache_is_a_file, False, "uses a private one", id="cache-path-is-a-file"),
    pytest.param(garbage_key, True, "", id="cache-key-garbage"),
    pytest.param(key_is_a_directory, True, "", id="cache-key-a-directory"),
    pytest.param(garbage_aux, False, "", id="stale-latex-work-dir-with-garbage-aux"),
    pytest.param(deleted_cache, False, "", id="cache-deleted-since-last-build"),
]


@pytest.mark.pdf
@pytest.mark.parametrize(("prior", "may_refuse", "says"), CASES)
def test_pdf_bytes_do_not_depend_on_prior_state(
    clean: Path, tmp_path: Path, prior: Callable[[Path, Path], None], may_refuse: bool, says: str
):
    out = tmp_path / "out"
    try:
        prior(clean, out)
        code, err = build(out)
    finally:  # let pytest remove what a case made read-only
        for folder, _, _ in os.walk(out):
            os.chmod(folder, stat.S_IRWXU)
    assert "Traceback" not in err, err
    if code != 0 and may_refuse:  # a clean refusal, once
        assert code == 1, err
        assert err.count("error:") == 1, err
        return
    assert code == 0, err
    assert (out / "booklet.pdf").read_bytes() == (clean / "booklet.pdf").read_bytes()
    if says:  # said once
        assert err.count(says) == 1, err


@pytest.mark.pdf
def test_a_pictures_bytes_depend_on_its_key_alone(clean: Path, tmp_path: Path, monkeypatch):
    """Typeset under another date, side by side, in a store without the preamble's format
    (as the Moodle quiz first meets them): the bytes the clean build cached, which were
    typeset one at a time after the format. A picture's PDF is part of the booklet's."""
    from engine.store.cache import Store
    from engine.tex import pictures, preamble
    from engine.tex.latex import tex_environment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", OTHER_DATE)
    tex = (clean / "booklet.tex").read_text(encoding="utf-8")
    drawn = [(preamble.dumped_part(tex), picture) for picture in pictures.drawn_in(tex)]
    assert len(drawn) >= 2
    fresh, cached = Store(tmp_path / "cache"), Store(clean / ".cache")
    pictures.prepare_drawn(drawn, fresh, tex_environment(), processes=2)
    for key in (pictures.key_of(*item) for item in drawn):
        assert fresh.get(pictures.KIND, key) == cached.get(pictures.KIND, key) is not None
