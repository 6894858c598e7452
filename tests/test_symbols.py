"""A value printed with its meaning: the symbol a solution module declares (SYMBOLS) is what
boxed answers, the key and the quiz print beside the value (engine/ledger/symbols.py)."""

from __future__ import annotations

import importlib

import pytest
import sympy as sp

from engine import registry
from engine.builds.answer_key import key_tex
from engine.classroom import key
from engine.errors import UserError
from engine.ledger.claims import Ledger
from engine.ledger.symbols import Symbols
from engine.render.templating import Renderer
from engine.render.views import view

TABLE = {
    "loss": "L",
    "layer.output[i]": "h_{@i}",
    "W[i,j]": "w_{@i@j}",
    "steps.*.w[i]": r"w^{@i}_{\text{шаг } @n}",
}


@pytest.mark.parametrize(
    ("path", "symbol"),
    [
        ("loss", "L"),
        ("loss2", ""),
        ("layer.output", ""),  # only its entries have a declared symbol
        ("layer.output[2]", "h_{3}"),
        ("W[1,0]", "w_{21}"),
        ("steps.1.w[0]", r"w^{1}_{\text{шаг } 2}"),
    ],
)
def test_a_path_finds_its_symbol_with_positions_counted_from_one(path, symbol):
    assert Symbols(TABLE)(path) == symbol


def render(tmp_path, source: str):
    (tmp_path / "t.tex.j2").write_text(source, encoding="utf-8")
    ledger = Ledger()
    result = {
        "loss": sp.Rational(1, 2),
        "p": sp.sqrt(2) / 4,
        "layer": {"output": sp.Matrix([[1, 2]])},
    }
    r = view("t.1", result, "", symbols=Symbols({**TABLE, "p": "p"}))
    return Renderer(tmp_path, tmp_path, ledger).render("t.tex.j2", r=r).text, ledger


def test_named_prints_the_symbol_the_module_declared_with_the_right_relation(tmp_path):
    text, ledger = render(tmp_path, r"$\VAR{r.loss|named}$, $\VAR{r.p|approx|named}$" + "\n")
    assert text.startswith(r"$L = 0{,}5$, $p \approx 0{,}3536$")
    assert ledger["t.1.loss"].symbol == "L"
    text, _ = render(tmp_path, r"$\VAR{r.layer.output[1]|named}$" + "\n")
    assert text.startswith("$h_{2} = 2$")


def test_named_without_a_declared_symbol_stops_at_its_line(tmp_path):
    with pytest.raises(UserError, match=r"t.tex.j2:2: t.1.layer.output has no symbol to print"):
        render(tmp_path, "x\n$\\VAR{r.layer.output|named}$\n")


@pytest.fixture(scope="module")
def shown_somewhere(booklet, shared_cache) -> list:
    """The claims of the sheets' booklet and of variant 1 (a variant shows what the sheet
    only works as an example), rendered once for this module from the run's cache
    (tests/test_fragments.py proves it faithful)."""
    from engine.builds import pipeline
    from engine.store.cache import Store

    store = Store(shared_cache)
    variant = pipeline.render(pipeline.varying_tasks(), variant=1, store=store).ledger
    return [*booklet.ledger, *variant]


def test_every_declared_symbol_names_a_value_the_booklet_shows(shown_somewhere):
    shown = [claim.id for claim in shown_somewhere]
    for task in registry.select(None):
        table = getattr(importlib.import_module(task.module), "SYMBOLS", {})
        for path in table:
            # an entry's symbol names what the key grades; its matrix is what the page shows
            symbols = Symbols({path.split("[")[0]: "x"})
            assert any(symbols(i[len(task.id) + 1 :]) for i in shown if i.startswith(task.id)), (
                f"{task.module}.SYMBOLS: {path!r} matches no claim the booklet shows"
            )


def test_the_key_pairs_each_answer_with_its_own_symbol(shown_somewhere):
    claims = {claim.id: claim for claim in shown_somewhere}
    tex, _ = key_tex([(1, list(claims.values()))])
    paired = 0
    for answer in key.load():
        claim = claims.get(answer.claim)
        if claim is None:
            continue  # graded only where a variant asks for it
        if claim.symbol:
            relation = (
                " "  # \approx brings its own
                if claim.latex.startswith(r"\approx")
                else r" \approx "  # a decimal that rounds the value, as the formatter marks it
                if claim.latex.rounded
                else " = "
            )
            assert f"{claim.symbol}{relation}{claim.latex}" in tex, answer.claim
            paired += 1
    assert paired >= 10
    assert claims["ranepa3.3.steps.1.w0_after[2]"].symbol == "w^{3}_0"
