"""Column headings of compared scenarios (issue 9, short names): a label or the name, on
one line, never repeated."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mss_runway.cli import app
from mss_runway.comparison import distinct_headings, heading_of
from mss_runway.scenario import Scenario

runner = CliRunner()


def test_a_label_heads_the_column_else_the_name_on_one_line() -> None:
    plain = Scenario.model_validate({"name": "Plan\n  B\n", "start": "2025-01"})
    labelled = Scenario.model_validate({"name": "Long", "label": "Short", "start": "2025-01"})
    assert (heading_of(plain), heading_of(labelled)) == ("Plan B", "Short")


def test_unique_headings_are_left_alone() -> None:
    assert distinct_headings([("A", "x/a.yaml"), ("B", "x/a.yaml")]) == ["A", "B"]


def test_a_shared_heading_gets_the_file_name() -> None:
    items = [("A", "x/a.yaml"), ("A", "x/b.yaml"), ("C", "c.yaml")]
    assert distinct_headings(items) == ["A (a.yaml)", "A (b.yaml)", "C"]


def test_equal_file_names_get_the_path_as_given() -> None:
    items = [("A", "x/a.yaml"), ("A", "y/a.yaml"), ("A", "b.yaml")]
    assert distinct_headings(items) == ["A (x/a.yaml)", "A (y/a.yaml)", "A (b.yaml)"]


def test_the_same_file_twice_is_numbered() -> None:
    items = [("A", "a.yaml"), ("A", "a.yaml")]
    assert distinct_headings(items) == ["A (a.yaml)", "A (a.yaml) #2"]


def test_a_reserved_heading_gets_the_file_name() -> None:
    assert distinct_headings([("month", "m.yaml")], reserved={"month"}) == ["month (m.yaml)"]


def test_headings_equal_once_cleaned_get_the_file_name() -> None:
    items = [("=A", "a.yaml"), ("'=A", "b.yaml")]
    quote = lambda s: "'" + s if s.startswith("=") else s  # noqa: E731
    assert distinct_headings(items, clean=quote) == ["'=A (a.yaml)", "'=A (b.yaml)"]


def test_compare_table_shows_labels_and_tells_same_names_apart(tmp_path: Path) -> None:
    text = "name: Plan\nstart: 2025-01\nopening_balance: 10\n"
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(text + "label: Short\n", encoding="utf-8")
    files = [str(tmp_path / f) for f in ("a.yaml", "b.yaml", "c.yaml")]
    result = runner.invoke(app, ["compare", *files], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Plan (a.yaml)" in result.stdout
    assert "Plan (b.yaml)" in result.stdout
    assert "Short" in result.stdout
