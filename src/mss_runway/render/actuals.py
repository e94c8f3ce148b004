"""What the outputs of ``forecast`` add for a scenario with actuals: the overdue
contributions and plan against actual, as JSON values, Markdown and table sections.

``rich`` is imported only inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..actuals import Overdue, Variance, record, variance
from ..money import format_amount
from ..projection import Forecast

if TYPE_CHECKING:
    from .layout import Grid


def overdue_of(result: Forecast) -> tuple[Overdue, ...]:
    return record(result.scenario).overdue if result.scenario.actuals else ()


def variance_of(result: Forecast) -> tuple[Variance, ...]:
    return variance(result.scenario, result.lens)


def overdue_documents(result: Forecast) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "donor": o.donor,
            "status": o.status,
            "amount_left": o.amount_left,
            "due": str(o.due),
            "months_late": o.months_late,
        }
        for o in overdue_of(result)
    ]


def variance_documents(result: Forecast) -> list[dict[str, Any]]:
    return [
        {
            "month": str(v.month),
            "planned_closing": v.planned_closing,
            "actual_closing": v.actual_closing,
            "difference": v.difference,
            "inflow_variance": v.inflow_variance,
            "outflow_variance": v.outflow_variance,
            "inflow_items": [
                {
                    "id": i.id,
                    "name": i.name,
                    "planned": i.planned,
                    "actual": i.actual,
                    "difference": i.difference,
                }
                for i in v.inflow_items
            ],
        }
        for v in variance_of(result)
    ]


OVERDUE_HEADERS = ("Overdue", "Status", "Left", "Due", "Months late")
VARIANCE_HEADERS = (
    "Month",
    "Planned closing",
    "Actual closing",
    "Difference",
    "Inflow variance",
    "Outflow variance",
)


def _overdue_rows(result: Forecast) -> list[list[str]]:
    return [
        [
            o.donor if o.id is None else f"{o.donor} ({o.id})",
            o.status,
            format_amount(o.amount_left),
            str(o.due),
            str(o.months_late),
        ]
        for o in overdue_of(result)
    ]


def _variance_rows(result: Forecast) -> list[list[str]]:
    return [
        [
            str(v.month),
            format_amount(v.planned_closing),
            format_amount(v.actual_closing),
            format_amount(v.difference),
            format_amount(v.inflow_variance),
            format_amount(v.outflow_variance),
        ]
        for v in variance_of(result)
    ]


def overdue_title(result: Forecast) -> str:
    last = result.scenario.actuals[-1].month
    expected = (
        "not expected (overdue: drop)"
        if result.scenario.overdue == "drop"
        else f"expected in {last + 1}"
    )
    return f"Overdue after the last actual month, {last} ({result.scenario.currency}; {expected})"


def variance_title(result: Forecast) -> str:
    return (
        f"Plan against actual ({result.scenario.currency}, counting {result.lens}; "
        "difference = inflow variance - outflow variance, both from start)"
    )


def overdue_grid(result: Forecast) -> Grid | None:
    from .layout import Grid

    rows = _overdue_rows(result)
    if not rows:
        return None
    grid = Grid(OVERDUE_HEADERS, title=overdue_title(result))
    for row in rows:
        grid.add_row(*row)
    return grid


def variance_grid(result: Forecast) -> Grid | None:
    from .layout import Grid

    rows = _variance_rows(result)
    if not rows:
        return None
    grid = Grid(VARIANCE_HEADERS, title=variance_title(result), wrap=[False] * 6)
    for row in rows:
        grid.add_row(*row)
    return grid


def overdue_markdown(result: Forecast) -> str:
    from .markdown import md_table, md_text

    rows = _overdue_rows(result)
    if not result.scenario.actuals:
        return ""
    if not rows:
        return "No contribution is overdue.\n\n"
    table = md_table(
        list(OVERDUE_HEADERS),
        [[md_text(cell) for cell in row] for row in rows],
        [False, False, True, False, True],
    )
    return f"{md_text(overdue_title(result))}:\n\n{table}\n"


def variance_markdown(result: Forecast) -> str:
    from .markdown import md_table, md_text

    rows = _variance_rows(result)
    if not rows:
        return ""
    table = md_table(list(VARIANCE_HEADERS), rows, [False] + [True] * 5)
    return f"{md_text(variance_title(result))}:\n\n{table}\n"
