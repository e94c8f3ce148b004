"""``backtest``: earlier versions of a scenario scored against its actuals."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

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
    load_file,
    shown,
    stdin_once,
)


class BacktestFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def backtest(
    file: FileArgument,
    earlier: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[EARLIER]...",
            help="Earlier versions of the scenario, each scored against FILE's actuals: "
            "files, or REV:PATH read from git.",
            show_default=False,
        ),
    ] = None,
    count: CountOption = Count.pledged,
    fmt: Annotated[
        BacktestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BacktestFormat.table,
    output: OutputOption = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Also score every git revision that changed FILE (or a file it reads), as "
            "`mss-runway history` lists them; invalid revisions are left out.",
        ),
    ] = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            metavar="FILE",
            help="Also draw each forecast's closing balances against the actual ones into "
            "this .png, .svg or .pdf file (needs matplotlib: pip install '.[charts]').",
            show_default=False,
            readable=False,  # see FileArgument in app.py
        ),
    ] = None,
) -> None:
    """How good were past forecasts: each EARLIER version's closing balances (a file, or
    REV:PATH from git; --history: every revision of FILE) against the actuals recorded in
    FILE, month by month, with the mean absolute error, the bias and the month it said the
    money would run out.

    Example: mss-runway backtest scenarios/mss-haiti-actuals.yaml scenarios/mss-haiti-2024-11.yaml
    """
    with handle_errors():
        from ..backtest import NoActuals
        from ..backtest import backtest as score
        from ..whatif import WhatIfs
        from .change import load_side

        stdin_once([file, *(Path(each) for each in earlier or ())])
        fmt_of_chart = _chart_format(chart)
        _, actual = load_file(file, WhatIfs())
        versions = [
            (shown(each), load_file(Path(each), WhatIfs())[1] if each == "-" else load_side(each))
            for each in earlier or ()
        ]
        if history:
            from ..history import versions as revisions

            versions += [
                (f"{v.commit.sha[:7]}:{file}", v.loaded.scenario)
                for v in reversed(revisions(str(file)))
                if v.loaded is not None
            ]
        if not versions:
            raise invalid_input(
                "backtest",
                "nothing to score: give EARLIER versions (files or REV:PATH) or --history",
            )
        try:
            result = score(actual, shown(file), versions, count.value)
        except NoActuals as exc:
            raise invalid_input(shown(file), str(exc)) from None
        if chart is not None:
            from ..outfile import write_atomic
            from ..render.backtestchart import draw_backtest

            try:
                write_atomic(chart, lambda temp: draw_backtest(result, temp, fmt_of_chart))
            except OSError as exc:
                raise invalid_input(chart, f"cannot write: {exc.strerror or exc}") from None
        if fmt is BacktestFormat.json:
            from ..render.backtest import backtest_document

            emit_json(backtest_document(result), output)
        elif fmt is BacktestFormat.markdown:
            from ..render.backtest import backtest_markdown

            emit(backtest_markdown(result), output)
        else:
            from ..render.backtest import print_backtest

            emit(lambda console: print_backtest(result, console), output)


def _chart_format(chart: Path | None) -> str:
    """The chart's format from its suffix, checked before any work; matplotlib present."""
    if chart is None:
        return ""
    fmt = chart.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        got = f"{chart.suffix!r}" if chart.suffix else "no suffix"
        raise invalid_input(chart, f"the chart is written as .png, .svg or .pdf, not {got}")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise invalid_input(
            "--chart",
            "needs matplotlib, an optional extra: from a checkout of mss-runway, "
            "pip install '.[charts]'",
        ) from None
    return fmt
