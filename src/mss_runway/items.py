"""The itemised ledger (``forecast --itemize``): what makes each month's inflow and outflow.

Pure: no I/O. Each item is computed from the same pieces :func:`mss_runway.projection.flows`
adds up (a contribution converted by :func:`~mss_runway.projection.in_scenario_currency`,
a cost line cut into :func:`~mss_runway.projection.segments`), and :func:`ledger_view`
checks, month by month, that the contribution items add up to the inflow and the cost
items to the outflow, to the cent; a difference is a bug and raises
:class:`ItemsDisagree`, never a wrong report.

Where each item came from (``source``, ``FILE:LINE``) is looked up by the shell
(:mod:`mss_runway.provenance`) and handed in as :class:`Sources`; what-ifs that changed an
item are named from :func:`mss_runway.whatif.traced`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .actuals import Recorded, record
from .errors import InputError
from .money import ZERO, exact
from .months import Month
from .projection import (
    Forecast,
    LedgerRow,
    Lens,
    counts,
    segments,
    unit_parts,
)
from .scenario import Contribution, PerUnitCost, Scenario, in_scenario_currency


class ItemsDisagree(AssertionError):
    """A month's items do not add up to its inflow or outflow: a bug in mss-runway."""


class MonthNotInLedger(InputError):
    """``--month`` names a month the ledger does not hold."""


@dataclass(frozen=True, slots=True)
class Original:
    """A contribution as written in another currency, and the ``fx`` rate that converted it."""

    amount: Decimal
    currency: str
    rate: Decimal


@dataclass(frozen=True, slots=True)
class Item:
    """One contribution or cost line's part of one month, in the scenario's currency."""

    kind: Literal["contribution", "cost"]
    id: str | None
    name: str  # the donor, or the cost line's label
    status: str | None  # contributions only
    amount: Decimal
    source: str | None  # FILE:LINE of the entry (a per-unit line: of its units key)
    original: Original | None = None
    what_if: str | None = None  # the what-if that changed this item


@dataclass(frozen=True)
class Sources:
    """``FILE:LINE`` of each entry of the scenario as loaded (before what-ifs):
    contributions and cost lines by index, a per-unit line's ``units`` keys by (index,
    month). None where unknown."""

    contributions: Sequence[str | None] = ()
    costs: Sequence[str | None] = ()
    units: Mapping[tuple[int, Month], str | None] = field(default_factory=dict)
    actuals: Sequence[str | None] = ()


@dataclass(frozen=True)
class Trace:
    """What the what-ifs did (:func:`mss_runway.whatif.traced`): for each contribution
    of the projected scenario, its index as loaded and the what-if that moved it; the
    what-if that changed every cost line."""

    contributions: Sequence[tuple[int, str | None]] | None = None
    costs: str | None = None


@dataclass(frozen=True, slots=True)
class MonthView:
    """A ledger month as shown: its row, its reserve (None without one) and, when
    itemised, its items (contributions, then cost lines, each in file order)."""

    row: LedgerRow
    reserve: Decimal | None = None
    items: tuple[Item, ...] | None = None


def ledger_view(
    result: Forecast,
    months: Collection[Month] = (),
    *,
    itemize: bool = False,
    sources: Sources | None = None,
    trace: Trace | None = None,
) -> tuple[MonthView, ...]:
    """The chosen lens's ledger as shown: every month, or only ``months`` (each must be
    in the ledger), with its items when ``itemize``."""
    rows = result.chosen.rows
    reserve = result.chosen.reserve
    wanted = set(months)
    if wanted:
        held = {row.month for row in rows}
        missing = sorted(m for m in wanted if m not in held)
        if missing:
            raise MonthNotInLedger(
                f"--month {missing[0]}: the ledger runs from {rows[0].month} through "
                f"{rows[-1].month}"
            )
    items = itemized(result.scenario, result.lens, rows, sources, trace) if itemize else None
    return tuple(
        MonthView(
            row,
            None if reserve is None else reserve[i],
            None if items is None else items[i],
        )
        for i, row in enumerate(rows)
        if not wanted or row.month in wanted
    )


@exact
def itemized(
    scenario: Scenario,
    lens: Lens,
    rows: Sequence[LedgerRow],
    sources: Sources | None = None,
    trace: Trace | None = None,
) -> list[tuple[Item, ...]]:
    """The items of each of ``rows`` (the ledger of ``scenario`` under ``lens``), checked
    against the rows' inflow and outflow."""
    sources = sources or Sources()
    trace = trace or Trace()
    start, length = scenario.start, len(rows)
    inflows: list[list[Item]] = [[] for _ in rows]
    outflows: list[list[Item]] = [[] for _ in rows]
    # With actuals, the months that happened hold what came and one "actual spending"
    # item; the months after hold what is still to come (actuals.remaining).
    recorded = record(scenario) if scenario.actuals else None
    kept: Sequence[int] = range(len(scenario.contributions))
    done = 0
    if recorded is not None:
        done, kept = min(recorded.months, length), recorded.kept
        _actual_items(scenario, recorded, sources, trace, inflows, outflows)
        scenario = recorded.rest
    for k, c in enumerate(scenario.contributions):
        j = kept[k]
        at = c.date - start
        if not 0 <= at < length or not counts(c.status, lens):
            continue
        n, what_if = (j, None) if trace.contributions is None else trace.contributions[j]
        original = _original(c, scenario)
        inflows[at].append(
            Item(
                "contribution",
                c.id,
                c.donor,
                c.status,
                in_scenario_currency(c, scenario),
                _at(sources.contributions, n),
                original,
                what_if,
            )
        )
    for n, cost in enumerate(scenario.costs):
        if isinstance(cost, PerUnitCost):
            parts = [(sources.units.get((n, key)), part) for key, part in unit_parts(cost, start)]
        else:
            parts = [(_at(sources.costs, n), part) for part in segments(cost, start)]
        for source, (first, final, price, quantity) in parts:
            amount = price * quantity
            if not amount:
                continue
            stop = length if final is None else min(final + 1, length)
            for i in range(max(first, done), stop):
                outflows[i].append(
                    Item("cost", cost.id, cost.label, None, amount, source, None, trace.costs)
                )
    for row, into, out in zip(rows, inflows, outflows, strict=True):
        _check(row, "inflow", row.inflow, into)
        _check(row, "outflow", row.outflow, out)
    return [(*into, *out) for into, out in zip(inflows, outflows, strict=True)]


def _actual_items(
    scenario: Scenario,
    recorded: Recorded,
    sources: Sources,
    trace: Trace,
    inflows: list[list[Item]],
    outflows: list[list[Item]],
) -> None:
    """The items of the actual months: the amounts received, by contribution (in file
    order), ``unplanned``, and one cost item, "actual spending", equal to the outflow."""
    for i, actual in enumerate(scenario.actuals[: len(inflows)]):
        where = _at(sources.actuals, i)
        for j, c in enumerate(scenario.contributions):
            got = actual.received.get(c.id) if c.id is not None else None
            if got:
                n = j if trace.contributions is None else trace.contributions[j][0]
                source = _at(sources.contributions, n)
                inflows[i].append(Item("contribution", c.id, c.donor, c.status, got, source))
        named = {c.id for c in scenario.contributions}
        for key, got in actual.received.items():
            if key not in named:  # a what-if left its contribution out: the money still came
                inflows[i].append(Item("contribution", key, key, None, got, where))
        if actual.unplanned:
            inflows[i].append(
                Item("contribution", None, "unplanned", None, actual.unplanned, where)
            )
        spent = recorded.outflows[i]
        outflows[i].append(Item("cost", None, "actual spending", None, spent, where))


def _original(c: Contribution, scenario: Scenario) -> Original | None:
    """The contribution as written and the rate that converted it (its own ``rate``, else
    the scenario's ``fx``), as :func:`~mss_runway.projection.in_scenario_currency`
    converts it; None when it needed no conversion."""
    currency = c.currency or scenario.currency
    if c.rate is not None:
        return Original(c.amount, currency, c.rate)
    if currency == scenario.currency:
        return None
    return Original(c.amount, currency, scenario.fx[currency])


def _at(sources: Sequence[str | None], n: int) -> str | None:
    return sources[n] if n < len(sources) else None


def _check(row: LedgerRow, what: str, total: Decimal, items: list[Item]) -> None:
    added = sum((item.amount for item in items), ZERO)
    if added != total:
        raise ItemsDisagree(f"{row.month}: the items of its {what} add up to {added}, not {total}")
