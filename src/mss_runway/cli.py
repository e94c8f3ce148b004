"""The ``mss-runway`` command line: parse arguments, call the core, pick a renderer,
map errors to exit codes. Nothing here computes a number.

Exit codes, the same for every command: 0 fine; 1 a shortfall when
``--fail-on-shortfall`` is given; 2 invalid input or usage; 3 a bug in mss-runway.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from .projection import Forecast

EXIT_OK = 0
EXIT_SHORTFALL = 1
EXIT_INVALID = 2
EXIT_BUG = 3


class Count(str, Enum):
    received = "received"
    committed = "committed"
    pledged = "pledged"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


app = typer.Typer(
    name="mss-runway",
    help="When does the money run out, how far is that from the date we must reach, "
    "and what closes the gap?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mss-runway {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show Python tracebacks (for bug reports).")
    ] = False,
) -> None:
    _state["debug"] = debug


CountOption = Annotated[
    Count,
    typer.Option(
        "--count",
        "-c",
        help="Which contributions the ledger counts: received; committed (and received); "
        "pledged (all).",
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the output to this file (atomically) instead of stdout."
    ),
]


@app.command()
def forecast(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)],
    count: CountOption = Count.pledged,
    fmt: FormatOption = Format.table,
    fail_on_shortfall: Annotated[
        bool,
        typer.Option(
            "--fail-on-shortfall",
            help="Exit 1 when the counted money does not last through the target "
            "(without a target: when it runs out at all).",
        ),
    ] = False,
    output: OutputOption = None,
) -> None:
    """Project a scenario month by month: when the money runs out and the gap to the target.

    Example: mss-runway forecast scenarios/mss-haiti-2024-11.yaml --count committed
    """
    with _errors():
        from .loader import load_scenario
        from .projection import forecast as project_all

        result = project_all(load_scenario(file), count.value)
        _warn(result.warnings)
        _emit(_render_forecast(result, fmt, str(file)), output)
        if fail_on_shortfall and _short(result):
            raise typer.Exit(EXIT_SHORTFALL)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files.", show_default=False)],
) -> None:
    """Check scenario files; report every problem in each. Exit 0 when all are valid.

    Example: mss-runway validate scenarios/*.yaml
    """
    with _errors():
        from .errors import ScenarioError
        from .loader import load_scenario

        invalid = 0
        for file in files:
            try:
                scenario = load_scenario(file)
            except ScenarioError as exc:
                invalid += 1
                _report(exc)
            else:
                typer.echo(f"{file}: ok ({scenario.name})")
        if invalid:
            typer.echo(f"{invalid} of {len(files)} files invalid", err=True)
            raise typer.Exit(EXIT_INVALID)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the scenario format, for editors to check and complete files.

    Example: mss-runway schema -o mss-runway.schema.json
    """
    with _errors():
        import json

        from .scenario import Scenario

        text = json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n"
        _emit(text, output)


# --- shell helpers -----------------------------------------------------------------------


Drawing = Callable[["Console"], None]
"""A renderer for people: draws on a rich console (colour and width of the terminal)."""


def _render_forecast(result: Forecast, fmt: Format, file: str) -> Drawing | str:
    if fmt is Format.json:
        from .render.document import forecast_document
        from .render.jsontext import dumps

        return dumps(forecast_document(result, file)) + "\n"
    if fmt is Format.csv:
        from .render.csvtext import forecast_csv

        return forecast_csv(result)
    if fmt is Format.markdown:
        from .render.markdown import forecast_markdown

        return forecast_markdown(result)
    from .render.table import print_forecast

    return lambda console: print_forecast(result, console)


def _short(result: Forecast) -> bool:
    summary = result.chosen.summary
    if result.scenario.target is None:
        return summary.exhausted is not None
    return bool(summary.shortfall)


#: Width of tables written to a file or a pipe (a terminal uses its own width).
PLAIN_WIDTH = 120


def _emit(out: Drawing | str, output: Path | None) -> None:
    """Write rendered output to ``output`` atomically, or to stdout."""
    if output is not None:
        from .outfile import write_text_atomic

        try:
            write_text_atomic(output, out if isinstance(out, str) else _plain_text(out))
        except OSError as exc:
            typer.echo(f"{output}: cannot write: {exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_INVALID) from None
    elif isinstance(out, str):
        sys.stdout.write(out)
    else:
        from rich.console import Console

        terminal = sys.stdout.isatty()
        out(Console(width=None if terminal else PLAIN_WIDTH, highlight=False))


def _plain_text(draw: Drawing) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=PLAIN_WIDTH, color_system=None, highlight=False)
    draw(console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return str(text)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


def _report(exc: BaseException) -> None:
    for problem in getattr(exc, "problems", ()):
        typer.echo(str(problem), err=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Map errors to exit codes: invalid input 2, a bug 3 (traceback with --debug)."""
    from .errors import ScenarioError

    try:
        yield
    except ScenarioError as exc:
        _report(exc)
        count = len(exc.problems)
        if count > 1:
            typer.echo(f"{count} problems", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except (typer.Exit, typer.Abort, BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in mss-runway; run again with --debug and report the traceback.",
            err=True,
        )
        raise typer.Exit(EXIT_BUG) from None


def main() -> None:
    """Console entry point; a closed pipe (``| head``) ends quietly."""
    try:
        app()
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)


# --- uncertainty and decisions: simulate, solve, sensitivity ---------------------------


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
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)],
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
    with _errors():
        import secrets

        from .loader import load_scenario
        from .simulation import SimulationTooLarge
        from .simulation import simulate as run

        scenario = load_scenario(file)
        chosen = secrets.randbelow(10**9) if seed is None else seed
        with _progress_bar(fmt is not SimulateFormat.json) as progress:
            try:
                result = run(scenario, runs, chosen, progress)
            except SimulationTooLarge as exc:
                raise _invalid(file, str(exc)) from None
        _warn(result.warnings)
        if fmt is SimulateFormat.json:
            from .render.jsontext import dumps
            from .render.simulate import simulation_document

            _emit(dumps(simulation_document(result)) + "\n", output)
        elif fmt is SimulateFormat.markdown:
            from .render.simulate import simulation_markdown

            _emit(simulation_markdown(result), output)
        else:
            from .render.simulate import print_simulation

            _emit(lambda console: print_simulation(result, console), output)


@app.command()
def solve(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)],
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
    with _errors():
        from .loader import load_scenario
        from .money import MoneyError, parse_money
        from .solve import solve as answer

        amount = None
        if top_up is not None:
            try:
                amount = parse_money(top_up)
            except MoneyError as exc:
                raise _invalid("--top-up", str(exc)) from None
            if amount <= 0:
                raise _invalid("--top-up", f"expected an amount above 0, got {amount}")
        scenario = load_scenario(file)
        if scenario.target is None:
            raise _invalid(
                file,
                "no target: solve answers what it takes to last through a target month; "
                "add `target: YYYY-MM` to the scenario",
            )
        result = answer(scenario, count.value, amount)
        if fmt is AnswerFormat.json:
            from .render.jsontext import dumps
            from .render.solve import solution_document

            _emit(dumps(solution_document(result)) + "\n", output)
        else:
            from .render.solve import print_solution

            _emit(lambda console: print_solution(result, console), output)


@app.command()
def sensitivity(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)],
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
    with _errors():
        from .loader import load_scenario
        from .sensitivity import sensitivity as impacts

        scenario = load_scenario(file)
        result = impacts(scenario, count.value, delay)
        if fmt is AnswerFormat.json:
            from .render.jsontext import dumps
            from .render.sensitivity import sensitivity_document

            _emit(dumps(sensitivity_document(result)) + "\n", output)
        else:
            from .render.sensitivity import print_sensitivity

            _emit(lambda console: print_sensitivity(result, console), output)


def _invalid(where: object, message: str) -> typer.Exit:
    """Report an invalid input (exit 2)."""
    typer.echo(f"{where}: {message}", err=True)
    return typer.Exit(EXIT_INVALID)


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
