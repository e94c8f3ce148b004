"""The ledger with actuals, overdue contributions and plan against actual (hand-computed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mss_runway.actuals import forward, plan, record, remaining, variance
from mss_runway.money import ZERO
from mss_runway.months import Month
from mss_runway.projection import LENSES, forecast, project
from mss_runway.scenario import Scenario

from .strategies import money, scenarios

D = Decimal

# start 2025-01, opening 100, costs 30 a month. Contribution c (30, Jan) came short: 10 of
# it in Jan; a (50, Feb) came in full in Feb with 5 unplanned. b (40, Mar) is still to come.
SCENARIO: dict[str, Any] = {
    "name": "t",
    "start": "2025-01",
    "opening_balance": "100",
    "contributions": [
        {"id": "a", "donor": "A", "amount": "50", "status": "pledged", "date": "2025-02"},
        {"id": "b", "donor": "B", "amount": "40", "status": "committed", "date": "2025-03"},
        {"id": "c", "donor": "C", "amount": "30", "status": "pledged", "date": "2025-01"},
    ],
    "costs": [{"label": "Ops", "monthly": "30"}],
    "actuals": [
        {"month": "2025-01", "closing": "75", "received": {"c": "10"}},
        {"month": "2025-02", "closing": "90", "received": {"a": "50"}, "unplanned": "5"},
    ],
}


def scenario(**changes: Any) -> Scenario:
    return Scenario.model_validate({**SCENARIO, **changes})


def closings(s: Scenario, lens: str) -> list[tuple[str, Decimal]]:
    return [(str(r.month), r.closing) for r in forecast(s).projections[lens].rows]  # type: ignore[index]


def test_actual_months_are_as_recorded_under_every_lens() -> None:
    projections = forecast(scenario()).projections
    for lens in LENSES:
        rows = projections[lens].rows
        # Jan: 100 + 10 - 75 = 35 spent; Feb: 75 + (50 + 5) - 90 = 40 spent
        assert [(r.opening, r.inflow, r.outflow, r.closing) for r in rows[:2]] == [
            (D(100), D(10), D(35), D(75)),
            (D(75), D(55), D(40), D(90)),
        ]


def test_the_projection_starts_from_the_last_closing_with_overdue_money_next_month() -> None:
    # Mar: 90 + b 40 + c's 20 left (overdue, moved to Mar) - 30 = 120, then 30 a month less
    assert closings(scenario(), "pledged")[2:] == [
        ("2025-03", D(120)),
        ("2025-04", D(90)),
        ("2025-05", D(60)),
        ("2025-06", D(30)),
        ("2025-07", D(0)),
        ("2025-08", D(-30)),
    ]
    # committed: c (pledged) is not counted: 90 + 40 - 30 = 100 in Mar
    assert closings(scenario(), "committed")[2:4] == [("2025-03", D(100)), ("2025-04", D(70))]
    # received: nothing more comes: 90 - 30 = 60 in Mar, 0 in May, -30 in June
    assert closings(scenario(), "received")[-1] == ("2025-06", D(-30))
    assert forecast(scenario()).chosen.summary.exhausted == Month.of(2025, 8)


def test_overdue_drop_leaves_the_overdue_money_out() -> None:
    assert closings(scenario(overdue="drop"), "pledged")[2] == ("2025-03", D(100))
    assert forecast(scenario(overdue="drop")).chosen.summary.exhausted == Month.of(2025, 7)


def test_overdue_lists_what_is_left_and_how_late() -> None:
    overdue, rest, _ = remaining(scenario())
    assert [
        (o.id, o.donor, o.status, o.amount_left, str(o.due), o.months_late) for o in overdue
    ] == [("c", "C", "pledged", D(20), "2025-01", 2)]
    assert [(c.id, c.amount, str(c.date)) for c in rest.contributions] == [
        ("b", D(40), "2025-03"),
        ("c", D(20), "2025-03"),
    ]


def test_money_received_early_is_taken_off_its_contribution() -> None:
    s = scenario(
        actuals=[{"month": "2025-01", "closing": "85", "received": {"b": "15", "c": "30"}}]
    )
    overdue, rest, _ = remaining(s)
    assert overdue == ()
    # a (Feb) untouched, b has 25 left in Mar; c came in full
    assert [(c.id, c.amount, str(c.date)) for c in rest.contributions] == [
        ("a", D(50), "2025-02"),
        ("b", D(25), "2025-03"),
    ]


def test_a_closing_above_opening_plus_inflow_is_a_negative_outflow_with_a_warning() -> None:
    s = scenario(actuals=[{"month": "2025-01", "closing": "120", "received": {"c": "10"}}])
    result = forecast(s)
    assert result.chosen.rows[0].outflow == D(-10)  # 100 + 10 - 120
    assert any("outflow is -10.00" in w for w in result.warnings)


def test_the_warning_of_a_negative_outflow_names_the_entry_and_its_figures() -> None:
    """February closes at 150: 75 + (50 + 5) - 150 = -20 spent; January (35 spent) is
    fine. The warning is word for word what the user reads."""
    s = scenario(
        actuals=[
            {"month": "2025-01", "closing": "75", "received": {"c": "10"}},
            {"month": "2025-02", "closing": "150", "received": {"a": "50"}, "unplanned": "5"},
        ]
    )
    assert record(s).outflows == (D(35), D(-20))
    assert record(s).warnings == (
        "actuals[1] (2025-02): the closing balance 150.00 is above opening 75.00 plus inflow "
        "55.00, so the month's outflow is -20.00: is some money received missing from "
        "received or unplanned?",
    )


def test_plan_against_actual_adds_up() -> None:
    rows = variance(scenario(), "pledged")
    # plan: Jan 100 + 30 - 30 = 100; Feb 100 + 50 - 30 = 120
    assert [(str(v.month), v.planned_closing, v.actual_closing, v.difference) for v in rows] == [
        ("2025-01", D(100), D(75), D(-25)),
        ("2025-02", D(120), D(90), D(-30)),
    ]
    # Jan: inflow 10 - 30 = -20, outflow 35 - 30 = 5; Feb adds 55 - 50 = 5 and 40 - 30 = 10
    assert [(v.inflow_variance, v.outflow_variance) for v in rows] == [
        (D(-20), D(5)),
        (D(-15), D(15)),
    ]
    assert [(i.id, i.name, i.planned, i.actual, i.difference) for i in rows[0].inflow_items] == [
        ("c", "C", D(30), D(10), D(-20))
    ]
    assert [(i.id, i.name, i.planned, i.actual) for i in rows[1].inflow_items] == [
        ("a", "A", D(50), D(50)),
        (None, "unplanned", ZERO, D(5)),
    ]


def test_a_scenario_without_actuals_has_no_recorded_months() -> None:
    plain = scenario(actuals=[])
    assert record(plain).months == 0
    assert variance(plain, "pledged") == ()


@st.composite
def on_plan(draw: st.DrawFn) -> tuple[Scenario, Scenario]:
    """A scenario (contributions with ids), and the same with actuals equal to its own
    pledged plan: closings as projected and every contribution received in full as dated."""
    data = draw(scenarios())
    for n, c in enumerate(data["contributions"]):
        c["id"] = f"c{n}"
    plan = Scenario.model_validate(data)
    rows = project(plan).rows
    months = draw(st.integers(1, len(rows)))
    actuals = []
    for row in rows[:months]:
        received = {}
        for n, c in enumerate(plan.contributions):
            if c.date == row.month and forecast_amount(plan, n):  # 0.01 EUR at 0.5 is 0.00
                received[f"c{n}"] = money(int(forecast_amount(plan, n) * 100))
        actuals.append({"month": str(row.month), "closing": str(row.closing), "received": received})
    return plan, Scenario.model_validate({**data, "actuals": actuals})


def forecast_amount(plan: Scenario, n: int) -> Decimal:
    from mss_runway.scenario import in_scenario_currency

    return in_scenario_currency(plan.contributions[n], plan)


@given(on_plan())
def test_actuals_that_match_the_plan_change_nothing(pair: tuple[Scenario, Scenario]) -> None:
    """Actuals equal to the plan's own ledger change neither the ledger nor the summary, and
    every variance is 0. Slow under CI (~3 s): 500 generated scenarios, each projected
    with and without its actuals."""
    plan, recorded = pair
    expected, got = project(plan), project(recorded)
    assert got.rows == expected.rows
    assert got.summary == expected.summary
    assert all(v.difference == 0 for v in variance(recorded, "pledged"))


def test_the_ledger_reaches_the_last_actual_month_even_when_nothing_else_names_it() -> None:
    s = Scenario.model_validate(
        {
            "name": "t",
            "start": "2025-01",
            "opening_balance": "10",
            "actuals": [{"month": f"2025-0{m}", "closing": "10"} for m in (1, 2, 3)],
        }
    )
    assert [str(r.month) for r in forecast(s).chosen.rows] == ["2025-01", "2025-02", "2025-03"]


def test_solve_answers_for_the_months_after_the_actuals() -> None:
    from mss_runway.solve import solve

    result = solve(scenario(target="2025-10"))
    # from 2025-03, opening 90: closings 120, 90, 60, 30, 0, -30, -60, -90 (Oct)
    assert result.lump_sum == D(90)
    assert str(result.lump_sum_by) == "2025-08"  # Jul closes at 0; Aug is the first negative
    # a flat top-up from 2025-03 (8 months through Oct): 90 / 8 = 11.25 (from start it
    # would be 90 / 10 = 9.00, paying into months that already happened)
    assert result.monthly_top_up == D("11.25")


def test_solve_refuses_a_target_within_the_actual_months() -> None:
    import pytest

    from mss_runway.solve import NoTarget, solve

    with pytest.raises(NoTarget, match="within the actual months"):
        solve(scenario(target="2025-02"))


def test_simulate_keeps_the_actual_months_fixed() -> None:
    from mss_runway.simulation import simulate

    uncertain = scenario(costs_uncertainty="0.5", target="2025-06")
    result = simulate(uncertain, runs=200, seed=3)
    assert [(r.p10, r.p50, r.p90) for r in result.months[:2]] == [
        (D(75), D(75), D(75)),
        (D(90), D(90), D(90)),
    ]
    # certain money and exact costs: every run is the forecast
    certain = scenario(
        assumptions={
            "pledged": {"probability": 1, "delay_months": [0, 0]},
            "committed": {"probability": 1, "delay_months": [0, 0]},
        }
    )
    fan = simulate(certain, runs=20, seed=1).months
    assert [r.p50 for r in fan] == [row.closing for row in forecast(certain).chosen.rows]


@given(on_plan(), st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=40))
def test_any_actuals_show_as_recorded_and_the_variance_adds_up(
    pair: tuple[Scenario, Scenario], shifts: list[int]
) -> None:
    """Closings moved by any amounts: the ledger shows them, the outflow balances each
    month, and plan against actual adds up month by month and item by item. Slow under CI
    (~3 s): 500 generated scenarios, each projected three times (with and
    without actuals, and for the variance)."""
    _, recorded = pair
    actuals = [
        a.model_copy(update={"closing": a.closing + Decimal(shifts[i % len(shifts)]) / 100})
        for i, a in enumerate(recorded.actuals)
    ]
    moved = recorded.model_copy(update={"actuals": tuple(actuals)})
    rows = project(moved).rows
    for row, actual in zip(rows, actuals, strict=False):
        assert row.closing == actual.closing
        assert row.opening + row.inflow - row.outflow == row.closing
    planned_inflow = project(moved.model_copy(update={"actuals": ()}))
    for v, row in zip(variance(moved, "pledged"), rows, strict=False):
        assert v.difference == v.inflow_variance - v.outflow_variance
        assert v.actual_closing == row.closing
        month_gap = sum((i.difference for i in v.inflow_items), ZERO)
        planned = next((r.inflow for r in planned_inflow.rows if r.month == v.month), ZERO)
        assert month_gap == row.inflow - planned


def test_inflow_items_follow_the_lens_and_keep_money_of_a_dropped_contribution() -> None:
    """Counting committed, c (pledged) was not planned in January: 0 planned, 10 came.
    With a left out (as --drop A does), the 50 received of it in February is still an
    item, named by its id."""
    jan, feb = variance(scenario(), "committed")
    assert [(i.id, i.name, i.planned, i.actual) for i in jan.inflow_items] == [
        ("c", "C", ZERO, D(10))
    ]
    assert [(i.id, i.name, i.planned, i.actual) for i in feb.inflow_items] == [
        ("a", "A", ZERO, D(50)),  # pledged: not planned counting committed, but it came
        (None, "unplanned", ZERO, D(5)),
    ]
    full = scenario()
    dropped = full.model_copy(update={"contributions": full.contributions[1:]})
    _, feb = variance(dropped, "pledged")
    assert [(i.id, i.name, i.planned, i.actual) for i in feb.inflow_items] == [
        ("a", "a", ZERO, D(50)),
        (None, "unplanned", ZERO, D(5)),
    ]


def test_forward_starts_after_the_last_of_three_actual_months() -> None:
    """Three actual months (March closes at 60): what is left to decide starts in April
    from 60, with b (due March, nothing received) and c's 20 left moved to April; a came
    in full. A scenario without actuals is its own forward."""
    s = scenario(
        actuals=[
            *SCENARIO["actuals"],
            {"month": "2025-03", "closing": "60"},
        ]
    )
    ahead = forward(s)
    assert (str(ahead.start), ahead.opening_balance, ahead.actuals) == ("2025-04", D(60), ())
    assert [(c.id, c.amount, str(c.date)) for c in ahead.contributions] == [
        ("b", D(40), "2025-04"),
        ("c", D(20), "2025-04"),
    ]
    plain = scenario(actuals=[])
    assert forward(plain) is plain


def test_the_plan_is_the_scenario_without_its_actuals() -> None:
    planned = plan(scenario())
    assert planned.actuals == ()
    assert planned == scenario(actuals=[])


def test_money_received_over_two_months_comes_off_a_foreign_contribution() -> None:
    """E, 100 EUR at 1.5 = 150.00 due in March: 10 came in January, 5 in February, so
    135.00 (in the scenario's currency, no longer EUR) is left. January closes at exactly
    opening + inflow (100 + 10 = 110): an outflow of 0, no warning."""
    s = scenario(
        fx={"EUR": "1.5"},
        contributions=[
            {"id": "e", "donor": "E", "amount": "100", "currency": "EUR", "status": "pledged",
             "date": "2025-03"},
        ],
        actuals=[
            {"month": "2025-01", "closing": "110", "received": {"e": "10"}},
            {"month": "2025-02", "closing": "85", "received": {"e": "5"}},
        ],
    )  # fmt: skip
    recorded = record(s)
    assert (recorded.outflows, recorded.warnings, recorded.overdue) == ((D(0), D(30)), (), ())
    assert [
        (c.id, c.amount, c.currency, c.rate, str(c.date)) for c in recorded.rest.contributions
    ] == [("e", D(135), None, None, "2025-03")]
    # March: 85 + 135 - 30 = 190
    assert closings(s, "pledged")[2] == ("2025-03", D(190))
