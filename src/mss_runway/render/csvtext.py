"""CSV text: one row per ledger month, plain numbers (no thousands separators)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..money import format_amount
from ..projection import Forecast
from .document import LEDGER_KEYS, row_document


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value, grouping=False)
    return str(value)


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def forecast_csv(result: Forecast) -> str:
    rows = (row_document(row) for row in result.chosen.rows)
    return table(LEDGER_KEYS, ([row[key] for key in LEDGER_KEYS] for row in rows))
