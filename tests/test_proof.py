"""The build proves before it publishes (cli/proof.py): a claim its oracle disputes stops
`--tex`/`--pdf` with the claim, its place and both values, and the previous outputs stay; a
task proven once is not verified again until its numbers or the oracles change."""

from __future__ import annotations

import pytest

from tests.trees import copy_tree, run


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_tree(tmp_path_factory.mktemp("proof"))


def test_a_disputed_claim_publishes_nothing(tree):
    assert run(tree, "--tex", "--only", "hse7.3,ranepa3.12", "--out", "out").returncode == 0
    before = (tree / "out/booklet.tex").read_bytes()
    oracle = tree / "checks/oracles/hse7/task03.py"
    original = oracle.read_text(encoding="utf-8")
    wrong = original.replace(
        '"bounds.sigmoid_max": (sp.exp(t) / (1 + sp.exp(t)) ** 2).subs(t, 0),',
        '"bounds.sigmoid_max": sp.Rational(1, 5),',
    )
    assert wrong != original
    oracle.write_text(wrong, encoding="utf-8")
    try:
        cached = run(tree, "--tex", "--only", "hse7.3,ranepa3.12", "--out", "elsewhere")
        template = tree / "templates/hse7/task03.tex.j2"
        edited = template.read_text(encoding="utf-8").replace("Роль весов.", "Роль весов!")
        template.write_text(edited, encoding="utf-8")  # a new booklet.tex to publish
        done = run(tree, "--tex", "--only", "hse7.3,ranepa3.12", "--out", "out")
    finally:
        oracle.write_text(original, encoding="utf-8")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    template = (tree / "templates/hse7/task03.tex.j2").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(template, 1) if "r.bounds.sigmoid_max" in text)
    assert f"error: templates/hse7/task03.tex.j2:{line}: " in done.stderr
    assert cached.returncode == 1  # its page from the cache: rendered again for the line
    assert f"error: templates/hse7/task03.tex.j2:{line}: " in cached.stderr
    assert not (tree / "elsewhere/booklet.tex").exists()
    assert "hse7.3.bounds.sigmoid_max: shown 1/4, oracle 1/5" in done.stderr
    assert "nothing published" in done.stderr
    assert (tree / "out/booklet.tex").read_bytes() == before


@pytest.mark.slow
def test_a_proven_task_is_not_verified_again(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("SOLUTION_MANUAL_CACHE", str(tmp_path / "cache"))  # its own, cold
    first = run(tree, "--tex", "--only", "ranepa3.12", "--out", "again")
    (tree / "again/booklet.tex").unlink()  # not up to date: the build runs again
    second = run(tree, "--tex", "--only", "ranepa3.12", "--out", "again")
    assert first.returncode == second.returncode == 0
    assert "proved the claims of 1 task(s)" in first.stderr
    assert "proved the claims" not in second.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("--tex", "--variants", "1-2", "--only", "hse7.3,ranepa3.5"),
        ("--tex", "--roster", "roster.csv", "--only", "hse7.3,ranepa3.5"),
    ],
    ids=["variants", "roster"],
)
def test_a_class_run_with_a_disputed_claim_publishes_nothing(tree, tmp_path, args):
    (tree / "roster.csv").write_text("id,name\ns1,Анна Петрова\n", encoding="utf-8")
    oracle = tree / "checks/oracles/hse7/task03.py"
    original = oracle.read_text(encoding="utf-8")
    oracle.write_text(
        original.replace(
            '"bounds.tanh_max": (1 - sp.tanh(t) ** 2).subs(t, 0),',
            '"bounds.tanh_max": sp.Integer(2),',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "class"
    try:
        done = run(tree, *args, "--out", str(out))
    finally:
        oracle.write_text(original, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    assert "hse7.3.bounds.tanh_max: shown 1, oracle 2" in done.stderr
    assert "Traceback" not in done.stderr
    assert not [
        p
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".")
    ]


@pytest.mark.slow
def test_an_oracle_that_cannot_even_evaluate_is_a_problem_at_its_place_not_a_crash(tmp_path):
    """A swap that leaves given.W1 off the page: the invariants need it. The build says so at
    the oracle module and exits 1, with no traceback (it once crashed with exit 3)."""
    tree = copy_tree(tmp_path)
    template = tree / "templates/hse7/task04.tex.j2"
    source = template.read_text(encoding="utf-8")
    swapped = source.replace(r"\VAR{given.W1|named}", r"\VAR{given.W2|named}")
    assert swapped != source
    template.write_text(swapped, encoding="utf-8")
    done = run(tree, "--tex", "--only", "hse7.4", "--out", "out")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "checks/oracles/hse7/task04.py:" in done.stderr
    assert not (tree / "out/booklet.tex").exists()
