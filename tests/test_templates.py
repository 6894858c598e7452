"""An instructor's mistake in a template fails with one message naming the file and line."""

from __future__ import annotations

import pytest
import sympy as sp

from engine.claims import Ledger
from engine.errors import UserError
from engine.templating import Renderer
from engine.views import view


def render(tmp_path, source: str, **context):
    (tmp_path / "t.tex.j2").write_text(source, encoding="utf-8")
    ledger = Ledger()
    return Renderer(tmp_path, tmp_path, ledger).render("t.tex.j2", **context), ledger


RESULT = {"a": sp.Integer(3), "b": sp.Rational(1, 2), "m": sp.Matrix([[1, 2]])}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("line one\n\\VAR{nope}\n", "t.tex.j2:2: 'nope' is undefined"),
        ("\n\n\\VAR{r.c}\n", "t.tex.j2:3: task: 'the result' has no 'c' (it has: a, b, m)"),
        (
            "\\BLOCK{if r.a}\nno end\n",
            "t.tex.j2:2: Unexpected end of template. Jinja was looking for the following tags: "
            "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
        ),
        (
            "x\n\\VAR{r.a - r.b}\n",
            "t.tex.j2:2: arithmetic ('-') in a template; compute it in the solution module and "
            "show the result",
        ),
        (
            "\\VAR{3}\n",
            "t.tex.j2:1: a number (3) typed into a template; compute it in the solution module "
            "and show the result",
        ),
        ("\\VAR{r.a|round}\n", "t.tex.j2:1: No filter named 'round'."),
        (
            "\\VAR{raw}\n",
            "t.tex.j2:1: a number without a claim id cannot be shown (1/2); take it from the "
            "task's result or given data",
        ),
    ],
)
def test_template_mistakes_name_file_and_line(tmp_path, source, message):
    with pytest.raises(UserError) as err:
        render(tmp_path, source, r=view("task", RESULT, ""), raw=sp.Rational(1, 2))
    assert str(err.value) == message


def test_values_are_recorded_with_their_paths(tmp_path):
    rendered, ledger = render(
        tmp_path, "$\\VAR{r.b}$ and $\\VAR{r.m[0, 1]}$\n", r=view("t.1", RESULT, "")
    )
    assert rendered.text == "$0{,}5$ and $2$\n"
    assert [c.id for c in ledger] == ["t.1.b", "t.1.m[0,1]"]


def test_string_literals_are_raw_latex(tmp_path):
    source = '\\BLOCK{set label = "\\frac{a}{b} \\text{x} \\beta \\\\ \\nabla"}\\VAR{label}\n'
    rendered, _ = render(tmp_path, source)
    assert rendered.text == "\\frac{a}{b} \\text{x} \\beta \\\\ \\nabla\n"


def test_output_lines_remember_their_template_lines(tmp_path):
    source = "a\n\\BLOCK{for x in r.m}\nitem \\VAR{x}\n\\BLOCK{endfor}\nlast\n"
    rendered, _ = render(tmp_path, source, r=view("t", {"m": [sp.Integer(1), sp.Integer(2)]}, ""))
    lines = rendered.text.splitlines()
    assert lines == ["a", "item 1", "item 2", "last"]
    assert rendered.origin(0)[1:] == ("t.tex.j2", 1)
    assert rendered.origin(3)[1:] == ("t.tex.j2", 5)
