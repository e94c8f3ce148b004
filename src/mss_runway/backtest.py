"""Scoring past forecasts (``mss-runway backtest``): what earlier versions of a scenario
forecast for the months now covered by actuals, against what happened.

For each earlier version and each actual month it forecast: the error (forecast closing
minus actual closing: above 0, the forecast was too hopeful), then over those months the
mean absolute error and the bias (the mean error), and the month it predicted the money
would run out against the real one (the first actual month with a negative closing
balance; None when none was: the money had not run out by the last actual month).

A rounding point: the mean absolute error and the bias are exact sums divided by the
number of months, rounded to the cent half to even (:func:`mss_runway.money.to_cents`).

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .money import ZERO, exact, to_cents
from .months import Month
from .projection import Lens, project_flows, scenario_flows
from .scenario import Scenario


@dataclass(frozen=True, slots=True)
class MonthError:
    month: Month
    forecast: Decimal
    actual: Decimal

    @property
    def error(self) -> Decimal:
        """Forecast minus actual: above 0, the forecast was too hopeful."""
        return self.forecast - self.actual


@dataclass(frozen=True, slots=True)
class Score:
    """One earlier version against the actuals."""

    scenario: Scenario
    file: str
    months: tuple[MonthError, ...]  # the actual months it forecast (from its start on)
    mean_absolute_error: Decimal | None  # None when it forecast none of them
    bias: Decimal | None
    predicted_exhausted: Month | None  # within its own ledger


@dataclass(frozen=True, slots=True)
class Backtest:
    actual: Scenario
    file: str
    lens: Lens
    actual_exhausted: Month | None  # the first actual month closing negative
    last_actual: Month
    scores: tuple[Score, ...]


class NoActuals(ValueError):
    """The scenario scored against has no actuals."""


@exact
def backtest(
    actual: Scenario, file: str, earlier: Sequence[tuple[str, Scenario]], lens: Lens
) -> Backtest:
    """Score each of ``earlier`` ((file, scenario) pairs) against ``actual``'s actuals."""
    if not actual.actuals:
        raise NoActuals(
            "has no actuals: backtest scores earlier versions against the months a "
            "scenario's `actuals` record (docs/actuals.md)"
        )
    closing = {a.month: a.closing for a in actual.actuals}
    last = actual.actuals[-1].month
    real = next((a.month for a in actual.actuals if a.closing < 0), None)
    return Backtest(
        actual, file, lens, real, last, tuple(_score(s, f, closing, last, lens) for f, s in earlier)
    )


def _score(
    scenario: Scenario, file: str, closing: dict[Month, Decimal], last: Month, lens: Lens
) -> Score:
    flow = scenario_flows(scenario)
    # the whole ledger, and run through the last actual month at least, to score every month
    projected = project_flows(flow, lens)
    longer = project_flows(
        replace(flow, base_months=max(flow.base_months, last - flow.start + 1)), lens
    )
    months = tuple(
        MonthError(row.month, row.closing, closing[row.month])
        for row in longer.rows
        if row.month in closing
    )
    if not months:
        return Score(scenario, file, (), None, None, projected.summary.exhausted)
    n = len(months)
    mae = to_cents(sum((abs(m.error) for m in months), ZERO) / n)
    bias = to_cents(sum((m.error for m in months), ZERO) / n)
    return Score(scenario, file, months, mae, bias, projected.summary.exhausted)
