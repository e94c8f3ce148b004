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
from mss_runway.whatif import WhatIfError, WhatIfs, apply, build, traced, within

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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"delays": ["pledged"]},
            "--delay: expected STATUS=MONTHS, such as pledged=3, got 'pledged'",
        ),
        (
            {"delays": [" hoped =3"]},
            "--delay: expected STATUS=MONTHS with STATUS one of received, committed, pledged "
            "(or the FTS words paid, commitment, pledge), got ' hoped '",
        ),
        (
            {"delays": [" pledge = 120"]},
            "--delay pledge=MONTHS: expected a whole number of months from 0 to 119, got ' 120'",
        ),
        (
            {"delays": ["paid=1", "commitment=2", "pledged=3", "received=4", "committed=5"]},
            "--delay given twice for committed, received",
        ),
        (
            {"scale_costs": "abc"},
            "--scale-costs: expected a factor from 0 to 1,000,000,000,000, such as 1.1, got 'abc'",
        ),
        (
            {"scale_costs": "-0.0001"},
            "--scale-costs: expected a factor from 0 to 1,000,000,000,000, such as 1.1, "
            "got '-0.0001'",
        ),
        (
            {"scale_costs": "1000000000000.0001"},
            "--scale-costs: expected a factor from 0 to 1,000,000,000,000, such as 1.1, "
            "got '1000000000000.0001'",
        ),
        ({"scale_costs": "Infinity"}, "--scale-costs: expected a factor from 0 to"),
        ({"overdue": "later"}, "--overdue: expected next_month or drop, got 'later'"),
        (
            {"delays": ["pledged=1=2"]},
            "--delay pledged=MONTHS: expected a whole number of months from 0 to 119, got '1=2'",
        ),
    ],
)
def test_bad_what_if_values_say_exactly_what_was_expected(
    kwargs: dict[str, object], message: str
) -> None:
    """The whole message the user sees (the CLI prints it after the file name)."""
    with pytest.raises(WhatIfError) as caught:
        build(**kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    if not message.endswith("to"):
        assert str(caught.value) == message


def test_what_if_values_at_their_bounds_are_accepted() -> None:
    """A delay of 0 and of 119 months, factors 0 and 10**12, blanks around each value, the
    FTS words for statuses, duplicate --drop donors kept once (blanks stripped)."""
    whatifs = build(
        delays=[" paid = 0", "pledge=119 "],
        drops=[" Example donor ", "Example donor", "Other"],
        scale_costs=" 0 ",
        target=" 2025-03 ",
        overdue=" drop ",
    )
    assert whatifs == WhatIfs(
        delays=(("received", 0), ("pledged", 119)),
        drops=("Example donor", "Other"),
        scale_costs=Decimal("0"),
        target=Month.parse("2025-03"),
        overdue="drop",
    )
    assert build(scale_costs="1000000000000").scale_costs == Decimal(10) ** 12
    assert build(overdue="next_month").overdue == "next_month"
    assert build() == WhatIfs()
    plain = build()
    assert (plain.scale_costs, plain.target, plain.overdue) == (None, None, None)


def test_describe_says_month_for_one_and_names_the_overdue_choice() -> None:
    """1 month, 0 months, 2 months; each --overdue choice has its phrase."""
    assert build(["pledged=1", "committed=0", "received=2"], overdue="drop").describe() == [
        "pledged contributions 1 month late",
        "committed contributions 0 months late",
        "received contributions 2 months late",
        "overdue contributions dropped",
    ]
    assert build(overdue="next_month").describe() == ["overdue contributions expected next month"]


def test_no_what_ifs_give_back_the_very_same_scenario() -> None:
    """Nothing to change: apply returns its argument, not a copy."""
    scenario = load_scenario(MINIMAL)
    assert apply(scenario, WhatIfs()) is scenario


def test_overdue_what_if_replaces_the_files_choice() -> None:
    """--overdue drop is set on the scenario; nothing else changes."""
    scenario = load_scenario(MINIMAL)
    changed = apply(scenario, build(overdue="drop"))
    assert changed.overdue == "drop"
    assert changed.contributions == scenario.contributions
    assert changed.costs == scenario.costs


def _donors(write: Callable[..., Path]) -> Path:
    return write(
        """
        name: donors
        start: 2025-01
        target: 2025-06
        contributions:
          - {donor: Zed, amount: 1, status: received, date: 2025-01}
          - {donor: Alpha, amount: 2, status: committed, date: 2025-02}
          - {donor: zed, amount: 3, status: pledged, date: 2025-03}
          - {donor: Beta, amount: 4, status: pledged, date: 2025-04}
        costs: [{label: Ops, monthly: 1}]
        """
    )


def test_drop_names_the_first_unknown_donor_and_every_donor_sorted(
    write: Callable[..., Path],
) -> None:
    """Donors listed once each, sorted; the first unknown --drop named; none when empty."""
    scenario = load_scenario(_donors(write))
    with pytest.raises(WhatIfError) as caught:
        apply(scenario, build(drops=["alpha", "Nobody", "Else"]))
    assert str(caught.value) == (
        "--drop 'Nobody': no contribution comes from that donor; donors: Alpha, Beta, Zed, zed"
    )
    empty = scenario.model_copy(update={"contributions": ()})
    with pytest.raises(WhatIfError) as caught:
        apply(empty, build(drops=["X"]))
    assert str(caught.value) == "--drop 'X': no contribution comes from that donor; donors: none"


def test_drop_and_delay_together_and_what_traced_reports(write: Callable[..., Path]) -> None:
    """--drop ZED (both spellings go) with --delay pledged=2 and committed=0: Beta moves
    from April to June, Alpha stays (a 0 delay moves nothing); traced names each kept
    contribution's index and the what-if that moved it."""
    scenario = load_scenario(_donors(write))
    whatifs = build(delays=["pledged=2", "committed=0"], drops=["ZED"], scale_costs="2")
    changed = apply(scenario, whatifs)
    assert [(c.donor, str(c.date)) for c in changed.contributions] == [
        ("Alpha", "2025-02"),
        ("Beta", "2025-06"),
    ]
    assert traced(scenario, whatifs) == (
        [(1, None), (3, "pledged contributions 2 months late")],
        "every cost x 2",
    )
    assert traced(scenario, WhatIfs()) == ([(0, None), (1, None), (2, None), (3, None)], None)
    only_zero = apply(scenario, build(delays=["committed=0"]))
    assert only_zero.contributions == scenario.contributions


def test_within_keeps_only_the_donors_the_scenario_has(write: Callable[..., Path]) -> None:
    """diff's rule: a --drop donor one side lacks is left out for that side."""
    scenario = load_scenario(_donors(write))
    whatifs = build(drops=["beta", "Nobody", "ZED"], scale_costs="2")
    assert within(scenario, whatifs) == WhatIfs(drops=("beta", "ZED"), scale_costs=Decimal(2))
