"""What forecast, check and --itemize show for a scenario with actuals, in every format."""

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

runner = CliRunner()
D = Decimal

# The worked example of docs/actuals.md (hand-computed there).
EXAMPLE = """\
name: Worked example
start: 2025-01
opening_balance: 100
contributions:
  - {id: a, donor: A, amount: 50, status: pledged, date: 2025-02}
  - {id: b, donor: B, amount: 40, status: committed, date: 2025-03}
  - {id: c, donor: C, amount: 30, status: pledged, date: 2025-01}
costs:
  - {label: Ops, monthly: 30}
actuals:
  - {month: 2025-01, closing: 75, received: {c: 10}}
  - {month: 2025-02, closing: 90, received: {a: 50}, unplanned: 5}
"""


@pytest.fixture
def example(write: Callable[..., Path]) -> Path:
    return write(EXAMPLE)


def forecast(path: Path, *args: str, width: int = 100) -> str:
    result = runner.invoke(app, ["forecast", str(path), *args], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_marks_actual_months_and_lists_overdue_and_variance(example: Path) -> None:
    doc = json.loads(forecast(example, "-f", "json"), parse_float=Decimal)
    assert [(m["month"], m["actual"]) for m in doc["months"][:3]] == [
        ("2025-01", True),
        ("2025-02", True),
        ("2025-03", False),
    ]
    assert doc["overdue"] == [
        {
            "id": "c",
            "donor": "C",
            "status": "pledged",
            "amount_left": D(20),
            "due": "2025-01",
            "months_late": 2,
        }
    ]
    assert [
        (v["month"], v["planned_closing"], v["difference"], v["inflow_variance"])
        for v in doc["variance"]
    ] == [("2025-01", D(100), D(-25), D(-20)), ("2025-02", D(120), D(-30), D(-15))]
    for v in doc["variance"]:
        assert v["difference"] == v["inflow_variance"] - v["outflow_variance"]
    assert doc["exhausted"] == "2025-08"


def test_overdue_drop_is_a_what_if_named_in_the_output(example: Path) -> None:
    doc = json.loads(forecast(example, "-f", "json", "--overdue", "drop"), parse_float=Decimal)
    assert doc["what_if"] == ["overdue contributions dropped"]
    assert doc["exhausted"] == "2025-07"  # March 90 + 40 - 30 = 100, c's 20 left out
    table = forecast(example, "--overdue", "drop")
    assert "overdue contributions dropped" in table
    assert "not expected (overdue: drop)" in table


def test_a_scenario_without_actuals_keeps_its_json_shape(write: Callable[..., Path]) -> None:
    plain = write(EXAMPLE.split("actuals:")[0], "plain.yaml")
    doc = json.loads(forecast(plain, "-f", "json"))
    assert "overdue" not in doc
    assert "variance" not in doc
    assert "actual" not in doc["months"][0]


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_table_marks_actual_rows_and_lists_overdue_above_the_ledger(
    example: Path, width: int
) -> None:
    text = forecast(example, width=width)
    assert all(len(line) <= width for line in text.splitlines())
    assert text.index("Overdue") < text.index("Monthly ledger") < text.index("Plan against")
    ledger = text[text.index("Monthly ledger") : text.index("Plan against")]
    actual_rows = [line for line in ledger.splitlines() if "actual" in line or "▪" in line]
    assert [line.split()[0] for line in actual_rows[:2]] == ["2025-01", "2025-02"]
    assert not any(
        line.startswith(("  2025-03", "2025-03")) and "actual" in line
        for line in ledger.splitlines()
    )
    for figure in ("20.00", "-25.00", "-15.00", "15.00", "120.00"):
        assert figure in text


def test_markdown_and_csv_mark_actual_rows_and_add_up(example: Path) -> None:
    md = forecast(example, "-f", "markdown")
    assert "| 2025-01 | 100.00 | 10.00 | 35.00 | 75.00 | actual |" in md
    assert "| 2025-03 | 90.00 | 60.00 | 30.00 | 120.00 |  |" in md
    assert "| C (c) | pledged | 20.00 | 2025-01 | 2 |" in md
    assert "| 2025-02 | 120.00 | 90.00 | -30.00 | -15.00 | 15.00 |" in md
    rows = list(csv.DictReader(io.StringIO(forecast(example, "-f", "csv"))))
    assert [r["actual"] for r in rows[:3]] == ["true", "true", "false"]
    assert rows[1]["planned_closing"] == "120.00"
    assert rows[2]["planned_closing"] == ""
    for r in rows[:2]:
        assert D(r["difference"]) == D(r["inflow_variance"]) - D(r["outflow_variance"])


def test_check_names_the_overdue_contributions(example: Path) -> None:
    result = runner.invoke(app, ["check", str(example)])
    assert "overdue after 2025-02: C (c) 20.00 USD due 2025-01" in result.stdout


def test_itemized_actual_months_hold_what_came_and_actual_spending(example: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(forecast(example, "--itemize", "-f", "csv"))))
    by_month = [(r["month"], r["name"], r["amount"]) for r in rows if r["month"] <= "2025-03"]
    assert by_month == [
        ("2025-01", "C", "10.00"),
        ("2025-01", "actual spending", "35.00"),
        ("2025-02", "A", "50.00"),
        ("2025-02", "unplanned", "5.00"),
        ("2025-02", "actual spending", "40.00"),
        ("2025-03", "B", "40.00"),
        ("2025-03", "C", "20.00"),  # what is left of c, overdue, next month
        ("2025-03", "Ops", "30.00"),
    ]
    assert rows[1]["source"].endswith("scenario.yaml:11")  # the actuals entry of 2025-01
