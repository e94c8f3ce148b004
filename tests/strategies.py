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


@st.composite
def scenarios(draw: st.DrawFn, *, max_contributions: int = 6, max_costs: int = 4) -> dict[str, Any]:
    """A valid scenario: start 2000-2100, optional target up to 36 months on, a few
    contributions (some in EUR through fx) and cost lines of all three kinds."""
    start = draw(st.integers(START_MIN, START_MAX))
    data: dict[str, Any] = {"name": "generated", "start": month(start)}
    if draw(st.booleans()):
        data["target"] = month(start + draw(st.integers(0, 36)))
    data["opening_balance"] = money(draw(st.integers(0, 10**10)))
    foreign = draw(st.booleans())
    if foreign:
        data["fx"] = {"EUR": draw(st.sampled_from(["1.1", "0.5", "1.08345", "2"]))}
    contributions = []
    for _ in range(draw(st.integers(0, max_contributions))):
        item = {
            "donor": draw(st.sampled_from(DONORS)),
            "amount": draw(amounts),
            "status": draw(st.sampled_from(STATUSES)),
            "date": month(start + draw(st.integers(0, 40))),
        }
        if foreign and draw(st.booleans()):
            item["currency"] = "EUR"
        contributions.append(item)
    data["contributions"] = contributions
    data["costs"] = [draw(cost_lines(start)) for _ in range(draw(st.integers(0, max_costs)))]
    return data


@st.composite
def cost_lines(draw: st.DrawFn, start: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["recurring", "one_off", "per_unit"]))
    label = f"{kind} line"
    if kind == "one_off":
        return {
            "label": label,
            "amount": draw(costs_amounts),
            "date": month(start + draw(st.integers(0, 40))),
        }
    to = draw(st.none() | st.integers(-2, 40))
    if kind == "recurring":
        line: dict[str, Any] = {"label": label, "monthly": draw(costs_amounts)}
        first = draw(st.none() | st.integers(-3, 30))
        if first is not None:
            line["from"] = month(start + first)
        if to is not None and to >= (first or 0):
            line["to"] = month(start + to)
        return line
    keys = draw(st.lists(st.integers(-3, 30), min_size=1, max_size=3, unique=True))
    line = {
        "label": label,
        "unit_cost": money(draw(st.integers(0, 10**6))),
        "units": {month(start + k): draw(st.integers(0, 500)) for k in keys},
    }
    if to is not None:
        line["to"] = month(start + to)
    return line
