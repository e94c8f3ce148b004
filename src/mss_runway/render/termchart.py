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
"""One mark per series; a chart shows at most this many series (more: several charts)."""
HEIGHT: Final = 12
#: The most characters a month's column takes when the width leaves room.
WIDEST_COLUMN: Final = 8
#: The mark of a point where more lines meet than the column has room for side by side:
#: their count, in the ``overlap`` style.
OVERLAP: Final = "123456789"

Cell = tuple[str, str]


def chart(
    months: Sequence[Month],
    series: Sequence[Sequence[Decimal | None]],
    targets: Sequence[Month],
    currency: str,
    width: int,
    bounds: tuple[Decimal, Decimal] | None = None,
) -> list[list[Cell]]:
    """Lines of cells, at most ``width`` characters each: a y axis of compact amounts, one
    column per month (or per group of months when they do not fit ``width``), the zero
    line, target columns, and a month axis underneath. ``series[s][m]`` is scenario s's
    closing balance in ``months[m]``; ``bounds`` (top, bottom) fixes the scale, so that
    charts drawn one under another compare.

    Where lines meet at one point, their marks are drawn side by side in the month's
    column, each visible; when more meet than the column has room for, their count is
    drawn instead (a digit in the ``overlap`` style)."""
    values = [v for line in series for v in line if v is not None]
    top, bottom = bounds or (max([*values, Decimal(0)]), min([*values, Decimal(0)]))
    span = top - bottom or Decimal(1)
    labels = [compact_money(top, currency), compact_money(Decimal(0), currency)]
    labels.append(compact_money(bottom, currency))
    gutter = max(len(label) for label in labels) + 2
    room = max(1, width - gutter)
    step = max(1, -(-len(months) // room))  # months per column
    columns = list(range(0, len(months), step))
    cw = max(1, min(WIDEST_COLUMN, room // len(columns)))  # characters per column
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
    for c, m in enumerate(columns):
        points: dict[int, list[int]] = {}
        for s, line in enumerate(series):
            known = [v for v in line[m : m + step] if v is not None]
            if known:
                points.setdefault(row_of(known[-1]), []).append(s)
        for r, meeting in points.items():
            if len(meeting) > cw:
                grid[r][c * cw + mid] = (OVERLAP[min(len(meeting), 9) - 1], "overlap")
                continue
            first = min(max(0, mid - (len(meeting) - 1) // 2), cw - len(meeting))
            for i, s in enumerate(meeting):
                grid[r][c * cw + first + i] = (SYMBOLS[s % len(SYMBOLS)], f"series{s}")
    lines: list[list[Cell]] = []
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[2] if r == HEIGHT - 1 else ""
        if r == zero:
            label = labels[1]
        lines.append([(label.rjust(gutter - 2) + " │", "axis"), *cells])
    lines.append([(" " * (gutter - 1) + "└" + "─" * (len(columns) * cw), "axis")])
    axis = [" "] * max(0, width - gutter)
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


def overlaps(lines: Sequence[Sequence[Cell]]) -> bool:
    """Whether a chart drew a count where more lines met than fitted side by side."""
    return any(style == "overlap" for line in lines for _, style in line)
