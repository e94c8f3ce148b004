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
    FileArgument,
    OutputOption,
    app,
    emit_json,
    handle_errors,
    invalid_input,
    warn,
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
#: A progress bar appears when a simulation looks like taking longer than this (seconds).
PROGRESS_AFTER = 1.0


@app.command()
def simulate(
    file: FileArgument,
    runs: Annotated[
        int, typer.Option("--runs", "-n", min=1, max=MAX_RUNS, help="How many runs.")
    ] = 10_000,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help="Seed of the random numbers: the same seed gives the same numbers "
            "(default: a new one, printed so the run can be repeated).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        SimulateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SimulateFormat.table,
    output: OutputOption = None,
) -> None:
    """Simulate late and missing contributions: the chance of lasting through the target,
    when the money runs out, the shortfall, and a fan chart of the balance.

    Example: mss-runway simulate scenarios/mss-haiti-2024-11.yaml --seed 7
    """
    with handle_errors():
        import secrets

        from ..loader import load_scenario
        from ..simulation import SimulationTooLarge
        from ..simulation import simulate as run

        scenario = load_scenario(file)
        chosen = secrets.randbelow(10**9) if seed is None else seed
        with _progress_bar(fmt is not SimulateFormat.json) as progress:
            try:
                result = run(scenario, runs, chosen, progress)
            except SimulationTooLarge as exc:
                raise invalid_input(file, str(exc)) from None
        warn(result.warnings)
        if fmt is SimulateFormat.json:
            from ..render.simulate import simulation_document

            emit_json(simulation_document(result), output)
        elif fmt is SimulateFormat.markdown:
            from ..render.simulate import simulation_markdown

            emit(simulation_markdown(result), output)
        else:
            from ..render.simulate import print_simulation

            emit(lambda console: print_simulation(result, console), output)


@app.command()
def solve(
    file: FileArgument,
    count: CountOption = Count.pledged,
    top_up: Annotated[
        str | None,
        typer.Option(
            "--top-up",
            help="An amount of money: the latest month by which it must arrive.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        AnswerFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnswerFormat.table,
    output: OutputOption = None,
) -> None:
    """What it takes to last through the target: a lump sum, a monthly top-up, the latest
    month for a given top-up, how deep a cut, how many units.

    Example: mss-runway solve scenarios/mss-haiti-2024-11.yaml --top-up 500_000_000
    """
    with handle_errors():
        from ..loader import load_scenario
        from ..money import MoneyError, parse_money
        from ..solve import NoTarget
        from ..solve import solve as answer

        amount = None
        if top_up is not None:
            try:
                amount = parse_money(top_up)
            except MoneyError as exc:
                raise invalid_input("--top-up", str(exc)) from None
            if amount <= 0:
                raise invalid_input("--top-up", f"expected an amount above 0, got {amount}")
        try:
            result = answer(load_scenario(file), count.value, amount)
        except NoTarget as exc:
            raise invalid_input(file, str(exc)) from None
        if fmt is AnswerFormat.json:
            from ..render.solve import solution_document

            emit_json(solution_document(result), output)
        else:
            from ..render.solve import print_solution

            emit(lambda console: print_solution(result, console), output)


@app.command()
def sensitivity(
    file: FileArgument,
    delay: Annotated[
        int,
        typer.Option(
            "--delay", min=1, max=119, help="How many months late, for the `late` answer."
        ),
    ] = 3,
    count: CountOption = Count.pledged,
    fmt: Annotated[
        AnswerFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnswerFormat.table,
    output: OutputOption = None,
) -> None:
    """Which pledges matter most: for each contribution still to come, what happens if it
    never arrives, and if it arrives late. Most harmful first.

    Example: mss-runway sensitivity scenarios/mss-haiti-pledges-on-time.yaml --delay 6
    """
    with handle_errors():
        from ..loader import load_scenario
        from ..sensitivity import sensitivity as impacts

        scenario = load_scenario(file)
        result = impacts(scenario, count.value, delay)
        if fmt is AnswerFormat.json:
            from ..render.sensitivity import sensitivity_document

            emit_json(sensitivity_document(result), output)
        else:
            from ..render.sensitivity import print_sensitivity

            emit(lambda console: print_sensitivity(result, console), output)


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
