"""The loader's problems, exactly as a user reads them (issue 15: mutation testing).

Each case writes files in a temporary directory (the working directory, so that file names
in messages are short and known), loads one, and compares every problem's whole line
``FILE:LINE:COL: field: message`` with one written by hand: lines and columns are counted
from 1, in characters, from the text written here.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Literal

import pytest

from mss_runway import loader
from mss_runway.errors import ScenarioError
from mss_runway.loader import MAX_FILE_BYTES, load

BASE = "name: Base\nstart: 2025-01\n"


def problems(name: str) -> list[str]:
    """The lines of every problem loading ``name`` raises (it must raise)."""
    with pytest.raises(ScenarioError) as caught:
        load(name)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(here: Path, name: str, text: str | bytes) -> str:
    path = here / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return name


# --- reading bytes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        pytest.param(
            b"\xff\xfename: x\n", "f.yaml:1:1: is UTF-16 encoded; save it as UTF-8", id="le"
        ),
        pytest.param(
            b"\xfe\xffname: x\n", "f.yaml:1:1: is UTF-16 encoded; save it as UTF-8", id="be"
        ),
        pytest.param(
            b"name: \xff\nstart: 2025-01\n",
            "f.yaml:1:7: is not UTF-8 text: byte 0xff is an invalid start byte "
            "(save the file as UTF-8)",
            id="first-line",
        ),
        pytest.param(
            b"name: x\nstart: 2025-01\nlabel: caf\xe9\n",
            "f.yaml:3:11: is not UTF-8 text: byte 0xe9 is an invalid continuation byte "
            "(save the file as UTF-8)",
            id="third-line",
        ),
        pytest.param(
            b"\xef\xbb\xbfname: x\nstart: \xff\n",
            "f.yaml:2:8: is not UTF-8 text: byte 0xff is an invalid start byte "
            "(save the file as UTF-8)",
            id="after-byte-order-mark",
        ),
    ],
)
def test_bytes_that_are_not_utf8(here: Path, raw: bytes, line: str) -> None:
    """UTF-16 and bad bytes are refused at the byte's line and column, named by value."""
    assert problems(put(here, "f.yaml", raw)) == [line]


def test_byte_order_mark_is_dropped(here: Path) -> None:
    """A UTF-8 byte-order mark is not part of the first key."""
    assert load(put(here, "f.yaml", b"\xef\xbb\xbfname: x\nstart: 2025-01\n")).scenario.name == "x"


def test_file_of_the_largest_size_is_read_and_one_byte_more_is_not(here: Path) -> None:
    """Exactly MAX_FILE_BYTES (16 MiB) is read (here: found to be UTF-16); one byte more
    is refused for its size, before it is decoded. About 1 s: it writes and reads two
    16 MiB files."""
    assert MAX_FILE_BYTES == 16_777_216
    put(here, "limit.yaml", b"\xff\xfe" + b"a" * (MAX_FILE_BYTES - 2))
    assert problems("limit.yaml") == ["limit.yaml:1:1: is UTF-16 encoded; save it as UTF-8"]
    put(here, "over.yaml", b"\xff\xfe" + b"a" * (MAX_FILE_BYTES - 1))
    assert problems("over.yaml") == ["over.yaml: is larger than the limit of 16,777,216 bytes"]


class _Stdin:
    def __init__(self, raw: bytes) -> None:
        self.buffer = io.BytesIO(raw)


def test_standard_input_is_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` reads standard input; its problems name <stdin>; a good one loads."""
    monkeypatch.setattr(sys, "stdin", _Stdin(b"name: x\nstart: 2025-13\n"))
    assert problems("-") == [
        "<stdin>:2:8: start: '2025-13' is not a real month: month 13 is not 01 to 12"
    ]
    monkeypatch.setattr(sys, "stdin", _Stdin(b"name: \xff\n"))
    assert problems("-") == [
        "<stdin>:1:7: is not UTF-8 text: byte 0xff is an invalid start byte "
        "(save the file as UTF-8)"
    ]
    monkeypatch.setattr(sys, "stdin", _Stdin(b"name: In\nstart: 2025-01\n"))
    assert loader.load_scenario("-").name == "In"


def test_standard_input_of_the_largest_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input has the same limit as a file: 16 MiB is read, one byte more is not."""
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xff\xfe" + b"a" * (MAX_FILE_BYTES - 2)))
    assert problems("-") == ["<stdin>:1:1: is UTF-16 encoded; save it as UTF-8"]
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xff\xfe" + b"a" * (MAX_FILE_BYTES - 1)))
    assert problems("-") == ["<stdin>: is larger than the limit of 16,777,216 bytes"]


def test_files_that_cannot_be_read(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Missing, a directory, a name too long, permission denied: one line each."""
    (here / "folder").mkdir()
    assert problems("absent.yaml") == ["absent.yaml: no such file"]
    assert problems("folder") == ["folder: is a directory, not a file"]
    long = "x" * 300 + ".yaml"
    assert problems(long) == [f"{long}: cannot be read: File name too long"]
    put(here, "locked.yaml", BASE)

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert problems("locked.yaml") == ["locked.yaml: cannot be read: permission denied"]


# --- what the document is ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", "f.yaml:1:1: the file is empty: a scenario needs at least name and start"),
        ("- a\n", "f.yaml:1:1: a scenario is a mapping of keys (name, start, ...), not a list"),
        ("5\n", "f.yaml:1:1: a scenario is a mapping of keys (name, start, ...), not 5"),
        (
            "hi\n",
            "f.yaml:1:1: a scenario is a mapping of keys (name, start, ...), not the text 'hi'",
        ),
    ],
)
def test_a_document_that_is_not_a_mapping(here: Path, text: str, line: str) -> None:
    assert problems(put(here, "f.yaml", text)) == [line]


# --- extends ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("5", "5"),
        ("true", "True"),
        ('""', "the text ''"),
        ('"  "', "the text '  '"),
        ("null", "nothing (null)"),
        ("[a]", "a list"),
        ("{a: 1}", "a mapping"),
    ],
)
def test_extends_that_is_not_a_path(here: Path, value: str, got: str) -> None:
    put(here, "v.yaml", f"name: V\nextends: {value}\n")
    assert problems("v.yaml") == [
        f"v.yaml:2:10: extends: expected the path of a file, relative to this one, got {got}"
    ]


def test_extends_that_names_no_file(here: Path) -> None:
    """The path is shown as written, with where it was looked for when that differs, and
    the chain of files so far when there is one."""
    (here / "sub").mkdir()
    put(here, "dir.yaml", "extends: sub\n")
    assert problems("dir.yaml") == ["dir.yaml:1:10: extends: 'sub' is a directory, not a file"]
    put(here, "a.yaml", "extends: none.yaml\n")
    assert problems("a.yaml") == [
        "a.yaml:1:10: extends: no such file 'none.yaml' (chain: a.yaml -> none.yaml)"
    ]
    put(here, "b.yaml", "extends: ./x/../none.yaml\n")
    assert problems("b.yaml") == [
        "b.yaml:1:10: extends: no such file './x/../none.yaml' (looked for none.yaml) "
        "(chain: b.yaml -> none.yaml)"
    ]
    put(here, "c.yaml", "name: C\nextends: b.yaml\n")
    assert problems("c.yaml") == [
        "b.yaml:1:10: extends: no such file './x/../none.yaml' (looked for none.yaml) "
        "(chain: c.yaml -> b.yaml -> none.yaml)"
    ]
    put(here, "d/d.yaml", "extends: ../a.yaml\n")
    assert problems("d/d.yaml") == [
        "a.yaml:1:10: extends: no such file 'none.yaml' (chain: d/d.yaml -> a.yaml -> none.yaml)"
    ]


def test_extends_of_itself_and_cycles(here: Path) -> None:
    put(here, "self.yaml", "name: S\nextends: ./self.yaml\n")
    assert problems("self.yaml") == ["self.yaml:2:10: extends: names this file itself"]
    put(here, "a.yaml", "extends: b.yaml\n")
    put(here, "b.yaml", "name: B\nextends: a.yaml\n")
    assert problems("a.yaml") == [
        "b.yaml:2:10: extends: a cycle of extends: a.yaml -> b.yaml -> a.yaml"
    ]
    put(here, "c.yaml", "extends: a.yaml\n")
    assert problems("c.yaml") == [
        "b.yaml:2:10: extends: a cycle of extends: c.yaml -> a.yaml -> b.yaml -> a.yaml"
    ]


def test_chain_of_sixteen_files_loads_and_seventeen_does_not(here: Path) -> None:
    """MAX_EXTENDS_CHAIN is 16 files, the first included."""
    for n in range(1, 17):
        put(here, f"c{n:02d}.yaml", f"extends: c{n + 1:02d}.yaml\nlabel: L{n}\n")
    put(here, "c17.yaml", BASE)
    assert load("c02.yaml").scenario.label == "L2"
    shown = " -> ".join(f"c{n:02d}.yaml" for n in range(1, 18))
    assert problems("c01.yaml") == [
        f"c16.yaml:1:10: extends: a chain of more than 16 files: {shown}"
    ]


def test_variant_values_come_from_each_file(here: Path) -> None:
    """A chain of three files merges root first; where() names the file that wrote a
    value, and raw() is the merged data."""
    put(here, "root.yaml", "name: Root\nstart: 2025-01\nopening_balance: 10\n")
    put(here, "mid.yaml", "extends: root.yaml\nlabel: Mid\nopening_balance: 20\n")
    put(here, "top.yaml", "extends: mid.yaml\nname: Top\n")
    loaded = load("top.yaml")
    assert (loaded.scenario.name, loaded.scenario.label, str(loaded.scenario.opening_balance)) == (
        "Top",
        "Mid",
        "20.00",
    )
    assert loaded.where(("start",)) == ("root.yaml", 2, 8)
    assert loaded.places([("name",), ("opening_balance",), ("label",)]) == [
        ("top.yaml", 2, 7),
        ("mid.yaml", 3, 18),
        ("mid.yaml", 2, 8),
    ]
    assert loaded.raw() == {
        "name": "Top",
        "start": "2025-01",
        "opening_balance": 20,
        "label": "Mid",
    }


def test_plain_file_where_and_raw(here: Path) -> None:
    put(here, "p.yaml", "name: P\nstart: 2025-01\ncosts:\n  - label: Ops\n    monthly: 5\n")
    loaded = load("p.yaml")
    assert loaded.where(("costs", 0, "monthly")) == ("p.yaml", 5, 14)
    assert loaded.where(("costs", 0, "nothing", 3)) == ("p.yaml", 4, 5)
    assert loaded.where(("costs", 0, "nothing")) == ("p.yaml", 4, 5)
    assert loaded.places([("start",), ("name",)]) == [("p.yaml", 2, 8), ("p.yaml", 1, 7)]
    assert loaded.raw() == {
        "name": "P",
        "start": "2025-01",
        "costs": [{"label": "Ops", "monthly": 5}],
    }


# --- contributions_file -----------------------------------------------------------------

CSV = "donor,amount,status,date\nA,5,pledged,2025-02\n"
HEAD = "name: S\nstart: 2025-01\ncontributions_file: "


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "{path: rows.csv, colums: {}}",
            "unknown key 'colums' (did you mean 'columns'?); keys: path, columns, sheet",
        ),
        ("{path: rows.csv, zzz: 1}", "unknown key 'zzz'; keys: path, columns, sheet"),
        (
            "{path: rows.csv, columns: [a]}",
            "columns: expected a mapping of field -> the header text that holds it",
        ),
        (
            '{path: rows.csv, columns: {donor: " "}}',
            "columns: expected a mapping of field -> the header text that holds it",
        ),
        (
            "{path: rows.csv, columns: {donor: Name, amount: 5}}",
            "columns: expected a mapping of field -> the header text that holds it",
        ),
        (
            "{path: rows.csv, columns: {donr: Name}}",
            "columns: unknown key 'donr' (did you mean 'donor'?); fields: donor, amount, "
            "status, date, currency, rate, note, id",
        ),
        ("{path: rows.csv, sheet: 5}", "sheet: expected the name of a sheet, got 5"),
        ('{path: rows.csv, sheet: " "}', "sheet: expected the name of a sheet, got the text ' '"),
        ("{sheet: One}", "missing required key 'path' (the file, relative to this one)"),
    ],
)
def test_contributions_file_mapping_problems(here: Path, value: str, message: str) -> None:
    """Each problem of the mapping form, at the mapping (line 3, column 21)."""
    put(here, "rows.csv", CSV)
    put(here, "s.yaml", HEAD + value + "\n")
    assert problems("s.yaml") == [f"s.yaml:3:21: contributions_file: {message}"]


def test_contributions_file_that_names_no_file(here: Path) -> None:
    """A contributions file is not a chain: no chain is shown; the mapping form points at
    its path."""
    put(here, "s.yaml", HEAD + "./none.csv\n")
    assert problems("s.yaml") == [
        "s.yaml:3:21: contributions_file: no such file './none.csv' (looked for none.csv)"
    ]
    put(here, "m.yaml", HEAD + "\n  sheet: One\n  path: none.csv\n")
    assert problems("m.yaml") == ["m.yaml:5:9: contributions_file.path: no such file 'none.csv'"]
    put(here, "n.yaml", HEAD + "{path: 5}\n")
    assert problems("n.yaml") == [
        "n.yaml:3:28: contributions_file.path: expected the path of a file, relative to this "
        "one, got 5"
    ]


def test_contributions_file_columns_and_rows(here: Path) -> None:
    """A columns mapping reads a header of another name; row problems point at their cell,
    and are reported together with the YAML's own."""
    put(here, "rows.csv", "Name,amount,status,date\nA,5,pledged,2025-02\nB,-1,maybe,2025-03\n")
    put(here, "s.yaml", HEAD + "{path: rows.csv, columns: {donor: Name}}\nopening_balance: -1\n")
    assert problems("s.yaml") == [
        "rows.csv:3:3: contributions[1].amount: expected an amount above 0, got -1",
        "rows.csv:3:6: contributions[1].status: expected one of received, committed, pledged "
        "(or the FTS words paid, commitment, pledge), got 'maybe'",
        "s.yaml:4:18: opening_balance: expected an amount of at least 0, got -1",
    ]
    put(here, "good.csv", "Name,amount,status,date\nA,5,pledged,2025-02\n")
    put(here, "g.yaml", HEAD + "{path: good.csv, columns: {donor: Name}}\n")
    assert [(c.donor, str(c.amount)) for c in load("g.yaml").scenario.contributions] == [
        ("A", "5.00")
    ]


def test_contributions_file_problem_of_its_own_and_a_yaml_problem(here: Path) -> None:
    """A CSV without its header is reported with the scenario's own problems."""
    put(here, "rows.csv", "")
    put(here, "s.yaml", HEAD + "rows.csv\nopening_balance: -1\n")
    assert problems("s.yaml") == [
        "rows.csv:1:1: expected a header line naming the columns donor, amount, status, date, "
        "currency, rate, note, id",
        "s.yaml:4:18: opening_balance: expected an amount of at least 0, got -1",
    ]


def test_contributions_from_a_base_and_a_variant(here: Path) -> None:
    """Each file's rows are its own (relative to it); a problem in the variant's rows
    points into the variant's CSV, its second row."""
    put(here, "base/rows.csv", CSV)
    put(here, "base/b.yaml", "name: B\nstart: 2025-01\ncontributions_file: rows.csv\n")
    put(here, "v.csv", "donor,amount,status,date\nC,7,pledged,2025-03\nD,8,pledged,2025-13\n")
    put(here, "v.yaml", "extends: base/b.yaml\ncontributions_file: v.csv\n")
    assert problems("v.yaml") == [
        "v.csv:3:13: contributions[2].date: '2025-13' is not a real month: month 13 is not 01 to 12"
    ]
    put(here, "v.csv", "donor,amount,status,date\nC,7,pledged,2025-03\n")
    loaded = load("v.yaml")
    assert [c.donor for c in loaded.scenario.contributions] == ["A", "C"]
    assert loaded.places([("contributions", 0, "amount"), ("contributions", 1), ("name",)]) == [
        ("base/rows.csv", 2, 3),
        ("v.csv", 2, 1),
        ("base/b.yaml", 1, 7),
    ]


def test_xlsx_is_read_whatever_the_case_of_its_suffix(here: Path) -> None:
    """A workbook (.XLSX, .xlsm) is not decoded as text."""
    openpyxl = pytest.importorskip("openpyxl")
    for name in ("rows.XLSX", "rows.xlsm"):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in (("donor", "amount", "status", "date"), ("X", 9, "pledged", "2025-02")):
            sheet.append(row)
        book.save(here / name)
        put(here, "s.yaml", HEAD + name + "\n")
        assert [(c.donor, str(c.amount)) for c in load("s.yaml").scenario.contributions] == [
            ("X", "9.00")
        ]


# --- what Pydantic found, in the user's words -------------------------------------------

S = "name: S\nstart: 2025-01\n"
C = S + "contributions:\n  - donor: A\n    amount: 5\n    status: pledged\n    date: 2025-02\n"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param(
            "name: S\n",
            ["p.yaml:1:1: start: missing required field 'start'"],
            id="missing-top-level",
        ),
        pytest.param(
            S + "contributions:\n  - donor: A\n    status: pledged\n    date: 2025-02\n",
            ["p.yaml:4:5: contributions[0].amount: missing required field 'amount'"],
            id="missing-in-entry",
        ),
        pytest.param(
            S + "lable: x\n",
            ["p.yaml:3:1: lable: unknown key 'lable' (did you mean 'label'?)"],
            id="unknown-top-level",
        ),
        pytest.param(
            S + "costs:\n  - label: Ops\n    monthly: 1\n    dat: 2025-02\n",
            ["p.yaml:6:5: costs[0].dat: unknown key 'dat' (did you mean 'date'?)"],
            id="unknown-in-cost-of-a-kind",
        ),
        pytest.param(
            S + "costs:\n  - label: Ops\n    monthly: 1\n    curency: USD\n",
            ["p.yaml:6:5: costs[0].curency: unknown key 'curency'"],
            id="unknown-in-cost-no-hint",
        ),
        pytest.param(
            C + "    dnor: B\n",
            ["p.yaml:8:5: contributions[0].dnor: unknown key 'dnor' (did you mean 'donor'?)"],
            id="unknown-in-contribution",
        ),
        pytest.param(
            S + "actuals:\n  - month: 2025-01\n    closing: 5\n    recieved: {}\n",
            ["p.yaml:6:5: actuals[0].recieved: unknown key 'recieved' (did you mean 'received'?)"],
            id="unknown-in-actual",
        ),
        pytest.param(
            S + "assumptions:\n  comitted: {probability: 0.5}\n",
            [
                "p.yaml:4:3: assumptions.comitted: unknown key 'comitted' "
                "(did you mean 'committed'?)"
            ],
            id="unknown-in-assumptions",
        ),
        pytest.param(
            S + "assumptions:\n  pledged: {probabilty: 0.5}\n",
            [
                "p.yaml:4:13: assumptions.pledged.probabilty: unknown key 'probabilty' "
                "(did you mean 'probability'?)"
            ],
            id="unknown-in-status-assumption",
        ),
        pytest.param(
            S + "reserve: {months_of_cost: 2}\n",
            [
                "p.yaml:3:10: reserve.months_of_costs: missing required field 'months_of_costs'",
                "p.yaml:3:11: reserve.months_of_cost: unknown key 'months_of_cost' "
                "(did you mean 'months_of_costs'?)",
            ],
            id="unknown-in-reserve",
        ),
        pytest.param(
            S + "reserve: {months_of_costs: 0}\n",
            [
                "p.yaml:3:28: reserve.months_of_costs: expected a number of months above 0 and "
                "at most 120, got 0"
            ],
            id="reserve-months",
        ),
        pytest.param(
            S + "reserve: -1\n",
            ["p.yaml:3:10: reserve: expected an amount of at least 0, got -1"],
            id="reserve-amount",
        ),
        pytest.param(
            S + "fx: {amount: 1, months: 2}\n",
            [
                "p.yaml:3:6: fx.amount: expected a three-letter ISO 4217 code such as USD, "
                "got 'amount'",
                "p.yaml:3:17: fx.months: expected a three-letter ISO 4217 code such as USD, "
                "got 'months'",
            ],
            id="fx-keys-named-like-reserve-tags",
        ),
        pytest.param(
            S + "one_off: 1\n",
            ["p.yaml:3:1: one_off: unknown key 'one_off'"],
            id="unknown-key-named-like-a-cost-kind",
        ),
        pytest.param(
            S + "costs:\n  - label: Officers\n    unit_cost: 10\n"
            "    units: {2025-01: 1, 2025-01-15: 2}\n",
            ["p.yaml:6:12: costs[0].units: 2025-01 and 2025-01-15 name the same month 2025-01"],
            id="units-naming-a-month-twice",
        ),
        pytest.param(
            S + "overdue: later\n",
            ["p.yaml:3:10: overdue: expected next_month or drop, got 'later'"],
            id="overdue",
        ),
        pytest.param(
            C.replace("pledged", "maybe"),
            [
                "p.yaml:6:13: contributions[0].status: expected one of received, committed, "
                "pledged (or the FTS words paid, commitment, pledge), got 'maybe'"
            ],
            id="status",
        ),
        pytest.param(
            S + "contributions: 5\n",
            ["p.yaml:3:16: contributions: expected a list, got 5"],
            id="list-type",
        ),
        pytest.param(
            S + "costs: {a: 1}\n",
            ["p.yaml:3:8: costs: expected a list, got a mapping"],
            id="list-type-mapping",
        ),
        pytest.param(
            S + "fx: [1]\n",
            ["p.yaml:3:5: fx: expected a mapping, got a list"],
            id="dict-type",
        ),
        pytest.param(
            S + "contributions: [x]\n",
            ["p.yaml:3:17: contributions[0]: expected a mapping, got the text 'x'"],
            id="model-type",
        ),
        pytest.param(
            S + "assumptions: 5\n",
            ["p.yaml:3:14: assumptions: expected a mapping, got 5"],
            id="model-type-number",
        ),
        pytest.param(
            S + "costs:\n  - label: Officers\n    unit_cost: 10\n    units: {}\n",
            ["p.yaml:6:12: costs[0].units: expected at least one month -> count entry"],
            id="too-short-units",
        ),
        pytest.param(
            S + "label: [a]\n",
            ["p.yaml:3:8: label: expected text, got ['a']"],
            id="custom-message",
        ),
        pytest.param(
            C + "    id: a\n  - donor: B\n    amount: 5\n    status: pledged\n"
            "    date: 2025-02\n    id: a\n",
            ["p.yaml:13:9: contributions[1].id: duplicate id 'a': contributions[0] has it too"],
            id="duplicate-id",
        ),
    ],
)
def test_validation_problem_lines(here: Path, text: str, lines: list[str]) -> None:
    assert problems(put(here, "p.yaml", text)) == lines


def test_actuals_rules_are_reported_with_other_problems(here: Path) -> None:
    """The rules of actuals (months in order, known ids, no more than is left) are checked
    even when another field is wrong, and all problems come together."""
    text = (
        C
        + "    id: a\nopening_balance: -1\nactuals:\n  - month: 2025-02\n    closing: 1\n"
        + "    received: {a: 6, b: 1}\n"
    )
    assert problems(put(here, "p.yaml", text)) == [
        "p.yaml:9:18: opening_balance: expected an amount of at least 0, got -1",
        "p.yaml:11:12: actuals[0].month: actuals start at start; the first entry is 2025-02, "
        "expected 2025-01",
        "p.yaml:13:19: actuals[0].received.a: 6.00 received from 'a' (A) is above the 5.00 left "
        "of it by this month",
        "p.yaml:13:25: actuals[0].received.b: no contribution has id 'b' (ids: a); only a "
        "contribution with an id can be named here: give it one, e.g. `id: un-2024` on its entry",
    ]
    # without the other problem, the same actuals problems
    assert problems(put(here, "q.yaml", text.replace("opening_balance: -1", "label: L"))) == [
        line.replace("p.yaml", "q.yaml") for line in problems("p.yaml")[1:]
    ]


def test_actuals_with_problems_of_their_own_are_not_checked_twice(here: Path) -> None:
    """An actual that is itself invalid is reported once, by the field that is wrong."""
    text = S + "opening_balance: -1\nactuals:\n  - month: 2025-03\n    closing: x\n"
    assert problems(put(here, "p.yaml", text)) == [
        "p.yaml:3:18: opening_balance: expected an amount of at least 0, got -1",
        "p.yaml:6:14: actuals[0].closing: expected an amount of money such as 1_250.50, got 'x'",
    ]
    text = S + "opening_balance: -1\nactuals: []\n"
    assert problems(put(here, "q.yaml", text)) == [
        "q.yaml:3:18: opening_balance: expected an amount of at least 0, got -1",
    ]


def test_actuals_problems_in_a_variant_point_into_its_file(here: Path) -> None:
    put(here, "b.yaml", S + "opening_balance: 4\n")
    put(here, "v.yaml", "extends: b.yaml\nactuals:\n  - month: 2025-02\n    closing: 1\n")
    assert problems("v.yaml") == [
        "v.yaml:3:12: actuals[0].month: actuals start at start; the first entry is 2025-02, "
        "expected 2025-01",
    ]


def test_value_error_prefix_is_dropped(here: Path) -> None:
    """A plain ValueError (a whole-scenario rule, checked when no loader context is given)
    is shown without Pydantic's 'Value error, ' prefix, at the file's start."""
    from pydantic import ValidationError

    from mss_runway.merge import Origin
    from mss_runway.scenario import Scenario

    text = (
        S + "contributions:\n  - donor: A\n    amount: 5\n    status: pledged\n    date: 2024-02\n"
    )
    data = {
        "name": "S",
        "start": "2025-01",
        "contributions": [{"donor": "A", "amount": 5, "status": "pledged", "date": "2024-02"}],
    }
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate(data)
    sources = loader._Sources({"p.yaml": text})
    found = loader.problems_from(caught.value, data, sources, lambda path: Origin("p.yaml", path))
    assert [str(p) for p in found] == [
        "p.yaml:1:1: contribution dated 2024-02 is before start 2025-01: money that "
        "arrived before start belongs in opening_balance"
    ]


ACTUAL_GAP = "actuals:\n  - month: 2025-02\n    closing: 1\n"
GAP = "actuals[0].month: actuals start at start; the first entry is 2025-02, expected 2025-01"


def test_actuals_rules_read_currency_and_fx(here: Path) -> None:
    """Checked on their own, the actuals keep the scenario's currency and fx: a
    contribution in that currency, or in one fx converts, is no problem of theirs."""
    entry = "contributions:\n  - {donor: A, amount: 5, status: pledged, date: 2025-02, currency: "
    text = "name: S\nstart: 2025-01\nlabel: 5\ncurrency: EUR\nfx: {GBP: 2}\n"
    text += entry + "EUR}\n  - " + entry.split("- ")[1] + "GBP}\n" + ACTUAL_GAP
    assert problems(put(here, "p.yaml", text)) == [
        "p.yaml:3:8: label: expected text, got 5",
        f"p.yaml:10:12: {GAP}",
    ]


def test_actuals_are_not_checked_when_overdue_is_wrong(here: Path) -> None:
    """overdue is part of what the actuals' rules read: when it is wrong, only it is
    reported."""
    text = S + "overdue: later\n" + ACTUAL_GAP
    assert problems(put(here, "p.yaml", text)) == [
        "p.yaml:3:10: overdue: expected next_month or drop, got 'later'"
    ]
    assert problems(put(here, "q.yaml", S + "overdue: drop\n" + ACTUAL_GAP)) == [
        f"q.yaml:5:12: {GAP}"
    ]


def test_duplicate_ids_in_a_variant(here: Path) -> None:
    """A variant's own list naming one id twice: reported at the second, in the variant."""
    put(here, "b.yaml", S)
    entry = "  - {donor: A, amount: 5, status: pledged, date: 2025-02, id: a}\n"
    put(here, "v.yaml", "extends: b.yaml\ncontributions:\n" + entry + entry)
    assert problems("v.yaml") == [
        "v.yaml:4:63: contributions[1].id: duplicate id 'a': contributions[0] has it too"
    ]


def test_problems_of_a_base_file_name_the_base(here: Path) -> None:
    """A base that is UTF-16, empty or not YAML: the problem names the base, not the
    variant; a contributions CSV with a bad byte names the CSV."""
    put(here, "v.yaml", "extends: b.yaml\n")
    put(here, "b.yaml", b"\xff\xfename: B\n")
    assert problems("v.yaml") == ["b.yaml:1:1: is UTF-16 encoded; save it as UTF-8"]
    put(here, "b.yaml", "")
    assert problems("v.yaml") == [
        "b.yaml:1:1: the file is empty: a scenario needs at least name and start"
    ]
    put(here, "b.yaml", "name: x\nstart: 2025-01\nnote: a: b\n")
    (line,) = problems("v.yaml")
    assert line.startswith("b.yaml:3:8: YAML syntax error: mapping values are not allowed")
    put(here, "rows.csv", b"donor,amount,status,date\nA,\xff,pledged,2025-02\n")
    put(here, "s.yaml", HEAD + "rows.csv\n")
    assert problems("s.yaml") == [
        "rows.csv:2:3: is not UTF-8 text: byte 0xff is an invalid start byte "
        "(save the file as UTF-8)"
    ]


def test_scenario_from_text_reads_its_base_from_disk(here: Path) -> None:
    """Text given directly, named as a file: its extends is read from the disk, relative
    to that name, and its problems carry that name."""
    put(here, "d/b.yaml", BASE)
    assert loader.scenario_from_text("extends: b.yaml\nlabel: T\n", "d/t.yaml").label == "T"
    with pytest.raises(ScenarioError) as caught:
        loader.scenario_from_text("extends: b.yaml\nlabel: 5\n", "d/t.yaml")
    assert str(caught.value) == "d/t.yaml:2:8: label: expected text, got 5"


class MemoryFiles:
    """Files held in memory (as a git revision is read): nothing on disk."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read_bytes(self, file: str) -> bytes:
        return self.files[file].encode()

    def kind(self, file: str) -> Literal["file", "dir"] | None:
        return "file" if file in self.files else None

    def real(self, file: str) -> str:
        return file


def test_scenario_from_text_reads_its_base_from_the_files_it_is_given(here: Path) -> None:
    """With files given (a git revision, in history), the base is read from them, not
    from the disk, where there is no such file (or an older one)."""
    put(here, "d/b.yaml", "name: On disk\nstart: 2030-01\n")
    files = MemoryFiles({"d/b.yaml": "name: In memory\nstart: 2025-01\n"})
    scenario = loader.scenario_from_text("extends: b.yaml\nlabel: T\n", "d/t.yaml", files)
    assert (scenario.name, str(scenario.start)) == ("In memory", "2025-01")


def test_actuals_are_not_checked_when_a_contribution_breaks_a_whole_scenario_rule(
    here: Path,
) -> None:
    """The actuals' part is validated with the scenario's start, currency and fx: a
    contribution dated before start, or in a currency fx has no rate for, is a problem of
    that part, so only it is reported, not the actuals' gap (which is reported once the
    contribution is right: see test_actuals_are_not_checked_when_overdue_is_wrong).
    Columns: in ``  - {donor: A, amount: 5, status: pledged, date: 2024-12}`` the date's
    value starts at character 50; with ``currency: EUR`` after it (date 2025-02), the
    currency's value starts at character 69."""
    entry = "contributions:\n  - {donor: A, amount: 5, status: pledged, date: "
    text = S + entry + "2024-12}\n" + ACTUAL_GAP
    assert problems(put(here, "p.yaml", text)) == [
        "p.yaml:4:50: contributions[0].date: contribution dated 2024-12 is before start "
        "2025-01: money that arrived before start belongs in opening_balance"
    ]
    text = S + entry + "2025-02, currency: EUR}\n" + ACTUAL_GAP
    assert problems(put(here, "q.yaml", text)) == [
        "q.yaml:4:69: contributions[0].currency: currency EUR differs from the scenario's "
        "USD and fx has no rate for it"
    ]


def test_places_in_a_contributions_table_and_in_a_file_not_read() -> None:
    """_Sources.locate, called directly: its fallbacks are not reached through load()
    (every origin names a file it read; an origin in a contributions table names a row of
    it, except when a scenario file is also read as some layer's contributions table).

    The table ``rows.csv`` has a header (line 1) and rows 0 and 1 on lines 2 and 3. Row 1
    is ``B,7,pledged,2025-03``: its amount starts at character 3. A row with no field is
    placed at its line's start; an origin that names no row of the table (no index, an
    index past the last row, a key that is not an index) at the table's start; an origin in
    a file neither read as text nor as a table gets no line or column; ``name: P`` in
    p.yaml has its value at character 7. The table's origins come before p.yaml's so
    that each place follows the one before it."""
    from mss_runway import donorcsv
    from mss_runway.merge import Origin

    table, found = donorcsv.read(
        "donor,amount,status,date\nA,5,pledged,2025-02\nB,7,pledged,2025-03\n", "rows.csv"
    )
    assert table is not None
    assert found == []
    sources = loader._Sources({"p.yaml": "name: P\n"})
    sources.tables["rows.csv"] = table
    rows: list[tuple[str | int, ...]] = [
        ("contributions", 1, "amount"),
        ("contributions", 0),
        ("contributions",),
        ("contributions", 2),
        ("contributions", "x"),
    ]
    origins = [Origin("rows.csv", path) for path in rows]
    origins += [Origin("other.yaml", ("name",)), Origin("p.yaml", ("name",))]
    assert sources.locate(origins) == [
        ("rows.csv", 3, 3),
        ("rows.csv", 2, 1),
        ("rows.csv", 1, 1),
        ("rows.csv", 1, 1),
        ("rows.csv", 1, 1),
        ("other.yaml", None, None),
        ("p.yaml", 1, 7),
    ]
