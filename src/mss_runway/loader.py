"""Turn a scenario file into a validated :class:`~mss_runway.scenario.Scenario`.

Every problem found is collected and raised together as a :class:`ScenarioError`,
each pointing at its file, line, column and field path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from . import yamldoc
from .assumptions import Assumptions, StatusAssumption
from .errors import Problem, ScenarioError, format_path
from .scenario import (
    COST_FIELDS,
    STATUSES,
    Contribution,
    OneOffCost,
    PerUnitCost,
    RecurringCost,
    Scenario,
    context_for,
    did_you_mean,
)

#: Largest scenario file read (64 MiB: about half a million contributions).
MAX_FILE_BYTES: Final = 64 * 1024 * 1024

_COST_TAGS: Final[dict[str, type[BaseModel]]] = {
    "recurring": RecurringCost,
    "one_off": OneOffCost,
    "per_unit": PerUnitCost,
}


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read, parse and validate one scenario file."""
    name = os.fspath(path)
    return scenario_from_text(read_text(name), name)


def read_text(file: str) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark is allowed and dropped)."""
    path = Path(file)
    try:
        if path.is_dir():
            raise ScenarioError([Problem(file, None, None, "", "is a directory, not a file")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([Problem(file, None, None, "", "no such file")]) from None
    except PermissionError:
        raise ScenarioError(
            [Problem(file, None, None, "", "cannot be read: permission denied")]
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioError([Problem(file, None, None, "", f"cannot be read: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(file, None, None, "", f"is larger than the limit of {MAX_FILE_BYTES:,} bytes")]
        )
    return decode(raw, file)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text of ``raw``; a UTF-8 byte-order mark is dropped. A bad byte is reported
    with its line and column (in characters, as editors count)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError([Problem(file, 1, 1, "", "is UTF-16 encoded; save it as UTF-8")])
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8")) + 1
        raise ScenarioError(
            [
                Problem(
                    file,
                    before.count(b"\n") + 1,
                    column,
                    "",
                    f"is not UTF-8 text: byte 0x{body[exc.start]:02x} is an {exc.reason} "
                    "(save the file as UTF-8)",
                )
            ]
        ) from None


def scenario_from_text(text: str, file: str) -> Scenario:
    """Parse and validate scenario text; ``file`` names it in problems."""
    data = yamldoc.parse(text, file).data
    return scenario_from_data(data, file, text)


def scenario_from_data(data: Any, file: str, text: str) -> Scenario:
    if data is None:
        raise ScenarioError(
            [Problem(file, 1, 1, "", "the file is empty: a scenario needs at least name and start")]
        )
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    f"a scenario is a mapping of keys (name, start, ...), not {_kind(data)}",
                )
            ]
        )
    try:
        return Scenario.model_validate(data, context=context_for(data))
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc, file, text, data)) from None


def problems_from(exc: ValidationError, file: str, text: str, data: Any) -> list[Problem]:
    """Map Pydantic's errors to problems that point into the file."""
    errors = exc.errors(include_url=False, include_context=False)
    cleaned = [_clean(error["loc"]) for error in errors]
    positions = yamldoc.parse(text, file, positions_for=[path for path, _ in cleaned]).positions
    problems = []
    for error, (path, model) in zip(errors, cleaned, strict=True):
        message, at = _describe(error, path, model, data)
        where = _nearest(positions, at)
        problems.append(
            Problem(
                file,
                where.line if where else None,
                where.column if where else None,
                format_path(p for p in path if p != "[key]"),
                message,
            )
        )
    return problems


def _clean(loc: tuple[int | str, ...]) -> tuple[yamldoc.Path, type[BaseModel]]:
    """Drop the union tags Pydantic puts in a path, and tell which model the path ends in."""
    path: list[int | str] = []
    model: type[BaseModel] = Scenario
    for part in loc:
        if len(path) == 2 and path[0] == "costs" and part in _COST_TAGS:
            model = _COST_TAGS[str(part)]
            continue
        path.append(part)
        if len(path) == 2 and path[0] == "contributions":
            model = Contribution
        elif len(path) == 2 and path[0] == "costs":
            model = RecurringCost  # refined by the tag, if any
    if path[:1] == ["assumptions"] and len(path) in (2, 3):
        model = Assumptions if len(path) == 2 else StatusAssumption
    return tuple(path), model


def _fields(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _describe(
    error: Any, path: yamldoc.Path, model: type[BaseModel], data: Any
) -> tuple[str, yamldoc.Path]:
    kind = error["type"]
    if kind == "missing":
        return f"missing required field {path[-1]!r}", path[:-1]
    if kind == "extra_forbidden":
        choices = (
            COST_FIELDS if path[:1] == ("costs",) and model is not Scenario else _fields(model)
        )
        if len(path) == 1:
            choices = _fields(Scenario)
        return did_you_mean(str(path[-1]), choices), (*path, "[key]")
    if kind == "literal_error":
        given = error.get("input")
        return f"expected one of {', '.join(STATUSES)}, got {given!r}", path
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list, got {_kind(error.get('input'))}", path
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping, got {_kind(error.get('input'))}", path
    if kind == "too_short" and path[-1:] == ("units",):
        return "expected at least one month -> count entry", path
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), path
    return str(error["msg"]), path


def _nearest(
    positions: dict[yamldoc.Path, yamldoc.Position], path: yamldoc.Path
) -> yamldoc.Position | None:
    for end in range(len(path), -1, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    return None


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    if value is None:
        return "nothing (null)"
    return f"{value!r}"
