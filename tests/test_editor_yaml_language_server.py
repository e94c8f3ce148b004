"""The editor experience, for real: yaml-language-server (the engine of VS Code's YAML
extension, Neovim's yamlls, Zed, Helix) driven over its stdio language-server protocol with
the wiring docs/scenario-format.md describes ("Editor support"):

- the ``yaml.schemas`` setting mapping ``./mss-runway.schema.json`` to ``scenarios/*.yaml``:
  every shipped scenario opens with no diagnostics;
- the modeline ``# yaml-language-server: $schema=...``: docs/examples/bad.yaml shows its
  problems at the lines and columns ``mss-runway validate`` reports;
- completion at a key position offers the format's keys (and ``remove`` only in a variant).

The server is found through ``$YAML_LANGUAGE_SERVER`` (a path to its executable; ``.ci/run``
installs it and sets it) or on ``PATH``; without it, or without Node.js, the module is
skipped and says why. The server is started once for the module.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mss_runway.cli import app

from .conftest import ROOT, SCENARIOS

runner = CliRunner()
SCHEMA_NAME = "mss-runway.schema.json"
TIMEOUT = 30.0


def _server_command() -> list[str]:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: yaml-language-server cannot run")
    given = os.environ.get("YAML_LANGUAGE_SERVER")
    if given and not Path(given).exists():
        pytest.fail(f"YAML_LANGUAGE_SERVER names {given}, which does not exist")
    found = given or shutil.which("yaml-language-server")
    if not found:
        pytest.skip(
            "yaml-language-server is not installed (npm install yaml-language-server, then "
            "set YAML_LANGUAGE_SERVER to node_modules/.bin/yaml-language-server; .ci/run does)"
        )
    return [found, "--stdio"]


class Client:
    """A minimal language-server client over stdio (JSON-RPC with Content-Length frames)."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        self.lock = threading.Lock()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": "workspace"}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "completion": {"completionItem": {"snippetSupport": False}},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self._diagnostics_of(params["uri"]).put(params["diagnostics"])
            elif "method" in message and "id" in message:  # a request from the server
                self._send({"id": message["id"], "result": self._answer(message)})
            elif "id" in message:
                self.inbox.put(message)

    def _answer(self, message: dict[str, Any]) -> Any:
        if message["method"] == "workspace/configuration":
            return [
                self.settings.get(item.get("section", ""), None)
                for item in message["params"]["items"]
            ]
        return None

    def _diagnostics_of(self, uri: str) -> queue.Queue[list[dict[str, Any]]]:
        with self.lock:
            return self.diagnostics.setdefault(uri, queue.Queue())

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            reply = self.inbox.get(timeout=TIMEOUT)
            if reply["id"] == self.next_id:
                assert "error" not in reply, reply
                return reply["result"]

    def open(self, path: Path) -> list[dict[str, Any]]:
        """Open ``path`` as an editor does and return the diagnostics the server publishes."""
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        return self._diagnostics_of(uri).get(timeout=TIMEOUT)

    def complete(self, path: Path, line: int, character: int) -> list[str]:
        self.open(path)
        result = self.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": path.as_uri()},
                "position": {"line": line, "character": character},
            },
        )
        items = result["items"] if isinstance(result, dict) else result
        return sorted(item["label"] for item in items)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


def start(diagnostic: dict[str, Any]) -> tuple[int, int]:
    """Where a diagnostic starts: line and character, counting from 0 (LSP)."""
    where = diagnostic["range"]["start"]
    return where["line"], where["character"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as the docs describe: the schema at its root, the scenarios below it."""
    root = tmp_path_factory.mktemp("workspace")
    result = runner.invoke(app, ["schema", "-o", str(root / SCHEMA_NAME)])
    assert result.exit_code == 0, result.output
    shutil.copytree(SCENARIOS, root / "scenarios")
    return root


@pytest.fixture(scope="module")
def client(workspace: Path) -> Iterator[Client]:
    # docs/scenario-format.md: {"yaml.schemas": {"./mss-runway.schema.json": "scenarios/*.yaml"}}
    settings = {"yaml": {"schemas": {f"./{SCHEMA_NAME}": "scenarios/*.yaml"}, "validate": True}}
    each = Client(_server_command(), workspace, settings)
    yield each
    each.close()


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml")))
def test_shipped_scenarios_open_without_diagnostics(
    client: Client, workspace: Path, name: str
) -> None:
    diagnostics = client.open(workspace / "scenarios" / name)
    assert [(d["range"]["start"], d["message"]) for d in diagnostics] == []


def test_the_bad_example_shows_the_problems_where_validate_does(
    client: Client, workspace: Path
) -> None:
    """docs/examples/bad.yaml with the modeline: diagnostics at validate's lines and
    columns (the modeline is a comment: both count it as line 1)."""
    path = workspace / "bad.yaml"
    text = (ROOT / "docs" / "examples" / "bad.yaml").read_text(encoding="utf-8")
    path.write_text(f"# yaml-language-server: $schema=./{SCHEMA_NAME}\n{text}", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    where = re.compile(re.escape(str(path)) + r":([0-9]+):([0-9]+): ")
    expected = sorted(
        (int(m[1]), int(m[2])) for m in map(where.search, result.stderr.splitlines()) if m
    )
    assert expected == [(9, 13), (15, 5)]  # amount: -5 and the key form, one line down
    diagnostics = client.open(path)
    seen = sorted({(start(d)[0] + 1, start(d)[1] + 1) for d in diagnostics})
    assert seen == expected, [d["message"] for d in diagnostics]


def test_completion_offers_the_formats_keys(client: Client, workspace: Path) -> None:
    path = workspace / "scenarios" / "new.yaml"
    path.write_text("name: New\nstart: 2025-01\n\n", encoding="utf-8")
    labels = client.complete(path, 2, 0)
    for key in ("target", "opening_balance", "contributions", "costs", "label", "currency"):
        assert key in labels
    assert "name" not in labels  # already there


def test_completion_offers_remove_only_in_a_variant(client: Client, workspace: Path) -> None:
    plain = workspace / "scenarios" / "plain.yaml"
    plain.write_text("name: P\nstart: 2025-01\ncontributions:\n  - donor: A\n    \n")
    variant = workspace / "scenarios" / "variant.yaml"
    variant.write_text("extends: minimal.yaml\ncontributions:\n  - id: a\n    \n")
    in_plain = client.complete(plain, 4, 4)
    in_variant = client.complete(variant, 3, 4)
    assert {"amount", "status", "date"} <= set(in_plain)
    assert "remove" not in in_plain
    assert "remove" in in_variant


def test_the_settings_wiring_applies_the_schema(client: Client, workspace: Path) -> None:
    """The yaml.schemas mapping is live (so no diagnostics above means valid files): an
    unknown key in a file under scenarios/ is flagged, at the key."""
    path = workspace / "scenarios" / "typo.yaml"
    path.write_text("name: T\nstart: 2025-01\nopening: 5\n", encoding="utf-8")
    diagnostics = client.open(path)
    assert [start(d) for d in diagnostics] == [(2, 0)]  # line 3, column 1
