"""Properties of diff's attribution over random pairs of scenarios: whatever changed, the
effects add up exactly to the total, every change is attributed once, each entry applies
alone, and applying every change gives the new scenario's forecast."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mss_runway.attribution import attribute
from mss_runway.changes import applied, diff
from mss_runway.projection import LENSES, project
from mss_runway.scenario import Scenario

from .strategies import scenarios

#: Up to 2**12 projections an example: fewer examples than the other properties.
EXAMPLES = 100 if os.environ.get("CI") else 25


def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a few edits of the kinds people make: cash, a slipped date and a new
    status, a pledge dropped or added, a cost relabelled."""
    new = {**data, "contributions": list(data["contributions"]), "costs": list(data["costs"])}
    if draw(st.booleans()):
        new["opening_balance"] = str(draw(st.integers(0, 10**9)))
    if new["contributions"] and draw(st.booleans()):
        k = draw(st.integers(0, len(new["contributions"]) - 1))
        entry = dict(new["contributions"][k])
        year, month = map(int, entry["date"].split("-"))
        index = year * 12 + month - 1 + draw(st.integers(0, 6))
        entry["date"] = f"{index // 12:04d}-{index % 12 + 1:02d}"
        entry["status"] = draw(st.sampled_from(["received", "committed", "pledged"]))
        new["contributions"][k] = entry
    if new["contributions"] and draw(st.booleans()):
        new["contributions"].pop(draw(st.integers(0, len(new["contributions"]) - 1)))
    if draw(st.booleans()):
        new["contributions"].append(
            {"donor": "Newcomer", "amount": "1000", "status": "pledged", "date": data["start"]}
        )
    if new["costs"] and draw(st.booleans()):
        k = draw(st.integers(0, len(new["costs"]) - 1))
        new["costs"][k] = {**new["costs"][k], "label": "relabelled"}
    return new


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Scenario, Scenario]:
    old = draw(scenarios(max_contributions=4, max_costs=3))
    new = mutated(draw, old) if draw(st.booleans()) else draw(scenarios(max_contributions=3))
    return Scenario.model_validate(old), Scenario.model_validate(new)


@settings(max_examples=EXAMPLES)
@given(pairs(), st.sampled_from(LENSES), st.sampled_from([None, "sequential"]))
def test_effects_add_up_and_every_change_is_attributed_once(
    pair: tuple[Scenario, Scenario], lens: Any, method: Any
) -> None:
    """Applying every change found gives the new summaries; each change is attributed
    once; the effects add up to the total. Slow under CI (~1.5 s): up to 2**12 projections
    an example (see EXAMPLES)."""
    old, new = pair
    found = diff(old, new)
    rebuilt = applied(found, found.changes)
    assert rebuilt is not None
    for each in LENSES:
        assert project(rebuilt, each).summary == project(new, each).summary
    result = attribute(found, lens, method)
    attributed = [c for entry in result.entries for c in entry.changes]
    assert sorted(map(id, attributed)) == sorted(map(id, found.changes))
    for measure, total in result.total.items():
        effects = [entry.effect[measure] for entry in result.entries]
        if total is None:
            assert all(e is None for e in effects)
        else:
            assert sum(e for e in effects if e is not None) == total
            assert all(e is not None and e == e.quantize(total) for e in effects)
