"""Words and number formats shared by the renderers for people (table, Markdown, charts).

:func:`compact_money` abbreviates an amount for an axis label (``$85M``, ``-$6.2M``): a
display label only, never used in any computation; the exact amounts are in the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..comparison import Comparison, Mark
from ..money import format_amount
from ..projection import LENSES, Forecast, LedgerRow, Summary
from ..scenario import Scenario

SUMMARY_ROWS = (
    ("Funded through", "funded_through"),
    ("Exhausted", "exhausted"),
    ("Runway (months)", "runway_months"),
    ("Shortfall", "shortfall"),
    ("Balance at target", "balance_at_target"),
    ("Months short", "months_short"),
)
COMPARE_ROWS = (
    ("Target", "target"),
    *SUMMARY_ROWS,
    *((f"Exhausted ({lens})", f"exhausted:{lens}") for lens in LENSES),
)
"""The rows of a comparison: a label and a key of :data:`mss_runway.comparison.ROW_KEYS`."""
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


def heading(scenario: Scenario) -> str:
    """``Name (USD; start 2024-11, target 2025-10)``."""
    target = f", target {scenario.target}" if scenario.target else ", no target"
    return f"{scenario.name} ({scenario.currency}; start {scenario.start}{target})"


def what_if_line(what_if: Sequence[str]) -> str:
    """The line that tells a reader the numbers are a what-if, not the file's own."""
    return "What-if (not the file's own numbers): " + "; ".join(what_if) if what_if else ""


MARKS: dict[Mark, str] = {"best": " ▲", "worst": " ▼", None: ""}
MARK_LEGEND = "▲ best, ▼ worst of each row"
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def currency_symbol(currency: str) -> str:
    """``$`` for USD (and the other common ones), else the code and a space: ``CHF ``."""
    return _SYMBOLS.get(currency, currency + " ")


def compared_cell(comparison: Comparison, index: int, row: str) -> str:
    """A value of a comparison row for people, without its mark."""
    value = comparison.value(index, row)
    if row == "target":
        return NO_TARGET if value is None else str(value)
    return show(value, row.partition(":")[0], comparison.summary(index, row))


def compact_money(value: Decimal, currency: str) -> str:
    """``85000000`` -> ``$85M``; ``-6200000`` -> ``-$6.2M`` (a label, see the module doc)."""
    symbol = currency_symbol(currency)
    size = abs(value)
    for scale, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k")):
        if size >= scale:
            text = f"{size / scale:.1f}".removesuffix(".0") + suffix
            break
    else:
        text = f"{size:.0f}"
    return ("-" if value < 0 else "") + symbol + text
