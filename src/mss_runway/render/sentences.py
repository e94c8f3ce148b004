"""Sentences for people, wrapped at spaces to the console's width so that no number is
split across lines: continuation lines are indented under the text, after the bullet or
the status word. ``rich`` is imported only inside functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def print_hanging(console: Console, prefix: str, text: str | Text, style: str = "") -> None:
    """``prefix`` then ``text`` wrapped at spaces, its later lines under its first."""
    from rich.cells import cell_len
    from rich.table import Table

    grid = Table.grid()
    if prefix:
        grid.add_column(width=cell_len(prefix), no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(*((prefix,) if prefix else ()), text, style=style or None)
    console.print(grid)


def print_sentences(
    console: Console, heading: str | Text, lines: Iterable[str], what_if: str = ""
) -> None:
    """A heading, the ``what_if`` line if any, then each sentence as a bullet."""
    console.print(heading)
    if what_if:
        print_hanging(console, "", what_if, style="bold yellow")
    for line in lines:
        print_hanging(console, "• ", line)
