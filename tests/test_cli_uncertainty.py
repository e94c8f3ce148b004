"""The simulate, solve and sensitivity commands: formats, JSON keys, exit codes, messages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from mss_runway import cli
from mss_runway.cli import app
from mss_runway.cli import decide as decide_commands
from mss_runway.simulation import MAX_RUNS

from .conftest import SCENARIOS

runner = CliRunner()
MINIMAL = str(SCENARIOS / "minimal.yaml")
NOVEMBER = str(SCENARIOS / "mss-haiti-2024-11.yaml")


def test_simulate_json_keys_are_pinned() -> None:
    """simulate --format json: exactly the documented keys, months as YYYY-MM."""
    result = runner.invoke(app, ["simulate", MINIMAL, "-f", "json", "--seed", "1", "-n", "500"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert list(doc) == [
        "runs",
        "seed",
        "p_through_target",
        "exhausted",
        "shortfall",
        "months",
        "assumptions",
        "what_if",
        "lowest_balance",
    ]
    assert (doc["runs"], doc["seed"]) == (500, 1)
    assert list(doc["lowest_balance"]) == ["p10", "p50", "p90"]
    assert list(doc["exhausted"]) == ["p10", "p50", "p90"]
    assert list(doc["shortfall"]) == ["p10", "p50", "p90"]
    assert list(doc["months"][0]) == ["month", "p10", "p50", "p90"]
    # January: 140,000 - 30,000 in every run
    assert doc["months"][0] == {
        "month": "2025-01",
        "p10": Decimal("110000.00"),
        "p50": Decimal("110000.00"),
        "p90": Decimal("110000.00"),
    }
    assert doc["assumptions"]["pledged"]["probability"] == Decimal("0.6")
    assert doc["assumptions"]["pledged"]["delay_months"] == [0, 6]
    assert doc["assumptions"]["costs_uncertainty"] == 0


def test_simulate_same_seed_same_output_and_a_picked_seed_is_printed() -> None:
    """--seed repeats a run exactly; without it a seed is picked and shown."""
    args = ["simulate", MINIMAL, "-f", "json", "-n", "300", "--seed", "77"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout
    picked = runner.invoke(app, ["simulate", MINIMAL, "-n", "300"])
    assert picked.exit_code == 0, picked.stderr
    assert "repeat with --seed" in picked.stdout
    seed = json.loads(runner.invoke(app, ["simulate", MINIMAL, "-f", "json", "-n", "10"]).stdout)
    assert isinstance(seed["seed"], int)


def test_simulate_table_and_markdown_say_the_chance_and_the_month(
    write: Callable[..., Path],
) -> None:
    """People's formats say how likely the target is and when the money most likely runs
    out; without a target they say there is no chance to report."""
    table = runner.invoke(app, ["simulate", NOVEMBER, "--seed", "1", "-n", "200"])
    assert table.exit_code == 0, table.stderr
    assert "Chance the fund lasts through 2025-10" in table.stdout
    assert "most likely runs out in 2024-12" in table.stdout
    md = runner.invoke(app, ["simulate", MINIMAL, "-f", "markdown", "--seed", "1", "-n", "200"])
    assert md.exit_code == 0
    assert "| Month | p10 closing (USD) | p50 | p90 |" in md.stdout
    path = write("name: n\nstart: 2025-01\ncosts: [{label: x, monthly: 1}]\n")
    none = runner.invoke(app, ["simulate", str(path), "-f", "json", "-n", "10", "--seed", "1"])
    assert none.exit_code == 0, none.stderr
    doc = json.loads(none.stdout)
    assert (doc["p_through_target"], doc["shortfall"]) == (None, None)
    text = runner.invoke(app, ["simulate", str(path), "-n", "10", "--seed", "1"]).stdout
    assert "No target" in text


def test_simulate_usage_errors_exit_2(write: Callable[..., Path]) -> None:
    """Too many runs, a negative seed and an invalid file are usage or input errors."""
    assert cli.MAX_RUNS == MAX_RUNS
    too_many = runner.invoke(app, ["simulate", MINIMAL, "-n", str(MAX_RUNS + 1)])
    assert too_many.exit_code == 2
    assert runner.invoke(app, ["simulate", MINIMAL, "--seed", "-1"]).exit_code == 2
    bad = write(
        "name: b\nstart: 2025-01\n"
        "contributions: [{donor: d, amount: 1, status: received, date: 2025-01, "
        "probability: 0.5}]\n"
    )
    result = runner.invoke(app, ["simulate", str(bad)])
    assert result.exit_code == 2
    assert "contributions[0].probability: received money is certain" in result.stderr
    assert ":3:" in result.stderr


def test_simulate_refuses_amounts_too_large_for_int64(write: Callable[..., Path]) -> None:
    """Amounts beyond exact 64-bit cents: exit 2 with a message, not a wrong answer."""
    path = write(
        "name: big\nstart: 2025-01\nopening_balance: 1_000_000_000_000_000\n"
        "costs: [{label: x, unit_cost: 1_000_000_000_000_000, units: {2025-01: 1000000}}]\n"
    )
    result = runner.invoke(app, ["simulate", str(path), "-n", "10"])
    assert result.exit_code == 2
    assert "too large to simulate exactly" in result.stderr


def test_simulate_json_path_loads_no_rich() -> None:
    """simulate --format json never imports rich."""
    code = (
        "import sys\n"
        "from mss_runway.cli import main\n"
        f"sys.argv = ['mss-runway', 'simulate', {MINIMAL!r}, '-f', 'json', '-n', '100']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr.strip() == "[]"


def test_solve_json_keys_and_values() -> None:
    """solve --format json: exactly the documented keys, with hand-computed values."""
    result = runner.invoke(app, ["solve", MINIMAL, "-f", "json", "--top-up", "1000"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert list(doc) == [
        "target",
        "count",
        "lump_sum",
        "lump_sum_by",
        "monthly_top_up",
        "top_up",
        "latest_top_up_month",
        "cost_factor",
        "max_units",
        "what_if",
    ]
    # minimal.yaml lasts through June (10,000 left): nothing needed, any month will do.
    assert doc["lump_sum"] == Decimal("0.00")
    assert doc["lump_sum_by"] is None
    assert doc["monthly_top_up"] == Decimal("0.00")
    assert doc["latest_top_up_month"] == "2025-06"
    # 190,000 / (6 x 30,000) = 1.0555...
    assert doc["cost_factor"] == Decimal("1.0555")
    assert doc["max_units"] == {}


def test_solve_table_speaks_to_a_funding_officer() -> None:
    """Counting received money only, minimal.yaml is 40,000 short by June (May -10,000,
    June -40,000): a lump sum of 40,000; a monthly top-up of max(10,000/5, 40,000/6) =
    6,666.67; costs must fall to (140,000 / 180,000 = 0.77777...) 77.77%."""
    result = runner.invoke(app, ["solve", MINIMAL, "--count", "received", "--top-up", "40000"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "A lump sum of USD 40,000.00 closes the gap; it must arrive by 2025-05" in out
    assert "A top-up of USD 6,666.67 a month from 2025-01 through 2025-06 closes the gap." in out
    assert "A top-up of USD 40,000.00 must arrive by 2025-05" in out
    assert "Costs must fall to 77.77% of plan" in out


def test_solve_errors_exit_2(write: Callable[..., Path]) -> None:
    """No target, or a top-up that is not an amount above 0: exit 2 with a message."""
    path = write("name: n\nstart: 2025-01\n")
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 2
    assert "no target" in result.stderr
    bad = runner.invoke(app, ["solve", MINIMAL, "--top-up", "lots"])
    assert bad.exit_code == 2
    assert "--top-up" in bad.stderr
    assert runner.invoke(app, ["solve", MINIMAL, "--top-up", "0"]).exit_code == 2


def test_sensitivity_json_and_table() -> None:
    """sensitivity --format json: a list, most harmful first, with the documented keys;
    the table names the pledge. minimal.yaml: without the pledge May closes at -10,000 and
    June at -40,000; three months late (June) June closes at 10,000."""
    result = runner.invoke(app, ["sensitivity", MINIMAL, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert list(doc[0]) == ["donor", "date", "status", "amount", "never", "late", "index"]
    assert doc[0]["never"] == {"exhausted": "2025-05", "shortfall": Decimal("40000.00")}
    assert doc[0]["late"] == {"exhausted": "2025-05", "shortfall": Decimal("10000.00")}
    table = runner.invoke(app, ["sensitivity", MINIMAL, "--delay", "1"])
    assert table.exit_code == 0
    assert "Example donor" in table.stdout
    assert runner.invoke(app, ["sensitivity", MINIMAL, "--delay", "0"]).exit_code == 2


def test_simulate_says_when_the_money_does_not_run_out(write: Callable[..., Path]) -> None:
    """Opening 100, costs 10 a month to March, target March: 90, 80, 70, never negative."""
    path = write(
        "name: n\nstart: 2025-01\ntarget: 2025-03\nopening_balance: 100\n"
        "costs: [{label: x, monthly: 10, to: 2025-03}]\n"
    )
    result = runner.invoke(app, ["simulate", str(path), "-n", "20", "--seed", "1"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "In at least 90% of runs the money does not run out within the ledger." in out
    assert "100.00% (20 of 20 runs)" in out


def test_command_line_defaults_are_the_cores() -> None:
    """The CLI repeats a few core defaults (so that --help need not import the core):
    they must stay the same numbers."""
    import inspect

    from mss_runway import sensitivity, simulation, whatif

    defaults = {
        name: {
            p.name: p.default
            for p in inspect.signature(getattr(decide_commands, name)).parameters.values()
        }
        for name in ("simulate", "sensitivity")
    }
    assert defaults["simulate"]["runs"] == simulation.DEFAULT_RUNS
    assert decide_commands.DEFAULT_LATE == sensitivity.DEFAULT_DELAY
    assert decide_commands.MAX_LATE == whatif.MAX_DELAY


def test_simulate_sentences_agree_on_the_worst_tenth() -> None:
    """Every run of the MSS scenario ends short at its target, its lowest point: the
    shortfall that 90% of runs stay within is the balance 10% of runs fall to."""
    result = runner.invoke(app, ["simulate", NOVEMBER, "--seed", "1", "-n", "1000"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    high = re.search(r"90% at most ([0-9,.]+)\.", text)
    low = re.search(r"10% of runs fall to (-[0-9,.]+) or lower", text)
    assert high, text
    assert low, text
    assert low.group(1) == "-" + high.group(1)
