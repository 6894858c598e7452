r"""Tables of values for templates, in one number style (engine.ledger.number_forms).

`\VAR{table(head, rows)}` writes a booktabs table in math mode: `head` is the row of column
titles (or a list of such rows), `rows` the body. A cell is LaTeX text (a label), a whole
number the template counts with (`loop.index`), a claim (a number, or a matrix shown whole),
or, in a head, a tuple of pieces joined (`("w - ", given.gamma, r"\cdot g")`); a head row
may be LaTeX written whole, its cells joined by `&`. A list in a body row is its cells in
turn. A body row
shorter than the head whose last cell is a vector claim spreads it, one entry per remaining
column: `("a_k", step.a)` under `["", "k = 1", "k = 2", "k = 3"]`. `columns=[...]` in place of
the rows gives the body by columns, each a vector claim or a list of cells.

The numbers of the body are formatted together: one form for the table (decimals, or
fractions when every one is a short fraction), one exponent style per column, every rounded
entry marked with ≈. A template cannot ask otherwise: the cell's own filters are kept, and
the table's settings are added after them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import jinja2

from engine.ledger.number_forms import column_settings
from engine.render.origins import without_markers
from engine.render.views import ClaimRef, SequenceView


def bound(show: Callable[[object], str]) -> dict[str, Callable[..., str]]:
    """The template globals of this module, showing claims through the renderer's `show`."""

    def table_global(head, rows=(), align: str = "", stretch: str = "", columns=()) -> str:
        if columns:
            rows = _transposed(columns)
        return table(show, head, rows, align=align, stretch=stretch)

    return {"table": table_global}


def _entries(column) -> list:
    if isinstance(column, ClaimRef):
        size = 1
        for n in column.shape:
            size *= n
        return [column[k] for k in range(size)]
    return list(column)


def _transposed(columns) -> list[list]:
    """Rows from columns (a vector claim or a list of cells each), all of one length."""
    entries = [_entries(column) for column in columns]
    if len({len(column) for column in entries}) != 1:
        lengths = ", ".join(str(len(column)) for column in entries)
        raise jinja2.TemplateRuntimeError(f"table: columns of different lengths ({lengths})")
    return [list(row) for row in zip(*entries, strict=True)]


def _rows_of(head) -> list:
    head = list(head)
    if head and all(isinstance(row, list) or "&" in str(row) for row in head):
        return [row if isinstance(row, str) else list(row) for row in head]
    return [head]


def _width(row) -> int:
    return row.count("&") + 1 if isinstance(row, str) else len(row)


def _spread(row: Sequence, width: int) -> list:
    cells = [c for cell in row for c in (cell if isinstance(cell, list) else [cell])]
    if len(cells) >= width or not cells or not isinstance(cells[-1], ClaimRef):
        return cells
    vector, missing = cells.pop(), width - len(cells)
    return cells + [vector[k] for k in range(missing)]


def _text(show, cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)  # structural: a count from the template's loop
    if isinstance(cell, tuple):
        return "".join(_text(show, piece) for piece in cell)
    return show(cell)


def table(show, head, rows, align: str = "", stretch: str = "") -> str:
    """The LaTeX of a centred table (module docstring); `align` the column letters (default
    `l` then `c`), `stretch` the row spacing (default by what the cells hold)."""
    heads = _rows_of(head)
    width = max(_width(row) for row in heads)
    if isinstance(rows, (SequenceView | ClaimRef, str)):
        raise jinja2.TemplateRuntimeError("table: rows are a list of rows, each a list of cells")
    body = [_spread(row, width) for row in rows]
    for number, row in enumerate(body, 1):
        if len(row) != width:
            raise jinja2.TemplateRuntimeError(
                f"table: row {number} has {len(row)} cells, the head {width}"
            )
    columns = [[_value(row[k]) for row in body] for k in range(width)]
    settings = column_settings(columns)
    shown = [
        [_text(show, _styled(cell, settings[k])) for k, cell in enumerate(row)] for row in body
    ]
    align = without_markers(align) or "l" + "c" * (width - 1)
    if len(align) != width:
        raise jinja2.TemplateRuntimeError(f"table: align '{align}' is not {width} columns")
    tall = any(_tall(text) for row in shown for text in row)
    stretch = without_markers(stretch) or ("1.5" if tall else "1.25")
    lines = [
        r"\begin{center}",
        rf"\renewcommand{{\arraystretch}}{{{stretch}}}%",
        r"\begin{tabular}{" + " ".join(f">{{$}}{a}<{{$}}" for a in align) + "}",
        r"\toprule",
        *(_head_line(show, row) for row in heads),
        r"\midrule",
        *(" & ".join(row) + r" \\" for row in shown),
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{center}",
    ]
    return "\n".join(lines)


def _head_line(show, row) -> str:
    if isinstance(row, str):  # a row the template wrote whole, cells joined by &
        return row.strip() + r" \\"
    return " & ".join(_text(show, c) for c in row) + r" \\"


def _value(cell):
    return cell.value if isinstance(cell, ClaimRef) else None


def _styled(cell, settings: dict[str, bool]):
    if not isinstance(cell, ClaimRef):
        return cell
    return dataclasses.replace(cell, settings=(*cell.settings, *settings.items()))


def _tall(text: str) -> bool:
    """A cell taller than a line of text: a fraction or a matrix."""
    return any(mark in text for mark in (r"\frac", r"\begin{pmatrix}", r"\dfrac"))
