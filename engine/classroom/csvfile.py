"""CSV files a class exchanges with spreadsheets: the ones people give us (a roster,
submissions) read strictly, and the ones we write made safe to open.

Reading: the file as a file (a regular file of bounded size, UTF-8 with or without a BOM,
`newline=''` so quoted cells keep their line breaks), the csv module in strict mode. Cells are
separated by commas, or by semicolons or tabs when the header line is the expected one
separated so (a spreadsheet in a Russian locale saves CSV with semicolons). Every
problem is one message at FILE:LINE: an unclosed quote, a cell running over lines, a cell
too long, a NUL byte, a row with the wrong number of cells, a wrong header. Nothing is
merged, dropped or guessed.

Writing (OWASP's rule for CSV injection): a text cell that a spreadsheet would read as a
formula (it starts with `= + - @`, a tab or a carriage return) or turn into another value, a
number, date, time, percentage or truth value (`1/2`, `3-4`, `12:30`, `1,5`, `1e5`, `0012`,
`5%`, `(12)`, `Mar-5`, `TRUE`, `Infinity`), is written with a leading apostrophe, so it stays
text. A plain decimal in its usual form (`-0.5`, `12`) is written as it is: numbers stay
numbers.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from engine.errors import UserError, located

MAX_BYTES = 20 * 1024 * 1024  # a class of thousands answering every item fits in a few MB
MAX_CELL = 1000  # characters; the longest sensible cell is a name or an answer

_PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")  # no leading zeros to lose
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What spreadsheets read as a value other than text: numbers in any dress (exponents,
# percentages, accounting brackets, grouped digits), dates and times, month-name dates,
# truth values and the special numbers.
_CONVERTED = re.compile(
    r"\(?[\d\s.,/:+-]*\d[\d\s.,/:+-]*(e[+-]?\d+)?\s*[%‰]?\)?"
    r"|\d{1,4}[\s./-](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?([\s./-]\d{1,4})?"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?([\s./-]\d{1,4})+"
    r"|true|false|inf|infinity|nan|#n/a",
    re.IGNORECASE,
)


def read_table(
    path: Path, what: str, header: list[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: cell}) for every row of a CSV file whose header is `header`, perhaps
    followed by the first of the `optional` columns; cells stripped, blank rows skipped."""
    text = _text(path, what)
    first = text.split("\n", 1)[0].rstrip("\r")
    expected = [",".join(header + list(optional[:k])) for k in range(len(optional) + 1)]
    delimiter = next((d for d in ";\t" if d in first and first.replace(d, ",") in expected), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise located(str(path), first_line, _csv_problem(str(err))) from None
        if reader.line_num != first_line:
            raise located(
                str(path),
                first_line,
                f"a cell runs over lines {first_line}-{reader.line_num} "
                "(a quote opened and closed only later?)",
            )
        long = next((c for c in cells if len(c) > MAX_CELL), None)
        if long is not None:
            raise located(
                str(path), first_line, f"a cell of {len(long)} characters (at most {MAX_CELL})"
            )
        rows.append((first_line, cells))
    if not rows:
        raise located(str(path), None, f"the {what} is empty")
    line, cells = rows[0]
    columns = [c.strip() for c in cells]
    allowed = [header + list(optional[:k]) for k in range(len(optional) + 1)]
    if columns not in allowed:
        wanted = " or ".join(",".join(a) for a in allowed)
        raise located(str(path), line, f"the header must be {wanted}, not {','.join(columns)}")
    table = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            raise located(str(path), line, f"{len(cells)} cells, the header has {len(columns)}")
        table.append((line, {c: cell.strip() for c, cell in zip(columns, cells, strict=True)}))
    return table


def _text(path: Path, what: str) -> str:
    try:
        info = path.stat()
    except OSError as err:
        raise UserError(f"{path}: cannot read the {what}: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path}: the {what} must be a file (this is not a regular file)")
    if info.st_size > MAX_BYTES:
        raise UserError(f"{path}: the {what} is {info.st_size} bytes, over {MAX_BYTES}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserError(f"{path}: cannot read the {what}: {err.strerror}") from None
    if b"\0" in data:  # a spreadsheet's binary file, or a UTF-16 export
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise located(str(path), line, f"a NUL byte: the {what} is not a CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise located(
            str(path), line, f"the {what} is not UTF-8 text (save it as CSV UTF-8)"
        ) from None


def _csv_problem(message: str) -> str:
    if "unexpected end of data" in message:
        return "a quote opened here is never closed"
    if "field larger" in message:
        return f"a cell of more than {csv.field_size_limit()} characters (at most {MAX_CELL})"
    return f"not valid CSV ({message})"


def safe_cell(value, text: bool = False) -> str | int | float:
    """`value` as a cell no spreadsheet runs or reinterprets (see the module's docstring);
    `text`: the column holds text (an id, a name), so even a plain number stays as typed."""
    if not isinstance(value, str):
        return value
    if _PLAIN_NUMBER.fullmatch(value) and not text:
        return value
    converted = _CONVERTED.fullmatch(value.strip()) or _PLAIN_NUMBER.fullmatch(value)
    if value.startswith(_FORMULA_START) or converted:
        return "'" + value
    return value


def write_table(
    header: list[str], rows: Iterable[Sequence], text_columns: Sequence[str] = ()
) -> str:
    """The CSV text of `rows` under `header`, every cell through `safe_cell`; the columns
    named in `text_columns` hold text."""
    text = [name in text_columns for name in header]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(c, t) for c, t in zip(row, text, strict=True)] for row in rows)
    return buffer.getvalue()
