"""IATI activity files -> contributions (``mss-runway import iati FILE.xml --fund TEXT``).

Pure: text in, rows and a :class:`~.common.Report` out. The XML is parsed with defusedxml,
and a file that declares a DTD or entities is refused. Activity standard 2.01-2.03 (its
numeric transaction types), and the letter codes of 1.0x files (IF, C, D) read as 1, 2, 3.

Two sides of one payment are read (docs/import.md has the rules in full):

* the donor's report: transactions whose receiver organisation (ref or narrative)
  contains ``--fund``; 2 outgoing commitment -> committed, 3 disbursement -> received,
  12 outgoing pledge -> pledged; the donor is the reporting organisation;
* the fund's own report: 1 incoming funds -> received, 11 incoming commitment ->
  committed, 13 incoming pledge -> pledged, when the receiver (or, with none, the
  reporting organisation) contains ``--fund``; the donor is the provider organisation.

With ``planned``, ``planned-disbursement`` elements to the fund count as pledged in their
``period-start`` month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from xml.etree.ElementTree import Element, ParseError

from ..money import MoneyError, parse_money
from ..months import Month
from .common import UNKNOWN_DONOR, Report, Row, fail

#: transaction type -> (status, side): "donor" when the reporting organisation gives,
#: "fund" when the fund reports what it received.
TYPES: Final = {
    "2": ("committed", "donor"),
    "3": ("received", "donor"),
    "12": ("pledged", "donor"),
    "1": ("received", "fund"),
    "11": ("committed", "fund"),
    "13": ("pledged", "fund"),
}
#: 1.0x letter codes with a 2.0x meaning used here.
LETTERS: Final = {"IF": "1", "C": "2", "D": "3"}
_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{2})(-[0-9]{2})?.*")


@dataclass(frozen=True)
class Options:
    fund: str
    planned: bool = False


def import_iati(text: str, file: str, options: Options) -> tuple[list[Row], Report]:
    """The contributions to ``options.fund`` in an IATI activity file, and the report."""
    root = _parse(text, file)
    activities = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
    if root.tag not in ("iati-activities", "iati-activity"):
        raise fail(file, 1, 1, "", f"not an IATI activity file: the root is <{root.tag}>")
    report = Report(file, "IATI activity XML")
    rows: list[Row] = []
    givers: dict[str, set[str]] = {"donor": set(), "fund": set()}
    fund = options.fund.casefold()
    for n, activity in enumerate(activities, start=1):
        identifier = (activity.findtext("iati-identifier") or "").strip() or f"activity-{n}"
        where = f"iati-activity[{n}] ({identifier})"
        reporter = activity.find("reporting-org")
        default = activity.get("default-currency")
        for k, item in enumerate(activity.findall("transaction"), start=1):
            report.read += 1
            code = _code(item)
            if code not in TYPES:
                report.drop(f"transaction type {code or 'blank'}: not money given to a fund")
                continue
            status, side = TYPES[code]
            receiver = item.find("receiver-org")
            if side == "donor":
                to_fund = _matches(receiver, fund)
                donor = _name(reporter)
            else:
                blank = receiver is None or not (_names(receiver) or receiver.get("ref"))
                to_fund = _matches(receiver, fund) or (blank and _matches(reporter, fund))
                donor = _name(item.find("provider-org"))
            if not to_fund:
                report.drop(_not_to_fund(receiver, side, options.fund))
                continue
            path = f"{where} transaction[{k}]"
            date = item.find("transaction-date")
            row = _row(
                item, f"iati-{identifier}-t{k}", donor, status, date, default, file, path, report
            )
            if row is not None:
                rows.append(row)
                report.keep(row)
                givers[side].add(row.donor.casefold())
        for k, item in enumerate(activity.findall("planned-disbursement"), start=1):
            if not options.planned:
                continue
            report.read += 1
            if not _matches(item.find("receiver-org"), fund):
                report.drop(_not_to_fund(item.find("receiver-org"), "donor", options.fund))
                continue
            provider = item.find("provider-org")
            donor = _name(provider if provider is not None else reporter)
            path = f"{where} planned-disbursement[{k}]"
            row = _row(
                item,
                f"iati-{identifier}-p{k}",
                donor,
                "pledged",
                item.find("period-start"),
                default,
                file,
                path,
                report,
            )
            if row is not None:
                rows.append(row)
                report.keep(row)
                givers["donor"].add(row.donor.casefold())
    both = sorted(givers["donor"] & givers["fund"])
    for name in both:
        report.warnings.append(
            f"{name!r} reports its own payments to the fund and the fund reports money from "
            "it too: the same money may be counted twice"
        )
    if len(report.currencies) == 1:
        report.currency = next(iter(report.currencies))
    if not options.planned and any(a.find("planned-disbursement") is not None for a in activities):
        report.hints.append(
            "planned-disbursement elements were not read (--planned counts them as pledged)"
        )
    return rows, report


def _not_to_fund(receiver: Element | None, side: str, fund: str) -> str:
    """Why a transaction does not count for the fund (the report's reason)."""
    if receiver is None and side == "donor":
        return (
            "no receiver-org: the fund is not named (the activity's participating "
            "organisations are not read)"
        )
    return f"not to a receiver containing {fund!r}"


def _parse(text: str, file: str) -> Element:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise fail(
            file,
            None,
            None,
            "",
            f"refused: the file declares a DTD or entities ({type(exc).__name__})",
        ) from None
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise fail(file, line, column + 1, "", f"not valid XML: {message}") from None


def _code(item: Element) -> str:
    element = item.find("transaction-type")
    code = (element.get("code") or "").strip() if element is not None else ""
    return LETTERS.get(code.upper(), code)


_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


def _names(org: Element | None) -> list[str]:
    """The narratives of an organisation element (2.0x), English first, or its text
    (1.0x)."""
    if org is None:
        return []
    narratives = org.findall("narrative")
    english = [n for n in narratives if (n.get(_LANG) or "").lower() == "en"]
    others = [n for n in narratives if n not in english]
    texts = [(n.text or "").strip() for n in (*english, *others)]
    texts.append((org.text or "").strip())
    return [t for t in texts if t]


def _name(org: Element | None) -> str:
    names = _names(org)
    if names:
        return names[0]
    ref = (org.get("ref") or "").strip() if org is not None else ""
    return ref or UNKNOWN_DONOR


def _matches(org: Element | None, fund: str) -> bool:
    if org is None:
        return False
    texts = [*_names(org), org.get("ref") or ""]
    return any(fund in t.casefold() for t in texts if t)


def _row(
    item: Element,
    row_id: str,
    donor: str,
    status: str,
    date: Element | None,
    default: str | None,
    file: str,
    path: str,
    report: Report,
) -> Row | None:
    value = item.find("value")
    if value is None or not (text := (value.text or "").strip()):
        raise fail(file, None, None, path, "value: missing")
    try:
        amount = parse_money(text)
    except MoneyError as exc:
        raise fail(file, None, None, path, f"value: {exc}") from None
    currency = (value.get("currency") or default or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise fail(
            file,
            None,
            None,
            path,
            "value: no currency (value/@currency or the activity's "
            f"default-currency), got {currency!r}",
        )
    if amount <= 0:
        report.drop("value zero or negative")
        return None
    day = (date.get("iso-date") or "").strip() if date is not None else ""
    match = _DAY.fullmatch(day)
    if match is None:
        raise fail(
            file, None, None, path, f"iso-date: expected a date such as 2024-03-15, got {day!r}"
        )
    if donor == UNKNOWN_DONOR:
        report.notes[f"with no provider organisation, written as {UNKNOWN_DONOR!r}"] += 1
    return Row(
        id=row_id,
        donor=donor,
        amount=amount,
        status=status,
        date=Month.of(int(match[1]), int(match[2])),
        currency=currency,
    )
