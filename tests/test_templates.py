"""An instructor's mistake in a template fails with one message naming the file and line."""

from __future__ import annotations

import pytest
import sympy as sp

from engine.errors import UserError
from engine.ledger.claims import Ledger
from engine.render.templating import Renderer
from engine.render.views import view


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
            "t.tex.j2:1: \\BLOCK{if ...} is never closed: \\BLOCK{endif} is missing "
            "(Jinja noticed at line 2)",
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
        (
            "\\VAR{r.a|round}\n",
            "t.tex.j2:1: the filter 'round' is not available: numbers are computed and rounded "
            "in the solution module and formatted by the ledger; see templates/README.md",
        ),
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


def test_text_a_macro_prints_from_a_string_argument_is_found_at_the_call(tmp_path):
    (tmp_path / "m.tex.j2").write_text(
        "\\BLOCK{macro label(name)}\n[\\VAR{name}]\n\\BLOCK{endmacro}\n", encoding="utf-8"
    )
    source = '\\BLOCK{from "m.tex.j2" import label}\nx\n\\VAR{label("\\dleta")}\n'
    rendered, _ = render(tmp_path, source)
    line = rendered.text.splitlines().index("[\\dleta]")
    assert rendered.origin(line, 0)[1:] == ("m.tex.j2", 2)  # the bracket is the macro's
    assert rendered.origin(line, 1)[1:] == ("t.tex.j2", 3)  # the name is the caller's


def test_marking_string_arguments_leaves_the_booklet_text_unchanged(monkeypatch):
    """The markers ride inside strings through macros and figure helpers; none may change
    what is printed (a helper measuring a string's length would)."""
    from engine import registry
    from engine.builds import pipeline
    from engine.render import origins
    from tests.conftest import full_booklet

    marked = full_booklet().tex  # cached for other tests: computed before the patch
    monkeypatch.setattr(origins, "_opens_call", lambda kind, before: False)
    assert pipeline.render(registry.select(None)).tex == marked


FACTS = {"went_down": True, "exploded": False, "loss": sp.Rational(1, 4)}


def facts_view(ledger):
    return view("t.1", FACTS, "", ledger.record_fact)


def render_facts(tmp_path, source: str):
    (tmp_path / "t.tex.j2").write_text(source, encoding="utf-8")
    ledger = Ledger()
    renderer = Renderer(tmp_path, tmp_path, ledger)
    return renderer.render("t.tex.j2", r=facts_view(ledger)), ledger


def test_a_branch_on_a_fact_records_the_fact_and_its_value(tmp_path):
    source = (
        "\\BLOCK{if r.went_down}down\\BLOCK{else}up\\BLOCK{endif}, "
        "\\BLOCK{if not r.exploded}calm\\BLOCK{endif}"
        "\\BLOCK{if r.exploded is true} boom\\BLOCK{endif}\n"
    )
    rendered, ledger = render_facts(tmp_path, source)
    assert rendered.text == "down, calm"  # trim_blocks eats the newline after a tag
    facts = {c.id: c.value for c in ledger if c.kind == "fact"}
    assert facts == {"t.1.went_down": True, "t.1.exploded": False}


def test_a_fact_not_asked_is_not_recorded(tmp_path):
    _, ledger = render_facts(tmp_path, "\\BLOCK{if r.exploded and r.went_down}x\\BLOCK{endif}\n")
    assert [c.id for c in ledger] == ["t.1.exploded"]  # `and` stopped at the first


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("\\VAR{r.went_down}\n", "t.tex.j2:1: t.1.went_down is a fact (true or false)"),
        (
            "\\BLOCK{if r.loss}x\\BLOCK{endif}\n",
            "t.tex.j2:1: t.1.loss is a number, not a condition",
        ),
        ("\\BLOCK{if r.went_down == true}x\\BLOCK{endif}\n", "do not compare it"),
    ],
    ids=["printing a fact", "branching on a number", "comparing a fact"],
)
def test_facts_and_numbers_are_not_mixed_up(tmp_path, source, message):
    with pytest.raises(UserError) as err:
        render_facts(tmp_path, source)
    assert message in str(err.value)
