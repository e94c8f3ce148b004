"""The commands that decide: simulate, solve, sensitivity."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any

import typer

from ..output import emit
from .app import (
    Count,
    CountOption,
    DelayOption,
    DropOption,
    FileArgument,
    OutputOption,
    OverdueOption,
    ScaleCostsOption,
    TargetOption,
    app,
    emit_json,
    handle_errors,
    invalid_input,
    invalid_option,
    load_file,
    warn,
    whatifs_from,
)


class SimulateFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class AnswerFormat(str, Enum):
    table = "table"
    json = "json"


#: Most runs a simulation may have (the same as ``simulation.MAX_RUNS``, which this module
#: does not import at start-up).
MAX_RUNS = 100_000
#: sensitivity's default and largest lateness, in months (``sensitivity.DEFAULT_DELAY`` and
#: ``whatif.MAX_DELAY``, repeated here for the same reason).
DEFAULT_LATE = 3
MAX_LATE = 119
#: A progress bar appears when a simulation looks like taking longer than this (seconds).
PROGRESS_AFTER = 1.0


@app.command()
def simulate(
    file: FileArgument,
    runs: Annotated[
        int,
        typer.Option(
            "--runs",
            "-n",
            min=1,
            max=MAX_RUNS,
            metavar="N",
            help=f"How many runs, 1 to {MAX_RUNS:,}.",
        ),
    ] = 10_000,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            metavar="N",
            help="Seed of the random numbers, a whole number from 0: the same seed gives the "
            "same numbers (default: a new one, printed so the run can be repeated).",
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        Count,
        typer.Option(
            "--count",
            "-c",
            help="Which contributions are drawn: committed (and received); pledged (all). "
            "With received, nothing is left to chance.",
        ),
    ] = Count.pledged,
    fmt: Annotated[
        SimulateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SimulateFormat.table,
    output: OutputOption = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """Simulate late and missing contributions: the chance of lasting through the target,
    when the money runs out, the shortfall, and a fan chart of the balance.

    Example: mss-runway simulate scenarios/mss-haiti-2024-11.yaml --seed 7
    """
    with handle_errors():
        import secrets

        from ..simulation import SimulationTooLarge
        from ..simulation import simulate as run

        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        _, scenario = load_file(file, whatifs)
        what_if = whatifs.describe()
        chosen = secrets.randbelow(10**9) if seed is None else seed
        with _progress_bar(fmt is not SimulateFormat.json) as progress:
            try:
                result = run(scenario, runs, chosen, progress, lens=count.value)
            except SimulationTooLarge as exc:
                raise invalid_input(file, str(exc)) from None
        warn(result.warnings, file)
        if fmt is SimulateFormat.json:
            from ..render.simulate import simulation_document

            emit_json(simulation_document(result, what_if), output)
        elif fmt is SimulateFormat.markdown:
            from ..render.simulate import simulation_markdown

            emit(simulation_markdown(result, what_if), output)
        else:
            from ..render.simulate import print_simulation

            emit(lambda console: print_simulation(result, console, what_if), output)


@app.command()
def solve(
    file: FileArgument,
    count: CountOption = Count.pledged,
    top_up: Annotated[
        str | None,
        typer.Option(
            "--top-up",
            metavar="AMOUNT",
            help="An amount of money: the latest month by which it must arrive.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        AnswerFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnswerFormat.table,
    output: OutputOption = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """What it takes to last through the target: a lump sum, a monthly top-up, the latest
    month for a given top-up, how deep a cut, how many units.

    Example: mss-runway solve scenarios/mss-haiti-2024-11.yaml --top-up 500_000_000
    """
    with handle_errors():
        from ..money import MoneyError, parse_money
        from ..solve import NoTarget
        from ..solve import solve as answer

        amount = None
        if top_up is not None:
            try:
                amount = parse_money(top_up)
            except MoneyError as exc:
                raise invalid_option("--top-up", str(exc)) from None
            if amount <= 0:
                raise invalid_option("--top-up", f"expected an amount above 0, got {top_up!r}")
        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        _, scenario = load_file(file, whatifs)
        what_if = whatifs.describe()
        try:
            result = answer(scenario, count.value, amount)
        except NoTarget as exc:
            raise invalid_input(file, str(exc)) from None
        if fmt is AnswerFormat.json:
            from ..render.solve import solution_document

            emit_json(solution_document(result, what_if), output)
        else:
            from ..render.solve import print_solution

            emit(lambda console: print_solution(result, console, what_if), output)


@app.command()
def sensitivity(
    file: FileArgument,
    late: Annotated[
        int | None,
        typer.Option(
            "--late",
            min=1,
            max=MAX_LATE,
            metavar="MONTHS",
            help=f"How many months late, for the `late` answer: 1 to {MAX_LATE} "
            f"(default {DEFAULT_LATE}).",
            show_default=False,
        ),
    ] = None,
    count: CountOption = Count.pledged,
    fmt: Annotated[
        AnswerFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnswerFormat.table,
    output: OutputOption = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """Which pledges matter most: for each contribution still to come, what happens if it
    never arrives, and if it arrives late. Most harmful first.

    Example: mss-runway sensitivity scenarios/mss-haiti-pledges-on-time.yaml --late 6
    """
    with handle_errors():
        from ..sensitivity import sensitivity as impacts

        late, delay = _old_late(late, delay or [])
        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        _, scenario = load_file(file, whatifs)
        what_if = whatifs.describe()
        result = impacts(scenario, count.value, DEFAULT_LATE if late is None else late)
        if fmt is AnswerFormat.json:
            from ..render.sensitivity import sensitivity_document

            emit_json(sensitivity_document(result), output)
        else:
            from ..render.sensitivity import print_sensitivity

            emit(lambda console: print_sensitivity(result, console, what_if), output)


def _old_late(late: int | None, delays: list[str]) -> tuple[int | None, list[str]]:
    """``sensitivity --delay 6``, the old name of ``--late 6``: still accepted for one
    release, with a warning. Returns the lateness and the remaining ``--delay`` what-ifs."""
    what_ifs = []
    for text in delays:
        if "=" in text:
            what_ifs.append(text)
            continue
        months = text.strip()
        if not months.isdigit() or not 1 <= int(months) <= MAX_LATE:
            raise invalid_option(
                "--delay",
                f"expected STATUS=MONTHS (a what-if) or, the old --late, a whole number of "
                f"months from 1 to {MAX_LATE}, got {text!r}",
            )
        if late is not None:
            raise invalid_option(f"--delay {text}", "the old name of --late, given with --late")
        warn(
            (
                f"--delay {months}: on sensitivity a bare number of months is the old name of "
                f"--late; use --late {months} (--delay STATUS=MONTHS is the what-if, as "
                "elsewhere; the old form goes in the next release)",
            )
        )
        late = int(months)
    return late, what_ifs


@contextmanager
def _progress_bar(allowed: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback that shows a rich bar on stderr once the runs look like taking
    more than :data:`PROGRESS_AFTER` seconds, only at a terminal and only when ``allowed``
    (never on the JSON path, which does not load rich)."""
    import time

    began = time.monotonic()
    shown: list[Any] = []

    def update(done: int, total: int) -> None:
        if not shown:
            elapsed = time.monotonic() - began
            if not allowed or not sys.stderr.isatty() or elapsed * total / done < PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            shown.append((bar, bar.add_task("simulating", total=total)))
        bar, task = shown[0]
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if shown:
            shown[0][0].stop()
