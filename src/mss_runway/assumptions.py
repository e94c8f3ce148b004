"""What a scenario assumes about money that is not yet in: the format's uncertainty fields.

A committed or pledged contribution may say how likely it is to arrive at all
(``probability``) and how late it may be (``delay_months``, ``[min, max]`` whole months,
every value equally likely); a top-level ``assumptions`` block gives defaults by status,
and ``costs_uncertainty`` how far every cost may stray from plan. Received money is
certain. When neither the contribution nor ``assumptions`` says, the built-in
:data:`DEFAULTS` apply (their reasons are in docs/uncertainty.md).

These are additive to format v1: a file without them means what it always meant to
``forecast``; only ``simulate`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from . import schema

#: Longest delay a contribution may be given: a ledger never holds more months.
MAX_DELAY: Final = 119
#: ``costs_uncertainty`` is read to this many decimal places (the cost factor is drawn on a
#: grid of 0.0001, so a finer value could not be honoured).
COST_DECIMALS: Final = 4


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise PydanticCustomError(what, f"expected a decimal number, got {value!r}")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise PydanticCustomError(what, f"expected a decimal number, got {value!r}") from None
    if not number.is_finite():
        raise PydanticCustomError(what, f"expected a finite number, got {value}")
    return number


def _probability(value: object) -> Decimal:
    number = _decimal(value, "probability")
    if not 0 <= number <= 1:
        raise PydanticCustomError(
            "probability", f"expected a probability from 0 to 1 (e.g. 0.6), got {number}"
        )
    return number


def _delay(value: object) -> tuple[int, int]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise PydanticCustomError(
            "delay", f"expected [min, max] whole months, e.g. [0, 6], got {value!r}"
        )
    low, high = value
    for each in (low, high):
        if isinstance(each, bool) or not isinstance(each, int):
            raise PydanticCustomError("delay", f"expected whole months in [min, max], got {each!r}")
    if not 0 <= low <= high <= MAX_DELAY:
        raise PydanticCustomError(
            "delay",
            f"expected 0 <= min <= max <= {MAX_DELAY} months in [min, max], got [{low}, {high}]",
        )
    return (low, high)


def _costs_uncertainty(value: object) -> Decimal:
    number = _decimal(value, "costs_uncertainty")
    if not 0 <= number < 1:
        raise PydanticCustomError(
            "costs_uncertainty",
            f"expected a fraction from 0 up to (not including) 1, e.g. 0.1, got {number}",
        )
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if exponent < -COST_DECIMALS:
        raise PydanticCustomError(
            "costs_uncertainty",
            f"expected at most {COST_DECIMALS} decimal places (the cost factor is drawn in "
            f"steps of 0.0001), got {number}",
        )
    return number


def _received(value: object) -> None:
    raise PydanticCustomError(
        "received",
        "received money is certain: assumptions apply only to committed and pledged",
    )


Probability = Annotated[
    Decimal,
    PlainValidator(_probability),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(schema.PROBABILITY),
]
DelayRange = Annotated[
    tuple[int, int],
    PlainValidator(_delay),
    WithJsonSchema(schema.delay(MAX_DELAY)),
]
CostsUncertainty = Annotated[
    Decimal,
    PlainValidator(_costs_uncertainty),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(schema.fraction(COST_DECIMALS)),
]


class StatusAssumption(BaseModel):
    """Defaults for every contribution of one status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    probability: Probability | None = Field(
        default=None, description="Chance, 0 to 1, that such a contribution arrives at all."
    )
    delay_months: DelayRange | None = Field(
        default=None, description="[min, max] whole months late; every value equally likely."
    )


class Assumptions(BaseModel):
    """Defaults by status for contributions that do not say themselves."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    committed: StatusAssumption | None = None
    pledged: StatusAssumption | None = None
    received: Annotated[None, PlainValidator(_received), WithJsonSchema({"not": {}})] = Field(
        default=None, description="Not allowed: received money is certain."
    )


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """How one contribution is drawn: the chance it arrives and its delay range; ``source``
    says where each came from (``file``, ``assumptions`` or ``built-in``)."""

    probability: Decimal
    delay: tuple[int, int]
    probability_source: str
    delay_source: str


#: Built-in defaults, used when neither a contribution nor ``assumptions`` says (reasons
#: in docs/uncertainty.md). Received money is certain.
DEFAULTS: Final[dict[str, tuple[Decimal, tuple[int, int]]]] = {
    "committed": (Decimal("0.95"), (0, 2)),
    "pledged": (Decimal("0.6"), (0, 6)),
}
CERTAIN: Final = Uncertainty(Decimal(1), (0, 0), "received", "received")


def uncertainty_of(
    status: str,
    probability: Decimal | None,
    delay: tuple[int, int] | None,
    assumptions: Assumptions | None,
) -> Uncertainty:
    """A contribution's own value, else the scenario's default for its status, else the
    built-in one."""
    if status == "received":
        return CERTAIN
    block = getattr(assumptions, status, None) if assumptions is not None else None
    default_p, default_delay = DEFAULTS[status]
    p, p_source = _pick(probability, getattr(block, "probability", None), default_p)
    d, d_source = _pick(delay, getattr(block, "delay_months", None), default_delay)
    return Uncertainty(p, d, p_source, d_source)


def status_defaults(assumptions: Assumptions | None) -> dict[str, Uncertainty]:
    """The default of each uncertain status in effect for a scenario."""
    return {status: uncertainty_of(status, None, None, assumptions) for status in DEFAULTS}


def _pick(own: Any, scenario: Any, built_in: Any) -> tuple[Any, str]:
    if own is not None:
        return own, "file"
    if scenario is not None:
        return scenario, "assumptions"
    return built_in, "built-in"
