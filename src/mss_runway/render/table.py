"""Rich tables for people: the summary under the three lenses, then the ledger."""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..comparison import Comparison
from ..items import Item, MonthView
from ..money import format_amount
from ..projection import LENSES, Forecast, LedgerRow
from .actuals import overdue_grid, variance_grid
from .labels import (
    COMPARE_ROWS,
    MARK_LEGEND,
    MARKS,
    compared_cell,
    forecast_rows,
    heading,
    item_name,
    reserve_line,
    row_note,
    show,
    summary_value,
    under_reserve,
    what_if_line,
)
from .layout import Grid, fit, split

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def print_forecast(
    result: Forecast,
    console: Console,
    what_if: Sequence[str] = (),
    view: Sequence[MonthView] | None = None,
) -> None:
    """Print the summary and the ledger of ``result`` on ``console`` (the months of
    ``view`` when given, with their items when itemised); ``what_if`` names the what-ifs
    applied. Amounts are never cut (see :mod:`.layout`)."""
    from rich.text import Text

    months = view if view is not None else [MonthView(row) for row in result.chosen.rows]
    console.print(Text(heading(result.scenario), style="bold"))
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow")
    fit([summary_grid(result)], console.width).print(console)
    console.print(f"◀ = the ledger below counts {result.lens} contributions", style="dim")
    reserve = reserve_line(result)
    if reserve:
        console.print(reserve, style="dim")
    overdue = overdue_grid(result)
    if overdue is not None:
        fit([overdue], console.width).print(console)
    grids = [
        ledger_grid(result, months, short=False, width=console.width),
        ledger_grid(result, months, short=True, width=console.width),
    ]
    layout = fit(grids, console.width)
    layout.print(console)
    if layout.grid:
        marks = ledger_marks(result, months)
        console.print("   ".join(f"{SHORT_NOTES[n]} {n}" for n in NOTES if n in marks), style="dim")
    plan = variance_grid(result)
    if plan is not None:
        fit([plan], console.width).print(console)


def summary_grid(result: Forecast) -> Grid:
    """The summary: one row per field of :func:`~.labels.forecast_rows`, one column per
    lens."""
    from rich.text import Text

    grid = Grid(["", *(f"{lens} ◀" if lens == result.lens else lens for lens in LENSES)])
    for label, field in forecast_rows(result):
        cells: list[str | Text] = [label]
        for lens in LENSES:
            s = result.projections[lens].summary
            value = summary_value(s, field)
            bad = field in ("shortfall", "months_short", "below_reserve", "reserve_gap") and value
            style = "red" if bad else "bold" if lens == result.lens else ""
            cells.append(Text(show(value, field, s), style=style))
        grid.add_row(*cells)
    return grid


#: The notes of a ledger row, and the short symbol each becomes when the width is short.
NOTES = ("actual", "target", "runs out", "under reserve")
SHORT_NOTES = {"actual": "▪", "target": "◎", "runs out": "✗", "under reserve": "▽"}


def ledger_marks(result: Forecast, months: Sequence[MonthView]) -> set[str]:
    return {note for m in months for note in row_note(m.row, result).split(", ")}


def ledger_grid(
    result: Forecast, months: Sequence[MonthView], short: bool, width: int = 120
) -> Grid:
    """The monthly ledger; ``short``: the notes as symbols after the month (a legend goes
    under the table) instead of a column of words. Itemised, each month's items follow it
    (see :func:`item_cells`, wrapped to the room ``width`` columns leave beside the
    amounts) and the Opening column gives way to them: a month opens with the closing
    balance of the month before, and the title names the first opening."""
    itemised = any(m.items is not None for m in months)
    room = _name_room(result, months, width)
    currency, lens = result.scenario.currency, result.lens
    if itemised:
        first = months[0].row if months else None
        opens = "" if first is None else f"; {first.month} opens at {format_amount(first.opening)}"
        headers = ["Month / item", "Inflow", "Outflow", "Closing"]
        title = f"Monthly ledger, itemised ({currency}, counting {lens}{opens})"
        wrap = [False] * 5  # the items' names come wrapped to the room there is
    else:
        headers = ["Month", "Opening", "Inflow", "Outflow", "Closing"]
        title = f"Monthly ledger ({currency}, counting {lens})"
        wrap = [False] * 6
    grid = Grid(
        headers if short else [*headers, ""],
        right=[False, *([True] * (len(headers) - 1)), False],
        wrap=wrap,
        title=title,
    )
    for month in months:
        row = month.row
        cells = ledger_row(row, result, short)
        grid.add_row(
            *(cells[:1] + cells[2:] if itemised else cells),
            style="on grey15" if row.month == result.scenario.target else None,
        )
        for item in month.items or ():
            grid.add_row(*item_cells(item, short, room))
    return grid


def ledger_row(row: LedgerRow, result: Forecast, short: bool) -> list[str | Text]:
    """The cells of one ledger month (see :func:`ledger_grid`)."""
    from rich.text import Text

    note = row_note(row, result)
    month = str(row.month)
    if short and note:
        month += " " + "".join(SHORT_NOTES[n] for n in note.split(", "))
    closing = "bold red" if row.closing < 0 else "red" if under_reserve(row, result) else ""
    cells: list[str | Text] = [
        month,
        format_amount(row.opening),
        format_amount(row.inflow),
        format_amount(row.outflow),
        Text(format_amount(row.closing), style=closing),
    ]
    if not short:
        cells.append(Text(f"◀ {note}" if note else "", style="bold"))
    return cells


def item_cells(item: Item, short: bool, room: int) -> list[str | Text]:
    """One item under its month: its name indented, and below it, dimmer, where it came
    from (the file's name and line: the JSON and CSV give the path as written) and, when
    they apply, the amount in its own currency and the what-if that changed it, all wrapped
    at spaces to ``room`` columns with a hanging indent; its amount in the Inflow or
    Outflow column."""
    from rich.text import Text

    where = [_short_source(item.source)]
    if item.original is not None:
        o = item.original
        where.append(f"{format_amount(o.amount)} {o.currency} at {o.rate}")
    if item.what_if:
        where.append(f"what-if: {item.what_if}")
    name = Text("\n".join(_wrap(item_name(item), room, "  ", "    ")))
    source = "(" + "; ".join(where) + ")"
    name.append("\n" + "\n".join(_wrap(source, room, "    ", "     ")), style="dim")
    amount = format_amount(item.amount)
    inflow = item.kind == "contribution"
    cells: list[str | Text] = [name, amount if inflow else "", "" if inflow else amount, ""]
    return cells if short else [*cells, ""]


def _wrap(text: str, room: int, first: str, rest: str) -> list[str]:
    """``text`` in lines of at most ``room`` columns (a word longer than that, such as a
    file name, stays whole on a line of its own), indented ``first`` then ``rest``."""
    import textwrap

    return textwrap.wrap(
        text,
        max(room, len(rest) + 8),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _name_room(result: Forecast, months: Sequence[MonthView], width: int) -> int:
    """The columns left for the item names beside the itemised ledger's amounts (the short
    layout, two spaces between columns)."""
    rows = [m.row for m in months]
    amounts = [
        max([len(header), *(len(format_amount(getattr(r, field))) for r in rows)])
        for header, field in (("Inflow", "inflow"), ("Outflow", "outflow"), ("Closing", "closing"))
    ]
    sources = [len(_short_source(i.source)) + 7 for m in months for i in m.items or ()]
    # never narrower than a file name and line: when the width is that short, the amounts
    # go to sections below (see .layout) rather than the names to a word a line
    return max([width - sum(amounts) - 2 * len(amounts), *sources])


def _short_source(source: str | None) -> str:
    """``scenarios/base.yaml:12`` as ``base.yaml:12``."""
    return "source unknown" if source is None else os.path.basename(source)


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
