"""GitHub-flavoured Markdown: the summary and the ledger as tables."""

from __future__ import annotations

import re
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

#: Characters that Markdown (CommonMark with GFM tables and strikethrough) may read as
#: markup inside a line: each is written with a backslash before it.
_MARKUP = re.compile(r"([\\`*_\[\]<>&|~#!])")
#: Control characters, line breaks included: a table row or a heading is one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: A pipe not already escaped (preceded by an even number of backslashes, or none).
_BARE_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def md_text(text: str) -> str:
    """Any text (a name, a path, a message) as Markdown that shows exactly that text on one
    line: control characters and line breaks become spaces, the ends are trimmed (Markdown
    drops them), and every character that could be markup is escaped."""
    return _MARKUP.sub(r"\\\1", _CONTROL.sub(" ", text).strip())


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[bool]) -> str:
    """A GFM table of cells that are already Markdown (pass text through :func:`md_text`).
    Whatever a cell holds, the table keeps its shape: a line break in a cell becomes a
    space and a pipe not escaped is escaped."""

    def line(cells: Sequence[str]) -> str:
        safe = (_BARE_PIPE.sub(r"\1\\|", _CONTROL.sub(" ", c)) for c in cells)
        return "| " + " | ".join(safe) + " |"

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
                    f"↳ {md_text(item_name(item))}",
                    "",
                    amount if inflow else "",
                    "" if inflow else amount,
                    "",
                    md_text(item_note(item)),
                ]
            )
    ledger = md_table(
        ["Month", f"Opening ({currency})", "Inflow", "Outflow", "Closing", "Note"],
        rows,
        [False, True, True, True, True, False],
    )
    warnings = "".join(f"> Warning: {md_text(w)}\n" for w in result.warnings)
    reserve = reserve_line(result)
    from .actuals import overdue_markdown, variance_markdown

    plan = variance_markdown(result)
    return (
        f"## {md_text(heading(result.scenario))}\n\n"
        + (f"> **{md_text(what_if_line(what_if))}**\n\n" if what_if else "")
        + f"Counting: **{result.lens}** contributions in the ledger.\n\n"
        + (f"{md_text(reserve)}\n\n" if reserve else "")
        + f"{summary_markdown(result)}\n"
        + overdue_markdown(result)
        + f"### Ledger ({result.lens})\n\n{ledger}"
        + (f"\n### Plan against actual\n\n{plan}" if plan else "")
        + (f"\n{warnings}" if warnings else "")
    )


def compare_markdown(
    comparison: Comparison, what_if: Sequence[str] = (), monthly: bool = False
) -> str:
    """The summary of every scenario side by side (best and worst of each row marked);
    with ``monthly``, the closing balances by calendar month too."""
    names = comparison.headings(clean=md_text)
    rows = []
    for label, row in COMPARE_ROWS:
        marks = comparison.marks(row)
        cells = [compared_cell(comparison, i, row) + MARKS[mark] for i, mark in enumerate(marks)]
        rows.append([label, *cells])
    right = [False, *([True] * len(names))]
    text = f"## Comparison ({comparison.currency}, counting {comparison.lens})\n\n"
    if what_if:
        text += f"> **{md_text(what_if_line(what_if))}**\n\n"
    text += md_table(["", *names], rows, right) + f"\n{MARK_LEGEND}.\n"
    if monthly:
        matrix = (
            [str(month), *("" if v is None else _closing(v) for v in values)]
            for month, values in comparison.closings()
        )
        text += f"\n### Closing balance by month\n\n{md_table(['Month', *names], matrix, right)}"
    return text
