"""Smoke tests of the benchmark tools (benchmarks/): the scenario generator and the hledger
journal writer. The benchmark itself is not run here: it is timed, and CI does not time."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks import generate, hledger_journal
from typer.testing import CliRunner

from mss_runway import load_scenario, scenario_from_text
from mss_runway.cli import app

runner = CliRunner()


def test_writers_write_the_scenario_and_csv_by_hand() -> None:
    """A hand-built generated scenario is written as the YAML and CSV text below."""
    scenario = generate.Generated(
        name="Tiny",
        start="2025-01",
        target="2025-03",
        opening_balance="10.00",
        contributions=[
            generate.Contribution("Donor 0000", "5.05", "received", "2025-02"),
            generate.Contribution("Donor 0001", "7.00", "pledged", "2025-03-09", "USD", "batch 0"),
        ],
        costs=[generate.Cost({"label": "Cost line 0000", "monthly": "1.50", "to": "2025-02"})],
    )
    assert generate.scenario_yaml(scenario) == (
        "name: Tiny\n"
        "currency: USD\n"
        "start: 2025-01\n"
        "target: 2025-03\n"
        "opening_balance: 10.00\n"
        "contributions:\n"
        "  - {donor: Donor 0000, amount: 5.05, status: received, date: 2025-02}\n"
        "  - {donor: Donor 0001, amount: 7.00, status: pledged, date: 2025-03-09,"
        " currency: USD, note: batch 0}\n"
        "costs:\n"
        "  - {label: Cost line 0000, monthly: 1.50, to: 2025-02}\n"
    )
    assert generate.scenario_yaml(scenario, "c.csv").splitlines()[5] == "contributions_file: c.csv"
    assert generate.contributions_csv(scenario.contributions) == (
        "donor,amount,status,date,currency,note\n"
        "Donor 0000,5.05,received,2025-02,,\n"
        "Donor 0001,7.00,pledged,2025-03-09,USD,batch 0\n"
    )


def test_generated_scenario_validates_and_csv_holds_its_contributions(tmp_path: Path) -> None:
    """7 contributions, 5 cost lines over 12 months: the inline YAML validates with 7
    contributions and 5 costs from 2025-01 to target 2025-12; the CSV has a header and
    one row per contribution, the same ones; the same seed gives the same bytes."""
    paths = generate.write(generate.generate(7, 5, 12, seed=3), tmp_path / "a")
    result = runner.invoke(app, ["validate", str(paths["inline"])])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(paths["inline"])
    assert (len(scenario.contributions), len(scenario.costs)) == (7, 5)
    assert (str(scenario.start), str(scenario.target)) == ("2025-01", "2025-12")

    with paths["csv"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["donor", "amount", "status", "date", "currency", "note"]
    assert len(rows) == 1 + 7
    for row, contribution in zip(rows[1:], scenario.contributions, strict=True):
        assert row[0] == contribution.donor
        assert row[1] == str(contribution.amount)  # two decimals, as written
        assert row[2] == contribution.status
        assert row[3][:7] == str(contribution.date)
        assert "2025-01" <= row[3][:7] <= "2025-12"

    from_csv = paths["from_csv"].read_text(encoding="utf-8")
    assert "contributions_file: contributions.csv\n" in from_csv
    assert "contributions:" not in from_csv

    again = generate.write(generate.generate(7, 5, 12, seed=3), tmp_path / "b")
    other = generate.write(generate.generate(7, 5, 12, seed=4), tmp_path / "c")
    assert again["inline"].read_bytes() == paths["inline"].read_bytes()
    assert other["inline"].read_bytes() != paths["inline"].read_bytes()


TWO_DONORS = """\
name: Two donors
start: 2025-01
target: 2025-06
opening_balance: 1000.50
contributions:
  - {donor: Alpha, amount: 200.25, status: received, date: 2025-02}
  - {donor: Beta, amount: 300, status: pledged, date: 2025-03-15}
costs:
  - {label: Rent, monthly: 100.10, from: 2025-02, to: 2025-04}
  - {label: Audit, amount: 50, date: 2025-05}
  - {label: Staff, unit_cost: 10.01, units: {2025-01: 2, 2025-03: 3}, to: 2025-04}
"""

# By hand. Postings: 4 spaces, the account padded to 30 characters, the amount right-aligned
# in 20 (so it ends in column 54). hledger's `to` is exclusive: Rent from 2025-02 to 2025-04
# inclusive is "to 2025-05-01". Staff: 2 x 10.01 = 20.02 in Jan-Feb, 3 x 10.01 = 30.03 in
# Mar-Apr (`to: 2025-04`). Every contribution counts (the pledged lens), dated the 1st.
TWO_DONORS_JOURNAL = """\
; Two donors
; written by benchmarks/hledger_journal.py: the pledged lens of the scenario

2025-01-01 opening balance
    assets:fund                                1000.50
    equity:opening

2025-02-01 Alpha
    assets:fund                                 200.25
    income:received

2025-03-01 Beta
    assets:fund                                 300.00
    income:pledged

2025-05-01 Audit
    expenses:costs                               50.00
    assets:fund

~ monthly from 2025-02-01 to 2025-05-01  Rent
    expenses:costs                              100.10
    assets:fund

~ monthly from 2025-01-01 to 2025-03-01  Staff (2 units)
    expenses:costs                               20.02
    assets:fund

~ monthly from 2025-03-01 to 2025-05-01  Staff (3 units)
    expenses:costs                               30.03
    assets:fund

"""

# Closing balances by hand (pledged lens):
# Jan 1000.50 - 20.02 = 980.48
# Feb 980.48 + 200.25 - 100.10 - 20.02 = 1060.61
# Mar 1060.61 + 300.00 - 100.10 - 30.03 = 1230.48
# Apr 1230.48 - 100.10 - 30.03 = 1100.35
# May 1100.35 - 50.00 = 1050.35
# Jun 1050.35 (nothing moves)
TWO_DONORS_CLOSINGS = {
    "2025-01": "980.48",
    "2025-02": "1060.61",
    "2025-03": "1230.48",
    "2025-04": "1100.35",
    "2025-05": "1050.35",
    "2025-06": "1050.35",
}


def test_journal_of_a_two_contribution_scenario() -> None:
    """The journal writer turns the two-donor scenario into the journal written by hand."""
    scenario = scenario_from_text(TWO_DONORS, "two.yaml")
    assert hledger_journal.journal_text(scenario) == TWO_DONORS_JOURNAL
    assert hledger_journal.forecast_period(scenario) == "2025-01..2035-01"


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_prints_the_hand_computed_balances(write: Callable[..., Path]) -> None:
    """hledger, given the journal, prints the month-end balances computed by hand above;
    so does mss-runway for the same scenario (the two agree month by month)."""
    from benchmarks.check_equivalence import hledger_balances

    journal = write(TWO_DONORS_JOURNAL, "two.journal")
    balances = hledger_balances(journal, "2025-01..2025-07")
    assert {month: str(value) for month, value in balances.items()} == TWO_DONORS_CLOSINGS

    result = runner.invoke(app, ["forecast", str(write(TWO_DONORS)), "--format", "json"])
    assert result.exit_code == 0, result.output
    months = json.loads(result.stdout, parse_float=Decimal)["months"]
    assert {row["month"]: str(row["closing"]) for row in months} == TWO_DONORS_CLOSINGS


def test_hledger_missing_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without hledger on PATH the equivalence check says how to install it and exits 2."""
    from benchmarks import check_equivalence

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert check_equivalence.main([]) == 2


def test_generator_refuses_more_than_120_months() -> None:
    """A ledger holds at most 120 months, so 121 months is refused."""
    with pytest.raises(ValueError, match="1 to 120"):
        generate.generate(1, 1, 121, seed=1)
