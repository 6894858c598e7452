"""Numbers typed in a template's text: structural ones pass by rule, constants need a declared
reason, anything else stops the build at its line (engine/ledger/typed.py)."""

from __future__ import annotations

import pytest

from engine.errors import UserError
from engine.ledger import typed
from engine.ledger.claims import Ledger
from engine.render.templating import Renderer
from tests.conftest import REPO
from tests.trees import copy_tree, run

ENV = Renderer(REPO / "templates", REPO, Ledger()).env


def numbers(source: str):
    found, problems = typed.of_source(ENV, source, "t.tex.j2")
    return [(t.text, t.rule) for t in found], problems


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("$x_1$", "index"),
        ("$a_{k-1}$", "index"),
        ("$W^{(2)}$", "index"),
        ("$z^1_2$", "index"),
        ("$x^{l-1}$", "index"),
        (r"$\sum_{i=1}^{n} x_i$", "index"),
        (r"$k = 3$", "index"),
        (r"a \\[3pt] b", "layout"),
        (r"\needspace{8\baselineskip}", "layout"),
        (r"\renewcommand{\arraystretch}{1.25}", "layout"),
        (r"\textcolor{blue!60!black}{x}", "layout"),
        ("в задаче~4", "label"),
        ("шаг 2 на втором наблюдении", "label"),
        (r"\paragraph{3. Производные}", "label"),
        ("см. с.~79", "label"),
        ("задачу ranepa3.3", None),  # digits of an identifier are not numbers at all
    ],
)
def test_structural_numbers_pass_by_rule(text, rule):
    found, problems = numbers(text)
    assert problems == ()
    assert {r for _, r in found} == ({rule} if rule else set())


def test_every_item_of_a_list_after_a_numbered_noun_is_a_label():
    found, problems = numbers("В пунктах 2, 4 и 6 берём")
    assert problems == ()
    assert found == [("2", "label"), ("4", "label"), ("6", "label")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r"$L \approx 0{,}47$", "0,47"),
        (r"$(y - \hat y)^2$", "2"),  # an exponent is a constant of the formula
        (r"$\frac12 x$", "1"),  # \frac12 is two digits, one per argument
        ("сеть с 2 входами", "2"),
        (r"$\det X > 0$", "0"),
    ],
)
def test_a_number_in_the_prose_is_refused_at_its_line(text, value):
    _, problems = numbers("первая строка\n" + text)
    assert problems, text
    line, message = problems[0]
    assert line == 2
    assert f"the number {value} is typed" in message


def test_a_declared_constant_passes_with_its_reason_and_an_unused_one_is_refused():
    source = "\\#{ constants\n    2: the square in the loss\n    3: never used\n}\n$(y - a)^2$"
    found, problems = numbers(source)
    assert ("2", "constant") in found
    assert problems == ((3, "the constant 3 is declared but never typed here"),)
    declared = typed.of_source(ENV, source, "t.tex.j2")[0][0]
    assert declared.reason == "the square in the loss"


def test_a_declaration_without_a_reason_is_refused_at_its_line():
    with pytest.raises(UserError, match=r"t.tex.j2:3: declare a constant"):
        numbers("\\#{ constants\n    2: the square\n    3\n}\n$x^2$")


def test_the_item_names_of_final_are_labels_and_other_strings_are_text():
    found, problems = numbers(r'\BLOCK{call final("c1", "классификация, 1")}x\BLOCK{endcall}')
    assert found == []
    assert problems == ()
    _, problems = numbers(r'\VAR{bars(["шаг", "$\frac12$"], [], "", "")}')
    assert [m.split()[2] for _, m in problems] == ["1", "2"]


def test_the_shipped_templates_type_only_admitted_numbers_and_claims_json_lists_them():
    for path in sorted((REPO / "templates").rglob("*.j2")):
        name = str(path.relative_to(REPO / "templates"))
        assert typed.checked(ENV, name, str)[1] == (), name


def test_the_build_stops_at_a_number_typed_into_a_template(tmp_path):
    tree = copy_tree(tmp_path)
    template = tree / "templates/ranepa3/task05.tex.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(r"\BLOCK{block solution}"))
    lines.insert(at + 1, "Потери равны $L \\approx 0{,}47$.\n")
    template.write_text("".join(lines), encoding="utf-8")
    done = run(tree, "--tex")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(
        f"error: templates/ranepa3/task05.tex.j2:{at + 2}: the number 0,47 is typed in the text"
    )
    assert "Traceback" not in done.stderr
    assert not (tree / "build/booklet.tex").exists()


@pytest.mark.slow
def test_check_lists_every_number_typed_without_a_source_at_once(tmp_path):
    tree = copy_tree(tmp_path)
    template = tree / "templates/ranepa3/task05.tex.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(r"\BLOCK{block solution}"))
    lines[at + 1 : at + 1] = ["Потери $L \\approx 0{,}47$.\n", "Шагов было $7$ и $8{,}5$.\n"]
    template.write_text("".join(lines), encoding="utf-8")
    done = run(tree, "check", "ranepa3.5")
    assert done.returncode == 1
    said = [line for line in done.stderr.splitlines() if "is typed in the text" in line]
    where = "templates/ranepa3/task05.tex.j2"
    assert [line.split(": the number ")[0] for line in said] == [
        f"{where}:{at + 2}",
        f"{where}:{at + 3}",
        f"{where}:{at + 3}",
    ]
    assert [line.split("the number ")[1].split()[0] for line in said] == ["0,47", "7", "8,5"]
