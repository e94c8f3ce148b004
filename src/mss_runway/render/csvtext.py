"""CSV text: one row per ledger month, plain numbers (no thousands separators)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..comparison import Comparison
from ..items import MonthView
from ..money import format_amount
from ..projection import LENSES, Forecast
from .document import LEDGER_KEYS, SUMMARY_KEYS, forecast_document, row_document


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


def forecast_csv(
    result: Forecast, what_if: Sequence[str] = (), view: Sequence[MonthView] | None = None
) -> str:
    """One row per ledger month (of ``view``, when given); the last column names the
    what-ifs applied (joined with "; "; empty when none), so a what-if ledger is never
    taken for the file's own. An itemised view gives :func:`items_csv` instead."""
    if view is not None and any(month.items is not None for month in view):
        return items_csv(view)
    note = "; ".join(what_if)
    shown = result.chosen.rows if view is None else [month.row for month in view]
    rows = (row_document(row) for row in shown)
    return table(
        (*LEDGER_KEYS, "what_if"), ([*(row[key] for key in LEDGER_KEYS), note] for row in rows)
    )


ITEM_COLUMNS = (
    "month",
    "kind",
    "id",
    "name",
    "status",
    "amount",
    "source",
    "original_amount",
    "original_currency",
    "rate",
    "what_if",
)


def items_csv(view: Sequence[MonthView]) -> str:
    """The itemised ledger in long format: one row per item (:data:`ITEM_COLUMNS`); the
    original amount, currency and rate only for a contribution in another currency, and
    ``what_if`` only on an item a what-if changed."""
    rows = []
    for month in view:
        for item in month.items or ():
            original = item.original
            rows.append(
                [
                    str(month.row.month),
                    item.kind,
                    item.id,
                    item.name,
                    item.status,
                    item.amount,
                    item.source,
                    None if original is None else original.amount,
                    None if original is None else original.currency,
                    None if original is None else str(original.rate),  # not money: as written
                    item.what_if,
                ]
            )
    return table(ITEM_COLUMNS, rows)


def compare_csv(comparison: Comparison, what_if: Sequence[str] = ()) -> str:
    """One row per scenario: the summary fields under the chosen lens, the exhaustion month
    under each lens, and the what-ifs applied (joined with "; ")."""
    head = ("name", "file", "currency", "start", "target", "count", *SUMMARY_KEYS)
    lenses = tuple(f"exhausted_{lens}" for lens in LENSES)
    rows = []
    for each in comparison.scenarios:
        doc = forecast_document(each.result, each.file)
        rows.append(
            [
                *(doc[key] for key in head),
                *(doc["lenses"][lens]["exhausted"] for lens in LENSES),
                "; ".join(what_if),
            ]
        )
    return table((*head, *lenses, "what_if"), rows)


def closings_csv(comparison: Comparison, what_if: Sequence[str] = ()) -> str:
    """The month-by-scenario matrix of closing balances (``compare --monthly``); a cell is
    empty where a scenario's ledger does not hold that month. The last column names the
    what-ifs applied, as in :func:`forecast_csv`."""
    names = [each.result.scenario.name for each in comparison.scenarios]
    note = "; ".join(what_if)
    rows = ([str(m), *row, note] for m, row in comparison.closings())
    return table(["month", *names, "what_if"], rows)
