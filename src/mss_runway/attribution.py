"""Why the forecast moved: each change's share of the total change (docs/diff.md).

Pure: a :class:`~mss_runway.changes.Diff` in, an :class:`Attribution` out. No I/O.

``alone`` is the summary of the old scenario with only that change applied. ``effect``
is the change's share of the total change in shortfall and in balance at the target:
the Shapley value over the changes when there are at most :data:`MAX_SHAPLEY` of them
(every subset projected; fair because it does not depend on any order and shares an
interaction equally between the changes that make it), else the step it makes when the
changes are applied one by one in file order. Effects are rounded to the cent by the
largest remainder, so that they add up exactly to the total.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal

from .changes import Change, Diff, applied
from .months import Month
from .projection import Lens, project
from .scenario import Scenario

#: Most changes (or groups) attributed by Shapley values by default: 2**12 projections.
MAX_SHAPLEY: Final = 12
#: The measures attributed.
MEASURES: Final = ("shortfall", "balance_at_target")

Method = Literal["shapley", "sequential"]
Measures = dict[str, Decimal | None]


@dataclass(frozen=True)
class Alone:
    exhausted: Month | None
    shortfall: Decimal | None
    balance_at_target: Decimal | None


@dataclass(frozen=True)
class Attributed:
    """One entry of the result: a change, or a group of changes that only apply together."""

    changes: tuple[Change, ...]
    alone: Alone
    effect: Measures

    @property
    def group(self) -> bool:
        return len(self.changes) > 1


@dataclass(frozen=True)
class Attribution:
    lens: Lens
    method: Method
    old: Scenario
    new: Scenario
    total: Measures
    entries: tuple[Attributed, ...]


def _summary(scenario: Scenario, lens: Lens) -> Alone:
    s = project(scenario, lens).summary
    return Alone(s.exhausted, s.shortfall, s.balance_at_target)


def attribute(
    diff: Diff,
    lens: Lens,
    method: Method | None = None,
    prepare: Callable[[Scenario], Scenario] = lambda s: s,
) -> Attribution:
    """Attribute the change from ``diff.old`` to ``diff.new`` under ``lens``. ``prepare``
    turns each scenario projected into the one to project (the what-ifs)."""
    changes = list(diff.changes)
    chosen: Method = method or ("shapley" if len(changes) <= MAX_SHAPLEY else "sequential")
    cache: dict[frozenset[int], Alone | None] = {}

    def value(members: frozenset[int]) -> Alone | None:
        if members not in cache:
            scenario = applied(diff, (changes[i] for i in sorted(members)))
            cache[members] = None if scenario is None else _summary(prepare(scenario), lens)
        return cache[members]

    everything = frozenset(range(len(changes)))
    cache[frozenset()] = _summary(prepare(diff.old), lens)
    cache[everything] = _summary(prepare(diff.new), lens)
    groups = _groups(len(changes), chosen, value)
    start, end = cache[frozenset()], cache[everything]
    assert start is not None
    assert end is not None
    total: Measures = {m: _minus(getattr(end, m), getattr(start, m)) for m in MEASURES}
    alone = [value(frozenset(g)) for g in groups]
    effects = _effects(groups, chosen, value, total)
    entries = tuple(
        Attributed(tuple(changes[i] for i in g), _valid(a), e)
        for g, a, e in zip(groups, alone, effects, strict=True)
    )
    return Attribution(lens, chosen, diff.old, diff.new, total, entries)


def _valid(alone: Alone | None) -> Alone:
    assert alone is not None  # every group applies alone (_groups)
    return alone


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _groups(
    count: int, method: Method, value: Callable[[frozenset[int]], Alone | None]
) -> list[list[int]]:
    """Changes grouped so that every combination the method projects is a valid
    scenario: a change that cannot apply alone joins the first change it can apply with;
    then any invalid combination of groups merges its groups, until none is left."""
    groups: list[list[int]] = [[i] for i in range(count)]
    while True:
        bad = _first_invalid(groups, method, value)
        if bad is None:
            return groups
        if len(bad) == 1:
            alone = groups[bad[0]]
            partner = next(
                (
                    k
                    for k in range(len(groups))
                    if k != bad[0] and value(frozenset(alone + groups[k])) is not None
                ),
                None,
            )
            bad = [bad[0], partner] if partner is not None else list(range(len(groups)))
        merged = sorted(i for k in bad for i in groups[k])
        groups = [g for k, g in enumerate(groups) if k not in bad]
        groups.append(merged)
        groups.sort()


def _first_invalid(
    groups: list[list[int]], method: Method, value: Callable[[frozenset[int]], Alone | None]
) -> list[int] | None:
    n = len(groups)
    if method == "shapley":
        combos: Sequence[Sequence[int]] = [
            c for size in range(1, n) for c in itertools.combinations(range(n), size)
        ]
    else:
        combos = [[k] for k in range(n)] + [list(range(k)) for k in range(2, n)]
    for combo in combos:
        if value(frozenset(i for k in combo for i in groups[k])) is None:
            return list(combo)
    return None


def _effects(
    groups: list[list[int]],
    method: Method,
    value: Callable[[frozenset[int]], Alone | None],
    total: Measures,
) -> list[Measures]:
    n = len(groups)
    members = [frozenset(g) for g in groups]

    def v(combo: Sequence[int], measure: str) -> Fraction:
        result = value(frozenset().union(*(members[k] for k in combo)))
        assert result is not None
        amount = getattr(result, measure)
        assert amount is not None
        return Fraction(amount)

    out: list[Measures] = [{} for _ in groups]
    for measure in MEASURES:
        if total[measure] is None:
            for each in out:
                each[measure] = None
            continue
        exact: list[Fraction] = []
        for k in range(n):
            if method == "sequential":
                exact.append(v(range(k + 1), measure) - v(range(k), measure))
                continue
            others = [o for o in range(n) if o != k]
            share = Fraction(0)
            for size in range(n):
                weight = Fraction(
                    math.factorial(size) * math.factorial(n - size - 1), math.factorial(n)
                )
                for combo in itertools.combinations(others, size):
                    share += weight * (v([*combo, k], measure) - v(combo, measure))
            exact.append(share)
        total_amount = total[measure]
        assert total_amount is not None
        for each, amount in zip(out, largest_remainder(exact, total_amount), strict=True):
            each[measure] = amount
    return out


def largest_remainder(shares: Sequence[Fraction], total: Decimal) -> list[Decimal]:
    """``shares`` (exact, summing to ``total``) rounded to the cent so that they still sum
    to ``total`` exactly: each rounded down, then the cents left over go one each to the
    largest remainders (ties: the first)."""
    cents = [share * 100 for share in shares]
    floors = [math.floor(c) for c in cents]
    left = int(total * 100) - sum(floors)
    order = sorted(range(len(cents)), key=lambda k: (-(cents[k] - floors[k]), k))
    for k in order[:left]:
        floors[k] += 1
    return [Decimal(f).scaleb(-2) for f in floors]
