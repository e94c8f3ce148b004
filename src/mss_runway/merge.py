"""Variants: merging a scenario's raw data onto the raw data of the base it ``extends``.

Pure functions on plain data (no I/O). Every merged value keeps the file it came from
and its path in that file's own data, so that a problem found later, when the merged
data is validated, points at the file and line that hold the bad value.

Rules (docs/variants.md):

* top-level values (``name``, ``start``, ``target``, ...) in the child replace the base's;
* ``fx`` entries in the child replace the base's entry for the same code; others stay;
* an entry of ``contributions`` or ``costs`` whose ``id`` matches a base entry changes
  only the fields it names; with ``remove: true`` (and nothing but ``id``) it drops that
  entry; every other child entry is appended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, overload

from .errors import format_path
from .yamldoc import Path

#: The lists whose entries a variant can change by ``id``.
LISTS: Final = ("contributions", "costs")
#: Keys that tell the loader where to find more data; they are not part of the merge.
DIRECTIVES: Final = ("extends", "contributions_file")


class Origin(NamedTuple):
    """Where a value is written: a file, and the value's path in that file's own data.
    (Named tuples, not dataclasses: a large contributions file makes one per row.)"""

    file: str
    path: Path


class EntryOrigin(NamedTuple):
    """Where a list entry is written; ``fields`` names the fields a variant changed, and
    ``changed`` is the last variant entry that changed it (problems of the entry as a
    whole, such as a mix of two kinds of cost, point there)."""

    origin: Origin
    fields: dict[str, Origin] | None = None
    changed: Origin | None = None


class WithRows(Sequence[EntryOrigin]):
    """The origins of a ``contributions`` list that ends with the rows of a contributions
    CSV: the file's own entries, then ``rows`` rows of ``rows_file`` (row ``k`` at the
    path ``contributions[k]``). A row's origin is made only when asked for (a problem
    there, or a merge): making one per row cost about 110 ms of a 680 ms forecast of
    50,000 rows (30 ms to make them, the rest in the garbage collector's passes over
    those 100,000 tuples)."""

    def __init__(self, own: Sequence[EntryOrigin], rows_file: str, rows: int) -> None:
        self.own = own
        self.rows_file = rows_file
        self.rows = rows

    def __len__(self) -> int:
        return len(self.own) + self.rows

    @overload
    def __getitem__(self, index: int) -> EntryOrigin: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[EntryOrigin]: ...
    def __getitem__(self, index: int | slice) -> EntryOrigin | Sequence[EntryOrigin]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        n = index + len(self) if index < 0 else index
        if not 0 <= n < len(self):
            raise IndexError(index)
        if n < len(self.own):
            return self.own[n]
        return EntryOrigin(Origin(self.rows_file, ("contributions", n - len(self.own))))


@dataclass(frozen=True, slots=True)
class Pending:
    """A problem found while merging, to be located in its file once all are known."""

    origin: Origin
    message: str

    @property
    def path(self) -> str:
        return format_path(p for p in self.origin.path if p != "[key]")


@dataclass
class Layer:
    """Raw scenario data with the origin of every value."""

    file: str
    data: dict[str, Any]
    keys: dict[str, str] = field(default_factory=dict)
    fx: dict[str, str] = field(default_factory=dict)
    entries: dict[str, Sequence[EntryOrigin]] = field(default_factory=dict)

    def origin(self, path: Path) -> Origin:
        """The file and local path of the merged value at ``path``."""
        if not path:
            return Origin(self.file, path)
        key = path[0]
        if key in LISTS and len(path) >= 2 and isinstance(path[1], int):
            entries = self.entries.get(str(key), [])
            if 0 <= path[1] < len(entries):
                entry = entries[path[1]]
                if len(path) >= 3 and entry.fields and path[2] in entry.fields:
                    changed = entry.fields[str(path[2])]
                    return Origin(changed.file, (*changed.path, *path[3:]))
                at = entry.changed if len(path) == 2 and entry.changed else entry.origin
                return Origin(at.file, (*at.path, *path[2:]))
        if key == "fx" and len(path) >= 2 and path[1] in self.fx:
            return Origin(self.fx[str(path[1])], path)
        return Origin(self.keys.get(str(key), self.file), path)


def layer_of(
    file: str, data: dict[str, Any], rows: Sequence[dict[str, Any]] = (), rows_file: str = ""
) -> tuple[Layer, list[Pending]]:
    """One file's data as a layer; ``rows`` (from ``rows_file``, a contributions CSV,
    where row ``k`` has the path ``contributions[k]``) are appended to its contributions.
    Reports ids given twice in a list."""
    own = {k: v for k, v in data.items() if k not in DIRECTIVES}
    layer = Layer(file, own, keys=dict.fromkeys(own, file))
    fx = own.get("fx")
    if isinstance(fx, dict):
        layer.fx = {str(code): file for code in fx}
    for key in LISTS:
        items = own.get(key)
        if isinstance(items, list):
            layer.entries[key] = [EntryOrigin(Origin(file, (key, n))) for n in range(len(items))]
    if rows:
        items = own.setdefault("contributions", [])
        layer.keys.setdefault("contributions", file)
        if isinstance(items, list):
            own["contributions"] = [*items, *rows]
            layer.entries["contributions"] = WithRows(
                layer.entries.get("contributions", []), rows_file, len(rows)
            )
    return layer, duplicate_ids(layer.data, layer.origin)


def duplicate_ids(data: dict[str, Any], origin: Callable[[Path], Origin]) -> list[Pending]:
    """An id given to two entries of one list: a problem at the second."""
    problems = []
    for key in LISTS:
        seen: dict[str, int] = {}
        items = data.get(key)
        for n, item in enumerate(items if isinstance(items, list) else ()):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                where = origin((key, n, "id"))
                problems.append(
                    Pending(where, f"duplicate id {ident!r}: {key}[{seen[ident]}] has it too")
                )
            else:
                seen[ident] = n
    return problems


def merge(base: Layer, child: Layer) -> tuple[Layer, list[Pending]]:
    """``child`` over ``base``, by the rules of this module's docstring."""
    merged = Layer(
        child.file,
        dict(base.data),
        keys=dict(base.keys),
        fx=dict(base.fx),
        entries=dict(base.entries),  # never changed in place: _merge_list makes new lists
    )
    problems: list[Pending] = []
    for key, value in child.data.items():
        old = merged.data.get(key)
        if key == "fx" and isinstance(old, dict) and isinstance(value, dict):
            merged.data[key] = {**old, **value}
            merged.fx.update(child.fx)
        elif key in LISTS and isinstance(old, list) and isinstance(value, list):
            items, origins = _merge_list(
                key, old, merged.entries.get(key, []), value, child.entries[key], problems
            )
            merged.data[key], merged.entries[key] = items, origins
        else:
            merged.data[key] = value
            if key == "fx":
                merged.fx = dict(child.fx)
            if key in LISTS:
                merged.entries[key] = child.entries.get(key, [])
        merged.keys[key] = child.keys.get(key, child.file)
    return merged, problems


def _merge_list(
    key: str,
    base: list[Any],
    base_origins: Sequence[EntryOrigin],
    changes: list[Any],
    change_origins: Sequence[EntryOrigin],
    problems: list[Pending],
) -> tuple[list[Any], list[EntryOrigin]]:
    items = list(base)
    origins = list(base_origins)
    index = {
        item["id"]: n
        for n, item in enumerate(base)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    removed: set[int] = set()
    for change, entry in zip(changes, change_origins, strict=True):
        if not isinstance(change, dict):
            items.append(change)
            origins.append(entry)
            continue
        at = entry.origin
        ident = change.get("id")
        if "remove" in change and change["remove"] is not True:
            problems.append(Pending(_within(at, "remove"), "expected true (or leave it out)"))
            continue
        n = index.get(ident) if isinstance(ident, str) else None
        if n is None:
            if "remove" in change:
                problems.append(
                    Pending(
                        _within(at, "id"),
                        f"remove: true needs the id of a base entry, but no entry of the base's "
                        f"{key} has the id {ident!r}",
                    )
                )
                continue
            items.append(change)
            origins.append(entry)
            continue
        if "remove" in change:
            extra = sorted(str(k) for k in change if k not in ("id", "remove"))
            if extra:
                problems.append(
                    Pending(
                        _within(at, "remove"),
                        f"an entry with remove: true names only id, but this one also names "
                        f"{', '.join(extra)}",
                    )
                )
            removed.add(n)
            continue
        items[n] = {**items[n], **change}
        fields = dict(origins[n].fields or {})
        fields.update({str(k): _within(at, str(k)) for k in change})
        origins[n] = EntryOrigin(origins[n].origin, fields, at)
    if removed:
        keep = [n for n in range(len(items)) if n not in removed]
        items = [items[n] for n in keep]
        origins = [origins[n] for n in keep]
    return items, origins


def _within(origin: Origin, key: str) -> Origin:
    return Origin(origin.file, (*origin.path, key))
