"""One vocabulary on the command line: the what-ifs and --count on every command that
projects, --help that says what to type, one shape for every message on stderr, `-` for
standard input, `python -m mss_runway` and shell completion."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT, SCENARIOS

runner = CliRunner()
MINIMAL = str(SCENARIOS / "minimal.yaml")
# minimal.yaml: opening 140,000; 30,000 a month of costs from 2025-01; a pledge of 50,000
# dated 2025-03 from "Example donor"; target 2025-06.
WHAT_IFS = ["--delay", "pledged=1", "--drop", "example donor", "--scale-costs", "1.1"]
WHAT_IFS += ["--target", "2025-05", "--overdue", "drop"]
DESCRIBED = [
    "pledged contributions 1 month late",
    "without example donor",
    "every cost x 1.1",
    "target 2025-05",
    "overdue contributions dropped",
]
#: The what-ifs, by the names of their parameters; every command that projects takes all.
WHAT_IF_PARAMS = {"delay", "drop", "scale_costs", "target", "overdue"}
#: The commands that project a scenario (issue 9: the what-ifs work the same on each).
PROJECTING = ["forecast", "compare", "check", "chart", "simulate", "solve", "sensitivity", "diff"]


def commands() -> list[str]:
    """Every command, sub-commands of a command group included (as "group command")."""
    found: list[str] = []

    def walk(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", {})
        if path:
            found.append(" ".join(path))
        for name in sorted(subcommands):
            walk(subcommands[name], [*path, name])

    walk(typer.main.get_command(app), [])
    return found


# --- --help -------------------------------------------------------------------------------

LEAKS = re.compile(
    r"<[A-Za-z_|\[\] ]+>"  # <path>, <list[Path]>, <int range>, <str>, <table|json>
    r"|\{[A-Z]+\}"  # {FILE}
    r"|x[<>]=|<=x"  # [x>=0], [1<=x<=100000]
    r"|\b(?:list|dict|tuple)\[|\bPath\b|\bint range\b|\bstr\b|NoneType"
)


@pytest.mark.parametrize("command", ["", *commands()])
def test_help_shows_no_python_types(command: str) -> None:
    """No command's --help shows a Python type or typer's range notation, at any width."""
    for columns in ("80", "200"):
        args = [*command.split(), "--help"]
        result = runner.invoke(app, args, env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        assert LEAKS.search(result.stdout) is None, (command, LEAKS.search(result.stdout))


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("forecast", ["Usage: mss-runway forecast [OPTIONS] FILE\n", "--delay STATUS=MONTHS"]),
        ("forecast", ["--drop DONOR", "--scale-costs FACTOR", "--target YYYY-MM"]),
        ("forecast", ["-o, --output FILE", "-c, --count [received|committed|pledged]"]),
        ("validate", ["Usage: mss-runway validate [OPTIONS] FILE...\n", "  FILE...  "]),
        ("compare", ["FILE...", "--target YYYY-MM"]),
        ("check", ["--min-runway MONTHS", "--junit FILE"]),
        ("simulate", ["-n, --runs N", "--seed N", "--delay STATUS=MONTHS", "--count"]),
        ("solve", ["--top-up AMOUNT", "--target YYYY-MM", "--scale-costs FACTOR"]),
        ("sensitivity", ["--late MONTHS", "--delay STATUS=MONTHS", "--drop DONOR"]),
    ],
)
def test_help_names_what_to_type(command: str, shown: list[str]) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    for text in shown:
        assert text in result.stdout, (command, text)


# --- the what-ifs everywhere ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["forecast", MINIMAL, "-f", "json"],
        ["compare", MINIMAL, MINIMAL, "-f", "json"],
        ["simulate", MINIMAL, "-f", "json", "-n", "50", "--seed", "1"],
        ["solve", MINIMAL, "-f", "json"],
        ["diff", MINIMAL, MINIMAL, "-f", "json"],
    ],
    ids=lambda a: a[0],
)
def test_json_objects_name_the_what_ifs(args: list[str]) -> None:
    """Every command that projects takes the five what-ifs; a JSON object names them."""
    result = runner.invoke(app, [*args, *WHAT_IFS])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["what_if"] == DESCRIBED
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0, plain.stderr
    assert json.loads(plain.stdout)["what_if"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["forecast", MINIMAL],
        ["compare", MINIMAL, MINIMAL],
        ["check", MINIMAL],
        ["simulate", MINIMAL, "-n", "50", "--seed", "1"],
        ["simulate", MINIMAL, "-n", "50", "--seed", "1", "-f", "markdown"],
        ["solve", MINIMAL],
        ["sensitivity", MINIMAL],
        ["diff", MINIMAL, MINIMAL],
    ],
    ids=lambda a: " ".join(a[:1] + a[2:]),
)
def test_text_outputs_name_the_what_ifs(args: list[str]) -> None:
    result = runner.invoke(app, [*args, *WHAT_IFS])
    assert result.exit_code in (0, 1), result.stderr
    line = "What-if (not the file's own numbers): " + "; ".join(DESCRIBED)
    assert line in " ".join(result.stdout.split())  # however the table wraps it


def test_every_command_that_takes_a_what_if_takes_them_all() -> None:
    """A command given one what-if option and not another (as --overdue was forecast's
    alone) fails here, and so does a projecting command with none."""
    root = typer.main.get_command(app)
    takes = {}
    for name, command in getattr(root, "commands", {}).items():
        params = {p.name for p in command.params}
        if params & WHAT_IF_PARAMS:
            takes[name] = params & WHAT_IF_PARAMS
    assert sorted(takes) == sorted(PROJECTING)
    for name, params in takes.items():
        assert params == WHAT_IF_PARAMS, (name, WHAT_IF_PARAMS - params)


# An overdue pledge, by hand (docs/actuals.md): opening 100; costs 30 a month; A's pledge of
# 50 (2025-02) arrives in full in February; C's pledge of 40 (2025-01) brings 10 in January
# and is overdue with 30 left. Actual closings: 75 (Jan), 95 (Feb: 75 + 50 + 10 unplanned -
# 40 spent). From March, counting pledged:
# - overdue: next_month (the file's default): C's 30 in March: 95 + 30 - 30 = 95, then 65,
#   35, 5 at the target 2025-06, -25 in July: runs out 2025-07, no shortfall.
# - --overdue drop: 95 - 30 = 65, 35, 5, -25 in June: runs out 2025-06, 25.00 short.
OVERDUE_EXAMPLE = """\
name: Overdue example
start: 2025-01
target: 2025-06
opening_balance: 100
contributions:
  - {id: a, donor: A, amount: 50, status: pledged, date: 2025-02}
  - {id: c, donor: C, amount: 40, status: pledged, date: 2025-01}
costs:
  - {label: Ops, monthly: 30}
actuals:
  - {month: 2025-01, closing: 75, received: {c: 10}}
  - {month: 2025-02, closing: 95, received: {a: 50}, unplanned: 10}
"""


@pytest.fixture
def overdue_example(write: Callable[..., Path]) -> str:
    return str(write(OVERDUE_EXAMPLE, "overdue.yaml"))


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)


@pytest.mark.parametrize("overdue", [[], ["--overdue", "next_month"], ["--overdue", "drop"]])
def test_overdue_drop_leaves_the_overdue_pledge_out_everywhere(
    overdue_example: str, overdue: list[str]
) -> None:
    """Each projecting command, by hand (the numbers above); next_month is the file's own
    default, so it gives the same numbers as no option."""
    dropped = overdue[1:] == ["drop"]
    phrase = {"drop": "overdue contributions dropped"}
    phrase["next_month"] = "overdue contributions expected next month"
    named = [phrase[word] for word in overdue[1:]]  # named as a what-if when given
    s = overdue_example
    doc: Any = _json(["forecast", s, "-f", "json", *overdue])
    assert (doc["exhausted"], doc["shortfall"]) == (
        ("2025-06", Decimal("25.00")) if dropped else ("2025-07", Decimal("0.00"))
    )
    assert doc["what_if"] == named
    doc = _json(["compare", s, s, "-f", "json", *overdue])
    assert [(c["exhausted"], c["shortfall"]) for c in doc["scenarios"]] == 2 * [
        ("2025-06", Decimal("25.00")) if dropped else ("2025-07", Decimal("0.00"))
    ]
    assert doc["what_if"] == named
    doc = _json(["diff", s, s, "-f", "json", *overdue])
    assert (doc["old"]["exhausted"], doc["new"]["exhausted"]) == 2 * (
        "2025-06" if dropped else "2025-07",
    )
    assert doc["what_if"] == named
    # solve: the lump sum is the lowest closing through the target (-25 in June); the
    # monthly top-up from March (the month after the last actual) 25 / 4 months = 6.25.
    doc = _json(["solve", s, "-f", "json", *overdue])
    assert (doc["lump_sum"], doc["monthly_top_up"]) == (
        (Decimal("25.00"), Decimal("6.25")) if dropped else (Decimal("0.00"), Decimal("0.00"))
    )
    assert doc["what_if"] == named
    # sensitivity: C's 30 still to come (in March) is the only row; dropped, there is none.
    doc = _json(["sensitivity", s, "-f", "json", *overdue])
    rows = [(r["donor"], r["date"], r["amount"], r["never"]["shortfall"]) for r in doc]
    assert rows == ([] if dropped else [("C", "2025-03", Decimal("30.00"), Decimal("25.00"))])
    # check, counting pledged: funded through the target (5.00 left) or 25.00 short.
    checked = runner.invoke(app, ["check", s, "--count", "pledged", *overdue])
    assert checked.exit_code == (1 if dropped else 0), checked.output
    assert ("25.00 USD short" if dropped else "5.00 USD left") in checked.stdout


def test_simulate_overdue_drop_has_nothing_left_to_draw(overdue_example: str) -> None:
    """With C's overdue 30 dropped nothing is left to draw (A arrived in full, no cost
    uncertainty), so every run is forecast --overdue drop: out in 2025-06, 25.00 short.
    Without it, C's 30 arrives by June in some runs (then 5.00 is left at the target)."""
    args = ["simulate", overdue_example, "-f", "json", "-n", "200", "--seed", "5"]
    doc: Any = _json([*args, "--overdue", "drop"])
    assert doc["p_through_target"] == Decimal("0.0000")
    assert doc["exhausted"] == {"p10": "2025-06", "p50": "2025-06", "p90": "2025-06"}
    assert doc["shortfall"] == {p: Decimal("25.00") for p in ("p10", "p50", "p90")}
    assert doc["what_if"] == ["overdue contributions dropped"]
    kept: Any = _json(args)
    assert kept["p_through_target"] > 0
    assert kept["lowest_balance"]["p90"] == Decimal("5.00")


def test_chart_takes_overdue(overdue_example: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    image = tmp_path / "runway.png"
    result = runner.invoke(app, ["chart", overdue_example, "-o", str(image), "--overdue", "drop"])
    assert result.exit_code == 0, result.stderr
    assert image.read_bytes().startswith(b"\x89PNG")


def test_solve_target_moves_the_target() -> None:
    """solve --target 2025-08 on minimal.yaml, by hand: closings 110,000, 80,000, 100,000,
    70,000, 40,000, 10,000, -20,000 (Jul), -50,000 (Aug). Lump sum 50,000.00; monthly
    top-up max(20,000 / 7, 50,000 / 8) = 6,250.00."""
    result = runner.invoke(app, ["solve", MINIMAL, "--target", "2025-08", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["target"] == "2025-08"
    assert doc["lump_sum"] == Decimal("50000.00")
    assert doc["monthly_top_up"] == Decimal("6250.00")
    assert doc["what_if"] == ["target 2025-08"]


def test_simulate_count_draws_only_what_the_lens_counts() -> None:
    """simulate --count committed on minimal.yaml leaves its one pledge out, so every run
    is forecast --count committed: 140,000 - 30,000 a month runs out in 2025-05 and is
    40,000.00 short at the target 2025-06 (140,000 - 6 x 30,000)."""
    args = ["simulate", MINIMAL, "-f", "json", "-n", "200", "--seed", "3"]
    only_committed = runner.invoke(app, [*args, "--count", "committed"])
    committed = json.loads(only_committed.stdout, parse_float=Decimal)
    assert committed["p_through_target"] == Decimal("0.0000")
    assert committed["exhausted"] == {"p10": "2025-05", "p50": "2025-05", "p90": "2025-05"}
    assert committed["shortfall"] == {p: Decimal("40000.00") for p in ("p10", "p50", "p90")}
    pledged = json.loads(runner.invoke(app, args).stdout, parse_float=Decimal)
    assert pledged["p_through_target"] > 0  # the pledge arrives in time in some runs
    # the what-if --drop applies before drawing: without the pledge, no run lasts
    dropped = runner.invoke(app, [*args, "--drop", "Example donor"])
    assert json.loads(dropped.stdout, parse_float=Decimal)["exhausted"] == committed["exhausted"]


def test_sensitivity_late_and_the_old_delay() -> None:
    """--late N is the lateness; --delay N still works, with a warning; --delay S=M is the
    what-if (the JSON list keeps its shape)."""
    late = runner.invoke(app, ["sensitivity", MINIMAL, "--late", "2", "-f", "json"])
    assert late.exit_code == 0, late.stderr
    assert late.stderr == ""
    old = runner.invoke(app, ["sensitivity", MINIMAL, "--delay", "2", "-f", "json"])
    assert old.exit_code == 0
    assert old.stdout == late.stdout
    assert old.stderr.startswith("warning: --delay 2: ")
    assert "use --late 2" in old.stderr
    # minimal.yaml's pledge is dated 2025-03; 2 months late under the what-if: 2025-05.
    moved = runner.invoke(app, ["sensitivity", MINIMAL, "--delay", "pledged=2", "-f", "json"])
    doc = json.loads(moved.stdout)
    assert isinstance(doc, list)
    assert [item["date"] for item in doc] == ["2025-05"]
    both = runner.invoke(app, ["sensitivity", MINIMAL, "--delay", "2", "--late", "3"])
    assert both.exit_code == 2
    assert both.stderr.startswith("error: --delay 2: ")


# --- messages on stderr -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["forecast"], "error: forecast: missing argument FILE"),
        (
            ["forecast", MINIMAL, "--count", "all"],
            "error: --count: expected one of received, committed, pledged, got 'all'",
        ),
        (
            ["simulate", MINIMAL, "--runs", "0"],
            "error: --runs: expected a whole number from 1 to 100000, got '0'",
        ),
        (
            ["simulate", MINIMAL, "--runs", "many"],
            "error: --runs: expected a whole number from 1 to 100000, got 'many'",
        ),
        (
            ["check", MINIMAL, "--min-runway", "-1"],
            "error: --min-runway: expected a whole number of at least 0, got '-1'",
        ),
        (["forecast", MINIMAL, "--bogus"], "error: forecast: no such option --bogus"),
        (["bogus"], "error: mss-runway: no such command 'bogus'"),
        (["compare", MINIMAL], "error: FILE: compare needs two or more scenario files"),
        (
            ["forecast", MINIMAL, "extra"],
            "error: forecast: got unexpected extra argument(s) (extra)",
        ),
        (["chart", MINIMAL], "error: --output: required: --output FILE"),
        (["forecast", MINIMAL, "--target"], "error: --target: expected a value after it"),
        (["compare", MINIMAL, MINIMAL, "--monthly=x"], "error: --monthly: takes no value"),
        (["forecast", "nonexist.yaml"], "error: nonexist.yaml: no such file"),
        (
            ["forecast", MINIMAL, "--delay", "pledged=3m"],
            "error: --delay pledged=MONTHS: "
            "expected a whole number of months from 0 to 119, got '3m'",
        ),
        (
            ["forecast", MINIMAL, "--delay", "hoped=3"],
            "error: --delay: expected STATUS=MONTHS "
            "with STATUS one of received, committed, pledged (or the FTS words paid, commitment, "
            "pledge), got 'hoped'",
        ),
        (
            ["forecast", MINIMAL, "--month", "2025-13"],
            "error: --month: '2025-13' is not a real month: month 13 is not 01 to 12",
        ),
        (
            ["forecast", MINIMAL, "--target", "2025-13"],
            "error: --target: '2025-13' is not a real month: month 13 is not 01 to 12",
        ),
        (
            ["import", "fts", MINIMAL, "--since", "2025-13"],
            "error: --since: '2025-13' is not a real month: month 13 is not 01 to 12",
        ),
        (
            ["sensitivity", MINIMAL, "--late", "0"],
            "error: --late: expected a whole number from 1 to 119, got '0'",
        ),
        (
            ["sensitivity", MINIMAL, "--delay", "x"],
            "error: --delay: expected STATUS=MONTHS "
            "(a what-if) or, the old --late, a whole number of months from 1 to 119, got 'x'",
        ),
    ],
)
def test_every_error_is_one_line_error_where_what(args: list[str], message: str) -> None:
    """Usage errors, input errors and what-if errors: `error: WHERE: WHAT` (at most one
    hint line after it), exit 2, never click's Usage block or typer's "Value error"."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == message
    assert len(lines) <= 2
    assert all(line.startswith(("error: ", "  (see: ")) for line in lines)
    assert "Usage:" not in result.stderr
    assert "Value error" not in result.stderr
    assert result.stdout == ""
    command = "mss-runway" if args[0] == "bogus" else f"mss-runway {args[0]}"
    if args[0] == "import":
        command += f" {args[1]}"
    assert lines[1:] in ([], [f"  (see: {command} --help)"])  # the hint names the command


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["forecast", MINIMAL, "--count", "all"], "error: --count: expected one of"),
        (["simulate", MINIMAL, "--seed", "x"], "error: --seed: expected a whole number"),
        (["forecast", MINIMAL, "--bogus"], "error: forecast: no such option --bogus"),
        (["forecast", MINIMAL, "--target", "2025-13"], "error: --target: '2025-13' is not"),
        (["compare", MINIMAL, MINIMAL, "--target", "x"], "error: --target: expected a month"),
        (["forecast", MINIMAL, "--month", "x"], "error: --month: expected a month"),
        (["import", "fts", MINIMAL, "--since", "x"], "error: --since: expected a month"),
        (["import", "iati", MINIMAL, "--fund", " "], "error: --fund: expected the name"),
        (["solve", MINIMAL, "--top-up", "-5"], "error: --top-up: expected an amount above 0"),
        (["solve", MINIMAL, "--top-up", "abc"], "error: --top-up: expected an amount of money"),
        (["forecast", MINIMAL, "--delay", "pledged=x"], "error: --delay pledged=MONTHS: "),
        (["check", MINIMAL, "--delay", "hoped=1"], "error: --delay: expected STATUS=MONTHS"),
        (["forecast", MINIMAL, "--delay", "pledged=1", "--delay", "pledge=2"], "error: --delay "),
        (["sensitivity", MINIMAL, "--delay", "x"], "error: --delay: expected STATUS=MONTHS"),
        (["sensitivity", MINIMAL, "--delay", "2", "--late", "3"], "error: --delay 2: "),
        (["simulate", MINIMAL, "--scale-costs", "x"], "error: --scale-costs: expected a factor"),
        (["chart", MINIMAL, MINIMAL, "--lenses", "-o", "c.png"], "error: --lenses: draws"),
        (["history", MINIMAL, "--chart"], "error: --chart: give the image to write"),
    ],
)
def test_every_usage_error_about_an_option_names_the_help(args: list[str], message: str) -> None:
    """A value an option cannot take, whether typer or mss-runway finds it: the error line,
    then where to read about the option, exit 2."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(message), lines
    command = " ".join(args[:2] if args[0] == "import" else args[:1])
    assert lines[1:] == [f"  (see: mss-runway {command} --help)"]


def test_top_up_quotes_what_was_typed() -> None:
    """solve --top-up -5.0 says '-5.0', not the amount as read (-5.00)."""
    result = runner.invoke(app, ["solve", MINIMAL, "--top-up", "-5.0"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --top-up: expected an amount above 0, got '-5.0'"
    )


def test_scenario_problems_start_with_error() -> None:
    result = runner.invoke(app, ["validate", str(ROOT / "docs" / "examples" / "bad.yaml")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "error: validate: 1 of 1 files invalid"
    assert all(re.match(r"error: \S+bad\.yaml:\d+:\d+: ", line) for line in lines[:-1])


# --- standard input, python -m, completion ----------------------------------------------


def test_dash_reads_the_scenario_from_standard_input() -> None:
    text = Path(MINIMAL).read_text(encoding="utf-8")
    piped = runner.invoke(app, ["forecast", "-", "-f", "json"], input=text)
    assert piped.exit_code == 0, piped.stderr
    from_file = runner.invoke(app, ["forecast", MINIMAL, "-f", "json"])

    def strip(doc: str) -> dict[str, Any]:
        return {k: v for k, v in json.loads(doc).items() if k != "file"}

    assert strip(piped.stdout) == strip(from_file.stdout)
    bad = runner.invoke(app, ["validate", "-"], input="name: x\nstart: 2025-13\n")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: <stdin>:2:8: start: ")


@pytest.mark.parametrize("command", ["validate", "compare", "check"])
def test_standard_input_is_read_once(command: str) -> None:
    text = Path(MINIMAL).read_text(encoding="utf-8")
    result = runner.invoke(app, [command, "-", "-"], input=text)
    assert result.exit_code == 2
    assert result.stderr == "error: -: standard input can be read only once; give - once\n"


def test_standard_input_extends_from_the_working_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    text = "extends: scenarios/minimal.yaml\nname: piped\ntarget: 2025-05\n"
    result = runner.invoke(app, ["forecast", "-", "-f", "json"], input=text)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["name"], doc["target"]) == ("piped", "2025-05")


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **env)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment, check=False
    )


def test_python_dash_m_runs_the_command_line() -> None:
    from mss_runway import __version__

    result = _run(["-m", "mss_runway", "--version"])
    assert (result.returncode, result.stdout) == (0, f"mss-runway {__version__}\n")
    bad = _run(["-m", "mss_runway", "forecast", "nonexist.yaml"])
    assert (bad.returncode, bad.stderr) == (2, "error: nonexist.yaml: no such file\n")


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("mss-runway sim", "1", ["simulate"]),
        ("mss-runway solve FILE --ta", "3", ["--target"]),
        ("mss-runway sensitivity FILE --la", "3", ["--late"]),
        ("mss-runway forecast FILE -c ''", "4", ["received", "committed", "pledged"]),
    ],
)
def test_bash_completion_completes_commands_and_options(
    words: str, cword: str, expected: list[str]
) -> None:
    """What bash's completion function asks for (see the README) gives the commands, the
    options and the choices of an option."""
    script = "import sys; from mss_runway.cli import app; app(prog_name='mss-runway')"
    result = _run(
        ["-c", script],
        _MSS_RUNWAY_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=cword,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


def test_bash_completion_script() -> None:
    script = "from mss_runway.cli import app; app(prog_name='mss-runway')"
    result = _run(["-c", script], _MSS_RUNWAY_COMPLETE="source_bash")
    assert result.returncode == 0
    assert "complete -o default -F _mss_runway_completion mss-runway" in result.stdout
