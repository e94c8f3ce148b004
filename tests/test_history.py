"""``mss-runway history FILE``: the forecast at every git revision that changed a
scenario or what it extends, newest first; table, JSON, CSV, Markdown, a drift chart."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .gitrepo import GIT, Repo, needs_git, run

pytestmark = needs_git

BASE = """name: Base
start: 2025-01
target: 2025-06
opening_balance: 100_000
costs: [{label: Operations, monthly: 20_000}]
"""
VARIANT = """extends: base.yaml
name: Variant
contributions: [{donor: A, amount: 5_000, status: pledged, date: 2025-02}]
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = Repo(tmp_path)
    repo.write({"s/base.yaml": BASE, "s/variant.yaml": VARIANT}, "one: base and variant")
    repo.write({"s/variant.yaml": VARIANT.replace("5_000", "10_000")}, "two: A doubles")
    repo.write({"notes.txt": "unrelated\n"}, "three: unrelated")
    repo.write({"s/base.yaml": BASE.replace("20_000", "25_000")}, "four: costs up in the base")
    repo.write({"s/variant.yaml": VARIANT.replace("5_000", "-1")}, "five: a typo")
    monkeypatch.chdir(tmp_path)
    return repo


def test_every_revision_that_changed_it_or_its_base_newest_first(repo: Repo) -> None:
    code, out, err = run("history", "s/variant.yaml", "-f", "json")
    assert code == 0, err
    doc = json.loads(out, parse_float=Decimal)
    revisions = doc["revisions"]
    # "three" changed neither the variant nor its base: not listed.
    assert [r["subject"] for r in revisions] == [
        "five: a typo",
        "four: costs up in the base",
        "two: A doubles",
        "one: base and variant",
    ]
    log = repo.git("log", "--format=%H").split()
    assert [r["commit"] for r in revisions] == [log[0], log[1], log[3], log[4]]
    assert revisions[0]["lenses"] is None
    assert revisions[0]["problem"] == (
        "invalid: contributions[0].amount: expected an amount above 0, got -1"
    )
    # one: 100k - 6 x 20k = -20k, +5k pledged in Feb: pledged 15k short, committed 20k.
    # two: A 10k: pledged 10k. four: 25k a month: -50k + 10k: pledged 40k, committed 50k.
    shortfalls = [
        (r["lenses"]["committed"]["shortfall"], r["lenses"]["pledged"]["shortfall"])
        for r in revisions[1:]
    ]
    assert shortfalls == [
        (Decimal("50000.00"), Decimal("40000.00")),
        (Decimal("20000.00"), Decimal("10000.00")),
        (Decimal("20000.00"), Decimal("15000.00")),
    ]
    # one: closings 80k 65k 45k 25k 5k -15k: runs out in June (pledged).
    assert revisions[3]["lenses"]["pledged"]["exhausted"] == "2025-06"


def test_a_base_no_longer_extended_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The variant extends base.yaml, then other.yaml; a later change to base.yaml is a
    # change to a file the variant no longer reads: not listed.
    repo = Repo(tmp_path)
    repo.write({"s/base.yaml": BASE, "s/other.yaml": BASE, "s/variant.yaml": VARIANT}, "one")
    repo.write({"s/variant.yaml": VARIANT.replace("base.yaml", "other.yaml")}, "two: other")
    repo.write({"s/base.yaml": BASE.replace("20_000", "25_000")}, "three: old base")
    repo.write({"s/other.yaml": BASE.replace("20_000", "30_000")}, "four: new base")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("history", "s/variant.yaml", "-f", "json")
    assert code == 0, err
    subjects = [r["subject"] for r in json.loads(out)["revisions"]]
    assert subjects == ["four: new base", "two: other", "one"]


def test_from_a_subfolder_the_path_is_from_there(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.root / "s")
    code, out, err = run("history", "variant.yaml", "-f", "json")
    assert code == 0, err
    assert len(json.loads(out)["revisions"]) == 4


def test_csv_markdown_and_table(repo: Repo) -> None:
    code, out, _ = run("history", "s/variant.yaml", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["shortfall_pledged"] for r in rows] == ["", "40000.00", "10000.00", "15000.00"]
    code, out, _ = run("history", "s/variant.yaml", "-f", "markdown")
    assert "| Date | Commit | Subject |" in out
    assert "| 40,000.00 |" in out
    code, out, _ = run("history", "s/variant.yaml")
    assert code == 0
    assert "four: costs up in the" in out
    assert "40,000.00" in out


def test_a_file_outside_git_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("history", "x.yaml")
    assert code == 2
    assert err.strip() == "error: ./x.yaml: not inside a git repository"


def test_drift_chart(repo: Repo, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the chart needs the charts extra")
    target = tmp_path / "drift.png"
    code, _, err = run("history", "s/variant.yaml", "--chart", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"\x89PNG")
    code, _, err = run("history", "s/variant.yaml", "--chart")
    assert code == 2
    assert "-o FILE.png" in err


def test_the_saved_drift_chart_holds_each_revisions_month_and_shortfall(
    repo: Repo, tmp_path: Path, saved_figures: list[Any]
) -> None:
    """What --chart writes, caught as it is saved, oldest revision first and the invalid
    one ("five") left out. By hand (see the first test): one, 20,000 a month from 100,000
    with A's 5,000 pledged in February, runs out in June under every lens (committed
    closes June at -20,000, pledged at -15,000); two, A 10,000, also June (pledged
    -10,000); four, 25,000 a month, May (committed -50,000 in June, pledged -40,000).
    Nothing is received, so received is committed. Draws and saves a chart: about a
    second."""
    code, _, err = run("history", "s/variant.yaml", "--chart", "-o", str(tmp_path / "d.png"))
    assert code == 0, err
    (fig,) = saved_figures
    top, bottom = fig.axes
    june, may = date(2025, 6, 1), date(2025, 5, 1)
    assert {line.get_label(): list(line.get_ydata()) for line in top.get_lines()} == {
        "received": [june, june, may],
        "committed": [june, june, may],
        "pledged": [june, june, may],
    }
    assert {line.get_label(): list(line.get_ydata()) for line in bottom.get_lines()} == {
        "received": [20_000, 20_000, 50_000],
        "committed": [20_000, 20_000, 50_000],
        "pledged": [15_000, 10_000, 40_000],
    }
    assert all(list(line.get_xdata()) == [0, 1, 2] for line in top.get_lines())
    # the x axis names each revision drawn by its date and commit
    log = [line.split(" ", 2) for line in repo.git("log", "--format=%h %cs %s").splitlines()]
    drawn = {"one", "two", "four"}  # three changed neither file, five is invalid
    shown = [
        (day, commit) for commit, day, subject in reversed(log) if subject.split(":")[0] in drawn
    ]
    ticks = [label.get_text() for label in bottom.get_xticklabels()]
    assert ticks == [f"{day}\n{commit[:7]}" for day, commit in shown]


def test_history_of_the_shipped_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the project's own git history: a row per revision (skipped outside a clone, and
    in a copy such as mutmut's `mutants/` where the scenario is not a tracked file)."""
    assert GIT is not None
    tracked = subprocess.run(
        [GIT, "ls-files", "--error-unmatch", "scenarios/mss-haiti-2024-11.yaml"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if tracked.returncode != 0:
        pytest.skip("the shipped scenario is not a tracked file of a git clone here")
    monkeypatch.chdir(ROOT)
    code, out, err = run("history", "scenarios/mss-haiti-2024-11.yaml", "-f", "json")
    assert code == 0, err
    revisions = json.loads(out)["revisions"]
    log = subprocess.run(
        [GIT, "log", "--format=%H", "--", "scenarios/mss-haiti-2024-11.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert revisions
    assert {r["commit"] for r in revisions} <= set(log)
