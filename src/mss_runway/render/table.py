"""Rich tables for people: the summary under the three lenses, then the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..comparison import Comparison
from ..items import MonthView
from ..money import format_amount
from ..projection import LENSES, Forecast
from .labels import (
    COMPARE_ROWS,
    MARK_LEGEND,
    MARKS,
    compared_cell,
    forecast_rows,
    heading,
    item_name,
    item_note,
    reserve_line,
    row_note,
    show,
    summary_value,
    under_reserve,
    what_if_line,
)

if TYPE_CHECKING:
    from rich.console import Console


def print_forecast(
    result: Forecast,
    console: Console,
    what_if: Sequence[str] = (),
    view: Sequence[MonthView] | None = None,
) -> None:
    """Print the summary and the ledger of ``result`` on ``console`` (the months of
    ``view`` when given, with their items when itemised); ``what_if`` names the what-ifs
    applied."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    summary = Table(box=box.SIMPLE_HEAD)
    summary.add_column("")
    for lens in LENSES:
        chosen = lens == result.lens
        summary.add_column(
            f"{lens} ◀" if chosen else lens,
            justify="right",
            style="bold" if chosen else None,
        )
    for label, field in forecast_rows(result):
        cells = []
        for lens in LENSES:
            s = result.projections[lens].summary
            value = summary_value(s, field)
            text = show(value, field, s)
            bad = value and field in ("shortfall", "months_short", "below_reserve", "reserve_gap")
            cells.append(Text(text, style="red" if bad else ""))
        summary.add_row(label, *cells)
    console.print(Text(heading(result.scenario), style="bold"))
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    console.print(summary)
    console.print(f"◀ = the ledger below counts {result.lens} contributions", style="dim")
    reserve = reserve_line(result)
    if reserve:
        console.print(reserve, style="dim")

    ledger = Table(
        title=f"Monthly ledger ({result.scenario.currency}, counting {result.lens})",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    ledger.add_column("Month")
    for name in ("Opening", "Inflow", "Outflow", "Closing"):
        ledger.add_column(name, justify="right")
    ledger.add_column("")
    months = view if view is not None else [MonthView(row) for row in result.chosen.rows]
    for month in months:
        row = month.row
        note = row_note(row, result)
        closing_style = (
            "bold red" if row.closing < 0 else "red" if under_reserve(row, result) else ""
        )
        ledger.add_row(
            str(row.month),
            format_amount(row.opening),
            format_amount(row.inflow),
            format_amount(row.outflow),
            Text(format_amount(row.closing), style=closing_style),
            Text(f"◀ {note}" if note else "", style="bold"),
            style="on grey15" if row.month == result.scenario.target else None,
        )
        for item in month.items or ():
            amount = format_amount(item.amount)
            inflow = item.kind == "contribution"
            ledger.add_row(
                Text(f"  {item_name(item)}", style="dim"),
                "",
                amount if inflow else "",
                "" if inflow else amount,
                "",
                Text(item_note(item), style="dim"),
            )
    console.print(ledger)


_MARK_STYLES = {"best": "green", "worst": "red", None: ""}
_SERIES_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "bright_red", "white", "red")


def print_compare(
    comparison: Comparison, console: Console, what_if: Sequence[str] = (), monthly: bool = False
) -> None:
    """Print scenarios side by side (best and worst of each row marked), with
    ``monthly`` their closing balances by month, then a chart of the balances."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    names = [each.result.scenario.name for each in comparison.scenarios]
    cells = {
        row: [
            Text(compared_cell(comparison, i, row) + MARKS[mark], style=_MARK_STYLES[mark])
            for i, mark in enumerate(comparison.marks(row))
        ]
        for _, row in COMPARE_ROWS
    }
    closings = comparison.closings() if monthly else []
    matrix_cells = [
        [
            Text("" if v is None else format_amount(v), style="bold red" if v and v < 0 else "")
            for v in values
        ]
        for _, values in closings
    ]
    widest = max((c.cell_len for row in [*cells.values(), *matrix_cells] for c in row), default=0)
    # As many scenarios per table as fit the width without breaking a number; more
    # scenarios continue in another table below, as a printed report would.
    label = max(len(name) for name, _ in COMPARE_ROWS)
    per_table = max(1, (console.width - label - 4) // (widest + 3))
    parts = range(0, len(names), per_table)
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    for first in parts:
        shown = range(first, min(first + per_table, len(names)))
        more = f" ({first // per_table + 1} of {len(parts)})" if len(parts) > 1 else ""
        title = f"Comparison ({comparison.currency}, counting {comparison.lens}){more}"
        summary = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
        summary.add_column("", no_wrap=True)
        for i in shown:
            summary.add_column(names[i], justify="right", min_width=widest)
        for name, row in COMPARE_ROWS:
            summary.add_row(name, *(cells[row][i] for i in shown))
        console.print(summary)
    console.print(MARK_LEGEND, style="dim")
    for first in parts if monthly else ():
        shown = range(first, min(first + per_table, len(names)))
        more = f" ({first // per_table + 1} of {len(parts)})" if len(parts) > 1 else ""
        matrix = Table(
            title=f"Closing balance by month ({comparison.currency}, counting "
            f"{comparison.lens}){more}",
            box=box.SIMPLE_HEAD,
            title_justify="left",
        )
        matrix.add_column("Month", no_wrap=True)
        for i in shown:
            matrix.add_column(names[i], justify="right", min_width=widest)
        for (month, _), row_cells in zip(closings, matrix_cells, strict=True):
            matrix.add_row(str(month), *(row_cells[i] for i in shown))
        console.print(matrix)
    _print_chart(comparison, console)


def _print_chart(comparison: Comparison, console: Console) -> None:
    from rich.text import Text

    from .termchart import SYMBOLS, chart

    closings = comparison.closings()
    targets = [t for each in comparison.scenarios if (t := each.result.scenario.target)]
    lines = chart(
        [month for month, _ in closings],
        [[values[s] for _, values in closings] for s in range(len(comparison.scenarios))],
        targets,
        comparison.currency,
        max(40, console.width - 2),
    )
    styles = {"axis": "dim", "zero": "dim", "target": "yellow"}
    console.print(
        f"\nClosing balance over time ({comparison.currency}, counting {comparison.lens})",
        style="bold",
    )
    for line in lines:
        text = Text()
        for chars, style in line:
            if style.startswith("series"):
                style = _SERIES_STYLES[int(style[6:]) % len(_SERIES_STYLES)]
            text.append(chars, style=styles.get(style, style))
        console.print(text, no_wrap=True, overflow="crop")
    legend = Text("  ")
    for s, each in enumerate(comparison.scenarios):
        style = _SERIES_STYLES[s % len(_SERIES_STYLES)]
        legend.append(f"{SYMBOLS[s % len(SYMBOLS)]} {each.result.scenario.name}   ", style=style)
    console.print(legend)
