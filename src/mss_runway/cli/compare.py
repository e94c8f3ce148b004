"""The commands over several scenarios: compare, check, chart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..output import UNWRAPPED, append, emit, write_stdout
from .app import (
    Count,
    CountOption,
    DelayOption,
    DropOption,
    FilesArgument,
    Format,
    FormatOption,
    OutputOption,
    OverdueOption,
    ScaleCostsOption,
    TargetOption,
    app,
    comparison_of,
    emit_json,
    handle_errors,
    invalid_input,
    invalid_option,
    load_file,
    report,
    shown,
    stdin_once,
    warn,
    whatifs_from,
)

if TYPE_CHECKING:
    from ..checks import Verdict
    from ..projection import Forecast
    from ..whatif import WhatIfs


@app.command()
def compare(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario files (two or more).",
            metavar="FILE",
            show_default=False,
            readable=False,  # see FileArgument in app.py
        ),
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
    overdue: OverdueOption = None,
) -> None:
    """Compare scenarios side by side: the summary of each, best and worst marked, and a
    chart of their balances over time. They must share a currency.

    Example: mss-runway compare scenarios/mss-haiti-*.yaml --count committed --monthly
    """
    if len(files) < 2:
        raise typer.BadParameter("compare needs two or more scenario files", param_hint="FILE")
    with handle_errors():
        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        comparison = comparison_of(files, whatifs, count)
        what_if = whatifs.describe()
        if fmt is Format.json:
            from ..render.document import compare_document

            emit_json(compare_document(comparison, what_if), output)
        elif fmt is Format.csv:
            from ..render.csvtext import closings_csv, compare_csv

            emit(
                closings_csv(comparison, what_if) if monthly else compare_csv(comparison, what_if),
                output,
            )
        elif fmt is Format.markdown:
            from ..render.markdown import compare_markdown

            emit(compare_markdown(comparison, what_if, monthly), output)
        else:
            from ..render.table import print_compare

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
        typer.Option(
            "--junit",
            metavar="FILE",
            help="Write JUnit XML to FILE (atomically).",
            readable=False,  # see FileArgument in app.py
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="REV",
            help="Add to each line how the shortfall moved against the same file at git "
            "revision REV (e.g. main).",
            show_default=False,
        ),
    ] = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """Gate CI on scenarios: PASS or FAIL for each, and why. Exit 0 when all pass, 1 when
    any fails, 2 when any file is invalid (the others are still checked).

    FAIL: a shortfall through the target; without a target, running out at all; with
    --min-runway, a shorter runway. With GITHUB_ACTIONS=true: an annotation on each failing
    scenario's target line and a summary appended to $GITHUB_STEP_SUMMARY.

    Example: mss-runway check scenarios/*.yaml --junit check.xml
    """
    with handle_errors():
        import os

        from ..checks import exit_code, invalid, judge
        from ..errors import Problem, ScenarioError
        from ..projection import forecast as project_all
        from ..render import checkreport
        from ..whatif import WhatIfError

        stdin_once(files)
        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        verdicts = []
        for file in files:
            try:
                loaded, scenario = load_file(file, whatifs)
            except ScenarioError as exc:
                report(exc)
                verdicts.append(invalid(shown(file), exc.problems))
                continue
            except WhatIfError as exc:  # a what-if that does not fit this file: invalid too
                name = shown(file)
                problem = Problem(name, None, None, "", str(exc).removeprefix(f"{name}: "))
                typer.echo(f"error: {problem}", err=True)
                verdicts.append(invalid(name, (problem,)))
                continue
            result = project_all(scenario, count.value)
            warn(result.warnings, file)
            where = (shown(file), 1)
            if whatifs.target is None and scenario.target is not None:
                at, line, _ = loaded.where(("target",))
                where = (at, line or 1)
            if scenario.reserve is not None and result.falls_short and not result.runs_short:
                at, line, _ = loaded.where(("reserve",))  # the reserve alone fails it
                where = (at, line or 1)
            verdict = judge(shown(file), result, where, min_runway)
            if baseline is not None and str(file) != "-":
                verdict = _with_baseline(verdict, result, file, baseline, whatifs)
            verdicts.append(verdict)
        what_if = whatifs.describe()
        emit(lambda console: checkreport.print_lines(console, verdicts, what_if), None, UNWRAPPED)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            write_stdout(checkreport.github_annotations(verdicts))
            summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
            if summary_file:
                append(Path(summary_file), checkreport.step_summary(verdicts, count.value, what_if))
        if junit is not None:
            emit(checkreport.junit_xml(verdicts), junit)
        raise typer.Exit(exit_code(verdicts))


def _with_baseline(
    verdict: Verdict, result: Forecast, file: Path, rev: str, whatifs: WhatIfs
) -> Verdict:
    """``verdict`` with how the shortfall moved against ``file`` at git revision ``rev``."""
    import os

    from ..checks import against_baseline
    from ..errors import ScenarioError
    from ..history import commit_of, load_revision
    from ..projection import forecast as project_all
    from ..whatif import WhatIfError, apply, within

    commit_of(rev)  # an unknown revision is an error of the command (exit 2)
    spec = f"{rev}:./{os.path.relpath(file)}"
    try:
        scenario = load_revision(spec).scenario
        then = project_all(apply(scenario, within(scenario, whatifs)), result.lens)
    except ScenarioError as exc:
        missing = any("no such file in" in p.message for p in exc.problems)
        reason = "not in that revision" if missing else "invalid in that revision"
        return against_baseline(verdict, result, reason, rev)
    except WhatIfError as exc:
        return against_baseline(verdict, result, f"the what-ifs do not apply ({exc})", rev)
    return against_baseline(verdict, result, then, rev)


@app.command()
def chart(
    ctx: typer.Context,
    files: FilesArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Image to write: a .png, .svg or .pdf file (the suffix picks the format).",
            show_default=False,
            readable=False,  # see FileArgument in app.py
        ),
    ],
    count: CountOption = Count.pledged,
    lenses: Annotated[
        bool,
        typer.Option(
            "--lenses",
            help="Draw one scenario's balance under each lens (received, committed, "
            "pledged) on one chart, instead of one line per scenario.",
        ),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The chart's title.", show_default=False),
    ] = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """Draw the balance over time, for a report or a briefing: one line per scenario, or
    with --lenses one scenario under each lens; the zero line, the target month and the
    shortfall there, where each line runs out. Needs matplotlib: from a checkout of
    mss-runway, pip install '.[charts]'.

    Example: mss-runway chart scenarios/mss-haiti-2024-11.yaml --lenses -o runway.png
    """
    with handle_errors():
        from ..render.chart import FORMATS

        fmt = output.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            got = f"{output.suffix!r}" if output.suffix else "no suffix"
            raise invalid_input(output, f"the chart is written as .png, .svg or .pdf, not {got}")
        if lenses and len(files) != 1:
            raise invalid_option(
                "--lenses",
                f"draws the three lenses of one scenario; give one FILE, not {len(files)} "
                f"(or drop --lenses to draw {len(files)} scenarios under one lens)",
            )
        if lenses and _given(ctx, "count"):
            warn(("--count: not used with --lenses, which draws all three lenses",))
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise invalid_input(
                "chart",
                "needs matplotlib, an optional extra: from a checkout of mss-runway, "
                "pip install '.[charts]'",
            ) from None
        from ..outfile import write_atomic
        from ..render.chart import draw

        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        comparison = comparison_of(files, whatifs, count)
        what_if = whatifs.describe()
        try:
            write_atomic(output, lambda temp: draw(comparison, temp, fmt, what_if, title, lenses))
        except OSError as exc:
            raise invalid_input(output, f"cannot write: {exc.strerror or exc}") from None
        n = len(comparison.scenarios)
        drawn = "its three lenses" if lenses else f"{n} scenario{'s' * (n != 1)}"
        write_stdout(f"{output}: chart of {drawn}\n")


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` was given (not left to its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name != "DEFAULT"


# --- shell helpers -----------------------------------------------------------------------
