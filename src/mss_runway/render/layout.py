"""Tables that fit the width without cutting a number or losing a row's name.

A :class:`Grid` is a table described row by row: the first column names each row
(month, donor, field), the others hold values. :func:`fit` picks the most decorated
layout that fits the width, in this order, so that decorations give way first:

1. the first (most decorated) grid, boxed as usual (3 spaces between columns);
2. the last grid (callers pass one with short markers, whose legend goes under the table);
3. 2, then 1 space between columns;
4. words wrapped inside columns that may wrap (names, phrases such as "not in ledger"),
   the room left over given back to those columns, the name column first;
5. stacked sections: the value columns split over tables printed one under another, each
   repeating the name column.

Every column gets a fixed width no smaller than its widest unbreakable piece (an amount,
a month, the longest word), so rich never shrinks a column below it: a number is printed
whole or not at all. ``rich`` is imported only inside functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

#: Spaces between columns, most decorated first; 3 is the boxed look with edges.
GAPS: Final = (3, 2, 1)
#: A word longer than this in a column that may wrap is folded rather than widening it.
LONGEST_WORD: Final = 24


@dataclass
class Grid:
    """A table row by row: ``headers[0]`` and each row's first cell name the row."""

    headers: Sequence[str]
    rows: list[list[str | Text]] = field(default_factory=list)
    right: Sequence[bool] = ()
    """Right-justified columns (values); default: all but the first."""
    wrap: Sequence[bool] = ()
    """Columns whose cells may wrap at spaces; default: only the first."""
    row_styles: list[str | None] = field(default_factory=list)
    title: str | None = None

    def add_row(self, *cells: str | Text, style: str | None = None) -> None:
        self.rows.append(list(cells))
        self.row_styles.append(style)

    def _right(self, i: int) -> bool:
        return self.right[i] if self.right else i > 0

    def _wraps(self, i: int) -> bool:
        return self.wrap[i] if self.wrap else i == 0


@dataclass(frozen=True)
class Layout:
    """What :func:`fit` chose: which grid, how far apart, and the tables to print."""

    grid: int
    gap: int
    tables: list[Table]
    width: int
    """The width of the widest table."""
    titles: Sequence[str | None] = ()

    def room(self, width: int) -> int:
        """How wide one more column could be beside the widest table within ``width``."""
        return width - self.width - (3 if self.gap == 3 else self.gap)

    def print(self, console: Console) -> None:
        """The tables one under another, each after a blank line and its title."""
        from rich.text import Text

        for title, table in zip(self.titles or [None] * len(self.tables), self.tables, strict=True):
            if self.gap != 3:  # the boxed look has blank edges of its own
                console.print()
            if title:  # not the table's own title: that would wrap at the table's width
                console.print(Text(title, style="italic"))
            console.print(table)


def _lines(cell: str | Text) -> list[str]:
    return (cell if isinstance(cell, str) else cell.plain).split("\n")


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def column_width(grid: Grid, column: int, wrapped: int) -> int:
    """The width ``column`` needs: its widest line; with ``wrapped`` 1, headers wrap at
    spaces, and so do the cells of a column that may wrap but the first; with 2, the first
    too (their longest word then, see :func:`_fold`)."""
    lines = [line for row in grid.rows for line in _lines(row[column])]
    header = grid.headers[column]
    heads = [_fold(w) for w in header.split()] if wrapped else [_width(header)]
    may_wrap = grid._wraps(column) and wrapped >= (2 if column == 0 else 1)
    if not may_wrap:
        return max(1, *heads, *(_width(line) for line in lines))
    words = [w for line in lines for w in line.split()]
    return max(1, *heads, *(_fold(w) for w in words))


def _fold(word: str) -> int:
    """The room a word takes in a column that may wrap: a number whole, other words up
    to :data:`LONGEST_WORD` (longer ones fold)."""
    width = _width(word)
    return width if any(ch.isdigit() for ch in word) else min(width, LONGEST_WORD)


def table_width(column_widths: Sequence[int], gap: int) -> int:
    """Columns and the room between them: boxed (gap 3) adds an edge on each side."""
    n = len(column_widths)
    return sum(column_widths) + (3 * n + 1 if gap == 3 else gap * (n - 1))


def fit(grids: Sequence[Grid], width: int) -> Layout:
    """The most decorated layout of ``grids`` (most decorated first) that fits ``width``
    columns, as tables to print one under another (see the module doc)."""
    last = len(grids) - 1
    attempts = [(g, 3, 0) for g in range(last)]
    attempts += [(last, gap, 0) for gap in GAPS]
    attempts += [(last, gap, wrapped) for wrapped in (1, 2) for gap in GAPS[1:]]
    for g, gap, wrapped in attempts:
        grid = grids[g]
        sizes = [column_width(grid, c, wrapped) for c in range(len(grid.headers))]
        if table_width(sizes, gap) <= width:
            if wrapped:
                sizes = _grown(grid, sizes, width - table_width(sizes, gap))
            table = _table(grid, range(1, len(sizes)), sizes, gap)
            return Layout(g, gap, [table], table_width(sizes, gap), [grid.title])
    grid = grids[last]
    values = len(grid.headers) - 1
    sizes = [column_width(grid, c, 2) for c in range(len(grid.headers))]
    if not values:  # only names, and too wide even wrapped: rich folds them
        return Layout(last, 1, [_table(grid, (), sizes, 1)], width, [grid.title])
    for wrapped in (1, 2):
        sizes = [column_width(grid, c, wrapped) for c in range(len(grid.headers))]
        for gap in GAPS[1:]:
            for count in range(2, values + 1):
                parts = split(values, count)
                widest = max(table_width([sizes[0], *(sizes[c] for c in p)], gap) for p in parts)
                if widest <= width:
                    sizes[0] = _grown(grid, sizes, width - widest, columns=(0,))[0]
                    return _sections(grid, parts, sizes, gap, last)
    # nothing fits even one value column beside the names: one per section, folded
    return _sections(grid, split(values, values), sizes, 1, last)


def _grown(
    grid: Grid, sizes: list[int], room: int, columns: Sequence[int] | None = None
) -> list[int]:
    """``sizes`` with ``room`` spare columns given back to the columns that may wrap (the
    name column first), each up to the width it needs unwrapped: a wrapped layout uses the
    whole width rather than folding names into a narrow column beside unused space."""
    grown = list(sizes)
    for c in range(len(sizes)) if columns is None else columns:
        if room <= 0:
            break
        if grid._wraps(c):
            add = min(room, column_width(grid, c, 0) - grown[c])
            if add > 0:
                grown[c] += add
                room -= add
    return grown


def split(values: int, count: int, first: int = 1) -> list[range]:
    """``values`` columns from ``first`` in ``count`` runs of nearly equal length, in order."""
    base, extra = divmod(values, count)
    parts, start = [], first
    for i in range(count):
        size = base + (i < extra)
        parts.append(range(start, start + size))
        start += size
    return parts


def _sections(grid: Grid, parts: list[range], sizes: list[int], gap: int, g: int) -> Layout:
    tables = [_table(grid, part, sizes, gap) for part in parts]
    widest = max(table_width([sizes[0], *(sizes[c] for c in part)], gap) for part in parts)
    titles = [f"{grid.title or ''} ({i + 1} of {len(parts)})".lstrip() for i in range(len(parts))]
    return Layout(g, gap, tables, widest, titles)


def _table(grid: Grid, shown: Sequence[int], sizes: Sequence[int], gap: int) -> Table:
    from rich import box
    from rich.table import Table

    columns = [0, *shown]
    if gap == 3:
        table = Table(box=box.SIMPLE_HEAD)
    else:
        padding = (0, 1, 0, 0) if gap == 2 else 0
        table = Table(
            box=box.SIMPLE_HEAD,
            padding=padding,
            show_edge=False,
            pad_edge=False,
        )
    justify: Literal["left", "right"]
    for c in columns:
        justify = "right" if grid._right(c) else "left"
        table.add_column(grid.headers[c], justify=justify, width=sizes[c], overflow="fold")
    for row, style in zip(grid.rows, grid.row_styles, strict=True):
        table.add_row(*(row[c] for c in columns), style=style)
    return table
