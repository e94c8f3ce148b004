"""Words and number formats shared by the renderers for people (table, Markdown, charts).

:func:`compact_money` abbreviates an amount for an axis label (``$85M``, ``-$6.2M``): a
display label only, never used in any computation; the exact amounts are in the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..checks import reserve_words
from ..comparison import Comparison, Mark
from ..items import Item
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
#: A lens whose money lasts through every month of its ledger: the ledger runs on past the
#: last month the scenario names until the first negative balance (120 months at most), so
#: it has no exhaustion month. Said as what is known, not as a missing value.
NEVER = "not in ledger"
WHOLE_LEDGER = "whole ledger"
NO_TARGET = "no target"
#: The lowest balance as two rows (amount, month), so that columns stay as narrow as an
#: amount.
LOWEST_ROWS = (("Lowest balance", "lowest_balance.amount"), ("Lowest in", "lowest_balance.month"))
#: The summary rows of a forecast with a reserve, after :data:`SUMMARY_ROWS` and the
#: lowest balance.
RESERVE_ROWS = (("Below reserve from", "below_reserve"), ("Reserve gap", "reserve_gap"))


def forecast_rows(result: Forecast) -> tuple[tuple[str, str], ...]:
    """The summary rows of a forecast: :data:`SUMMARY_ROWS`, the lowest balance, and the
    reserve's rows when the scenario has a reserve."""
    rows = (*SUMMARY_ROWS, *LOWEST_ROWS)
    return rows if result.scenario.reserve is None else (*rows, *RESERVE_ROWS)


def summary_value(summary: Summary, field: str) -> object:
    """The value of a summary row: a field of ``summary``, or a part of its lowest balance
    (``lowest_balance.amount``, ``lowest_balance.month``)."""
    name, _, part = field.partition(".")
    value = getattr(summary, name)
    return getattr(value, part) if part else value


def show(value: object, field: str, summary: Summary) -> str:
    """A summary value for people: months as YYYY-MM, money with separators."""
    if value is None:
        if field in {"shortfall", "balance_at_target", "months_short"}:
            return NO_TARGET
        if field == "funded_through" and summary.exhausted is not None:
            return "not funded"
        if field == "below_reserve":
            return "never"
        if field in {"funded_through", "runway_months"}:
            return WHOLE_LEDGER
        return NEVER
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def under_reserve(row: LedgerRow, result: Forecast) -> bool:
    """Whether ``row`` of the chosen ledger closes under the scenario's reserve."""
    reserve = result.chosen.reserve
    return reserve is not None and row.closing < reserve[row.month - result.scenario.start]


def row_note(row: LedgerRow, result: Forecast) -> str:
    notes = []
    if row.month == result.scenario.target:
        notes.append("target")
    if row.month == result.chosen.summary.exhausted:
        notes.append("runs out")
    if under_reserve(row, result):
        notes.append("under reserve")
    return ", ".join(notes)


def reserve_line(result: Forecast) -> str:
    """``Reserve: 3 months of costs, ...``; empty without a reserve."""
    reserve = result.scenario.reserve
    if reserve is None:
        return ""
    words = reserve_words(reserve, result.scenario.currency)
    return f"Reserve: {words}, the balance no month may close under."


def item_name(item: Item) -> str:
    """``Germany (pledged)`` or a cost line's label."""
    return f"{item.name} ({item.status})" if item.status else item.name


def item_note(item: Item) -> str:
    """Where an item came from and what changed it: ``file.yaml:12; 750,000.50 EUR at
    1.08; what-if: every cost x 1.1``."""
    notes = [item.source or "source unknown"]
    if item.original is not None:
        o = item.original
        notes.append(f"{format_amount(o.amount)} {o.currency} at {o.rate}")
    if item.what_if:
        notes.append(f"what-if: {item.what_if}")
    return "; ".join(notes)


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
