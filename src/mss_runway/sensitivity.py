"""Which contributions matter most (``mss-runway sensitivity``).

For every contribution counted under the lens and not yet received, the ledger is run
again twice, everything else unchanged: once without it (``never``) and once with it
``delay`` months later (``late``; dated past the last month a ledger can hold, it is
left out, as ``forecast`` would). The ledger's range is recomputed each time exactly as
``forecast`` computes it (:mod:`mss_runway.breakdown`).

Most harmful first: ordered by the shortfall if it never arrives (larger first; without
a target there is none), then by the month the money runs out if it never arrives
(earlier first; never running out counts as later than any month), then the same two for
``late``, then by amount (larger first), then by position in the file.

Pure: no I/O, no rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from .breakdown import Breakdown, Item, base_months, breakdown
from .fields import MAX_LEDGER_MONTHS
from .money import ZERO
from .months import Month
from .projection import DEFAULT_LENS, Lens, Summary, counts, ledger, project, summarize
from .scenario import Scenario

DEFAULT_DELAY: Final = 3


@dataclass(frozen=True, slots=True)
class Impact:
    """One contribution and what happens without it, and with it late."""

    item: Item
    never: Summary
    late: Summary


@dataclass(frozen=True, slots=True)
class Sensitivity:
    scenario: Scenario
    lens: Lens
    delay: int
    baseline: Summary
    impacts: tuple[Impact, ...]  # most harmful first


def sensitivity(
    scenario: Scenario, lens: Lens = DEFAULT_LENS, delay: int = DEFAULT_DELAY
) -> Sensitivity:
    """The impact of each uncertain contribution, most harmful first."""
    parts = breakdown(scenario)
    inflow = parts.flow.inflow(lens)
    impacts: list[Impact] = []
    if parts.items:
        latest = _latest(parts.items)
        impacts = [
            Impact(
                item,
                _summary(parts, inflow, item, _latest_other(latest, item), None),
                _summary(parts, inflow, item, _latest_other(latest, item), item.month + delay),
            )
            for item in parts.items
            if item.contribution.status != "received" and counts(item.contribution.status, lens)
        ]
    impacts.sort(key=_harm)
    return Sensitivity(scenario, lens, delay, project(scenario, lens).summary, tuple(impacts))


def _summary(
    parts: Breakdown, inflow: list[Decimal], item: Item, others: int, moved_to: int | None
) -> Summary:
    """The summary with ``item`` moved to month ``moved_to``, or gone when None (or when
    that month is past the last a ledger can hold); ``others`` is the latest month of the
    other contributions."""
    changed = list(inflow)
    changed[item.month] -= item.amount
    named = [others]
    if moved_to is not None and moved_to < MAX_LEDGER_MONTHS:
        changed[moved_to] += item.amount
        named.append(moved_to)
    elif moved_to is not None:  # moved past the last month: left out, but, as in flows(),
        named.append(MAX_LEDGER_MONTHS - 1)  # the ledger still reaches that last month
    flow = parts.flow
    rows = ledger(
        flow.start, flow.opening, changed, flow.outflows, base_months(parts.fixed_end, named)
    )
    return summarize(rows, flow.target_index, flow.reserve)


def _latest_other(latest: tuple[Item, Item | None], item: Item) -> int:
    """The latest month of the contributions other than ``item`` (-1 when none), given the
    two latest of all."""
    if latest[0] is not item:
        return latest[0].month
    return -1 if latest[1] is None else latest[1].month


def _latest(items: tuple[Item, ...]) -> tuple[Item, Item | None]:
    """The two latest contributions (by month, the first in the file on a tie); only
    called when there is at least one."""
    ordered = sorted(items, key=lambda i: -i.month)
    return ordered[0], ordered[1] if len(ordered) > 1 else None


def _month_key(month: Month | None) -> float:
    return float("inf") if month is None else month.index


def _harm(impact: Impact) -> tuple[Decimal, float, Decimal, float, Decimal, int]:
    never, late = impact.never, impact.late
    return (
        -(never.shortfall or ZERO),
        _month_key(never.exhausted),
        -(late.shortfall or ZERO),
        _month_key(late.exhausted),
        -impact.item.amount,
        impact.item.index,
    )
