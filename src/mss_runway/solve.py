"""What it takes to last through the target (``mss-runway solve``).

Every answer is derived exactly from the ledger of the chosen lens and then checked by
projecting the scenario again with the answer applied (and, where an answer is a bound,
with the next step past it, which must fail). A failed check is a bug and raises
:class:`SolveCheckFailed`.

* ``lump_sum``: the shortfall, as extra cash at the beginning of ``start``; and
  ``lump_sum_by``, the latest month it may arrive instead (as for a top-up, below).
* ``monthly_top_up``: the smallest flat amount t added in every month from ``start``
  through ``target`` with no negative closing balance through ``target``:
  the closing balance of month m (counted from 0) rises by t x (m + 1), so
  t = max(0, max over m of -closing(m) / (m + 1)), rounded *up* to the cent.
* ``latest_top_up_month`` (with a top-up amount X): the latest month j from ``start``
  through ``target`` such that X arriving in j leaves no negative closing balance through
  ``target`` (no month before j may close negative, and X must cover the lowest closing
  balance from j through ``target``); None when no month will do.
* ``cost_factor``: the largest factor f on the grid of 0.0001 such that every cost
  scaled by f as ``--scale-costs`` scales it (each line's ``monthly``, ``amount`` or
  ``unit_cost`` times f, rounded to the cent half to even with
  :func:`mss_runway.money.multiply`: see ``whatif.scaled_costs``) leaves no negative closing
  balance through ``target``. Scaling is monotone (each rounded product never falls as f
  grows), so a binary search on the grid finds it; it is above 1 when there is room to
  spare, and None when nothing is spent through the target (any factor will do).
* ``max_units``: for each per-unit cost line, the largest whole number of units c such
  that the line replaced by c units every month from ``start`` through ``target`` (and
  nothing after) leaves no negative closing balance through ``target``, everything else
  unchanged: c = min over m of floor(closing without the line (m) / (unit cost x (m + 1))).
  None when even zero units fail; lines with a zero unit cost are left out (any count).

With a ``reserve``, every answer keeps each closing balance from ``start`` through
``target`` at or above that month's reserve instead of zero: the closing balances above
are read as margins over the reserve (closing - reserve), and each check re-projects and
asks for no month under it. A reserve of months of costs moves with the costs: for
``cost_factor`` and ``max_units`` the re-projection decides (scaling costs up or adding
units only lowers every margin, so the search stays monotone); ``cost_factor`` is also
None when even a factor of 0 leaves a month under the reserve.

Amounts are rounded up to the cent (:func:`mss_runway.money.up_to_cents`,
:func:`mss_runway.money.divide_up`), so applying them really closes the gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from .actuals import forward
from .money import CENT, ZERO, divide_up
from .months import Month
from .projection import DEFAULT_LENS, Lens, Projection, project
from .scenario import Contribution, MonthsOfCosts, PerUnitCost, Scenario
from .whatif import MAX_FACTOR, scaled_costs

#: The cost factor is found on this grid (four decimal places).
FACTOR_STEP: Final = Decimal("0.0001")


class NoTarget(ValueError):
    """``solve`` needs a target month."""


class SolveCheckFailed(AssertionError):
    """An answer did not pass its re-projection check: a bug in mss-runway."""


@dataclass(frozen=True, slots=True)
class Solution:
    scenario: Scenario
    lens: Lens
    lump_sum: Decimal
    lump_sum_by: Month | None  # latest month the lump sum may arrive; None when none needed
    monthly_top_up: Decimal
    top_up: Decimal | None
    latest_top_up_month: Month | None
    cost_factor: Decimal | None
    max_units: dict[str, int | None]


def solve(scenario: Scenario, lens: Lens = DEFAULT_LENS, top_up: Decimal | None = None) -> Solution:
    """Every answer of ``solve``, each checked by projecting again. With actuals, the
    answers are about the months after the last actual month (what happened is fixed):
    the scenario solved is :func:`mss_runway.actuals.forward` of it."""
    target = scenario.target
    if target is None:
        raise NoTarget(
            "no target: solve answers what it takes to last through a target month; "
            "add `target: YYYY-MM` to the scenario"
        )
    if scenario.actuals:
        last = scenario.actuals[-1].month
        if target <= last:
            raise NoTarget(
                f"the target {target} is within the actual months (through {last}): "
                "nothing is left to solve; give a later target (--target YYYY-MM)"
            )
        scenario = forward(scenario)
    closings = margins(project(scenario, lens), target - scenario.start + 1)
    lump = _lump_sum(scenario, lens, closings)
    monthly = _monthly_top_up(scenario, lens, closings)
    latest = None if top_up is None else _latest_month(scenario, lens, closings, top_up)
    return Solution(
        scenario=scenario,
        lens=lens,
        lump_sum=lump,
        lump_sum_by=_latest_month(scenario, lens, closings, lump) if lump else None,
        monthly_top_up=monthly,
        top_up=top_up,
        latest_top_up_month=latest,
        cost_factor=_cost_factor(scenario, lens),
        max_units=_max_units(scenario, lens),
    )


def lasts(scenario: Scenario, lens: Lens) -> bool:
    """No closing balance from start through the target is negative, or, with a reserve,
    under the reserve."""
    summary = project(scenario, lens).summary
    return summary.shortfall == ZERO and summary.below_reserve is None


def margins(projection: Projection, months: int) -> list[Decimal]:
    """Each closing balance of the first ``months`` months over its reserve (the closing
    balance itself without a reserve)."""
    rows = projection.rows[:months]
    if projection.reserve is None:
        return [row.closing for row in rows]
    return [row.closing - reserve for row, reserve in zip(rows, projection.reserve, strict=False)]


# --- ways to change a scenario ----------------------------------------------------------


def with_opening(scenario: Scenario, extra: Decimal) -> Scenario:
    return scenario.model_copy(update={"opening_balance": scenario.opening_balance + extra})


def with_money(scenario: Scenario, amount: Decimal, months: range) -> Scenario:
    """``amount`` received in each month of ``months`` (counted from start)."""
    if amount <= 0:
        return scenario
    extra = tuple(
        Contribution.model_construct(
            donor="top-up", amount=amount, status="received", date=scenario.start + m
        )
        for m in months
    )
    return scenario.model_copy(update={"contributions": scenario.contributions + extra})


def scaled(scenario: Scenario, factor: Decimal) -> Scenario:
    """Every cost scaled by ``factor`` by the rule ``--scale-costs`` uses."""
    return scenario.model_copy(update={"costs": scaled_costs(scenario, factor)})


def with_units(scenario: Scenario, index: int, units: int) -> Scenario:
    """Cost line ``index`` (per unit) holding ``units`` from start through the target."""
    line = scenario.costs[index]
    assert isinstance(line, PerUnitCost)
    replaced = line.model_copy(update={"units": {scenario.start: units}, "to": scenario.target})
    costs = (*scenario.costs[:index], replaced, *scenario.costs[index + 1 :])
    return scenario.model_copy(update={"costs": costs})


# --- the answers -------------------------------------------------------------------------


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise SolveCheckFailed(f"{what}: the re-projection check failed")


def _lump_sum(scenario: Scenario, lens: Lens, closings: list[Decimal]) -> Decimal:
    lump = max(ZERO, -min(closings))
    _check(lasts(with_opening(scenario, lump), lens), f"lump sum {lump}")
    if lump:
        _check(not lasts(with_opening(scenario, lump - CENT), lens), f"lump sum {lump} - 0.01")
    return lump


def _monthly_top_up(scenario: Scenario, lens: Lens, closings: list[Decimal]) -> Decimal:
    need = max([ZERO, *(divide_up(-c, m + 1) for m, c in enumerate(closings))])
    months = range(len(closings))
    _check(lasts(with_money(scenario, need, months), lens), f"monthly top-up {need}")
    if need:
        less = with_money(scenario, need - CENT, months)
        _check(not lasts(less, lens), f"monthly top-up {need} - 0.01")
    return need


def _latest_month(
    scenario: Scenario, lens: Lens, closings: list[Decimal], amount: Decimal
) -> Month | None:
    latest = None
    for j in range(len(closings)):
        if any(c < 0 for c in closings[:j]):
            break
        if amount + min(closings[j:]) >= 0:
            latest = j
    last = len(closings) - 1
    if latest is None:
        _check(not lasts(with_money(scenario, amount, range(1)), lens), "not enough in start")
        return None
    _check(lasts(with_money(scenario, amount, range(latest, latest + 1)), lens), "latest month")
    if latest < last:
        later = with_money(scenario, amount, range(latest + 1, latest + 2))
        _check(not lasts(later, lens), "the month after the latest")
    return scenario.start + latest


def _cost_factor(scenario: Scenario, lens: Lens) -> Decimal | None:
    spent = project(scenario, lens)
    target = scenario.target
    assert target is not None
    if not any(row.outflow for row in spent.rows[: target - scenario.start + 1]):
        return None

    def fits(steps: int) -> bool:
        return lasts(scaled(scenario, steps * FACTOR_STEP), lens)

    if not fits(0):  # with no costs at all a month is still under the reserve
        return None
    low, high = 0, 10_000
    top = int(MAX_FACTOR / FACTOR_STEP)  # the largest factor --scale-costs accepts
    while fits(high):
        if high >= top:
            return MAX_FACTOR  # any factor --scale-costs accepts still lasts
        low, high = high, min(high * 2, top)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    _check(fits(low) and not fits(low + 1), f"cost factor {low * FACTOR_STEP}")
    return low * FACTOR_STEP


def _max_units(scenario: Scenario, lens: Lens) -> dict[str, int | None]:
    target = scenario.target
    assert target is not None
    months = target - scenario.start + 1
    answers: dict[str, int | None] = {}
    for index, line in enumerate(scenario.costs):
        if not isinstance(line, PerUnitCost) or not line.unit_cost:
            continue
        without = margins(project(with_units(scenario, index, 0), lens), months)
        if any(margin < 0 for margin in without):
            count = None
            _check(not lasts(with_units(scenario, index, 0), lens), f"{line.label}: zero units")
        else:
            # Each unit lowers month m's closing balance by unit cost x (m + 1); with a
            # reserve of N months of costs it also raises the reserve by about N x unit
            # cost (rounded to the cent), so the re-projection settles the last unit.
            per_month = line.unit_cost * months_of_costs(scenario)
            count = min(
                int(margin // (line.unit_cost * (m + 1) + per_month))
                for m, margin in enumerate(without)
            )
            if per_month:
                while count > 0 and not lasts(with_units(scenario, index, count), lens):
                    count -= 1
                while lasts(with_units(scenario, index, count + 1), lens):
                    count += 1
            _check(lasts(with_units(scenario, index, count), lens), f"{line.label}: {count} units")
            more = with_units(scenario, index, count + 1)
            _check(not lasts(more, lens), f"{line.label}: {count + 1} units")
        answers[_key(answers, line.label, index)] = count
    return answers


def months_of_costs(scenario: Scenario) -> Decimal:
    """N of a reserve of N months of costs; 0 for a fixed reserve or none."""
    reserve = scenario.reserve
    return reserve.months_of_costs if isinstance(reserve, MonthsOfCosts) else ZERO


def _key(answers: dict[str, int | None], label: str, index: int) -> str:
    """The line's label; a label used twice gets its position added."""
    return label if label not in answers else f"{label} (costs[{index}])"
