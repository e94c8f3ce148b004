"""import fts: FTS flows (API JSON and HDX CSV) -> contributions, each rule on rows written
to exercise it, and real FTS files checked against totals computed here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.errors import ScenarioError
from mss_runway.importers.common import contributions_csv
from mss_runway.importers.fts import Options, import_fts, shortest_rate
from mss_runway.loader import load_scenario
from mss_runway.months import Month

runner = CliRunner()
REAL = Path(__file__).resolve().parent / "data" / "real"
FTS_JSON = REAL / "fts-flow-afghanistan-2021.json"
FTS_CSV = REAL / "fts-incoming-funding-pse-excerpt.csv"


def flow(**fields: Any) -> dict[str, Any]:
    """An FTS API flow with the fields the rules read; ``fields`` override them."""
    base: dict[str, Any] = {
        "id": "1",
        "amountUSD": 1000,
        "status": "paid",
        "date": "2024-03-15T00:00:00Z",
        "decisionDate": "2024-01-10T00:00:00Z",
        "firstReportedDate": "2024-02-01T00:00:00Z",
        "updatedAt": "2024-03-16T10:00:00.000Z",
        "versionId": 1,
        "boundary": "incoming",
        "onBoundary": "single",
        "sourceObjects": [{"type": "Organization", "name": "Canada, Government of"}],
        "destinationObjects": [{"type": "Organization", "name": "UN Trust Fund for MSS"}],
    }
    base.update(fields)
    return base


def response(*flows: dict[str, Any], **incoming: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"flows": list(flows)}
    if incoming:
        data["incoming"] = incoming
    return {"status": "ok", "data": data}


def run(doc: Any, **options: Any) -> tuple[list[Any], Any]:
    return import_fts(json.dumps(doc), "flows.json", Options(**options))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- real files ------------------------------------------------------------------------


def test_real_api_response_reproduces_fts_own_funding_total() -> None:
    """FTS's fundingTotal of the response (99,088,910) is the sum of what is kept."""
    doc = json.loads(FTS_JSON.read_text(encoding="utf-8"))
    assert doc["data"]["incoming"]["fundingTotal"] == 99_088_910  # FTS's own figure
    rows, report = import_fts(FTS_JSON.read_text(encoding="utf-8"), str(FTS_JSON))
    written = csv_rows(contributions_csv(rows))
    assert sum(Decimal(r["amount"]) for r in written) == Decimal("99088910")
    assert len(written) == 28  # 37 flows, of which 9 shared with other boundaries
    assert report.dropped == {
        "onBoundary shared: counted by FTS under another boundary, not this one": 9
    }
    # the two paid flows are CERF's (5,000,000 and 10,000,000)
    received = [r for r in written if r["status"] == "received"]
    assert sorted(Decimal(r["amount"]) for r in received) == [
        Decimal(5_000_000),
        Decimal(10_000_000),
    ]
    assert {r["donor"] for r in received} == {"Central Emergency Response Fund"}
    assert report.warnings == []
    assert written[0]["id"] == "fts-168516"
    assert written[0]["date"] == "2017-11"  # from 2017-11-30T00:00:00Z


@pytest.mark.parametrize(
    ("name", "funding_total", "flows", "shared", "internal"),
    [
        ("fts-flow-afghanistan-2021.json", 99_088_910, 37, 9, 0),
        ("fts-flow-opt-2021.json", 121_319_443, 68, 25, 3),
        ("fts-flow-jordan-2021.json", 78_177_175, 74, 31, 0),
    ],
)
def test_three_real_responses_reproduce_fts_funding_total(
    name: str, funding_total: int, flows: int, shared: int, internal: int
) -> None:
    """Each response's own data.incoming.fundingTotal (typed here from the file) is what
    the kept rows add up to; the counts are taken from the raw flows here."""
    path = REAL / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["data"]["incoming"]["fundingTotal"] == funding_total
    raw = doc["data"]["flows"]
    assert len(raw) == flows
    assert sum(f["onBoundary"] == "shared" for f in raw) == shared
    assert sum(f["boundary"] == "internal" for f in raw) == internal
    rows, report = import_fts(path.read_text(encoding="utf-8"), str(path))
    assert sum(r.amount for r in rows) == Decimal(funding_total)
    assert report.warnings == []


def test_second_real_response_with_internal_and_nonzero_shared_flows() -> None:
    """oPt 2021: FTS's fundingTotal 121,319,443 is reproduced only when both internal
    flows (3, from the pooled fund) and shared ones (25, six of them not zero) are left out."""
    path = REAL / "fts-flow-opt-2021.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["data"]["incoming"]["fundingTotal"] == 121_319_443  # FTS's own figure
    flows = doc["data"]["flows"]
    shared = [f for f in flows if f["onBoundary"] == "shared"]
    internal = [f for f in flows if f["boundary"] == "internal"]
    assert (len(flows), len(shared), len(internal)) == (68, 25, 3)
    assert sum(f["amountUSD"] for f in shared) == 4348837 + 1 + 9430804 + 2347418 + 105088 + 1250000
    rows, report = import_fts(path.read_text(encoding="utf-8"), str(path))
    assert sum(r.amount for r in rows) == Decimal(121_319_443)
    assert len(rows) == 68 - 25 - 3 - 1  # and one single flow of amount 0 (224513)
    assert report.warnings == []
    assert sum(report.dropped.values()) == 29
    assert report.dropped["boundary internal: not money coming into what the query covered"] == 3


def test_real_api_response_totals_by_status_computed_here() -> None:
    """Totals by status, summed here from the raw flows, equal the written rows'."""
    doc = json.loads(FTS_JSON.read_text(encoding="utf-8"))
    expected: dict[str, int] = {}
    words = {"paid": "received", "commitment": "committed", "pledge": "pledged"}
    for f in doc["data"]["flows"]:
        if f["onBoundary"] == "single" and f["amountUSD"] > 0:
            status = words[f["status"]]
            expected[status] = expected.get(status, 0) + f["amountUSD"]
    rows, _ = import_fts(FTS_JSON.read_text(encoding="utf-8"), str(FTS_JSON))
    got: dict[str, Decimal] = {}
    for row in rows:
        got[row.status] = got.get(row.status, Decimal(0)) + row.amount
    assert got == {k: Decimal(v) for k, v in expected.items()}
    assert expected == {"committed": 84_088_910, "received": 15_000_000}


def test_real_hdx_csv_by_status_and_unknown_donors() -> None:
    """The HDX CSV (HXL row under the header): every row kept, two with no donor."""
    with FTS_CSV.open(encoding="utf-8", newline="") as handle:
        source = [r for r in csv.DictReader(handle) if not r["date"].startswith("#")]
    assert len(source) == 30
    by_status: dict[str, Decimal] = {}
    for r in source:
        by_status[r["status"]] = by_status.get(r["status"], Decimal(0)) + Decimal(r["amountUSD"])
    rows, report = import_fts(FTS_CSV.read_text(encoding="utf-8"), str(FTS_CSV))
    written = csv_rows(contributions_csv(rows))
    assert len(written) == 30
    assert (
        sum(Decimal(r["amount"]) for r in written if r["status"] == "received") == by_status["paid"]
    )
    assert (
        sum(Decimal(r["amount"]) for r in written if r["status"] == "committed")
        == by_status["commitment"]
    )
    assert by_status["commitment"] == Decimal(20_931_990)  # 5 rows, added by hand
    assert [r["donor"] for r in written].count("Unknown donor") == 2
    assert report.notes == {"with no source organisation, written as 'Unknown donor'": 2}


def test_real_csv_original_currency_converts_back_to_fts_usd_to_the_cent() -> None:
    """--original-currency: amount x rate, rounded half to even, is FTS's amountUSD."""
    with FTS_CSV.open(encoding="utf-8", newline="") as handle:
        usd = {
            r["id"]: Decimal(r["amountUSD"]) for r in csv.DictReader(handle) if r["id"][0] != "#"
        }
    rows, report = import_fts(
        FTS_CSV.read_text(encoding="utf-8"), str(FTS_CSV), Options(original_currency=True)
    )
    converted = 0
    for row in rows:
        expected = usd[row.id.removeprefix("fts-")]
        if row.rate is None:
            assert (row.currency, row.amount) == ("USD", expected)
            continue
        converted += 1
        assert row.currency != "USD"
        product = (row.amount * row.rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        assert product == expected
    assert converted == 22  # 30 rows, 8 without originalAmount
    assert report.notes["with no originalAmount or originalCurrency, kept in USD"] == 8
    first = next(r for r in rows if r.id == "fts-228352")
    assert (first.amount, first.currency) == (Decimal("1395868.00"), "EUR")


def test_import_then_forecast_with_no_hand_edits(tmp_path: Path) -> None:
    """The two-step path: import a real export, then forecast a scenario that reads it."""
    out = tmp_path / "donors.csv"
    result = runner.invoke(
        app,
        [
            "import",
            "fts",
            str(FTS_CSV),
            "-o",
            str(out),
            "--original-currency",
            "--report",
            str(tmp_path / "report.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "kept 30: received 25" in result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["kept"] == {"received": 25, "committed": 5, "pledged": 0}
    (tmp_path / "s.yaml").write_text(
        "name: oPt\nstart: 2020-12\ncontributions_file: donors.csv\n"
        "costs:\n  - {label: Ops, monthly: 1000000}\n"
    )
    scenario = load_scenario(tmp_path / "s.yaml")
    assert len(scenario.contributions) == 30
    forecast = runner.invoke(app, ["forecast", str(tmp_path / "s.yaml"), "-f", "json"])
    assert forecast.exit_code == 0, forecast.output
    doc = json.loads(forecast.stdout, parse_float=Decimal)
    # the rates give back FTS's USD to the cent: 12,047,266 received + 20,931,990 committed
    assert sum(m["inflow"] for m in doc["months"]) == Decimal(12_047_266 + 20_931_990)


# --- each rule on rows written for it -------------------------------------------------


def test_status_words_in_any_case() -> None:
    rows, _ = run(
        response(
            flow(id="1", status="Paid"),
            flow(id="2", status="COMMITMENT"),
            flow(id="3", status="pledge"),
        )
    )
    assert [r.status for r in rows] == ["received", "committed", "pledged"]


def test_unknown_status_is_an_error_naming_the_flow() -> None:
    with pytest.raises(ScenarioError) as caught:
        run(response(flow(id="7", status="promised")))
    assert str(caught.value) == (
        "flows.json: data.flows[0] (flow 7): status: expected paid, commitment or pledge, "
        "got 'promised'"
    )


def test_donors_joined_in_a_stable_order_and_blank_is_unknown() -> None:
    two = [
        {"type": "Organization", "name": "Spain, Government of"},
        {"type": "Location", "name": "Spain"},
        {"type": "Organization", "name": "Canada, Government of"},
    ]
    rows, report = run(response(flow(id="1", sourceObjects=two), flow(id="2", sourceObjects=[])))
    assert rows[0].donor == "Canada, Government of; Spain, Government of"
    assert rows[1].donor == "Unknown donor"
    assert report.notes == {"with no source organisation, written as 'Unknown donor'": 1}


def test_counted_as_fts_counts_internal_outgoing_and_shared_dropped() -> None:
    rows, report = run(
        response(
            flow(id="1", amountUSD=100),
            flow(id="2", amountUSD=20, boundary="internal"),
            flow(id="3", amountUSD=30, boundary="outgoing"),
            flow(id="4", amountUSD=40, onBoundary="shared"),
            flow(id="5", amountUSD=5, status="pledge"),
            fundingTotal=100,
            pledgeTotal=5,
        )
    )
    assert [r.id for r in rows] == ["fts-1", "fts-5"]
    assert sum(report.dropped.values()) == 3
    assert report.warnings == []  # 100 and 5 are FTS's own totals


def test_a_difference_from_fts_totals_is_warned() -> None:
    _, report = run(response(flow(id="1", amountUSD=100), fundingTotal=250, pledgeTotal=0))
    assert len(report.warnings) == 1
    assert "fundingTotal is 250 but the flows in the file add up to 100.00" in report.warnings[0]


def test_parent_and_child_both_counted() -> None:
    rows, _ = run(
        response(
            flow(id="10", amountUSD=300, flowType="Parked", childFlowIds=[11]),
            flow(id="11", amountUSD=700, parentFlowId=10),
        )
    )
    assert [(r.id, r.amount) for r in rows] == [("fts-10", Decimal(300)), ("fts-11", Decimal(700))]


def test_zero_and_negative_amounts_dropped_and_counted() -> None:
    rows, report = run(
        response(flow(id="1", amountUSD=0), flow(id="2", amountUSD=-5), flow(id="3"))
    )
    assert [r.id for r in rows] == ["fts-3"]
    assert report.dropped == {
        "amount zero or negative (mostly parked parents passed on in full)": 2
    }


def test_same_id_identical_rows_merged() -> None:
    rows, report = run([response(flow(id="1")), response(flow(id="1"), flow(id="2"))])
    assert [r.id for r in rows] == ["fts-1", "fts-2"]
    assert report.merged == 1
    assert report.warnings == []
    assert report.read == 3


def test_same_id_different_rows_newest_kept_with_a_warning() -> None:
    rows, report = run(
        response(
            flow(id="1", amountUSD=100, updatedAt="2024-05-01T00:00:00Z", versionId=3),
            flow(id="1", amountUSD=200, updatedAt="2024-06-01T00:00:00Z", versionId=2),
            flow(id="1", amountUSD=150, updatedAt="2024-06-01T00:00:00Z", versionId=1),
        )
    )
    assert [r.amount for r in rows] == [Decimal(200)]
    assert report.merged == 2
    assert "flow 1 appears 3 times with different values" in report.warnings[0]


def test_same_updated_at_then_version_decides() -> None:
    rows, _ = run(
        response(
            flow(id="1", amountUSD=100, versionId=9),
            flow(id="1", amountUSD=200, versionId=10),
        )
    )
    assert [r.amount for r in rows] == [Decimal(200)]  # 10 > 9 as numbers, not text


def test_dates_become_months_and_date_choice_falls_back() -> None:
    rows, report = run(response(flow(id="1"), flow(id="2", decisionDate=None)), date="decision")
    assert [str(r.date) for r in rows] == ["2024-01", "2024-03"]
    assert report.notes == {"with no decisionDate, dated by date instead": 1}
    rows, _ = run(response(flow(id="1")), date="first-reported")
    assert str(rows[0].date) == "2024-02"


def test_bad_date_is_an_error() -> None:
    with pytest.raises(ScenarioError, match="date: expected an ISO date"):
        run(response(flow(date="15/03/2024")))


def test_destination_filter_any_case_on_org_plan_or_emergency() -> None:
    plan = [{"type": "Plan", "name": "Haiti Humanitarian Response Plan 2024"}]
    emergency = [{"type": "Emergency", "name": "Haiti gang violence"}]
    other = [{"type": "Organization", "name": "WFP"}, {"type": "Location", "name": "Haiti"}]
    rows, report = run(
        response(
            flow(id="1", destinationObjects=plan),
            flow(id="2", destinationObjects=emergency),
            flow(id="3", destinationObjects=other),
        ),
        destination="HAITI",
    )
    assert [r.id for r in rows] == ["fts-1", "fts-2"]  # a Location is not a destination
    assert report.dropped == {"destination does not contain 'HAITI'": 1}


def test_since_drops_earlier_flows_and_reports_their_totals() -> None:
    rows, report = run(
        response(
            flow(id="1", amountUSD=100, date="2023-12-31"),
            flow(id="2", amountUSD=40, date="2023-06-01", status="commitment"),
            flow(id="3", amountUSD=7, date="2024-01-01"),
        ),
        since=Month.of(2024, 1),
    )
    assert [r.id for r in rows] == ["fts-3"]
    reason = "dated before 2024-01 (--since; received money belongs in opening_balance)"
    assert report.dropped_total[reason] == {"received": Decimal(100), "committed": Decimal(40)}
    assert "received before 2024-01: 100.00 USD" in report.lines()[-2]
    assert report.lines()[-1].startswith("not yet received before 2024-01: committed 40.00 USD,")


def test_hxl_row_skipped_and_columns_in_any_order() -> None:
    text = (
        "status,id,amountUSD,srcOrganization,date,boundary,onBoundary,extra\n"
        "#status+text,#activity+id,#value+funding+total+usd,#org+name+funder,#date,x,y,z\n"
        "Paid,5,250,Mexico,2025-09-01,incoming,single,ignored\n"
    )
    rows, _ = import_fts(text, "f.csv")
    assert [(r.id, r.donor, r.amount, r.status, str(r.date)) for r in rows] == [
        ("fts-5", "Mexico", Decimal(250), "received", "2025-09")
    ]


def test_csv_without_on_boundary_keeps_every_flow_with_a_warning() -> None:
    """Older HDX files have no onBoundary column: shared flows cannot be told apart."""
    text = "date,amountUSD,srcOrganization,boundary,status,id\n2017-04-17,10,A,incoming,paid,1\n"
    rows, report = import_fts(text, "old.csv")
    assert [r.id for r in rows] == ["fts-1"]
    assert report.warnings == [
        "the file has no onBoundary column: flows shared with other boundaries cannot be "
        "told apart, and are all kept"
    ]


def test_csv_without_fts_columns_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        import_fts("donor,amount,status,date\nA,1,paid,2024-01\n", "d.csv")
    assert str(caught.value).startswith(
        "d.csv:1:1: not an FTS flows export: missing columns amountUSD, srcOrganization, id"
    )


def test_original_currency_rate_is_the_inverse_of_fts_exchange_rate() -> None:
    """FTS's exchangeRate is units per USD; the written rate is USD per unit."""
    rows, _ = run(
        response(
            flow(amountUSD=1000, originalAmount=900, originalCurrency="EUR", exchangeRate=0.9)
        ),
        original_currency=True,
    )
    assert (rows[0].amount, rows[0].currency) == (Decimal(900), "EUR")
    assert rows[0].rate == Decimal("1.11111")  # 900 x 1.11111 = 999.999, to the cent 1000.00
    assert Decimal(900) * Decimal("1.1111") == Decimal("999.99")  # one digit fewer is not enough


# --- the command -----------------------------------------------------------------------


def test_bad_json_points_at_line_and_column(write: Callable[..., Path]) -> None:
    path = write('{"data": {"flows": [\n  {"id": 1,,}\n]}}\n', "bad.json")
    result = runner.invoke(app, ["import", "fts", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:12: not valid JSON" in result.stderr
    assert "Traceback" not in result.output


def test_output_is_atomic_and_not_written_on_error(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "donors.csv"
    out.write_text("old\n")
    bad = write(json.dumps(response(flow(status="maybe"))), "bad.json")
    result = runner.invoke(app, ["import", "fts", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "old\n"
    good = write(json.dumps(response(flow())), "good.json")
    assert runner.invoke(app, ["import", "fts", str(good), "-o", str(out)]).exit_code == 0
    assert (
        out.read_text().splitlines()[1]
        == 'fts-1,"Canada, Government of",1000.00,received,2024-03,USD,,'
    )


def test_bad_since_is_a_usage_error(write: Callable[..., Path]) -> None:
    path = write(json.dumps(response(flow())), "f.json")
    result = runner.invoke(app, ["import", "fts", str(path), "--since", "2024-13"])
    assert result.exit_code == 2
    assert "error: --since:" in result.stderr


def test_import_commands_have_help_with_an_example() -> None:
    for command in ("fts",):
        result = runner.invoke(app, ["import", command, "--help"])
        assert result.exit_code == 0
        assert f"Example: mss-runway import {command} " in result.stdout


def test_shipped_mss_scenario_reads_its_imported_file() -> None:
    """scenarios/mss-haiti-imported.csv is what import fts makes of the FTS-layout file
    (so the two cannot drift), and the scenario's numbers are the header's hand estimate."""
    root = Path(__file__).resolve().parent.parent / "scenarios"
    layout = root / "mss-haiti-fts-layout.csv"
    rows, report = import_fts(
        layout.read_text(encoding="utf-8"),
        str(layout),
        Options(since=Month.of(2024, 11), original_currency=True),
    )
    assert contributions_csv(rows) == (root / "mss-haiti-imported.csv").read_text(encoding="utf-8")
    reason = "dated before 2024-11 (--since; received money belongs in opening_balance)"
    assert report.dropped_total[reason] == {"received": Decimal(8_700_000 + 6_000_000 + 3_200_000)}
    result = runner.invoke(app, ["forecast", str(root / "mss-haiti-imported.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert doc["exhausted"] == "2025-01"  # pledged lens: 85M + 10.4M - 2 x 45,520,712 > 0
    assert doc["lenses"]["received"]["exhausted"] == "2024-12"
    september = next(m for m in doc["months"] if m["month"] == "2025-09")
    assert september["inflow"] == Decimal("28700000.00")  # 100,000 + C$40M x 0.715


def test_real_response_destination_filter_computed_here() -> None:
    """--destination on a real response: the flows to the Afghanistan Humanitarian Fund,
    picked here from the raw destination objects."""
    doc = json.loads(FTS_JSON.read_text(encoding="utf-8"))
    expected = [
        f["amountUSD"]
        for f in doc["data"]["flows"]
        if f["onBoundary"] == "single"
        and any(
            "afghanistan humanitarian fund" in o["name"].lower()
            for o in f["destinationObjects"]
            if o["type"] in ("Organization", "Plan", "Emergency")
        )
    ]
    assert sorted(expected) == [1_000_000, 16_130_400]
    rows, report = import_fts(
        FTS_JSON.read_text(encoding="utf-8"),
        str(FTS_JSON),
        Options(destination="Afghanistan Humanitarian Fund"),
    )
    assert sorted(r.amount for r in rows) == [Decimal(1_000_000), Decimal(16_130_400)]
    assert report.dropped["destination does not contain 'Afghanistan Humanitarian Fund'"] == 26


def _before(since: str) -> dict[str, Decimal]:
    """By status, the USD of the Afghanistan 2021 flows the rules keep (incoming, single,
    amount above zero) but dated before ``since``: computed here from the JSON."""
    flows = json.loads(FTS_JSON.read_text(), parse_float=Decimal)["data"]["flows"]
    words = {"paid": "received", "commitment": "committed", "pledge": "pledged"}
    totals: dict[str, Decimal] = {}
    for f in flows:
        usd = Decimal(str(f["amountUSD"]))
        counted = f["boundary"] == "incoming" and f["onBoundary"] == "single" and usd > 0
        if counted and f["date"][:7] < since:
            status = words[f["status"].lower()]
            totals[status] = totals.get(status, Decimal(0)) + usd
    return totals


def test_since_advice_names_what_was_dropped_and_only_that() -> None:
    """Afghanistan 2021 from 2021-01: nothing received is dropped (no advice to fold it into
    opening_balance), but commitments are: they may still arrive, and the advice says so
    and how to keep them. From 2021-02 the two payments of January are dropped too."""
    totals = _before("2021-01")
    assert "received" not in totals
    assert set(totals) == {"committed"}
    result = runner.invoke(app, ["import", "fts", str(FTS_JSON), "--since", "2021-01"])
    assert result.exit_code == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("received")]
    advice = [line for line in result.stderr.splitlines() if line.startswith("not yet received")]
    assert advice == [
        f"not yet received before 2021-01: committed {totals['committed']:,.2f} USD, dropped "
        "though it may still arrive; to keep it, import with an earlier --since and move "
        "each overdue date to the month the money is now expected (a scenario refuses "
        "contributions before its start)"
    ]

    totals = _before("2021-02")
    assert totals["received"] > 0
    result = runner.invoke(app, ["import", "fts", str(FTS_JSON), "--since", "2021-02"])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"received before 2021-02: {totals['received']:,.2f} USD in all; add what is still "
        "in the fund to opening_balance"
    ) in lines
    assert (
        f"not yet received before 2021-02: committed {totals['committed']:,.2f} USD, dropped "
        "though it may still arrive; to keep it, import with an earlier --since and move "
        "each overdue date to the month the money is now expected (a scenario refuses "
        "contributions before its start)"
    ) in lines


# --- the whole report, exactly, on flows written for each rule ------------------------


def _every_rule() -> list[dict[str, Any]]:
    """Eleven flows, one per rule, and a repeat of the first with its keys in another order."""
    first = flow(
        id="1",
        amountUSD=Decimal("100.5"),
        sourceObjects=[
            {"type": "Organization", "name": " Spain, Government of "},
            "not an object",
            {"type": "Organization", "name": None},
            {"type": "Organization", "name": "Spain, Government of"},
        ],
    )
    return [
        first,
        flow(
            id="2",
            amountUSD=2000,
            status="commitment",
            boundary=" Incoming ",
            onBoundary="Single",
            sourceObjects=None,
        ),
        flow(id="3", amountUSD=5, status="pledge"),
        flow(id="4", amountUSD=7, boundary=""),
        {k: v for k, v in flow(id="5", amountUSD=11).items() if "oundary" not in k},
        flow(id="6", amountUSD=13, onBoundary=""),
        flow(id="7", amountUSD=17, status="commitment", onBoundary="SHARED"),
        flow(id="8", amountUSD=19, boundary="Outgoing"),
        flow(id="9", amountUSD=Decimal("0.01")),
        flow(id="10", amountUSD=-3, status="commitment"),
        flow(id="11", amountUSD=0, status="pledge"),
        dict(reversed(list(first.items()))),
    ]


def test_every_rule_in_one_response_with_the_whole_report() -> None:
    """Counted as FTS counts them (blank boundary and missing onBoundary included, negative
    amounts too): 100.50 + 2,000 + 7 + 11 + 13 + 0.01 - 3 = 2,128.51 funding, 5 + 0 pledged;
    FTS's fundingTotal written here as 2128.5 differs by a cent and is warned about."""
    doc = response(*_every_rule(), fundingTotal=Decimal("2128.5"), pledgeTotal=5)
    text = json.dumps(doc, default=str).replace('"100.5"', "100.5").replace('"0.01"', "0.01")
    text = text.replace('"2128.5"', "2128.5")
    rows, report = import_fts("\n  " + text, "flows.json")
    assert [(r.id, r.donor, r.amount, r.status, str(r.date), r.currency, r.rate) for r in rows] == [
        ("fts-1", "Spain, Government of", Decimal("100.50"), "received", "2024-03", "USD", None),
        ("fts-2", "Unknown donor", Decimal("2000.00"), "committed", "2024-03", "USD", None),
        ("fts-3", "Canada, Government of", Decimal("5.00"), "pledged", "2024-03", "USD", None),
        ("fts-5", "Canada, Government of", Decimal("11.00"), "received", "2024-03", "USD", None),
        ("fts-6", "Canada, Government of", Decimal("13.00"), "received", "2024-03", "USD", None),
        ("fts-9", "Canada, Government of", Decimal("0.01"), "received", "2024-03", "USD", None),
    ]
    assert [r.reference for r in rows] == [r.amount for r in rows]
    shared = "onBoundary shared: counted by FTS under another boundary, not this one"
    amount = "amount zero or negative (mostly parked parents passed on in full)"
    blank = "boundary blank: not money coming into what the query covered"
    outgoing = "boundary outgoing: not money coming into what the query covered"
    assert report.as_dict() == {
        "source": "flows.json",
        "format": "FTS API flow JSON",
        "read": 12,
        "kept": {"received": 4, "committed": 1, "pledged": 1},
        "kept_total": {"received": "124.51", "committed": "2000.00", "pledged": "5.00"},
        "currency": "USD",
        "merged": 1,
        "dropped": {amount: 2, blank: 1, outgoing: 1, shared: 1},
        "dropped_total": {
            amount: {"committed": "-3.00", "pledged": "0.00"},
            blank: {"received": "7.00"},
            outgoing: {"received": "19.00"},
            shared: {"committed": "17.00"},
        },
        "notes": {"with no source organisation, written as 'Unknown donor'": 1},
        "warnings": [
            "FTS's fundingTotal is 2128.5 but the flows in the file add up to 2128.51 "
            "(boundary incoming, onBoundary single): are pages missing?"
        ],
        "fts_totals": {
            "fundingTotal": "2128.5",
            "pledgeTotal": "5",
            "flows_fundingTotal": "2128.51",
            "flows_pledgeTotal": "5.00",
        },
    }


def test_totals_of_the_first_page_that_has_them_and_a_missing_total_skipped() -> None:
    """Page 0's incoming is not a mapping and is passed over; page 1's are FTS's totals
    (page 2's are not looked at); no fundingTotal means nothing to compare it with."""
    pages = [
        {"data": {"flows": [flow(id="1", amountUSD=10)], "incoming": [1]}},
        {
            "data": {
                "flows": [flow(id="2", amountUSD=3, status="pledge")],
                "incoming": {"pledgeTotal": 4},
            }
        },
        {"data": {"flows": [], "incoming": {"fundingTotal": 10, "pledgeTotal": 3}}},
    ]
    _, report = import_fts(json.dumps(pages), "p.json")
    assert report.extra == {
        "fts_totals": {
            "fundingTotal": "None",
            "pledgeTotal": "4",
            "flows_fundingTotal": "10.00",
            "flows_pledgeTotal": "3.00",
        }
    }
    assert report.warnings == [
        "FTS's pledgeTotal is 4 but the flows in the file add up to 3.00 "
        "(boundary incoming, onBoundary single): are pages missing?"
    ]
    _, report = import_fts(json.dumps(response(flow())), "p.json")
    assert report.extra == {}
    assert report.warnings == []


def test_repeats_with_different_values_warn_with_what_was_kept() -> None:
    """Without updatedAt and versionId both read '?'; a versionId that is not a number
    loses to any number, 0 included; the rows keep the order of first appearance."""
    bare = {k: v for k, v in flow().items() if k not in ("updatedAt", "versionId")}
    rows, report = run(
        response(
            {**bare, "id": "5", "amountUSD": 1},
            {**bare, "id": "4", "amountUSD": 2, "versionId": "draft"},
            {**bare, "id": "5", "amountUSD": 3},
            {**bare, "id": "4", "amountUSD": 4, "versionId": "0"},
            {**bare, "id": "4", "amountUSD": 5, "versionId": "x"},
        )
    )
    assert [(r.id, r.amount) for r in rows] == [("fts-5", Decimal(1)), ("fts-4", Decimal(4))]
    assert report.merged == 3
    assert report.warnings == [
        "flow 5 appears 2 times with different values; kept the newest (updatedAt ?, versionId ?)",
        "flow 4 appears 3 times with different values; kept the newest (updatedAt ?, versionId 0)",
    ]


def test_repeats_newest_by_updated_at_named_in_the_warning() -> None:
    rows, report = run(
        response(
            flow(id="1", amountUSD=100, updatedAt="2024-05-01T00:00:00Z", versionId=3),
            flow(id="1", amountUSD=200, updatedAt="2024-06-01T00:00:00Z", versionId=2),
        )
    )
    assert [r.amount for r in rows] == [Decimal(200)]
    assert report.warnings == [
        "flow 1 appears 2 times with different values; kept the newest (updatedAt "
        "2024-06-01T00:00:00Z, versionId 2)"
    ]


def test_since_hints_name_every_status_dropped() -> None:
    rows, report = run(
        response(
            flow(id="1", amountUSD=1500, date="2023-12-31"),
            flow(id="2", amountUSD=40, date="2023-06-01", status="commitment"),
            flow(id="3", amountUSD="2.5", date="2023-01-01", status="pledge"),
            flow(id="4", amountUSD=7, date="2024-01-01T00:00:00Z", status="pledge"),
        ),
        since=Month.of(2024, 1),
    )
    assert [r.id for r in rows] == ["fts-4"]
    assert report.extra["received_before_since"] == "1500.00"
    assert report.hints == [
        "received before 2024-01: 1,500.00 USD in all; add what is still in the fund to "
        "opening_balance",
        "not yet received before 2024-01: committed 40.00 USD, pledged 2.50 USD, dropped though "
        "it may still arrive; to keep it, import with an earlier --since and move each overdue "
        "date to the month the money is now expected (a scenario refuses contributions before "
        "its start)",
    ]


def test_since_with_nothing_received_before_it() -> None:
    rows, report = run(
        response(flow(id="1", date="2024-02-01"), flow(id="2", date="2023-02-01", status="pledge")),
        since=Month.of(2024, 2),
    )
    assert [r.id for r in rows] == ["fts-1"]
    assert report.extra == {"received_before_since": "0.00"}
    assert report.hints == [
        "not yet received before 2024-02: pledged 1,000.00 USD, dropped though it may still "
        "arrive; to keep it, import with an earlier --since and move each overdue date to the "
        "month the money is now expected (a scenario refuses contributions before its start)"
    ]
    rows, report = run(response(flow(id="1", date="2024-02-01")), since=Month.of(2024, 2))
    assert report.extra == {"received_before_since": "0.00"}
    assert report.hints == []


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2024-03-15", "2024-03"),
        ("2024-12-01T00:00:00Z", "2024-12"),
        ("2024-11-30 23:59:59", "2024-11"),
        ("2025-01-31T10:20:30.123+01:00", "2025-01"),
        ("2025-02-28T10:20:30-05:00", "2025-02"),
        ("  2024-03-15  ", "2024-03"),
    ],
)
def test_iso_dates_and_date_times_become_their_month(value: str, month: str) -> None:
    rows, _ = run(response(flow(date=value)))
    assert str(rows[0].date) == month


def test_first_reported_falls_back_to_date_with_a_note() -> None:
    rows, report = run(
        response(flow(id="1"), flow(id="2", firstReportedDate="")), date="first-reported"
    )
    assert [str(r.date) for r in rows] == ["2024-02", "2024-03"]
    assert report.notes == {"with no firstReportedDate, dated by date instead": 1}


def test_original_currency_cases() -> None:
    """Own currency read in any case and spacing; none, zero or negative kept in USD with a
    note; USD written as USD; a currency equal in value still gets its rate (1)."""
    rows, report = run(
        response(
            flow(id="1", amountUSD=1000, originalAmount=900, originalCurrency=" eur "),
            flow(id="2", amountUSD=1000, originalAmount=None, originalCurrency="EUR"),
            flow(id="3", amountUSD=1000, originalAmount=900, originalCurrency=" "),
            flow(id="4", amountUSD=1000, originalAmount=0, originalCurrency="EUR"),
            flow(id="5", amountUSD=1000, originalAmount=-9, originalCurrency="EUR"),
            flow(id="6", amountUSD=1000, originalAmount=1000, originalCurrency="usd"),
            flow(id="7", amountUSD=1000, originalAmount=500, originalCurrency="USD"),
            flow(id="8", amountUSD=1000, originalAmount=1000, originalCurrency="CHF"),
            flow(id="9", amountUSD=1000, originalAmount="", originalCurrency="CHF"),
        ),
        original_currency=True,
    )
    assert [(r.id, r.amount, r.currency, r.rate, r.reference) for r in rows] == [
        ("fts-1", Decimal(900), "EUR", Decimal("1.11111"), Decimal(1000)),
        ("fts-2", Decimal(1000), "USD", None, Decimal(1000)),
        ("fts-3", Decimal(1000), "USD", None, Decimal(1000)),
        ("fts-4", Decimal(1000), "USD", None, Decimal(1000)),
        ("fts-5", Decimal(1000), "USD", None, Decimal(1000)),
        ("fts-6", Decimal(1000), "USD", None, Decimal(1000)),
        ("fts-7", Decimal(500), "USD", Decimal(2), Decimal(1000)),
        ("fts-8", Decimal(1000), "CHF", Decimal(1), Decimal(1000)),
        ("fts-9", Decimal(1000), "USD", None, Decimal(1000)),
    ]
    assert str(rows[6].rate) == "2"
    assert report.notes == {
        "with no originalAmount or originalCurrency, kept in USD": 3,
        "with originalAmount 0, kept in USD": 2,
    }
    assert report.as_dict()["kept_total"] == {
        "received": "9000.00",
        "committed": "0.00",
        "pledged": "0.00",
    }


@pytest.mark.parametrize(
    ("target", "amount", "rate"),
    [
        ("0.02", "0.07", "0.3"),  # 0.021 -> 0.02: one digit is enough (0.29 would be two)
        ("1000.00", "900.00", "1.11111"),
        ("2000.00", "1000.00", "2"),
        ("1.00", "3.00", "0.333"),  # 3 x 0.33 = 0.99
    ],
)
def test_shortest_rate_has_the_fewest_digits(target: str, amount: str, rate: str) -> None:
    got = shortest_rate(Decimal(target), Decimal(amount))
    assert str(got) == rate


# --- CSV exports written for each rule --------------------------------------------------


def test_csv_report_and_rows_exactly() -> None:
    """Header cells with spaces, CRLF line ends, rows of blank cells skipped, destination
    columns, decisionDate, updatedAt/versionId deciding a repeat, original currency."""
    text = (
        " id ,date,decisionDate, amountUSD ,srcOrganization,status,boundary,onBoundary,"
        "destPlan,destEmergency,originalAmount,originalCurrency,updatedAt,versionId\r\n"
        " , , , , , , , , , , , , , \r\n"
        "1,2024-03-15,2024-01-10, 250 ,Mexico,Paid,incoming,single,Haiti plan,,200,chf,u1,1\r\n"
        "2,2024-04-15,,30,,commitment,incoming,single,,Haiti quake,,,u1,1\r\n"
        "1,2024-03-15,2024-01-10,260,Mexico,Paid,incoming,single,Haiti plan,,200,chf,u2,1\r\n"
        "3,2024-04-15,,30,,commitment,incoming,single,WFP,,,,u1,1\r\n"
        "4,2024-04-15,,30,,commitment,incoming,shared,Haiti,,,,u1,1\r\n"
        "2,2024-04-15,,30,,commitment,incoming,single,,Haiti quake,,,u1,1\r\n"
    )
    rows, report = import_fts(
        text, "h.csv", Options(date="decision", destination="haiti", original_currency=True)
    )
    assert [(r.id, r.donor, r.amount, r.currency, r.rate, str(r.date)) for r in rows] == [
        ("fts-1", "Mexico", Decimal(200), "CHF", Decimal("1.3"), "2024-01"),
        ("fts-2", "Unknown donor", Decimal(30), "USD", None, "2024-04"),
    ]
    assert report.lines() == [
        "read 6 records from h.csv (FTS flows CSV)",
        "kept 2: received 1 (260.00 USD), committed 1 (30.00 USD), pledged 0 (0.00 USD)",
        "merged 2 repeated records into the record they repeat",
        "dropped 1: destination does not contain 'haiti' (committed 30.00 USD)",
        "dropped 1: onBoundary shared: counted by FTS under another boundary, not this one "
        "(committed 30.00 USD)",
        "note: 1 with no decisionDate, dated by date instead",
        "note: 1 with no originalAmount or originalCurrency, kept in USD",
        "note: 1 with no source organisation, written as 'Unknown donor'",
        "warning: flow 1 appears 2 times with different values; kept the newest "
        "(updatedAt u2, versionId 1)",
    ]


def test_csv_with_only_a_header_reads_nothing_and_warns_nothing() -> None:
    rows, report = import_fts("date,amountUSD,srcOrganization,status,id\n", "e.csv")
    assert rows == []
    assert report.lines() == [
        "read 0 records from e.csv (FTS flows CSV)",
        "kept 0: received 0 (0.00 USD), committed 0 (0.00 USD), pledged 0 (0.00 USD)",
    ]


def test_csv_quoted_cell_keeps_its_line_break() -> None:
    text = 'date,amountUSD,srcOrganization,status,id\r\n2024-01-02,5,"A\r\nB",paid,1\r\n'
    rows, _ = import_fts(text, "q.csv")
    assert [r.donor for r in rows] == ["A\r\nB"]


def test_csv_boundary_blank_destinations_and_repeats_without_dates() -> None:
    """A CSV boundary other than incoming is dropped; blank destination cells hold no name
    (not even the one-letter "x"); repeats with no updatedAt or versionId columns say '?'."""
    text = (
        "id,date,amountUSD,srcOrganization,status,boundary,destOrganization\n"
        "1,2024-03-15,10,A,paid,internal,Xenia\n"
        "2,2024-03-15,20,A,paid,incoming,\n"
        "3,2024-03-15,30,A,paid,incoming,Xenia\n"
        "3,2024-03-15,31,A,paid,incoming,Xenia\n"
    )
    rows, report = import_fts(text, "b.csv", Options(destination="x"))
    assert [(r.id, r.amount) for r in rows] == [("fts-3", Decimal(30))]
    assert report.dropped == {
        "boundary internal: not money coming into what the query covered": 1,
        "destination does not contain 'x'": 1,
    }
    assert report.warnings == [
        "the file has no onBoundary column: flows shared with other boundaries cannot be told "
        "apart, and are all kept",
        "flow 3 appears 2 times with different values; kept the newest (updatedAt ?, versionId ?)",
    ]


def test_csv_repeats_differing_only_in_where_a_separator_character_sits() -> None:
    """Cells A<US>B,C and A,B<US>C (US the unit separator, \\x1f) are different rows."""
    text = (
        "id,date,amountUSD,status,srcOrganization,destOrganization\n"
        "1,2024-03-15,10,paid,A\x1fB,C\n"
        "1,2024-03-15,10,paid,A,B\x1fC\n"
    )
    rows, report = import_fts(text, "u.csv")
    assert [r.donor for r in rows] == ["A\x1fB"]
    assert report.warnings[-1] == (
        "flow 1 appears 2 times with different values; kept the newest (updatedAt ?, versionId ?)"
    )


def test_original_currency_missing_or_below_one_unit() -> None:
    """No currency at all is kept in USD; half a euro is still converted (rate 1.2)."""
    rows, report = run(
        response(
            flow(id="1", amountUSD=1000, originalAmount=900, originalCurrency=""),
            flow(id="2", amountUSD=1000, originalAmount=900),
            flow(id="3", amountUSD="0.60", originalAmount="0.50", originalCurrency="EUR"),
            flow(id="4", amountUSD=1, originalAmount=1, originalCurrency="EUR"),
        ),
        original_currency=True,
    )
    assert [(r.id, r.amount, r.currency, r.rate) for r in rows] == [
        ("fts-1", Decimal(1000), "USD", None),
        ("fts-2", Decimal(1000), "USD", None),
        ("fts-3", Decimal("0.50"), "EUR", Decimal("1.2")),
        ("fts-4", Decimal(1), "EUR", Decimal(1)),
    ]
    assert report.notes == {"with no originalAmount or originalCurrency, kept in USD": 2}


def test_csv_with_old_mac_line_ends_and_a_donor_starting_with_a_hash() -> None:
    """Lines ended by CR alone are lines; only a first cell starting with # marks the HXL
    row, so a donor named "#1 Fund" in the second column is kept."""
    text = "id,srcOrganization,date,amountUSD,status\r7,#1 Fund,2024-05-02,12,paid\r"
    rows, report = import_fts(text, "mac.csv")
    assert [(r.id, r.donor, r.amount) for r in rows] == [("fts-7", "#1 Fund", Decimal(12))]
    assert report.read == 1


def test_date_fallback_note_counts_every_flow_that_fell_back() -> None:
    rows, report = run(
        response(
            flow(id="1", decisionDate=None),
            flow(id="2"),
            flow(id="3", decisionDate=""),
            flow(id="4", decisionDate=None),
        ),
        date="decision",
    )
    assert [str(r.date) for r in rows] == ["2024-03", "2024-01", "2024-03", "2024-03"]
    assert report.notes == {"with no decisionDate, dated by date instead": 3}
