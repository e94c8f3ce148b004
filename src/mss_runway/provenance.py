"""Where each entry of a loaded scenario is written, as ``FILE:LINE`` (``--itemize``).

The shell's side of :class:`mss_runway.items.Sources`: it reads the files again (only when
an itemised ledger is asked for), through :meth:`mss_runway.loader.Loaded.places`, which
follows ``extends`` to the file that last set an entry and a ``contributions_file`` to its
CSV row (``FILE:LINE``) or its workbook row (``FILE:SHEET!ROW``, as the sheet's problems
are located). A per-unit line's ``units`` keys are found by the month they name, as written.
"""

from __future__ import annotations

from typing import Any

from .items import Sources
from .loader import Loaded
from .months import Month, MonthError
from .scenario import PerUnitCost
from .spreadsheet import Sheet
from .yamldoc import Path


def entry_sources(loaded: Loaded) -> Sources:
    """``FILE:LINE`` of every contribution, cost line, per-unit ``units`` key and actual
    month (``FILE:SHEET!ROW`` for a row of a workbook)."""
    scenario = loaded.scenario
    raw = loaded.raw()
    paths: list[Path] = [("contributions", n) for n in range(len(scenario.contributions))]
    paths += [("costs", n) for n in range(len(scenario.costs))]
    keys: list[tuple[int, Month]] = []
    raw_costs = raw.get("costs")
    for n, cost in enumerate(scenario.costs):
        if not isinstance(cost, PerUnitCost) or not isinstance(raw_costs, list):
            continue
        for written in _units_keys(raw_costs[n]):
            with_month = _month(written)
            if with_month is not None:
                keys.append((n, with_month))
                paths.append(("costs", n, "units", written))
    paths += [("actuals", n) for n in range(len(scenario.actuals))]
    sheets = tuple(f"{t.file}:" for t in loaded.sources.tables.values() if isinstance(t, Sheet))
    lines = [_line(place, sheets) for place in loaded.places(paths)]
    contributions = len(scenario.contributions)
    costs = contributions + len(scenario.costs)
    units = costs + len(keys)
    return Sources(
        contributions=lines[:contributions],
        costs=lines[contributions:costs],
        units=dict(zip(keys, lines[costs:units], strict=True)),
        actuals=lines[units:],
    )


def _units_keys(entry: Any) -> list[str]:
    units = entry.get("units") if isinstance(entry, dict) else None
    return [str(key) for key in units] if isinstance(units, dict) else []


def _month(key: str) -> Month | None:
    try:
        return Month.parse(key)
    except MonthError:
        return None


def _line(place: tuple[str, int | None, int | None], sheets: tuple[str, ...]) -> str | None:
    """``FILE:LINE``; a workbook's row is placed as ``FILE:SHEET!ROW`` with no line."""
    file, line, _ = place
    if line is None:
        return file if sheets and file.startswith(sheets) else None
    return f"{file}:{line}"
