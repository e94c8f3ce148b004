"""backtest: earlier forecasts against the actuals, hand-computed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

runner = CliRunner()

# Plan: opening 100, 30 a month, 50 expected in 2025-02: closings 70, 90, 60.
PLAN = """\
name: Plan
start: 2025-01
opening_balance: 100
contributions:
  - {id: a, donor: A, amount: 50, status: pledged, date: 2025-02}
costs:
  - {label: Ops, monthly: 30}
"""
# Later: what happened: 75 (spent 25), 60 (a arrived as 20 of 50, spent 35), -5 (spent 65).
ACTUAL = PLAN.replace("name: Plan", "name: Actual") + (
    "actuals:\n"
    "  - {month: 2025-01, closing: 75}\n"
    "  - {month: 2025-02, closing: 60, received: {a: 20}}\n"
    "  - {month: 2025-03, closing: -5}\n"
)
# A gloomier plan: 40 a month: 60, 70, 30, -10.
GLOOMY = PLAN.replace("name: Plan", "name: Gloomy").replace("monthly: 30", "monthly: 40")


def test_each_forecast_is_scored_month_by_month(write: Callable[..., Path]) -> None:
    actual, plan, gloomy = write(ACTUAL, "a.yaml"), write(PLAN, "p.yaml"), write(GLOOMY, "g.yaml")
    result = runner.invoke(app, ["backtest", str(actual), str(plan), str(gloomy), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["actual_exhausted"] == "2025-03"
    assert doc["last_actual"] == "2025-03"
    first, second = doc["forecasts"]
    # plan 70, 90, 60 against 75, 60, -5: errors -5, 30, 65
    assert [(m["month"], m["forecast"], m["error"]) for m in first["months"]] == [
        ("2025-01", Decimal(70), Decimal(-5)),
        ("2025-02", Decimal(90), Decimal(30)),
        ("2025-03", Decimal(60), Decimal(65)),
    ]
    assert first["mean_absolute_error"] == Decimal("33.33")  # 100 / 3, half to even
    assert first["bias"] == Decimal("30.00")  # 90 / 3: too hopeful
    assert first["predicted_exhausted"] == "2025-06"  # Mar 60, Apr 30, May 0, Jun -30
    # gloomy 60, 70, 30: errors -15, 10, 35; MAE 60 / 3 = 20, bias 30 / 3 = 10
    assert (second["mean_absolute_error"], second["bias"]) == (Decimal(20), Decimal(10))
    assert second["predicted_exhausted"] == "2025-04"


def test_the_table_and_markdown_show_every_figure(write: Callable[..., Path]) -> None:
    actual, plan = write(ACTUAL, "a.yaml"), write(PLAN, "p.yaml")
    for width in ("60", "100"):
        table = runner.invoke(app, ["backtest", str(actual), str(plan)], env={"COLUMNS": width})
        assert table.exit_code == 0, table.output
        for figure in ("33.33", "30.00", "-5.00", "65.00", "2025-06", "ran out in 2025-03"):
            assert figure in table.stdout
        assert all(len(line) <= int(width) for line in table.stdout.splitlines())
    md = runner.invoke(app, ["backtest", str(actual), str(plan), "-f", "markdown"])
    assert "| 2025-02 | 60.00 | 90.00 | 30.00 |" in md.stdout


def test_a_file_without_actuals_is_refused(write: Callable[..., Path]) -> None:
    plan = write(PLAN, "p.yaml")
    result = runner.invoke(app, ["backtest", str(plan), str(plan)])
    assert result.exit_code == 2
    assert f"error: {plan}: has no actuals" in result.stderr


def test_the_chart_draws_each_forecast_and_the_actuals(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    actual, plan = write(ACTUAL, "a.yaml"), write(PLAN, "p.yaml")
    svg = tmp_path / "bt.svg"
    result = runner.invoke(app, ["backtest", str(actual), str(plan), "--chart", str(svg)])
    assert result.exit_code == 0, result.output
    text = svg.read_text(encoding="utf-8")
    for words in ("Plan (forecast)", "Actual closing balance", "ran out in 2025-03"):
        assert words in text
    bad = runner.invoke(app, ["backtest", str(actual), str(plan), "--chart", str(tmp_path / "x")])
    assert bad.exit_code == 2
    assert "the chart is written as .png, .svg or .pdf, not no suffix" in bad.stderr


def test_the_saved_chart_holds_each_forecast_and_the_actuals_month_by_month(
    write: Callable[..., Path], tmp_path: Path, saved_figures: list[Any]
) -> None:
    """What --chart writes, caught as it is saved: each forecast's closing balances and the
    actual ones (hand-computed above: plan 70, 90, 60; gloomy 60, 70, 30; actual 75, 60,
    -5), at January to March 2025. Draws and saves a chart: about a second."""
    actual, plan = write(ACTUAL, "a.yaml"), write(PLAN, "p.yaml")
    gloomy = write(GLOOMY, "g.yaml")
    out = tmp_path / "bt.png"
    args = ["backtest", str(actual), str(plan), str(gloomy), "--chart", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (fig,) = saved_figures
    (ax,) = fig.axes
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_label()[0] != "_"}
    assert {name: list(line.get_ydata()) for name, line in lines.items()} == {
        "Plan (forecast)": [70, 90, 60],
        "Gloomy (forecast)": [60, 70, 30],
        "Actual closing balance": [75, 60, -5],
    }
    months = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert all(list(line.get_xdata()) == months for line in lines.values())
    assert ax.get_title(loc="left").endswith("the fund ran out in 2025-03")


def test_earlier_versions_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .gitrepo import GIT, Repo

    if GIT is None:
        pytest.skip("git is not installed: the tests of REV:PATH and --history need it")
    repo = Repo(tmp_path)
    repo.write({"fund.yaml": PLAN}, "the plan")
    repo.write({"fund.yaml": GLOOMY}, "costs up to 40")
    repo.write({"fund.yaml": ACTUAL}, "what happened")
    monkeypatch.chdir(tmp_path)
    one = runner.invoke(app, ["backtest", "fund.yaml", "HEAD~2:fund.yaml", "-f", "json"])
    assert one.exit_code == 0, one.output
    scored = json.loads(one.stdout, parse_float=Decimal)["forecasts"]
    assert [(f["file"], f["bias"]) for f in scored] == [("HEAD~2:fund.yaml", Decimal(30))]
    every = runner.invoke(app, ["backtest", "fund.yaml", "--history", "-f", "json"])
    assert every.exit_code == 0, every.output
    # oldest first: the plan (bias 30), the gloomy one (10), the file with actuals (0)
    history = json.loads(every.stdout, parse_float=Decimal)["forecasts"]
    assert [(f["name"], f["bias"]) for f in history] == [
        ("Plan", Decimal(30)),
        ("Gloomy", Decimal(10)),
        ("Actual", Decimal(0)),
    ]
    none = runner.invoke(app, ["backtest", "fund.yaml"])
    assert none.exit_code == 2
    assert "nothing to score" in none.stderr
