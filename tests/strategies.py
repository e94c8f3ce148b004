"""Hypothesis strategies: valid scenarios as plain data (what a YAML file would hold)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mss_runway import Month

START_MIN = Month.of(2000, 1).index
START_MAX = Month.of(2100, 1).index
STATUSES = ("received", "committed", "pledged")
DONORS = ("Canada", "United States", "France", "Germany", "NO", "Mexico")


def month(index: int) -> str:
    return str(Month(index))


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


amounts = st.integers(1, 10**9).map(money)
costs_amounts = st.integers(0, 10**8).map(money)


# The strategies the composites draw from, built once: a strategy built inside a composite
# is looked up (or built and validated) again at every draw, which made generating a
# scenario about half again as slow. Same ranges as written inline.
_starts = st.integers(START_MIN, START_MAX)
_booleans = st.booleans()
_target_offsets = st.integers(0, 36)
_openings = st.integers(0, 10**10)
_rates = st.sampled_from(["1.1", "0.5", "1.08345", "2"])
_donors = st.sampled_from(DONORS)
_statuses = st.sampled_from(STATUSES)
_offsets = st.integers(0, 40)
_kinds = st.sampled_from(["recurring", "one_off", "per_unit"])
_ends = st.none() | st.integers(-2, 40)
_firsts = st.none() | st.integers(-3, 30)
_unit_months = st.lists(st.integers(-3, 30), min_size=1, max_size=3, unique=True)
_unit_costs = st.integers(0, 10**6)
_units = st.integers(0, 500)


@st.composite
def scenarios(
    draw: st.DrawFn, *, max_contributions: int = 6, max_costs: int = 4, target: bool = False
) -> dict[str, Any]:
    """A valid scenario: start 2000-2100, optional target up to 36 months on (always one
    with ``target=True``), a few contributions (some in EUR through fx) and cost lines of
    all three kinds."""
    start = draw(_starts)
    data: dict[str, Any] = {"name": "generated", "start": month(start)}
    if target or draw(_booleans):
        data["target"] = month(start + draw(_target_offsets))
    data["opening_balance"] = money(draw(_openings))
    foreign = draw(_booleans)
    if foreign:
        data["fx"] = {"EUR": draw(_rates)}
    contributions = []
    for _ in range(draw(st.integers(0, max_contributions))):
        item = {
            "donor": draw(_donors),
            "amount": draw(amounts),
            "status": draw(_statuses),
            "date": month(start + draw(_offsets)),
        }
        if foreign and draw(_booleans):
            item["currency"] = "EUR"
        contributions.append(item)
    data["contributions"] = contributions
    data["costs"] = [draw(cost_lines(start)) for _ in range(draw(st.integers(0, max_costs)))]
    return data


@st.composite
def cost_lines(draw: st.DrawFn, start: int) -> dict[str, Any]:
    kind = draw(_kinds)
    label = f"{kind} line"
    if kind == "one_off":
        return {
            "label": label,
            "amount": draw(costs_amounts),
            "date": month(start + draw(_offsets)),
        }
    to = draw(_ends)
    if kind == "recurring":
        line: dict[str, Any] = {"label": label, "monthly": draw(costs_amounts)}
        first = draw(_firsts)
        if first is not None:
            line["from"] = month(start + first)
        if to is not None and to >= (first or 0):
            line["to"] = month(start + to)
        return line
    keys = draw(_unit_months)
    line = {
        "label": label,
        "unit_cost": money(draw(_unit_costs)),
        "units": {month(start + k): draw(_units) for k in keys},
    }
    if to is not None:
        line["to"] = month(start + to)
    return line
