"""The verdict of ``check`` computed in code (mss_runway.checks): exact reasons, by hand."""

from __future__ import annotations

from typing import Any

import pytest

from mss_runway.checks import Verdict, against_baseline, exit_code, invalid, judge
from mss_runway.errors import Problem
from mss_runway.projection import Forecast, forecast
from mss_runway.scenario import Scenario

VERDICT = Verdict("f.yaml", "t", "FAIL", ("runs short",))


def one_month(monthly: str, *, target: bool = True) -> Forecast:
    """Opening 100, one month of ``monthly`` costs: the shortfall through a January target
    is ``monthly - 100`` (the closing balance below zero)."""
    data = {
        "name": "t",
        "start": "2025-01",
        "opening_balance": "100",
        "costs": [{"label": "Ops", "monthly": monthly, "to": "2025-01"}],
    }
    if target:
        data["target"] = "2025-01"
    return forecast(Scenario.model_validate(data))


@pytest.mark.parametrize(
    ("now", "then", "note"),
    [
        ("450", "300", "against main: shortfall 200.00 -> 350.00 USD (+150.00)"),
        ("300", "450", "against main: shortfall 350.00 -> 200.00 USD (-150.00)"),
        ("300.50", "300", "against main: shortfall 200.00 -> 200.50 USD (+0.50)"),
        ("300", "300", "against main: shortfall 200.00 -> 200.00 USD (unchanged)"),
    ],
)
def test_the_shortfall_against_the_baseline(now: str, then: str, note: str) -> None:
    moved = against_baseline(VERDICT, one_month(now), one_month(then), "main")
    assert moved.reasons == ("runs short", note)
    assert (moved.file, moved.name, moved.status) == ("f.yaml", "t", "FAIL")


@pytest.mark.parametrize(("now_target", "then_target"), [(True, False), (False, True)])
def test_a_target_on_one_side_only_has_no_shortfall_to_compare(
    now_target: bool, then_target: bool
) -> None:
    now, then = one_month("300", target=now_target), one_month("300", target=then_target)
    assert against_baseline(VERDICT, now, then, "HEAD~1").reasons == (
        "runs short",
        "against HEAD~1: no shortfall to compare (a target on one side only)",
    )


def test_no_baseline_says_why() -> None:
    moved = against_baseline(VERDICT, one_month("300"), "not in main", "main")
    assert moved.reasons == ("runs short", "against main: not in main")
    assert moved.message == "runs short; against main: not in main"


def scenario(monthly: str, target: str | None, **more: Any) -> Forecast:
    """Opening 100, ``monthly`` costs from 2025-01 through 2025-03, counting committed
    (check's default lens)."""
    data: dict[str, Any] = {
        "name": "t",
        "start": "2025-01",
        "opening_balance": "100",
        "costs": [{"label": "Ops", "monthly": monthly, "to": "2025-03"}],
        **more,
    }
    if target is not None:
        data["target"] = target
    return forecast(Scenario.model_validate(data), "committed")


def reasons(result: Forecast, min_runway: int | None = None) -> tuple[str, tuple[str, ...]]:
    verdict = judge("f.yaml", result, ("f.yaml", 3), min_runway)
    assert (verdict.file, verdict.name, verdict.where) == ("f.yaml", "t", ("f.yaml", 3))
    return verdict.status, verdict.reasons


def test_every_failure_is_a_reason() -> None:
    """Costs 150 a month: Jan -50, Feb -200 (2 months short, 200 through a February target);
    a reserve of 10 is missed by at most 10 - -200 = 210; the runway is 0 months."""
    result = scenario("150", "2025-02", reserve="10")
    assert reasons(result, 1) == (
        "FAIL",
        (
            "runs out in 2025-01 (counting committed): 200.00 USD short through target "
            "2025-02, 2 months short",
            "below the reserve of 10.00 USD in 2025-01 (counting committed): at most 210.00 "
            "USD under it",
            "runway of 0 months (counting committed) is under the minimum of 1",
        ),
    )


def test_one_month_short_and_a_runway_of_one_month() -> None:
    """Costs 60 a month: Jan 40, Feb -20: one month short, a runway of 1 month; a minimum
    of exactly 1 is met."""
    short = "runs out in 2025-02 (counting committed): 20.00 USD short through target 2025-02, "
    assert reasons(scenario("60", "2025-02"), 2) == (
        "FAIL",
        (
            short + "1 month short",
            "runway of 1 month (counting committed) is under the minimum of 2",
        ),
    )
    assert reasons(scenario("60", "2025-02"), 1) == ("FAIL", (short + "1 month short",))


def test_without_a_target_running_out_fails() -> None:
    assert reasons(scenario("60", None)) == (
        "FAIL",
        ("runs out in 2025-02 (counting committed; no target)",),
    )


def test_a_pass_says_what_it_met() -> None:
    """Costs 60: Jan 40 at a January target, a runway of 1 month, exactly the minimum; a
    reserve of half a month of costs (30) is kept in January."""
    result = scenario("60", "2025-01", reserve={"months_of_costs": "0.5"})
    assert reasons(result, 1) == (
        "PASS",
        (
            "funded through target 2025-01 (counting committed), 40.00 USD left; never below "
            "the reserve of 0.5 months of costs; runway 1, minimum 1",
        ),
    )


def test_a_pass_without_a_target_or_an_end() -> None:
    """Costs 10: 90, 80, 70 through the end of the ledger (2025-03); reserve 1 month of
    costs (10)."""
    result = scenario("10", None, reserve={"months_of_costs": 1})
    assert reasons(result, 120) == (
        "PASS",
        (
            "never runs out within the ledger, through 2025-03 (counting committed; no "
            "target); never below the reserve of 1 month of costs; runway no end, minimum 120",
        ),
    )


def test_a_miss_of_the_reserve_alone_fails() -> None:
    """Costs 10, reserve 2 months of costs (20 a month): 90, 80, 70 are above it; a reserve
    of 85 is missed in February by 85 - 70 = 15 at most."""
    assert reasons(scenario("10", None, reserve={"months_of_costs": 2})) == (
        "PASS",
        (
            "never runs out within the ledger, through 2025-03 (counting committed; no "
            "target); never below the reserve of 2 months of costs",
        ),
    )
    assert reasons(scenario("10", None, reserve="85")) == (
        "FAIL",
        (
            "below the reserve of 85.00 USD in 2025-02 (counting committed): at most 15.00 "
            "USD under it",
        ),
    )


def test_overdue_contributions_follow_the_verdict() -> None:
    """Actuals through 2025-01 with nothing received: a (id a) and an unnamed one, both
    dated January, are overdue; the verdict names both after its own reason."""
    result = scenario(
        "10",
        "2025-02",
        contributions=[
            {"id": "a", "donor": "A", "amount": "5", "status": "pledged", "date": "2025-01"},
            {"donor": "N", "amount": "1234.5", "status": "committed", "date": "2025-01"},
        ],
        actuals=[{"month": "2025-01", "closing": "90"}],
    )
    # Jan (actual) 90; Feb: 90 + 1234.50 (committed, overdue: next month) - 10 = 1314.50;
    # A's 5 is pledged: not counted, but overdue all the same
    assert reasons(result) == (
        "PASS",
        (
            "funded through target 2025-02 (counting committed), 1,314.50 USD left",
            "overdue after 2025-01: A (a) 5.00 USD due 2025-01, N 1,234.50 USD due 2025-01",
        ),
    )


@pytest.mark.parametrize(("count", "words"), [(1, "1 problem"), (2, "2 problems")])
def test_an_invalid_file_counts_its_problems(count: int, words: str) -> None:
    problems = tuple(Problem("f.yaml", n + 1, 1, "x", "bad") for n in range(count))
    assert invalid("f.yaml", problems) == Verdict(
        "f.yaml", "", "INVALID", (words,), ("f.yaml", 1), problems
    )


def test_the_exit_code_is_the_worst_status() -> None:
    def of(*statuses: str) -> int:
        return exit_code([Verdict("f", "t", s, ()) for s in statuses])

    assert (of(), of("PASS"), of("PASS", "FAIL"), of("FAIL", "INVALID", "PASS")) == (0, 0, 1, 2)
