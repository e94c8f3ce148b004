"""Markdown as a renderer reads it: markdown-it-py (CommonMark with GFM tables) parses
``compare --format markdown``, ``forecast --format markdown`` and the GitHub step summary
into tables of the right shape, whose cells show names and paths exactly as written,
whatever they hold (line breaks, pipes, backslashes, backticks, HTML-like text)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mss_runway.checks import Verdict
from mss_runway.comparison import compare
from mss_runway.projection import Forecast, forecast
from mss_runway.render.checkreport import step_summary
from mss_runway.render.markdown import compare_markdown, forecast_markdown
from mss_runway.scenario import Scenario

markdown_it = pytest.importorskip("markdown_it")
PARSER = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

BASE = Scenario.model_validate(
    {
        "name": "Base",
        "start": "2025-01",
        "target": "2025-03",
        "opening_balance": 100,
        "costs": [{"label": "Ops", "monthly": 40}],
    }
)
RESULT = forecast(BASE, "pledged")  # closes 60, 20, -20: runs out in 2025-03
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Markup, white space, line breaks and control characters, with plain letters among them.
HOSTILE = st.text(
    alphabet=st.sampled_from(list("ab \\|`*_[]<>&~#!()-+=:.'\"\n\r\t\x01\x0b\u2028é")),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip() != "")


def named(name: str) -> Forecast:
    return dataclasses.replace(RESULT, scenario=BASE.model_copy(update={"name": name}))


def shown(text: str) -> str:
    """What a reader should see: control characters as spaces, the ends trimmed."""
    return CONTROL.sub(" ", text).strip()


def tables(markdown: str) -> list[list[list[tuple[str, list[str]]]]]:
    """Each table: its rows; each row: its cells as (text, the inline token types)."""
    found: list[Any] = []
    tokens = PARSER.parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in {"th_open", "td_open"}:
            inline = tokens[i + 1]
            children = inline.children or []
            text = "".join(c.content for c in children)
            found[-1][-1].append((text, [c.type for c in children]))
    return found


def texts(table: list[list[tuple[str, list[str]]]]) -> list[list[str]]:
    return [[text for text, _ in row] for row in table]


def test_a_name_with_a_trailing_newline_keeps_the_compare_table() -> None:
    """name: | (a YAML block scalar) ends with a newline: the table still renders, its
    header holds the name."""
    comparison = compare([("a.yaml", named("Plan A\n")), ("b.yaml", named("Plan B\n"))], "pledged")
    found = tables(compare_markdown(comparison, monthly=True))
    assert len(found) == 2
    assert texts(found[0])[0] == ["", "Plan A", "Plan B"]
    assert texts(found[1])[0] == ["Month", "Plan A", "Plan B"]
    assert [len(row) for row in found[1]] == [3, 3, 3, 3]  # header and 2025-01..03


def test_a_backslash_pipe_stays_in_its_cell() -> None:
    r"""A literal \| in a name is shown as written, in one cell."""
    comparison = compare([("a.yaml", named(r"a\|b")), ("b.yaml", named("c"))], "pledged")
    found = tables(compare_markdown(comparison))
    assert texts(found[0])[0] == ["", r"a\|b", "c"]


@given(first=HOSTILE, second=HOSTILE)
def test_compare_tables_keep_their_shape_for_any_names(first: str, second: str) -> None:
    """Any two names head their columns in both tables, shown as written (and told apart
    by their paths when alike). Slow under CI (~1.5 s): 500 pairs, each a comparison
    rendered and parsed by markdown-it."""
    comparison = compare([("x/a.yaml", named(first)), ("y/a.yaml", named(second))], "pledged")
    found = tables(compare_markdown(comparison, monthly=True))
    assert len(found) == 2
    summary, matrix = found
    assert [len(row) for row in summary] == [3] * 11  # header and 10 rows, 1 + 2 columns
    assert [len(row) for row in matrix] == [3] * 4
    one_line = [" ".join(name.split()) for name in (first, second)]
    expected = [shown(name) for name in one_line]
    if expected[0] == expected[1]:  # told apart by the path as given
        expected = [shown(f"{one_line[0]} (x/a.yaml)"), shown(f"{one_line[1]} (y/a.yaml)")]
    for table, corner in ((summary, ""), (matrix, "Month")):
        assert texts(table)[0] == [corner, *expected]
        assert all(set(types) <= {"text"} for _, types in table[0][1:])  # no markup made


@given(name=HOSTILE, file=HOSTILE, why=HOSTILE)
def test_step_summary_keeps_its_shape_for_any_name_and_path(name: str, file: str, why: str) -> None:
    """Any name, path and reason: one table of 3 rows of 4 cells, each shown as written.
    About a second under CI: 500 summaries, each parsed by markdown-it."""
    verdicts = [
        Verdict(file, name, "FAIL", (why,)),
        Verdict("plain.yaml", "Plain", "PASS", ("ok",)),
    ]
    found = tables(step_summary(verdicts, "committed"))
    assert len(found) == 1
    rows = texts(found[0])
    assert [len(row) for row in rows] == [4, 4, 4]
    assert rows[1][1:] == [shown(name), shown(file), shown(why)]
    assert all(set(types) <= {"text"} for _, types in found[0][1][1:])


@given(name=HOSTILE)
def test_forecast_heading_and_tables_for_any_name(name: str) -> None:
    """Any name: the heading is one text, shown as written; the tables keep their shape.
    Slow under CI (~2 s): 500 names, each a document rendered and parsed by markdown-it."""
    text = forecast_markdown(named(name))
    tokens = PARSER.parse(text)
    heading = tokens[[t.type for t in tokens].index("heading_open") + 1]
    children = heading.children or []
    assert [c.type for c in children] == ["text"]
    expected = shown(f"{name} (USD; start 2025-01, target 2025-03)")
    assert "".join(c.content for c in children) == expected
    found = tables(text)
    assert [len(rows) for rows in found] == [9, 4]  # summary: 8 rows; ledger: 3 months
