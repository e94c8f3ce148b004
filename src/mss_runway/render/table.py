"""Rich tables for people: the summary under the three lenses, then the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..comparison import Comparison
from ..money import format_amount
from ..projection import LENSES, Forecast, LedgerRow
from .labels import (
    COMPARE_ROWS,
    MARK_LEGEND,
    MARKS,
    SUMMARY_ROWS,
    compared_cell,
    heading,
    row_note,
    show,
    what_if_line,
)
from .layout import Grid, fit, split

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def print_forecast(result: Forecast, console: Console, what_if: Sequence[str] = ()) -> None:
    """Print the summary and the ledger of ``result`` on ``console``; ``what_if`` names
    the what-ifs applied. Amounts are never cut (see :mod:`.layout`)."""
    from rich.text import Text

    console.print(Text(heading(result.scenario), style="bold"))
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    fit([summary_grid(result)], console.width).print(console)
    console.print(f"◀ = the ledger below counts {result.lens} contributions", style="dim")
    layout = fit([ledger_grid(result, short=False), ledger_grid(result, short=True)], console.width)
    layout.print(console)
    if layout.grid:
        marks = ledger_marks(result)
        console.print("   ".join(f"{SHORT_NOTES[n]} {n}" for n in NOTES if n in marks), style="dim")


def summary_grid(result: Forecast) -> Grid:
    """The summary: one row per :data:`SUMMARY_ROWS` field, one column per lens."""
    from rich.text import Text

    grid = Grid(["", *(f"{lens} ◀" if lens == result.lens else lens for lens in LENSES)])
    for label, field in SUMMARY_ROWS:
        cells: list[str | Text] = [label]
        for lens in LENSES:
            s = result.projections[lens].summary
            value = getattr(s, field)
            bad = field in ("shortfall", "months_short") and value
            style = "red" if bad else "bold" if lens == result.lens else ""
            cells.append(Text(show(value, field, s), style=style))
        grid.add_row(*cells)
    return grid


#: The notes of a ledger row, and the short symbol each becomes when the width is short.
NOTES = ("target", "runs out")
SHORT_NOTES = {"target": "◎", "runs out": "✗"}


def ledger_marks(result: Forecast) -> set[str]:
    return {note for row in result.chosen.rows for note in row_note(row, result).split(", ")}


def ledger_grid(result: Forecast, short: bool) -> Grid:
    """The monthly ledger; ``short``: the notes as symbols after the month (a legend goes
    under the table) instead of a column of words."""
    headers = ["Month", "Opening", "Inflow", "Outflow", "Closing"]
    grid = Grid(
        headers if short else [*headers, ""],
        right=[False, True, True, True, True, False],
        wrap=[False] * 6,
        title=f"Monthly ledger ({result.scenario.currency}, counting {result.lens})",
    )
    for row in result.chosen.rows:
        grid.add_row(
            *ledger_row(row, result, short),
            style="on grey15" if row.month == result.scenario.target else None,
        )
    return grid


def ledger_row(row: LedgerRow, result: Forecast, short: bool) -> list[str | Text]:
    """The cells of one ledger month (see :func:`ledger_grid`)."""
    from rich.text import Text

    note = row_note(row, result)
    month = str(row.month)
    if short and note:
        month += " " + "".join(SHORT_NOTES[n] for n in note.split(", "))
    cells: list[str | Text] = [
        month,
        format_amount(row.opening),
        format_amount(row.inflow),
        format_amount(row.outflow),
        Text(format_amount(row.closing), style="bold red" if row.closing < 0 else ""),
    ]
    if not short:
        cells.append(Text(f"◀ {note}" if note else "", style="bold"))
    return cells


_MARK_STYLES = {"best": "green", "worst": "red", None: ""}
_SERIES_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "bright_red", "white", "red")


def print_compare(
    comparison: Comparison, console: Console, what_if: Sequence[str] = (), monthly: bool = False
) -> None:
    """Print scenarios side by side (best and worst of each row marked), with
    ``monthly`` their closing balances by month, then a chart of the balances."""
    from rich.text import Text

    names = comparison.headings()
    currency, lens = comparison.currency, comparison.lens
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    summary = Grid(["", *names], title=f"Comparison ({currency}, counting {lens})")
    marks = {row: comparison.marks(row) for _, row in COMPARE_ROWS}
    for name, row in COMPARE_ROWS:
        summary.add_row(
            name,
            *(
                Text(compared_cell(comparison, i, row) + MARKS[mark], style=_MARK_STYLES[mark])
                for i, mark in enumerate(marks[row])
            ),
        )
    # as many scenarios side by side as fit the width; the others in tables below
    fit([summary], console.width).print(console)
    console.print(MARK_LEGEND, style="dim")
    if monthly:
        matrix = Grid(
            ["Month", *names],
            title=f"Closing balance by month ({currency}, counting {lens})",
            wrap=[False] * (len(names) + 1),
        )
        for month, values in comparison.closings():
            matrix.add_row(
                str(month),
                *(
                    Text(
                        "" if v is None else format_amount(v),
                        style="bold red" if v and v < 0 else "",
                    )
                    for v in values
                ),
            )
        fit([matrix], console.width).print(console)
    _print_chart(comparison, console)


def _print_chart(comparison: Comparison, console: Console) -> None:
    """The closing balances over time, within the console's width: one chart, or when
    lines meet at more points than fit side by side or the scenarios outnumber the marks,
    the fewest charts, one under another on the same scale, in which every mark is seen."""
    from rich.text import Text

    from .sentences import print_hanging
    from .termchart import SYMBOLS, Cell, chart, overlaps

    closings = comparison.closings()
    headings = comparison.headings()
    targets = [t for each in comparison.scenarios if (t := each.result.scenario.target)]
    values = [v for _, row in closings for v in row if v is not None]
    bounds = (max([*values, Decimal(0)]), min([*values, Decimal(0)]))
    count = len(comparison.scenarios)
    months = [month for month, _ in closings]

    def draw(group: range) -> list[list[Cell]]:
        series = [[values[s] for _, values in closings] for s in group]
        return chart(months, series, targets, comparison.currency, console.width, bounds)

    for size in range(len(SYMBOLS), 1, -1):
        groups = split(count, -(-count // size), 0)
        charts = [draw(group) for group in groups]
        if not any(overlaps(lines) for lines in charts):
            break
    else:  # too many lines meet for any split: counts mark where
        groups = split(count, -(-count // len(SYMBOLS)), 0)
        charts = [draw(group) for group in groups]
    styles = {"axis": "dim", "zero": "dim", "target": "yellow", "overlap": "bold"}
    title = f"Closing balance over time ({comparison.currency}, counting {comparison.lens})"
    for n, (group, lines) in enumerate(zip(groups, charts, strict=True)):
        part = f" ({n + 1} of {len(groups)})" if len(groups) > 1 else ""
        console.print(f"\n{title}{part}", style="bold")
        for line in lines:
            text = Text()
            for chars, style in line:
                if style.startswith("series"):
                    style = _SERIES_STYLES[int(style[6:]) % len(_SERIES_STYLES)]
                text.append(chars, style=styles.get(style, style))
            console.print(text, no_wrap=True, overflow="crop")
        for i, s in enumerate(group):
            style = _SERIES_STYLES[i % len(_SERIES_STYLES)]
            name = headings[s]
            print_hanging(console, f"  {SYMBOLS[i]} ", Text(name, style=style))
        if overlaps(lines):
            console.print("  2-9: that many lines meet at that point", style="dim")
