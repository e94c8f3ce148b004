"""Turn a scenario file into a validated :class:`~mss_runway.scenario.Scenario`.

Every problem found is collected and raised together as a :class:`ScenarioError`,
each pointing at its file, line, column and field path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from pydantic import BaseModel, ValidationError

from . import donorcsv, spreadsheet, yamldoc
from .assumptions import Assumptions, StatusAssumption
from .errors import Problem, ScenarioError, format_path
from .fields import MAX_EXTENDS_CHAIN, STATUS_SYNONYMS, STATUSES
from .merge import DIRECTIVES, Layer, Origin, Pending, duplicate_ids, layer_of, merge
from .scenario import (
    COST_FIELDS,
    COST_KINDS,
    Actual,
    Contribution,
    MonthsOfCosts,
    RecurringCost,
    Scenario,
    actuals_problems,
    context_for,
    did_you_mean,
)

#: Largest scenario or contributions file read (16 MiB: about 200,000 contributions
#: written in YAML, 370,000 in a CSV). Its values then stay far below yamldoc.MAX_NODES,
#: and a file refused for size is refused before it is parsed.
MAX_FILE_BYTES: Final = 16 * 1024 * 1024


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read, parse and validate one scenario file (following ``extends`` and
    ``contributions_file``)."""
    return load(path).scenario


@dataclass(frozen=True)
class Loaded:
    """A validated scenario, and where each of its values is written."""

    scenario: Scenario
    file: str
    sources: _Sources
    layer: Layer | None = None

    def where(self, path: yamldoc.Path) -> tuple[str, int | None, int | None]:
        """File, line and column of the value at ``path`` (in the merged scenario); for a
        value set in a base file, that file."""
        return self.places([path])[0]

    def places(self, paths: Sequence[yamldoc.Path]) -> list[tuple[str, int | None, int | None]]:
        """:meth:`where` for many paths at once (each file is parsed once for all)."""
        if self.layer is None:
            return self.sources.locate([Origin(self.file, path) for path in paths])
        return self.sources.locate([self.layer.origin(path) for path in paths])

    def raw(self) -> dict[str, Any]:
        """The scenario's data as read, before validation (merged, for a variant)."""
        if self.layer is not None:
            return self.layer.data
        return _mapping(yamldoc.parse(self.sources.texts[self.file], self.file).data, self.file)


def load(path: str | os.PathLike[str]) -> Loaded:
    """Like :func:`load_scenario`, keeping where each value is written. The path ``-`` is
    standard input, named ``<stdin>`` in problems; its relative ``extends`` and
    ``contributions_file`` paths start from the working directory."""
    name = os.fspath(path)
    if name == "-":
        return loaded_from_text(read_stdin(), STDIN)
    return loaded_from_text(read_text(name), name)


#: How problems name a scenario read from standard input.
STDIN: Final = "<stdin>"


def read_stdin() -> str:
    """Standard input's text, with the limits and checks of :func:`read_text`."""
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            [
                Problem(
                    STDIN, None, None, "", f"is larger than the limit of {MAX_FILE_BYTES:,} bytes"
                )
            ]
        )
    return decode(raw, STDIN)


def read_text(file: str) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark is allowed and dropped)."""
    return decode(read_bytes(file), file)


def read_bytes(file: str) -> bytes:
    """The file's bytes, at most :data:`MAX_FILE_BYTES` of them."""
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
    return raw


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


class Files(Protocol):
    """Where the files a scenario names (``extends``, ``contributions_file``) are read
    from: the disk (:data:`DISK`), or a git revision (``history.Revision``)."""

    def read_bytes(self, file: str) -> bytes:
        """The file's bytes (at most :data:`MAX_FILE_BYTES`), or a ScenarioError."""
        ...

    def kind(self, file: str) -> Literal["file", "dir"] | None:
        """Whether ``file`` is a file, a directory, or not there."""
        ...

    def real(self, file: str) -> str:
        """A name that is the same for every path to the same file (to find cycles)."""
        ...


class _Disk:
    def read_bytes(self, file: str) -> bytes:
        return read_bytes(file)

    def kind(self, file: str) -> Literal["file", "dir"] | None:
        if os.path.isdir(file):
            return "dir"
        return "file" if os.path.exists(file) else None

    def real(self, file: str) -> str:
        return os.path.realpath(file)


#: The files on disk, where :func:`load` reads them.
DISK: Final[Files] = _Disk()


def scenario_from_text(text: str, file: str, files: Files = DISK) -> Scenario:
    """Parse and validate scenario text; ``file`` names it in problems (and is where
    relative ``extends`` and ``contributions_file`` paths start from, read from
    ``files``)."""
    return loaded_from_text(text, file, files).scenario


def loaded_from_text(text: str, file: str, files: Files = DISK) -> Loaded:
    data = _mapping(yamldoc.parse(text, file).data, file)
    sources = _Sources({file: text}, files)
    layer: Layer | None = None
    origin: Callable[[yamldoc.Path], Origin]
    if any(key in data for key in DIRECTIVES):
        layer, pending, problems = _layers(file, data, sources)
        data, origin = layer.data, layer.origin
    else:
        origin = _same_file(file)
        pending, problems = duplicate_ids(data, origin), []
    problems += _located(pending, sources)
    checked: Scenario | None = None
    try:
        scenario = checked = _validated(data, sources, origin)
    except ScenarioError as exc:
        problems.extend(exc.problems)
        checked = _actuals_part(data)
    if checked is not None:
        found = actuals_problems(checked)
        places = sources.locate([origin(path) for path, _ in found])
        problems += [
            Problem(file, line, column, format_path(path), message)
            for (path, message), (file, line, column) in zip(found, places, strict=True)
        ]
    if problems:
        raise ScenarioError(problems)
    return Loaded(scenario, file, sources, layer)


#: What the rules of ``actuals`` read: checked on their own when something else is wrong,
#: so that their problems are reported with the others.
_ACTUALS_PART: Final = ("start", "currency", "fx", "contributions", "actuals", "overdue")


def _actuals_part(data: dict[str, Any]) -> Scenario | None:
    """The scenario's actuals and what their rules need, validated alone; None when
    they have problems of their own (already reported) or there are no actuals."""
    if not data.get("actuals"):
        return None
    part = {key: data[key] for key in _ACTUALS_PART if key in data}
    try:
        return Scenario.model_validate({**part, "name": "actuals"}, context=context_for(part))
    except ValidationError:
        return None


def _located(pending: Sequence[Pending], sources: _Sources) -> list[Problem]:
    places = sources.locate([p.origin for p in pending])
    return [
        Problem(file, line, column, p.path, p.message)
        for p, (file, line, column) in zip(pending, places, strict=True)
    ]


def _same_file(file: str) -> Callable[[yamldoc.Path], Origin]:
    return lambda path: Origin(file, path)


def _mapping(data: Any, file: str) -> dict[str, Any]:
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
    return data


def _validated(
    data: dict[str, Any], sources: _Sources, origin: Callable[[yamldoc.Path], Origin]
) -> Scenario:
    try:
        return Scenario.model_validate(data, context=context_for(data))
    except ValidationError as exc:
        raise ScenarioError(problems_from(exc, data, sources, origin)) from None


def problems_from(
    exc: ValidationError,
    data: Any,
    sources: _Sources,
    origin: Callable[[yamldoc.Path], Origin],
) -> list[Problem]:
    """Map Pydantic's errors to problems that point into the file that holds each value."""
    errors = exc.errors(include_url=False, include_context=False)
    described = []
    for error in errors:
        path, model = _clean(error["loc"])
        message, at = _describe(error, path, model, data)
        described.append((format_path(p for p in path if p != "[key]"), message, origin(at)))
    places = sources.locate([at for _, _, at in described])
    return [
        Problem(file, line, column, path, message)
        for (path, message, _), (file, line, column) in zip(described, places, strict=True)
    ]


class _Sources:
    """The texts of the files a scenario was read from, to find where a value stands."""

    def __init__(self, texts: dict[str, str], files: Files = DISK) -> None:
        self.texts = texts
        self.files = files
        self.tables: dict[str, donorcsv.Table | spreadsheet.Sheet] = {}

    def locate(self, origins: Sequence[Origin]) -> list[tuple[str, int | None, int | None]]:
        wanted: dict[str, list[yamldoc.Path]] = {}
        for origin in origins:
            if origin.file in self.texts:
                wanted.setdefault(origin.file, []).append(origin.path)
        positions = {
            file: yamldoc.parse(self.texts[file], file, positions_for=paths).positions
            for file, paths in wanted.items()
        }
        places: list[tuple[str, int | None, int | None]] = []
        for origin in origins:
            table = self.tables.get(origin.file)
            if table is not None:
                row, rest = origin.path[1:2], origin.path[2:3]
                if row and isinstance(row[0], int) and row[0] < len(table.rows):
                    places.append(table.place(row[0], str(rest[0]) if rest else None))
                else:
                    places.append((origin.file, 1, 1))
                continue
            where = _nearest(positions.get(origin.file, {}), origin.path)
            places.append(
                (origin.file, where.line if where else None, where.column if where else None)
            )
        return places


# --- variants and contributions files ---------------------------------------------------


def _layers(
    file: str, data: dict[str, Any], sources: _Sources
) -> tuple[Layer, list[Pending], list[Problem]]:
    """Follow the chain of ``extends`` from ``file`` to its root base, read each file's
    ``contributions_file``, and merge them all, root first. Problems of a contributions
    file are returned (its rows left out) so that they are reported with the others."""
    chain = [(file, data)]
    while "extends" in chain[-1][1]:
        current, current_data = chain[-1]
        base = _linked(current, current_data, "extends", sources, [name for name, _ in chain])
        text = decode(sources.files.read_bytes(base), base)
        sources.texts[base] = text
        chain.append((base, _mapping(yamldoc.parse(text, base).data, base)))
    pending: list[Pending] = []
    problems: list[Problem] = []
    merged: Layer | None = None
    for name, raw in reversed(chain):
        rows: list[dict[str, Any]] = []
        rows_file = ""
        if "contributions_file" in raw:
            try:
                rows_file, columns, sheet = _contributions_file(name, raw, sources)
                table, found = _read_rows(rows_file, columns, sheet, sources.files)
            except ScenarioError as exc:
                problems.extend(exc.problems)
            else:
                problems.extend(found)
                if table is not None:
                    sources.tables[rows_file] = table
                    rows = table.rows
        layer, duplicates = layer_of(name, raw, rows, rows_file)
        pending.extend(duplicates)
        if merged is None:
            merged = layer
        else:
            merged, found_in_merge = merge(merged, layer)
            pending.extend(found_in_merge)
    assert merged is not None
    return merged, pending, problems


def _read_rows(
    file: str, columns: dict[str, str] | None, sheet: str | None, files: Files
) -> tuple[donorcsv.Table | spreadsheet.Sheet | None, list[Problem]]:
    raw = files.read_bytes(file)
    text = None if file.lower().endswith((".xlsx", ".xlsm")) else decode(raw, file)
    return spreadsheet.read_table(raw, text, file, columns, sheet)


_SPEC_KEYS: Final = ("path", "columns", "sheet")


def _contributions_file(
    file: str, data: dict[str, Any], sources: _Sources
) -> tuple[str, dict[str, str] | None, str | None]:
    """The file ``contributions_file`` names (a path, or ``{path, columns, sheet}``), with
    its ``columns`` mapping and ``sheet`` if given."""
    value = data["contributions_file"]
    if not isinstance(value, dict):
        return _linked(file, data, "contributions_file", sources, []), None, None

    def fail(message: str) -> ScenarioError:
        where = sources.locate([Origin(file, ("contributions_file",))])[0]
        return ScenarioError([Problem(*where, "contributions_file", message)])

    unknown = [str(k) for k in value if k not in _SPEC_KEYS]
    if unknown:
        raise fail(f"{did_you_mean(unknown[0], _SPEC_KEYS)}; keys: {', '.join(_SPEC_KEYS)}")
    columns = value.get("columns")
    if columns is not None and (
        not isinstance(columns, dict)
        or not all(isinstance(v, str) and v.strip() for v in columns.values())
    ):
        raise fail("columns: expected a mapping of field -> the header text that holds it")
    if columns is not None:
        bad = [str(k) for k in columns if k not in donorcsv.COLUMNS]
        if bad:
            choices = ", ".join(donorcsv.COLUMNS)
            raise fail(f"columns: {did_you_mean(bad[0], donorcsv.COLUMNS)}; fields: {choices}")
    sheet = value.get("sheet")
    if sheet is not None and (not isinstance(sheet, str) or not sheet.strip()):
        raise fail(f"sheet: expected the name of a sheet, got {_kind(sheet)}")
    if "path" not in value:
        raise fail("missing required key 'path' (the file, relative to this one)")
    path = _linked(file, value, "path", sources, [], at=(file, ("contributions_file", "path")))
    return path, columns, sheet


def _linked(
    file: str,
    data: dict[str, Any],
    key: str,
    sources: _Sources,
    chain: list[str],
    at: tuple[str, yamldoc.Path] | None = None,
) -> str:
    """The path that ``key`` (extends or contributions_file) of ``file`` names, relative to
    ``file``; a problem at that key (or at ``at``) when it names no readable file or
    closes a cycle."""
    value = data[key]

    def fail(message: str) -> ScenarioError:
        origin = Origin(*at) if at else Origin(file, (key,))
        where = sources.locate([origin])[0]
        return ScenarioError([Problem(*where, format_path(origin.path), message)])

    if not isinstance(value, str) or not value.strip():
        raise fail(f"expected the path of a file, relative to this one, got {_kind(value)}")
    target = os.path.normpath(os.path.join(os.path.dirname(file), value))
    shown = " -> ".join([*chain, target])
    files = sources.files
    kind = files.kind(target)
    if kind == "dir":
        raise fail(f"{value!r} is a directory, not a file")
    if kind is None:
        looked = f" (looked for {target})" if target != value else ""
        where = f" (chain: {shown})" if chain else ""
        raise fail(f"no such file {value!r}{looked}{where}")
    real = files.real(target)
    if real == files.real(file):
        raise fail("names this file itself")
    if any(files.real(name) == real for name in chain):
        raise fail(f"a cycle of extends: {shown}")
    if len(chain) >= MAX_EXTENDS_CHAIN:
        raise fail(f"a chain of more than {MAX_EXTENDS_CHAIN} files: {shown}")
    return target


def _clean(loc: tuple[int | str, ...]) -> tuple[yamldoc.Path, type[BaseModel]]:
    """Drop the union tags Pydantic puts in a path, and tell which model the path ends in."""
    path: list[int | str] = []
    model: type[BaseModel] = Scenario
    if loc[:1] == ("reserve",) and loc[1:2] in (("amount",), ("months",)):  # its union's tags
        model = MonthsOfCosts if loc[1] == "months" else Scenario
        loc = loc[:1] + loc[2:]
    for part in loc:
        if len(path) == 2 and path[0] == "costs" and part in COST_KINDS:
            model = COST_KINDS[str(part)]
            continue
        path.append(part)
        if len(path) == 2 and path[0] == "contributions":
            model = Contribution
        elif len(path) == 2 and path[0] == "costs":
            model = RecurringCost  # refined by the tag, if any
        elif len(path) == 2 and path[0] == "actuals":
            model = Actual
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
    if kind == "literal_error" and path[-1:] == ("overdue",):
        return f"expected next_month or drop, got {error.get('input')!r}", path
    if kind == "literal_error":
        given = error.get("input")
        words = ", ".join(STATUSES)
        synonyms = ", ".join(STATUS_SYNONYMS)
        return f"expected one of {words} (or the FTS words {synonyms}), got {given!r}", path
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
