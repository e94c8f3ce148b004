"""simulate, run by run: the sampling rules of docs/uncertainty.md (and the module's
docstring) carried out here with numpy's generator and the plain ledger, then compared
with what simulate reports, exactly. Also simulate's limits, to the cent and to the run."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
import pytest

from mss_runway import Month, Scenario, project
from mss_runway.simulation import (
    FanRow,
    SimulationTooLarge,
    _share,
    simulate,
)

M = Month.parse
CENT = Decimal("0.01")


def scenario(**fields: Any) -> Scenario:
    data: dict[str, Any] = {"name": "test", "start": "2025-01"}
    data.update(fields)
    return Scenario.model_validate(data)


# Start January, target April, opening 100. Costs: ops 60 a month; crew 3 units of 0.35
# from February through May (1.05 a month); costs uncertain by 0.0002 (k in 9998..10002).
# R: 30 received in January (certain). Drawn, in this order:
# A: 80 pledged for February, chance 1/2, 0-2 months late;
# B: 50 committed for March, chance 3/4, 1-3 months late;
# C: 20 pledged for June (after the target: it stretches the run's ledger), chance 0.9,
#    never late.
# Reserve: a quarter of a month of the *planned* costs.
REF: dict[str, Any] = {
    "target": "2025-04",
    "opening_balance": 100,
    "costs_uncertainty": "0.0002",
    "reserve": {"months_of_costs": "0.25"},
    "contributions": [
        {"donor": "R", "amount": 30, "status": "received", "date": "2025-01"},
        {
            "donor": "A",
            "amount": 80,
            "status": "pledged",
            "date": "2025-02",
            "probability": "0.5",
            "delay_months": [0, 2],
        },
        {
            "donor": "B",
            "amount": 50,
            "status": "committed",
            "date": "2025-03",
            "probability": "0.75",
            "delay_months": [1, 3],
        },
        {
            "donor": "C",
            "amount": 20,
            "status": "pledged",
            "date": "2025-06",
            "probability": "0.9",
            "delay_months": [0, 0],
        },
    ],
    "costs": [
        {"label": "ops", "monthly": 60},
        {"label": "crew", "unit_cost": "0.35", "units": {"2025-02": 3}, "to": "2025-05"},
    ],
}
# (amount, first month counted from start, min delay, max delay, probability)
DRAWN = [(80, 1, 0, 2, "0.5"), (50, 2, 1, 3, "0.75"), (20, 5, 0, 0, "0.9")]
# The planned outflow by month: 60, then 61.05 February-May, then 60 again. A quarter of
# it, rounded half to even: 15.00, 15.2625 -> 15.26.
RESERVE = [Decimal("15.00")] + [Decimal("15.26")] * 3


def scaled(price: str, k: int) -> Decimal:
    """price x k / 10000 rounded to the cent, half to even (the one rounding point)."""
    return (Decimal(price) * k / 10_000).quantize(CENT, rounding=ROUND_HALF_EVEN)


def by_hand(runs: int, seed: int) -> list[tuple[Scenario, list[Decimal]]]:
    """Each run as a plain scenario (what arrived, as received money at its drawn month;
    the costs scaled by the run's factor) and its closing balances continued through the
    whole 120 months. The draws follow the documented order: every cost factor first,
    then one 32-bit integer per run and contribution, run by run."""
    rng = np.random.default_rng(seed)
    factors = rng.integers(9_998, 10_002 + 1, size=runs, dtype=np.int64)
    draws = rng.integers(0, 2**32, size=(runs, len(DRAWN)), dtype=np.uint32)
    thresholds = [
        int((Decimal(p) * 2**32).to_integral_value(rounding=ROUND_HALF_EVEN)) for *_, p in DRAWN
    ]
    # 2**31, 3 x 2**30 and round(0.9 x 2**32) = round(3,865,470,566.4)
    assert thresholds == [2_147_483_648, 3_221_225_472, 3_865_470_566]
    result = []
    for r in range(runs):
        k = int(factors[r])
        inflow = [Decimal(0)] * 120
        inflow[0] += 30
        arrived: list[dict[str, Any]] = [REF["contributions"][0]]
        for (amount, month, low, high, _), threshold, v in zip(
            DRAWN, thresholds, draws[r].tolist(), strict=True
        ):
            if v >= threshold:
                continue  # it never arrives
            at = month + low + v * (high - low + 1) // threshold
            inflow[at] += amount
            arrived.append(
                {
                    "donor": "x",
                    "amount": amount,
                    "status": "received",
                    "date": str(M("2025-01") + at),
                }
            )
        ops, unit = scaled("60", k), scaled("0.35", k)
        outflow = [ops + (3 * unit if 1 <= m <= 4 else 0) for m in range(120)]
        closings, balance = [], Decimal(100)
        for m in range(120):
            balance += inflow[m] - outflow[m]
            closings.append(balance)
        run = scenario(
            target="2025-04",
            opening_balance=100,
            contributions=arrived,
            costs=[
                {"label": "ops", "monthly": str(ops)},
                {"label": "crew", "unit_cost": str(unit), "units": {"2025-02": 3}, "to": "2025-05"},
            ],
        )
        result.append((run, closings))
    return result


def lower(values: list[Any], p: int) -> Any:
    """The "lower" percentile: position floor(p (n - 1) / 100) of the sorted values."""
    return sorted(values)[p * (len(values) - 1) // 100]


def upper(values: list[Any], p: int) -> Any:
    """The balances' percentile: position ceil(p (n - 1) / 100) of the sorted values."""
    return sorted(values)[-(-p * (len(values) - 1) // 100)]


def test_every_figure_of_a_simulation_agrees_with_its_runs_done_by_hand() -> None:
    """37 runs (so floor and ceil of p x 36 / 100 differ for p = 10, 50 and 90 alike:
    3 / 4, 18 / 18, 32 / 33): through-target and above-reserve counts, percentiles of
    exhaustion, shortfall and lowest balance, and every month of the fan, each from the
    runs done by hand above."""
    runs, seed = 37, 11
    done = by_hand(runs, seed)
    ledgers = [project(run) for run, _ in done]
    result = simulate(scenario(**REF), runs, seed=seed)

    assert (result.runs, result.seed, result.uncertain) == (37, 11, 3)
    through = [ledger.rows[:4] for ledger in ledgers]
    assert result.through_target == sum(all(row.closing >= 0 for row in rows) for rows in through)
    assert result.above_reserve == sum(
        all(row.closing >= reserve for row, reserve in zip(rows, RESERVE, strict=True))
        for rows in through
    )
    never = M("2100-01")  # later than any month
    exhausted = [ledger.summary.exhausted or never for ledger in ledgers]
    assert result.exhausted == {
        p: (None if lower(exhausted, p) == never else lower(exhausted, p)) for p in (10, 50, 90)
    }
    shortfalls = [max(-min(row.closing for row in rows), Decimal(0)) for rows in through]
    assert result.shortfall == {p: lower(shortfalls, p) for p in (10, 50, 90)}
    lowest = [min(row.closing for row in rows) for rows in through]
    assert result.lowest == {p: upper(lowest, p) for p in (10, 50, 90)}
    length = max(len(ledger.rows) for ledger in ledgers)
    assert result.months == tuple(
        FanRow(
            M("2025-01") + m,
            *(upper([closings[m] for _, closings in done], p) for p in (10, 50, 90)),
        )
        for m in range(length)
    )
    # the runs are not all alike: the comparison above has something to tell apart
    assert len(set(lowest)) > 5
    assert len(set(exhausted)) > 1
    assert 0 < result.through_target < runs
    assert result.above_reserve is not None
    assert 0 < result.above_reserve < result.through_target
    assert result.p_through_target == _share(result.through_target, runs)


def test_a_simulation_without_a_target_looks_through_each_runs_own_ledger() -> None:
    """Without a target each run's lowest balance and reserve check look through its own
    ledger (to its first negative month, or on while it costs money)."""
    fields = {k: v for k, v in REF.items() if k != "target"}
    runs, seed = 37, 4
    done = by_hand(runs, seed)
    ledgers = [project(run.model_copy(update={"target": None})) for run, _ in done]
    result = simulate(scenario(**fields), runs, seed=seed)
    assert (result.through_target, result.shortfall) == (None, None)
    lowest = [min(row.closing for row in ledger.rows) for ledger in ledgers]
    assert result.lowest == {p: upper(lowest, p) for p in (10, 50, 90)}
    reserve = [*RESERVE, Decimal("15.26"), *([Decimal("15.00")] * 115)]
    assert result.above_reserve == sum(
        all(row.closing >= reserve[i] for i, row in enumerate(ledger.rows)) for ledger in ledgers
    )
    assert len(set(lowest)) > 5


def test_share_rounds_to_four_decimals_half_to_even() -> None:
    """1 / 20,000 = 0.00005 -> 0.0000 (0 is even); 3 / 20,000 = 0.00015 -> 0.0002."""
    assert str(_share(1, 20_000)) == "0.0000"
    assert str(_share(3, 20_000)) == "0.0002"
    assert str(_share(7, 7)) == "1.0000"


def test_runs_from_1_to_100_000() -> None:
    """The bounds are accepted; one past either is refused with the range in the message.
    (About 1 s: 100,000 runs is the largest simulation allowed, and only running it shows
    that it is.)"""
    cheap = scenario(opening_balance=1, target="2025-01")
    assert simulate(cheap, 1).runs == 1
    assert simulate(cheap, 100_000).runs == 100_000
    for runs in (0, 100_001):
        with pytest.raises(ValueError, match="runs must be") as caught:
            simulate(cheap, runs)
        assert str(caught.value) == f"runs must be from 1 to 100,000, got {runs}"


def test_progress_is_told_after_each_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of CHUNK_DRAWS // contributions drawn runs (at least 1): with 5 draws a
    chunk and REF's 3 uncertain contributions, 1 run a chunk; with 2 contributions (C left
    out), 2; with none (a chunk of 5 runs at 1 draw each... of 5 // 1) 5."""
    import mss_runway.simulation as simulation

    monkeypatch.setattr(simulation, "CHUNK_DRAWS", 5)
    calls: list[tuple[int, int]] = []
    simulate(scenario(**REF), 3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    two = {**REF, "contributions": REF["contributions"][:3]}
    simulate(scenario(**two), 5, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 5), (4, 5), (5, 5)]
    calls.clear()
    none = {**REF, "contributions": []}
    simulate(scenario(**none), 7, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(5, 7), (7, 7)]


def test_the_lens_draws_only_what_it_counts_and_the_rest_still_stretches_the_ledger() -> None:
    """Under `committed` the pledges are left out (B alone is drawn) but C, in June, still
    stretches the ledger there; under `received` nothing is drawn. A chance of 0 is never
    drawn at all."""
    committed = simulate(scenario(**REF), 5, seed=1, lens="committed")
    assert committed.uncertain == 1
    assert committed.months[-1].month >= M("2025-06")
    received = simulate(scenario(**REF), 5, seed=1, lens="received")
    assert received.uncertain == 0
    # opening 100 + 30 against 60, 61.05, 61.05, ... (costs k/10000 apart): every run
    # closes January at about 70 and runs out in March; the ledger reaches June.
    assert received.exhausted == {10: M("2025-03"), 50: M("2025-03"), 90: M("2025-03")}
    assert [str(row.month) for row in received.months][-1] == "2025-06"
    zero = [{**c, "probability": "0"} if "probability" in c else c for c in REF["contributions"]]
    assert simulate(scenario(**{**REF, "contributions": zero}), 5, seed=1).uncertain == 0


# 2**62 cents is the limit: opening + every amount + twice the outflow must stay below it.
# A per-unit line of 2**23 units (8,388,608) at 2**38 cents (2,748,779,069.44) for one
# month: twice its outflow is 2**62 exactly. One unit fewer: 2**62 - 2**39, and an opening
# of 2**39 - 1 cents (5,497,558,138.87) brings the total to 2**62 - 1, just inside.
def big(opening: str, units: int) -> Scenario:
    return scenario(
        target="2025-01",
        opening_balance=opening,
        costs=[
            {
                "label": "x",
                "unit_cost": "2748779069.44",
                "units": {"2025-01": units},
                "to": "2025-01",
            }
        ],
    )


def test_amounts_are_simulated_up_to_one_cent_under_the_limit() -> None:
    """2**62 - 1 cents in all is simulated (exactly); 2**62 is refused, and the message
    gives the limit as an amount."""
    inside = simulate(big("5497558138.87", 2**23 - 1), 1)
    # in cents: 2**39 - 1 - 2**38 x (2**23 - 1) = 549,755,813,887 - 2**61 + 2**38
    # = 549,755,813,887 - 2,305,843,009,213,693,952 + 274,877,906,944
    # = -2,305,842,184,579,973,121
    assert inside.lowest[50] == Decimal("-23058421845799731.21")
    with pytest.raises(SimulationTooLarge) as caught:
        simulate(big("5497558138.88", 2**23 - 1), 1)
    assert str(caught.value) == (
        "the amounts in this scenario are too large to simulate exactly in 64-bit cents "
        "(their total must stay below 46,116,860,184,273,879.04)"
    )
    with pytest.raises(SimulationTooLarge):
        simulate(big("0", 2**23), 1)


def fan(result: Any) -> list[tuple[str, str, str, str]]:
    return [(str(r.month), str(r.p10), str(r.p50), str(r.p90)) for r in result.months]


def test_a_balance_exactly_at_zero_or_at_the_reserve_still_holds() -> None:
    """Opening 60, costs 30 a month through March, target February, reserve 30: closings
    30 (at the reserve), 0 (at zero: not short, but under the reserve), -30. Every run
    lasts through the target; none stays at or above the reserve; all run out in March,
    the last month the scenario names."""
    fields = {
        "target": "2025-02",
        "opening_balance": 60,
        "costs": [{"label": "ops", "monthly": 30, "to": "2025-03"}],
    }
    result = simulate(scenario(**fields, reserve=30), 3, seed=1)
    assert fan(result) == [
        ("2025-01", "30.00", "30.00", "30.00"),
        ("2025-02", "0.00", "0.00", "0.00"),
        ("2025-03", "-30.00", "-30.00", "-30.00"),
    ]
    assert (result.through_target, result.above_reserve) == (3, 0)
    assert result.shortfall == {10: Decimal(0), 50: Decimal(0), 90: Decimal(0)}
    assert result.lowest == {10: Decimal(0), 50: Decimal(0), 90: Decimal(0)}
    assert result.exhausted == {10: M("2025-03"), 50: M("2025-03"), 90: M("2025-03")}
    at_reserve = simulate(scenario(**{**fields, "target": "2025-01"}, reserve=30), 3, seed=1)
    assert at_reserve.above_reserve == 3
    assert at_reserve.p_above_reserve == Decimal("1.0000")


def test_each_runs_ledger_ends_as_forecasts_does() -> None:
    """Costs through February only (target February): the ledger stops there, as March
    costs nothing. Costs with no end and the target in January: it goes on past the
    target, month by month, through the first negative month (April)."""
    ends = scenario(
        target="2025-02",
        opening_balance=100,
        costs=[{"label": "ops", "monthly": 30, "to": "2025-02"}],
    )
    assert fan(simulate(ends, 2, seed=1)) == [
        ("2025-01", "70.00", "70.00", "70.00"),
        ("2025-02", "40.00", "40.00", "40.00"),
    ]
    goes_on = scenario(
        target="2025-01", opening_balance=100, costs=[{"label": "ops", "monthly": 30}]
    )
    result = simulate(goes_on, 2, seed=1)
    assert fan(result) == [
        ("2025-01", "70.00", "70.00", "70.00"),
        ("2025-02", "40.00", "40.00", "40.00"),
        ("2025-03", "10.00", "10.00", "10.00"),
        ("2025-04", "-20.00", "-20.00", "-20.00"),
    ]
    assert result.exhausted == {10: M("2025-04"), 50: M("2025-04"), 90: M("2025-04")}
    assert (result.through_target, result.lowest[50]) == (2, Decimal("70.00"))


def test_a_run_going_negative_just_after_its_named_months_shows_that_month() -> None:
    """Target January, opening 50, costs 30 a month: January closes at 20, February (the
    first month past the target) at -10: the ledger goes on into February and stops."""
    short = scenario(target="2025-01", opening_balance=50, costs=[{"label": "ops", "monthly": 30}])
    result = simulate(short, 2, seed=1)
    assert fan(result) == [
        ("2025-01", "20.00", "20.00", "20.00"),
        ("2025-02", "-10.00", "-10.00", "-10.00"),
    ]
    assert result.exhausted == {10: M("2025-02"), 50: M("2025-02"), 90: M("2025-02")}


def test_money_drawn_past_the_last_month_never_counts() -> None:
    """A certain pledge for November 2034, always 3 months late (February 2035, past the
    last month a ledger can hold): no run receives it, and no other run or month does
    either. Opening 1,000, costs 1 a month: December 2034 closes at 880 in every run."""
    late = scenario(
        opening_balance=1_000,
        costs=[{"label": "ops", "monthly": 1}],
        contributions=[
            {
                "donor": "L",
                "amount": 500,
                "status": "pledged",
                "date": "2034-11",
                "probability": 1,
                "delay_months": [3, 3],
            }
        ],
    )
    result = simulate(late, 4, seed=1)
    assert result.uncertain == 1
    assert len(result.months) == 120
    assert fan(result)[0] == ("2025-01", "999.00", "999.00", "999.00")
    assert fan(result)[-1] == ("2034-12", "880.00", "880.00", "880.00")


# 2**53 + 1 cents: the smallest whole number of cents a 64-bit float cannot hold (it
# would round to 90,071,992,547,409.92).
HUGE = "90071992547409.93"


def test_a_draw_arrives_below_t_at_its_delay_and_to_the_cent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One pledge of 90,071,992,547,409.93 (HUGE) for January, 0-2 months late (w = 3);
    opening 0, no costs, one run: its fan is 0.00 until the month the pledge lands, then
    the whole amount to the cent, and the ledger stops there (no later month costs money;
    without an arrival it is January alone).

    The default seed 0 draws V = 3,653,403,231 first (numpy's PCG64, the documented draw).
    - Probability 3,653,403,231 / 2**32 exactly: T = V, and V < T fails: no arrival.
    - One step of 2**-32 more, T = V + 1: it arrives, floor(V x 3 / (V + 1)) = 2 months
      late, March: the latest delay.
    - V = 0, the smallest draw, arrives even at the smallest chance, T = 1 (probability
      2**-32), floor(0 x 3 / 1) = 0 months late: January. No seed is known to start with
      V = 0 (one draw in 2**32 is), so here the generator simulate seeds is replaced by one
      whose next output is 0 (monkeypatched): PCG64 outputs 0 from the state 0, so its
      state is set to 0 and stepped back one draw.
    """
    assert np.random.default_rng(0).integers(0, 2**32, dtype=np.uint32) == 3_653_403_231

    def one(probability: str) -> Scenario:
        pledge = {
            "donor": "P",
            "amount": HUGE,
            "status": "pledged",
            "date": "2025-01",
            "probability": probability,
            "delay_months": [0, 2],
        }
        return scenario(opening_balance=0, contributions=[pledge])

    zero = ("0.00", "0.00", "0.00")
    huge = (HUGE, HUGE, HUGE)
    at_t = simulate(one("0.85062422580085694789886474609375"), 1)
    assert fan(at_t) == [("2025-01", *zero)]
    below_t = simulate(one("0.850624226033687591552734375"), 1)
    assert fan(below_t) == [("2025-01", *zero), ("2025-02", *zero), ("2025-03", *huge)]
    assert below_t.lowest == {10: Decimal(0), 50: Decimal(0), 90: Decimal(0)}

    bits = np.random.PCG64(0)
    bits.state = {**bits.state, "state": {**bits.state["state"], "state": 0}}
    bits.advance(-1)
    probe = np.random.PCG64()
    probe.state = bits.state
    assert np.random.Generator(probe).integers(0, 2**32, dtype=np.uint32) == 0
    monkeypatch.setattr(np.random, "default_rng", lambda seed: np.random.Generator(bits))
    smallest = simulate(one("0.00000000023283064365386962890625"), 1)
    assert fan(smallest) == [("2025-01", *huge)]


def test_runs_that_differ_are_each_counted_on_their_own() -> None:
    """No target, opening 50, a one-off cost of 60 in January, a reserve of 5; a pledge of
    20 for January, chance 1/2 (T = 2**31 = 2,147,483,648), never late. Ten runs with the
    default seed, 0, whose draws are 3,653,403,231, 2,735,729,615, 2,195,314,465,
    1,158,725,112, 1,322,117,304, 175,979,945, 323,153,949, 70,985,654, 752,767,291 and
    3,492,969,080: runs 3 to 8 (six) draw below T and receive it, closing January at
    50 - 60 + 20 = 10, never negative, above the reserve; the other four close at -10,
    exhausted in January. Every ledger is January alone (nothing arrives later, February
    costs nothing), even in a run where nothing arrived.

    Exhaustion ("lower" positions 0, 4 and 8 of January x 4, never x 6): January, never,
    never. Lowest balance (positions 1, 5 and 9 of -10 x 4, 10 x 6): -10, 10, 10; the
    fan's one month the same."""
    fields = {
        "opening_balance": 50,
        "reserve": 5,
        "costs": [{"label": "x", "amount": 60, "date": "2025-01"}],
        "contributions": [
            {
                "donor": "P",
                "amount": 20,
                "status": "pledged",
                "date": "2025-01",
                "probability": "0.5",
                "delay_months": [0, 0],
            }
        ],
    }
    draws = np.random.default_rng(0).integers(0, 2**32, size=10, dtype=np.uint32)
    assert (draws < 2**31).tolist() == [False] * 3 + [True] * 6 + [False]
    result = simulate(scenario(**fields), 10)
    assert (result.seed, result.uncertain) == (0, 1)
    assert (result.through_target, result.shortfall) == (None, None)
    assert result.exhausted == {10: M("2025-01"), 50: None, 90: None}
    assert result.lowest == {10: Decimal(-10), 50: Decimal(10), 90: Decimal(10)}
    assert fan(result) == [("2025-01", "-10.00", "10.00", "10.00")]
    assert (result.above_reserve, result.p_above_reserve) == (6, Decimal("0.6000"))


def test_each_runs_ledger_stops_at_its_own_first_month_without_costs() -> None:
    """Opening 100, costs 10 in January only, no target; a certain pledge of 5 for
    September 2034, 0-3 months late (w = 4, T = 2**32: the delay is floor(V / 2**30)).
    Seed 1 draws 2,032,329,983 (1 month late: October), 2,198,257,139 (2: November) and
    3,243,419,750 (3: December 2034, the last month a ledger holds). A run's ledger goes
    through the month its pledge lands and stops at the next month, which costs nothing:
    118, 119 and 120 months. Every run closes January at 90 and ends at 95.

    Two runs: the fan goes through November 2034 (the longer ledger). Three: through
    December 2034, the third run having no month without costs at all."""
    fields = {
        "opening_balance": 100,
        "costs": [{"label": "ops", "monthly": 10, "to": "2025-01"}],
        "contributions": [
            {
                "donor": "P",
                "amount": 5,
                "status": "pledged",
                "date": "2034-09",
                "probability": 1,
                "delay_months": [0, 3],
            }
        ],
    }
    draws = np.random.default_rng(1).integers(0, 2**32, size=3, dtype=np.uint32)
    assert draws.tolist() == [2_032_329_983, 2_198_257_139, 3_243_419_750]
    two = simulate(scenario(**fields), 2, seed=1)
    assert len(two.months) == 119
    assert fan(two)[-1] == ("2034-11", "95.00", "95.00", "95.00")
    three = simulate(scenario(**fields), 3, seed=1)
    assert len(three.months) == 120
    assert fan(three)[-1] == ("2034-12", "95.00", "95.00", "95.00")
    assert three.lowest == {10: Decimal(90), 50: Decimal(90), 90: Decimal(90)}
    assert three.exhausted == {10: None, 50: None, 90: None}


def test_drawn_money_and_recorded_outflows_count_toward_the_limit() -> None:
    """The 2**62-cent limit (4,611,686,018,427,387,904 cents) counts every drawn
    contribution's amount and every actual month's outflow, taken positive, besides the
    opening (the opening and cost lines are pinned above).

    Drawn: 46 certain pledges of 1,000,000,000,000,000 (the largest amount) for January,
    4,600,000,000,000,000,000 cents, and an opening of 116,860,184,273,879.04
    (11,686,018,427,387,904 cents): 2**62 exactly, refused; one cent less is simulated,
    and January closes at 2**62 - 1 cents, 46,116,860,184,273,879.03.

    Recorded: opening 0 and 24 actual months closing at -10**15, +10**15, ... alternately
    (outflows 10**15, then -2 x 10**15 and 2 x 10**15 in turn: taken positive, 10**17 +
    22 x 2 x 10**17 = 4,500,000,000,000,000,000 cents), the 24th (December 2026) at
    116,860,184,273,879.04: one more outflow of -(10**15 + 116,860,184,273,879.04), so
    the total is 2**62 cents again, refused; one cent less is simulated, its lowest
    balance -10**15 and its ledger the 24 actual months."""

    def pledged(opening: str) -> Scenario:
        pledge = {"amount": "1000000000000000", "status": "pledged", "date": "2025-01"}
        contributions = [
            {**pledge, "donor": f"D{n}", "probability": 1, "delay_months": [0, 0]}
            for n in range(46)
        ]
        return scenario(opening_balance=opening, contributions=contributions)

    with pytest.raises(SimulationTooLarge):
        simulate(pledged("116860184273879.04"), 1)
    inside = simulate(pledged("116860184273879.03"), 1)
    assert inside.uncertain == 46
    top = "46116860184273879.03"
    assert fan(inside) == [("2025-01", top, top, top)]

    def recorded(last: str) -> Scenario:
        closings = ["-1000000000000000", "1000000000000000"] * 11 + ["-1000000000000000", last]
        actuals = [
            {"month": str(M("2025-01") + m), "closing": closing}
            for m, closing in enumerate(closings)
        ]
        return scenario(opening_balance=0, actuals=actuals)

    with pytest.raises(SimulationTooLarge):
        simulate(recorded("116860184273879.04"), 1)
    kept = simulate(recorded("116860184273879.03"), 1)
    low = Decimal("-1000000000000000.00")
    assert kept.lowest == {10: low, 50: low, 90: low}
    assert len(kept.months) == 24
    assert fan(kept)[-1] == (
        "2026-12",
        "116860184273879.03",
        "116860184273879.03",
        "116860184273879.03",
    )


def test_a_reserve_past_the_64_bit_range_is_simply_not_met() -> None:
    """A reserve of 120 months of costs and a cost of 1,000,000,000,000,000 in January:
    January's reserve is 120,000,000,000,000,000 (1.2 x 10**19 cents, past the int64 range
    of about 9.2 x 10**18; it used to crash simulate with an OverflowError). Opening
    10**15, target January: January closes at 0, so every run lasts through the target
    and none stays at or above the reserve (forecast: below the reserve in January)."""
    huge = scenario(
        target="2025-01",
        opening_balance="1000000000000000",
        reserve={"months_of_costs": 120},
        costs=[{"label": "ops", "monthly": "1000000000000000", "to": "2025-01"}],
    )
    assert project(huge).summary.below_reserve == M("2025-01")
    result = simulate(huge, 2, seed=1)
    assert (result.through_target, result.above_reserve) == (2, 0)
    assert result.p_above_reserve == Decimal("0.0000")
    assert fan(result) == [("2025-01", "0.00", "0.00", "0.00")]
