"""Tables for people at every width: no number cut, no row without its name.

The property tests render random scenarios at random widths; the others run the CLI
through a pipe (COLUMNS, or the default width) and through a real terminal (a pty).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.comparison import compare
from mss_runway.output import PLAIN_WIDTH
from mss_runway.projection import LENSES, forecast
from mss_runway.render.document import forecast_document
from mss_runway.render.sensitivity import print_sensitivity
from mss_runway.render.table import print_compare, print_forecast
from mss_runway.scenario import Scenario
from mss_runway.sensitivity import sensitivity

from .conftest import ROOT
from .strategies import scenarios

runner = CliRunner()
HAITI = str(ROOT / "scenarios" / "mss-haiti-2024-11.yaml")
#: An ellipsis next to a digit: a number cut short.
CUT = re.compile(r"\d…|…\d")


#: Amounts of 17 to 18 characters: even at 1 space apart the ledger needs 85 columns.
BIG = {
    "name": "big",
    "start": "2025-01",
    "target": "2025-06",
    "opening_balance": "9999999999.99",
    "contributions": [
        {"donor": "Canada", "amount": "9000000000.00", "status": "pledged", "date": "2025-03"}
    ],
    "costs": [{"label": "Ops", "monthly": "7777777777.77"}],
}


def drawn(draw: Any, width: int) -> str:
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, color_system=None, markup=False, highlight=False))
    return buffer.getvalue()


def amounts(value: Any) -> list[Decimal]:
    """Every amount in a JSON document (Decimal values), depth first."""
    if isinstance(value, Decimal):
        return [value]
    if isinstance(value, dict):
        return [a for v in value.values() for a in amounts(v)]
    if isinstance(value, list):
        return [a for v in value for a in amounts(v)]
    return []


def shown(amount: Decimal, text: str) -> bool:
    """``amount`` appears whole: with separators, not part of a longer number."""
    return re.search(rf"(?<![\d,.\-]){re.escape(f'{amount:,.2f}')}(?![\d,.])", text) is not None


# Cost: rich renders a ledger of up to 120 months in 50-300 ms, so CI's 500 examples would
# take a minute or more for this one test. It runs a fifth of the profile's examples,
# between 30 and 100 (dev ~5 s, CI ~15 s): scenarios and widths vary independently, and
# the golden tests pin the shipped scenarios at the common widths.
@settings(
    max_examples=min(100, max(30, settings().max_examples // 5)),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios(), st.sampled_from(LENSES), st.one_of(st.integers(60, 90), st.integers(60, 200)))
@example(BIG, "pledged", 60)  # sections at 60: amounts too wide for one table
@example(BIG, "pledged", 80)
def test_forecast_never_cuts_a_number(data: dict[str, Any], lens: str, width: int) -> None:
    """At any width from 60: no line is wider, no ellipsis touches a digit, every ledger
    month is shown, and every amount of the JSON output appears whole in the table (the
    issue asks it from 80 columns; the sections below 80 keep it too). Slow (~5 s under
    CI): rich renders each ledger of up to 120 months in 50-300 ms (see the comment above)."""
    result = forecast(Scenario.model_validate(data), lens)  # type: ignore[arg-type]
    text = drawn(lambda console: print_forecast(result, console), width)
    assert not CUT.search(text)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    for row in result.chosen.rows:
        assert str(row.month) in text
    document = forecast_document(result, "x.yaml")
    missing = [a for a in amounts(document) if not shown(a, text)]
    assert missing == []


@settings(
    max_examples=min(25, max(15, settings().max_examples // 20)),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios(max_contributions=3), scenarios(max_contributions=0), st.integers(60, 200))
def test_compare_and_sensitivity_never_cut_a_number(
    first: dict[str, Any], second: dict[str, Any], width: int
) -> None:
    """compare (with its closing balances by month) and sensitivity of random scenarios:
    every line within the width, no ellipsis next to a digit, every balance and amount
    whole. (15 examples, 25 under CI: each renders two tables of up to 120 months and
    projects the scenario once per contribution: ~5 s under CI, most of it rich
    rendering.)"""
    a, b = (forecast(Scenario.model_validate(d), "pledged") for d in (first, second))
    comparison = compare([("a.yaml", a), ("b.yaml", b)], "pledged")
    text = drawn(lambda console: print_compare(comparison, console, monthly=True), width)
    result = sensitivity(a.scenario, "pledged")
    text += drawn(lambda console: print_sensitivity(result, console), width)
    assert not CUT.search(text)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    balances = [v for _, row in comparison.closings() for v in row if v is not None]
    contributions = [impact.item.amount for impact in result.impacts]
    assert [v for v in [*balances, *contributions] if not shown(v, text)] == []


def run(args: list[str], env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_piped_output_follows_columns_without_trailing_spaces() -> None:
    """Piped, the table is as wide as COLUMNS (here 80: the ledger shows every amount
    whole), and no line ends in a space."""
    text = run(["forecast", HAITI], {"COLUMNS": "80"})
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert [line for line in lines if line.endswith(" ")] == []
    assert "2025-10 ◎  -413,931,184.00           0.00  46,686,020.00  -460,617,204.00" in lines


def test_piped_output_without_columns_keeps_the_default_width(tmp_path: Path) -> None:
    """No COLUMNS: 120 columns, as before, to a pipe and to -o FILE alike; COLUMNS also
    sets the width of -o FILE."""
    piped = run(["forecast", HAITI])
    assert "◀ runs out" in piped  # the full notes fit at 120
    assert max(cell_len(line) for line in piped.splitlines()) <= PLAIN_WIDTH
    run(["forecast", HAITI, "-o", str(tmp_path / "a.txt")])
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == piped
    run(["forecast", HAITI, "-o", str(tmp_path / "b.txt")], {"COLUMNS": "60"})
    narrow = (tmp_path / "b.txt").read_text(encoding="utf-8")
    assert max(cell_len(line) for line in narrow.splitlines()) <= 60


def test_check_lines_stay_whole_without_columns() -> None:
    """check's sentences: one line per file through a pipe without COLUMNS (as logs are
    read); wrapped at spaces with COLUMNS, the numbers whole."""
    minimal = str(ROOT / "scenarios" / "minimal.yaml")
    assert len(run(["check", minimal]).splitlines()) == 1
    wrapped = run(["check", minimal], {"COLUMNS": "60"}).splitlines()
    assert len(wrapped) > 1
    assert all(len(line) <= 60 for line in wrapped)
    assert "40,000.00" in "\n".join(wrapped)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize("columns", [80, 100])
def test_through_a_real_terminal(columns: int) -> None:
    """The CLI in a pseudo-terminal of ``columns`` columns (no COLUMNS set): rich reads
    the terminal's size, and no amount of the ledger is cut."""
    import fcntl
    import pty
    import struct
    import termios

    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="xterm", PYTHONPATH=str(ROOT / "src"))
    process = subprocess.Popen(
        [sys.executable, "-c", "from mss_runway.cli.app import main; main()", "forecast", HAITI],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the child has gone: EIO on Linux
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(parent)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8"))
    lines = text.replace("\r\n", "\n").splitlines()
    assert process.returncode == 0, text
    assert max(cell_len(line) for line in lines) <= columns
    assert not CUT.search(text)
    for amount in ("85,000,000.00", "-460,617,204.00", "-471,017,204.00", "10,400,000.00"):
        assert amount in text
