"""docs/output.md's bound for double-precision readers of the JSON (JavaScript, jq,
spreadsheets): every amount up to it survives a double to the cent, the next cent not."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from .conftest import ROOT

OUTPUT = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
BOUND = Decimal(
    re.search(r"up to\s+\*\*([0-9,.]+)\*\* \(2\^46\)", OUTPUT)[1].replace(",", "")  # type: ignore[index]
)


def through_a_double(amount: Decimal) -> Decimal:
    return Decimal(f"{float(str(amount)):.2f}")


def test_the_bound_is_two_to_the_46() -> None:
    assert Decimal(2**46) == BOUND


def test_the_bound_survives_and_the_next_cent_does_not() -> None:
    assert through_a_double(BOUND) == BOUND
    assert through_a_double(BOUND - Decimal("0.01")) == BOUND - Decimal("0.01")
    assert through_a_double(BOUND + Decimal("0.01")) == Decimal("70368744177664.02")


@given(cents=st.integers(min_value=-(2**46) * 100, max_value=2**46 * 100))
def test_every_amount_below_the_bound_survives(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert through_a_double(amount) == amount
