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
from mss_runway.solve import Solution, solve

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
    assert result.stderr == (
        f"warning: {path}: falls short: below the reserve of 2.5 months of costs in 2025-02 "
        "(counting pledged): at most 15,000.00 USD under it\n"
    )
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


# --- solve answers for the reserve --------------------------------------------------------
# By hand: opening 100, 50 a month Jan-Mar, target Mar: closings 50, 0, -50.


def solved(reserve: object) -> Solution:
    s = scenario(
        target="2025-03",
        opening_balance=100,
        reserve=reserve,
        costs=[{"label": "ops", "monthly": 50, "to": "2025-03"}],
    )
    return solve(s, "pledged")


def test_solve_answers_for_an_amount_reserve() -> None:
    """Reserve 40: margins 10, -40, -90. Lump sum 90 (closings 140, 90, 40); by Feb at the
    latest (Jan's margin is not negative; 90 covers Feb and Mar); monthly max(40/2, 90/3)
    = 30 (closings 80, 60, 40); cost factor: 100 - 3 x round(50 f) >= 40 needs a cost of
    at most 20.00: f = 0.4001 gives 20.005 -> 20.00 (half to even), 0.4002 gives 20.01."""
    answer = solved(40)
    assert (answer.lump_sum, answer.lump_sum_by) == (D("90.00"), M("2025-02"))
    assert answer.monthly_top_up == D("30.00")
    assert answer.cost_factor == D("0.4001")


def test_solve_answers_for_months_of_costs() -> None:
    """One month of costs (50 each month): margins 0, -50, -100. Lump sum 100; monthly
    max(50/2, 100/3 = 33.333.. -> 33.34 up); cost: 100 - 3c >= c needs c <= 25.00:
    f = 0.5001 gives 25.005 -> 25.00, 0.5002 gives 25.01."""
    answer = solved({"months_of_costs": 1})
    assert answer.lump_sum == D("100.00")
    assert answer.monthly_top_up == D("33.34")
    assert answer.cost_factor == D("0.5001")


@pytest.mark.parametrize(
    ("reserve", "units"), [(None, 33), (100, 30), ({"months_of_costs": 2}, 20)]
)
def test_solve_max_units_keeps_the_reserve(reserve: object, units: int) -> None:
    """Opening 1,000, 10 a unit, target Mar: c units close Mar at 1,000 - 30c. No reserve:
    1,000 - 30c >= 0: 33. Reserve 100: 1,000 - 30c >= 100: 30.
    Two months of costs (20c): 1,000 - 30c >= 20c: 20."""
    s = scenario(
        target="2025-03",
        opening_balance=1000,
        reserve=reserve,
        costs=[{"label": "staff", "unit_cost": 10, "units": {"2025-01": 1}, "to": "2025-03"}],
    )
    assert solve(s, "pledged").max_units == {"staff": units}


def test_solve_cost_factor_is_none_when_even_no_costs_break_the_reserve() -> None:
    assert solved(200).cost_factor is None


def test_solve_max_units_settles_the_rounded_reserve_by_reprojection() -> None:
    """Opening 2, 0.03 a unit, target Feb, 0.3 months of costs: c units close Feb at
    2 - 0.06c over a reserve of round(0.009c). 29 units: 0.26 over round(0.261) = 0.26,
    kept; 30 units: 0.20 under round(0.27) = 0.27. (The straight-line estimate, 2 / 0.069
    = 28.98, is one short: the re-projection finds the 29th.)"""
    s = scenario(
        target="2025-02",
        opening_balance=2,
        reserve={"months_of_costs": "0.3"},
        costs=[{"label": "staff", "unit_cost": "0.03", "units": {"2025-01": 1}}],
    )
    assert solve(s, "pledged").max_units == {"staff": 29}


def test_solve_output_names_the_reserve(write: Callable[..., Path]) -> None:
    path = write(
        "name: x\nstart: 2025-01\ntarget: 2025-03\nopening_balance: 100\nreserve: 40\n"
        "costs: [{label: ops, monthly: 50, to: 2025-03}]\n"
    )
    doc = json.loads(runner.invoke(app, ["solve", str(path), "-f", "json"]).stdout)
    assert (doc["lump_sum"], doc["reserve"]) == (90.0, {"amount": 40.0})
    text = runner.invoke(app, ["solve", str(path)]).stdout
    assert "What it takes to last through 2025-03 above the reserve of 40.00 USD" in text


def test_markdown_shows_the_low_point_and_marks_months_under_the_reserve(
    write: Callable[..., Path],
) -> None:
    """RESERVE_TEXT has received money only: every lens is the same ledger."""
    text = runner.invoke(app, ["forecast", str(write(RESERVE_TEXT)), "-f", "markdown"]).stdout
    assert "Reserve: 2.5 months of costs, the balance no month may close under." in text
    assert "| Lowest balance | 35,000.00 | 35,000.00 | 35,000.00 |\n" in text
    assert "| Lowest in | 2025-04 | 2025-04 | 2025-04 |\n" in text
    assert "| Below reserve from | 2025-02 | 2025-02 | 2025-02 |\n" in text
    assert "| Reserve gap | 15,000.00 | 15,000.00 | 15,000.00 |\n" in text
    notes = [line.rsplit("|", 2)[1].strip() for line in text.splitlines() if line[2:4] == "20"]
    assert notes == ["", "under reserve", "", "target, under reserve"]


@pytest.mark.parametrize(
    ("reserve", "valid"),
    [({"months_of_costs": 1}, True), (5000, True), ({"months_of_costs": 0}, False),
     (-1, False), ({"months": 2}, False)],
)  # fmt: skip
def test_the_json_schema_knows_the_reserve(reserve: object, valid: bool) -> None:
    """Editors check the field as the loader does (the schema is generated from the model)."""
    jsonschema = pytest.importorskip("jsonschema")
    from mss_runway.schema import json_schema

    data = {"name": "x", "start": "2025-01", "reserve": reserve}
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert (not errors) == valid


def test_github_annotation_points_at_the_reserve_when_it_alone_fails(
    write: Callable[..., Path],
) -> None:
    """Never negative, only under the reserve: the annotation is at `reserve:` (line 5)."""
    path = write(RESERVE_TEXT)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = runner.invoke(app, ["check", str(path)], env=env)
    assert f"::error file={path},line=5," in result.stdout
