"""Bad scenario input, through the real command line.

Every case must exit 2, print nothing on stdout, never show a traceback, and name on
stderr the exact ``file:line:col`` (counted by hand from the file written here), the
field path and what was expected.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mss_runway.cli import app

runner = CliRunner()

COMMANDS = [pytest.param(["validate"], id="validate"), pytest.param(["forecast"], id="forecast")]


def write_file(tmp_path: Path, text: str | bytes, name: str = "scenario.yaml") -> Path:
    """Write text (UTF-8) or raw bytes to a file in tmp_path and return its path."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def assert_invalid(result: Result, *needles: str) -> None:
    """Exit 2, no traceback anywhere, empty stdout, and every needle on stderr."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in stderr:\n{result.stderr}"


CONTRIBUTION = "name: x\nstart: 2025-01\ncontributions:\n  - donor: A\n"

# (text, "line:col", field path, expected phrase); lines and columns count characters from 1.
FIELD_CASES = [
    pytest.param(
        "name: x\nstart: 2025-01\nnote: a: b\n",
        "3:8",
        "",
        "YAML syntax error: mapping values are not allowed",
        id="syntax-colon-in-plain-value",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\n  opening_balance: 5\n",
        "3:18",
        "",
        "YAML syntax error",
        id="syntax-bad-indentation",
    ),
    pytest.param(
        CONTRIBUTION + "    ammount: 5\n    status: pledged\n    date: 2025-02\n",
        "5:5",
        "contributions[0].ammount",
        "unknown key 'ammount' (did you mean 'amount'?)",
        id="unknown-key-ammount",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balanse: 5\n",
        "3:1",
        "opening_balanse",
        "unknown key 'opening_balanse' (did you mean 'opening_balance'?)",
        id="unknown-key-top-level",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Ops\n    monthly: 5\n    too: 2025-05\n",
        "6:5",
        "costs[0].too",
        "unknown key 'too' (did you mean 'to'?)",
        id="unknown-key-in-cost",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: [1, 2]\n    status: pledged\n    date: 2025-02\n",
        "5:13",
        "contributions[0].amount",
        "expected an amount of money",
        id="amount-is-a-list",
    ),
    pytest.param(
        "name: 42\nstart: 2025-01\n",
        "1:7",
        "name",
        "expected text, got 42",
        id="name-is-a-number",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balance: -5\n",
        "3:18",
        "opening_balance",
        "expected an amount of at least 0",
        id="negative-opening-balance",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: -5\n    status: pledged\n    date: 2025-02\n",
        "5:13",
        "contributions[0].amount",
        "expected an amount above 0",
        id="negative-contribution",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Ops\n    monthly: -10\n",
        "5:14",
        "costs[0].monthly",
        "expected an amount of at least 0",
        id="negative-monthly-cost",
    ),
    pytest.param(
        "name: x\nstart: 2025-13\n",
        "2:8",
        "start",
        "'2025-13' is not a real month",
        id="month-13",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Fee\n    amount: 10\n    date: 2025-02-30\n",
        "6:11",
        "costs[0].date",
        "'2025-02-30' is not a real day: 2025-02 has 28 days",
        id="february-30",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Ops\n    monthly: 10\n"
        "    from: 2025-06\n    to: 2025-03\n",
        "7:9",
        "costs[0].to",
        "to 2025-03 is before from 2025-06",
        id="to-before-from",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: 5\n    status: received\n    date: 2024-12\n",
        "7:11",
        "contributions[0].date",
        "belongs in opening_balance",
        id="contribution-before-start",
    ),
    pytest.param(
        CONTRIBUTION
        + "    amount: 5\n    status: received\n    date: 2025-02\n    currency: EUR\n",
        "8:15",
        "contributions[0].currency",
        "fx has no rate for it",
        id="currency-without-fx",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nfx: {EUR: 1.1}\ncontributions:\n  - donor: A\n    amount: 5\n"
        "    status: pledged\n    date: 2025-02\n    currency: GBP\n",
        "9:15",
        "contributions[0].currency",
        "currency GBP differs",
        id="currency-not-in-fx",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nname: y\n",
        "3:1",
        "name",
        "duplicate key 'name'",
        id="duplicate-top-level-key",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: 5\n    amount: 6\n    status: pledged\n    date: 2025-02\n",
        "6:5",
        "contributions[0].amount",
        "duplicate key 'amount'",
        id="duplicate-nested-key",
    ),
    pytest.param("", "1:1", "", "the file is empty", id="empty-file"),
    pytest.param("# just a comment\n", "1:1", "", "the file is empty", id="comments-only"),
    pytest.param(
        "- name: x\n- start: 2025-01\n",
        "1:1",
        "",
        "a scenario is a mapping of keys (name, start, ...), not a list",
        id="document-is-a-list",
    ),
    pytest.param(
        "hello\n",
        "1:1",
        "",
        "a scenario is a mapping of keys (name, start, ...), not the text 'hello'",
        id="document-is-a-scalar",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balance: NaN\n",
        "3:18",
        "opening_balance",
        "expected an amount of money such as 1_250.50, got 'NaN'",
        id="money-NaN",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balance: .nan\n",
        "3:18",
        "opening_balance",
        "expected a finite amount of money",
        id="money-yaml-nan",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balance: .inf\n",
        "3:18",
        "opening_balance",
        "expected a finite amount of money",
        id="money-inf",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: -.inf\n    status: pledged\n    date: 2025-02\n",
        "5:13",
        "contributions[0].amount",
        "expected a finite amount of money",
        id="money-minus-inf",
    ),
    pytest.param(
        'name: x\nstart: 2025-01\nopening_balance: "abc"\n',
        "3:18",
        "opening_balance",
        "expected an amount of money such as 1_250.50, got 'abc'",
        id="money-abc",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\nopening_balance: 10.123\n",
        "3:18",
        "opening_balance",
        "more than two decimal places",
        id="three-decimal-places",
    ),
    pytest.param(
        CONTRIBUTION + "    amount: 1.005\n    status: pledged\n    date: 2025-02\n",
        "5:13",
        "contributions[0].amount",
        "more than two decimal places",
        id="three-decimal-places-contribution",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Ops\n    monthly: 10\n    amount: 5\n",
        "4:5",
        "costs[0]",
        "a cost line is exactly one kind, but this one mixes",
        id="cost-mixes-kinds",
    ),
    pytest.param(
        'name: !!python/object/apply:os.system ["echo hi"]\nstart: 2025-01\n',
        "1:7",
        "name",
        "the tag !!python/object/apply:os.system is not allowed",
        id="python-object-tag-on-value",
    ),
    pytest.param(
        "!!python/object:mss_runway.Scenario\nname: x\nstart: 2025-01\n",
        "1:1",
        "",
        "the tag !!python/object:mss_runway.Scenario is not allowed",
        id="python-object-tag-on-document",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\n---\nname: y\nstart: 2025-02\n",
        "3:1",
        "",
        "holds one YAML document",
        id="several-documents",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n\t- label: Ops\n",
        "4:1",
        "",
        "a tab: YAML indents with spaces only",
        id="tab-indentation",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Ops\n\t monthly: 5\n",
        "5:1",
        "",
        "a tab: YAML indents with spaces only",
        id="tab-indentation-in-mapping",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ncosts:\n  - label: Officers\n    unit_cost: 10\n"
        "    units:\n      2025-01: 2.5\n",
        "7:16",
        "costs[0].units[2025-01]",
        "expected a whole number of units, got 2.5",
        id="fractional-units",
    ),
    pytest.param(
        "name: x\nstart: 2025-01\ntarget: 2035-01\n",
        "3:9",
        "target",
        "a ledger holds at most 120 months, so from start 2025-01 the last month it can "
        "reach is 2034-12",
        id="target-beyond-120-months",
    ),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("text", "at", "field", "phrase"), FIELD_CASES)
def test_bad_file_is_reported_at_its_line_and_column(
    tmp_path: Path, command: list[str], text: str, at: str, field: str, phrase: str
) -> None:
    """A bad scenario exits 2 with the problem's file:line:col, field path and what was
    expected on stderr, nothing on stdout and no traceback."""
    path = write_file(tmp_path, text)
    result = runner.invoke(app, [*command, str(path)])
    assert_invalid(result, f"{path}:{at}: " + (f"{field}: " if field else ""), phrase)


@pytest.mark.parametrize(
    ("raw", "at", "byte"),
    [
        pytest.param(b"name: caf\xe9\nstart: 2025-01\n", "1:10", "0xe9", id="latin-1-byte"),
        pytest.param(
            b"name: x\nstart: 2025-01\nopening_balance: \xff\n", "3:18", "0xff", id="later-line"
        ),
        # Columns count characters, as in every YAML position: the mug is one column.
        pytest.param(
            "name: \u2615 ".encode() + b"\xff\nstart: 2025-01\n",
            "1:9",
            "0xff",
            id="after-multibyte-character",
        ),
        # A byte-order mark is dropped, not counted; the bad byte is still the one named.
        pytest.param(
            b"\xef\xbb\xbfname: x\nstart: \xff\n", "2:8", "0xff", id="after-byte-order-mark"
        ),
    ],
)
def test_non_utf8_byte_is_located(tmp_path: Path, raw: bytes, at: str, byte: str) -> None:
    """A file that is not UTF-8 exits 2 naming the line, column and value of the bad byte."""
    path = write_file(tmp_path, raw)
    result = runner.invoke(app, ["validate", str(path)])
    assert_invalid(result, f"{path}:{at}: is not UTF-8 text: byte {byte}")


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file(tmp_path: Path, command: list[str]) -> None:
    """A file that does not exist exits 2 with 'no such file'."""
    path = tmp_path / "absent.yaml"
    result = runner.invoke(app, [*command, str(path)])
    assert_invalid(result, f"{path}: no such file")


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file(tmp_path: Path, command: list[str]) -> None:
    """A file that cannot be read exits 2 with 'permission denied'."""
    path = write_file(tmp_path, "name: x\nstart: 2025-01\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        # test_permission_denied.py makes the OS refuse in-process, which holds as root
        pytest.skip("running as a user who can read a mode-000 file (root)")
    result = runner.invoke(app, [*command, str(path)])
    assert_invalid(result, f"{path}: cannot be read: permission denied")


@pytest.mark.parametrize("command", COMMANDS)
def test_directory_given_as_file(tmp_path: Path, command: list[str]) -> None:
    """A directory in place of a file exits 2 saying it is a directory."""
    result = runner.invoke(app, [*command, str(tmp_path)])
    assert_invalid(result, f"{tmp_path}: is a directory, not a file")


def test_validate_several_files_one_bad(tmp_path: Path) -> None:
    """validate with a good and a bad file exits 2, reports the good one ok on stdout and
    the bad one (with its position) only on stderr."""
    good = write_file(tmp_path, "name: Good one\nstart: 2025-01\n", "good.yaml")
    bad = write_file(tmp_path, "name: x\nstart: 2025-13\n", "bad.yaml")
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == f"{good}: ok (Good one)\n"
    assert f"{bad}:2:8: start: '2025-13' is not a real month" in result.stderr
    assert str(good) not in result.stderr
    assert "1 of 2 files invalid" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_all_problems_reported_at_once(tmp_path: Path, command: list[str]) -> None:
    """Three distinct errors on three lines are all reported in one run."""
    path = write_file(
        tmp_path,
        "name: x\nstart: 2025-01\ncontributions:\n  - donor: A\n"
        "    amount: -1\n    status: maybe\n    date: 2025-13\n",
    )
    result = runner.invoke(app, [*command, str(path)])
    assert_invalid(
        result,
        f"{path}:5:13: contributions[0].amount: expected an amount above 0",
        f"{path}:6:13: contributions[0].status: expected one of received, committed, pledged",
        f"{path}:7:11: contributions[0].date: '2025-13' is not a real month",
    )


def test_money_written_with_three_decimals_is_refused(write: Callable[..., Path]) -> None:
    """`1.500` is written with three decimal places: refused, even though it equals 1.50."""
    path = write("name: x\nstart: 2025-01\nopening_balance: 1.500\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:18: opening_balance: amount 1.500 has more than two decimal places" in (
        result.stderr
    )


def test_non_text_key_is_reported_as_an_unknown_key(write: Callable[..., Path]) -> None:
    """A key written as a number is a key like any other: unknown, at the key's position."""
    path = write("name: x\nstart: 2025-01\n5: x\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:1: 5: unknown key '5'" in result.stderr


def test_unclosed_bracket_names_where_it_began(write: Callable[..., Path]) -> None:
    """An unclosed flow list is reported with the line and column where it began."""
    path = write("name: x\nstart: 2025-01\ncosts: [{label: a, monthly: 1}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "(the construct began at line 3, column 8)" in result.stderr
