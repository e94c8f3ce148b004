"""The format's uncertainty fields: defaults and where they come from, and bad input."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from mss_runway import Scenario
from mss_runway.assumptions import DEFAULTS, uncertainty_of
from mss_runway.cli import app

runner = CliRunner()


def test_own_value_then_assumptions_then_built_in() -> None:
    """A contribution's own probability wins; else the scenario's assumptions for its
    status; else the built-in default. Each field is resolved on its own."""
    sc = Scenario.model_validate(
        {
            "name": "t",
            "start": "2025-01",
            "assumptions": {"pledged": {"probability": "0.4"}},
            "contributions": [
                {
                    "donor": "a",
                    "amount": 1,
                    "status": "pledged",
                    "date": "2025-01",
                    "delay_months": [1, 2],
                },
                {"donor": "b", "amount": 1, "status": "committed", "date": "2025-01"},
            ],
        }
    )
    a, b = sc.contributions
    how = uncertainty_of(a.status, a.probability, a.delay_months, sc.assumptions)
    assert (how.probability, how.delay) == (Decimal("0.4"), (1, 2))
    assert (how.probability_source, how.delay_source) == ("assumptions", "file")
    how = uncertainty_of(b.status, b.probability, b.delay_months, sc.assumptions)
    assert (how.probability, how.delay) == DEFAULTS["committed"] == (Decimal("0.95"), (0, 2))
    assert how.probability_source == "built-in"
    assert uncertainty_of("received", None, None, sc.assumptions).probability == 1


def test_v1_file_means_what_it_meant() -> None:
    """Without the new fields: no assumptions, no cost uncertainty."""
    sc = Scenario.model_validate({"name": "t", "start": "2025-01"})
    assert sc.assumptions is None
    assert sc.costs_uncertainty == 0


def test_every_bad_uncertainty_field_is_reported_at_its_place(
    write: Callable[..., Path],
) -> None:
    """All problems at once, each with line, column, field path and what was expected."""
    path = write(
        """
        name: t
        start: 2025-01
        costs_uncertainty: 0.12345
        assumptions:
          pledgd: {probability: 0.5}
          committed: {probabilty: 0.5, delay_months: [3, 1]}
          received: {probability: 1}
        contributions:
          - {donor: A, amount: 5, status: received, date: 2025-01, probability: 0.5}
          - {donor: B, amount: 5, status: pledged, date: 2025-01, probability: 1.5}
          - {donor: C, amount: 5, status: received, date: 2025-01, delay_months: [0, 1]}
          - {donor: D, amount: 5, status: pledged, date: 2025-01, delay_months: 3}
        """
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    expected = [
        ":3:20: costs_uncertainty: expected at most 4 decimal places",
        ":5:3: assumptions.pledgd: unknown key 'pledgd' (did you mean 'pledged'?)",
        ":6:15: assumptions.committed.probabilty: unknown key 'probabilty' "
        "(did you mean 'probability'?)",
        ":6:46: assumptions.committed.delay_months: expected 0 <= min <= max <= 119",
        ":7:13: assumptions.received: received money is certain",
        ":9:73: contributions[0].probability: received money is certain",
        ":10:72: contributions[1].probability: expected a probability from 0 to 1",
        ":11:74: contributions[2].delay_months: received money is certain",
        ":12:73: contributions[3].delay_months: expected [min, max] whole months",
    ]
    for want, line in zip(expected, lines, strict=False):
        assert want in line, (want, line)
    assert len(lines) == len(expected) + 1  # and the "1 of 1 files invalid" line


def test_costs_uncertainty_must_be_below_one(write: Callable[..., Path]) -> None:
    """A factor range reaching 0 (or below) makes no sense: 1 is refused."""
    path = write("name: t\nstart: 2025-01\ncosts_uncertainty: 1\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "costs_uncertainty: expected a fraction from 0 up to (not including) 1" in result.stderr
