"""Calendar months: the ledger's unit of time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .errors import InputError, OptionError

#: Earliest and latest years a scenario may name (a typo guard, documented).
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2200

_MONTH_RE: Final = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class MonthError(ValueError):
    """Text that is not a month (``YYYY-MM``) or a day (``YYYY-MM-DD``)."""


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month, ordered; ``index`` counts months since year 0."""

    index: int

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        return cls(year * 12 + month - 1)

    @classmethod
    def parse(cls, value: object) -> Month:
        """Read ``YYYY-MM`` or ``YYYY-MM-DD`` (a day counts as its month)."""
        if isinstance(value, Month):
            return value
        if not isinstance(value, str):
            raise MonthError(f"expected a month YYYY-MM or a day YYYY-MM-DD, got {value!r}")
        return parse_month_text(value)

    @property
    def year(self) -> int:
        return self.index // 12

    @property
    def month(self) -> int:
        return self.index % 12 + 1

    # Ordering by index, written out: dataclass(order=True) compares tuples, several
    # times slower, and a large scenario compares months a few hundred thousand times.
    def __lt__(self, other: Month) -> bool:
        return self.index < other.index

    def __le__(self, other: Month) -> bool:
        return self.index <= other.index

    def __gt__(self, other: Month) -> bool:
        return self.index > other.index

    def __ge__(self, other: Month) -> bool:
        return self.index >= other.index

    def __add__(self, months: int) -> Month:
        return Month(self.index + months)

    def __sub__(self, other: Month) -> int:
        """Whole months from ``other`` to ``self``."""
        return self.index - other.index

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"Month({str(self)!r})"


def month_option(option: str, text: str, error: type[InputError] = OptionError) -> Month:
    """The month a command-line option names (``--target``, ``--month``, ``--since``); a
    bad one raises ``error`` (an :class:`~mss_runway.errors.InputError`) naming the option:
    ``--since: '2024-13' is not a real month: month 13 is not 01 to 12``."""
    try:
        return Month.parse(text)
    except MonthError as exc:
        raise error(f"{option}: {exc}") from None


@lru_cache(maxsize=4096)
def parse_month_text(value: str) -> Month:
    """Month of a text (cached: a large scenario names the same months many times)."""
    match = _MONTH_RE.fullmatch(value.strip())
    if match is None:
        raise MonthError(f"expected a month YYYY-MM or a day YYYY-MM-DD, got {value!r}")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise MonthError(f"{value!r} is not a real month: month {month} is not 01 to 12")
    if match[3] is not None:
        day = int(match[3])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        last = 29 if month == 2 and leap else _DAYS_IN_MONTH[month - 1]
        if not 1 <= day <= last:
            raise MonthError(f"{value!r} is not a real day: {year}-{month:02d} has {last} days")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise MonthError(f"{value!r} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    return Month.of(year, month)
