"""layout.fit: the order in which decorations give way, on widths computed by hand."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from mss_runway.render.layout import Grid, fit


def grids() -> list[Grid]:
    """Columns 7 + 8 + 8 wide (23); the first grid adds a note column 10 wide."""
    full = Grid(["Month", "A", "B", ""], right=[False, True, True, False])
    full.add_row("2025-01", "1,000.00", "2,000.00", "◀ runs out")
    short = Grid(["Month", "A", "B"])
    short.add_row("2025-01", "1,000.00", "2,000.00")
    return [full, short]


@pytest.mark.parametrize(
    ("width", "grid", "gap", "tables"),
    [
        (46, 0, 3, 1),  # 33 + 10 + 3 (boxed: 3 a column and 1)
        (45, 1, 3, 1),  # the short grid, boxed: 23 + 3 * 3 + 1 = 33
        (33, 1, 3, 1),
        (32, 1, 2, 1),  # 23 + 2 * 2 = 27
        (27, 1, 2, 1),
        (26, 1, 1, 1),  # 23 + 2 = 25
        (25, 1, 1, 1),
        (24, 1, 2, 2),  # sections: Month and one value, 7 + 8 + 2 = 17
        (17, 1, 2, 2),
        (16, 1, 1, 2),  # 7 + 8 + 1
    ],
)
def test_decorations_give_way_in_order(width: int, grid: int, gap: int, tables: int) -> None:
    layout = fit(grids(), width)
    assert (layout.grid, layout.gap, len(layout.tables)) == (grid, gap, tables)
    buffer = io.StringIO()
    layout.print(Console(file=buffer, width=width, color_system=None))
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) == layout.width <= width
    assert sum("1,000.00" in line for line in lines) == 1
    assert sum("2,000.00" in line for line in lines) == 1
    assert sum("2025-01" in line for line in lines) == tables  # the name in each section


def _printed(layout_width: int, grid: Grid) -> list[str]:
    layout = fit([grid], layout_width)
    buffer = io.StringIO()
    layout.print(Console(file=buffer, width=layout_width, color_system=None))
    return buffer.getvalue().splitlines()


def test_a_wrapped_name_column_takes_the_room_left_over() -> None:
    """The name is 32 wide unwrapped ("Turkey, Spain, Italy and others"), its longest
    word 7; the value 13. At width 30 (gap 2: 32 + 2 + 13 = 47 > 30, so names wrap) the
    table could be 7 + 2 + 13 = 22 wide; the 8 columns left over go to the name column,
    15 wide, so the name takes 3 lines ("Turkey, Spain,", "Italy and", "others"), not 5."""
    grid = Grid(["Donor", "Amount"])
    grid.add_row("Turkey, Spain, Italy and others", "21,224,500.00")
    lines = _printed(30, grid)
    rows = [line.rstrip() for line in lines[-3:]]  # name 15 wide, 2 between, value 13
    assert rows == ["Turkey, Spain,   21,224,500.00", "Italy and", "others"]
    assert max(len(line) for line in lines) == 30


def test_sections_give_the_room_left_over_to_the_name_column() -> None:
    """Two 13-wide values beside a name 32 wide unwrapped: at width 24 nothing but
    sections fits (wrapped name 7 + 1 + 13 + 1 + 13 = 35 > 24); each section is 7 + 2 +
    13 = 22 wide at gap 2, so the name column grows by 2 to 9."""
    grid = Grid(["Donor", "Amount", "Late"])
    grid.add_row("Turkey, Spain, Italy and others", "21,224,500.00", "10,000,000.00")
    layout = fit([grid], 24)
    assert len(layout.tables) == 2
    assert layout.width == 24
