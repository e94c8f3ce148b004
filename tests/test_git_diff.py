"""``diff REV:PATH``: a scenario read from a git revision, its ``extends`` and
``contributions_file`` from the same revision; clear errors (exit 2) otherwise."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from .gitrepo import Repo, needs_git, run

pytestmark = needs_git

BASE = """name: Base
start: 2025-01
target: 2025-06
opening_balance: 100_000
costs: [{id: ops, label: Operations, monthly: 20_000}]
"""
VARIANT = """extends: base.yaml
name: Variant
contributions_file: donors.csv
"""
DONORS = "donor,amount,status,date\nA,5000,pledged,2025-02\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Two commits: the base's costs rise 20,000 -> 25,000 a month and A's pledge doubles
    (in the CSV) in the second; the variant file itself never changes."""
    repo = Repo(tmp_path)
    repo.write(
        {
            "scenarios/base.yaml": BASE,
            "scenarios/variant.yaml": VARIANT,
            "scenarios/donors.csv": DONORS,
        },
        "first",
    )
    repo.write(
        {
            "scenarios/base.yaml": BASE.replace("20_000", "25_000"),
            "scenarios/donors.csv": DONORS.replace("5000", "10000"),
        },
        "costs up, A doubles",
    )
    monkeypatch.chdir(tmp_path)
    return repo


def test_extends_and_contributions_file_come_from_the_same_revision(repo: Repo) -> None:
    # Old (HEAD~1): 100k, 20k a month, A 5k in Feb: June closes 100 - 120 + 5 = -15k.
    # New (working tree): 25k a month, A 10k: 100 - 150 + 10 = -40k.
    # The balance at the target is a sum, so each change's effect is its own: the
    # costs 6 x -5k = -30k, A +5k; together -25k = -40k - -15k.
    code, out, err = run(
        "diff", "HEAD~1:scenarios/variant.yaml", "scenarios/variant.yaml", "-f", "json"
    )
    assert code == 0, err
    doc = json.loads(out, parse_float=Decimal)
    assert doc["old"]["balance_at_target"] == Decimal("-15000.00")
    assert doc["new"]["balance_at_target"] == Decimal("-40000.00")
    assert doc["old"]["file"] == "HEAD~1:scenarios/variant.yaml"
    effects = {c["path"]: c["effect"]["balance_at_target"] for c in doc["changes"]}
    assert effects == {
        "contributions[0].amount": Decimal("5000.00"),
        "costs[ops].monthly": Decimal("-30000.00"),
    }


def test_two_revisions_and_a_file_at_the_top_of_the_repository(repo: Repo) -> None:
    repo.write({"top.yaml": BASE}, "a file at the top")
    repo.write({"top.yaml": BASE.replace("100_000", "90_000")}, "less cash")
    code, out, err = run("diff", "HEAD~1:top.yaml", "HEAD:top.yaml", "-f", "json")
    assert code == 0, err
    doc = json.loads(out, parse_float=Decimal)
    assert [c["path"] for c in doc["changes"]] == ["opening_balance"]
    assert doc["total"]["shortfall"] == Decimal("10000.00")


@pytest.mark.parametrize(
    ("old", "message"),
    [
        (
            "HEAD~1:scenarios/nope.yaml",
            "error: HEAD~1:./scenarios/nope.yaml: no such file in HEAD~1",
        ),
        (
            "nosuchrev:scenarios/base.yaml",
            "error: nosuchrev: not a revision of this git repository",
        ),
    ],
)
def test_bad_revisions_are_exit_2(repo: Repo, old: str, message: str) -> None:
    code, _, err = run("diff", old, "scenarios/base.yaml")
    assert code == 2
    assert err.splitlines() == [message]


def test_outside_a_repository_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text(BASE, encoding="utf-8")
    code, _, err = run("diff", "HEAD:x.yaml", "x.yaml")
    assert code == 2
    assert err.strip() == "error: HEAD: not inside a git repository"


def test_missing_git_is_exit_2(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.root / "no-bin"))
    code, _, err = run("diff", "HEAD~1:scenarios/base.yaml", "scenarios/base.yaml")
    assert code == 2
    assert err.startswith("error: git: not found")


def test_a_base_missing_in_the_revision_points_at_extends(repo: Repo) -> None:
    repo.write({"scenarios/lonely.yaml": "extends: gone.yaml\nname: Lonely\n"}, "lonely")
    code, _, err = run("diff", "HEAD:scenarios/lonely.yaml", "scenarios/base.yaml")
    assert code == 2
    assert "HEAD:./scenarios/lonely.yaml:1:10: extends: no such file 'gone.yaml'" in err


def test_check_baseline_says_how_the_shortfall_moved(repo: Repo) -> None:
    # base.yaml at HEAD~1: 100k - 6 x 20k: 20,000.00 short; at HEAD: 25k a month: 50,000.00.
    (repo.root / "scenarios" / "new.yaml").write_text(BASE, encoding="utf-8")
    code, out, err = run(
        "check", "scenarios/base.yaml", "scenarios/new.yaml", "--baseline", "HEAD~1"
    )
    assert code == 1, err
    lines = out.replace("\n        ", " ").splitlines()
    assert lines[0].startswith("FAIL    scenarios/base.yaml (Base): runs out in 2025-05")
    assert lines[0].endswith("against HEAD~1: shortfall 20,000.00 -> 50,000.00 USD (+30,000.00)")
    assert lines[1].endswith("against HEAD~1: not in that revision")
    code, _, err = run("check", "scenarios/base.yaml", "--baseline", "nosuchrev")
    assert code == 2
    assert err.strip() == "error: nosuchrev: not a revision of this git repository"
