"""OCHA Financial Tracking Service flows -> contributions (``mss-runway import fts``).

Pure: text in, rows and a :class:`~.common.Report` out. Two inputs are read:

* the FTS API v1 flow JSON (``/public/fts/flow``): one response, or several pages
  concatenated as a JSON list of responses; flows under ``data.flows``;
* the CSV export with the FTS/HDX columns (``amountUSD``, ``srcOrganization``,
  ``boundary``, ``onBoundary``, ``status``, ``id``, ...), in any order, extra columns
  ignored, an HXL hashtag row under the header skipped.

The rules (docs/import.md explains each, with the FTS glossary entries): status words
paid/commitment/pledge in any case; the donor from the source organisations; flows
counted as FTS counts them (``boundary`` incoming and ``onBoundary`` single); zero or
negative amounts dropped; one contribution per flow id; ``--date``, ``--destination``,
``--since`` and ``--original-currency``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any, Final

from ..errors import ScenarioError
from ..fields import STATUS_SYNONYMS
from ..money import ZERO, MoneyError, format_amount, multiply, parse_money
from ..months import Month
from .common import UNKNOWN_DONOR, Report, Row, fail

#: ``--date`` choice -> (JSON key, CSV column).
DATE_FIELDS: Final = {
    "date": "date",
    "decision": "decisionDate",
    "first-reported": "firstReportedDate",
}
#: Destination object types (JSON) and CSV columns ``--destination`` looks at.
DESTINATION_TYPES: Final = ("Organization", "Plan", "Emergency")
DESTINATION_COLUMNS: Final = ("destOrganization", "destPlan", "destEmergency")
CSV_REQUIRED: Final = ("date", "amountUSD", "srcOrganization", "status", "id")

DROP_BOUNDARY: Final = "boundary {0}: not money coming into what the query covered"
DROP_SHARED: Final = "onBoundary shared: counted by FTS under another boundary, not this one"
DROP_DESTINATION: Final = "destination does not contain {0!r}"
DROP_AMOUNT: Final = "amount zero or negative (mostly parked parents passed on in full)"
DROP_SINCE: Final = "dated before {0} (--since; received money belongs in opening_balance)"

_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{2})-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?")


@dataclass(frozen=True)
class Options:
    """How to import (the command's flags)."""

    date: str = "date"
    destination: str | None = None
    since: Month | None = None
    original_currency: bool = False


@dataclass(frozen=True)
class Flow:
    """One FTS flow, whatever the input, with where it stands."""

    line: int | None
    path: str
    id: str
    amount: Any
    status: Any
    boundary: str | None
    on_boundary: str | None
    donors: tuple[str, ...]
    destinations: tuple[str, ...]
    dates: dict[str, Any]
    original_amount: Any
    original_currency: Any
    updated: str
    version: str
    identity: str


def import_fts(text: str, file: str, options: Options = Options()) -> tuple[list[Row], Report]:
    """The contributions of an FTS export, and the report of what was kept and why."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        flows, totals = _json_flows(text, file)
        report = Report(file, "FTS API flow JSON")
    else:
        flows, totals = _csv_flows(text, file), None
        report = Report(file, "FTS flows CSV")
        if flows and flows[0].on_boundary is None:
            report.warnings.append(
                "the file has no onBoundary column: flows shared with other boundaries "
                "cannot be told apart, and are all kept"
            )
    report.read = len(flows)
    unique = _one_per_id(flows, report)
    rows: list[Row] = []
    comparable = {"funding": ZERO, "pledge": ZERO}
    for flow in unique:
        row = _row(flow, file, options, report, comparable)
        if row is not None:
            rows.append(row)
            report.keep(row)
    if totals is not None:
        _check_totals(totals, comparable, report)
    if options.since is not None:
        before = report.dropped_total.get(DROP_SINCE.format(options.since), {})
        received = before.get("received", ZERO)
        report.extra["received_before_since"] = str(received)
        if received:
            report.hints.append(
                f"received before {options.since}: {format_amount(received)} USD in all; add "
                "what is still in the fund to opening_balance"
            )
        due = [
            f"{s} {format_amount(before[s])} USD" for s in ("committed", "pledged") if before.get(s)
        ]
        if due:
            report.hints.append(
                f"not yet received before {options.since}: {', '.join(due)}, dropped though "
                "it may still arrive; to keep it, import with an earlier --since and move each "
                "overdue date to the month the money is now expected (a scenario refuses "
                "contributions before its start)"
            )
    return rows, report


# --- reading the two inputs ---------------------------------------------------------------


def _json_flows(text: str, file: str) -> tuple[list[Flow], dict[str, Any] | None]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise fail(file, exc.lineno, exc.colno, "", f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise fail(file, None, None, "", "not valid JSON: nested too deeply") from None
    responses = data if isinstance(data, list) else [data]
    flows: list[Flow] = []
    totals: dict[str, Any] | None = None
    for n, response in enumerate(responses):
        where = f"[{n}].data" if isinstance(data, list) else "data"
        body = response.get("data") if isinstance(response, dict) else None
        if not isinstance(body, dict) or not isinstance(body.get("flows"), list):
            raise fail(
                file, None, None, where, "expected an FTS flow response with flows under data.flows"
            )
        if totals is None and isinstance(body.get("incoming"), dict):
            totals = body["incoming"]
        for k, flow in enumerate(body["flows"]):
            flows.append(_json_flow(flow, file, f"{where}.flows[{k}]"))
    return flows, totals


def _json_flow(flow: Any, file: str, path: str) -> Flow:
    if not isinstance(flow, dict):
        raise fail(file, None, None, path, "expected a flow (a mapping)")
    if flow.get("id") in (None, ""):
        raise fail(file, None, None, path, "a flow without an id")

    def names(key: str, types: tuple[str, ...]) -> tuple[str, ...]:
        objects = flow.get(key) or []
        return tuple(
            str(o.get("name") or "").strip()
            for o in objects
            if isinstance(o, dict) and o.get("type") in types
        )

    return Flow(
        line=None,
        path=f"{path} (flow {flow['id']})",
        id=str(flow["id"]),
        amount=flow.get("amountUSD"),
        status=flow.get("status"),
        boundary=_text(flow.get("boundary")),
        on_boundary=_text(flow.get("onBoundary")),
        donors=names("sourceObjects", ("Organization",)),
        destinations=names("destinationObjects", DESTINATION_TYPES),
        dates={name: flow.get(key) for name, key in DATE_FIELDS.items()},
        original_amount=flow.get("originalAmount"),
        original_currency=flow.get("originalCurrency"),
        updated=str(flow.get("updatedAt") or ""),
        version=str(flow.get("versionId") or ""),
        identity=json.dumps(flow, sort_keys=True, default=str),
    )


def _csv_flows(text: str, file: str) -> list[Flow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader, [])]
        missing = [name for name in CSV_REQUIRED if name not in header]
        if missing:
            raise fail(
                file,
                1,
                1,
                "",
                f"not an FTS flows export: missing column{'s' * (len(missing) > 1)} "
                f"{', '.join(missing)} (expected the FTS/HDX columns date, amountUSD, "
                "srcOrganization, status, id, ...)",
            )
        index = {name: header.index(name) for name in header if name}
        flows = []
        line = reader.line_num + 1
        for cells in reader:
            first, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if cells[0].startswith("#"):
                continue  # the HXL hashtag row of older HDX files
            if len(cells) != len(header):
                raise fail(
                    file, first, 1, "", f"this row has {len(cells)} cells, the header {len(header)}"
                )
            flow = _csv_flow(cells, index, first)
            if not flow.id:
                raise fail(file, first, None, "", "a flow without an id")
            flows.append(flow)
    except csv.Error as exc:
        raise fail(file, line, None, "", f"not valid CSV: {exc}") from None
    return flows


def _csv_flow(cells: list[str], index: dict[str, int], line: int) -> Flow:
    def cell(name: str) -> str | None:
        at = index.get(name)
        return cells[at].strip() if at is not None else None

    donor = cell("srcOrganization") or ""
    return Flow(
        line=line,
        path=f"flow {cell('id')}",
        id=cell("id") or "",
        amount=cell("amountUSD"),
        status=cell("status"),
        boundary=cell("boundary"),
        on_boundary=cell("onBoundary"),
        donors=(donor,),
        destinations=tuple(cell(c) or "" for c in DESTINATION_COLUMNS),
        dates={name: cell(key) for name, key in DATE_FIELDS.items()},
        original_amount=cell("originalAmount"),
        original_currency=cell("originalCurrency"),
        updated=cell("updatedAt") or "",
        version=cell("versionId") or "",
        identity=json.dumps(cells),
    )


def _text(value: Any) -> str | None:
    return str(value).strip() if value is not None else None


# --- the rules -----------------------------------------------------------------------------


def _one_per_id(flows: list[Flow], report: Report) -> Iterator[Flow]:
    """One flow per id, in the order of first appearance: identical repeats merged, and of
    different rows under one id the newest (``updatedAt``, then ``versionId``)."""
    by_id: dict[str, list[Flow]] = {}
    for flow in flows:
        by_id.setdefault(flow.id, []).append(flow)
    for flow_id, group in by_id.items():
        if len(group) == 1:
            yield group[0]
            continue
        report.merged += len(group) - 1
        if len({f.identity for f in group}) > 1:
            newest = max(group, key=lambda f: (f.updated, _number(f.version)))
            report.warnings.append(
                f"flow {flow_id} appears {len(group)} times with different values; kept "
                f"the newest (updatedAt {newest.updated or '?'}, versionId "
                f"{newest.version or '?'})"
            )
            yield newest
        else:
            yield group[0]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else -1


def _row(
    flow: Flow, file: str, options: Options, report: Report, comparable: dict[str, Decimal]
) -> Row | None:
    status = STATUS_SYNONYMS.get(str(flow.status or "").strip().lower())
    if status is None:
        raise _problem(
            flow, file, f"status: expected paid, commitment or pledge, got {flow.status!r}"
        )
    usd = _money(flow.amount, flow, file, "amountUSD")
    boundary = (flow.boundary or "").lower()
    on_boundary = (flow.on_boundary or "").lower()
    if boundary in ("incoming", "") and on_boundary in ("single", ""):
        comparable["pledge" if status == "pledged" else "funding"] += usd
    if flow.boundary is not None and boundary != "incoming":
        report.drop(DROP_BOUNDARY.format(boundary or "blank"), status, usd)
        return None
    if on_boundary == "shared":
        report.drop(DROP_SHARED, status, usd)
        return None
    if options.destination is not None:
        wanted = options.destination.casefold()
        if not any(wanted in name.casefold() for name in flow.destinations):
            report.drop(DROP_DESTINATION.format(options.destination), status, usd)
            return None
    if usd <= 0:
        report.drop(DROP_AMOUNT, status, usd)
        return None
    month = _month(flow, file, options, report)
    if options.since is not None and month < options.since:
        report.drop(DROP_SINCE.format(options.since), status, usd)
        return None
    donors = sorted({d for d in flow.donors if d})
    if not donors:
        report.notes[f"with no source organisation, written as {UNKNOWN_DONOR!r}"] += 1
    amount, currency, rate = usd, "USD", None
    if options.original_currency:
        amount, currency, rate = _original(flow, usd, file, report)
    return Row(
        id=f"fts-{flow.id}",
        donor="; ".join(donors) or UNKNOWN_DONOR,
        amount=amount,
        status=status,
        date=month,
        currency=currency,
        rate=rate,
        reference=usd,
    )


def _month(flow: Flow, file: str, options: Options, report: Report) -> Month:
    value = flow.dates.get(options.date)
    if options.date != "date" and not value:
        report.notes[f"with no {DATE_FIELDS[options.date]}, dated by date instead"] += 1
        value = flow.dates.get("date")
    match = _DAY.fullmatch(str(value or "").strip())
    if match is None:
        raise _problem(flow, file, f"date: expected an ISO date such as 2024-03-15, got {value!r}")
    return Month.of(int(match[1]), int(match[2]))


def _original(
    flow: Flow, usd: Decimal, file: str, report: Report
) -> tuple[Decimal, str, Decimal | None]:
    """The amount in the flow's own currency, and the rate that converts it to FTS's USD."""
    currency = str(flow.original_currency or "").strip().upper()
    if flow.original_amount in (None, "") or not currency:
        report.notes["with no originalAmount or originalCurrency, kept in USD"] += 1
        return usd, "USD", None
    original = _money(flow.original_amount, flow, file, "originalAmount")
    if original <= 0:
        report.notes["with originalAmount 0, kept in USD"] += 1
        return usd, "USD", None
    if currency == "USD" and original == usd:
        return usd, "USD", None
    return original, currency, shortest_rate(usd, original)


def shortest_rate(target: Decimal, amount: Decimal) -> Decimal:
    """The rate with the fewest significant digits that converts ``amount`` to exactly
    ``target`` (both in whole cents) when the product is rounded to the cent."""
    with localcontext() as ctx:
        ctx.prec = 40
        exact = target / amount
    for digits in range(1, 41):
        with localcontext() as ctx:
            ctx.prec = digits
            rate = +exact
        if multiply(amount, rate) == target:
            return rate.normalize()
    return exact  # pragma: no cover - 40 digits always reproduce a cent


def _money(value: Any, flow: Flow, file: str, name: str) -> Decimal:
    if isinstance(value, str):
        value = value.strip()
    try:
        return parse_money(value)
    except MoneyError as exc:
        raise _problem(flow, file, f"{name}: {exc}") from None


def _problem(flow: Flow, file: str, message: str) -> ScenarioError:
    return fail(file, flow.line, None, flow.path, message)


def _check_totals(totals: dict[str, Any], ours: dict[str, Decimal], report: Report) -> None:
    """Compare FTS's own totals with the same sums over the flows in the file."""
    report.extra["fts_totals"] = {
        "fundingTotal": str(totals.get("fundingTotal")),
        "pledgeTotal": str(totals.get("pledgeTotal")),
        "flows_fundingTotal": str(ours["funding"]),
        "flows_pledgeTotal": str(ours["pledge"]),
    }
    for key, mine in (("fundingTotal", ours["funding"]), ("pledgeTotal", ours["pledge"])):
        theirs = totals.get(key)
        if theirs is None:
            continue
        if Decimal(str(theirs)) != mine:
            report.warnings.append(
                f"FTS's {key} is {theirs} but the flows in the file add up to {mine} "
                "(boundary incoming, onBoundary single): are pages missing?"
            )
