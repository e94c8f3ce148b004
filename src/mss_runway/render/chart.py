"""A chart for a report or a briefing (``mss-runway chart``), drawn with matplotlib.

matplotlib is an optional extra (``pip install '.[charts]'`` from a checkout), imported
only inside the functions here, through the non-interactive Agg canvas. matplotlib plots
floats: each closing balance is converted from ``Decimal`` to ``float`` **only** as a
drawing coordinate, after every amount has been computed exactly; no arithmetic on money
happens here. The amounts written on the chart (axis ticks, shortfalls) are labels,
rounded for reading (``$471M``, :func:`mss_runway.render.labels.compact_money`); the
exact amounts are in every other output.

Two pictures: several scenarios' closing balances under one lens (:func:`figure`), or one
scenario's balances under each lens, received, committed and pledged (``lenses=True``).
Either way the month the money runs out is marked on each line, the target month is a
vertical line, and the shortfall at the target (amount and months short) is written on the
chart for up to three lines, in the legend beyond that.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from ..comparison import Comparison
from ..months import Month
from ..projection import LENSES, LedgerRow, Summary
from .chartlayout import LENS_STYLES, Style, fewer_ticks, money_ticks, place_apart, style
from .labels import compact_money, what_if_line
from .names import short_names

FORMATS: Final = ("png", "svg", "pdf")
#: Series up to which the shortfall is written beside each line at the target; beyond,
#: each legend entry carries it.
LABELLED_AT_TARGET: Final = 3
#: Series up to which the legend is one column right of the chart (11 x 6.2 in); beyond,
#: three columns under it (12.5 in wide, taller by 0.36 in a row).
ONE_COLUMN: Final = 12
#: Characters a legend name keeps (shortened from the middle, :mod:`.names`).
NAME_WIDTH: Final = 50
_MONTH_NAMES: Final = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_LENS_WORDS: Final = {
    "received": "money received only",
    "committed": "received + committed",
    "pledged": "received + committed + pledged",
}


def month_label(month: Month) -> str:
    return f"{_MONTH_NAMES[month.month - 1]} {month.year}"


@dataclass(frozen=True)
class Series:
    """One line of the chart: a ledger, its summary and how it is drawn."""

    name: str
    rows: tuple[LedgerRow, ...]
    summary: Summary
    target: Month | None
    look: Style


def series_of(comparison: Comparison, lenses: bool = False) -> list[Series]:
    """The lines to draw: each scenario under the comparison's lens, named by its heading
    (shortened), or (``lenses``) the one scenario under each lens."""
    if lenses:
        result = comparison.scenarios[0].result
        return [
            Series(
                f"{lens}: {_LENS_WORDS[lens]}",
                result.projections[lens].rows,
                result.projections[lens].summary,
                result.scenario.target,
                Style(*LENS_STYLES[lens]),
            )
            for lens in LENSES
        ]
    # The headings of `compare` (label, else name; never two alike), shortened
    names = short_names(comparison.headings(), NAME_WIDTH)
    return [
        Series(
            name,
            each.result.chosen.rows,
            each.result.chosen.summary,
            each.result.scenario.target,
            style(i),
        )
        for i, (name, each) in enumerate(zip(names, comparison.scenarios, strict=True))
    ]


def shortfall_text(summary: Summary, currency: str) -> str | None:
    """``shortfall $471M, 11 months short``; None without a target."""
    if summary.shortfall is None:
        return None
    if summary.shortfall == 0:
        return "no shortfall up to the target"
    months = summary.months_short or 0
    return (
        f"shortfall {compact_money(summary.shortfall, currency)}, "
        f"{months} month{'s' * (months != 1)} short"
    )


def draw(
    comparison: Comparison,
    path: Path,
    fmt: str,
    what_if: Sequence[str] = (),
    title: str | None = None,
    lenses: bool = False,
) -> None:
    """Draw the chart (:func:`figure`) into ``path`` as ``fmt`` (png, svg or pdf).

    SVG keeps its text as ``<text>`` (searchable, editable, smaller); PDF embeds TrueType
    fonts (text stays text); neither carries a creation date, so a chart redrawn from the
    same input is the same file."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        fig = figure(comparison, what_if, title, lenses)
        fig.savefig(path, format=fmt, metadata=_metadata(fmt))


def figure(
    comparison: Comparison,
    what_if: Sequence[str] = (),
    title: str | None = None,
    lenses: bool = False,
) -> Any:
    """The chart as a matplotlib ``Figure``, laid out and with its labels placed apart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    currency = comparison.currency
    lines = series_of(comparison, lenses)
    many = len(lines) > LABELLED_AT_TARGET
    rows = 0 if len(lines) <= ONE_COLUMN else -(-len(lines) // 3)
    # room for a legend of three columns under the chart
    size = (11, 6.2) if not rows else (12.5, 6.2 + 0.36 * rows)
    fig = Figure(figsize=size, dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.axhline(0, color="#222222", linewidth=1.2, zorder=2)
    for i, line in enumerate(lines):
        # Earlier lines are drawn wider and below: where two lines coincide, the one
        # underneath still shows on both sides of the one on top.
        width = 2.8 - 1.2 * i / (len(lines) - 1) if len(lines) > 1 else 2.2
        _plot(ax, line, width, currency if many else None)
    targets = sorted({line.target for line in lines if line.target is not None})
    labels = [_target_line(ax, target) for target in targets]  # to keep apart, in order
    if not many:
        for target in targets:
            at = [line for line in lines if line.target == target]
            labels += _at_target(ax, target, at, currency, lenses)
    labels += _runs_out(ax, lines, lenses)
    for label in labels:
        label.set_in_layout(False)  # placed inside the plot later (place_apart)
    _axes_look(ax, currency)
    top_texts = _titles(ax, comparison, what_if, title, lenses, targets)
    look = {
        "frameon": False,
        "title": "Lens (contributions counted)" if lenses else None,
        "title_fontsize": 9,
        "alignment": "left",
    }
    if len(lines) == 1:
        legend = None  # the title names the one scenario
    elif len(lines) <= ONE_COLUMN:
        legend = ax.legend(
            loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=9, **look
        )
    else:
        legend = fig.legend(loc="outside lower center", ncols=3, fontsize=8, **look)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    fig.draw_without_rendering()
    fig.set_layout_engine("none")  # keep the layout while the labels move
    fewer_ticks(fig, ax.xaxis, _months, renderer)
    fixed = [
        *top_texts,
        *ax.get_xticklabels(),
        *ax.get_yticklabels(),
        *(legend.get_texts() if legend else []),
    ]
    place_apart(labels, fixed, ax.get_window_extent(renderer), renderer)
    return fig


def _day(month: Month) -> date:
    return date(month.year, month.month, 1)


def _plot(ax: Any, line: Series, width: float, facts_in: str | None) -> None:
    """The line; with ``facts_in`` (a currency) its legend entry says when it runs out and
    its shortfall."""
    label = line.name
    if facts_in is not None:
        label += "\n" + _facts(line, facts_in)
    ax.plot(
        [_day(row.month) for row in line.rows],
        [float(row.closing) for row in line.rows],  # drawing coordinates only
        color=line.look.colour,
        linestyle=line.look.dash,
        marker=line.look.marker,
        markevery=max(1, -(-len(line.rows) // 30)),  # a long ledger: not every month
        markersize=3.5,
        linewidth=width,
        label=label,
    )
    exhausted = line.summary.exhausted
    if exhausted is not None:
        closing = next(row.closing for row in line.rows if row.month == exhausted)
        ax.plot(
            [_day(exhausted)],
            [float(closing)],
            marker="X",
            markersize=12,
            color=line.look.colour,
            markeredgecolor="white",
            linestyle="none",
            zorder=5,
            gid="runs-out",
        )


def _facts(line: Series, currency: str) -> str:
    """The legend's second line: when it runs out and the shortfall at the target."""
    exhausted = line.summary.exhausted
    out = f"runs out {month_label(exhausted)}" if exhausted else "does not run out"
    short = shortfall_text(line.summary, currency)
    return out + (f"; {short}" if short else "")


def _target_line(ax: Any, target: Month) -> Any:
    """A dashed vertical line at the target month, named at its top."""
    ax.axvline(_day(target), color="#555555", linestyle="--", linewidth=1.2, zorder=1)
    return ax.annotate(
        f"target {month_label(target)}",
        (_day(target), 1),
        xycoords=("data", "axes fraction"),
        xytext=(-4, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=9,
        fontweight="bold",
        color="#333333",
    )


def _closing_at(line: Series, month: Month) -> Decimal | None:
    return next((row.closing for row in line.rows if row.month == month), None)


def _at_target(
    ax: Any, target: Month, lines: Sequence[Series], currency: str, lenses: bool
) -> list[Any]:
    """The shortfall of each line beside it at the target; lines that end there together
    with the same shortfall share one label (named, under --lenses)."""
    groups: dict[tuple[Decimal, str], list[Series]] = {}
    for line in lines:
        closing = _closing_at(line, target) or Decimal(0)
        groups.setdefault((closing, shortfall_text(line.summary, currency) or ""), []).append(line)
    out = []
    for (closing, text), hits in groups.items():
        colour = hits[0].look.colour if len(hits) == 1 else "#222222"
        if lenses:
            text = f"{_who(hits, len(lines), lenses)}: {text}"
        out.append(
            ax.annotate(
                text,
                (_day(target), float(closing)),  # drawing coordinates only
                xytext=(-12, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=9,
                color=colour,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": colour, "lw": 0.8},
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8},
                zorder=6,
            )
        )
    return out


def _who(hits: Sequence[Series], count: int, lenses: bool) -> str:
    """Who a label is about: ``received and committed``, ``all three lenses``,
    ``3 scenarios``, ``all 8 scenarios``; empty for the one line of a scenario."""
    if lenses:
        if len(hits) == len(LENSES):
            return "all three lenses"
        return " and ".join(hit.name.partition(":")[0] for hit in hits)
    if len(hits) == 1:
        return ""
    return f"all {count} scenarios" if len(hits) == count else f"{len(hits)} scenarios"


def _runs_out(ax: Any, lines: Sequence[Series], lenses: bool) -> list[Any]:
    """One label per month in which lines run out (lines that run out together share it)."""
    by_month: dict[Month, list[Series]] = {}
    for line in lines:
        if line.summary.exhausted is not None:
            by_month.setdefault(line.summary.exhausted, []).append(line)
    first = min(line.rows[0].month for line in lines)
    span = max(len(line.rows) for line in lines)
    out = []
    for month, hits in sorted(by_month.items()):
        colour = hits[0].look.colour if len(hits) == 1 else "#222222"
        who = _who(hits, len(lines), lenses)
        who += " runs" if len(hits) == 1 else " run"
        closing = max(_closing_at(h, month) or Decimal(0) for h in hits)
        late = month - first > 0.6 * span
        out.append(
            ax.annotate(
                f"{who} out {month_label(month)}".lstrip(),
                (_day(month), float(closing)),  # drawing coordinates only
                xytext=(-14 if late else 14, 16),
                textcoords="offset points",
                ha="right" if late else "left",
                va="bottom",
                color=colour,
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": colour, "lw": 0.8},
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8},
                zorder=6,
            )
        )
    return out


def _axes_look(ax: Any, currency: str) -> None:
    import matplotlib.dates as mdates

    low, high = ax.get_ylim()
    high = max(high, 0) + (high - low) * 0.15  # room for the labels above the lines
    low = min(low, 0)
    ax.set_ylim(low, high)
    if low < 0:
        ax.axhspan(low, 0, color="#d62728", alpha=0.06, zorder=0)
        ax.set_ylim(low, high)
    ax.yaxis.set_major_formatter(money_ticks(currency))
    ax.xaxis.set_major_locator(_months(12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.set_ylabel(f"Closing balance at month end ({currency})")
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)


def _months(most: int) -> Any:
    """Month ticks, at most ``most`` of them."""
    import matplotlib.dates as mdates

    return mdates.AutoDateLocator(minticks=2, maxticks=most)  # type: ignore[no-untyped-call]


def _titles(
    ax: Any,
    comparison: Comparison,
    what_if: Sequence[str],
    title: str | None,
    lenses: bool,
    targets: Sequence[Month],
) -> list[Any]:
    count = len(comparison.scenarios)
    name = comparison.scenarios[0].result.scenario.name
    if title is None:
        title = name if count == 1 else f"Fund balance: {count} scenarios compared"
    if lenses:
        counting = "under each lens: money received, committed, pledged"
    else:
        counting = f"counting {comparison.lens} contributions"
    lines = [f"Closing balance by month, {counting}; shaded: the fund is short."]
    if title != name and count == 1:
        lines.insert(0, name)
    end = "Made with mss-runway."
    if len(targets) == 1:
        end = f"Dashed line: the target, {month_label(targets[0])}. {end}"
    elif targets:
        end = f"Dashed lines: the targets. {end}"
    lines.append(end)
    if what_if:
        lines.append(what_if_line(what_if))
    lines = [part for line in lines for part in textwrap.wrap(line, 110)]
    subtitle = "\n".join(lines)
    title = "\n".join(textwrap.wrap(title, 80))
    heading = ax.set_title(
        title, fontsize=15, fontweight="bold", loc="left", pad=8 + 14 * len(lines)
    )
    sub = ax.text(
        0,
        1.015,
        subtitle,
        transform=ax.transAxes,
        fontsize=9.5,
        color="#444444" if not what_if else "#9a3d00",
        va="bottom",
    )
    # The title's pad keeps room for it; left to the layout, a subtitle wider than the
    # plot would squeeze the plot.
    sub.set_in_layout(False)
    return [heading, sub]


def _metadata(fmt: str) -> dict[str, Any]:
    # Reproducible files: no creation date in SVG or PDF.
    return {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else {}
