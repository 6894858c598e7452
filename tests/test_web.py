"""The web edition (engine/web/): the booklet as an HTML page with MathML and SVG pictures,
with the same numbers as the PDF."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.builds import pipeline
from engine.errors import UserError
from engine.ledger.formatting import skeleton
from engine.store.cache import Store
from engine.web.edition import edition, editions
from tests.conftest import VARIANTS, chosen_tasks, full_booklet

REPO = Path(__file__).resolve().parents[1]
_ANNOTATION = re.compile(r"<annotation[^>]*>.*?</annotation>", re.S)  # the formula's TeX
_CELL_END = re.compile(r"</(?:mtd|mtr|td|tr|li|p|div|h\d)>|<br")


@pytest.fixture(scope="module")
def page(pdf_build):
    """The real build's web edition (`--pdf --problems --html`): its folder, the LaTeX it was
    made from, the booklet's page."""
    out = pdf_build[0]
    html_dir = out / "html"
    return html_dir, (out / "booklet.tex").read_text(), (html_dir / "booklet.html").read_text()


def shown_text(page_html: str) -> str:
    """What a reader sees: the text, each formula's MathML as its characters (not its TeX
    annotation), a table cell apart from the next, and the pictures' alternative texts."""
    visible = _CELL_END.sub(" ", _ANNOTATION.sub("", page_html))
    alternatives = " ".join(re.findall(r'alt="([^"]*)"', visible))
    return html.unescape(re.sub(r"<[^>]+>", "", visible) + " " + alternatives)


def by_columns(page_html: str) -> str:
    """Each table's cells column after column: a claim that is a column of a table (the
    weights after each reading, say) reads down it."""
    columns = []
    for table in re.findall(r"<table.*?</table>", page_html, re.S):
        rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in table.split("<tr")]
        width = max(map(len, rows))
        columns += [" ".join(row[n] for row in rows if n < len(row)) for n in range(width)]
    return shown_text("\n".join(columns))


def missing_claims(ledger, page_html: str) -> list[tuple[str, str]]:
    searchable = skeleton(shown_text(page_html)) + "\n" + skeleton(by_columns(page_html))
    return [
        (claim.id, needle)
        for claim in ledger
        if not claim.drawn
        for needle in ledger.needles(claim.id)
        if needle not in searchable
    ]


def test_every_claim_is_on_the_page_as_the_pdf_prints_it(page):
    """The needles tests/test_pdf.py finds in the PDF's text, found in the page's."""
    missing = missing_claims(full_booklet().ledger, page[2])
    assert not missing, f"claims not found in the web page: {missing[:10]}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_has_its_own_page_with_its_own_numbers(variants_build, shared_cache, variant):
    """`--variants 1-3 --html`: variant-N/html/booklet.html shows variant N's claims, and
    differs from the other variants' pages."""
    ledger = pipeline.render(chosen_tasks(), variant=variant, store=Store(shared_cache)).ledger
    shown = (variants_build / f"variant-{variant}" / "html" / "booklet.html").read_text()
    missing = missing_claims(ledger, shown)
    assert not missing, f"variant {variant}'s claims not on its page: {missing[:10]}"
    others = [n for n in VARIANTS if n != variant]
    other = (variants_build / f"variant-{others[0]}" / "html" / "booklet.html").read_text()
    assert missing_claims(ledger, other), "another variant's page shows the same numbers"


def test_every_number_reads_with_a_decimal_comma(page, variants_build):
    """As in the PDF: no decimal point anywhere a reader sees (the TeX annotations aside)."""
    pages = [page[2]] + [
        (variants_build / f"variant-{n}" / "html" / "booklet.html").read_text() for n in VARIANTS
    ]
    for shown in pages:
        body = shown_text(shown.split("<body>")[1])
        # a decimal has two digits or more after its separator; «пункт 6.2» is a number of
        # an item; a formula's number is one <mn>
        points = re.findall(r".{0,20}\d\.\d\d.{0,10}", body)
        points += re.findall(r"<mn>\d+\.\d+</mn>", shown)
        assert not points


def test_a_decimal_is_one_number_for_a_screen_reader(page):
    assert re.search(r"<mn>\d+,\d+</mn>", page[2])
    assert not re.search(r"<mn>\d+</mn><mo>,</mo><mn>\d+</mn>", page[2].split("<math")[1])


def test_every_picture_is_an_svg_beside_the_page_with_its_labels_as_text(page):
    out, tex, text = page
    sources = tex.count(r"\begin{tikzpicture}")
    images = re.findall(r'<img src="([^"]+)"[^>]* alt="([^"]*)"', text)
    assert sources > 0
    assert len(images) == sources
    for src, alt in images:
        assert b"<svg" in (out / src).read_bytes()[:400], src
        assert f'<a href="{src}"><img src="{src}"' in text  # opens alone, at its size
        assert alt.startswith("Рисунок")
    # each described from its data by its figure helper, then the labels it prints
    assert len(images) == tex.count("\n% alt: ")
    for _, alt in images:
        assert alt.startswith("Рисунок. ")
        assert "Подписи:" in alt or "График" in alt
        assert not re.search(r"[\\${}_]", html.unescape(alt)), alt  # no TeX left
    described = " ".join(html.unescape(alt) for _, alt in images)
    for words in ("Схема сети слева направо: вход x₁, x₂", "Вычислительный граф", "Карта классов"):
        assert words in described


def test_the_page_has_every_task_heading_and_box_title_and_no_tex_left(page):
    _, tex, text = page
    for task in dict.fromkeys(claim.task for claim in full_booklet().ledger):
        assert f'id="task:{task}"' in text
    assert text.count("Замечание") >= tex.count(r"\begin{remark}")
    assert text.count("Уточнение к условию") >= tex.count(r"\begin{clarification}")
    # a correction in place: a footnote, as in the PDF, shown after its paragraph
    body = tex.split(r"\begin{document}")[1]
    in_place, after = body.count(r"\amended{"), body.count(r"\amendnote{")
    assert text.count('class="footnote-ref"') == text.count('<li id="fn') == in_place > 0
    assert text.count("<p><em>(В исходном условии:") == after > 0  # after its display or list
    assert shown_text(text).count("В исходном условии:") == in_place + after
    leftover = re.findall(r"\\[a-zA-Z]+", shown_text(text))
    assert not leftover, f"TeX commands shown as text: {sorted(set(leftover))[:10]}"
    assert '<meta name="viewport"' in text
    assert 'lang="ru"' in text


def test_every_table_is_a_table_and_every_summary_link_lands_on_its_answer(page):
    _, tex, text = page
    tables = len(re.findall(r"\\begin\{(?:longtable|tabular)\}", tex))
    assert text.count("<table") == tables
    assert not re.search(r"<td[^>]*>\s*\*", text)  # no TeX row ending shown as a star
    links = re.findall(r'href="#(answer:[^"]+)"', text)
    assert len(links) == len(full_booklet().answers.finals)
    for target in links:
        assert f'id="{target}"' in text, target


def test_each_edition_has_its_own_words_where_the_layout_differs(page, pdf_build):
    """`\\inprint{…}\\onscreen{…}` (engine/tex/document.py): the PDF names the page and the
    figure at the right, the web page the arrow and the figure below."""
    _, tex, text = page
    printed = " ".join(pdf_build[1].split())
    assert "номер страницы" in printed
    assert "стрелка" in shown_text(text)
    assert "номер страницы" not in shown_text(text)
    if "hse7.4" in tex:
        assert "(рисунок справа)" in printed
        assert "(рисунок ниже)" in shown_text(text)
        assert "справа)" not in shown_text(text)


def test_what_may_not_start_a_line_stays_with_the_formula_before_it(page):
    """A clause's punctuation, a dash, a case ending (`$i$-го`) after an inline formula: one
    unbreakable unit with it; TeX's thin space (`50\\,\\%`) never ends a line either."""
    text = page[2]
    assert '<span class="nobreak">' in text
    inline = r'<math display="inline"(?:(?!</math>).)*</math>'  # a display stands alone
    loose = re.findall(inline + r"(?:[.,;:!?)»]|\u00a0—|-[а-яё]+)++(?!</span>)", text, re.S)
    assert not loose
    assert not re.search("[\u2006\u2009]", text)
    assert not re.search(r"</math>[;,.:]</span>[а-яА-ЯёЁ]", text)  # `$x$;\\quad для`: a space
    assert re.search("\\d\u202f%", text)


def test_an_accent_is_a_spacing_character(page):
    """MathML Core's form (ˆ, not the combining U+0302), which Chromium always draws."""
    accents = re.findall(r'<mo accent="true">([^<]*)</mo>', page[2])
    assert accents
    assert not [a for a in accents if any(0x300 <= ord(c) <= 0x36F for c in a)]


def test_the_math_font_and_its_licence_travel_with_the_page(page):
    out = page[0]
    assert (out / "fonts" / "DejaVuMathTeXGyre.woff").read_bytes()[:4] == b"wOFF"
    assert "DejaVu" in (out / "fonts" / "LICENSE.txt").read_text()
    assert "fonts/DejaVuMathTeXGyre.woff" in (out / "style.css").read_text()


def test_a_dash_after_a_word_never_starts_a_line(page):
    visible = shown_text(re.sub(r'alt="[^"]*"', "", page[2].split("<body>")[1]))  # on screen
    assert "\u00a0—" in visible
    assert not re.findall(r".{0,30}[ \t\n]—.{0,10}", visible)


def test_every_cell_of_a_long_table_is_labelled_with_its_column(page):
    """On a phone a row of the summary or the rubric is a card, each cell under its label."""
    _, tex, text = page
    tables = re.findall(r'<div class="stacked">\s*(<table.*?</table>)', text, re.S)
    assert len(tables) == tex.count(r"\begin{longtable}") > 0
    for table in tables:
        headers = [shown_text(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
        rows = [re.findall(r"<td([^>]*)>", row) for row in table.split("<tr")[2:]]
        full = [row for row in rows if len(row) == len(headers)]
        assert full
        for cells in full:
            labels = [re.search(r'data-label="([^"]*)"', cell)[1] for cell in cells]
            assert [html.unescape(label) for label in labels] == headers


def test_a_picture_no_page_shows_any_more_is_removed_with_the_new_pages(shared_cache, tmp_path):
    stale = tmp_path / "html" / "pictures" / "0123.svg"
    stale.parent.mkdir(parents=True)
    stale.write_text("<svg/>")
    tex = "\\documentclass{article}\n\\title{Т}\n\\begin{document}\nТекст.\n\\end{document}\n"
    made = editions({tmp_path / "booklet.tex": tex}, tmp_path, Store(shared_cache))
    assert made[stale] is None
    assert made[tmp_path / "html" / "booklet.html"]


def test_a_formula_pandoc_cannot_read_stops_the_build(shared_cache, tmp_path):
    tex = "\\documentclass{article}\n\\begin{document}\n$\\begin{nosuchthing} x$\n\\end{document}\n"
    with pytest.raises(UserError, match="pandoc could not make the web page"):
        edition(tex, "booklet", Store(shared_cache), tmp_path)


@pytest.mark.parametrize(
    ("argv", "refusal"),
    [
        (["--html", "--stress"], "--html goes with one build or --variants"),
        (["--html", "--roster", "class.csv", "--pdf"], "--html goes with one build or --variants"),
        (["--html", "--grade", "marks.csv"], "--html goes with one build or --variants"),
        (["--html", "--list"], "--html builds pages: not with --list or --fields"),
    ],
    ids=["stress", "roster", "grade", "list"],
)
def test_html_goes_with_one_build_or_variants(argv, refusal, capsys):
    import generate

    with pytest.raises(SystemExit) as exit_:
        generate.main(argv)
    assert exit_.value.code == 2
    assert refusal in capsys.readouterr().err


@pytest.mark.slow
def test_html_alone_writes_the_pages_and_a_second_run_is_a_no_op(tmp_path, shared_cache):
    """`--html` builds and proves the LaTeX, as --tex does, and makes no PDF."""
    out = tmp_path / "build"
    run = lambda: subprocess.run(
        [sys.executable, "generate.py", "--html", "--problems", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    first = run()
    assert first.returncode == 0, first.stderr
    for name in ("booklet.html", "problems.html", "style.css", "page.js"):
        assert (out / "html" / name).is_file()
    assert (out / "booklet.tex").is_file()
    assert not (out / "booklet.pdf").exists()
    second = run()
    assert second.returncode == 0
    assert "nothing changed" in second.stderr
