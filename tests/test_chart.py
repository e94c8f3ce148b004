"""chart: a PNG, SVG or PDF picture of the scenarios, written atomically; matplotlib
optional. The figure itself is checked: the balances its lines hold, the labels it
writes, that no two of its texts overlap, that its lines can be told apart."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from datetime import date
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.cli.app import Count, comparison_of
from mss_runway.comparison import Comparison
from mss_runway.whatif import WhatIfs

from .conftest import SCENARIOS
from .strategies import scenarios

runner = CliRunner()
HAITI = [str(p) for p in sorted(SCENARIOS.glob("mss-haiti-*.yaml"))]
SVG = "{http://www.w3.org/2000/svg}"

# Hand-computed: opening 100,000, costs 40,000 a month. Received 10,000 and committed
# 20,000 arrive in February, a 30,000 pledge in March; the target is April.
#   received:  Jan 60,000  Feb 30,000  Mar -10,000  Apr -50,000
#   committed: Jan 60,000  Feb 50,000  Mar  10,000  Apr -30,000
#   pledged:   Jan 60,000  Feb 50,000  Mar  40,000  Apr       0  May -40,000
# Through April: received short 50,000 in 2 months (Mar, Apr); committed 30,000 in 1
# (Apr); pledged never below zero. They run out in March, April and May.
SMALL = """\
name: Small fund
currency: USD
start: 2025-01
target: 2025-04
opening_balance: 100_000
contributions:
  - {donor: A, amount: 10_000, status: received, date: 2025-02}
  - {donor: B, amount: 20_000, status: committed, date: 2025-02}
  - {donor: C, amount: 30_000, status: pledged, date: 2025-03}
costs: [{label: Running, monthly: 40_000}]
"""
SMALL_CLOSINGS = {
    "received": [60_000, 30_000, -10_000, -50_000],
    "committed": [60_000, 50_000, 10_000, -30_000],
    "pledged": [60_000, 50_000, 40_000, 0, -40_000],
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def variants(folder: Path, count: int) -> list[Path]:
    """``count`` variants of the November 2024 Haiti scenario (via ``extends``): Germany
    0, 2 or 4 months late, one donor adding money, operations cut; long names that share
    their start and differ in the middle and at the end."""
    shutil.copy(SCENARIOS / "mss-haiti-2024-11.yaml", folder / "base.yaml")
    donors = ["Canada", "France", "Spain", "Italy", "Turkey"]
    donors += ["Algeria", "Jamaica", "Belize", "Bahamas", "Benin"]
    files = []
    for i in range(count):
        late, k = divmod(i, 10)
        late *= 2
        cut = 7 * k + late
        month = f"2025-{k % 9 + 1:02d}"
        name = (
            f"MSS Haiti trust fund, November 2024, Germany {late} months late, "
            f"{donors[k]} adds ${(k + 1) * 15}M in {month}, operations -{cut}%"
        )
        path = folder / f"v{i:02d}.yaml"
        path.write_text(
            f'extends: base.yaml\nname: "{name}"\n'
            f"contributions:\n  - {{id: germany, date: 2025-{1 + late:02d}}}\n"
            f"  - {{donor: {donors[k]}, amount: {(k + 1) * 15_000_000}, status: committed,"
            f" date: {month}}}\n"
            f"costs:\n  - {{id: operations, monthly: {44_585_000 * (100 - cut) // 100}}}\n",
            encoding="utf-8",
        )
        files.append(path)
    return files


def compared(files: list[Path] | list[str], count: str = "pledged") -> Comparison:
    return comparison_of([Path(f) for f in files], WhatIfs(), Count(count))


def figure(comparison: Comparison, **options: Any) -> Any:
    pytest.importorskip("matplotlib")
    from mss_runway.render.chart import figure as draw_figure

    return draw_figure(comparison, **options)


def balance_lines(fig: Any) -> dict[str, Any]:
    """The ledger lines by legend name (not the zero line, the target, the X marks)."""
    return {
        line.get_label(): line
        for line in fig.axes[0].get_lines()
        if not line.get_label().startswith("_") and line.get_gid() != "runs-out"
    }


def shown_texts(fig: Any) -> list[tuple[str, Any]]:
    """Every text the drawn figure shows, with its extent in pixels."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    out = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if not _tick_in_view(text, fig):
            continue
        out.append((text.get_text(), Text.get_window_extent(text, renderer)))
    return out


def _tick_in_view(text: Any, fig: Any) -> bool:
    """matplotlib keeps labels of ticks outside the view; they are not drawn."""
    for axes in fig.axes:
        for axis in (axes.xaxis, axes.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if text is tick.label1 or text is tick.label2:
                    low, high = sorted(axis.get_view_interval())
                    return bool(low <= tick.get_loc() <= high)
    return True


# --- what the figure holds ------------------------------------------------------------


def test_lenses_draw_the_hand_computed_closing_balances(small: Path) -> None:
    """--lenses: one line per lens, each holding that lens's closing balances."""
    fig = figure(compared([small]), lenses=True)
    lines = balance_lines(fig)
    assert list(lines) == [
        "received: money received only",
        "committed: received + committed",
        "pledged: received + committed + pledged",
    ]
    for name, line in lines.items():
        closings = SMALL_CLOSINGS[name.partition(":")[0]]
        assert list(line.get_ydata()) == closings
        months = [date(2025, m, 1) for m in range(1, len(closings) + 1)]
        assert list(line.get_xdata()) == months
    marks = [
        (line.get_xdata()[0], line.get_ydata()[0], line.get_color())
        for line in fig.axes[0].get_lines()
        if line.get_gid() == "runs-out"
    ]
    assert [(x, y) for x, y, _ in marks] == [
        (date(2025, 3, 1), -10_000),
        (date(2025, 4, 1), -30_000),
        (date(2025, 5, 1), -40_000),
    ]
    assert [c for _, _, c in marks] == [line.get_color() for line in lines.values()]


def test_lenses_label_the_target_the_shortfalls_and_where_each_runs_out(small: Path) -> None:
    texts = [text for text, _ in shown_texts(figure(compared([small]), lenses=True))]
    for expected in (
        "target Apr 2025",
        "received: shortfall $50k, 2 months short",
        "committed: shortfall $30k, 1 month short",
        "pledged: no shortfall up to the target",
        "received runs out Mar 2025",
        "committed runs out Apr 2025",
        "pledged runs out May 2025",
        "Small fund",
    ):
        assert expected in texts


def test_lenses_that_end_alike_share_their_labels() -> None:
    """The Haiti file has no committed money: received and committed are one line, one
    label; the pledge makes pledged $10.4M better (hand: $471,017,204 and $460,617,204
    short at October 2025, short in every month from December 2024: 11)."""
    texts = [text for text, _ in shown_texts(figure(compared([HAITI[0]]), lenses=True))]
    assert "received and committed: shortfall $471M, 11 months short" in texts
    assert "pledged: shortfall $460.6M, 11 months short" in texts
    assert "all three lenses run out Dec 2024" in texts


def test_scenarios_draw_the_chosen_lens_of_each(small: Path, tmp_path: Path) -> None:
    """Without --lenses: one line per scenario, under --count."""
    other = tmp_path / "other.yaml"
    other.write_text(SMALL.replace("Small fund", "Other fund").replace("100_000", "90_000"))
    fig = figure(compared([small, other], "committed"))
    lines = balance_lines(fig)
    assert list(lines) == ["Small fund", "Other fund"]
    assert list(lines["Small fund"].get_ydata()) == SMALL_CLOSINGS["committed"]
    assert list(lines["Other fund"].get_ydata()) == [50_000, 40_000, 0, -40_000]
    texts = [text for text, _ in shown_texts(fig)]
    assert "shortfall $30k, 1 month short" in texts  # Small fund
    assert "shortfall $40k, 1 month short" in texts  # Other fund: 0 is not short


def test_each_target_is_drawn_and_named(small: Path, tmp_path: Path) -> None:
    """Scenarios with different targets: a line and a name for each, and each shortfall
    is taken at its own target (Other fund: hand 60,000 30,000 -10,000, short 10,000 by
    March, in 1 month)."""
    other = tmp_path / "other.yaml"
    other.write_text(
        SMALL.replace("Small fund", "Other fund")
        .replace("target: 2025-04", "target: 2025-03")
        .replace("status: committed", "status: pledged"),
        encoding="utf-8",
    )
    fig = figure(compared([small, other], "committed"))
    texts = [text for text, _ in shown_texts(fig)]
    assert "target Mar 2025" in texts
    assert "target Apr 2025" in texts
    assert "shortfall $10k, 1 month short" in texts
    assert "shortfall $30k, 1 month short" in texts
    assert any("Dashed lines: the targets." in text for text in texts)


def test_many_scenarios_carry_their_facts_in_the_legend(tmp_path: Path) -> None:
    """Beyond three lines the shortfalls go into the legend, one entry per scenario."""
    fig = figure(compared(variants(tmp_path, 8)))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(legend) == 8
    # v00: Germany on time, Canada $15M in January, operations as in the file:
    # the base's $460,617,204 pledged shortfall less $15M = $445,617,204.
    assert legend[0].endswith("\nruns out Dec 2024; shortfall $445.6M, 11 months short")


def test_the_title_option_replaces_the_title(small: Path) -> None:
    fig = figure(compared([small]), title="Briefing: the small fund")
    texts = [text for text, _ in shown_texts(fig)]
    assert "Briefing: the small fund" in texts
    assert any(text.startswith("Small fund\n") for text in texts)  # the name stays


# --- readable at 1 to 30 scenarios ------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "lenses"), [(1, False), (1, True), (3, False), (8, False), (30, False)]
)
def test_no_text_overlaps_another(tmp_path: Path, count: int, lenses: bool) -> None:
    """Measured in the drawn figure: no two texts' extents share a pixel, and no label
    had to be hidden to get there. With 30 scenarios, over a second: matplotlib draws
    and measures 30 lines and their labels."""
    fig = figure(compared(variants(tmp_path, count)), lenses=lenses)
    boxes = shown_texts(fig)
    assert len(boxes) > 10
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
    page = fig.bbox
    for text, box in boxes:  # nothing cut at the edges
        assert page.x0 <= box.x0, text
        assert box.x1 <= page.x1, text
        assert page.y0 <= box.y0, text
        assert box.y1 <= page.y1, text
    hidden = [t.get_text() for t in fig.axes[0].texts if not t.get_visible()]
    assert hidden == []


def test_a_long_ledger_keeps_its_month_labels_apart(tmp_path: Path) -> None:
    """Ten years of months beside a legend: fewer ticks, and a space of at least 10
    pixels (about a letter) between two month labels."""
    path = tmp_path / "long.yaml"
    path.write_text(
        "name: Long fund\ncurrency: EUR\nstart: 2025-01\nopening_balance: 5_000_000\n"
        "contributions: [{donor: A, amount: 1_000_000, status: pledged, date: 2026-06}]\n"
        "costs: [{label: Running, monthly: 20_000, to: 2034-12}]\n",
        encoding="utf-8",
    )
    fig = figure(compared([path]), lenses=True)
    ticks = {label.get_text() for label in fig.axes[0].get_xticklabels()}
    boxes = shown_texts(fig)
    months = [box for text, box in boxes if text in ticks]
    assert len(months) >= 3
    for a, b in combinations(months, 2):
        assert not a.padded(5).overlaps(b.padded(5))


# Drawing takes about half a second: a fixed, small number of examples, also in CI.
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(scenarios(max_contributions=4, max_costs=3), min_size=1, max_size=5), st.booleans())
def test_any_scenarios_draw_their_ledgers_with_no_text_over_another(
    tmp_path_factory: pytest.TempPathFactory, datas: list[dict[str, Any]], lenses: bool
) -> None:
    """Random scenarios (1 to 5, or one with --lenses): each line holds its ledger's
    closing balances, no two texts overlap, none is cut at the edge or left out. Slow
    (~4 s): 12 examples, each a matplotlib figure drawn and every text in it measured."""
    folder = tmp_path_factory.mktemp("random")
    files = []
    for i, data in enumerate(datas[:1] if lenses else datas):
        path = folder / f"s{i}.yaml"
        path.write_text(yaml.safe_dump({**data, "name": f"random scenario {i}"}), "utf-8")
        files.append(path)
    comparison = compared(files)
    fig = figure(comparison, lenses=lenses)
    lines = list(balance_lines(fig).values())
    ledgers = (
        [
            comparison.scenarios[0].result.projections[lens].rows
            for lens in ("received", "committed", "pledged")
        ]
        if lenses
        else [each.result.chosen.rows for each in comparison.scenarios]
    )
    assert [list(line.get_ydata()) for line in lines] == [
        [float(row.closing) for row in rows] for rows in ledgers
    ]
    boxes = shown_texts(fig)
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
    page = fig.bbox
    for text, box in boxes:
        assert page.x0 <= box.x0, text
        assert box.x1 <= page.x1, text
        assert page.y0 <= box.y0, text
        assert box.y1 <= page.y1, text
    assert [t.get_text() for t in fig.axes[0].texts if not t.get_visible()] == []


@pytest.mark.parametrize("count", [8, 30])
def test_many_lines_are_told_apart_and_the_legend_is_outside(tmp_path: Path, count: int) -> None:
    fig = figure(compared(variants(tmp_path, count)))
    lines = list(balance_lines(fig).values())
    assert len(lines) == count
    looks = [(line.get_color(), str(line.get_linestyle())) for line in lines]
    assert len(set(looks)) == count  # no two alike
    for (colour_a, dash_a), (colour_b, dash_b) in pairwise(looks):
        assert colour_a != colour_b
        assert dash_a != dash_b
    renderer = fig.canvas.get_renderer()
    legend = (fig.axes[0].get_legend() or fig.legends[0]).get_window_extent(renderer)
    assert not legend.overlaps(fig.axes[0].get_window_extent(renderer))
    names = [label.partition("\n")[0] for label in fig.axes[0].get_legend_handles_labels()[1]]
    assert len(set(names)) == count  # shortened names still tell them apart


# --- files ---------------------------------------------------------------------------


def test_png_has_the_signature_and_the_size(tmp_path: Path) -> None:
    """The PNG starts with the PNG signature and its IHDR says 1650 x 930."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "runway.png"
    result = runner.invoke(app, ["chart", *HAITI, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1650, 930)
    assert [p.name for p in tmp_path.iterdir()] == ["runway.png"]  # no temporary file left


def test_svg_keeps_its_text_as_text(tmp_path: Path) -> None:
    """The SVG parses as XML, is 792 x 446.4 pt, and its names, title and labels are
    <text> elements (not glyph paths), so they can be searched and edited."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "runway.svg"
    minimal = str(SCENARIOS / "minimal.yaml")
    result = runner.invoke(
        app,
        ["chart", minimal, HAITI[0], "-o", str(out), "--delay", "pledged=1", "--title", "T & U"],
    )
    assert result.exit_code == 0, result.stderr
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("792pt", "446.4pt")
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert "T & U" in texts
    assert "Minimal example" in texts
    assert "Nov 2024 report" in texts  # the scenario's label, not its name
    assert "target Oct 2025" in texts
    assert any(t.startswith("What-if (not the file's own numbers)") for t in texts)
    assert not [e for e in root.iter() if e.get("id", "").startswith("DejaVu")]  # no glyphs


def test_pdf_is_written_with_its_fonts_and_no_date(tmp_path: Path) -> None:
    """About a second: matplotlib draws the chart and writes a PDF with its fonts."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "runway.pdf"
    result = runner.invoke(app, ["chart", HAITI[0], "--lenses", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}: chart of its three lenses\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in data  # TrueType embedded: the text stays text
    assert b"/CreationDate" not in data


def test_count_with_lenses_is_said_to_be_unused(tmp_path: Path) -> None:
    """About a second: the command draws the chart to a PNG twice (with and without -c)."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "runway.png"
    result = runner.invoke(app, ["chart", HAITI[0], "--lenses", "-c", "received", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: --count: not used with --lenses, which draws all three lenses\n"
    )
    result = runner.invoke(app, ["chart", HAITI[0], "--lenses", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_failed_drawing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If drawing fails half-way, the file that was there stays whole, and no temp file."""
    pytest.importorskip("matplotlib")
    import mss_runway.render.chart as chart

    out = tmp_path / "runway.png"
    out.write_bytes(b"old picture")

    def broken(comparison: object, path: Path, *args: object) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chart, "draw", broken)
    result = runner.invoke(app, ["chart", HAITI[0], "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: cannot write: No space left on device\n"
    assert out.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["runway.png"]


# --- refused -------------------------------------------------------------------------


def test_without_matplotlib_the_command_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No matplotlib: exit 2 with the pip command; nothing written."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    out = tmp_path / "runway.png"
    result = runner.invoke(app, ["chart", HAITI[0], "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: chart: needs matplotlib")
    assert "pip install '.[charts]'" in result.stderr
    assert not out.exists()


def test_other_suffixes_are_refused(tmp_path: Path) -> None:
    """Only .png, .svg and .pdf: anything else is a usage error, exit 2, nothing written."""
    for name, got in (("runway.jpg", "'.jpg'"), ("runway", "no suffix")):
        out = tmp_path / name
        result = runner.invoke(app, ["chart", HAITI[0], "-o", str(out)])
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: {out}: the chart is written as .png, .svg or .pdf, not {got}\n"
        )
        assert not out.exists()


def test_lenses_of_several_files_are_refused(tmp_path: Path) -> None:
    """--lenses draws one scenario: two files are a usage error, exit 2."""
    out = tmp_path / "runway.png"
    result = runner.invoke(app, ["chart", *HAITI[:2], "--lenses", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --lenses: draws the three lenses of one scenario;")
    assert "give one FILE, not 2" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        ([-4e8, -2e8, 0, 2e8], ["-$400M", "-$200M", "$0", "$200M"]),
        ([1_000_000, 1_050_000, 1_100_000], ["$1.00M", "$1.05M", "$1.10M"]),  # not three "$1M"
        ([0, 0.01, 0.02], ["$0", "$0.01", "$0.02"]),  # not three "$0"
        ([-20_000, 0, 20_000, 40_000], ["-$20k", "$0", "$20k", "$40k"]),
        ([0, 2.5e9], ["$0", "$2.5B"]),
    ],
)
def test_the_money_axis_tells_every_tick_apart(ticks: list[float], expected: list[str]) -> None:
    pytest.importorskip("matplotlib")
    from mss_runway.render.chartlayout import money_ticks

    formatter = money_ticks("USD")
    formatter.set_locs(ticks)
    assert [formatter(x) for x in ticks] == expected
    euro = money_ticks("CHF")
    euro.set_locs([0, 5000])
    assert euro(5000) == "CHF 5k"


def test_the_legend_names_scenarios_by_their_headings(small: Path, tmp_path: Path) -> None:
    """A scenario's label heads its legend entry; two with the same heading are told
    apart by file name, as in compare."""
    labelled = tmp_path / "labelled.yaml"
    labelled.write_text(SMALL.replace("name: Small fund", "name: A long name\nlabel: Short"))
    twin = tmp_path / "twin.yaml"
    twin.write_text(SMALL, encoding="utf-8")
    fig = figure(compared([small, labelled, twin]))
    assert list(balance_lines(fig)) == [
        "Small fund (small.yaml)",
        "Short",
        "Small fund (twin.yaml)",
    ]


# --- the file written: what the saved figure holds ------------------------------------


def points(fig: Any) -> dict[str, tuple[date, float]]:
    """Each label the chart writes, by its text, with the data point it is attached to."""
    return {t.get_text(): tuple(t.xy) for t in fig.axes[0].texts if hasattr(t, "xy")}


def target_lines(fig: Any) -> list[date]:
    """The months of the vertical target lines (x fixed, y the whole height)."""
    return [
        line.get_xdata()[0]
        for line in fig.axes[0].get_lines()
        if list(line.get_ydata()) == [0, 1] and len(set(line.get_xdata())) == 1
    ]


def test_the_saved_lenses_chart_holds_the_hand_computed_ledgers(
    small: Path, tmp_path: Path, saved_figures: list[Any]
) -> None:
    """Through the command, as the file is written: each lens's line holds its closing
    balances month by month (hand-computed above), the target line stands at April, each
    shortfall label points at its line's April balance and each run-out label at the
    month the line first goes below zero. Draws and saves a chart: about a second."""
    out = tmp_path / "runway.svg"
    result = runner.invoke(app, ["chart", str(small), "--lenses", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    (fig,) = saved_figures
    lines = balance_lines(fig)
    assert [list(line.get_ydata()) for line in lines.values()] == list(SMALL_CLOSINGS.values())
    assert [list(line.get_xdata()) for line in lines.values()] == [
        [date(2025, m, 1) for m in range(1, len(closings) + 1)]
        for closings in SMALL_CLOSINGS.values()
    ]
    assert target_lines(fig) == [date(2025, 4, 1)]
    april, march, may = date(2025, 4, 1), date(2025, 3, 1), date(2025, 5, 1)
    assert points(fig) == {
        "target Apr 2025": (april, 1),  # at the top of the plot
        "received: shortfall $50k, 2 months short": (april, -50_000),
        "committed: shortfall $30k, 1 month short": (april, -30_000),
        "pledged: no shortfall up to the target": (april, 0),
        "received runs out Mar 2025": (march, -10_000),
        "committed runs out Apr 2025": (april, -30_000),
        "pledged runs out May 2025": (may, -40_000),
    }


def test_the_saved_chart_puts_each_target_and_shortfall_at_its_own_month(
    small: Path, tmp_path: Path, saved_figures: list[Any]
) -> None:
    """Two scenarios, targets March and April, under --count committed. Other fund (hand:
    its pledges not counted, 100,000 - 40,000 = 60,000; +10,000 - 40,000 = 30,000;
    -10,000 in March, its target) is 10,000 short at March; Small fund 30,000 at April.
    Draws and saves a chart: about a second."""
    other = tmp_path / "other.yaml"
    other.write_text(
        SMALL.replace("Small fund", "Other fund")
        .replace("target: 2025-04", "target: 2025-03")
        .replace("status: committed", "status: pledged"),
        encoding="utf-8",
    )
    out = tmp_path / "runway.png"
    result = runner.invoke(
        app, ["chart", str(small), str(other), "-c", "committed", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    (fig,) = saved_figures
    lines = balance_lines(fig)
    assert list(lines["Small fund"].get_ydata()) == SMALL_CLOSINGS["committed"]
    assert list(lines["Other fund"].get_ydata()) == [60_000, 30_000, -10_000]
    assert sorted(target_lines(fig)) == [date(2025, 3, 1), date(2025, 4, 1)]
    march, april = date(2025, 3, 1), date(2025, 4, 1)
    assert points(fig) == {
        "target Mar 2025": (march, 1),
        "target Apr 2025": (april, 1),
        "shortfall $10k, 1 month short": (march, -10_000),
        "shortfall $30k, 1 month short": (april, -30_000),
        "runs out Mar 2025": (march, -10_000),
        "runs out Apr 2025": (april, -30_000),
    }
