"""The ``mss-runway`` command line: parse arguments, call the core, pick a renderer,
map errors to exit codes. Nothing here computes a number.

Exit codes, the same for every command: 0 fine; 1 a shortfall when
``--fail-on-shortfall`` is given, or a failing scenario in ``check``; 2 invalid input or
usage; 3 a bug in mss-runway.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .errors import InputError
from .output import Drawing, append, emit, silence_stdout, write_stdout

if TYPE_CHECKING:
    from .comparison import Comparison
    from .loader import Loaded
    from .projection import Forecast
    from .scenario import Scenario
    from .whatif import WhatIfs

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
    # Plain help and usage errors: rich's help panels cost more start-up time than the
    # whole of a forecast (docs/performance.md); `rich` stays for the tables.
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        with _errors():
            write_stdout(f"mss-runway {__version__}\n")
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
FileArgument = Annotated[
    Path, typer.Argument(help="Scenario file (YAML).", metavar="FILE", show_default=False)
]
FilesArgument = Annotated[
    list[Path], typer.Argument(help="Scenario files.", metavar="FILE", show_default=False)
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the output to this file (atomically) instead of stdout."
    ),
]


DelayOption = Annotated[
    list[str] | None,
    typer.Option(
        "--delay",
        metavar="STATUS=MONTHS",
        help="What-if: every contribution of STATUS arrives MONTHS later "
        "(e.g. pledged=3; repeat for other statuses).",
        show_default=False,
    ),
]
DropOption = Annotated[
    list[str] | None,
    typer.Option(
        "--drop",
        metavar="DONOR",
        help="What-if: leave out every contribution of DONOR (repeatable).",
        show_default=False,
    ),
]
ScaleCostsOption = Annotated[
    str | None,
    typer.Option(
        "--scale-costs",
        metavar="FACTOR",
        help="What-if: every cost amount times FACTOR (e.g. 1.1), each rounded to the cent.",
        show_default=False,
    ),
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target",
        metavar="YYYY-MM",
        help="What-if: the last month the fund must pay for, instead of the file's target.",
        show_default=False,
    ),
]


@app.command()
def forecast(
    file: FileArgument,
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
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
) -> None:
    """Project a scenario month by month: when the money runs out and the gap to the target.

    Example: mss-runway forecast scenarios/mss-haiti-2024-11.yaml --count committed
    --delay pledged=3
    """
    with _errors():
        from .projection import forecast as project_all

        whatifs = _whatifs(delay, drop, scale_costs, target)
        _, scenario = _load(file, whatifs)
        result = project_all(scenario, count.value)
        _warn(result.warnings)
        emit(_render_forecast(result, fmt, str(file), whatifs.describe()), output)
        if fail_on_shortfall and result.falls_short:
            raise typer.Exit(EXIT_SHORTFALL)


@app.command()
def validate(
    files: FilesArgument,
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
                write_stdout(f"{file}: ok ({scenario.name})\n")
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

        from .scenario import json_schema

        text = json.dumps(json_schema(), indent=2) + "\n"
        emit(text, output)


@app.command()
def compare(
    files: Annotated[
        list[Path],
        typer.Argument(help="Scenario files (two or more).", metavar="FILE", show_default=False),
    ],
    count: CountOption = Count.pledged,
    fmt: FormatOption = Format.table,
    monthly: Annotated[
        bool,
        typer.Option(
            "--monthly",
            help="Add the closing balances by calendar month (with csv: print only those).",
        ),
    ] = False,
    output: OutputOption = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
) -> None:
    """Compare scenarios side by side: the summary of each, best and worst marked, and a
    chart of their balances over time. They must share a currency.

    Example: mss-runway compare scenarios/mss-haiti-*.yaml --count committed --monthly
    """
    if len(files) < 2:
        raise typer.BadParameter("compare needs two or more scenario files", param_hint="FILE")
    with _errors():
        whatifs = _whatifs(delay, drop, scale_costs, target)
        comparison = _comparison(files, whatifs, count)
        what_if = whatifs.describe()
        if fmt is Format.json:
            from .render.document import compare_document

            _emit_json(compare_document(comparison, what_if), output)
        elif fmt is Format.csv:
            from .render.csvtext import closings_csv, compare_csv

            emit(
                closings_csv(comparison, what_if) if monthly else compare_csv(comparison, what_if),
                output,
            )
        elif fmt is Format.markdown:
            from .render.markdown import compare_markdown

            emit(compare_markdown(comparison, what_if, monthly), output)
        else:
            from .render.table import print_compare

            emit(lambda console: print_compare(comparison, console, what_if, monthly), output)


@app.command()
def check(
    files: FilesArgument,
    count: Annotated[
        Count,
        typer.Option(
            "--count", "-c", help="Which contributions count (default: binding money only)."
        ),
    ] = Count.committed,
    min_runway: Annotated[
        int | None,
        typer.Option(
            "--min-runway",
            min=0,
            metavar="MONTHS",
            help="Also fail when the money runs out after fewer than MONTHS months.",
            show_default=False,
        ),
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", metavar="FILE", help="Write JUnit XML to FILE (atomically)."),
    ] = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
) -> None:
    """Gate CI on scenarios: PASS or FAIL for each, and why. Exit 0 when all pass, 1 when
    any fails, 2 when any file is invalid (the others are still checked).

    FAIL: a shortfall through the target; without a target, running out at all; with
    --min-runway, a shorter runway. With GITHUB_ACTIONS=true: an annotation on each failing
    scenario's target line and a summary appended to $GITHUB_STEP_SUMMARY.

    Example: mss-runway check scenarios/*.yaml --junit check.xml
    """
    with _errors():
        import os

        from .checks import exit_code, invalid, judge
        from .errors import Problem, ScenarioError
        from .projection import forecast as project_all
        from .render import checkreport
        from .whatif import WhatIfError

        whatifs = _whatifs(delay, drop, scale_costs, target)
        verdicts = []
        for file in files:
            try:
                loaded, scenario = _load(file, whatifs)
            except ScenarioError as exc:
                _report(exc)
                verdicts.append(invalid(str(file), exc.problems))
                continue
            except WhatIfError as exc:  # a what-if that does not fit this file: invalid too
                problem = Problem(str(file), None, None, "", str(exc).removeprefix(f"{file}: "))
                typer.echo(str(problem), err=True)
                verdicts.append(invalid(str(file), (problem,)))
                continue
            result = project_all(scenario, count.value)
            _warn(tuple(f"{file}: {w}" for w in result.warnings))
            where = (str(file), 1)
            if whatifs.target is None and scenario.target is not None:
                at, line, _ = loaded.where(("target",))
                where = (at, line or 1)
            verdicts.append(judge(str(file), result, where, min_runway))
        what_if = whatifs.describe()
        write_stdout(checkreport.lines(verdicts, what_if))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            write_stdout(checkreport.github_annotations(verdicts))
            summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
            if summary_file:
                append(Path(summary_file), checkreport.step_summary(verdicts, count.value, what_if))
        if junit is not None:
            emit(checkreport.junit_xml(verdicts), junit)
        raise typer.Exit(exit_code(verdicts))


@app.command()
def chart(
    files: FilesArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Image to write: a .png or .svg file.", show_default=False
        ),
    ],
    count: CountOption = Count.pledged,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
) -> None:
    """Draw each scenario's balance over time, for a report or a briefing: zero line, target
    month, where each runs out. Needs matplotlib: pip install 'mss-runway[charts]'.

    Example: mss-runway chart scenarios/mss-haiti-*.yaml -o runway.png
    """
    with _errors():
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("png", "svg"):
            typer.echo(f"{output}: the chart is written as .png or .svg, not {fmt!r}", err=True)
            raise typer.Exit(EXIT_INVALID)
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            typer.echo(
                "chart needs matplotlib, an optional extra: pip install 'mss-runway[charts]'",
                err=True,
            )
            raise typer.Exit(EXIT_INVALID) from None
        from .outfile import write_atomic
        from .render.chart import draw

        whatifs = _whatifs(delay, drop, scale_costs, target)
        comparison = _comparison(files, whatifs, count)
        what_if = whatifs.describe()
        try:
            write_atomic(output, lambda temp: draw(comparison, temp, fmt, what_if))
        except OSError as exc:
            typer.echo(f"{output}: cannot write: {exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_INVALID) from None
        n = len(comparison.scenarios)
        write_stdout(f"{output}: chart of {n} scenario{'s' * (n != 1)}\n")


# --- shell helpers -----------------------------------------------------------------------


def _whatifs(
    delay: list[str] | None, drop: list[str] | None, scale_costs: str | None, target: str | None
) -> WhatIfs:
    from .whatif import build

    return build(delay or (), drop or (), scale_costs, target)


def _load(file: Path, whatifs: WhatIfs) -> tuple[Loaded, Scenario]:
    """The scenario in ``file`` as written (with where its values stand), and with the
    what-ifs applied."""
    from .loader import load
    from .whatif import WhatIfError, apply

    loaded = load(file)
    try:
        return loaded, apply(loaded.scenario, whatifs)
    except WhatIfError as exc:
        raise WhatIfError(f"{file}: {exc}") from None


def _comparison(files: list[Path], whatifs: WhatIfs, count: Count) -> Comparison:
    """Every file loaded, what-ifs applied, projected and put side by side."""
    from .comparison import compare
    from .projection import forecast as project_all

    results = []
    for file in files:
        result = project_all(_load(file, whatifs)[1], count.value)
        _warn(tuple(f"{file}: {w}" for w in result.warnings))
        results.append((str(file), result))
    return compare(results, count.value)


def _render_forecast(result: Forecast, fmt: Format, file: str, what_if: list[str]) -> Drawing | str:
    if fmt is Format.json:
        from .render.document import forecast_document
        from .render.jsontext import dumps

        return dumps(forecast_document(result, file, what_if)) + "\n"
    if fmt is Format.csv:
        from .render.csvtext import forecast_csv

        return forecast_csv(result, what_if)
    if fmt is Format.markdown:
        from .render.markdown import forecast_markdown

        return forecast_markdown(result, what_if)
    from .render.table import print_forecast

    return lambda console: print_forecast(result, console, what_if)


def _emit_json(document: dict[str, Any] | list[Any], output: Path | None) -> None:
    """A result's machine-readable document, as JSON with exact money."""
    from .render.jsontext import dumps

    emit(dumps(document) + "\n", output)


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
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except ScenarioError as exc:
        _report(exc)
        count = len(exc.problems)
        if count > 1:
            typer.echo(f"{count} problems", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except (typer.Exit, typer.Abort, BrokenPipeError):
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
    # One command per process, and its data holds no reference cycles: a large scenario
    # is hundreds of thousands of dicts and models, freed by reference counting like
    # everything else here. The cyclic collector's passes over them found nothing and
    # cost about 75 ms of a 560 ms forecast of 50,000 contributions. (Pausing it only
    # while loading saved 10 ms: its next passes went over the same objects.)
    gc.disable()
    try:
        app()
    except BrokenPipeError:  # a write outside output.write_stdout (click's own, say)
        silence_stdout()
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
            from .render.simulate import simulation_document

            _emit_json(simulation_document(result), output)
        elif fmt is SimulateFormat.markdown:
            from .render.simulate import simulation_markdown

            emit(simulation_markdown(result), output)
        else:
            from .render.simulate import print_simulation

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
    with _errors():
        from .loader import load_scenario
        from .money import MoneyError, parse_money
        from .solve import NoTarget
        from .solve import solve as answer

        amount = None
        if top_up is not None:
            try:
                amount = parse_money(top_up)
            except MoneyError as exc:
                raise _invalid("--top-up", str(exc)) from None
            if amount <= 0:
                raise _invalid("--top-up", f"expected an amount above 0, got {amount}")
        try:
            result = answer(load_scenario(file), count.value, amount)
        except NoTarget as exc:
            raise _invalid(file, str(exc)) from None
        if fmt is AnswerFormat.json:
            from .render.solve import solution_document

            _emit_json(solution_document(result), output)
        else:
            from .render.solve import print_solution

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
    with _errors():
        from .loader import load_scenario
        from .sensitivity import sensitivity as impacts

        scenario = load_scenario(file)
        result = impacts(scenario, count.value, delay)
        if fmt is AnswerFormat.json:
            from .render.sensitivity import sensitivity_document

            _emit_json(sensitivity_document(result), output)
        else:
            from .render.sensitivity import print_sensitivity

            emit(lambda console: print_sensitivity(result, console), output)


def _invalid(where: object, message: str) -> InputError:
    """An invalid input, reported as ``error: WHERE: MESSAGE`` with exit 2 (by _errors)."""
    return InputError(f"{where}: {message}")


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
