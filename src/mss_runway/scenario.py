"""The scenario file format, version 1, as Pydantic models.

These models are the contract of the format: the loader validates YAML against
them, the JSON Schema (``mss-runway schema``) is generated from them, and the
projection engine reads them. Later versions may add fields, never change these.
"""

from __future__ import annotations

import contextlib
import difflib
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import schema
from .assumptions import Assumptions, CostsUncertainty, DelayRange, Probability
from .fields import (
    CURRENCY_CODE,
    MAX_LEDGER_MONTHS,
    Currency,
    Money,
    MonthValue,
    Note,
    PositiveMoney,
    Rate,
    SignedMoney,
    StatusValue,
    Text,
    Units,
)
from .money import ZERO, format_amount, multiply
from .months import Month, MonthError


def _id_field() -> Any:
    return Field(
        default=None,
        description="A name for this entry, unique in its list, so that a variant "
        "(`extends`) can change or remove it.",
    )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- rules that need the whole scenario -------------------------------------------------
# The loader passes ``start``, ``currency`` and the ``fx`` codes as validation context so
# these rules report at the exact field; Scenario re-checks them when built without it.


def before_start_problem(date: Month, start: Month, what: str) -> str | None:
    if date >= start:
        return None
    if what == "contribution":
        return (
            f"contribution dated {date} is before start {start}: money that arrived before "
            "start belongs in opening_balance"
        )
    return f"{what} dated {date} is before start {start}"


def currency_problem(code: str | None, currency: str, fx_codes: Any) -> str | None:
    if code is None or code == currency or code in fx_codes:
        return None
    return f"currency {code} differs from the scenario's {currency} and fx has no rate for it"


def target_problem(target: Month, start: Month) -> str | None:
    """Why ``target`` cannot be the target of a scenario starting at ``start``, or None."""
    if target < start:
        return f"target {target} is before start {start}"
    if target - start >= MAX_LEDGER_MONTHS:
        return (
            f"target {target} is too far: a ledger holds at most {MAX_LEDGER_MONTHS} months, "
            f"so from start {start} the last month it can reach is "
            f"{start + (MAX_LEDGER_MONTHS - 1)}"
        )
    return None


def _check_date(value: Month, info: ValidationInfo, what: str) -> Month:
    start = info.context.get("start") if info.context else None
    if start is None or value.index >= start.index:
        return value
    raise PydanticCustomError("before_start", str(before_start_problem(value, start, what)))


class Contribution(_Strict):
    """Money that is in, promised, or hoped for."""

    id: Text | None = _id_field()
    donor: Text = Field(description="Who gives the money.")
    amount: PositiveMoney = Field(description="How much, in `currency` (default: the scenario's).")
    status: StatusValue = Field(
        description="received: transferred; committed: a binding agreement; pledged: announced. "
        "The FTS words paid, commitment and pledge are accepted and mean the same."
    )
    date: MonthValue = Field(
        description="When the cash arrived or is expected (not before the scenario's start)."
    )
    rate: Rate | None = Field(
        default=None,
        description="Units of the scenario's currency that one unit of `currency` is worth "
        "for this contribution alone (wins over `fx`).",
    )
    currency: Currency | None = Field(default=None, description="Currency of `amount`.")
    note: Note | None = None
    probability: Probability | None = Field(
        default=None,
        description="Chance, 0 to 1, that it arrives at all (simulate; not for received).",
    )
    delay_months: DelayRange | None = Field(
        default=None,
        description="[min, max] whole months late, each equally likely (simulate; not for "
        "received).",
    )

    @field_validator("date")
    @classmethod
    def _date_not_before_start(cls, value: Month, info: ValidationInfo) -> Month:
        return _check_date(value, info, "contribution")

    @field_validator("currency")
    @classmethod
    def _currency_has_rate(cls, value: str | None, info: ValidationInfo) -> str | None:
        ctx = info.context or {}
        if "currency" in ctx and info.data.get("rate") is None:
            problem = currency_problem(value, ctx["currency"], ctx.get("fx", ()))
            if problem:
                raise PydanticCustomError("fx", problem)
        return value

    @field_validator("probability", "delay_months")
    @classmethod
    def _uncertain_only(cls, value: object, info: ValidationInfo) -> object:
        if value is not None and info.data.get("status") == "received":
            raise PydanticCustomError(
                "received",
                f"received money is certain: {info.field_name} applies only to committed "
                "or pledged contributions",
            )
        return value


class RecurringCost(_Strict):
    """The same amount every month from ``from`` through ``to``."""

    id: Text | None = _id_field()
    label: Text
    monthly: Money = Field(description="Cost per month.")
    from_: MonthValue | None = Field(
        default=None, alias="from", description="First month (default: start)."
    )
    to: MonthValue | None = Field(
        default=None, description="Last month, inclusive (default: none)."
    )

    @field_validator("to")
    @classmethod
    def _to_not_before_from(cls, value: Month | None, info: ValidationInfo) -> Month | None:
        first = info.data.get("from_")
        if value is not None and first is not None and value < first:
            raise PydanticCustomError("range", f"to {value} is before from {first}")
        return value


class OneOffCost(_Strict):
    """A single payment in one month."""

    id: Text | None = _id_field()
    label: Text
    amount: Money
    date: MonthValue

    @field_validator("date")
    @classmethod
    def _date_not_before_start(cls, value: Month, info: ValidationInfo) -> Month:
        return _check_date(value, info, "one-off cost")


class PerUnitCost(_Strict):
    """A monthly cost per unit (an officer, a vehicle) times a count that changes over time."""

    id: Text | None = _id_field()
    label: Text
    unit_cost: Money = Field(description="Cost of one unit for one month.")
    units: dict[MonthValue, Units] = Field(
        min_length=1,
        description="Month -> count; each count holds from its month until the next key.",
    )
    to: MonthValue | None = Field(default=None, description="Last month, inclusive.")

    @field_validator("units", mode="before")
    @classmethod
    def _no_month_twice(cls, value: object) -> object:
        if isinstance(value, dict):
            seen: dict[Month, object] = {}
            for key in value:
                try:
                    month = Month.parse(key)
                except MonthError:
                    continue  # reported by the key's own validation
                if month in seen:
                    raise PydanticCustomError(
                        "units", f"{seen[month]!s} and {key!s} name the same month {month}"
                    )
                seen[month] = key
        return value


#: The three kinds of cost line, by the tag their union uses.
COST_KINDS: Final[dict[str, type[BaseModel]]] = {
    "recurring": RecurringCost,
    "one_off": OneOffCost,
    "per_unit": PerUnitCost,
}
_KIND_OF_FIELD: Final[dict[str, str]] = {
    "monthly": "recurring",
    "from": "recurring",
    "amount": "one_off",
    "date": "one_off",
    "unit_cost": "per_unit",
    "units": "per_unit",
}
_KIND_FIELDS: Final = {
    "recurring": "monthly (with optional from, to)",
    "one_off": "amount and date",
    "per_unit": "unit_cost and units (with optional to)",
}
COST_FIELDS: Final = (
    "id",
    "label",
    "monthly",
    "from",
    "to",
    "amount",
    "date",
    "unit_cost",
    "units",
)


def cost_kind(value: object) -> str | None:
    """Which kind of cost line a mapping is, by the fields it names; None if unclear."""
    if isinstance(value, BaseModel):
        for kind, model in COST_KINDS.items():
            if isinstance(value, model):
                return kind
        return None
    if not isinstance(value, dict):
        return None
    kinds = {_KIND_OF_FIELD[key] for key in value if key in _KIND_OF_FIELD}
    return kinds.pop() if len(kinds) == 1 else None


def _explain_cost_kind(value: object) -> object:
    if not isinstance(value, dict) or cost_kind(value) is not None:
        return value
    kinds = sorted({_KIND_OF_FIELD[key] for key in value if key in _KIND_OF_FIELD})
    if kinds:
        named = "; ".join(
            f"{kind.replace('_', '-')} ({', '.join(_fields_of_kind(value, kind))})"
            for kind in kinds
        )
        raise PydanticCustomError(
            "cost_kind", f"a cost line is exactly one kind, but this one mixes {named}"
        )
    unknown = [str(k) for k in value if k not in COST_FIELDS]
    hints = "".join(f"; {did_you_mean(key, COST_FIELDS)}" for key in unknown)
    expected = "; ".join(f"{k.replace('_', '-')}: {v}" for k, v in _KIND_FIELDS.items())
    raise PydanticCustomError(
        "cost_kind", f"a cost line needs the fields of one kind ({expected}){hints}"
    )


def _fields_of_kind(value: dict[Any, Any], kind: str) -> list[str]:
    return [str(key) for key in value if _KIND_OF_FIELD.get(key) == kind]


def did_you_mean(key: str, choices: Any) -> str:
    """``unknown key 'ammount' (did you mean 'amount'?)``."""
    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}"


def _months_of_costs(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise PydanticCustomError("reserve", f"expected a number of months above 0, got {value!r}")
    try:
        number = Decimal(value.replace("_", "")) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 < number <= MAX_LEDGER_MONTHS:
        raise PydanticCustomError(
            "reserve",
            f"expected a number of months above 0 and at most {MAX_LEDGER_MONTHS}, got {value}",
        )
    return number


class MonthsOfCosts(_Strict):
    """A reserve of N months of costs: in each month, N times that month's cost lines."""

    months_of_costs: Annotated[
        Decimal,
        PlainValidator(_months_of_costs),
        PlainSerializer(str, return_type=str),
        WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}]}),
    ] = Field(
        description="N > 0, possibly fractional: the reserve in a month is N times that "
        "month's cost lines, rounded to the cent (half to even)."
    )


def _reserve_kind(value: object) -> str:
    return "months" if isinstance(value, (dict, MonthsOfCosts)) else "amount"


Reserve = Annotated[
    Annotated[Money, Tag("amount")] | Annotated[MonthsOfCosts, Tag("months")],
    Discriminator(_reserve_kind),
]
"""The balance a fund must not go below: an amount, or ``{months_of_costs: N}``."""


CostLine = Annotated[
    Annotated[RecurringCost, Tag("recurring")]
    | Annotated[OneOffCost, Tag("one_off")]
    | Annotated[PerUnitCost, Tag("per_unit")],
    Discriminator(cost_kind),
    BeforeValidator(_explain_cost_kind),
]
"""One cost line: recurring, one-off or per unit, told apart by the fields it names."""


ContributionField = Literal["donor", "amount", "status", "date", "currency", "rate", "note", "id"]


class ContributionsFile(_Strict):
    """The mapping form of ``contributions_file``: a spreadsheet as it is."""

    path: Text = Field(description="Path of a .csv or .xlsx file, relative to this file.")
    columns: dict[ContributionField, Text] | None = Field(
        default=None,
        description="Field -> the header text of the column that holds it (a field not "
        "named is read from the column of its own name); other columns are ignored.",
    )
    sheet: Text | None = Field(
        default=None, description="The worksheet of an .xlsx file (default: the first)."
    )


#: What happens to an overdue contribution (dated in or before the last actual month,
#: money still to come): expected in the month after the last actual month, or not at all.
Overdue = Literal["next_month", "drop"]
OVERDUE_CHOICES: Final = ("next_month", "drop")


class Actual(_Strict):
    """What happened in one month: the fund's real closing balance and the money that came."""

    month: MonthValue = Field(description="The month (one entry per month from `start`).")
    closing: SignedMoney = Field(
        description="The fund's real balance at the end of the month, in the scenario's "
        "currency (negative if the fund was overdrawn)."
    )
    received: dict[Text, PositiveMoney] = Field(
        default_factory=dict,
        description="Contribution `id` -> the amount of it that arrived this month, in the "
        "scenario's currency.",
    )
    unplanned: Money = Field(
        default=ZERO, description="Money that came this month from no listed contribution."
    )
    note: Note | None = None


class Scenario(_Strict):
    """A fund, what flows into it, and what it must pay for."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="mss-runway scenario",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    extends: str | None = Field(
        default=None,
        description="Path of a base scenario (relative to this file) that this file varies: "
        "its values replace the base's, list entries with a matching `id` change only the "
        "fields they name, `remove: true` drops one, other entries are appended. Resolved "
        "by the loader.",
    )
    contributions_file: str | ContributionsFile | None = Field(
        default=None,
        description="Path of a CSV or .xlsx file (relative to this file), or {path, columns, "
        "sheet}, with the columns donor, "
        "amount, status, date and optional currency, rate, note, id; its rows are appended to "
        "`contributions`. Resolved by the loader.",
    )
    name: Text = Field(description="What this scenario is.")
    label: Text | None = Field(
        default=None,
        description="A short name for column headings, legends and CSV/Markdown headers "
        "when scenarios are compared (default: `name`).",
    )
    currency: Currency = Field(default="USD", description="ISO 4217 code of every amount.")
    start: MonthValue = Field(description="The first month projected.")
    target: MonthValue | None = Field(
        default=None, description="The last month the fund must pay for."
    )
    opening_balance: Money = Field(
        default=ZERO, description="Cash in the fund at the beginning of `start`."
    )
    fx: dict[Currency, Rate] = Field(
        default_factory=dict,
        description="Currency code -> units of `currency` that one unit of it is worth.",
        json_schema_extra={"propertyNames": schema.CURRENCY},
    )
    contributions: tuple[Contribution, ...] = ()
    costs: tuple[CostLine, ...] = ()
    reserve: Reserve | None = Field(
        default=None,
        description="The balance the fund must not go below: an amount in `currency`, or "
        "`{months_of_costs: N}` (N times each month's cost lines). check and "
        "--fail-on-shortfall fail below it; solve answers for it.",
    )
    assumptions: Assumptions | None = Field(
        default=None,
        description="Defaults by status (committed, pledged) for `probability` and "
        "`delay_months` (simulate).",
    )
    actuals: tuple[Actual, ...] = Field(
        default=(),
        description="What happened, month by month from `start` with no gap: the real closing "
        "balance and the money received. The ledger shows these months as they were and "
        "projects from the last one.",
    )
    overdue: Overdue = Field(
        default="next_month",
        description="A contribution dated in or before the last actual month with money still "
        "to come: expected in the month after it (next_month) or not at all (drop).",
    )
    costs_uncertainty: CostsUncertainty = Field(
        default=Decimal(0),
        description="In each simulated run every cost is scaled by a factor drawn uniformly "
        "from [1 - x, 1 + x] (0 <= x < 1).",
    )

    @field_validator("target")
    @classmethod
    def _target_in_range(cls, value: Month | None, info: ValidationInfo) -> Month | None:
        start = info.data.get("start")
        if value is None or start is None:
            return value
        problem = target_problem(value, start)
        if problem:
            raise PydanticCustomError("range", problem)
        return value

    @field_validator("fx")
    @classmethod
    def _own_currency_rate_is_one(
        cls, value: dict[str, Decimal], info: ValidationInfo
    ) -> dict[str, Decimal]:
        currency = info.data.get("currency")
        if currency in value and value[currency] != 1:
            raise PydanticCustomError(
                "rate",
                f"fx gives {currency}, the scenario's own currency, a rate of "
                f"{value[currency]}; its rate is 1 by definition",
            )
        return value

    @model_validator(mode="after")
    def _whole_scenario_rules(self, info: ValidationInfo) -> Scenario:
        if info.context is not None:
            return self  # the loader's context already checked these at each field
        problems = [
            p
            for c in self.contributions
            for p in (
                before_start_problem(c.date, self.start, "contribution"),
                currency_problem(c.currency, self.currency, self.fx) if c.rate is None else None,
            )
            if p
        ]
        problems += [
            p
            for c in self.costs
            if isinstance(c, OneOffCost)
            for p in [before_start_problem(c.date, self.start, "one-off cost")]
            if p
        ]
        problems += [message for _, message in actuals_problems(self)]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def end_month(self) -> Month:
        """The last month a ledger of this scenario may hold."""
        return self.start + (MAX_LEDGER_MONTHS - 1)


def in_scenario_currency(contribution: Contribution, scenario: Scenario) -> Decimal:
    """A contribution's amount in the scenario's currency, rounded to the cent."""
    code = contribution.currency
    if contribution.rate is not None:
        return multiply(contribution.amount, contribution.rate)
    if code is None or code == scenario.currency:
        return contribution.amount
    return multiply(contribution.amount, scenario.fx[code])


def actuals_problems(scenario: Scenario) -> list[tuple[tuple[str | int, ...], str]]:
    """The rules of ``actuals`` that need the whole scenario, as (path, message): the months
    run from ``start`` one by one, each received id names a contribution, and no
    contribution receives more than its amount."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    contributions = {c.id: c for c in scenario.contributions if c.id is not None}
    left: dict[str, Decimal] = {}
    for key, c in contributions.items():
        with contextlib.suppress(KeyError):  # a currency without a rate: reported at its entry
            left[key] = in_scenario_currency(c, scenario)
    expected = scenario.start
    for n, actual in enumerate(scenario.actuals):
        if actual.month != expected:
            found.append((("actuals", n, "month"), _month_problem(actual.month, expected, n)))
        expected = actual.month + 1
        if actual.month > scenario.end_month:
            found.append(
                (
                    ("actuals", n, "month"),
                    f"{actual.month} is after {scenario.end_month}, the last month a ledger "
                    "of this scenario can hold",
                )
            )
        for key, amount in actual.received.items():
            if key not in contributions:
                found.append((("actuals", n, "received", key), _unknown_id(key, contributions)))
                continue
            if key not in left:
                continue
            if amount > left[key]:
                shown = contributions[key].donor
                found.append(
                    (
                        ("actuals", n, "received", key),
                        f"{format_amount(amount)} received from {key!r} ({shown}) is above "
                        f"the {format_amount(left[key])} left of it by this month",
                    )
                )
            left[key] -= min(amount, left[key])
    return found


def _month_problem(month: Month, expected: Month, n: int) -> str:
    if n == 0:
        return f"actuals start at start; the first entry is {month}, expected {expected}"
    if month == expected + -1:
        return f"{month} is given twice: actuals are one entry per month, so expected {expected}"
    if month < expected:
        before = expected + -1
        return f"{month} is out of order: the entry before is {before}, so expected {expected}"
    return f"{month} leaves a gap: actuals are one entry per month, so expected {expected}"


def _unknown_id(key: str, contributions: dict[str, Contribution]) -> str:
    ids = ", ".join(sorted(str(k) for k in contributions)) or "none"
    hint = did_you_mean(key, [str(k) for k in contributions]).removeprefix(f"unknown key {key!r}")
    return (
        f"no contribution has id {key!r}{hint} (ids: {ids}); only a contribution with an id "
        "can be named here: give it one, e.g. `id: un-2024` on its entry"
    )


def context_for(data: object) -> dict[str, Any]:
    """Validation context from a raw scenario mapping: the scenario-wide values that
    field rules check against, wherever they are themselves valid."""
    context: dict[str, Any] = {}
    if not isinstance(data, dict):
        return context
    with contextlib.suppress(MonthError):
        context["start"] = Month.parse(data.get("start"))
    currency = data.get("currency", "USD")
    if isinstance(currency, str) and CURRENCY_CODE.fullmatch(currency):
        context["currency"] = currency
        fx = data.get("fx") or {}
        context["fx"] = set(fx) if isinstance(fx, dict) else set()
    return context
