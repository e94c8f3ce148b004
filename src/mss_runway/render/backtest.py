"""``backtest`` results: a JSON document, Markdown, and tables for people.

``rich`` is imported only inside :func:`print_backtest`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..backtest import Backtest, Score
from ..comparison import distinct_headings
from ..money import format_amount
from ..months import Month
from .document import month_text
from .markdown import md_table, md_text

if TYPE_CHECKING:
    from rich.console import Console

    from .layout import Grid


def backtest_document(result: Backtest) -> dict[str, Any]:
    """The object ``backtest --format json`` prints (docs/actuals.md)."""
    return {
        "name": result.actual.name,
        "file": result.file,
        "currency": result.actual.currency,
        "count": result.lens,
        "last_actual": str(result.last_actual),
        "actual_exhausted": month_text(result.actual_exhausted),
        "forecasts": [
            {
                "name": score.scenario.name,
                "file": score.file,
                "start": str(score.scenario.start),
                "mean_absolute_error": score.mean_absolute_error,
                "bias": score.bias,
                "predicted_exhausted": month_text(score.predicted_exhausted),
                "months": [
                    {
                        "month": str(m.month),
                        "forecast": m.forecast,
                        "actual": m.actual,
                        "error": m.error,
                    }
                    for m in score.months
                ],
            }
            for score in result.scores
        ],
    }


def _headings(result: Backtest, clean: Callable[[str], str] = str) -> list[str]:
    return distinct_headings(
        [(s.scenario.label or s.scenario.name, s.file) for s in result.scores],
        reserved=("Month", "Actual"),
        clean=clean,
    )


def _real(result: Backtest) -> str:
    if result.actual_exhausted is not None:
        return f"ran out in {result.actual_exhausted}"
    return f"had not run out by {result.last_actual}"


def _predicted(month: Month | None) -> str:
    return "never within its ledger" if month is None else str(month)


def _money(score: Score, value: Any) -> str:
    return "no month scored" if value is None else format_amount(value)


def _summary_rows(result: Backtest, names: list[str]) -> list[list[str]]:
    return [
        [
            name,
            str(len(score.months)),
            _money(score, score.mean_absolute_error),
            _money(score, score.bias),
            _predicted(score.predicted_exhausted),
        ]
        for name, score in zip(names, result.scores, strict=True)
    ]


SUMMARY_HEADERS = ("Forecast", "Months scored", "Mean abs. error", "Bias", "Predicted run-out")


def _month_rows(result: Backtest) -> list[tuple[Month, str, list[tuple[str, str]]]]:
    """Each actual month: the actual closing, then each forecast's closing and error
    (blank where a forecast did not cover the month)."""
    rows = []
    for actual in result.actual.actuals:
        cells = []
        for score in result.scores:
            found = next((m for m in score.months if m.month == actual.month), None)
            cells.append(
                ("", "")
                if found is None
                else (format_amount(found.forecast), format_amount(found.error))
            )
        rows.append((actual.month, format_amount(actual.closing), cells))
    return rows


def backtest_markdown(result: Backtest) -> str:
    names = _headings(result, md_text)
    currency = md_text(result.actual.currency)
    summary = md_table(
        [md_text(h) for h in SUMMARY_HEADERS],
        [[md_text(cell) for cell in row] for row in _summary_rows(result, names)],
        [False, True, True, True, False],
    )
    header = ["Month", "Actual"]
    for name in names:
        header += [f"{name} forecast", f"{name} error"]
    months = md_table(
        header,
        [
            [str(month), actual, *(cell for pair in cells for cell in pair)]
            for month, actual, cells in _month_rows(result)
        ],
        [False] + [True] * (len(header) - 1),
    )
    return (
        f"## Backtest: {md_text(result.actual.name)}\n\n"
        f"Closing balances in {currency}, counting {result.lens} contributions; error = "
        "forecast - actual (above 0: the forecast was too hopeful). The fund "
        f"{md_text(_real(result))}.\n\n{summary}\n{months}"
    )


def _grids(result: Backtest) -> tuple[Grid, Grid]:
    from .layout import Grid

    names = _headings(result)
    summary = Grid(SUMMARY_HEADERS, wrap=[True, False, False, False, True])
    for row in _summary_rows(result, names):
        summary.add_row(*row)
    headers = ["Month", "Actual"]
    for name in names:
        headers += [f"{name} forecast", f"{name} error"]
    months = Grid(headers, title=f"Closing balance by month ({result.actual.currency})")
    for month, actual, cells in _month_rows(result):
        months.add_row(str(month), actual, *(cell for pair in cells for cell in pair))
    return summary, months


def print_backtest(result: Backtest, console: Console) -> None:
    from rich.text import Text

    from .layout import fit
    from .sentences import print_sentences

    print_sentences(
        console,
        Text.assemble(("Backtest", "bold"), f" — {result.actual.name}"),
        [
            f"Each forecast's closing balances against the actuals ({result.actual.currency}, "
            f"counting {result.lens} contributions); error = forecast - actual (above 0: too "
            "hopeful).",
            f"The fund {_real(result)}.",
        ],
    )
    for grid in _grids(result):
        fit([grid], console.width).print(console)
