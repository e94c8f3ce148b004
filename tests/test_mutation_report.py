"""benchmarks/mutation.py counts a mutation run as docs/testing.md says: a timeout is a kill,
a mutant no test reaches is a survivor, equivalent mutants leave the denominator, and a stale
or missing equivalence is a problem. Fed mutmut's own files (`mutants/.../X.py.meta`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks import mutation


def meta(root: Path, module: str, results: dict[str, int | None]) -> None:
    path = root / "mutants" / "src" / "mss_runway" / f"{module}.py.meta"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"exit_code_by_key": results}), encoding="utf-8")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    monkeypatch.setattr(mutation, "EQUIVALENT", tmp_path / "mutation_equivalent")
    monkeypatch.setattr(mutation, "diff_of", lambda name: "`a` → `b`")
    (tmp_path / "mutation_equivalent").mkdir()
    return tmp_path


def test_rows_count_timeouts_as_kills_and_leave_equivalents_out(run: Path) -> None:
    # money: 17 killed (1), 1 crash (3), 1 timeout (36), 1 survivor listed as equivalent:
    # 19 of 20 - 1 counted = 100.0%.
    results: dict[str, int | None] = {f"mss_runway.money.x_f__mutmut_{i}": 1 for i in range(17)}
    results["mss_runway.money.x_f__mutmut_17"] = 3
    results["mss_runway.money.x_f__mutmut_18"] = 36
    results["mss_runway.money.x_f__mutmut_19"] = 0
    meta(run, "money", results)
    # importers/fts: 18 killed, 1 survived, 1 no tests (33): 18 / 20 = 90.0%, under the bar.
    fts: dict[str, int | None] = {f"mss_runway.importers.fts.x_g__mutmut_{i}": 1 for i in range(18)}
    fts["mss_runway.importers.fts.x_g__mutmut_18"] = 0
    fts["mss_runway.importers.fts.x_g__mutmut_19"] = 33
    meta(run, "importers/fts", fts)
    (run / "mutation_equivalent" / "money.txt").write_text(
        "# comment\nmss_runway.money.x_f__mutmut_19: the default is the same\n", encoding="utf-8"
    )
    table, problems = mutation.report(mutation.read_results(), mutation.read_equivalent())
    rows = table.splitlines()
    assert "| `importers/fts` | 20 | 18 | 0 | 1 | 1 | 0 | 0 | 90.0% |" in rows
    assert "| `money` | 20 | 18 | 1 | 1 | 0 | 1 | 0 | 100.0% |" in rows
    # all: 40 tried, 36 killed, 1 timeout; 37 / 39 = 94.87...%
    assert "| all | 40 | 36 | 1 | 2 | 1 | 1 | 0 | 94.9% |" in rows
    assert "| `money.x_f__mutmut_19` | `a` → `b` | the default is the same |" in rows
    assert problems == [
        "importers/fts: 90.0% killed, under 95%",
        "survived, not known to be equivalent: mss_runway.importers.fts.x_g__mutmut_18",
        "survived, not known to be equivalent: mss_runway.importers.fts.x_g__mutmut_19",
    ]


def test_a_stale_equivalent_and_unchecked_mutants_are_problems(run: Path) -> None:
    meta(
        run,
        "months",
        {"mss_runway.months.x_h__mutmut_1": 1, "mss_runway.months.x_h__mutmut_2": None},
    )
    (run / "mutation_equivalent" / "months.txt").write_text(
        "mss_runway.months.x_h__mutmut_1: no longer survives\n", encoding="utf-8"
    )
    _, problems = mutation.report(mutation.read_results(), mutation.read_equivalent())
    assert problems == [
        "months: 1 mutant not checked yet",
        "mutation_equivalent/: mss_runway.months.x_h__mutmut_1 is not a surviving mutant",
    ]


def test_an_equivalent_without_a_reason_is_refused(run: Path) -> None:
    equivalent = run / "mutation_equivalent" / "money.txt"
    equivalent.write_text("mss_runway.money.x_f__mutmut_1\n", "utf-8")
    with pytest.raises(SystemExit, match=r"money.txt:1: expected `NAME: reason`"):
        mutation.read_equivalent()


def test_a_module_not_run_says_so_and_its_listed_equivalents_wait(run: Path) -> None:
    """Nothing checked is "not run", not 100%; an equivalent listed for an unchecked mutant
    is not called stale (it is reported as unchecked instead)."""
    meta(run, "merge", {"mss_runway.merge.x_m__mutmut_1": None})
    (run / "mutation_equivalent" / "merge.txt").write_text(
        "mss_runway.merge.x_m__mutmut_1: a reason\n", encoding="utf-8"
    )
    table, problems = mutation.report(mutation.read_results(), mutation.read_equivalent())
    assert "| `merge` | 1 | 0 | 0 | 0 | 0 | 0 | 1 | not run |" in table.splitlines()
    assert problems == ["merge: 1 mutant not checked yet"]


def test_a_pipe_in_a_change_or_a_reason_stays_in_its_cell(
    run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`x: A | None` in a diff, and a `|` in a reason, are escaped (\\|): a Markdown
    renderer (markdown-it with GFM tables, as docs/testing.md is read) keeps three cells."""
    import markdown_it

    monkeypatch.setattr(mutation, "diff_of", lambda name: "`x: A | None = None` → `x = 1`")
    meta(run, "money", {"mss_runway.money.x_f__mutmut_1": 0})
    (run / "mutation_equivalent" / "money.txt").write_text(
        "mss_runway.money.x_f__mutmut_1: a | b is read once\n", encoding="utf-8"
    )
    table, problems = mutation.report(mutation.read_results(), mutation.read_equivalent())
    assert problems == []
    equivalents = table.split("\n\n")[-1]
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(equivalents)
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[-3:] == [
        "`money.x_f__mutmut_1`",
        "`x: A | None = None` → `x = 1`",
        "a | b is read once",
    ]
