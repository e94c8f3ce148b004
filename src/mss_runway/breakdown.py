"""A scenario taken apart for the analyses that move contributions around.

``simulate`` and ``sensitivity`` project the same scenario many times with contributions
dropped or moved. Re-reading the whole scenario each time would be slow, so this module
splits it once into what stays fixed (cost lines, opening balance, and the months that
``start``, ``target`` and the cost lines name) and each contribution (its amount in the
scenario's currency and its month). The ledger's range is then recomputed with
:func:`base_months` exactly as :func:`mss_runway.projection.flows` computes it: from
``start`` through the latest month named anywhere, contributions included.

Pure: no I/O. No rounding beyond :func:`mss_runway.projection.in_scenario_currency`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .actuals import Recorded, overlay, record
from .projection import Flows, flows
from .scenario import Contribution, Scenario, in_scenario_currency


@dataclass(frozen=True, slots=True)
class Item:
    """One contribution inside the ledger's reach."""

    index: int  # position in the scenario's contributions
    contribution: Contribution
    amount: Decimal  # in the scenario's currency, rounded to the cent
    month: int  # months from start


@dataclass(frozen=True, slots=True)
class Breakdown:
    """``flow`` is the scenario as forecast sees it; ``fixed_end`` the last month (counted
    from start) named by start, target, the cost lines and any contribution dated past the
    last month a ledger can hold; ``items`` every contribution
    dated within the longest possible ledger, in file order (later ones are left out, with
    the warning in ``flow.warnings``)."""

    flow: Flows
    fixed_end: int
    items: tuple[Item, ...]
    recorded: Recorded | None = None


def breakdown(scenario: Scenario) -> Breakdown:
    """Split ``scenario`` into its fixed part and its contributions. With actuals, the
    actual months are fixed (``recorded``) and the contributions are what is still to
    come after them (:func:`mss_runway.actuals.remaining`; each item keeps its position in
    ``scenario``)."""
    recorded = record(scenario) if scenario.actuals else None
    rest = scenario if recorded is None else recorded.rest
    positions = range(len(rest.contributions)) if recorded is None else recorded.kept
    costs_only = overlay(flows(rest.model_copy(update={"contributions": ()})), recorded)
    items = tuple(
        Item(n, c, in_scenario_currency(c, rest), c.date - rest.start)
        for n, c in zip(positions, rest.contributions, strict=True)
        if c.date <= rest.end_month
    )
    fixed_end = costs_only.base_months - 1
    if len(items) < len(rest.contributions):  # some are dated past the last month:
        fixed_end = rest.end_month - rest.start  # they still stretch the ledger
    return Breakdown(overlay(flows(rest), recorded), fixed_end, items, recorded)


def base_months(fixed_end: int, months: Iterable[int]) -> int:
    """How many months the ledger holds at least, given the months (counted from start) of
    the contributions it has: through the latest month named."""
    return max([fixed_end, *months]) + 1
