"""contributions_file: contributions from a spreadsheet (CSV), appended to the YAML list."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.errors import ScenarioError
from mss_runway.loader import load_scenario
from mss_runway.merge import EntryOrigin, Origin, WithRows
from mss_runway.scenario import in_scenario_currency

runner = CliRunner()

SCENARIO = """
name: From a spreadsheet
start: 2025-01
contributions_file: donors.csv
contributions:
  - {donor: In YAML, amount: 1, status: received, date: 2025-01}
"""


def problems(path: Path) -> list[str]:
    """The problems loading ``path`` reports, as text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def test_rows_are_appended_after_the_yaml_list(write: Callable[..., Path]) -> None:
    """Rows follow the YAML entries, amounts exact from the text, FTS words normalized."""
    write(
        "donor,amount,status,date,currency,note\n"
        "Canada,0.10,paid,2025-02,,first\n"
        '"Spain, Kingdom of",12345678901234.57,pledge,2025-03-15,USD,\n'
        "Mexico,7,commitment,2025-04,,\n",
        "donors.csv",
    )
    scenario = load_scenario(write(SCENARIO))
    rows = [(c.donor, c.amount, c.status, str(c.date)) for c in scenario.contributions]
    assert rows == [
        ("In YAML", Decimal("1.00"), "received", "2025-01"),
        ("Canada", Decimal("0.10"), "received", "2025-02"),
        ("Spain, Kingdom of", Decimal("12345678901234.57"), "pledged", "2025-03"),
        ("Mexico", Decimal("7.00"), "committed", "2025-04"),
    ]
    assert scenario.contributions[1].note == "first"
    assert scenario.contributions[2].currency == "USD"
    assert scenario.contributions[3].note is None  # an empty optional cell is left out


def test_bad_rows_are_reported_at_the_csv_line_and_column(write: Callable[..., Path]) -> None:
    """Each bad cell: donors.csv:LINE:COL with the merged path; a quoted newline counts."""
    csv_path = write(
        "donor,amount,status,date,note\n"
        "Canada,1.005,paid,2025-01,\n"  # line 2: amount at column 8
        'Spain,5,pledged,2025-02,"two\nlines"\n'  # lines 3-4
        "Italy,5,hoped,2025-13,\n",  # line 5: status at column 9, date at column 15
        "donors.csv",
    )
    found = problems(write(SCENARIO))
    assert found == [
        f"{csv_path}:2:8: contributions[1].amount: amount '1.005' has more than two decimal places",
        f"{csv_path}:5:9: contributions[3].status: expected one of received, committed, pledged "
        "(or the FTS words paid, commitment, pledge), got 'hoped'",
        f"{csv_path}:5:15: contributions[3].date: '2025-13' is not a real month: "
        "month 13 is not 01 to 12",
    ]


def test_a_row_dated_before_start_says_where_the_money_belongs(
    write: Callable[..., Path],
) -> None:
    """The whole-scenario rules apply to CSV rows too (validated with the scenario)."""
    csv_path = write("donor,amount,status,date\nA,5,paid,2024-12\n", "donors.csv")
    assert problems(write(SCENARIO)) == [
        f"{csv_path}:2:10: contributions[1].date: contribution dated 2024-12 is before start "
        "2025-01: money that arrived before start belongs in opening_balance"
    ]


def test_unknown_and_missing_columns_are_errors(write: Callable[..., Path]) -> None:
    """The header must name the required columns and no others."""
    csv_path = write("donr,amount,status,date,extra\n", "donors.csv")
    columns = "columns: donor, amount, status, date, currency, rate, note, id"
    assert problems(write(SCENARIO)) == [
        f"{csv_path}:1:1: unknown column 'donr' (did you mean 'donor'?); {columns}",
        f"{csv_path}:1:1: missing column donor",
        f"{csv_path}:1:25: unknown column 'extra'; {columns}",
    ]


def test_a_row_with_the_wrong_number_of_cells(write: Callable[..., Path]) -> None:
    """A short row is reported at its line; the good rows are still checked."""
    csv_path = write("donor,amount,status,date\nA,5,paid\nB,-1,paid,2025-01\n", "donors.csv")
    assert problems(write(SCENARIO)) == [
        f"{csv_path}:2:1: this row has 3 cells, the header 4",
        f"{csv_path}:3:3: contributions[1].amount: expected an amount above 0, got -1",
    ]


def test_an_empty_csv_needs_a_header(write: Callable[..., Path]) -> None:
    """An empty file has no header: a problem at line 1."""
    csv_path = write("", "donors.csv")
    assert problems(write(SCENARIO)) == [
        f"{csv_path}:1:1: expected a header line naming the columns "
        "donor, amount, status, date, currency, rate, note, id"
    ]


def test_missing_contributions_file_is_reported_at_its_key(write: Callable[..., Path]) -> None:
    """A contributions_file that does not exist: exit 2 at the key's line (3), column 21."""
    path = write(SCENARIO)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:21: contributions_file: no such file 'donors.csv'" in result.stderr


def test_contributions_file_in_a_base_is_relative_to_the_base(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """A base in a subfolder reads its CSV beside itself; the variant changes a row by id."""
    (tmp_path / "base").mkdir()
    write("donor,amount,status,date,id\nCanada,5,paid,2025-02,ca\n", "base/donors.csv")
    write(SCENARIO, "base/base.yaml")
    child = write("extends: base/base.yaml\ncontributions: [{id: ca, amount: 9}]\n", "child.yaml")
    canada = load_scenario(child).contributions[1]
    assert (canada.donor, canada.amount, canada.id) == ("Canada", Decimal("9.00"), "ca")


def test_problems_of_a_base_csv_point_into_it_through_a_variant(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """A variant over a base with a CSV: a field the variant changed points at the variant,
    the other fields of that row and the untouched rows at the CSV cell; removed rows are
    gone and the rows after them renumbered."""
    (tmp_path / "base").mkdir()
    csv_path = write(
        "donor,amount,status,date,id\n"
        "Canada,5,hoped,2025-02,ca\n"  # line 2: status at column 10 (after 'Canada,5,')
        "Italy,5,paid,2025-04,it\n"  # removed by the variant
        "Spain,-1,paid,2025-03,es\n",  # line 4: amount at column 7 (after 'Spain,')
        "base/donors.csv",
    )
    write(SCENARIO, "base/base.yaml")
    child = write(
        "extends: base/base.yaml\n"
        "contributions:\n"
        "  - {id: ca, amount: 0}\n"  # line 3: the 0 at column 22 ('  - {id: ca, amount: ' is 21)
        "  - {id: it, remove: true}\n",
        "child.yaml",
    )
    # merged: [In YAML, Canada (amount from the variant), Spain]; problems in file order
    assert sorted(problems(child)) == [
        f"{csv_path}:2:10: contributions[1].status: expected one of received, committed, "
        "pledged (or the FTS words paid, commitment, pledge), got 'hoped'",
        f"{csv_path}:4:7: contributions[2].amount: expected an amount above 0, got -1",
        f"{child}:3:22: contributions[1].amount: expected an amount above 0, got 0",
    ]


def test_problems_of_a_variant_csv_point_into_it(write: Callable[..., Path]) -> None:
    """A variant's own CSV rows come after the merged YAML entries; a bad cell points at
    the variant's CSV, numbered in the merged list."""
    write(
        "name: Base\nstart: 2025-01\ncontributions:\n"
        "  - {donor: A, amount: 1, status: paid, date: 2025-01}\n"
        "  - {donor: B, amount: 1, status: paid, date: 2025-01}\n",
        "base.yaml",
    )
    csv_path = write("donor,amount,status,date\nC,5,paid,2025-02\nD,5,paid,2025-00\n", "v.csv")
    child = write("extends: base.yaml\ncontributions_file: v.csv\n", "child.yaml")
    # merged: [A, B, C, D]; D's date is on line 3 at column 10 (after 'D,5,paid,', 9 characters)
    assert problems(child) == [
        f"{csv_path}:3:10: contributions[3].date: '2025-00' is not a real month: "
        "month 0 is not 01 to 12"
    ]


def test_row_origins_read_like_the_list_they_stand_for() -> None:
    """WithRows: the file's own origins, then one per CSV row at its CSV-local path."""
    own = [EntryOrigin(Origin("s.yaml", ("contributions", 0)))]
    rows = WithRows(own, "d.csv", 2)
    # by hand: [s.yaml contributions[0], d.csv contributions[0], d.csv contributions[1]]
    spelled = [
        own[0],
        EntryOrigin(Origin("d.csv", ("contributions", 0))),
        EntryOrigin(Origin("d.csv", ("contributions", 1))),
    ]
    assert len(rows) == 3
    assert list(rows) == spelled
    assert rows[-1] == spelled[2]
    assert rows[1:] == spelled[1:]
    with pytest.raises(IndexError):
        rows[3]


def test_an_empty_required_cell_is_an_error_and_a_blank_optional_one_is_left_out(
    write: Callable[..., Path],
) -> None:
    """A required cell of blanks stays (and is refused); an optional one of blanks is
    left out, so the row takes the scenario's currency."""
    csv_path = write("donor,amount,status,date,currency\n ,5,paid,2025-02, \n", "donors.csv")
    # the donor cell starts the line: line 2, column 1; the blank currency is no problem
    assert problems(write(SCENARIO)) == [
        f"{csv_path}:2:1: contributions[1].donor: expected text, got an empty string"
    ]


def test_a_bad_cell_is_located_at_its_value_past_blanks_and_quotes(
    write: Callable[..., Path],
) -> None:
    """The column of a bad cell is where its value starts, after blanks and a quote."""
    write(
        'donor,amount,status,date\nA,  7.001 ,pledged,2025-02\nB," 8.123",pledged,2025-02\n',
        "donors.csv",
    )
    path = write("name: x\nstart: 2025-01\ncontributions_file: donors.csv\n")
    result = runner.invoke(app, ["validate", str(path)])
    csv_path = path.parent / "donors.csv"
    # row 2: "A," is 2 characters, two blanks: 7.001 starts at column 5;
    # row 3: "B," then a quote and a blank: 8.123 starts at column 5 too
    assert f"{csv_path}:2:5: contributions[0].amount:" in result.stderr
    assert f"{csv_path}:3:5: contributions[1].amount:" in result.stderr


def test_a_contributions_own_rate_wins_over_fx(write: Callable[..., Path]) -> None:
    """rate (in YAML and in the CSV) converts that contribution alone; no fx entry needed."""
    write(
        "donor,amount,status,date,currency,rate\n"
        "Canada,1000.00,paid,2025-02,CAD,0.7301\n"
        "Spain,100.00,paid,2025-02,EUR,\n",
        "donors.csv",
    )
    scenario = load_scenario(
        write(
            "name: Rates\nstart: 2025-01\nfx: {EUR: 1.10}\ncontributions_file: donors.csv\n"
            "contributions:\n"
            "  - {donor: France, amount: 100, status: received, date: 2025-01, currency: EUR,"
            " rate: 1.2}\n"
        )
    )
    amounts = [in_scenario_currency(c, scenario) for c in scenario.contributions]
    # 100 x 1.2 (its own rate, not fx's 1.10); 1000 x 0.7301; 100 x 1.10 (fx)
    assert amounts == [Decimal("120.00"), Decimal("730.10"), Decimal("110.00")]


def test_a_currency_without_fx_or_rate_is_still_an_error(write: Callable[..., Path]) -> None:
    csv_path = write(
        "donor,amount,status,date,currency\nCanada,1000,paid,2025-02,CAD\n", "donors.csv"
    )
    found = problems(write("name: X\nstart: 2025-01\ncontributions_file: donors.csv\n"))
    assert found == [
        f"{csv_path}:2:26: contributions[0].currency: currency CAD differs from the "
        "scenario's USD and fx has no rate for it"
    ]
