"""The commands about how a forecast changed: diff (and, from git, history)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from ..output import emit
from .app import (
    Count,
    CountOption,
    DelayOption,
    DropOption,
    OutputOption,
    OverdueOption,
    ScaleCostsOption,
    TargetOption,
    app,
    handle_errors,
    shown,
    warn,
    whatifs_from,
)
from .decide import SimulateFormat as DiffFormat  # the same choices: table, json, markdown

if TYPE_CHECKING:
    from pathlib import Path

    from ..scenario import Scenario
    from ..whatif import WhatIfs


class Method(str, Enum):
    shapley = "shapley"
    sequential = "sequential"


@app.command()
def diff(
    old: Annotated[
        str,
        typer.Argument(
            help="The old scenario: a file, or a git revision REV:PATH (HEAD~1:scenarios/x.yaml).",
            metavar="OLD",
            show_default=False,
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            help="The new scenario: a file, or a git revision REV:PATH.",
            metavar="NEW",
            show_default=False,
        ),
    ],
    count: CountOption = Count.pledged,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.table,
    method: Annotated[
        Method | None,
        typer.Option(
            "--method",
            help="How effects are shared out: shapley (every order; the default with at most "
            "12 changes) or sequential (file order; the default beyond).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    delay: DelayOption = None,
    drop: DropOption = None,
    scale_costs: ScaleCostsOption = None,
    target: TargetOption = None,
    overdue: OverdueOption = None,
) -> None:
    """What changed between two versions of a scenario, and how much each change moved
    the shortfall and the balance at the target; effects add up exactly to the total.

    Example: mss-runway diff HEAD~1:scenarios/mss-haiti-2024-11.yaml
    scenarios/mss-haiti-2024-11.yaml --format markdown
    """
    with handle_errors():
        from ..attribution import attribute
        from ..changes import diff as changes_between
        from ..projection import forecast as project_all
        from ..render.diff import DiffReport

        whatifs = whatifs_from(delay, drop, scale_costs, target, overdue)
        before, after = load_side(old), load_side(new)
        _check_drops(before, after, whatifs)
        found = changes_between(before, after)
        attribution = attribute(
            found,
            count.value,
            None if method is None else method.value,
            lambda s: _what_if(s, whatifs),
        )
        results = [project_all(_what_if(s, whatifs), count.value) for s in (before, after)]
        for side, result in zip((old, new), results, strict=True):
            warn(result.warnings, side)
        report = DiffReport(
            attribution,
            found.other_edits,
            results[0],
            results[1],
            shown(old),
            shown(new),
            whatifs.describe(),
        )
        if fmt is DiffFormat.json:
            from ..render.diff import diff_document
            from .app import emit_json

            emit_json(diff_document(report), output)
        elif fmt is DiffFormat.markdown:
            from ..render.diff import diff_markdown

            emit(diff_markdown(report), output)
        else:
            from ..render.diff import print_diff

            emit(lambda console: print_diff(report, console), output)


def load_side(spec: str) -> Scenario:
    """A side of ``diff``: a scenario file, or ``REV:PATH`` read from git."""
    from ..history import is_revision, load_revision
    from ..loader import load_scenario

    if is_revision(spec):
        return load_revision(spec).scenario
    return load_scenario(spec)


def _what_if(scenario: Scenario, whatifs: WhatIfs) -> Scenario:
    from ..whatif import apply, within

    return apply(scenario, within(scenario, whatifs))


def _check_drops(old: Scenario, new: Scenario, whatifs: WhatIfs) -> None:
    """A --drop of a donor that neither side has is an error (as in forecast)."""
    from ..whatif import apply, within

    kept = set(within(old, whatifs).drops) | set(within(new, whatifs).drops)
    if kept != set(whatifs.drops):
        apply(old, whatifs)  # raises the usual error, naming the donors


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command()
def history(
    file: Annotated[
        str,
        typer.Argument(
            help="Scenario file in a git repository.", metavar="FILE", show_default=False
        ),
    ],
    fmt: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.table,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="Draw how the exhaustion month and the shortfall moved (with -o FILE.png "
            "or .svg; needs matplotlib).",
        ),
    ] = False,
    output: OutputOption = None,
) -> None:
    """The forecast at every git revision that changed a scenario (or a file it extends
    or reads), newest first: how the picture moved from one update to the next.

    Example: mss-runway history scenarios/mss-haiti-2024-11.yaml --format markdown
    """
    with handle_errors():
        from ..history import versions
        from ..projection import forecast as project_all
        from ..render import history as render

        if chart:
            _check_chart(output)
        rows = [
            render.Row(
                v.commit.sha,
                v.commit.date,
                v.commit.subject,
                None if v.loaded is None else project_all(v.loaded.scenario),
                v.problem,
            )
            for v in versions(file)
        ]
        if chart:
            from ..outfile import write_atomic

            assert output is not None
            fmt_out = output.suffix.lower().lstrip(".")
            write_atomic(output, lambda temp: render.draw_drift(file, rows, temp, fmt_out))
            emit(f"{output}: chart of {len(rows)} revisions\n", None)
        elif fmt is HistoryFormat.json:
            from .app import emit_json

            emit_json(render.history_document(file, rows), output)
        elif fmt is HistoryFormat.csv:
            emit(render.history_csv(rows), output)
        elif fmt is HistoryFormat.markdown:
            emit(render.history_markdown(file, rows), output)
        else:
            emit(lambda console: render.print_history(file, rows, console), output)


def _check_chart(output: Path | None) -> None:
    from .app import invalid_input, invalid_option

    if output is None or output.suffix.lower() not in (".png", ".svg"):
        raise invalid_option("--chart", "give the image to write with -o FILE.png or FILE.svg")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise invalid_input(
            "--chart",
            "needs matplotlib, an optional extra: from a checkout of mss-runway, "
            "pip install '.[charts]'",
        ) from None
