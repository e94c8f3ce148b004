"""The format's value types (mss_runway.fields) and months: what each accepts, what it
becomes, and the exact message of each refusal (issue 15: mutation testing).

Values go through pydantic, as a scenario's values do; the message is what a user reads
after ``FILE:LINE:COL: field:``. Boundaries are plain cases.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from mss_runway import fields, schema
from mss_runway.errors import OptionError
from mss_runway.months import Month, MonthError, month_option, parse_month_text


def refusal(kind: Any, value: object) -> tuple[str, str]:
    """The (error type, message) pydantic reports for ``value`` of type ``kind``."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    (error,) = caught.value.errors()
    return error["type"], error["msg"]


def test_month_values() -> None:
    adapter = TypeAdapter(fields.MonthValue)
    assert adapter.validate_python("2025-03") == Month(2025 * 12 + 2)
    assert adapter.validate_python(" 2025-03-31 ") == Month(2025 * 12 + 2)
    assert adapter.validate_python(Month(5)) == Month(5)
    assert adapter.dump_python(Month(2025 * 12 + 2)) == "2025-03"
    assert adapter.json_schema() == schema.MONTH
    assert refusal(fields.MonthValue, 202503) == (
        "month",
        "expected a month YYYY-MM or a day YYYY-MM-DD, got 202503",
    )
    assert refusal(fields.MonthValue, "2025-00") == (
        "month",
        "'2025-00' is not a real month: month 0 is not 01 to 12",
    )


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (fields.Money, 0, "0.00"),
        (fields.Money, "0.01", "0.01"),
        (fields.Money, "-0", "0.00"),
        (fields.PositiveMoney, "0.01", "0.01"),
        (fields.PositiveMoney, 7, "7.00"),
        (fields.SignedMoney, -5, "-5.00"),
        (fields.SignedMoney, "-0.01", "-0.01"),
    ],
)
def test_money_accepted(kind: Any, value: object, expected: str) -> None:
    adapter = TypeAdapter(kind)
    amount = adapter.validate_python(value)
    assert isinstance(amount, Decimal)
    assert str(amount) == expected
    assert adapter.dump_python(amount) == expected


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (fields.Money, "-0.01", "expected an amount of at least 0, got -0.01"),
        (fields.Money, -1, "expected an amount of at least 0, got -1"),
        (fields.Money, True, "expected an amount of money, got True"),
        (fields.PositiveMoney, 0, "expected an amount above 0, got 0"),
        (fields.PositiveMoney, "-0.01", "expected an amount above 0, got -0.01"),
        (fields.PositiveMoney, "1.001", "amount '1.001' has more than two decimal places"),
        (fields.SignedMoney, None, "expected an amount of money, got None"),
    ],
)
def test_money_refused(kind: Any, value: object, message: str) -> None:
    assert refusal(kind, value) == ("money", message)


def test_money_schemas() -> None:
    assert TypeAdapter(fields.Money).json_schema() == schema.MONEY
    assert TypeAdapter(fields.PositiveMoney).json_schema() == schema.POSITIVE_MONEY
    assert TypeAdapter(fields.SignedMoney).json_schema() == schema.SIGNED_MONEY


def test_currency() -> None:
    assert TypeAdapter(fields.Currency).validate_python("EUR") == "EUR"
    assert TypeAdapter(fields.Currency).json_schema() == schema.CURRENCY
    for value, shown in (("eur", "'eur'"), ("EURO", "'EURO'"), ("EU", "'EU'"), (978, "978")):
        assert refusal(fields.Currency, value) == (
            "currency",
            f"expected a three-letter ISO 4217 code such as USD, got {shown}",
        )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1_000.5", "1000.5"),
        ("1__000", "1000"),  # any underscores, as the schema's RATE_TEXT allows
        ("_2", "2"),
        (1_000_000, "1000000"),
        (Decimal("0.0001"), "0.0001"),
        ("1e6", "1E+6"),
    ],
)
def test_rate_accepted(value: object, expected: str) -> None:
    adapter = TypeAdapter(fields.Rate)
    rate = adapter.validate_python(value)
    assert str(rate) == expected
    assert adapter.dump_python(rate) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected an exchange rate above 0, got True"),
        (1.5, "expected an exchange rate above 0, got 1.5"),
        (None, "expected an exchange rate above 0, got None"),
        ("abc", "expected an exchange rate above 0, got 'abc'"),
        (0, "expected an exchange rate above 0 and at most 1,000,000, got 0"),
        ("-1", "expected an exchange rate above 0 and at most 1,000,000, got -1"),
        ("1000000.01", "expected an exchange rate above 0 and at most 1,000,000, got 1000000.01"),
        ("NaN", "expected an exchange rate above 0 and at most 1,000,000, got NaN"),
        ("Infinity", "expected an exchange rate above 0 and at most 1,000,000, got Infinity"),
    ],
)
def test_rate_refused(value: object, message: str) -> None:
    assert refusal(fields.Rate, value) == ("rate", message)


def test_rate_schema() -> None:
    assert TypeAdapter(fields.Rate).json_schema() == schema.RATE


def test_status_words() -> None:
    adapter = TypeAdapter(fields.StatusValue)
    assert [adapter.validate_python(w) for w in ("paid", "commitment", "pledge", "pledged")] == [
        "received",
        "committed",
        "pledged",
        "pledged",
    ]
    assert adapter.json_schema() == {
        "enum": ["received", "committed", "pledged", "paid", "commitment", "pledge"]
    }
    kind, _ = refusal(fields.StatusValue, 5)
    assert kind == "literal_error"


def test_text_and_note() -> None:
    assert TypeAdapter(fields.Text).validate_python(" a ") == " a "
    assert TypeAdapter(fields.Text).json_schema() == schema.TEXT
    assert refusal(fields.Text, 5) == ("text", "expected text, got 5")
    assert refusal(fields.Text, " \t") == ("text", "expected text, got an empty string")
    assert TypeAdapter(fields.Note).validate_python("") == ""
    assert TypeAdapter(fields.Note).json_schema() == {"type": "string"}
    assert refusal(fields.Note, ["a"]) == ("text", "expected text, got ['a']")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), ("1_032", 1032), ("007", 7), (10_000_000, 10_000_000), ("10_000_000", 10_000_000)],
)
def test_units_accepted(value: object, expected: int) -> None:
    assert TypeAdapter(fields.Units).validate_python(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a whole number of units, got True"),
        (2.5, "expected a whole number of units, got 2.5"),
        (Decimal("2.5"), "expected a whole number of units, got 2.5"),  # a YAML 2.5
        ("1__0", "expected a whole number of units, got '1__0'"),
        ("_1", "expected a whole number of units, got '_1'"),
        ("-1", "expected a whole number of units, got '-1'"),
        (-1, "expected a number of units from 0 to 10,000,000, got -1"),
        (10_000_001, "expected a number of units from 0 to 10,000,000, got 10000001"),
    ],
)
def test_units_refused(value: object, message: str) -> None:
    assert refusal(fields.Units, value) == ("units", message)
    assert TypeAdapter(fields.Units).json_schema() == schema.UNITS


def test_format_constants() -> None:
    """Words and limits the messages and documentation name."""
    assert fields.STATUSES == ("received", "committed", "pledged")
    assert fields.STATUS_SYNONYMS == {
        "paid": "received",
        "commitment": "committed",
        "pledge": "pledged",
    }
    assert (fields.MAX_LEDGER_MONTHS, fields.MAX_EXTENDS_CHAIN) == (120, 16)


# --- months -----------------------------------------------------------------------------


def test_month_repr_and_arithmetic() -> None:
    march = Month.of(2025, 3)
    assert repr(march) == "Month('2025-03')"
    assert str(march + 10) == "2026-01"
    assert (march + 10) - march == 10
    assert (march.year, march.month) == (2025, 3)
    same, later = Month.of(2025, 3), Month.of(2025, 4)
    assert (march < same, march <= same, march > same, march >= same) == (False, True, False, True)
    assert (later < march, later <= march, later > march, later >= march) == (
        False,
        False,
        True,
        True,
    )


def test_month_option_names_the_option() -> None:
    assert month_option("--since", "2025-02") == Month.of(2025, 2)
    with pytest.raises(OptionError) as caught:
        month_option("--since", "2024-13")
    assert str(caught.value) == "--since: '2024-13' is not a real month: month 13 is not 01 to 12"


def test_month_text_refusals() -> None:
    with pytest.raises(MonthError) as caught:
        parse_month_text("2025-3")
    assert str(caught.value) == "expected a month YYYY-MM or a day YYYY-MM-DD, got '2025-3'"
