"""What-ifs: --delay, --drop, --scale-costs and --target, as functions and on forecast."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.loader import load_scenario
from mss_runway.months import Month
from mss_runway.projection import forecast
from mss_runway.whatif import WhatIfError, WhatIfs, apply, build

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL = str(SCENARIOS / "minimal.yaml")


def test_delay_moves_every_contribution_of_that_status() -> None:
    """minimal.yaml's 50,000 pledge moves from March to June (3 months late)."""
    scenario = apply(load_scenario(MINIMAL), build(delays=["pledged=3"]))
    assert str(scenario.contributions[0].date) == "2025-06"
    summary = forecast(scenario, "pledged").chosen.summary
    # opening 140,000, 30,000 a month: Jan 110k, Feb 80k, Mar 50k, Apr 20k, May -10k,
    # Jun -10k + 50k - 30k = 10k. Exhausted May; 10,000 short; one month short.
    assert (str(summary.exhausted), summary.shortfall, summary.months_short) == (
        "2025-05",
        Decimal("10000.00"),
        1,
    )
    assert summary.balance_at_target == Decimal("10000.00")


def test_delay_of_another_status_changes_nothing() -> None:
    """--delay received=2 leaves a pledge where it is."""
    scenario = apply(load_scenario(MINIMAL), build(delays=["received=2"]))
    assert str(scenario.contributions[0].date) == "2025-03"


def test_delay_past_the_horizon_is_left_out_with_a_warning(write: Callable[..., Path]) -> None:
    """A contribution moved past start + 119 months is left out, with a warning."""
    path = write(
        """
        name: late
        start: 2025-01
        contributions: [{donor: Far, amount: 5, status: pledged, date: 2034-12}]
        costs: [{label: Ops, monthly: 1}]
        """
    )
    result = forecast(apply(load_scenario(path), build(delays=["pledge=1"])))
    assert result.warnings == (
        "contributions[0] (Far, 2035-01) is dated after 2034-12, the last month a ledger "
        "can hold: left out",
    )


def test_drop_leaves_the_donor_out_ignoring_case() -> None:
    """--drop 'example DONOR' removes minimal.yaml's only contribution."""
    scenario = apply(load_scenario(MINIMAL), build(drops=["example DONOR"]))
    assert scenario.contributions == ()


def test_drop_of_an_unknown_donor_lists_the_donors() -> None:
    """A donor the scenario does not have is an error naming the donors it has."""
    with pytest.raises(WhatIfError, match="donors: Example donor"):
        apply(load_scenario(MINIMAL), build(drops=["Nobody"]))


def test_scale_costs_rounds_each_line_half_to_even(write: Callable[..., Path]) -> None:
    """Each line's amount x factor is rounded to the cent once, half to even."""
    path = write(
        """
        name: scale
        start: 2025-01
        costs:
          - {label: A, monthly: 0.05}
          - {label: B, amount: 0.25, date: 2025-02}
          - {label: C, unit_cost: 0.07, units: {2025-01: 3}}
        """
    )
    scenario = apply(load_scenario(path), build(scale_costs="1.5"))
    # 0.05 x 1.5 = 0.075 -> 0.08 (half to even: 7 is odd); 0.25 x 1.5 = 0.375 -> 0.38;
    # 0.07 x 1.5 = 0.105 -> 0.10 (0 is even), then x 3 units = 0.30 a month.
    a, b, c = scenario.costs
    assert (a.monthly, b.amount, c.unit_cost) == (  # type: ignore[union-attr]
        Decimal("0.08"),
        Decimal("0.38"),
        Decimal("0.10"),
    )
    assert forecast(scenario).chosen.rows[0].outflow == Decimal("0.38")  # 0.08 + 0.30


def test_target_replaces_the_files_target_within_the_rules() -> None:
    """--target moves the target; one before start is an error."""
    scenario = apply(load_scenario(MINIMAL), build(target="2025-03"))
    assert scenario.target == Month.parse("2025-03")
    with pytest.raises(WhatIfError, match="target 2024-12 is before start 2025-01"):
        apply(load_scenario(MINIMAL), build(target="2024-12"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"delays": ["hoped=3"]}, "STATUS one of received, committed, pledged"),
        ({"delays": ["pledged=-1"]}, "whole number of months"),
        ({"delays": ["pledged=\u00b2"]}, "whole number of months"),  # a digit, not 0-9
        ({"delays": ["pledged=1", "pledge=2"]}, "--delay given twice for pledged"),
        ({"scale_costs": "1e999999"}, "expected a factor from 0 to 1,000,000,000,000"),
        ({"scale_costs": "NaN"}, "expected a factor"),
        ({"target": "2025-13"}, "not a real month"),
    ],
)
def test_bad_what_if_values_are_refused(kwargs: dict[str, object], message: str) -> None:
    """Each malformed what-if raises WhatIfError with what was expected."""
    with pytest.raises(WhatIfError, match=message):
        build(**kwargs)  # type: ignore[arg-type]


def test_describe_names_every_what_if() -> None:
    """The phrases outputs print, in a fixed order; none for no what-ifs."""
    whatifs = build(["pledged=3", "committed=1"], ["Germany"], "1.10", "2025-12")
    assert whatifs.describe() == [
        "pledged contributions 3 months late",
        "committed contributions 1 month late",
        "without Germany",
        "every cost x 1.10",
        "target 2025-12",
    ]
    assert WhatIfs().describe() == []


def test_forecast_json_names_the_what_ifs() -> None:
    """forecast --format json carries what_if: the phrases, or [] without what-ifs."""
    plain = runner.invoke(app, ["forecast", MINIMAL, "-f", "json"])
    assert plain.exit_code == 0, plain.stderr
    assert json.loads(plain.stdout)["what_if"] == []
    result = runner.invoke(
        app, ["forecast", MINIMAL, "-f", "json", "--delay", "pledged=3", "--target", "2025-07"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["what_if"] == ["pledged contributions 3 months late", "target 2025-07"]
    # By hand as above, with the target in July: Jul 10k - 30k = -20k closes negative.
    assert (doc["target"], doc["balance_at_target"], doc["months_short"]) == (
        "2025-07",
        Decimal("-20000.00"),
        2,
    )


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_show_a_what_if_line(fmt: str) -> None:
    """People's formats say plainly that the numbers are a what-if."""
    result = runner.invoke(app, ["forecast", MINIMAL, "-f", fmt, "--scale-costs", "2"])
    assert result.exit_code == 0, result.stderr
    assert "What-if (not the file's own numbers): every cost x 2" in result.stdout
    plain = runner.invoke(app, ["forecast", MINIMAL, "-f", fmt])
    assert plain.exit_code == 0, plain.stderr
    assert "What-if" not in plain.stdout


def test_unknown_donor_on_the_command_line_exits_2() -> None:
    """--drop of a donor the file lacks: exit 2, the file and its donors on stderr."""
    result = runner.invoke(app, ["forecast", MINIMAL, "--drop", "Nobody"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {MINIMAL}: --drop 'Nobody': no contribution comes from that donor; "
        "donors: Example donor\n"
    )
