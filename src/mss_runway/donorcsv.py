"""Contributions from a spreadsheet: CSV text -> raw contribution rows, with positions.

Pure (no I/O). The first line is a header naming the columns: ``donor``, ``amount``,
``status``, ``date`` (required) and ``currency``, ``rate``, ``note``, ``id`` (optional), in any
order; any other column is an error, unless a ``columns`` mapping names the header of
each field (then other columns are ignored). Each later line becomes a raw mapping of
text values that the scenario model then validates with the rest of the scenario, all
rows at once: amounts go through :func:`mss_runway.money.parse_money` from the text
written (never a float), and the FTS status words paid, commitment and pledge are
accepted, as are the status words in any case. Cells are stripped of surrounding
blanks; an empty optional cell is left out; blank lines are skipped. The delimiter is
a comma or a semicolon (:func:`mss_runway.spreadsheet.sniff` tells which); in a
semicolon file, amounts and rates may be written with a decimal comma (``1.234,50``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from .errors import Problem
from .fields import STATUS_SYNONYMS, STATUSES
from .scenario import did_you_mean

REQUIRED: Final = ("donor", "amount", "status", "date")
OPTIONAL: Final = ("currency", "rate", "note", "id")
COLUMNS: Final = REQUIRED + OPTIONAL
#: Status words as the scenario accepts them; others are tried in lower case.
_WORDS: Final = frozenset((*STATUSES, *STATUS_SYNONYMS))
#: A number with a decimal comma, optionally with dots grouping thousands.
_DECIMAL_COMMA: Final = re.compile(r"[-+]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]+")


@dataclass(frozen=True)
class Table:
    """The rows of a contributions CSV and where each stands in the text."""

    file: str
    text: str
    header: tuple[str, ...]
    rows: list[dict[str, Any]]
    #: line on which row k begins, counting from 1 (the header is line 1)
    lines: list[int]
    delimiter: str = ","

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def position(self, row: int, column: str | None) -> tuple[int, int]:
        """Line and column (in characters, from 1) of a row, or of one cell of it."""
        line = self.lines[row]
        if column not in self.header:
            return line, 1
        end = self.lines[row + 1] - 1 if row + 1 < len(self.lines) else None
        record = "".join(self._lines[line - 1 : end])
        starts = cell_starts(record, self.delimiter)
        index = self.header.index(str(column))
        offset = starts[index] if index < len(starts) else 0
        value = offset
        while value < len(record) and record[value] in ' \t"':
            value += 1  # point at the value itself, past blanks and an opening quote...
        if value < len(record) and record[value] not in f"{self.delimiter}\r\n":
            offset = value  # ...unless there is none: then at the cell
        before = record[:offset]
        return line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1

    def place(self, row: int, column: str | None) -> tuple[str, int | None, int | None]:
        """File, line and column of a row, or of one cell of it."""
        return (self.file, *self.position(row, column))


def cell_starts(record: str, delimiter: str = ",") -> list[int]:
    """Where each cell of one CSV record begins (character offsets), quotes respected."""
    starts = [0]
    quoted = False
    for n, char in enumerate(record):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(n + 1)
        elif char in "\r\n" and not quoted:
            break
    return starts


def read(
    text: str, file: str, delimiter: str = ",", columns: Mapping[str, str] | None = None
) -> tuple[Table | None, list[Problem]]:
    """Parse ``text``; problems of the header or of a row's shape are returned, not raised
    (the rows that are well-formed are still returned). ``columns`` maps fields to the
    headers that hold them."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    try:
        written = tuple(cell.strip() for cell in next(reader, []))
    except csv.Error as exc:
        return None, [Problem(file, 1, None, "", f"not valid CSV: {exc}")]
    if not any(written):
        return None, [
            Problem(
                file, 1, 1, "", f"expected a header line naming the columns {', '.join(COLUMNS)}"
            )
        ]
    starts = cell_starts(text, delimiter)
    header, problems = fields_of(written, columns, lambda n: (file, 1, starts[n] + 1))
    if problems:
        return None, problems
    width = len(header)
    keep = [name in REQUIRED for name in header]  # kept even when empty (then an error)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            first, line = line, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                problems.append(
                    Problem(
                        file, first, 1, "", f"this row has {len(cells)} cells, the header {width}"
                    )
                )
                continue
            # zip takes no keyword: the width was checked just above, and any keyword
            # (strict=...) sends zip down a slower path. With one comprehension instead of
            # deleting the empty optional cells afterwards, 50,000 rows read in about 97 ms
            # instead of 106.
            row = {
                name: cell
                for name, cell, required in zip(header, map(str.strip, cells), keep)  # noqa: B905
                if (cell or required) and name  # an empty optional cell is left out
            }
            tidy(row, delimiter == ";")
            rows.append(row)
            lines.append(first)
    except csv.Error as exc:
        problems.append(Problem(file, line, None, "", f"not valid CSV: {exc}"))
    return Table(file, text, header, rows, lines, delimiter), problems


def tidy(row: dict[str, Any], decimal_comma: bool) -> None:
    """Status words in any case; with ``decimal_comma``, ``1.234,50`` as ``1234.50``."""
    status = row.get("status")
    if isinstance(status, str) and status not in _WORDS and status.lower() in _WORDS:
        row["status"] = status.lower()
    if decimal_comma:
        for key in ("amount", "rate"):
            value = row.get(key)
            if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value):
                row[key] = value.replace(".", "").replace(",", ".")


def fields_of(
    written: tuple[str, ...],
    columns: Mapping[str, str] | None,
    where: Callable[[int], tuple[str, int | None, int | None]],
) -> tuple[tuple[str, ...], list[Problem]]:
    """The field each column holds ("" for a column a ``columns`` mapping leaves out), and
    the header's problems; ``where(n)`` is the file, line and column of header cell ``n``."""
    problems = []
    if columns is None:
        header = written
        for n, name in enumerate(header):
            if name not in COLUMNS:
                message = did_you_mean(name, COLUMNS).replace("unknown key", "unknown column")
                problems.append(Problem(*where(n), "", f"{message}; columns: {', '.join(COLUMNS)}"))
            elif header.index(name) != n:
                problems.append(Problem(*where(n), "", f"column {name!r} given twice"))
    else:
        wanted = {field: columns.get(field, field) for field in COLUMNS}
        by_header = {text: field for field, text in wanted.items()}
        header = tuple(by_header.get(name, "") for name in written)
        for n, name in enumerate(header):
            if name and header.index(name) != n:
                problems.append(Problem(*where(n), "", f"column {written[n]!r} given twice"))
        for field, text in columns.items():
            if text not in written:
                problems.append(
                    Problem(
                        *where(0),
                        "",
                        f"columns: {field} names the column {text!r}, which the header "
                        f"lacks; its columns: {', '.join(repr(w) for w in written if w)}",
                    )
                )
        if problems:
            return header, problems
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            Problem(
                *where(0),
                "",
                f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}",
            )
        )
    return header, problems
