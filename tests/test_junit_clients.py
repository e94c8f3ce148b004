"""``check --junit`` as CI systems read it: valid against the Jenkins xUnit plugin's
junit-10.xsd (tests/data, with its licence), read by junitparser with the right counts,
every test case keyed uniquely (GitLab keys a case on its class name and name), and
characters XML cannot hold written so that the report still parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT, SCENARIOS

xmlschema = pytest.importorskip("xmlschema")
junitparser = pytest.importorskip("junitparser")

runner = CliRunner()
XSD = ROOT / "tests" / "data" / "junit-10.xsd"
MINIMAL = (SCENARIOS / "minimal.yaml").read_text(encoding="utf-8")
NO_GITHUB = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """check over five files, by relative paths: two copies of minimal.yaml in different
    folders (both fail under committed: minimal.yaml runs out in 2025-05), a variant that
    keeps the base's name and passes, a scenario whose name holds a control character
    (passes), and an invalid file."""
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "variant.yaml").write_text(
        "extends: a/minimal.yaml\nopening_balance: 1_000_000\n", encoding="utf-8"
    )
    (tmp_path / "control.yaml").write_text(
        'name: "Odd\\x01name"\nstart: 2025-01\ntarget: 2025-02\nopening_balance: 5\n',
        encoding="utf-8",
    )
    (tmp_path / "bad.yaml").write_text("name: X\nstart: 2025-13\n", encoding="utf-8")
    files = ["a/minimal.yaml", "b/minimal.yaml", "variant.yaml", "control.yaml", "bad.yaml"]
    result = runner.invoke(app, ["check", *files, "--junit", "report.xml"], env=NO_GITHUB)
    assert result.exit_code == 2, result.output
    return tmp_path / "report.xml"


def test_the_report_is_valid_against_the_xunit_plugins_xsd(report: Path) -> None:
    schema = xmlschema.XMLSchema(str(XSD))
    errors = [str(e.reason) for e in schema.iter_errors(str(report))]
    assert errors == []


def test_junitparser_reads_the_right_counts(report: Path) -> None:
    xml = junitparser.JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors) == (5, 2, 1)
    results = {case.name: sorted(type(r).__name__ for r in case.result) for case in suite}
    assert results == {
        "Minimal example (a/minimal.yaml)": ["Failure"],
        "Minimal example (b/minimal.yaml)": ["Failure"],
        "Minimal example (variant.yaml)": [],
        "Odd\\x01name": [],
        "bad.yaml": ["Error"],  # an invalid file has no name: its file names it
    }


def test_every_case_is_keyed_uniquely(report: Path) -> None:
    """GitLab keys a test case on suite, class name and name: no two may share them."""
    xml = junitparser.JUnitXml.fromfile(str(report))
    keys = [(suite.name, case.classname, case.name) for suite in xml for case in suite]
    assert len(keys) == 5
    assert len(set(keys)) == len(keys)


def test_each_case_names_its_file(report: Path) -> None:
    xml = junitparser.JUnitXml.fromfile(str(report))
    outputs = [case.system_out for suite in xml for case in suite]
    assert outputs == [
        "file: a/minimal.yaml",
        "file: b/minimal.yaml",
        "file: variant.yaml",
        "file: control.yaml",
        "file: bad.yaml",
    ]
