"""The verdict of ``check`` computed in code (mss_runway.checks): exact reasons, by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mss_runway.checks import Verdict, against_baseline
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
