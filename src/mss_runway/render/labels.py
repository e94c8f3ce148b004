"""Words and number formats shared by the renderers for people (table, Markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..money import format_amount
from ..projection import Forecast, LedgerRow, Summary

SUMMARY_ROWS = (
    ("Funded through", "funded_through"),
    ("Exhausted", "exhausted"),
    ("Runway (months)", "runway_months"),
    ("Shortfall", "shortfall"),
    ("Balance at target", "balance_at_target"),
    ("Months short", "months_short"),
)
NEVER = "not within ledger"
NO_TARGET = "no target"


def show(value: object, field: str, summary: Summary) -> str:
    """A summary value for people: months as YYYY-MM, money with separators."""
    if value is None:
        if field in {"shortfall", "balance_at_target", "months_short"}:
            return NO_TARGET
        if field == "funded_through" and summary.exhausted is not None:
            return "not funded"
        return NEVER
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def row_note(row: LedgerRow, result: Forecast) -> str:
    notes = []
    if row.month == result.scenario.target:
        notes.append("target")
    if row.month == result.chosen.summary.exhausted:
        notes.append("runs out")
    return ", ".join(notes)


def heading(result: Forecast) -> str:
    scenario = result.scenario
    target = f", target {scenario.target}" if scenario.target else ", no target"
    return f"{scenario.name} ({scenario.currency}; start {scenario.start}{target})"


def what_if_line(what_if: Sequence[str]) -> str:
    """The line that tells a reader the numbers are a what-if, not the file's own."""
    return "What-if (not the file's own numbers): " + "; ".join(what_if) if what_if else ""
