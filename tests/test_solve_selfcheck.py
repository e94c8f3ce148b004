"""solve's self-checks: every answer is projected again, and a check that fails stops
solve with a message naming the answer. The real projection always agrees with the
solver, so these tests put a lying ``lasts`` in its place: it gives the opposite answer
for one chosen call, and the test reads which check caught it. Spying on the same calls
pins what each check projects (the month the money arrives in, the month after).

Hand figures: GAP is opening 100, costs 60 a month, a pledge of 40 in March, target
April. Closings: Jan 40, Feb -20, Mar -40, Apr -100. Lump sum 100 (latest by February),
monthly top-up 25, cost factor 0.5834 (costs of 35.00 a month last, 35.01 do not).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from mss_runway import Month, Scenario
from mss_runway import solve as solve_module
from mss_runway.solve import SolveCheckFailed, solve

M = Month.parse
REAL_LASTS = solve_module.lasts

GAP: dict[str, Any] = {
    "name": "gap",
    "start": "2025-01",
    "target": "2025-04",
    "opening_balance": 100,
    "contributions": [{"donor": "C", "amount": 40, "status": "pledged", "date": "2025-03"}],
    "costs": [{"label": "ops", "monthly": 60}],
}
GAP_SCENARIO = Scenario.model_validate(GAP)

Call = Callable[[Scenario], bool]


def top_ups(scenario: Scenario) -> list[tuple[int, Decimal]]:
    """The money solve added: (month counted from start, amount) of each top-up."""
    return [
        (c.date - scenario.start, c.amount) for c in scenario.contributions if c.donor == "top-up"
    ]


def spied(monkeypatch: pytest.MonkeyPatch, lie: Call = lambda s: False) -> list[Scenario]:
    """Put a ``lasts`` in place that records each scenario asked about and answers the
    opposite of the real projection where ``lie`` says so."""
    asked: list[Scenario] = []

    def fake(scenario: Scenario, lens: Any) -> bool:
        asked.append(scenario)
        answer = REAL_LASTS(scenario, lens)
        return not answer if lie(scenario) else answer

    monkeypatch.setattr(solve_module, "lasts", fake)
    return asked


def one_top_up(month: int, amount: str) -> Call:
    return lambda s: top_ups(s) == [(month, Decimal(amount))]


# each check, the scenario it projects, and what solve then says
CHECKS = [
    pytest.param(
        lambda s: s.opening_balance == Decimal("200.00") and not top_ups(s),
        None,
        "lump sum 100.00",
        id="lump-sum",
    ),
    pytest.param(
        lambda s: s.opening_balance == Decimal("199.99"),
        None,
        "lump sum 100.00 - 0.01",
        id="lump-sum-less-a-cent",
    ),
    pytest.param(
        lambda s: top_ups(s) == [(m, Decimal("25.00")) for m in range(4)],
        None,
        "monthly top-up 25.00",
        id="monthly",
    ),
    pytest.param(
        lambda s: top_ups(s) == [(m, Decimal("24.99")) for m in range(4)],
        None,
        "monthly top-up 25.00 - 0.01",
        id="monthly-less-a-cent",
    ),
    pytest.param(one_top_up(0, "99.99"), "99.99", "not enough in start", id="not-enough"),
    pytest.param(one_top_up(1, "100"), "100", "latest month", id="latest"),
    pytest.param(one_top_up(2, "100"), "100", "the month after the latest", id="month-after"),
]


@pytest.mark.parametrize(("lie", "top_up", "what"), CHECKS)
def test_each_check_stops_solve_and_names_its_answer(
    monkeypatch: pytest.MonkeyPatch, lie: Call, top_up: str | None, what: str
) -> None:
    spied(monkeypatch, lie)
    with pytest.raises(SolveCheckFailed) as caught:
        solve(GAP_SCENARIO, top_up=None if top_up is None else Decimal(top_up))
    assert str(caught.value) == f"{what}: the re-projection check failed"


def test_without_a_lie_every_check_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same spy answering truthfully: solve gives the hand answers (so the lies above
    are what stops it)."""
    spied(monkeypatch)
    result = solve(GAP_SCENARIO, top_up=Decimal(100))
    assert (result.lump_sum, result.lump_sum_by) == (Decimal("100.00"), M("2025-02"))
    assert result.latest_top_up_month == M("2025-02")


def test_the_latest_month_checks_project_that_month_and_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A top-up of 100 for GAP: the checks project 100 arriving in February alone (it
    lasts) and in March alone (it does not), one contribution each, nothing else."""
    asked = spied(monkeypatch)
    solve(GAP_SCENARIO, top_up=Decimal(100))
    single = [top_ups(s) for s in asked if len(top_ups(s)) == 1]
    assert single == [[(1, Decimal(100))], [(2, Decimal(100))]] * 2  # top-up, then lump sum
    assert not [s for s in asked if 1 < len(top_ups(s)) < 4]


def test_the_month_after_is_checked_when_the_latest_is_the_last_month_but_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening 80, costs 30 a month and 60 more from April; target April. Closings: 50,
    20, -10, -100. 100 lasts if it arrives by March (50, 20, 90, 0), the month before the
    last; in April it is too late. The April check must still be made."""
    fields = {
        **GAP,
        "opening_balance": 80,
        "contributions": [],
        "costs": [{"label": "a", "monthly": 30}, {"label": "b", "monthly": 60, "from": "2025-04"}],
    }
    scenario = Scenario.model_validate(fields)
    assert solve(scenario, top_up=Decimal(100)).latest_top_up_month == M("2025-03")
    spied(monkeypatch, one_top_up(3, "100"))
    with pytest.raises(SolveCheckFailed, match=r"^the month after the latest: "):
        solve(scenario, top_up=Decimal(100))


def test_the_cost_factor_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search ends with two projections: costs of 35.00 a month (0.5834, lasts) then
    35.01 (0.5835, does not). A lie about the first stops solve naming the factor."""
    asked = spied(monkeypatch)
    solve(GAP_SCENARIO)
    scaled = [i for i, s in enumerate(asked) if s.costs != GAP_SCENARIO.costs]
    monthly = [asked[i].costs[0].monthly for i in scaled[-2:]]  # type: ignore[union-attr]
    assert monthly == [Decimal("35.00"), Decimal("35.01")]
    calls = iter(range(len(asked)))
    target = scaled[-2]

    monkeypatch.undo()
    spied(monkeypatch, lambda s: next(calls) == target)
    with pytest.raises(SolveCheckFailed) as caught:
        solve(GAP_SCENARIO)
    assert str(caught.value) == "cost factor 0.5834: the re-projection check failed"


UNITS: dict[str, Any] = {
    **GAP,
    "opening_balance": 200,
    "contributions": [],
    "costs": [
        {"label": "rent", "monthly": 30},
        {"label": "officers", "unit_cost": 10, "units": {"2025-01": 5}},
    ],
}


def units_held(count: int) -> Call:
    return lambda s: s.costs[1].units == {M("2025-01"): count}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fields", "lie", "what"),
    [
        pytest.param(UNITS, units_held(2), "officers: 2 units", id="count"),
        pytest.param(UNITS, units_held(3), "officers: 3 units", id="count-plus-one"),
        pytest.param(
            {**UNITS, "costs": [{"label": "rent", "monthly": 100}, UNITS["costs"][1]]},
            units_held(0),
            "officers: zero units",
            id="zero",
        ),
    ],
)
def test_each_units_check_names_the_line_and_count(
    monkeypatch: pytest.MonkeyPatch, fields: dict[str, Any], lie: Call, what: str
) -> None:
    """Without the officers: 170, 140, 110, 80; 2 units fit (150, 100, 50, 0), 3 do not.
    With rent of 100 even zero units fail (100, 0, -100, -200)."""
    spied(monkeypatch, lie)
    with pytest.raises(SolveCheckFailed) as caught:
        solve(Scenario.model_validate(fields))
    assert str(caught.value) == f"{what}: the re-projection check failed"


def test_max_units_hold_through_the_target_even_when_the_line_ends_before() -> None:
    """The officers' line ends in February, the target is April. The answer is the count
    held from start through the target (docs/uncertainty.md): as above, 2. Kept to its own
    end, 4 would fit (170 - 40 = 130, 140 - 80 = 60, then 110 - 80 = 30, 80 - 80 = 0)."""
    officers = {**UNITS["costs"][1], "to": "2025-02"}
    fields = {**UNITS, "costs": [UNITS["costs"][0], officers]}
    assert solve(Scenario.model_validate(fields)).max_units == {"officers": 2}


def test_a_gap_of_one_cent() -> None:
    """Opening 0, costs 0.01 in January, target January: January closes at -0.01. A lump
    sum of 0.01 (by January), a monthly top-up of 0.01 (the gap over one month); the
    smallest amounts solve deals in are money too."""
    fields = {**GAP, "target": "2025-01", "opening_balance": 0, "contributions": []}
    fields["costs"] = [{"label": "ops", "monthly": "0.01"}]
    result = solve(Scenario.model_validate(fields), top_up=Decimal("0.01"))
    assert (result.lump_sum, result.lump_sum_by) == (Decimal("0.01"), M("2025-01"))
    assert result.monthly_top_up == Decimal("0.01")
    assert result.latest_top_up_month == M("2025-01")


def test_the_cost_factor_counts_a_cost_in_the_target_month() -> None:
    """The only cost is a one-off of 30 in March, the target; opening 100. 30 f rounded to
    the cent must be at most 100: 30 x 3.3335 = 100.005 rounds half to even to 100.00;
    30 x 3.3336 = 100.008 gives 100.01. So 3.3335 (not "nothing is spent")."""
    fields = {**GAP, "target": "2025-03", "contributions": []}
    fields["costs"] = [{"label": "fee", "amount": 30, "date": "2025-03"}]
    assert solve(Scenario.model_validate(fields)).cost_factor == Decimal("3.3335")


def test_the_cost_factor_is_zero_when_the_smallest_step_already_fails() -> None:
    """Opening 0, costs 100 a month: with no costs at all it lasts, but 0.0001 x 100 =
    0.01 closes January at -0.01. Every cost must go: the factor is 0, not "none"."""
    fields = {**GAP, "target": "2025-01", "opening_balance": 0, "contributions": []}
    fields["costs"] = [{"label": "ops", "monthly": 100}]
    assert solve(Scenario.model_validate(fields)).cost_factor == Decimal(0)


def test_max_units_zero_when_a_month_closes_at_exactly_zero_without_the_line() -> None:
    """Opening 10, rent 10, target January: without the officers January closes at 0.00,
    which lasts, so zero officers fit (0), not "even zero units fail" (None)."""
    fields = {**UNITS, "target": "2025-01", "opening_balance": 10}
    fields["costs"] = [{"label": "rent", "monthly": 10}, UNITS["costs"][1]]
    assert solve(Scenario.model_validate(fields)).max_units == {"officers": 0}


def test_max_units_under_a_lens() -> None:
    """A pledge of 100 in January. Counting pledges, without the officers: 270, 240, 210,
    180: units c need 10 c (m + 1) <= closing(m): 27, 12, 7, 4 -> 4. Counting received
    money only, the pledge is out: 170, 140, 110, 80 -> 2 (as above)."""
    pledge = {"donor": "P", "amount": 100, "status": "pledged", "date": "2025-01"}
    scenario = Scenario.model_validate({**UNITS, "contributions": [pledge]})
    assert solve(scenario).max_units == {"officers": 4}
    assert solve(scenario, "received").max_units == {"officers": 2}


def test_max_units_when_the_reserve_s_rounding_takes_the_estimated_unit_back() -> None:
    """A reserve of half a month of costs, rounded to the cent half to even. Opening 0.04,
    rent 0.01, officers at 0.02 each, target January. Without officers: closing 0.03,
    reserve 0.5 x 0.01 = 0.005 -> 0.00, margin 0.03; the estimate is 0.03 / (0.02 +
    0.5 x 0.02) = 1 unit. With 1 unit: closing 0.01, reserve 0.5 x 0.03 = 0.015 -> 0.02,
    under it: the re-projection takes the unit back. The answer is 0."""
    fields = {
        **UNITS,
        "target": "2025-01",
        "opening_balance": "0.04",
        "reserve": {"months_of_costs": "0.5"},
        "costs": [
            {"label": "rent", "monthly": "0.01"},
            {"label": "officers", "unit_cost": "0.02", "units": {"2025-01": 1}},
        ],
    }
    assert solve(Scenario.model_validate(fields)).max_units == {"officers": 0}
