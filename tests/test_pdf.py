"""The real booklet: vector fonts only, every claim findable in the text a reader can search."""

from __future__ import annotations

import re
import subprocess

import pytest

from checks import page_numbers, verify
from checks.layout import overruns, overruns_in
from engine.ledger.formatting import MINUS, needles, skeleton
from tests.conftest import VARIANTS, built_once, full_problems

pytestmark = pytest.mark.pdf


def test_no_bitmap_type3_fonts(pdf_build):
    out, _ = pdf_build
    fonts = subprocess.run(
        ["pdffonts", str(out / "booklet.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Type 3" not in fonts
    assert "Type 1" in fonts


def test_russian_text_extracts_as_russian(pdf_build):
    _, text = pdf_build
    for phrase in ("Условие", "Решение", "Замечание", "Маша", "градиентного спуска"):
        assert phrase in text


def test_every_claim_is_in_the_pdf_text(pdf_build, booklet):
    out, text = pdf_build
    # pdftotext's layout, or lines grouped from its word boxes where the layout splits a row
    by_rows = "\n".join(page_numbers.lines(out / "booklet.pdf"))
    searchable = skeleton(text) + "\n" + skeleton(by_rows)
    missing = [
        (claim.id, needle)
        for claim in booklet.ledger
        if not claim.drawn  # plot data is checked by the claim tests, not as text
        for needle in booklet.ledger.needles(claim.id)
        if needle not in searchable
    ]
    assert not missing, f"claims not found in pdftotext output: {missing}"


def test_pictures_are_typeset_apart_and_the_preamble_comes_precompiled(pdf_build, booklet):
    """The published .tex draws its pictures; the compiled one includes each as a PDF of its
    own and starts from the preamble's format, line for line the same document."""
    out, _ = pdf_build
    published = (out / "booklet.tex").read_text(encoding="utf-8")
    compiled = (out / ".latex-booklet" / "booklet.tex").read_text(encoding="utf-8")
    drawn = published.count(r"\begin{tikzpicture}")
    assert drawn == booklet.tex.count(r"\begin{tikzpicture}") > 0  # every picture the tasks draw
    assert r"\begin{tikzpicture}" not in compiled
    included = re.findall(r"\\includegraphics\{(picture-\w+\.pdf)\}", compiled)
    assert len(included) == drawn
    assert all((out / ".latex-booklet" / name).stat().st_size > 0 for name in included)
    assert len(compiled.splitlines()) == len(published.splitlines())
    log = (out / ".latex-booklet" / "booklet.log").read_text(encoding="utf-8", errors="replace")
    assert "format=preamble " in log.splitlines()[0]


def test_outputs_are_published_together(pdf_build):
    out, _ = pdf_build
    for name in ("booklet.pdf", "booklet.tex", "claims.json"):
        assert (out / name).stat().st_size > 0


def test_nothing_runs_into_the_margin(pdf_build):
    """Long formulas must be broken by hand: TeX reports each line wider than the text."""
    out, _ = pdf_build
    assert overruns_in(out, "booklet") == []
    assert overruns_in(out, "problems") == []


def shows(needle: str, text: str) -> bool:
    """`needle` stands in `text` as whole numbers (1 0,5 is not inside −1 0,5)."""
    return re.search(rf"(?<![0-9,{MINUS}]){re.escape(needle)}(?![0-9,])", text) is not None


def test_problem_sheet_has_statements_and_no_solutions(pdf_build, booklet):
    """Every value the problem sheet shows is a statement's; none that only a solution shows
    (a distinctive one: four characters or more once normalised) appears in its text."""
    out, _ = pdf_build
    text = skeleton(
        subprocess.run(
            ["pdftotext", "-layout", str(out / "problems.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    sheet = full_problems().ledger
    shown_in_statements = {claim.id for claim in sheet}
    assert shown_in_statements
    assert shown_in_statements < {claim.id for claim in booklet.ledger}
    statement_needles = {
        n for claim in sheet if claim.kind != "fact" for n in needles(sheet.exact(claim.id))
    }
    leaked = [
        (claim.id, needle)
        for claim in booklet.ledger
        if claim.id not in shown_in_statements and not claim.drawn and claim.kind != "fact"
        for needle in needles(booklet.ledger.exact(claim.id))
        if len(needle) >= 4 and needle not in statement_needles and shows(needle, text)
    ]
    assert leaked == []
    assert "Решение" not in text
    assert (
        "Условие"
        in subprocess.run(
            ["pdftotext", str(out / "problems.pdf"), "-"], capture_output=True, text=True
        ).stdout
    )


@pytest.fixture(scope="session")
def variant_pdfs(tmp_path_factory, worker_id, shared_cache):
    """One variant's booklet and problem sheet, compiled once per run (variant 7 once ran off
    the page), and its ledger."""
    from engine.builds import pipeline
    from engine.store.cache import Store

    tasks = pipeline.varying_tasks()

    def build(root):
        pipeline.build(tasks, root / "variant-7", True, True, 7, cache=shared_cache, siblings=root)

    root = built_once(tmp_path_factory, worker_id, "variants", build)
    ledger = pipeline.render(tasks, variant=7, store=Store(shared_cache)).ledger
    return root / "variant-7", ledger


@pytest.mark.slow
def test_a_variant_stays_on_the_page(variant_pdfs):
    out, _ = variant_pdfs
    assert overruns_in(out, "booklet") == []
    assert overruns_in(out, "problems") == []


@pytest.mark.slow
def test_every_claim_and_invariant_of_the_compiled_variant_holds(variant_pdfs):
    _, ledger = variant_pdfs
    assert verify.failures(ledger) == []


@pytest.mark.slow
def test_a_variant_started_from_a_siblings_references_is_the_pdf_of_a_fresh_build(
    variant_pdfs, tmp_path
):
    from engine.builds import pipeline

    root = variant_pdfs[0].parent  # variant 7 is built there: another starts from its .aux
    tasks = pipeline.varying_tasks()
    cache = pipeline.cache_dir(root)  # pictures and solves shared: only the start differs
    # one of the variants `variants_build` makes (conftest.py): its solves and proofs cached
    other = VARIANTS[-1]
    assert other != 7
    name = f"variant-{other}"
    pipeline.build(tasks, root / name, True, False, other, cache=cache, siblings=root)
    alone = tmp_path / name
    pipeline.build(tasks, alone, True, False, other, cache=cache)
    seeded = (root / name / "booklet.pdf").read_bytes()
    assert seeded == (alone / "booklet.pdf").read_bytes()


def test_a_sibling_counts_as_finished_once_its_compile_succeeded_published_or_not(tmp_path):
    """A class is published at its end: a student's sheet starts from the references of one
    compiled before it, but never from one whose compile is under way."""
    import os

    from engine.tex.latex import _CROSS_REFERENCES, _finished

    folder = tmp_path / "s1" / ".latex-problems"
    folder.mkdir(parents=True)
    for suffix in _CROSS_REFERENCES:
        (folder / f"problems{suffix}").write_text("x")
    assert not _finished(folder, "problems")  # no compile has succeeded yet
    (folder / "problems.date").write_text("0")
    assert _finished(folder, "problems")
    later = (folder / "problems.date").stat().st_mtime + 5
    os.utime(folder / "problems.aux", (later, later))  # a compile rewriting it now
    assert not _finished(folder, "problems")


def test_the_layout_check_sees_an_overrun():
    log = "Overfull \\hbox (52.1pt too wide) in alignment at lines 210--219\n"
    log += "Overfull \\hbox (0.4pt too wide) in paragraph at lines 3--4\n"
    assert overruns(log) == ["Overfull \\hbox (52.1pt too wide) in alignment at lines 210--219"]


@pytest.mark.slow
def test_every_number_of_variant_7_its_sheet_and_its_key_is_accounted_for(variant_pdfs, tmp_path):
    """checks/page_numbers.py on the compiled pages: a claim's, a template's typed number, or
    structural by rule; the problem sheet against the variant's ledger, the key compiled from
    it."""
    from checks import page_accounts
    from engine.builds.answer_key import key_tex
    from engine.tex.latex import compile_pdf

    out, ledger = variant_pdfs
    claims = tmp_path / "claims.json"
    claims.write_text(ledger.to_json(), encoding="utf-8")
    tex, source_map = key_tex([(7, list(ledger))])
    key = tmp_path / "answer-key.pdf"
    key.write_bytes(compile_pdf(tex, tmp_path / "latex", source_map, "answer-key"))
    for pdf in (out / "booklet.pdf", out / "problems.pdf", key):
        assert page_accounts.unaccounted(pdf, claims) == [], pdf.name
