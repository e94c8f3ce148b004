"""The ``mss-runway`` command line: parse arguments, call the core, pick a renderer,
map errors to exit codes. Nothing here computes a number.

Exit codes, the same for every command: 0 fine; 1 a shortfall when
``--fail-on-shortfall`` is given, or a failing scenario in ``check``; 2 invalid input or
usage; 3 a bug in mss-runway.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import __version__
from ..errors import InputError, OptionError
from ..output import emit, silence_stdout, write_stdout
from .usage import App, Group, help_hint

if TYPE_CHECKING:
    from ..comparison import Comparison
    from ..loader import Loaded
    from ..scenario import Scenario
    from ..whatif import WhatIfs

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


app = App(
    name="mss-runway",
    cls=Group,
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

state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        with handle_errors():
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
    state["debug"] = debug


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
# Every Path parameter says readable=False. Otherwise typer asks access(2) first and, for
# a user who is not root, refuses a file it cannot read as a usage error ("FILE: path ...
# is not readable") before the command runs, so the file is not reported the way one a
# scenario names is, nor in turn with the others given. The command's own reading and
# writing report a refusal: "error: FILE: cannot be read: permission denied", exit 2.
FileArgument = Annotated[
    Path,
    typer.Argument(
        help="Scenario file (YAML); - reads it from standard input.",
        metavar="FILE",
        show_default=False,
        readable=False,
    ),
]
FilesArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Scenario files (YAML); - reads one from standard input.",
        metavar="FILE",
        show_default=False,
        readable=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the output to this file (atomically) instead of stdout.",
        readable=False,
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


OverdueOption = Annotated[
    str | None,
    typer.Option(
        "--overdue",
        metavar="next_month|drop",
        help="What-if: a contribution still owed after the last actual month is expected "
        "the month after it (next_month) or not at all (drop), instead of the file's "
        "overdue.",
        show_default=False,
    ),
]


def whatifs_from(
    delay: list[str] | None,
    drop: list[str] | None,
    scale_costs: str | None,
    target: str | None,
    overdue: str | None = None,
) -> WhatIfs:
    """The what-ifs given; a value an option cannot take is an :class:`OptionError`."""
    from ..whatif import WhatIfError, build

    try:
        return build(delay or (), drop or (), scale_costs, target, overdue)
    except WhatIfError as exc:  # build only reads the options' texts
        raise OptionError(str(exc)) from None


def load_file(file: Path, whatifs: WhatIfs) -> tuple[Loaded, Scenario]:
    """The scenario in ``file`` as written (with where its values stand), and with the
    what-ifs applied."""
    from ..errors import ScenarioError
    from ..loader import load
    from ..whatif import WhatIfError, apply

    try:
        loaded = load(file)
    except ScenarioError as exc:
        exc.file = shown(file)  # type: ignore[attr-defined]  # for the count of problems
        raise
    try:
        return loaded, apply(loaded.scenario, whatifs)
    except WhatIfError as exc:
        raise WhatIfError(f"{shown(file)}: {exc}") from None


#: A FILE argument of ``-`` reads the scenario from standard input, named so in messages.
STDIN = "<stdin>"


def stdin_once(files: list[Path]) -> None:
    """Standard input can be read once: ``-`` given twice is a usage error."""
    if sum(str(file) == "-" for file in files) > 1:
        raise invalid_input("-", "standard input can be read only once; give - once")


def shown(file: Path | str) -> str:
    """A FILE argument as messages name it."""
    return STDIN if str(file) == "-" else str(file)


def comparison_of(files: list[Path], whatifs: WhatIfs, count: Count) -> Comparison:
    """Every file loaded, what-ifs applied, projected and put side by side."""
    from ..comparison import compare
    from ..projection import forecast as project_all

    stdin_once(files)
    results = []
    for file in files:
        result = project_all(load_file(file, whatifs)[1], count.value)
        warn(result.warnings, file)
        results.append((shown(file), result))
    return compare(results, count.value)


def emit_json(document: dict[str, Any] | list[Any], output: Path | None) -> None:
    """A result's machine-readable document, as JSON with exact money."""
    from ..render.jsontext import dumps

    emit(dumps(document) + "\n", output)


def warn(warnings: tuple[str, ...], file: Path | str | None = None) -> None:
    """Each warning as ``warning: WHERE: WHAT`` (WHERE: ``file``, if given, then the
    warning's own)."""
    where = "" if file is None else f"{shown(file)}: "
    for warning in warnings:
        typer.echo(f"warning: {where}{warning}", err=True)


def report(exc: BaseException) -> None:
    """Each problem of an invalid input as ``error: FILE:LINE:COLUMN: FIELD: WHAT``."""
    for problem in getattr(exc, "problems", ()):
        typer.echo(f"error: {problem}", err=True)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Map errors to exit codes: invalid input 2, a bug 3 (traceback with --debug)."""
    from ..errors import ScenarioError

    try:
        yield
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        if isinstance(exc, OptionError):
            typer.echo(help_hint(), err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except ScenarioError as exc:
        report(exc)
        count = len(exc.problems)
        if count > 1:
            where = getattr(exc, "file", None) or exc.problems[0].file
            typer.echo(f"error: {where}: {count} problems", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    except (typer.Exit, typer.Abort, BrokenPipeError):
        raise
    except Exception as exc:
        if state["debug"]:
            raise
        typer.echo(
            f"error: mss-runway: internal error: {type(exc).__name__}: {exc}\n"
            "  (a bug in mss-runway: run again with --debug and report the traceback)",
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


def invalid_input(where: object, message: str) -> InputError:
    """An invalid input, reported as ``error: WHERE: MESSAGE`` with exit 2 (by _errors)."""
    return InputError(f"{where}: {message}")


def invalid_option(option: str, message: str) -> OptionError:
    """A value ``option`` cannot take: ``error: OPTION: MESSAGE``, the help hint, exit 2."""
    return OptionError(f"{option}: {message}")
