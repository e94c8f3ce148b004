"""The ``actuals`` list and ``overdue``: every problem located and reported together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.loader import load_scenario
from mss_runway.scenario import Scenario

runner = CliRunner()

HEAD = """\
name: t
start: 2025-01
opening_balance: 100
contributions:
  - {id: a, donor: A, amount: 50, status: pledged, date: 2025-02}
  - {donor: B, amount: 50, status: pledged, date: 2025-02}
  - {id: e, donor: E, amount: 10, currency: EUR, rate: 1.5, status: pledged, date: 2025-03}
costs:
  - {label: Ops, monthly: 10}
actuals:
"""


def problems(write: Callable[..., Path], actuals: str) -> list[str]:
    path = write(HEAD + actuals)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    prefix = f"error: {path}:"
    return [line.removeprefix(prefix) for line in result.stderr.splitlines()[:-1]]


def test_every_problem_of_the_actuals_is_located_and_reported_together(
    write: Callable[..., Path],
) -> None:
    found = problems(
        write,
        "  - {month: 2025-01, closing: 90}\n"  # line 11
        "  - {month: 2025-03, closing: 90, received: {a: 30, b: 5}}\n"
        "  - {month: 2025-03, closing: -5, received: {a: 30}}\n"
        "  - {month: 2025-04, closing: 1}\n"
        "  - {month: 2025-06, closing: 1, received: {e: 15.01}}\n",
    )
    assert found == [
        "12:13: actuals[1].month: 2025-03 leaves a gap: actuals are one entry per month, "
        "so expected 2025-02",
        "12:56: actuals[1].received.b: no contribution has id 'b' (ids: a, e); only a "
        "contribution with an id can be named here: give it one, e.g. `id: un-2024` on its "
        "entry",
        "13:13: actuals[2].month: 2025-03 is given twice: actuals are one entry per month, "
        "so expected 2025-04",
        "13:49: actuals[2].received.a: 30.00 received from 'a' (A) is above the 20.00 left "
        "of it by this month",
        "15:13: actuals[4].month: 2025-06 leaves a gap: actuals are one entry per month, "
        "so expected 2025-05",
        # 10 EUR at 1.5 is 15.00 in the scenario's currency
        "15:48: actuals[4].received.e: 15.01 received from 'e' (E) is above the 15.00 left "
        "of it by this month",
    ]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            "  - {month: 2025-02, closing: 1}\n",
            "11:13: actuals[0].month: actuals start at start; the first entry is 2025-02, "
            "expected 2025-01",
        ),
        (
            "  - {month: 2025-01, closing: 1}\n  - {month: 2024-12, closing: 1}\n",
            "12:13: actuals[1].month: 2024-12 is out of order: the entry before is 2025-01, "
            "so expected 2025-02",
        ),
        (
            "  - {month: 2025-01, closing: 1, received: {aa: 1}}\n",
            "11:49: actuals[0].received.aa: no contribution has id 'aa' (did you mean 'a'?) "
            "(ids: a, e); only a contribution with an id can be named here: give it one, "
            "e.g. `id: un-2024` on its entry",
        ),
        (
            "  - {month: 2025-01, closing: 1, unplanned: -2}\n",
            "11:45: actuals[0].unplanned: expected an amount of at least 0, got -2",
        ),
        (
            "  - {month: 2025-01}\n",
            "11:5: actuals[0].closing: missing required field 'closing'",
        ),
        (
            "  - {month: 2025-01, closing: 1}\noverdue: later\n",
            "12:10: overdue: expected next_month or drop, got 'later'",
        ),
    ],
    ids=[
        "not-at-start",
        "out-of-order",
        "unknown-id-close",
        "unplanned-negative",
        "no-closing",
        "overdue-word",
    ],
)
def test_each_rule_has_its_message(write: Callable[..., Path], entries: str, expected: str) -> None:
    assert problems(write, entries) == [expected]


def test_received_in_full_over_several_months_is_valid(write: Callable[..., Path]) -> None:
    path = write(
        HEAD + "  - {month: 2025-01, closing: 1, received: {a: 20}}\n"
        "  - {month: 2025-02, closing: -1.5, received: {a: 30}, unplanned: 2, note: late}\n"
        "overdue: drop\n"
    )
    scenario = load_scenario(path)
    assert [str(a.month) for a in scenario.actuals] == ["2025-01", "2025-02"]
    assert str(scenario.actuals[1].closing) == "-1.50"
    assert scenario.overdue == "drop"


def test_a_scenario_built_in_code_checks_the_actuals_too() -> None:
    with pytest.raises(ValidationError, match="leaves a gap"):
        Scenario.model_validate(
            {
                "name": "t",
                "start": "2025-01",
                "actuals": [{"month": "2025-01", "closing": 1}, {"month": "2025-03", "closing": 1}],
            }
        )


def test_the_actuals_rules_are_reported_with_problems_elsewhere(
    write: Callable[..., Path],
) -> None:
    path = write(
        "name: t\nstart: 2025-01\ncosts: [{label: x, monthly: -1}]\n"
        "contributions: [{id: a, donor: A, amount: 5, status: pledged, date: 2025-01}]\n"
        "actuals: [{month: 2025-02, closing: 1, received: {b: 1}}]\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    found = [line.split(": ", 3)[1:3] for line in result.stderr.splitlines()[:-1]]
    assert found == [
        [f"{path}:3:29", "costs[0].monthly"],
        [f"{path}:5:19", "actuals[0].month"],
        [f"{path}:5:54", "actuals[0].received.b"],
    ]
