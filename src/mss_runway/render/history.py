"""``history``'s output: one row per git revision of a scenario, newest first, with each
lens's exhaustion month and shortfall; as a table, JSON, CSV, Markdown or a chart of the
drift (matplotlib, imported inside :func:`draw_drift`; amounts become floats only as
drawing coordinates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..money import format_amount
from ..projection import LENSES, Forecast
from .document import summary_document
from .labels import NEVER, NO_TARGET, compact_money
from .layout import Grid, fit

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Row:
    """One revision: its commit, and its forecast or why there is none."""

    commit: str
    date: str
    subject: str
    result: Forecast | None
    problem: str | None


def history_document(file: str, rows: Sequence[Row]) -> dict[str, Any]:
    """The object ``history --format json`` prints (docs/diff.md)."""
    return {
        "file": file,
        "revisions": [
            {
                "commit": row.commit,
                "date": row.date,
                "subject": row.subject,
                "name": None if row.result is None else row.result.scenario.name,
                "problem": row.problem,
                "lenses": None
                if row.result is None
                else {
                    lens: summary_document(row.result.projections[lens].summary) for lens in LENSES
                },
            }
            for row in rows
        ],
    }


HEADERS = (
    "Date",
    "Commit",
    "Subject",
    *(f"{head} ({lens})" for lens in LENSES for head in ("Runs out", "Shortfall")),
)


def _cells(row: Row, money: Any) -> list[str]:
    cells = [row.date, row.commit[:10], row.subject]
    for lens in LENSES:
        if row.result is None:
            cells += ["", ""]
            continue
        summary = row.result.projections[lens].summary
        cells.append(NEVER if summary.exhausted is None else str(summary.exhausted))
        cells.append(NO_TARGET if summary.shortfall is None else money(summary.shortfall))
    return cells


def history_rows(rows: Sequence[Row]) -> list[list[str]]:
    """The rows for people: amounts with separators; an invalid revision says why."""
    out = []
    for row in rows:
        cells = _cells(row, format_amount)
        if row.problem:
            cells[2] = f"{row.subject} ({row.problem})"
        out.append(cells)
    return out


def print_history(file: str, rows: Sequence[Row], console: Console) -> None:
    from rich.text import Text

    console.print(Text(f"Forecast history of {file}, newest first", style="bold"))
    if not rows:
        console.print("No git revision changed it.")
        return
    from .diff import wrapped

    grid = Grid(
        list(HEADERS),
        right=[False, False, False, *([True] * 6)],
        wrap=[False] * 9,
    )
    for cells in wrapped(HEADERS, history_rows(rows), 2, console.width):
        grid.add_row(*cells)
    fit([grid], console.width).print(console)


def history_csv(rows: Sequence[Row]) -> str:
    from .csvtext import table

    header = ["date", "commit", "subject", "problem"]
    header += [f"{key}_{lens}" for lens in LENSES for key in ("exhausted", "shortfall")]
    body = []
    for row in rows:
        values: list[Any] = [row.date, row.commit, row.subject, row.problem]
        for lens in LENSES:
            summary = None if row.result is None else row.result.projections[lens].summary
            values += [None, None] if summary is None else [summary.exhausted, summary.shortfall]
        body.append(values)
    return table(header, body)


def history_markdown(file: str, rows: Sequence[Row]) -> str:
    from .markdown import md_table, md_text

    title = f"### Forecast history of {md_text(file)}, newest first\n\n"
    if not rows:
        return title + "No git revision changed it.\n"
    right = [False, False, False, *([True] * 6)]
    cells = [[md_text(c) for c in row] for row in history_rows(rows)]
    return title + md_table([md_text(h) for h in HEADERS], cells, right)


def draw_drift(file: str, rows: Sequence[Row], path: Path, fmt: str) -> None:
    """How the exhaustion month and the shortfall at the target moved from one revision to
    the next (oldest on the left), one line per lens."""
    from datetime import date

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    valid = [row for row in reversed(rows) if row.result is not None]
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 7), dpi=150, sharex=True, layout="constrained"
    )
    try:
        xs = list(range(len(valid)))
        for lens, style in zip(LENSES, ("-", "--", ":"), strict=True):
            months, shortfalls = [], []
            for row in valid:
                assert row.result is not None
                summary = row.result.projections[lens].summary
                months.append(
                    None
                    if summary.exhausted is None
                    else date(summary.exhausted.year, summary.exhausted.month, 1)
                )
                shortfalls.append(None if summary.shortfall is None else float(summary.shortfall))
            top.plot(xs, months, style, marker="o", label=lens)
            bottom.plot(xs, shortfalls, style, marker="o", label=lens)
        top.yaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
        top.yaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        currency = valid[0].result.scenario.currency if valid and valid[0].result else ""
        bottom.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _: compact_money(Decimal(str(float(v))), currency))
        )
        top.set_title(f"Forecast history of {file}")
        top.set_ylabel("Money runs out")
        bottom.set_ylabel("Shortfall at the target")
        bottom.set_xticks(xs, [f"{r.date}\n{r.commit[:7]}" for r in valid], fontsize=8)
        top.legend()
        fig.savefig(path, format=fmt)
    finally:
        plt.close(fig)
