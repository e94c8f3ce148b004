"""check: PASS/FAIL per scenario, exit codes, GitHub annotations, step summary, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL_TEXT = (SCENARIOS / "minimal.yaml").read_text(encoding="utf-8")
NO_GITHUB = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}

# minimal.yaml by hand (README): counting committed, the money runs out in 2025-05,
# 40,000.00 short through the target 2025-06, 2 months short; counting pledged it reaches
# the target with 10,000.00 left and runs out in 2025-07 (runway 6 months).


@pytest.fixture
def minimal(write: Callable[..., Path]) -> Path:
    """A copy of minimal.yaml (target on line 3) in the test's folder."""
    return write(MINIMAL_TEXT, "minimal.yaml")


def test_default_lens_is_committed_and_fails(minimal: Path) -> None:
    """Without --count, binding money only: minimal.yaml fails, exit 1, with why."""
    result = runner.invoke(app, ["check", str(minimal)], env=NO_GITHUB)
    assert result.exit_code == 1
    assert result.stdout == (
        f"FAIL    {minimal} (Minimal example): runs out in 2025-05 (counting committed): "
        "40,000.00 USD short through target 2025-06, 2 months short\n"
    )


def test_pledged_lens_passes(minimal: Path) -> None:
    """Counting pledges it reaches the target: PASS, exit 0."""
    result = runner.invoke(app, ["check", str(minimal), "-c", "pledged"], env=NO_GITHUB)
    assert result.exit_code == 0
    assert result.stdout == (
        f"PASS    {minimal} (Minimal example): funded through target 2025-06 "
        "(counting pledged), 10,000.00 USD left\n"
    )


@pytest.mark.parametrize(("minimum", "code"), [("6", 0), ("7", 1)])
def test_min_runway(minimal: Path, minimum: str, code: int) -> None:
    """Runway 6 (pledged): --min-runway 6 passes, 7 fails."""
    args = ["check", str(minimal), "-c", "pledged", "--min-runway", minimum]
    result = runner.invoke(app, args, env=NO_GITHUB)
    assert result.exit_code == code
    if code:
        assert "runway of 6 months (counting pledged) is under the minimum of 7" in result.stdout


def test_without_target_any_exhaustion_fails(write: Callable[..., Path]) -> None:
    """No target: running out within the ledger fails; --target gives one (a what-if)."""
    path = write("name: N\nstart: 2025-01\nopening_balance: 2\ncosts: [{label: x, monthly: 1}]\n")
    result = runner.invoke(app, ["check", str(path)], env=NO_GITHUB)
    # 2 - 1 = 1 in January, 0 in February, -1 in March.
    assert result.exit_code == 1
    assert "runs out in 2025-03 (counting committed; no target)" in result.stdout
    result = runner.invoke(app, ["check", str(path), "--target", "2025-02"], env=NO_GITHUB)
    assert result.exit_code == 0
    assert result.stdout.startswith("What-if (not the file's own numbers): target 2025-02\n")
    assert "funded through target 2025-02 (counting committed), 0.00 USD left" in result.stdout


def test_invalid_file_exits_2_and_the_others_are_still_checked(
    minimal: Path, write: Callable[..., Path]
) -> None:
    """An invalid file is reported (stderr and an INVALID line); the others are judged."""
    bad = write("name: X\nstart: 2025-13\n", "bad.yaml")
    result = runner.invoke(app, ["check", str(bad), str(minimal)], env=NO_GITHUB)
    assert result.exit_code == 2
    assert f"{bad}:2:8: start:" in result.stderr
    assert result.stdout.splitlines()[0] == f"INVALID {bad}: 1 problem"
    assert result.stdout.splitlines()[1].startswith(f"FAIL    {minimal} (Minimal example)")


def test_github_annotation_points_at_the_target_line(minimal: Path, tmp_path: Path) -> None:
    """GITHUB_ACTIONS=true: one ::error per failure at the target: line (3)."""
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = runner.invoke(app, ["check", str(minimal)], env=env)
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file={minimal},line=3,title=mss-runway check%3A Minimal example::"
        "runs out in 2025-05 (counting committed): 40,000.00 USD short through target "
        "2025-06, 2 months short"
    ]


def test_annotation_of_a_variant_points_at_the_base_that_holds_the_target(
    minimal: Path, write: Callable[..., Path]
) -> None:
    """A variant that inherits its target: the annotation names the base file and line."""
    child = write("extends: minimal.yaml\nname: Variant\n", "variant.yaml")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = runner.invoke(app, ["check", str(child)], env=env)
    assert f"::error file={minimal},line=3,title=mss-runway check%3A Variant::" in result.stdout


def test_annotation_without_a_target_line_points_at_line_1(
    minimal: Path, write: Callable[..., Path]
) -> None:
    """With --target from the command line there is no target line: line 1 of the file."""
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": ""}
    result = runner.invoke(app, ["check", str(minimal), "--target", "2025-05"], env=env)
    assert f"::error file={minimal},line=1," in result.stdout


def test_no_annotations_outside_github(minimal: Path) -> None:
    """Without GITHUB_ACTIONS=true no workflow commands are printed."""
    result = runner.invoke(app, ["check", str(minimal)], env=NO_GITHUB)
    assert result.exit_code == 1  # minimal.yaml fails counting committed: an answer, not a crash
    assert result.stdout.startswith(f"FAIL    {minimal} (Minimal example): runs out in 2025-05")
    assert "::error" not in result.stdout


def test_step_summary_is_appended(minimal: Path, tmp_path: Path) -> None:
    """The Markdown summary is appended after what the file already holds."""
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    runner.invoke(app, ["check", str(minimal)], env=env)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## mss-runway check (counting committed)\n")
    assert "0 of 1 scenarios pass." in text
    shown = str(minimal).replace("_", "\\_")  # Markdown: _ escaped, the path as written
    assert f"| ❌ FAIL | Minimal example | {shown} | runs out in 2025-05" in text


def test_junit_xml_has_one_case_per_scenario(
    minimal: Path, write: Callable[..., Path], tmp_path: Path
) -> None:
    """--junit: a parseable XML report; failure and error elements with messages."""
    passing = write("name: Rich\nstart: 2025-01\nopening_balance: 5\n", "rich.yaml")
    bad = write("name: X\nstart: 2025-13\n", "bad.yaml")
    report = tmp_path / "report.xml"
    args = ["check", str(minimal), str(passing), str(bad), "--junit", str(report)]
    result = runner.invoke(app, args, env=NO_GITHUB)
    assert result.exit_code == 2
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["Minimal example", "Rich", str(bad)]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("runs out in 2025-05 (counting committed)")
    assert [(e.tag, e.text) for e in cases[1]] == [("system-out", f"file: {passing}")]
    error = cases[2].find("error")
    assert error is not None
    assert error.get("message") == "1 problem"
    assert f"{bad}:2:8: start:" in (error.text or "")


def test_a_what_if_that_does_not_fit_one_file_makes_only_that_file_invalid(
    minimal: Path, write: Callable[..., Path]
) -> None:
    """--drop of a donor one file lacks: that file is INVALID (exit 2), the others are
    still checked and reported."""
    other = write(
        "name: Other\nstart: 2025-01\ntarget: 2025-02\nopening_balance: 10\n"
        "contributions: [{donor: Germany, amount: 5, status: committed, date: 2025-01}]\n",
        "other.yaml",
    )
    result = runner.invoke(
        app, ["check", str(minimal), str(other), "--drop", "Germany"], env=NO_GITHUB
    )
    assert result.exit_code == 2
    assert f"INVALID {minimal}: 1 problem" in result.stdout
    # without Germany, other.yaml keeps its 10 and spends nothing: it passes
    assert f"PASS    {other} (Other)" in result.stdout
    assert f"{minimal}: --drop 'Germany': no contribution comes from that donor" in (result.stderr)
