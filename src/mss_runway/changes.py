"""What changed between two scenarios, one change at a time (docs/diff.md).

Pure: two validated scenarios in, a list of :class:`Change` out, and :class:`Draft`, the
old scenario with any subset of the changes applied. No I/O.

Matching: entries with an ``id`` are matched by ``id`` only (a renamed id is one removal
and one addition); entries without one are matched among those without one,
contributions by donor and then by order among that donor's entries, costs by label and
then by order. A cost line that changes kind is a removal and an addition. Only fields
the forecast (or a what-if) reads are changes; edits to the others are ``other_edits``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from .months import Month
from .scenario import Scenario, cost_kind

#: Top-level fields it does not read: their edits have no effect. Every other top-level
#: field but these and the lists is a change (a field added to the format later too).
TOP_OTHER: Final = ("name", "label", "assumptions", "costs_uncertainty")
_NOT_TOP: Final = ("extends", "contributions_file", "fx", "contributions", "costs")
#: Top-level fields the forecast reads, in the order changes are listed (``fx`` after).
TOP_FIELDS: Final = tuple(
    name for name in Scenario.model_fields if name not in TOP_OTHER + _NOT_TOP
)
#: Fields of a contribution the forecast or a what-if reads (``donor``: ``--drop``).
CONTRIBUTION_FIELDS: Final = ("donor", "amount", "status", "date", "currency", "rate")
#: Fields of a cost line the forecast reads (``units`` compares month by month).
COST_READ: Final = ("monthly", "from", "to", "amount", "date", "unit_cost", "units")
LISTS: Final = ("contributions", "costs")

Key = tuple[str, int]
"""An entry in a :class:`Draft`: ``("old", i)`` for an entry of the old side (matched or
removed), ``("new", j)`` for an entry only the new side has."""

_ABSENT: Final = object()


@dataclass(frozen=True)
class Change:
    """One change: an entry added or removed, or one field set (``value`` ``None``: the
    field removed)."""

    path: str
    description: str
    old: Any
    new: Any
    #: Where it acts: ("top", field), ("fx", code), (list, key), (list, key, field) or
    #: (list, key, "units", month).
    target: tuple[Any, ...]
    kind: str  # "set", "add" or "remove"
    value: Any = None


@dataclass(frozen=True)
class Diff:
    old: Scenario
    new: Scenario
    changes: tuple[Change, ...]
    other_edits: tuple[Change, ...]
    #: The new side's entries by key, for additions.
    added: dict[str, dict[Key, dict[str, Any]]] = field(default_factory=dict)


def fields_of(model: BaseModel) -> dict[str, Any]:
    """A model's fields that are set, by the name the file uses (``from``, not ``from_``)."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is not None:
            out[info.alias or name] = value
    return out


def plain(value: Any) -> Any:
    """A value as JSON's plain data (months as text, money kept as ``Decimal``)."""
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, BaseModel):
        return plain(fields_of(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def shown(value: Any) -> str:
    """A value in a description."""
    if value is None:
        return "none"
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return str(value)


def _name(list_name: str, entry: BaseModel) -> str:
    return str(getattr(entry, "donor" if list_name == "contributions" else "label"))


def _match_key(list_name: str, entry: BaseModel) -> tuple[str, ...]:
    fields = fields_of(entry)
    if list_name == "contributions":
        return (str(fields["donor"]),)
    return (str(fields["label"]), str(cost_kind(entry)))  # a cost line's kind: never None


def match(
    list_name: str, old: Sequence[BaseModel], new: Sequence[BaseModel]
) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of matched entries, (i, None) for a removal and
    (None, j) for an addition, in old order then the additions in new order.

    An ``id`` on both sides matches by ``id`` only. The others match by donor (costs:
    label and kind) and then by order among those entries, except two entries that both
    have an ``id`` (a renamed id: one removal, one addition). A cost line of another kind
    is never a match."""
    ids_old = {getattr(e, "id", None) for e in old}
    ids_new = {getattr(e, "id", None): j for j, e in enumerate(new)}
    found: dict[int, int] = {}
    for i, entry in enumerate(old):
        ident = getattr(entry, "id", None)
        same = ids_new.get(ident) if ident is not None else None
        if same is not None and (
            list_name == "contributions" or cost_kind(new[same]) == cost_kind(entry)
        ):
            found[i] = same
    taken = set(found.values())
    queues: dict[tuple[str, ...], list[int]] = {}
    for j, entry in enumerate(new):
        ident = getattr(entry, "id", None)
        if j not in taken and (ident is None or ident not in ids_old):
            queues.setdefault(_match_key(list_name, entry), []).append(j)
    for i, entry in enumerate(old):
        ident = getattr(entry, "id", None)
        if i in found or (ident is not None and ident in ids_new):
            continue
        queue = queues.get(_match_key(list_name, entry), [])
        pick = next(
            (j for j in queue if ident is None or getattr(new[j], "id", None) is None), None
        )
        if pick is not None:
            queue.remove(pick)
            found[i] = pick
    pairs: list[tuple[int | None, int | None]] = [(i, found.get(i)) for i in range(len(old))]
    matched = set(found.values())
    pairs.extend((None, j) for j in range(len(new)) if j not in matched)
    return pairs


def _entry_path(list_name: str, entry: BaseModel, index: int) -> str:
    ident = getattr(entry, "id", None)
    return f"{list_name}[{ident if ident is not None else index}]"


def _summary(list_name: str, entry: BaseModel) -> str:
    data = fields_of(entry)
    if list_name == "contributions":
        currency = data.get("currency")
        amount = shown(data["amount"]) + (f" {currency}" if currency else "")
        return f"{data['status']}, {amount}, {data['date']}"
    kind = cost_kind(entry)
    if kind == "recurring":
        span = f"from {data.get('from', 'start')}" + (f" to {data['to']}" if "to" in data else "")
        return f"{shown(data['monthly'])} a month {span}"
    if kind == "one_off":
        return f"{shown(data['amount'])} in {data['date']}"
    units = ", ".join(f"{m}: {n}" for m, n in sorted(data["units"].items()))
    return f"{shown(data['unit_cost'])} a unit a month, units {units}"


def diff(old: Scenario, new: Scenario) -> Diff:
    """Every change from ``old`` to ``new``, in file order: the top-level fields, fx,
    contributions, costs (the order they are found in; within a list, its removals come
    after its other changes)."""
    changes: list[Change] = []
    others: list[Change] = []
    for name in TOP_FIELDS + TOP_OTHER:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            into = changes if name in TOP_FIELDS else others
            into.append(
                Change(
                    name,
                    f"{name} {shown(plain(a))} → {shown(plain(b))}",
                    plain(a),
                    plain(b),
                    ("top", name),
                    "set",
                    b,
                )
            )
    for code in sorted(set(old.fx) | set(new.fx)):
        a, b = old.fx.get(code), new.fx.get(code)
        if a != b:
            changes.append(
                Change(
                    f"fx[{code}]",
                    f"fx {code} {shown(a)} → {shown(b)}",
                    a,
                    b,
                    ("fx", code),
                    "set",
                    b,
                )
            )
    added: dict[str, dict[Key, dict[str, Any]]] = {}
    for list_name in LISTS:
        before: Sequence[BaseModel] = getattr(old, list_name)
        after: Sequence[BaseModel] = getattr(new, list_name)
        added[list_name] = {}
        removals: list[Change] = []
        for i, j in match(list_name, before, after):
            if j is None:
                assert i is not None
                entry = before[i]
                removals.append(
                    Change(
                        _entry_path(list_name, entry, i),
                        f"{_name(list_name, entry)}: removed ({_summary(list_name, entry)})",
                        plain(entry),
                        None,
                        (list_name, ("old", i)),
                        "remove",
                    )
                )
            elif i is None:
                entry = after[j]
                added[list_name][("new", j)] = fields_of(entry)
                changes.append(
                    Change(
                        _entry_path(list_name, entry, j),
                        f"{_name(list_name, entry)}: added ({_summary(list_name, entry)})",
                        None,
                        plain(entry),
                        (list_name, ("new", j)),
                        "add",
                    )
                )
            else:
                found, other = _field_changes(list_name, before[i], after[j], ("old", i), j)
                changes.extend(found)
                others.extend(other)
        changes.extend(removals)
    return Diff(old, new, tuple(changes), tuple(others), added)


def _field_changes(
    list_name: str, a: BaseModel, b: BaseModel, key: Key, index: int
) -> tuple[list[Change], list[Change]]:
    base = _entry_path(list_name, b, index)
    who = _name(list_name, b)
    fa, fb = fields_of(a), fields_of(b)
    read = CONTRIBUTION_FIELDS if list_name == "contributions" else COST_READ
    changes: list[Change] = []
    others: list[Change] = []
    for name in dict.fromkeys([*fa, *fb]):
        va, vb = fa.get(name), fb.get(name)
        if va == vb or name == "id":
            continue
        if name == "units":
            for month in sorted(set(va or {}) | set(vb or {})):
                ua, ub = (va or {}).get(month), (vb or {}).get(month)
                if ua != ub:
                    changes.append(
                        Change(
                            f"{base}.units[{month}]",
                            f"{who}: units in {month} {shown(ua)} → {shown(ub)}",
                            ua,
                            ub,
                            (list_name, key, "units", month),
                            "set",
                            ub,
                        )
                    )
            continue
        change = Change(
            f"{base}.{name}",
            f"{who}: {name} {shown(plain(va))} → {shown(plain(vb))}",
            plain(va),
            plain(vb),
            (list_name, key, name),
            "set",
            vb,
        )
        (changes if name in read else others).append(change)
    return changes, others


class Draft:
    """The old scenario with a subset of the changes applied, as plain fields."""

    def __init__(self, diff: Diff) -> None:
        self.diff = diff
        old = diff.old
        self.top: dict[str, Any] = fields_of(old)
        self.top.pop("extends", None)
        self.top.pop("contributions_file", None)
        self.top["fx"] = dict(old.fx)
        self.lists: dict[str, dict[Key, dict[str, Any] | None]] = {
            name: {("old", i): fields_of(e) for i, e in enumerate(getattr(old, name))}
            for name in LISTS
        }
        for name in LISTS:
            for key in diff.added[name]:
                self.lists[name][key] = None

    def apply(self, change: Change) -> None:
        where = change.target
        if where[0] == "top":
            _set(self.top, where[1], change.value)
        elif where[0] == "fx":
            _set(self.top["fx"], where[1], change.value)
        elif change.kind == "add":
            self.lists[where[0]][where[1]] = dict(self.diff.added[where[0]][where[1]])
        elif change.kind == "remove":
            self.lists[where[0]][where[1]] = None
        else:
            entry = self.lists[where[0]][where[1]]
            assert entry is not None
            if len(where) == 4:
                units = dict(entry["units"])  # a per-unit line always has units
                _set(units, where[3], change.value)
                entry["units"] = units
            else:
                _set(entry, where[2], change.value)

    def scenario(self) -> Scenario | None:
        """The scenario, or None when these changes together are not a valid one."""
        data = {
            **self.top,
            **{
                name: [dict(e) for e in entries.values() if e is not None]
                for name, entries in self.lists.items()
            },
        }
        try:
            # No context: the whole scenario's rules (start, currency, actuals) are checked
            # at the end, as for any scenario not read by the loader.
            return Scenario.model_validate(data)
        except ValidationError:
            return None


def _set(mapping: dict[Any, Any], key: Any, value: Any) -> None:
    if value is None:
        # Set to None only when the old side has a value: the key is there.
        del mapping[key]
    else:
        mapping[key] = value


def applied(diff: Diff, changes: Iterable[Change]) -> Scenario | None:
    """The old scenario with ``changes`` applied; None if that is not a valid scenario."""
    draft = Draft(diff)
    for change in changes:
        draft.apply(change)
    return draft.scenario()
