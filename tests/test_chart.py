"""chart: a PNG or SVG picture of the scenarios, written atomically; matplotlib optional."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import SCENARIOS

runner = CliRunner()
HAITI = [str(p) for p in sorted(SCENARIOS.glob("mss-haiti-*.yaml"))]

# The figure is 11 x 6.2 inches at 150 dpi: 1650 x 930 pixels; in SVG, 792 x 446.4 points.


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


def test_svg_is_xml_with_the_size_and_the_labels(tmp_path: Path) -> None:
    """The SVG parses as XML, is 792 x 446.4 pt, and carries the target label as text."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "runway.svg"
    minimal = str(SCENARIOS / "minimal.yaml")
    result = runner.invoke(app, ["chart", minimal, "-o", str(out), "--delay", "pledged=1"])
    assert result.exit_code == 0, result.stderr
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("792pt", "446.4pt")
    text = out.read_text(encoding="utf-8")
    # matplotlib writes text as paths, with the string in a comment.
    assert "target Jun 2025" in text
    assert "What-if (not the file" in text


def test_a_failed_drawing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If drawing fails half-way, the file that was there stays whole, and no temp file."""
    pytest.importorskip("matplotlib")
    import mss_runway.render.chart as chart

    out = tmp_path / "runway.png"
    out.write_bytes(b"old picture")

    def broken(comparison: object, path: Path, fmt: str, what_if: object = ()) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(chart, "draw", broken)
    result = runner.invoke(app, ["chart", HAITI[0], "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.stderr
    assert out.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["runway.png"]


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
    """Only .png and .svg: anything else is a usage error, exit 2."""
    result = runner.invoke(app, ["chart", HAITI[0], "-o", str(tmp_path / "runway.jpg")])
    assert result.exit_code == 2
    assert "written as .png or .svg, not 'jpg'" in result.stderr
