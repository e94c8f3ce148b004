"""Spreadsheets as they are: a contributions file in CSV (any common dialect) or .xlsx.

Pure (bytes in, rows out). A CSV's delimiter, comma or semicolon, is told from its header
line (:func:`sniff`); its rows are read by :mod:`mss_runway.donorcsv`. An ``.xlsx`` workbook
is read with openpyxl (the optional extra ``[xlsx]``): the first sheet or the one named,
the first row its header. Cells stored as numbers or dates are read exactly: a date cell
is its month; a number cell is a binary float, so its shortest decimal form is taken and,
for an amount, accepted only within a millionth of a whole cent (then that cent). Every
row keeps its line (for a sheet: its row number), and every problem points at its cell
(``donors.xlsx:Sheet1!C14``).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from . import donorcsv
from .errors import Problem

#: The largest distance from a whole cent at which a number cell is still that cent.
CENT_TOLERANCE: Final = Decimal("0.000001")
#: The extra that brings openpyxl.
XLSX_EXTRA: Final = "pip install 'mss-runway[xlsx]'"


def sniff(text: str) -> str:
    """The delimiter of a CSV text: a semicolon if its header line (outside quotes) holds
    more semicolons than commas, else a comma."""
    quoted = False
    commas = semicolons = 0
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char == ",":
            commas += 1
        elif char == ";":
            semicolons += 1
    return ";" if semicolons > commas else ","


@dataclass(frozen=True)
class Sheet:
    """The rows of one worksheet and which cell each value came from."""

    file: str
    name: str
    header: tuple[str, ...]
    rows: list[dict[str, Any]]
    #: the sheet row number of row k (the header is row 1 of the sheet, usually)
    lines: list[int]
    #: the column letter of each header cell
    letters: tuple[str, ...]

    def cell(self, row: int, column: str | None) -> str:
        """``Sheet1!C14`` for a cell, ``Sheet1!14`` for a whole row."""
        line = self.lines[row]
        if column in self.header:
            return f"{self.name}!{self.letters[self.header.index(str(column))]}{line}"
        return f"{self.name}!{line}"

    def place(self, row: int, column: str | None) -> tuple[str, int | None, int | None]:
        return (f"{self.file}:{self.cell(row, column)}", None, None)


def read_table(
    raw: bytes,
    text: str | None,
    file: str,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> tuple[donorcsv.Table | Sheet | None, list[Problem]]:
    """The rows of a contributions file: ``.xlsx`` from ``raw``, anything else as CSV
    from ``text`` (its decoded form)."""
    if file.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(raw, file, columns, sheet)
    if sheet is not None:
        return None, [Problem(file, None, None, "", "sheet applies only to an .xlsx workbook")]
    assert text is not None
    return donorcsv.read(text, file, sniff(text), columns)


def read_xlsx(
    raw: bytes, file: str, columns: Mapping[str, str] | None = None, sheet: str | None = None
) -> tuple[Sheet | None, list[Problem]]:
    """The first worksheet of a workbook (or the one named ``sheet``) as contribution rows."""
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:
        message = f"reading .xlsx needs openpyxl: {XLSX_EXTRA}"
        return None, [Problem(file, None, None, "", message)]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return None, [Problem(file, None, None, "", f"not an .xlsx workbook: {exc}")]
    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(book.sheetnames)
        return None, [Problem(file, None, None, "", f"no sheet {sheet!r}; sheets: {names}")]
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    name = ws.title
    records = [
        (n, record)
        for n, record in enumerate(ws.iter_rows(values_only=True), start=1)
        if not all(v is None or (isinstance(v, str) and not v.strip()) for v in record)
    ]
    if not records:
        message = f"sheet {name!r} is empty: expected a header row naming the columns"
        return None, [Problem(file, None, None, "", message)]
    first, top = records[0]
    written = tuple(_text(v).strip() for v in top)
    letters = tuple(get_column_letter(n + 1) for n in range(len(written)))
    header, problems = donorcsv.fields_of(
        written, columns, lambda n: (f"{file}:{name}!{letters[n]}{first}", None, None)
    )
    if problems:
        return None, problems
    table = Sheet(file, name, header, [], [], letters)
    for k, record in records[1:]:
        row: dict[str, Any] = {}
        bad = False
        for field, value, letter in zip(header, record, letters):  # noqa: B905 - a row may be short
            if not field:
                continue
            text, problem = _cell(field, value)
            if problem:
                problems.append(Problem(f"{file}:{name}!{letter}{k}", None, None, "", problem))
                bad = True
            elif text or field in donorcsv.REQUIRED:
                row[field] = text
        if bad:
            continue  # reported at its cell; the rest of the row is not checked again
        for field in donorcsv.REQUIRED:
            row.setdefault(field, "")
        donorcsv.tidy(row, decimal_comma=False)
        table.rows.append(row)
        table.lines.append(k)
    return table, problems


def _cell(field: str, value: object) -> tuple[str, str | None]:
    """The text of one cell for ``field``, or why it cannot be used."""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year:04d}-{value.month:02d}", None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, float):
        number = Decimal(repr(value))
        if field == "amount":
            cents = number.quantize(Decimal("0.01"))
            if abs(number - cents) > CENT_TOLERANCE:
                return "", (
                    f"{field}: the number {number} is not a whole number of cents "
                    "(round the cell to 2 decimals)"
                )
            return str(cents), None
        return format(number, "f"), None
    return _text(value).strip(), None


def _text(value: object) -> str:
    return "" if value is None else str(value)
