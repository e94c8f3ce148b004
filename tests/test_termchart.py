"""The terminal chart of compare: within the width, every line visible where lines meet."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from rich.cells import cell_len
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.months import Month
from mss_runway.render.termchart import SYMBOLS, chart, overlaps

runner = CliRunner()
MONTHS = [Month.of(2025, m) for m in range(1, 7)]


def text(lines: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(chars for chars, _ in line) for line in lines]


def test_two_equal_lines_are_both_drawn() -> None:
    """Two scenarios with the same balances: at each month both marks, side by side."""
    same = [Decimal(100), Decimal(50), Decimal(0), Decimal(-50), Decimal(-100), Decimal(-150)]
    lines = text(chart(MONTHS, [same, same], [], "USD", 60))
    plotted = "\n".join(lines[:12])
    assert plotted.count("●■") == 6
    assert "●" not in plotted.replace("●■", "")
    assert not overlaps(chart(MONTHS, [same, same], [], "USD", 60))


def test_more_lines_than_room_are_counted() -> None:
    """Three equal lines in columns one character wide: the count 3 is drawn, never one
    mark hiding the others."""
    same = [Decimal(v) for v in (100, 50, 0, -50, -100, -150)] * 10
    months = [Month(Month.of(2025, 1).index + i) for i in range(60)]
    cells = chart(months, [same, same, same], [], "USD", 70)
    assert overlaps(cells)
    plotted = "".join(line.split("│", 1)[1] for line in text(cells)[:12])
    assert plotted.count("3") == 60  # every month, nothing else
    assert not set(SYMBOLS) & set(plotted)


def test_the_chart_keeps_within_the_width() -> None:
    """Every line of the chart, axis and labels included, fits the width given."""
    values = [Decimal(v) * 1_000_000 for v in (39, 10, -5, -40, -90, -470)]
    for width in (60, 80, 100, 160, 200):
        lines = text(chart(MONTHS * 1, [values], [MONTHS[-1]], "USD", width))
        assert max(cell_len(line) for line in lines) <= width


def test_more_scenarios_than_marks_make_more_charts(
    write: Callable[..., Path],
) -> None:
    """Ten compared scenarios (more than the marks): several charts, each naming the
    scenarios it shows under its own marks, every scenario in one of them."""
    files = [
        str(
            write(
                f"name: S{i}\nstart: 2025-01\nopening_balance: {1000 * i}\n"
                "costs: [{label: Ops, monthly: 500}]\n",
                f"s{i}.yaml",
            )
        )
        for i in range(10)
    ]
    result = runner.invoke(app, ["compare", *files], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Closing balance over time (USD, counting pledged) (1 of 2)" in out
    assert "(2 of 2)" in out
    for i in range(10):
        assert any(line.strip().endswith(f" S{i}") for line in out.splitlines())
    assert max(cell_len(line) for line in out.splitlines()) <= 100


def test_compare_chart_draws_meeting_lines_side_by_side(
    write: Callable[..., Path],
) -> None:
    """Two compared files with the same balances: both marks in the chart, at the same
    point (before, the second hid the first)."""
    body = "start: 2025-01\nopening_balance: 1000\ncosts: [{label: Ops, monthly: 300}]\n"
    a = write("name: A\n" + body, "a.yaml")
    b = write("name: B\n" + body, "b.yaml")
    out = runner.invoke(app, ["compare", str(a), str(b)], env={"COLUMNS": "80"}).stdout
    chart_text = out[out.index("Closing balance over time") :]
    assert "●■" in chart_text
