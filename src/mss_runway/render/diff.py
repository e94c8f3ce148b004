"""``diff``'s output: the JSON document, the waterfall table and the Markdown comment.

Pure functions of an :class:`~mss_runway.attribution.Attribution` (``rich`` imported
inside functions). The waterfall: the old shortfall, each change's effect on it (largest
first, ties in file order), the new shortfall.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..attribution import Alone, Attributed, Attribution
from ..changes import Change
from ..money import format_amount
from ..projection import Forecast
from .document import forecast_document, month_text
from .labels import NEVER, NO_TARGET, what_if_line
from .layout import Grid, fit

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class DiffReport:
    """What ``diff`` shows: the attribution, both sides' forecasts and names."""

    attribution: Attribution
    other_edits: Sequence[Change]
    old: Forecast
    new: Forecast
    old_file: str
    new_file: str
    what_if: Sequence[str] = ()


def _alone_document(alone: Alone) -> dict[str, Any]:
    return {
        "exhausted": month_text(alone.exhausted),
        "shortfall": alone.shortfall,
        "balance_at_target": alone.balance_at_target,
    }


def _change_document(entry: Attributed) -> dict[str, Any]:
    first = entry.changes[0]
    many = entry.group
    return {
        "path": first.path,
        "group": [c.path for c in entry.changes] if many else None,
        "description": "; ".join(c.description for c in entry.changes),
        "old": [c.old for c in entry.changes] if many else first.old,
        "new": [c.new for c in entry.changes] if many else first.new,
        "alone": _alone_document(entry.alone),
        "effect": dict(entry.effect),
    }


def diff_document(report: DiffReport) -> dict[str, Any]:
    """The object ``diff --format json`` prints (docs/diff.md)."""
    result = report.attribution
    return {
        "lens": result.lens,
        "method": result.method,
        "old": forecast_document(report.old, report.old_file, report.what_if),
        "new": forecast_document(report.new, report.new_file, report.what_if),
        "total": dict(result.total),
        "changes": [_change_document(entry) for entry in result.entries],
        "other_edits": [
            {"path": c.path, "description": c.description, "old": c.old, "new": c.new}
            for c in report.other_edits
        ],
        "what_if": list(report.what_if),
    }


def waterfall_order(result: Attribution) -> list[Attributed]:
    """Largest effect on the shortfall first (without one: on the balance at the
    target), ties in file order."""

    def size(entry: Attributed) -> Decimal:
        value = entry.effect["shortfall"]
        if value is None:
            value = entry.effect["balance_at_target"]
        return Decimal(0) if value is None else abs(value)

    return sorted(result.entries, key=size, reverse=True)


def signed(value: Decimal | None) -> str:
    """An effect: ``+1,000.00``, ``-250.00``, ``0.00``; no value: ``n/a``."""
    if value is None:
        return "n/a"
    return ("+" if value > 0 else "") + format_amount(value)


def _measure(value: Decimal | None) -> str:
    return NO_TARGET if value is None else format_amount(value)


def _month(alone: Alone) -> str:
    return NEVER if alone.exhausted is None else str(alone.exhausted)


def waterfall_rows(report: DiffReport) -> list[list[str]]:
    """The rows of the waterfall: name, shortfall, balance at target, runs out alone."""
    result = report.attribution
    old = report.old.chosen.summary
    new = report.new.chosen.summary
    old_alone = Alone(old.exhausted, old.shortfall, old.balance_at_target)
    new_alone = Alone(new.exhausted, new.shortfall, new.balance_at_target)
    rows = [
        [
            "Old",
            _measure(old.shortfall),
            _measure(old.balance_at_target),
            _month(old_alone),
        ]
    ]
    for entry in waterfall_order(result):
        rows.append(
            [
                "; ".join(c.description for c in entry.changes),
                signed(entry.effect["shortfall"]),
                signed(entry.effect["balance_at_target"]),
                _month(entry.alone),
            ]
        )
    rows.append(
        [
            "New",
            _measure(new.shortfall),
            _measure(new.balance_at_target),
            _month(new_alone),
        ]
    )
    return rows


HEADERS = ("Change", "Shortfall", "Balance at target", "Runs out (alone)")


def headline(report: DiffReport) -> str:
    """What moved, in words: the month the money runs out, and the shortfall."""
    old = report.old.chosen.summary
    new = report.new.chosen.summary
    lens = report.attribution.lens
    month_old = NEVER if old.exhausted is None else str(old.exhausted)
    month_new = NEVER if new.exhausted is None else str(new.exhausted)
    moved = "moved" if month_old != month_new else "stays"
    text = f"Counting {lens}, the money runs out {month_old} → {month_new} ({moved})"
    total = report.attribution.total["shortfall"]
    if total is not None:
        text += f"; shortfall {_measure(old.shortfall)} → {_measure(new.shortfall)}"
        text += f" ({signed(total)})"
    return text + "."


def method_line(report: DiffReport) -> str:
    count = len(report.attribution.entries)
    if report.attribution.method == "shapley":
        how = "Shapley values (each change's average effect over every order)"
    else:
        how = "sequential (each change applied after the ones before it in file order)"
    changes = f"{count} change{'s' if count != 1 else ''}"
    return f"{changes}; effects by {how}, in {report.old.scenario.currency}."


def waterfall_grid(report: DiffReport, width: int) -> Grid:
    """The waterfall as a grid for a console ``width`` wide."""
    grid = Grid(list(HEADERS), wrap=[False] * 4)
    for row in wrapped(list(HEADERS), waterfall_rows(report), 0, width):
        grid.add_row(*row)
    return grid


#: The narrowest a column of words is wrapped to before the layout stacks columns.
MIN_WORDS_WIDTH = 20


def wrapped(
    headers: Sequence[str], rows: list[list[str]], column: int, width: int
) -> list[list[str]]:
    """``rows`` with the words of ``column`` wrapped at spaces to the room the other
    columns leave in ``width``, so that a table with a long column of words uses the width
    rather than its longest word (the grid then must not wrap that column again). The room
    is that of the boxed table if it is at least :data:`MIN_WORDS_WIDTH`; else of the
    table 2 spaces apart with its headers wrapped (see :func:`.layout.fit`)."""
    import textwrap

    from rich.cells import cell_len

    def others(head: Callable[[str], int]) -> int:
        return sum(
            max(head(headers[c]), *(cell_len(row[c]) for row in rows))
            for c in range(len(headers))
            if c != column
        )

    n = len(headers)
    room = width - others(cell_len) - (3 * n + 1)
    if room < MIN_WORDS_WIDTH:
        longest_word = lambda text: max(cell_len(w) for w in text.split())  # noqa: E731
        room = max(MIN_WORDS_WIDTH, width - others(longest_word) - 2 * (n - 1))
    out = []
    for row in rows:
        lines = textwrap.wrap(row[column], room, break_long_words=False, break_on_hyphens=False)
        out.append([*row[:column], "\n".join(lines), *row[column + 1 :]])
    return out


def print_diff(report: DiffReport, console: Console) -> None:
    """The waterfall table for people, never cutting a number (see :mod:`.layout`)."""
    from rich.text import Text

    from .sentences import print_hanging

    print_hanging(console, "", f"Old: {report.old_file}")
    print_hanging(console, "", f"New: {report.new_file}")
    print_hanging(console, "", Text(headline(report), style="bold"))
    if report.what_if:
        print_hanging(console, "", what_if_line(report.what_if), style="bold yellow")
    print_hanging(console, "", method_line(report))
    boxed = False
    if report.attribution.entries:
        layout = fit([waterfall_grid(report, console.width)], console.width)
        layout.print(console)
        boxed = layout.gap == 3  # its blank bottom edge ends the table
    else:
        print_hanging(console, "", "No changes the forecast reads.")
    if report.other_edits:
        if not boxed:
            console.print()
        console.print("Other edits (no effect on the forecast):")
        for change in report.other_edits:
            print_hanging(console, "• ", change.description)


def diff_markdown(report: DiffReport) -> str:
    """The same as Markdown, to post as a pull-request comment (every text escaped, so a
    name or a path shows as written)."""
    from .markdown import md_table, md_text

    parts = [
        f"### Forecast diff: {md_text(report.old_file)} → {md_text(report.new_file)}",
        "",
        f"**{md_text(headline(report))}**",
        "",
    ]
    if report.what_if:
        parts += [f"_{md_text(what_if_line(report.what_if))}_", ""]
    parts += [md_text(method_line(report)), ""]
    if report.attribution.entries:
        rows = [[md_text(c) for c in row] for row in waterfall_rows(report)]
        parts.append(md_table([md_text(h) for h in HEADERS], rows, [False, True, True, True]))
        parts[-1] = parts[-1].rstrip("\n")
    else:
        parts.append("No changes the forecast reads.")
    if report.other_edits:
        parts += ["", "Other edits (no effect on the forecast):", ""]
        parts += [f"- {md_text(c.description)}" for c in report.other_edits]
    return "\n".join(parts) + "\n"
