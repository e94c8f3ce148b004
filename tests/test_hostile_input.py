"""Hostile input: refused quickly, with a message that points at the right place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mss_runway import loader
from mss_runway.cli import app

runner = CliRunner()

VALID = "name: x\nstart: 2025-01\nopening_balance: 10\n"


def refused(path: Path, where: str, phrase: str) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert f"{path}:{where}" in result.stderr, result.stderr
    assert phrase in result.stderr, result.stderr


def test_billion_laughs_is_refused(write: Callable[..., Path]) -> None:
    """Aliases that would expand to billions of values are refused, not expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        refs = ",".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    path = write("\n".join(lines) + "\n")
    # a0 holds 11 values (the list and its 10 items), a1 = 1 + 10 x 11 = 111, ... a5 = 1,111,111.
    # With the 7 keys, 1,234,573 values stand before a6's items; each *a5 adds 1,111,111:
    # 2,345,684; 3,456,795; 4,567,906; the 4th passes 5,000,000. "a6: &a6 [" is 9 characters
    # and each "*a5," 4, so the 4th alias starts at column 10 + 3 x 4 = 22 of line 7.
    refused(path, "7:22", "a6[3]: the document expands to more than 5,000,000 values")


def test_deep_nesting_is_refused(write: Callable[..., Path]) -> None:
    """A hundred nested lists are refused at the 33rd level, without recursion."""
    path = write("name: " + "[" * 100 + "]" * 100 + "\n")
    # the top mapping is level 1; the 32nd '[' (column 7 + 31 = 38) would open level 33
    refused(path, "1:38", "nesting deeper than 32 levels")


def test_extreme_nesting_is_refused_by_the_parser(write: Callable[..., Path]) -> None:
    """Ten thousand nested lists stop libyaml itself at its depth limit of 1,000."""
    path = write("name: " + "[" * 10_000 + "]" * 10_000 + "\n")
    refused(path, "1:", "exceeded maximum nesting depth")


def test_deep_block_nesting_is_refused(write: Callable[..., Path]) -> None:
    """Deep block mappings are refused the same way."""
    text = "".join(" " * i + "a:\n" for i in range(40))
    path = write(text)
    # the mapping opened by line 33's "a:" (at column 33) would be level 33
    refused(path, "33:33", "nesting deeper than 32 levels")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!timestamp 2025-01-01", "!!timestamp"),
        ("!custom x", "!custom"),
    ],
    ids=["python", "binary", "set", "timestamp", "local-tag"],
)
def test_unknown_tags_are_refused(write: Callable[..., Path], value: str, shown: str) -> None:
    """Any tag beyond plain data types is refused at the tag."""
    path = write(f"name: {value}\nstart: 2025-01\n")
    refused(path, "1:7", f"the tag {shown} is not allowed")


def test_merge_keys_are_refused(write: Callable[..., Path]) -> None:
    """YAML merge keys (<<) are not supported, and say so at the key."""
    path = write(
        "base: &b {label: a, monthly: 1}\nname: x\nstart: 2025-01\n"
        "costs:\n  - <<: *b\n    label: c\n"
    )
    refused(path, "5:5", "merge keys (<<) are not supported")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark (as Windows editors write) is not an error."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (x)\n"


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    """A UTF-16 file is refused with the advice to save it as UTF-8."""
    path = tmp_path / "utf16.yaml"
    path.write_bytes(VALID.encode("utf-16"))
    refused(path, "1:1", "is UTF-16 encoded; save it as UTF-8")


@pytest.mark.parametrize(
    ("line", "where", "phrase"),
    [
        ("opening_balance: 1_000_000_000_000_001", "3:18", "beyond the limit of"),
        ("opening_balance: 1e300", "3:18", "beyond the limit of"),
        ("opening_balance: 0.001", "3:18", "more than two decimal places"),
        ("target: 1899-12", "3:9", "outside the years 1900 to 2200"),
        ("target: 2201-01", "3:9", "outside the years 1900 to 2200"),
    ],
    ids=["above-limit", "exponent", "three-decimals", "before-1900", "after-2200"],
)
def test_absurd_values_are_refused(
    write: Callable[..., Path], line: str, where: str, phrase: str
) -> None:
    """Amounts beyond the documented bound and months outside 1900-2200 are refused."""
    path = write(f"name: x\nstart: 2025-01\n{line}\n")
    refused(path, where, phrase)


def test_largest_allowed_amount_is_accepted(write: Callable[..., Path]) -> None:
    """The bound itself, one quadrillion, is allowed."""
    path = write("name: x\nstart: 2025-01\nopening_balance: 1_000_000_000_000_000\n")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0


def test_a_file_over_the_size_limit_is_refused_unread(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than the limit is refused before it is parsed."""
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 64)
    path = write(VALID + "# " + "x" * 100 + "\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}: is larger than the limit of 64 bytes" in result.stderr


def test_debug_shows_the_traceback_of_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error is exit 3 with a one-line report; --debug lets the traceback out."""

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("mss_runway.projection.forecast", broken)
    path = str(Path(__file__).parent.parent / "scenarios" / "minimal.yaml")
    quiet = runner.invoke(app, ["forecast", path])
    assert quiet.exit_code == 3
    assert "internal error: RuntimeError: boom" in quiet.stderr
    assert "--debug" in quiet.stderr
    loud = runner.invoke(app, ["--debug", "forecast", path])
    assert isinstance(loud.exception, RuntimeError)


@pytest.mark.parametrize("value", [".", "._", "-.", "_1", "+"], ids=repr)
def test_number_like_text_is_text_not_a_crash(write: Callable[..., Path], value: str) -> None:
    """Plain scalars that only look like numbers are text; as money they are refused."""
    path = write(f"name: {value}\nstart: 2025-01\nopening_balance: {value}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert f"{path}:3:18: opening_balance: expected " in result.stderr


def test_huge_unit_counts_are_refused(write: Callable[..., Path]) -> None:
    """A unit count beyond 10,000,000 is refused, so products stay exact."""
    path = write(
        "name: x\nstart: 2025-01\ncosts:\n  - label: officers\n    unit_cost: 999_999_999\n"
        "    units: {2025-01: 123456789123456789}\n"
    )
    refused(path, "6:22", "expected a number of units from 0 to 10,000,000")


def test_money_strings_must_be_plain_decimals(write: Callable[..., Path]) -> None:
    """A money string in exponent form is refused (the schema says the same)."""
    path = write('name: x\nstart: 2025-01\nopening_balance: "2e3"\n')
    refused(path, "3:18", "expected an amount of money such as 1_250.50, got '2e3'")


def test_a_rate_for_the_own_currency_must_be_one(write: Callable[..., Path]) -> None:
    """fx may not give the scenario's own currency a rate other than 1."""
    path = write("name: x\nstart: 2025-01\nfx: {USD: 1.1}\n")
    refused(path, "3:5", "fx gives USD, the scenario's own currency, a rate of 1.1")


def test_a_note_must_be_text(write: Callable[..., Path]) -> None:
    """A note written as a number gets the house message, not the library's."""
    path = write(
        "name: x\nstart: 2025-01\ncontributions:\n"
        "  - {donor: A, amount: 1, status: pledged, date: 2025-01, note: 5}\n"
    )
    refused(path, "4:65", "contributions[0].note: expected text, got 5")


def test_a_count_written_as_text_is_shown_as_text(write: Callable[..., Path]) -> None:
    """Text that is not a count of digits is refused, and the message shows it as the text
    it is (digits in quotes, "3" or "1_032", are a count: YAML 1.2 editors read 1_032 as text)."""
    path = write(
        "name: x\nstart: 2025-01\ncosts:\n  - {label: o, unit_cost: 1, units: {2025-01: '3.5'}}\n"
    )
    # "  - {label: o, unit_cost: 1, units: {2025-01: " is 46 characters: the value is at 47
    refused(path, "4:47", "expected a whole number of units, got '3.5'")


@pytest.mark.parametrize(
    "args",
    [
        ["forecast"],
        ["simulate", "--runs", "50", "--seed", "1"],
        ["solve"],
        ["sensitivity"],
        ["compare", "{path}"],
        ["check"],
    ],
    ids=lambda a: a[0],
)
def test_brackets_in_names_are_text_not_markup(write: Callable[..., Path], args: list[str]) -> None:
    """Names, donors and labels with [brackets] print as written, in every table."""
    path = write(
        'name: "Fund [/draft] [red]x"\nstart: 2025-01\ntarget: 2025-03\nopening_balance: 100\n'
        'contributions: [{donor: "[bold]D[/x]", amount: 5, status: pledged, date: 2025-02}]\n'
        'costs: [{label: "[/]", monthly: 40}]\n'
    )
    command = [args[0], str(path), *(a.format(path=path) for a in args[1:])]
    result = runner.invoke(app, command)
    assert result.exit_code in (0, 1), result.output
    assert "Fund [/draft] [red]x" in result.stdout
