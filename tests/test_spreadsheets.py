"""Spreadsheets as they are: CSV dialects, a columns mapping, and .xlsx workbooks."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.errors import ScenarioError
from mss_runway.loader import load_scenario
from mss_runway.spreadsheet import read_xlsx, sniff

runner = CliRunner()
openpyxl = pytest.importorskip("openpyxl")

SCENARIO = "name: Sheet\nstart: 2025-01\ncontributions_file: {file}\n"


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def rows(path: Path) -> list[tuple[str, Decimal, str, str]]:
    scenario = load_scenario(path)
    return [(c.donor, c.amount, c.status, str(c.date)) for c in scenario.contributions]


# --- CSV dialects ------------------------------------------------------------------------


def test_sniff_tells_comma_from_semicolon() -> None:
    assert sniff("donor;amount;status;date\n") == ";"
    assert sniff('"a;b;c",amount,status,date\n') == ","  # semicolons inside quotes do not count
    assert sniff("donor,amount,status,date\r\n") == ","


def test_semicolon_bom_crlf_and_decimal_commas(tmp_path: Path) -> None:
    """A CSV as a European Excel saves it: BOM, semicolons, CRLF, 1.234,50, Paid."""
    (tmp_path / "donors.csv").write_bytes(
        b"\xef\xbb\xbfdonor;amount;status;date;note\r\n"
        b"Canada;1.234.567,50;Paid;2025-02;\r\n"
        b'"Spain; Kingdom of";12,5;PLEDGE;2025-03;"a, b"\r\n'
        b"Mexico;100000.25;commitment;2025-04;\r\n"
    )
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="donors.csv"))
    assert rows(tmp_path / "s.yaml") == [
        ("Canada", Decimal("1234567.50"), "received", "2025-02"),
        ("Spain; Kingdom of", Decimal("12.50"), "pledged", "2025-03"),
        ("Mexico", Decimal("100000.25"), "committed", "2025-04"),
    ]


def test_semicolon_file_errors_point_at_the_cell(tmp_path: Path) -> None:
    (tmp_path / "donors.csv").write_bytes(
        b"donor;amount;status;date\r\nCanada;1.234,567;paid;2025-02\r\nA;1;maybe;2025-02\r\n"
    )
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="donors.csv"))
    found = problems(tmp_path / "s.yaml")
    csv_path = tmp_path / "donors.csv"
    assert found == [
        f"{csv_path}:2:8: contributions[0].amount: amount '1234.567' has more than two "
        "decimal places",
        f"{csv_path}:3:5: contributions[1].status: expected one of received, committed, "
        "pledged (or the FTS words paid, commitment, pledge), got 'maybe'",
    ]


def test_a_dot_alone_in_a_semicolon_file_is_a_decimal_point(tmp_path: Path) -> None:
    """No guessing: 1.234 without a comma is not read as 1234 (it has 3 decimals: refused)."""
    (tmp_path / "donors.csv").write_text("donor;amount;status;date\nA;1.234;paid;2025-02\n")
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="donors.csv"))
    assert "has more than two decimal places" in problems(tmp_path / "s.yaml")[0]


# --- a columns mapping ---------------------------------------------------------------------


def test_columns_mapping_reads_any_headers(write: Callable[..., Path]) -> None:
    write(
        "Ref,Source org.,Amount USD,Status,Decision date,Comment\n"
        "x1,Canada,2500,Paid,2025-02-14,ignored\n",
        "donors.csv",
    )
    path = write(
        "name: Mapped\nstart: 2025-01\n"
        "contributions_file:\n"
        "  path: donors.csv\n"
        "  columns: {donor: Source org., amount: Amount USD, status: Status,"
        " date: Decision date, id: Ref}\n"
    )
    scenario = load_scenario(path)
    (c,) = scenario.contributions
    assert (c.id, c.donor, c.amount, c.status, str(c.date)) == (
        "x1",
        "Canada",
        Decimal("2500.00"),
        "received",
        "2025-02",
    )


def test_columns_mapping_naming_a_missing_header(write: Callable[..., Path]) -> None:
    csv_path = write("Donor,Amount,status,date\nA,1,paid,2025-02\n", "donors.csv")
    path = write(
        "name: M\nstart: 2025-01\ncontributions_file:\n  path: donors.csv\n"
        "  columns: {donor: Donor, amount: Amount USD}\n"
    )
    assert problems(path) == [
        f"{csv_path}:1:1: columns: amount names the column 'Amount USD', which the header "
        "lacks; its columns: 'Donor', 'Amount', 'status', 'date'"
    ]


def test_columns_mapping_with_an_unknown_field_is_reported_at_the_key(
    write: Callable[..., Path],
) -> None:
    write("a\n", "donors.csv")
    path = write(
        "name: M\nstart: 2025-01\ncontributions_file:\n  path: donors.csv\n"
        "  columns: {donr: Donor}\n"
    )
    (found,) = problems(path)
    assert found.startswith(f"{path}:4:3: contributions_file: columns: unknown key 'donr'")


# --- .xlsx -------------------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_number_and_date_cells_read_exactly(tmp_path: Path) -> None:
    workbook(
        tmp_path / "donors.xlsx",
        [
            ["donor", "amount", "status", "date", "rate", "currency"],
            ["Canada", 1234.5699999999999, "Paid", datetime.datetime(2025, 2, 14), 0.7301, "CAD"],
            ["Mexico", 100000, "pledge", "2025-03", None, None],
            [None, None, None, None, None, None],
            ["France", 3300000.1, "commitment", datetime.date(2025, 4, 1), None, None],
        ],
    )
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="donors.xlsx"))
    scenario = load_scenario(tmp_path / "s.yaml")
    assert [(c.donor, c.amount, c.status, str(c.date)) for c in scenario.contributions] == [
        ("Canada", Decimal("1234.57"), "received", "2025-02"),  # 1234.5699999999999 is 1234.57
        ("Mexico", Decimal("100000.00"), "pledged", "2025-03"),
        ("France", Decimal("3300000.10"), "committed", "2025-04"),
    ]
    assert scenario.contributions[0].rate == Decimal("0.7301")


def test_xlsx_rows_keep_their_sheet_row_numbers(tmp_path: Path) -> None:
    """Each row's line is its row in the sheet (the source of an item, FILE:LINE)."""
    path = workbook(
        tmp_path / "d.xlsx",
        [
            [None],
            ["donor", "amount", "status", "date"],
            ["A", 1, "paid", "2025-01"],
            [None],
            ["B", 2, "paid", "2025-01"],
        ],
    )
    table, found = read_xlsx(path.read_bytes(), str(path))
    assert found == []
    assert table is not None
    assert table.lines == [3, 5]


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    workbook(
        tmp_path / "donors.xlsx",
        [
            ["donor", "amount", "status", "date"],
            ["Canada", 1234.567, "paid", "2025-02"],
            ["Spain", 10, "paid", "2024-12"],
            ["Spain", 10, "paid", "2025-01"],
        ],
        title="Donors",
    )
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="donors.xlsx"))
    book = tmp_path / "donors.xlsx"
    assert problems(tmp_path / "s.yaml") == [
        f"{book}:Donors!B2: amount: the number 1234.567 is not a whole number of cents "
        "(round the cell to 2 decimals)",
        f"{book}:Donors!D3: contributions[0].date: contribution dated 2024-12 is before start "
        "2025-01: money that arrived before start belongs in opening_balance",
    ]


def test_xlsx_sheet_by_name_and_columns_mapping(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    data = book.create_sheet("Funding")
    data.append(["Source org.", "Amount USD", "Status", "Decision date"])
    data.append(["Canada", 5000, "Commitment", datetime.datetime(2025, 5, 2)])
    book.save(tmp_path / "f.xlsx")
    (tmp_path / "s.yaml").write_text(
        "name: S\nstart: 2025-01\ncontributions_file:\n  path: f.xlsx\n  sheet: Funding\n"
        "  columns: {donor: Source org., amount: Amount USD, status: Status,"
        " date: Decision date}\n"
    )
    assert rows(tmp_path / "s.yaml") == [("Canada", Decimal("5000.00"), "committed", "2025-05")]
    (tmp_path / "t.yaml").write_text(
        "name: S\nstart: 2025-01\ncontributions_file: {path: f.xlsx, sheet: Other}\n"
    )
    assert problems(tmp_path / "t.yaml") == [
        f"{tmp_path / 'f.xlsx'}: no sheet 'Other'; sheets: Notes, Funding"
    ]


def test_xlsx_without_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook(tmp_path / "d.xlsx", [["donor", "amount", "status", "date"]])
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="d.xlsx"))
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = runner.invoke(app, ["validate", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2
    assert "reading .xlsx needs openpyxl: pip install 'mss-runway[xlsx]'" in result.stderr


def test_not_a_workbook_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "d.xlsx").write_text("donor,amount\n")
    (tmp_path / "s.yaml").write_text(SCENARIO.format(file="d.xlsx"))
    result = runner.invoke(app, ["validate", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2
    assert "not an .xlsx workbook" in result.stderr


def test_forecast_reads_an_xlsx(tmp_path: Path) -> None:
    workbook(
        tmp_path / "d.xlsx",
        [["donor", "amount", "status", "date"], ["Canada", 1000, "paid", "2025-01"]],
    )
    (tmp_path / "s.yaml").write_text(
        SCENARIO.format(file="d.xlsx") + "costs:\n  - {label: Ops, monthly: 300}\n"
    )
    result = runner.invoke(app, ["forecast", str(tmp_path / "s.yaml"), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "2025-01,0.00,1000.00,300.00,700.00" in result.stdout


def test_an_xlsx_saved_by_libreoffice(tmp_path: Path) -> None:
    """A workbook written by a spreadsheet program (not by openpyxl): number and date
    cells as Calc stores them, headers mapped."""
    import shutil
    import zipfile

    saved = Path(__file__).parent / "data" / "spreadsheets" / "donors-libreoffice.xlsx"
    with zipfile.ZipFile(saved) as archive:
        assert b"<Application>LibreOffice" in archive.read("docProps/app.xml")
    shutil.copy(saved, tmp_path / "donors.xlsx")
    (tmp_path / "s.yaml").write_text(
        "name: S\nstart: 2025-01\ncontributions_file:\n  path: donors.xlsx\n"
        "  columns: {donor: Source org., amount: Amount USD, status: Status,"
        " date: Decision date, note: Comment}\n"
    )
    scenario = load_scenario(tmp_path / "s.yaml")
    assert [(c.donor, c.amount, c.status, str(c.date), c.note) for c in scenario.contributions] == [
        ("Canada", Decimal("1234.57"), "received", "2025-02", "first"),
        ("Spain, Kingdom of", Decimal("3300000.10"), "committed", "2025-03", None),
        ("Mexico", Decimal("100000.00"), "pledged", "2025-09", "after Mexico"),
    ]


def test_itemized_xlsx_contributions_say_their_sheet_and_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each item read from a workbook names its sheet and row, as a whole-row problem of
    that sheet is located (the LibreOffice file's sheet is 'donors'; its header is row 1,
    Canada row 2, Spain row 3, Mexico row 4)."""
    import json
    import shutil

    saved = Path(__file__).parent / "data" / "spreadsheets" / "donors-libreoffice.xlsx"
    shutil.copy(saved, tmp_path / "donors.xlsx")
    (tmp_path / "s.yaml").write_text(
        "name: S\nstart: 2025-01\ntarget: 2025-09\ncontributions_file:\n  path: donors.xlsx\n"
        "  columns: {donor: Source org., amount: Amount USD, status: Status,"
        " date: Decision date}\n"
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["forecast", "s.yaml", "-f", "json", "--itemize"])
    assert result.exit_code == 0, result.output
    months = json.loads(result.stdout)["months"]
    assert [(i["name"], i["source"]) for m in months for i in m["items"]] == [
        ("Canada", "donors.xlsx:donors!2"),
        ("Spain, Kingdom of", "donors.xlsx:donors!3"),
        ("Mexico", "donors.xlsx:donors!4"),
    ]
    table = runner.invoke(app, ["forecast", "s.yaml", "--itemize", "--month", "2025-09"])
    assert table.exit_code == 0, table.output
    assert "donors.xlsx:donors!4" in table.stdout
    assert "source unknown" not in table.stdout
