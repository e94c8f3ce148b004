"""Golden text of every command that prints for people, at the widths people use.

Each case runs the CLI on the shipped scenarios with its output piped (a rich console of
fixed width, as rich's own tests record one) at 60, 80, 100 and 160 columns, and compares
it with tests/golden/CASE-WIDTH.txt. When a change alters the output on purpose,
regenerate the files, then read the diff (git diff tests/golden docs) before committing:

    MSS_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

The same command regenerates the forecast example in docs/scenario-format.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("MSS_UPDATE_GOLDEN") == "1"
WIDTHS = (60, 80, 100, 160)
HAITI = "scenarios/mss-haiti-2024-11.yaml"
ALL = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").glob("*.yaml"))
CASES = {
    "forecast-haiti": ["forecast", HAITI],
    "forecast-minimal": ["forecast", "scenarios/minimal.yaml"],
    # the itemised ledger: a CSV's rows, a foreign currency, what-ifs named on the items
    "forecast-itemized": [
        "forecast",
        "scenarios/mss-haiti-later-donors.yaml",
        "--itemize",
        "--month",
        "2025-09",
        "--month",
        "2025-10",
        "--scale-costs",
        "1.1",
    ],
    # a reserve: the summary's rows and the months under it marked
    "forecast-reserve-example": ["forecast", "docs/examples/itemised.yaml", "--itemize"],
    "compare-three-monthly": [
        "compare",
        HAITI,
        "scenarios/mss-haiti-later-donors.yaml",
        "scenarios/mss-haiti-us-freeze.yaml",
        "--monthly",
    ],
    "compare-all": ["compare", *ALL],
    "simulate-haiti": ["simulate", HAITI, "--seed", "1", "--runs", "200"],
    "solve-haiti": ["solve", HAITI],
    "sensitivity-later-donors": ["sensitivity", "scenarios/mss-haiti-later-donors.yaml"],
    "check-all": ["check", *ALL],
    "validate-all": ["validate", *ALL],
    "diff-later-donors": ["diff", HAITI, "scenarios/mss-haiti-later-donors.yaml"],
    "diff-full-deployment": ["diff", HAITI, "scenarios/mss-haiti-full-deployment.yaml"],
}
#: An ellipsis next to a digit: a number cut short.
CUT = re.compile(r"\d…|…\d")


def run(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, args, env={"COLUMNS": str(width), "GITHUB_ACTIONS": "false"})
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", CASES)
def test_output_matches_golden_text(case: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The output is exactly the golden text; whatever it is, no line is wider than the
    width or ends in a space, and no number is cut by an ellipsis."""
    text = run(CASES[case], width, monkeypatch)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert not [line for line in lines if line != line.rstrip()]
    assert not CUT.search(text)
    path = GOLDEN / f"{case}-{width}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"regenerate: see {__name__}'s doc"


FORMAT_DOC = ROOT / "docs" / "scenario-format.md"
EXAMPLE = re.compile(r"(```console\n\$ mss-runway validate full.yaml\n)(.*?)(```)", re.S)


def test_scenario_format_example_is_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/scenario-format.md shows what validate and forecast print for its full
    example file, at 80 columns."""
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    yaml_text = re.search(r"```yaml\n(# Every field.*?)```", doc, re.S)
    assert yaml_text
    (tmp_path / "full.yaml").write_text(yaml_text[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {"COLUMNS": "80"}
    validated = runner.invoke(app, ["validate", "full.yaml"], env=env).stdout
    forecast = runner.invoke(app, ["forecast", "full.yaml"], env=env).stdout
    shown = f"{validated}$ mss-runway forecast full.yaml\n{forecast}"
    match = EXAMPLE.search(doc)
    assert match
    if UPDATE:
        FORMAT_DOC.write_text(doc[: match.start(2)] + shown + doc[match.end(2) :], encoding="utf-8")
    assert match[2] == shown
