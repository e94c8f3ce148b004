"""The lowest point and the reserve floor, against ledgers computed by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway import Month, Scenario, forecast, project
from mss_runway.cli import app
from mss_runway.projection import LowPoint, reserve_by_month
from mss_runway.scenario import MonthsOfCosts

runner = CliRunner()
M = Month.parse
D = Decimal

# By hand. Outflow: Jan 20,000; Feb 25,000 (the 5,000 one-off); Mar 20,000; Apr 20,000.
# Inflow: Mar 20,000 (received). Closing: Jan 80,000; Feb 55,000; Mar 55,000; Apr 35,000.
# A reserve of 2.5 months of costs: Jan 50,000; Feb 62,500; Mar 50,000; Apr 50,000.
# Under it: Feb by 7,500 and Apr by 15,000; first Feb, the largest gap 15,000.
RESERVE_TEXT = """\
name: Reserve example
start: 2025-01
target: 2025-04
opening_balance: 100_000
reserve: {months_of_costs: 2.5}
contributions: [{donor: A, amount: 20_000, status: received, date: 2025-03}]
costs:
  - {label: Ops, monthly: 20_000, to: 2025-04}
  - {label: Rent, amount: 5_000, date: 2025-02}
"""


def scenario(**fields: object) -> Scenario:
    data: dict[str, object] = {"name": "test", "start": "2025-01"}
    data.update(fields)
    return Scenario.model_validate(data)


def reserve_scenario(reserve: object, target: str | None = "2025-04") -> Scenario:
    return scenario(
        target=target,
        opening_balance=100_000,
        reserve=reserve,
        contributions=[{"donor": "A", "amount": 20_000, "status": "received", "date": "2025-03"}],
        costs=[
            {"label": "Ops", "monthly": 20_000, "to": "2025-04"},
            {"label": "Rent", "amount": 5_000, "date": "2025-02"},
        ],
    )


def test_lowest_balance_is_the_first_lowest_closing_through_the_target() -> None:
    """Closings 70, 40, 40, then -10 past the target: the low point is Feb (first on the
    tie), not the later month past the target."""
    s = scenario(
        target="2025-03",
        opening_balance=100,
        contributions=[{"donor": "A", "amount": 30, "status": "received", "date": "2025-03"}],
        costs=[
            {"label": "ops", "monthly": 30, "to": "2025-04"},
            {"label": "x", "amount": 20, "date": "2025-04"},
        ],
    )
    rows = project(s).rows
    assert [str(r.closing) for r in rows] == ["70.00", "40.00", "40.00", "-10.00"]
    assert project(s).summary.lowest_balance == LowPoint(M("2025-02"), D("40.00"))


def test_lowest_balance_without_target_looks_through_the_whole_ledger() -> None:
    """No target: 100 - 30 a month closes 70, 40, 10, -20; the lowest is the last."""
    s = scenario(opening_balance=100, costs=[{"label": "ops", "monthly": 30}])
    assert project(s).summary.lowest_balance == LowPoint(M("2025-04"), D("-20.00"))


def test_months_of_costs_reserve_by_month() -> None:
    """2.5 months of each month's cost lines: first month under it and the largest gap."""
    result = project(reserve_scenario({"months_of_costs": "2.5"}))
    assert [str(r.closing) for r in result.rows] == ["80000.00", "55000.00", "55000.00", "35000.00"]
    assert result.reserve == (D("50000.00"), D("62500.00"), D("50000.00"), D("50000.00"))
    assert result.summary.below_reserve == M("2025-02")
    assert result.summary.reserve_gap == D("15000.00")
    assert result.summary.lowest_balance == LowPoint(M("2025-04"), D("35000.00"))


def test_amount_reserve() -> None:
    """A reserve of 60,000: Feb 55,000 (5,000 under), Mar 55,000, Apr 35,000 (25,000 under)."""
    summary = project(reserve_scenario(60_000)).summary
    assert (summary.below_reserve, summary.reserve_gap) == (M("2025-02"), D("25000.00"))


def test_reserve_kept_gives_none_and_zero() -> None:
    summary = project(reserve_scenario(35_000)).summary  # Apr closes exactly at it
    assert (summary.below_reserve, summary.reserve_gap) == (None, D("0.00"))


def test_no_reserve_no_reserve_fields() -> None:
    summary = project(reserve_scenario(None)).summary
    assert (summary.below_reserve, summary.reserve_gap) == (None, None)


def test_reserve_is_measured_through_the_target_only() -> None:
    """Target Feb: only Jan (80,000 >= 50,000) and Feb (55,000 < 62,500) count."""
    summary = project(reserve_scenario({"months_of_costs": "2.5"}, "2025-02")).summary
    assert (summary.below_reserve, summary.reserve_gap) == (M("2025-02"), D("7500.00"))


def test_months_of_costs_rounds_half_to_even() -> None:
    """0.5 x 0.05 = 0.025 -> 0.02; 0.5 x 0.15 = 0.075 -> 0.08; 0.5 x 0.25 -> 0.12."""
    rule = MonthsOfCosts(months_of_costs=D("0.5"))
    costs = [D("0.05"), D("0.15"), D("0.25")]
    assert reserve_by_month(rule, costs) == [D("0.02"), D("0.08"), D("0.12")]


def test_falls_short_on_a_reserve_breach_alone() -> None:
    """Never negative, but under the reserve: a shortfall for check and the CLI flag."""
    result = forecast(reserve_scenario(60_000))
    assert result.chosen.summary.shortfall == D("0.00")
    assert result.falls_short
    assert not forecast(reserve_scenario(35_000)).falls_short


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", ":5:10: reserve: expected an amount of at least 0, got -5"),
        (
            "{months_of_costs: 0}",
            ":5:28: reserve.months_of_costs: expected a number of months above 0 and at most "
            "120, got 0",
        ),
        ("{}", ":5:10: reserve.months_of_costs: missing required field 'months_of_costs'"),
    ],
)
def test_bad_reserve_is_reported_at_its_value(
    write: Callable[..., Path], text: str, message: str
) -> None:
    path = write(RESERVE_TEXT.replace("{months_of_costs: 2.5}", text))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}{message}\n" in result.stderr


def test_check_fails_below_the_reserve_and_says_so(write: Callable[..., Path]) -> None:
    path = write(RESERVE_TEXT)
    result = runner.invoke(app, ["check", str(path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 1
    assert result.stdout == (
        f"FAIL    {path} (Reserve example): below the reserve of 2.5 months of costs in "
        "2025-02 (counting committed): at most 15,000.00 USD under it\n"
    )


def test_check_passes_above_the_reserve(write: Callable[..., Path]) -> None:
    path = write(RESERVE_TEXT.replace("{months_of_costs: 2.5}", "35_000"))
    result = runner.invoke(app, ["check", str(path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 0
    assert "never below the reserve of 35,000.00 USD" in result.stdout


def test_fail_on_shortfall_fails_on_the_reserve(write: Callable[..., Path]) -> None:
    path = write(RESERVE_TEXT)
    args = ["forecast", str(path), "-f", "json", "--fail-on-shortfall"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "fail: below the reserve of 2.5 months of costs in 2025-02" in result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert (doc["below_reserve"], doc["reserve_gap"]) == ("2025-02", D("15000.00"))
    assert list(doc)[12:16] == ["lowest_balance", "below_reserve", "reserve_gap", "lenses"]
    assert doc["lenses"]["received"]["reserve_gap"] == D("15000.00")
    assert [m["reserve"] for m in doc["months"]] == [
        D("50000.00"),
        D("62500.00"),
        D("50000.00"),
        D("50000.00"),
    ]


def test_reserve_gap_is_the_largest_not_the_last() -> None:
    """Closings 40 (10 under a reserve of 50), then 45 (5 under): the gap is 10."""
    s = scenario(
        target="2025-02",
        opening_balance=100,
        reserve=50,
        contributions=[{"donor": "A", "amount": 10, "status": "received", "date": "2025-02"}],
        costs=[
            {"label": "x", "amount": 60, "date": "2025-01"},
            {"label": "y", "amount": 5, "date": "2025-02"},
        ],
    )
    summary = project(s).summary
    assert [str(r.closing) for r in project(s).rows] == ["40.00", "45.00"]
    assert (summary.below_reserve, summary.reserve_gap) == (M("2025-01"), D("10.00"))
