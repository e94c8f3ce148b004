"""``solve`` results for scripts (JSON document) and funding officers (plain sentences).

``rich`` is imported only inside :func:`print_solution`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..checks import reserve_words
from ..money import format_amount
from ..scenario import MonthsOfCosts
from ..solve import Solution
from .document import month_text
from .labels import what_if_line

if TYPE_CHECKING:
    from rich.console import Console


def solution_document(result: Solution, what_if: Sequence[str] = ()) -> dict[str, Any]:
    """The object ``solve --format json`` prints (see docs/output.md); ``what_if`` names
    the what-ifs applied; ``reserve`` only when the scenario has one (the answers then
    keep every month at or above it)."""
    document: dict[str, Any] = {
        "target": month_text(result.scenario.target),
        "count": result.lens,
        "lump_sum": result.lump_sum,
        "lump_sum_by": month_text(result.lump_sum_by),
        "monthly_top_up": result.monthly_top_up,
        "top_up": result.top_up,
        "latest_top_up_month": month_text(result.latest_top_up_month),
        "cost_factor": result.cost_factor,
        "max_units": result.max_units,
        "what_if": list(what_if),
    }
    reserve = result.scenario.reserve
    if isinstance(reserve, MonthsOfCosts):
        document["reserve"] = {"months_of_costs": reserve.months_of_costs}
    elif reserve is not None:
        document["reserve"] = {"amount": reserve}
    return document


def solution_sentences(result: Solution) -> list[str]:
    """Each answer as a sentence a funding officer reads."""
    scenario = result.scenario
    start, target, currency = scenario.start, scenario.target, scenario.currency

    def money(value: Any) -> str:
        return f"{currency} {format_amount(value)}"

    reserve = scenario.reserve
    under = (
        "negative"
        if reserve is None
        else f"under the reserve of {reserve_words(reserve, currency)}"
    )
    if not result.lump_sum:
        lines = [f"No money is needed: no month from {start} through {target} closes {under}."]
    else:
        lines = [
            f"A lump sum of {money(result.lump_sum)} closes the gap; it must arrive by "
            f"{result.lump_sum_by} at the latest.",
            f"A top-up of {money(result.monthly_top_up)} a month from {start} through {target} "
            "closes the gap.",
        ]
    if result.top_up is not None:
        latest = result.latest_top_up_month
        if latest is None:
            lines.append(
                f"A top-up of {money(result.top_up)} is not enough: even arriving in {start} "
                f"it leaves a month {under} before {target} ends."
            )
        else:
            lines.append(
                f"A top-up of {money(result.top_up)} must arrive by {latest} at the latest "
                f"for no month through {target} to close {under}."
            )
    factor = result.cost_factor
    if factor is None and reserve is not None:
        lines.append(
            f"No cost factor keeps every month from {start} through {target} at or above the "
            "reserve: even with no costs it is not kept, or nothing is spent then."
        )
    elif factor is None:
        lines.append(f"Nothing is spent from {start} through {target}: costs do not decide it.")
    elif factor < 1:
        lines.append(
            f"Costs must fall to {factor * 100:.2f}% of plan (every cost scaled by {factor}) "
            "to close the gap."
        )
    else:
        lines.append(
            f"Costs could rise to {factor * 100:.2f}% of plan (every cost scaled by {factor}) "
            f"and the fund would still last through {target}"
            + ("." if reserve is None else " above the reserve.")
        )
    for label, units in result.max_units.items():
        if units is None:
            lines.append(
                f"{label}: even with no units the fund does not last through {target}."
                if reserve is None
                else f"{label}: even with no units a month through {target} closes {under}."
            )
        else:
            lines.append(
                f"{label}: at most {units:,} units every month from {start} through {target}, "
                "everything else unchanged."
            )
    return lines


def print_solution(result: Solution, console: Console, what_if: Sequence[str] = ()) -> None:
    """The answers as sentences, each checked by projecting again."""
    from rich.text import Text

    from .sentences import print_sentences

    scenario = result.scenario
    reserve = scenario.reserve
    keeping = (
        ""
        if reserve is None
        else f" above the reserve of {reserve_words(reserve, scenario.currency)}"
    )
    heading = Text.assemble(
        (f"What it takes to last through {scenario.target}{keeping}", "bold"),
        f" — {scenario.name} (counting {result.lens} contributions)",
    )
    print_sentences(console, heading, solution_sentences(result), what_if_line(what_if))
    console.print(
        "Each answer was checked by projecting the scenario again with it applied; amounts "
        "are rounded up to the cent, the cost factor down to 0.0001.",
        style="dim",
    )
