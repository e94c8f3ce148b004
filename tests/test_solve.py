"""solve: answers computed by hand, each checked again by projecting the scenario with it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mss_runway import Month, Scenario, project
from mss_runway.solve import NoTarget, Solution, solve

M = Month.parse


def scenario(**fields: Any) -> Scenario:
    data: dict[str, Any] = {"name": "test", "start": "2025-01"}
    data.update(fields)
    return Scenario.model_validate(data)


def lasts(**fields: Any) -> bool:
    """Projected independently of the solver: no negative closing through the target."""
    rows = project(scenario(**fields)).rows
    target = M(fields["target"]) - M("2025-01")
    return all(row.closing >= 0 for row in rows[: target + 1])


# Opening 100, costs 60 a month, a pledge of 40 in March, target April.
# Closings: Jan 40, Feb -20, Mar -40, Apr -100.
GAP: dict[str, Any] = {
    "target": "2025-04",
    "opening_balance": 100,
    "contributions": [{"donor": "C", "amount": 40, "status": "pledged", "date": "2025-03"}],
    "costs": [{"label": "ops", "monthly": 60}],
}


def with_top_ups(amount: str, months: list[str]) -> dict[str, Any]:
    extra = [{"donor": "t", "amount": amount, "status": "received", "date": m} for m in months]
    return {**GAP, "contributions": GAP["contributions"] + extra}


def test_lump_sum_is_the_shortfall() -> None:
    """The lump sum is minus the lowest closing balance: 100.00; 99.99 is not enough. It
    may arrive as late as February (January closes at 40, before any month is short)."""
    result = solve(scenario(**GAP))
    assert result.lump_sum == Decimal("100.00")
    assert result.lump_sum_by == M("2025-02")
    assert lasts(**{**GAP, "opening_balance": 200})
    assert not lasts(**{**GAP, "opening_balance": "199.99"})


def test_monthly_top_up_is_the_largest_gap_per_month_rounded_up() -> None:
    """t = max(-closing(m) / (m + 1)): Feb 20/2 = 10, Mar 40/3 = 13.34 (up), Apr 100/4 = 25."""
    result = solve(scenario(**GAP))
    assert result.monthly_top_up == Decimal("25.00")
    every = ["2025-01", "2025-02", "2025-03", "2025-04"]
    # with 25 a month: Jan 65, Feb 30, Mar 35, Apr 0; with 24.99 April closes at -0.04
    assert lasts(**with_top_ups("25", every))
    assert not lasts(**with_top_ups("24.99", every))


def test_monthly_top_up_rounds_a_third_up_to_the_cent() -> None:
    """Opening 0, costs 100 a month from February, target March: Feb -100 over 2 months,
    Mar -200 over 3 months = 66.666... -> 66.67 (rounded up, so it really closes the gap)."""
    fields = {"target": "2025-03", "costs": [{"label": "x", "monthly": 100, "from": "2025-02"}]}
    result = solve(scenario(**fields))
    assert result.monthly_top_up == Decimal("66.67")


def test_latest_month_for_a_top_up() -> None:
    """100 covers the lowest balance (-100, April) if it arrives by February; in March it is
    too late because February already closed at -20. 99.99 is not enough at all."""
    assert solve(scenario(**GAP), top_up=Decimal(100)).latest_top_up_month == M("2025-02")
    assert lasts(**with_top_ups("100", ["2025-02"]))
    assert not lasts(**with_top_ups("100", ["2025-03"]))
    assert solve(scenario(**GAP), top_up=Decimal("99.99")).latest_top_up_month is None
    assert not lasts(**with_top_ups("99.99", ["2025-01"]))


def test_latest_month_is_the_target_when_nothing_is_needed() -> None:
    """Without a gap any month through the target will do: the latest is the target."""
    fields = {**GAP, "opening_balance": 1_000}
    assert solve(scenario(**fields), top_up=Decimal(1)).latest_top_up_month == M("2025-04")


def test_cost_factor_rounds_down_on_the_grid_after_cent_rounding() -> None:
    """April needs 4 x round(60 f) <= 140, i.e. round(60 f) <= 35.00, i.e. 60 f <= 35.005
    (35.005 rounds half to even to 35.00): f <= 0.583416..., so 0.5834 (60 x 0.5834 =
    35.004 -> 35.00); 0.5835 gives 35.01 and April closes at -0.04."""
    result = solve(scenario(**GAP))
    assert result.cost_factor == Decimal("0.5834")
    assert lasts(**{**GAP, "costs": [{"label": "ops", "monthly": "35.00"}]})
    assert not lasts(**{**GAP, "costs": [{"label": "ops", "monthly": "35.01"}]})


def test_cost_factor_above_one_when_there_is_room() -> None:
    """scenarios/minimal.yaml by hand: 140,000 + 50,000 must cover 6 x 30,000 f through
    June: f <= 190,000 / 180,000 = 1.05555... -> 1.0555 (31,665 x 6 = 189,990)."""
    fields = {
        "target": "2025-06",
        "opening_balance": 140_000,
        "contributions": [{"donor": "E", "amount": 50_000, "status": "pledged", "date": "2025-03"}],
        "costs": [{"label": "ops", "monthly": 30_000}],
    }
    assert solve(scenario(**fields)).cost_factor == Decimal("1.0555")
    assert lasts(**{**fields, "costs": [{"label": "ops", "monthly": "31665"}]})
    assert not lasts(**{**fields, "costs": [{"label": "ops", "monthly": "31668"}]})


def test_cost_factor_is_none_when_nothing_is_spent_by_the_target() -> None:
    """Costs starting after the target do not decide it: no factor."""
    fields = {"target": "2025-02", "costs": [{"label": "x", "monthly": 5, "from": "2025-03"}]}
    assert solve(scenario(**fields)).cost_factor is None


UNITS: dict[str, Any] = {
    "target": "2025-04",
    "opening_balance": 200,
    "costs": [
        {"label": "rent", "monthly": 30},
        {"label": "officers", "unit_cost": 10, "units": {"2025-01": 5, "2025-03": 1}},
    ],
}


def test_max_units_is_the_smallest_room_per_month() -> None:
    """Without the officers: 170, 140, 110, 80. Units c need 10 c (m + 1) <= closing(m):
    17, 7, 3, 2 -> 2 (150, 100, 50, 0); 3 units close April at -40."""
    assert solve(scenario(**UNITS)).max_units == {"officers": 2}
    two = {
        **UNITS,
        "costs": [UNITS["costs"][0], {"label": "o", "unit_cost": 10, "units": {"2025-01": 2}}],
    }
    three = {
        **UNITS,
        "costs": [UNITS["costs"][0], {"label": "o", "unit_cost": 10, "units": {"2025-01": 3}}],
    }
    assert lasts(**two)
    assert not lasts(**three)


def test_max_units_is_none_when_even_zero_units_fail() -> None:
    """Rent alone (100 a month against 200) runs out in March: no count of officers fits."""
    fields = {**UNITS, "costs": [{"label": "rent", "monthly": 100}, UNITS["costs"][1]]}
    assert solve(scenario(**fields)).max_units == {"officers": None}


def test_lens_changes_the_answers() -> None:
    """Counting received money only, the pledge of 40 is out: Apr closes at -140."""
    assert solve(scenario(**GAP), "received").lump_sum == Decimal("140.00")


def test_no_target_is_refused() -> None:
    """Without a target there is nothing to solve for."""
    with pytest.raises(NoTarget):
        solve(scenario(opening_balance=1))


def test_cost_factor_scales_per_unit_lines_as_scale_costs_does() -> None:
    """solve's cost factor is what --scale-costs applies: the unit cost is scaled and
    rounded, then times the count. Applied, it lasts; one step more does not."""
    fields: dict[str, Any] = {
        "start": "2025-03",
        "target": "2025-05",
        "opening_balance": 1_000,
        "costs": [
            {
                "label": "officers",
                "unit_cost": "10.50",
                "units": {"2025-01": 3, "2025-04": 5, "2025-12": 100},
                "to": "2025-08",
            },
            {"label": "ops", "monthly": 7, "from": "2025-01", "to": "2025-04"},
        ],
    }
    # Through May: 3 + 5 + 5 = 13 officer-months at u = round(10.50 f) and 2 months of
    # r = round(7 f); the fund lasts while 13 u + 2 r <= 1,000.
    # f = 6.6442: u = round(69.7641) = 69.76, r = round(46.5094) = 46.51: 906.88 + 93.02 = 999.90
    # f = 6.6443: u = round(69.76515) = 69.77: 907.01 + 93.02 = 1,000.03 (short by 0.03)
    data = {"name": "t", **fields}
    answer = solve(Scenario.model_validate(data))
    assert answer.cost_factor == Decimal("6.6442")

    from mss_runway.whatif import WhatIfs, apply

    def shortfall(factor: str) -> Decimal | None:
        scaled = apply(Scenario.model_validate(data), WhatIfs(scale_costs=Decimal(factor)))
        return project(scaled).summary.shortfall

    assert shortfall("6.6442") == 0
    assert shortfall("6.6443") == Decimal("0.03")


def test_a_cost_factor_above_1000_can_be_checked_with_scale_costs(tmp_path: Path) -> None:
    """A large cost factor is reported exactly and --scale-costs accepts it to check it."""
    data = {
        "name": "t",
        "start": "2025-01",
        "target": "2025-01",
        "opening_balance": "1000.50",
        "costs": [{"label": "ops", "monthly": 1}],
    }
    # 1 x f must round to at most 1,000.50: f = 1000.5050 gives 1000.505 -> 1000.50 (half
    # to even); f = 1000.5051 gives 1000.51, a cent short.
    assert solve(Scenario.model_validate(data)).cost_factor == Decimal("1000.5050")
    from typer.testing import CliRunner

    from mss_runway.cli import app

    runner = CliRunner()
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\nstart: 2025-01\ntarget: 2025-01\nopening_balance: 1000.50\n"
        "costs: [{label: ops, monthly: 1}]\n"
    )
    for factor, shortfall in (("1000.5050", 0), ("1000.5051", 0.01)):
        result = runner.invoke(app, ["forecast", str(path), "-f", "json", "--scale-costs", factor])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["shortfall"] == shortfall


def test_every_answer_of_the_gap_at_once() -> None:
    """GAP by hand (closings 40, -20, -40, -100 through April), with a top-up of 100: the
    whole Solution, so no answer can drift unseen."""
    s = scenario(**GAP)
    assert solve(s, "pledged", top_up=Decimal(100)) == Solution(
        scenario=s,
        lens="pledged",
        lump_sum=Decimal("100.00"),
        lump_sum_by=M("2025-02"),
        monthly_top_up=Decimal("25.00"),
        top_up=Decimal(100),
        latest_top_up_month=M("2025-02"),
        cost_factor=Decimal("0.5834"),
        max_units={},
    )


def test_nothing_needed_gives_zero_and_no_month() -> None:
    """Opening 1,000 against 60 a month through April (760 left): no lump sum, no month
    for it, no top-up. The factor: 4 x round(60 f) <= 1,040 (with the pledge of 40), so
    60 f <= 260.005 (which rounds half to even to 260.00): f = 4.3334 (260.004 -> 260.00;
    4.3335 gives 260.01). A top-up of 0.01 may come as late as April."""
    fields = {**GAP, "opening_balance": 1_000}
    answer = solve(scenario(**fields), top_up=Decimal("0.01"))
    assert (answer.lump_sum, answer.lump_sum_by, answer.monthly_top_up) == (
        Decimal(0),
        None,
        Decimal(0),
    )
    assert answer.cost_factor == Decimal("4.3334")
    assert answer.latest_top_up_month == M("2025-04")


def test_without_a_target_the_message_says_what_to_add() -> None:
    """The whole message solve's error line carries."""
    with pytest.raises(NoTarget) as caught:
        solve(scenario(opening_balance=1))
    assert str(caught.value) == (
        "no target: solve answers what it takes to last through a target month; "
        "add `target: YYYY-MM` to the scenario"
    )


ACTUALS: dict[str, Any] = {
    "opening_balance": 100,
    "costs": [{"label": "ops", "monthly": 30}],
    "actuals": [
        {"month": "2025-01", "closing": "70"},
        {"month": "2025-02", "closing": "40"},
    ],
}


def test_a_target_in_the_last_actual_month_is_refused_the_next_is_solved() -> None:
    """Target 2025-02 = the last actual month: nothing to solve, said exactly. Target
    2025-03: solved from March on, opening 40: March closes at 10, no gap."""
    with pytest.raises(NoTarget) as caught:
        solve(scenario(target="2025-02", **ACTUALS))
    assert str(caught.value) == (
        "the target 2025-02 is within the actual months (through 2025-02): nothing is left "
        "to solve; give a later target (--target YYYY-MM)"
    )
    answer = solve(scenario(target="2025-03", **ACTUALS))
    assert answer.scenario.start == M("2025-03")
    assert (answer.lump_sum, answer.monthly_top_up) == (Decimal(0), Decimal(0))
    # round(30 f) <= 40.00: 30 x 1.3335 = 40.005 rounds half to even to 40.00; 1.3336
    # gives 40.008 -> 40.01
    assert answer.cost_factor == Decimal("1.3335")


def test_the_last_of_three_actual_months_bounds_the_target() -> None:
    """Three actual months (January to March): a target of March is still within them
    (the last, not the second, is what counts)."""
    actuals = [*ACTUALS["actuals"], {"month": "2025-03", "closing": "10"}]
    with pytest.raises(NoTarget) as caught:
        solve(scenario(target="2025-03", **{**ACTUALS, "actuals": actuals}))
    assert str(caught.value).startswith(
        "the target 2025-03 is within the actual months (through 2025-03)"
    )


def test_max_units_keys_a_label_used_twice_and_skips_free_lines() -> None:
    """Two per-unit lines named "crew" (the second keyed with its position) and a free one
    (unit cost 0: any count fits, so it is left out). Opening 120, target February, rent
    10 a month. The first crew line at 0 units, the second (2 x 5) kept: closings 100, 80;
    c units of 10 need 10 c <= 100 and 20 c <= 80: 4. The second at 0 units, the first
    (1 x 10) kept: closings 100, 80; 5 c <= 100 and 10 c <= 80: 8."""
    fields = {
        "target": "2025-02",
        "opening_balance": 120,
        "costs": [
            {"label": "rent", "monthly": 10},
            {"label": "crew", "unit_cost": 10, "units": {"2025-01": 1}},
            {"label": "free", "unit_cost": 0, "units": {"2025-01": 7}},
            {"label": "crew", "unit_cost": 5, "units": {"2025-01": 2}},
        ],
    }
    assert solve(scenario(**fields)).max_units == {"crew": 4, "crew (costs[3])": 8}


def test_the_cost_factor_stops_at_the_largest_factor_scale_costs_accepts() -> None:
    """A cent a month against 10,000,000,000: even 10**12 x 0.01 = 10**10 still lasts,
    so the answer is the cap (exactly on the boundary); a cent less and the answer is the
    last grid step under 999,999,999,999.5 (0.01 f must round to 9,999,999,999.99 at
    most, and 9,999,999,999.995 rounds half to even up to 10**10)."""
    fields = {"target": "2025-01", "costs": [{"label": "ops", "monthly": "0.01"}]}
    top = solve(scenario(**fields, opening_balance=10**10)).cost_factor
    assert top == Decimal(10) ** 12
    under = solve(scenario(**fields, opening_balance="9999999999.99")).cost_factor
    assert under == Decimal("999999999999.4999")
