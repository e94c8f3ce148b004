"""The itemised ledger: what each month's inflow and outflow hold, and where it came from."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from mss_runway import Month, Scenario, forecast
from mss_runway.cli import app
from mss_runway.items import (
    Item,
    ItemsDisagree,
    Original,
    Sources,
    Trace,
    itemized,
    ledger_view,
)
from mss_runway.projection import LENSES, Lens
from mss_runway.render.document import forecast_document
from mss_runway.render.markdown import md_text
from mss_runway.render.table import print_forecast
from mss_runway.whatif import WhatIfs, apply, traced

from .conftest import ROOT
from .strategies import scenarios
from .test_widths import CUT, amounts, drawn, shown

runner = CliRunner()
D = Decimal
M = Month.parse

# A ledger a reader can add up by hand (docs/output.md uses the same file).
# Line numbers matter: the sources below point at them.
FUND = """\
name: Itemised example
start: 2025-01
target: 2025-03
opening_balance: 1_000
fx: {EUR: 1.1}
contributions:
  - {id: a, donor: Donor A, amount: 500, status: received, date: 2025-02}
  - {donor: Donor B, amount: 300.05, currency: EUR, status: pledged, date: 2025-02}
costs:
  - {id: ops, label: Operations, monthly: 400, to: 2025-03}
  - {label: Vehicle, amount: 250, date: 2025-02}
  - label: Staff
    unit_cost: 10
    units:
      2025-01: 3
      2025-03: 5
    to: 2025-03
"""
# By hand, pledged lens:
#   Jan: in 0;                         out 400 + 3 x 10 = 430          closing 570.00
#   Feb: in 500 + 300.05 x 1.1 = 330.055 -> 330.06 (half to even: 330.06)
#                                      out 400 + 250 + 30 = 680        closing 720.06
#   Mar: in 0;                         out 400 + 5 x 10 = 450          closing 270.06


def items_of(path: Path, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["forecast", str(path), "-f", "json", "--itemize", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal)["months"]  # type: ignore[no-any-return]


def test_items_by_hand_with_their_sources(write: Callable[..., Path]) -> None:
    path = write(FUND)
    months = items_of(path)
    src = f"{path}:"
    assert [(m["month"], m["inflow"], m["outflow"], m["closing"]) for m in months] == [
        ("2025-01", D("0.00"), D("430.00"), D("570.00")),
        ("2025-02", D("830.06"), D("680.00"), D("720.06")),
        ("2025-03", D("0.00"), D("450.00"), D("270.06")),
    ]
    assert months[0]["items"] == [
        {"kind": "cost", "id": "ops", "name": "Operations", "amount": D("400.00"),
         "source": src + "10", "what_if": None},
        {"kind": "cost", "id": None, "name": "Staff", "amount": D("30.00"),
         "source": src + "15", "what_if": None},
    ]  # fmt: skip
    assert months[1]["items"] == [
        {"kind": "contribution", "id": "a", "name": "Donor A", "status": "received",
         "amount": D("500.00"), "source": src + "7", "what_if": None},
        {"kind": "contribution", "id": None, "name": "Donor B", "status": "pledged",
         "amount": D("330.06"), "source": src + "8",
         "original": {"amount": D("300.05"), "currency": "EUR", "rate": D("1.1")},
         "what_if": None},
        {"kind": "cost", "id": "ops", "name": "Operations", "amount": D("400.00"),
         "source": src + "10", "what_if": None},
        {"kind": "cost", "id": None, "name": "Vehicle", "amount": D("250.00"),
         "source": src + "11", "what_if": None},
        {"kind": "cost", "id": None, "name": "Staff", "amount": D("30.00"),
         "source": src + "15", "what_if": None},
    ]  # fmt: skip
    # March: the units line in force is 2025-03 (line 16), not the entry's first line
    assert [(i["name"], i["amount"], i["source"]) for i in months[2]["items"]] == [
        ("Operations", D("400.00"), src + "10"),
        ("Staff", D("50.00"), src + "16"),
    ]


def test_without_itemize_months_have_no_items(write: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["forecast", str(write(FUND)), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert all("items" not in m for m in json.loads(result.stdout)["months"])


def test_items_follow_the_lens(write: Callable[..., Path]) -> None:
    """Counting received, Donor B's pledge is not an item (and not in the inflow)."""
    months = items_of(write(FUND), "--count", "received")
    assert months[1]["inflow"] == D("500.00")
    assert [i["name"] for i in months[1]["items"] if i["kind"] == "contribution"] == ["Donor A"]


def test_what_ifs_are_named_on_the_items_they_changed(write: Callable[..., Path]) -> None:
    """--delay pledged=1 moves Donor B to March: its item keeps its own line and names the
    what-if; --scale-costs 1.1 names itself on every cost (400 x 1.1 = 440; 10 x 1.1 =
    11, x 5 units = 55)."""
    path = write(FUND)
    months = items_of(path, "--delay", "pledged=1", "--scale-costs", "1.1", "--month", "2025-03")
    assert [m["month"] for m in months] == ["2025-03"]
    assert [(i["name"], i["amount"], i["source"], i["what_if"]) for i in months[0]["items"]] == [
        ("Donor B", D("330.06"), f"{path}:8", "pledged contributions 1 month late"),
        ("Operations", D("440.00"), f"{path}:10", "every cost x 1.1"),
        ("Staff", D("55.00"), f"{path}:16", "every cost x 1.1"),
    ]


def test_drop_keeps_the_sources_of_the_others(write: Callable[..., Path]) -> None:
    """--drop Donor A removes the first contribution: Donor B still points at line 8."""
    months = items_of(write(FUND), "--drop", "Donor A", "--month", "2025-02")
    contributions = [i for i in months[0]["items"] if i["kind"] == "contribution"]
    assert [(i["name"], i["source"].rsplit(":", 1)[1]) for i in contributions] == [("Donor B", "8")]


def test_csv_long_format(write: Callable[..., Path]) -> None:
    path = write(FUND)
    result = runner.invoke(
        app, ["forecast", str(path), "-f", "csv", "--itemize", "--month", "2025-02"]
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["month", "kind", "id", "name", "status", "amount", "source", "original_amount",
         "original_currency", "rate", "what_if"],
        ["2025-02", "contribution", "a", "Donor A", "received", "500.00", f"{path}:7",
         "", "", "", ""],
        ["2025-02", "contribution", "", "Donor B", "pledged", "330.06", f"{path}:8",
         "300.05", "EUR", "1.1", ""],
        ["2025-02", "cost", "ops", "Operations", "", "400.00", f"{path}:10", "", "", "", ""],
        ["2025-02", "cost", "", "Vehicle", "", "250.00", f"{path}:11", "", "", "", ""],
        ["2025-02", "cost", "", "Staff", "", "30.00", f"{path}:15", "", "", "", ""],
    ]  # fmt: skip


def test_csv_without_itemize_keeps_its_columns_and_month_limits_it(
    write: Callable[..., Path],
) -> None:
    result = runner.invoke(app, ["forecast", str(write(FUND)), "-f", "csv", "--month", "2025-03"])
    assert result.stdout == (
        "month,opening,inflow,outflow,closing,what_if\n2025-03,720.06,0.00,450.00,270.06,\n"
    )


def test_markdown_items_under_their_month(write: Callable[..., Path]) -> None:
    path = write(FUND)
    args = ["forecast", str(path), "-f", "markdown", "--itemize", "--month", "2025-03"]
    text = runner.invoke(app, args).stdout
    shown_path = md_text(str(path))  # a path's underscores are escaped, not markup
    assert (
        "| 2025-03 | 720.06 | 0.00 | 450.00 | 270.06 | target |\n"
        f"| ↳ Operations |  |  | 400.00 |  | {shown_path}:10 |\n"
        f"| ↳ Staff |  |  | 50.00 |  | {shown_path}:16 |\n"
    ) in text


def test_month_outside_the_ledger_is_an_input_error(write: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["forecast", str(write(FUND)), "--month", "2024-12"])
    assert result.exit_code == 2
    assert result.stderr == "error: --month 2024-12: the ledger runs from 2025-01 through 2025-03\n"


def test_variant_items_point_at_the_file_that_set_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Germany's pledge moved by the variant points at the variant's entry (line 21);
    the cost lines, inherited, at the base."""
    monkeypatch.chdir(ROOT)
    months = items_of(Path("scenarios/mss-haiti-pledges-late.yaml"), "--month", "2025-04")
    assert [(i["id"], i["source"]) for i in months[0]["items"]] == [
        ("germany", "scenarios/mss-haiti-pledges-late.yaml:21"),
        ("allowances", "scenarios/mss-haiti-2024-11.yaml:79"),
        ("operations", "scenarios/mss-haiti-2024-11.yaml:82"),
    ]


def test_contributions_file_items_point_at_their_csv_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """donors-example.csv: Mexico on row line 2, Canada (C$40M x 0.715) on line 3."""
    monkeypatch.chdir(ROOT)
    later = Path("scenarios/mss-haiti-later-donors.yaml")
    months = items_of(later, "--month", "2025-09", "--month", "2025-10")
    contributions = [i for m in months for i in m["items"] if i["kind"] == "contribution"]
    assert [(i["name"], i["amount"], i["source"], i.get("original")) for i in contributions] == [
        ("Mexico", D("100000.00"), "scenarios/donors-example.csv:2", None),
        (
            "Canada",
            D("28600000.00"),
            "scenarios/donors-example.csv:3",
            {"amount": D("40000000.00"), "currency": "CAD", "rate": D("0.715")},
        ),
    ]


def test_items_that_disagree_with_the_ledger_are_a_bug() -> None:
    """The runtime check: items of another ledger do not pass."""
    scenario = Scenario.model_validate(
        {"name": "t", "start": "2025-01", "costs": [{"label": "a", "monthly": 1}]}
    )
    rows = forecast(scenario).chosen.rows
    other = Scenario.model_validate(
        {"name": "t", "start": "2025-01", "costs": [{"label": "a", "monthly": 2}]}
    )
    with pytest.raises(ItemsDisagree, match=r"outflow add up to 2\.00, not 1\.00"):
        itemized(other, "pledged", rows)
    nothing = Scenario.model_validate({"name": "t", "start": "2025-01"})
    with pytest.raises(ItemsDisagree) as caught:
        itemized(nothing, "pledged", rows)
    assert str(caught.value) == "2025-01: the items of its outflow add up to 0.00, not 1.00"


# Built once, not at every draw (as in tests/strategies.py).
_status_sets = st.sets(st.sampled_from(["received", "committed", "pledged"]))
_delays = st.integers(0, 12)
_scales = st.none() | st.sampled_from([D("1.1"), D("0.95"), D("1.23457"), D(0)])


@st.composite
def with_what_ifs(draw: st.DrawFn) -> tuple[dict[str, Any], WhatIfs]:
    data = draw(scenarios())
    donors = sorted({c["donor"] for c in data["contributions"]})
    statuses = draw(_status_sets)
    whatifs = WhatIfs(
        delays=tuple((s, draw(_delays)) for s in sorted(statuses)),
        drops=tuple(draw(st.sets(st.sampled_from(donors))) if donors else ()),
        scale_costs=draw(_scales),
    )
    return data, whatifs


@given(with_what_ifs())
def test_items_add_up_to_inflow_and_outflow_for_every_month_and_lens(
    case: tuple[dict[str, Any], WhatIfs],
) -> None:
    """For random scenarios (foreign currency, all three kinds of cost line) with random
    what-ifs: every month's contribution items add up to its inflow and its cost items to
    its outflow, to the cent, under every lens; each contribution item is the right
    contribution of the file, converted, and names the delay that moved it. Slow under
    CI (~4 s): 500 generated scenarios with what-ifs, each forecast three times."""
    data, whatifs = case
    original = Scenario.model_validate(data)
    scenario = apply(original, whatifs)
    trace = Trace(*traced(original, whatifs))
    for lens in LENSES:
        result = forecast(scenario, lens)
        view = ledger_view(result, itemize=True, trace=trace)
        assert [m.row for m in view] == list(result.chosen.rows)
        for month in view:
            assert month.items is not None
            inflow = sum((i.amount for i in month.items if i.kind == "contribution"), D(0))
            outflow = sum((i.amount for i in month.items if i.kind == "cost"), D(0))
            assert (inflow, outflow) == (month.row.inflow, month.row.outflow)
            # a cost line is an item where it costs money; a contribution wherever it is
            # (0.01 EUR at 0.5 converts to 0.00, half to even, and is still shown)
            assert all(i.amount > 0 or i.kind == "contribution" for i in month.items)
            for item in month.items:
                _check_item(item, original, whatifs, lens)


def _check_item(item: Item, original: Scenario, whatifs: WhatIfs, lens: Lens) -> None:
    if item.kind == "cost":
        assert item.what_if == (
            None if whatifs.scale_costs is None else f"every cost x {whatifs.scale_costs}"
        )
        return
    assert item.status in LENSES[: LENSES.index(lens) + 1]
    delay = dict(whatifs.delays).get(item.status or "")
    assert (item.what_if is not None) == bool(delay)
    assert item.name.casefold() not in {d.casefold() for d in whatifs.drops}
    if item.original is not None:
        assert item.original.rate == original.fx[item.original.currency]
        assert isinstance(item.original, Original)


def test_the_documented_worked_example_reproduces(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/output.md's itemised CSV is exactly what the command prints."""
    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    block = text.split("<!-- docs:itemised-csv -->\n```console\n", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    args = command.removeprefix("$ mss-runway ").split()
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(60, 200))
def test_itemised_table_never_cuts_a_number(data: dict[str, Any], width: int) -> None:
    """At any width from 60, the itemised table cuts no number and shows every item's
    amount whole, with no line wider than the width. Slow (~2 s): 20 examples, rich
    rendering a table of up to 120 months with its items in each."""
    result = forecast(Scenario.model_validate(data))
    view = ledger_view(result, itemize=True, sources=Sources(["a.yaml:1"] * 10, ["b.yaml:2"] * 10))
    text = drawn(lambda console: print_forecast(result, console, (), view), width)
    assert not CUT.search(text)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    document = forecast_document(result, "x", (), view)
    for month in document["months"]:
        for item in month["items"]:
            item.get("original", {}).pop("rate", None)  # a rate, not an amount: as written
    missing = [a for a in amounts(document) if not shown(a, text)]
    assert missing == []


def test_a_contributions_own_rate_is_its_original_rate(write: Callable[..., Path]) -> None:
    """A contribution with its own rate (no fx entry): 1,000.00 CAD x 0.7 = 700.00."""
    path = write(
        "name: r\nstart: 2025-01\ncontributions:\n"
        "  - {donor: C, amount: 1000, currency: CAD, rate: 0.7, status: received, date: 2025-01}\n"
        "costs: [{label: ops, monthly: 100, to: 2025-01}]\n"
    )
    item = items_of(path)[0]["items"][0]
    assert (item["amount"], item["original"]) == (
        D("700.00"),
        {"amount": D("1000.00"), "currency": "CAD", "rate": D("0.7")},
    )


# Actual months: what came, by contribution, then unplanned, then one "actual spending".
# Line numbers matter: the sources below point at them.
WITH_ACTUALS = """\
name: t
start: 2025-01
opening_balance: 100
contributions:
  - {id: a, donor: A, amount: 50, status: pledged, date: 2025-02}
  - {donor: N, amount: 7, status: received, date: 2025-01}
  - {id: c, donor: C, amount: 30, status: committed, date: 2025-01}
costs:
  - {label: Ops, monthly: 30}
actuals:
  - {month: 2025-01, closing: 75, received: {c: 10}}
  - {month: 2025-02, closing: 90, received: {a: 50}, unplanned: 5}
"""
# By hand: Jan in 10 (c), out 100 + 10 - 75 = 35; Feb in 50 (a) + 5, out 75 + 55 - 90 = 40.
# N (no id, dated Jan, nothing received of it) and 20 left of c are overdue: March.


def _item(
    kind: str, id: str | None, name: str, status: str | None, amount: str, source: str
) -> dict[str, Any]:
    shown: dict[str, Any] = {"kind": kind, "id": id, "name": name}
    if kind == "contribution":
        shown["status"] = status
    return {**shown, "amount": D(amount), "source": source, "what_if": None}


def test_actual_months_are_itemised_with_their_sources(write: Callable[..., Path]) -> None:
    path = write(WITH_ACTUALS)
    src = f"{path}:"
    months = items_of(path, "--month", "2025-01", "--month", "2025-02", "--month", "2025-03")
    assert [m["items"] for m in months] == [
        [
            _item("contribution", "c", "C", "committed", "10.00", src + "7"),
            _item("cost", None, "actual spending", None, "35.00", src + "11"),
        ],
        [
            _item("contribution", "a", "A", "pledged", "50.00", src + "5"),
            _item("contribution", None, "unplanned", None, "5.00", src + "12"),
            _item("cost", None, "actual spending", None, "40.00", src + "12"),
        ],
        [
            _item("contribution", None, "N", "received", "7.00", src + "6"),
            _item("contribution", "c", "C", "committed", "20.00", src + "7"),
            _item("cost", None, "Ops", None, "30.00", src + "9"),
        ],
    ]


def test_money_of_a_dropped_contribution_is_still_an_item_of_its_actual_month(
    write: Callable[..., Path],
) -> None:
    """--drop A leaves a out of the scenario, but its 50 came in February: an item named by
    its id, at the actuals entry; C, now the second contribution, still points at line 7."""
    path = write(WITH_ACTUALS)
    src = f"{path}:"
    months = items_of(path, "--drop", "A", "--month", "2025-01", "--month", "2025-02")
    assert [m["items"] for m in months] == [
        [
            _item("contribution", "c", "C", "committed", "10.00", src + "7"),
            _item("cost", None, "actual spending", None, "35.00", src + "11"),
        ],
        [
            _item("contribution", "a", "a", None, "50.00", src + "12"),
            _item("contribution", None, "unplanned", None, "5.00", src + "12"),
            _item("cost", None, "actual spending", None, "40.00", src + "12"),
        ],
    ]


def test_actual_items_without_sources_or_trace() -> None:
    """Called without sources or a trace (as a library caller would): the same items,
    no source."""
    scenario = Scenario.model_validate(
        {
            "name": "t",
            "start": "2025-01",
            "opening_balance": "100",
            "contributions": [
                {"id": "a", "donor": "A", "amount": "50", "status": "pledged", "date": "2025-02"}
            ],
            "costs": [{"label": "Ops", "monthly": "30", "to": "2025-02"}],
            "actuals": [{"month": "2025-01", "closing": "75", "received": {"a": "10"}}],
        }
    )
    # Jan: in 10 (of a), out 100 + 10 - 75 = 35; Feb: the 40 left of a, Ops 30
    rows = forecast(scenario, "pledged").chosen.rows
    assert itemized(scenario, "pledged", rows) == [
        (
            Item("contribution", "a", "A", "pledged", D(10), None),
            Item("cost", None, "actual spending", None, D(35), None),
        ),
        (
            Item("contribution", "a", "A", "pledged", D(40), None),
            Item("cost", None, "Ops", None, D(30), None),
        ),
    ]


def test_a_ledger_view_is_not_itemised_unless_asked() -> None:
    """By default: every month, without items; a reserve of 50 is each month's reserve."""
    scenario = Scenario.model_validate(
        {
            "name": "t",
            "start": "2025-01",
            "opening_balance": "100",
            "reserve": "50",
            "costs": [{"label": "a", "monthly": "10", "to": "2025-02"}],
        }
    )
    view = ledger_view(forecast(scenario))
    assert [(str(m.row.month), m.row.closing, m.reserve, m.items) for m in view] == [
        ("2025-01", D(90), D(50), None),
        ("2025-02", D(80), D(50), None),
    ]
    only = ledger_view(forecast(scenario), [M("2025-02")])
    assert [(str(m.row.month), m.items) for m in only] == [("2025-02", None)]
