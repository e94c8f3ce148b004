"""The documentation tells the truth: examples reproduce, every command is documented."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT

runner = CliRunner()
ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
SECTION = re.compile(r"^### (?P<title>.+?)\n(?P<body>.*?)(?=^##|\Z)", re.S | re.M)
BLOCK = re.compile(r"```(?P<lang>yaml|csv|text)\n(?P<text>.*?)\n```", re.S)


def examples() -> list[tuple[str, dict[str, str], str]]:
    """(title, {file name: text}, expected stderr) for each section of the catalogue. A
    block is written to the file named by a line "File `NAME`:" just above it, else to
    example.yaml."""
    found = []
    for match in SECTION.finditer(ERRORS):
        files: dict[str, str] = {}
        expected = ""
        for block in BLOCK.finditer(match["body"]):
            if block["lang"] == "text":
                expected = block["text"]
                continue
            before = match["body"][: block.start()].rstrip().splitlines()
            named = re.fullmatch(r"File `(.+)`:", before[-1]) if before else None
            files[named[1] if named else "example.yaml"] = block["text"]
        found.append((match["title"], files, expected))
    return found


@pytest.mark.parametrize(("title", "files", "expected"), examples(), ids=lambda v: str(v)[:40])
def test_error_catalogue_example_reproduces(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    files: dict[str, str],
    expected: str,
) -> None:
    """Each example in docs/errors.md gives exactly the output shown, and exit 2."""
    monkeypatch.chdir(tmp_path)
    if title == "A directory":
        (tmp_path / "example.yaml").mkdir()
    for name, text in files.items():
        if "# saved as Latin-1" in text:
            raw = text.replace("      # saved as Latin-1", "").encode("latin-1") + b"\n"
            (tmp_path / name).write_bytes(raw)
        else:
            (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "example.yaml"])
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n") == expected


def test_error_catalogue_has_examples() -> None:
    """The catalogue is not empty (the parser above found its sections)."""
    assert len(examples()) >= 30


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", command_names())
def test_every_command_is_in_the_readme(command: str) -> None:
    """Every command appears in the README's tour as `mss-runway COMMAND`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"mss-runway {command}" in readme


def test_readme_commands_run_on_shipped_files() -> None:
    """The README's example commands that read shipped files run without a usage error."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ran = 0
    for line in re.findall(r"^mss-runway (.+)$", readme, re.M):
        args = line.split()
        if any("*" in a or a.endswith(".json") or a == "-o" for a in args):
            continue
        cwd = os.getcwd()
        try:
            os.chdir(ROOT)
            result = runner.invoke(app, args)
        finally:
            os.chdir(cwd)
        # only the README's deliberately broken example may be invalid input
        allowed = (2,) if "bad.yaml" in line else (0, 1)
        assert result.exit_code in allowed, (line, result.output)
        assert "Usage:" not in result.stderr, line
        assert result.exception is None or isinstance(result.exception, SystemExit)
        ran += 1
    assert ran >= 4


def test_every_module_is_in_the_architecture_map() -> None:
    """docs/architecture.md names every module of the package (those in a sub-package with
    their folder), so the map stays true when modules move."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "mss_runway"
    names = [p.name for p in package.glob("*.py")]
    for folder in (p for p in package.iterdir() if (p / "__init__.py").exists()):
        names += [f"{folder.name}/{p.name}" for p in folder.glob("*.py")]
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []
