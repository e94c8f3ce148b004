"""GitHub-flavoured Markdown: the summary and the ledger as tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

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
    what_if_line,
)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[bool]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    rule = "|" + "|".join("---:" if r else "---" for r in right) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"


def summary_markdown(result: Forecast) -> str:
    header = ["", *(f"{lens} (shown)" if lens == result.lens else lens for lens in LENSES)]
    rows = [
        [
            label,
            *(
                show(
                    summary_value(result.projections[lens].summary, field),
                    field,
                    result.projections[lens].summary,
                )
                for lens in LENSES
            ),
        ]
        for label, field in forecast_rows(result)
    ]
    return md_table(header, rows, [False, True, True, True])


def _closing(amount: Decimal) -> str:
    text = format_amount(amount)
    return f"**{text}**" if amount < 0 else text


def forecast_markdown(
    result: Forecast, what_if: Sequence[str] = (), view: Sequence[MonthView] | None = None
) -> str:
    """The summary and the ledger (the months of ``view`` when given; under each month,
    one row per item when itemised: its amount under Inflow or Outflow, its source in the
    Note column)."""
    currency = result.scenario.currency
    months = view if view is not None else [MonthView(row) for row in result.chosen.rows]
    rows: list[list[str]] = []
    for month in months:
        row = month.row
        rows.append(
            [
                str(row.month),
                format_amount(row.opening),
                format_amount(row.inflow),
                format_amount(row.outflow),
                _closing(row.closing),
                row_note(row, result),
            ]
        )
        for item in month.items or ():
            amount = format_amount(item.amount)
            inflow = item.kind == "contribution"
            rows.append(
                [
                    f"↳ {item_name(item)}",
                    "",
                    amount if inflow else "",
                    "" if inflow else amount,
                    "",
                    item_note(item),
                ]
            )
    ledger = md_table(
        ["Month", f"Opening ({currency})", "Inflow", "Outflow", "Closing", "Note"],
        rows,
        [False, True, True, True, True, False],
    )
    warnings = "".join(f"> Warning: {w}\n" for w in result.warnings)
    reserve = reserve_line(result)
    return (
        f"## {heading(result.scenario)}\n\n"
        + (f"> **{what_if_line(what_if)}**\n\n" if what_if else "")
        + f"Counting: **{result.lens}** contributions in the ledger.\n\n"
        + (f"{reserve}\n\n" if reserve else "")
        + f"{summary_markdown(result)}\n### Ledger ({result.lens})\n\n{ledger}"
        + (f"\n{warnings}" if warnings else "")
    )


def compare_markdown(
    comparison: Comparison, what_if: Sequence[str] = (), monthly: bool = False
) -> str:
    """The summary of every scenario side by side (best and worst of each row marked);
    with ``monthly``, the closing balances by calendar month too."""
    names = [each.result.scenario.name for each in comparison.scenarios]
    rows = []
    for label, row in COMPARE_ROWS:
        marks = comparison.marks(row)
        cells = [compared_cell(comparison, i, row) + MARKS[mark] for i, mark in enumerate(marks)]
        rows.append([label, *cells])
    right = [False, *([True] * len(names))]
    text = f"## Comparison ({comparison.currency}, counting {comparison.lens})\n\n"
    if what_if:
        text += f"> **{what_if_line(what_if)}**\n\n"
    text += md_table(["", *names], rows, right) + f"\n{MARK_LEGEND}.\n"
    if monthly:
        matrix = (
            [str(month), *("" if v is None else _closing(v) for v in values)]
            for month, values in comparison.closings()
        )
        text += f"\n### Closing balance by month\n\n{md_table(['Month', *names], matrix, right)}"
    return text
