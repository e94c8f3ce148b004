"""import fts: every refusal as the user reads it (the whole error line, file:line:col and
path), one input written for each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mss_runway.errors import ScenarioError
from mss_runway.importers.fts import Options, import_fts


def flow(**fields: Any) -> dict[str, Any]:
    """An FTS API flow that imports cleanly; ``fields`` override its values."""
    base: dict[str, Any] = {
        "id": "1",
        "amountUSD": 1000,
        "status": "paid",
        "date": "2024-03-15T00:00:00Z",
        "boundary": "incoming",
        "onBoundary": "single",
        "sourceObjects": [{"type": "Organization", "name": "Canada, Government of"}],
    }
    base.update(fields)
    return base


def error(text: str, file: str = "f.json", **options: Any) -> str:
    """The error the import stops with, as the command prints it."""
    with pytest.raises(ScenarioError) as caught:
        import_fts(text, file, Options(**options))
    return str(caught.value)


def error_json(doc: Any, **options: Any) -> str:
    return error(json.dumps(doc), **options)


CSV_HEADER = "date,amountUSD,srcOrganization,status,id\n"


# --- JSON ------------------------------------------------------------------------------


def test_json_syntax_error_points_at_line_and_column() -> None:
    assert error('{"data": {"flows": [\n  {"id": 1,,}\n]}}\n') == (
        "f.json:2:12: not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_json_after_leading_blank_lines_is_read_as_json() -> None:
    """Leading whitespace does not make a JSON file a CSV one (the error is JSON's)."""
    assert error("\n\n  [1]") == (
        "f.json: [0].data: expected an FTS flow response with flows under data.flows"
    )


def test_json_nested_too_deeply() -> None:
    assert error("[" * 100_000) == "f.json: not valid JSON: nested too deeply"


@pytest.mark.parametrize(
    "doc",
    [
        {"status": "ok"},
        {"data": []},
        {"data": {"flows": {}}},
        {"data": {"flow": []}},
    ],
)
def test_json_without_data_flows_is_refused(doc: Any) -> None:
    assert error_json(doc) == (
        "f.json: data: expected an FTS flow response with flows under data.flows"
    )


def test_json_page_without_data_flows_names_the_page() -> None:
    pages = [{"data": {"flows": [flow()]}}, {"data": {"flows": None}}]
    assert error_json(pages) == (
        "f.json: [1].data: expected an FTS flow response with flows under data.flows"
    )


def test_json_flow_not_a_mapping() -> None:
    assert error_json({"data": {"flows": [flow(), ["id", 2]]}}) == (
        "f.json: data.flows[1]: expected a flow (a mapping)"
    )


@pytest.mark.parametrize("fields", [{"id": None}, {"id": ""}])
def test_json_flow_without_id(fields: dict[str, Any]) -> None:
    pages = [{"data": {"flows": [flow()]}}, {"data": {"flows": [flow(id="2"), flow(**fields)]}}]
    assert error_json(pages) == "f.json: [1].data.flows[1]: a flow without an id"


def test_json_flow_missing_id_key() -> None:
    bare = flow()
    del bare["id"]
    assert error_json({"data": {"flows": [bare]}}) == (
        "f.json: data.flows[0]: a flow without an id"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": None}, "status: expected paid, commitment or pledge, got None"),
        ({"status": "promised"}, "status: expected paid, commitment or pledge, got 'promised'"),
        ({"amountUSD": None}, "amountUSD: expected an amount of money, got None"),
        (
            {"amountUSD": "1,000"},
            "amountUSD: expected an amount of money such as 1_250.50, got '1,000'",
        ),
        (
            {"amountUSD": " 1,000 "},
            "amountUSD: expected an amount of money such as 1_250.50, got '1,000'",
        ),
        ({"date": None}, "date: expected an ISO date such as 2024-03-15, got None"),
        ({"date": "2024-3-15"}, "date: expected an ISO date such as 2024-03-15, got '2024-3-15'"),
        (
            {"date": "2024-03-15T10:00:00Zulu"},
            "date: expected an ISO date such as 2024-03-15, got '2024-03-15T10:00:00Zulu'",
        ),
    ],
)
def test_json_flow_value_errors_name_page_flow_and_id(fields: dict[str, Any], message: str) -> None:
    pages = [
        {"data": {"flows": [flow()]}},
        {"data": {"flows": [flow(id="2"), flow(id="7", **fields)]}},
    ]
    assert error_json(pages) == f"f.json: [1].data.flows[1] (flow 7): {message}"


def test_original_amount_error_names_its_field() -> None:
    doc = {"data": {"flows": [flow(id="3", originalAmount="12.345", originalCurrency="EUR")]}}
    assert error_json(doc, original_currency=True) == (
        "f.json: data.flows[0] (flow 3): originalAmount: amount '12.345' has more than two "
        "decimal places"
    )


def test_decision_date_fallback_error_shows_the_date_it_fell_back_to() -> None:
    doc = {"data": {"flows": [flow(id="4", date="soon", decisionDate="")]}}
    assert error_json(doc, date="decision") == (
        "f.json: data.flows[0] (flow 4): date: expected an ISO date such as 2024-03-15, got 'soon'"
    )


# --- CSV -------------------------------------------------------------------------------


def test_csv_missing_one_column_is_named_in_the_singular() -> None:
    assert error("date,amountUSD,srcOrganization,status\n", "d.csv") == (
        "d.csv:1:1: not an FTS flows export: missing column id (expected the FTS/HDX columns "
        "date, amountUSD, srcOrganization, status, id, ...)"
    )


def test_csv_missing_columns_in_the_plural() -> None:
    assert error("donor,amount,status,date\nA,1,paid,2024-01\n", "d.csv") == (
        "d.csv:1:1: not an FTS flows export: missing columns amountUSD, srcOrganization, id "
        "(expected the FTS/HDX columns date, amountUSD, srcOrganization, status, id, ...)"
    )


def test_empty_csv_misses_every_column() -> None:
    assert error("", "d.csv") == (
        "d.csv:1:1: not an FTS flows export: missing columns date, amountUSD, srcOrganization, "
        "status, id (expected the FTS/HDX columns date, amountUSD, srcOrganization, status, "
        "id, ...)"
    )


def test_csv_row_with_wrong_cell_count_names_its_line() -> None:
    """Line 2 is the HXL row, line 3 blank, line 4 a good row, line 5 short."""
    text = (
        CSV_HEADER
        + "#date,#value,#org,#status,#id\n"
        + "\n"
        + "2024-01-02,5,A,paid,1\n"
        + "2024-01-02,5,A\n"
    )
    assert error(text, "d.csv") == "d.csv:5:1: this row has 3 cells, the header 5"


def test_csv_row_line_counts_a_quoted_cell_over_two_lines() -> None:
    """The row after a cell spanning lines 2-3 starts on line 4."""
    text = CSV_HEADER + '2024-01-02,5,"A\nB",paid,1\n' + "2024-01-02,5,A,paid,2,extra\n"
    assert error(text, "d.csv") == "d.csv:4:1: this row has 6 cells, the header 5"


def test_csv_value_error_names_line_and_flow() -> None:
    text = CSV_HEADER + "2024-01-02,5,A,paid,1\n" + "2024-01-02,5,A,maybe,2\n"
    assert error(text, "d.csv") == (
        "d.csv:3: flow 2: status: expected paid, commitment or pledge, got 'maybe'"
    )


def test_csv_amount_error_names_line_and_flow() -> None:
    text = CSV_HEADER + "2024-01-02,five,A,paid,9\n"
    assert error(text, "d.csv") == (
        "d.csv:2: flow 9: amountUSD: expected an amount of money such as 1_250.50, got 'five'"
    )


def test_csv_broken_by_the_csv_reader_names_the_line() -> None:
    text = CSV_HEADER + "2024-01-02,5,A,paid,1\n" + "2024-01-02,5," + "A" * 200_000 + ",paid,2\n"
    assert error(text, "d.csv") == (
        "d.csv:3: not valid CSV: field larger than field limit (131072)"
    )


def test_csv_row_without_an_id_is_refused() -> None:
    """A blank id would make "fts-" and merge every id-less row into one."""
    text = CSV_HEADER + "2024-01-02,5,A,paid,1\n" + "2024-01-02,5,B,paid, \n"
    assert error(text, "d.csv") == "d.csv:3: a flow without an id"


def test_csv_missing_two_columns_in_the_plural() -> None:
    assert error("date,amountUSD,srcOrganization\n", "d.csv") == (
        "d.csv:1:1: not an FTS flows export: missing columns status, id (expected the FTS/HDX "
        "columns date, amountUSD, srcOrganization, status, id, ...)"
    )


def test_identical_repeats_report_the_first_of_them() -> None:
    """The same flow on two pages, both with a bad status: the error points at the first."""
    bad = flow(id="7", status="maybe")
    pages = [{"data": {"flows": [bad]}}, {"data": {"flows": [bad]}}]
    assert error_json(pages) == (
        "f.json: [0].data.flows[0] (flow 7): status: expected paid, commitment or pledge, "
        "got 'maybe'"
    )
