"""A chart for a report or a briefing (``mss-runway chart``), drawn with matplotlib.

matplotlib is an optional extra (from a checkout: ``pip install '.[charts]'``), imported only
inside :func:`draw`, with the non-interactive Agg backend. matplotlib plots floats: each
closing balance is converted from ``Decimal`` to ``float`` **only** as a drawing
coordinate, after every amount has been computed exactly; no arithmetic on money happens
here, and the tick labels are formatted from the exact values' scale (``$85M``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from ..comparison import Comparison
from ..months import Month
from .labels import compact_money, what_if_line

_COLOURS: Final = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2")
_LINESTYLES: Final = ("-", "--", "-.", ":")
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


def month_label(month: Month) -> str:
    return f"{_MONTH_NAMES[month.month - 1]} {month.year}"


def _day(month: Month) -> date:
    return date(month.year, month.month, 1)


def draw(comparison: Comparison, path: Path, fmt: str, what_if: Sequence[str] = ()) -> None:
    """Draw every scenario's closing balance by month into ``path`` as ``fmt`` (png, svg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    currency = comparison.currency
    fig, ax = plt.subplots(figsize=(11, 6.2), dpi=150, layout="constrained")
    try:
        ax.axhspan(0, 1, transform=ax.get_yaxis_transform(), alpha=0)  # keep 0 in view
        ax.axhline(0, color="#222222", linewidth=1.2, zorder=2)
        runs_out: dict[Month, list[tuple[str, Decimal]]] = {}
        for s, each in enumerate(comparison.scenarios):
            result = each.result
            colour = _COLOURS[s % len(_COLOURS)]
            # lines that coincide stay apart by their dash pattern
            style = _LINESTYLES[(s // len(_COLOURS) + s) % len(_LINESTYLES)]
            rows = result.chosen.rows
            xs = [_day(row.month) for row in rows]
            ys = [float(row.closing) for row in rows]  # drawing coordinates only
            name = textwrap.shorten(result.scenario.name, 60, placeholder="…")
            ax.plot(
                xs,  # type: ignore[arg-type]  # matplotlib plots dates; the stubs say float
                ys,
                color=colour,
                linewidth=2.2,
                linestyle=style,
                marker="o",
                markersize=3.5,
                label=name,
            )
            exhausted = result.chosen.summary.exhausted
            if exhausted is not None:
                closing = next(row.closing for row in rows if row.month == exhausted)
                ax.plot(
                    [_day(exhausted)],  # type: ignore[arg-type]
                    [float(closing)],
                    marker="X",
                    markersize=13,
                    color=colour,
                    markeredgecolor="white",
                    zorder=5,
                )
                runs_out.setdefault(exhausted, []).append((colour, closing))
        # one label per month in which scenarios run out (several scenarios that run out
        # together share it), stacked so that labels of nearby months do not overlap
        first_month = min(e.result.chosen.rows[0].month for e in comparison.scenarios)
        span = max(len(e.result.chosen.rows) for e in comparison.scenarios)
        for n, (month, hits) in enumerate(sorted(runs_out.items())):
            colour = hits[0][0] if len(hits) == 1 else "#222222"
            closing = max(c for _, c in hits)
            who = f"{len(hits)} scenarios run" if len(hits) > 1 else "runs"
            late = month - first_month > 0.7 * span  # label to the left
            ax.annotate(
                f"{who} out {month_label(month)}",
                (_day(month), float(closing)),  # drawing coordinates only
                xytext=(-14 if late else 14, 14 + 20 * n),
                ha="right" if late else "left",
                textcoords="offset points",
                color=colour,
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": colour, "lw": 0.8},
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8},
                zorder=6,
            )
        targets = sorted({t for e in comparison.scenarios if (t := e.result.scenario.target)})
        for target in targets:
            ax.axvline(
                _day(target),  # type: ignore[arg-type]
                color="#555555",
                linestyle="--",
                linewidth=1.2,
                zorder=1,
            )
            ax.annotate(
                f"target {month_label(target)}",
                (_day(target), 1),
                xycoords=("data", "axes fraction"),
                xytext=(-4, -4),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=9,
                color="#333333",
            )
        low, high = ax.get_ylim()
        high += (high - low) * 0.12  # room for the labels above the lines
        ax.set_ylim(low, high)
        if low < 0:
            ax.axhspan(low, 0, color="#d62728", alpha=0.06, zorder=0)
            ax.set_ylim(low, high)
        ax.yaxis.set_major_formatter(FuncFormatter(_money_tick(currency)))
        locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
        ax.set_ylabel(f"Closing balance at month end ({currency})")
        ax.grid(True, axis="y", color="#dddddd", linewidth=0.8)
        ax.spines[["top", "right"]].set_visible(False)
        count = len(comparison.scenarios)
        title = (
            comparison.scenarios[0].result.scenario.name
            if count == 1
            else f"Fund balance: {count} scenarios compared"
        )
        subtitle = (
            f"Closing balance by month, counting {comparison.lens} contributions "
            "(shaded: the fund is short). Made with mss-runway."
        )
        if what_if:
            subtitle += "\n" + what_if_line(what_if)
        ax.set_title(title, fontsize=15, fontweight="bold", loc="left", pad=30 + 12 * bool(what_if))
        ax.text(
            0,
            1.02,
            subtitle,
            transform=ax.transAxes,
            fontsize=9.5,
            color="#444444" if not what_if else "#9a3d00",
            va="bottom",
        )
        ax.legend(loc="lower left", frameon=True, fontsize=9)
        fig.savefig(path, format=fmt, metadata=_metadata(fmt))
    finally:
        plt.close(fig)


def _money_tick(currency: str) -> Any:
    def tick(value: float, _position: object) -> str:
        return compact_money(Decimal(float(value)), currency)  # a label, from the axis value

    return tick


def _metadata(fmt: str) -> dict[str, Any]:
    # Reproducible files: no creation date in SVG.
    return {"Date": None} if fmt == "svg" else {}
