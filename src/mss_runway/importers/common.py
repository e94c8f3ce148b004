"""What the importers share: the contribution row they write, their report, the CSV text."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from ..errors import Problem, ScenarioError
from ..fields import STATUSES
from ..money import ZERO, format_amount
from ..months import Month

#: The columns of the CSV the importers write (a contributions_file reads them).
COLUMNS: Final = ("id", "donor", "amount", "status", "date", "currency", "rate", "note")
#: The donor written when a record names none.
UNKNOWN_DONOR: Final = "Unknown donor"


@dataclass(frozen=True)
class Row:
    """One contribution, as the importer writes it."""

    id: str
    donor: str
    amount: Decimal
    status: str
    date: Month
    currency: str
    rate: Decimal | None = None
    note: str = ""
    #: the amount in the file's reference currency (FTS: USD), for the report's totals
    reference: Decimal | None = None


@dataclass
class Report:
    """What an import kept, dropped or merged, and why (counts by reason)."""

    source: str
    kind: str
    read: int = 0
    kept: Counter[str] = field(default_factory=Counter)
    kept_total: dict[str, Decimal] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_total: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    merged: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    currency: str = "USD"
    #: the currencies of the rows kept in their own currency (no reference amount)
    currencies: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)

    def keep(self, row: Row) -> None:
        self.kept[row.status] += 1
        if row.reference is None:
            self.currencies.add(row.currency)
        amount = row.reference if row.reference is not None else row.amount
        self.kept_total[row.status] = self.kept_total.get(row.status, ZERO) + amount

    def drop(self, reason: str, status: str | None = None, amount: Decimal | None = None) -> None:
        self.dropped[reason] += 1
        if status is not None and amount is not None:
            totals = self.dropped_total.setdefault(reason, {})
            totals[status] = totals.get(status, ZERO) + amount

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (amounts as exact decimal text)."""
        return {
            "source": self.source,
            "format": self.kind,
            "read": self.read,
            "kept": {s: self.kept[s] for s in STATUSES},
            "kept_total": (
                None
                if len(self.currencies) > 1
                else {s: str(self.kept_total.get(s, ZERO)) for s in STATUSES}
            ),
            "currency": self.currency if len(self.currencies) <= 1 else sorted(self.currencies),
            "merged": self.merged,
            "dropped": dict(sorted(self.dropped.items())),
            "dropped_total": {
                reason: {s: str(v) for s, v in totals.items()}
                for reason, totals in sorted(self.dropped_total.items())
            },
            "notes": dict(sorted(self.notes.items())),
            "warnings": list(self.warnings),
            **self.extra,
        }

    def lines(self) -> list[str]:
        """The report for people, one line each (written to stderr)."""
        kept = sum(self.kept.values())
        records = "record" if self.read == 1 else "records"
        out = [f"read {self.read} {records} from {self.source} ({self.kind})"]
        if len(self.currencies) > 1:
            parts = [f"{s} {self.kept[s]}" for s in STATUSES]
            parts[-1] += f" (in {', '.join(sorted(self.currencies))}: not added up)"
        else:
            parts = [
                f"{s} {self.kept[s]} ({format_amount(self.kept_total.get(s, ZERO))} "
                f"{self.currency})"
                for s in STATUSES
            ]
        out.append(f"kept {kept}: " + ", ".join(parts))
        if self.merged:
            out.append(
                "merged 1 repeated record into the record it repeats"
                if self.merged == 1
                else f"merged {self.merged} repeated records into the record they repeat"
            )
        for reason, count in sorted(self.dropped.items()):
            line = f"dropped {count}: {reason}"
            totals = self.dropped_total.get(reason)
            if totals:
                line += (
                    " ("
                    + ", ".join(
                        f"{s} {format_amount(totals[s])} {self.currency}"
                        for s in STATUSES
                        if s in totals
                    )
                    + ")"
                )
            out.append(line)
        out += [f"note: {count} {what}" for what, count in sorted(self.notes.items())]
        out += self.hints
        out += [f"warning: {w}" for w in self.warnings]
        return out


def contributions_csv(rows: list[Row]) -> str:
    """The rows as a contributions CSV (the columns of :data:`COLUMNS`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.donor,
                str(row.amount),
                row.status,
                str(row.date),
                row.currency,
                "" if row.rate is None else format(row.rate, "f"),  # 10, never 1E+1
                row.note,
            ]
        )
    return out.getvalue()


def fail(file: str, line: int | None, column: int | None, path: str, message: str) -> ScenarioError:
    """One problem of an input file, as the error every command reports (exit 2)."""
    return ScenarioError([Problem(file, line, column, path, message)])
