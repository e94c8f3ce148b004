"""import iati: IATI activity files -> contributions to one fund, from both sides."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.errors import ScenarioError
from mss_runway.importers.common import Report, Row, contributions_csv
from mss_runway.importers.iati import Options, import_iati
from mss_runway.loader import load_scenario

runner = CliRunner()
REAL = Path(__file__).resolve().parent / "data" / "real" / "iati-tearfund-drc-2013.xml"
CANADA = REAL.parent / "iati-canada-CA-3-D002451001.xml"

DONOR = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="CAD">
  <iati-identifier>CA-3-P000001</iati-identifier>
  <reporting-org ref="CA-3" type="10"><narrative>Global Affairs Canada</narrative></reporting-org>
  <transaction>
   <transaction-type code="2"/><transaction-date iso-date="2024-02-28"/>
   <value value-date="2024-02-28">80500000</value>
   <receiver-org ref="XM-DAC-41000">
    <narrative>UN Department of Operational Support</narrative>
   </receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-03-15"/>
   <value currency="USD" value-date="2024-03-15">1000.50</value>
   <receiver-org>
    <narrative>United Nations Department of Operational Support</narrative>
   </receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="12"/><transaction-date iso-date="2025-09-01"/>
   <value>40000000</value>
   <receiver-org ref="XM-DAC-41000"/>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-04-01"/>
   <value>999</value>
   <receiver-org><narrative>Someone else</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="4"/><transaction-date iso-date="2024-04-01"/>
   <value>5</value>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-05-01"/>
   <value>-100</value>
   <receiver-org ref="XM-DAC-41000"/>
  </transaction>
  <planned-disbursement type="1">
   <period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
   <value value-date="2025-01-01">5700000</value>
   <receiver-org ref="XM-DAC-41000"/>
  </planned-disbursement>
 </iati-activity>
</iati-activities>
"""

FUND = """<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-DAC-41000-MSS</iati-identifier>
  <reporting-org ref="XM-DAC-41000">
   <narrative>UN Department of Operational Support</narrative>
  </reporting-org>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-06-26"/>
   <value>4200000</value>
   <provider-org ref="CA-3"><narrative>Global Affairs Canada</narrative></provider-org>
  </transaction>
  <transaction>
   <transaction-type code="11"/><transaction-date iso-date="2024-07-01"/>
   <value>15000000</value>
   <provider-org><narrative>United States</narrative></provider-org>
  </transaction>
  <transaction>
   <transaction-type code="13"/><transaction-date iso-date="2024-11-20"/>
   <value>10400000</value>
  </transaction>
 </iati-activity>
</iati-activities>
"""


def run(text: str, fund: str, planned: bool = False) -> tuple[list[Row], Report]:
    return import_iati(text, "a.xml", Options(fund=fund, planned=planned))


def type_code(transaction: ET.Element) -> str | None:
    """A transaction's transaction-type/@code, read straight from the XML."""
    kind = transaction.find("transaction-type")
    assert kind is not None, "a transaction without transaction-type"
    return kind.get("code")


def value_of(transaction: ET.Element) -> Decimal:
    """A transaction's value, read straight from the XML."""
    text = transaction.findtext("value")
    assert text is not None, "a transaction without value"
    return Decimal(text)


def test_donor_side_types_2_3_12_to_the_fund() -> None:
    rows, report = run(DONOR, "operational support")
    got = [(r.donor, r.amount, r.status, str(r.date), r.currency) for r in rows]
    assert got == [
        ("Global Affairs Canada", Decimal("80500000.00"), "committed", "2024-02", "CAD"),
        ("Global Affairs Canada", Decimal("1000.50"), "received", "2024-03", "USD"),
    ]
    # the pledge (type 12) names its receiver by ref only: matched by ref
    rows, report = run(DONOR, "xm-dac-41000")
    assert [(r.status, r.amount) for r in rows] == [
        ("committed", Decimal("80500000.00")),
        ("pledged", Decimal("40000000.00")),
    ]
    assert report.dropped["value zero or negative"] == 1
    assert report.dropped["transaction type 4: not money given to a fund"] == 1


def test_planned_disbursements_only_with_planned() -> None:
    rows, report = run(DONOR, "XM-DAC-41000")
    assert all(not r.id.endswith("-p1") for r in rows)
    assert any("--planned" in h for h in report.hints)
    rows, _ = run(DONOR, "XM-DAC-41000", planned=True)
    planned = [r for r in rows if r.id.endswith("-p1")]
    assert [(r.status, str(r.date), r.amount) for r in planned] == [
        ("pledged", "2025-01", Decimal("5700000.00"))
    ]


def test_fund_side_types_1_11_13_with_the_provider_as_donor() -> None:
    rows, _ = run(FUND, "Operational Support")
    assert [(r.donor, r.status, r.amount) for r in rows] == [
        ("Global Affairs Canada", "received", Decimal("4200000.00")),
        ("United States", "committed", Decimal("15000000.00")),
        ("Unknown donor", "pledged", Decimal("10400000.00")),
    ]


def test_both_sides_in_one_file_warn_of_counting_twice() -> None:
    both = (
        DONOR.replace("</iati-activities>", "") + FUND.split('<iati-activities version="2.03">')[1]
    )
    rows, report = run(both, "operational support")
    assert len(rows) == 5
    assert report.warnings == [
        "'global affairs canada' reports its own payments to the fund and the fund reports "
        "money from it too: the same money may be counted twice"
    ]


def test_dtd_and_entities_are_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        "<iati-activities>&a;</iati-activities>"
    )
    with pytest.raises(ScenarioError, match="refused: the file declares a DTD or entities"):
        run(bomb, "x")
    external = (
        '<?xml version="1.0"?><!DOCTYPE iati-activities SYSTEM "http://x/y.dtd"><iati-activities/>'
    )
    with pytest.raises(ScenarioError, match="refused"):
        run(external, "x")


def test_bad_xml_points_at_line_and_column() -> None:
    with pytest.raises(ScenarioError) as caught:
        run("<iati-activities>\n  <iati-activity></iati-activities>", "x")
    assert str(caught.value).startswith("a.xml:2:20: not valid XML: mismatched tag")


def test_no_currency_is_an_error_naming_the_transaction() -> None:
    text = DONOR.replace(' default-currency="CAD"', "")
    with pytest.raises(ScenarioError) as caught:
        run(text, "operational")
    assert str(caught.value) == (
        "a.xml: iati-activity[1] (CA-3-P000001) transaction[1]: value: no currency "
        "(value/@currency or the activity's default-currency), got ''"
    )


def test_real_file_incoming_funds_and_disbursements_computed_here() -> None:
    """A real 1.0x file (Tearfund, DRC): its IF transactions from DFID, and its
    disbursements (D) to Heal Africa, summed here from the XML."""
    root = ET.parse(REAL).getroot()
    incoming = outgoing = Decimal(0)
    for t in root.iter("transaction"):
        code = type_code(t)
        if code == "IF":
            incoming += value_of(t)
        receiver = t.findtext("receiver-org") or ""
        if code == "D" and "heal africa" in receiver.lower():
            outgoing += value_of(t)
    assert incoming == Decimal(266194 + 333690 + 221169 + 283651)
    assert outgoing == Decimal(140995 + 51611)
    text = REAL.read_text(encoding="utf-8")
    rows, report = import_iati(text, str(REAL), Options(fund="Heal Africa"))
    assert [(r.donor, r.status, r.currency) for r in rows] == [("Tearfund", "received", "GBP")] * 2
    assert sum(r.amount for r in rows) == outgoing
    assert report.read == 12
    assert sum(report.dropped.values()) == 10  # 8 to others, 2 expenditures (type E)
    rows, _ = import_iati(text, str(REAL), Options(fund="Tearfund"))
    from_dfid = [r for r in rows if r.donor == "DFID"]
    assert sum(r.amount for r in from_dfid) == incoming
    assert [str(r.date) for r in from_dfid] == ["2012-06", "2012-09", "2012-12", "2012-12"]


def test_import_iati_then_forecast(tmp_path: Path) -> None:
    out = tmp_path / "donors.csv"
    result = runner.invoke(
        app, ["import", "iati", str(REAL), "--fund", "Heal Africa", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "kept 2: received 2 (192,606.00 GBP)" in result.stderr
    (tmp_path / "s.yaml").write_text(
        "name: Heal Africa\nstart: 2012-09\ncurrency: GBP\ncontributions_file: donors.csv\n"
    )
    scenario = load_scenario(tmp_path / "s.yaml")
    assert sum(c.amount for c in scenario.contributions) == Decimal("192606.00")


def test_import_iati_needs_a_fund(write: Callable[..., Path]) -> None:
    path = write(FUND, "f.xml")
    result = runner.invoke(app, ["import", "iati", str(path), "--fund", " "])
    assert result.exit_code == 2
    assert "error: --fund:" in result.stderr
    result = runner.invoke(app, ["import", "iati", "--help"])
    assert "Example: mss-runway import iati " in result.stdout


def test_real_donor_activity_2_03_disbursements_to_a_receiver_by_ref() -> None:
    """Canada's CA-3-D002451001 (standard 2.03): 12 disbursements (type 3) to the
    Federation of Canadian Municipalities, named by ref only; its commitment names no
    receiver and is not counted. Totals summed here from the XML."""
    root = ET.parse(CANADA).getroot()
    disbursed = [value_of(t) for t in root.iter("transaction") if type_code(t) == "3"]
    assert len(disbursed) == 12
    assert sum(disbursed) == Decimal(18_788_937)
    text = CANADA.read_text(encoding="utf-8")
    rows, report = import_iati(text, str(CANADA), Options(fund="ca-cra_acr-2118913938"))
    assert sum(r.amount for r in rows) == sum(disbursed)
    assert {(r.donor, r.status, r.currency) for r in rows} == {
        ("Foreign Affairs, Trade and Development Canada (DFATD)", "received", "CAD")
    }  # the English narrative, though the French one comes first
    assert report.dropped == {
        "no receiver-org: the fund is not named (the activity's participating "
        "organisations are not read)": 1
    }
    # by name the fund is not found: the receiver-org carries only a ref
    rows, _ = import_iati(text, str(CANADA), Options(fund="Federation of Canadian"))
    assert rows == []


# Every kind of transaction and planned disbursement the importer tells apart, for the fund
# "MSS": a donor's report (XM-1), the fund's own report with no iati-identifier (activity 2),
# and a report naming the fund as receiver by someone else (JP-9). All in EUR.
MIXED = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier> XM-1 </iati-identifier>
  <reporting-org ref="GB-GOV-1"><narrative>UK FCDO</narrative></reporting-org>
  <transaction>
   <transaction-type code="2"/><transaction-date iso-date="2024-01-15"/>
   <value>100</value>
   <receiver-org ref="XM-MSS"><narrative>MSS Trust Fund</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-02-10"/>
   <value>50.25</value>
   <receiver-org><narrative>Other Org</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-02-11"/>
   <value>60</value>
  </transaction>
  <transaction>
   <transaction-type/><value>1</value>
  </transaction>
  <transaction>
   <value>2</value>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>
   <value>0</value>
   <receiver-org ref="XM-MSS"/>
  </transaction>
  <planned-disbursement>
   <period-start iso-date="2025-01-01"/><value>10</value>
   <receiver-org ref="XM-OTHER"/>
  </planned-disbursement>
  <planned-disbursement>
   <period-start iso-date="2025-02-01"/><value>70</value>
   <receiver-org ref="XM-MSS"/>
  </planned-disbursement>
  <planned-disbursement>
   <period-start iso-date="2025-03-01"/><value>30</value>
   <provider-org><narrative>Norway MFA</narrative></provider-org>
   <receiver-org ref="XM-MSS"/>
  </planned-disbursement>
  <planned-disbursement>
   <period-start iso-date="2025-04-01"/><value>5</value>
  </planned-disbursement>
  <planned-disbursement>
   <period-start iso-date="2025-05-01"/><value>0</value>
   <provider-org/>
   <receiver-org ref="XM-MSS"/>
  </planned-disbursement>
 </iati-activity>
 <iati-activity default-currency="EUR">
  <reporting-org ref="XM-MSS"><narrative>MSS Trust Fund</narrative></reporting-org>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-03-05"/>
   <value>200</value>
   <provider-org ref=" US-GOV "/>
  </transaction>
  <transaction>
   <transaction-type code="11"/><transaction-date iso-date="2024-04-30"/>
   <value>300</value>
   <provider-org><narrative/></provider-org>
  </transaction>
  <transaction>
   <transaction-type code="13"/><transaction-date iso-date="2024-05-02"/>
   <value>400</value>
  </transaction>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-06-01"/>
   <value>7</value>
   <provider-org ref="US-GOV"/>
   <receiver-org><narrative>Partner NGO</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-06-02"/>
   <value>8</value>
   <receiver-org ref="XM-PARTNER"/>
  </transaction>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-07-09"/>
   <value>500</value>
   <provider-org ref="NO-01"><narrative>Norway MFA</narrative></provider-org>
   <receiver-org/>
  </transaction>
 </iati-activity>
 <iati-activity>
  <iati-identifier>JP-9</iati-identifier>
  <reporting-org><narrative>UN Secretariat</narrative></reporting-org>
  <transaction>
   <transaction-type code="1"/><transaction-date iso-date="2024-08-20T00:00:00"/>
   <value currency="EUR">1234.56</value>
   <provider-org><narrative>Japan</narrative></provider-org>
   <receiver-org ref="XM-MSS"/>
  </transaction>
 </iati-activity>
</iati-activities>
"""
NO_RECEIVER = (
    "no receiver-org: the fund is not named (the activity's participating organisations are "
    "not read)"
)
UNKNOWN = "with no provider organisation, written as 'Unknown donor'"
HEADER = "id,donor,amount,status,date,currency,rate,note\n"


def test_import_iati_mixed_file_exact_csv_report_and_json(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    """What `import iati` writes for a file with every case it tells apart: the CSV row by
    row, the report on stderr line by line, and the same report as JSON."""
    path = write(MIXED, "mixed.xml")
    out, json_report = tmp_path / "donors.csv", tmp_path / "report.json"
    args = ["import", "iati", str(path), "--fund", " MSS ", "-o", str(out)]
    result = runner.invoke(app, [*args, "--report", str(json_report)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == HEADER + (
        "iati-XM-1-t1,UK FCDO,100.00,committed,2024-01,EUR,,\n"
        "iati-activity-2-t1,US-GOV,200.00,received,2024-03,EUR,,\n"
        "iati-activity-2-t2,Unknown donor,300.00,committed,2024-04,EUR,,\n"
        "iati-activity-2-t3,Unknown donor,400.00,pledged,2024-05,EUR,,\n"
        "iati-activity-2-t6,Norway MFA,500.00,received,2024-07,EUR,,\n"
        "iati-JP-9-t1,Japan,1234.56,received,2024-08,EUR,,\n"
    )
    assert result.stderr.splitlines() == [
        f"read 13 records from {path} (IATI activity XML)",
        "kept 6: received 3 (1,934.56 EUR), committed 2 (400.00 EUR), pledged 1 (400.00 EUR)",
        f"dropped 1: {NO_RECEIVER}",
        "dropped 3: not to a receiver containing 'MSS'",
        "dropped 2: transaction type blank: not money given to a fund",
        "dropped 1: value zero or negative",
        f"note: 2 {UNKNOWN}",
        "planned-disbursement elements were not read (--planned counts them as pledged)",
    ]
    assert json.loads(json_report.read_text(encoding="utf-8")) == {
        "source": str(path),
        "format": "IATI activity XML",
        "read": 13,
        "kept": {"received": 3, "committed": 2, "pledged": 1},
        "kept_total": {"received": "1934.56", "committed": "400.00", "pledged": "400.00"},
        "currency": "EUR",
        "merged": 0,
        "dropped": {
            NO_RECEIVER: 1,
            "not to a receiver containing 'MSS'": 3,
            "transaction type blank: not money given to a fund": 2,
            "value zero or negative": 1,
        },
        "dropped_total": {},
        "notes": {UNKNOWN: 2},
        "warnings": [],
    }


def test_planned_disbursements_read_counted_and_warned_of() -> None:
    """With --planned: each planned-disbursement is read; the provider (else the reporting
    organisation) is the donor; one naming no receiver, another receiver, or a zero value
    is dropped; a planned donor the fund also reports money from is warned of."""
    rows, report = run(MIXED, "MSS", planned=True)
    assert contributions_csv(rows) == HEADER + (
        "iati-XM-1-t1,UK FCDO,100.00,committed,2024-01,EUR,,\n"
        "iati-XM-1-p2,UK FCDO,70.00,pledged,2025-02,EUR,,\n"
        "iati-XM-1-p3,Norway MFA,30.00,pledged,2025-03,EUR,,\n"
        "iati-activity-2-t1,US-GOV,200.00,received,2024-03,EUR,,\n"
        "iati-activity-2-t2,Unknown donor,300.00,committed,2024-04,EUR,,\n"
        "iati-activity-2-t3,Unknown donor,400.00,pledged,2024-05,EUR,,\n"
        "iati-activity-2-t6,Norway MFA,500.00,received,2024-07,EUR,,\n"
        "iati-JP-9-t1,Japan,1234.56,received,2024-08,EUR,,\n"
    )
    assert report.lines() == [
        "read 18 records from a.xml (IATI activity XML)",
        "kept 8: received 3 (1,934.56 EUR), committed 2 (400.00 EUR), pledged 3 (500.00 EUR)",
        f"dropped 2: {NO_RECEIVER}",
        "dropped 4: not to a receiver containing 'MSS'",
        "dropped 2: transaction type blank: not money given to a fund",
        "dropped 2: value zero or negative",
        f"note: 2 {UNKNOWN}",
        "warning: 'norway mfa' reports its own payments to the fund and the fund reports money "
        "from it too: the same money may be counted twice",
    ]


def test_a_file_without_planned_disbursements_has_no_hint() -> None:
    rows, report = run(FUND, "Operational Support")
    assert len(rows) == 3
    assert report.hints == []


def test_a_single_activity_as_the_root_is_read() -> None:
    text = (
        '<iati-activity default-currency="USD"><iati-identifier>A-1</iati-identifier>'
        "<reporting-org><narrative>Donor</narrative></reporting-org><transaction>"
        '<transaction-type code="3"/><transaction-date iso-date="2024-03-15"/>'
        '<value>12.5</value><receiver-org ref="XM-MSS"/></transaction></iati-activity>'
    )
    rows, report = run(text, "mss")
    assert contributions_csv(rows) == HEADER + "iati-A-1-t1,Donor,12.50,received,2024-03,USD,,\n"
    assert report.read == 1


def test_a_one_letter_fund_matches_only_names_and_refs_containing_it() -> None:
    """Organisations with no ref match on their names alone: "Oxfam" holds an x, "Save the
    Children" none."""
    text = activity(
        "".join(
            '<transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-15"/>'
            f"<value>{n}</value><receiver-org><narrative>{name}</narrative></receiver-org>"
            "</transaction>"
            for n, name in ((1, "Save the Children"), (2, "Oxfam"))
        )
    )
    rows, report = run(text, "X")
    assert [(r.id, r.amount) for r in rows] == [("iati-A-1-t2", Decimal("2.00"))]
    assert report.dropped == {"not to a receiver containing 'X'": 1}


def activity(body: str, head: str = "") -> str:
    """One donor activity (A-1, in USD, by "Donor") holding ``body``."""
    return (
        '<iati-activities version="2.03">\n<iati-activity default-currency="USD">\n'
        f"<iati-identifier>A-1</iati-identifier>{head}\n"
        "<reporting-org><narrative>Donor</narrative></reporting-org>\n"
        f"{body}\n</iati-activity>\n</iati-activities>\n"
    )


def transaction(value: str, date: str = '<transaction-date iso-date="2024-03-15"/>') -> str:
    return (
        f'<transaction><transaction-type code="3"/>{date}{value}'
        '<receiver-org ref="XM-MSS"/></transaction>'
    )


def test_any_positive_value_is_kept_zero_and_negative_dropped() -> None:
    values = ("0.01", "1", "0", "-5")
    text = activity("".join(transaction(f"<value>{v}</value>") for v in values))
    rows, report = run(text, "MSS")
    assert [(r.id, r.amount) for r in rows] == [
        ("iati-A-1-t1", Decimal("0.01")),
        ("iati-A-1-t2", Decimal("1.00")),
    ]
    assert report.dropped == {"value zero or negative": 2}


P1 = "iati-activity[1] (A-1) transaction[1]"
T1 = f"a.xml: {P1}"
PLANNED = (
    '<planned-disbursement><period-start iso-date="2025-01-01"/><value>1</value>'
    '<receiver-org ref="XM-MSS"/></planned-disbursement>'
    '<planned-disbursement><value>2</value><receiver-org ref="XM-MSS"/></planned-disbursement>'
)
P2 = "iati-activity[1] (A-1) planned-disbursement[2]"
ISO = "iso-date: expected a date such as 2024-03-15, got"


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (
            "<iati-organisations/>",
            "",
            "a.xml:1:1: not an IATI activity file: the root is <iati-organisations>",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities>&a;'
            "</iati-activities>",
            "",
            "a.xml: refused: the file declares a DTD or entities (DTDForbidden)",
        ),
        (
            "<iati-activities>\n  <iati-activity></iati-activities>",
            "",
            "a.xml:2:20: not valid XML: mismatched tag",
        ),
        (activity(transaction("")), P1, f"{T1}: value: missing"),
        (activity(transaction("<value/>")), P1, f"{T1}: value: missing"),
        (activity(transaction("<value> </value>")), P1, f"{T1}: value: missing"),
        (
            activity(transaction("<value>12abc</value>")),
            P1,
            f"{T1}: value: expected an amount of money such as 1_250.50, got '12abc'",
        ),
        (activity(transaction("<value>5</value>", date="")), P1, f"{T1}: {ISO} ''"),
        (
            activity(transaction("<value>5</value>", date="<transaction-date/>")),
            P1,
            f"{T1}: {ISO} ''",
        ),
        (
            activity(transaction("<value>5</value>", '<transaction-date iso-date="15/03/2024"/>')),
            P1,
            f"{T1}: {ISO} '15/03/2024'",
        ),
        (activity(PLANNED), P2, f"a.xml: {P2}: {ISO} ''"),
    ],
)
def test_errors_name_the_file_and_the_element_exactly(text: str, path: str, expected: str) -> None:
    """Each error is one problem, the line the user sees: the file, its line and column
    where the XML parser knows them, the element (activity and transaction or planned
    disbursement), and the message."""
    with pytest.raises(ScenarioError) as caught:
        run(text, "MSS", planned=True)
    assert str(caught.value) == expected
    (problem,) = caught.value.problems
    assert problem.path == path
