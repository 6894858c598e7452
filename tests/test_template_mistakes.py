r"""Template mistakes told in an instructor's terms: Jinja's and Python's words (`unexpected
char '\\' at 3288`, `'engine.render.views.RecordView object' has no attribute`) never reach the
message; an unclosed tag is found where it opens; a macro's mistake names the line that
called it; wrong arguments to a figure helper are the template's mistake, not a crash.

Each expected line is found in the edited template by its text, never taken from the code."""

from __future__ import annotations

import pytest

import generate
from tests.template_edits import edit, line_of

TASK04, TASK03, TASK05 = "ranepa3/task04.tex.j2", "ranepa3/task03.tex.j2", "ranepa3/task05.tex.j2"
SOLUTION = r"\BLOCK{block solution}"

# (case, template, old, new, task, text on the line to report, words of the message)
MISTAKES = [
    (
        "an unclosed for, noticed at a later endblock",
        TASK04,
        SOLUTION,
        SOLUTION + r"\BLOCK{for row in r.step.W1}",
        "ranepa3.4",
        r"\BLOCK{for row in",
        r"\BLOCK{for ...} is never closed: \BLOCK{endfor} is missing (Jinja noticed at line",
    ),
    (
        "an unclosed macro, noticed at the end of the file",
        "macros.tex.j2",
        "\\BLOCK{endmacro}\n\n\\BLOCK{macro derivation(",
        r"\BLOCK{macro derivation(",
        "ranepa3.6",
        r"\BLOCK{macro derivation_lines(",
        r"\BLOCK{macro ...} is never closed: \BLOCK{endmacro} is missing",
    ),
    (
        "a misspelt end tag",
        TASK04,
        SOLUTION,
        SOLUTION + r"\BLOCK{if r.step}x\BLOCK{endfi}",
        "ranepa3.4",
        r"\BLOCK{endfi}",
        r"unknown tag \BLOCK{endfi} (did you mean endif?)",
    ),
    (
        "a stray end tag",
        TASK04,
        r"\textbf{Шаг градиентного спуска}",
        r"\BLOCK{endfor}\textbf{Шаг градиентного спуска}",
        "ranepa3.4",
        r"\BLOCK{endfor}\textbf{Шаг",
        r"\BLOCK{endfor} has no \BLOCK{for ...} to end: a stray end tag, or its opening tag",
    ),
    (
        "a tag without its closing brace",
        TASK04,
        r"\VAR{r.step.W1} =",
        r"\VAR{r.step.W1 =",
        "ranepa3.4",
        r"\VAR{r.step.W1 =",
        r"inside a \BLOCK{...} or \VAR{...} tag: is the tag's closing '}' missing?",
    ),
    (
        "a misspelt filter",
        TASK04,
        r"\VAR{r.step.W1} =",
        r"\VAR{r.step.W1|aprox} =",
        "ranepa3.4",
        r"\VAR{r.step.W1|aprox}",
        "no filter named 'aprox' (did you mean approx?)",
    ),
    (
        "braces inside a comment",
        TASK04,
        SOLUTION,
        SOLUTION + "\n\\#{ the sum \\sum_{i} }",
        "ranepa3.4",
        r"\#{ the sum",
        "braces inside it leave the rest of the comment on the page",
    ),
    (
        "a group of values printed as one",
        TASK04,
        r"\VAR{r.step.W1} =",
        r"\VAR{r.step} =",
        "ranepa3.4",
        r"\VAR{r.step} =",
        "ranepa3.4.step (it has: W1, W2, W1_explicit, W2_explicit) is a group of values",
    ),
    (
        "an element past the end of a list",
        TASK03,
        r"$x_1 = \VAR{given.xs[0]}$",
        r"$x_1 = \VAR{given.xs[2]}$",
        "ranepa3.3",
        r"\VAR{given.xs[2]}",
        "ranepa3.3: 'given.xs' has no element 2: it has 2, numbered from 0",
    ),
    (
        "a misspelt argument of a figure helper",
        TASK03,
        'weights=["w^1_1"',
        'weight=["w^1_1"',
        "ranepa3.3",
        "weight=[",
        "network has no argument 'weight' (did you mean weights?); it is network(spec, weights,",
    ),
    (
        "too few weight labels for a network",
        TASK03,
        '"w^2_1", "w^3_1"]',
        '"w^2_1"]',
        "ranepa3.3",
        'weights=["w^1_1", "w^2_1"],',
        "this network has 4 columns of neurons, so it needs 3 weight labels",
    ),
    (
        "data of the wrong kind for a figure helper",
        "ranepa3/task01.tex.j2",
        "graph(r.graph,",
        "graph(r.graph.edges,",
        "ranepa3.1",
        "graph(r.graph.edges,",
        "graph cannot be drawn from these arguments (a list has no attribute 'nodes'); it is",
    ),
    (
        "an entry outside a matrix",
        TASK05,
        r"\VAR{r.layer1.output}$.",
        r"\VAR{given.W1[0, 5]}$.",
        "ranepa3.5",
        r"\VAR{given.W1[0, 5]}",
        "ranepa3.5.given.W1 has no entry 0, 5: it is 2×2",
    ),
    (
        "a loop over one number",
        "hse7/task04.tex.j2",
        r"\BLOCK{for row in r.rows}",
        r"\BLOCK{for row in r.origin.output}",
        "hse7.4",
        r"\BLOCK{for row in r.origin.output}",
        "hse7.4.origin.output is one number: there is nothing to loop over",
    ),
    (
        "a tag without its closing brace, at the end of a line",
        TASK05,
        r"\VAR{r.layer1.output}$.",
        r"\VAR{r.layer1.output$.",
        "ranepa3.5",
        r"\VAR{r.layer1.output$.",
        "is the tag's closing '}' missing?",
    ),
    (
        "a misspelt name in an import",
        "ranepa3/task06.tex.j2",
        "import derivation, derivation_lines",
        "import derivaton, derivation_lines",
        "ranepa3.6",
        "import derivaton",
        "macros.tex.j2 has no 'derivaton' to import (it has: RULES, derivation, derivation_lines,",
    ),
]


@pytest.mark.parametrize(
    ("case", "template", "old", "new", "task", "marked", "words"),
    MISTAKES,
    ids=[m[0] for m in MISTAKES],
)
def test_a_template_mistake_is_told_at_the_line_to_fix(
    templates, tmp_path, capsys, case, template, old, new, task, marked, words
):
    edit(templates, template, old, new)
    args = ["--tex", "--quiet", "--only", task, "--out", str(tmp_path / "out")]
    assert generate.main(args) == 1
    error = capsys.readouterr().err.strip()
    line = line_of(templates, template, marked)
    assert error.startswith(f"error: templates/{template}:{line}: "), error
    assert words in error
    assert "object" not in error
    assert "Traceback" not in error
    assert len(error.splitlines()) == 1


# (case, old call, new call, words of the message in the macro)
TASK09 = "ranepa3/task09.tex.j2"
RIDGE_CALL = r'derivation(r.ridge.differential, "Q", boxed=false)'
MACRO_MISTAKES = [
    (
        "a wrong record passed on",
        RIDGE_CALL,
        r'derivation(r.ridge, "Q", boxed=false)',
        "ranepa3.9: 'ridge' has no 'label' (it has: ",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "words"), MACRO_MISTAKES, ids=[m[0] for m in MACRO_MISTAKES]
)
def test_a_mistake_in_a_macro_call_names_the_macro_line_and_the_call(
    templates, tmp_path, capsys, case, old, new, words
):
    """The macro's line is where Python noticed; the call is where the arguments were
    written, so both are named."""
    edit(templates, TASK09, old, new)
    args = ["--tex", "--quiet", "--only", "ranepa3.9", "--out", str(tmp_path / "out")]
    assert generate.main(args) == 1
    error = capsys.readouterr().err.strip()
    macro_line = line_of(templates, "macros.tex.j2", r"\BLOCK{if item.label and boxed}")
    call = line_of(templates, TASK09, new)
    assert error.startswith(f"error: templates/macros.tex.j2:{macro_line}: {words}"), error
    assert error.endswith(f"(in a macro called from templates/{TASK09}:{call})")
