"""A chart for the terminal: closing balances of several scenarios over calendar months.

Pure: builds a grid of characters, each with a style name that the table renderer turns
into colour (``series0``, ``series1``, ... for the scenarios; ``zero`` for the zero line;
``target`` for a target month; ``axis`` for labels). Balances are placed on rows by exact
``Decimal`` arithmetic on the values; nothing here is money arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Final

from ..months import Month
from .labels import compact_money

SYMBOLS: Final = ("●", "■", "▲", "◆", "★", "✚", "✖", "○")
HEIGHT: Final = 12

Cell = tuple[str, str]


def chart(
    months: Sequence[Month],
    series: Sequence[Sequence[Decimal | None]],
    targets: Sequence[Month],
    currency: str,
    width: int,
) -> list[list[Cell]]:
    """Lines of cells: a y axis of compact amounts, one column per month (or per group of
    months when they do not fit ``width``), the zero line, target columns, and a month
    axis underneath. ``series[s][m]`` is scenario s's closing balance in ``months[m]``."""
    values = [v for line in series for v in line if v is not None]
    top, bottom = max([*values, Decimal(0)]), min([*values, Decimal(0)])
    span = top - bottom or Decimal(1)
    labels = [compact_money(top, currency), compact_money(Decimal(0), currency)]
    labels.append(compact_money(bottom, currency))
    gutter = max(len(label) for label in labels) + 2
    room = max(1, width - gutter)
    step = max(1, -(-len(months) // room))  # months per column
    columns = list(range(0, len(months), step))
    cw = max(1, min(4, room // len(columns)))  # characters per column
    mid = cw // 2

    def row_of(value: Decimal) -> int:
        return int(((top - value) / span * (HEIGHT - 1)).quantize(1, ROUND_HALF_EVEN))

    zero = row_of(Decimal(0))
    grid: list[list[Cell]] = [[(" ", "")] * (len(columns) * cw) for _ in range(HEIGHT)]
    grid[zero] = [("─", "zero")] * (len(columns) * cw)
    for c, m in enumerate(columns):
        if any(month in targets for month in months[m : m + step]):
            for r in range(HEIGHT):
                grid[r][c * cw + mid] = ("┊", "target")
    for s, line in enumerate(series):
        for c, m in enumerate(columns):
            known = [v for v in line[m : m + step] if v is not None]
            if known:
                grid[row_of(known[-1])][c * cw + mid] = (SYMBOLS[s % len(SYMBOLS)], f"series{s}")
    lines: list[list[Cell]] = []
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[2] if r == HEIGHT - 1 else ""
        if r == zero:
            label = labels[1]
        lines.append([(label.rjust(gutter - 2) + " │", "axis"), *cells])
    lines.append([(" " * (gutter - 1) + "└" + "─" * (len(columns) * cw), "axis")])
    axis = [" "] * (len(columns) * cw + 8)
    at = 0
    for c, m in enumerate(columns):
        label = str(months[m])
        if c * cw >= at and c * cw + len(label) <= len(axis):
            axis[c * cw : c * cw + len(label)] = label
            at = c * cw + len(label) + 2
    lines.append([(" " * gutter + "".join(axis).rstrip(), "axis")])
    for target in sorted(set(targets)):
        if target in months:
            lines.append([(" " * gutter, ""), (f"┊ target {target}", "target")])
    return lines
