"""simulate: the Monte Carlo engine against exact answers, forecast, and its own limits."""

from __future__ import annotations

import itertools
import math
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mss_runway import Month, Scenario, project
from mss_runway.money import multiply
from mss_runway.simulation import SimulationTooLarge, scale_cents, simulate

from .conftest import SCENARIOS

M = Month.parse


def scenario(**fields: Any) -> Scenario:
    data: dict[str, Any] = {"name": "test", "start": "2025-01"}
    data.update(fields)
    return Scenario.model_validate(data)


# --- exact answers by enumeration ---------------------------------------------------------
# Opening 100, costs 60 a month (+-0.02%), received 30 in January, target April;
# A: 80 pledged for February, arrives with chance 1/2, 0-2 months late (each 1/3);
# B: 50 committed for March, arrives with chance 3/4, 0-1 months late (each 1/2).
# The cost factor k/10000 is one of 9998..10002 (each 1/5): 60 x k/10000 rounded half to
# even is 59.99 (59.988), 59.99 (59.994), 60.00, 60.01 (60.006), 60.01 (60.012).
SMALL = {
    "target": "2025-04",
    "opening_balance": 100,
    "costs_uncertainty": "0.0002",
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
            "delay_months": [0, 1],
        },
    ],
    "costs": [{"label": "ops", "monthly": 60}],
}
RUNS = 20_000


def outcomes() -> list[tuple[Fraction, Scenario]]:
    """Every combination of arrivals, delays and cost factor, with its exact chance, as the
    scenario forecast would see (arrived money at its drawn month, costs scaled)."""
    a_options = [(Fraction(1, 2), None)] + [(Fraction(1, 2) / 3, d) for d in range(3)]
    b_options = [(Fraction(1, 4), None)] + [(Fraction(3, 4) / 2, d) for d in range(2)]
    monthly = {9998: "59.99", 9999: "59.99", 10000: "60.00", 10001: "60.01", 10002: "60.01"}
    result = []
    for (pa, da), (pb, db), k in itertools.product(a_options, b_options, monthly):
        contributions: list[dict[str, Any]] = [SMALL["contributions"][0]]  # type: ignore[index]
        if da is not None:
            contributions.append(
                {"donor": "A", "amount": 80, "status": "pledged", "date": str(M("2025-02") + da)}
            )
        if db is not None:
            contributions.append(
                {"donor": "B", "amount": 50, "status": "pledged", "date": str(M("2025-03") + db)}
            )
        data = {
            "target": "2025-04",
            "opening_balance": 100,
            "contributions": contributions,
            "costs": [{"label": "ops", "monthly": monthly[k]}],
        }
        result.append((pa * pb * Fraction(1, 5), scenario(**data)))
    return result


def four_se(p: float, n: int) -> float:
    """Four standard errors of a proportion p estimated from n runs (at least 1/n)."""
    return max(4 * math.sqrt(p * (1 - p) / n), 1 / n)


def check_lower_percentiles(
    reported: dict[int, Any], chances: list[tuple[Fraction, Any]], key: Callable[[Any], Any]
) -> None:
    """A "lower" percentile v at level q is consistent with the exact distribution when
    P(X < v) <= q + tol and P(X <= v) >= q - tol (tol: four standard errors)."""
    for q, value in reported.items():
        below = float(sum(p for p, x in chances if key(x) < key(value)))
        at_most = float(sum(p for p, x in chances if key(x) <= key(value)))
        tol = four_se(q / 100, RUNS)
        assert below <= q / 100 + tol, (q, value, below)
        assert at_most >= q / 100 - tol, (q, value, at_most)


def test_probability_of_lasting_matches_exact_enumeration() -> None:
    """p_through_target is within four standard errors of the exact chance, which the
    enumeration and a hand computation agree on."""
    # By hand, with costs c a month: Jan 130 - c = 70; Feb 10 (+80 if A is on time);
    # Apr = 260 - 4c = 20 needs both A and B (any delay): chance 1/2 x 3/4.
    # Mar = 130 - 3c + 80[A at most 1 month late] + 50[B on time] (c = 60: -50 + ...):
    # fine if A is at most 1 month late (2/3); else only with B on time (1/2) and
    # c <= 60.00, that is k in 9998..10000 (3/5), as 180 - 3 x 60.01 = -0.03 < 0.
    # P = 1/2 x 3/4 x (2/3 + 1/3 x 1/2 x 3/5) = 3/8 x 23/30 = 23/80.
    exact = sum(
        (p for p, s in outcomes() if project(s).summary.shortfall == 0),
        Fraction(0),
    )
    assert exact == Fraction(23, 80)
    result = simulate(scenario(**SMALL), RUNS, seed=1)
    assert result.through_target is not None
    p = float(exact)
    assert abs(result.through_target / RUNS - p) <= four_se(p, RUNS)


def test_percentiles_match_exact_enumeration() -> None:
    """The exhaustion, shortfall and closing-balance percentiles are consistent with the
    exact distributions (nearest-rank "lower" method; never running out is latest)."""
    cases = [(p, project(s)) for p, s in outcomes()]
    result = simulate(scenario(**SMALL), RUNS, seed=2)
    never = Month(10**9)
    check_lower_percentiles(
        result.exhausted,
        [(p, r.summary.exhausted) for p, r in cases],
        lambda m: never if m is None else m,
    )
    assert result.shortfall is not None
    check_lower_percentiles(
        result.shortfall, [(p, r.summary.shortfall) for p, r in cases], lambda v: v
    )
    check_lower_percentiles(  # the lowest closing balance, January through April
        result.lowest, [(p, min(row.closing for row in r.rows[:4])) for p, r in cases], lambda v: v
    )
    for m, row in enumerate(result.months[:4]):
        check_lower_percentiles(
            {10: row.p10, 50: row.p50, 90: row.p90},
            [(p, r.rows[m].closing) for p, r in cases],
            lambda v: v,
        )


def test_chance_above_the_reserve_matches_exact_enumeration() -> None:
    """With a reserve of 15, p_above_reserve is within four standard errors of the exact
    chance that every closing balance January through April is at least 15."""
    exact = sum(
        (p for p, s in outcomes() if all(row.closing >= 15 for row in project(s).rows[:4])),
        Fraction(0),
    )
    assert 0 < exact < 1
    result = simulate(scenario(**SMALL, reserve=15), RUNS, seed=3)
    assert result.above_reserve is not None
    assert abs(result.above_reserve / RUNS - float(exact)) <= four_se(float(exact), RUNS)
    assert simulate(scenario(**SMALL), 10, seed=3).above_reserve is None


def test_same_seed_same_numbers_other_seed_other_draws() -> None:
    """A seed fixes every number; another seed draws differently."""
    first = simulate(scenario(**SMALL), 2_000, seed=42)
    again = simulate(scenario(**SMALL), 2_000, seed=42)
    other = simulate(scenario(**SMALL), 2_000, seed=43)
    assert (first.through_target, first.exhausted, first.shortfall, first.months) == (
        again.through_target,
        again.exhausted,
        again.shortfall,
        again.months,
    )
    assert first.through_target != other.through_target


def test_results_do_not_depend_on_chunking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs are processed in chunks; the chunk size does not change the numbers."""
    whole = simulate(scenario(**SMALL), 1_000, seed=5)
    monkeypatch.setattr("mss_runway.simulation.CHUNK_DRAWS", 64)  # 32 runs per chunk
    chunked = simulate(scenario(**SMALL), 1_000, seed=5)
    assert (whole.through_target, whole.months) == (chunked.through_target, chunked.months)


def test_cost_factor_stays_within_its_bounds() -> None:
    """With only the cost factor uncertain (+-0.01%: k in 9999..10001), every closing
    percentile is one of the three ledgers the factor allows, and all three occur."""
    base = {
        "target": "2025-03",
        "opening_balance": 1_000,
        "costs": [{"label": "ops", "monthly": "333.33"}],
    }
    # 333.33 x 0.9999 = 333.296667 -> 333.30; x 1.0001 = 333.363333 -> 333.36 (half to even).
    # Month m (from 0) closes at 1000 - (m + 1) x monthly, also past a run's own ledger
    # (the fan chart continues every run's arithmetic to the longest ledger).
    allowed = {
        str(1000 - (m + 1) * Decimal(monthly))
        for monthly in ("333.30", "333.33", "333.36")
        for m in range(4)
    }
    result = simulate(scenario(**base, costs_uncertainty="0.0001"), 3_000, seed=9)
    seen = {str(row.p10) for row in result.months} | {str(row.p90) for row in result.months}
    assert seen <= allowed
    # Jan closes 666.70 / 666.67 / 666.64 under the three factors; p10 and p90 differ.
    assert str(result.months[0].p10) == "666.64"
    assert str(result.months[0].p90) == "666.70"


def test_cost_factor_scales_the_unit_cost_as_scale_costs_does() -> None:
    """A per-unit line is scaled as --scale-costs and solve scale it: the unit cost times
    the factor, rounded to the cent, then times the count."""
    base = {
        "target": "2025-03",
        "opening_balance": 1_000,
        "costs": [{"label": "officers", "unit_cost": "10.50", "units": {"2025-01": 5}}],
    }
    # k in 9999..10001: 10.50 x 0.9999 = 10.49895 -> 10.50 and 10.50 x 1.0001 = 10.50105
    # -> 10.50, so every run pays 5 x 10.50 = 52.50 a month and January closes at 947.50.
    # (Scaling the line's 52.50 instead would give 52.49 or 52.51 in some runs.)
    result = simulate(scenario(**base, costs_uncertainty="0.0001"), 2_000, seed=3)
    assert {str(row.p10) for row in result.months[:1]} == {"947.50"}
    assert {str(row.p90) for row in result.months[:1]} == {"947.50"}


@given(
    amounts=st.lists(st.integers(0, 10**15), min_size=1, max_size=8),
    factors=st.lists(st.integers(1, 19_999), min_size=1, max_size=8),
)
def test_integer_scaling_equals_money_multiply(amounts: list[int], factors: list[int]) -> None:
    """The kernel's integer cost scaling rounds exactly like money.multiply (half to even).
    Slow under CI (~1.5 s): 500 examples of up to 64 Decimal products each."""
    got = scale_cents(np.array(amounts, dtype=np.int64), np.array(factors, dtype=np.int64))
    for r, k in enumerate(factors):
        for j, cents in enumerate(amounts):
            expected = multiply(Decimal(cents) / 100, Decimal(k) / 10_000)
            assert Decimal(int(got[r, j])) / 100 == expected


def test_half_cent_rounds_to_even() -> None:
    """0.50 x 0.0001 ... : 5 cents x 1.0001 = 5.0005 -> 5; 15 cents x 0.5 (k=5000) = 7.5 -> 8;
    25 cents x 0.5 = 12.5 -> 12 (both to the even cent)."""
    got = scale_cents(np.array([5, 15, 25], dtype=np.int64), np.array([10_001, 5_000]))
    assert got.tolist() == [[5, 15, 25], [2, 8, 12]]


def test_without_a_target_there_is_no_chance_or_shortfall() -> None:
    """No target: p_through_target and shortfall are None; exhaustion is still reported."""
    result = simulate(
        scenario(opening_balance=100, costs=[{"label": "ops", "monthly": 60}]), 100, seed=1
    )
    assert result.p_through_target is None
    assert result.shortfall is None
    # 100 - 60 = 40 in January, -20 in February: runs out in February in every run.
    assert result.exhausted == {10: M("2025-02"), 50: M("2025-02"), 90: M("2025-02")}


def test_amounts_beyond_int64_are_refused() -> None:
    """Sums that could overflow 64-bit cents are refused, not wrapped."""
    big = scenario(
        opening_balance=10**15,
        costs=[{"label": "x", "unit_cost": 10**15, "units": {"2025-01": 10**6}}],
    )
    with pytest.raises(SimulationTooLarge):
        simulate(big, 10, seed=1)


def test_memory_stays_well_under_500_mb_for_the_largest_case() -> None:
    """10,000 runs x 1,000 uncertain contributions x 120 months: peak traced memory below
    500 MB (numpy reports its buffers to tracemalloc)."""
    contributions = [
        {
            "donor": f"D{i}",
            "amount": 1_000 + i,
            "status": "pledged" if i % 2 else "committed",
            "date": str(M("2025-01") + i % 110),
        }
        for i in range(1_000)
    ]
    big = scenario(
        target="2034-12",
        opening_balance=100_000,
        contributions=contributions,
        costs=[{"label": "ops", "monthly": 5_000}],
        costs_uncertainty="0.1",
    )
    tracemalloc.start()
    try:
        result = simulate(big, 10_000, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.uncertain == 1_000
    assert peak < 500 * 2**20, peak


# --- with no uncertainty the simulation is forecast ----------------------------------------

# mostly near the start, sometimes at or past the last month a ledger can hold (119)
months = (st.integers(0, 30) | st.integers(117, 130)).map(lambda i: str(M("2025-01") + i))
money = st.integers(0, 500_000).map(lambda c: str(Decimal(c) / 100))


# Built once, not at every draw (a strategy built inside the composite is built and
# validated again each time: most of the cost of generating an example).
_contribution_counts = st.integers(0, 5)
_statuses = st.sampled_from(["received", "committed", "pledged"])
_cents = st.integers(1, 500_000)
_cost_counts = st.integers(0, 3)
_kinds = st.sampled_from(["recurring", "one_off", "per_unit"])
_booleans = st.booleans()
_unit_months = st.lists(months, min_size=1, max_size=3, unique=True)
_units = st.integers(0, 20)
_target_offsets = st.integers(0, 30)
_reserves = (
    st.none() | money | st.sampled_from([{"months_of_costs": n} for n in ("0.5", "1", "2.5")])
)


@st.composite
def certain_scenarios(draw: st.DrawFn) -> Scenario:
    contributions = []
    for _ in range(draw(_contribution_counts)):
        status = draw(_statuses)
        item: dict[str, Any] = {
            "donor": "d",
            "amount": str(Decimal(draw(_cents)) / 100),
            "status": status,
            "date": draw(months),
        }
        if status != "received":
            item |= {"probability": 1, "delay_months": [0, 0]}
        contributions.append(item)
    costs: list[dict[str, Any]] = []
    for _ in range(draw(_cost_counts)):
        kind = draw(_kinds)
        if kind == "recurring":
            first, last = sorted([draw(months), draw(months)])
            line: dict[str, Any] = {"label": "r", "monthly": draw(money), "from": first}
            if draw(_booleans):
                line["to"] = last
        elif kind == "one_off":
            line = {"label": "o", "amount": draw(money), "date": draw(months)}
        else:
            keys = draw(_unit_months)
            line = {
                "label": "u",
                "unit_cost": draw(money),
                "units": {k: draw(_units) for k in keys},
            }
        costs.append(line)
    fields: dict[str, Any] = {
        "opening_balance": draw(money),
        "contributions": contributions,
        "costs": costs,
    }
    if draw(_booleans):  # a target is always within the ledger's reach
        fields["target"] = str(M("2025-01") + draw(_target_offsets))
    fields["reserve"] = draw(_reserves)
    return scenario(**fields)


@given(certain_scenarios())
def test_with_certain_money_simulation_equals_forecast(sc: Scenario) -> None:
    """Every probability 1, no delay, no cost uncertainty: every percentile of every month
    is forecast's closing balance, and exhaustion and shortfall are forecast's. Slow
    under CI (~3 s): 500 generated scenarios, each simulated and forecast."""
    expected = project(sc, "pledged")
    result = simulate(sc, 3, seed=0)
    assert [(str(r.month), r.p10, r.p50, r.p90) for r in result.months] == [
        (str(r.month), r.closing, r.closing, r.closing) for r in expected.rows
    ]
    assert set(result.exhausted.values()) == {expected.summary.exhausted}
    assert set(result.lowest.values()) == {expected.summary.lowest_balance.amount}
    if sc.reserve is None:
        assert result.p_above_reserve is None
    else:
        assert result.p_above_reserve == (1 if expected.summary.below_reserve is None else 0)
    if sc.target is None:
        assert result.shortfall is None
    else:
        assert result.shortfall is not None
        assert set(result.shortfall.values()) == {expected.summary.shortfall}
        assert result.p_through_target == (1 if expected.summary.shortfall == 0 else 0)


# --- the lowest balance's low tail and the shortfall describe the same runs ---------------


def test_lowest_balance_percentiles_by_hand() -> None:
    """Ten runs' lowest balances, sorted: -10 -6 -3 -1 0 2 4 5 7 9; their shortfalls,
    sorted: 0 0 0 0 0 0 1 3 6 10. Shortfall p90 ("lower": position floor(0.9 x 9) = 8)
    is 6, so the lowest balance's p10 is -6 (position ceil(0.1 x 9) = 1), not -10:
    2 of 10 runs fall to -6 or lower, and 9 of 10 need at most 6. p50: position
    ceil(4.5) = 5, 2; p90: position ceil(8.1) = 9, 9 (10 of 10 fall to 9 or lower)."""
    from mss_runway.simulation import _lower_percentiles, low_tail_percentiles

    lowest = np.array([5, -3, 7, 0, -10, 2, -1, 9, 4, -6], dtype=np.int64)
    assert low_tail_percentiles(lowest) == {10: -6, 50: 2, 90: 9}
    assert _lower_percentiles(np.maximum(-lowest, 0)) == {10: 0, 50: 0, 90: 6}
    for p, value in low_tail_percentiles(lowest).items():  # "p% of runs fall to v or lower"
        assert np.count_nonzero(lowest <= value) * 100 >= p * len(lowest)


def test_lowest_p10_is_minus_shortfall_p90_when_every_run_ends_short() -> None:
    """The shipped MSS scenario: every run is short at its target, the lowest point,
    so the lowest balance's p10 is minus the shortfall's p90 (and p50, p90 likewise), and
    the fan chart's target month says the same."""
    from mss_runway.loader import load_scenario

    result = simulate(load_scenario(SCENARIOS / "mss-haiti-2024-11.yaml"), seed=1)
    assert result.through_target == 0
    assert result.shortfall is not None
    assert result.lowest[10] == -result.shortfall[90]
    assert result.lowest[50] == -result.shortfall[50]
    assert result.lowest[90] == -result.shortfall[10]
    at_target = next(row for row in result.months if row.month == M("2025-10"))
    assert (at_target.p10, at_target.p50, at_target.p90) == (
        result.lowest[10],
        result.lowest[50],
        result.lowest[90],
    )
