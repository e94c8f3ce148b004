"""Variants (``extends``): the merge rules, chains, and where problems are reported."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.errors import ScenarioError
from mss_runway.fields import MAX_EXTENDS_CHAIN
from mss_runway.loader import load, load_scenario
from mss_runway.projection import Projection, forecast

from .conftest import SCENARIOS

runner = CliRunner()

BASE = """
name: Base
start: 2025-01
target: 2025-06
opening_balance: 100
fx:
  EUR: 1.1
  CAD: 0.7
contributions:
  - {id: de, donor: Germany, amount: 50, status: pledged, date: 2025-02}
  - {id: ca, donor: Canada, amount: 20, status: committed, date: 2025-03}
costs:
  - {id: ops, label: Ops, monthly: 30}
"""


@pytest.fixture
def base(write: Callable[..., Path]) -> Path:
    """The base scenario every test here varies."""
    return write(BASE, "base.yaml")


def problems(path: Path) -> list[str]:
    """The problems loading ``path`` reports, as text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def test_scalars_in_the_child_replace_the_base(base: Path, write: Callable[..., Path]) -> None:
    """name and opening_balance come from the child; start, target and costs from the base."""
    child = write("extends: base.yaml\nname: Child\nopening_balance: 200\n", "child.yaml")
    scenario = load_scenario(child)
    assert (scenario.name, scenario.opening_balance) == ("Child", Decimal("200.00"))
    assert (str(scenario.start), str(scenario.target)) == ("2025-01", "2025-06")
    assert [c.label for c in scenario.costs] == ["Ops"]


def test_fx_entries_replace_one_code_and_keep_the_others(
    base: Path, write: Callable[..., Path]
) -> None:
    """A child's fx entry replaces the base's rate for that code only."""
    child = write("extends: base.yaml\nfx: {EUR: 1.2}\n", "child.yaml")
    assert load_scenario(child).fx == {"EUR": Decimal("1.2"), "CAD": Decimal("0.7")}


def test_entry_with_matching_id_changes_only_the_fields_it_names(
    base: Path, write: Callable[..., Path]
) -> None:
    """Germany's pledge moves to May; its amount, status and donor stay the base's."""
    child = write("extends: base.yaml\ncontributions:\n  - {id: de, date: 2025-05}\n", "child.yaml")
    germany = load_scenario(child).contributions[0]
    assert (germany.donor, germany.amount, germany.status, str(germany.date)) == (
        "Germany",
        Decimal("50.00"),
        "pledged",
        "2025-05",
    )


def test_remove_drops_the_entry_and_others_are_appended(
    base: Path, write: Callable[..., Path]
) -> None:
    """remove: true drops Canada; an entry without a matching id is appended at the end."""
    child = write(
        """
        extends: base.yaml
        contributions:
          - {id: ca, remove: true}
          - {donor: Japan, amount: 5, status: paid, date: 2025-01}
        """,
        "child.yaml",
    )
    contributions = load_scenario(child).contributions
    assert [(c.donor, c.status) for c in contributions] == [
        ("Germany", "pledged"),
        ("Japan", "received"),
    ]


def test_variant_projection_matches_a_hand_computed_ledger(
    base: Path, write: Callable[..., Path]
) -> None:
    """With Germany's 50 moved from February to May, the pledged ledger runs out in June."""
    child = write("extends: base.yaml\ncontributions: [{id: de, date: 2025-05}]\n", "child.yaml")
    result = forecast(load_scenario(child), "pledged")
    # opening 100, costs 30 a month; Canada 20 (committed) in March, Germany 50 in May:
    # Jan 70, Feb 40, Mar 40+20-30=30, Apr 0, May 0+50-30=20, Jun -10.
    closings = [row.closing for row in result.chosen.rows[:6]]
    assert closings == [Decimal(v) for v in ("70", "40", "30", "0", "20", "-10")]
    assert result.chosen.summary.shortfall == Decimal("10.00")


def test_chains_of_extends_apply_in_order(base: Path, write: Callable[..., Path]) -> None:
    """top extends middle extends base: each layer's changes apply over the one below."""
    write(
        "extends: base.yaml\nname: Middle\ncontributions: [{id: de, amount: 60}]\n",
        "middle.yaml",
    )
    top = write("extends: middle.yaml\ncontributions: [{id: de, date: 2025-04}]\n", "top.yaml")
    scenario = load_scenario(top)
    germany = scenario.contributions[0]
    assert scenario.name == "Middle"
    assert (germany.amount, str(germany.date)) == (Decimal("60.00"), "2025-04")


def test_base_in_another_folder_is_relative_to_the_file_that_names_it(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """extends: ../base.yaml from a subfolder finds the base beside that subfolder."""
    write(BASE, "base.yaml")
    (tmp_path / "variants").mkdir()
    child = write("extends: ../base.yaml\nname: Sub\n", "variants/child.yaml")
    assert load_scenario(child).name == "Sub"


def test_cycle_is_an_error_with_the_chain(write: Callable[..., Path]) -> None:
    """a -> b -> a: exit 2, the chain printed, at the extends line that closes the cycle."""
    a = write("extends: b.yaml\nname: A\n", "a.yaml")
    b = write("name: B\nstart: 2025-01\nextends: a.yaml\n", "b.yaml")
    result = runner.invoke(app, ["validate", str(a)])
    assert result.exit_code == 2
    assert f"{b}:3:10: extends: a cycle of extends: {a} -> {b} -> {a}" in result.stderr


def test_missing_base_is_reported_at_the_extends_line(write: Callable[..., Path]) -> None:
    """A base that does not exist: exit 2 at line 2 (the extends key), with the chain."""
    child = write("name: X\nextends: gone.yaml\n", "child.yaml")
    result = runner.invoke(app, ["forecast", str(child)])
    assert result.exit_code == 2
    gone = child.parent / "gone.yaml"
    assert f"{child}:2:10: extends: no such file 'gone.yaml'" in result.stderr
    assert f"(chain: {child} -> {gone})" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".", "'.' is a directory, not a file"),
        ("self.yaml", "names this file itself"),
        ("42", "expected the path of a file, relative to this one, got 42"),
    ],
)
def test_extends_must_name_another_file(
    write: Callable[..., Path], value: str, message: str
) -> None:
    """A directory, the file itself or a non-text value: a problem at the extends value."""
    path = write(f"name: X\nstart: 2025-01\nextends: {value}\n", "self.yaml")
    assert problems(path) == [f"{path}:3:10: extends: {message}"]


def test_chain_length_is_bounded(write: Callable[..., Path]) -> None:
    """A chain of MAX_EXTENDS_CHAIN files loads; one more file is refused at the link that
    would exceed it, with the chain."""
    write("name: Root\nstart: 2025-01\n", "f0.yaml")
    for n in range(1, MAX_EXTENDS_CHAIN + 1):
        write(f"extends: f{n - 1}.yaml\n", f"f{n}.yaml")
    # f15 -> f14 -> ... -> f0 holds 16 files: allowed.
    assert load_scenario(Path(str(write("extends: f14.yaml\n", "f15.yaml")))).name == "Root"
    # f16 -> ... -> f0 holds 17: when f1 (the 16th) names f0, the chain is too long.
    top = write("extends: f15.yaml\n", "f16.yaml")
    found = problems(top)
    assert len(found) == 1
    assert found[0].startswith(f"{top.parent / 'f1.yaml'}:1:10: extends: a chain of more than 16")


def test_bad_value_in_the_base_points_at_the_base(write: Callable[..., Path]) -> None:
    """A bad amount written in the base is reported at the base's file and line."""
    base = write(
        "name: B\nstart: 2025-01\ncosts:\n  - {id: ops, label: Ops, monthly: -1}\n", "b.yaml"
    )
    child = write("extends: b.yaml\nname: C\n", "c.yaml")
    assert problems(child) == [
        f"{base}:4:36: costs[0].monthly: expected an amount of at least 0, got -1"
    ]


def test_bad_change_in_the_child_points_at_the_child(
    base: Path, write: Callable[..., Path]
) -> None:
    """A partial change with a bad value is reported at the child's line, not the base's."""
    child = write("extends: base.yaml\ncosts:\n  - id: ops\n    monthly: -3\n", "child.yaml")
    assert problems(child) == [
        f"{child}:4:14: costs[0].monthly: expected an amount of at least 0, got -3"
    ]


def test_mixed_kinds_after_a_change_point_at_the_child_entry(
    base: Path, write: Callable[..., Path]
) -> None:
    """Giving a recurring cost an amount makes a line of two kinds: reported in the child."""
    child = write("extends: base.yaml\ncosts:\n  - {id: ops, amount: 5}\n", "child.yaml")
    found = problems(child)
    assert len(found) == 1
    assert found[0].startswith(f"{child}:3:5: costs[0]: a cost line is exactly one kind")


def test_remove_of_an_unknown_id_is_an_error(base: Path, write: Callable[..., Path]) -> None:
    """remove: true with an id no base entry has: a problem at the child's id."""
    child = write("extends: base.yaml\ncontributions:\n  - {id: fr, remove: true}\n", "child.yaml")
    assert problems(child) == [
        f"{child}:3:10: contributions[0].id: remove: true needs the id of a base entry, but no "
        "entry of the base's contributions has the id 'fr'"
    ]


def test_remove_with_other_fields_is_an_error(base: Path, write: Callable[..., Path]) -> None:
    """remove: true beside other fields is ambiguous and refused."""
    child = write(
        "extends: base.yaml\ncontributions:\n  - {id: de, remove: true, amount: 3}\n",
        "child.yaml",
    )
    assert problems(child) == [
        f"{child}:3:22: contributions[0].remove: an entry with remove: true names only id, "
        "but this one also names amount"
    ]


def test_duplicate_ids_in_one_list_are_an_error(write: Callable[..., Path]) -> None:
    """Two entries with the same id in one list: a problem at the second id."""
    path = write(
        """
        name: D
        start: 2025-01
        costs:
          - {id: a, label: A, monthly: 1}
          - {id: a, label: B, monthly: 2}
        """
    )
    assert problems(path) == [f"{path}:5:10: costs[1].id: duplicate id 'a': costs[0] has it too"]


def test_where_finds_the_file_that_holds_a_value(base: Path, write: Callable[..., Path]) -> None:
    """Loaded.where points at the base for an inherited target and at the child for its own."""
    child = write("extends: base.yaml\nname: Child\n", "child.yaml")
    loaded = load(child)
    assert loaded.where(("target",)) == (str(base), 3, 9)
    assert loaded.where(("name",)) == (str(child), 2, 7)


def _shipped(name: str) -> Projection:
    """The pledged projection of a shipped scenario."""
    return forecast(load_scenario(SCENARIOS / name), "pledged").chosen


def _shortfall(projection: Projection) -> Decimal:
    """The shortfall through the target; every shipped variant has a target."""
    shortfall = projection.summary.shortfall
    assert shortfall is not None, "no target, so no shortfall"
    return shortfall


def test_shipped_variants_differ_from_their_base_by_hand_computed_amounts() -> None:
    """The variants in scenarios/ change exactly what their comments say."""
    base = _shipped("mss-haiti-2024-11.yaml")
    freeze = _shipped("mss-haiti-us-freeze.yaml")
    late = _shipped("mss-haiti-pledges-late.yaml")
    donors = _shipped("mss-haiti-later-donors.yaml")
    # US freeze: a one-off 13,300,000 outflow in February 2025 adds that to the shortfall.
    assert _shortfall(freeze) - _shortfall(base) == Decimal("13300000.00")
    # Germany's 10,400,000 moves from January to April: January to March are that much lower
    # (rows 2 to 4, counting from November 2024), April on the same.
    gaps = [b.closing - v.closing for b, v in zip(base.rows, late.rows, strict=True)]
    assert gaps[:6] == [Decimal(0), Decimal(0), *[Decimal("10400000.00")] * 3, Decimal(0)]
    # Later donors (CSV): 100,000 received + C$40,000,000 x 0.715 = 28,600,000 pledged.
    assert _shortfall(base) - _shortfall(donors) == Decimal("28700000.00")
