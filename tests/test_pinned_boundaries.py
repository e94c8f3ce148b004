"""Boundaries pinned by plain cases (issue 15, item 3): each test here fails on a hand-made
mutation of the code it guards; docs/testing.md ("Pinned boundaries") lists which."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mss_runway.checks import invalid, reserve_words
from mss_runway.cli import app
from mss_runway.errors import Problem
from mss_runway.loader import scenario_from_text
from mss_runway.money import parse_money
from mss_runway.months import Month, MonthError, parse_month_text
from mss_runway.projection import project
from mss_runway.scenario import MonthsOfCosts, Scenario
from mss_runway.simulation import (
    SimulationTooLarge,
    _balance_ranks,
    _lower_percentiles,
    low_tail_percentiles,
    simulate,
)
from mss_runway.solve import solve
from mss_runway.whatif import MAX_FACTOR, WhatIfError, delay_phrase, parse_delay, parse_factor

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL = (SCENARIOS / "minimal.yaml").read_text(encoding="utf-8")
NO_GITHUB = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}


def scenario(text: str) -> Scenario:
    return scenario_from_text(text, "pinned.yaml")


# --- what-if bounds ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0", "0.9", "1", "1.1", "1000000000000"])
def test_scale_costs_accepts_factors_from_0_to_10_to_the_12(text: str) -> None:
    """whatif.py: a factor from 0 to MAX_FACTOR (10^12); 0.9 (cutting costs) is one."""
    assert parse_factor(text) == Decimal(text)


@pytest.mark.parametrize("text", ["-0.1", "-1", "1000000000000.0001", "nan", "inf", "x"])
def test_scale_costs_refuses_negative_and_too_large_factors(text: str) -> None:
    with pytest.raises(WhatIfError, match="expected a factor from 0 to 1,000,000,000,000"):
        parse_factor(text)


def test_delay_119_months_is_the_largest_accepted() -> None:
    """MAX_DELAY = MAX_LEDGER_MONTHS - 1 = 119: 119 accepted, 120 refused."""
    assert parse_delay("pledged=119") == ("pledged", 119)
    assert parse_delay("committed=0") == ("committed", 0)
    with pytest.raises(WhatIfError, match="from 0 to 119, got '120'"):
        parse_delay("pledged=120")


# --- calendar ------------------------------------------------------------------------------

#: Days in each month of 2025 (not a leap year), by hand.
DAYS_2025 = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@pytest.mark.parametrize(("month", "days"), sorted(DAYS_2025.items()))
def test_days_in_month_table(month: int, days: int) -> None:
    """The last day of each month is accepted, the day after refused, day 01 accepted and
    day 00 refused."""
    assert parse_month_text(f"2025-{month:02d}-{days:02d}") == Month.of(2025, month)
    assert parse_month_text(f"2025-{month:02d}-01") == Month.of(2025, month)
    with pytest.raises(MonthError, match=f"2025-{month:02d} has {days} days"):
        parse_month_text(f"2025-{month:02d}-{days + 1:02d}")
    with pytest.raises(MonthError, match=f"2025-{month:02d} has {days} days"):
        parse_month_text(f"2025-{month:02d}-00")


@pytest.mark.parametrize("year", [2000, 2024, 2096, 2196])
def test_leap_years_have_february_29(year: int) -> None:
    """Divisible by 4 and not by 100, or divisible by 400 (2000)."""
    assert parse_month_text(f"{year}-02-29") == Month.of(year, 2)
    with pytest.raises(MonthError, match=f"{year}-02 has 29 days"):
        parse_month_text(f"{year}-02-30")


@pytest.mark.parametrize("year", [1900, 2100, 2200, 2025, 2023])
def test_century_and_common_years_have_no_february_29(year: int) -> None:
    """1900, 2100 and 2200 are divisible by 100 but not by 400: no 29 February."""
    assert parse_month_text(f"{year}-02-28") == Month.of(year, 2)
    with pytest.raises(MonthError, match=f"{year}-02 has 28 days"):
        parse_month_text(f"{year}-02-29")


def test_year_bounds_are_1900_and_2200() -> None:
    """months.py MIN_YEAR 1900, MAX_YEAR 2200, both included."""
    assert parse_month_text("1900-01-01") == Month.of(1900, 1)
    assert parse_month_text("1900-01") == Month.of(1900, 1)
    assert parse_month_text("2200-12-31") == Month.of(2200, 12)
    assert parse_month_text("2200-12") == Month.of(2200, 12)
    for text in ("1899-12", "1899-12-31", "2201-01", "2201-01-01"):
        with pytest.raises(MonthError, match="is outside the years 1900 to 2200"):
            parse_month_text(text)


# --- money text: the slow path (spaces, or longer than 15 characters) -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" 1_000 ", "1000.00"),
        (" -0 ", "0.00"),
        (" 12.5 ", "12.50"),
        (" 12.50 ", "12.50"),
        ("   1_000_000_000.5   ", "1000000000.50"),  # 21 characters
        ("1_000_000_000_000.25", "1000000000000.25"),  # 20 characters, no spaces
        ("  -1_000_000_000_000  ", "-1000000000000.00"),
        (" 1000000000000000 ", "1000000000000000.00"),  # MAX_AMOUNT itself
    ],
)
def test_money_text_slow_path(text: str, expected: str) -> None:
    """Text with spaces or over 15 characters goes through _money_from_text; the result
    is the same exact two-decimal amount as the fast path's (sign and exponent included)."""
    value = parse_money(text)
    assert str(value) == expected
    assert value.as_tuple() == Decimal(expected).as_tuple()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" 12.505 ", "more than two decimal places"),
        (" 1000000000000000.01 ", "beyond the limit"),
        ("  1 000  ", "expected an amount of money"),
        (" _1000 ", "expected an amount of money"),
    ],
)
def test_money_text_slow_path_refusals(text: str, message: str) -> None:
    from mss_runway.money import MoneyError

    with pytest.raises(MoneyError, match=message):
        parse_money(text)


# --- simulation internals ------------------------------------------------------------------


def test_lower_percentile_ranks_on_a_hand_made_array() -> None:
    """The "lower" method: position floor(p x (n - 1) / 100) of the sorted values. For
    n = 11 values 0..10 (shuffled): 10th -> position 1, 50th -> 5, 90th -> 9; for n = 10:
    floor(0.9) = 0, floor(4.5) = 4, floor(8.1) = 8."""
    values = np.array([7, 3, 10, 0, 5, 9, 1, 8, 2, 6, 4], dtype=np.int64) * 100
    assert _lower_percentiles(values) == {10: 100, 50: 500, 90: 900}
    ten = np.array([9, 0, 8, 1, 7, 2, 6, 3, 5, 4], dtype=np.int64)
    assert _lower_percentiles(ten) == {10: 0, 50: 4, 90: 8}


def test_balance_percentile_ranks_are_the_mirror() -> None:
    """Balances take ceil(p x (n - 1) / 100): n = 10 -> 1, 5, 9; n = 11 -> 1, 5, 9;
    n = 1 -> 0, 0, 0; n = 2 -> 1, 1, 1."""
    assert _balance_ranks(10) == [1, 5, 9]
    assert _balance_ranks(11) == [1, 5, 9]
    assert _balance_ranks(1) == [0, 0, 0]
    assert _balance_ranks(2) == [1, 1, 1]
    ten = np.array([9, 0, 8, 1, 7, 2, 6, 3, 5, 4], dtype=np.int64)
    assert low_tail_percentiles(ten) == {10: 1, 50: 5, 90: 9}


# --- zero exactly --------------------------------------------------------------------------

#: 600.00 opening, 100.00 a month, target 2025-06: by hand the balance closes 2025-06 at
#: exactly 0.00 (600 - 6 x 100) and runs out in 2025-07.
EXACT = """
name: exact
start: 2025-01
target: 2025-06
opening_balance: 600
costs: [{label: Ops, monthly: 100}]
"""


def test_a_ledger_closing_at_exactly_zero_is_not_short() -> None:
    """Shortfall 0.00 (never -0.00, which would print as "-0.00"), no month short; the
    money runs out the month after the target."""
    summary = project(scenario(EXACT)).summary
    assert summary.shortfall is not None
    assert summary.shortfall.as_tuple() == Decimal("0.00").as_tuple()
    assert summary.months_short == 0
    assert summary.balance_at_target == Decimal("0.00")
    assert summary.exhausted == Month.of(2025, 7)


def test_solve_when_the_target_closes_at_exactly_zero() -> None:
    """Closing at 0.00 lasts: nothing to add; the cost factor is exactly 1 (x 1.0001 costs
    600.06 through 2025-06, 0.06 short)."""
    solution = solve(scenario(EXACT))
    assert solution.lump_sum == Decimal("0.00")
    assert solution.lump_sum_by is None
    assert solution.monthly_top_up == Decimal("0.00")
    assert solution.cost_factor == Decimal("1.0000")


def test_solve_lump_sum_that_leaves_exactly_zero_at_the_target() -> None:
    """500.00 opening: 100.00 short at 2025-06 (closings 400, 300, 200, 100, 0, -100). A
    lump of 100.00 closes the target at exactly 0.00, and it may arrive as late as 2025-06;
    the monthly top-up is 100.00 / 6 = 16.666... rounded up to 16.67."""
    solution = solve(scenario(EXACT.replace("opening_balance: 600", "opening_balance: 500")))
    assert solution.lump_sum == Decimal("100.00")
    assert solution.lump_sum_by == Month.of(2025, 6)
    assert solution.monthly_top_up == Decimal("16.67")


def test_simulate_counts_a_run_closing_at_exactly_zero_as_lasting() -> None:
    """No uncertain money: every run is the hand ledger, lowest balance through the target
    exactly 0.00, so all 8 runs last through the target."""
    result = simulate(scenario(EXACT), runs=8, seed=1)
    assert result.through_target == 8
    assert result.p_through_target == Decimal("1.0000")
    assert result.lowest == {10: Decimal("0.00"), 50: Decimal("0.00"), 90: Decimal("0.00")}
    assert result.shortfall == {10: Decimal("0.00"), 50: Decimal("0.00"), 90: Decimal("0.00")}


def test_solve_cost_factor_cap() -> None:
    """1,000,000,000,000,000.00 opening against 0.01 of costs in one month: even the
    largest factor --scale-costs accepts (10^12) costs only 10,000,000,000.00, so the
    answer is that cap, MAX_FACTOR."""
    text = """
    name: cap
    start: 2025-01
    target: 2025-01
    opening_balance: 1_000_000_000_000_000
    costs: [{label: Ops, monthly: 0.01}]
    """
    assert solve(scenario(textwrap.dedent(text))).cost_factor == MAX_FACTOR == 10**12


# --- the 64-bit guard of simulate -----------------------------------------------------------

#: MAX_TOTAL_CENTS = 2^62 cents = 46,116,860,184,273,879.04: 46 received contributions of
#: 10^15 (the largest amount) plus an opening of 116,860,184,273,879.04 reach it exactly.
GUARD_OPENING = Decimal("116860184273879.04")


def _large(opening: Decimal) -> Scenario:
    received = ", ".join(
        f"{{donor: D{n}, amount: 1_000_000_000_000_000, status: received, date: 2025-01}}"
        for n in range(46)
    )
    return scenario(
        f"name: large\nstart: 2025-01\nopening_balance: {opening}\n"
        f"contributions: [{received}]\ncosts: []\n"
    )


def test_simulate_64_bit_guard_edge() -> None:
    """A total of 2^62 - 1 cents is simulated; 2^62 cents is refused."""
    assert 46 * 10**17 + int(GUARD_OPENING * 100) == 2**62
    below = simulate(_large(GUARD_OPENING - Decimal("0.01")), runs=1)
    assert below.months[0].p50 == Decimal("46116860184273879.03")
    with pytest.raises(SimulationTooLarge, match="too large to simulate exactly"):
        simulate(_large(GUARD_OPENING), runs=1)


# --- delays at the edge, through the command line and the file format ----------------------


def test_delay_option_at_119_and_120(write: Callable[..., Path]) -> None:
    path = write(MINIMAL)
    ok = runner.invoke(app, ["forecast", str(path), "--delay", "pledged=119", "-f", "json"])
    assert ok.exit_code == 0, ok.output
    # the pledge of 2025-03 moves 119 months, past the ledger: counting pledged runs out
    # as committed does, in 2025-05
    assert json.loads(ok.stdout)["exhausted"] == "2025-05"
    refused = runner.invoke(app, ["forecast", str(path), "--delay", "pledged=120"])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith(
        "error: --delay pledged=MONTHS: expected a whole number of months from 0 to 119, "
        "got '120'\n"
    )


@pytest.mark.parametrize(("high", "code"), [(119, 0), (120, 2)])
def test_delay_months_in_the_format_at_119_and_120(
    write: Callable[..., Path], high: int, code: int
) -> None:
    line = "contributions: [{donor: D, amount: 5, status: pledged, date: 2025-03, "
    path = write(f"name: x\nstart: 2025-01\n{line}delay_months: [0, {high}]}}]\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == code, result.output
    if code:
        column = len(line) + len("delay_months: ") + 1
        assert result.stderr == (
            f"error: {path}:3:{column}: contributions[0].delay_months: expected 0 <= min <= "
            f"max <= 119 months in [min, max], got [0, 120]\n"
            "error: validate: 1 of 1 files invalid\n"
        )
    else:
        assert result.stdout == f"{path}: ok (x)\n"


# --- messages: singular and plural, and why check passes ------------------------------------


def test_plural_phrases() -> None:
    assert delay_phrase("pledged", 1) == "pledged contributions 1 month late"
    assert delay_phrase("pledged", 2) == "pledged contributions 2 months late"
    assert delay_phrase("pledged", 0) == "pledged contributions 0 months late"
    one, two = MonthsOfCosts(months_of_costs=1), MonthsOfCosts(months_of_costs=2)
    assert reserve_words(one, "USD") == "1 month of costs"
    assert reserve_words(two, "USD") == "2 months of costs"
    problem = Problem("f.yaml", 1, 1, "name", "bad")
    assert invalid("f.yaml", (problem,)).reasons == ("1 problem",)
    assert invalid("f.yaml", (problem, problem)).reasons == ("2 problems",)


def test_check_one_month_short_and_a_runway_of_one_month(write: Callable[..., Path]) -> None:
    """minimal.yaml to 2025-05 counting committed: 140,000 - 5 x 30,000 = -10,000.00 at
    2025-05, the only month short. Opening 40,000 without a target: runs out in 2025-02
    (runway 1 month)."""
    path = write(MINIMAL)
    result = runner.invoke(app, ["check", str(path), "--target", "2025-05"], env=NO_GITHUB)
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "runs out in 2025-05 (counting committed): 10,000.00 USD short through target "
        "2025-05, 1 month short\n"
    )
    short = write(
        "name: short\nstart: 2025-01\nopening_balance: 40000\n"
        "costs: [{label: Ops, monthly: 30000}]\n",
        "short.yaml",
    )
    args = ["check", str(short), "--min-runway", "2"]
    result = runner.invoke(app, args, env=NO_GITHUB)
    assert result.exit_code == 1
    assert result.stdout == (
        f"FAIL    {short} (short): runs out in 2025-02 (counting committed; no target); "
        "runway of 1 month (counting committed) is under the minimum of 2\n"
    )


def test_check_pass_reasons_name_the_month_and_the_minimum_runway(
    write: Callable[..., Path],
) -> None:
    """Counting pledged minimal.yaml reaches 2025-06 with 10,000.00 left and runs out in
    2025-07: runway 6 months, so --min-runway 6 passes and says so."""
    path = write(MINIMAL)
    args = ["check", str(path), "-c", "pledged", "--min-runway", "6"]
    result = runner.invoke(app, args, env=NO_GITHUB)
    assert result.exit_code == 0
    assert result.stdout == (
        f"PASS    {path} (Minimal example): funded through target 2025-06 (counting pledged), "
        "10,000.00 USD left; runway 6, minimum 6\n"
    )


def test_check_pass_without_a_target_names_the_last_month(write: Callable[..., Path]) -> None:
    """No costs, no target: the ledger never runs out; with --min-runway the runway has no
    end."""
    path = write("name: calm\nstart: 2025-01\nopening_balance: 10\n")
    result = runner.invoke(app, ["check", str(path), "--min-runway", "3"], env=NO_GITHUB)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"PASS    {path} (calm): never runs out within the ledger, through 2025-01 "
        "(counting committed; no target); runway no end, minimum 3\n"
    )


def test_validate_counts_invalid_files(write: Callable[..., Path]) -> None:
    good = write("name: good\nstart: 2025-01\n", "good.yaml")
    bad = write("name: bad\nstart: 2025-13\n", "bad.yaml")
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "error: validate: 1 of 2 files invalid"


# --- where the errors of a chain of variants point ------------------------------------------


def test_errors_in_a_chain_of_three_files_and_a_csv_point_at_their_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """c.yaml extends b.yaml extends a.yaml, and c reads d.csv. Each bad value is reported
    at the file, line and column that hold it: a deep path of the base (a contribution's
    probability), an fx rate of the base and one of the middle file (fx merges by
    currency), an amount the last variant changes by id, and a CSV cell the variant reads
    (numbered after the two merged YAML entries)."""
    monkeypatch.chdir(tmp_path)
    a_line6 = "  - {id: b, donor: B, amount: 5, status: pledged, date: 2025-02, probability: 2}"
    files = {
        "a.yaml": "name: Base\nstart: 2025-01\nfx: {EUR: 1.1, CHF: 0}\ncontributions:\n"
        "  - {id: a, donor: A, amount: 5, currency: EUR, status: paid, date: 2025-01}\n"
        f"{a_line6}\n",
        "b.yaml": "extends: a.yaml\nfx: {GBP: 0}\n",
        "c.yaml": "extends: b.yaml\ncontributions_file: d.csv\nfx: {JPY: 0.01}\n"
        "contributions:\n  - {id: a, amount: -5}\n",
        "d.csv": "donor,amount,status,date\nX,5,paid,2025-02\nY,abc,paid,2025-03\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert a_line6.index("probability: 2") + len("probability: ") + 1 == 79
    result = runner.invoke(app, ["validate", "c.yaml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    rate = "expected an exchange rate above 0 and at most 1,000,000, got 0"
    assert result.stderr.splitlines() == [
        f"error: a.yaml:3:21: fx.CHF: {rate}",
        "error: a.yaml:6:79: contributions[1].probability: expected a probability from 0 to 1 "
        "(e.g. 0.6), got 2",
        f"error: b.yaml:2:11: fx.GBP: {rate}",
        "error: c.yaml:5:21: contributions[0].amount: expected an amount above 0, got -5",
        "error: d.csv:3:3: contributions[3].amount: expected an amount of money such as "
        "1_250.50, got 'abc'",
        "error: validate: 1 of 1 files invalid",
    ]
