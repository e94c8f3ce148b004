"""Additive format fields: ``id`` on list entries and the FTS status words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from mss_runway.errors import ScenarioError
from mss_runway.loader import load_scenario
from mss_runway.projection import forecast


def test_entries_may_carry_an_id(write: Callable[..., Path]) -> None:
    """Contributions and every cost kind accept an optional id, kept on the model."""
    path = write(
        """
        name: ids
        start: 2025-01
        contributions:
          - {id: de, donor: Germany, amount: 10, status: pledged, date: 2025-02}
        costs:
          - {id: ops, label: Ops, monthly: 1}
          - {id: fuel, label: Fuel, amount: 2, date: 2025-03}
          - {id: pay, label: Pay, unit_cost: 3, units: {2025-01: 1}}
        """
    )
    scenario = load_scenario(path)
    assert scenario.contributions[0].id == "de"
    assert [cost.id for cost in scenario.costs] == ["ops", "fuel", "pay"]


@pytest.mark.parametrize(
    ("word", "canonical"),
    [("paid", "received"), ("commitment", "committed"), ("pledge", "pledged")],
)
def test_fts_status_words_mean_the_canonical_state(
    write: Callable[..., Path], word: str, canonical: str
) -> None:
    """The UN FTS words are accepted in YAML and stored as the canonical status."""
    path = write(
        f"""
        name: fts
        start: 2025-01
        contributions: [{{donor: A, amount: 5, status: {word}, date: 2025-01}}]
        costs: [{{label: Ops, monthly: 1}}]
        """
    )
    scenario = load_scenario(path)
    assert scenario.contributions[0].status == canonical
    # received lens counts only "paid": opening 0 + 5 - 1 = 4 in January.
    rows = forecast(scenario, "received").chosen.rows
    assert rows[0].closing == (Decimal("4.00") if canonical == "received" else Decimal("-1.00"))


def test_an_unknown_status_word_lists_the_synonyms(write: Callable[..., Path]) -> None:
    """A status outside both vocabularies is an error naming all six accepted words."""
    path = write(
        """
        name: bad
        start: 2025-01
        contributions: [{donor: A, amount: 5, status: hoped, date: 2025-01}]
        """
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "contributions[0].status" in message
    assert "received, committed, pledged (or the FTS words paid, commitment, pledge)" in message
