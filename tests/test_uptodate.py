"""A build whose inputs did not change does nothing, in a fraction of a second and without
importing sympy; any change of input, any damaged output or record means a full build."""

from __future__ import annotations

import json
import subprocess
import sys

import generate
from engine.store import uptodate

REPO = uptodate.ROOT


def build(out, *extra) -> int:
    return generate.main(["--tex", "--quiet", "--only", "ranepa3.4", "--out", str(out), *extra])


def stamps(out) -> dict:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}


def test_nothing_changed_means_nothing_written(tmp_path):
    assert build(tmp_path) == 0
    before = stamps(tmp_path)
    assert build(tmp_path) == 0
    assert stamps(tmp_path) == before


def test_the_check_does_not_import_the_heavy_engine(tmp_path):
    assert build(tmp_path) == 0
    probe = (
        "import sys, generate; "
        f"code = generate.main(['--tex', '--only', 'ranepa3.4', '--out', {str(tmp_path)!r}]); "
        "print(code, 'sympy' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["0", "False"]
    assert "nothing changed" in run.stderr


def test_other_choices_build_again(tmp_path):
    assert build(tmp_path) == 0
    before = stamps(tmp_path)
    assert build(tmp_path, "--problems") == 0
    assert "problems.tex" in stamps(tmp_path)
    assert stamps(tmp_path)["booklet.tex"] != before["booklet.tex"]


def test_a_changed_or_missing_output_is_rebuilt(tmp_path):
    assert build(tmp_path) == 0
    good = (tmp_path / "booklet.tex").read_text(encoding="utf-8")
    (tmp_path / "booklet.tex").write_text(good + "% edited by hand\n", encoding="utf-8")
    assert build(tmp_path) == 0
    assert (tmp_path / "booklet.tex").read_text(encoding="utf-8") == good
    (tmp_path / "claims.json").unlink()
    assert build(tmp_path) == 0
    assert (tmp_path / "claims.json").exists()


def test_a_corrupt_or_foreign_record_is_not_trusted(tmp_path):
    assert build(tmp_path) == 0
    for junk in ("{not json", json.dumps({"fingerprint": 3}), json.dumps([1, 2])):
        (tmp_path / uptodate.RECORD).write_text(junk, encoding="utf-8")
        before = stamps(tmp_path)
        assert build(tmp_path) == 0
        assert stamps(tmp_path)["booklet.tex"] != before["booklet.tex"]


def test_an_edit_changes_the_fingerprint_and_a_revert_restores_it(templates):
    request = {"tasks": ["ranepa3.4"], "pdf": False, "problems": False, "variant": 0}
    original = uptodate.fingerprint(request)
    task = templates / "ranepa3" / "task04.tex.j2"
    source = task.read_text(encoding="utf-8")
    task.write_text(source.replace("нейронка", "нейросеть", 1), encoding="utf-8")
    assert uptodate.fingerprint(request) != original
    task.write_text(source, encoding="utf-8")
    assert uptodate.fingerprint(request) == original
    assert uptodate.fingerprint(request | {"variant": 1}) != original


def test_a_template_edit_rebuilds_the_booklet(templates, tmp_path):
    out = tmp_path / "out"
    assert build(out) == 0
    task = templates / "ranepa3" / "task04.tex.j2"
    task.write_text(
        task.read_text(encoding="utf-8").replace("нейронка", "нейросеть", 1), encoding="utf-8"
    )
    assert build(out) == 0
    assert "нейросеть" in (out / "booklet.tex").read_text(encoding="utf-8")
