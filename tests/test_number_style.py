"""One number style: a table or a matrix in one form (decimals, or fractions when all are
short), one exponent style per column, no rounded value shown as if it were exact
(«= 0,4688»), and every number after «≈» with four significant digits (a matrix's exact
entries too: 0,5000; a large value as 9,774·10^5, not 977423).

The checks read LaTeX as a reader reads the page, independently of the code that writes it:
`table_faults` classifies each number a table cell prints, `rounded_equalities` decides from
the exact values of the ledger whether a decimal after «=» is one of them rounded. Each is
shown to fail on a planted defect, then run on the rendered booklets (sheets and variants)."""

from __future__ import annotations

import decimal
import re

import numpy as np
import pytest
import sympy as sp

from engine import registry
from engine.ledger.claims import Ledger
from engine.render.tables import table
from engine.render.views import ClaimRef
from tests.conftest import full_booklet

R = sp.Rational
_TABULAR = re.compile(r"\\begin\{tabular\}\{[^\n]*\}(.*?)\\end\{tabular\}", re.S)
_DECIMAL = r"-?\d+(?:\{,\}\d+)?"
_NUMBER = re.compile(
    rf"(?P<frac>\\[dt]?frac\{{\d+\}}\{{\d+\}})|(?P<sci>{_DECIMAL}\s*\\cdot\s*10\^\{{-?\d+\}})"
    rf"|(?P<dec>\d+\{{,\}}\d+)"
)


def _cells(tabular: str) -> list[list[str]]:
    body = tabular.split(r"\midrule", 1)[-1].replace(r"\bottomrule", "")
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    return [row.split("&") for row in rows]


def table_faults(tex: str) -> list[str]:
    """Each table printing fractions beside decimals, or a column printing m·10^k beside
    plain decimals."""
    faults = []
    for found in _TABULAR.finditer(tex):
        rows = _cells(found.group(1))
        kinds = [[{m.lastgroup for m in _NUMBER.finditer(cell)} for cell in row] for row in rows]
        every = set().union(*(k for row in kinds for k in row))
        if "frac" in every and every & {"dec", "sci"}:
            faults.append(f"fractions beside decimals: {found.group(0)[:160]!r}")
        for column in range(max(len(row) for row in kinds)):
            seen = set().union(*(row[column] for row in kinds if column < len(row)))
            if {"sci", "dec"} <= seen:
                faults.append(f"column {column + 1} mixes m·10^k and plain decimals")
    return faults


def _as_decimal(text: str) -> decimal.Decimal:
    text = text.replace("{,}", ".").replace(" ", "")
    if r"\cdot" in text:
        mantissa, exponent = text.split(r"\cdot10^{")
        return decimal.Decimal(mantissa).scaleb(int(exponent.rstrip("}")))
    return decimal.Decimal(text)


# a decimal read as equal to what stands before it: after «=», after a dash, opening a cell
_EQUATED = re.compile(
    r"(?:(?<![<>!\\])=|\"---|&|\\begin\{pmatrix\})\s*\$?\s*"
    rf"(?P<number>-?\d+\{{,\}}\d+(?:\s*\\cdot\s*10\^\{{-?\d+\}})?|{_DECIMAL}\s*\\cdot\s*10\^\{{-?\d+\}})"
)

_APPROXIMATE_MATRIX = re.compile(r"\\approx\s*\\begin\{pmatrix\}.*?\\end\{pmatrix\}", re.S)


def rounded_equalities(tex: str, ledger: Ledger) -> list[str]:
    """Each decimal written as equal («=», «— », a table cell without ≈) to a value of the
    ledger it only approximates, and to no value it shows exactly."""
    values = []
    for claim in ledger:
        if claim.kind != "number":
            continue
        exact = ledger.exact(claim.id)
        if isinstance(exact, sp.Basic) and exact.is_number and exact.is_real:
            values.append(decimal.Decimal(str(sp.N(exact, 30))))
    tex = _APPROXIMATE_MATRIX.sub(r"\\approx M", tex)  # its entries are approximate as a whole
    faults = []
    for found in _EQUATED.finditer(tex):
        shown = _as_decimal(found["number"])
        last = decimal.Decimal(1).scaleb(shown.as_tuple().exponent)
        near = [v for v in values if abs(v - shown) <= last / 2]
        exact = any(abs(v - shown) <= abs(shown) * decimal.Decimal("1e-12") for v in near)
        if near and not exact:
            start = max(found.start() - 60, 0)
            faults.append(tex[start : found.end()].replace("\n", " "))
    return faults


_MATRIX = re.compile(r"\\begin\{pmatrix\}(?P<body>.*?)\\end\{pmatrix\}", re.S)
_AFTER_APPROX = re.compile(
    rf"\\approx\s*(?:\\left\()?\s*(?P<number>-?{_DECIMAL}(?:\s*\\cdot\s*10\^\{{-?\d+\}})?)(?![\d{{])"
)
_CELL_NUMBER = re.compile(rf"^-?(?P<mantissa>{_DECIMAL})(?:\s*\\cdot\s*10\^\{{-?\d+\}})?$")


def _significant(mantissa: str) -> int:
    digits = mantissa.lstrip("-").replace("{,}", "").lstrip("0")
    return len(digits)


def matrix_faults(tex: str) -> list[str]:
    """Each matrix printing fractions beside decimals, each entry of a matrix after «≈» and
    each number after «≈» not written with four significant digits (zero excepted)."""
    faults = []
    for found in _MATRIX.finditer(tex):
        cells = [c.strip() for row in found["body"].split(r"\\") for c in row.split("&")]
        kinds = {m.lastgroup for cell in cells for m in _NUMBER.finditer(cell)}
        if "frac" in kinds and kinds & {"dec", "sci"}:
            faults.append(f"fractions beside decimals: {found.group(0)[:120]!r}")
        before = tex[max(found.start() - 60, 0) : found.start()]
        if not re.search(r"\\approx\s*$", before):
            continue
        for cell in cells:
            number = _CELL_NUMBER.match(cell)
            if number and cell != "0" and _significant(number["mantissa"]) != 4:
                faults.append(f"«{cell}» under ≈: {found.group(0)[:120]!r}")
    for found in _AFTER_APPROX.finditer(tex):
        mantissa = found["number"].split(r"\cdot")[0].strip()
        if _significant(mantissa) != 4:
            start = max(found.start() - 40, 0)
            faults.append(f"«{found['number']}» after ≈: {tex[start : found.end()]!r}")
    return faults


# --- the table builder, on planted values ----------------------------------------------------


def _ref(name: str, value) -> ClaimRef:
    return ClaimRef("t.1", f"t.1.{name}", value)


def _built(rows, head=("", "a", "b")) -> str:
    ledger = Ledger()

    def show(ref):
        return ledger.record(ref.id, ref.task, ref.value, **dict(ref.settings))

    cells = [[label, *(_ref(f"{label}{k}", v) for k, v in enumerate(row))] for label, row in rows]
    return table(show, list(head), cells), ledger


MIXED_FORMS = [("x", [R(-1, 16), R(-1, 8)]), ("y", [R(1, 2), 3])]
MIXED_EXPONENTS = [("x", [-3.073e-5, 0.5]), ("y", [0.0004963, 0.25])]


def test_the_checks_fail_on_planted_mixed_tables():
    planted = r"""\begin{tabular}{cc}
\toprule a & b \\ \midrule
-\frac{1}{16} & -0{,}125 \\
-3{,}073 \cdot 10^{-5} & 1 \\
0{,}0004963 & 2 \\
\bottomrule
\end{tabular}"""
    faults = table_faults(planted)
    assert any("fractions beside decimals" in f for f in faults)
    assert any("column 1 mixes" in f for f in faults)


def test_a_table_is_in_one_form():
    tex, _ = _built(MIXED_FORMS)
    assert table_faults(tex) == []
    assert r"\frac{1}{16}" in tex
    assert r"\frac{1}{8}" in tex
    assert r"\frac{1}{2}" in tex


def test_long_fractions_make_a_table_of_decimals():
    tex, _ = _built([("x", [R(-15, 32), R(1, 3)]), ("y", [R(1, 1024), 2])])
    assert table_faults(tex) == []
    assert r"\frac" not in tex
    assert "-0{,}46875" in tex  # exact: its whole decimal, no ≈
    assert r"\approx 0{,}3333" in tex  # rounded: marked
    assert r"\approx 0{,}0009766" in tex


def test_one_exponent_style_per_column():
    tex, _ = _built(MIXED_EXPONENTS)
    assert table_faults(tex) == []
    column_a = [row.split("&")[1] for row in tex.split("\\midrule")[1].split(r"\\")[:2]]
    assert all(r"\cdot 10^{" in cell for cell in column_a)
    assert "0{,}25" in tex
    assert "0{,}5" in tex


def test_rounded_entries_of_a_table_are_marked():
    tex, ledger = _built([("x", [np.float64(0.1824255238), 0.5]), ("y", [sp.E, 2])])
    assert r"\approx 0{,}1824" in tex
    assert r"\approx 2{,}718" in tex
    assert r"\approx 0{,}5" not in tex
    assert rounded_equalities(tex, ledger) == []


def test_the_matrix_check_fails_on_the_readers_matrices():
    planted = {
        r"\hat w = \begin{pmatrix} \frac{5}{6} \\ 1{,}5 \end{pmatrix}": "fractions beside",
        r"W_1: \begin{pmatrix} -0{,}5 & \frac{1}{16} \end{pmatrix}": "fractions beside",
        r"x^l \approx \begin{pmatrix} 0{,}7311 \\ 0{,}5 \end{pmatrix}": "«0{,}5» under ≈",
        r"\approx \begin{pmatrix} 0{,}6345 & -1 \end{pmatrix}": "«-1» under ≈",
        r"\rho_\sigma \approx 977423$": "«977423» after ≈",
        r"L \approx 0{,}105$": "«0{,}105» after ≈",
    }
    for tex, fault in planted.items():
        assert any(fault in f for f in matrix_faults(tex)), tex
    fine = (
        r"x \approx \begin{pmatrix} 0{,}7311 & 0{,}5000 & 0"
        r" \end{pmatrix}, \hat w = \begin{pmatrix} \frac{5}{6} \\ \frac{3}{2}"
        r" \end{pmatrix}, \rho \approx 9{,}774 \cdot 10^{5}, L \approx 0{,}1050, y = 0{,}5"
    )
    assert matrix_faults(fine) == []


# --- «= rounded value» ------------------------------------------------------------------------


def test_the_scan_fails_on_a_planted_rounded_equality():
    ledger = Ledger()
    ledger.record("t.1.y", "t.1", R(-15, 32))
    ledger.record("t.1.a", "t.1", np.float64(0.6062139))
    assert rounded_equalities(r"$\hat y = -0{,}4688$", ledger)
    assert rounded_equalities(r'в первом слое "--- $0{,}6062$', ledger)
    assert rounded_equalities(r"a_k & 0{,}6062 \\", ledger)
    assert rounded_equalities(r"a = \begin{pmatrix} 1 & 0{,}6062 \end{pmatrix}", ledger)
    assert not rounded_equalities(r"a \approx \begin{pmatrix} 1 & 0{,}6062 \end{pmatrix}", ledger)
    assert not rounded_equalities(r"$\hat y \approx -0{,}4688$, $a \approx 0{,}6062$", ledger)
    assert not rounded_equalities(r"$\hat y = -\frac{15}{32}$, $y = -0{,}46875$", ledger)


TASKS = ("hse7.3", "ranepa3.3", "ranepa3.5")


@pytest.fixture(scope="module")
def variants():
    from engine.builds import pipeline

    tasks = registry.select(list(TASKS))
    return {n: pipeline.render(tasks, variant=n) for n in (1, 2, 3, 4)}


def _parts(booklet) -> dict[str, str]:
    return {task: booklet.task_texts[task] for task in TASKS if task in booklet.task_texts}


def test_the_sheets_booklet_has_one_number_style():
    booklet = full_booklet()
    assert matrix_faults(booklet.tex) == []
    for task, text in _parts(booklet).items():
        assert table_faults(text) == [], task
        assert rounded_equalities(text, booklet.ledger.only({task})) == [], task


@pytest.mark.slow
def test_variants_have_one_number_style(variants):
    for n, booklet in variants.items():
        assert matrix_faults(booklet.tex) == [], n
        for task, text in _parts(booklet).items():
            assert table_faults(text) == [], (n, task)
            assert rounded_equalities(text, booklet.ledger.only({task})) == [], (n, task)
