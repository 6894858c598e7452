r"""Charts (engine/render/figures/charts.py) as a template uses them: every height and point is
a claim drawn in machine form and recorded as drawn, values written over bars are text claims,
a wrong argument stops the build at the template's line with the helper's usage, and the
pgfplots source compiles."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
import sympy as sp

from engine.errors import UserError
from engine.ledger.claims import Ledger
from engine.render.templating import Rendered, Renderer
from engine.render.views import view
from engine.tex.document import Metadata, assemble

TASK = "demo.1"
RESULT = {
    "probs": np.array([0.25, 0.5, 0.25]),
    "target": np.array([0.0, 1.0, 0.0]),
    "halves": (0.25, 0.5, 0.25),  # a tuple field: a list of one-number claims
    "exact": sp.Matrix([[sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(1, 4)]]),
    "grad": np.array([-0.125, 0.5, 0.0]),
    "p0": 0.25,
    "p1": 0.5,
    "p2": 0.25,
    "loss": 0.75,
    "xs": np.array([0.5, 1.5]),
    "ys": np.array([-1.0, 2.0]),
    "layers": np.arange(1, 7),  # hse7.3's layer numbers
    "norms": np.array([5.36e-5, 2.1e-4, 8.7e-4, 3.5e-3, 1.4e-2, 5.8e-2]),
    "steps": np.arange(0, 41),
}
BARS = "bars(categories, series, xlabel='', ylabel='', values=False, legend='above')"
POINTS = "points(series, xlabel, ylabel='', legend='north west')"


def rendered(tmp_path, *calls: str) -> tuple[Rendered, Ledger]:
    """A template of one `\\VAR{call}` a line, rendered with RESULT as `r`."""
    lines = "\n".join(f"\\VAR{{{call}}}\n" for call in calls)  # a paragraph each
    (tmp_path / "t.tex.j2").write_text(lines, encoding="utf-8")
    ledger = Ledger()
    return Renderer(tmp_path, tmp_path, ledger).render("t.tex.j2", r=view(TASK, RESULT, "")), ledger


def render(tmp_path, call: str) -> tuple[str, Ledger]:
    part, ledger = rendered(tmp_path, call)
    return part.text, ledger


# (case, heights in the template, claim ids of the heights, machine form of the heights)
HEIGHTS = [
    ("a numpy claim", "r.probs", ["probs[0]", "probs[1]", "probs[2]"], ["0.25", "0.5", "0.25"]),
    ("a tuple field", "r.halves", ["halves.0", "halves.1", "halves.2"], ["0.25", "0.5", "0.25"]),
    ("a list of claims", "[r.p0, r.p1, r.p2]", ["p0", "p1", "p2"], ["0.25", "0.5", "0.25"]),
    ("an exact row", "r.exact", ["exact[0]", "exact[1]", "exact[2]"], ["0.25", "0.5", "0.25"]),
    ("signed values", "r.grad", ["grad[0]", "grad[1]", "grad[2]"], ["-0.125", "0.5", "0"]),
]


@pytest.mark.parametrize(
    ("case", "heights", "ids", "machine"), HEIGHTS, ids=[c[0] for c in HEIGHTS]
)
def test_every_height_is_a_drawn_claim(tmp_path, case, heights, ids, machine):
    call = f'bars(["кошка", "собака", "$c_3$"], [("$\\hat p$", {heights})], ylabel="$p$")'
    tex, ledger = render(tmp_path, call)
    coordinates = " ".join(f"({i},{y})" for i, y in enumerate(machine, 1))
    assert f"coordinates {{{coordinates}}};" in tex
    assert r"xticklabels={{кошка},{собака},{$c_3$}}" in tex
    assert r"\addlegendentry{$\hat p$}" in tex
    assert [claim.id for claim in ledger] == [f"{TASK}.{i}" for i in ids]
    assert all(claim.drawn for claim in ledger)
    assert ("enlarge y limits=0.15," in tex) == (case == "signed values")  # room below zero


def test_values_over_bars_are_text_claims(tmp_path):
    tex, ledger = render(
        tmp_path, 'bars(["a", "b", "c"], [("", r.probs), ("$y$", r.target)], values=true)'
    )
    assert tex.count(r"\addlegendentry") == 1  # "" adds no entry
    assert r"\addlegendentry{$y$}" in tex
    assert r"\node[font=\scriptsize, anchor=south, rotate=0] at (axis cs:1.8,0.5) {$0{,}5$};" in tex
    assert r"at (axis cs:2.2,1) {$1$};" in tex
    assert not any(claim.drawn for claim in ledger)  # each is also on the page as text
    assert ledger[f"{TASK}.probs[0]"].latex == "0{,}25"


def test_points_draw_each_coordinate(tmp_path):
    tex, ledger = render(tmp_path, 'points([("класс 1", r.xs, r.ys)], "$x_1$", "$x_2$")')
    assert r"coordinates {(0.5,-1) (1.5,2)};" in tex
    assert r"\addlegendentry{класс 1}" in tex
    ids = {f"{TASK}.{name}[{k}]" for name in ("xs", "ys") for k in (0, 1)}
    assert {claim.id for claim in ledger} == ids
    assert all(claim.drawn for claim in ledger)


@pytest.mark.parametrize(
    ("x", "ticks"),
    [
        ("r.layers", "xtick={1,2,...,6}"),  # not pgfplots' own 1; 1,5; 2; ...
        ("r.steps", "xtick={0,4,...,40}"),  # at most ten, still whole
        ("r.xs", None),  # fractional x: pgfplots' own ticks
    ],
)
def test_whole_number_x_gets_whole_number_ticks(tmp_path, x, ticks):
    y = "r.norms" if x == "r.layers" else "r.ys" if x == "r.xs" else "r.steps"
    tex, _ = render(tmp_path, f'curves({x}, [("a", {y})], "$k$", marks=true)')
    if ticks is None:
        assert "xtick=" not in tex
    else:
        assert re.search(re.escape(ticks) + r"[,\]]", tex)


# (case, call, message after "t.tex.j2:1: ")
MISTAKES = [
    (
        "numbers typed in the template",
        'bars(["a", "b"], [("p", [0.5, 0.5])])',
        f"bars: heights of series 0: 0.5 is typed, not taken from the task's data; it is {BARS}",
    ),
    (
        "one number for a list",
        'bars(["a"], [("p", r.loss)])',
        f"bars: heights of series 0 must be a list of numbers, not {TASK}.loss; it is {BARS}",
    ),
    (
        "heights and categories disagree",
        'bars(["a", "b"], [("p", r.probs)])',
        f"bars: series 0 has 3 heights for 2 categories; it is {BARS}",
    ),
    (
        "a claim for a category",
        'bars([r.p0, r.p1], [("p", [r.p0, r.p1])])',
        f"bars: categories must be LaTeX text, a string each, not [{TASK}.p0, {TASK}.p1]; "
        f"it is {BARS}",
    ),
    (
        "heights without a legend",
        'bars(["a", "b", "c"], [r.probs])',
        f"bars: series must be a list of (legend, heights) pairs, not [{TASK}.probs]; it is {BARS}",
    ),
    (
        "a misspelt argument",
        'bars(["a", "b", "c"], [("p", r.probs)], value=true)',
        f"bars has no argument 'value' (did you mean values?); it is {BARS}",
    ),
    (
        "several numbers for one",
        'points([("p", [r.exact, r.loss], r.xs)], "x")',
        f"points: xs of series 0: {TASK}.exact holds several numbers, not one; it is {POINTS}",
    ),
    (
        "xs and ys disagree",
        'points([("p", r.xs, r.probs)], "x")',
        f"points: series 0 has 2 xs and 3 ys; it is {POINTS}",
    ),
]


@pytest.mark.parametrize(("case", "call", "message"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_wrong_argument_is_the_templates_mistake(tmp_path, case, call, message):
    with pytest.raises(UserError) as error:
        render(tmp_path, call)
    assert str(error.value) == f"t.tex.j2:1: {message}"


def compiled_text(tmp_path, *calls: str) -> str:
    """The pdftotext text of a small document drawing the figure helper `calls`."""
    if shutil.which("latexmk") is None:
        pytest.fail("latexmk is missing: run `make test`, which installs TeX Live")
    from engine.tex.latex import compile_pdf

    template = tmp_path / "templates"
    template.mkdir()
    part, _ = rendered(template, *calls)
    tex, source_map = assemble("Рисунки", [part], Metadata("Рисунки", "x"), contents=False)
    pdf = tmp_path / "charts.pdf"
    pdf.write_bytes(compile_pdf(tex, tmp_path / "work", source_map, name="charts"))
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@pytest.mark.pdf
def test_a_chart_compiles_and_its_values_are_text(tmp_path):
    text = compiled_text(
        tmp_path,
        'bars(["кошка", "собака", "птица"], [("$\\hat p$", r.probs), ("$y$", r.target)],'
        ' "класс", "вероятность", values=true)',
        'points([("", r.xs, r.ys)], "$x$")',
    )
    for word in ("кошка", "птица", "вероятность", "класс"):
        assert word in text
    assert text.count("0,25") == 2  # the values over the bars (the ticks are 0, 0,5, 1)


@pytest.mark.slow
@pytest.mark.pdf
def test_a_layer_axis_prints_whole_numbers_only(tmp_path):
    """hse7.3's plot of gradient norms by layer: its layer axis reads 1 2 3 4 5 6."""
    text = compiled_text(
        tmp_path, 'curves(r.layers, [("a", r.norms)], "номер слоя", log=true, marks=true)'
    )
    assert "номер слоя" in text
    assert "," not in text  # no tick 1,5 (the log axis reads 10 with exponents)
    for k in range(1, 7):
        assert f"{k}" in text


def test_a_chart_is_described_from_its_data_for_the_web_page(tmp_path):
    """The alternative text of the web edition: one `% alt:` line before the picture's end,
    built from the categories, legends and heights (with a decimal comma), no marker left."""
    tex, _ = render(tmp_path, 'bars(["кошка", "собака"], [("$\\hat p$", [r.p0, r.p1])])')
    (alt,) = re.findall(r"^% alt: (.*)$\n\\end\{tikzpicture\}", tex, re.M)
    assert "кошка, собака" in alt
    assert "$\\hat p$: 0,25, 0,5" in alt
    assert not re.search(r"[\x00-\x1f]", alt)
    tex, _ = render(tmp_path, 'points([("класс 1", r.xs, r.ys)], "$x_1$", "$x_2$")')
    (alt,) = re.findall(r"^% alt: (.*)$", tex, re.M)
    assert "по горизонтали $x_1$, по вертикали $x_2$" in alt
    assert "класс 1" in alt
