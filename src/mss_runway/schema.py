"""The JSON Schema of a scenario file: the fragments each value type declares, and the
document (:func:`json_schema`) built from the models.

The schema is written so that the validators people run (python-jsonschema,
check-jsonschema, yaml-language-server in an editor; tests/test_schema_validators.py and
tests/test_editor_yaml_language_server.py) agree with ``mss-runway validate`` wherever a
schema can say it. Two choices make that hold:

* **Money** is a number (sign and limit checked) or a string checked by a pattern (sign,
  at most two decimals, at most 10^15, ``_`` between digits). There is no
  ``multipleOf: 0.01``: validators compute it in binary floating point and refuse many
  valid cent amounts (``19.99``; one in nine from 0.00 to 999.99 with python-jsonschema).
  The price: a *number* with more than two decimals (``19.999``) passes the schema;
  ``validate`` refuses it.
* **YAML 1.2**, which editors follow, reads ``1_032`` and ``140_000`` as text. So unit
  counts, like money, accept digit strings with ``_``.

Every pattern is valid both as an ECMAScript and as a Python regular expression. Rules
that depend on other fields or on the calendar beyond a pattern (a date before
``start``, a currency without a rate, ``to`` before ``from``) are ``validate``'s alone.
"""

from __future__ import annotations

from typing import Any, Final

from .money import MAX_AMOUNT, MAX_UNITS

_YEAR = "(?:19[0-9]{2}|2[01][0-9]{2}|2200)"
_LEAP = "(?:19(?:0[48]|[2468][048]|[13579][26])|2[01](?:0[48]|[2468][048]|[13579][26])|2000)"
_DAY_31 = "(?:0[13578]|1[02])(?:-(?:0[1-9]|[12][0-9]|3[01]))?"
_DAY_30 = "(?:0[469]|11)(?:-(?:0[1-9]|[12][0-9]|30))?"
_FEB = "02(?:-(?:0[1-9]|1[0-9]|2[0-8]))?"
#: A real month YYYY-MM or day YYYY-MM-DD from 1900 to 2200 (29 February in leap years).
MONTH_PATTERN: Final = rf"^\s*(?:{_YEAR}-(?:{_DAY_31}|{_DAY_30}|{_FEB})|{_LEAP}-02-29)\s*$"

# Whole part of an amount: up to 15 digits (leading zeros aside), one _ between digits.
_WHOLE = "(?:0_?)*[0-9](?:_?[0-9]){0,14}"
_LIMIT = "1(?:_?0){15}(?:\\.0{1,2})?"  # exactly 10^15, the largest amount
_AMOUNT = rf"(?:{_WHOLE}(?:\.[0-9]{{1,2}})?|{_LIMIT})"
_ZERO = "(?:0_?)*0(?:\\.0{1,2})?"
#: Money written as text, at least 0 ("-0" is zero).
MONEY_TEXT: Final = rf"^\s*(?:\+?{_AMOUNT}|-{_ZERO})\s*$"
#: Money written as text, of either sign (a balance: a fund can be overdrawn).
SIGNED_MONEY_TEXT: Final = rf"^\s*[-+]?{_AMOUNT}\s*$"
#: Money written as text, above 0.
POSITIVE_MONEY_TEXT: Final = rf"^\s*\+?(?!{_ZERO}\s*$){_AMOUNT}\s*$"
#: A count of units written as text (YAML 1.2 reads 1_032 as text), 0 to MAX_UNITS.
UNITS_TEXT: Final = r"^(?:(?:0_?)*[0-9](?:_?[0-9]){0,6}|1(?:_?0){7})$"
# A decimal in exponent form: its range is validate's to check.
_EXPONENT = r"[-+]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)[eE][-+]?[0-9]+"
#: A probability written as text: 0 to 1.
PROBABILITY_TEXT: Final = (
    rf"^\s*(?:\+?(?=\.?[0-9])0*(?:\.[0-9]*)?|\+?0*1(?:\.0*)?|-(?=\.?[0-9])0*(?:\.0*)?"
    rf"|{_EXPONENT})\s*$"
)
#: An exchange rate written as text: above 0 (the upper limit is validate's).
RATE_TEXT: Final = (
    r"^\s*\+?(?=[0-9_.]*[1-9])_*(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)"
    r"(?:[eE][-+]?[0-9]+)?\s*$"
)
CURRENCY_PATTERN: Final = "^[A-Z]{3}$"

MONTH: Final = {
    "type": "string",
    "pattern": MONTH_PATTERN,
    "description": "A month YYYY-MM, or a day YYYY-MM-DD that counts as its month.",
}
_LIMIT_NUMBER: Final = int(MAX_AMOUNT)


def number_or_text(number: dict[str, Any], pattern: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "number", **number}, {"type": "string", "pattern": pattern}]}


MONEY: Final = number_or_text({"minimum": 0, "maximum": _LIMIT_NUMBER}, MONEY_TEXT)
SIGNED_MONEY: Final = number_or_text(
    {"minimum": -_LIMIT_NUMBER, "maximum": _LIMIT_NUMBER}, SIGNED_MONEY_TEXT
)
POSITIVE_MONEY: Final = number_or_text(
    {"exclusiveMinimum": 0, "maximum": _LIMIT_NUMBER}, POSITIVE_MONEY_TEXT
)
UNITS: Final = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_UNITS},
        {"type": "string", "pattern": UNITS_TEXT},
    ]
}
RATE: Final = number_or_text({"exclusiveMinimum": 0, "maximum": 1_000_000}, RATE_TEXT)
PROBABILITY: Final = number_or_text({"minimum": 0, "maximum": 1}, PROBABILITY_TEXT)


def fraction(decimals: int) -> dict[str, Any]:
    """A fraction from 0 up to (not including) 1 with at most ``decimals`` decimals."""
    text = rf"^\s*(?:[-+]?(?=\.?[0-9])0*(?:\.[0-9]{{0,{decimals}}})?|{_EXPONENT})\s*$"
    return number_or_text({"minimum": 0, "exclusiveMaximum": 1}, text)


def delay(most: int) -> dict[str, Any]:
    """``[min, max]`` whole months, each from 0 to ``most``."""
    months = {"type": "integer", "minimum": 0, "maximum": most}
    return {"type": "array", "items": months, "minItems": 2, "maxItems": 2}


#: Text that is not blank.
TEXT: Final = {"type": "string", "minLength": 1, "pattern": r"\S"}
CURRENCY: Final[dict[str, Any]] = {"type": "string", "pattern": CURRENCY_PATTERN}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, generated from the models.

    A file without ``extends`` is checked in full (the ``else`` branch). A file with it is
    a variant (the ``then`` branch): it needs neither ``name`` nor ``start`` (the base has
    them), and a list entry may name only the fields it changes (with ``id``), or ``id``
    and ``remove: true``; the loader checks the merged result in full. Only a variant's
    entries offer ``remove``.
    """
    from .scenario import OneOffCost, PerUnitCost, RecurringCost, Scenario

    schema = Scenario.model_json_schema(by_alias=True)
    props, defs = schema["properties"], schema["$defs"]
    units = defs["PerUnitCost"]["properties"]["units"]
    units.pop("patternProperties", None)
    units["propertyNames"] = MONTH
    units["additionalProperties"] = UNITS
    received = defs["Actual"]["properties"]["received"]
    received.pop("patternProperties", None)
    received["propertyNames"] = TEXT
    received["additionalProperties"] = POSITIVE_MONEY
    lists = ("contributions", "costs")
    strict = {"required": schema.pop("required"), "properties": {k: props[k] for k in lists}}
    remove = {"const": True, "description": "Drop the base entry with this `id`."}
    kinds = [defs[model.__name__] for model in (RecurringCost, OneOffCost, PerUnitCost)]
    changes = {
        "contributions": defs["Contribution"]["properties"],
        "costs": {k: v for kind in kinds for k, v in kind["properties"].items()},
    }
    variant: dict[str, Any] = {}
    for key, fields in changes.items():
        variant[key] = {
            "items": {
                "type": "object",
                "properties": {**fields, "remove": remove},
                "additionalProperties": False,
            }
        }
        props[key] = {k: v for k, v in props[key].items() if k != "items"}
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"properties": variant}
    schema["else"] = strict
    return schema
