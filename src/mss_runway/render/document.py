"""Results as plain data: the machine-readable contract behind JSON and CSV output.

Months become ``"YYYY-MM"`` strings; money stays ``Decimal`` (exact to the cent) for
the encoder to write as a number; missing values are ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..comparison import Comparison
from ..items import Item, MonthView
from ..months import Month
from ..projection import LENSES, Forecast, LedgerRow, Projection, Summary

SUMMARY_KEYS = (
    "exhausted",
    "funded_through",
    "runway_months",
    "shortfall",
    "balance_at_target",
    "months_short",
)
LEDGER_KEYS = ("month", "opening", "inflow", "outflow", "closing")


def month_text(month: Month | None) -> str | None:
    return None if month is None else str(month)


def summary_document(summary: Summary) -> dict[str, Any]:
    """A lens's summary; the reserve's keys only when the scenario has a reserve."""
    low = summary.lowest_balance
    document = {
        "exhausted": month_text(summary.exhausted),
        "funded_through": month_text(summary.funded_through),
        "runway_months": summary.runway_months,
        "shortfall": summary.shortfall,
        "balance_at_target": summary.balance_at_target,
        "months_short": summary.months_short,
        "lowest_balance": {"month": str(low.month), "amount": low.amount},
    }
    if summary.reserve_gap is not None:
        document["below_reserve"] = month_text(summary.below_reserve)
        document["reserve_gap"] = summary.reserve_gap
    return document


def row_document(row: LedgerRow, reserve: Decimal | None = None) -> dict[str, Any]:
    """A ledger month; its ``reserve`` only when the scenario has one."""
    document = {
        "month": str(row.month),
        "opening": row.opening,
        "inflow": row.inflow,
        "outflow": row.outflow,
        "closing": row.closing,
    }
    if reserve is not None:
        document["reserve"] = reserve
    return document


def month_documents(projection: Projection) -> list[dict[str, Any]]:
    """The ledger's months, each with its reserve when the scenario has one."""
    reserve = projection.reserve
    if reserve is None:
        return [row_document(row) for row in projection.rows]
    return [row_document(row, amount) for row, amount in zip(projection.rows, reserve, strict=True)]


def view_document(month: MonthView) -> dict[str, Any]:
    """A month as shown: its row, its reserve (with one) and its items (when itemised)."""
    document = row_document(month.row, month.reserve)
    if month.items is not None:
        document["items"] = [item_document(item) for item in month.items]
    return document


def item_document(item: Item) -> dict[str, Any]:
    """One item: ``status`` for contributions only, ``original`` for a contribution in
    another currency only."""
    document: dict[str, Any] = {"kind": item.kind, "id": item.id, "name": item.name}
    if item.kind == "contribution":
        document["status"] = item.status
    document["amount"] = item.amount
    document["source"] = item.source
    if item.original is not None:
        original = item.original
        document["original"] = {
            "amount": original.amount,
            "currency": original.currency,
            "rate": original.rate,
        }
    document["what_if"] = item.what_if
    return document


def forecast_document(
    result: Forecast,
    file: str,
    what_if: Sequence[str] = (),
    view: Sequence[MonthView] | None = None,
) -> dict[str, Any]:
    """The object ``forecast --format json`` prints (see docs/output.md); ``what_if`` names
    the what-ifs applied to the scenario; ``view`` the months shown (default: all, not
    itemised)."""
    scenario = result.scenario
    document = {
        "name": scenario.name,
        "file": file,
        "currency": scenario.currency,
        "start": str(scenario.start),
        "target": month_text(scenario.target),
        "count": result.lens,
        **summary_document(result.chosen.summary),
        "lenses": {lens: summary_document(result.projections[lens].summary) for lens in LENSES},
        "months": month_documents(result.chosen)
        if view is None
        else [view_document(month) for month in view],
        "warnings": list(result.warnings),
        "what_if": list(what_if),
    }
    if scenario.actuals:  # the months that happened, what is overdue, plan against actual
        from .actuals import overdue_documents, variance_documents

        last = str(scenario.actuals[-1].month)
        for month in document["months"]:
            month["actual"] = month["month"] <= last
        document["overdue"] = overdue_documents(result)
        document["variance"] = variance_documents(result)
    return document


def compare_document(comparison: Comparison, what_if: Sequence[str] = ()) -> dict[str, Any]:
    """The object ``compare --format json`` prints: each scenario exactly as ``forecast``."""
    return {
        "count": comparison.lens,
        "scenarios": [
            forecast_document(each.result, each.file, what_if) for each in comparison.scenarios
        ],
        "what_if": list(what_if),
    }
