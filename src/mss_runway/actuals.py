"""The ledger with actuals: the months that happened as they were, then the projection.

A scenario's ``actuals`` record, month by month from ``start``, the fund's real closing
balance and the money that came (``received`` by contribution id, ``unplanned``). Through
the last actual month every lens shows these figures: the opening is the previous
closing (the first is ``opening_balance``), the inflow is received plus unplanned, the
closing is the actual one, and the outflow is what balances the month (opening + inflow -
closing; negative if the balance rose by more than the inflow, with a warning).

After the last actual month the scenario is projected as usual from that closing balance,
with what is still to come (:func:`remaining`): each contribution less what was received of
it; one dated in or before the last actual month with money left is **overdue** and is
expected in the month after (``overdue: next_month``) or not at all (``drop``); cost lines
count from the month after.

Pure: no I/O, no rounding (received amounts are in the scenario's currency already).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

from .fields import STATUSES
from .money import ZERO, exact
from .months import Month
from .projection import Flows, Lens, counts, flows, project_flows
from .scenario import Scenario, in_scenario_currency


@dataclass(frozen=True, slots=True)
class Overdue:
    """A contribution dated in or before the last actual month with money still to come."""

    index: int  # position in the scenario's contributions
    id: str | None
    donor: str
    status: str
    amount_left: Decimal
    due: Month
    months_late: int  # from due to the month after the last actual month


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the actuals say, month by month, and what is still to come."""

    inflows: tuple[Decimal, ...]  # received plus unplanned, by actual month
    outflows: tuple[Decimal, ...]  # what balances each actual month
    overdue: tuple[Overdue, ...]
    rest: Scenario  # the scenario without its actuals, less what came (see remaining)
    kept: tuple[int, ...]  # each of rest's contributions' position in the scenario's
    warnings: tuple[str, ...]

    @property
    def months(self) -> int:
        return len(self.inflows)


def last_actual(scenario: Scenario) -> Month | None:
    """The last month the scenario's actuals record, or None."""
    return scenario.actuals[-1].month if scenario.actuals else None


@exact
def received_totals(scenario: Scenario) -> dict[str, Decimal]:
    """Everything received of each contribution id, over all actual months."""
    totals: dict[str, Decimal] = {}
    for actual in scenario.actuals:
        for key, amount in actual.received.items():
            totals[key] = totals.get(key, ZERO) + amount
    return totals


@exact
def record(scenario: Scenario) -> Recorded:
    """The actual months' flows, the overdue contributions and the scenario of what is
    still to come (with ``scenario.overdue`` applied)."""
    inflows: list[Decimal] = []
    outflows: list[Decimal] = []
    warnings: list[str] = []
    balance = scenario.opening_balance
    for n, actual in enumerate(scenario.actuals):
        inflow = sum(actual.received.values(), ZERO) + actual.unplanned
        outflow = balance + inflow - actual.closing
        if outflow < 0:
            warnings.append(
                f"actuals[{n}] ({actual.month}): the closing balance {actual.closing} is above "
                f"opening {balance} plus inflow {inflow}, so the month's outflow is {outflow}: "
                "is some money received missing from received or unplanned?"
            )
        inflows.append(inflow)
        outflows.append(outflow)
        balance = actual.closing
    left = remaining(scenario)
    return Recorded(
        tuple(inflows), tuple(outflows), left.overdue, left.rest, left.kept, tuple(warnings)
    )


class Remaining(NamedTuple):
    overdue: tuple[Overdue, ...]
    rest: Scenario
    kept: tuple[int, ...]  # each of rest's contributions' position in the scenario's


@exact
def remaining(scenario: Scenario) -> Remaining:
    """The overdue contributions, and ``scenario`` without its actuals holding only what is
    still to come: each contribution less what was received of it (in the scenario's
    currency), an overdue one moved to the month after the last actual month or dropped.
    A scenario without actuals is returned as it is."""
    last = last_actual(scenario)
    if last is None:
        return Remaining((), scenario, tuple(range(len(scenario.contributions))))
    received = received_totals(scenario)
    after = last + 1
    overdue: list[Overdue] = []
    kept = []
    indices = []
    for n, c in enumerate(scenario.contributions):
        got = received.get(c.id, ZERO) if c.id is not None else ZERO
        whole = in_scenario_currency(c, scenario)
        left = whole - got
        if left <= 0:
            continue
        update: dict[str, object] = {}
        if got:
            update.update(amount=left, currency=None, rate=None)
        if c.date <= last:
            overdue.append(Overdue(n, c.id, c.donor, c.status, left, c.date, after - c.date))
            if scenario.overdue == "drop":
                continue
            update["date"] = after
        kept.append(c.model_copy(update=update) if update else c)
        indices.append(n)
    rest = scenario.model_copy(update={"actuals": (), "contributions": tuple(kept)})
    return Remaining(tuple(overdue), rest, tuple(indices))


def forward(scenario: Scenario) -> Scenario:
    """What is left to decide: the scenario from the month after its last actual month,
    opening with that month's closing balance and holding only what is still to come
    (:func:`remaining`). A scenario without actuals is returned as it is. (Built without
    validation: the opening may be negative, if the fund was overdrawn.)"""
    if not scenario.actuals:
        return scenario
    last = scenario.actuals[-1]
    return remaining(scenario).rest.model_copy(
        update={"start": last.month + 1, "opening_balance": last.closing}
    )


def actual_flows(scenario: Scenario) -> Flows:
    """The scenario's flows as :func:`mss_runway.projection.flows` gives them, with the
    actual months in place of the plan: under every lens their inflow is the actual inflow
    and their outflow what balances the month. The ledger reaches the last actual month at
    least."""
    recorded = record(scenario)
    return overlay(flows(recorded.rest), recorded)


def overlay(flow: Flows, recorded: Recorded | None) -> Flows:
    """``flow`` (of ``recorded.rest``) with the actual months laid over its first months."""
    if recorded is None or not recorded.months:
        return flow
    n = recorded.months
    inflows = {status: [ZERO] * n + flow.inflows[status][n:] for status in STATUSES}
    inflows[STATUSES[0]][:n] = recorded.inflows  # the first status counts under every lens
    return replace(
        flow,
        inflows=inflows,
        outflows=[*recorded.outflows, *flow.outflows[n:]],
        base_months=max(flow.base_months, n),
        warnings=(*recorded.warnings, *flow.warnings),
    )


def plan(scenario: Scenario) -> Scenario:
    """The same scenario without its actuals: what was planned."""
    return scenario.model_copy(update={"actuals": ()})


@dataclass(frozen=True, slots=True)
class InflowItem:
    """One contribution's money in one actual month, planned against received."""

    id: str | None
    name: str
    planned: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned


@dataclass(frozen=True, slots=True)
class Variance:
    """One actual month, plan against actual (inflow and outflow variances cumulative from
    start, so that ``difference == inflow_variance - outflow_variance``)."""

    month: Month
    planned_closing: Decimal
    actual_closing: Decimal
    inflow_variance: Decimal
    outflow_variance: Decimal
    inflow_items: tuple[InflowItem, ...]

    @property
    def difference(self) -> Decimal:
        return self.actual_closing - self.planned_closing


@exact
def variance(scenario: Scenario, lens: Lens) -> tuple[Variance, ...]:
    """Plan against actual for each actual month, under ``lens``: the plan is the scenario
    projected without its actuals (its ledger run through the last actual month at least)."""
    if not scenario.actuals:
        return ()
    recorded = record(scenario)
    planned_flow = flows(plan(scenario))
    planned_flow = replace(planned_flow, base_months=max(planned_flow.base_months, recorded.months))
    planned = project_flows(planned_flow, lens).rows
    result: list[Variance] = []
    inflow_var = outflow_var = ZERO
    for i, actual in enumerate(scenario.actuals):
        row = planned[i]
        inflow_var += recorded.inflows[i] - row.inflow
        outflow_var += recorded.outflows[i] - row.outflow
        result.append(
            Variance(
                actual.month,
                row.closing,
                actual.closing,
                inflow_var,
                outflow_var,
                inflow_items(scenario, i, lens),
            )
        )
    return tuple(result)


def inflow_items(scenario: Scenario, i: int, lens: Lens) -> tuple[InflowItem, ...]:
    """Actual month ``i``'s contributions: each one planned that month (counted under
    ``lens``) or received in it, in file order, then ``unplanned`` if any came. Their
    differences add up to the month's inflow difference."""
    actual = scenario.actuals[i]
    items = []
    for c in scenario.contributions:
        planned = (
            in_scenario_currency(c, scenario)
            if c.date == actual.month and counts(c.status, lens)
            else ZERO
        )
        got = actual.received.get(c.id, ZERO) if c.id is not None else ZERO
        if planned or got:
            items.append(InflowItem(c.id, c.donor, planned, got))
    named = {c.id for c in scenario.contributions}
    items += [  # money from a contribution a what-if left out (--drop) still came
        InflowItem(key, key, ZERO, amount)
        for key, amount in actual.received.items()
        if key not in named
    ]
    if actual.unplanned:
        items.append(InflowItem(None, "unplanned", ZERO, actual.unplanned))
    return tuple(items)
