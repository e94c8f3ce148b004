"""The commands that bring other funding data in: ``import fts`` and ``import iati``.

Each reads one file, calls a pure importer (``importers/``), writes the contributions
CSV (atomically, or to stdout) and reports on stderr what it kept, dropped or merged and
why; ``--report FILE.json`` writes the same report as JSON.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..output import emit
from .app import OutputOption, app, handle_errors, invalid_option
from .usage import App, Group

if TYPE_CHECKING:
    from ..importers.common import Report, Row

import_app = App(
    name="import",
    cls=Group,
    help="Turn other funding data (FTS exports, IATI files) into a contributions CSV "
    "that a scenario reads with contributions_file.\n\n"
    "Example: mss-runway import fts flows.json --since 2024-01 -o donors.csv",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")


class DateChoice(str, Enum):
    date = "date"
    decision = "decision"
    first_reported = "first-reported"


SourceArgument = Annotated[
    Path,
    typer.Argument(
        help="The file to import.",
        metavar="FILE",
        show_default=False,
        readable=False,  # see FileArgument in app.py
    ),
]
ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        metavar="FILE.json",
        help="Also write the report (kept, dropped, merged, by reason) to this JSON file.",
        show_default=False,
        readable=False,  # see FileArgument in app.py
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM",
        help="Drop contributions dated before this month; their totals by status are "
        "reported (received money belongs in opening_balance).",
        show_default=False,
    ),
]


@import_app.command("fts")
def import_fts(
    file: SourceArgument,
    output: OutputOption = None,
    report: ReportOption = None,
    since: SinceOption = None,
    destination: Annotated[
        str | None,
        typer.Option(
            "--destination",
            metavar="TEXT",
            help="Keep flows to a destination organisation, plan or emergency whose name "
            "contains TEXT (any case).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        DateChoice,
        typer.Option(
            "--date",
            help="Which FTS date is the contribution's month (a blank one falls back to date).",
        ),
    ] = DateChoice.date,
    original_currency: Annotated[
        bool,
        typer.Option(
            "--original-currency",
            help="Write originalAmount in originalCurrency, with each flow's own rate to USD "
            "(amountUSD / originalAmount), instead of amountUSD.",
        ),
    ] = False,
) -> None:
    """Read an OCHA FTS flows export (API JSON or the HDX CSV); write contributions.

    Example: mss-runway import fts flows.json --since 2024-01 -o donors.csv
    """
    with handle_errors():
        from ..importers.fts import Options
        from ..importers.fts import import_fts as translate
        from ..loader import read_text
        from ..months import month_option

        options = Options(
            date=date.value,
            destination=destination,
            since=None if since is None else month_option("--since", since),
            original_currency=original_currency,
        )
        rows, result = translate(read_text(str(file)), str(file), options)
        _finish(rows, result, output, report)


@import_app.command("iati")
def import_iati(
    file: SourceArgument,
    fund: Annotated[
        str,
        typer.Option(
            "--fund",
            metavar="TEXT",
            help="The fund: a receiver organisation whose ref or name contains TEXT (any "
            "case); for the fund's own reports, the reporting organisation.",
            show_default=False,
        ),
    ],
    output: OutputOption = None,
    report: ReportOption = None,
    planned: Annotated[
        bool,
        typer.Option(
            "--planned",
            help="Also count planned-disbursement elements to the fund as pledged, in their "
            "period-start month (off by default: the real disbursement would count again).",
        ),
    ] = False,
) -> None:
    """Read an IATI activity file (XML, standard 2.01-2.03); write the contributions to a fund.

    Example: mss-runway import iati activities.xml --fund "Operational Support" -o donors.csv
    """
    with handle_errors():
        from ..importers.iati import Options
        from ..importers.iati import import_iati as translate
        from ..loader import read_text

        if not fund.strip():
            raise invalid_option("--fund", "expected the name or ref of the fund, got nothing")
        rows, result = translate(
            read_text(str(file)), str(file), Options(fund=fund.strip(), planned=planned)
        )
        _finish(rows, result, output, report)


def _finish(rows: list[Row], result: Report, output: Path | None, report: Path | None) -> None:
    """Write the CSV and the report; the report's lines go to stderr."""
    from ..importers.common import contributions_csv

    for line in result.lines():
        typer.echo(line, err=True)
    if report is not None:
        from ..render.jsontext import dumps

        emit(dumps(result.as_dict()) + "\n", report)
    emit(contributions_csv(rows), output)
