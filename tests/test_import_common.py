"""importers.common: the report both importers print (stderr lines and --report JSON)."""

from __future__ import annotations

from decimal import Decimal

from mss_runway.importers.common import Report, Row, contributions_csv
from mss_runway.months import Month


def row(status: str, amount: str, currency: str, reference: str | None = None) -> Row:
    return Row(
        id="x",
        donor="D",
        amount=Decimal(amount),
        status=status,
        date=Month.of(2024, 1),
        currency=currency,
        reference=None if reference is None else Decimal(reference),
    )


def test_report_in_the_reference_currency_with_every_kind_of_line() -> None:
    """Rows with a reference amount (FTS: USD) add up in it, whatever their own currency;
    dropped records with amounts show their totals by status, in STATUSES order."""
    report = Report("flows.json", "FTS flows JSON", read=9, merged=2)
    report.keep(row("received", "900.00", "EUR", reference="1000.00"))
    report.keep(row("received", "250.50", "USD", reference="250.50"))
    report.keep(row("pledged", "80.00", "GBP", reference="100.00"))
    report.drop("outside the period", "pledged", Decimal("40.00"))
    report.drop("outside the period", "received", Decimal("1500.00"))
    report.drop("outside the period", "received", Decimal("0.25"))
    report.drop("a reason without amounts")
    report.drop("a reason without amounts", "committed")
    report.notes["with no date"] += 3
    report.notes["a note"] += 1
    report.hints.append("a hint")
    report.warnings.append("a warning")
    assert report.lines() == [
        "read 9 records from flows.json (FTS flows JSON)",
        "kept 3: received 2 (1,250.50 USD), committed 0 (0.00 USD), pledged 1 (100.00 USD)",
        "merged 2 repeated records into the record they repeat",
        "dropped 2: a reason without amounts",
        "dropped 3: outside the period (received 1,500.25 USD, pledged 40.00 USD)",
        "note: 1 a note",
        "note: 3 with no date",
        "a hint",
        "warning: a warning",
    ]
    assert report.as_dict() == {
        "source": "flows.json",
        "format": "FTS flows JSON",
        "read": 9,
        "kept": {"received": 2, "committed": 0, "pledged": 1},
        "kept_total": {"received": "1250.50", "committed": "0.00", "pledged": "100.00"},
        "currency": "USD",
        "merged": 2,
        "dropped": {"a reason without amounts": 2, "outside the period": 3},
        "dropped_total": {"outside the period": {"pledged": "40.00", "received": "1500.25"}},
        "notes": {"a note": 1, "with no date": 3},
        "warnings": ["a warning"],
    }


def test_report_of_rows_in_two_currencies_does_not_add_them_up() -> None:
    report = Report("a.xml", "IATI activity XML", read=3)
    report.keep(row("received", "10.00", "USD"))
    report.keep(row("received", "5.00", "CAD"))
    report.keep(row("committed", "7.00", "USD"))
    assert report.lines() == [
        "read 3 records from a.xml (IATI activity XML)",
        "kept 3: received 2, committed 1, pledged 0 (in CAD, USD: not added up)",
    ]
    assert report.as_dict() == {
        "source": "a.xml",
        "format": "IATI activity XML",
        "read": 3,
        "kept": {"received": 2, "committed": 1, "pledged": 0},
        "kept_total": None,
        "currency": ["CAD", "USD"],
        "merged": 0,
        "dropped": {},
        "dropped_total": {},
        "notes": {},
        "warnings": [],
    }


def test_report_of_rows_in_one_currency_adds_them_up_in_it() -> None:
    report = Report("a.xml", "IATI activity XML", read=1, currency="CHF")
    report.keep(row("pledged", "3.00", "CHF"))
    assert report.lines() == [
        "read 1 record from a.xml (IATI activity XML)",
        "kept 1: received 0 (0.00 CHF), committed 0 (0.00 CHF), pledged 1 (3.00 CHF)",
    ]
    data = report.as_dict()
    assert (data["kept_total"], data["currency"]) == (
        {"received": "0.00", "committed": "0.00", "pledged": "3.00"},
        "CHF",
    )


def test_one_record_read_and_one_merged_are_said_in_the_singular() -> None:
    report = Report("flows.json", "FTS flows JSON", read=1, merged=1)
    assert report.lines()[0] == "read 1 record from flows.json (FTS flows JSON)"
    assert report.lines()[2] == "merged 1 repeated record into the record it repeats"


def test_rates_are_written_in_plain_notation_as_a_spreadsheet_shows_them() -> None:
    """shortest_rate normalises 10 to Decimal("1E+1"); the CSV says 10 (and 0.3 as 0.3)."""
    rows = [
        Row("a", "A", Decimal("1000.00"), "received", Month.of(2024, 1), "USD", Decimal("1E+1")),
        Row("b", "B", Decimal("3.00"), "pledged", Month.of(2024, 2), "USD", Decimal("0.3")),
    ]
    assert contributions_csv(rows).splitlines()[1:] == [
        "a,A,1000.00,received,2024-01,USD,10,",
        "b,B,3.00,pledged,2024-02,USD,0.3,",
    ]
