"""diff's change matching (changes.py): every kind of change with its exact path,
description, old and new values, and what applying a subset of them builds. Expected
values are written by hand from the two files in each test."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mss_runway.attribution import attribute
from mss_runway.changes import Change, applied, diff, match
from mss_runway.loader import scenario_from_text
from mss_runway.months import Month
from mss_runway.scenario import PerUnitCost, RecurringCost, Scenario

D = Decimal


def scenario(text: str) -> Scenario:
    return scenario_from_text(text, "test.yaml")


OLD = """
name: Old
start: 2025-01
target: 2025-06
opening_balance: 1000
fx: {EUR: 1.1, GBP: 1.3}
contributions:
  - {id: g, donor: Germany, amount: 500, status: pledged, date: 2025-02, note: n1}
  - {donor: Japan, amount: 200, currency: EUR, status: committed, date: 2025-03}
costs:
  - {id: ops, label: Operations, monthly: 100, from: 2025-02, to: 2025-05}
  - {label: Car, amount: 50, date: 2025-04}
  - {id: officers, label: Officers, unit_cost: 10, units: {2025-01: 5, 2025-03: 7}}
"""

NEW = """
name: New
label: N
start: 2025-01
target: 2025-07
opening_balance: 1500
reserve: {months_of_costs: 2}
overdue: drop
fx: {EUR: 1.2, CHF: 1.05}
contributions:
  - {id: g, donor: Germany, amount: 600, status: committed, date: 2025-02, note: n2,
     probability: 0.5}
  - {donor: Canada, amount: 300, currency: CHF, status: pledged, date: 2025-04}
costs:
  - {id: ops, label: Ops, monthly: 120, from: 2025-02}
  - {label: Truck, amount: 70, date: 2025-05}
  - {id: officers, label: Officers, unit_cost: 10, units: {2025-01: 5, 2025-03: 8, 2025-05: 2}}
  - {label: Rent, monthly: 30, to: 2025-06}
  - {label: Fuel, monthly: 10, from: 2025-03}
  - {label: Guards, unit_cost: 5, units: {2025-02: 3, 2025-01: 1}}
"""


def rows(changes: tuple[Change, ...]) -> list[tuple[Any, ...]]:
    return [(c.path, c.description, c.old, c.new, c.target, c.kind, c.value) for c in changes]


def test_every_kind_of_change_is_listed_exactly_in_file_order() -> None:
    found = diff(scenario(OLD), scenario(NEW))
    canada = {"donor": "Canada", "amount": D("300.00"), "status": "pledged"}
    assert rows(found.changes) == [
        ("target", "target 2025-06 → 2025-07", "2025-06", "2025-07", ("top", "target"), "set",
         Month.of(2025, 7)),
        ("opening_balance", "opening_balance 1,000.00 → 1,500.00", D("1000.00"), D("1500.00"),
         ("top", "opening_balance"), "set", D("1500.00")),
        ("reserve", "reserve none → {months_of_costs: 2}", None, {"months_of_costs": D(2)},
         ("top", "reserve"), "set", found.new.reserve),
        ("overdue", "overdue next_month → drop", "next_month", "drop", ("top", "overdue"),
         "set", "drop"),
        ("fx[CHF]", "fx CHF none → 1.05", None, D("1.05"), ("fx", "CHF"), "set", D("1.05")),
        ("fx[EUR]", "fx EUR 1.1 → 1.2", D("1.1"), D("1.2"), ("fx", "EUR"), "set", D("1.2")),
        ("fx[GBP]", "fx GBP 1.3 → none", D("1.3"), None, ("fx", "GBP"), "set", None),
        ("contributions[g].amount", "Germany: amount 500.00 → 600.00", D("500.00"),
         D("600.00"), ("contributions", ("old", 0), "amount"), "set", D("600.00")),
        ("contributions[g].status", "Germany: status pledged → committed", "pledged",
         "committed", ("contributions", ("old", 0), "status"), "set", "committed"),
        ("contributions[1]", "Canada: added (pledged, 300.00 CHF, 2025-04)", None,
         {**canada, "date": "2025-04", "currency": "CHF"}, ("contributions", ("new", 1)),
         "add", None),
        ("contributions[1]", "Japan: removed (committed, 200.00 EUR, 2025-03)",
         {"donor": "Japan", "amount": D("200.00"), "status": "committed", "date": "2025-03",
          "currency": "EUR"}, None, ("contributions", ("old", 1)), "remove", None),
        ("costs[ops].monthly", "Ops: monthly 100.00 → 120.00", D("100.00"), D("120.00"),
         ("costs", ("old", 0), "monthly"), "set", D("120.00")),
        ("costs[ops].to", "Ops: to 2025-05 → none", "2025-05", None,
         ("costs", ("old", 0), "to"), "set", None),
        ("costs[officers].units[2025-03]", "Officers: units in 2025-03 7 → 8", 7, 8,
         ("costs", ("old", 2), "units", Month.of(2025, 3)), "set", 8),
        ("costs[officers].units[2025-05]", "Officers: units in 2025-05 none → 2", None, 2,
         ("costs", ("old", 2), "units", Month.of(2025, 5)), "set", 2),
        ("costs[1]", "Truck: added (70.00 in 2025-05)", None,
         {"label": "Truck", "amount": D("70.00"), "date": "2025-05"}, ("costs", ("new", 1)),
         "add", None),
        ("costs[3]", "Rent: added (30.00 a month from start to 2025-06)", None,
         {"label": "Rent", "monthly": D("30.00"), "to": "2025-06"}, ("costs", ("new", 3)),
         "add", None),
        ("costs[4]", "Fuel: added (10.00 a month from 2025-03)", None,
         {"label": "Fuel", "monthly": D("10.00"), "from": "2025-03"}, ("costs", ("new", 4)),
         "add", None),
        ("costs[5]", "Guards: added (5.00 a unit a month, units 2025-01: 1, 2025-02: 3)", None,
         {"label": "Guards", "unit_cost": D("5.00"), "units": {"2025-02": 3, "2025-01": 1}},
         ("costs", ("new", 5)), "add", None),
        ("costs[1]", "Car: removed (50.00 in 2025-04)",
         {"label": "Car", "amount": D("50.00"), "date": "2025-04"}, None,
         ("costs", ("old", 1)), "remove", None),
    ]  # fmt: skip
    assert rows(found.other_edits) == [
        ("name", "name Old → New", "Old", "New", ("top", "name"), "set", "New"),
        ("label", "label none → N", None, "N", ("top", "label"), "set", "N"),
        ("contributions[g].note", "Germany: note n1 → n2", "n1", "n2",
         ("contributions", ("old", 0), "note"), "set", "n2"),
        ("contributions[g].probability", "Germany: probability none → 0.5", None, D("0.5"),
         ("contributions", ("old", 0), "probability"), "set", D("0.5")),
        ("costs[ops].label", "Ops: label Operations → Ops", "Operations", "Ops",
         ("costs", ("old", 0), "label"), "set", "Ops"),
    ]  # fmt: skip


def test_applying_each_change_alone_edits_only_what_it_names() -> None:
    found = diff(scenario(OLD), scenario(NEW))
    old = found.old
    by_path: dict[str, list[Change]] = {}
    for change in found.changes:
        by_path.setdefault(change.path, []).append(change)

    def alone(path: str, index: int = 0) -> Scenario:
        result = applied(found, [by_path[path][index]])
        assert result is not None
        return result

    assert applied(found, []) == old
    assert alone("target").target == Month.of(2025, 7)
    assert alone("opening_balance").opening_balance == D("1500.00")
    assert alone("reserve").reserve == found.new.reserve
    assert alone("overdue").overdue == "drop"
    assert alone("fx[CHF]").fx == {"EUR": D("1.1"), "GBP": D("1.3"), "CHF": D("1.05")}
    assert alone("fx[EUR]").fx == {"EUR": D("1.2"), "GBP": D("1.3")}
    assert alone("fx[GBP]").fx == {"EUR": D("1.1")}
    assert alone("contributions[g].amount").contributions[0].amount == D("600.00")
    assert alone("contributions[g].status").contributions[0].status == "committed"
    # Canada's CHF needs the new fx rate: alone it is no valid scenario, with it it is,
    # appended after the old entries.
    assert applied(found, by_path["contributions[1]"][:1]) is None
    with_rate = applied(found, [by_path["fx[CHF]"][0], by_path["contributions[1]"][0]])
    assert with_rate is not None
    assert [c.donor for c in with_rate.contributions] == ["Germany", "Japan", "Canada"]
    assert [c.donor for c in alone("contributions[1]", 1).contributions] == ["Germany"]
    ops = alone("costs[ops].monthly").costs[0]
    assert isinstance(ops, RecurringCost)
    assert (ops.label, ops.monthly, ops.to) == ("Operations", D("120.00"), Month.of(2025, 5))
    ops = alone("costs[ops].to").costs[0]
    assert isinstance(ops, RecurringCost)
    assert (ops.monthly, ops.to) == (D("100.00"), None)
    assert [c.label for c in alone("costs[1]").costs] == ["Operations", "Car", "Officers", "Truck"]
    assert [c.label for c in alone("costs[1]", 1).costs] == ["Operations", "Officers"]
    assert [c.label for c in alone("costs[3]").costs] == ["Operations", "Car", "Officers", "Rent"]
    officers = alone("costs[officers].units[2025-03]").costs[2]
    assert isinstance(officers, PerUnitCost)
    assert officers.units == {Month.of(2025, 1): 5, Month.of(2025, 3): 8}
    officers = alone("costs[officers].units[2025-05]").costs[2]
    assert isinstance(officers, PerUnitCost)
    assert officers.units == {
        Month.of(2025, 1): 5,
        Month.of(2025, 3): 7,
        Month.of(2025, 5): 2,
    }
    # Every change at once: the new scenario but for its other edits (name, label, a note,
    # a probability, Ops's label), with the added entries after the old ones (Truck after
    # Officers).
    everything = applied(found, found.changes)
    first, truck, officers, *rest = found.new.costs
    assert everything == found.new.model_copy(
        update={
            "name": "Old",
            "label": None,
            "contributions": (
                found.new.contributions[0].model_copy(update={"note": "n1", "probability": None}),
                *found.new.contributions[1:],
            ),
            "costs": (first.model_copy(update={"label": "Operations"}), officers, truck, *rest),
        }
    )


def entries(text: str) -> Scenario:
    return scenario("name: M\nstart: 2025-01\n" + text)


def test_match_by_id_then_donor_and_order() -> None:
    old = entries(
        """contributions:
  - {donor: A, amount: 1, status: pledged, date: 2025-01}
  - {id: x, donor: B, amount: 2, status: pledged, date: 2025-01}
  - {id: y, donor: C, amount: 3, status: pledged, date: 2025-01}
  - {donor: D, amount: 4, status: pledged, date: 2025-01}
  - {donor: A, amount: 5, status: pledged, date: 2025-01}
"""
    )
    new = entries(
        """contributions:
  - {id: y, donor: C2, amount: 3, status: pledged, date: 2025-01}
  - {donor: A, amount: 5, status: pledged, date: 2025-01}
  - {id: z, donor: B, amount: 2, status: pledged, date: 2025-01}
  - {id: w, donor: D, amount: 4, status: pledged, date: 2025-01}
  - {donor: A, amount: 1, status: pledged, date: 2025-01}
"""
    )
    # y by id (its donor changed); A's two entries by order (old 0 -> new 1, old 4 ->
    # new 4); D gained an id and still matches by donor; B's x and z are two different ids:
    # a removal and an addition.
    assert match("contributions", old.contributions, new.contributions) == [
        (0, 1),
        (1, None),
        (2, 0),
        (3, 3),
        (4, 4),
        (None, 2),
    ]
    found = diff(old, new)
    assert [(c.path, c.description) for c in found.changes] == [
        ("contributions[1].amount", "A: amount 1.00 → 5.00"),
        ("contributions[y].donor", "C2: donor C → C2"),
        ("contributions[4].amount", "A: amount 5.00 → 1.00"),
        ("contributions[z]", "B: added (pledged, 2.00, 2025-01)"),
        ("contributions[x]", "B: removed (pledged, 2.00, 2025-01)"),
    ]
    assert found.other_edits == ()  # D's new id is how it is named, not an edit
    # An id dropped: matched by donor, the id itself is no change.
    assert match("contributions", new.contributions[3:4], old.contributions[3:4]) == [(0, 0)]


def test_match_costs_by_label_and_kind() -> None:
    old = entries(
        """costs:
  - {id: car, label: Car, amount: 5, date: 2025-02}
  - {label: X, monthly: 1}
  - {label: X, amount: 2, date: 2025-01}
"""
    )
    new = entries(
        """costs:
  - {label: X, amount: 3, date: 2025-01}
  - {id: car, label: Car, monthly: 5}
  - {label: X, monthly: 1}
"""
    )
    # The car keeps its id but changes kind: a removal and an addition. The two X lines
    # match by kind whatever their order.
    assert match("costs", old.costs, new.costs) == [(0, None), (1, 2), (2, 0), (None, 1)]
    found = diff(old, new)
    assert [(c.path, c.kind) for c in found.changes] == [
        ("costs[0].amount", "set"),
        ("costs[car]", "add"),
        ("costs[car]", "remove"),
    ]


def test_lists_and_mappings_are_described_as_the_file_writes_them() -> None:
    # actuals (a change), assumptions and a delay (other edits) hold lists and mappings:
    # described with the file's words and money as everywhere else, not Python's reprs.
    old = """
name: A
start: 2025-01
opening_balance: 1000
contributions: [{id: g, donor: G, amount: 100, status: pledged, date: 2025-02}]
costs: [{label: Ops, monthly: 100}]
"""
    new = old.replace(
        "name: A",
        "name: A\n"
        "assumptions: {pledged: {probability: 0.5, delay_months: [0, 2]}}\n"
        "actuals: [{month: 2025-01, closing: 950, received: {g: 50}}]",
    ).replace("date: 2025-02}", "date: 2025-02, delay_months: [1, 3]}")
    found = diff(scenario(old), scenario(new))
    actual = {"month": "2025-01", "closing": D("950.00"), "received": {"g": D("50.00")}}
    assert [(c.path, c.description, c.old, c.new) for c in found.changes] == [
        (
            "actuals",
            "actuals [] → [{month: 2025-01, closing: 950.00, received: {g: 50.00},"
            " unplanned: 0.00}]",
            [],
            [{**actual, "unplanned": D("0.00")}],
        )
    ]
    assert [(c.path, c.description, c.old, c.new) for c in found.other_edits] == [
        (
            "assumptions",
            "assumptions none → {pledged: {probability: 0.5, delay_months: [0, 2]}}",
            None,
            {"pledged": {"probability": D("0.5"), "delay_months": [0, 2]}},
        ),
        ("contributions[g].delay_months", "G: delay_months none → [1, 3]", None, [1, 3]),
    ]
    assert found.other_edits[1].value == (1, 3)


def test_a_removal_that_actuals_still_name_cannot_apply_alone() -> None:
    # The actual of January names g: removing g without the new (empty) actuals is no
    # valid scenario (the loader rejects such a file), so the two are one group.
    old = """
name: A
start: 2025-01
target: 2025-03
opening_balance: 1000
contributions: [{id: g, donor: G, amount: 100, status: pledged, date: 2025-02}]
costs: [{label: Ops, monthly: 100}]
actuals: [{month: 2025-01, closing: 950, received: {g: 50}}]
"""
    new = "\n".join(
        line for line in old.splitlines() if not line.startswith(("contributions", "actuals"))
    )
    found = diff(scenario(old), scenario(new))
    assert [c.path for c in found.changes] == ["actuals", "contributions[g]"]
    assert applied(found, found.changes[1:]) is None
    alone = applied(found, found.changes[:1])
    assert alone is not None
    assert alone.actuals == ()
    result = attribute(found, "pledged")
    assert [[c.path for c in e.changes] for e in result.entries] == [
        ["actuals", "contributions[g]"]
    ]
    # Old: January closes at 950 (actual), 50 of g's 100 still to come in February:
    # 950 + 50 - 100 - 100 = 800. New: 1000 - 300 = 700.
    assert result.total == {"shortfall": D("0.00"), "balance_at_target": D("-100.00")}


def test_a_draft_is_resolved_and_names_no_file_to_read() -> None:
    # A scenario built in code may still name its base and contributions file; the
    # draft is the resolved scenario: it names neither.
    named = Scenario.model_validate(
        {"name": "N", "start": "2025-01", "extends": "b.yaml", "contributions_file": "d.csv"}
    )
    draft = applied(diff(named, named), [])
    assert draft is not None
    assert (draft.extends, draft.contributions_file) == (None, None)
    assert draft == named.model_copy(update={"extends": None, "contributions_file": None})


def test_an_id_the_old_side_has_is_never_matched_by_label() -> None:
    # The car keeps its id but changes kind: not matched by id. Nor may the old Car line
    # without an id (same label, same kind) take it: its id belongs to the old car.
    old = entries(
        """costs:
  - {id: car, label: Car, amount: 5, date: 2025-02}
  - {label: Car, monthly: 3}
"""
    )
    new = entries("costs: [{id: car, label: Car, monthly: 5}]\n")
    assert match("costs", old.costs, new.costs) == [(0, None), (1, None), (None, 0)]


def test_a_per_unit_line_lists_its_to_after_its_units() -> None:
    """A per-unit line's fields come in the order id, label, unit_cost, units, to: a
    change of units is followed by a change of ``to`` on the same line, and both are
    listed (the month-by-month units first, then ``to``)."""
    old = entries("costs: [{id: o, label: O, unit_cost: 10, units: {2025-01: 5}, to: 2025-06}]\n")
    new = entries("costs: [{id: o, label: O, unit_cost: 10, units: {2025-01: 6}, to: 2025-09}]\n")
    found = diff(old, new)
    assert rows(found.changes) == [
        ("costs[o].units[2025-01]", "O: units in 2025-01 5 → 6", 5, 6,
         ("costs", ("old", 0), "units", Month.of(2025, 1)), "set", 6),
        ("costs[o].to", "O: to 2025-06 → 2025-09", "2025-06", "2025-09",
         ("costs", ("old", 0), "to"), "set", Month.of(2025, 9)),
    ]  # fmt: skip
    assert found.other_edits == ()


def test_an_id_both_sides_have_is_never_matched_by_label() -> None:
    """The car keeps its id but changes kind (one-off to recurring): not matched by id.
    A new Car line without an id, of the old car's kind and with its very fields, may
    not take the old car either: an id on both sides matches by id only. So the old car
    is removed, and both new lines are added."""
    old = entries("costs: [{id: car, label: Car, amount: 5, date: 2025-02}]\n")
    new = entries(
        """costs:
  - {id: car, label: Car, monthly: 5}
  - {label: Car, amount: 5, date: 2025-02}
"""
    )
    assert match("costs", old.costs, new.costs) == [(0, None), (None, 0), (None, 1)]
    found = diff(old, new)
    assert [(c.path, c.description) for c in found.changes] == [
        ("costs[car]", "Car: added (5.00 a month from start)"),
        ("costs[1]", "Car: added (5.00 in 2025-02)"),
        ("costs[car]", "Car: removed (5.00 in 2025-02)"),
    ]
