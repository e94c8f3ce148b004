"""The chart of ``backtest --chart``: each earlier forecast's closing balances against
the actual ones, over the actual months (matplotlib, an optional extra, imported only
inside the functions here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..backtest import Backtest
from ..comparison import distinct_headings
from ..months import Month


def _day(month: Month) -> date:
    return date(month.year, month.month, 1)


def draw_backtest(result: Backtest, path: Path, fmt: str) -> None:
    """Draw the chart into ``path`` as ``fmt`` (png, svg or pdf), reproducibly (no
    creation date in SVG or PDF)."""
    import matplotlib

    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else {}
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        backtest_figure(result).savefig(path, format=fmt, metadata=metadata)


def backtest_figure(result: Backtest) -> Any:
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .chartlayout import money_ticks, style

    currency = result.actual.currency
    fig = Figure(figsize=(11, 6.2), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    ax: Any = fig.add_subplot()
    ax.axhline(0, color="#222222", linewidth=1.2, zorder=2)
    names = distinct_headings(
        [(s.scenario.label or s.scenario.name, s.file) for s in result.scores]
    )
    for i, (name, score) in enumerate(zip(names, result.scores, strict=True)):
        look = style(i)
        ax.plot(
            [_day(m.month) for m in score.months],
            [float(m.forecast) for m in score.months],  # drawing only: printed figures stay exact
            color=look.colour,
            linestyle=look.dash,
            marker=look.marker,
            linewidth=2,
            label=f"{name} (forecast)",
        )
    actuals = result.actual.actuals
    ax.plot(
        [_day(a.month) for a in actuals],
        [float(a.closing) for a in actuals],
        color="#111111",
        linewidth=3.2,
        marker="o",
        label="Actual closing balance",
        zorder=3,
    )
    low, high = ax.get_ylim()
    if low < 0:
        ax.axhspan(low, 0, color="#d62728", alpha=0.06, zorder=0)
        ax.set_ylim(low, high)
    ax.yaxis.set_major_formatter(money_ticks(currency))
    ax.xaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.set_ylabel(f"Closing balance at month end ({currency})")
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(
        f"Forecasts against what happened: {result.actual.label or result.actual.name}\n"
        f"counting {result.lens} contributions; the fund "
        + (
            f"ran out in {result.actual_exhausted}"
            if result.actual_exhausted
            else f"had not run out by {result.last_actual}"
        ),
        loc="left",
        fontsize=11,
    )
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=9, frameon=False
    )
    return fig
