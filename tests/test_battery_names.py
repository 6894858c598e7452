r"""Regression battery for students' names from a roster (issue 22, item 7): one case per line.

A name is cleaned (NFC, invisible and bidi controls gone, one space between words), capped in
length and refused at the roster's line when the sheet's fonts cannot set a character of it;
what is accepted is typeset by engine/classroom/names.py and proven by one real TeX run: it compiles
with no missing glyph, the names come back out of the PDF's text, and every font is vector.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pylatex.utils import escape_latex

from engine.classroom.names import MAX_LENGTH, name_latex, student_name
from engine.errors import UserError
from engine.tex.document import Metadata, assemble
from engine.tex.latex import compile_pdf

ROSTER = "class/roster.csv"

# (cell as read from the roster, the name the roster keeps)
ACCEPTED = [
    ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
    ("Nguye\u0302\u0303n Thi\u0323", "Nguyễn Thị"),  # decomposed (macOS files): NFC
    ("Trương Thủy Ước Ở Ợ Ẩm", "Trương Thủy Ước Ở Ợ Ẩm"),  # horn and hook above, drawn
    ("Łukasz Żółć", "Łukasz Żółć"),
    ("Ørsted Ærø", "Ørsted Ærø"),
    ("Zoë Brontë", "Zoë Brontë"),
    ("Şahin Çelik", "Şahin Çelik"),
    ("Ștefan Țară", "Ștefan Țară"),  # comma below, drawn
    ("Ķēniņš Ģirts", "Ķēniņš Ģirts"),
    ("Dvořák Ďurčo", "Dvořák Ďurčo"),
    ("Straße Œuvre", "Straße Œuvre"),
    ("Иванов-Петров", "Иванов-Петров"),
    ("Ґалина Їжакевич", "Ґалина Їжакевич"),
    ("Ива\u0301нов", "Ива\u0301нов"),  # a stress mark: no precomposed letter, kept
    ("O'Brien", "O'Brien"),
    ("O\u2019Brien", "O\u2019Brien"),
    ("Anne-Marie", "Anne-Marie"),
    ("  Anne \t Marie\n", "Anne Marie"),  # tabs, newlines, runs of spaces
    ("Anne\u00a0Marie\u2003Smith", "Anne Marie Smith"),  # no-break and em spaces
    ("Anne\u2028Marie", "Anne Marie"),  # line separator
    ("Ma\u200bria", "Maria"),  # zero-width space
    ("Ma\u200c\u200dria\u2060", "Maria"),  # zero-width non-joiner, joiner, word joiner
    ("\u200fMaria\u200e", "Maria"),  # RLM, LRM
    ("\u202eairaM\u202c", "airaM"),  # RLO ... PDF: the letters as stored, shown as stored
    ("\u2067Maria\u2069 \u202aSmith\u202c", "Maria Smith"),  # isolates and embeddings
    ("\ufeffMaria", "Maria"),  # a BOM in the cell
    ("Ma\u00adria", "Maria"),  # soft hyphen
    ("Ma\x00ri\x07a\x1b", "Maria"),  # control characters
    ("Maria\u034f\ufe0f", "Maria"),  # combining grapheme joiner, variation selector
    ("Ma\U000e0041ria", "Maria"),  # a tag character (Cf)
    ("\\input{/etc/passwd}", "\\input{/etc/passwd}"),  # text, never read as LaTeX
    ("$x^2$ 100% #1 & ~ {} _", "$x^2$ 100% #1 & ~ {} _"),
    ("x" * MAX_LENGTH, "x" * MAX_LENGTH),
]

# (cell, a fragment of the message)
REFUSED = [
    ("Ann q\u0327\u0328", "COMBINING CEDILLA + COMBINING OGONEK"),
    ("محمد", "U+0645 ARABIC LETTER MEEM"),
    ("محمد علي", "write the name in Latin or Cyrillic letters"),
    ("Ali \u202eمحمد", "ARABIC LETTER"),
    ("שלום", "HEBREW LETTER"),
    ("王小明", "CJK UNIFIED IDEOGRAPH-738B"),
    ("김민수", "HANGUL SYLLABLE"),
    ("Αλέξανδρος", "GREEK CAPITAL LETTER ALPHA"),
    ("Maria 😀", "U+1F600 GRINNING FACE"),
    ("Maria 👍🏽", "U+1F44D"),
    ("Maria ❤", "HEAVY BLACK HEART"),
    ("Ｍａｒｉａ", "FULLWIDTH LATIN CAPITAL LETTER M"),
    ("Ħamrun", "LATIN CAPITAL LETTER H WITH STROKE"),
    ("Maria™", "TRADE MARK SIGN"),
    ("a\u0489", "COMBINING CYRILLIC MILLIONS SIGN"),
    ("\u0301Maria", "COMBINING ACUTE ACCENT"),
    ("Ma\ue000ria", "U+E000"),  # private use
    ("", "empty"),
    ("   ", "empty"),
    ("\t\n\r", "empty"),
    ("\u200b\u200e\u202e", "empty"),
    ("x" * (MAX_LENGTH + 1), f"{MAX_LENGTH + 1} characters long, at most {MAX_LENGTH}"),
    ("x" * 2000, "2000 characters long"),
    ("Ab " * 700, "characters long"),
    ("Ḕ", "cannot set"),  # an accent on an accent the font has no glyph for
    ("a\u0302\u0303\u0301", "cannot set"),  # three accents stacked
]


@pytest.mark.parametrize(("cell", "name"), ACCEPTED)
def test_accepted_names_are_cleaned(cell, name):
    assert student_name(cell, ROSTER, 3) == name


@pytest.mark.parametrize(("cell", "fragment"), REFUSED)
def test_refused_names_are_stopped_at_the_roster_line(cell, fragment):
    with pytest.raises(UserError) as caught:
        student_name(cell, ROSTER, 7)
    message = str(caught.value)
    assert message.startswith(f"{ROSTER}:7: ")
    assert fragment in message
    assert len(message) < 400  # a 2,000-character cell is not printed back whole


@pytest.mark.parametrize(("cell", "name"), ACCEPTED)
def test_a_cleaned_name_is_clean_already(cell, name):
    assert student_name(name, ROSTER, 1) == name


@pytest.mark.parametrize(
    "name", ["\\input{/etc/passwd}", "$x^2$", "100%", "#1", "A & B", "~", "{}", "a_b", "^"]
)
def test_latex_specials_are_text(name):
    latex = name_latex(name)
    typeset = latex[len(r"\texorpdfstring{") : latex.index("}{" + escape_latex(name) + "}")]
    assert typeset == escape_latex(name)  # ASCII is escaped exactly as before


def test_a_name_the_fonts_cannot_set_is_no_latex():
    with pytest.raises(UserError, match="cannot set"):
        name_latex("Maria 😀")


SHEET_NAMES = [name for _, name in ACCEPTED[:17]]


def skeleton(text: str) -> str:
    """Letters as a reader finds them: PDF text extraction gives an accent TeX built as a
    letter and a spacing accent, and drawn marks not at all; so compare base letters."""
    text = "".join(c for c in text if unicodedata.category(c) != "Sk")
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs TeX Live")
def test_names_are_typeset_on_the_cover(tmp_path: Path):
    # \tracinglostchars=3: a glyph missing from a font stops TeX instead of a silent gap
    title = r"\tracinglostchars=3 Задачи\\[4pt] \large " + r" \\ ".join(
        name_latex(name) for name in SHEET_NAMES
    )
    metadata = Metadata("Задачи. " + escape_latex(SHEET_NAMES[0]), "Иванов")
    tex, source_map = assemble(title, [], metadata, contents=False)
    pdf = tmp_path / "names.pdf"
    pdf.write_bytes(compile_pdf(tex, tmp_path / "work", source_map, name="names"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = skeleton(text)
    assert [n for n in SHEET_NAMES if skeleton(n) not in found] == []
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "Type 3" not in fonts.stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert f"Задачи. {SHEET_NAMES[0]}" in info.stdout  # the PDF's title keeps the accents
