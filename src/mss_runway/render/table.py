"""Rich tables for people: the summary under the three lenses, then the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..money import format_amount
from ..projection import LENSES, Forecast
from .labels import SUMMARY_ROWS, heading, row_note, show, what_if_line

if TYPE_CHECKING:
    from rich.console import Console


def print_forecast(result: Forecast, console: Console, what_if: Sequence[str] = ()) -> None:
    """Print the summary and the ledger of ``result`` on ``console``; ``what_if`` names
    the what-ifs applied."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    summary = Table(title=heading(result), box=box.SIMPLE_HEAD, title_justify="left")
    summary.add_column("")
    for lens in LENSES:
        chosen = lens == result.lens
        summary.add_column(
            f"{lens} ◀" if chosen else lens,
            justify="right",
            style="bold" if chosen else None,
        )
    for label, field in SUMMARY_ROWS:
        cells = []
        for lens in LENSES:
            s = result.projections[lens].summary
            value = getattr(s, field)
            text = show(value, field, s)
            bad = (field == "shortfall" and value) or (field == "months_short" and value)
            cells.append(Text(text, style="red" if bad else ""))
        summary.add_row(label, *cells)
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    console.print(summary)
    console.print(f"◀ = the ledger below counts {result.lens} contributions", style="dim")

    ledger = Table(
        title=f"Monthly ledger ({result.scenario.currency}, counting {result.lens})",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    ledger.add_column("Month")
    for name in ("Opening", "Inflow", "Outflow", "Closing"):
        ledger.add_column(name, justify="right")
    ledger.add_column("")
    for row in result.chosen.rows:
        note = row_note(row, result)
        ledger.add_row(
            str(row.month),
            format_amount(row.opening),
            format_amount(row.inflow),
            format_amount(row.outflow),
            Text(format_amount(row.closing), style="bold red" if row.closing < 0 else ""),
            Text(f"◀ {note}" if note else "", style="bold"),
            style="on grey15" if row.month == result.scenario.target else None,
        )
    console.print(ledger)
