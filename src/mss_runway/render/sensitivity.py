"""``sensitivity`` results for scripts (JSON list) and people (a tornado chart).

``rich`` is imported only inside :func:`print_sensitivity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..money import ZERO, format_amount
from ..months import Month
from ..projection import Summary
from ..sensitivity import Sensitivity
from .document import month_text
from .labels import what_if_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from .layout import Grid

#: Width of the longest tornado bar, in characters.
BAR_WIDTH = 24


def sensitivity_document(result: Sensitivity) -> list[dict[str, Any]]:
    """The list ``sensitivity --format json`` prints, most harmful first (docs/output.md)."""
    return [
        {
            "donor": impact.item.contribution.donor,
            "date": str(impact.item.contribution.date),
            "status": impact.item.contribution.status,
            "amount": impact.item.amount,
            "never": _outcome(impact.never),
            "late": _outcome(impact.late),
            "index": impact.item.index,
        }
        for impact in result.impacts
    ]


def _outcome(summary: Summary) -> dict[str, Any]:
    return {"exhausted": month_text(summary.exhausted), "shortfall": summary.shortfall}


def harm(summary: Summary, baseline: Summary, after_ledger: Month) -> Decimal:
    """The length of a bar: the shortfall added (with a target), else the months of runway
    lost (never running out counts as running out in ``after_ledger``, the month after the
    longest ledger)."""
    if baseline.shortfall is not None and summary.shortfall is not None:
        return summary.shortfall - baseline.shortfall
    return Decimal((baseline.exhausted or after_ledger) - (summary.exhausted or after_ledger))


def print_sensitivity(result: Sensitivity, console: Console, what_if: Sequence[str] = ()) -> None:
    """A table of every uncertain contribution, most harmful first, with tornado bars."""
    from rich.text import Text

    from .layout import fit

    scenario = result.scenario
    base = result.baseline
    target = scenario.target
    console.print(
        Text.assemble(
            ("Which contributions matter most", "bold"),
            f" — {scenario.name} (counting {result.lens} contributions)",
        )
    )
    if what_if:
        console.print(what_if_line(what_if), style="bold yellow", highlight=False)
    gap = (
        f"; shortfall at {target}: {scenario.currency} {format_amount(base.shortfall)}"
        if base.shortfall is not None
        else ""
    )
    runs = f"runs out {base.exhausted}" if base.exhausted else "never runs out within the ledger"
    console.print(f"As planned: {runs}{gap}.", highlight=False)
    if not result.impacts:
        console.print("No contribution counted under this lens is still to come.")
        return
    after = scenario.end_month + 1
    harms = [(harm(i.never, base, after), harm(i.late, base, after)) for i in result.impacts]
    unit = "shortfall added" if target is not None else "months of runway lost"
    legend = Text.assemble(("█", "yellow"), " late ", ("░", "red"), " never")
    for bar in BAR_WIDTHS:  # the widest bars that fit beside the numbers
        layout = fit(
            [_grid(result, harms, unit, bar, legend=True), _grid(result, harms, unit, bar)],
            console.width,
        )
        if len(layout.tables) == 1 and layout.gap > 1:
            layout.print(console)
            break
    else:  # the bars in a table of their own below the numbers
        fit([_grid(result, harms, unit)], console.width).print(console)
        bars = _grid(result, harms, unit, min(BAR_WIDTH, console.width - 24), numbers=False)
        fit([bars], console.width).print(console)
        layout = None
    if layout is None or layout.grid == 1:
        console.print(legend)
    console.print(
        "Most harmful first: by the shortfall if it never arrives, then how early the money "
        "runs out, then the same if it is late.",
        style="dim",
    )


#: The widths the longest tornado bar may take beside the numbers, widest first.
BAR_WIDTHS = (BAR_WIDTH, 16, 8)


def _grid(
    result: Sensitivity,
    harms: list[tuple[Decimal, Decimal]],
    unit: str,
    bar: int = 0,
    legend: bool = False,
    numbers: bool = True,
) -> Grid:
    """The table: each contribution, with ``numbers`` its amount and outcomes, with ``bar``
    its tornado bar (the longest ``bar`` wide) under the heading ``unit`` (and with
    ``legend`` the bars' legend)."""
    from rich.text import Text

    from .layout import Grid

    currency = result.scenario.currency
    headers = ["Contribution"]
    if numbers:
        headers += [f"Amount ({currency})", "If it never arrives", f"If {result.delay} months late"]
    if bar:
        headers.append(f"{unit}\n█ late ░ never" if legend else unit)
    right = [False, *(True,) * (len(headers) - 2), False] if bar else [False, True, True, True]
    grid = Grid(headers, right=right[: len(headers)], wrap=[True, False, False, False, False])
    widest = max([ZERO, *(h for pair in harms for h in pair)])
    for impact, (never, late) in zip(result.impacts, harms, strict=True):
        c = impact.item.contribution
        cells: list[str | Text] = [f"{c.donor}\n{c.status}, {c.date}"]
        if numbers:
            cells += [
                format_amount(impact.item.amount),
                _outcome_cell(impact.never),
                _outcome_cell(impact.late),
            ]
        if bar:
            cells.append(
                Text("█" * _bar(late, widest, bar), style="yellow")
                + Text("░" * (_bar(never, widest, bar) - _bar(late, widest, bar)), style="red")
            )
        grid.add_row(*cells)
    return grid


def _bar(value: Decimal, widest: Decimal, width: int) -> int:
    if widest <= 0 or value <= 0:
        return 0
    return max(1, int(value * width / widest))


def _outcome_cell(summary: Summary) -> str:
    runs_out = "never runs out" if summary.exhausted is None else f"runs out {summary.exhausted}"
    if summary.shortfall is None:
        return runs_out
    return f"{runs_out}\nshort {format_amount(summary.shortfall)}"
