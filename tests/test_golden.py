"""The rendered LaTeX of the sheets' booklet and problem sheet, compared line by line with
tests/golden/. A change in wording, layout or a formula's printed form shows up here for
review even when every number stays right (a lost pair of parentheses changes the maths and
no oracle sees it). After an intended change: `pytest tests/test_golden.py --update-golden`,
then read the diff in git before committing."""

from __future__ import annotations

import difflib

import pytest

from tests.conftest import REPO, cases, chosen_ids, full_booklet, full_problems

GOLDEN = REPO / "tests" / "golden"


# their data differ where the sheet's coincide with a constant; in variant 2 ranepa3.4's
# inactive neuron is the first, on the first observation (the sheet's: the second, the second)
GOLDEN_VARIANTS = (1, 2, 7)


def variant(seed: int):
    """A seeded variant's booklet: a value typed by hand where the template printed a claim
    reads the same in the sheets' booklet, but not where the variant's value differs."""
    from engine.builds import pipeline

    return lambda: pipeline.render(pipeline.varying_tasks(chosen_ids()), variant=seed)


RENDERS = {
    "booklet.tex": full_booklet,
    "problems.tex": full_problems,
    **{f"variant-{seed}.tex": variant(seed) for seed in GOLDEN_VARIANTS},
}


# a variant's render solves its tasks afresh: `make test-all` compares those
@pytest.mark.parametrize(
    "name",
    cases([(n,) for n in sorted(RENDERS)], slow=set(RENDERS) - {"booklet.tex", "problems.tex"}),
)
def test_rendered_source_matches_the_golden_file(name, request):
    rendered = RENDERS[name]().tex
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.write_text(rendered, encoding="utf-8")
        return
    expected = golden.read_text(encoding="utf-8")
    diff = difflib.unified_diff(
        expected.splitlines(), rendered.splitlines(), f"golden/{name}", "rendered", lineterm="", n=1
    )
    changes = "\n".join(list(diff)[:60])
    assert rendered == expected, (
        f"tests/golden/{name} differs from the render. If the change is intended (a task added "
        "or edited), run `pytest tests/test_golden.py --update-golden` and review the diff in "
        f"git before committing:\n{changes}"
    )
