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
    from rich import box
    from rich.table import Table
    from rich.text import Text

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
    widest = max([ZERO, *(h for pair in harms for h in pair)])
    unit = "shortfall added" if target is not None else "months of runway lost"
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Contribution", max_width=28, overflow="fold")
    table.add_column(f"Amount ({scenario.currency})", justify="right", no_wrap=True)
    table.add_column("If it never arrives", justify="right", no_wrap=True)
    table.add_column(f"If {result.delay} months late", justify="right", no_wrap=True)
    legend = Text.assemble(f"{unit}\n", ("█", "yellow"), " late ", ("░", "red"), " never")
    table.add_column(legend, no_wrap=True)
    for impact, (never, late) in zip(result.impacts, harms, strict=True):
        c = impact.item.contribution
        table.add_row(
            f"{c.donor}\n{c.status}, {c.date}",
            format_amount(impact.item.amount),
            _outcome_cell(impact.never),
            _outcome_cell(impact.late),
            Text("█" * _bar(late, widest), style="yellow")
            + Text("░" * (_bar(never, widest) - _bar(late, widest)), style="red"),
        )
    console.print(table)
    console.print(
        "Most harmful first: by the shortfall if it never arrives, then how early the money "
        "runs out, then the same if it is late.",
        style="dim",
    )


def _bar(value: Decimal, widest: Decimal) -> int:
    if widest <= 0 or value <= 0:
        return 0
    return max(1, int(value * BAR_WIDTH / widest))


def _outcome_cell(summary: Summary) -> str:
    runs_out = "never runs out" if summary.exhausted is None else f"runs out {summary.exhausted}"
    if summary.shortfall is None:
        return runs_out
    return f"{runs_out}\nshort {format_amount(summary.shortfall)}"
