"""``simulate`` results for scripts (JSON document) and people (sentences, a fan chart).

``rich`` is imported only inside :func:`print_simulation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..checks import reserve_words
from ..money import format_amount
from ..months import Month
from ..simulation import FanRow, Simulation
from .document import month_text
from .labels import heading, what_if_line
from .markdown import md_table, md_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from .layout import Grid

#: Width of the fan chart's drawing, in characters.
FAN_WIDTH = 40


def simulation_document(result: Simulation, what_if: Sequence[str] = ()) -> dict[str, Any]:
    """The object ``simulate --format json`` prints (see docs/output.md); ``what_if`` names
    the what-ifs applied."""
    shortfall = result.shortfall
    document: dict[str, Any] = {
        "runs": result.runs,
        "seed": result.seed,
        "p_through_target": result.p_through_target,
        "exhausted": {f"p{p}": month_text(m) for p, m in result.exhausted.items()},
        "shortfall": None if shortfall is None else {f"p{p}": v for p, v in shortfall.items()},
        "months": [
            {"month": str(row.month), "p10": row.p10, "p50": row.p50, "p90": row.p90}
            for row in result.months
        ],
        "assumptions": assumptions_document(result),
        "what_if": list(what_if),
        "lowest_balance": {f"p{p}": v for p, v in result.lowest.items()},
    }
    if result.above_reserve is not None:
        document["p_above_reserve"] = result.p_above_reserve
    return document


def assumptions_document(result: Simulation) -> dict[str, Any]:
    """The defaults by status in effect, where each came from, and the cost uncertainty."""
    document: dict[str, Any] = {
        status: {
            "probability": how.probability,
            "delay_months": list(how.delay),
            "source": {"probability": how.probability_source, "delay_months": how.delay_source},
        }
        for status, how in result.defaults.items()
    }
    document["costs_uncertainty"] = result.scenario.costs_uncertainty
    return document


def sentences(result: Simulation) -> list[str]:
    """What the simulation says, in plain sentences (for the table and Markdown)."""
    scenario = result.scenario
    currency = scenario.currency
    lines = [
        f"{result.runs:,} runs with seed {result.seed} (repeat with --seed {result.seed}); "
        f"{result.uncertain:,} uncertain contribution{'' if result.uncertain == 1 else 's'} "
        "drawn in each run.",
        "Defaults for contributions that do not give their own probability or delay: "
        + "; ".join(
            f"{status} {_percent(how.probability)} chance, {how.delay[0]} to {how.delay[1]} "
            f"months late ({_source(how.probability_source, how.delay_source)})"
            for status, how in result.defaults.items()
        )
        + ". Received money is certain.",
        _costs_sentence(scenario.costs_uncertainty),
    ]
    target = scenario.target
    if target is None or result.through_target is None or result.shortfall is None:
        lines.append("No target: no chance of lasting through it and no shortfall to report.")
    else:
        lines.append(
            f"Chance the fund lasts through {target} (no negative month from {scenario.start}): "
            f"{_percent(Decimal(result.through_target) / result.runs)} "
            f"({result.through_target:,} of {result.runs:,} runs)."
        )
        low, mid, high = (format_amount(result.shortfall[p]) for p in (10, 50, 90))
        lines.append(
            f"Shortfall at the target ({currency}): {mid} in the median run; "
            f"10% of runs need at most {low}, 90% at most {high}."
        )
    lines.append(_exhaustion_sentence(result.exhausted))
    through = f"through {target}" if target is not None else "through each run's ledger"
    low, mid, high = (format_amount(result.lowest[p]) for p in (10, 50, 90))
    lines.append(
        f"Lowest closing balance {through} ({currency}): {mid} in the median run; "
        f"10% of runs fall to {low} or lower, 90% to {high} or lower."
    )
    if scenario.reserve is not None and result.above_reserve is not None:
        lines.append(
            f"Chance of staying at or above the reserve of "
            f"{reserve_words(scenario.reserve, currency)} {through}: "
            f"{_percent(Decimal(result.above_reserve) / result.runs)} "
            f"({result.above_reserve:,} of {result.runs:,} runs)."
        )
    return lines


def _costs_sentence(spread: Decimal) -> str:
    if not spread:
        return "Costs as planned (no costs_uncertainty)."
    low, high = 1 - spread, 1 + spread
    return (
        f"Costs vary: in each run every cost line is scaled by one factor drawn from "
        f"{low:.4f} to {high:.4f} (costs_uncertainty {spread})."
    )


def _exhaustion_sentence(exhausted: dict[int, Month | None]) -> str:
    early, median, late = exhausted[10], exhausted[50], exhausted[90]
    if early is None:
        return "In at least 90% of runs the money does not run out within the ledger."
    if median is None:
        return (
            f"In the median run the money does not run out within the ledger; 10% of runs "
            f"run out by {early}."
        )
    tail = f"90% by {late}" if late is not None else "over 10% never run out within the ledger"
    return (
        f"The money most likely runs out in {median} (median run); 10% of runs run out by "
        f"{early}, {tail}."
    )


def _percent(share: Decimal) -> str:
    return f"{share * 100:.2f}%"


def _source(probability: str, delay: str) -> str:
    return probability if probability == delay else f"probability {probability}, delay {delay}"


def simulation_markdown(result: Simulation, what_if: Sequence[str] = ()) -> str:
    """Sentences and the fan chart as a GitHub-flavoured Markdown table."""
    scenario = result.scenario
    table = md_table(
        ["Month", f"p10 closing ({scenario.currency})", "p50", "p90"],
        (
            [str(r.month), format_amount(r.p10), format_amount(r.p50), format_amount(r.p90)]
            for r in result.months
        ),
        [False, True, True, True],
    )
    text = "\n".join(f"- {line}" for line in sentences(result))
    return (
        f"## Simulation: {md_text(heading(result.scenario))}\n\n"
        + (f"> **{md_text(what_if_line(what_if))}**\n\n" if what_if else "")
        + f"{text}\n\n"
        f"### Closing balance by month (10th, 50th, 90th percentile)\n\n{table}"
    )


def print_simulation(result: Simulation, console: Console, what_if: Sequence[str] = ()) -> None:
    """Sentences, then the fan chart: each month's 10th to 90th percentile closing balance
    as a bar, the median as a dot, zero as a line. The bars take the room the numbers leave
    (up to :data:`FAN_WIDTH`), or go in a table of their own below when too little is left."""
    from rich.text import Text

    from .layout import fit
    from .sentences import print_sentences

    heading_text = Text(f"Simulation: {heading(result.scenario)}", style="bold")
    print_sentences(console, heading_text, sentences(result), what_if_line(what_if))
    rows = result.months
    low = min([Decimal(0), *(r.p10 for r in rows)])
    high = max([Decimal(0), *(r.p90 for r in rows)])
    scale = f"{format_amount(low)} … {format_amount(high)}"
    for bar in BAR_WIDTHS:  # the widest bar that fits beside the numbers
        grids = [_fan_grid(result, short, scale, bar) for short in (False, True)]
        layout = fit(grids, console.width)
        if len(layout.tables) == 1 and layout.gap > 1:
            layout.print(console)
            break
    else:  # the bars below the numbers, beside the months again
        layout = fit([_fan_grid(result, False), _fan_grid(result, True)], console.width)
        layout.print(console)
        bar = min(FAN_WIDTH, console.width - 14)
        bars = _fan_grid(result, layout.grid == 1, scale, bar, numbers=False)
        bars.title = None
        fit([bars], console.width).print(console)
    if layout.grid:
        console.print("◎ target", style="dim")
    console.print("─ 10th to 90th percentile   ● median   │ zero", style="dim")


#: The widths a fan bar beside the numbers may take, widest first.
BAR_WIDTHS = (FAN_WIDTH, 32, 24, 16)


def _fan_grid(
    result: Simulation, short: bool, scale: str = "", bar: int = 0, numbers: bool = True
) -> Grid:
    """The fan chart's table: months, with ``numbers`` the three percentiles, with ``bar``
    a bar ``bar`` characters wide under the heading ``scale``; ``short``: the target month
    marked by a symbol."""
    from .layout import Grid

    rows = result.months
    low = min([Decimal(0), *(r.p10 for r in rows)])
    high = max([Decimal(0), *(r.p90 for r in rows)])
    headers = ["Month", *(("p10", "p50", "p90") if numbers else ()), *((scale,) if bar else ())]
    grid = Grid(
        headers,
        right=[False, *((True,) * 3 if numbers else ()), False],
        wrap=[False] * len(headers),
        title=f"Closing balance by month ({result.scenario.currency}): 10th, 50th, 90th "
        "percentile of the runs",
    )
    target = result.scenario.target
    for row in rows:
        month = str(row.month)
        if row.month == target:
            month += " ◎" if short else " ◀ target"
        cells: list[str | Text] = [month]
        if numbers:
            cells += [_money_cell(v) for v in (row.p10, row.p50, row.p90)]
        if bar:
            cells.append(_fan_bar(row, low, high, bar))
        grid.add_row(*cells)
    return grid


def _money_cell(value: Decimal) -> Text:
    from rich.text import Text

    return Text(format_amount(value), style="red" if value < 0 else "")


def _position(value: Decimal, low: Decimal, high: Decimal, width: int) -> int:
    if high == low:
        return 0
    return int((value - low) * (width - 1) / (high - low))


def _fan_bar(row: FanRow, low: Decimal, high: Decimal, width: int) -> Text:
    from rich.text import Text

    cells = [" "] * width
    first, last = _position(row.p10, low, high, width), _position(row.p90, low, high, width)
    for i in range(first, last + 1):
        cells[i] = "─"
    zero = _position(Decimal(0), low, high, width)
    cells[zero] = "│"
    cells[_position(row.p50, low, high, width)] = "●"
    text = Text()
    for i, char in enumerate(cells):
        text.append(char, style="red" if i < zero else "green" if char != "│" else "dim")
    return text
