"""Safe, bounded YAML reading that remembers where each value stands.

Builds plain Python data (dict, list, str, int, Decimal, bool, None) straight from
libyaml's event stream, so that:

* numbers with a fraction become ``Decimal`` from the text written (never a float);
* scalars follow the YAML 1.2 core schema (``no`` and ``on`` stay text, dates stay
  text), with ``_`` allowed in numbers as in ``85_000_000``;
* duplicate keys, unknown tags, merge keys (``<<``), several documents, nesting
  deeper than :data:`MAX_DEPTH` and alias expansion beyond :data:`MAX_NODES` are
  problems, reported with their line and column;
* positions are recorded only for the paths asked for, so the fast path stores none.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

import yaml

from .errors import Problem, ScenarioError, format_path

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


#: Deepest nesting of mappings and lists accepted (a scenario needs 4).
MAX_DEPTH: Final = 32
#: Most values a document may hold once aliases are expanded ("billion laughs" guard).
MAX_NODES: Final = 5_000_000

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+(?:_[0-9]+)*")  # 85_000_000: one _ between digits
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"  # 1.5 1. .5 1.5e3
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"  # 15e2
)
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_ALLOWED_TAGS: Final = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


@dataclass(frozen=True)
class Position:
    """Line and column, counting from 1."""

    line: int
    column: int


@dataclass
class Document:
    data: Any
    #: path -> where its value starts; path + ("[key]",) -> where its key starts.
    positions: dict[Path, Position] = field(default_factory=dict)


class _Frame:
    __slots__ = ("anchor", "container", "key", "mark", "path", "size")

    def __init__(
        self, container: dict[Any, Any] | list[Any], path: Path, anchor: str | None, mark: Any
    ) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.mark = mark
        self.key: Any = _NO_KEY
        self.size = 1


_NO_KEY: Final = object()


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _plain(value: str) -> Any:
    if _NULL.fullmatch(value):
        return None
    if _TRUE.fullmatch(value):
        return True
    if _FALSE.fullmatch(value):
        return False
    if _INT.fullmatch(value):
        return int(value.replace("_", ""))
    if _FLOAT.fullmatch(value):
        return Decimal(value.replace("_", ""))
    if _INF.fullmatch(value):
        return Decimal("-Infinity" if value.startswith("-") else "Infinity")
    if _NAN.fullmatch(value):
        return Decimal("NaN")
    return value


def parse(text: str, file: str, *, positions_for: Collection[Path] = ()) -> Document:
    """Read one YAML document. Records the position of every path in ``positions_for``
    and of each of their prefixes. Raises :class:`ScenarioError` on any problem."""
    wanted: set[Path] = set()
    for path in positions_for:
        wanted.update(path[:i] for i in range(len(path) + 1))
    builder = _Builder(file, wanted)
    parser = _Parser(text)
    try:
        builder.run(parser)
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors without marks
        raise ScenarioError([Problem(file, None, None, "", f"not valid YAML: {exc}")]) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return Document(builder.root, builder.positions)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "not valid YAML"
    if exc.context:
        problem = f"{exc.context}, {problem}"
    if mark is None:
        return Problem(file, None, None, "", f"YAML syntax error: {problem}")
    opened = exc.context_mark
    if opened is not None and (opened.line, opened.column) != (mark.line, mark.column):
        problem += f" (the construct began at line {opened.line + 1}, column {opened.column + 1})"
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem += " (a tab: YAML indents with spaces only)"
    return Problem(file, mark.line + 1, mark.column + 1, "", f"YAML syntax error: {problem}")


class _Builder:
    def __init__(self, file: str, wanted: set[Path]) -> None:
        self.file = file
        self.wanted = wanted
        self.positions: dict[Path, Position] = {}
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.root: Any = None
        self.documents = 0

    def path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is not _NO_KEY and isinstance(top.key, (str, int)):
            return (*top.path, top.key)
        return top.path

    def fail(self, mark: Any, message: str, path: Path | None = None) -> None:
        where = _pos(mark) if mark is not None else None
        raise ScenarioError(
            [
                Problem(
                    self.file,
                    where.line if where else None,
                    where.column if where else None,
                    format_path(self.path() if path is None else path),
                    message,
                )
            ]
        )

    def run(self, parser: Any) -> None:
        get = parser.get_event
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                # its values were counted as they came: count only the collection itself
                self.add(frame.container, frame.size, frame.anchor, frame.mark, counted=1)
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.fail(
                        event.start_mark,
                        "a scenario file holds one YAML document, but this one has a second "
                        "(a line '---' starts another)",
                        (),
                    )
            elif kind is yaml.StreamEndEvent:
                return

    def check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in _ALLOWED_TAGS:
            return
        shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
        self.fail(
            event.start_mark, f"the tag {shown} is not allowed: scenarios hold plain data only"
        )

    def start(self, event: Any, container: dict[Any, Any] | list[Any]) -> None:
        self.check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        path = self.path()
        if path in self.wanted:
            self.positions[path] = _pos(event.start_mark)
        self.stack.append(_Frame(container, path, event.anchor, event.start_mark))

    def scalar(self, event: Any) -> None:
        self.check_tag(event)
        tag, text = event.tag, event.value
        top = self.stack[-1] if self.stack else None
        if top is not None and top.key is _NO_KEY and isinstance(top.container, dict):
            self.add(text, 1, event.anchor, event.start_mark)  # a key is its text, as written
            return
        if tag is None or tag == "!":
            value = _plain(text) if event.implicit[0] else text
        elif tag == _TAG + "str":
            value = text
        else:
            value = _plain(text)
            expected = {
                _TAG + "int": int,
                _TAG + "float": Decimal,
                _TAG + "bool": bool,
                _TAG + "null": type(None),
            }.get(tag)
            if expected is not None and type(value) is not expected:
                if tag == _TAG + "float" and type(value) is int:
                    value = Decimal(value)
                else:
                    self.fail(event.start_mark, f"{text!r} is not a valid {tag[len(_TAG) :]}")
        self.add(value, 1, event.anchor, event.start_mark)

    def alias(self, event: Any) -> None:
        try:
            value, size = self.anchors[event.anchor]
        except KeyError:
            self.fail(event.start_mark, f"the alias *{event.anchor} names no anchor before it")
            return
        self.add(value, size, None, event.start_mark)

    def add(
        self, value: Any, size: int, anchor: str | None, mark: Any, counted: int | None = None
    ) -> None:
        """Place ``value`` (``size`` values in all, once aliases are expanded) in its parent;
        ``counted`` is how many of them are new to the running total (default: all)."""
        self.nodes += size if counted is None else counted
        if self.nodes > MAX_NODES:
            self.fail(
                mark,
                f"the document expands to more than {MAX_NODES:,} values"
                + (" (aliases repeating aliases?)" if self.anchors else ""),
            )
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        container = top.container
        if isinstance(container, list):
            here: Path = (*top.path, len(container))
            if here in self.wanted:
                self.positions[here] = _pos(mark)
            container.append(value)
            return
        if top.key is _NO_KEY:
            self.key(top, value, mark)
            return
        key = top.key
        top.key = _NO_KEY
        here = (*top.path, key)
        if here in self.wanted:
            self.positions[here] = _pos(mark)
        container[key] = value

    def key(self, top: _Frame, key: Any, mark: Any) -> None:
        if isinstance(key, (dict, list)):
            self.fail(mark, "a key must be plain text, not a list or mapping")
        if key == "<<":
            self.fail(
                mark,
                "YAML merge keys (<<) are not supported: write the fields out "
                "(or build variants with extends:)",
            )
        if key in top.container:
            self.fail(mark, f"duplicate key {key!r}: each key may appear once", (*top.path, key))
        if not isinstance(key, str):
            key = str(key)
        top.key = key
        path = (*top.path, key)
        if path in self.wanted:
            key_path: Path = (*path, "[key]")
            self.positions[key_path] = _pos(mark)
