"""The projection engine against ledgers computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mss_runway import Month, Scenario, forecast, project
from mss_runway.projection import LENSES, LedgerRow, LowPoint, counts

M = Month.parse


def scenario(**fields: object) -> Scenario:
    data: dict[str, object] = {"name": "test", "start": "2025-01"}
    data.update(fields)
    return Scenario.model_validate(data)


def ledger(rows: tuple[LedgerRow, ...]) -> list[tuple[str, str, str, str, str]]:
    return [
        (str(r.month), str(r.opening), str(r.inflow), str(r.outflow), str(r.closing)) for r in rows
    ]


THREE_STATES = {
    "target": "2025-04",
    "opening_balance": 100,
    "contributions": [
        {"donor": "A", "amount": 50, "status": "received", "date": "2025-02"},
        {"donor": "B", "amount": 30, "status": "committed", "date": "2025-03"},
        {"donor": "C", "amount": 40, "status": "pledged", "date": "2025-03-20"},
    ],
    "costs": [{"label": "ops", "monthly": 60}],
}


def test_received_lens_counts_received_money_only() -> None:
    """Under `received`, committed and pledged money is ignored."""
    result = project(scenario(**THREE_STATES), "received")
    assert ledger(result.rows) == [
        ("2025-01", "100.00", "0.00", "60.00", "40.00"),
        ("2025-02", "40.00", "50.00", "60.00", "30.00"),
        ("2025-03", "30.00", "0.00", "60.00", "-30.00"),
        ("2025-04", "-30.00", "0.00", "60.00", "-90.00"),
    ]
    s = result.summary
    assert (s.exhausted, s.funded_through, s.runway_months) == (M("2025-03"), M("2025-02"), 2)
    assert (s.shortfall, s.balance_at_target, s.months_short) == (
        Decimal("90"),
        Decimal("-90"),
        2,
    )


def test_a_projection_says_which_lens_it_counted() -> None:
    """The result of project() names its lens, with a reserve and without one (a library
    user reading a Projection must not have to remember what was asked)."""
    plain = scenario(**THREE_STATES)
    kept = scenario(**THREE_STATES, reserve=10)
    assert [project(plain, lens).lens for lens in LENSES] == list(LENSES)
    assert [project(kept, lens).lens for lens in LENSES] == list(LENSES)
    assert project(kept, "committed").reserve == (Decimal("10.00"),) * 4


def test_committed_lens_adds_committed_money() -> None:
    """Under `committed`, received and committed money count; a zero closing is not negative."""
    result = project(scenario(**THREE_STATES), "committed")
    assert [str(r.closing) for r in result.rows] == ["40.00", "30.00", "0.00", "-60.00"]
    s = result.summary
    assert (s.exhausted, s.funded_through, s.runway_months) == (M("2025-04"), M("2025-03"), 3)
    assert (s.shortfall, s.balance_at_target, s.months_short) == (Decimal(60), Decimal(-60), 1)


def test_pledged_lens_counts_everything_and_a_day_counts_as_its_month() -> None:
    """Under `pledged` all three count; the pledge dated 2025-03-20 lands in March."""
    result = project(scenario(**THREE_STATES), "pledged")
    assert [str(r.inflow) for r in result.rows] == ["0.00", "50.00", "70.00", "0.00"]
    assert [str(r.closing) for r in result.rows] == ["40.00", "30.00", "40.00", "-20.00"]
    assert result.summary.shortfall == Decimal(20)


def test_forecast_holds_all_three_lenses_and_shows_the_chosen_one() -> None:
    """forecast() projects every lens; `chosen` is the one asked for."""
    result = forecast(scenario(**THREE_STATES), "committed")
    assert result.lens == "committed"
    assert result.chosen is result.projections["committed"]
    assert [result.projections[lens].summary.exhausted for lens in result.projections] == [
        M("2025-03"),
        M("2025-04"),
        M("2025-04"),
    ]


def test_ledger_goes_on_past_the_target_until_the_money_runs_out() -> None:
    """Nothing negative through the target and costs go on: extend to the first negative month."""
    result = project(
        scenario(
            target="2025-06",
            opening_balance=140_000,
            contributions=[
                {"donor": "X", "amount": 50_000, "status": "pledged", "date": "2025-03"}
            ],
            costs=[{"label": "ops", "monthly": 30_000}],
        )
    )
    assert [str(r.closing) for r in result.rows] == [
        "110000.00",
        "80000.00",
        "100000.00",
        "70000.00",
        "40000.00",
        "10000.00",
        "-20000.00",
    ]
    s = result.summary
    assert (s.exhausted, s.funded_through, s.runway_months) == (M("2025-07"), M("2025-06"), 6)
    assert (s.shortfall, s.balance_at_target, s.months_short) == (Decimal(0), Decimal(10_000), 0)


def test_ledger_stops_at_the_target_when_nothing_costs_money_after_it() -> None:
    """A cost that ends at the target leaves nothing to run out on: no extension."""
    result = project(
        scenario(
            target="2025-03",
            opening_balance=10,
            costs=[{"label": "ops", "monthly": 3, "to": "2025-03"}],
        )
    )
    assert [str(r.closing) for r in result.rows] == ["7.00", "4.00", "1.00"]
    assert result.summary.exhausted is None
    assert result.summary.runway_months is None
    assert result.summary.funded_through is None


def test_ledger_does_not_extend_after_a_negative_month() -> None:
    """Once a closing balance up to the last named month is negative, the ledger stops there."""
    result = project(
        scenario(
            target="2025-02",
            opening_balance=5,
            costs=[{"label": "ops", "monthly": 4}],
        )
    )
    assert [str(r.closing) for r in result.rows] == ["1.00", "-3.00"]


def test_ledger_runs_through_the_latest_named_month() -> None:
    """A contribution dated after the target stretches the ledger to its month."""
    result = project(
        scenario(
            target="2025-02",
            opening_balance=5,
            contributions=[{"donor": "X", "amount": 100, "status": "pledged", "date": "2025-05"}],
            costs=[{"label": "ops", "monthly": 4}],
        )
    )
    assert [str(r.month) for r in result.rows][-1] == "2025-05"
    assert [str(r.closing) for r in result.rows] == ["1.00", "-3.00", "-7.00", "-11.00", "85.00"]
    assert result.summary.exhausted == M("2025-02")


def test_never_exhausted_within_120_months() -> None:
    """A fund that outlasts the ledger's 120 months has no exhaustion month."""
    result = project(scenario(opening_balance=1_000, costs=[{"label": "ops", "monthly": 1}]))
    assert len(result.rows) == 120
    assert result.rows[-1].month == M("2034-12")
    assert result.rows[-1].closing == Decimal(880)
    assert result.summary.exhausted is None
    assert result.summary.shortfall is None


def test_exhausted_in_the_first_month() -> None:
    """Running out in `start` itself: no month was funded, the runway is 0."""
    result = project(
        scenario(target="2025-01", opening_balance=1, costs=[{"label": "ops", "monthly": 2}])
    )
    s = result.summary
    assert (s.exhausted, s.funded_through, s.runway_months) == (M("2025-01"), None, 0)
    assert (s.shortfall, s.months_short) == (Decimal(1), 1)


def test_without_target_gap_figures_are_none() -> None:
    """No target: shortfall, balance at target and months short are all None."""
    s = project(scenario(opening_balance=1, costs=[{"label": "ops", "monthly": 2}])).summary
    assert (s.shortfall, s.balance_at_target, s.months_short) == (None, None, None)
    assert s.exhausted == M("2025-01")


def test_shortfall_is_the_deepest_negative_balance_through_the_target() -> None:
    """Money arriving late can lift the balance again; the shortfall is the deepest dip."""
    result = project(
        scenario(
            target="2025-04",
            opening_balance=10,
            contributions=[{"donor": "X", "amount": 100, "status": "pledged", "date": "2025-04"}],
            costs=[{"label": "ops", "monthly": 20}],
        )
    )
    # closings: -10, -30, -50, +30
    assert [str(r.closing) for r in result.rows] == ["-10.00", "-30.00", "-50.00", "30.00"]
    s = result.summary
    assert (s.shortfall, s.balance_at_target, s.months_short) == (Decimal(50), Decimal(30), 3)


def test_cost_kinds_recurring_one_off_and_per_unit() -> None:
    """Each kind of cost line lands in the right months with the right amounts."""
    result = project(
        scenario(
            target="2025-07",
            opening_balance=1_000,
            costs=[
                {"label": "rent", "monthly": 5, "from": "2025-02", "to": "2025-03"},
                {"label": "truck", "amount": 7, "date": "2025-03-15"},
                {
                    "label": "officers",
                    "unit_cost": 10,
                    "units": {"2025-02": 3, "2025-04": 5},
                    "to": "2025-05",
                },
            ],
        )
    )
    # Jan 0; Feb 5+30; Mar 5+7+30; Apr 50; May 50; Jun 0; Jul 0
    assert [str(r.outflow) for r in result.rows] == [
        "0.00",
        "35.00",
        "42.00",
        "50.00",
        "50.00",
        "0.00",
        "0.00",
    ]


def test_unit_counts_named_before_start_hold_at_start() -> None:
    """A count keyed before `start` is in force at `start` until the next key."""
    result = project(
        scenario(
            target="2025-03",
            opening_balance=1_000,
            costs=[{"label": "officers", "unit_cost": 10, "units": {"2024-10": 2, "2025-03": 4}}],
        )
    )
    assert [str(r.outflow) for r in result.rows][:3] == ["20.00", "20.00", "40.00"]


def test_recurring_cost_before_start_counts_from_start() -> None:
    """A recurring line whose `from` is before `start` is active from `start`."""
    result = project(
        scenario(
            target="2025-02",
            opening_balance=100,
            costs=[{"label": "rent", "monthly": 5, "from": "2024-06", "to": "2025-01"}],
        )
    )
    assert [str(r.outflow) for r in result.rows] == ["5.00", "0.00"]


def test_foreign_currency_is_converted_and_rounded_per_contribution() -> None:
    """Each contribution is converted and rounded to the cent, half to even, on its own."""
    result = project(
        scenario(
            target="2025-02",
            fx={"EUR": "0.5", "CAD": "0.73"},
            contributions=[
                # 0.03 EUR x 0.5 = 0.015 -> 0.02 (half to even), twice: 0.04, not round(0.03)
                {
                    "donor": "A",
                    "amount": "0.03",
                    "status": "received",
                    "date": "2025-01",
                    "currency": "EUR",
                },
                {
                    "donor": "B",
                    "amount": "0.03",
                    "status": "received",
                    "date": "2025-01",
                    "currency": "EUR",
                },
                # 0.01 EUR x 0.5 = 0.005 -> 0.00 (half to even)
                {
                    "donor": "C",
                    "amount": "0.01",
                    "status": "received",
                    "date": "2025-02",
                    "currency": "EUR",
                },
                # 1,000.05 CAD x 0.73 = 730.0365 -> 730.04
                {
                    "donor": "D",
                    "amount": "1000.05",
                    "status": "received",
                    "date": "2025-02",
                    "currency": "CAD",
                },
                # same currency as the scenario: taken as it is
                {
                    "donor": "E",
                    "amount": "2.50",
                    "status": "received",
                    "date": "2025-02",
                    "currency": "USD",
                },
            ],
        )
    )
    assert [str(r.inflow) for r in result.rows] == ["0.04", "732.54"]


def test_items_beyond_120_months_are_left_out_with_a_warning() -> None:
    """Anything dated after the ledger's last possible month is dropped and named."""
    result = forecast(
        scenario(
            opening_balance=10,
            contributions=[{"donor": "Far", "amount": 5, "status": "pledged", "date": "2035-01"}],
            costs=[
                {"label": "late", "amount": 3, "date": "2036-01"},
                {"label": "ops", "monthly": 1, "to": "2025-02"},
            ],
        )
    )
    assert len(result.warnings) == 2
    assert "contributions[0] (Far, 2035-01)" in result.warnings[0]
    assert "costs[0] (late)" in result.warnings[1]
    assert len(result.chosen.rows) == 120
    assert result.chosen.rows[-1].closing == Decimal(8)


@pytest.mark.parametrize("start", ["2024-11", "2024-12", "2025-06"])
def test_runway_counts_months_from_start(start: str) -> None:
    """runway_months is the number of months from start before the exhaustion month."""
    result = project(
        Scenario.model_validate(
            {
                "name": "t",
                "start": start,
                "opening_balance": 25,
                "costs": [{"label": "o", "monthly": 10}],
            }
        )
    )
    assert result.summary.runway_months == 2
    assert result.summary.exhausted == Month.parse(start) + 2


def test_ledger_runs_through_a_unit_key_after_the_lines_end() -> None:
    """Every month the scenario names stretches the ledger, even a units key after `to`
    (which costs nothing, since the line has ended)."""
    result = project(
        scenario(
            target="2025-02",
            opening_balance=100,
            costs=[
                {
                    "label": "officers",
                    "unit_cost": 10,
                    "units": {"2025-01": 1, "2025-06": 50},
                    "to": "2025-03",
                }
            ],
        )
    )
    # Jan-Mar cost 10 each; Apr-Jun nothing (the line ended in March): 90, 80, 70, 70, 70, 70
    assert [str(r.month) for r in result.rows][-1] == "2025-06"
    assert [str(r.closing) for r in result.rows] == [
        "90.00",
        "80.00",
        "70.00",
        "70.00",
        "70.00",
        "70.00",
    ]


def test_a_contribution_past_the_limit_still_stretches_the_ledger() -> None:
    """Like a cost dated past the 120-month limit, a contribution dated past it is left
    out with a warning, and the ledger reaches its last possible month."""
    result = forecast(
        scenario(
            opening_balance=10,
            contributions=[{"donor": "Far", "amount": 5, "status": "pledged", "date": "2036-01"}],
        )
    )
    assert len(result.chosen.rows) == 120
    assert result.chosen.rows[-1].month == M("2034-12")
    assert {row.closing for row in result.chosen.rows} == {Decimal(10)}
    assert result.warnings == (
        "contributions[0] (Far, 2036-01) is dated after 2034-12, the last month a ledger can "
        "hold: left out",
    )


def test_a_cost_part_past_the_limit_is_named_exactly() -> None:
    """The warning for a cost line's part that starts after the last month a ledger can
    hold names the line's index, label and the part's first month; a per-unit key in the
    last month still costs, the one just past it is left out; a contribution in the last
    month counts."""
    result = forecast(
        scenario(
            opening_balance=1_000,
            costs=[
                {"label": "ops", "monthly": 1, "to": "2025-02"},
                {"label": "crew", "unit_cost": 2, "units": {"2034-12": 1, "2035-01": 4}},
            ],
            contributions=[{"donor": "Last", "amount": 7, "status": "pledged", "date": "2034-12"}],
        )
    )
    assert result.warnings == (
        "costs[1] (crew) has a part starting 2035-01, after 2034-12, the last month a ledger "
        "can hold: left out",
    )
    rows = result.chosen.rows
    assert len(rows) == 120
    # 1,000 - 1 - 1 (ops, Jan and Feb) + 7 (in the last month, still counted) - 2 (one
    # unit in December 2034) = 1,003
    assert (str(rows[-1].inflow), str(rows[-1].outflow), str(rows[-1].closing)) == (
        "7.00",
        "2.00",
        "1003.00",
    )


def test_a_recurring_line_starting_later_stretches_the_ledger_to_its_from() -> None:
    """No target and nothing to spend until June: the ledger still runs through June,
    the month the line names, then on while it costs money and the balance holds."""
    result = project(
        scenario(
            opening_balance=25,
            costs=[{"label": "rent", "monthly": 10, "from": "2025-06"}],
        )
    )
    assert [(str(r.month), str(r.outflow), str(r.closing)) for r in result.rows] == [
        ("2025-01", "0.00", "25.00"),
        ("2025-02", "0.00", "25.00"),
        ("2025-03", "0.00", "25.00"),
        ("2025-04", "0.00", "25.00"),
        ("2025-05", "0.00", "25.00"),
        ("2025-06", "10.00", "15.00"),
        ("2025-07", "10.00", "5.00"),
        ("2025-08", "10.00", "-5.00"),
    ]
    s = result.summary
    assert (s.exhausted, s.funded_through, s.runway_months) == (M("2025-08"), M("2025-07"), 7)
    assert s.lowest_balance == LowPoint(M("2025-08"), Decimal("-5"))


def test_counts_lens_includes_its_own_status_and_the_surer_ones() -> None:
    """received < committed < pledged: a lens counts its status and those before it."""
    table = {(s, lens): counts(s, lens) for s in LENSES for lens in LENSES}
    assert table == {
        ("received", "received"): True,
        ("received", "committed"): True,
        ("received", "pledged"): True,
        ("committed", "received"): False,
        ("committed", "committed"): True,
        ("committed", "pledged"): True,
        ("pledged", "received"): False,
        ("pledged", "committed"): False,
        ("pledged", "pledged"): True,
    }
