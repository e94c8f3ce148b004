"""Several scenarios side by side: their summaries, the best and worst of each row, and
their closing balances aligned by calendar month. Pure: no I/O, no printing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Final, Literal

from .errors import InputError
from .months import Month
from .projection import LENSES, Forecast, Lens, Summary
from .scenario import Scenario

Mark = Literal["best", "worst"] | None


class CompareError(InputError):
    """Scenarios that cannot be compared (different currencies)."""


#: The rows of a comparison, as keys: ``target``, a summary field (read under the chosen
#: lens), or ``exhausted:LENS`` (read under that lens).
ROW_KEYS: Final = (
    "target",
    "funded_through",
    "exhausted",
    "runway_months",
    "shortfall",
    "balance_at_target",
    "months_short",
    *(f"exhausted:{lens}" for lens in LENSES),
)
#: Rows where a smaller value is better (elsewhere larger, later or longer is better).
_SMALLER_IS_BETTER: Final = frozenset({"shortfall", "months_short"})


@dataclass(frozen=True)
class Compared:
    """One scenario of a comparison: the file it came from and its forecast."""

    file: str
    result: Forecast


@dataclass(frozen=True)
class Comparison:
    lens: Lens
    scenarios: tuple[Compared, ...]

    def headings(
        self, reserved: Collection[str] = (), clean: Callable[[str], str] = str
    ) -> list[str]:
        """The column heading of each scenario, all different: see :func:`distinct_headings`."""
        items = [(heading_of(s.result.scenario), s.file) for s in self.scenarios]
        return distinct_headings(items, reserved, clean)

    @property
    def currency(self) -> str:
        return self.scenarios[0].result.scenario.currency

    def value(self, index: int, row: str) -> object:
        """The value of ``row`` for scenario ``index`` (Month, int, Decimal or None)."""
        result = self.scenarios[index].result
        if row == "target":
            return result.scenario.target
        return getattr(_summary(result, row), row.partition(":")[0])

    def summary(self, index: int, row: str) -> Summary:
        """The summary ``row`` reads for scenario ``index``."""
        return _summary(self.scenarios[index].result, row)

    def marks(self, row: str) -> list[Mark]:
        """``best`` and ``worst`` for each scenario in ``row``; none when the row has fewer
        than two values to compare or they are all equal. The target is not ranked."""
        if row == "target":
            return [None] * len(self.scenarios)
        field = row.partition(":")[0]
        keys = [_rank_key(field, self.scenarios[i].result, row) for i in range(len(self.scenarios))]
        known = [k for k in keys if k is not None]
        if len(known) < 2 or min(known) == max(known):
            return [None] * len(keys)
        best, worst = max(known), min(known)
        return [
            None if k is None else "best" if k == best else "worst" if k == worst else None
            for k in keys
        ]

    def months(self) -> list[Month]:
        """Every calendar month any scenario's ledger holds, in order."""
        first = min(s.result.chosen.rows[0].month for s in self.scenarios)
        last = max(s.result.chosen.rows[-1].month for s in self.scenarios)
        return [first + i for i in range(last - first + 1)]

    def closings(self) -> list[tuple[Month, list[Decimal | None]]]:
        """Closing balance of each scenario by calendar month; None outside its ledger."""
        by_month = [
            {row.month: row.closing for row in s.result.chosen.rows} for s in self.scenarios
        ]
        return [(month, [ledger.get(month) for ledger in by_month]) for month in self.months()]


def heading_of(scenario: Scenario) -> str:
    """What heads a scenario's column or legend entry: its ``label``, else its ``name``, on
    one line (runs of white space, newlines included, become one space)."""
    return " ".join((scenario.label or scenario.name).split())


def distinct_headings(
    items: Sequence[tuple[str, str]],
    reserved: Collection[str] = (),
    clean: Callable[[str], str] = str,
) -> list[str]:
    """Headings that never repeat, for ``items`` of (heading, file as given).

    ``clean`` makes a heading safe for its output (CSV, Markdown). A heading that, so
    cleaned, several items share, or that equals a ``reserved`` one (another column of the
    same header, such as ``month``), is followed by its file name, ``Base (a.yaml)``; where
    the file names are equal too, by the path as given, ``Base (x/a.yaml)``. Where two are
    still equal (the same file given twice), ``#2``, ``#3``... tell them apart.
    """
    cleaned = [clean(heading) for heading, _ in items]
    count = Counter(cleaned)
    pairs = list(zip(cleaned, items, strict=True))
    named = Counter((text, PurePath(file).name) for text, (_, file) in pairs)
    shown = []
    for text, (heading, file) in pairs:
        if count[text] == 1 and text not in reserved:
            shown.append(text)
            continue
        name = PurePath(file).name
        shown.append(clean(f"{heading} ({name if named[text, name] == 1 else file})"))
    taken = set(reserved)
    unique = []
    for text in shown:
        candidate, n = text, 1
        while candidate in taken:
            n += 1
            candidate = f"{text} #{n}"
        taken.add(candidate)
        unique.append(candidate)
    return unique


def _summary(result: Forecast, row: str) -> Summary:
    lens = row.partition(":")[2]
    for each in LENSES:
        if each == lens:
            return result.projections[each].summary
    return result.chosen.summary


def _rank_key(field: str, result: Forecast, row: str) -> Decimal | None:
    """A number where larger is better, or None when the value cannot be ranked."""
    summary = _summary(result, row)
    value = getattr(summary, field)
    never = summary.exhausted is None
    if field in {"exhausted", "funded_through"}:
        if value is None:
            # Never exhausted is the best there is; funded_through is also None when the
            # money runs out in the first month, the worst there is.
            return Decimal("Infinity") if never else Decimal("-Infinity")
        return Decimal(value.index)
    if field == "runway_months":
        return Decimal("Infinity") if value is None else Decimal(value)
    if value is None:
        return None  # no target: nothing to rank
    return -Decimal(value) if field in _SMALLER_IS_BETTER else Decimal(value)


def compare(scenarios: Sequence[tuple[str, Forecast]], lens: Lens) -> Comparison:
    """Put forecasts side by side; they must share a currency."""
    currencies = {result.scenario.currency for _, result in scenarios}
    if len(currencies) > 1:
        listed = ", ".join(f"{file} ({result.scenario.currency})" for file, result in scenarios)
        raise CompareError(
            f"scenarios in different currencies cannot be compared side by side: {listed}; "
            "convert one of them (fx rates) to a common currency"
        )
    return Comparison(lens, tuple(Compared(file, result) for file, result in scenarios))
