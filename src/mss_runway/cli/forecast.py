"""The commands about one scenario at a time: forecast, validate, schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..output import UNWRAPPED, Drawing, emit
from .app import (
    EXIT_INVALID,
    EXIT_SHORTFALL,
    Count,
    CountOption,
    DelayOption,
    DropOption,
    FileArgument,
    FilesArgument,
    Format,
    FormatOption,
    OutputOption,
    OverdueOption,
    ScaleCostsOption,
    TargetOption,
    app,
    handle_errors,
    load_file,
    report,
    shown,
    stdin_once,
    warn,
    whatifs_from,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..items import MonthView
    from ..projection import Forecast


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
    overdue: OverdueOption = None,
    itemize: Annotated[
        bool,
        typer.Option(
            "--itemize",
            help="Show each contribution and cost line that makes every month's inflow and "
            "outflow, with the file and line it comes from.",
        ),
    ] = False,
    month: Annotated[
        list[str] | None,
        typer.Option(
            "--month",
            metavar="YYYY-MM",
            help="Show only this month of the ledger (repeatable).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Project a scenario month by month: when the money runs out and the gap to the target.

    Example: mss-runway forecast scenarios/mss-haiti-2024-11.yaml --count committed
    --delay pledged=3
    """
    with handle_errors():
        from ..projection import forecast as project_all

        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        from ..months import month_option

        months = [month_option("--month", text) for text in month or ()]
        loaded, scenario = load_file(file, whatifs)
        result = project_all(scenario, count.value)
        warn(result.warnings, file)
        view = None
        if itemize or months:
            from ..items import Trace, ledger_view
            from ..provenance import entry_sources
            from ..whatif import traced

            sources = entry_sources(loaded) if itemize else None
            view = ledger_view(
                result,
                months,
                itemize=itemize,
                sources=sources,
                trace=Trace(*traced(loaded.scenario, whatifs)),
            )
        emit(_render_forecast(result, fmt, shown(file), whatifs.describe(), view), output)
        if fail_on_shortfall and result.falls_short:
            from ..checks import judge

            verdict = judge(shown(file), result, (shown(file), 1))
            typer.echo(f"warning: {shown(file)}: falls short: {verdict.message}", err=True)
            raise typer.Exit(EXIT_SHORTFALL)


@app.command()
def validate(
    files: FilesArgument,
) -> None:
    """Check scenario files; report every problem in each. Exit 0 when all are valid.

    Example: mss-runway validate scenarios/*.yaml
    """
    with handle_errors():
        from functools import partial

        from ..errors import ScenarioError
        from ..loader import load_scenario
        from ..render.sentences import print_hanging

        stdin_once(files)
        invalid = 0
        for file in files:
            try:
                scenario = load_scenario(file)
            except ScenarioError as exc:
                invalid += 1
                report(exc)
            else:
                ok = f"{shown(file)}: ok ({scenario.name})"
                emit(partial(print_hanging, prefix="", text=ok), None, UNWRAPPED)
        if invalid:
            typer.echo(f"error: validate: {invalid} of {len(files)} files invalid", err=True)
            raise typer.Exit(EXIT_INVALID)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the scenario format, for editors to check and complete files.

    Example: mss-runway schema -o mss-runway.schema.json
    """
    with handle_errors():
        import json

        from ..schema import json_schema

        text = json.dumps(json_schema(), indent=2) + "\n"
        emit(text, output)


def _render_forecast(
    result: Forecast,
    fmt: Format,
    file: str,
    what_if: list[str],
    view: Sequence[MonthView] | None = None,
) -> Drawing | str:
    if fmt is Format.json:
        from ..render.document import forecast_document
        from ..render.jsontext import dumps

        return dumps(forecast_document(result, file, what_if, view)) + "\n"
    if fmt is Format.csv:
        from ..render.csvtext import forecast_csv

        return forecast_csv(result, what_if, view)
    if fmt is Format.markdown:
        from ..render.markdown import forecast_markdown

        return forecast_markdown(result, what_if, view)
    from ..render.table import print_forecast

    return lambda console: print_forecast(result, console, what_if, view)
