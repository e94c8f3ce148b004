"""The ``extends`` merge on plain data (mss_runway.merge): merged values and where each
one is written, exactly."""

from __future__ import annotations

from typing import Any

import pytest

from mss_runway.merge import EntryOrigin, Layer, Origin, Pending, WithRows, layer_of, merge


def test_rows_of_a_csv_are_origins_made_on_demand() -> None:
    """One own entry, then two CSV rows: row k is contributions[k] of the CSV."""
    own = [EntryOrigin(Origin("a.yaml", ("contributions", 0)))]
    rows = WithRows(own, "d.csv", 2)
    first = EntryOrigin(Origin("d.csv", ("contributions", 0)))
    second = EntryOrigin(Origin("d.csv", ("contributions", 1)))
    assert len(rows) == 3
    assert [rows[0], rows[1], rows[2]] == [own[0], first, second]
    assert (rows[-1], rows[-2], rows[-3]) == (second, first, own[0])
    assert rows[1:] == [first, second]
    assert rows[::-2] == [second, own[0]]
    assert list(rows) == [own[0], first, second]
    for outside in (3, -4):
        with pytest.raises(IndexError):
            rows[outside]


def test_a_pending_problem_s_path_leaves_out_key_markers() -> None:
    pending = Pending(Origin("f.yaml", ("costs", 1, "[key]", "monthly")), "bad")
    assert pending.path == "costs[1].monthly"


def test_one_file_with_csv_rows() -> None:
    """extends is not data; the rows follow the file's own contributions; an id the CSV
    repeats is a problem at the CSV row's id."""
    data: dict[str, Any] = {
        "name": "x",
        "extends": "b.yaml",
        "contributions_file": "d.csv",
        "fx": {"EUR": 1},
        "contributions": [{"id": "a"}],
    }
    layer, problems = layer_of("f.yaml", data, [{"id": "b"}, {"id": "a"}], "d.csv")
    assert layer.data == {
        "name": "x",
        "fx": {"EUR": 1},
        "contributions": [{"id": "a"}, {"id": "b"}, {"id": "a"}],
    }
    assert layer.keys == {"name": "f.yaml", "fx": "f.yaml", "contributions": "f.yaml"}
    assert layer.fx == {"EUR": "f.yaml"}
    assert list(layer.entries["contributions"]) == [
        EntryOrigin(Origin("f.yaml", ("contributions", 0))),
        EntryOrigin(Origin("d.csv", ("contributions", 0))),
        EntryOrigin(Origin("d.csv", ("contributions", 1))),
    ]
    assert problems == [
        Pending(
            Origin("d.csv", ("contributions", 1, "id")),
            "duplicate id 'a': contributions[0] has it too",
        )
    ]
    assert data["contributions"] == [{"id": "a"}]  # the file's own data is not changed


def test_rows_without_contributions_in_the_file() -> None:
    layer, problems = layer_of("f.yaml", {"name": "x"}, [{"id": "b"}], "d.csv")
    assert (layer.data, layer.keys, problems) == (
        {"name": "x", "contributions": [{"id": "b"}]},
        {"name": "f.yaml", "contributions": "f.yaml"},
        [],
    )
    assert layer.origin(("contributions", 0, "amount")) == Origin(
        "d.csv", ("contributions", 0, "amount")
    )


def test_duplicate_ids_in_costs_and_non_text_ids_are_left_alone() -> None:
    data = {"costs": [{"id": "o"}, {"id": 1}, {"id": 1}, "x", {"id": "o"}, {"id": "o"}]}
    assert layer_of("f.yaml", data)[1] == [
        Pending(Origin("f.yaml", ("costs", 4, "id")), "duplicate id 'o': costs[0] has it too"),
        Pending(Origin("f.yaml", ("costs", 5, "id")), "duplicate id 'o': costs[0] has it too"),
    ]


BASE: dict[str, Any] = {
    "name": "B",
    "start": "2025-01",
    "fx": {"EUR": 1, "CAD": 2},
    "contributions": [{"id": "de", "amount": 1}, {"id": "ca", "amount": 2}, "junk"],
    "costs": [{"id": "ops", "monthly": 3}],
}


def merged(child: dict[str, Any]) -> tuple[Layer, list[Pending]]:
    base, none = layer_of("b.yaml", BASE)
    assert none == []
    layer, also_none = layer_of("c.yaml", child)
    assert also_none == []
    return merge(base, layer)


def test_the_child_changes_removes_and_appends() -> None:
    layer, problems = merged(
        {
            "extends": "b.yaml",
            "target": "2025-06",
            "fx": {"EUR": 3},
            "contributions": [
                {"id": "de", "date": "2025-05"},
                {"id": "ca", "remove": True},
                {"donor": "J"},
                7,
            ],
        }
    )
    assert problems == []
    assert layer.file == "c.yaml"
    assert layer.data == {
        "name": "B",
        "start": "2025-01",
        "fx": {"EUR": 3, "CAD": 2},
        "contributions": [{"id": "de", "amount": 1, "date": "2025-05"}, "junk", {"donor": "J"}, 7],
        "costs": [{"id": "ops", "monthly": 3}],
        "target": "2025-06",
    }
    where = {
        ("name",): ("b.yaml", ("name",)),
        ("target",): ("c.yaml", ("target",)),
        ("fx",): ("c.yaml", ("fx",)),
        ("fx", "EUR"): ("c.yaml", ("fx", "EUR")),
        ("fx", "CAD"): ("b.yaml", ("fx", "CAD")),
        ("fx", "GBP"): ("c.yaml", ("fx", "GBP")),
        ("contributions", 0): ("c.yaml", ("contributions", 0)),
        ("contributions", 0, "date"): ("c.yaml", ("contributions", 0, "date")),
        ("contributions", 0, "date", 1): ("c.yaml", ("contributions", 0, "date", 1)),
        ("contributions", 0, "amount"): ("b.yaml", ("contributions", 0, "amount")),
        ("contributions", 1): ("b.yaml", ("contributions", 2)),
        ("contributions", 1, "x"): ("b.yaml", ("contributions", 2, "x")),
        ("contributions", 2, "donor"): ("c.yaml", ("contributions", 2, "donor")),
        ("contributions", 3): ("c.yaml", ("contributions", 3)),
        ("contributions", 4): ("c.yaml", ("contributions", 4)),
        ("contributions", -1): ("c.yaml", ("contributions", -1)),
        ("contributions", "x"): ("c.yaml", ("contributions", "x")),
        ("costs", 0, "monthly"): ("b.yaml", ("costs", 0, "monthly")),
        ("costs",): ("b.yaml", ("costs",)),
        (): ("c.yaml", ()),
    }
    assert {path: layer.origin(path) for path in where} == where
    # the base is left as it was
    base, _ = layer_of("b.yaml", BASE)
    assert BASE["contributions"] == [{"id": "de", "amount": 1}, {"id": "ca", "amount": 2}, "junk"]
    assert base.origin(("contributions", 1)) == Origin("b.yaml", ("contributions", 1))


def test_entries_after_one_that_is_not_a_mapping_are_still_merged() -> None:
    """A child entry that is not a mapping (7) is appended as it is, for validation to
    refuse, and the entries after it are still merged: de's change and a new entry. An id
    that is not text (a list) is never looked up among the base's ids: the entry is
    appended, again for validation to refuse."""
    layer, problems = merged(
        {"contributions": [7, {"id": "de", "amount": 5}, {"id": ["x"]}, {"donor": "J"}]}
    )
    assert problems == []
    assert layer.data["contributions"] == [
        {"id": "de", "amount": 5},
        {"id": "ca", "amount": 2},
        "junk",
        7,
        {"id": ["x"]},
        {"donor": "J"},
    ]
    assert layer.origin(("contributions", 0, "amount")) == Origin(
        "c.yaml", ("contributions", 1, "amount")
    )
    assert layer.origin(("contributions", 5)) == Origin("c.yaml", ("contributions", 3))


def test_a_chain_keeps_the_fields_each_layer_changed() -> None:
    """top changes de's date over middle's amount: each field points at its own file, the
    entry as a whole at the last change."""
    base, _ = layer_of("b.yaml", BASE)
    middle, _ = layer_of("m.yaml", {"contributions": [{"id": "de", "amount": 5}]})
    top, _ = layer_of("t.yaml", {"contributions": [{"id": "de", "date": "2025-05"}]})
    layer, problems = merge(merge(base, middle)[0], top)
    assert problems == []
    assert layer.data["contributions"][0] == {"id": "de", "amount": 5, "date": "2025-05"}
    assert [layer.origin(("contributions", 0, key)) for key in ("amount", "date", "id")] == [
        Origin("m.yaml", ("contributions", 0, "amount")),
        Origin("t.yaml", ("contributions", 0, "date")),
        Origin("t.yaml", ("contributions", 0, "id")),
    ]
    assert layer.origin(("contributions", 0)) == Origin("t.yaml", ("contributions", 0))


def test_bad_removals_are_problems_at_the_child() -> None:
    layer, problems = merged(
        {
            "contributions": [
                {"id": "de", "remove": "yes"},
                {"id": "fr", "remove": True},
                {"id": "ca", "remove": True, "b": 1, "amount": 3},
                {"remove": True},
            ]
        }
    )
    assert problems == [
        Pending(
            Origin("c.yaml", ("contributions", 0, "remove")), "expected true (or leave it out)"
        ),
        Pending(
            Origin("c.yaml", ("contributions", 1, "id")),
            "remove: true needs the id of a base entry, but no entry of the base's "
            "contributions has the id 'fr'",
        ),
        Pending(
            Origin("c.yaml", ("contributions", 2, "remove")),
            "an entry with remove: true names only id, but this one also names amount, b",
        ),
        Pending(
            Origin("c.yaml", ("contributions", 3, "id")),
            "remove: true needs the id of a base entry, but no entry of the base's "
            "contributions has the id None",
        ),
    ]
    assert layer.data["contributions"] == [{"id": "de", "amount": 1}, "junk"]


def test_values_of_another_shape_replace_the_base_s() -> None:
    """fx or a list that is not a mapping or a list on one side is replaced whole, with
    the child's origins."""
    base, _ = layer_of("b.yaml", {"fx": "bad", "costs": "none", "contributions": [{"id": "x"}]})
    child, _ = layer_of(
        "c.yaml", {"fx": {"EUR": 1}, "costs": [{"id": "o"}], "contributions": "none"}
    )
    layer, problems = merge(base, child)
    assert (layer.data, problems) == (
        {"fx": {"EUR": 1}, "costs": [{"id": "o"}], "contributions": "none"},
        [],
    )
    assert layer.fx == {"EUR": "c.yaml"}
    assert layer.entries == {
        "costs": [EntryOrigin(Origin("c.yaml", ("costs", 0)))],
        "contributions": [],  # not a list: no entries, not the base's
    }
    assert layer.origin(("costs", 0, "id")) == Origin("c.yaml", ("costs", 0, "id"))
    back, _ = merge(child, layer_of("d.yaml", {"fx": 5})[0])
    assert (back.data["fx"], back.fx) == (5, {})
