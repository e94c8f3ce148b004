"""The verdict of ``mss-runway check``: does a scenario pass, and why. Pure.

A scenario FAILS, under the chosen lens (default ``committed``), when any of these holds:

* it has a target (in the file or from ``--target``) and the shortfall through the
  target is above 0, i.e. some closing balance from start through the target is negative;
* it has no target and the money runs out within the ledger (any negative closing);
* it has a ``reserve`` and a closing balance through the target (without a target,
  through the end of the ledger) is under it;
* ``--min-runway N`` is given and the money runs out after fewer than N months.

Otherwise it PASSES. An invalid file is neither: it is reported as INVALID.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .errors import Problem
from .money import ZERO, format_amount
from .projection import Forecast
from .scenario import MonthsOfCosts

Status = str  # "PASS", "FAIL" or "INVALID"


@dataclass(frozen=True)
class Verdict:
    """One scenario's result; ``where`` is the file and line a CI annotation points at."""

    file: str
    name: str
    status: Status
    reasons: tuple[str, ...]
    where: tuple[str, int] = ("", 1)
    problems: tuple[Problem, ...] = ()

    @property
    def message(self) -> str:
        return "; ".join(self.reasons)


def judge(
    file: str, result: Forecast, where: tuple[str, int], min_runway: int | None = None
) -> Verdict:
    """PASS or FAIL for one projected scenario (see the module docstring)."""
    scenario, summary = result.scenario, result.chosen.summary
    currency = scenario.currency
    counting = f"counting {result.lens}"
    failures = []
    if result.runs_short and summary.shortfall is not None:  # with a target
        ran_out = f"runs out in {summary.exhausted}" if summary.exhausted else "runs short"
        failures.append(
            f"{ran_out} ({counting}): {format_amount(summary.shortfall)} {currency} short "
            f"through target {scenario.target}, {summary.months_short} month"
            f"{'s' * (summary.months_short != 1)} short"
        )
    elif result.runs_short:  # without a target: ran out within the ledger
        failures.append(f"runs out in {summary.exhausted} ({counting}; no target)")
    reserve = reserve_failure(result)
    if reserve:
        failures.append(reserve)
    if (
        min_runway is not None
        and summary.runway_months is not None
        and summary.runway_months < min_runway
    ):
        failures.append(
            f"runway of {summary.runway_months} month{'s' * (summary.runway_months != 1)} "
            f"({counting}) is under the minimum of {min_runway}"
        )
    if failures:
        return Verdict(file, scenario.name, "FAIL", tuple(failures), where)
    if scenario.target is not None:
        left = format_amount(summary.balance_at_target or ZERO)
        reason = f"funded through target {scenario.target} ({counting}), {left} {currency} left"
    else:
        last = result.chosen.rows[-1].month
        reason = f"never runs out within the ledger, through {last} ({counting}; no target)"
    if scenario.reserve is not None:
        reason += f"; never below the reserve of {reserve_words(scenario.reserve, currency)}"
    if min_runway is not None:
        runway = "no end" if summary.runway_months is None else f"{summary.runway_months}"
        reason += f"; runway {runway}, minimum {min_runway}"
    return Verdict(file, scenario.name, "PASS", (reason,), where)


def reserve_words(reserve: Decimal | MonthsOfCosts, currency: str) -> str:
    """``3 months of costs`` or ``50,000.00 USD``."""
    if isinstance(reserve, MonthsOfCosts):
        n = reserve.months_of_costs
        return f"{n} month{'s' * (n != 1)} of costs"
    return f"{format_amount(reserve)} {currency}"


def reserve_failure(result: Forecast) -> str | None:
    """Why the chosen lens fails its reserve, e.g. ``below the reserve of 3 months of costs
    in 2025-02 (counting committed): at most 1,000.00 USD under it``; None when it has no
    reserve or keeps above it."""
    scenario, summary = result.scenario, result.chosen.summary
    if scenario.reserve is None or summary.below_reserve is None:
        return None
    gap = format_amount(summary.reserve_gap or ZERO)
    return (
        f"below the reserve of {reserve_words(scenario.reserve, scenario.currency)} in "
        f"{summary.below_reserve} (counting {result.lens}): at most {gap} "
        f"{scenario.currency} under it"
    )


def against_baseline(
    verdict: Verdict, result: Forecast, baseline: Forecast | str, rev: str
) -> Verdict:
    """``verdict`` with how the shortfall moved against the same file at revision ``rev``
    (``check --baseline``); ``baseline`` is that revision's forecast (same lens and
    what-ifs), or why there is none (``not in main``)."""
    if isinstance(baseline, str):
        return replace(verdict, reasons=(*verdict.reasons, f"against {rev}: {baseline}"))
    now, then = result.chosen.summary.shortfall, baseline.chosen.summary.shortfall
    if now is None or then is None:
        note = f"against {rev}: no shortfall to compare (a target on one side only)"
    else:
        change = now - then
        moved = f"{'+' if change > 0 else ''}{format_amount(change)}" if change else "unchanged"
        note = (
            f"against {rev}: shortfall {format_amount(then)} -> {format_amount(now)} "
            f"{result.scenario.currency} ({moved})"
        )
    return replace(verdict, reasons=(*verdict.reasons, note))


def invalid(file: str, problems: tuple[Problem, ...]) -> Verdict:
    count = len(problems)
    return Verdict(
        file, "", "INVALID", (f"{count} problem{'s' * (count != 1)}",), (file, 1), problems
    )


def exit_code(verdicts: list[Verdict]) -> int:
    """2 when any file is invalid, else 1 when any scenario fails, else 0."""
    statuses = {v.status for v in verdicts}
    return 2 if "INVALID" in statuses else 1 if "FAIL" in statuses else 0
