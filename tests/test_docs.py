"""The documentation tells the truth: examples reproduce, every command is documented."""

from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT, plain_id

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


@pytest.mark.parametrize(("title", "files", "expected"), examples(), ids=lambda v: plain_id(v, 40))
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


DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SH_BLOCK = re.compile(r"^```sh\n(?P<text>.*?)^```", re.S | re.M)
EXIT_NOTE = re.compile(r"#\s*exit (?P<code>\d+)")
OUTPUTS = ("-o", "--output", "--junit")


def doc_examples() -> list[tuple[str, str]]:
    """(document, line) for every line of a ```sh block that starts with `mss-runway`."""
    found = []
    for document in DOCUMENTS:
        for block in SH_BLOCK.finditer(document.read_text(encoding="utf-8")):
            # a line that ends in a backslash continues on the next, as in the shell
            for line in block["text"].replace("\\\n", " ").splitlines():
                line = " ".join(line.split())
                if line.startswith("mss-runway "):
                    found.append((document.name, line))
    return found


def test_the_docs_have_examples() -> None:
    assert len(doc_examples()) >= 20


@pytest.mark.parametrize(("document", "line"), doc_examples(), ids=plain_id)
def test_doc_example_runs_as_documented(
    document: str, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example command in README.md and docs/*.md runs from the repository root and
    exits as documented: 0, or the code a trailing `# exit N` comment gives. Globs expand as
    the shell would; files it writes (-o, --output, --junit) go to a temporary folder;
    `< FILE` is its standard input. A `chart` example takes about a second: matplotlib
    draws it and writes the file."""
    monkeypatch.chdir(ROOT)
    command, _, note = line.partition("#")
    expected = int(m["code"]) if (m := EXIT_NOTE.search("#" + note)) else 0
    words = shlex.split(command)[1:]
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = (ROOT / words[at + 1]).read_text(encoding="utf-8")
        words = words[:at] + words[at + 2 :]
    args: list[str] = []
    for n, word in enumerate(words):
        if n and words[n - 1] in OUTPUTS:
            (tmp_path / word).parent.mkdir(parents=True, exist_ok=True)
            args.append(str(tmp_path / word))
        elif any(c in word for c in "*?["):
            matches = sorted(glob.glob(word))
            assert matches, (document, word)
            args.extend(matches)
        else:
            args.append(word)
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == expected, (document, line, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Usage:" not in result.stderr
    # Every message has one shape; `import` also writes its report (what it kept, dropped
    # or merged, and why) to stderr, by design (docs/import.md).
    report = args[0] == "import"
    for message in result.stderr.splitlines():
        assert report or message.startswith(("error: ", "warning: ", "  (see: ")), message
    if expected == 0:
        assert not result.stderr.startswith("error: "), (line, result.stderr)
    assert list(ROOT.glob("*.png")) == []
    assert not (ROOT / "ledger.csv").exists()


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
