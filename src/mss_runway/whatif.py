"""What-ifs: changes asked for on the command line, applied to a validated scenario.

Pure functions; the scenario file is never changed. Every output names the what-ifs
applied (:meth:`WhatIfs.describe`), so a reader never mistakes one for the file's own
numbers.

* ``--delay STATUS=MONTHS``: every contribution of that status arrives MONTHS later.
  One moved past the last month a ledger can hold is left out with a warning, like any
  other late item.
* ``--drop DONOR``: the contributions of that donor (matched ignoring case and
  surrounding blanks) are left out; a donor the scenario does not have is an error.
* ``--scale-costs FACTOR``: a rounding point. Each cost line's amount (``monthly``, a
  one-off ``amount``, a per-unit ``unit_cost``) becomes amount x FACTOR, rounded once to
  the cent, half to even (:func:`mss_runway.money.multiply`); a per-unit line then costs
  that rounded unit cost times its count, as usual.
* ``--target YYYY-MM``: replaces the scenario's target (same rules as in the file).
* ``--overdue next_month|drop``: replaces the scenario's ``overdue`` (what happens to a
  contribution still owed after the last actual month; :mod:`mss_runway.actuals`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from .errors import InputError
from .fields import MAX_LEDGER_MONTHS, STATUS_SYNONYMS, STATUSES
from .money import multiply
from .months import Month, month_option
from .scenario import OneOffCost, Overdue, PerUnitCost, RecurringCost, Scenario, target_problem

#: Largest --delay in months: a contribution at start moved this far lands in the last month
#: a ledger can hold (the same bound as delay_months and sensitivity --delay).
MAX_DELAY: Final = MAX_LEDGER_MONTHS - 1
#: Largest cost factor (a typo guard). solve's cost factor never exceeds it either, so
#: every answer solve gives can be checked with --scale-costs.
MAX_FACTOR: Final = Decimal(10) ** 12


class WhatIfError(InputError):
    """A what-if that cannot apply (a bad value, or one that does not fit the scenario)."""


@dataclass(frozen=True)
class WhatIfs:
    """The what-ifs asked for; the empty default changes nothing."""

    delays: tuple[tuple[str, int], ...] = ()
    drops: tuple[str, ...] = ()
    scale_costs: Decimal | None = None
    target: Month | None = None
    overdue: Overdue | None = None

    def describe(self) -> list[str]:
        """One phrase per what-if, e.g. ``pledged contributions 3 months late``."""
        phrases = [delay_phrase(status, months) for status, months in self.delays]
        phrases += [f"without {donor}" for donor in self.drops]
        if self.scale_costs is not None:
            phrases.append(scale_phrase(self.scale_costs))
        if self.target is not None:
            phrases.append(f"target {self.target}")
        if self.overdue is not None:
            phrases.append(OVERDUE_PHRASES[self.overdue])
        return phrases


def delay_phrase(status: str, months: int) -> str:
    return f"{status} contributions {months} month{'s' * (months != 1)} late"


def scale_phrase(factor: Decimal) -> str:
    return f"every cost x {factor}"


def traced(scenario: Scenario, whatifs: WhatIfs) -> tuple[list[tuple[int, str | None]], str | None]:
    """What :func:`apply` did to each entry: for each contribution of the changed
    scenario, its index in ``scenario`` and the what-if that moved it (None: unchanged);
    and the what-if that changed every cost line (None: none did)."""
    dropped = {d.casefold() for d in whatifs.drops}
    delay = dict(whatifs.delays)
    contributions = [
        (n, delay_phrase(c.status, delay[c.status]) if delay.get(c.status) else None)
        for n, c in enumerate(scenario.contributions)
        if c.donor.strip().casefold() not in dropped
    ]
    costs = None if whatifs.scale_costs is None else scale_phrase(whatifs.scale_costs)
    return contributions, costs


#: How each ``--overdue`` choice is named among the what-ifs.
OVERDUE_PHRASES: Final[dict[str, str]] = {
    "next_month": "overdue contributions expected next month",
    "drop": "overdue contributions dropped",
}


def parse_overdue(text: str) -> Overdue:
    word = text.strip()
    if word == "next_month":
        return "next_month"
    if word == "drop":
        return "drop"
    raise WhatIfError(f"--overdue: expected next_month or drop, got {text!r}")


def parse_delay(text: str) -> tuple[str, int]:
    """``pledged=3`` -> ``("pledged", 3)``; the FTS words (pledge, ...) are accepted."""
    word, sep, months = text.partition("=")
    status = STATUS_SYNONYMS.get(word.strip(), word.strip())
    if not sep:
        raise WhatIfError(f"--delay: expected STATUS=MONTHS, such as pledged=3, got {text!r}")
    if status not in STATUSES:
        raise WhatIfError(
            f"--delay: expected STATUS=MONTHS with STATUS one of {', '.join(STATUSES)} "
            f"(or the FTS words {', '.join(STATUS_SYNONYMS)}), got {word!r}"
        )
    if re.fullmatch(r"[0-9]+", months.strip()) is None or int(months) > MAX_DELAY:
        raise WhatIfError(
            f"--delay {word.strip()}=MONTHS: expected a whole number of months from 0 to "
            f"{MAX_DELAY}, got {months!r}"
        )
    return status, int(months)


def parse_factor(text: str) -> Decimal:
    """A cost factor: a decimal number from 0 to :data:`MAX_FACTOR`, read from its text
    (never a float)."""
    try:
        factor = Decimal(text.strip())
    except InvalidOperation:
        factor = Decimal("NaN")
    if not factor.is_finite() or not 0 <= factor <= MAX_FACTOR:
        raise WhatIfError(
            f"--scale-costs: expected a factor from 0 to {MAX_FACTOR:,}, such as 1.1, got {text!r}"
        )
    return factor


def build(
    delays: Sequence[str] = (),
    drops: Sequence[str] = (),
    scale_costs: str | None = None,
    target: str | None = None,
    overdue: str | None = None,
) -> WhatIfs:
    """What-ifs from the command line's texts; raises :class:`WhatIfError`."""
    parsed = [parse_delay(text) for text in delays]
    statuses = [status for status, _ in parsed]
    twice = sorted({s for s in statuses if statuses.count(s) > 1})
    if twice:
        raise WhatIfError(f"--delay given twice for {', '.join(twice)}")
    return WhatIfs(
        delays=tuple(parsed),
        drops=tuple(dict.fromkeys(d.strip() for d in drops)),
        scale_costs=None if scale_costs is None else parse_factor(scale_costs),
        target=None if target is None else month_option("--target", target, WhatIfError),
        overdue=None if overdue is None else parse_overdue(overdue),
    )


def apply(scenario: Scenario, whatifs: WhatIfs) -> Scenario:
    """``scenario`` with ``whatifs`` applied (a new scenario; the given one is unchanged)."""
    update: dict[str, object] = {}
    if whatifs.target is not None:
        problem = target_problem(whatifs.target, scenario.start)
        if problem:
            raise WhatIfError(f"--target: {problem}")
        update["target"] = whatifs.target
    if whatifs.overdue is not None:
        update["overdue"] = whatifs.overdue
    contributions = list(scenario.contributions)
    if whatifs.drops:
        donors = {c.donor.strip().casefold() for c in contributions}
        unknown = [d for d in whatifs.drops if d.casefold() not in donors]
        if unknown:
            listed = ", ".join(sorted({c.donor for c in contributions})) or "none"
            raise WhatIfError(
                f"--drop {unknown[0]!r}: no contribution comes from that donor; donors: {listed}"
            )
        dropped = {d.casefold() for d in whatifs.drops}
        contributions = [c for c in contributions if c.donor.strip().casefold() not in dropped]
    delay = dict(whatifs.delays)
    if any(delay.values()):
        contributions = [
            c.model_copy(update={"date": c.date + delay[c.status]}) if delay.get(c.status) else c
            for c in contributions
        ]
    if whatifs.drops or whatifs.delays:
        update["contributions"] = tuple(contributions)
    if whatifs.scale_costs is not None:
        update["costs"] = scaled_costs(scenario, whatifs.scale_costs)
    return scenario.model_copy(update=update) if update else scenario


def scaled_costs(
    scenario: Scenario, factor: Decimal
) -> tuple[RecurringCost | OneOffCost | PerUnitCost, ...]:
    """Every cost line of ``scenario`` scaled by ``factor``: its ``monthly``, ``amount`` or
    ``unit_cost`` times ``factor``, rounded to the cent (half to even). The one rule for
    scaling costs: ``--scale-costs``, ``solve``'s cost factor and ``simulate``'s cost
    uncertainty all follow it. (Built without validation: while ``solve`` searches, a
    scaled amount may pass the format's limits.)"""
    return tuple(_scaled(cost, factor) for cost in scenario.costs)


def _scaled(
    cost: RecurringCost | OneOffCost | PerUnitCost, factor: Decimal
) -> RecurringCost | OneOffCost | PerUnitCost:
    if isinstance(cost, RecurringCost):
        return cost.model_copy(update={"monthly": multiply(cost.monthly, factor)})
    if isinstance(cost, OneOffCost):
        return cost.model_copy(update={"amount": multiply(cost.amount, factor)})
    return cost.model_copy(update={"unit_cost": multiply(cost.unit_cost, factor)})


def within(scenario: Scenario, whatifs: WhatIfs) -> WhatIfs:
    """``whatifs`` without the ``--drop`` donors ``scenario`` lacks (``diff`` applies the
    what-ifs to each side where they can; a donor neither side has is still an error)."""
    from dataclasses import replace

    donors = {c.donor.strip().casefold() for c in scenario.contributions}
    return replace(whatifs, drops=tuple(d for d in whatifs.drops if d.casefold() in donors))
