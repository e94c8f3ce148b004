"""compare: scenarios side by side in every format, best and worst marks, calendar alignment."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.comparison import compare
from mss_runway.loader import load_scenario
from mss_runway.projection import forecast

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL = str(SCENARIOS / "minimal.yaml")

# Scenario B by hand: start February, 100,000 opening, 30,000 a month, no contributions:
# Feb 70,000  Mar 40,000  Apr 10,000  May -20,000  Jun -50,000 (target).
# Exhausted 2025-05, funded through 2025-04, runway 3, shortfall 50,000, 2 months short.
B = """
name: B
start: 2025-02
target: 2025-06
opening_balance: 100_000
costs: [{label: Ops, monthly: 30_000}]
"""


@pytest.fixture
def b_file(write: Callable[..., Path]) -> str:
    """Scenario B, a month later than minimal.yaml and without contributions."""
    return str(write(B, "b.yaml"))


def test_marks_pick_the_best_and_worst_of_each_row(b_file: str) -> None:
    """minimal.yaml (A) beats B on every ranked row but where both run out in May."""
    comparison = compare(
        [(MINIMAL, forecast(load_scenario(MINIMAL))), (b_file, forecast(load_scenario(b_file)))],
        "pledged",
    )
    # pledged: A funded through 2025-06 (runway 6, shortfall 0); B 2025-04 (3, 50,000).
    assert comparison.marks("funded_through") == ["best", "worst"]
    assert comparison.marks("runway_months") == ["best", "worst"]
    assert comparison.marks("shortfall") == ["best", "worst"]
    assert comparison.marks("months_short") == ["best", "worst"]
    # received: both run out in 2025-05 (A: May -10,000), so nothing is marked.
    assert comparison.marks("exhausted:received") == [None, None]
    assert comparison.marks("target") == [None, None]


def test_never_exhausted_is_the_best_and_exhausted_at_start_the_worst(
    write: Callable[..., Path],
) -> None:
    """A fund that never runs out ranks above one that does; one that is short in its first
    month (funded_through null) ranks lowest."""
    rich = write("name: R\nstart: 2025-01\nopening_balance: 9\n", "r.yaml")
    broke = write("name: P\nstart: 2025-01\ncosts: [{label: x, monthly: 1}]\n", "p.yaml")
    comparison = compare([(str(p), forecast(load_scenario(p))) for p in (rich, broke)], "pledged")
    assert comparison.marks("exhausted") == ["best", "worst"]
    assert comparison.marks("funded_through") == ["best", "worst"]


def test_compare_json_holds_each_forecast_object_exactly(b_file: str) -> None:
    """json = {count, scenarios}; each entry is exactly what forecast --format json gives."""
    result = runner.invoke(app, ["compare", MINIMAL, b_file, "-f", "json", "-c", "committed"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["count", "scenarios", "what_if"]
    assert doc["count"] == "committed"
    for file, entry in zip([MINIMAL, b_file], doc["scenarios"], strict=True):
        alone = runner.invoke(app, ["forecast", file, "-f", "json", "-c", "committed"])
        assert entry == json.loads(alone.stdout)


def test_compare_csv_has_one_row_per_scenario(b_file: str) -> None:
    """csv: the summary fields of each scenario, hand-computed above."""
    result = runner.invoke(app, ["compare", MINIMAL, b_file, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["name"], r["exhausted"], r["shortfall"], r["months_short"]) for r in rows] == [
        ("Minimal example", "2025-07", "0.00", "0"),
        ("B", "2025-05", "50000.00", "2"),
    ]
    assert rows[0]["exhausted_received"] == "2025-05"
    assert rows[0]["what_if"] == ""


def test_monthly_csv_aligns_scenarios_by_calendar_month(b_file: str) -> None:
    """--monthly csv: one row per calendar month; B is blank in January, A runs to July."""
    result = runner.invoke(app, ["compare", MINIMAL, b_file, "-f", "csv", "--monthly"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "month,Minimal example,B,what_if",
        "2025-01,110000.00,,",
        "2025-02,80000.00,70000.00,",
        "2025-03,100000.00,40000.00,",
        "2025-04,70000.00,10000.00,",
        "2025-05,40000.00,-20000.00,",
        "2025-06,10000.00,-50000.00,",
        "2025-07,-20000.00,,",
    ]


def test_compare_markdown_marks_and_monthly_matrix(b_file: str) -> None:
    """markdown: the summary table with marks, and with --monthly negatives in bold."""
    result = runner.invoke(app, ["compare", MINIMAL, b_file, "-f", "markdown", "--monthly"])
    assert result.exit_code == 0, result.stderr
    assert "| Runway (months) | 6 ▲ | 3 ▼ |" in result.stdout
    assert "| Shortfall | 0.00 ▲ | 50,000.00 ▼ |" in result.stdout
    assert "| 2025-05 | 40,000.00 | **-20,000.00** |" in result.stdout
    assert "| 2025-01 | 110,000.00 |  |" in result.stdout


def test_compare_table_has_summary_and_chart(b_file: str) -> None:
    """table: names as column heads, the legend of marks, and a chart with its target."""
    result = runner.invoke(app, ["compare", MINIMAL, b_file, "--delay", "pledged=1"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "What-if (not the file's own numbers): pledged contributions 1 month late" in out
    assert "Minimal example" in out
    assert "▲ best, ▼ worst of each row" in out
    assert "Closing balance over time (USD, counting pledged)" in out
    assert "┊ target 2025-06" in out
    assert "-$50k" in out  # the lowest closing balance, B in June, labels the axis


def test_different_currencies_are_refused(write: Callable[..., Path]) -> None:
    """Scenarios in USD and EUR: exit 2 with both files and currencies named."""
    eur = write("name: E\ncurrency: EUR\nstart: 2025-01\n", "e.yaml")
    result = runner.invoke(app, ["compare", MINIMAL, str(eur)])
    assert result.exit_code == 2
    assert f"{MINIMAL} (USD), {eur} (EUR)" in result.stderr
    assert result.stdout == ""


def test_an_invalid_file_exits_2(write: Callable[..., Path]) -> None:
    """A bad file among the compared ones is reported with its position: exit 2."""
    bad = write("name: X\nstart: 2025-13\n", "bad.yaml")
    result = runner.invoke(app, ["compare", MINIMAL, str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2:8: start:" in result.stderr


def test_balances_are_exact_in_json(b_file: str) -> None:
    """Money in compare json is exact to the cent (read back as Decimal)."""
    doc = json.loads(
        runner.invoke(app, ["compare", MINIMAL, b_file, "-f", "json"]).stdout,
        parse_float=Decimal,
    )
    assert doc["scenarios"][1]["shortfall"] == Decimal("50000.00")


def test_every_compared_row_has_a_label() -> None:
    """The renderers' labelled rows are exactly the comparison's rows, in order."""
    from mss_runway.comparison import ROW_KEYS
    from mss_runway.render.labels import COMPARE_ROWS

    assert tuple(key for _, key in COMPARE_ROWS) == ROW_KEYS
    assert COMPARE_ROWS[0] == ("Target", "target")
