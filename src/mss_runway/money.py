"""Money: the one place where amounts become :class:`decimal.Decimal`.

Every amount in mss-runway is a ``Decimal`` holding whole cents. Amounts are made
only by :func:`parse_money` (from scenario input) or :func:`to_cents` (the single
rounding point, used where a value is derived by multiplication: converting a
foreign-currency contribution, or scaling a cost), :func:`up_to_cents` and
:func:`divide_up` (answers that must really close a gap, rounded up). Adding and
subtracting cents never needs rounding, so no other code rounds. :func:`as_cents` and
:func:`from_cents` cross, exactly, to and from the integer cents of numpy arrays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal, localcontext
from functools import wraps
from typing import Final, ParamSpec, TypeVar

ZERO: Final = Decimal("0.00")
CENT: Final = Decimal("0.01")
#: Largest amount accepted anywhere in a scenario (one quadrillion). Far above any
#: real budget; it keeps every sum well inside Decimal's exact range.
MAX_AMOUNT: Final = Decimal("1000000000000000")
#: Largest count of units (officers, vehicles) a per-unit cost line may hold in a month.
MAX_UNITS: Final = 10_000_000
#: Decimal precision for all money arithmetic (see :func:`exact`). Amounts are at most
#: 10^15 with two decimals; products with unit counts or rates and sums over thousands of
#: lines and 120 months stay far below 10^40, so 60 digits keep every result exact.
PRECISION: Final = 60
#: A plain decimal; an underscore may stand between two digits of the whole part (1_000.50).
_DECIMAL_TEXT: Final = re.compile(r"[-+]?[0-9]+(?:_[0-9]+)*(?:\.([0-9]+))?")


class MoneyError(ValueError):
    """A value that is not an acceptable amount of money."""


def parse_money(value: object) -> Decimal:
    """Turn a scenario value into an exact amount of money.

    Accepts an ``int``, a ``Decimal`` (the loader turns YAML decimals into
    ``Decimal`` from the text written in the file) or a ``str`` holding a decimal
    number. Refuses floats, booleans, non-finite values, more than two decimal
    places and amounts beyond :data:`MAX_AMOUNT`.
    """
    if type(value) is str:  # the common case (CSV cells, quoted YAML): checked by its text
        match = _DECIMAL_TEXT.fullmatch(value)
        fraction = match[1] if match is not None else None
        if match is not None and (fraction is None or len(fraction) <= 2) and len(value) <= 15:
            # at most 15 characters: at most 15 integer digits, so below MAX_AMOUNT (10^15)
            number = Decimal(value.replace("_", "") if "_" in value else value)
            if not number:
                return ZERO  # "-0" is zero: never print -0.00
            return number if fraction is not None and len(fraction) == 2 else number.quantize(CENT)
        return _money_from_text(value)
    if isinstance(value, bool) or value is None:
        raise MoneyError(f"expected an amount of money, got {_show(value)}")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        return _money_from_text(value)
    elif isinstance(value, float):
        raise MoneyError("expected an exact decimal amount, got a binary float")
    else:
        raise MoneyError(f"expected an amount of money, got {_show(value)}")
    if not number.is_finite():
        raise MoneyError(f"expected a finite amount of money, got {_show(value)}")
    if abs(number) > MAX_AMOUNT:
        raise MoneyError(f"amount {_show(value)} is beyond the limit of {MAX_AMOUNT:,}")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if exponent < -2:
        raise MoneyError(f"amount {_show(value)} has more than two decimal places")
    return number.quantize(CENT) if number else ZERO  # "-0" is zero: never print -0.00


def _money_from_text(value: str) -> Decimal:
    """Money written as text: a plain decimal number, at most two decimals."""
    match = _DECIMAL_TEXT.fullmatch(value.strip())
    if match is None:
        raise MoneyError(f"expected an amount of money such as 1_250.50, got {value!r}")
    fraction = match[1]
    if fraction is not None and len(fraction) > 2:
        raise MoneyError(f"amount {value!r} has more than two decimal places")
    number = Decimal(match[0].replace("_", "") if "_" in value else match[0])
    if abs(number) > MAX_AMOUNT:
        raise MoneyError(f"amount {value!r} is beyond the limit of {MAX_AMOUNT:,}")
    if not number:
        return ZERO
    return number if fraction is not None and len(fraction) == 2 else number.quantize(CENT)


def to_cents(value: Decimal) -> Decimal:
    """Round a derived amount to whole cents, half to even: the one rounding point."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def up_to_cents(value: Decimal) -> Decimal:
    """Round an amount *up* to whole cents (for answers that must really close a gap)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.quantize(CENT, rounding=ROUND_CEILING)


def multiply(amount: Decimal, factor: Decimal) -> Decimal:
    """``amount * factor`` exactly (wide precision), rounded once to cents."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return to_cents(amount * factor)


def divide_up(amount: Decimal, count: int) -> Decimal:
    """``amount / count`` rounded *up* to whole cents. The quotient is taken at wide
    precision, where a quotient of cents by a count up to a ledger's length is never near
    enough to a cent boundary to be misrounded."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return up_to_cents(amount / count)


def as_cents(amount: Decimal) -> int:
    """An amount of whole cents as an integer number of cents (for integer arrays)."""
    cents = amount.scaleb(2)
    if cents != cents.to_integral_value():
        raise MoneyError(f"{amount} is not a whole number of cents")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """An integer number of cents as an amount: exact, two decimals."""
    return Decimal(cents).scaleb(-2)


def format_amount(value: Decimal, *, grouping: bool = True) -> str:
    """Two decimals, optional thousands separators: ``-1,234.50``. No rounding happens:
    every amount already holds whole cents."""
    return f"{value:,.2f}" if grouping else f"{value:.2f}"


def _show(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def exact(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with :data:`PRECISION` digits, so no sum or product of amounts is
    ever silently rounded by Decimal's default 28-digit context."""

    @wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return function(*args, **kwargs)

    return wrapper
