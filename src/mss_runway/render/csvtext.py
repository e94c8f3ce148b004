"""CSV text: one row per ledger month, plain numbers (no thousands separators)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..comparison import Comparison
from ..items import MonthView
from ..money import format_amount
from ..projection import LENSES, Forecast, LedgerRow
from .document import LEDGER_KEYS, SUMMARY_KEYS, forecast_document, row_document

#: A cell a spreadsheet could take for a formula (OWASP, "CSV Injection"): it starts with
#: =, +, -, @, a tab or a carriage return (or a line feed)...
_FORMULA_START = re.compile("[=+\\-@\t\r\n]")
#: ... unless it is a plain number (a negative amount stays a number).
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def csv_text(text: str) -> str:
    """Text as a cell no spreadsheet runs as a formula: a leading ``'`` where it would start
    like one (OWASP's advice; spreadsheets show the text as written). A carriage return
    becomes a line feed, so that the cell is quoted and no reader takes it for a row's end
    (Python's csv module quotes only the characters of the LF line ending)."""
    if _FORMULA_START.match(text) and not _NUMBER.fullmatch(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value, grouping=False)
    return csv_text(str(value))


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with LF line endings (docs/output.md); every text cell, header included, made
    safe by :func:`csv_text`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(h) for h in header])
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
    if result.scenario.actuals:
        return _actual_csv(result, shown, note)
    return table(
        (*LEDGER_KEYS, "what_if"), ([*(row[key] for key in LEDGER_KEYS), note] for row in rows)
    )


#: The columns a ledger with actuals adds: whether the month happened, and plan against
#: actual on the months that did (empty on the others).
ACTUAL_COLUMNS = (
    "actual",
    "planned_closing",
    "difference",
    "inflow_variance",
    "outflow_variance",
)


def _actual_csv(result: Forecast, shown: Sequence[LedgerRow], note: str) -> str:
    from .actuals import variance_of

    plan = {v.month: v for v in variance_of(result)}
    rows = []
    for row in shown:
        v = plan.get(row.month)
        extra = (
            ["false", None, None, None, None]
            if v is None
            else [
                "true",
                v.planned_closing,
                v.difference,
                v.inflow_variance,
                v.outflow_variance,
            ]
        )
        rows.append([*row_document(row).values(), *extra, note])
    return table((*LEDGER_KEYS, *ACTUAL_COLUMNS, "what_if"), rows)


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
    names = comparison.headings(reserved=("month", "what_if"), clean=csv_text)
    note = "; ".join(what_if)
    rows = ([str(m), *row, note] for m, row in comparison.closings())
    return table(["month", *names, "what_if"], rows)
