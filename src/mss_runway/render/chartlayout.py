"""How the chart tells its lines apart and keeps its labels apart (drawing helpers of
:mod:`mss_runway.render.chart`; matplotlib objects are passed in, never imported here).

* :func:`style`: each series gets a colour, a dash pattern and a marker; the three cycle
  with co-prime lengths (10, 3, 7), so no two of the first 210 series look the same, and
  two neighbours in the legend differ in colour **and** dash.
* :func:`fewer_ticks`: month ticks thinned until their labels do not touch.
* :func:`money_ticks`: the money axis in one unit (k, M or B) with the decimals its step
  needs, so that no two ticks read the same (``$1.05M``, ``$0.05``).
* :func:`place_apart`: labels are moved up or down in steps of their height, and to the
  other side of the point they label (then tried on two lines), until they overlap no
  other text and stay inside the plotting area; one that finds no place is hidden.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

from .labels import currency_symbol

#: matplotlib's "tab10": ten colours that stay apart for most colour-blind readers when a
#: dash pattern differs as well.
COLOURS: Final = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
DASHES: Final = ("-", "--", ":")
MARKERS: Final = ("o", "s", "^", "D", "v", "P", "*")
#: The lenses keep fixed styles, so the three lines read the same on every chart.
LENS_STYLES: Final = {
    "received": ("#1b5e20", "-", "o"),
    "committed": ("#e66100", "--", "s"),
    "pledged": ("#5d3a9b", ":", "^"),
}


class Style(NamedTuple):
    colour: str
    dash: Any  # a matplotlib line style: a name or (offset, (on, off, ...))
    marker: str


def style(index: int) -> Style:
    """The look of the ``index``-th series (see the module doc)."""
    return Style(
        COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]
    )


def place_apart(labels: Sequence[Any], fixed: Sequence[Any], area: Any, renderer: Any) -> None:
    """Move each of ``labels`` (annotations placed in offset points), in order, to the
    nearest offset above or below where it is, on its side of its point or the other,
    that overlaps neither ``fixed`` texts nor the labels already placed and lies inside
    ``area`` (a display bbox); failing that, try again with the label on two lines; hide
    it if there is still no place."""
    taken = [_box(text, renderer) for text in fixed if _shown(text)]
    for label in labels:
        text = label.get_text()
        for attempt in dict.fromkeys((text, _two_lines(text))):
            label.set_text(attempt)
            box = _place(label, taken, area, renderer)
            if box is not None:
                taken.append(box)
                break
        else:
            label.set_text(text)
            label.set_visible(False)


def _place(label: Any, taken: Sequence[Any], area: Any, renderer: Any) -> Any:
    """The first free place for ``label`` (its box), or None (the label left as it was)."""
    flip = {"left": "right", "right": "left", "center": "center"}
    x, y = label.xyann
    align = label.get_horizontalalignment()
    step = _box(label, renderer).height * 72 / label.figure.dpi + 2  # points
    for k, side in _candidates():
        label.xyann = (x * side, y + k * step)
        label.set_horizontalalignment(align if side == 1 else flip[align])
        box = _box(label, renderer)
        inside = box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1
        if inside and not any(box.overlaps(other) for other in taken):
            return box
    label.xyann = (x, y)
    label.set_horizontalalignment(align)
    return None


def _two_lines(text: str) -> str:
    """``text`` broken after its first ``: ``, else at the space nearest its middle."""
    if ": " in text:
        return text.replace(": ", ":\n", 1)
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:middle] + "\n" + text[middle + 1 :]


def _candidates() -> list[tuple[int, int]]:
    """(steps up, side) to try: nearest first, on its own side before the other side."""
    steps = [0]
    for k in range(1, 13):
        steps += [k, -k]
    return [(k, side) for k in steps for side in (1, -1)]


def fewer_ticks(figure: Any, axis: Any, locator: Any, renderer: Any) -> None:
    """Ask ``locator(most)`` for fewer ticks until no two tick labels of ``axis`` touch
    (month labels are wide; a narrow plot or a long ledger has room for few)."""
    for most in range(12, 1, -1):
        axis.set_major_locator(locator(most))
        figure.draw_without_rendering()
        boxes = [_box(label, renderer) for label in axis.get_ticklabels() if _shown(label)]
        if not any(a.overlaps(b) for a, b in itertools.pairwise(boxes)):
            return


def _shown(text: Any) -> bool:
    return bool(text.get_visible() and text.get_text())


def _box(text: Any, renderer: Any) -> Any:
    """The extent of the text itself (an annotation's own would include its arrow), in
    display units, with a margin for its rounded box."""
    from matplotlib.text import Text

    return Text.get_window_extent(text, renderer).padded(6)


def money_ticks(currency: str) -> Any:
    """A matplotlib tick formatter for amounts: the unit (k, M, B) of the largest tick for
    every tick, with the fewest decimals that write each tick exactly (at most cents below
    a thousand): ``-$400M``, ``$0``, ``$1.05M``, ``$0.05``. Labels of axis positions only."""
    from matplotlib.ticker import Formatter

    symbol = currency_symbol(currency)

    class MoneyTicks(Formatter):
        scale, suffix, decimals = 1.0, "", 0

        def set_locs(self, locs: list[float]) -> None:
            super().set_locs(locs)
            big = max((abs(x) for x in locs), default=0.0)
            units = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
            self.scale, self.suffix = next(((s, u) for s, u in units if big >= s), (1.0, ""))
            values = [x / self.scale for x in locs]
            most = 2 if self.scale == 1 else 6
            self.decimals = next(
                (d for d in range(most) if all(abs(round(v, d) - v) < 1e-6 for v in values)),
                most,
            )

        def __call__(self, x: float, pos: int | None = None) -> str:
            value = round(x / self.scale, self.decimals)
            if value == 0:
                return f"{symbol}0"
            sign = "-" if value < 0 else ""
            return f"{sign}{symbol}{abs(value):,.{self.decimals}f}{self.suffix}"

    return MoneyTicks()
