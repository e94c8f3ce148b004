"""diff's engine: changes matched one by one (changes.py) and their exact attribution
(attribution.py). Every expected value is computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from mss_runway.attribution import attribute, largest_remainder
from mss_runway.changes import diff
from mss_runway.loader import scenario_from_text
from mss_runway.months import Month
from mss_runway.scenario import Scenario

D = Decimal


def scenario(text: str) -> Scenario:
    return scenario_from_text(text, "test.yaml")


BASE = """
name: Base
start: 2025-01
target: 2025-06
opening_balance: 100_000
costs: [{label: Operations, monthly: 20_000}]
"""


def test_identical_scenarios_have_no_changes() -> None:
    result = attribute(diff(scenario(BASE), scenario(BASE)), "pledged")
    assert result.entries == ()
    assert result.total == {"shortfall": D("0.00"), "balance_at_target": D("0.00")}


def test_two_independent_changes_have_their_alone_effects() -> None:
    # Old closings Jan..Jun: 80k 60k 40k 20k 0 -20k: shortfall 20k, balance -20k.
    # +10k opening: every closing +10k -> shortfall 10k. A 5k contribution in Feb:
    # closings from Feb +5k -> shortfall 15k. Both: -5k at June -> shortfall 5k.
    new = BASE.replace("100_000", "110_000") + (
        "contributions: [{donor: A, amount: 5_000, status: pledged, date: 2025-02}]\n"
    )
    found = diff(scenario(BASE), scenario(new))
    result = attribute(found, "pledged")
    assert [e.changes[0].path for e in result.entries] == ["opening_balance", "contributions[0]"]
    assert (result.lens, result.method) == ("pledged", "shapley")
    assert (result.old, result.new) == (found.old, found.new)
    assert [e.alone.shortfall for e in result.entries] == [D("10000.00"), D("15000.00")]
    assert [e.effect["shortfall"] for e in result.entries] == [D("-10000.00"), D("-5000.00")]
    assert [e.effect["balance_at_target"] for e in result.entries] == [
        D("10000.00"),
        D("5000.00"),
    ]
    assert result.total == {"shortfall": D("-15000.00"), "balance_at_target": D("15000.00")}
    assert result.entries[1].changes[0].description == "A: added (pledged, 5,000.00, 2025-02)"


INTERACT = """
name: Interact
start: 2025-01
target: 2025-06
opening_balance: 100_000
contributions: [{donor: B, amount: 30_000, status: pledged, date: 2025-05}]
costs: [{label: Operations, monthly: 20_000}]
"""


def test_two_interacting_changes_share_the_interaction() -> None:
    # Old: 80 60 40 20 30 10 (k): shortfall 0, balance 10k.
    # a = B's date 2025-05 -> 2025-06 alone: 80 60 40 20 0 10: shortfall 0 (no effect).
    # b = monthly 20k -> 25k alone: 75 50 25 0 5 -20: shortfall 20k, balance -20k.
    # a and b: 75 50 25 0 -25 -20: shortfall 25k, balance -20k.
    # Shapley shortfall: a = (0 + (25k - 20k)) / 2 = 2,500; b = (20k + 25k) / 2 = 22,500.
    # Balance: v = 10k, 10k, -20k, -20k: a = 0, b = -30k.
    new = INTERACT.replace("2025-05", "2025-06").replace("20_000", "25_000")
    changes = diff(scenario(INTERACT), scenario(new))
    result = attribute(changes, "pledged")
    assert [e.changes[0].path for e in result.entries] == [
        "contributions[0].date",
        "costs[0].monthly",
    ]
    assert result.entries[0].changes[0].description == "B: date 2025-05 → 2025-06"
    assert [e.alone.shortfall for e in result.entries] == [D("0.00"), D("20000.00")]
    assert [e.effect["shortfall"] for e in result.entries] == [D("2500.00"), D("22500.00")]
    assert [e.effect["balance_at_target"] for e in result.entries] == [D("0.00"), D("-30000.00")]
    # Sequential in file order (a then b): a adds 0, b adds 25k.
    seq = attribute(changes, "pledged", "sequential")
    assert seq.method == "sequential"
    assert [e.effect["shortfall"] for e in seq.entries] == [D("0.00"), D("25000.00")]


def test_effects_add_up_exactly_by_largest_remainder() -> None:
    # Old: 1.00 + 1.00 in, 1.01 out in January: 0.99, shortfall 0.
    # Without A (or B): -0.01, shortfall 0.01; without both: -1.01, shortfall 1.01.
    # Shapley: each (0.01 + (1.01 - 0.01)) / 2 = 0.505 -> 0.50 each and one cent left,
    # which goes to the first: 0.51 + 0.50 = 1.01. Balance: each exactly -1.00.
    old = """
name: Cents
start: 2025-01
target: 2025-01
contributions:
  - {donor: A, amount: 1, status: received, date: 2025-01}
  - {donor: B, amount: 1, status: received, date: 2025-01}
costs: [{label: Operations, monthly: 1.01}]
"""
    new = old.replace("  - {donor: A, amount: 1, status: received, date: 2025-01}\n", "").replace(
        "  - {donor: B, amount: 1, status: received, date: 2025-01}\n", ""
    )
    new = new.replace("contributions:\n", "")
    result = attribute(diff(scenario(old), scenario(new)), "pledged")
    assert [e.changes[0].kind for e in result.entries] == ["remove", "remove"]
    assert [e.effect["shortfall"] for e in result.entries] == [D("0.51"), D("0.50")]
    assert [e.effect["balance_at_target"] for e in result.entries] == [D("-1.00"), D("-1.00")]
    assert result.total == {"shortfall": D("1.01"), "balance_at_target": D("-2.00")}


def test_largest_remainder_with_negative_shares() -> None:
    # -1/3 cent each: floors -1 -1 -1 (-3), total -1: two cents back, to the first two.
    third = Fraction(-1, 300)
    assert largest_remainder([third] * 3, D("-0.01")) == [D("0.00"), D("0.00"), D("-0.01")]
    # 1/3 of 1.00: 33.33.. cents each, floors 33 33 33, one cent left to the first.
    assert largest_remainder([Fraction(1, 3)] * 3, D("1.00")) == [
        D("0.34"),
        D("0.33"),
        D("0.33"),
    ]


def test_largest_remainder_gives_the_cents_left_to_the_largest_remainders() -> None:
    # 10.4, 10.9 and 10.7 cents (32 in all): floors 10 10 10, two cents left, to the
    # remainders .9 (the second) and .7 (the third), not the first.
    shares = [Fraction(104, 1000), Fraction(109, 1000), Fraction(107, 1000)]
    assert largest_remainder(shares, D("0.32")) == [
        D("0.10"),
        D("0.11"),
        D("0.11"),
    ]


IDS = """
name: Ids
start: 2025-01
target: 2025-06
opening_balance: 100_000
contributions: [{id: germany, donor: Germany, amount: 30_000, status: pledged, date: 2025-03}]
costs: [{label: Operations, monthly: 20_000}]
"""


def test_renamed_id_is_one_removal_and_one_addition() -> None:
    found = diff(scenario(IDS), scenario(IDS.replace("id: germany", "id: deutschland")))
    assert [(c.path, c.kind) for c in found.changes] == [
        ("contributions[deutschland]", "add"),
        ("contributions[germany]", "remove"),
    ]
    result = attribute(found, "pledged")
    assert result.total == {"shortfall": D("0.00"), "balance_at_target": D("0.00")}


def test_matched_by_id_paths_name_the_id_and_other_edits_have_no_effect() -> None:
    new = IDS.replace("date: 2025-03", "date: 2025-04, note: late").replace("name: Ids", "name: X")
    found = diff(scenario(IDS), scenario(new))
    assert [c.path for c in found.changes] == ["contributions[germany].date"]
    assert [c.path for c in found.other_edits] == ["name", "contributions[germany].note"]
    assert found.changes[0].old == "2025-03"
    assert found.changes[0].new == "2025-04"


def test_entries_without_id_match_by_donor_then_order() -> None:
    old = """
name: Order
start: 2025-01
contributions:
  - {donor: A, amount: 1, status: pledged, date: 2025-01}
  - {donor: B, amount: 2, status: pledged, date: 2025-01}
  - {donor: A, amount: 3, status: pledged, date: 2025-01}
costs: [{label: Rent, monthly: 1}, {label: Car, amount: 5, date: 2025-02}]
"""
    # B moved first; A's second entry changed amount; the Car becomes recurring.
    new = """
name: Order
start: 2025-01
contributions:
  - {donor: B, amount: 2, status: pledged, date: 2025-01}
  - {donor: A, amount: 1, status: pledged, date: 2025-01}
  - {donor: A, amount: 4, status: pledged, date: 2025-01}
costs: [{label: Rent, monthly: 1}, {label: Car, monthly: 5}]
"""
    found = diff(scenario(old), scenario(new))
    assert [(c.path, c.kind) for c in found.changes] == [
        ("contributions[2].amount", "set"),
        ("costs[1]", "add"),
        ("costs[1]", "remove"),
    ]
    assert found.changes[0].description == "A: amount 3.00 → 4.00"


def test_units_change_month_by_month() -> None:
    old = """
name: Units
start: 2025-01
costs: [{id: officers, label: Officers, unit_cost: 10, units: {2025-01: 5, 2025-03: 7}}]
"""
    new = old.replace("2025-03: 7", "2025-03: 8, 2025-05: 2")
    found = diff(scenario(old), scenario(new))
    assert [(c.path, c.old, c.new) for c in found.changes] == [
        ("costs[officers].units[2025-03]", 7, 8),
        ("costs[officers].units[2025-05]", None, 2),
    ]


def test_a_change_that_cannot_apply_alone_is_grouped() -> None:
    # from 2025-05 alone would put from after to 2025-03: grouped with the to change.
    # A EUR contribution needs the new fx rate: grouped with it.
    old = """
name: Group
start: 2025-01
target: 2025-12
opening_balance: 1000
costs: [{label: Rent, monthly: 100, from: 2025-01, to: 2025-03}]
"""
    new = old.replace("from: 2025-01, to: 2025-03", "from: 2025-05, to: 2025-08") + (
        "fx: {EUR: 1.5}\n"
        "contributions: [{donor: E, amount: 100, currency: EUR, status: pledged, date: 2025-02}]\n"
    )
    result = attribute(diff(scenario(old), scenario(new)), "pledged")
    assert [[c.path for c in e.changes] for e in result.entries] == [
        ["fx[EUR]", "contributions[0]"],
        ["costs[0].from", "costs[0].to"],
    ]
    # Old: 1000 - 300 = 700 at the target. fx and E: +150. Rent from May to August:
    # 400 instead of 300: -100. Total +50, each group alone is its effect (independent).
    assert [e.effect["balance_at_target"] for e in result.entries] == [D("150.00"), D("-100.00")]
    assert [e.alone.balance_at_target for e in result.entries] == [D("850.00"), D("600.00")]
    assert result.total["balance_at_target"] == D("50.00")


def test_a_target_on_one_side_only_gives_null_effects() -> None:
    new = BASE.replace("target: 2025-06\n", "").replace("100_000", "90_000")
    result = attribute(diff(scenario(BASE), scenario(new)), "pledged")
    assert result.total == {"shortfall": None, "balance_at_target": None}
    assert [e.effect for e in result.entries] == [
        {"shortfall": None, "balance_at_target": None}
    ] * 2
    # Alone: opening 90k, 20k a month: -10k in May, exhausted 2025-05 (target removed:
    # no shortfall).
    target_alone = next(e for e in result.entries if e.changes[0].path == "target")
    assert target_alone.alone.shortfall is None
    balance_alone = next(e for e in result.entries if e.changes[0].path == "opening_balance")
    assert balance_alone.alone.exhausted == Month.of(2025, 5)


@pytest.mark.parametrize(("count", "method"), [(12, "shapley"), (13, "sequential")])
def test_more_than_twelve_changes_are_sequential(count: int, method: str) -> None:
    """Slow with 12 (about 3 s of CPU): Shapley over 12 changes projects 4,096 subsets,
    the most it does by default; the boundary is pinned at exactly 12."""
    old = "name: Many\nstart: 2025-01\ntarget: 2025-01\ncosts: [{label: R, monthly: 100}]\n"
    rows = "".join(
        f"  - {{donor: D{k}, amount: 1, status: pledged, date: 2025-01}}\n" for k in range(count)
    )
    result = attribute(diff(scenario(old), scenario(old + "contributions:\n" + rows)), "pledged")
    assert result.method == method
    # Each donor adds 1.00 to the balance: effects of 1.00 each (either method).
    assert [e.effect["balance_at_target"] for e in result.entries] == [D("1.00")] * count
    assert [e.effect["shortfall"] for e in result.entries] == [D("-1.00")] * count


@pytest.mark.parametrize(
    "name", ["mss-haiti-2024-11", "mss-haiti-us-freeze", "mss-haiti-pledges-late"]
)
def test_applying_every_change_gives_the_new_forecast(name: str) -> None:
    from mss_runway.changes import applied
    from mss_runway.loader import load_scenario
    from mss_runway.projection import project

    old = load_scenario("scenarios/mss-haiti-2024-11.yaml")
    new = load_scenario(f"scenarios/{name}.yaml")
    found = diff(old, new)
    rebuilt = applied(found, found.changes)
    assert rebuilt is not None
    for lens in ("received", "committed", "pledged"):
        assert project(rebuilt, lens).summary == project(new, lens).summary


def test_shapley_weights_of_three_changes() -> None:
    # Opening 2.00, A and B 1.00 each in, 3.00 out in January: closing 1.00.
    # a, b = remove A, remove B; c = cost 3.00 -> 5.00. Shortfall v(S) = max(0, -closing):
    # v() 0, v(a) 0, v(b) 0, v(c) 1, v(ab) 1, v(ac) 2, v(bc) 2, v(abc) 3.
    # Weights for 3 players: 1/3 (empty set), 1/6 (each one other), 1/3 (both others).
    # a: 1/3*0 + 1/6*((1-0) + (2-1)) + 1/3*(3-2) = 2/3; b likewise 2/3;
    # c: 1/3*1 + 1/6*((2-0) + (2-0)) + 1/3*(3-1) = 5/3. Sum 3 = v(abc) - v().
    # Cents 66.67, 66.67, 166.67: floors 66 66 166 (298), 2 cents to the first two
    # (equal remainders): 0.67, 0.67, 1.66.
    old = """
name: Three
start: 2025-01
target: 2025-01
opening_balance: 2
contributions:
  - {donor: A, amount: 1, status: received, date: 2025-01}
  - {donor: B, amount: 1, status: received, date: 2025-01}
costs: [{label: Operations, monthly: 3}]
"""
    new = "\n".join(line for line in old.splitlines() if "donor" not in line)
    new = new.replace("contributions:\n", "").replace("monthly: 3", "monthly: 5")
    result = attribute(diff(scenario(old), scenario(new)), "pledged")
    assert [e.changes[0].path for e in result.entries] == [
        "contributions[0]",
        "contributions[1]",
        "costs[0].monthly",
    ]
    assert [e.effect["shortfall"] for e in result.entries] == [
        D("0.67"),
        D("0.67"),
        D("1.66"),
    ]
    assert [e.alone.shortfall for e in result.entries] == [D("0.00"), D("0.00"), D("1.00")]


def test_a_reserve_is_a_change_and_a_label_an_other_edit() -> None:
    new = BASE.replace("name: Base", "name: Base\nlabel: B\nreserve: 5_000")
    found = diff(scenario(BASE), scenario(new))
    assert [c.path for c in found.changes] == ["reserve"]
    assert [c.path for c in found.other_edits] == ["label"]
    # The shortfall is measured against zero, not the reserve: the reserve moves neither.
    result = attribute(found, "pledged")
    assert result.total == {"shortfall": D("0.00"), "balance_at_target": D("0.00")}


def test_a_merged_group_takes_the_place_of_its_first_change() -> None:
    # The EUR contribution needs the new rate: [fx, contribution] are one group, listed
    # first (file order of their first change), before the cost change.
    old = """
name: Order
start: 2025-01
target: 2025-03
opening_balance: 1000
costs: [{label: Rent, monthly: 100}]
"""
    new = old.replace("monthly: 100", "monthly: 150") + (
        "fx: {EUR: 2}\n"
        "contributions: [{donor: E, amount: 10, currency: EUR, status: pledged, date: 2025-02}]\n"
    )
    result = attribute(diff(scenario(old), scenario(new)), "pledged")
    assert [[c.path for c in e.changes] for e in result.entries] == [
        ["fx[EUR]", "contributions[0]"],
        ["costs[0].monthly"],
    ]
    assert [e.group for e in result.entries] == [True, False]
    # Old 1000 - 300 = 700. E: 10 EUR x 2 = +20. Rent +50 a month for 3 months: -150.
    assert [e.effect["balance_at_target"] for e in result.entries] == [D("20.00"), D("-150.00")]


def test_a_change_that_applies_with_no_single_other_merges_every_change() -> None:
    # The CHF pledge in February needs both the earlier start and the CHF rate; with
    # neither one alone is it valid: every change becomes one group, the opening balance
    # too. Old: 1000 - 4 x 100 (March to June) = 600. New: 900 - 6 x 100 + 10 x 2 = 320.
    old = """
name: Start
start: 2025-03
target: 2025-06
opening_balance: 1000
costs: [{label: Ops, monthly: 100}]
"""
    new = old.replace("2025-03", "2025-01").replace("1000", "900") + (
        "fx: {CHF: 2}\n"
        "contributions: [{donor: S, amount: 10, currency: CHF, status: pledged, date: 2025-02}]\n"
    )
    found = diff(scenario(old), scenario(new))
    for method in ("shapley", "sequential"):
        result = attribute(found, "pledged", method)
        assert [[c.path for c in e.changes] for e in result.entries] == [
            ["start", "opening_balance", "fx[CHF]", "contributions[0]"]
        ]
        assert result.entries[0].effect == {
            "shortfall": D("0.00"),
            "balance_at_target": D("-280.00"),
        }
        assert result.entries[0].alone.balance_at_target == D("320.00")


def test_changes_valid_alone_but_not_together_are_grouped() -> None:
    # E gives 100 EUR at its own rate 1.20 (fx also has EUR 1.10): 120.00. The new file
    # adds 10 to the opening balance and drops the fx rate, E's rate and E's currency:
    # E gives 100.00 in the scenario's own currency. Each change alone is valid (rate wins
    # over fx; a rate needs no currency), but fx and rate dropped together leave EUR with
    # no rate: they need the currency dropped too.
    old = """
name: Rates
start: 2025-01
target: 2025-01
opening_balance: 10
fx: {EUR: 1.1}
contributions: [{donor: E, amount: 100, currency: EUR, rate: 1.2, status: received,
                 date: 2025-01}]
"""
    new = "\n".join(
        line.replace(", currency: EUR, rate: 1.2", "")
        for line in old.replace("opening_balance: 10", "opening_balance: 20").splitlines()
        if not line.startswith("fx:")
    )
    found = diff(scenario(old), scenario(new))
    paths = ["opening_balance", "fx[EUR]", "contributions[0].rate", "contributions[0].currency"]
    assert [c.path for c in found.changes] == paths
    # Shapley tries every pair: fx and rate merge, and then need the currency. The opening
    # balance stays alone: +10.00; the group: 100.00 - 120.00.
    shapley = attribute(found, "pledged")
    assert [[c.path for c in e.changes] for e in shapley.entries] == [paths[:1], paths[1:]]
    assert [e.effect["balance_at_target"] for e in shapley.entries] == [D("10.00"), D("-20.00")]
    # Sequential applies them in order: the third step (opening, fx, rate) is invalid,
    # which merges the first three, and they need the fourth: one group.
    sequential = attribute(found, "pledged", "sequential")
    assert [[c.path for c in e.changes] for e in sequential.entries] == [paths]
    assert sequential.entries[0].effect["balance_at_target"] == D("-10.00")
    # Without the opening balance change, the invalid step is the second one.
    found = diff(scenario(old), scenario(new.replace("opening_balance: 20", "opening_balance: 10")))
    sequential = attribute(found, "pledged", "sequential")
    assert [[c.path for c in e.changes] for e in sequential.entries] == [paths[1:]]


def test_each_combination_is_projected_once() -> None:
    # Three changes: Shapley projects each of the 2**3 subsets once; sequential the old
    # and new sides, each change alone, and the first two together: 6.
    new = INTERACT.replace("2025-05", "2025-06").replace("20_000", "25_000")
    new = new.replace("100_000", "90_000")
    found = diff(scenario(INTERACT), scenario(new))
    assert len(found.changes) == 3
    projected: list[Scenario] = []

    def prepare(s: Scenario) -> Scenario:
        projected.append(s)
        return s

    attribute(found, "pledged", "shapley", prepare)
    assert len(projected) == 8
    projected.clear()
    attribute(found, "pledged", "sequential", prepare)
    assert len(projected) == 6
