"""The command line: every command, output format and exit code."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from mss_runway import __version__
from mss_runway.cli import app

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL = str(SCENARIOS / "minimal.yaml")

# scenarios/minimal.yaml, by hand: opening 140,000; 30,000 a month; a 50,000 pledge in March.
# pledged:  Jan 110,000  Feb 80,000  Mar 100,000  Apr 70,000  May 40,000  Jun 10,000 (target)
#           Jul -20,000 (the ledger goes on past the target until the money runs out)
# received/committed (without the pledge):
#           Jan 110,000  Feb 80,000  Mar 50,000  Apr 20,000  May -10,000  Jun -40,000
PLEDGED_CLOSINGS = [
    "110000.00",
    "80000.00",
    "100000.00",
    "70000.00",
    "40000.00",
    "10000.00",
    "-20000.00",
]


def test_forecast_json_follows_the_contract_to_the_letter() -> None:
    """The JSON object has exactly the documented keys, with hand-computed values."""
    result = runner.invoke(app, ["forecast", MINIMAL, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert list(doc) == [
        "name",
        "file",
        "currency",
        "start",
        "target",
        "count",
        "exhausted",
        "funded_through",
        "runway_months",
        "shortfall",
        "balance_at_target",
        "months_short",
        "lowest_balance",
        "lenses",
        "months",
        "warnings",
        "what_if",
    ]
    assert doc["name"] == "Minimal example"
    assert doc["file"] == MINIMAL
    assert (doc["currency"], doc["start"], doc["target"], doc["count"]) == (
        "USD",
        "2025-01",
        "2025-06",
        "pledged",
    )
    assert (doc["exhausted"], doc["funded_through"], doc["runway_months"]) == (
        "2025-07",
        "2025-06",
        6,
    )
    assert (doc["shortfall"], doc["balance_at_target"], doc["months_short"]) == (
        Decimal("0.00"),
        Decimal("10000.00"),
        0,
    )
    assert list(doc["lenses"]) == ["received", "committed", "pledged"]
    for lens in ("received", "committed"):
        assert doc["lenses"][lens] == {
            "exhausted": "2025-05",
            "funded_through": "2025-04",
            "runway_months": 4,
            "shortfall": Decimal("40000.00"),
            "balance_at_target": Decimal("-40000.00"),
            "months_short": 2,
            # through the target: May -10,000, June -40,000 (the lowest)
            "lowest_balance": {"month": "2025-06", "amount": Decimal("-40000.00")},
        }
    assert doc["lenses"]["pledged"]["exhausted"] == "2025-07"
    # pledged through the target June: 110k 80k 100k 70k 40k 10k; July's -20,000 is past it
    assert doc["lowest_balance"] == {"month": "2025-06", "amount": Decimal("10000.00")}
    assert doc["lenses"]["pledged"]["lowest_balance"] == doc["lowest_balance"]
    assert [list(m) for m in doc["months"]] == [
        ["month", "opening", "inflow", "outflow", "closing"]
    ] * 7
    assert [str(m["closing"]) for m in doc["months"]] == PLEDGED_CLOSINGS
    assert doc["months"][2] == {
        "month": "2025-03",
        "opening": Decimal("80000.00"),
        "inflow": Decimal("50000.00"),
        "outflow": Decimal("30000.00"),
        "closing": Decimal("100000.00"),
    }


def test_forecast_json_count_chooses_the_ledger() -> None:
    """--count committed puts the committed ledger and summary at the top level."""
    result = runner.invoke(app, ["forecast", MINIMAL, "-f", "json", "--count", "committed"])
    doc = json.loads(result.stdout)
    assert doc["count"] == "committed"
    assert doc["exhausted"] == "2025-05"
    assert [m["closing"] for m in doc["months"]] == [110000, 80000, 50000, 20000, -10000, -40000]


def test_forecast_json_money_is_exact_beyond_float_precision(write: Callable[..., Path]) -> None:
    """Amounts too large for a float to hold to the cent still print exactly."""
    path = write(
        """
        name: big
        start: 2025-01
        opening_balance: 900_000_000_000_000.07
        costs: [{label: a, amount: 0.01, date: 2025-01}]
        """
    )
    result = runner.invoke(app, ["forecast", str(path), "-f", "json"])
    assert '"closing": 900000000000000.06' in result.stdout


def test_forecast_csv_has_one_row_per_month() -> None:
    """CSV: a header and one row per ledger month, plain numbers."""
    result = runner.invoke(app, ["forecast", MINIMAL, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["month", "opening", "inflow", "outflow", "closing", "what_if"]
    assert rows[1] == ["2025-01", "140000.00", "0.00", "30000.00", "110000.00", ""]
    assert [r[4] for r in rows[1:]] == PLEDGED_CLOSINGS


def test_forecast_csv_names_the_what_ifs_on_every_row(tmp_path: Path) -> None:
    """A what-if ledger in CSV says so on every row, also when written to a file."""
    out = tmp_path / "ledger.csv"
    result = runner.invoke(
        app, ["forecast", MINIMAL, "-f", "csv", "--delay", "pledged=1", "-o", str(out)]
    )
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert {r[5] for r in rows[1:]} == {"pledged contributions 1 month late"}
    # the 50,000 pledge moves from March to April: March closes at 80,000 - 30,000
    assert rows[3][4] == "50000.00"


def test_forecast_markdown_has_summary_and_ledger_tables() -> None:
    """Markdown: a summary table of the three lenses and a ledger table."""
    result = runner.invoke(app, ["forecast", MINIMAL, "--format", "markdown"])
    assert result.exit_code == 0
    out = result.stdout
    assert "| Exhausted | 2025-05 | 2025-05 | 2025-07 |" in out
    assert "| Shortfall | 40,000.00 | 40,000.00 | 0.00 |" in out
    assert "| 2025-06 | 40,000.00 | 0.00 | 30,000.00 | 10,000.00 | target |" in out
    assert "| 2025-07 | 10,000.00 | 0.00 | 30,000.00 | **-20,000.00** | runs out |" in out


def test_forecast_table_shows_summary_and_marked_ledger() -> None:
    """The table: lenses side by side, every ledger month, target and run-out marked."""
    result = runner.invoke(app, ["forecast", MINIMAL])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    exhausted = next(line for line in lines if line.strip().startswith("Exhausted"))
    assert exhausted.split()[1:] == ["2025-05", "2025-05", "2025-07"]
    shortfall = next(line for line in lines if line.strip().startswith("Shortfall"))
    assert shortfall.split()[1:] == ["40,000.00", "40,000.00", "0.00"]
    ledger = [line.split() for line in lines if re.match(r"\s+20\d\d-\d\d\s", line)]
    assert [row[0] for row in ledger] == [f"2025-0{m}" for m in range(1, 8)]
    assert ledger[5] == ["2025-06", "40,000.00", "0.00", "30,000.00", "10,000.00", "◀", "target"]
    assert ledger[6][4:] == ["-20,000.00", "◀", "runs", "out"]


@pytest.mark.parametrize(("count", "code"), [("pledged", 0), ("committed", 1), ("received", 1)])
def test_fail_on_shortfall_exit_code(count: str, code: int) -> None:
    """--fail-on-shortfall exits 1 when the counted money misses the target, else 0."""
    result = runner.invoke(
        app, ["forecast", MINIMAL, "-f", "json", "--count", count, "--fail-on-shortfall"]
    )
    assert result.exit_code == code
    assert json.loads(result.stdout)["count"] == count  # the report is still printed


def test_fail_on_shortfall_without_target_fails_when_money_runs_out(
    write: Callable[..., Path],
) -> None:
    """Without a target, running out at all counts as a shortfall."""
    path = write("name: t\nstart: 2025-01\nopening_balance: 1\ncosts: [{label: a, monthly: 1}]\n")
    assert runner.invoke(app, ["forecast", str(path), "--fail-on-shortfall"]).exit_code == 1
    ok = write("name: t\nstart: 2025-01\nopening_balance: 1\n", "ok.yaml")
    assert runner.invoke(app, ["forecast", str(ok), "--fail-on-shortfall"]).exit_code == 0


def test_forecast_output_file_is_written_whole(tmp_path: Path) -> None:
    """--output writes the report to the file and nothing to stdout."""
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["forecast", MINIMAL, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["exhausted"] == "2025-07"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_forecast_table_output_file_has_no_colour_codes(tmp_path: Path) -> None:
    """A table written to a file is plain text."""
    out = tmp_path / "report.txt"
    assert runner.invoke(app, ["forecast", MINIMAL, "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "\x1b[" not in text
    assert "2025-07" in text


def test_forecast_output_to_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    """An output path that cannot be written gives exit 2 and a message, no traceback."""
    out = tmp_path / "no" / "such" / "dir.json"
    result = runner.invoke(app, ["forecast", MINIMAL, "-f", "json", "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.output


def test_warnings_go_to_stderr(write: Callable[..., Path]) -> None:
    """Items left out of the ledger are named on stderr; stdout stays clean JSON."""
    path = write(
        """
        name: t
        start: 2025-01
        opening_balance: 10
        contributions: [{donor: Far, amount: 5, status: pledged, date: 2036-01}]
        """
    )
    result = runner.invoke(app, ["forecast", str(path), "-f", "json"])
    assert result.exit_code == 0
    assert f"warning: {path}: contributions[0] (Far, 2036-01)" in result.stderr
    warning = result.stderr.split("warning: ")[1].strip()
    assert json.loads(result.stdout)["warnings"] == [warning.removeprefix(f"{path}: ")]


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_scenario_forecasts(path: Path) -> None:
    """Every file in scenarios/ is valid and forecasts with a summary and a ledger."""
    result = runner.invoke(app, ["forecast", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "Exhausted" in result.stdout
    assert "Monthly ledger" in result.stdout


def test_validate_reports_each_valid_file() -> None:
    """validate exits 0 and names each valid file."""
    files = sorted(str(p) for p in SCENARIOS.glob("*.yaml"))
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0
    assert [line.split(": ok")[0] for line in result.stdout.splitlines()] == files


def test_schema_is_json_schema_of_the_format() -> None:
    """schema prints a JSON Schema naming the format's fields."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("/schema")
    # name and start are required unless the file is a variant (extends a base).
    assert schema["if"] == {"required": ["extends"]}
    assert schema["else"]["required"] == ["name", "start"]
    assert set(schema["properties"]) == {
        "extends",
        "contributions_file",
        "name",
        "label",
        "currency",
        "start",
        "target",
        "opening_balance",
        "fx",
        "contributions",
        "costs",
        "assumptions",
        "costs_uncertainty",
        "actuals",
        "overdue",
        "reserve",
    }
    assert schema["additionalProperties"] is False


def test_schema_accepts_shipped_scenarios_when_jsonschema_is_available() -> None:
    """The generated schema is a valid JSON Schema that accepts the shipped scenarios."""
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    # one validator for every file: jsonschema.validate() checks the schema again at each
    # call (0.1 s each, most of this test's time)
    validator = jsonschema.Draft202012Validator(schema)
    for path in SCENARIOS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        data = json.loads(json.dumps(data, default=str))
        validator.validate(data)


def test_version() -> None:
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"mss-runway {__version__}"


@pytest.mark.parametrize("command", sorted(typer.main.get_command(app).commands))  # type: ignore[attr-defined]
def test_every_command_has_help_with_an_example(command: str) -> None:
    """--help works on every command and shows an example."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: mss-runway " + command in result.stdout


def test_usage_errors_exit_2() -> None:
    """A bad option value is a usage error: exit 2."""
    result = runner.invoke(app, ["forecast", MINIMAL, "--count", "hoped"])
    assert result.exit_code == 2
    assert runner.invoke(app, ["forecast"]).exit_code == 2


def test_json_path_loads_no_rich() -> None:
    """Machine-readable output never imports rich (start-up time)."""
    code = (
        "import sys\n"
        "from mss_runway.cli import main\n"
        f"sys.argv = ['mss-runway', 'forecast', {MINIMAL!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr.strip() == "[]"
    assert json.loads(proc.stdout)["name"] == "Minimal example"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["forecast", MINIMAL, "-f", "json"], 0),
        (["forecast", MINIMAL], 0),  # a rich table
        (["forecast", MINIMAL, "--count", "received", "--fail-on-shortfall"], 1),
        (["compare", MINIMAL, MINIMAL], 0),
        (["check", MINIMAL], 1),  # minimal.yaml fails counting committed money
    ],
    ids=["json", "table", "shortfall", "compare", "check"],
)
def test_closed_pipe_ends_quietly_with_the_result_exit_code(
    args: list[str], code: int, tmp_path: Path
) -> None:
    """Output into a pipe whose reader has gone (| head) ends without a traceback or a
    message about the pipe, with the exit code the result calls for, and files are still
    written. (--fail-on-shortfall still says why it fails, on stderr.)"""
    junit = tmp_path / "check.xml"
    extra = ["--junit", str(junit)] if args[0] == "check" else []
    proc = subprocess.Popen(
        [sys.executable, "-c", "from mss_runway.cli import main; main()", *args, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first write
    _, err = proc.communicate(timeout=60)
    failing = "--fail-on-shortfall" in args
    assert err == (
        f"warning: {MINIMAL}: falls short: runs out in 2025-05 (counting received): "
        "40,000.00 USD short through target 2025-06, 2 months short\n".encode()
        if failing
        else b""
    )
    assert proc.returncode == code
    if extra:
        assert junit.read_text().startswith("<?xml")


def test_compare_needs_two_files() -> None:
    """compare with one file is a usage error (exit 2), as its help says."""
    result = runner.invoke(app, ["compare", MINIMAL])
    assert result.exit_code == 2
    assert "compare needs two or more scenario files" in result.stderr
