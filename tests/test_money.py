"""Money and months: the one way amounts and months are made from input."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mss_runway import money
from mss_runway.money import MAX_AMOUNT, MoneyError, as_cents, parse_money
from mss_runway.months import Month, MonthError


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.50", "12.50"),
        ("-5", "-5.00"),
        ("+7.1", "7.10"),
        ("1_000.5", "1000.50"),
        (" 42.00 ", "42.00"),  # spaces around the number are ignored
        ("999999999999999.99", "999999999999999.99"),  # 18 characters: the careful path
        ("1000000000000000", "1000000000000000.00"),  # MAX_AMOUNT itself
        (85_000_000, "85000000.00"),
        (Decimal("0.1"), "0.10"),
        (Decimal("1E+3"), "1000.00"),
    ],
)
def test_money_is_exact_to_the_cent(given_value: object, expected: str) -> None:
    """Accepted amounts become Decimals with exactly two decimals, digit for digit."""
    amount = parse_money(given_value)
    assert str(amount) == expected


@pytest.mark.parametrize(
    ("given_value", "message"),
    [
        ("12.345", "more than two decimal places"),
        ("12.500", "more than two decimal places"),
        (Decimal("12.500"), "more than two decimal places"),
        ("1000000000000000.01", "beyond the limit"),
        ("9999999999999999", "beyond the limit"),
        (Decimal("1E+16"), "beyond the limit"),
        ("1,000", "such as 1_250.50"),
        ("2e3", "such as 1_250.50"),
        ("", "such as 1_250.50"),
        ("NaN", "such as 1_250.50"),
        (Decimal("NaN"), "finite"),
        (Decimal("-Infinity"), "finite"),
        (1.5, "binary float"),
        (True, "expected an amount of money"),
        (None, "expected an amount of money"),
        ([1], "expected an amount of money"),
    ],
)
def test_bad_money_is_refused_with_a_reason(given_value: object, message: str) -> None:
    """Anything that is not an exact amount within the bound is refused, saying why."""
    with pytest.raises(MoneyError, match=message):
        parse_money(given_value)


@pytest.mark.parametrize(
    ("given_value", "message"),
    [
        (1.5, "expected an exact decimal amount, got a binary float"),
        (True, "expected an amount of money, got True"),
        (None, "expected an amount of money, got None"),
        ([1], "expected an amount of money, got [1]"),
        (Decimal("NaN"), "expected a finite amount of money, got NaN"),
        (Decimal("1E+16"), "amount 1E+16 is beyond the limit of 1,000,000,000,000,000"),
        (Decimal("12.500"), "amount 12.500 has more than two decimal places"),
    ],
)
def test_refusals_of_values_that_are_not_text_in_full(given_value: object, message: str) -> None:
    """The whole message, as a user reads it after `FILE:LINE:COL: field:`."""
    with pytest.raises(MoneyError) as caught:
        parse_money(given_value)
    assert str(caught.value) == message


@given(st.integers(-(10**17), 10**17))
def test_text_and_number_agree(cents: int) -> None:
    """An amount written as text and as a number gives the same Decimal, or both are refused."""
    text = f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"
    number = Decimal(cents).scaleb(-2)
    if abs(number) > MAX_AMOUNT:
        with pytest.raises(MoneyError):
            parse_money(text)
        with pytest.raises(MoneyError):
            parse_money(number)
    else:
        assert parse_money(text) == parse_money(number) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-01", "2025-01"), ("2024-02-29", "2024-02"), (" 2025-12 ", "2025-12")],
)
def test_months_and_days(text: str, expected: str) -> None:
    """A month or a day (which counts as its month) parses; spaces are ignored."""
    assert str(Month.parse(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-00",
        "2023-02-29",
        "2025-04-31",
        "1899-12",
        "2201-01",
        "2025-1",
        "\u0662\u0660\u0662\u0665-\u0660\u0661",
    ],
)
def test_impossible_months_are_refused(text: str) -> None:
    """Months outside 01-12, days that do not exist, years outside 1900-2200 and
    non-ASCII digits are refused."""
    with pytest.raises(MonthError):
        Month.parse(text)


def test_months_order_and_arithmetic() -> None:
    """Months compare by time and count whole months between them."""
    a, b = Month.parse("2024-11"), Month.parse("2025-02")
    assert a < b
    assert b > a
    assert a <= a
    assert b >= a
    assert b - a == 3
    assert str(a + 3) == "2025-02"
    assert sorted([b, a]) == [a, b]


@pytest.mark.parametrize("given_value", ["-0", "-0.00", "+0", Decimal("-0"), 0])
def test_zero_is_never_negative(given_value: object) -> None:
    """Negative zero is zero: it prints as 0.00, never -0.00."""
    assert str(parse_money(given_value)) == "0.00"


@pytest.mark.parametrize("text", ["10_", "1__0", "_10", "1_0.5_0", "1_.5"])
def test_underscores_only_between_digits(text: str) -> None:
    """An underscore groups digits of the whole part; anywhere else it is refused."""
    with pytest.raises(MoneyError):
        parse_money(text)


def test_as_cents_refuses_a_fraction_of_a_cent() -> None:
    """Crossing to integer cents is exact or refused, naming the amount."""
    assert as_cents(Decimal("-12.34")) == -1234
    with pytest.raises(MoneyError) as caught:
        as_cents(Decimal("1.005"))
    assert str(caught.value) == "1.005 is not a whole number of cents"


SHORT_DECIMALS = st.from_regex(r"[-+]?[0-9]{1,12}(_[0-9]{1,3})?(\.[0-9]{0,3})?", fullmatch=True)


@given(SHORT_DECIMALS.filter(lambda t: len(t) <= 15) | st.text(max_size=15))
@example("-0")
@example("+0.00")
@example("1_000.5")
@example("12.500")
@example("999999999999999")
def test_the_fast_path_for_short_text_agrees_with_the_full_parser(text: str) -> None:
    """parse_money reads short plain text (at most 15 characters, as CSV cells and quoted
    YAML mostly are) without _money_from_text's checks, for speed. Both give the same
    amount, written the same way (value and exponent), or both refuse."""

    def outcome(parse: Callable[[str], Decimal]) -> str:
        try:
            number = parse(text)
        except MoneyError:
            return "refused"
        return f"{number} {number.as_tuple().exponent}"

    assert outcome(parse_money) == outcome(money._money_from_text)


def test_text_of_a_str_subclass_is_read_as_text() -> None:
    """A str subclass (numpy's str_, as a library user's table of amounts may hold) takes
    the full parser, not the fast path (which checks for str exactly): the same amounts
    and refusals as plain text."""
    import numpy as np

    class Cell(str):
        pass

    assert parse_money(np.str_(" 12.5 ")) == Decimal("12.50")
    assert str(parse_money(Cell("1_000"))) == "1000.00"
    with pytest.raises(MoneyError) as caught:
        parse_money(Cell("1,000"))
    assert str(caught.value) == "expected an amount of money such as 1_250.50, got '1,000'"
