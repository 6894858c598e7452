"""checks/page_numbers.py: the numbers a LaTeX fragment prints, the structural rules on small
made-up pages, and every number of the real booklet and problem sheet accounted for."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from checks import page_accounts
from checks import page_numbers as pn
from checks.page_accounts import numbers_in_latex
from checks.page_numbers import Page, Word
from engine import registry
from tests.conftest import chosen_tasks, full_problems


@pytest.mark.parametrize(
    ("latex", "tokens"),
    [
        (r"0{,}4655", {"0,4655": 1}),
        (r"-0{,}5", {"0,5": 1}),
        (r"\approx -0{,}04071", {"0,04071": 1}),
        (r"\frac{1}{3}", {"1": 1, "3": 1}),
        (r"-\dfrac{2}{7}", {"2": 1, "7": 1}),
        (r"\frac12", {"1": 1, "2": 1}),
        (r"1{,}307 \cdot 10^{-7}", {"1,307": 1, "10": 1, "7": 1}),
        (r"\begin{pmatrix} 1 & -1 \\ 0{,}5 & 0 \end{pmatrix}", {"1": 2, "0,5": 1, "0": 1}),
        (r"\approx \begin{pmatrix} 0 & -0{,}02035 \end{pmatrix}", {"0": 1, "0,02035": 1}),
        (r"\ln 2 \approx 0{,}6931", {"2": 1, "0,6931": 1}),
        (
            r"\frac{e^{\frac{5}{8}}}{16 \left(1 + e^{\frac{5}{8}}\right)} \approx 0{,}04071",
            {"5": 2, "8": 2, "16": 1, "1": 1, "0,04071": 1},
        ),
        (r"\left(1 + e\right)^{2}", {"1": 1, "2": 1}),  # the square of a bracket is a number
        # digits opening a script of a letter are part of its name, as on the page
        (r"w^{1}_{11} x_{1} + w^{2}_{21} x_{2}", {}),
        (r"\delta^{3} W_{3}^{T} \circ f'(z^{2})", {}),
        (r"x^{l-1}_{j}", {"1": 1}),  # the minus stands between the letter and the 1
        (r"X^{-1}", {"1": 1}),
        (r"\sum_{j=1}^{d_{in}} w^{l}_{ij}", {"1": 1}),
        (r"\lVert w \rVert_1", {"1": 1}),  # the norm's bar is no letter
        (r"2 X^{T} \left(X w - y\right)", {"2": 1}),
    ],
)
def test_numbers_in_latex(latex, tokens):
    assert numbers_in_latex(latex) == Counter(tokens)


def test_accounted_numbers_are_claims_and_typed_numbers_that_print(tmp_path):
    ledger = {
        "claims": [
            {"latex": r"\frac{3}{4}", "kind": "number"},
            {"latex": "", "kind": "fact"},
            {"latex": r"x_{1} + 0{,}25", "kind": "formula"},
        ],
        "typed": [
            {"template": "t.tex.j2", "line": 3, "text": "79", "rule": "label", "reason": ""},
            {"template": "t.tex.j2", "line": 4, "text": "0,5", "rule": "constant", "reason": ""},
            {"template": "t.tex.j2", "line": 5, "text": "8", "rule": "layout", "reason": ""},
        ],
    }
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(ledger), encoding="utf-8")
    assert set().union(*page_accounts.accounts(path).values()) == {"3", "4", "0,25", "79", "0,5"}


# --- small pages: a word is `size` high and each character half as wide --------------------------


def word(text: str, x: float, y: float, size: float = 10) -> Word:
    return Word(text, x, y, x + 0.5 * size * len(text), y + size)


def line(y: float, *texts: str, x: float = 60, size: float = 10) -> list[Word]:
    """Words one space (3 pt) apart, left to right."""
    words = []
    for text in texts:
        words.append(word(text, x, y, size))
        x = words[-1].x1 + 3
    return words


def rules(*words: Word, height: float = 842) -> list[tuple[str, str]]:
    """(token, the rule that explains it or "") for every number token of the page."""
    return [(f.token, f.rule) for f in pn.numbers_on(Page(1, height, list(words)))]


def test_page_number_in_the_footer():
    assert rules(word("7", 290, 800)) == [("7", "folio")]
    assert rules(word("7", 290, 400)) == [("7", "")]  # alone, but mid-page


def test_contents_lines():
    toc = [
        *line(100, "Содержание"),
        *line(120, "Обозначения", x=60),
        word("2", 520, 120),
        *line(140, "Задача", "1.", "Граф", ".", ".", ".", "."),
        word("10", 515, 140),
    ]
    assert rules(*toc) == [
        ("2", "contents_entry"),
        ("1", "label_after_name"),
        ("10", "contents_entry"),
    ]
    leaders = [*line(140, "Задача", "12.", "Матрица", ".", ".", "."), word("32", 515, 140)]
    assert rules(*leaders) == [("12", "label_after_name"), ("32", "contents_entry")]
    assert rules(*line(140, "шаг", "равен", "32")) == [("32", "")]  # no leaders, no contents


def test_labels_after_the_name_of_a_numbered_thing():
    assert rules(*line(100, "Задача", "3.", "Затухающие")) == [("3", "label_after_name")]
    assert rules(*line(100, "(пункты", "2,", "4")) == [("2", "label_after_name"), ("4", "")]
    assert rules(*line(100, "Домашнее", "задание", "№7")) == [("7", "label_after_name")]
    assert rules(*line(100, "Вариант", "7")) == [("7", "label_after_name")]
    assert rules(*line(100, "книга,", "с.", "79.)")) == [("79", "label_after_name")]
    assert rules(*line(100, "MSE", "(п.", "7)")) == [("7", "label_after_name")]
    assert rules(*line(100, "потери", "равны", "7")) == [("7", "")]


def test_dotted_numbers_and_item_labels():
    assert rules(*line(100, "6.1.", "f", "=")) == [("6.1", "dotted_number")]
    assert rules(*line(100, "1.", "Найдите", "dQ")) == [("1", "item_label")]
    assert rules(*line(100, "2)", "Ошибка", "выхода")) == [("2", "item_label")]
    assert rules(*line(100, "(3)", "Шаг")) == [("3", "item_label")]
    assert rules(*line(100, "шаг", "2)", "и")) == [("2", "")]  # not at the start of a line
    assert rules(*line(100, "0,5", "—", "порог")) == [("0,5", "")]  # a value, not a label


def test_label_columns_of_a_table():
    header = [word("Задача", 70, 100), word("Пункт", 115, 100), word("Ответ", 210, 100)]
    header.append(word("Стр.", 500, 100))
    row = [word("5", 70, 115), word("классификация,", 115, 115), word("1", 190, 115)]
    row += [word("0,7311", 210, 115), word("21", 510, 115)]
    points = [word("3", 70, 130), word("(всего", 80, 130), word("14)", 112, 130)]
    expected = [
        ("5", "label_column"),
        ("1", "label_column"),
        ("0,7311", ""),
        ("21", "label_column"),
    ]
    assert rules(*header, *row) == expected
    assert rules(*header, *points) == [("3", "label_column"), ("14", "")]  # first in its cell
    prose = line(145, "Задача", "3:", "другие", "прочтения,", "порог", "0,5", x=62)
    after = [word("2", 72, 160), word("0,5", 120, 160)]  # a line of the table, or after it?
    assert rules(*header, *prose, *after)[-2:] == [("2", ""), ("0,5", "")]  # prose ended it
    lowercase = line(100, "не", "задача", "регрессии,", "а", "задача")  # prose, not a header
    assert rules(*lowercase, word("5", 60, 115)) == [("5", "")]


def test_axis_tick_labels():
    ticks = [word(t, x, 700) for t, x in [("−1", 95), ("0", 130), ("1", 160), ("2", 190)]]
    assert rules(*ticks) == [("1", "scale"), ("0", "scale"), ("1", "scale"), ("2", "scale")]
    uneven = [word(t, x, 700) for t, x in [("1", 100), ("2", 130), ("4", 160)]]
    assert [rule for _, rule in rules(*uneven)] == ["", "", ""]
    # a log axis: 10^{-1}, 10^{-3}, 10^{-5} right-aligned in a column, the exponents raised
    column = []
    for k, y in (("−1", 500), ("−3", 540), ("−5", 580)):
        column += [word("10", 100, y), Word(k, 110, y - 3, 118, y + 4)]
    assert rules(*column) == [(t, "scale") for t in ["10", "1", "10", "3", "10", "5"]]
    # 1,307 · 10^{-7}: a factor of a number, not a tick label
    product = []
    for m, y in (("1,307", 500), ("1,480", 540), ("7,479", 580)):
        product += [*line(y, m, "·", "10", x=70), Word(str(y)[0], 109, y - 3, 113, y + 4)]
    assert all(rule == "" for _, rule in rules(*product))


def test_scripts_of_names_are_no_numbers():
    x, w = word("x", 100, 100), word("w", 200, 100)
    subscript = Word("1", x.x1, 104, x.x1 + 4, 111)  # smaller, touching x
    stacked = Word("21", w.x1, 97, w.x1 + 4, 112)  # w^2_1: one digit wide, two high
    assert rules(x, subscript, w, stacked) == []
    assert rules(word("x1", 100, 100), word("hse7.4", 200, 100)) == []  # glued in one word
    # a number after a space, at full size, is a number; so is a small fraction 1 over 4
    after_letter = [x, word("2", x.x1 + 3, 100)]
    fraction = [word("≤", 100, 200), Word("14", 110, 196, 114, 211)]
    assert rules(*after_letter, *fraction) == [("2", ""), ("1", ""), ("4", "")]
    cyrillic = [word("слой", 100, 300, size=13), Word("2", 121, 302, 125, 309)]
    assert rules(*cyrillic) == [("2", "")]  # a Cyrillic word takes no digit script


# --- the real booklet ----------------------------------------------------------------------------


@pytest.mark.pdf
@pytest.mark.parametrize("name", ["booklet", "problems"])
def test_every_number_on_the_pages_is_accounted_for(pdf_build, name, capsys, tmp_path):
    """The booklet against its claims.json; the problem sheet against its own ledger (which
    the build keeps in memory only), so a solution's value on the sheet would be reported."""
    out, _ = pdf_build
    ledger = out / "claims.json"
    if name == "problems":
        if len(chosen_tasks()) != len(registry.select(None)):
            pytest.skip("the problem sheet's ledger covers only the tasks chosen (--task)")
        sheet = full_problems()
        ledger = tmp_path / "problems-claims.json"
        ledger.write_text(sheet.ledger.to_json(), encoding="utf-8")
    code = page_accounts.main([str(out / f"{name}.pdf"), str(ledger)])
    printed = capsys.readouterr().out.splitlines()
    assert printed == []
    assert code == 0


def test_the_aux_tells_which_tasks_a_page_shows(tmp_path):
    aux = tmp_path / "b.aux"
    aux.write_text(
        "\\newlabel{task:a.1}{{}{3}{}{}{}}\n\\newlabel{answer:a.1:0}{{}{4}}\n"
        "\\newlabel{task:a.2}{{}{5}{}{}{}}\n\\newlabel{closing}{{}{7}{}{}{}}\n",
        encoding="utf-8",
    )
    on = page_accounts.task_pages(aux)
    assert [on(page) for page in range(1, 9)] == [
        None,
        None,
        {"a.1"},
        {"a.1"},
        {"a.1", "a.2"},
        {"a.2"},
        None,
        None,
    ]


@pytest.mark.slow
@pytest.mark.pdf
def test_a_number_of_another_task_on_a_tasks_pages_is_reported(pdf_build, tmp_path):
    """Page by page: ranepa3.5's distinctive numbers, credited to hse7.1 instead, are no longer
    accounted for where ranepa3.5 prints them (they would be by the whole document)."""
    out, _ = pdf_build
    ledger = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    mine = [c for c in ledger["claims"] if c["task"] == "ranepa3.5" and "{,}" in c["latex"]]
    assert mine
    for claim in mine:
        claim["task"] = "hse7.1"
    moved = tmp_path / "claims.json"
    moved.write_text(json.dumps(ledger), encoding="utf-8")
    found = page_accounts.unaccounted(out / "booklet.pdf", moved)
    assert found
    assert {f.token for f in found} <= set().union(*(numbers_in_latex(c["latex"]) for c in mine))
