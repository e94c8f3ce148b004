"""Files the OS will not let us read or write: a plain ``error: FILE: ...``, exit 2, no
traceback, and nothing half-written.

A mode-000 file or a mode-555 folder denies a user who is not root, and nobody else: CI
runs as root, where ``chmod`` denies nothing. So each case runs twice: ``mode`` sets the
real file mode (skipped as root), ``in-process`` makes each call by which the code (or
typer, before it) reaches the OS raise the error the kernel gives, or answer what it
answers, which holds as root too: ``Path.open`` to read, ``os.access`` (typer asks it
about a Path parameter unless told not to), ``os.open`` to create the temporary file
beside the output, ``os.replace`` to move it into place. Both give the same result (seen
running these tests as root with ``setpriv --bounding-set=-dac_override,-dac_read_search``,
where the ``mode`` cases run), so the in-process case stands for the real one.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner, Result

from mss_runway.cli import app
from mss_runway.errors import InputError
from mss_runway.output import emit

from .conftest import SCENARIOS

if TYPE_CHECKING:
    from rich.console import Console

runner = CliRunner()
MINIMAL = SCENARIOS / "minimal.yaml"
HAITI_ACTUALS = SCENARIOS / "mss-haiti-actuals.yaml"
IATI = Path(__file__).resolve().parent / "data" / "real" / "iati-tearfund-drc-2013.xml"
PASSING = "name: Enough\nstart: 2025-01\nopening_balance: 100\ntarget: 2025-03\n"
# what check says of it: nothing spent, so all 100 is left at the target
PASSED = "PASS    {scenario} (Enough): funded through target 2025-03 (counting committed), "
PASSED += "100.00 USD left\n"


class Refusals:
    """The OS refusing, in-process: each registered path makes the call that reaches it
    raise ``OSError(code, strerror, path)`` as the kernel would (EACCES makes it a
    PermissionError, as the kernel's does), and ``os.access`` answer no, as it does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opening: dict[Path, int] = {}  # a file that cannot be opened
        self.creating_in: dict[Path, int] = {}  # a folder no new file can be made in
        self.replacing: dict[Path, int] = {}  # a file that cannot be renamed over
        path_open, os_open, os_replace, os_access = Path.open, os.open, os.replace, os.access

        def refused_path_open(path: Path, *args: Any, **kwargs: Any) -> IO[Any]:
            self._check(self.opening, path.resolve(), path)
            handle: IO[Any] = path_open(path, *args, **kwargs)
            return handle

        def refused_os_open(path: str, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & os.O_CREAT:
                self._check(self.creating_in, Path(path).parent.resolve(), path)
            return os_open(path, flags, *args, **kwargs)

        def refused_os_replace(source: str, target: str | Path) -> None:
            self._check(self.replacing, Path(target).resolve(), target)
            os_replace(source, target)

        def refused_os_access(path: str | Path, mode: int, *args: Any, **kwargs: Any) -> bool:
            """What access(2) tells a user who is not root: what opening would do."""
            key = Path(path).resolve()
            denied = (errno.EACCES, errno.EPERM)
            if (mode & os.R_OK and self.opening.get(key) in denied) or (
                mode & os.W_OK and self.creating_in.get(key) in denied
            ):
                return False
            return os_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refused_path_open)
        monkeypatch.setattr(os, "access", refused_os_access)
        monkeypatch.setattr(os, "open", refused_os_open)
        monkeypatch.setattr(os, "replace", refused_os_replace)

    @staticmethod
    def _check(refused: dict[Path, int], key: Path, path: str | Path) -> None:
        code = refused.get(key)
        if code is not None:
            raise OSError(code, os.strerror(code), str(path))


class Deny:
    """Make a file unreadable, or a folder unwritable, for the command about to run."""

    def __init__(self, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.how = how
        self.refusals = Refusals(monkeypatch) if how == "in-process" else None
        self.modes: list[tuple[Path, int]] = []  # to put back, so the folder can be removed

    def reading(self, file: Path) -> None:
        if self.refusals is not None:
            self.refusals.opening[file.resolve()] = errno.EACCES
            return
        self._chmod(file, 0o000)
        if os.access(file, os.R_OK):
            pytest.skip("running as root, who can read a mode-000 file: see in-process")

    def writing_in(self, folder: Path) -> None:
        if self.refusals is not None:
            self.refusals.creating_in[folder.resolve()] = errno.EACCES
            return
        self._chmod(folder, 0o555)
        if os.access(folder, os.W_OK):
            pytest.skip("running as root, who can write in a mode-555 folder: see in-process")

    def _chmod(self, path: Path, mode: int) -> None:
        self.modes.append((path, path.stat().st_mode & 0o777))
        path.chmod(mode)

    def restore(self) -> None:
        for path, mode in reversed(self.modes):
            path.chmod(mode)


@pytest.fixture(params=["mode", "in-process"])
def deny(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deny]:
    denied = Deny(request.param, monkeypatch)
    yield denied
    denied.restore()


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> Refusals:
    """Errors only the in-process case can give (root or not)."""
    return Refusals(monkeypatch)


def assert_refused(result: Result, message: str, stdout: str = "") -> None:
    """Exit 2, ``message`` a line of stderr, no traceback, ``stdout`` as given."""
    assert result.exit_code == 2, result.output
    assert message in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == stdout
    assert not isinstance(result.exception, OSError), result.exception  # not a crash


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes: a temporary file left behind shows."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- reading --------------------------------------------------------------------------


# Every command that reads a scenario FILE, the unreadable one at {denied}.
READERS = [
    pytest.param(["validate", "{denied}"], id="validate"),
    pytest.param(["forecast", "{denied}"], id="forecast"),
    pytest.param(["check", "{denied}"], id="check"),
    pytest.param(["compare", str(MINIMAL), "{denied}"], id="compare"),
    pytest.param(["chart", "{denied}", "-o", "{tmp}/chart.svg"], id="chart"),
    pytest.param(["simulate", "{denied}"], id="simulate"),
    pytest.param(["solve", "{denied}"], id="solve"),
    pytest.param(["sensitivity", "{denied}"], id="sensitivity"),
    pytest.param(["diff", str(MINIMAL), "{denied}"], id="diff"),
    pytest.param(["backtest", "{denied}", str(MINIMAL)], id="backtest-actual"),
    pytest.param(["backtest", str(HAITI_ACTUALS), "{denied}"], id="backtest-earlier"),
]


@pytest.mark.parametrize("command", READERS)
def test_an_unreadable_scenario(tmp_path: Path, deny: Deny, command: list[str]) -> None:
    """The scenario itself cannot be read: the command's own message, not a usage error
    from the command line's checks, and nothing written."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(PASSING, encoding="utf-8")
    deny.reading(scenario)
    words = [w.format(denied=scenario, tmp=tmp_path) for w in command]
    result = runner.invoke(app, words)
    # check still names the file on stdout, as INVALID, as it does for every bad file
    stdout = f"INVALID {scenario}: 1 problem\n" if command[0] == "check" else ""
    assert_refused(result, f"error: {scenario}: cannot be read: permission denied", stdout)
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.yaml"]  # no chart, no temp file


@pytest.mark.parametrize(
    ("denied", "scenario"),
    [
        pytest.param("donors.csv", "contributions_file: donors.csv\n", id="its-contributions-file"),
        pytest.param("base.yaml", "extends: base.yaml\n", id="the-base-it-extends"),
    ],
)
def test_an_unreadable_file_the_scenario_names(
    tmp_path: Path, deny: Deny, denied: str, scenario: str
) -> None:
    """A file the scenario reads in turn cannot be read: that file is named."""
    (tmp_path / "donors.csv").write_text("donor,amount,status,date\nA,5,pledged,2025-02\n")
    (tmp_path / "base.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(PASSING + scenario, encoding="utf-8")
    deny.reading(tmp_path / denied)
    result = runner.invoke(app, ["forecast", str(tmp_path / "scenario.yaml")])
    assert_refused(result, f"error: {tmp_path / denied}: cannot be read: permission denied")


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["import", "iati", "--fund", "Heal Africa"], id="iati"),
        pytest.param(["import", "fts"], id="fts"),
    ],
)
def test_an_unreadable_file_to_import(tmp_path: Path, deny: Deny, command: list[str]) -> None:
    """The file to import cannot be read; no output file is made."""
    source = tmp_path / "source"
    source.write_bytes(IATI.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    deny.reading(source)
    result = runner.invoke(app, [*command, str(source), "-o", str(out / "donors.csv")])
    assert_refused(result, f"error: {source}: cannot be read: permission denied")
    assert listing(out) == {}


def test_a_read_that_fails_for_another_reason(tmp_path: Path, refusals: Refusals) -> None:
    """An error other than permission (a failing disk) says what the OS said."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(PASSING, encoding="utf-8")
    refusals.opening[scenario.resolve()] = errno.EIO
    result = runner.invoke(app, ["forecast", str(scenario)])
    assert_refused(result, f"error: {scenario}: cannot be read: Input/output error")


# --- writing --------------------------------------------------------------------------

OUTPUTS = [
    pytest.param(["forecast", str(MINIMAL), "-f", "json", "-o"], "", id="forecast-o"),
    pytest.param(["schema", "-o"], "", id="schema-o"),
    pytest.param(
        ["import", "iati", str(IATI), "--fund", "Heal Africa", "--report"], "", id="import-report"
    ),
    pytest.param(["check", "{scenario}", "--junit"], PASSED, id="check-junit"),
]


def _passing(tmp_path: Path) -> Path:
    """A scenario that passes check, in ``tmp_path`` (not the output's folder)."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(PASSING, encoding="utf-8")
    return scenario


def _filled(words: list[str], scenario: Path) -> list[str]:
    return [word.replace("{scenario}", str(scenario)) for word in words]


@pytest.mark.parametrize(("command", "stdout"), OUTPUTS)
def test_output_into_a_folder_that_cannot_be_written(
    tmp_path: Path, deny: Deny, command: list[str], stdout: str
) -> None:
    """The output's folder refuses new files: the old output stays as it was, and no
    temporary file is left."""
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "report.out"
    out.write_text("the old report\n", encoding="utf-8")
    scenario = _passing(tmp_path)
    deny.writing_in(folder)
    result = runner.invoke(app, [*_filled(command, scenario), str(out)])
    assert_refused(
        result, f"error: {out}: cannot write: Permission denied", stdout.format(scenario=scenario)
    )
    assert listing(folder) == {"report.out": b"the old report\n"}


@pytest.mark.parametrize(("command", "stdout"), OUTPUTS)
def test_output_that_cannot_replace_the_old_file(
    tmp_path: Path, refusals: Refusals, command: list[str], stdout: str
) -> None:
    """The new output was written but cannot be moved over the old (another user's file in
    a sticky folder such as /tmp: EPERM): the old file stays, the temporary one is removed."""
    out = tmp_path / "reports" / "report.out"
    out.parent.mkdir()
    out.write_text("the old report\n", encoding="utf-8")
    scenario = _passing(tmp_path)
    refusals.replacing[out.resolve()] = errno.EPERM
    result = runner.invoke(app, [*_filled(command, scenario), str(out)])
    assert_refused(
        result,
        f"error: {out}: cannot write: Operation not permitted",
        stdout.format(scenario=scenario),
    )
    assert listing(out.parent) == {"report.out": b"the old report\n"}


def test_a_step_summary_that_cannot_be_written(tmp_path: Path, deny: Deny) -> None:
    """check on GitHub appends to $GITHUB_STEP_SUMMARY; if its folder refuses, exit 2
    and the summary so far stays whole."""
    folder = tmp_path / "summaries"
    folder.mkdir()
    summary = folder / "step.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    scenario = _passing(tmp_path)
    deny.writing_in(folder)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = runner.invoke(app, ["check", str(scenario)], env=env)
    # the verdict, then GitHub's annotations (none for a pass), then the summary fails
    assert_refused(
        result,
        f"error: {summary}: cannot write: Permission denied",
        PASSED.format(scenario=scenario),
    )
    assert listing(folder) == {"step.md": b"# Earlier step\n"}


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["chart", str(SCENARIOS / "mss-haiti-2024-11.yaml"), "-o"], id="chart-o"),
        pytest.param(
            [
                "backtest",
                str(HAITI_ACTUALS),
                str(SCENARIOS / "mss-haiti-2024-11.yaml"),
                "--chart",
            ],
            id="backtest-chart",
        ),
    ],
)
def test_a_chart_into_a_folder_that_cannot_be_written(
    tmp_path: Path, deny: Deny, command: list[str]
) -> None:
    """The chart's folder refuses new files: the old chart stays, nothing else is left."""
    pytest.importorskip("matplotlib")
    folder = tmp_path / "charts"
    folder.mkdir()
    out = folder / "runway.svg"
    out.write_bytes(b"the old chart")
    deny.writing_in(folder)
    result = runner.invoke(app, [*command, str(out)])
    assert_refused(result, f"error: {out}: cannot write: Permission denied")
    assert listing(folder) == {"runway.svg": b"the old chart"}


# --- a terminal that fails ------------------------------------------------------------


class FailingTerminal:
    """A terminal on stdout whose writes fail (a device gone, a full disk behind it)."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    def flush(self) -> None:
        pass


def test_a_drawing_to_a_terminal_that_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table drawn for a terminal whose writes fail is an input error naming stdout,
    not a crash."""
    monkeypatch.setattr("sys.stdout", FailingTerminal())

    def draw(console: Console) -> None:
        console.print("a table")

    with pytest.raises(InputError) as caught:
        emit(draw, None)
    assert str(caught.value) == "stdout: cannot write: Input/output error"
