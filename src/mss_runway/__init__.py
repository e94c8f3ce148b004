"""mss-runway: when does a voluntarily funded fund run out, and what closes the gap.

The library core is usable without the command line::

    from mss_runway import load_scenario, forecast
    result = forecast(load_scenario("scenarios/mss-haiti-2024-11.yaml"))
    print(result.chosen.summary.exhausted)

Names are loaded on first use, so ``import mss_runway`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_scenario": "loader",
    "scenario_from_text": "loader",
    "Scenario": "scenario",
    "Contribution": "scenario",
    "RecurringCost": "scenario",
    "OneOffCost": "scenario",
    "PerUnitCost": "scenario",
    "forecast": "projection",
    "project": "projection",
    "Forecast": "projection",
    "Projection": "projection",
    "LedgerRow": "projection",
    "Summary": "projection",
    "LENSES": "projection",
    "Month": "months",
    "Problem": "errors",
    "ScenarioError": "errors",
}

__all__ = [
    "LENSES",
    "Contribution",
    "Forecast",
    "LedgerRow",
    "Month",
    "OneOffCost",
    "PerUnitCost",
    "Problem",
    "Projection",
    "RecurringCost",
    "Scenario",
    "ScenarioError",
    "Summary",
    "__version__",
    "forecast",
    "load_scenario",
    "project",
    "scenario_from_text",
]

if TYPE_CHECKING:
    from .errors import Problem, ScenarioError
    from .loader import load_scenario, scenario_from_text
    from .months import Month
    from .projection import LENSES, Forecast, LedgerRow, Projection, Summary, forecast, project
    from .scenario import Contribution, OneOffCost, PerUnitCost, RecurringCost, Scenario


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mss_runway' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)
