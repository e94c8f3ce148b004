"""The format's values: what a single field of a scenario file may hold.

Each type is an annotated Python type with its validator (which gives the message a
user reads) and its JSON Schema piece (from :mod:`mss_runway.schema`, so the editor's
verdict matches): months, money (never negative, positive, or signed), currency codes,
conversion rates, text, notes, contribution states and unit counts. The models of
:mod:`mss_runway.scenario` are built from them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Final, Literal

from pydantic import BeforeValidator, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from . import schema
from .money import MAX_UNITS, ZERO, MoneyError, parse_money
from .months import Month, MonthError, parse_month_text

#: A ledger never holds more months than this.
MAX_LEDGER_MONTHS: Final = 120
#: The three contribution states, from least to most hopeful. A lens named after a
#: state counts that state and every state before it in this tuple.
STATUSES: Final = ("received", "committed", "pledged")

Status = Literal["received", "committed", "pledged"]
#: The words the UN Financial Tracking Service uses for the same states, accepted as
#: synonyms (in YAML and in a contributions CSV) and stored as the canonical word.
STATUS_SYNONYMS: Final = {"paid": "received", "commitment": "committed", "pledge": "pledged"}
#: Most files a chain of ``extends`` may hold (the file itself included).
MAX_EXTENDS_CHAIN: Final = 16

#: A currency code as the format writes it: three capital letters (ISO 4217 form).
CURRENCY_CODE: Final = re.compile(r"[A-Z]{3}")


def _month(value: object) -> Month:
    try:
        return parse_month_text(value) if type(value) is str else Month.parse(value)
    except MonthError as exc:
        raise PydanticCustomError("month", str(exc)) from None


def _non_negative_money(value: object) -> Decimal:
    try:
        amount = parse_money(value)
    except MoneyError as exc:
        raise PydanticCustomError("money", str(exc)) from None
    if amount < ZERO:
        raise PydanticCustomError("money", f"expected an amount of at least 0, got {value}")
    return amount


def _positive_money(value: object) -> Decimal:
    try:
        amount = parse_money(value)
    except MoneyError as exc:
        raise PydanticCustomError("money", str(exc)) from None
    if amount <= ZERO:
        raise PydanticCustomError("money", f"expected an amount above 0, got {value}")
    return amount


def _signed_money(value: object) -> Decimal:
    try:
        return parse_money(value)
    except MoneyError as exc:
        raise PydanticCustomError("money", str(exc)) from None


def _currency(value: object) -> str:
    if not isinstance(value, str) or CURRENCY_CODE.fullmatch(value) is None:
        raise PydanticCustomError(
            "currency", f"expected a three-letter ISO 4217 code such as USD, got {value!r}"
        )
    return value


def _rate(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise PydanticCustomError("rate", f"expected an exchange rate above 0, got {value!r}")
    try:
        rate = Decimal(value.replace("_", "")) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise PydanticCustomError(
            "rate", f"expected an exchange rate above 0, got {value!r}"
        ) from None
    if not rate.is_finite() or rate <= 0 or rate > 1_000_000:
        raise PydanticCustomError(
            "rate", f"expected an exchange rate above 0 and at most 1,000,000, got {value}"
        )
    return rate


def _status_word(value: object) -> object:
    """An FTS word (paid, commitment, pledge) becomes the canonical status word."""
    if isinstance(value, str):
        return STATUS_SYNONYMS.get(value, value)
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text", f"expected text, got {value!r}")
    if not value.strip():
        raise PydanticCustomError("text", "expected text, got an empty string")
    return value


_COUNT_TEXT: Final = re.compile(r"[0-9]+(?:_[0-9]+)*")


def _whole_count(value: object) -> int:
    if isinstance(value, str) and _COUNT_TEXT.fullmatch(value):
        value = int(value.replace("_", ""))  # YAML 1.2 editors read 1_032 as text
    if isinstance(value, bool) or not isinstance(value, int):
        shown = repr(value) if isinstance(value, str) else value
        raise PydanticCustomError("units", f"expected a whole number of units, got {shown}")
    if not 0 <= value <= MAX_UNITS:
        raise PydanticCustomError(
            "units", f"expected a number of units from 0 to {MAX_UNITS:,}, got {value}"
        )
    return value


def _note(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text", f"expected text, got {value!r}")
    return value


MonthValue = Annotated[
    Month,
    PlainValidator(_month),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(schema.MONTH),
]
_MoneyOut = PlainSerializer(str, return_type=str)
Money = Annotated[
    Decimal,
    PlainValidator(_non_negative_money),
    _MoneyOut,
    WithJsonSchema(schema.MONEY),
]
PositiveMoney = Annotated[
    Decimal,
    PlainValidator(_positive_money),
    _MoneyOut,
    WithJsonSchema(schema.POSITIVE_MONEY),
]
SignedMoney = Annotated[
    Decimal,
    PlainValidator(_signed_money),
    _MoneyOut,
    WithJsonSchema(schema.SIGNED_MONEY),
]
Currency = Annotated[str, PlainValidator(_currency), WithJsonSchema(schema.CURRENCY)]
Rate = Annotated[
    Decimal,
    PlainValidator(_rate),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(schema.RATE),
]
Text = Annotated[str, PlainValidator(_text), WithJsonSchema(schema.TEXT)]
Note = Annotated[str, PlainValidator(_note), WithJsonSchema({"type": "string"})]
StatusValue = Annotated[
    Status,
    BeforeValidator(_status_word),
    WithJsonSchema({"enum": [*STATUSES, *STATUS_SYNONYMS]}),
]


Units = Annotated[
    int,
    PlainValidator(_whole_count),
    WithJsonSchema(schema.UNITS),
]
