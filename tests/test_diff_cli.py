"""``mss-runway diff`` on files: the JSON contract, Markdown, the table, what-ifs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT

runner = CliRunner()
HAITI = str(ROOT / "scenarios" / "mss-haiti-2024-11.yaml")
LATER = str(ROOT / "scenarios" / "mss-haiti-later-donors.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def as_json(text: str) -> dict:  # type: ignore[type-arg]
    return json.loads(text, parse_float=Decimal)  # type: ignore[no-any-return]


def test_json_contract_old_and_new_are_exactly_forecast_json() -> None:
    code, out, err = run("diff", HAITI, LATER, "-f", "json", "-c", "committed")
    assert code == 0, err
    doc = as_json(out)
    assert list(doc) == [
        "lens",
        "method",
        "old",
        "new",
        "total",
        "changes",
        "other_edits",
        "what_if",
    ]
    assert (doc["lens"], doc["method"]) == ("committed", "shapley")
    for side, file in (("old", HAITI), ("new", LATER)):
        _, forecast_out, _ = run("forecast", file, "-f", "json", "-c", "committed")
        assert doc[side] == as_json(forecast_out)
    # Counting committed, neither pledged addition counts, but Mexico's 100,000 received
    # does: shortfall down by exactly 100,000.00; the Canada group (pledged) adds nothing.
    assert doc["total"] == {
        "shortfall": Decimal("-100000.00"),
        "balance_at_target": Decimal("100000.00"),
    }
    changes = {c["path"]: c for c in doc["changes"]}
    assert changes["fx[CAD]"]["group"] == ["fx[CAD]", "contributions[canada-2025]"]
    assert changes["contributions[mexico-2025]"]["effect"]["shortfall"] == Decimal("-100000.00")
    assert changes["contributions[mexico-2025]"]["new"]["amount"] == Decimal("100000.00")
    assert changes["fx[CAD]"]["effect"]["shortfall"] == Decimal("0.00")
    assert sum(c["effect"]["shortfall"] for c in doc["changes"]) == doc["total"]["shortfall"]


def test_markdown_is_a_waterfall_with_old_changes_new() -> None:
    code, out, err = run("diff", HAITI, LATER, "-f", "markdown")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("### Forecast diff:")
    table = [line for line in lines if line.startswith("| ")]
    assert table[0] == "| Change | Shortfall | Balance at target | Runs out (alone) |"
    assert table[1].startswith("| Old | 460,617,204.00 |")
    # Largest effect on the shortfall first: the Canada group (-28.6M) before Mexico.
    assert "Canada: added" in table[2]
    assert "-28,600,000.00" in table[2]
    assert table[3].startswith("| Mexico: added")
    assert "-100,000.00" in table[3]
    assert table[4].startswith("| New | 431,917,204.00 |")


def test_identical_files_have_no_changes(tmp_path: Path) -> None:
    code, out, err = run("diff", HAITI, HAITI)
    assert code == 0, err
    assert "No changes the forecast reads." in out
    code, out, err = run("diff", HAITI, HAITI, "-f", "json")
    assert code == 0, err
    assert as_json(out)["changes"] == []


def test_drop_applies_where_the_donor_is(tmp_path: Path) -> None:
    # Mexico is only on the new side: --drop Mexico is no error, and its change vanishes
    # from the effects (both sides without Mexico).
    code, out, err = run("diff", HAITI, LATER, "-f", "json", "--drop", "Mexico")
    assert code == 0, err
    doc = as_json(out)
    changes = {c["path"]: c for c in doc["changes"]}
    assert changes["contributions[mexico-2025]"]["effect"]["shortfall"] == Decimal("0.00")
    assert doc["what_if"] == ["without Mexico"]
    code, _, err = run("diff", HAITI, LATER, "--drop", "Atlantis")
    assert code == 2
    assert "Atlantis" in err


def test_method_sequential_is_named() -> None:
    code, out, _ = run("diff", HAITI, LATER, "-f", "json", "--method", "sequential")
    assert code == 0
    assert as_json(out)["method"] == "sequential"


@pytest.mark.parametrize("missing", ["nope.yaml"])
def test_a_missing_file_is_exit_2(missing: str) -> None:
    code, _, err = run("diff", HAITI, missing)
    assert code == 2
    assert "no such file" in err


def test_the_worked_example_in_the_docs_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/diff.md shows the output of its example at 90 columns, exactly."""
    import re

    monkeypatch.chdir(ROOT)
    doc = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    command = "mss-runway diff docs/examples/diff-old.yaml docs/examples/diff-new.yaml"
    shown = re.search(re.escape(command) + r"\n```\n\n```text\n(.*?)```", doc, re.S)
    assert shown is not None
    result = runner.invoke(app, command.split()[1:], env={"COLUMNS": "90"})
    assert result.exit_code == 0
    assert result.stdout == shown[1]


def test_markdown_parses_as_the_waterfall_with_names_as_written(tmp_path: Path) -> None:
    """markdown-it-py (CommonMark + GFM tables) reads the comment as one 4-column table
    whose cells show a donor name with markup characters exactly as written."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table"])
    old = tmp_path / "old.yaml"
    old.write_text(
        "name: O\nstart: 2025-01\ntarget: 2025-02\nopening_balance: 10\n"
        "costs: [{label: Ops, monthly: 10}]\n",
        encoding="utf-8",
    )
    new = tmp_path / "new.yaml"
    donor = "A|B *C* <x> `d`"
    new.write_text(
        old.read_text(encoding="utf-8")
        + f"contributions: [{{donor: '{donor}', amount: 5, status: pledged, date: 2025-02}}]\n",
        encoding="utf-8",
    )
    code, out, err = run("diff", str(old), str(new), "-f", "markdown")
    assert code == 0, err
    tokens = parser.parse(out)
    rows: list[list[str]] = []
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in {"th_open", "td_open"}:
            rows[-1].append("".join(c.content for c in tokens[i + 1].children or []))
    # Old: 10 - 10 - 10 = -10 in February; the pledge of 5 halves the shortfall.
    assert rows == [
        ["Change", "Shortfall", "Balance at target", "Runs out (alone)"],
        ["Old", "10.00", "-10.00", "2025-02"],
        [f"{donor}: added (pledged, 5.00, 2025-02)", "-5.00", "+5.00", "2025-02"],
        ["New", "5.00", "-5.00", "2025-02"],
    ]


@pytest.mark.parametrize("width", range(60, 161, 9))
def test_the_waterfall_fits_every_width_without_cutting_a_number(width: int) -> None:
    import re

    from rich.cells import cell_len

    full = str(ROOT / "scenarios" / "mss-haiti-full-deployment.yaml")
    result = runner.invoke(app, ["diff", HAITI, full], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert not re.search(r"\d…|…\d", result.stdout)
    # every effect is printed whole, on one line
    for effect in ("+25,107,550.00", "-2,267,080.00", "+950,152.00", "490,581,648.00"):
        assert effect in result.stdout
